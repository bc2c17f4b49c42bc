/** Typed registration of this extension's own requests and notifications (protocol/protocol.ts) on a connection. */
import { CancellationToken, Connection } from 'vscode-languageserver';
import { NotificationType, RequestType } from '../protocol/protocol';

export function onRequest<P, R>(connection: Connection, type: RequestType<P, R>, handler: (params: P, token: CancellationToken) => R | Promise<R>): void {
  // Registered by name, the handler gets the message's params spread out and the token last:
  // a client that sent [params, null] must not shift the token. (The generic overload's
  // result type is conditional on R; the handler's own type is checked above.)
  connection.onRequest(type.method, ((...args: unknown[]) => {
    const token = args[args.length - 1];
    return handler(args[0] as P, CancellationToken.is(token) ? token : CancellationToken.None);
  }) as never);
}

/** Sends one of this server's own notifications (ServerContext.notify: only to a client that declared them). */
export type Notify = <P>(type: NotificationType<P>, params: P) => void;
