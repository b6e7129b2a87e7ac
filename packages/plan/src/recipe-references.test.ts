import { describe, expect, it } from 'vitest';
import { recipeReferences } from './recipe-references.js';

describe('recipeReferences', () => {
  it('lists input and output datasets, across projects, leaving out refs that cannot be datasets', () => {
    const attributes = {
      inputs: { main: { items: [{ ref: 'orders', deps: [] }, { ref: 'OTHER.customers' }] }, model: { items: [{ ref: 'a.b.c' }, { ref: 'bad name' }, { noRef: 1 }] } },
      outputs: { main: { items: [{ ref: 'orders_prepared', appendMode: false }] } },
    };
    expect(recipeReferences('P', attributes)).toEqual({ inputs: ['dataset.P.orders', 'dataset.OTHER.customers'], outputs: ['dataset.P.orders_prepared'] });
    expect(recipeReferences('P', { inputs: 'x', outputs: { main: 'y' } })).toEqual({ inputs: [], outputs: [] });
  });
});
