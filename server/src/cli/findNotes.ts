/**
 * `biomed find` over notes: each analysed as `biomed annotate` analyses it (the same engine,
 * flags and model cache: with --cache DIR or $BIOMED_CACHE_DIR a second find asks the model
 * nothing), its entities and their statuses only (find reads no relations or NLI findings),
 * linked with --vocab when given. A note that cannot be read or analysed is named.
 */
import { DEFAULT_ENGINE_CONFIG, EntityType, formats, InputError, InternalError, notes, toAnnotatedDocument } from '../engine';
import { CorpusError } from './args';
import { failureMessage } from './bugs';
import { cacheReport } from './cacheReport';
import { readCorpus } from './corpus';
import { cliEngine } from './engineOptions';
import { openLinking } from './annotateLinks';
import { noteHome } from './deidOutput';
import { FIND_HELP } from './findHelp';
import { NoteSource } from './findInputs';

type AnnotatedDocument = formats.AnnotatedDocument;
const { readNoteText } = notes;
const { describeSkips, totalSkipped } = formats;

/**
 * Texts to analyse, in order: note files read when their turn comes, corpus documents as read;
 * each with its home (--patient-of folder), as annotate gives it.
 */
async function* texts(sources: readonly NoteSource[], problems: string[]): AsyncGenerator<{ id: string; text: string; home: string }> {
  for (const s of sources) {
    if ('corpus' in s) {
      const skips: formats.SkipCounts = {};
      let count = 0;
      try {
        for await (const d of readCorpus(s.corpus, 'jsonl', skips)) {
          count++;
          yield { id: d.id, text: d.text, home: noteHome(undefined, s.corpus) };
        }
      } catch (err) {
        if (!(err instanceof CorpusError)) throw err;
        problems.push(err.message);
        continue;
      }
      // No annotations and no {"id","text"} line: neither annotate's output nor a corpus to annotate.
      if (count === 0)
        problems.push(
          `${s.corpus}: neither the output of biomed annotate nor a corpus of {"id","text"} lines${totalSkipped(skips) ? ` (${describeSkips(skips)})` : ''}`,
        );
      continue;
    }
    try {
      yield { id: s.id, text: readNoteText(s.file), home: noteHome(s.file, undefined) };
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      problems.push(err.message);
    }
  }
}

/**
 * Analyses the notes, a few at a time (as many as the model serves at once), and gives each
 * document to `found` with its position in input order and its home. Returns the lines of the summary.
 */
export async function analyseNotes(
  values: Record<string, unknown>,
  sources: readonly NoteSource[],
  types: EntityType[],
  found: (doc: AnnotatedDocument, index: number, home: string) => void,
  problems: string[],
): Promise<{ out: string[]; err: string[] }> {
  const linking = openLinking(values.vocab as string[] | undefined);
  const setup = cliEngine(values, FIND_HELP, { corpus: true });
  // The server is asked on the first question the cache cannot answer.
  await setup.prepare();
  const defaults = setup.config;
  const config = setup.analysisConfig({
    entityTypes: types,
    relations: { ...defaults.relations, enabled: false },
    nli: { ...defaults.nli, enabled: false },
  });
  const maxLength = DEFAULT_ENGINE_CONFIG.maxDocumentLength;
  const source = texts(sources, problems);
  let next = 0;
  /** Notes whose analysis was searched (the rest are named among the problems): find's "N documents" counts these too. */
  let analysed = 0;
  const worker = async () => {
    for (let item = await source.next(); !item.done; item = await source.next()) {
      // No model serves (found at the first question not in the cache): the command stops, as the check says.
      if (setup.unavailable) return;
      const { id, text, home } = item.value;
      const index = next++;
      if (text.length > maxLength) {
        problems.push(`${id}: ${text.length} characters, more than ${maxLength}; not analysed`);
        continue;
      }
      let bug: InternalError | undefined;
      try {
        const analysis = setup.engine.analyse(id, text, config, { onInternalError: (error) => (bug ??= error) });
        analysis.start();
        await analysis.whenComplete();
        if (bug) throw bug;
        if (analysis.failed > 0) throw new Error(analysis.lastError?.message ?? 'model requests failed');
        const doc = toAnnotatedDocument(id, analysis);
        await linking?.link(doc);
        analysed++;
        found(doc, index, home);
      } catch (err) {
        if (setup.unavailable) return;
        problems.push(`${id}: not analysed (${failureMessage(id, err)})`);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(2, setup.capacity * 2) }, worker));
  linking?.close();
  if (setup.unavailable) throw setup.unavailable;
  const stats = setup.engine.stats();
  const cache = cacheReport(setup.engine);
  return {
    out: [
      `${analysed} ${analysed === 1 ? 'note' : 'notes'} analysed with ${setup.config.model}${next > analysed ? `, ${next - analysed} not (named on stderr)` : ''}: ${stats.modelCalls} model calls.`,
      ...(cache.out ? [cache.out] : []),
    ],
    err: cache.err,
  };
}
