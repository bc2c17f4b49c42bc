/**
 * Reads LSP's Content-Length framing from a stream. It tells the two kinds of bad input
 * apart, which vscode-jsonrpc's reader does not: a message whose framing is right but whose
 * body is not JSON is one bad message (`onNotJson`: answered, and reading goes on), while
 * broken framing leaves the stream out of step for good (LSP has no way to find the next
 * message) and is reported to the error listeners. The header is checked as its bytes
 * arrive, so bytes left over from a Content-Length that cut a body short are found at once
 * rather than waited on.
 */
import { AbstractMessageReader, DataCallback, Disposable, Message } from 'vscode-languageserver/node';

const SEPARATOR = Buffer.from('\r\n\r\n');
/** Longer than any header LSP sends (Content-Length and Content-Type). */
const MAX_HEADER_BYTES = 8192;
const TOKEN = "[!#$%&'*+.^_`|~0-9A-Za-z-]+";
/** What may be buffered of a header that is not complete yet: whole lines, then part of one. */
const HEADER_PREFIX = new RegExp(`^(?:${TOKEN}:[^\\r\\n]*\\r\\n)*(?:${TOKEN}(?::[^\\r\\n]*\\r?)?|\\r)?$`);
const HEADER_LINE = new RegExp(`^(${TOKEN}):(.*)$`);

export class FramedMessageReader extends AbstractMessageReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  /** The body's length once its header is read; -1 while reading a header. */
  private bodyLength = -1;
  private broken = false;

  constructor(
    private readonly input: NodeJS.ReadableStream,
    private readonly onNotJson: () => void,
    private readonly onBug: (err: unknown) => void,
  ) {
    super();
  }

  listen(callback: DataCallback): Disposable {
    const onData = (data: Buffer | string) => this.append(typeof data === 'string' ? Buffer.from(data) : data, callback);
    const onError = (err: Error) => this.fireError(err);
    const onClose = () => this.fireClose();
    this.input.on('data', onData);
    this.input.on('error', onError);
    this.input.on('close', onClose);
    return Disposable.create(() => {
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
      this.fireError(err);
    }
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
    }
    if (this.buffered < this.bodyLength) return false;
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
