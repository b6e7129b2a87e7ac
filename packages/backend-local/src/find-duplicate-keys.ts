export interface DuplicateKey {
  /** JSON pointer of the object holding the key twice. */
  readonly pointer: string;
  readonly key: string;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
/** Up to this many keys, compare raw bytes directly; beyond it, rely on order or a Set. */
const LINEAR_LIMIT = 16;

interface Frame {
  readonly isObject: boolean;
  /** Index of this frame's first key in the key stack. */
  readonly keyBase: number;
  /** Array frames: index of the current element. */
  index: number;
  /** Keys strictly increasing so far (byte order of UTF-8 is code point order). */
  increasing: boolean;
  decoded: Set<string> | undefined;
}

/**
 * Find keys that occur twice in one object of a JSON text. `JSON.parse` silently keeps the last
 * one, so a state file with duplicate keys could say two things at once; we refuse it. Expects
 * text that `JSON.parse` accepts. Linear in the size of the text; allocation-free for objects
 * whose keys are few or sorted, which covers the state files we write.
 */
export function findDuplicateKeys(bytes: Uint8Array, limit = 10): DuplicateKey[] {
  const found: DuplicateKey[] = [];
  const frames: Frame[] = [];
  let keyStarts = new Int32Array(256);
  let keyEnds = new Int32Array(256);
  let keyEscaped = new Uint8Array(256);
  let keyCount = 0;
  let expectKey = false;
  const decode = (index: number): string => decodeKey(bytes, keyStarts[index] as number, keyEnds[index] as number, keyEscaped[index] === 1);

  const length = bytes.length;
  let position = 0;
  while (position < length && found.length < limit) {
    const byte = bytes[position] as number;
    if (byte === QUOTE) {
      const start = position + 1;
      let end = start;
      let escaped = false;
      for (;;) {
        const current = bytes[end] as number;
        if (current === QUOTE) break;
        if (current === BACKSLASH) {
          escaped = true;
          end += 2;
        } else {
          end++;
        }
      }
      position = end + 1;
      if (!expectKey) continue;
      expectKey = false;
      const frame = frames[frames.length - 1] as Frame;
      if (keyCount === keyStarts.length) {
        keyStarts = grow(keyStarts);
        keyEnds = grow(keyEnds);
        keyEscaped = growBytes(keyEscaped);
      }
      keyStarts[keyCount] = start;
      keyEnds[keyCount] = end;
      keyEscaped[keyCount] = escaped ? 1 : 0;
      const index = keyCount++;
      if (isDuplicate(frame, index)) {
        found.push({ pointer: pointerOf(frames, keyCount, decode, frames.length - 1), key: decode(index) });
      }
      continue;
    }
    if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
      frames.push({ isObject: byte === OPEN_OBJECT, keyBase: keyCount, index: 0, increasing: true, decoded: undefined });
      expectKey = byte === OPEN_OBJECT;
    } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
      keyCount = (frames.pop() as Frame).keyBase;
      expectKey = false;
    } else if (byte === COMMA) {
      const frame = frames[frames.length - 1] as Frame;
      if (frame.isObject) expectKey = true;
      else frame.index++;
    }
    position++;
  }
  return found;

  function isDuplicate(frame: Frame, index: number): boolean {
    const count = index - frame.keyBase;
    if (count === 0) return false;
    if (frame.decoded === undefined) {
      const plain = keyEscaped[index] === 0 && keyEscaped[index - 1] === 0;
      if (plain && frame.increasing && compareRanges(bytes, keyStarts, keyEnds, index - 1, index) < 0) return false;
      frame.increasing = false;
      if (count < LINEAR_LIMIT && !hasEscapes(frame.keyBase, index)) {
        for (let other = frame.keyBase; other < index; other++) {
          if (compareRanges(bytes, keyStarts, keyEnds, other, index) === 0) return true;
        }
        return false;
      }
      frame.decoded = new Set();
      for (let other = frame.keyBase; other < index; other++) frame.decoded.add(decode(other));
    }
    const key = decode(index);
    if (frame.decoded.has(key)) return true;
    frame.decoded.add(key);
    return false;
  }

  function hasEscapes(from: number, to: number): boolean {
    for (let index = from; index <= to; index++) if (keyEscaped[index] === 1) return true;
    return false;
  }
}

function compareRanges(bytes: Uint8Array, starts: Int32Array, ends: Int32Array, a: number, b: number): number {
  const startA = starts[a] as number;
  const startB = starts[b] as number;
  const lengthA = (ends[a] as number) - startA;
  const lengthB = (ends[b] as number) - startB;
  const common = Math.min(lengthA, lengthB);
  for (let offset = 0; offset < common; offset++) {
    const difference = (bytes[startA + offset] as number) - (bytes[startB + offset] as number);
    if (difference !== 0) return difference;
  }
  return lengthA - lengthB;
}

function decodeKey(bytes: Uint8Array, start: number, end: number, escaped: boolean): string {
  const raw = Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8');
  return escaped ? (JSON.parse(`"${raw}"`) as string) : raw;
}

function pointerOf(frames: readonly Frame[], keyCount: number, decode: (index: number) => string, upTo: number): string {
  let pointer = '';
  for (let depth = 0; depth < upTo; depth++) {
    const frame = frames[depth] as Frame;
    const segment = frame.isObject ? decode((frames[depth + 1]?.keyBase ?? keyCount) - 1) : String(frame.index);
    pointer += `/${segment.replaceAll('~', '~0').replaceAll('/', '~1')}`;
  }
  return pointer;
}

function grow(array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const larger = new Int32Array(array.length * 2);
  larger.set(array);
  return larger;
}

function growBytes(array: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
  const larger = new Uint8Array(array.length * 2);
  larger.set(array);
  return larger;
}
