/**
 * `biomed eval ner|re|nli`: a served model measured on standard corpora, the way the
 * instruction-tuning papers report it: NER by strict and overlap precision, recall and F1
 * per type and micro-averaged (published figures beside known datasets), RE by micro-F1
 * without the none class, NLI by accuracy and a confusion matrix. `biomed eval assertion`:
 * the ConText rules on a NegEx / ConText test set, no model (eval/assertion.ts).
 *
 * The medtuned profile asks with the verbatim training instructions: NER literature types
 * with the instructions of the matching training set (engine/eval/datasets.ts decides from
 * the corpus's name and types), relations with i2b2-2010's, NLI with MedNLI's. With
 * `--instruction-variant all` every variant of the task's set is scored in turn (prompt
 * sensitivity): per-variant figures, their mean and sample standard deviation, beside the
 * published figure. Each variant is its own prompt version, so the cache never mixes them.
 */
import * as fs from 'node:fs';
import { intOption, parse, UsageError } from './args';
import { cliEngine, instructionVariantFlag } from './engineOptions';
import { EVAL_HELP, EVAL_OPTIONS } from './eval/common';
import { evalAssertion } from './eval/assertion';
import { evalDeid } from './eval/deid';
import { evalLink } from './eval/link';
import { evalNer } from './eval/ner';
import { evalNli } from './eval/nli';
import { evalRe } from './eval/re';

export async function evaluate(argv: string[]): Promise<number> {
  const [task, ...rest] = argv;
  if (task === undefined || task === '-h' || task === '--help') {
    console.log(EVAL_HELP);
    return task === undefined ? 2 : 0;
  }
  // The assertion rules need no model: their own options, no model flags.
  if (task === 'assertion') return evalAssertion(rest);
  // Concept linking needs no model either: a vocabulary and gold mentions.
  if (task === 'link') return evalLink(rest);
  // De-identification: the PHI rules, no model.
  if (task === 'deid') return evalDeid(rest);
  if (!['ner', 're', 'nli'].includes(task))
    throw new UsageError(
      `Unknown evaluation "${task}": use ner, re or nli (a model), assertion (the ConText rules), link (concepts from a vocabulary) or deid (PHI rules).`,
      EVAL_HELP,
    );
  const { values, positionals } = parse(rest, EVAL_OPTIONS, EVAL_HELP);
  if (values.help) {
    console.log(EVAL_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError(`biomed eval ${task} takes one corpus file or folder.`, EVAL_HELP);
  const corpus = positionals[0];
  if (!fs.existsSync(corpus)) throw new UsageError(`No such file or folder: ${corpus}`, EVAL_HELP);
  const limit = intOption(values.limit, 'limit', 1, EVAL_HELP);
  const allVariants = instructionVariantFlag(values['instruction-variant'], EVAL_HELP, true) === 'all';
  // `all` is this command's: the engine configuration takes one variant (the default).
  const setup = cliEngine(allVariants ? { ...values, 'instruction-variant': undefined } : values, EVAL_HELP);
  const run = { setup, allVariants };
  if (task === 'ner') return evalNer(corpus, values, limit, run);
  if (task === 're') return evalRe(corpus, values, limit, run);
  return evalNli(corpus, values, limit, run);
}
