import { describe, expect, it } from 'vitest';
import { replyResponse } from './helpers.js';
import { createEmulator } from '../src/create-emulator.js';
import { generateSyntheticInstance } from '../src/fixtures/synthetic-instance.js';
import type { JsonObject } from '../src/json.js';

const CODE_TYPES = new Set(['python', 'sql_query']);
const VISUAL_TYPES = new Set(['shaker', 'grouping', 'join']);

describe('generateSyntheticInstance', () => {
  const instance = generateSyntheticInstance({ seed: 42 });

  it('has 20 projects of 40 datasets and 20 recipes by default', () => {
    expect(instance.projects).toHaveLength(20);
    for (const project of instance.projects) {
      expect(project.datasets).toHaveLength(40);
      expect(project.recipes).toHaveLength(20);
    }
  });

  it('is deterministic for a seed and differs between seeds', () => {
    expect(generateSyntheticInstance({ seed: 42 })).toEqual(instance);
    expect(generateSyntheticInstance({ seed: 'benchmark' })).toEqual(generateSyntheticInstance({ seed: 'benchmark' }));
    expect(generateSyntheticInstance({ seed: 43 })).not.toEqual(instance);
    expect(generateSyntheticInstance()).toEqual(generateSyntheticInstance({ seed: 1 }));
  });

  it('gives every dataset 4 to 16 schema columns with unique names', () => {
    const counts = new Set<number>();
    for (const project of instance.projects) {
      for (const dataset of project.datasets ?? []) {
        const columns = (dataset.schema as { columns: { name: string }[] }).columns;
        expect(columns.length).toBeGreaterThanOrEqual(4);
        expect(columns.length).toBeLessThanOrEqual(16);
        expect(new Set(columns.map((column) => column.name)).size).toBe(columns.length);
        counts.add(columns.length);
      }
    }
    expect(counts.size).toBeGreaterThan(8);
  });

  it('writes realistic dataset definitions', () => {
    const datasets = instance.projects.flatMap((project) => project.datasets ?? []);
    const types = new Set(datasets.map((dataset) => dataset.type));
    expect(types).toEqual(new Set(['Filesystem', 'S3', 'PostgreSQL', 'Snowflake']));
    for (const dataset of datasets) {
      expect(dataset).toHaveProperty('params.connection');
      if (dataset.formatType === 'csv') expect(dataset).toHaveProperty('formatParams.separator');
      expect(dataset.versionTag).toMatchObject({ lastModifiedBy: { login: expect.any(String) as string } });
    }
  });

  it('writes code payloads of a few hundred bytes to a few KB and valid JSON visual payloads', () => {
    const recipes = instance.projects.flatMap((project) => project.recipes ?? []);
    const types = new Set(recipes.map((document) => document.recipe.type));
    expect(types).toEqual(new Set(['python', 'sql_query', 'shaker', 'grouping', 'join']));
    const pythonSizes = recipes.filter((document) => document.recipe.type === 'python').map((document) => document.payload?.length ?? 0);
    expect(Math.min(...pythonSizes)).toBeGreaterThanOrEqual(200);
    expect(Math.max(...pythonSizes)).toBeGreaterThan(2000);
    expect(Math.max(...pythonSizes)).toBeLessThan(10_000);
    for (const document of recipes) {
      const type = document.recipe.type as string;
      expect(typeof document.payload).toBe('string');
      if (VISUAL_TYPES.has(type)) expect(() => JSON.parse(document.payload as string) as unknown).not.toThrow();
      if (CODE_TYPES.has(type)) expect(document.payload).not.toBe('');
    }
  });

  it('wires recipes into the flow: outputs after inputs, unique names', () => {
    for (const project of instance.projects) {
      const names = (project.datasets ?? []).map((dataset) => dataset.name);
      const recipeNames = new Set<unknown>();
      for (const { recipe } of project.recipes ?? []) {
        recipeNames.add(recipe.name);
        const refs = (roles: unknown): string[] =>
          Object.values(roles as Record<string, { items: { ref: string }[] }>).flatMap((role) => role.items.map((item) => item.ref));
        const [output] = refs(recipe.outputs);
        expect(names).toContain(output);
        for (const input of refs(recipe.inputs)) expect(names.indexOf(input)).toBeLessThan(names.indexOf(output));
      }
      expect(recipeNames.size).toBe(20);
    }
  });

  it('supports other sizes, including empty ones', () => {
    const small = generateSyntheticInstance({ projects: 2, datasetsPerProject: 3, recipesPerProject: 5, seed: 7 });
    expect(small.projects).toHaveLength(2);
    expect(small.projects[0]?.datasets).toHaveLength(3);
    expect(small.projects[0]?.recipes).toHaveLength(5);
    const noDatasets = generateSyntheticInstance({ projects: 1, datasetsPerProject: 0, recipesPerProject: 2 });
    expect(noDatasets.projects[0]?.recipes?.map((document) => document.recipe.outputs)).toEqual([{}, {}]);
    const oneDataset = generateSyntheticInstance({ projects: 1, datasetsPerProject: 1, recipesPerProject: 1 });
    expect(oneDataset.projects[0]?.recipes?.[0]?.recipe.inputs).toEqual({});
    expect(generateSyntheticInstance({ projects: 0 }).projects).toEqual([]);
  });

  it.each([
    [{ projects: -1 }, 'synthetic instance projects -1 is not a non-negative integer'],
    [{ datasetsPerProject: 1.5 }, 'synthetic instance datasetsPerProject 1.5 is not a non-negative integer'],
    [{ recipesPerProject: Number.NaN }, 'synthetic instance recipesPerProject NaN is not a non-negative integer'],
  ])('rejects %o', (options, message) => {
    expect(() => generateSyntheticInstance(options)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message }));
  });

  it('loads into an emulator that serves it', async () => {
    const emulator = createEmulator({ seed: generateSyntheticInstance({ projects: 3, seed: 9 }) });
    expect(emulator.store.listProjectKeys()).toHaveLength(3);
    const key = emulator.store.listProjectKeys()[0] as string;
    const reply = await emulator.handle(
      new Request(`http://x/public/api/projects/${key}/datasets/`, { headers: { Authorization: emulator.authorization } }),
    );
    expect(reply?.kind).toBe('response');
    const response = replyResponse(reply);
    expect(((await response.json()) as JsonObject[]).length).toBe(40);
  });

  it('is the synthetic seed of createEmulator', () => {
    expect(createEmulator({ seed: 'synthetic' }).store.snapshot()).toMatchObject(generateSyntheticInstance());
  });
});
