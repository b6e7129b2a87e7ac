import { mkdir, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalFileBackend } from '@dataiku-iac/backend-local';
import { computeChecksum, type JsonObject } from '@dataiku-iac/models';
import { runChild } from './run-child.js';
import { median, repeat } from './statistics.js';
import { modifiedCopy, syntheticState } from './synthetic-state.js';

export interface StateBenchOptions {
  readonly child: string;
  readonly resources: number;
  readonly runs: number;
}

interface OperationFigures {
  readonly name: string;
  readonly ms: number;
  readonly maxRssBytes: number;
  readonly baseline: string;
  readonly baselineMs: number;
  /** The bytes read by the operation, for the memory target. */
  readonly inputBytes: number;
}

interface ChecksumFigures {
  /** Nanoseconds per byte of canonical JSON, by attribute size in bytes. */
  readonly nsPerByte: readonly { readonly bytes: number; readonly nsPerByte: number }[];
  /** Checksums of every resource of the state, from the parsed objects, in one thread. */
  readonly allResourcesMs: number;
}

export interface StateFigures {
  readonly resources: number;
  /** Mean size of a resource's attributes as compact JSON. */
  readonly attributeBytes: number;
  readonly fileBytes: number;
  readonly operations: readonly OperationFigures[];
  readonly checksum: ChecksumFigures;
}

/**
 * Load, save, diff and show on a state of `resources` resources, each in fresh processes, against
 * the bare cost of the same bytes measured the same way: JSON.parse for load and show,
 * JSON.stringify + write + fsync for save, parsing both files for diff.
 */
export async function stateBench(options: StateBenchOptions, log: (line: string) => void): Promise<StateFigures> {
  const work = await mkdtemp(join(tmpdir(), 'dataiku-iac-bench-state-'));
  try {
    log(`  generating a state of ${options.resources} resources`);
    const state = await syntheticState(options.resources);
    const fileA = join(work, 'a.state.json');
    const fileB = join(work, 'b.state.json');
    await new LocalFileBackend({ stateFile: fileA }).save(state);
    await new LocalFileBackend({ stateFile: fileB }).save(modifiedCopy(state, 100));
    const fileBytes = (await stat(fileA)).size;
    const bothBytes = fileBytes + (await stat(fileB)).size;
    const child = async (operation: string, ...files: string[]): Promise<{ ms: number; maxRssBytes: number }> => {
      const runs = await repeat(options.runs, async () => runChild(options.child, operation, ...files));
      return { ms: median(runs.map((run) => run.ms)), maxRssBytes: Math.max(...runs.map((run) => run.maxRssBytes)) };
    };
    const operations: OperationFigures[] = [];
    const measureAgainst = async (name: string, operation: readonly string[], baseline: string, bare: readonly string[], inputBytes: number): Promise<void> => {
      log(`  ${name} (${options.runs} runs after a warm-up, each in a new process)`);
      const measured = await child(...(operation as [string, ...string[]]));
      const reference = await child(...(bare as [string, ...string[]]));
      operations.push({ name, ms: measured.ms, maxRssBytes: measured.maxRssBytes, baseline, baselineMs: reference.ms, inputBytes });
    };
    const saveDirectory = join(work, 'save');
    await mkdir(saveDirectory);
    await measureAgainst('load + validate', ['load', fileA], 'JSON.parse', ['parse', fileA], fileBytes);
    await measureAgainst('save (fsync)', ['save', fileA, saveDirectory], 'JSON.stringify + write + fsync', ['stringify-write', fileA, join(work, 'bare.json')], fileBytes);
    await measureAgainst('diff (1% modified)', ['diff', fileA, fileB], 'JSON.parse of both files', ['parse-both', fileA, fileB], bothBytes);
    await measureAgainst('show', ['show', fileA], 'JSON.parse', ['parse', fileA], fileBytes);
    log('  checksums');
    const attributes = state.listResources().map((resource) => resource.attributes);
    const checksum = checksumFigures(attributes);
    const attributeBytes = attributes.reduce((sum, value) => sum + Buffer.byteLength(JSON.stringify(value)), 0) / attributes.length;
    return { resources: state.size, attributeBytes, fileBytes, operations, checksum };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** Checksum cost per byte for attributes of growing size: linear means a flat ns/byte. */
function checksumFigures(all: readonly JsonObject[]): ChecksumFigures {
  const nsPerByte = [1_000, 10_000, 100_000, 1_000_000].map((bytes) => {
    const attributes = sized(bytes);
    const canonicalBytes = Buffer.byteLength(JSON.stringify(attributes));
    const rounds = Math.max(3, Math.round(5_000_000 / bytes));
    computeChecksum(attributes);
    const start = performance.now();
    for (let round = 0; round < rounds; round++) computeChecksum(attributes);
    return { bytes: canonicalBytes, nsPerByte: ((performance.now() - start) * 1e6) / rounds / canonicalBytes };
  });
  const start = performance.now();
  for (const attributes of all) computeChecksum(attributes);
  return { nsPerByte, allResourcesMs: performance.now() - start };
}

/** Dataset-like attributes of about `bytes` bytes: a schema with as many columns as it takes, and a code payload. */
function sized(bytes: number): JsonObject {
  const columns: JsonObject[] = [];
  let size = 0;
  for (let index = 0; size < bytes / 2; index++) {
    const column = { name: `column_${index}`, type: index % 3 === 0 ? 'string' : 'double', maxLength: -1 };
    columns.push(column);
    size += 50;
  }
  const payload = 'df["x"] = df["x"].fillna(0)  # é\n'.repeat(Math.ceil(bytes / 2 / 34));
  return { formatParams: { separator: ',', style: 'excel' }, name: 'sized', payload, schema: { columns, userModified: false }, type: 'Filesystem' };
}
