/**
 * The `.vocab` file's bytes: a buffered writer that knows its position, varints, and the
 * sorted key tables (exact keys, IDs) written in blocks with front coding, read back a block at
 * a time with fs.readSync at its position (the file is never loaded whole).
 */
import * as fs from 'node:fs';

/**
 * Buffer's own UTF-8 writer where Node has it (every version this runs on): `write` checks its
 * arguments in JavaScript at a cost above the copy for strings this short.
 */
type Utf8Writer = Buffer & { utf8Write?: (text: string, at: number) => number };
export const writeUtf8 = (b: Buffer, text: string, at: number): number => (b as Utf8Writer).utf8Write?.(text, at) ?? b.write(text, at);

/** Appends to a file through a buffer, counting the position. */
export class FileSink {
  position: number;
  private buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;

  constructor(
    readonly fd: number,
    start: number,
  ) {
    this.position = start;
  }

  private room(n: number): void {
    if (this.used + n <= this.buffer.length) return;
    this.flush();
    if (n > this.buffer.length) this.buffer = Buffer.allocUnsafe(n);
  }

  bytes(b: Uint8Array, from = 0, to = b.length): void {
    const n = to - from;
    this.room(n);
    if (n === b.length) this.buffer.set(b, this.used);
    else this.buffer.set(b.subarray(from, to), this.used);
    this.used += n;
    this.position += n;
  }

  /** A string's UTF-8 bytes, `length` of them (Buffer.byteLength): no buffer of its own (a build writes tens of millions). */
  utf8(text: string, length: number): void {
    this.room(length);
    this.buffer.write(text, this.used, length, 'utf8');
    this.used += length;
    this.position += length;
  }

  /** A string's UTF-8 bytes, encoded straight into the buffer (no buffer of its own, no count first). */
  text(text: string): void {
    this.room(3 * text.length);
    const n = writeUtf8(this.buffer, text, this.used);
    this.used += n;
    this.position += n;
  }

  varint(n: number): void {
    this.room(10);
    const end = writeVarint(this.buffer, this.used, n);
    this.position += end - this.used;
    this.used = end;
  }

  u32(n: number): void {
    this.room(4);
    this.buffer.writeUInt32LE(n, this.used);
    this.used += 4;
    this.position += 4;
  }

  /** Moves past `n` bytes written to the file by others (flushing first). */
  skip(n: number): void {
    this.flush();
    this.position += n;
  }

  flush(): void {
    let at = 0;
    while (at < this.used) at += fs.writeSync(this.fd, this.buffer, at, this.used - at, this.position - this.used + at);
    this.used = 0;
  }
}

/** Writes `n` (a non-negative safe integer) as a varint at `at`; returns the end. */
export function writeVarint(buf: Uint8Array, at: number, n: number): number {
  while (n >= 0x80) {
    buf[at++] = (n % 0x80) | 0x80;
    n = Math.floor(n / 0x80);
  }
  buf[at++] = n;
  return at;
}

/** A cursor over bytes read back: varints and strings. */
export class ByteReader {
  constructor(
    readonly buf: Buffer,
    public at = 0,
  ) {}

  get done(): boolean {
    return this.at >= this.buf.length;
  }

  varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.buf[this.at++];
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }

  bytes(n: number): Buffer {
    const out = this.buf.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
}

/** `length` bytes of the file at `position`. */
export function readAt(fd: number, position: number, length: number): Buffer {
  const buf = Buffer.allocUnsafe(length);
  let at = 0;
  while (at < length) {
    const n = fs.readSync(fd, buf, at, length - at, position + at);
    if (n === 0) throw new Error(`the file ends before byte ${position + length}`);
    at += n;
  }
  return buf;
}

/** Bytes per block of a key table: one read per lookup. */
const BLOCK = 4096;

/**
 * A sorted table of keys, each with a list of non-negative integers, written in blocks: per
 * entry the bytes shared with the previous key, the rest of the key, the count and the values
 * as ascending deltas. `finish` writes the first key of each block and the block offsets.
 */
export class KeyTableWriter {
  private firstKeys: string[] = [];
  private offsets: number[] = [];
  /** The key being added and the one before, as UTF-8, in two buffers that swap (none allocated per key). */
  private current = Buffer.allocUnsafe(256);
  private previous = Buffer.allocUnsafe(256);
  private previousLength = 0;
  private blockStart = -1;
  readonly start: number;
  entries = 0;

  /** `flagged`: a key of two or more values is followed by 2 bits of flags per value (flagBytes). */
  constructor(
    private readonly out: FileSink,
    private readonly flagged = false,
  ) {
    this.start = out.position;
  }

  add(key: string, values: readonly number[], flags?: readonly number[]): void {
    if (3 * key.length > this.current.length) {
      const room = 6 * key.length;
      const previous = Buffer.allocUnsafe(room);
      this.previous.copy(previous, 0, 0, this.previousLength);
      this.previous = previous;
      this.current = Buffer.allocUnsafe(room);
    }
    const bytes = this.current;
    const length = writeUtf8(bytes, key, 0);
    let shared = 0;
    if (this.blockStart < 0 || this.out.position - this.blockStart >= BLOCK) {
      this.blockStart = this.out.position;
      // A string of its own, decoded from the bytes: `key` may be a slice of a whole chunk of
      // a sort run (V8 keeps the chunk alive for it), and a 10-million-name build keeps a
      // first key per block of both tables: those chunks were gigabytes.
      this.firstKeys.push(bytes.toString('utf8', 0, length));
      this.offsets.push(this.out.position - this.start);
    } else {
      const max = Math.min(length, this.previousLength);
      const previous = this.previous;
      while (shared < max && bytes[shared] === previous[shared]) shared++;
    }
    this.out.varint(shared);
    this.out.varint(length - shared);
    this.out.bytes(bytes, shared, length);
    this.out.varint(values.length);
    let last = 0;
    for (const v of values) {
      this.out.varint(v - last);
      last = v;
    }
    const packed = this.flagged ? flagBytes(values.length) : 0;
    if (packed > 0) {
      const bytes = Buffer.alloc(packed);
      flags?.forEach((f, i) => (bytes[i >> 2] |= (f & 3) << ((i & 3) * 2)));
      this.out.bytes(bytes, 0, packed);
    }
    this.current = this.previous;
    this.previous = bytes;
    this.previousLength = length;
    this.entries++;
  }

