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
import { evaluation } from '../../engine';
import { choice, intOption, parse, reportSkips, UsageError } from '../args';
import { EVAL_HELP, pct, table, usageOf } from './common';

const { scoreAssertions } = evaluation;
type Scores = NonNullable<ReturnType<typeof scoreAssertions>['scores']>;

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
  const extraTermsFile = typeof values['extra-terms'] === 'string' ? values['extra-terms'] : undefined;
  let read: ReturnType<typeof scoreAssertions>;
  try {
    read = scoreAssertions(fs.readFileSync(file, 'utf8'), { extraTermsFile, option: '--extra-terms', limit });
  } catch (err) {
    throw usageOf(err);
  }
  const { scores: s, skips } = read;
  reportSkips(file, skips, 'rows', values.strict === true);
  if (!s)
    throw new UsageError(
      `No rows in the context-tsv layout in ${file} (a header line, then id, condition, sentence, negation, temporality, experiencer, tab-separated).`,
      EVAL_HELP,
    );
  if (values.json) {
    const { rows: n, negation, historical, hypothetical, experiencer } = s;
    console.log(JSON.stringify({ rows: n, negation, historical, hypothetical, experiencer }, null, 2));
    return 0;
  }
  console.log(`${file}: ${s.rows} rows, ConText rules (no model)${values['extra-terms'] ? ` with ${values['extra-terms']}` : ''}\n`);
  const line = (name: string, c: Scores['counts']['negated'], f: Scores['possible']) => [
    name,
    c.gold,
    c.predicted,
    c.tp,
    pct(f.precision),
    pct(f.recall),
    pct(f.f1),
  ];
  console.log(
    table(
      ['status', 'gold', 'predicted', 'correct', 'precision', 'recall', 'F1'],
      [
        line('negated', s.counts.negated, s.negation),
        line('possible', s.counts.possible, s.possible),
        line('historical', s.counts.historical, s.historical),
        line('hypothetical', s.counts.hypothetical, s.hypothetical),
        line('other experiencer', s.counts.experiencer, s.experiencer),
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
