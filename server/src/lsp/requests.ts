/** Typed registration of this extension's own requests and notifications (protocol/protocol.ts) on a connection. */
import { CancellationToken, Connection } from 'vscode-languageserver';
import { NotificationType, RequestType } from '../protocol/protocol';

export function onRequest<P, R>(
  connection: Connection,
  type: RequestType<P, R>,
  handler: (params: P, token: CancellationToken) => R | Promise<R>,
): void {
  // The generic overload's result type is conditional on R; the handler's own type is checked above.
  connection.onRequest(type.method, ((params: unknown, token: CancellationToken) => handler(params as P, token)) as never);
}

export function sendNotification<P>(connection: Connection, type: NotificationType<P>, params: P): void {
  void connection.sendNotification(type.method, params);
}
