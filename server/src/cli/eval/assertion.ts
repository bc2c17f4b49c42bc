/**
 * `biomed eval assertion FILE --format context-tsv`: the ConText rules (engine/tasks/assertion)
 * scored on a NegEx / ConText test set. No model: each row's condition is located in its
 * sentence and marked by the rules alone. Precision, recall and F1 per status (negated,
 * possible, historical, hypothetical, other experiencer) and accuracy per attribute
 * (negation: Affirmed / Negated / Possible; temporality: Recent / Historical / Not particular;
 * experiencer: patient or not).
 *
 * The rows carry no section: a sentence is marked as if it stood in no section, so a bare
 * list item of a Past Medical History reads as recent here (the editor knows its section). A
 * section label inside the sentence ("SOCIAL HISTORY: ...") still counts. The layout's
 * convention is kept: a condition in a family history is also historical.
 */
import * as fs from 'node:fs';
import { assertion, formats, Mention } from '../../engine';
import { choice, intOption, parse, reportSkips, UsageError } from '../args';
import { EVAL_HELP, pct, table } from './common';

const { defaultTerms, markAssertions, resolveTermsPath, termsFromText } = assertion;
type CompiledTerms = assertion.CompiledTerms;
const { parseContextTsv } = formats;
type ContextRow = formats.ContextRow;
type NegationValue = formats.NegationValue;
type TemporalityValue = formats.TemporalityValue;

export const ASSERTION_OPTIONS = {
  format: { type: 'string' as const },
  json: { type: 'boolean' as const },
  limit: { type: 'string' as const },
  strict: { type: 'boolean' as const },
  'extra-terms': { type: 'string' as const },
};

/** The published figures docs/guide/evaluation.md and the table quote beside this run's. */
export const REFERENCE = {
  negex: 'NegEx (GenNegEx 1.2; Chapman et al.): negation F1 94.6, accuracy 97.7 on 2,376 annotated sentences of de-identified reports',
  genConText:
    'genConText (Java ConText) on the same sentences: negation F1 98.1; historical F1 66.5 (P 75.4, R 59.5), hypothetical P 100 R 92.9, other experiencer 4 of 4 (derived from its published outputs)',
  context: 'ConText: Harkema, Dowling, Thornblade, Chapman, J Biomed Inform 2009',
};

/** Printed under the table: what the rows cannot tell the rules. */
export const NO_SECTION_NOTE =
  'The rows carry no section: each sentence is marked as if it stood in no section (a bare list item of a Past Medical History, Social History or Allergies section reads as recent here; in the editor its section makes it historical). A section label inside the sentence ("SOCIAL HISTORY: ...") counts.';

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

/** Percent, one decimal; 0 where nothing was predicted or there is no gold. */
const one = (x: number) => Math.round(x * 1000) / 10;

export function prf(c: Counts): Prf {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  return { precision: one(p), recall: one(r), f1: one(p + r ? (2 * p * r) / (p + r) : 0) };
}

export interface AssertionScores {
  rows: number;
  negation: Prf & { accuracy: number };
  historical: Prf & { accuracy: number };
  hypothetical: Prf & { accuracy: number };
  experiencer: Prf & { accuracy: number };
  /** Not in the JSON: the table's extra lines. */
  possible: Prf;
  counts: Record<'negated' | 'possible' | 'historical' | 'hypothetical' | 'experiencer', Counts & { gold: number; predicted: number }>;
  accuracy: { negation: number; temporality: number; experiencer: number };
}

/** The rules' statuses for one row's condition. */
export function predictRow(row: ContextRow, terms: CompiledTerms): Mention {
  const mention: Mention = { start: row.start, end: row.end, type: 'problem', text: row.sentence.slice(row.start, row.end) };
  // The layout's convention: a condition in a family history is historical too.
  return markAssertions(row.sentence, [mention], { terms, familyHistoryIsHistorical: true })[0];
}

