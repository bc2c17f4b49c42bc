/**
 * The model's answers on disk, so a note reopened tomorrow (or a corpus run again) asks the
 * model nothing it has asked before. One append-only file in a folder of the caller's choice
 * (the editor's own storage, the command line's --cache DIR), never the user's notes folder.
 *
 * The file, `answers.log`: a header line naming the format, then one line per answer,
 *   KEY <TAB> CHECK <TAB> JSON      (KEY: the cache key, 64 hex; CHECK: 16 hex of the JSON's SHA-256)
 * and, for recency, lines holding only a KEY (the answer was used again).
 *
 * Invariants:
 * - An answer is written as one whole line in one append; a torn line (a crash mid-write) has
 *   no newline or a wrong check, and is dropped and counted, never trusted. The file is repaired
 *   once: a bad line found when the file is read (not an answer's layout) is dropped by a rewrite
 *   at once, one found when its answer is read (a wrong check) at the next flush; so a damaged
 *   line is counted by one process only, and the file holds it no longer.
 * - A file whose header is not this format's (another program's, another version's) is never
 *   read: it is moved aside as `answers.log.foreign` and the store starts empty.
 * - Eviction is by last use (the line order, touches included): when the file passes its
 *   bound it is rewritten with the most recently used answers up to 3/4 of the bound, into a
 *   temporary file renamed over the old one (a crash leaves one of the two, whole).
 * - A disk error never fails an analysis: the store turns itself off (memory only) and says why.
 * - Concurrent writers (the editor and a command line sharing a folder) may lose each other's
 *   recent answers at a rewrite; they never corrupt an entry (each append is one write of a line).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const STORE_FILE = 'answers.log';
/** Bumped when what an answer holds changes shape: answers of another version are foreign. */
const HEADER = '{"format":"biomed-nlp model answers","version":1}\n';
const KEY = /^[0-9a-f]{64}$/;
const CHECK_CHARS = 16;
/** What a rewrite keeps, as a share of the bound: room for a while of new answers before the next. */
const KEEP_SHARE = 0.75;
/** Touches are written together, at most this often (they only order eviction). */
const TOUCH_FLUSH_MS = 2_000;
const READ_CHUNK = 1 << 20;

/**
 * The stores open in this process, flushed as it exits: a command that ends without closing
 * its engine still writes its touches and drops the bad lines it found (one listener for all).
 */
const openStores = new Set<AnswerStore>();
let exitHook = false;
function flushAtExit(store: AnswerStore): void {
  openStores.add(store);
  if (exitHook) return;
  exitHook = true;
  process.on('exit', () => {
    for (const s of openStores) s.flush();
  });
}

/** Where an answer's line lies in the file. */
interface Entry {
  offset: number;
  length: number;
}

export interface StoreStats {
  /** Answers held. */
  entries: number;
  /** The file's size. */
  bytes: number;
  /** Lines dropped as torn or failing their check. */
  corrupt: number;
  /** Files moved aside as another format's. */
  foreign: number;
  /** Answers dropped to keep the bound. */
  evicted: number;
}

export class AnswerStore {
  readonly file: string;
  /** Key -> line; the Map's order is last use, oldest first. */
  private index = new Map<string, Entry>();
  private fd: number | undefined;
  private size = 0;
  /** Keys used since the last flush, in the order of their last use: one line each however often a key is read. */
  private touches = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  /** A line failed its check when read: the file still holds it until the next flush rewrites it. */
  private repairPending = false;
  /** Why the store is off (a disk error); answers then live in memory only. */
  problem: string | undefined;
  readonly stats = { corrupt: 0, foreign: 0, evicted: 0 };

  constructor(
    readonly dir: string,
    readonly maxBytes: number,
  ) {
    this.file = path.join(dir, STORE_FILE);
    this.guard(() => this.open());
    if (this.enabled) flushAtExit(this);
  }

  get enabled(): boolean {
    return this.fd !== undefined;
  }

  snapshot(): StoreStats {
    return { entries: this.index.size, bytes: this.size, ...this.stats };
  }

  has(key: string): boolean {
    return this.index.has(key);
  }

