import { shorten } from './shorten.js';

/**
 * `text` on one line, for an error message: every run of white space (line breaks included) becomes
 * one space and the ends are trimmed; cut to `maxLength` characters (ending in `…`) when given.
 */
export function oneLine(text: string, maxLength = Number.POSITIVE_INFINITY): string {
  return shorten(text.replace(/\s+/g, ' ').trim(), maxLength);
}
