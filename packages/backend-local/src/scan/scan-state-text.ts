import { createHash } from 'node:crypto';
import { compareCodePoints, MAX_JSON_DEPTH, pythonNumber } from '@dataiku-iac/models';

export interface DuplicateKey {
  /** JSON pointer of the object holding the key twice. */
  readonly pointer: string;
  readonly key: string;
}

export interface ScanResult {
  /** False when the text was nested too deeply to scan: check duplicates another way. */
  readonly complete: boolean;
  /** Keys that occur twice in one object (at most `limit`). */
  readonly duplicates: readonly DuplicateKey[];
  /**
   * Ids of the resources whose stored checksum equals the SHA-256 of the canonical JSON of their
   * attributes, computed from the raw text. Resources not listed must be checked another way.
   */
  readonly verified: readonly string[];
}

/**
 * One pass over the bytes of a state file that (1) finds duplicate keys, which `JSON.parse`
 * silently merges, and (2) confirms stored checksums straight from the text: the attributes are
 * rewritten in canonical form (Python's `json.dumps(sort_keys=True)`) as they stream by, and
 * hashed. That works whenever their keys are already in canonical order, as in every file we
 * write; other resources are left out of `verified`, for the caller to check from the parsed
 * objects. A checksum is only confirmed by an exact hash match, so a gap in this scanner can cost
 * time, never correctness.
 *
 * It needs no parsed objects, so it can run in a worker while the main thread runs `JSON.parse`.
 * It expects valid JSON; on anything else it stops early and its result means nothing (the parse
 * error is what matters then). It is a single loop over the bytes, written for speed.
 */
