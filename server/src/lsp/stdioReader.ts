/**
 * Reads LSP's Content-Length framing from a stream. It tells the kinds of bad input apart,
 * which vscode-jsonrpc's reader does not: a message whose framing is right but whose body is
 * not JSON is one bad message (`onNotJson`: answered, and reading goes on), while broken
 * framing leaves the stream out of step for good (LSP has no way to find the next message)
 * and is reported to the error listeners. The header is checked as its bytes arrive, so
 * bytes left over from a Content-Length that cut a body short are found at once rather than
 * waited on.
 *
 * A Content-Length longer than its body would leave the reader waiting for bytes that never
 * come, or swallow the next messages into that body. Two rules keep it reading:
 * - A body that stops arriving is dropped: when no byte has come for `bodyTimeoutMs`
 *   (5 s unless given) while a body is incomplete, its bytes are discarded, `onIncomplete`
 *   says so (lengths only, never the bytes), and the next bytes are read as a header. The
 *   wait is for silence, not for the whole body, so a large message that keeps arriving is
 *   never cut; and the limit is checked again after the input that was ready has been read,
 *   so an event loop that was busy longer than the limit does not drop what came meanwhile.
 * - A header inside a body ends that body at once: a line `Content-Length: N` followed by
 *   CR LF cannot occur in a JSON text (outside a string the name is not JSON; inside one a
 *   raw CR is not allowed), so where it starts within a body's length, the body was cut
 *   short and the next message begins there: the bytes before it are dropped (reported as
 *   above) and reading resumes at it. A body whose last bytes could still become such a line
 *   (`...Content-Len`) is held until they decide, or until the time limit. A valid JSON body
 *   never meets either rule, so well-formed messages are untouched. (A client silent longer
 *   than the limit in the middle of a body sends the rest as what must be a header: broken
 *   framing, as above.)
 */
import { AbstractMessageReader, DataCallback, Disposable, Message } from 'vscode-languageserver/node';

const SEPARATOR = Buffer.from('\r\n\r\n');
/** Longer than any header LSP sends (Content-Length and Content-Type). */
const MAX_HEADER_BYTES = 8192;
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
/** What may be buffered of a header that is not complete yet: whole lines, then part of one. */
const HEADER_PREFIX = new RegExp(`^(?:${TOKEN}:[^\\r\\n]*\\r\\n)*(?:${TOKEN}(?::[^\\r\\n]*\\r?)?|\\r)?$`);
const HEADER_LINE = new RegExp(`^(${TOKEN}):(.*)$`);
/** A Content-Length line, complete: where it starts inside a body, the next message starts. */
const LENGTH_LINE = /content-length:[ \t]{0,8}\d{1,15}[ \t]{0,8}\r\n/i;
/** The most bytes a LENGTH_LINE match spans (15 + 8 + 15 + 8 + 2). */
const LENGTH_LINE_MAX = 48;
const LENGTH_NAME = 'content-length:';
const CR = 0x0d;
/** How long a body may stop arriving before it is dropped, unless the reader is told otherwise. */
export const BODY_TIMEOUT_MS = 5000;

export interface FramedReaderOptions {
  /** A body that did not arrive whole was dropped; `detail` gives lengths only. */
  onIncomplete?: (detail: string) => void;
  bodyTimeoutMs?: number;
}

