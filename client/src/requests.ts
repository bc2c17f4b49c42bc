/** Typed use of this extension's own requests and notifications (protocol/protocol.ts) on the language client. */
import type { CancellationToken, Disposable, LanguageClient } from 'vscode-languageclient/node';
import type { NotificationType, RequestType } from '../../server/src/protocol/protocol';

export function sendRequest<R>(client: LanguageClient, type: RequestType<void, R>): Promise<R>;
export function sendRequest<P, R>(client: LanguageClient, type: RequestType<P, R>, params: P, token?: CancellationToken): Promise<R>;
export function sendRequest<P, R>(client: LanguageClient, type: RequestType<P, R>, params?: P, token?: CancellationToken): Promise<R> {
  if (params === undefined) return client.sendRequest<R>(type.method);
  // An undefined token would travel as a second parameter (the library takes a trailing
  // argument for a token only when it is one).
  return token ? client.sendRequest<R>(type.method, params, token) : client.sendRequest<R>(type.method, params);
}

export function onNotification<P>(client: LanguageClient, type: NotificationType<P>, handler: (params: P) => void): Disposable {
  return client.onNotification(type.method, handler as (params: unknown) => void);
}