export function scanStateText(bytes: Uint8Array, limit = 10): ScanResult {
  return new Scanner(bytes, limit).run();
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** What a JSON value is in a state document. */
const OTHER = 0;
const ROOT = 1;
const RESOURCES = 2;
const RESOURCE = 3;
const METADATA = 4;
const CHECKSUM_VALUE = 5;
const ATTRIBUTES = 6;

/** Deeper documents are left to the caller's fallback. */
const MAX_SCAN_DEPTH = 4096;
/** Up to this many keys, compare raw bytes directly; beyond it, rely on order or a Set. */
const LINEAR_LIMIT = 16;
const HEX = [48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 97, 98, 99, 100, 101, 102];
const CHECKSUM_TEXT = /^[a-f0-9]{64}$/;
const KEY_RESOURCES = Buffer.from('resources');
const KEY_ATTRIBUTES = Buffer.from('attributes');
const KEY_METADATA = Buffer.from('metadata');
const KEY_CHECKSUM = Buffer.from('checksum');

class Scanner {
  private readonly bytes: Uint8Array;
  private readonly limit: number;
  private readonly duplicates: DuplicateKey[] = [];
  private readonly verified: string[] = [];

  // Open containers, innermost last.
  private depth = 0;
  private readonly isObject = new Uint8Array(MAX_SCAN_DEPTH);
  private readonly role = new Uint8Array(MAX_SCAN_DEPTH);
  private readonly keyBase = new Int32Array(MAX_SCAN_DEPTH);
  private readonly elementIndex = new Int32Array(MAX_SCAN_DEPTH);
  private readonly increasing = new Uint8Array(MAX_SCAN_DEPTH);
  private readonly decodedKeys: (Set<string> | undefined)[] = [];

  // Keys of the open objects.
  private keyStarts = new Int32Array(1024);
  private keyEnds = new Int32Array(1024);
  private keyEscaped = new Uint8Array(1024);
  private keyCount = 0;

  // Canonical attributes of the current resource.
  private out = new Uint8Array(1 << 16);
  private outSize = 0;
  private attributesDepth = -1;
  private attributesCanonical = true;
  private resourceId: string | undefined;
  private attributesChecksum: string | undefined;
  private storedChecksum: string | undefined;

  constructor(bytes: Uint8Array, limit: number) {
    this.bytes = bytes;
    this.limit = limit;
  }

  run(): ScanResult {
    const complete = this.loop();
    return { complete, duplicates: this.duplicates, verified: complete ? this.verified : [] };
  }

  /** False when the document is nested too deeply; stops quietly on malformed text. */
  private loop(): boolean {
    const bytes = this.bytes;
    const length = bytes.length;
    let index = 0;
    let expectKey = false;
    let pendingRole = ROOT;
    while (index < length) {
      const byte = bytes[index] as number;
      if (byte <= SPACE) {
        index++;
        continue;
      }
      const emitting = this.attributesDepth >= 0;
      if (byte === QUOTE) {
        const start = index + 1;
        let end = start;
        let escaped = false;
        while (end < length) {
          const inner = bytes[end] as number;
          if (inner === QUOTE) break;
          if (inner === BACKSLASH) {
            escaped = true;
            end += 2;
          } else {
            end++;
          }
        }
        if (end >= length) return true;
        index = end + 1;
        if (expectKey) {
          expectKey = false;
          if (!this.registerKey(start, end, escaped)) return true;
          pendingRole = this.childRole(start, end, escaped);
          if (emitting) this.emitString(start, end);
        } else if (emitting) {
          this.emitString(start, end);
        } else if (pendingRole === CHECKSUM_VALUE) {
          const text = this.decode(start, end, escaped);
          this.storedChecksum = CHECKSUM_TEXT.test(text) ? text : undefined;
        } else if (pendingRole === ATTRIBUTES) {
          this.attributesCanonical = false;
        }
        continue;
      }
      if (byte === COLON) {
        if (emitting) this.emitTwo(COLON, SPACE);
        index++;
        continue;
      }
      if (byte === COMMA) {
        if (emitting) this.emitTwo(COMMA, SPACE);
        const top = this.depth - 1;
        if (top < 0) return true;
        if (this.isObject[top] === 1) expectKey = true;
        else {
          this.elementIndex[top] = (this.elementIndex[top] as number) + 1;
          pendingRole = emitting ? ATTRIBUTES : OTHER;
        }
        index++;
        continue;
      }
      if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        if (this.depth >= MAX_SCAN_DEPTH) return false;
        if (pendingRole === ATTRIBUTES && !emitting) {
          this.attributesDepth = this.depth;
          this.outSize = 0;
          if (byte === OPEN_ARRAY) this.attributesCanonical = false;
        } else if (emitting && this.depth - this.attributesDepth >= MAX_JSON_DEPTH) {
          this.attributesCanonical = false;
        }
        const depth = this.depth++;
        this.isObject[depth] = byte === OPEN_OBJECT ? 1 : 0;
        this.role[depth] = pendingRole;
        this.keyBase[depth] = this.keyCount;
        this.elementIndex[depth] = 0;
        this.increasing[depth] = 1;
        this.decodedKeys[depth] = undefined;
        this.emitOne(byte);
        expectKey = byte === OPEN_OBJECT;
        pendingRole = this.attributesDepth >= 0 ? ATTRIBUTES : OTHER;
        index++;
        continue;
      }
      if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        if (this.depth === 0) return true;
        this.emitOne(byte);
        const depth = --this.depth;
        this.keyCount = this.keyBase[depth] as number;
        this.decodedKeys[depth] = undefined;
        if (this.attributesDepth === depth) this.finishAttributes();
        if (this.role[depth] === RESOURCE) this.finishResource();
        expectKey = false;
        pendingRole = this.attributesDepth >= 0 ? ATTRIBUTES : OTHER;
        index++;
        continue;
      }
      const end = scalarEnd(bytes, index);
      if (end === index) return true;
      if (emitting) this.emitScalar(index, end);
      else if (pendingRole === ATTRIBUTES) this.attributesCanonical = false;
      index = end;
    }
    return true;
  }

  /** Role of the value of the key bytes[start, end) in the innermost object. */
  private childRole(start: number, end: number, escaped: boolean): number {
    switch (this.role[this.depth - 1]) {
      case ATTRIBUTES:
        return ATTRIBUTES;
      case ROOT:
        return this.keyIs(start, end, escaped, KEY_RESOURCES) ? RESOURCES : OTHER;
      case RESOURCES:
        this.resourceId = this.decode(start, end, escaped);
        this.attributesChecksum = undefined;
        this.storedChecksum = undefined;
        this.attributesCanonical = true;
        return RESOURCE;
      case RESOURCE:
        if (this.keyIs(start, end, escaped, KEY_ATTRIBUTES)) return ATTRIBUTES;
        return this.keyIs(start, end, escaped, KEY_METADATA) ? METADATA : OTHER;
      case METADATA:
        return this.keyIs(start, end, escaped, KEY_CHECKSUM) ? CHECKSUM_VALUE : OTHER;
      default:
        return OTHER;
    }
  }

  private keyIs(start: number, end: number, escaped: boolean, expected: Buffer): boolean {
    if (escaped) return this.decode(start, end, true) === expected.toString('latin1');
    if (end - start !== expected.length) return false;
    for (let offset = 0; offset < expected.length; offset++) {
      if (this.bytes[start + offset] !== expected[offset]) return false;
    }
    return true;
  }

  private finishAttributes(): void {
    if (this.attributesCanonical) {
      this.attributesChecksum = createHash('sha256').update(this.out.subarray(0, this.outSize)).digest('hex');
    }
    this.attributesDepth = -1;
  }

  private finishResource(): void {
    if (this.resourceId !== undefined && this.attributesChecksum !== undefined && this.attributesChecksum === this.storedChecksum) {
      this.verified.push(this.resourceId);
    }
    this.resourceId = undefined;
  }

  /** Record a key; false to stop (the duplicate limit is reached). */
  private registerKey(start: number, end: number, escaped: boolean): boolean {
    const depth = this.depth - 1;
    if (depth < 0) return false;
    if (this.keyCount === this.keyStarts.length) this.growKeys();
    const index = this.keyCount++;
    this.keyStarts[index] = start;
    this.keyEnds[index] = end;
    this.keyEscaped[index] = escaped ? 1 : 0;
    const base = this.keyBase[depth] as number;
    if (index === base) return true;
    let decoded = this.decodedKeys[depth];
    if (decoded === undefined && this.increasing[depth] === 1) {
      const order = this.compareKeys(index - 1, index);
      if (order < 0) return true;
      this.increasing[depth] = 0;
      if (this.role[depth] === ATTRIBUTES) this.attributesCanonical = false;
      if (order === 0) return this.reportDuplicate(index);
    }
    if (decoded === undefined && index - base < LINEAR_LIMIT) {
      for (let other = base; other < index; other++) {
        if (this.compareKeys(other, index) === 0) return this.reportDuplicate(index);
      }
      return true;
    }
    if (decoded === undefined) {
      decoded = new Set();
      for (let other = base; other < index; other++) decoded.add(this.decodeKey(other));
      this.decodedKeys[depth] = decoded;
    }
    const key = this.decodeKey(index);
    if (decoded.has(key)) return this.reportDuplicate(index);
    decoded.add(key);
    return true;
  }

  /** Code point order of two keys of the key stack. */
  private compareKeys(a: number, b: number): number {
    if (this.keyEscaped[a] === 1 || this.keyEscaped[b] === 1) return compareCodePoints(this.decodeKey(a), this.decodeKey(b));
    // The byte order of UTF-8 is the code point order.
    const bytes = this.bytes;
    const startA = this.keyStarts[a] as number;
    const startB = this.keyStarts[b] as number;
    const lengthA = (this.keyEnds[a] as number) - startA;
    const lengthB = (this.keyEnds[b] as number) - startB;
    const common = lengthA < lengthB ? lengthA : lengthB;
    for (let offset = 0; offset < common; offset++) {
      const difference = (bytes[startA + offset] as number) - (bytes[startB + offset] as number);
      if (difference !== 0) return difference;
    }
    return lengthA - lengthB;
  }

  private reportDuplicate(index: number): boolean {
    this.duplicates.push({ pointer: this.pointer(), key: this.decodeKey(index) });
    return this.duplicates.length < this.limit;
  }

  /** Pointer of the innermost open container. */
  private pointer(): string {
    let pointer = '';
    for (let depth = 0; depth < this.depth - 1; depth++) {
      const segment = this.isObject[depth] === 1 ? this.decodeKey((this.keyBase[depth + 1] as number) - 1) : String(this.elementIndex[depth]);
      pointer += `/${segment.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    }
    return pointer;
  }

  private decodeKey(index: number): string {
    return this.decode(this.keyStarts[index] as number, this.keyEnds[index] as number, this.keyEscaped[index] === 1);
  }

  private decode(start: number, end: number, escaped: boolean): string {
    const raw = Buffer.from(this.bytes.buffer, this.bytes.byteOffset + start, end - start).toString('utf8');
    return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
  }

  private growKeys(): void {
    const starts = new Int32Array(this.keyStarts.length * 2);
    const ends = new Int32Array(this.keyEnds.length * 2);
    const escaped = new Uint8Array(this.keyEscaped.length * 2);
    starts.set(this.keyStarts);
    ends.set(this.keyEnds);
    escaped.set(this.keyEscaped);
    this.keyStarts = starts;
    this.keyEnds = ends;
    this.keyEscaped = escaped;
  }

  private reserve(extra: number): Uint8Array {
    if (this.outSize + extra > this.out.length) {
      let size = this.out.length * 2;
      while (this.outSize + extra > size) size *= 2;
      const larger = new Uint8Array(size);
      larger.set(this.out.subarray(0, this.outSize));
      this.out = larger;
    }
    return this.out;
  }

  private emitOne(byte: number): void {
    if (this.attributesDepth < 0) return;
    this.reserve(1)[this.outSize++] = byte;
  }

  private emitTwo(first: number, second: number): void {
    const out = this.reserve(2);
    out[this.outSize++] = first;
    out[this.outSize++] = second;
  }

  /** A number or literal bytes[start, end), canonical. */
  private emitScalar(start: number, end: number): void {
    const bytes = this.bytes;
    const first = bytes[start] as number;
    let text: string | undefined;
    if (first === 0x74 || first === 0x66 || first === 0x6e) {
      text = undefined; // true, false, null: as they are
    } else {
      const negative = first === 0x2d;
      const digits = end - start - (negative ? 1 : 0);
      let plain = digits >= 1 && digits <= 15;
      for (let index = negative ? start + 1 : start; plain && index < end; index++) {
        const byte = bytes[index] as number;
        if (byte < 0x30 || byte > 0x39) plain = false;
      }
      // Integers of up to 15 digits are safe integers, printed as they are, except -0 (printed 0).
      if (!plain || (negative && digits === 1 && bytes[start + 1] === 0x30)) {
        const value = Number(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1'));
        if (!Number.isFinite(value)) {
          this.attributesCanonical = false;
          return;
        }
        text = pythonNumber(value);
      }
    }
    if (text === undefined) {
      const out = this.reserve(end - start);
      for (let index = start; index < end; index++) out[this.outSize++] = bytes[index] as number;
      return;
    }
    const out = this.reserve(text.length);
    for (let index = 0; index < text.length; index++) out[this.outSize++] = text.charCodeAt(index);
  }

  /** A string (raw bytes between its quotes), with Python's escaping. */
  private emitString(start: number, end: number): void {
    const bytes = this.bytes;
    const out = this.reserve((end - start) * 6 + 2);
    let size = this.outSize;
    out[size++] = QUOTE;
    let index = start;
    while (index < end) {
      const byte = bytes[index] as number;
      if (byte > 0x22 && byte < 0x7f && byte !== BACKSLASH) {
        out[size++] = byte;
        index++;
      } else if (byte === BACKSLASH) {
        const next = bytes[index + 1] as number;
        if (next === 0x75) {
          size = writeUnit(out, size, parseHex4(bytes, index + 2));
          index += 6;
        } else {
          if (next !== 0x2f) out[size++] = BACKSLASH;
          out[size++] = next;
          index += 2;
        }
      } else if (byte < 0x80) {
        if (byte < 0x20 || byte === QUOTE) this.attributesCanonical = false;
        size = writeUnit(out, size, byte);
        index++;
      } else {
        const width = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : 2;
        const codePoint = decodeUtf8(bytes, index, width);
        if (codePoint >= 0x10000) {
          const offset = codePoint - 0x10000;
          size = writeUnit(out, size, 0xd800 + (offset >> 10));
          size = writeUnit(out, size, 0xdc00 + (offset & 0x3ff));
        } else {
          size = writeUnit(out, size, codePoint);
        }
        index += width;
      }
    }
    out[size++] = QUOTE;
    this.outSize = size;
  }
}

/** The end of a number or literal starting at `start`. */
function scalarEnd(bytes: Uint8Array, start: number): number {
  let index = start;
  while (index < bytes.length) {
    const byte = bytes[index] as number;
    if (byte <= SPACE || byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_ARRAY || byte === COLON || byte === QUOTE) break;
    index++;
  }
  return index;
}

/** Python's escaping of one UTF-16 unit. */
function writeUnit(out: Uint8Array, size: number, unit: number): number {
  let next = size;
  if (unit >= 0x20 && unit < 0x7f) {
    if (unit === QUOTE || unit === BACKSLASH) out[next++] = BACKSLASH;
    out[next++] = unit;
    return next;
  }
  out[next++] = BACKSLASH;
  const short = unit === 0x0a ? 0x6e : unit === 0x0d ? 0x72 : unit === 0x09 ? 0x74 : unit === 0x08 ? 0x62 : unit === 0x0c ? 0x66 : 0;
  if (short !== 0) {
    out[next++] = short;
    return next;
  }
  out[next++] = 0x75;
  out[next++] = HEX[(unit >> 12) & 15] as number;
  out[next++] = HEX[(unit >> 8) & 15] as number;
  out[next++] = HEX[(unit >> 4) & 15] as number;
  out[next++] = HEX[unit & 15] as number;
  return next;
}

function parseHex4(bytes: Uint8Array, start: number): number {
  let value = 0;
  for (let offset = 0; offset < 4; offset++) {
    const byte = (bytes[start + offset] as number) | 0x20;
    value = value * 16 + (byte <= 0x39 ? byte - 0x30 : byte - 0x57);
  }
  return value;
}

/** The code point of a UTF-8 sequence (the caller checked the text is valid UTF-8). */
function decodeUtf8(bytes: Uint8Array, index: number, width: number): number {
  const first = bytes[index] as number;
  let codePoint = width === 4 ? first & 0x07 : width === 3 ? first & 0x0f : first & 0x1f;
  for (let offset = 1; offset < width; offset++) codePoint = (codePoint << 6) | ((bytes[index + offset] as number) & 0x3f);
  return codePoint;
}
