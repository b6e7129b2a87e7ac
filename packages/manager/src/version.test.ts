import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { version } from './version.js';

describe('version', () => {
  it('is the version in package.json', async () => {
    const json = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(version).toBe(json.version);
  });
});
