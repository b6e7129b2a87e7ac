import { readFileSync } from 'node:fs';
import { hasErrorCode, Resource, State, type StateCorruptedError } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { PYTHON_STATE_URL } from './__fixtures__/test-support.js';
import { parseStateFile } from './parse-state-file.js';
import { serializeState } from './serialize-state.js';

const pythonText = readFileSync(PYTHON_STATE_URL, 'utf8');

async function problemsOf(text: string | Buffer): Promise<readonly string[]> {
  try {
    await parseStateFile('/tmp/s.json', typeof text === 'string' ? Buffer.from(text, 'utf8') : text, 'restore it');
  } catch (error) {
    expect(hasErrorCode(error, 'STATE_CORRUPTED')).toBe(true);
    expect((error as StateCorruptedError).message).toContain('/tmp/s.json');
    expect((error as StateCorruptedError).hint).toBe('restore it');
    return (error as StateCorruptedError).problems;
  }
  throw new Error('expected the file to be rejected');
}

describe('parseStateFile', () => {
  it('reads the Python reference file and verifies its checksums', async () => {
    const state = await parseStateFile('/x', Buffer.from(pythonText));
    expect(state.size).toBe(4);
    expect(state.getResource('project.CUSTOMER_ANALYTICS')?.attributes.name).toBe('Customer analytics');
  });

  it('reads what serializeState writes, with non-ASCII text escaped', async () => {
    const state = new State({ environment: 'dev', resources: [new Resource({ resourceId: 'project.P', attributes: { name: 'Prévisions 😀 \u007f' } })] });
    const text = serializeState(state);
    expect(text).toMatch(/^[\x20-\x7e\n]*$/);
    expect(text).toContain('Pr\\u00e9visions \\ud83d\\ude00 \\u007f');
    expect(text.endsWith('}\n')).toBe(true);
    expect((await parseStateFile('/x', Buffer.from(text))).getResource('project.P')?.attributes.name).toBe('Prévisions 😀 \u007f');
  });

  it.each([
    ['an empty file', '', 'the file is empty'],
    ['a byte order mark', '\ufeff{}', 'it starts with a byte order mark (BOM); save it as UTF-8 without BOM'],
    ['text that is not JSON', 'serial = 4', 'it is not valid JSON'],
    ['truncated JSON', pythonText.slice(0, 500), 'ends unexpectedly'],
    ['version 0', pythonText.replace('"version": 1', '"version": 0'), '/version: unsupported state version 0'],
    ['a fractional version', pythonText.replace('"version": 1', '"version": 1.5'), '/version: unsupported state version 1.5'],
    ['a version that is not a number', pythonText.replace('"version": 1', '"version": "2"'), '/version: must be'],
    ['a negative serial', pythonText.replace('"serial": 4', '"serial": -4'), '/serial: must be >= 0'],
    ['a duplicate key', pythonText.replace('"serial": 4,', '"serial": 4, "serial": 9,'), '(root): duplicate key "serial"'],
    [
      'attributes changed after the checksum',
      pythonText.replace('"Customer analytics"', '"Customer analytics v2"'),
      '/resources/project.CUSTOMER_ANALYTICS/metadata/checksum: does not match the attributes (they were changed after the checksum was computed)',
    ],
  ])('rejects %s', async (_name, text, problem) => {
    expect((await problemsOf(text))[0]).toContain(problem);
  });

  it('rejects bytes that are not UTF-8', async () => {
    expect(await problemsOf(Buffer.from([0x7b, 0xff, 0xfe, 0x7d]))).toEqual(['it is not valid UTF-8']);
  });

  it('rejects attributes nested too deeply to checksum, without crashing', async () => {
    const deep = `${'['.repeat(600)}1${']'.repeat(600)}`;
    const data = JSON.parse(pythonText) as { resources: Record<string, { attributes: Record<string, unknown> }> };
    const text = JSON.stringify(data).replace('"attributes":{"projectKey"', `"attributes":{"deep":${deep},"projectKey"`);
    expect((await problemsOf(text))[0]).toMatch(/^\/resources\/project\.CUSTOMER_ANALYTICS\/attributes: \.deep\[0\].* is nested deeper than 512 levels$/);
  });

  it('rejects very deep nesting (200,000 levels) with a clear problem, not a crash', async () => {
    const deep = `${'['.repeat(200_000)}${']'.repeat(200_000)}`;
    const text = pythonText.replace('"projectKey": "CUSTOMER_ANALYTICS"', `"deep": ${deep}, "projectKey": "CUSTOMER_ANALYTICS"`);
    expect((await problemsOf(text))[0]).toMatch(/^\/resources\/project\.CUSTOMER_ANALYTICS\/attributes: \.deep\[0\].* is nested deeper than 512 levels$/);
  });

  it('reports duplicate keys however deep the document', async () => {
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const text = pythonText.replace('"serial": 4,', `"serial": 4, "x": ${deep}, "x": 1,`);
    expect(await problemsOf(text)).toEqual(['(root): duplicate key "x"']);
  });

  it('reports duplicate keys before schema problems', async () => {
    const text = pythonText.replace('"serial": 4,', '"serial": -4, "serial": 4,');
    expect(await problemsOf(text)).toEqual(['(root): duplicate key "serial"']);
  });

  it('verifies checksums of resources the scan cannot, from the parsed attributes', async () => {
    // Python writes keys in insertion order, so every checksum here is recomputed from objects.
    const tampered = pythonText.replace('"pg_prod"', '"pg_test"');
    expect(await problemsOf(tampered)).toEqual([
      '/resources/dataset.CUSTOMER_ANALYTICS.RAW_CUSTOMERS/metadata/checksum: does not match the attributes (they were changed after the checksum was computed)',
    ]);
  });

  it('refuses a newer format version as such, not as corrupted', async () => {
    for (const version of [2, 17]) {
      const text = pythonText.replace('"version": 1', `"version": ${version}`).replace('"serial": 4,', '"serial": 4, "serial": 4, "new_field": {},');
      let caught: unknown;
      try {
        await parseStateFile('/tmp/s.json', Buffer.from(text));
      } catch (error) {
        caught = error;
      }
      expect(hasErrorCode(caught, 'STATE_VERSION_UNSUPPORTED')).toBe(true);
      expect(caught).toMatchObject({ path: '/tmp/s.json', version, hint: 'upgrade dataiku-iac to read it; the file was not changed' });
      expect((caught as Error).message).toBe(`state file /tmp/s.json was written by a newer version of dataiku-iac (state format version ${version}; this version reads format 1)`);
    }
  });
});
