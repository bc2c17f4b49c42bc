/**
 * NLI findings to diagnostics: a contradicted statement is a warning, an unsupported one
 * information (both configurable); entailed statements give none. The range is the
 * statement; the one-line message names the claim, the verdict and the deciding sentence
 * with its line, or how many sentences were checked. relatedInformation holds only what
 * decides: the contradicting sentences, or for an unsupported statement the nearest one or
 * two. Why each premise was chosen is retrieval's business, not the reader's: it is in
 * "Show how this was checked" (nliExplain.ts) and, with verbose tracing, in the log.
 */
import { CodeAction, CodeActionKind, Diagnostic, DiagnosticSeverity } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { NliFinding } from '../engine';
import { claimWords, IgnoreFindingCommand, oneLine, ShowNliCheckCommand } from '../protocol/protocol';
import { SeveritySetting } from './settings';
import { lspRange } from './ranges';

export const NLI_SOURCE = 'biomed-nli';

type Segment = NliFinding['hypothesis'];

const SEVERITY: Record<SeveritySetting, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The claim is quoted whole up to the hover's width (claimWords, STATEMENT_WIDTH), then the
 * verdict and the deciding sentence; the evidence at most this long.
 */
const EVIDENCE_MAX = 200;
/** The statement's length in the title of "Ignore this finding" (a menu line). */
const IGNORE_TITLE_MAX = 50;
/** How many of the nearest sentences an unsupported finding relates. */
const NEAREST = 2;

/**
 * The nearest sentences of an unsupported statement, nearest first: the premises that gave a
 * verdict, in retrieval's own rank order (highest score first; ties: earlier in the note).
 * A premise that shares nothing with the statement (score 0: asked only because there was
 * room) is near nothing and is left out. Without retrieval's scores (a finding that carries
 * none), the premises in the order the finding gives them.
 */
export function nearestPremises(f: NliFinding, max = NEAREST): Segment[] {
  const answered = (f.premises ?? []).filter((p) => p.label);
  if (answered.length === 0 || answered.every((p) => p.score === undefined)) return f.evidence.slice(0, max);
  return answered
    .filter((p) => p.score === undefined || p.score > 0)
    .sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || a.sentence.start - b.sentence.start)
    .slice(0, max)
    .map((p) => p.sentence);
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
    const claim = `“${claimWords(f.hypothesis.text)}”`;
    const line = (s: { start: number }) => doc.positionAt(s.start).line + 1;
    let message: string;
    let related: { sentence: Segment; message: string }[];
    if (contradiction) {
      const n = f.evidence.length - 1;
      const more = n > 0 ? ` and ${n} more sentence${n > 1 ? 's' : ''}` : '';
      message = `${claim}: contradicted by the note: “${oneLine(f.evidence[0].text, EVIDENCE_MAX)}” (line ${line(f.evidence[0])})${more}`;
      // What the line holds, not what it does: "The evidence: “INR 4.6.”".
      related = f.evidence.map((sentence) => ({ sentence, message: `The evidence: “${oneLine(sentence.text, EVIDENCE_MAX)}”` }));
    } else {
      // For neutral, the evidence is every premise that gave a verdict: those were checked.
      const checked = f.evidence.length;
      message =
        checked > 0
          ? `${claim}: not supported by the note: checked against ${checked} sentence${checked === 1 ? '' : 's'}; none decides it.`
          : `${claim}: not supported by the note: there is no other sentence to check it against.`;
      related = nearestPremises(f).map((sentence) => ({ sentence, message: `Checked; it does not decide it: “${oneLine(sentence.text, EVIDENCE_MAX)}”` }));
    }
    out.push({
      range: lspRange(doc, f.hypothesis),
      severity: SEVERITY[contradiction ? severity.contradiction : severity.unsupported],
      source: NLI_SOURCE,
      code: contradiction ? 'contradiction' : 'unsupported',
      message,
      relatedInformation: related.map((r) => ({ location: { uri: doc.uri, range: lspRange(doc, r.sentence) }, message: r.message })),
      data: { sentence: f.hypothesis.text },
    });
  }
  return out;
}

/**
 * For each NLI diagnostic in the request's context: "Ignore this finding", and "Show how
 * this was checked" (every premise, its verdict and why retrieval chose it; the client opens
 * it read-only).
 */
export function findingActions(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  return diagnostics
    .filter((d) => d.source === NLI_SOURCE && typeof (d.data as { sentence?: unknown })?.sentence === 'string')
    .flatMap((d) => {
      const sentence = (d.data as { sentence: string }).sentence;
      // Named by its statement: two findings on one line would otherwise offer two identical titles.
      const ignore = `Ignore this finding: “${oneLine(sentence, IGNORE_TITLE_MAX)}”`;
      return [
        {
          title: ignore,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: ignore, command: IgnoreFindingCommand, arguments: [uri, sentence] },
        },
        {
          title: 'Show how this was checked',
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: 'Show how this was checked', command: ShowNliCheckCommand, arguments: [uri, sentence] },
        },
      ];
    });
}
