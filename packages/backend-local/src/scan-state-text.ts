import { createHash } from 'node:crypto';
import { compareCodePoints, MAX_JSON_DEPTH, pythonNumber } from '@dataiku-iac/models';

export interface DuplicateKey {
  /** JSON pointer of the object holding the key twice (`''` for the document). */
  readonly pointer: string;
  readonly key: string;
}

export interface TextScan {
  /** Keys that occur twice in one object, which `JSON.parse` would silently merge (at most 10). */
  readonly duplicates: readonly DuplicateKey[];
  /**
   * Ids of the resources whose stored checksum the text confirms. Every other resource must be
   * checked from its parsed attributes.
   */
  readonly confirmed: ReadonlySet<string>;
}

/**
 * One pass over the bytes of a state document that finds duplicate keys and confirms stored
 * checksums straight from the text.
 *
 * A resource's attributes are confirmed when their text is already canonical JSON once its
 * whitespace is dropped and Python's separators put in (keys in code point order, strings
 * escaped as Python escapes them, numbers as Python prints them), and the SHA-256 of that is
 * the stored checksum. Files this package writes are, when attributes have their keys in canonical
 * order (`toCanonicalOrder`, as the syncs build them); anything else is left out of `confirmed`,
 * so the scan can cost a recomputation, never a wrong answer. It expects valid JSON (on anything
 * else its result means nothing) and any nesting depth.
 */
export function scanStateText(bytes: Uint8Array): TextScan {
  return new Scanner(bytes, ROOT).run();
}

/**
 * `scanStateText` for a piece of a state file: whole members (`"id": {…}`, separated by commas) of
 * its `resources` object, as a save writes them.
 */
export function scanResourceMembers(bytes: Uint8Array): TextScan {
  return new Scanner(bytes, RESOURCES).run();
}

/** A duplicate key as a problem of a state file. */
export function describeDuplicate({ pointer, key }: DuplicateKey): string {
  return `${pointer === '' ? '(root)' : pointer}: duplicate key ${JSON.stringify(key)}`;
}

const MAX_DUPLICATES = 10;
/** Unsorted objects with fewer keys are checked for duplicates by comparing bytes, without a Set. */
const LINEAR_LIMIT = 16;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const SPACE = 0x20;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const MINUS = 0x2d;
const ZERO = 0x30;
const NINE = 0x39;

/** What a value is in a state document. */
const OTHER = 0;
const ROOT = 1;
const RESOURCES = 2;
const RESOURCE = 3;
const METADATA = 4;
const CHECKSUM = 5;
const ATTRIBUTES = 6;

const KEY_RESOURCES = Buffer.from('resources');
const KEY_ATTRIBUTES = Buffer.from('attributes');
const KEY_METADATA = Buffer.from('metadata');
const KEY_CHECKSUM = Buffer.from('checksum');
/** Escapes Python writes after a backslash, apart from `\u`: `" \ b f n r t`. */
const SHORT_ESCAPES = new Set([0x22, 0x5c, 0x62, 0x66, 0x6e, 0x72, 0x74]);

class Scanner {
  private readonly bytes: Uint8Array;
  private readonly text: Buffer;
  private readonly duplicates: DuplicateKey[] = [];
  private readonly confirmed = new Set<string>();
  /** Containers that are not in the text (a piece of the resources object starts inside two). */
  private readonly implicitDepth: number;

  // Open containers, innermost last.
  private depth = 0;
  private readonly isObject: boolean[] = [];
  private readonly role: number[] = [];
  /** Where the container's keys start in the key stack. */
  private readonly keyBase: number[] = [];
  /** Arrays: the current element. */
  private readonly element: number[] = [];
  /** Objects: keys so far in strictly increasing code point order. */
  private readonly sorted: boolean[] = [];
  private readonly keySets: (Set<string> | undefined)[] = [];

  // Keys of the open objects.
  private readonly keyStart: number[] = [];
  private readonly keyEnd: number[] = [];
  private readonly keyEscaped: boolean[] = [];
  private keyCount = 0;

  private expectKey = false;
  private pendingRole = OTHER;

  // The resource being read, and the canonical text of its attributes.
  private resourceId: string | undefined;
  private storedChecksum: string | undefined;
  private computedChecksum: string | undefined;
  private out: Uint8Array = new Uint8Array(1 << 16);
  private outLength = 0;
  /** Depth of the attributes object while inside it, else -1. */
  private attributesDepth = -1;
  private canonical = true;

