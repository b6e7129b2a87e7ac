import { mkdir, mkdtemp, rename, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { ConfigError, configurationDigest, loadConfiguration } from './index.js';

let directory: string;
beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), 'dataiku-iac-config-digest-'));
  return async () => rm(directory, { recursive: true, force: true });
});

async function files(entries: Record<string, string>): Promise<void> {
  for (const [path, text] of Object.entries(entries)) {
    await mkdir(join(directory, path, '..'), { recursive: true });
    await writeFile(join(directory, path), text);
  }
}

const PROJECT = 'version: 1\nprojects:\n  P:\n    datasets:\n      d: { type: Filesystem, params: { password: "${env:PW}" } }\n    recipes:\n      r: { type: python, inputs: [d], code_file: code/r.py }\n';

describe('configurationDigest', () => {
  it('is the digest loading gives, without parsing, and follows the directory when it moves', async () => {
    await files({ 'dataiku/p.yaml': PROJECT, 'dataiku/code/r.py': 'print(1)\n' });
    const loaded = await loadConfiguration('dataiku', { cwd: directory, env: { PW: 'one' } });
    expect(loaded.codeFiles).toEqual(['code/r.py']);
    expect(await configurationDigest('dataiku', loaded.codeFiles, { cwd: directory })).toBe(loaded.digest);
    expect((await loadConfiguration('dataiku', { cwd: directory, env: { PW: 'two' } })).digest).toBe(loaded.digest);
    await rename(join(directory, 'dataiku'), join(directory, 'moved'));
    expect(await configurationDigest(join(directory, 'moved'), loaded.codeFiles, { cwd: '/' })).toBe(loaded.digest);
  });

  it('changes with any byte of a YAML or code file, and with a YAML file added', async () => {
    await files({ 'dataiku/p.yaml': PROJECT, 'dataiku/code/r.py': 'print(1)\n' });
    const { digest, codeFiles } = await loadConfiguration('dataiku', { cwd: directory, env: { PW: 'x' } });
    const now = async (): Promise<string> => configurationDigest('dataiku', codeFiles, { cwd: directory });
    await files({ 'dataiku/code/r.py': 'print(2)\n' });
    expect(await now()).not.toBe(digest);
    await files({ 'dataiku/code/r.py': 'print(1)\n', 'dataiku/p.yaml': `${PROJECT}# a comment\n` });
    expect(await now()).not.toBe(digest);
    await files({ 'dataiku/p.yaml': PROJECT });
    expect(await now()).toBe(digest);
    await files({ 'dataiku/q.yaml': 'version: 1\n' });
    expect(await now()).not.toBe(digest);
  });

  it('says which file is missing', async () => {
    await files({ 'dataiku.yaml': PROJECT.replace('code/r.py', 'r.py'), 'r.py': 'print(1)\n' });
    await unlink(join(directory, 'r.py'));
    await expect(configurationDigest(undefined, ['r.py'], { cwd: directory })).rejects.toThrow(/^r\.py: cannot read: ENOENT$/);
    await expect(configurationDigest('nowhere', [], { cwd: directory })).rejects.toBeInstanceOf(ConfigError);
  });
});
