/**
 * Every request handler of the server runs through here, so that each answers the same way:
 * a request the client cancelled gets LSP's RequestCancelled (whatever the handler had
 * found), a request about a note that is not open gets the feature's default answer, a
 * refusal meant for the user (a ModelError, a DownloadError, an Error with a message for
 * the user) is answered with its message as before, and a bug (an InternalError, or what
 * JavaScript throws for one: TypeError, RangeError, ...) is logged with its stack and
 * answered with LSP's InternalError code and a message that says it is a bug, not the model.
 */
import { CancellationToken, Connection, ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageserver';
import { InternalError, isBug } from '../engine';
import { RequestType } from '../protocol/protocol';
import { NoteSession, NoteSessions } from './noteSession';
import { onRequest } from './requests';

export type Handler<P, R> = (params: P, token: CancellationToken) => R | Promise<R>;
/** A handler as registered: always a promise (cancellation and errors mapped). */
export type SafeHandler<P, R> = (params: P, token: CancellationToken) => Promise<R>;
export type NoteHandler<P, R> = (session: NoteSession, params: P, token: CancellationToken) => R | Promise<R>;

export function cancelledError(): ResponseError<void> {
  return new ResponseError(LSPErrorCodes.RequestCancelled, 'The request was cancelled.');
}

/** An internal error in the log: its stack (which holds no note text, as its message holds none). */
export function logInternalError(connection: Connection, err: InternalError): void {
  connection.console.error(`[internal error] ${err.stack ?? err.message}`);
}

export class Runner {
  constructor(
    private readonly connection: Connection,
    private readonly sessions: NoteSessions,
  ) {}

  /** `handler` with cancellation and error mapping; `method` names it in the log. */
  safe<P, R>(method: string, handler: Handler<P, R>): SafeHandler<P, R> {
    return async (params, token) => {
      if (token.isCancellationRequested) throw cancelledError();
      let result: R;
      try {
        result = await handler(params, token);
      } catch (err) {
        throw this.failure(method, err, token);
      }
      // The client no longer waits for it: it is told so rather than given a stale answer.
      if (token.isCancellationRequested) throw cancelledError();
      return result;
    };
  }

  /** The handler of a request about one note (`uriOf` its URI): `defaultResult` where it is not open. */
  forNote<P, R>(method: string, uriOf: (params: P) => string, defaultResult: R, handler: NoteHandler<P, R>): SafeHandler<P, R> {
    return this.safe(method, (params, token) => {
      const session = this.sessions.get(uriOf(params));
      return session ? handler(session, params, token) : defaultResult;
    });
  }

  /** Registers one of this extension's own requests (protocol/protocol.ts). */
  request<P, R>(type: RequestType<P, R>, handler: Handler<P, R>): void {
    onRequest(this.connection, type, this.safe(type.method, handler));
  }

  /** Registers one of this extension's requests about a note (`params.uri`). */
  noteRequest<P extends { uri: string }, R>(type: RequestType<P, R>, defaultResult: R, handler: NoteHandler<P, R>): void {
    onRequest(
      this.connection,
      type,
      this.forNote(type.method, (p) => p.uri, defaultResult, handler),
    );
  }

  /** What the client is answered for `err`. */
  private failure(method: string, err: unknown, token: CancellationToken): unknown {
    if (err instanceof ResponseError) return err;
    // A cancelled pull or download fails with its own "cancelled" error: the request was cancelled.
    if (token.isCancellationRequested) return cancelledError();
    // A refusal for the user: answered as the protocol library answers any error (its message kept).
    if (!isBug(err)) return err;
    const internal = err instanceof InternalError ? err : new InternalError(method, err);
    logInternalError(this.connection, internal);
    return new ResponseError(ErrorCodes.InternalError, internal.userMessage);
  }
}