  constructor(bytes: Uint8Array, start: typeof ROOT | typeof RESOURCES) {
    this.bytes = bytes;
    this.text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
    if (start === RESOURCES) {
      // Inside `{"resources": {`, before a member.
      this.push(true, ROOT);
      this.push(true, RESOURCES);
      this.implicitDepth = 2;
      this.expectKey = true;
    } else {
      this.implicitDepth = 0;
      this.pendingRole = ROOT;
    }
  }

  run(): TextScan {
    const bytes = this.bytes;
    const length = bytes.length;
    let index = 0;
    while (index < length) {
      const byte = bytes[index] as number;
      if (byte <= SPACE) {
        index++;
      } else if (byte === QUOTE) {
        index = this.string(index + 1);
      } else if (byte === COMMA) {
        this.comma();
        index++;
      } else if (byte === COLON) {
        this.emit2(COLON, SPACE);
        index++;
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        this.open(byte);
        index++;
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        this.close(byte);
        index++;
      } else {
        index = this.scalar(index);
      }
    }
    return { duplicates: this.duplicates, confirmed: this.confirmed };
  }

  /** A string whose text starts at `start`; returns the index after its closing quote. */
  private string(start: number): number {
    const bytes = this.bytes;
    const length = bytes.length;
    let index = start;
    let escaped = false;
    if (this.attributesDepth < 0) {
      while (index < length) {
        const byte = bytes[index] as number;
        if (byte === QUOTE) break;
        if (byte === BACKSLASH) {
          escaped = true;
          index += 2;
        } else {
          index++;
        }
      }
    } else {
      // Copied as it is: it is canonical if every character is printable ASCII or escaped as Python does.
      this.reserve(index - start + 2);
      let out = this.out;
      let size = this.outLength;
      out[size++] = QUOTE;
      while (index < length) {
        const byte = bytes[index] as number;
        if (byte === QUOTE) break;
        if (size + 8 > out.length) {
          this.outLength = size;
          out = this.reserve(8);
        }
        if (byte === BACKSLASH) {
          escaped = true;
          const next = bytes[index + 1] as number;
          const width = next === 0x75 ? 6 : 2;
          if (width === 6 ? !isPythonUnicodeEscape(bytes, index + 2) : !SHORT_ESCAPES.has(next)) this.canonical = false;
          for (let offset = 0; offset < width; offset++) out[size++] = bytes[index + offset] as number;
          index += width;
        } else {
          if (byte >= 0x7f) this.canonical = false;
          out[size++] = byte;
          index++;
        }
      }
      out[size++] = QUOTE;
      this.outLength = size;
    }
    if (this.expectKey) {
      this.key(start, index, escaped);
    } else {
      if (this.pendingRole === CHECKSUM) this.storedChecksum = this.decode(start, index, escaped);
      this.pendingRole = OTHER;
    }
    return index + 1;
  }

  /** A number or literal starting at `start`; returns the index after it. */
  private scalar(start: number): number {
    const bytes = this.bytes;
    let end = start;
    while (end < bytes.length) {
      const byte = bytes[end] as number;
      if (byte <= SPACE || byte === COMMA || byte === CLOSE_OBJECT || byte === CLOSE_ARRAY || byte === COLON || byte === QUOTE) break;
      end++;
    }
    this.pendingRole = OTHER;
    if (this.attributesDepth < 0) return Math.max(end, start + 1);
    const first = bytes[start] as number;
    if (first === MINUS || (first >= ZERO && first <= NINE)) {
      if (!this.isPythonNumber(start, end)) this.canonical = false;
    }
    const out = this.reserve(end - start);
    for (let index = start; index < end; index++) out[this.outLength++] = bytes[index] as number;
    return Math.max(end, start + 1);
  }

  /** True when the number is written as Python prints the value JSON.parse reads from it. */
  private isPythonNumber(start: number, end: number): boolean {
    const bytes = this.bytes;
    const negative = bytes[start] === MINUS;
    const digits = end - start - (negative ? 1 : 0);
    let integer = digits >= 1 && digits <= 15;
    for (let index = negative ? start + 1 : start; integer && index < end; index++) {
      const byte = bytes[index] as number;
      integer = byte >= ZERO && byte <= NINE;
    }
    // Up to 15 digits, an integer is safe and printed as it is; but -0 reads as 0.
    if (integer) return !(negative && digits === 1 && bytes[end - 1] === ZERO);
    const text = this.text.toString('latin1', start, end);
    return pythonNumber(Number(text)) === text;
  }

