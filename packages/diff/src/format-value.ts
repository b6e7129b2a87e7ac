import type { JsonValue } from '@dataiku-iac/models';

// Control characters other than tab and newline, DEL and the C1 range (which holds the 8-bit CSI):
// printed raw they could drive the terminal.
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Replace terminal control characters with `\uXXXX` escapes. */
export function escapeControls(text: string): string {
  return text.replace(CONTROL, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/**
 * Cut `text` to at most `maxLength` UTF-16 code units, ending with `…` when cut. The cut never
 * splits a surrogate pair.
 */
export function truncate(text: string, maxLength: number): string {
  if (text.length <= maxLength) return text;
  let cut = maxLength - 1;
  if (cut > 0 && isHighSurrogate(text.charCodeAt(cut - 1))) cut--;
  return `${text.slice(0, cut)}…`;
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/**
 * One-line JSON with `", "` and `": "` separators, control characters escaped, truncated.
 * Strings equal to one of `placeholders` (such as `(sensitive value)`) are printed bare.
 */
export function formatValue(value: JsonValue, maxLength: number, placeholders: readonly string[] = []): string {
  // Raw newlines only occur between tokens: inside strings JSON.stringify escapes them.
  let compact = JSON.stringify(value, null, 1).replace(/,\n */g, ', ').replace(/\n */g, '');
  for (const placeholder of placeholders) compact = compact.replaceAll(JSON.stringify(placeholder), placeholder);
  return truncate(escapeControls(compact), maxLength);
}
