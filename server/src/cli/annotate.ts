/**
 * `biomed annotate`: entities, relations and NLI findings for many notes, with the same
 * engine as the editor. Resumable: each document's result is written atomically as soon
 * as it is done, finished ones are skipped on the next run; a failed document is
 * reported and the run goes on.
 */
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import { DEFAULT_ENGINE_CONFIG, formats, InputError, InternalError, notes, toAnnotatedDocument } from '../engine';
import { cacheReport } from './cacheReport';
import { failureMessage } from './bugs';
import { choice, CorpusError, intOption, parse, reportSkips, UsageError } from './args';
import { DEIDENTIFY_OPTIONS, noteHome, parseDeidentify } from './deidOutput';
import { CorpusKind, corpusKindOf, inShard, inputInfons, parseShard, readCorpus, unsafeId } from './corpus';
import { cliEngine, MODEL_OPTIONS } from './engineOptions';
import { ANNOTATE_HELP, LiteratureHint } from './annotateHelp';
import { listInputs, notNotesSkipped, parseTypes, real, realTarget } from './annotateInputs';
import {
  assemble,
  BratOmissionReport,
  checkOutputSafety,
  Format,
  FORMATS,
  formatOfFile,
  OUTPUT_KIND,
  OwnRecord,
  writeBratConfiguration,
  partPaths,
  partTextDigest,
  textDigest,
  writePart,
} from './annotateOutputs';
import { modelChooser, openLinking } from './annotateLinks';
import { Progress, SentenceTracker } from './progress';
import { DEFAULT_MAX_WAIT_S, reportOverload } from './overloadWait';

const { describeSkips } = formats;
type SkipCounts = formats.SkipCounts;
const { readNoteText } = notes;

/**
 * A corpus run allocates at a high rate and retains little (bench/corpusScale.ts): V8's
 * default lets the heap grow to several times what is live before it collects, so peak RSS
 * rose with the corpus (166 MB at 10,000 documents, 193 at 20,000); growing it by half at
 * most keeps it flat (128 / 132) for a little more CPU, small beside a model's time.
 */
const CORPUS_HEAP_GROWING_PERCENT = 50;

