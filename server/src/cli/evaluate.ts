/**
 * `biomed eval ner|re|nli`: a served model measured on standard corpora, the way the
 * instruction-tuning papers report it: NER by strict and overlap precision, recall and F1
 * per type and micro-averaged (published figures beside known datasets), RE by micro-F1
 * without the none class, NLI by accuracy and a confusion matrix.
 *
 * The medtuned profile asks with the verbatim training instructions: NER literature types
 * with the instructions of the matching training set (engine/eval/datasets.ts decides from
 * the corpus's name and types), relations with i2b2-2010's, NLI with MedNLI's. With
 * `--instruction-variant all` every variant of the task's set is scored in turn (prompt
 * sensitivity): per-variant figures, their mean and sample standard deviation, beside the
 * published figure. Each variant is its own prompt version, so the cache never mixes them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBratDocument } from '../engine/formats/bratDocument';
import { parseChemProt } from '../engine/formats/chemprot';
import { AnnotatedDocument } from '../engine/formats/document';
import { parseIob } from '../engine/formats/iob';
import { parseNliPairs } from '../engine/formats/nliPairs';
import { parsePubTator } from '../engine/formats/pubtator';
import { scoreSpans, SpanScores } from '../engine/eval/conlleval';
import { DATASET_NAMES, DatasetChoice, instructionDatasets, nerDatasetOf } from '../engine/eval/datasets';
import { knownDataset, PUBLISHED_NLI } from '../engine/eval/published';
import { engineType } from '../engine/eval/typeMap';
import { SD_KIND, variantStats, VariantStats } from '../engine/eval/variants';
import { AnalysisConfig } from '../engine/pipeline/analysis';
import { MEDTUNED_INSTRUCTIONS, MedtunedDataset } from '../engine/profiles/medtunedInstructions';
import { Profile } from '../engine/profiles/profile';
import { NLI_LABELS, NliLabel } from '../engine/tasks/nli';
import { allowedLabels, CandidatePair, candidatePairs, noneLabel, PairKind, relationUnits } from '../engine/tasks/relations';
import { segment } from '../engine/text/segment';
import { EntityType, Mention } from '../engine/types';
import { choice, intOption, parse, reportSkips, STRICT_HELP, UsageError } from './args';
import { parseTypes } from './annotate';
import { CliEngine, cliEngine, forEachLimited, instructionVariantFlag, MODEL_HELP, MODEL_OPTIONS } from './engineOptions';
import { Progress } from './progress';

export const EVAL_HELP = `Usage: biomed eval ner <corpus> --format pubtator|iob|brat [options]
       biomed eval re <chemprot.jsonl | brat folder> [options]
       biomed eval nli <pairs.jsonl> [options]

ner   strict (same start, end and type) and overlap precision, recall and F1 per type and
      micro-averaged; for NCBI-disease, BC5CDR, BC2GM and JNLPBA the published figures of
      Llama2-MedTuned and BioBERT are printed beside. With IOB corpora the medtuned input
      follows the corpus's own tokens. The medtuned profile asks each literature type with
      the instructions of its training set: the corpus's name (--dataset, else its path:
      ncbi, bc5cdr, bc2gm, jnlpba) decides; otherwise its types do (diseases with chemicals:
      BC5CDR-disease; JNLPBA's protein/DNA/RNA/cell classes: JNLPBA); otherwise NCBI-disease,
      BC5CDR-chem and BC2GM. Clinical types are asked with i2b2-2012's.
re    relation labels for the gold entity pairs: micro-F1 without the none class, and per
      label (ChemProt JSON lines need --profile json; a BRAT folder takes .txt + .ann pairs).
      The medtuned profile asks clinical (i2b2-2010) pairs only: gold relations of other
      kinds are listed as untrained and not scored.
nli   accuracy and the confusion matrix over {"premise","hypothesis","label"} lines.

Options:
  --format F             ner corpus format: pubtator | iob | brat
  --types T,T            ner: entity types to score (default: those in the corpus)
  --dataset NAME         ner: name the dataset when its path does not (ncbi, bc5cdr, bc2gm, jnlpba)
  --limit N              only the first N documents (ner) or items (re, nli)
  --json                 print the result as JSON
${STRICT_HELP}
  --instruction-variant N|all
                         medtuned profile: ask with variant N (1-5) of the training instructions,
                         verbatim (default 1; i2b2-2010 relations have 3, so 4 and 5 ask their 1
                         and 2); all: score every variant of the task's set in turn (5 for NER
                         and NLI, 3 for relations) and print each variant's figures, their mean
                         and sample standard deviation (n - 1), beside the published figure
${MODEL_HELP}
  -h, --help             this help

Exit codes: 0 evaluated, 1 some items failed, 2 usage error.`;

const EVAL_OPTIONS = {
  ...MODEL_OPTIONS,
  format: { type: 'string' as const },
  types: { type: 'string' as const },
  dataset: { type: 'string' as const },
  limit: { type: 'string' as const },
  json: { type: 'boolean' as const },
  strict: { type: 'boolean' as const },
};

const pct = (n: number) => n.toFixed(1);
const two = (n: number) => n.toFixed(2);

function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(i === 0 ? 0 : widths[i]).padEnd(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** What a run of one command evaluates with: the engine and, with `all`, every variant. */
interface EvalRun {
  setup: CliEngine;
  allVariants: boolean;
}

