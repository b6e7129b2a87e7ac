/** Old elements `[oldStart, oldEnd)` replaced by new elements `[newStart, newEnd)`; either side may be empty. */
interface Hunk {
  readonly oldStart: number;
  readonly oldEnd: number;
  readonly newStart: number;
  readonly newEnd: number;
}

export interface Alignment {
  readonly hunks: readonly Hunk[];
  /** False when the differing middle was too large to align: it is then one hunk. */
  readonly exact: boolean;
}

/**
 * Largest LCS table (old × new elements left after trimming the common prefix and suffix) that
 * `alignSequences` fills; about 4 MB. Beyond it, the alignment falls back to one hunk, so the
 * work stays linear for large inputs.
 */
const MAX_ALIGNMENT_CELLS = 1_000_000;

/**
 * Align two sequences of element keys (equal keys mean equal elements) on a longest common
 * subsequence and return the runs between matched elements, in order.
 */
export function alignSequences(
  oldKeys: readonly string[],
  newKeys: readonly string[],
  maxCells: number = MAX_ALIGNMENT_CELLS,
): Alignment {
  let start = 0;
  while (start < oldKeys.length && start < newKeys.length && oldKeys[start] === newKeys[start]) start++;
  let oldEnd = oldKeys.length;
  let newEnd = newKeys.length;
  while (oldEnd > start && newEnd > start && oldKeys[oldEnd - 1] === newKeys[newEnd - 1]) {
    oldEnd--;
    newEnd--;
  }
  const rows = oldEnd - start;
  const columns = newEnd - start;
  if (rows === 0 && columns === 0) return { hunks: [], exact: true };
  const whole: Hunk = { oldStart: start, oldEnd, newStart: start, newEnd };
  if (rows === 0 || columns === 0) return { hunks: [whole], exact: true };
  if (rows * columns > maxCells) return { hunks: [whole], exact: false };
  return { hunks: lcsHunks(oldKeys.slice(start, oldEnd), newKeys.slice(start, newEnd), start), exact: true };
}

function lcsHunks(oldKeys: readonly string[], newKeys: readonly string[], offset: number): Hunk[] {
  const ids = new Map<string, number>();
  const intern = (key: string): number => {
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  const a = Int32Array.from(oldKeys, intern);
  const b = Int32Array.from(newKeys, intern);
  const rows = a.length;
  const columns = b.length;
  const width = columns + 1;
  // table[i * width + j]: length of the LCS of a[i..] and b[j..]
  const table = new Uint32Array((rows + 1) * width);
  for (let i = rows - 1; i >= 0; i--) {
    for (let j = columns - 1; j >= 0; j--) {
      table[i * width + j] =
        a[i] === b[j]
          ? (table[(i + 1) * width + j + 1] as number) + 1
          : Math.max(table[(i + 1) * width + j] as number, table[i * width + j + 1] as number);
    }
  }
  const hunks: Hunk[] = [];
  const push = (oldStart: number, oldEnd: number, newStart: number, newEnd: number): void => {
    if (oldStart < oldEnd || newStart < newEnd) {
      hunks.push({ oldStart: oldStart + offset, oldEnd: oldEnd + offset, newStart: newStart + offset, newEnd: newEnd + offset });
    }
  };
  let i = 0;
  let j = 0;
  let hunkOld = 0;
  let hunkNew = 0;
  while (i < rows && j < columns) {
    if (a[i] === b[j]) {
      push(hunkOld, i, hunkNew, j);
      hunkOld = ++i;
      hunkNew = ++j;
    } else if ((table[(i + 1) * width + j] as number) >= (table[i * width + j + 1] as number)) {
      i++;
    } else {
      j++;
    }
  }
  push(hunkOld, rows, hunkNew, columns);
  return hunks;
}
