/**
 * NLI findings to diagnostics: a contradicted statement is a warning, an unsupported one
 * information (both configurable); entailed statements give none. The range is the
 * statement, relatedInformation the premise sentences behind the verdict.
 */
import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NliFinding } from '../engine/pipeline/analysis';
import { IgnoreFindingCommand } from '../protocol/protocol';
import { SeveritySetting } from './settings';

export const NLI_SOURCE = 'biomed-nli';

const SEVERITY: Record<SeveritySetting, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function brief(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  // Never cut a surrogate pair (an emoji) in two.
  const cut = /[\ud800-\udbff]/.test(flat[max - 2]) ? max - 2 : max - 1;
  return `${flat.slice(0, cut)}…`;
}

export function nliDiagnostics(
  doc: TextDocument,
  findings: readonly NliFinding[],
  severity: { contradiction: SeveritySetting; unsupported: SeveritySetting },
  ignored: ReadonlySet<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const range = (s: { start: number; end: number }) => ({ start: doc.positionAt(s.start), end: doc.positionAt(s.end) });
  for (const f of findings) {
    if (f.state !== 'done' || f.label === 'entailment' || !f.label) continue;
    if (ignored.has(f.hypothesis.text)) continue;
    const contradiction = f.label === 'contradiction';
    const message = contradiction
      ? `The note contradicts this: “${brief(f.evidence[0].text)}”`
      : f.evidence.length > 0
        ? `Not supported by the note (checked ${f.evidence.length} related sentence${f.evidence.length === 1 ? '' : 's'}).`
        : 'Not supported by the note: no sentence of it is about this.';
    out.push({
      range: range(f.hypothesis),
      severity: SEVERITY[contradiction ? severity.contradiction : severity.unsupported],
      source: NLI_SOURCE,
      code: contradiction ? 'contradiction' : 'unsupported',
      message,
      relatedInformation: f.evidence.map((e) => ({
        location: { uri: doc.uri, range: range(e) },
        message: contradiction ? 'Contradicting evidence' : 'Related sentence that does not support it',
      })),
      data: { sentence: f.hypothesis.text },
    });
  }
  return out;
}

/** "Ignore this finding" for each NLI diagnostic in the request's context. */
export function ignoreActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  return diagnostics
    .filter((d) => d.source === NLI_SOURCE && typeof (d.data as { sentence?: unknown })?.sentence === 'string')
    .map((d) => ({
      title: 'Ignore this finding',
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      command: { title: 'Ignore this finding', command: IgnoreFindingCommand, arguments: [uri, (d.data as { sentence: string }).sentence] },
    }));
}
