/**
 * How a summary statement was checked, for whoever asks to see it: every premise the
 * statement was checked against, its verdict, why it decides or not and why retrieval chose
 * it (retrieval's scores only with verbose tracing). The diagnostics
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

/**
 * Why a premise was chosen, in words: "shared words: creatinine; quantity: heart rate".
 * Retrieval's numbers (an embedding's cosine) mean nothing to a clinician: only with `verbose`.
 */
export function reasonWords(reasons: readonly EvidenceReason[] | undefined, verbose = true): string {
  if (!reasons?.length) return 'not recorded (planned for an earlier version of the note)';
  return reasons
    .map((r) =>
      r.kind === 'unrelated'
        ? 'nothing shared with the statement; checked while there was room'
        : r.kind === 'embedding'
          ? verbose
            ? `similar meaning (cosine ${r.detail})`
            : 'similar meaning'
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

/** Whether a premise decides the finding, and why (the rule: any contradiction, then any support). */
function decides(f: NliFinding, p: NliPremise): boolean {
  return !!p.label && p.label !== 'neutral' && p.label === f.label;
}

function whyPremise(f: NliFinding, p: NliPremise): string {
  if (!p.label) return f.state === 'pending' ? 'not answered yet' : 'no usable answer from the model for this sentence';
  if (decides(f, p)) return p.label === 'contradiction' ? 'a contradiction decides the verdict' : 'it supports the statement and nothing contradicts it';
  if (p.label === 'entailment') return 'a contradicting sentence outweighs support';
  return 'the model found it neither supports nor contradicts the statement';
}

/**
 * The statement, its verdict, then the sentences that decide it and those checked that do
 * not, each with its verdict, why it decides or not, and why it was chosen (plain text, in
 * the note's order within each part; retrieval's scores only with verbose tracing).
 */
export function explainFinding(doc: TextDocument, f: NliFinding, verbose = false): string {
  const line = (s: { start: number }) => doc.positionAt(s.start).line + 1;
  const premises = premisesOf(f)
    .slice()
    .sort((a, b) => a.sentence.start - b.sentence.start);
  const deciding = premises.filter((p) => decides(f, p));
  const others = premises.filter((p) => !decides(f, p));
  const out = [
    `How this statement was checked`,
    '',
    `Statement (line ${line(f.hypothesis)}): “${oneLine(f.hypothesis.text, Infinity)}”`,
    `Verdict: ${verdictOf(f)}`,
    '',
    'Each sentence below was put to the model on its own, with the statement. Any contradiction decides; then any support; otherwise the statement is not supported. Sentences are chosen by what they share with the statement (words, concepts, quantities, entities, similar meaning), as many as the limits allow.',
  ];
  const count = (n: number) => `${n} sentence${n === 1 ? '' : 's'}`;
  let n = 0;
  const entries = (part: NliPremise[]) =>
    part.forEach((p) => {
      out.push(
        '',
        `${++n}. line ${line(p.sentence)}: “${oneLine(p.sentence.text, Infinity)}”`,
        `   verdict: ${p.label ? PREMISE[p.label] : f.state === 'pending' ? 'not answered yet' : 'no usable answer'}: ${whyPremise(f, p)}`,
        `   chosen for: ${reasonWords(p.reasons, verbose)}${verbose && p.score !== undefined ? ` (score ${p.score.toFixed(2)})` : ''}`,
      );
    });
  if (deciding.length) {
    out.push('', `Deciding (${count(deciding.length)}):`);
    entries(deciding);
  }
  if (others.length) {
    out.push('', deciding.length ? `Also checked, not deciding (${count(others.length)}):` : `Checked against ${count(others.length)}; none decides it:`);
    entries(others);
  }
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
