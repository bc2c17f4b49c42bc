/**
 * `biomed eval link CORPUS --format pubtator|concept|brat --vocab FILE [--synonyms CORPUS]...
 * [--model-choice MODEL OPTIONS] [--json]`: the linker on a corpus's gold mentions (no NER):
 * accuracy@1 and @5, the precision and coverage of the links given, the published figures
 * beside. PubTator and BRAT corpora carry their text, so abbreviations the document defines
 * are used; the concept layout has mentions only.
 * With --model-choice a general instruction model (json layout) chooses among the candidates
 * of the links the sieve is least sure of (engine/linking/modelChoice.ts).
 */
import * as fs from 'node:fs';
import { InputError, linking } from '../../engine';
import { choice, intOption, parse, refuseOutOverInput, reportSkips, STRICT_HELP, UsageError } from '../args';
import { cliEngine, MODEL_HELP, MODEL_OPTIONS } from '../engineOptions';
import { Progress } from '../progress';
import { pct, table } from './common';
import { NOT_IN_VOCABULARY, writeLinkErrors } from './linkErrors';

const { evaluateLinking } = linking;
type ChoiceModel = linking.ChoiceModel;

export const LINK_OPTIONS = {
  format: { type: 'string' as const },
  vocab: { type: 'string' as const },
  synonyms: { type: 'string' as const, multiple: true as const },
  limit: { type: 'string' as const },
  json: { type: 'boolean' as const },
  strict: { type: 'boolean' as const },
  errors: { type: 'string' as const },
  'model-choice': { type: 'boolean' as const },
  ...MODEL_OPTIONS,
};

export const LINK_HELP = `Usage: biomed eval link <corpus> --format pubtator|concept|brat --vocab FILE [--synonyms CORPUS]...
                        [--model-choice --profile json [MODEL OPTIONS]] [--errors FILE] [--json]

Links each gold mention of the corpus (no entity recognition; no model unless
--model-choice) and scores the
concept: accuracy@1 (the chosen concept carries the gold ID: its own ID, an alternate ID,
or a UMLS concept's source code; MESH: optional, bare numbers are OMIM, a bare C and seven
digits is a UMLS CUI) and accuracy@5 (the gold among the five best candidates). A composite
gold is right only when every part is. Mentions whose gold has no ID (-1) are counted and
left out. Beside them: the precision of the links given (right at 1 of the scored mentions
given a concept), the coverage (scored mentions given a concept), and how many were given a
wrong concept or none; for a curator a wrong concept costs more than none. Published
figures are printed beside (NCBI-disease, BC5CDR).

Options:
  --format F          pubtator (mention lines with an ID column; the text gives abbreviations),
                      concept (PMID||start|end||type||text||ID a line), brat (a folder of
                      .ann files whose N lines hold the IDs, the .txt beside each)
  --vocab FILE        the vocabulary: a .vocab index file (biomed vocab build), read at
                      positions in little memory; or CTD's MEDIC as text
                      (CTD_diseases.tsv, or ID[|ALT...]||name|synonym|...), read into memory
  --synonyms CORPUS   an annotated corpus (any of the three formats, recognised by its content)
                      whose mentions are names of their IDs, consulted before the vocabulary;
                      may be repeated
  --limit N           only the first N documents
  --model-choice      a general instruction model in the json layout (--profile json) chooses
                      among the five candidates of each link the linker is least sure of (an
                      approximate match, or a name several concepts share), or says none
                      (then the mention is left unlinked); its answers are cached like any
                      request. The medtuned layout is never asked: its model was not trained
                      on linking
  --json              print {"mentions", "scored", "accuracy1", "accuracy5", "unlinked",
                      "wrong"} (accuracies in percent, one decimal; unlinked: scored mentions
                      given no concept; wrong: scored mentions given a concept not right at 1),
                      with --model-choice also "modelChoice": {"asked", "changed", "none",
                      "unreadable", "failed"}
${STRICT_HELP.replace('a corpus', 'a corpus or synonym corpus')}
  --errors FILE       write each scored mention linked wrong or left unlinked, in corpus
                      order: JSON Lines, one object a mention with "document", "start", "end",
                      "text", "type", "gold": [{"id", "name"}] (the gold concept's name in the
                      vocabulary, "" when it lacks the ID), "chosen": [{"id", "name"}] (empty
                      when unlinked), "method", "score" (null when unlinked), "tie" (the rule
                      that chose among concepts holding the winning key, else null), "why" (that
                      rule in words: "your sources", "a name you brought", "preferred name",
                      "file order", ...; else null), "candidates": [{"id", "name", "score", "method"}] (the five best, each
                      part's for a composite) and "error": "wrong" or "unlinked"; or, when
                      FILE ends with .tsv, a header row and a row a mention (IDs and names
                      joined by |, the name of a gold ID the vocabulary lacks written
                      "${NOT_IN_VOCABULARY}", the candidates as ID name (score); ...).
                      Written atomically; the corpus, the vocabulary and the synonym corpora
                      are refused

${MODEL_HELP}`;

