/** Collapse whitespace (newlines included) to single spaces and cut to `max` characters. */
export function oneLine(text: string, max = 300): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed.length > max ? `${collapsed.slice(0, max - 1)}…` : collapsed;
}
