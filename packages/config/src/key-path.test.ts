import { expect, it } from 'vitest';
import { formatKeyPath } from './key-path.js';

it('formats key paths as users read them', () => {
  expect(formatKeyPath([])).toBe('(root)');
  expect(formatKeyPath(['projects', 'SALES', 'datasets', 'orders-2024', 'params'])).toBe('projects.SALES.datasets.orders-2024.params');
  expect(formatKeyPath(['projects', 'P', 'recipes', 'r', 'inputs', 0])).toBe('projects.P.recipes.r.inputs[0]');
  expect(formatKeyPath(['projects', 'P', 'datasets', 'has.dot'])).toBe('projects.P.datasets["has.dot"]');
  expect(formatKeyPath(['projects', 'bad key!'])).toBe('projects["bad key!"]');
  expect(formatKeyPath(['2024', 'x'])).toBe('["2024"].x');
  expect(formatKeyPath([0, 'x'])).toBe('[0].x');
});