export async function evaluate(argv: string[]): Promise<number> {
  const [task, ...rest] = argv;
  if (task === undefined || task === '-h' || task === '--help') {
    console.log(EVAL_HELP);
    return task === undefined ? 2 : 0;
  }
  if (!['ner', 're', 'nli'].includes(task)) throw new UsageError(`Unknown evaluation "${task}": use ner, re or nli.`, EVAL_HELP);
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

/**
 * The variants to score: with `all`, every variant of the task's training sets (the largest
 * set decides: 5 for NER and MedNLI, 3 for i2b2-2010 relations); else the one configured.
 * Called once the profile is settled (after check(): --engine auto chooses there).
 */
function variantsFor(run: EvalRun, datasets: readonly MedtunedDataset[]): number[] {
  const { setup, allVariants } = run;
  if (!allVariants) return [setup.config.medtuned.instructionVariant];
  if (setup.profile.name !== 'medtuned') {
    throw new UsageError(`--instruction-variant all compares the training instructions of the medtuned profile; the ${setup.profile.name} profile has none.`, EVAL_HELP);
  }
  const n = Math.max(...datasets.map((d) => MEDTUNED_INSTRUCTIONS[d].length));
  return Array.from({ length: n }, (_, i) => i + 1);
}

const variantRange = (variants: readonly number[]) => (variants.length > 1 ? `instruction variants ${variants[0]}-${variants[variants.length - 1]}` : `instruction variant ${variants[0]}`);

/** The mean and SD rows of a per-variant table: every numeric column summarised. */
function summaryRows(columns: VariantStats[], lead: (string | number)[] = []): (string | number)[][] {
  return [
    ['mean', ...lead, ...columns.map((c) => two(c.mean))],
    ['SD (sample)', ...lead.map(() => ''), ...columns.map((c) => two(c.sd))],
  ];
}

/** The corpus's documents; what the reader skipped is reported on stderr (an error with --strict). */
function readCorpus(corpus: string, format: string, strict: boolean): AnnotatedDocument[] {
  if (format === 'brat') return readBratFolder(corpus, strict);
  const text = fs.readFileSync(corpus, 'utf8');
  const read = format === 'pubtator' ? parsePubTator(text) : parseIob(text);
  reportSkips(corpus, read.skips, 'lines', strict);
  return read.documents;
}

function readBratFolder(folder: string, strict: boolean): AnnotatedDocument[] {
  if (!fs.statSync(folder).isDirectory()) throw new UsageError(`A BRAT corpus is a folder of .txt/.note files with .ann files beside them: ${folder}`, EVAL_HELP);
  const docs: AnnotatedDocument[] = [];
  for (const name of fs.readdirSync(folder).sort()) {
    const m = /^(.*)\.(txt|note)$/.exec(name);
    if (!m || !fs.existsSync(path.join(folder, `${m[1]}.ann`))) continue;
    const read = parseBratDocument(m[1], fs.readFileSync(path.join(folder, name), 'utf8'), fs.readFileSync(path.join(folder, `${m[1]}.ann`), 'utf8'));
    reportSkips(path.join(folder, `${m[1]}.ann`), read.skips, 'lines', strict);
    docs.push(read.document);
  }
  if (docs.length === 0) throw new UsageError(`No .txt/.note files with .ann files beside them in ${folder}`, EVAL_HELP);
  return docs;
}

// ---------------------------------------------------------------------------------------
// NER

type GoldSpan = { doc: string; start: number; end: number; type: string };

/** One variant's NER run over the corpus: its spans scored, its failed documents. */
async function nerRun(docs: AnnotatedDocument[], gold: GoldSpan[], config: AnalysisConfig, setup: CliEngine, progress: Progress, counter: { done: number }): Promise<{ score: SpanScores; failed: string[] }> {
  const predicted: GoldSpan[] = [];
  const failed: string[] = [];
  await forEachLimited(docs, setup.ctx.scheduler.capacity * 2, async (doc) => {
    const analysis = setup.engine.analyse(doc.id, doc.text, config, { sentences: doc.sentences });
    analysis.start();
    await analysis.whenComplete();
    if (analysis.failed > 0) failed.push(`${doc.id}: ${analysis.lastError?.message}`);
    else for (const m of analysis.entities()) predicted.push({ doc: doc.id, start: m.start, end: m.end, type: m.type });
    progress.update(++counter.done, `${failed.length} failed`);
  });
  return { score: scoreSpans(gold, predicted), failed };
}

/** "NCBI-disease (disease)", "BC5CDR-disease (disease), BC5CDR-chem (chemical)", "i2b2-2012 (problem, treatment, test)". */
function describeDatasets(byType: Record<string, MedtunedDataset>): string {
  const groups = new Map<MedtunedDataset, string[]>();
  for (const [type, d] of Object.entries(byType)) groups.set(d, [...(groups.get(d) ?? []), type]);
  return [...groups].map(([d, types]) => `${DATASET_NAMES[d]} (${types.join(', ')})`).join(', ');
}

const CHOSEN_BY: Record<DatasetChoice['by'], string> = {
  name: "by the corpus's name",
  types: "by the corpus's entity types",
  defaults: 'the defaults: no corpus name or types decided',
};

async function evalNer(corpus: string, values: Record<string, unknown>, limit: number | undefined, run: EvalRun): Promise<number> {
  const { setup } = run;
  const format = choice(values.format, 'format', ['pubtator', 'iob', 'brat'] as const, EVAL_HELP);
  if (!format) throw new UsageError('biomed eval ner needs --format pubtator, iob or brat.', EVAL_HELP);
  const docs = readCorpus(corpus, format, values.strict === true).slice(0, limit);
  const present = [...new Set(docs.flatMap((d) => d.entities.map((e) => engineType(e.type)).filter((t): t is EntityType => !!t)))];
  const types = values.types ? parseTypes(values.types as string) : present;
  if (types.length === 0) throw new UsageError(`No entity types of this project in ${corpus}; name them with --types.`, EVAL_HELP);
  const nameHint = String(values.dataset ?? corpus);
  const chosen = instructionDatasets(nameHint, docs.flatMap((d) => d.entities.map((e) => e.type)));
  const byType = Object.fromEntries(types.map((t) => [t, nerDatasetOf(t, chosen.datasets)])) as Record<string, MedtunedDataset>;
  await setup.check();
  const variants = variantsFor(run, Object.values(byType));
  const published = knownDataset(nameHint);

  const gold: GoldSpan[] = [];
  for (const doc of docs) {
    for (const e of doc.entities) {
      const type = engineType(e.type);
      if (type && types.includes(type)) gold.push({ doc: doc.id, start: e.start, end: e.end, type });
    }
  }
  const progress = new Progress(docs.length * variants.length);
  const counter = { done: 0 };
  const runs: { variant: number; profile: Profile; score: SpanScores; failed: string[] }[] = [];
  for (const variant of variants) {
    const profile = setup.profileWith({ instructionVariant: variant, datasets: chosen.datasets });
    const config = { ...setup.analysisConfig({ entityTypes: types }, profile), relations: undefined, nli: undefined };
    runs.push({ variant, profile, ...(await nerRun(docs, gold, config, setup, progress, counter)) });
  }
  progress.finish();
  const profileName = runs[0].profile.name;
  const medtuned = profileName === 'medtuned';
  const instructions = medtuned ? `instructions: ${describeDatasets(byType)}, ${variantRange(variants)}; chosen ${CHOSEN_BY[chosen.by]}` : undefined;

  if (!run.allVariants) {
    const { score, failed } = runs[0];
    const result = { corpus, documents: docs.length, failed: failed.length, model: setup.model, profile: profileName, types, score, published };
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else {
      const rows: (string | number)[][] = [];
      for (const type of [...types, 'micro']) {
        const s = type === 'micro' ? score.strict.micro : score.strict.perType[type];
        const o = type === 'micro' ? score.overlap.micro : score.overlap.perType[type];
        if (!s || !o) continue;
        rows.push([type, s.tp + s.fn, pct(s.precision), pct(s.recall), pct(s.f1), pct(o.precision), pct(o.recall), pct(o.f1)]);
      }
      console.log(`${corpus}: ${docs.length} documents, model ${setup.model} (${profileName} profile)`);
      if (instructions) console.log(instructions);
      console.log('');
      console.log(table(['type', 'gold', 'strict P', 'strict R', 'strict F1', 'overlap P', 'overlap R', 'overlap F1'], rows));
      if (published.length > 0) {
        console.log('\nPublished F1 (instruction-formats.md):');
        const ours = (t: EntityType) => score.strict.perType[t]?.f1;
        console.log(
          table(
            ['dataset', 'this run', 'MedTuned-7b', 'MedTuned-13b', 'BioBERT-v1.1'],
            published.map((p) => [p.dataset, ours(p.type) === undefined ? '-' : pct(ours(p.type)!), p.medtuned7b, p.medtuned13b, p.biobert]),
          ),
        );
      }
    }
    for (const f of failed) console.error(`failed: ${f}`);
    return failed.length > 0 ? 1 : 0;
  }

  // Every variant: strict F1 per type and micro, mean and sample SD over the variants.
  const f1Of = (s: SpanScores, type: string) => (type === 'micro' ? s.strict.micro.f1 : (s.strict.perType[type]?.f1 ?? 0));
  const perType = Object.fromEntries(types.map((t) => [t, variantStats(runs.map((r) => f1Of(r.score, t)))]));
  const micro = variantStats(runs.map((r) => r.score.strict.micro.f1));
  const failedCount = runs.reduce((n, r) => n + r.failed.length, 0);
  if (values.json) {
    const result = {
      corpus,
      documents: docs.length,
      failed: failedCount,
      model: setup.model,
      profile: profileName,
      types,
      instructionVariants: variants,
      datasets: byType,
      variants: runs.map((r) => ({ variant: r.variant, failed: r.failed.length, score: r.score })),
      summary: { metric: 'strict F1', statistic: SD_KIND, micro, perType },
      published,
    };
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`${corpus}: ${docs.length} documents, model ${setup.model} (${profileName} profile)`);
    if (instructions) console.log(instructions);
    console.log('');
    const header = ['variant', ...types.map((t) => `${t} F1`), 'micro P', 'micro R', 'micro F1', 'overlap F1'];
    const rows: (string | number)[][] = runs.map((r) => [
      `variant ${r.variant}`,
      ...types.map((t) => pct(f1Of(r.score, t))),
      pct(r.score.strict.micro.precision),
      pct(r.score.strict.micro.recall),
      pct(r.score.strict.micro.f1),
      pct(r.score.overlap.micro.f1),
    ]);
    const columns = [
      ...types.map((t) => perType[t]),
      variantStats(runs.map((r) => r.score.strict.micro.precision)),
      variantStats(runs.map((r) => r.score.strict.micro.recall)),
      micro,
      variantStats(runs.map((r) => r.score.overlap.micro.f1)),
    ];
    console.log(table(header, [...rows, ...summaryRows(columns)]));
    console.log(`\nStrict scores except overlap F1 (micro); mean and sample standard deviation (n - 1) over the ${variants.length} variants.`);
    if (published.length > 0) {
      console.log('\nPublished F1 (instruction-formats.md):');
      const ours = (t: EntityType) => (perType[t] ? `${two(perType[t].mean)} ± ${two(perType[t].sd)}` : '-');
      console.log(table(['dataset', 'this run (mean ± SD)', 'MedTuned-7b', 'MedTuned-13b', 'BioBERT-v1.1'], published.map((p) => [p.dataset, ours(p.type), p.medtuned7b, p.medtuned13b, p.biobert])));
    }
  }
  for (const r of runs) for (const f of r.failed) console.error(`failed: variant ${r.variant}: ${f}`);
  return failedCount > 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------
// Relations

interface PairItem {
  text: string;
  pair: CandidatePair;
  gold: string;
}

/** The kind of pair two entity types make (either order), as candidatePairs forms them. */
function kindOfTypes(a: EntityType, b: EntityType): PairKind | undefined {
  const at = (type: EntityType, start: number): Mention => ({ start, end: start + 1, type, text: '' });
  return candidatePairs([at(a, 0), at(b, 2)], 1)[0]?.kind;
}

/**
 * Gold entity pairs of a BRAT corpus: every candidate pair of a unit, labelled from the gold
 * relations. Gold relations that no pair reaches are `unreachable` (they count as missed),
 * except those of kinds the profile does not ask (`untrained`: not scored).
 */
function bratPairs(docs: AnnotatedDocument[], kinds: ReadonlySet<PairKind>): { items: PairItem[]; unreachable: string[]; untrained: string[] } {
  const items: PairItem[] = [];
  const unreachable: string[] = [];
  const untrained: string[] = [];
  for (const doc of docs) {
    const byId = new Map(doc.entities.map((e) => [e.id, e]));
    const sentences = segment(doc.text).filter((s) => s.kind === 'sentence');
    const goldLabel = new Map<string, string>();
    for (const r of doc.relations) goldLabel.set(`${r.head}>${r.tail}`, r.label);
    const seen = new Set<string>();
    for (const unit of relationUnits(doc.text, sentences)) {
      const inUnit = doc.entities.filter((e) => e.start >= unit.start && e.end <= unit.end && engineType(e.type));
      const mentions: (Mention & { id: string })[] = inUnit.map((e) => ({ id: e.id, start: e.start - unit.start, end: e.end - unit.start, type: engineType(e.type)!, text: e.text }));
      for (const pair of candidatePairs(mentions, Number.MAX_SAFE_INTEGER, kinds)) {
        const h = (pair.head as Mention & { id: string }).id;
        const t = (pair.tail as Mention & { id: string }).id;
        const label = goldLabel.get(`${h}>${t}`) ?? (pair.kind === 'clinical' ? goldLabel.get(`${t}>${h}`) : undefined) ?? noneLabel(pair.kind);
        seen.add(`${h}>${t}`).add(`${t}>${h}`);
        items.push({ text: doc.text.slice(unit.start, unit.end), pair, gold: label });
      }
    }
    for (const r of doc.relations) {
      if (seen.has(`${r.head}>${r.tail}`)) continue;
      const head = byId.get(r.head);
      const tail = byId.get(r.tail);
      const [ht, tt] = [head && engineType(head.type), tail && engineType(tail.type)];
      const kind = ht && tt ? kindOfTypes(ht, tt) : undefined;
      const what = `${doc.id}: ${r.label}(${head?.text}, ${tail?.text})`;
      if (kind && !kinds.has(kind)) untrained.push(what);
      else unreachable.push(what);
    }
  }
  return { items, unreachable, untrained };
}

type Counts = { tp: number; fp: number; fn: number };
type LabelScore = Counts & { precision: number; recall: number; f1: number };

/** One variant's relation run: micro-F1 without the none class, and per label. */
async function reRun(items: PairItem[], unreachable: string[], profile: Profile, setup: CliEngine, progress: Progress, counter: { done: number }): Promise<{ micro: LabelScore; labels: Record<string, LabelScore>; failed: string[] }> {
  const failed: string[] = [];
  const failedItems = new Set<number>();
  const predictions: (string | undefined)[] = [];
  await forEachLimited(items, setup.ctx.scheduler.capacity * 2, async (item, i) => {
    try {
      const [task] = profile.relationTasks([item.pair]);
      const answer = await setup.ask(profile.relationRequest(item.text, task), profile);
      predictions[i] = profile.parseRelations(task, answer).labels[0];
    } catch (err) {
      failed.push(`${i}: ${(err as Error).message}`);
      failedItems.add(i);
    }
    progress.update(++counter.done, `${failed.length} failed`);
  });
  // Micro-F1 without the none class, as ChemProt and i2b2-2010 are reported.
  const isNone = (item: PairItem, label: string | undefined) => label === undefined || label === noneLabel(item.pair.kind) || !allowedLabels(item.pair).includes(label);
  const per = new Map<string, Counts>();
  const count = (label: string) => per.get(label) ?? per.set(label, { tp: 0, fp: 0, fn: 0 }).get(label)!;
  items.forEach((item, i) => {
    if (failedItems.has(i)) return;
    const pred = predictions[i];
    const goldNone = isNone(item, item.gold);
    const predNone = isNone(item, pred);
    if (!goldNone && pred === item.gold) count(item.gold).tp++;
    else {
      if (!predNone) count(pred!).fp++;
      if (!goldNone) count(item.gold).fn++;
    }
  });
  for (const u of unreachable) count(u.split(': ')[1].split('(')[0]).fn++;
  // Percentages with one decimal, as `eval ner` reports them.
  const round = (x: number) => Math.round(x * 10) / 10;
  const f1 = (c: Counts): LabelScore => {
    const p = c.tp + c.fp ? (100 * c.tp) / (c.tp + c.fp) : 0;
    const r = c.tp + c.fn ? (100 * c.tp) / (c.tp + c.fn) : 0;
    return { ...c, precision: round(p), recall: round(r), f1: round(p + r ? (2 * p * r) / (p + r) : 0) };
  };
  const micro = f1([...per.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 }));
  const labels = Object.fromEntries([...per].sort(([a], [b]) => a.localeCompare(b)).map(([l, c]) => [l, f1(c)]));
  return { micro, labels, failed };
}