  /** The answer's JSON text, or undefined (unknown, or dropped now as corrupt). */
  read(key: string): string | undefined {
    const entry = this.index.get(key);
    if (!entry || this.fd === undefined) return undefined;
    return this.guard(() => {
      const buf = Buffer.allocUnsafe(entry.length);
      const n = fs.readSync(this.fd!, buf, 0, entry.length, entry.offset);
      const json = n === entry.length ? parseLine(buf.toString('utf8'), key) : undefined;
      if (json === undefined) {
        this.index.delete(key);
        this.stats.corrupt++;
        this.repairPending = true;
        this.timer ??= setTimeout(() => this.flush(), TOUCH_FLUSH_MS).unref();
        return undefined;
      }
      this.touch(key);
      return json;
    });
  }

  /** Records that `key` was used (moves it last in eviction order). */
  touch(key: string): void {
    const entry = this.index.get(key);
    if (!entry) return;
    this.index.delete(key);
    this.index.set(key, entry);
    this.touches.delete(key);
    this.touches.add(key);
    this.timer ??= setTimeout(() => this.flush(), TOUCH_FLUSH_MS).unref();
  }

  /** Writes an answer (its JSON text) as one line. */
  write(key: string, json: string): void {
    if (this.fd === undefined || !KEY.test(key)) return;
    this.guard(() => {
      const line = Buffer.from(`${key}\t${check(json)}\t${json}\n`, 'utf8');
      const offset = this.size;
      this.append(line);
      this.index.delete(key);
      this.index.set(key, { offset, length: line.length });
      if (this.size > this.maxBytes) this.rewrite(Math.floor(this.maxBytes * KEEP_SHARE));
    });
  }

  /** Writes the pending touches now (also before the process exits). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    if (this.fd === undefined) return;
    if (this.repairPending) {
      // The rewrite keeps only the lines the index holds (in order of use, so the touches too).
      this.repairPending = false;
      this.guard(() => this.rewrite(Infinity));
      return;
    }
    if (!this.touches.size) return;
    const lines = [...this.touches].map((k) => `${k}\n`).join('');
    this.touches.clear();
    this.guard(() => this.append(Buffer.from(lines, 'utf8')));
  }

  /** Forgets every answer (the file holds only its header again). Returns how many were held. */
  clear(): number {
    const n = this.index.size;
    this.touches.clear();
    this.guard(() => this.rewrite(0));
    this.index.clear();
    return n;
  }

  close(): void {
    this.flush();
    openStores.delete(this);
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }

  private append(buf: Buffer): void {
    fs.writeSync(this.fd!, buf, 0, buf.length, null);
    this.size += buf.length;
  }

  private open(): void {
    fs.mkdirSync(this.dir, { recursive: true });
    // A file left empty (a crash as it was made) is a new store, not a foreign one.
    if (!fs.existsSync(this.file) || fs.statSync(this.file).size === 0) fs.writeFileSync(this.file, HEADER);
    let fd = fs.openSync(this.file, 'a+');
    if (!this.scan(fd)) {
      // Not ours to read or to write over: kept aside, and a new store begins.
      fs.closeSync(fd);
      fs.renameSync(this.file, `${this.file}.foreign`);
      this.stats.foreign++;
      fs.writeFileSync(this.file, HEADER, { flag: 'wx' });
      fd = fs.openSync(this.file, 'a+');
      this.scan(fd);
    }
    this.fd = fd;
    if (this.size > this.maxBytes) this.rewrite(Math.floor(this.maxBytes * KEEP_SHARE));
    // Bad lines are dropped now: the next process neither counts nor reports them again.
    else if (this.stats.corrupt > 0) this.rewrite(Infinity);
  }

