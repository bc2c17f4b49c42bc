/**
 * Engine spans and LSP ranges of one document version. Engine offsets count UTF-16 code
 * units, as LSP positions do, so the document's own conversion is exact.
 */
import { Range } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';

export interface Span {
  start: number;
  end: number;
}

export function lspRange(doc: TextDocument, span: Span): Range {
  return { start: doc.positionAt(span.start), end: doc.positionAt(span.end) };
}

export function offsetSpan(doc: TextDocument, range: Range): Span {
  return { start: doc.offsetAt(range.start), end: doc.offsetAt(range.end) };
}
