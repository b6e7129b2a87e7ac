import { alignSequences } from './align-sequences.js';

export interface DiffLine {
  readonly kind: 'hunk' | 'remove' | 'add';
  readonly text: string;
}

/**
 * The changed lines between two texts: for each run of changes, a hunk line
 * (`line N`, or `line N → M` when the new text has the run at another line; 1-based, where the
 * run starts), then the removed lines and the added lines. No context lines. `undefined` when
 * the texts have the same lines (they then differ only in line endings).
 */
export function diffLines(oldText: string, newText: string): DiffLine[] | undefined {
  const oldLines = oldText.split(/\r?\n/);
  const newLines = newText.split(/\r?\n/);
  const { hunks } = alignSequences(oldLines, newLines);
  if (hunks.length === 0) return undefined;
  const lines: DiffLine[] = [];
  for (const hunk of hunks) {
    const oldLine = hunk.oldStart + 1;
    const newLine = hunk.newStart + 1;
    lines.push({ kind: 'hunk', text: oldLine === newLine ? `line ${oldLine}` : `line ${oldLine} → ${newLine}` });
    for (let index = hunk.oldStart; index < hunk.oldEnd; index++) lines.push({ kind: 'remove', text: oldLines[index] as string });
    for (let index = hunk.newStart; index < hunk.newEnd; index++) lines.push({ kind: 'add', text: newLines[index] as string });
  }
  return lines;
}
