#!/usr/bin/env node
// Checks every published package (packages/* not marked "private") as the registry would receive it,
// from its built dist/ (run `pnpm build` first):
// - its LICENSE is the root LICENSE, byte for byte (npm packs a LICENSE only from the package's own
//   directory, so each package keeps a copy);
// - publint --strict: exports, files, bin and types point at files that are in the tarball;
// - are-the-types-wrong on the packed tarball, with the ESM-only profile: these packages are ESM,
//   and CommonJS consumers load them with require(esm) on Node >= 20.19.
// Prints one line per package, and the tools' reports for the packages that fail.
import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import process from 'node:process';
import { fileURLToPath, URL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

async function publishedPackages() {
  const directories = (await readdir(join(root, 'packages'), { withFileTypes: true })).filter((entry) => entry.isDirectory());
  const found = [];
  for (const entry of directories) {
    const directory = join(root, 'packages', entry.name);
    const manifest = JSON.parse(await readFile(join(directory, 'package.json'), 'utf8'));
    if (manifest.private !== true) found.push({ name: manifest.name, directory });
  }
  return found.sort((a, b) => a.name.localeCompare(b.name));
}

/** Runs one of the root's tools (node_modules/.bin) in `cwd`. */
function run(tool, args, cwd) {
  return new Promise((resolve) => {
    execFile(join(root, 'node_modules', '.bin', tool), args, { cwd, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      resolve({ ok: error === null, output: `${stdout}${stderr}`.trim() || String(error?.message) });
    });
  });
}

async function licenseProblem(directory, rootLicense) {
  const copy = await readFile(join(directory, 'LICENSE')).catch(() => undefined);
  if (copy === undefined) return 'no LICENSE file: copy the root LICENSE into the package directory';
  return copy.equals(rootLicense) ? undefined : 'LICENSE differs from the root LICENSE: copy it again';
}

async function check({ name, directory }, rootLicense) {
  const problems = [];
  const license = await licenseProblem(directory, rootLicense);
  if (license !== undefined) problems.push(license);
  const publint = await run('publint', ['run', '--strict'], directory);
  if (!publint.ok) problems.push(`publint:\n${publint.output}`);
  const attw = await run('attw', ['--pack', '.', '--profile', 'esm-only', '--format', 'ascii', '--no-emoji', '--no-color'], directory);
  if (!attw.ok) problems.push(`are-the-types-wrong:\n${attw.output}`);
  return { name, problems };
}

const rootLicense = await readFile(join(root, 'LICENSE'));
const queue = await publishedPackages();
const results = [];
// Packing and type analysis are CPU-bound: one package per core.
await Promise.all(
  Array.from({ length: Math.min(availableParallelism(), queue.length) }, async () => {
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) results.push(await check(next, rootLicense));
  }),
);
results.sort((a, b) => a.name.localeCompare(b.name));
const lines = [];
for (const { name, problems } of results) {
  lines.push(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${name}`);
  for (const problem of problems) lines.push(`     ${problem.replaceAll('\n', '\n     ')}`);
}
const failed = results.filter((result) => result.problems.length > 0).length;
lines.push(failed === 0 ? `${results.length} published packages checked: LICENSE, publint, are-the-types-wrong` : `${failed} of ${results.length} published packages have problems`);
process.stdout.write(`${lines.join('\n')}\n`);
process.exitCode = failed === 0 ? 0 : 1;