export async function annotate(argv: string[]): Promise<number> {
  v8.setFlagsFromString(`--heap-growing-percent=${CORPUS_HEAP_GROWING_PERCENT}`);
  const { values, positionals } = parse(
    argv,
    {
      ...MODEL_OPTIONS,
      out: { type: 'string' },
      format: { type: 'string' },
      types: { type: 'string' },
      relations: { type: 'boolean' },
      nli: { type: 'boolean' },
      'untrained-kinds': { type: 'string' },
      force: { type: 'boolean' },
      shard: { type: 'string' },
      'max-document-length': { type: 'string' },
      'max-wait': { type: 'string' },
      vocab: { type: 'string', multiple: true },
      'model-choice': { type: 'boolean' },
      ...DEIDENTIFY_OPTIONS,
    },
    ANNOTATE_HELP,
  );
  if (values.help) {
    console.log(ANNOTATE_HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('Give at least one file or folder to annotate.', ANNOTATE_HELP);
  const out = values.out as string | undefined;
  if (!out) throw new UsageError('--out is required: a folder (one output per note) or a file.', ANNOTATE_HELP);
  // "-" is standard input among the inputs; as --out it would be a folder named "-".
  if (out === '-')
    throw new UsageError(
      '--out - (standard output) is not taken: give a folder (one output per note) or a file such as out.jsonl, which a rerun completes.',
      ANNOTATE_HELP,
    );
  const format = choice(values.format, 'format', FORMATS, ANNOTATE_HELP) ?? formatOfFile(values.out as string | undefined);
  const types = parseTypes(values.types as string | undefined);
  const shard = parseShard(values.shard, ANNOTATE_HELP);
  if (shard?.from) console.error(`--shard auto: shard ${shard.k}/${shard.n}, from ${shard.from}.`);
  const maxLength = intOption(values['max-document-length'], 'max-document-length', 1, ANNOTATE_HELP) ?? DEFAULT_ENGINE_CONFIG.maxDocumentLength;
  const deidOut = parseDeidentify(values, ANNOTATE_HELP);
  const maxWaitS = intOption(values['max-wait'], 'max-wait', 1, ANNOTATE_HELP) ?? DEFAULT_MAX_WAIT_S;
  const toFile = !(fs.existsSync(out) && fs.statSync(out).isDirectory()) && /\.(jsonl|json|pubtator|txt|csv)$/.test(out);
  if (toFile && format === 'brat') throw new UsageError('--format brat writes a .txt and an .ann per note: give a folder as --out.', ANNOTATE_HELP);
  const partsDir = toFile ? `${out}.parts` : out;
  // Folders and note files are listed up front (names only); corpus files are read as the run goes.
  const corpora: { source: string; kind: CorpusKind }[] = [];
  const notePaths: string[] = [];
  for (const p of positionals) {
    if (p === '-') {
      if (corpora.some((c) => c.source === '-')) throw new UsageError('Standard input (-) can be read once.', ANNOTATE_HELP);
      corpora.push({ source: '-', kind: 'jsonl' });
      continue;
    }
    if (!fs.existsSync(p)) throw new UsageError(`No such file or folder: ${p}`, ANNOTATE_HELP);
    const kind = fs.statSync(p).isDirectory() ? undefined : corpusKindOf(p);
    if (kind) corpora.push({ source: p, kind });
    else notePaths.push(p);
  }
  // This run's own outputs are never inputs.
  const notNotes: string[] = [];
  const allNotes = listInputs(notePaths, toFile ? [real(out), real(partsDir)] : [real(out)], notNotes);
  const inputs = allNotes.filter((i) => inShard(i.id, shard));
  const paths = positionals.filter((p) => p !== '-');
  checkOutputSafety(paths, allNotes, out, toFile, format, partsDir);
  const corpusFiles = new Set(corpora.filter((c) => c.source !== '-').map((c) => real(c.source)));
  const own = new OwnRecord(out);
  const force = values.force === true;
  const ownsCache = new Map<string, boolean>();
  const isOwn = (file: string) => {
    if (!ownsCache.has(file)) ownsCache.set(file, own.owns(file));
    return ownsCache.get(file)!;
  };
  // Never overwrite (nor take for finished) a file biomed did not write, unless --force.
  // Documents of corpus files are checked one by one as they are read (their ids are not known yet).
  const foreign = [...(toFile ? [out] : []), ...inputs.flatMap((i) => partPaths(format, partsDir, i.id))].filter((f) => fs.existsSync(f) && !isOwn(f));
  if (foreign.length > 0 && !force) {
    const named = foreign.slice(0, 5).join(', ') + (foreign.length > 5 ? ` and ${foreign.length - 5} more` : '');
    throw new UsageError(
      `${foreign.length === 1 ? 'An output file exists that' : `${foreign.length} output files exist that`} biomed annotate did not write: ${named}. Refusing to overwrite; move ${foreign.length === 1 ? 'it' : 'them'} away, choose another --out, or give --force to replace ${foreign.length === 1 ? 'it' : 'them'}.`,
      ANNOTATE_HELP,
    );
  }
  // A finished output file of an earlier run holds documents that count as done: their ids
  // are kept here, their annotations stay in the file until the new one is assembled.
  const previousOut = toFile && fs.existsSync(out) && isOwn(out);
  // A CSV holds no text to compare: its documents are annotated again (--cache makes that cost no model calls).
  // By id, the digest of the text each was annotated from: a note edited since is annotated again.
  const previous = new Map<string, string>();
  if (previousOut && format !== 'csv')
    for await (const d of readCorpus(out, OUTPUT_KIND[format as Exclude<Format, 'brat' | 'csv'>], {})) previous.set(d.id, textDigest(d.text));

  // Opened before the model is asked anything: a wrong --vocab is a usage error at once.
  const linking = openLinking(values.vocab as string[] | undefined);
  // Which types each vocabulary links: its domain's unless the user chose (=T,T or =all).
  for (const v of linking?.served() ?? [])
    console.error(
      v.types
        ? `${v.label}: links ${v.types.join(', ')} entities (=T,T or =all to choose)`
        : `${v.label}: links every entity type (drugs and tests may get concepts of another domain)`,
    );
  const setup = cliEngine(values, ANNOTATE_HELP, { corpus: true, maxWaitMs: maxWaitS * 1000 });
  const recorded = setup.config.engine === 'recorded';
  // The server is asked on the first question the cache cannot answer (none on a rerun of unchanged notes).
  await setup.prepare();
  const chooser = values['model-choice'] ? modelChooser(setup, linking) : undefined;
  if (notNotes.length > 0) console.error(notNotesSkipped(notNotes));
  const defaults = setup.config;
  const config = setup.analysisConfig({
    entityTypes: types,
    relations: { ...defaults.relations, enabled: values.relations !== false },
    nli: { ...defaults.nli, enabled: values.nli !== false },
  });

  const started = Date.now();
  const progress = new Progress(corpora.length === 0 ? inputs.length : undefined, process.stderr, { unit: 'notes' });
  const summary = {
    annotated: 0,
    /** Of those, documents done in an earlier run whose text has changed since. */
    changed: 0,
    skipped: 0,
    failed: [] as string[],
    /** Not finished because the wait on an overloaded server was given up (--max-wait): a rerun finishes them. */
    unfinished: [] as string[],
    unreadable: [] as string[],
    tooLarge: [] as string[],
    sentences: 0,
    entities: 0,
    /** With --vocab: entities given a concept. */
    linked: 0,
    relations: 0,
    findings: 0,
    otherShards: allNotes.length - inputs.length,
  };
  const literature = new LiteratureHint(types);
  const skips = new Map<string, SkipCounts>();
  const omitted = new BratOmissionReport();
  // The ids of this shard in input order (the order of an output file), and to find duplicates.
  const order: string[] = [];
  const seen = new Set(inputs.map((i) => i.id));
  async function* documents(): AsyncGenerator<AnnotateInput> {
    for (const i of inputs) {
      order.push(i.id);
      yield { id: i.id, file: i.file };
    }
    for (const c of corpora) {
      const counts: SkipCounts = {};
      skips.set(c.source === '-' ? 'standard input' : c.source, counts);
      // A file that is not text is unreadable input (from the chunk where its bytes go wrong): named, the other files go on.
      try {
        for await (const d of readCorpus(c.source, c.kind, counts)) {
          if (!inShard(d.id, shard)) {
            summary.otherShards++;
            continue;
          }
          const duplicate = seen.has(d.id);
          seen.add(d.id);
          if (!duplicate) order.push(d.id);
          yield { id: d.id, text: d.text, infons: inputInfons(d), duplicate, source: c.source === '-' ? 'standard input' : c.source };
        }
      } catch (err) {
        if (!(err instanceof CorpusError)) throw err;
        summary.unreadable.push(err.message);
      }
    }
  }
  const source = documents();
  let done = 0;
  const clock = setup.engine.clock;
  // An overloaded server: say what the run waits for, and how long (stderr, above the progress bar on a terminal).
  const stopReporting = reportOverload(clock, maxWaitS, (line) => progress.update(done, `${summary.failed.length} failed`, line));
  const unfinished = (id: string) => {
    summary.unfinished.push(id);
    progress.update(++done, `${summary.failed.length} failed`, progress.isTty ? undefined : `unfinished ${id}`);
  };
  const fail = (id: string, message: string) => {
    summary.failed.push(`${id}: ${message}`);
    progress.update(++done, `${summary.failed.length} failed`, `FAILED ${id}: ${message}`);
  };
  // Input that no rerun can annotate: skipped and named; it does not hold back an output file.
  const skippedIds = new Set<string>();
  // `held`: the id is another document's too (a duplicate), which keeps its place in the output.
  const unreadable = (id: string, message: string, held = false) => {
    if (!held) skippedIds.add(id);
    summary.unreadable.push(message);
    progress.update(++done, `${summary.failed.length} failed`, `UNREADABLE ${message}`);
  };
  // Longer than the editor analyses (biomedNlp.maxDocumentLength): skipped in the same way.
  const tooLarge = (id: string, length: number) => {
    const message = `${id}: ${length} characters, more than --max-document-length (${maxLength}); not analysed`;
    skippedIds.add(id);
    summary.tooLarge.push(message);
    progress.update(++done, `${summary.failed.length} failed`, `TOO LARGE ${message}`);
  };
  const worker = async () => {
    // Pulled one at a time: a document is read only when a worker is free to analyse it.
    for (let next = await source.next(); !next.done; next = await source.next()) {
      // No model serves (found at the first question not in the cache): the run stops, as the check says.
      if (setup.unavailable) return;
      const input = next.value;
      if (clock.givenUp && !input.duplicate) {
        // The wait was given up: the rest is named, not sent (the clock would refuse it).
        unfinished(input.id);
        continue;
      }
      const parts = partPaths(format, partsDir, input.id);
      const streamed = input.file === undefined;
      // No rerun can write these: named as unreadable input, they hold back no output file.
      const why = input.duplicate
        ? 'an earlier document has the same id'
        : ((streamed ? unsafeId(input.id) : undefined) ??
          // PubTator's lines are "id|t|title" and tab-separated: such an id would not read back.
          (format === 'pubtator' && /[|\t\r\n]/.test(input.id) ? 'PubTator holds no id with "|", a tab or a line break' : undefined));
      if (why) {
        unreadable(input.id, `${input.id}${input.source ? ` (${input.source})` : ''}: cannot be written (${why}); give it an id of its own`, input.duplicate);
        continue;
      }
      // Done in an earlier run: the digest of the text it was annotated from (compared once the text is read).
      const doneFrom =
        previous.get(input.id) ??
        (parts.every((p) => fs.existsSync(p) && (streamed ? own.owns(p) : isOwn(p))) ? partTextDigest(format, parts, toFile) : undefined);
      if (doneFrom === undefined && streamed) {
        const clash = parts.find((p) => corpusFiles.has(realTarget(p))) ?? (force ? undefined : parts.find((p) => fs.existsSync(p) && !own.owns(p)));
        if (clash) {
          fail(
            input.id,
            corpusFiles.has(realTarget(clash))
              ? `its output ${clash} is an input file`
              : `${clash} exists and was not written by biomed annotate; move it away or give --force`,
          );
          continue;
        }
      }
      try {
        let text = input.text;
        if (text === undefined) {
          try {
            text = readNoteText(input.file!);
          } catch (err) {
            if (!(err instanceof InputError)) throw err;
            unreadable(input.id, err.message);
            continue;
          }
        } else if (text.includes('\u0000')) {
          unreadable(input.id, `${input.id}: its text holds NUL characters (binary data)`);
          continue;
        }
        // With --deidentify an output holds the de-identified text: a rerun compares that.
        const home = noteHome(input.file, input.source);
        if (doneFrom !== undefined && textDigest(deidOut ? deidOut.text(text, input.id, home) : text) === doneFrom) {
          summary.skipped++;
          progress.update(++done, `${summary.failed.length} failed`, progress.isTty ? undefined : `skipped ${input.id} (already annotated)`);
          continue;
        }
        if (text.length > maxLength) {
          tooLarge(input.id, text.length);
          continue;
        }
        // The sentence count is known once the analysis has split the text.
        const counted: { sentences?: SentenceTracker } = {};
        let bug: InternalError | undefined;
        const analysis = setup.engine.analyse(input.id, text, config, {
          onProgress: (a) => counted.sentences?.done(a.sentencesDone(), { settled: a.done + a.failed, planned: a.total }),
          onInternalError: (error) => (bug ??= error),
        });
        const sentences = (counted.sentences = progress.startDocument(analysis.sentences.length));
        analysis.start();
        await analysis.whenComplete().finally(() => sentences.end());
        if (bug) throw bug;
        if (analysis.failed > 0) throw new Error(analysis.lastError?.message ?? 'model requests failed');
        const doc = toAnnotatedDocument(input.id, analysis);
        if (input.infons) doc.infons = { ...doc.infons, ...input.infons };
        // Recorded answers are no model's: every output says so (JSON lines and BioC carry the mark).
        if (recorded) Object.assign(doc, { recorded: true, infons: { ...doc.infons, answers: 'recorded' } });
        await linking?.link(doc, chooser);
        writePart(format, partsDir, deidOut ? deidOut.document(doc, home) : doc, toFile, own, omitted);
        summary.annotated++;
        if (doneFrom !== undefined) summary.changed++;
        summary.sentences += analysis.sentences.length;
        summary.entities += doc.entities.length;
        summary.linked += doc.entities.filter((e) => e.concepts?.length).length;
        summary.relations += doc.relations.length;
        summary.findings += doc.findings?.length ?? 0;
        literature.note(input.id, text, doc.entities.length);
        const again = doneFrom !== undefined ? ' (its text changed since the last run)' : '';
        progress.update(
          ++done,
          `${summary.failed.length} failed`,
          progress.isTty ? undefined : `annotated ${input.id}: ${doc.entities.length} entities${again}`,
        );
      } catch (err) {
        if (setup.unavailable) return;
        if (clock.givenUp) unfinished(input.id);
        else fail(input.id, failureMessage(input.id, err));
      }
    }
  };
  // Enough documents in flight to keep every allowed model request busy, and no more: the
  // texts and analyses held at once are those of these documents, whatever the corpus size.
  const width = Math.max(2, setup.capacity * 2);
  await Promise.all(Array.from({ length: corpora.length === 0 ? Math.min(width, inputs.length) : width }, worker));
  stopReporting();
  linking?.close();
  progress.finish();
  // What the check says when no model serves, as before any note was read: the notes done
  // from the cache are written whole, an output file is not assembled; a rerun skips them.
  if (setup.unavailable) throw setup.unavailable;
  for (const line of omitted.lines()) console.error(line);
  if (deidOut) console.error(deidOut.summary());
  // brat opens the folder as it is: its configuration declares what the .ann files use.
  if (format === 'brat' && summary.annotated + summary.skipped > 0)
    for (const file of writeBratConfiguration(out, own)) console.error(`${file}: not written by biomed, left as it is (brat reads its types from it).`);
  for (const [file, counts] of skips) {
    reportSkips(file, counts, 'lines', false);
    // Lines that held no readable document lose it: unreadable input, not a note on the side.
    const lost = LOST_DOCUMENT.reduce((n, reason) => n + (counts[reason] ?? 0), 0);
    if (counts['bad JSON']) summary.unreadable.push(`${file}: not valid JSON, no document could be read`);
    else if (counts['not BioC JSON']) summary.unreadable.push(`${file}: JSON, but not BioC (no "documents" list, no "passages"), no document could be read`);
    else if (lost > 0)
      summary.unreadable.push(
        `${file}: ${lost} ${lost === 1 ? 'line holds' : 'lines hold'} no readable document (${describeSkips(Object.fromEntries(LOST_DOCUMENT.map((r) => [r, counts[r] ?? 0])))})`,
      );
  }

  if (toFile && summary.failed.length === 0 && summary.unfinished.length === 0 && summary.annotated > 0)
    await assemble(
      format,
      out,
      partsDir,
      order.filter((id) => !skippedIds.has(id)),
      previousOut,
      own,
    );
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const stats = setup.engine.stats();
  console.log(
    `${summary.annotated} annotated${summary.changed ? ` (${summary.changed} changed since the last run)` : ''}, ${summary.skipped} skipped (already done), ${summary.failed.length} failed${summary.unfinished.length ? `, ${summary.unfinished.length} unfinished` : ''}${summary.unreadable.length ? `, ${summary.unreadable.length} unreadable` : ''}${summary.tooLarge.length ? `, ${summary.tooLarge.length} too large` : ''} in ${seconds} s: ` +
      `${summary.sentences} sentences, ${summary.entities} entities${linking ? ` (${summary.linked} linked${chooser ? `; the model asked about ${linking.choiceCounts.asked}, changed ${linking.choiceCounts.changed}, ${linking.choiceCounts.none} to none, ${linking.choiceCounts.unreadable + linking.choiceCounts.failed} unanswered` : ''})` : ''}, ${summary.relations} relations, ${summary.findings} NLI findings; ` +
      (recorded
        ? `${stats.modelCalls} questions answered from recorded answers (no model).`
        : `${stats.modelCalls} model calls, ${stats.promptTokens} prompt tokens.`),
  );
  const cache = cacheReport(setup.engine);
  if (cache.out) console.log(cache.out);
  for (const line of cache.err) console.error(line);
  if (shard) console.log(`Shard ${shard.k}/${shard.n}: ${order.length} documents in this shard, ${summary.otherShards} left to the other shards.`);
  for (const f of summary.failed) console.log(`  failed: ${f}`);
  for (const f of summary.unreadable) console.log(`  unreadable: ${f}`);
  for (const f of summary.tooLarge) console.log(`  too large: ${f}`);
  // Answers in no layout the profile reads look like "no entities": said, so an empty corpus is not taken for a result.
  if (stats.unreadable > 0) {
    const { name, nerLayout } = setup.profile;
    console.error(
      `warning: ${stats.unreadable} of the model's ${stats.unreadable === 1 ? 'answer' : 'answers'} for entities held nothing the ${name} prompt profile reads ` +
        `(no ${nerLayout}), so ${stats.unreadable === 1 ? 'its sentence has' : 'their sentences have'} no entities: ` +
        `is ${setup.config.model} a model for that profile? (--profile)`,
    );
  }
  literature.report();
  const givenUp = clock.givenUp;
  if (givenUp) {
    console.error(
      `biomed annotate: ${givenUp.message}; --max-wait is ${maxWaitS} s. ${summary.unfinished.length} ${summary.unfinished.length === 1 ? 'document' : 'documents'} unfinished.`,
    );
    for (const id of summary.unfinished) console.log(`  unfinished: ${id}`);
    console.log('Run the same command again (when the server has room) to finish the unfinished documents; finished ones are skipped.');
  }
  if (summary.failed.length > 0)
    console.log(
      recorded
        ? 'Recorded answers cover only the bundled examples (examples/); other notes need a model (biomed annotate --help, Model options).'
        : 'Run the same command again to retry the failed documents; finished ones are skipped.',
    );
  if (toFile && summary.failed.length + summary.unfinished.length > 0)
    console.log(`${out} is written once every document has succeeded; results so far are in ${partsDir}.`);
  return summary.failed.length > 0 || summary.unfinished.length > 0 || summary.unreadable.length > 0 || summary.tooLarge.length > 0 ? 1 : 0;
}

/** What a corpus reader skips when a line (or the whole file) held no document it could read. */
const LOST_DOCUMENT = ['bad JSON', 'not BioC JSON', 'bad JSON line', 'not a document', 'malformed document'];

/** A document to annotate: a note file (read when its turn comes) or a document of a corpus file. */
interface AnnotateInput {
  id: string;
  file?: string;
  text?: string;
  infons?: Record<string, string>;
  /** A corpus document whose id an earlier document already had. */
  duplicate?: boolean;
  /** The corpus file it came from, as the user named it. */
  source?: string;
}