export class FramedMessageReader extends AbstractMessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The body's length once its header is read; -1 while reading a header. */
  private bodyLength = -1;
  private broken = false;
  /** Within the body being read: where a Content-Length line may still start (earlier bytes are checked). */
  private scanFrom = 0;
  /** Where a Content-Length line starts within the body (-1: none): a cut body. */
  private cutAt = -1;
  /** Where the body's last bytes may begin a Content-Length line (-1: they do not). */
  private maybeCutAt = -1;
  private timer: NodeJS.Timeout | undefined;
  private readonly bodyTimeoutMs: number;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly onNotJson: () => void,
    private readonly onBug: (err: unknown) => void,
    private readonly options: FramedReaderOptions = {},
  ) {
    super();
    this.bodyTimeoutMs = options.bodyTimeoutMs ?? BODY_TIMEOUT_MS;
  }

  listen(callback: DataCallback): Disposable {
    const onData = (data: Buffer | string) => this.append(typeof data === 'string' ? Buffer.from(data) : data, callback);
    const onError = (err: Error) => this.fireError(err);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('close', onClose);
    return Disposable.create(() => {
      this.stopTimer();
      this.input.off('data', onData);
      this.input.off('error', onError);
      this.input.off('close', onClose);
    });
  }

  private append(data: Buffer, callback: DataCallback): void {
    if (this.broken) return;
    this.chunks.push(data);
    this.buffered += data.length;
    try {
      while (this.next(callback));
    } catch (err) {
      this.broken = true;
      this.chunks = [];
      this.stopTimer();
      this.fireError(err);
      return;
    }
    // A body still waited for: the time limit starts again with every byte.
    this.stopTimer();
    if (this.bodyLength >= 0) this.startTimer();
  }

  private startTimer(): void {
    const timer = setTimeout(
      // After the input that is ready has been read: a busy event loop is not a silent client.
      () =>
        setImmediate(() => {
          // A byte read meanwhile stopped this timer (and started another).
          if (this.timer === timer) this.expire();
        }),
      this.bodyTimeoutMs,
    );
    timer.unref();
    this.timer = timer;
  }

  private stopTimer(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  /** The body stopped arriving: its bytes (and any part of a header after them) are dropped. */
  private expire(): void {
    this.timer = undefined;
    if (this.broken || this.bodyLength < 0) return;
    const detail = `${this.buffered} of its ${this.bodyLength} bytes came, then nothing for ${this.bodyTimeoutMs} ms`;
    this.take(this.buffered);
    this.bodyLength = -1;
    this.options.onIncomplete?.(detail);
  }

  /** Takes one header or one body off the buffer; false when more bytes are needed. */
  private next(callback: DataCallback): boolean {
    if (this.bodyLength < 0) {
      const bytes = this.joined();
      const end = bytes.indexOf(SEPARATOR);
      if (end < 0) {
        if (!HEADER_PREFIX.test(bytes.subarray(0, MAX_HEADER_BYTES).toString('latin1')))
          throw new Error('bytes where a message header should start are not a header: a Content-Length did not match its body');
        if (bytes.length > MAX_HEADER_BYTES) throw new Error(`a message header is longer than ${MAX_HEADER_BYTES} bytes`);
        return false;
      }
      this.bodyLength = contentLength(bytes.subarray(0, end).toString('latin1'));
      this.take(end + SEPARATOR.length);
      this.scanFrom = 0;
      this.cutAt = this.maybeCutAt = -1;
    }
    this.scanBody();
    if (this.cutAt >= 0) {
      const detail = `a new message header came after ${this.cutAt} of its ${this.bodyLength} bytes`;
      this.take(this.cutAt);
      this.bodyLength = -1;
      this.options.onIncomplete?.(detail);
      return true;
    }
    if (this.buffered < this.bodyLength || this.maybeCutAt >= 0) return false;
    const body = this.take(this.bodyLength);
    this.bodyLength = -1;
    let value: unknown;
    try {
      value = JSON.parse(body.toString('utf8'));
    } catch {
      this.onNotJson();
      return true;
    }
    try {
      callback(value as Message);
    } catch (err) {
      this.onBug(err);
    }
    return true;
  }

  /**
   * Looks for a Content-Length line starting within the body, in the bytes not looked at yet
   * (a line may run past the body's end, never further): sets cutAt, or maybeCutAt when the
   * buffer ends inside what may still become one.
   */
  private scanBody(): void {
    const to = Math.min(this.buffered, this.bodyLength + LENGTH_LINE_MAX);
    if (this.scanFrom >= Math.min(to, this.bodyLength)) return;
    const window = this.bytes(this.scanFrom, to);
    // A complete line holds a CR, which a JSON body rarely does: most bodies skip the search.
    const m = window.includes(CR) ? LENGTH_LINE.exec(window.toString('latin1')) : null;
    if (m && this.scanFrom + m.index < this.bodyLength) {
      this.cutAt = this.scanFrom + m.index;
      return;
    }
    // Only where the buffer ends can a line be unfinished.
    const last = to === this.buffered ? Math.max(0, window.length - LENGTH_LINE_MAX) : window.length;
    const ending = window.subarray(last).toString('latin1');
    let start = 0;
    while (start < ending.length && !(this.scanFrom + last + start < this.bodyLength && mayBeginLengthLine(ending.slice(start)))) start++;
    this.maybeCutAt = start < ending.length ? this.scanFrom + last + start : -1;
    this.scanFrom = this.maybeCutAt >= 0 ? this.maybeCutAt : to;
  }

  /** The buffered bytes [from, to), copying only the chunks they span. */
  private bytes(from: number, to: number): Buffer {
    const parts: Buffer[] = [];
    let start = 0;
    for (const chunk of this.chunks) {
      const end = start + chunk.length;
      if (end > from && start < to) parts.push(chunk.subarray(Math.max(0, from - start), Math.min(chunk.length, to - start)));
      start = end;
      if (start >= to) break;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts);
  }

  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks)];
    return this.chunks[0] ?? Buffer.alloc(0);
  }

  /** Removes and returns the first n bytes (copied once, however many chunks they span). */
  private take(n: number): Buffer {
    const bytes = this.joined();
    const rest = bytes.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return bytes.subarray(0, n);
  }
}

/** Whether `text` (to the end of what has come) may be the start of a Content-Length line. */
function mayBeginLengthLine(text: string): boolean {
  const lower = text.slice(0, LENGTH_NAME.length).toLowerCase();
  if (text.length <= LENGTH_NAME.length) return LENGTH_NAME.startsWith(lower);
  return lower === LENGTH_NAME && /^[ \t]{0,8}\d{0,15}[ \t]{0,8}\r?$/.test(text.slice(LENGTH_NAME.length));
}

/** The Content-Length of a complete header (its lines without the blank one). */
function contentLength(header: string): number {
  let length: string | undefined;
  for (const line of header.split('\r\n')) {
    const m = HEADER_LINE.exec(line);
    if (!m) throw new Error("a message header line does not separate key and value using ':'");
    if (m[1].toLowerCase() === 'content-length') length = m[2].trim();
  }
  if (length === undefined) throw new Error('a message header must provide a Content-Length');
  if (!/^\d+$/.test(length)) throw new Error('a Content-Length value must be a number');
  return Number(length);
}
