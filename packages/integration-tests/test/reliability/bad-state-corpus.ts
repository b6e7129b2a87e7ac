import { execFileSync } from 'node:child_process';
import { mkdir, open, symlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

/** A state file gone bad, and the problem the error must name. */
export interface BadStateFile {
  readonly name: string;
  /** Matches the error line (after "error: "). */
  readonly problem: RegExp;
  /** Put the bad file at `path` (its directory exists). */
  create(path: string): Promise<void>;
  /** How the file is broken: its content, a format version newer than this tool's (never replaced), or what it is on disk. */
  readonly kind: 'content' | 'newer-version' | 'file-type' | 'permission';
}

type StateJson = Record<string, unknown> & { resources: Record<string, Record<string, unknown> & { attributes: Record<string, unknown>; metadata: Record<string, unknown> }> };

/**
 * At least 30 distinct bad state files, derived from `valid`: the bytes of a state that a real sync
 * wrote (with at least one dataset). Every entry differs from `valid` in one way.
 */
export function buildBadStateCorpus(valid: Buffer): BadStateFile[] {
  const text = valid.toString('latin1');
  const parsed = (): StateJson => JSON.parse(text) as StateJson;
  const ids = Object.keys(parsed().resources);
  const datasetId = ids.find((id) => id.startsWith('dataset.')) ?? '';
  const pretty = (value: unknown): string => `${JSON.stringify(value, null, 2)}\n`;
  /** The valid state, changed by `edit`, pretty-printed. */
  const edited = (edit: (state: StateJson) => void): string => {
    const state = parsed();
    edit(state);
    return pretty(state);
  };
  const dataset = (state: StateJson) => state.resources[datasetId] as StateJson['resources'][string];
  const content = (name: string, problem: RegExp, bytes: string | Buffer): BadStateFile => ({
    name,
    problem,
    kind: 'content',
    create: (path) => writeFile(path, bytes, { mode: 0o600 }),
  });
  const newerVersion = (name: string, version: number, bytes: string): BadStateFile => ({
    ...content(name, new RegExp(` was written by a newer version of dataiku-iac \\(state format version ${version}; this version reads format 1\\)`), bytes),
    kind: 'newer-version',
  });
  const bomless = Buffer.from(text, 'latin1');

  return [
    content('an empty file', /: the file is empty/, ''),
    content('a file truncated in the middle', /: it is not valid JSON: it ends unexpectedly at line \d+, column \d+ \(truncated\?\)/, bomless.subarray(0, Math.floor(bomless.length / 2))),
    content('a file truncated to its first byte', /: it is not valid JSON: it ends unexpectedly/, '{'),
    content('a UTF-8 byte order mark', /: it starts with a byte order mark \(BOM\); save it as UTF-8 without BOM/, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bomless])),
    content('not JSON at all', /: it is not valid JSON: Unexpected token /, 'this is not a state file\n'),
    newerVersion('a Terraform state', 4, pretty({ version: 4, terraform_version: '1.6.0', serial: 3, lineage: 'x', outputs: {}, resources: [] })),
    content('invalid UTF-8', /: it is not valid UTF-8/, Buffer.concat([bomless.subarray(0, 20), Buffer.from([0xc3, 0x28, 0xff]), bomless.subarray(20)])),
    content('binary garbage with NUL bytes', /: it is not valid JSON/, Buffer.from([0x00, 0x01, 0x02, 0x7b, 0x00])),
    content('trailing garbage after the JSON', /: it is not valid JSON: .*line \d+/, `${text}}garbage`),
    content('a JSON array', /\(root\): must be object/, '[]\n'),
    content('JSON null', /\(root\): must be object/, 'null\n'),
    content('a version that is a string', /\/version: must be/, edited((state) => (state.version = '1'))),
    newerVersion('an unknown version', 2, edited((state) => (state.version = 2))),
    content('a negative serial', /\/serial: must be >= 0/, edited((state) => (state.serial = -1))),
    content('a fractional serial', /\/serial: must be integer/, edited((state) => (state.serial = 1.5))),
    content('a serial too large for JSON numbers', /\/serial: must be/, text.replace(/"serial": \d+/, '"serial": 1e400')),
    content('no serial', /missing required property "serial"/, edited((state) => Reflect.deleteProperty(state, 'serial'))),
    content('resources that are a list', /\/resources: must be object/, edited((state) => ((state as Record<string, unknown>).resources = []))),
    content('an id that does not match the resource type', /resource_type/, edited((state) => (dataset(state).resource_type = 'recipe'))),
    content('a resources key that differs from its resource_id', /\/resources\/dataset\.[\w.-]+_renamed\/resource_id: differs from its key/, edited((state) => {
      const moved = dataset(state);
      Reflect.deleteProperty(state.resources, datasetId);
      state.resources[`${datasetId}_renamed`] = moved;
    })),
    content('an unknown resource type', /resource_type|\/resources\/notebook/, edited((state) => {
      const moved = { ...dataset(state), resource_type: 'notebook', resource_id: 'notebook.X.y' };
      state.resources['notebook.X.y'] = moved;
    })),
    content('a checksum that is not a SHA-256', /\/metadata\/checksum: must be 64 lower-case hex characters/, edited((state) => (dataset(state).metadata.checksum = 'not-a-checksum'))),
    content('a wrong checksum', /\/metadata\/checksum: does not match the attributes/, edited((state) => (dataset(state).metadata.checksum = '0'.repeat(64)))),
    content('attributes tampered with after the checksum', /\/metadata\/checksum: does not match the attributes \(they were changed after the checksum was computed\)/, edited((state) => (dataset(state).attributes.type = 'Tampered'))),
    content('an attribute added after the checksum', /does not match the attributes/, edited((state) => (dataset(state).attributes.extra = true))),
    content('a "__proto__" key in the state', /\(root\).*__proto__|unknown property "__proto__"|must NOT have additional properties/, text.replace('{', '{\n  "__proto__": {"polluted": "yes"},')),
    content('a "constructor" key in a resource', /constructor/, text.replace(`"${datasetId}": {`, `"${datasetId}": {\n      "constructor": {"prototype": {"polluted": "yes"}},`)),
    content('a "__proto__" key in resource metadata', /__proto__|additional properties/, text.replace('"checksum":', '"__proto__": {"polluted": "yes"},\n        "checksum":')),
    content('very deep nesting', /nested deeper than \d+ levels/, edited((state) => (dataset(state).attributes.deep = 'DEEP')).replace('"DEEP"', `${'['.repeat(100_000)}${']'.repeat(100_000)}`)),
    content('a very long environment name', /\/environment: must be 0-64 letters, digits, "_" or "-"/, edited((state) => (state.environment = 'e'.repeat(1_000_000)))),
    content('a very long invalid resource id', /\/resources\/dataset\.P\.nnnn.*…/, edited((state) => {
      const id = `dataset.P.${'n'.repeat(1_000_000)} `;
      state.resources[id] = { ...dataset(state), resource_id: id };
    })),
    content('a very long string in the attributes, tampered', /does not match the attributes/, edited((state) => (dataset(state).attributes.type = 'x'.repeat(5_000_000)))),
    content('a duplicate key', /duplicate key "serial"/, text.replace(/"serial": (\d+)/, '"serial": $1, "serial": 99')),
    content('a duplicate resource', /duplicate key/, text.replace(`"${datasetId}": {`, `"${datasetId}": {"resource_id": "${datasetId}"},\n    "${datasetId}": {`)),
    content('a lineage that is empty', /\/lineage: /, edited((state) => (state.lineage = ''))),
    content('an environment that is a path', /\/environment: must be 0-64 letters/, edited((state) => (state.environment = '../../etc'))),
    content('an updated_at that is not a date', /\/updated_at: /, edited((state) => (state.updated_at = 'yesterday'))),
    content('a deployed_at on February 30th', /\/deployed_at: /, edited((state) => (dataset(state).metadata.deployed_at = '2026-02-30T10:00:00+00:00'))),
    content('attributes that are a string', /\/attributes: must be object/, edited((state) => ((dataset(state) as Record<string, unknown>).attributes = 'x'))),
    {
      name: 'a symbolic link to a valid state',
      problem: /: it is a symbolic link; state files must be regular files/,
      kind: 'file-type',
      create: async (path) => {
        const real = join(dirname(path), 'elsewhere.json');
        await writeFile(real, valid, { mode: 0o600 });
        await symlink(real, path);
      },
    },
    {
      name: 'a directory instead of a file',
      problem: /: it is a directory, not a file/,
      kind: 'file-type',
      create: (path) => mkdir(path).then(() => undefined),
    },
    {
      name: 'a named pipe',
      problem: /: it is not a regular file/,
      kind: 'file-type',
      create: (path) => {
        execFileSync('mkfifo', ['-m', '600', path]);
        return Promise.resolve();
      },
    },
    {
      name: 'a file larger than a state file can be (sparse)',
      problem: /: it is \d+ bytes, more than the \d+ a state file can have/,
      kind: 'file-type',
      create: async (path) => {
        const handle = await open(path, 'w', 0o600);
        await handle.truncate(600 * 1024 * 1024);
        await handle.close();
      },
    },
    {
      name: 'no read permission',
      problem: /: permission denied/,
      kind: 'permission',
      create: (path) => writeFile(path, valid, { mode: 0o000 }),
    },
  ];
}