async function evalRe(corpus: string, values: Record<string, unknown>, limit: number | undefined, run: EvalRun): Promise<number> {
  const { setup } = run;
  let items: PairItem[];
  let unreachable: string[] = [];
  let untrained: string[] = [];
  if (fs.statSync(corpus).isDirectory()) {
    ({ items, unreachable, untrained } = bratPairs(readBratFolder(corpus, values.strict === true), setup.profile.relationKinds));
  } else {
    if (!setup.profile.relationKinds.has('chemical-gene')) {
      throw new UsageError('ChemProt relations need --profile json: the MedTuned training mix had no ChemProt data.', EVAL_HELP);
    }
    const read = parseChemProt(fs.readFileSync(corpus, 'utf8'));
    reportSkips(corpus, read.skips, 'lines', values.strict === true);
    items = read.pairs.map((p) => ({
      text: p.text,
      gold: p.label,
      pair: {
        kind: 'chemical-gene',
        head: { ...p.chemical, type: 'chemical', text: p.text.slice(p.chemical.start, p.chemical.end) },
        tail: { ...p.gene, type: 'gene', text: p.text.slice(p.gene.start, p.gene.end) },
      },
    }));
  }
  items = items.slice(0, limit);
  await setup.check();
  const variants = variantsFor(run, ['i2b2-2010']);
  const progress = new Progress(items.length * variants.length);
  const counter = { done: 0 };
  const runs: ({ variant: number; profile: Profile } & Awaited<ReturnType<typeof reRun>>)[] = [];
  for (const variant of variants) {
    const profile = setup.profileWith({ instructionVariant: variant });
    runs.push({ variant, profile, ...(await reRun(items, unreachable, profile, setup, progress, counter)) });
  }
  progress.finish();
  const profileName = runs[0].profile.name;
  const untrainedNote = () => {
    if (untrained.length > 0) console.log(`${untrained.length} gold relation(s) of kinds the ${profileName} layout was not trained on (not asked, not scored): ${untrained.join('; ')}`);
  };

  if (!run.allVariants) {
    const { micro, labels, failed } = runs[0];
    if (values.json) console.log(JSON.stringify({ corpus, items: items.length, failed: failed.length, unreachable, micro, labels, ...(untrained.length ? { untrained } : {}) }, null, 2));
    else {
      console.log(`${corpus}: ${items.length} pairs, model ${setup.model} (${profileName} profile)\n`);
      const rows = Object.entries(labels).map(([l, c]) => [l, c.tp + c.fn, pct(c.precision), pct(c.recall), pct(c.f1)]);
      rows.push(['micro (no none)', micro.tp + micro.fn, pct(micro.precision), pct(micro.recall), pct(micro.f1)]);
      console.log(table(['label', 'gold', 'P', 'R', 'F1'], rows));
      if (unreachable.length > 0) console.log(`\n${unreachable.length} gold relation(s) span more than a sentence or list item and count as missed.`);
      untrainedNote();
    }
    for (const f of failed) console.error(`failed: ${f}`);
    return failed.length > 0 ? 1 : 0;
  }

  const summary = variantStats(runs.map((r) => r.micro.f1));
  const failedCount = runs.reduce((n, r) => n + r.failed.length, 0);
  if (values.json) {
    const result = {
      corpus,
      items: items.length,
      failed: failedCount,
      model: setup.model,
      profile: profileName,
      instructionVariants: variants,
      dataset: 'i2b2-2010',
      unreachable,
      ...(untrained.length ? { untrained } : {}),
      variants: runs.map((r) => ({ variant: r.variant, failed: r.failed.length, micro: r.micro, labels: r.labels })),
      summary: { metric: 'micro-F1 without the none class', statistic: SD_KIND, ...summary },
      published: null,
    };
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`${corpus}: ${items.length} pairs, model ${setup.model} (${profileName} profile), ${variantRange(variants)} of ${DATASET_NAMES['i2b2-2010']}\n`);
    const rows: (string | number)[][] = runs.map((r) => [`variant ${r.variant}`, r.micro.tp + r.micro.fn, pct(r.micro.precision), pct(r.micro.recall), pct(r.micro.f1)]);
    const columns = [variantStats(runs.map((r) => r.micro.precision)), variantStats(runs.map((r) => r.micro.recall)), summary];
    console.log(table(['variant', 'gold', 'P', 'R', 'F1'], [...rows, ...summaryRows(columns, [''])]));
    console.log(`\nMicro-F1 without the none class; mean and sample standard deviation (n - 1) over the ${variants.length} variants.`);
    console.log("Published: none; the project's references (instruction-formats.md) give no i2b2-2010 relation figure of Llama2-MedTuned.");
    if (unreachable.length > 0) console.log(`${unreachable.length} gold relation(s) span more than a sentence or list item and count as missed.`);
    untrainedNote();
  }
  for (const r of runs) for (const f of r.failed) console.error(`failed: variant ${r.variant}: ${f}`);
  return failedCount > 0 ? 1 : 0;
}

