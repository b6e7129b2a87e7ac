import { cpus, platform, release, totalmem } from 'node:os';
import type { NetworkFigures } from './network-bench.js';
import type { StateFigures } from './state-bench.js';
import { formatMb, formatMs } from './statistics.js';

export interface Row {
  readonly benchmark: string;
  readonly figure: string;
  readonly compared: string;
  readonly ratio: string;
  readonly target: string;
  readonly met: boolean;
}

export interface Report {
  readonly rows: readonly Row[];
  readonly allMet: boolean;
}

export const ratio = (value: number): string => `${value.toFixed(2)}×`;

/** A run over the network: its time against the ideal bound, and the most requests it had in flight against the limit. */
export function networkRows(name: string, run: { readonly wallMs: number; readonly idealMs: number; readonly maxInFlight: number; readonly concurrency: number }, ideal: string): Row[] {
  return [
    {
      benchmark: `${name}, concurrency ${run.concurrency}`,
      figure: formatMs(run.wallMs),
      compared: `ideal ${formatMs(run.idealMs)} (${ideal})`,
      ratio: ratio(run.wallMs / run.idealMs),
      target: '≤ 1.30× ideal',
      met: run.wallMs <= 1.3 * run.idealMs,
    },
    {
      benchmark: `${name}, most requests in flight`,
      figure: String(run.maxInFlight),
      compared: `limit ${run.concurrency}`,
      ratio: '',
      target: '≤ limit',
      met: run.maxInFlight <= run.concurrency,
    },
  ];
}

/** Every figure with what it is compared to and its target; `more` (PostgreSQL, config, plan, apply) after the state's rows. */
export function buildReport(network: NetworkFigures, state: StateFigures, more: readonly Row[] = []): Report {
  const rows: Row[] = [];
  const find = (command: string, sequential: boolean) => network.results.find((result) => result.command === command && (result.concurrency === 1) === sequential);
  for (const command of ['sync --all', 'drift --all']) {
    const parallel = find(command, false);
    const sequential = find(command, true);
    if (parallel === undefined || sequential === undefined) continue;
    const name = `${command} (L=${network.latencyMs} ms, ${network.objects} objects)`;
    rows.push({
      benchmark: `${name}, concurrency ${parallel.concurrency}`,
      figure: formatMs(parallel.wallMs),
      compared: `ideal ${formatMs(parallel.idealMs)} (${parallel.requests} req × ${network.latencyMs} ms / ${parallel.concurrency})`,
      ratio: ratio(parallel.wallMs / parallel.idealMs),
      target: '≤ 1.30× ideal',
      met: parallel.wallMs <= 1.3 * parallel.idealMs,
    });
    rows.push({
      benchmark: `${name}, speed-up over concurrency 1`,
      figure: formatMs(sequential.wallMs),
      compared: `concurrency ${parallel.concurrency}: ${formatMs(parallel.wallMs)}`,
      ratio: ratio(sequential.wallMs / parallel.wallMs),
      target: '≥ 8× faster',
      met: sequential.wallMs >= 8 * parallel.wallMs,
    });
    rows.push({
      benchmark: `${name}, most requests in flight`,
      figure: String(parallel.maxInFlight),
      compared: `limit ${parallel.concurrency} (concurrency 1: ${sequential.maxInFlight})`,
      ratio: '',
      target: '≤ limit',
      met: parallel.maxInFlight <= parallel.concurrency && sequential.maxInFlight <= 1,
    });
    rows.push({
      benchmark: `${name}, requests per dataset or recipe`,
      figure: String(parallel.requests),
      compared: `${network.objects} datasets and recipes`,
      ratio: (parallel.requests / network.objects).toFixed(3),
      target: '≤ 1.10',
      met: parallel.requests / network.objects <= 1.1,
    });
  }
  for (const operation of state.operations) {
    const name = `${operation.name} (${state.resources} resources, ${formatMb(state.fileBytes)})`;
    rows.push({
      benchmark: name,
      figure: formatMs(operation.ms),
      compared: `${operation.baseline}: ${formatMs(operation.baselineMs)}`,
      ratio: ratio(operation.ms / operation.baselineMs),
      target: '≤ 2.00×',
      met: operation.ms <= 2 * operation.baselineMs,
    });
    rows.push({
      benchmark: `${name}, peak memory`,
      figure: formatMb(operation.maxRssBytes),
      compared: `${operation.inputBytes === state.fileBytes ? 'file' : 'files'}: ${formatMb(operation.inputBytes)}`,
      ratio: ratio(operation.maxRssBytes / operation.inputBytes),
      target: '≤ 4.00× input',
      met: operation.maxRssBytes <= 4 * operation.inputBytes,
    });
  }
  rows.push(...more);
  const perByte = state.checksum.nsPerByte;
  if (perByte.length === 0) return { rows, allMet: rows.every((row) => row.met) };
  const flatness = Math.max(...perByte.map((entry) => entry.nsPerByte)) / Math.min(...perByte.map((entry) => entry.nsPerByte));
  rows.push({
    benchmark: 'checksum cost per byte, 1 KB to 1 MB attributes',
    figure: perByte.map((entry) => `${entry.nsPerByte.toFixed(1)} ns`).join(' / '),
    compared: 'largest / smallest ns per byte',
    ratio: ratio(flatness),
    target: '≤ 2.00× (linear)',
    met: flatness <= 2,
  });
  const load = state.operations.find((operation) => operation.name === 'load + validate');
  if (load !== undefined) {
    rows.push({
      benchmark: `checksums of all ${state.resources} resources, one thread`,
      figure: formatMs(state.checksum.allResourcesMs),
      compared: `load + validate: ${formatMs(load.ms)} (checks them in a worker)`,
      ratio: ratio(state.checksum.allResourcesMs / load.ms),
      target: '< 1.00× (does not dominate)',
      met: state.checksum.allResourcesMs < load.ms,
    });
  }
  return { rows, allMet: rows.every((row) => row.met) };
}

