/**
 * NLI findings to diagnostics: a contradicted statement is a warning, an unsupported one
 * information (both configurable); entailed statements give none. The range is the
 * statement; the message names its claim and quotes the evidence with its line, or says
 * how many sentences were checked; relatedInformation lists every premise checked, each
 * with its own verdict and why it was chosen.
 */
import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EvidenceReason, NliFinding, NliPremise } from '../engine';
import { IgnoreFindingCommand } from '../protocol/protocol';
import { SeveritySetting } from './settings';
import { lspRange } from './ranges';

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

const VERDICT: Record<string, string> = {
  contradiction: 'Contradicts the statement',
  entailment: 'Supports the statement',
  neutral: 'Does not decide it',
};

/** Why a premise was chosen, in words: "shared words: creatinine; quantity: heart rate". */
function why(reasons: readonly EvidenceReason[] | undefined): string {
  if (!reasons?.length) return '';
  const parts = reasons.map((r) =>
    r.kind === 'unrelated'
      ? 'nothing shared, checked while there was room'
      : r.kind === 'embedding'
        ? `similar meaning (${r.detail})`
        : `${r.kind === 'words' ? 'shared words' : r.kind}: ${r.detail}`,
  );
  return ` (chosen for ${parts.join('; ')})`;
}

function premiseMessage(p: NliPremise): string {
  return `${p.label ? VERDICT[p.label] : 'No usable answer'}${why(p.reasons)}`;
}

export function nliDiagnostics(
  doc: TextDocument,
  findings: readonly NliFinding[],
  severity: { contradiction: SeveritySetting; unsupported: SeveritySetting },
  ignored: ReadonlySet<string>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const f of findings) {
    if (f.state !== 'done' || f.label === 'entailment' || !f.label) continue;
    if (ignored.has(f.hypothesis.text)) continue;
    const contradiction = f.label === 'contradiction';
    const claim = `“${brief(f.hypothesis.text, 60)}”`;
    const line = (s: { start: number }) => doc.positionAt(s.start).line + 1;
    const checked = f.premises?.length || f.evidence.length;
    let message: string;
    if (contradiction) {
      const more = f.evidence.length > 1 ? ` and ${f.evidence.length - 1} more sentence${f.evidence.length > 2 ? 's' : ''}` : '';
      message = `${claim}: contradicted by the note: “${brief(f.evidence[0].text)}” (line ${line(f.evidence[0])})${more}`;
    } else {
      message =
        checked > 0
          ? `${claim}: not supported by the note: checked against ${checked} sentence${checked === 1 ? '' : 's'}; none decides it.`
          : `${claim}: not supported by the note: there is no other sentence to check it against.`;
    }
    const premises: NliPremise[] = f.premises?.length ? f.premises : f.evidence.map((sentence) => ({ sentence, label: f.label }));
    out.push({
      range: lspRange(doc, f.hypothesis),
      severity: SEVERITY[contradiction ? severity.contradiction : severity.unsupported],
      source: NLI_SOURCE,
      code: contradiction ? 'contradiction' : 'unsupported',
      message,
      // The contradicting premises first, then the rest in document order, each with its own verdict.
      relatedInformation: [...premises]
        .sort((a, b) => Number(b.label === f.label && contradiction) - Number(a.label === f.label && contradiction))
        .map((p) => ({ location: { uri: doc.uri, range: lspRange(doc, p.sentence) }, message: premiseMessage(p) })),
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