// ---------------------------------------------------------------------------------------
// NLI

type Confusion = Record<NliLabel, Record<NliLabel | 'none', number>>;

/** One variant's NLI run: accuracy over the answered pairs and the confusion matrix. */
async function nliRun(pairs: { premise: string; hypothesis: string; label: string }[], profile: Profile, setup: CliEngine, progress: Progress, counter: { done: number }) {
  const confusion: Confusion = Object.fromEntries(NLI_LABELS.map((g) => [g, { entailment: 0, contradiction: 0, neutral: 0, none: 0 }])) as never;
  const failed: string[] = [];
  let correct = 0;
  await forEachLimited(pairs, setup.ctx.scheduler.capacity * 2, async (pair, i) => {
    try {
      const answer = await setup.ask(profile.nliRequest(pair.premise, pair.hypothesis), profile);
      const label = profile.parseNli(answer).label;
      confusion[pair.label as NliLabel][label ?? 'none']++;
      if (label === pair.label) correct++;
    } catch (err) {
      failed.push(`${i}: ${(err as Error).message}`);
    }
    progress.update(++counter.done, `${failed.length} failed`);
  });
  const answered = pairs.length - failed.length;
  const accuracy = answered ? (100 * correct) / answered : 0;
  return { correct, answered, accuracy, confusion, failed };
}