  private comma(): void {
    this.emit2(COMMA, SPACE);
    const top = this.depth - 1;
    if (top < 0) return;
    if (this.isObject[top] === true) this.expectKey = true;
    else this.element[top] = (this.element[top] as number) + 1;
  }

  private open(byte: number): void {
    const role = this.pendingRole;
    if (this.attributesDepth >= 0) {
      if (this.depth - this.attributesDepth >= MAX_JSON_DEPTH) this.canonical = false;
    } else if (role === ATTRIBUTES && byte === OPEN_OBJECT) {
      this.attributesDepth = this.depth;
      this.outLength = 0;
      this.canonical = true;
    } else if (role === RESOURCE) {
      this.resourceId = this.decodeKey(this.keyCount - 1);
      this.storedChecksum = undefined;
      this.computedChecksum = undefined;
    }
    this.emit1(byte);
    this.push(byte === OPEN_OBJECT, role);
    this.expectKey = byte === OPEN_OBJECT;
    this.pendingRole = OTHER;
  }

  private close(byte: number): void {
    if (this.depth === 0) return;
    this.emit1(byte);
    const depth = --this.depth;
    this.keyCount = this.keyBase[depth] as number;
    this.keySets[depth] = undefined;
    this.expectKey = false;
    this.pendingRole = OTHER;
    if (depth === this.attributesDepth) {
      this.attributesDepth = -1;
      this.computedChecksum = this.canonical ? createHash('sha256').update(this.out.subarray(0, this.outLength)).digest('hex') : undefined;
    } else if (this.role[depth] === RESOURCE && this.attributesDepth < 0) {
      if (this.resourceId !== undefined && this.computedChecksum !== undefined && this.computedChecksum === this.storedChecksum) {
        this.confirmed.add(this.resourceId);
      }
      this.resourceId = undefined;
    }
  }

  private push(isObject: boolean, role: number): void {
    const depth = this.depth++;
    this.isObject[depth] = isObject;
    this.role[depth] = role;
    this.keyBase[depth] = this.keyCount;
    this.element[depth] = 0;
    this.sorted[depth] = true;
    this.keySets[depth] = undefined;
  }

  /** A key of the innermost object: checked for duplicates; its value's role follows from it. */
  private key(start: number, end: number, escaped: boolean): void {
    this.expectKey = false;
    const depth = this.depth - 1;
    if (depth < 0) return;
    const index = this.keyCount++;
    this.keyStart[index] = start;
    this.keyEnd[index] = end;
    this.keyEscaped[index] = escaped;
    this.checkDuplicate(depth, index);
    const role = this.role[depth];
    if (this.attributesDepth >= 0) {
      if (this.sorted[depth] === false) this.canonical = false;
      this.pendingRole = OTHER;
    } else if (role === ROOT) {
      this.pendingRole = this.keyIs(index, KEY_RESOURCES) ? RESOURCES : OTHER;
    } else if (role === RESOURCES) {
      this.pendingRole = RESOURCE;
    } else if (role === RESOURCE) {
      this.pendingRole = this.keyIs(index, KEY_ATTRIBUTES) ? ATTRIBUTES : this.keyIs(index, KEY_METADATA) ? METADATA : OTHER;
    } else if (role === METADATA) {
      this.pendingRole = this.keyIs(index, KEY_CHECKSUM) ? CHECKSUM : OTHER;
    } else {
      this.pendingRole = OTHER;
    }
  }

  private checkDuplicate(depth: number, index: number): void {
    const base = this.keyBase[depth] as number;
    let keys = this.keySets[depth];
    if (keys === undefined) {
      if (index === base) return;
      if (this.sorted[depth] === true && this.compareKeys(index - 1, index) < 0) return;
      this.sorted[depth] = false;
      if (index - base < LINEAR_LIMIT && !this.anyEscaped(base, index + 1)) {
        for (let other = base; other < index; other++) {
          if (this.compareRaw(other, index) === 0) this.reportDuplicate(index);
        }
        return;
      }
      keys = new Set();
      for (let other = base; other < index; other++) keys.add(this.decodeKey(other));
      this.keySets[depth] = keys;
    }
    const key = this.decodeKey(index);
    if (keys.has(key)) this.reportDuplicate(index);
    else keys.add(key);
  }

