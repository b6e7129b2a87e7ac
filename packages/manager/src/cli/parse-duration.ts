import { UsageError } from './usage-error.js';

const UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000 };

/** `500ms`, `10s`, `5m`, `1h`, or a plain number of seconds, to milliseconds. */
export function parseDuration(text: string, option: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  if (match === null) throw new UsageError(`${option} expects a duration such as 30s, 5m or 500ms, not ${JSON.stringify(text)}`);
  return Math.round(Number(match[1]) * (UNITS[match[2] ?? 's'] as number));
}
