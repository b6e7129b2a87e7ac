import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, chmod, mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { hasErrorCode, type JsonObject } from '@dataiku-iac/models';
import { describe, expect, it } from 'vitest';
import { useTemporaryDirectory } from './__fixtures__/test-support.js';
import { FileJournal } from './file-journal.js';

const directory = useTemporaryDirectory();
const journalAt = (name = 'dev.state.json.journal'): FileJournal => new FileJournal(join(directory.path, name));

async function failure(action: Promise<unknown>): Promise<Error & { code?: string; hint?: string }> {
  const error = await action.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(Error);
  return error as Error & { code?: string; hint?: string };
}

describe('FileJournal', () => {
  it('reads nothing when there is no journal', async () => {
    expect(await journalAt().read()).toEqual([]);
  });

  it('appends records as JSON lines, mode 0600, and reads them back oldest first', async () => {
    const journal = journalAt();
    const intent: JsonObject = { step: 1, kind: 'intent', resource: 'dataset.P.d', name: 'é 😀' };
    await journal.append([intent]);
    await journal.append([]);
    await journal.append([{ step: 1, kind: 'done' }, { step: 2, kind: 'intent', nested: { a: [1, null] } }]);
    expect(await journal.read()).toEqual([intent, { step: 1, kind: 'done' }, { step: 2, kind: 'intent', nested: { a: [1, null] } }]);
    const text = await readFile(journal.path, 'utf8');
    expect(text.split('\n')).toHaveLength(4);
    expect(text.endsWith('\n')).toBe(true);
    expect((await stat(journal.path)).mode & 0o777).toBe(0o600);
  });

  it('creates the directory of a journal that has no state yet', async () => {
    const journal = journalAt(join('new', 'dev.state.json.journal'));
    await journal.append([{ step: 1 }]);
    expect(await journal.read()).toEqual([{ step: 1 }]);
    expect((await stat(join(directory.path, 'new'))).mode & 0o777).toBe(0o700);
  });

  it('ignores a last line torn by a crash mid-append, and the next append removes it', async () => {
    const journal = journalAt();
    await journal.append([{ step: 1 }]);
    await appendFile(journal.path, '{"step": 2, "ki');
    expect(await journal.read()).toEqual([{ step: 1 }]);
    await journal.append([{ step: 3 }]);
    expect(await journal.read()).toEqual([{ step: 1 }, { step: 3 }]);
    await writeFile(journal.path, '{"torn": tr');
    await journal.append([{ step: 4 }]);
    expect(await readFile(journal.path, 'utf8')).toBe('{"step":4}\n');
  });

  it.each([
    ['a line that is not JSON', '{"step": 1}\nnot json\n{"step": 3}\n', 'line 2 is not valid JSON'],
    ['a line that is not an object', '{"step": 1}\n[1, 2]\n', 'line 2 is not a JSON object'],
    ['an empty line', '\n{"step": 1}\n', 'line 1 is not valid JSON'],
  ])('refuses %s with a hint', async (_name, content, reason) => {
    const journal = journalAt();
    await writeFile(journal.path, content);
    const error = await failure(journal.read());
    expect(hasErrorCode(error, 'JOURNAL_CORRUPTED')).toBe(true);
    expect(error.message).toBe(`apply journal ${journal.path} cannot be read: ${reason}`);
    expect(error.hint).toBe(`it records an apply that was interrupted: check in DSS the objects that apply was changing, then move ${journal.path} aside`);
    expect(await readFile(journal.path, 'utf8')).toBe(content);
  });

  it('never follows a symbolic link, to read or to append', async () => {
    const target = join(directory.path, 'elsewhere');
    await writeFile(target, '{"step": 1}\n');
    const journal = journalAt();
    await symlink(target, journal.path);
    expect((await failure(journal.read())).message).toMatch(/cannot be read: it is a symbolic link; the journal must be a regular file$/);
    expect(hasErrorCode(await failure(journal.append([{ step: 2 }])), 'JOURNAL_CORRUPTED')).toBe(true);
    expect(await readFile(target, 'utf8')).toBe('{"step": 1}\n');
  });

  it('refuses a journal path that is not a regular file', async () => {
    const journal = journalAt();
    await mkdir(journal.path);
    expect((await failure(journal.read())).message).toMatch(/cannot be read: it is not a regular file$/);
    expect((await failure(journal.append([{ step: 1 }]))).message).toMatch(/cannot be read: it is not a regular file$/);
    const fifo = journalAt('fifo.journal');
    execFileSync('mkfifo', [fifo.path]);
    expect((await failure(fifo.read())).message).toMatch(/cannot be read: it is not a regular file$/);
    expect((await failure(fifo.append([{ step: 1 }]))).message).toMatch(/cannot be read: it is not a regular file$/);
  });

  it('reports a journal it may not read, and one it cannot write', async () => {
    const journal = journalAt(join('blocked', 'dev.state.json.journal'));
    await writeFile(join(directory.path, 'blocked'), 'a file where the directory should be');
    const write = await failure(journal.append([{ step: 1 }]));
    expect(hasErrorCode(write, 'STATE_WRITE')).toBe(true);
    expect(write.message).toMatch(/blocked is a file, not a directory$/);
    expect(hasErrorCode(await failure(journal.read()), 'JOURNAL_CORRUPTED')).toBe(true);
    if (process.getuid?.() === 0) return; // root reads and writes whatever the mode
    const locked = journalAt();
    await locked.append([{ step: 1 }]);
    await chmod(locked.path, 0o000);
    expect((await failure(locked.read())).message).toMatch(/cannot be read: permission denied$/);
    expect(hasErrorCode(await failure(locked.append([{ step: 2 }])), 'STATE_WRITE')).toBe(true);
  });

  it('refuses records that are not JSON objects, writing nothing', async () => {
    const journal = journalAt();
    await expect(journal.append([[1, 2] as unknown as JsonObject])).rejects.toThrow('journal record 1 must be a JSON object');
    await expect(journal.append([{ ok: 1 }, { n: 10n } as unknown as JsonObject])).rejects.toThrow(/^journal record 2 is not JSON: /);
    expect(existsSync(journal.path)).toBe(false);
  });

  it('clear removes the journal, and is idempotent', async () => {
    const journal = journalAt();
    await journal.append([{ step: 1 }]);
    await journal.clear();
    expect(existsSync(journal.path)).toBe(false);
    await journal.clear();
    expect(await journal.read()).toEqual([]);
  });

  it('clear reports a journal it cannot remove', async () => {
    const journal = journalAt();
    await mkdir(journal.path);
    const error = await failure(journal.clear());
    expect(hasErrorCode(error, 'STATE_WRITE')).toBe(true);
    expect(error.message).toContain(journal.path);
  });
});
