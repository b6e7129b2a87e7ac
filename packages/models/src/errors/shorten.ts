/**
 * Bound a value quoted in an error message: a state file can hold a 100 MB key, and a message that
 * long helps no one. Never splits a surrogate pair.
 */
export function shorten(text: string, maxLength = 200): string {
  if (text.length <= maxLength) return text;
  let end = maxLength - 1;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}…`;
}