  /** Ends the blocks and writes their index; returns the table's sections [offset, length]. */
  finish(): { blocks: [number, number]; index: [number, number] } {
    const end = this.out.position;
    const blocks: [number, number] = [this.start, end - this.start];
    const keys = Buffer.from(this.firstKeys.join('\n'), 'utf8');
    this.out.u32(this.firstKeys.length);
    for (const o of this.offsets) this.out.u32(o);
    this.out.u32(end - this.start);
    this.out.bytes(keys);
    return { blocks, index: [end, this.out.position - end] };
  }
}

/**
 * Bytes of flags after a flagged key's values: 2 bits a value, only where there are two or more
 * (a key one concept holds alone has nothing to tell apart; most keys are such).
 */
export function flagBytes(values: number): number {
  return values >= 2 ? Math.ceil(values / 4) : 0;
}

/** A key table read back: the block index in memory, one block read per lookup. */
export class KeyTable {
  private readonly firstKeys: string[];
  private readonly offsets: Uint32Array;

  constructor(
    private readonly fd: number,
    private readonly blocksAt: number,
    index: Buffer,
    private readonly flagged = false,
  ) {
    const count = index.readUInt32LE(0);
    this.offsets = new Uint32Array(count + 1);
    for (let i = 0; i <= count; i++) this.offsets[i] = index.readUInt32LE(4 + 4 * i);
    this.firstKeys = count ? index.toString('utf8', 4 + 4 * (count + 1)).split('\n') : [];
  }

  /** The values stored under `key`, or undefined. */
  get(key: string): number[] | undefined {
    return this.find(key)?.values;
  }

  /** The values stored under `key` and each one's flags (0 for a key of one value), or undefined. */
  getFlagged(key: string): { values: number[]; flags: number[] } | undefined {
    const found = this.find(key);
    if (!found) return undefined;
    const { values, packed } = found;
    return { values, flags: values.map((_, i) => (packed.length ? (packed[i >> 2] >> ((i & 3) * 2)) & 3 : 0)) };
  }

  /**
   * The entries whose keys start with `prefix`, in key order, at most `limit`: from the block
   * the prefix falls in, on through the blocks after it while the keys still start with it.
   */
  startingWith(prefix: string, limit: number): { key: string; values: number[] }[] {
    const out: { key: string; values: number[] }[] = [];
    if (limit <= 0 || this.firstKeys.length === 0) return out;
    // The last block whose first key is before the prefix (a key equal to it may end the block before).
    let lo = 0;
    let hi = this.firstKeys.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.firstKeys[mid] < prefix) lo = mid;
      else hi = mid - 1;
    }
    for (let b = lo; b < this.firstKeys.length; b++) {
      const start = this.offsets[b];
      const block = new ByteReader(readAt(this.fd, this.blocksAt + start, this.offsets[b + 1] - start));
      let previous: Buffer = Buffer.alloc(0);
      while (!block.done) {
        const shared = block.varint();
        const rest = block.bytes(block.varint());
        const current = shared ? Buffer.concat([previous.subarray(0, shared), rest]) : rest;
        const count = block.varint();
        const key = current.toString('utf8');
        if (key.startsWith(prefix)) {
          const values: number[] = [];
          let last = 0;
          for (let i = 0; i < count; i++) values.push((last += block.varint()));
          out.push({ key, values });
          if (out.length === limit) return out;
        } else {
          // Sorted: past the prefix's keys nothing after starts with it.
          if (key > prefix) return out;
          for (let i = 0; i < count; i++) block.varint();
        }
        if (this.flagged) block.at += flagBytes(count);
        previous = current;
      }
    }
    return out;
  }

  /** A key's values and its packed flags (empty when it has none). */
  private find(key: string): { values: number[]; packed: Buffer } | undefined {
    // The last block whose first key is not after the key.
    let lo = 0;
    let hi = this.firstKeys.length - 1;
    if (hi < 0 || key < this.firstKeys[0]) return undefined;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.firstKeys[mid] <= key) lo = mid;
      else hi = mid - 1;
    }
    const start = this.offsets[lo];
    const block = new ByteReader(readAt(this.fd, this.blocksAt + start, this.offsets[lo + 1] - start));
    const wanted = Buffer.from(key, 'utf8');
    let previous: Buffer = Buffer.alloc(0);
    while (!block.done) {
      const shared = block.varint();
      const rest = block.bytes(block.varint());
      const current = shared ? Buffer.concat([previous.subarray(0, shared), rest]) : rest;
      const count = block.varint();
      const packed = this.flagged ? flagBytes(count) : 0;
      if (current.equals(wanted)) {
        const values: number[] = [];
        let last = 0;
        for (let i = 0; i < count; i++) values.push((last += block.varint()));
        return { values, packed: block.bytes(packed) };
      }
      for (let i = 0; i < count; i++) block.varint();
      block.at += packed;
      previous = current;
    }
    return undefined;
  }
}
