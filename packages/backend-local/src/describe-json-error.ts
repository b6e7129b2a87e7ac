/** Describe a JSON.parse failure with a line and column a user can open in an editor. */
export function describeJsonError(text: string, error: unknown): string {
  if (error instanceof RangeError) return 'it is nested too deeply to read';
  const message = error instanceof Error ? error.message : String(error);
  const match = /at position (\d+)/.exec(message);
  const position = match === null ? undefined : Number(match[1]);
  if (/Unexpected end of JSON input/i.test(message) || (position !== undefined && position >= text.trimEnd().length)) {
    return `it is not valid JSON: it ends unexpectedly at ${lineAndColumn(text, text.length)} (truncated?)`;
  }
  // V8 quotes a snippet of the text ("…" is not valid JSON); the position says more, and is shorter.
  const detail = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, ".*" is not valid JSON$/s, '');
  if (position === undefined) return `it is not valid JSON: ${detail}`;
  return `it is not valid JSON: ${detail} at ${lineAndColumn(text, position)}`;
}

function lineAndColumn(text: string, position: number): string {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < position; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return `line ${line}, column ${position - lineStart + 1}`;
}