export function scoreRows(rows: readonly ContextRow[], terms: CompiledTerms): AssertionScores {
  const zero = () => ({ tp: 0, fp: 0, fn: 0, gold: 0, predicted: 0 });
  const counts = { negated: zero(), possible: zero(), historical: zero(), hypothetical: zero(), experiencer: zero() };
  const add = (c: Counts & { gold: number; predicted: number }, gold: boolean, predicted: boolean) => {
    if (gold) c.gold++;
    if (predicted) c.predicted++;
    if (gold && predicted) c.tp++;
    else if (predicted) c.fp++;
    else if (gold) c.fn++;
  };
  let negationRight = 0;
  let temporalityRight = 0;
  let experiencerRight = 0;
  for (const row of rows) {
    const m = predictRow(row, terms);
    const negation: NegationValue = m.negated ? 'negated' : m.possible ? 'possible' : 'affirmed';
    const temporality: TemporalityValue = m.hypothetical ? 'hypothetical' : m.historical ? 'historical' : 'recent';
    const other = !!m.family;
    add(counts.negated, row.negation === 'negated', negation === 'negated');
    add(counts.possible, row.negation === 'possible', negation === 'possible');
    add(counts.historical, row.temporality === 'historical', temporality === 'historical');
    add(counts.hypothetical, row.temporality === 'hypothetical', temporality === 'hypothetical');
    add(counts.experiencer, row.experiencer === 'other', other);
    if (negation === row.negation) negationRight++;
    if (temporality === row.temporality) temporalityRight++;
    if (other === (row.experiencer === 'other')) experiencerRight++;
  }
  const n = rows.length;
  const acc = (right: number) => (n ? one(right / n) : 0);
  const accuracy = { negation: acc(negationRight), temporality: acc(temporalityRight), experiencer: acc(experiencerRight) };
  return {
    rows: n,
    negation: { ...prf(counts.negated), accuracy: accuracy.negation },
    historical: { ...prf(counts.historical), accuracy: accuracy.temporality },
    hypothetical: { ...prf(counts.hypothetical), accuracy: accuracy.temporality },
    experiencer: { ...prf(counts.experiencer), accuracy: accuracy.experiencer },
    possible: prf(counts.possible),
    counts,
    accuracy,
  };
}

function termsOption(file: unknown): CompiledTerms {
  if (typeof file !== 'string') return defaultTerms();
  const path = resolveTermsPath(file);
  if (!fs.existsSync(path) || !fs.statSync(path).isFile()) throw new UsageError(`--extra-terms: no such file: ${file}`, EVAL_HELP);
  const { terms, error } = termsFromText(fs.readFileSync(path, 'utf8'), `--extra-terms ${file}`);
  // A file the user named explicitly must be usable: say why not, do not score with the defaults.
  if (error) throw new UsageError(error.replace(/; the default assertion terms are used\.$/, '.'), EVAL_HELP);
  return terms;
}

/** `biomed eval assertion ...` (argv after `assertion`). */
export async function evalAssertion(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, ASSERTION_OPTIONS, EVAL_HELP);
  if (values.help) {
    console.log(EVAL_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('biomed eval assertion takes one file in the context-tsv layout.', EVAL_HELP);
  if (values.format === undefined) throw new UsageError('biomed eval assertion needs --format context-tsv (the NegEx / ConText test-set layout).', EVAL_HELP);
  choice(values.format, 'format', ['context-tsv'], EVAL_HELP);
  const file = positionals[0];
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`No such file: ${file}`, EVAL_HELP);
  const limit = intOption(values.limit, 'limit', 1, EVAL_HELP);
  const terms = termsOption(values['extra-terms']);
  const read = parseContextTsv(fs.readFileSync(file, 'utf8'));
  reportSkips(file, read.skips, 'rows', values.strict === true);
  const rows = read.rows.slice(0, limit);
  if (rows.length === 0)
    throw new UsageError(
      `No rows in the context-tsv layout in ${file} (a header line, then id, condition, sentence, negation, temporality, experiencer, tab-separated).`,
      EVAL_HELP,
    );
  const s = scoreRows(rows, terms);
  if (values.json) {
    const { rows: n, negation, historical, hypothetical, experiencer } = s;
    console.log(JSON.stringify({ rows: n, negation, historical, hypothetical, experiencer }, null, 2));
    return 0;
  }
  console.log(`${file}: ${s.rows} rows, ConText rules (no model)${values['extra-terms'] ? ` with ${values['extra-terms']}` : ''}\n`);
  const line = (name: string, c: Counts & { gold: number; predicted: number }) => {
    const f = prf(c);
    return [name, c.gold, c.predicted, c.tp, pct(f.precision), pct(f.recall), pct(f.f1)];
  };
  console.log(
    table(
      ['status', 'gold', 'predicted', 'correct', 'precision', 'recall', 'F1'],
      [
        line('negated', s.counts.negated),
        line('possible', s.counts.possible),
        line('historical', s.counts.historical),
        line('hypothetical', s.counts.hypothetical),
        line('other experiencer', s.counts.experiencer),
      ],
    ),
  );
  console.log('');
  console.log(
    table(
      ['attribute (classes)', 'accuracy'],
      [
        ['negation (Affirmed / Negated / Possible)', pct(s.accuracy.negation)],
        ['temporality (Recent / Historical / Not particular)', pct(s.accuracy.temporality)],
        ['experiencer (Patient / Other or Family member)', pct(s.accuracy.experiencer)],
      ],
    ),
  );
  console.log(`\n${NO_SECTION_NOTE}`);
  console.log(`\nReference figures (other corpora): ${REFERENCE.negex}. ${REFERENCE.genConText}. ${REFERENCE.context}.`);
  return 0;
}
