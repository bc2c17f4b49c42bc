/**
 * HTTP as the test server speaks it: the record of each request, one exchange's response
 * (JSON and plain-text bodies, Ollama's NDJSON stream, OpenAI's server-sent events, error
 * bodies) that notices the client going away, and request bodies read as Ollama reads them.
 */
import * as http from 'http';
import { performance } from 'perf_hooks';

export interface RecordedRequest {
  id: number;
  method: string;
  /** URL path without the query string. */
  path: string;
  /** The Host header, as the client sent it. */
  host?: string;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: WireJson;
  /** Date.now() at arrival. */
  receivedAt: number;
  /** performance.now() at arrival and when the response ended: the model's side of the time. */
  startedMs?: number;
  endedMs?: number;
  /** The client closed the connection before the response ended. */
  aborted: boolean;
  /** The response was ended by the server (including a deliberately `cut` stream). */
  finished: boolean;
}

export const JSON_TYPE = 'application/json; charset=utf-8';
export const NDJSON_TYPE = 'application/x-ndjson';
export const SSE_TYPE = 'text/event-stream';

/** One request/response exchange: tracks the client going away, so waits end early. */
export class Exchange {
  closed = false;
  private readonly waiters = new Set<() => void>();
  constructor(
    readonly req: http.IncomingMessage,
    readonly res: http.ServerResponse,
    readonly rec: RecordedRequest,
  ) {
    res.on('finish', () => {
      rec.finished = true;
      rec.endedMs = performance.now();
    });
    res.on('close', () => {
      if (!res.writableFinished) rec.aborted = true;
      this.closed = true;
      for (const w of [...this.waiters]) w();
    });
  }

  /** Waits ms, or less if the connection closes first. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  /** Resolves when the client disconnects (the `hang` fault). */
  untilClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  json(status: number, obj: unknown): void {
    if (this.closed) return;
    const body = JSON.stringify(obj);
    this.res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body) });
    this.res.end(body);
  }

  error(status: number, message: string): void {
    this.json(status, { error: message });
  }

  text(status: number, body: string): void {
    if (this.closed) return;
    this.res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    this.res.end(this.req.method === 'HEAD' ? undefined : body);
  }

  /** Starts an NDJSON stream; Node sends the headers together with the first line. */
  writeLine(obj: unknown): void {
    if (this.closed) return;
    if (!this.res.headersSent) this.res.writeHead(200, { 'Content-Type': NDJSON_TYPE });
    this.res.write(JSON.stringify(obj) + '\n');
  }

  /** Starts a server-sent event stream (OpenAI's streaming) or adds an event: `data: ...` and a blank line. */
  writeEvent(data: unknown): void {
    if (this.closed) return;
    if (!this.res.headersSent) this.res.writeHead(200, { 'Content-Type': SSE_TYPE, 'Cache-Control': 'no-cache' });
    this.res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (this.closed) return;
    this.res.end();
  }

  /**
   * Resets the connection (TCP RST where the platform allows, else a plain close): the
   * `reset` fault. What was written goes out first (a reset drops unsent data), so a reset
   * after some pieces reaches the client in the middle of its answer.
   */
  async reset(): Promise<void> {
    if (this.closed) return;
    const socket = this.req.socket;
    if (this.res.headersSent) {
      await new Promise<void>((resolve) => socket.write('', () => resolve()));
      await this.sleep(20);
      if (this.closed) return;
    }
    if (typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else socket.destroy();
  }
}

/**
 * JSON as a client sent it. Its fields are whatever the client wrote: the dialects check
 * each one at run time where they read it, as Ollama's own handlers do.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON off the wire, checked field by field where read
export type WireJson = any;

/** A request body: parsed JSON, or the error Ollama answers for it. */
export type ParsedBody = { ok: true; value: WireJson } | { ok: false; error: string };

/** The body read as JSON (recorded in `rec.body`: the value, or the raw text when it is not JSON). */
export function parseBody(raw: string | undefined, rec: RecordedRequest): ParsedBody {
  let parsed: ParsedBody = { ok: false, error: 'missing request body' };
  if (raw !== undefined && raw.trim() !== '') {
    try {
      parsed = { ok: true, value: JSON.parse(raw) };
      rec.body = parsed.value;
    } catch {
      parsed = { ok: false, error: jsonSyntaxMessage(raw) };
      rec.body = raw;
    }
  }
  return parsed;
}

function jsonSyntaxMessage(raw: string): string {
  const c = raw.trim()[0];
  // Go's encoding/json wording, which is what Ollama returns for a body it cannot decode.
  return c === '{' || c === '[' ? 'unexpected EOF' : `invalid character '${c}' looking for beginning of value`;
}

/** The whole request body as text; undefined when the request fails or closes before it ends. */
export function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let ended = false;
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', () => resolve(undefined));
    req.on('close', () => {
      if (!ended) resolve(undefined);
    });
  });
}