export function renderTable(rows: readonly Row[]): string {
  const header = ['Benchmark', 'Figure', 'Compared with', 'Ratio', 'Target', ''];
  const cells = rows.map((row) => [row.benchmark, row.figure, row.compared, row.ratio, row.target, row.met ? 'met' : 'MISSED']);
  const widths = header.map((title, column) => Math.max(title.length, ...cells.map((cell) => (cell[column] as string).length)));
  const line = (values: readonly string[]) => values.map((value, column) => value.padEnd(widths[column] as number)).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...cells.map(line)].join('\n');
}

export function renderMarkdownTable(rows: readonly Row[]): string {
  const escape = (text: string) => text.replaceAll('|', '\\|');
  return [
    '| Benchmark | Figure | Compared with | Ratio | Target | |',
    '|---|---|---|---|---|---|',
    ...rows.map((row) => `| ${[row.benchmark, row.figure, row.compared, row.ratio, row.target, row.met ? 'met' : '**missed**'].map(escape).join(' | ')} |`),
  ].join('\n');
}

/** What the state benchmarks ran on, in one sentence; empty when they did not run. */
export function stateDescription(state: StateFigures): string {
  if (state.resources === 0) return '';
  const perResource = (state.fileBytes / state.resources / 1024).toFixed(1);
  return `State benchmarks: ${state.resources} resources whose attributes take ${(state.attributeBytes / 1024).toFixed(1)} KB each on average as compact JSON (${perResource} KB per resource in the indented file of ${formatMb(state.fileBytes)}).`;
}

export function machineDescription(): string {
  const processors = cpus();
  return `${processors.length} × ${processors[0]?.model.trim() ?? 'unknown CPU'}, ${formatMb(totalmem())} RAM, ${platform()} ${release()}, Node.js ${process.version}`;
}
