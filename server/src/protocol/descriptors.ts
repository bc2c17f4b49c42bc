/**
 * What the protocol's modules share (protocol.ts re-exports it): a request's and a
 * notification's descriptor, typed with their params and results, and an LSP range.
 */

/** A request: its method name, with the types of its params and result attached. */
export interface RequestType<P, R> {
  readonly method: string;
  /** Never set: carries P and R for the type checker. */
  readonly types?: { params: P; result: R };
}
/** A notification: its method name, with the type of its params attached. */
export interface NotificationType<P> {
  readonly method: string;
  readonly types?: { params: P };
}
export function request<P, R>(method: string): RequestType<P, R> {
  return { method };
}
export function notification<P>(method: string): NotificationType<P> {
  return { method };
}

/** A range as LSP gives it (zero-based lines, UTF-16 characters). */
export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
