/**
 * JSON-RPC's rules for a message that arrived whole but is malformed. vscode-jsonrpc
 * assumes every message is a JSON object of the right shape: a body that is not JSON, or a
 * `$/cancelRequest` whose params are null, throws in its reader and takes the connection
 * down. Here such a message is answered as JSON-RPC 2.0 says (a parse error, -32700, or an
 * invalid request, -32600, with the request's id or null) or, when it is a notification,
 * dropped; either way the server goes on serving. Only broken framing ends the stream
 * (stdioReader.ts); a body that did not arrive whole is dropped there and answered here.
 */
import type { DataCallback, Message, MessageReader, ResponseMessage } from 'vscode-languageserver/node';

const PARSE_ERROR = -32700;
const INVALID_REQUEST = -32600;

type Id = string | number | null;

/** What to do with one decoded body: pass it on, answer it, or drop it (`why` says what was wrong). */
type Verdict = { pass: Message } | { answer: { id: Id; code: number; message: string }; why: string } | { drop: string };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isId = (v: unknown): v is string | number => typeof v === 'string' || typeof v === 'number';
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : `a JSON ${typeof v}`);

/** Checks the shape JSON-RPC requires of a message, and what vscode-jsonrpc needs to not throw. */
function checkMessage(value: unknown): Verdict {
  const invalid = (id: Id, why: string): Verdict => ({ answer: { id, code: INVALID_REQUEST, message: `Invalid request: ${why}` }, why });
  if (!isObject(value)) return invalid(null, `the message is ${kind(value)}, not an object`);
  const { id, method, params } = value;
  const hasId = id !== undefined;
  if (hasId && !isId(id) && id !== null) return invalid(null, `its id is ${kind(id)}`);
  const answerId = isId(id) ? id : null;
  if (method === undefined) {
    // A response to one of the server's own requests: vscode-jsonrpc handles it.
    if (hasId && (value.result !== undefined || value.error !== undefined)) return { pass: value as unknown as Message };
    return invalid(answerId, 'it has no method');
  }
  if (typeof method !== 'string')
    return hasId ? invalid(answerId, `its method is ${kind(method)}`) : { drop: `a notification whose method is ${kind(method)}` };
  // params are structured when present; null is let through (some clients send it for shutdown and exit).
  if (params !== undefined && params !== null && typeof params !== 'object')
    return hasId ? invalid(answerId, `the params of ${method} are ${kind(params)}`) : { drop: `a ${method} notification whose params are ${kind(params)}` };
  if (!hasId && method === '$/cancelRequest' && !(isObject(params) && isId(params.id)))
    return { drop: `a $/cancelRequest whose params are ${isObject(params) ? 'without a request id' : kind(params)}` };
  return { pass: value as unknown as Message };
}

/**
 * Applies checkMessage to what a reader delivers, and answers bodies that are not JSON.
 * What was wrong is logged (never the message, which may quote note text): the first one,
 * then at the 10th, 100th, ... so a storm of them does not flood the log.
 */
export class MessageGuard {
  private rejected = 0;
  private sent: Promise<void> = Promise.resolve();

  constructor(
    private readonly write: (response: ResponseMessage) => Promise<void>,
    private readonly log: (line: string) => void,
  ) {}

  /** A body that is not JSON: a parse error with a null id (the id cannot be read). */
  notJson(): void {
    this.reject('a message body is not JSON');
    this.send({ jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR, message: 'Parse error: the message body is not JSON' } });
  }

  /**
   * A body that did not arrive whole and was dropped (stdioReader.ts; `detail` gives lengths
   * only): a parse error with a null id, as for a body that is not JSON.
   */
  incomplete(detail: string): void {
    this.reject(`dropped a message whose body did not arrive whole (${detail})`);
    this.send({ jsonrpc: '2.0', id: null, error: { code: PARSE_ERROR, message: 'Parse error: the message body did not arrive whole' } });
  }

  /** Settles when every answer so far has been written (before the process exits). */
  flushed(): Promise<void> {
    return this.sent;
  }

  private send(response: ResponseMessage): void {
    this.sent = this.write(response);
  }

  /** Wraps `reader.listen` so that only well-formed messages reach the connection. */
  guard<R extends MessageReader>(reader: R): R {
    const listen = reader.listen.bind(reader);
    reader.listen = (callback: DataCallback) => listen((value: unknown) => this.accept(value, callback));
    return reader;
  }

  private accept(value: unknown, callback: DataCallback): void {
    const verdict = checkMessage(value);
    if ('pass' in verdict) return callback(verdict.pass);
    if ('drop' in verdict) return this.reject(`dropped ${verdict.drop}`);
    this.reject(`answered a malformed message (${verdict.why})`);
    const { id, code, message } = verdict.answer;
    this.send({ jsonrpc: '2.0', id, error: { code, message } });
  }

  private reject(what: string): void {
    this.rejected++;
    if (/^10*$/.test(String(this.rejected)))
      this.log(`biomed language server: ${what}; ${this.rejected} malformed message${this.rejected === 1 ? '' : 's'} so far, still serving.`);
  }
}