  /** Reads the file's lines into the index; false when its header is not this format's. */
  private scan(fd: number): boolean {
    this.index.clear();
    const header = Buffer.byteLength(HEADER);
    const head = Buffer.alloc(header);
    if (fs.readSync(fd, head, 0, header, 0) !== header || head.toString('utf8') !== HEADER) return false;
    let pos = header;
    let rest = Buffer.alloc(0);
    let restAt = header;
    const chunk = Buffer.allocUnsafe(READ_CHUNK);
    for (;;) {
      const n = fs.readSync(fd, chunk, 0, READ_CHUNK, pos);
      if (n === 0) break;
      pos += n;
      const buf = rest.length ? Buffer.concat([rest, chunk.subarray(0, n)]) : chunk.subarray(0, n);
      let start = 0;
      for (let nl = buf.indexOf(10, start); nl >= 0; nl = buf.indexOf(10, start)) {
        this.indexLine(buf, start, nl, restAt + start);
        start = nl + 1;
      }
      rest = Buffer.from(buf.subarray(start));
      restAt += start;
    }
    // A last line without its newline was cut by a crash: cut off, so the next answer starts a line.
    if (rest.length) {
      this.stats.corrupt++;
      fs.ftruncateSync(fd, restAt);
    }
    this.size = restAt;
    return true;
  }

  private indexLine(buf: Buffer, start: number, nl: number, offset: number): void {
    const length = nl + 1 - start;
    const key = buf.toString('latin1', start, Math.min(nl, start + 64));
    const ok = KEY.test(key);
    if (ok && length === 65) {
      // A touch: the answer was used again.
      const entry = this.index.get(key);
      if (entry) {
        this.index.delete(key);
        this.index.set(key, entry);
      }
      return;
    }
    if (!ok || buf[start + 64] !== 9 || buf[start + 65 + CHECK_CHARS] !== 9) {
      this.stats.corrupt++;
      return;
    }
    this.index.delete(key);
    this.index.set(key, { offset, length });
  }

  /** A new file with the most recently used answers up to `budget` bytes (Infinity: all), renamed over the old one; bad and superseded lines are left behind. */
  private rewrite(budget: number): void {
    const kept: [string, Entry][] = [];
    let bytes = Buffer.byteLength(HEADER);
    for (const e of [...this.index].reverse()) {
      if (bytes + e[1].length > budget) break;
      kept.push(e);
      bytes += e[1].length;
    }
    kept.reverse();
    const tmp = `${this.file}.tmp-${process.pid}`;
    const out = fs.openSync(tmp, 'w');
    const index = new Map<string, Entry>();
    try {
      let at = Buffer.byteLength(HEADER);
      fs.writeSync(out, HEADER);
      for (const [key, entry] of kept) {
        const buf = Buffer.allocUnsafe(entry.length);
        if (this.fd === undefined || fs.readSync(this.fd, buf, 0, entry.length, entry.offset) !== entry.length) continue;
        fs.writeSync(out, buf);
        index.set(key, { offset: at, length: entry.length });
        at += entry.length;
      }
      fs.fsyncSync(out);
      this.size = at;
    } finally {
      fs.closeSync(out);
    }
    fs.renameSync(tmp, this.file);
    this.stats.evicted += this.index.size - index.size;
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = fs.openSync(this.file, 'a+');
    this.index = index;
    this.touches.clear();
  }

  /** Runs `work`; a disk error turns the store off (memory only from then on) instead of failing the caller. */
  private guard<T>(work: () => T): T | undefined {
    try {
      return work();
    } catch (err) {
      const e = err as NodeJS.ErrnoException;
      if (!e.code) throw err;
      this.problem = `The model cache in ${this.dir} cannot be used (${e.code}: ${e.message}); answers are kept in memory only until the editor or command ends.`;
      if (this.fd !== undefined) {
        try {
          fs.closeSync(this.fd);
        } catch {
          // Already gone.
        }
      }
      this.fd = undefined;
      this.index.clear();
      return undefined;
    }
  }
}

function check(json: string): string {
  return createHash('sha256').update(json).digest('hex').slice(0, CHECK_CHARS);
}

/** The JSON of an answer's line when the line is whole and its check holds, else undefined. */
function parseLine(line: string, key: string): string | undefined {
  if (!line.endsWith('\n') || !line.startsWith(`${key}\t`)) return undefined;
  const json = line.slice(65 + CHECK_CHARS + 1, -1);
  return line.slice(65, 65 + CHECK_CHARS) === check(json) ? json : undefined;
}
