/**
 * `biomed eval assertion`'s scores: the ConText rules (tasks/assertion) on a NegEx / ConText
 * test set in the context-tsv layout. No model: each row's condition is located in its
 * sentence and marked by the rules alone. Precision, recall and F1 per status (negated,
 * possible, historical, hypothetical, other experiencer) and accuracy per attribute.
 *
 * The rows carry no section: a sentence is marked as if it stood in no section. The
 * layout's convention is kept: a condition in a family history is also historical.
 */
import { ContextRow, NegationValue, parseContextTsv, TemporalityValue } from '../formats/contextTsv';
import { SkipCounts } from '../formats/document';
import { markAssertions } from '../tasks/assertion/context';
import * as fs from 'node:fs';
import { InputError } from '../errors';
import { CompiledTerms, defaultTerms, resolveTermsPath, termsFromText } from '../tasks/assertion/terms';
import { Mention } from '../types';

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** A status's counts: true and false positives, misses, gold and predicted rows. */
export type StatusCounts = Counts & { gold: number; predicted: number };

export interface Prf {
  precision: number;
  recall: number;
  f1: number;
}

export interface AssertionScores {
  rows: number;
  negation: Prf & { accuracy: number };
  historical: Prf & { accuracy: number };
  hypothetical: Prf & { accuracy: number };
  experiencer: Prf & { accuracy: number };
  /** Not in the command's JSON: the table's extra lines. */
  possible: Prf;
  counts: Record<'negated' | 'possible' | 'historical' | 'hypothetical' | 'experiencer', StatusCounts>;
  accuracy: { negation: number; temporality: number; experiencer: number };
}

/** Percent, one decimal; 0 where nothing was predicted or there is no gold. */
const one = (x: number) => Math.round(x * 1000) / 10;

function prf(c: Counts): Prf {
  const p = c.tp + c.fp ? c.tp / (c.tp + c.fp) : 0;
  const r = c.tp + c.fn ? c.tp / (c.tp + c.fn) : 0;
  return { precision: one(p), recall: one(r), f1: one(p + r ? (2 * p * r) / (p + r) : 0) };
}

/** The rules' statuses for one row's condition. */
function predictRow(row: ContextRow, terms: CompiledTerms): Mention {
  const mention: Mention = { start: row.start, end: row.end, type: 'problem', text: row.sentence.slice(row.start, row.end) };
  // The layout's convention: a condition in a family history is historical too.
  return markAssertions(row.sentence, [mention], { terms, familyHistoryIsHistorical: true })[0];
}

/** The scores of the rules over rows already read. */
export function scoreRows(rows: readonly ContextRow[], terms: CompiledTerms): AssertionScores {
  const zero = (): StatusCounts => ({ tp: 0, fp: 0, fn: 0, gold: 0, predicted: 0 });
  const counts = { negated: zero(), possible: zero(), historical: zero(), hypothetical: zero(), experiencer: zero() };
  const add = (c: StatusCounts, gold: boolean, predicted: boolean) => {
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

/**
 * The terms a run scores with: the defaults, merged with a user's file when one is named
 * (`option`: how the front end names it in a message). A file named explicitly must be
 * usable: one that is missing or malformed is refused, never replaced by the defaults.
 */
function termsFor(extraTermsFile: string | undefined, option: string): CompiledTerms {
  if (extraTermsFile === undefined) return defaultTerms();
  const file = resolveTermsPath(extraTermsFile);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new InputError(`${option}: no such file: ${extraTermsFile}`);
  const { terms, error } = termsFromText(fs.readFileSync(file, 'utf8'), `${option} ${extraTermsFile}`);
  if (error) throw new InputError(error.replace(/; the default assertion terms are used\.$/, '.'));
  return terms;
}

/**
 * The rules scored on a file's text in the context-tsv layout (its first `limit` rows), with
 * the user's terms file merged into the defaults when one is named, and what the reader
 * skipped; `scores` is undefined when it holds no row.
 */
export function scoreAssertions(
  text: string,
  options: { extraTermsFile?: string; option?: string; limit?: number } = {},
): { scores?: AssertionScores; skips: SkipCounts } {
  const terms = termsFor(options.extraTermsFile, options.option ?? 'extra terms');
  const { limit } = options;
  const read = parseContextTsv(text);
  const rows = read.rows.slice(0, limit);
  return { scores: rows.length > 0 ? scoreRows(rows, terms) : undefined, skips: read.skips };
}