async function evalNli(corpus: string, values: Record<string, unknown>, limit: number | undefined, run: EvalRun): Promise<number> {
  const { setup } = run;
  const read = parseNliPairs(fs.readFileSync(corpus, 'utf8'));
  reportSkips(corpus, read.skips, 'lines', values.strict === true);
  const pairs = read.pairs.slice(0, limit);
  if (pairs.length === 0) throw new UsageError(`No {"premise","hypothesis","label"} lines in ${corpus}`, EVAL_HELP);
  await setup.check();
  const variants = variantsFor(run, ['mednli']);
  const progress = new Progress(pairs.length * variants.length);
  const counter = { done: 0 };
  const runs: ({ variant: number; profile: Profile } & Awaited<ReturnType<typeof nliRun>>)[] = [];
  for (const variant of variants) {
    const profile = setup.profileWith({ instructionVariant: variant });
    runs.push({ variant, profile, ...(await nliRun(pairs, profile, setup, progress, counter)) });
  }
  progress.finish();
  const profileName = runs[0].profile.name;

  if (!run.allVariants) {
    const { correct, answered, accuracy, confusion, failed } = runs[0];
    if (values.json) console.log(JSON.stringify({ corpus, pairs: pairs.length, failed: failed.length, accuracy, confusion }, null, 2));
    else {
      console.log(`${corpus}: ${pairs.length} pairs, model ${setup.model} (${profileName} profile)\n`);
      console.log(`accuracy ${pct(accuracy)} (${correct}/${answered})\n`);
      console.log('gold \\ predicted');
      console.log(table(['', ...NLI_LABELS, 'no label'], NLI_LABELS.map((g) => [g, ...NLI_LABELS.map((p) => confusion[g][p]), confusion[g].none])));
    }
    for (const f of failed) console.error(`failed: ${f}`);
    return failed.length > 0 ? 1 : 0;
  }

  const summary = variantStats(runs.map((r) => r.accuracy));
  const failedCount = runs.reduce((n, r) => n + r.failed.length, 0);
  if (values.json) {
    const result = {
      corpus,
      pairs: pairs.length,
      failed: failedCount,
      model: setup.model,
      profile: profileName,
      instructionVariants: variants,
      dataset: 'mednli',
      variants: runs.map((r) => ({ variant: r.variant, failed: r.failed.length, accuracy: r.accuracy, confusion: r.confusion })),
      summary: { metric: 'accuracy', statistic: SD_KIND, ...summary },
      published: PUBLISHED_NLI,
    };
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`${corpus}: ${pairs.length} pairs, model ${setup.model} (${profileName} profile), ${variantRange(variants)} of ${DATASET_NAMES.mednli}\n`);
    const noLabel = (c: Confusion) => NLI_LABELS.reduce((n, g) => n + c[g].none, 0);
    const rows: (string | number)[][] = runs.map((r) => [`variant ${r.variant}`, pct(r.accuracy), `${r.correct}/${r.answered}`, noLabel(r.confusion)]);
    const mean = summaryRows([summary]).map(([label, value]) => [label, value, '', '']);
    console.log(table(['variant', 'accuracy', 'correct', 'no label'], [...rows, ...mean]));
    console.log(`\nAccuracy; mean and sample standard deviation (n - 1) over the ${variants.length} variants.`);
    const p = PUBLISHED_NLI;
    console.log("\nPublished accuracy (instruction-formats.md; it gives no MedTuned-7b figure):");
    console.log(table(['dataset', 'this run (mean ± SD)', 'MedTuned-13b', 'BioClinicalBERT', 'Llama 2 (untuned)'], [[p.dataset, `${two(summary.mean)} ± ${two(summary.sd)}`, p.medtuned13b, p.bioclinicalbert, p.llama2]]));
  }
  for (const r of runs) for (const f of r.failed) console.error(`failed: variant ${r.variant}: ${f}`);
  return failedCount > 0 ? 1 : 0;
}
