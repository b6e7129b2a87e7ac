/**
 * The candidate closest to `word`, when it is close enough to be a typo: same letters ignoring case
 * and `_`/`-`, or an edit distance (insertions, deletions, substitutions, swaps of neighbours) of at
 * most 1 for short words and 2 from 6 characters on.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  const folded = fold(word);
  const limit = word.length >= 6 ? 2 : 1;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    if (candidate === word) continue;
    const distance = fold(candidate) === folded ? 0 : editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return bestDistance <= limit ? best : undefined;
}

function fold(word: string): string {
  return word.toLowerCase().replace(/[_-]/g, '');
}

/** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of one substring). */
export function editDistance(a: string, b: string): number {
  const rows = a.length + 1;
  const columns = b.length + 1;
  const table: number[] = new Array<number>(rows * columns).fill(0);
  const at = (i: number, j: number): number => table[i * columns + j] as number;
  for (let i = 0; i < rows; i++) table[i * columns] = i;
  for (let j = 0; j < columns; j++) table[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < columns; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(at(i - 1, j) + 1, at(i, j - 1) + 1, at(i - 1, j - 1) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, at(i - 2, j - 2) + 1);
      table[i * columns + j] = value;
    }
  }
  return at(a.length, b.length);
}