  private anyEscaped(from: number, to: number): boolean {
    for (let index = from; index < to; index++) if (this.keyEscaped[index] === true) return true;
    return false;
  }

  /** Code point order of two keys. */
  private compareKeys(a: number, b: number): number {
    if (this.keyEscaped[a] !== true && this.keyEscaped[b] !== true) return this.compareRaw(a, b);
    return compareCodePoints(this.decodeKey(a), this.decodeKey(b));
  }

  /** Byte order of two unescaped keys: for UTF-8, the code point order. */
  private compareRaw(a: number, b: number): number {
    const bytes = this.bytes;
    const startA = this.keyStart[a] as number;
    const startB = this.keyStart[b] as number;
    const lengthA = (this.keyEnd[a] as number) - startA;
    const lengthB = (this.keyEnd[b] as number) - startB;
    const common = lengthA < lengthB ? lengthA : lengthB;
    for (let offset = 0; offset < common; offset++) {
      const difference = (bytes[startA + offset] as number) - (bytes[startB + offset] as number);
      if (difference !== 0) return difference;
    }
    return lengthA - lengthB;
  }

  private keyIs(index: number, expected: Uint8Array): boolean {
    const start = this.keyStart[index] as number;
    if (this.keyEscaped[index] === true || (this.keyEnd[index] as number) - start !== expected.length) return false;
    for (let offset = 0; offset < expected.length; offset++) {
      if (this.bytes[start + offset] !== expected[offset]) return false;
    }
    return true;
  }

  private reportDuplicate(index: number): void {
    if (this.duplicates.length < MAX_DUPLICATES) this.duplicates.push({ pointer: this.pointer(), key: this.decodeKey(index) });
  }

  /** JSON pointer of the innermost object. */
  private pointer(): string {
    let pointer = this.implicitDepth === 0 ? '' : '/resources';
    for (let depth = Math.max(1, this.implicitDepth); depth < this.depth; depth++) {
      const parent = depth - 1;
      const segment = this.isObject[parent] === true ? this.decodeKey((this.keyBase[depth] as number) - 1) : String(this.element[parent]);
      pointer += `/${segment.replaceAll('~', '~0').replaceAll('/', '~1')}`;
    }
    return pointer;
  }

  private decodeKey(index: number): string {
    return this.decode(this.keyStart[index] as number, this.keyEnd[index] as number, this.keyEscaped[index] === true);
  }

  private decode(start: number, end: number, escaped: boolean): string {
    const raw = this.text.toString('utf8', start, end);
    if (!escaped) return raw;
    try {
      return JSON.parse(`"${raw}"`) as string;
    } catch {
      return raw; // not JSON: the parse error is what the caller reports
    }
  }

  private emit1(byte: number): void {
    if (this.attributesDepth < 0) return;
    this.reserve(1)[this.outLength++] = byte;
  }

  private emit2(first: number, second: number): void {
    if (this.attributesDepth < 0) return;
    const out = this.reserve(2);
    out[this.outLength++] = first;
    out[this.outLength++] = second;
  }

  private reserve(extra: number): Uint8Array {
    if (this.outLength + extra > this.out.length) {
      let size = this.out.length * 2;
      while (this.outLength + extra > size) size *= 2;
      const larger = new Uint8Array(size);
      larger.set(this.out.subarray(0, this.outLength));
      this.out = larger;
    }
    return this.out;
  }
}

/**
 * `\uXXXX` as Python's `json.dumps` writes it: lower-case hex, only for what it does not write
 * as it is (from U+007F) or with a short escape (control characters other than \b \t \n \f \r).
 */
function isPythonUnicodeEscape(bytes: Uint8Array, start: number): boolean {
  let value = 0;
  for (let offset = 0; offset < 4; offset++) {
    const byte = bytes[start + offset] as number;
    const digit = byte >= ZERO && byte <= NINE ? byte - ZERO : byte >= 0x61 && byte <= 0x66 ? byte - 0x57 : -1;
    if (digit < 0) return false;
    value = value * 16 + digit;
  }
  return value >= 0x7f || (value < 0x20 && value !== 0x08 && value !== 0x09 && value !== 0x0a && value !== 0x0c && value !== 0x0d);
}
