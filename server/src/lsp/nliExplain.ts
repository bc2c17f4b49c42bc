/**
 * How a summary statement was checked, for whoever asks to see it: every premise the
 * statement was checked against, its verdict and why retrieval chose it. The diagnostics
 * leave this out (it is machinery, not evidence); the "Show how this was checked" code action
 * shows `explainFinding`, and verbose tracing logs `traceFinding`.
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { EvidenceReason, NliFinding, NliPremise } from '../engine';
import { oneLine } from '../protocol/protocol';

const FINDING: Record<string, string> = {
  contradiction: 'contradicted by the note',
  entailment: 'supported by the note',
  neutral: 'not supported by the note (no sentence decides it)',
};

const PREMISE: Record<string, string> = {
  contradiction: 'contradicts the statement',
  entailment: 'supports the statement',
  neutral: 'does not decide it',
};

/** Why a premise was chosen, in words: "shared words: creatinine; quantity: heart rate". */
export function reasonWords(reasons: readonly EvidenceReason[] | undefined): string {
  if (!reasons?.length) return 'not recorded (planned for an earlier version of the note)';
  return reasons
    .map((r) =>
      r.kind === 'unrelated'
        ? 'nothing shared with the statement; checked while there was room'
        : r.kind === 'embedding'
          ? `similar meaning (cosine ${r.detail})`
          : `${r.kind === 'words' ? 'shared words' : r.kind}: ${r.detail}`,
    )
    .join('; ');
}

function verdictOf(f: NliFinding): string {
  if (f.state === 'pending') return 'still being checked';
  if (f.state === 'failed' || !f.label) return 'no usable answer from the model';
  return FINDING[f.label];
}

function premisesOf(f: NliFinding): NliPremise[] {
  return f.premises?.length ? f.premises : f.evidence.map((sentence) => ({ sentence, label: f.label }));
}

/** The statement, its verdict, and each premise in the note's order with its verdict and why it was chosen (plain text). */
export function explainFinding(doc: TextDocument, f: NliFinding): string {
  const line = (s: { start: number }) => doc.positionAt(s.start).line + 1;
  const premises = premisesOf(f);
  const out = [
    `How this statement was checked`,
    '',
    `Statement (line ${line(f.hypothesis)}): “${oneLine(f.hypothesis.text, Infinity)}”`,
    `Verdict: ${verdictOf(f)}`,
    '',
    'Each sentence below was put to the model on its own, with the statement.',
    'Any contradiction decides; then any support; otherwise it is not supported.',
    'Sentences are chosen by what they share with the statement (words, concepts,',
    'quantities, entities, similar meaning), best first, as many as the limits allow.',
    '',
    premises.length === 1 ? 'Checked against 1 sentence:' : `Checked against ${premises.length} sentences:`,
  ];
  premises
    .slice()
    .sort((a, b) => a.sentence.start - b.sentence.start)
    .forEach((p, i) => {
      out.push(
        '',
        `${i + 1}. line ${line(p.sentence)}: “${oneLine(p.sentence.text, Infinity)}”`,
        `   verdict: ${p.label ? PREMISE[p.label] : f.state === 'pending' ? 'not answered yet' : 'no usable answer'}`,
        `   chosen for: ${reasonWords(p.reasons)}${p.score !== undefined ? ` (score ${p.score.toFixed(2)})` : ''}`,
      );
    });
  if (premises.length === 0) out.push('', 'There is no other sentence in the note to check it against.');
  return `${out.join('\n')}\n`;
}

/** One log line per finding for verbose tracing (it quotes note text: only ever logged at trace level verbose). */
export function traceFinding(doc: TextDocument, f: NliFinding): string {
  const line = (s: { start: number }) => doc.positionAt(s.start).line + 1;
  const premises = premisesOf(f).map(
    (p) =>
      `line ${line(p.sentence)} ${p.label ?? 'no answer'} (chosen for ${reasonWords(p.reasons)}${p.score !== undefined ? `, score ${p.score.toFixed(2)}` : ''})`,
  );
  return `“${oneLine(f.hypothesis.text, 80)}” (line ${line(f.hypothesis)}): ${verdictOf(f)}; premises: ${premises.join(', ') || 'none'}`;
}