export async function evalLink(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, LINK_OPTIONS, LINK_HELP);
  if (values.help) {
    console.log(LINK_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('biomed eval link takes one corpus file (a folder for brat).', LINK_HELP);
  const corpus = positionals[0];
  if (!fs.existsSync(corpus)) throw new UsageError(`No such file or folder: ${corpus}`, LINK_HELP);
  const format = choice(values.format, 'format', ['pubtator', 'concept', 'brat'] as const, LINK_HELP);
  if (!format) throw new UsageError('--format is required: pubtator, concept or brat.', LINK_HELP);
  if (typeof values.vocab !== 'string') throw new UsageError('--vocab FILE is required.', LINK_HELP);
  const limit = intOption(values.limit, 'limit', 1, LINK_HELP);

  const synonymFiles = (values.synonyms as string[] | undefined) ?? [];
  const errorsFile = values.errors as string | undefined;
  if (errorsFile !== undefined) {
    if (errorsFile === '') throw new UsageError('--errors FILE: name the file to write.', LINK_HELP);
    if (fs.existsSync(errorsFile) && fs.statSync(errorsFile).isDirectory()) throw new UsageError(`--errors ${errorsFile} is a folder: name a file.`, LINK_HELP);
    // Before the run, so that nothing is linked (or asked of a model) for a file that will not be written.
    refuseOutOverInput(errorsFile, [corpus, values.vocab, ...synonymFiles], LINK_HELP, '--errors');
  }
  // Set by --model-choice once the linker has linked: the engine it asks, the progress it shows.
  const model: { setup?: ReturnType<typeof cliEngine>; progress?: Progress } = {};
  // The sieve's bar: documents linked (drawn on a terminal, at most 5 times a second).
  let linking: Progress | undefined;
  let drawn = 0;
  let run: Awaited<ReturnType<typeof evaluateLinking>>;
  try {
    run = await evaluateLinking({
      corpus,
      format,
      vocab: values.vocab,
      synonyms: synonymFiles,
      limit,
      errors: errorsFile !== undefined,
      onSkipped: (file, skips) => reportSkips(file, skips, 'lines', values.strict === true),
      onProgress: (done, total) => {
        if (!linking) {
          linking = new Progress(total);
          linking.update(0, 'documents linked', `linking the mentions of ${total} document${total === 1 ? '' : 's'}`);
        } else if (done === total || Date.now() - drawn >= 200) {
          drawn = Date.now();
          linking.update(done, 'documents linked');
        }
        if (done === total) linking.finish();
      },
      modelChoice: values['model-choice'] ? async () => modelChooser((model.setup = cliEngine(values, LINK_HELP)), (p) => (model.progress = p)) : undefined,
    });
  } catch (err) {
    // What the user gave cannot be read (a missing or damaged vocabulary, a line that is not MEDIC's, no mentions): the reader names it.
    if (err instanceof InputError) throw new UsageError(err.message, LINK_HELP);
    throw err;
  } finally {
    await model.setup?.dispose();
  }
  model.progress?.finish();
  // No model serves (found at the first question not in the cache): said as the check says it, no figures.
  if (model.setup?.unavailable) throw model.setup.unavailable;
  const { scores, modelChoice: choices } = run;
  if (errorsFile !== undefined) writeLinkErrors(errorsFile, run.errors ?? []);
  if (values.json) {
    console.log(JSON.stringify(choices ? { ...scores, modelChoice: choices } : scores));
    return 0;
  }
  console.log(`${corpus}: ${scores.mentions} mentions, ${scores.scored} with a gold ID scored (${scores.mentions - scores.scored} without one left out)`);
  console.log(
    `vocabulary ${run.vocabulary.label} (${run.vocabulary.size} concepts)${run.synonymConcepts !== undefined ? `, synonyms ${run.synonymConcepts} concepts from ${synonymFiles.join(', ')}` : ''}`,
  );
  console.log('');
  const { precision, coverage } = run.given;
  const rows: (string | number)[][] = [
    ['this run', pct(scores.accuracy1), pct(scores.accuracy5), precision === undefined ? '-' : pct(precision), pct(coverage), scores.wrong, scores.unlinked],
  ];
  // Published figures as their sources give them (84.65 has two decimals).
  for (const r of run.published)
    rows.push([`${r.system}, ${r.dataset}`, String(r.accuracy1), r.accuracy5 === undefined ? '-' : String(r.accuracy5), '-', '-', '-', '-']);
  console.log(table(['', 'acc@1', 'acc@5', 'precision', 'coverage', 'wrong', 'unlinked'], rows));
  console.log('');
  console.log(`found by: ${run.methods.map(([m, n]) => `${m} ${n}`).join(', ')}`);
  if (choices)
    console.log(
      `model choice: ${choices.asked} links asked, ${choices.changed} changed (${choices.none} to none), ${choices.unreadable} unreadable answers, ${choices.failed} failed requests`,
    );
  if (errorsFile !== undefined) console.log(`${scores.wrong} wrong and ${scores.unlinked} unlinked mentions written to ${errorsFile}`);
  console.log("Published figures are the authors' own, on each corpus's test split with its training data.");
  return 0;
}

/** --model-choice: the model asked about the links the sieve is least sure of, with progress on stderr. */
async function modelChooser(setup: ReturnType<typeof cliEngine>, onProgress: (progress: Progress) => void): Promise<ChoiceModel> {
  // The server on the first question the cache cannot answer (the layout is settled without it, Engine.choiceDecidesKeys).
  await setup.prepare();
  const ask = setup.engine.linkChooser(setup.profile);
  if (!ask)
    throw new UsageError(
      `--model-choice asks a general instruction model in the json layout (--profile json); the ${setup.profile.name} layout's model was not trained on linking, so it is never asked.`,
      LINK_HELP,
    );
  let progress: Progress | undefined;
  return {
    ask,
    width: setup.capacity * 2,
    onAnswer: (done, asked) => {
      if (!progress) onProgress((progress = new Progress(asked)));
      progress.update(done, 'model choices');
    },
  };
}
