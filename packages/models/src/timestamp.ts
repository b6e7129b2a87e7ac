/**
 * Timestamps are RFC 3339 strings. We write UTC with an explicit offset and milliseconds
 * (`2026-11-22T02:38:53.340+00:00`), which Python 3.7+ `datetime.fromisoformat` reads. We read that
 * form, `Z`, any `±HH:MM` offset, and the naive form the Python implementation writes
 * (`2025-11-24T10:30:00.123456`, meaning UTC).
 */
const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|z|[+-]\d{2}:\d{2})?$/;

export function formatTimestamp(date: Date): string {
  if (Number.isNaN(date.getTime())) throw new RangeError('cannot format an invalid date');
  return date.toISOString().replace('Z', '+00:00');
}

export function nowTimestamp(): string {
  return formatTimestamp(new Date());
}

/** Parse an RFC 3339 (or naive ISO) timestamp; `undefined` when it is not one or names no real instant. */
export function parseTimestamp(text: string): Date | undefined {
  const match = TIMESTAMP.exec(text);
  if (match === null || !isRealInstant(match)) return undefined;
  const [, year, month, day, hour, minute, second, fraction = '', zone = 'Z'] = match;
  const [y, mo, d, h, mi, s] = [year, month, day, hour, minute, second].map(Number) as [number, number, number, number, number, number];
  const offsetMinutes = zone === 'Z' || zone === 'z' ? 0 : parseOffset(zone);
  const milliseconds = fraction === '' ? 0 : Math.floor(Number(`0${fraction}`) * 1000);
  const local = new Date(Date.UTC(2000, mo - 1, d, h, mi, s, milliseconds));
  local.setUTCFullYear(y); // Date.UTC maps years 0-99 to 1900-1999
  return new Date(local.getTime() - offsetMinutes * 60_000);
}

/** The last text `isTimestamp` accepted: loading a state checks each resource's timestamp twice in a row. */
let lastAccepted: string | undefined;

/**
 * True when `parseTimestamp` would read it. Runs for every resource on load (twice: the schema's
 * check and the resource's), so it builds no Date and remembers the last text it accepted.
 */
export function isTimestamp(text: string): boolean {
  if (text === lastAccepted) return true;
  const match = TIMESTAMP.exec(text);
  if (match === null || !isRealInstant(match)) return false;
  lastAccepted = text;
  return true;
}

function isRealInstant(match: RegExpExecArray): boolean {
  const mo = Number(match[2]);
  const d = Number(match[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(Number(match[1]), mo)) return false;
  if (Number(match[4]) > 23 || Number(match[5]) > 59 || Number(match[6]) > 59) return false;
  const zone = match[8];
  return zone === undefined || zone.length === 1 || (Number(zone.slice(1, 3)) <= 23 && Number(zone.slice(4, 6)) <= 59);
}

function parseOffset(zone: string): number {
  return (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] as number);
}
