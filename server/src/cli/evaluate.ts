/**
 * `biomed eval ner|re|nli`: a served model measured on standard corpora, the way the
 * instruction-tuning papers report it: NER by strict and overlap precision, recall and F1
 * per type and micro-averaged (published figures beside known datasets), RE by micro-F1
 * without the none class, NLI by accuracy and a confusion matrix.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBratDocument } from '../engine/formats/bratDocument';
import { readChemProt } from '../engine/formats/chemprot';
import { AnnotatedDocument } from '../engine/formats/document';
import { readIob } from '../engine/formats/iob';
import { readNliPairs } from '../engine/formats/nliPairs';
import { readPubTator } from '../engine/formats/pubtator';
import { scoreSpans } from '../engine/eval/conlleval';
import { knownDataset } from '../engine/eval/published';
import { engineType } from '../engine/eval/typeMap';
import { NLI_LABELS, NliLabel } from '../engine/tasks/nli';
import { allowedLabels, CandidatePair, candidatePairs, noneLabel, relationUnits } from '../engine/tasks/relations';
import { segment } from '../engine/text/segment';
import { EntityType, Mention } from '../engine/types';
import { choice, intOption, parse, UsageError } from './args';
import { parseTypes } from './annotate';
import { CliEngine, cliEngine, forEachLimited, MODEL_HELP, MODEL_OPTIONS } from './engineOptions';
import { Progress } from './progress';

export const EVAL_HELP = `Usage: biomed eval ner <corpus> --format pubtator|iob|brat [options]
       biomed eval re <chemprot.jsonl | brat folder> [options]
       biomed eval nli <pairs.jsonl> [options]

ner   strict (same start, end and type) and overlap precision, recall and F1 per type and
      micro-averaged; for NCBI-disease, BC5CDR, BC2GM and JNLPBA the published figures of
      Llama2-MedTuned and BioBERT are printed beside. With IOB corpora the medtuned input
      follows the corpus's own tokens.
re    relation labels for the gold entity pairs: micro-F1 without the none class, and per
      label (ChemProt JSON lines need --profile json; a BRAT folder takes .txt + .ann pairs).
nli   accuracy and the confusion matrix over {"premise","hypothesis","label"} lines.

Options:
  --format F             ner corpus format: pubtator | iob | brat
  --types T,T            ner: entity types to score (default: those in the corpus)
  --dataset NAME         ner: name the dataset when its path does not (ncbi, bc5cdr, bc2gm, jnlpba)
  --limit N              only the first N documents (ner) or items (re, nli)
  --json                 print the result as JSON
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
};

const pct = (n: number) => n.toFixed(1);

function table(header: string[], rows: (string | number)[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells: (string | number)[]) => cells.map((c, i) => String(c).padStart(i === 0 ? 0 : widths[i]).padEnd(widths[i])).join('  ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
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
  const setup = cliEngine(values, EVAL_HELP);
  if (task === 'ner') return evalNer(corpus, values, limit, setup);
  if (task === 're') return evalRe(corpus, values, limit, setup);
  return evalNli(corpus, values, limit, setup);
}

function readCorpus(corpus: string, format: string): AnnotatedDocument[] {
  if (format === 'brat') return readBratFolder(corpus);
  const text = fs.readFileSync(corpus, 'utf8');
  return format === 'pubtator' ? readPubTator(text) : readIob(text);
}

function readBratFolder(folder: string): AnnotatedDocument[] {
  if (!fs.statSync(folder).isDirectory()) throw new UsageError(`A BRAT corpus is a folder of .txt/.note files with .ann files beside them: ${folder}`, EVAL_HELP);
  const docs: AnnotatedDocument[] = [];
  for (const name of fs.readdirSync(folder).sort()) {
    const m = /^(.*)\.(txt|note)$/.exec(name);
    if (!m || !fs.existsSync(path.join(folder, `${m[1]}.ann`))) continue;
    docs.push(readBratDocument(m[1], fs.readFileSync(path.join(folder, name), 'utf8'), fs.readFileSync(path.join(folder, `${m[1]}.ann`), 'utf8')));
  }
  if (docs.length === 0) throw new UsageError(`No .txt/.note files with .ann files beside them in ${folder}`, EVAL_HELP);
  return docs;
}

async function evalNer(corpus: string, values: Record<string, unknown>, limit: number | undefined, setup: CliEngine): Promise<number> {
  const format = choice(values.format, 'format', ['pubtator', 'iob', 'brat'] as const, EVAL_HELP);
  if (!format) throw new UsageError('biomed eval ner needs --format pubtator, iob or brat.', EVAL_HELP);
  const docs = readCorpus(corpus, format).slice(0, limit);
  const present = [...new Set(docs.flatMap((d) => d.entities.map((e) => engineType(e.type)).filter((t): t is EntityType => !!t)))];
  const types = values.types ? parseTypes(values.types as string) : present;
  if (types.length === 0) throw new UsageError(`No entity types of this project in ${corpus}; name them with --types.`, EVAL_HELP);
  await setup.check();
  const config = { ...setup.analysisConfig({ entityTypes: types }), relations: undefined, nli: undefined };
  const gold: { doc: string; start: number; end: number; type: string }[] = [];
  const predicted: typeof gold = [];
  const failed: string[] = [];
  const progress = new Progress(docs.length);
  let done = 0;
  await forEachLimited(docs, setup.ctx.scheduler.capacity * 2, async (doc) => {
    for (const e of doc.entities) {
      const type = engineType(e.type);
      if (type && types.includes(type)) gold.push({ doc: doc.id, start: e.start, end: e.end, type });
    }
    const analysis = setup.engine.analyse(doc.id, doc.text, config, { sentences: doc.sentences });
    analysis.start();
    await analysis.whenComplete();
    if (analysis.failed > 0) failed.push(`${doc.id}: ${analysis.lastError?.message}`);
    else for (const m of analysis.entities()) predicted.push({ doc: doc.id, start: m.start, end: m.end, type: m.type });
    progress.update(++done, `${failed.length} failed`);
  });
  progress.finish();
  const score = scoreSpans(gold, predicted);
  const published = knownDataset(String(values.dataset ?? corpus));
  const result = { corpus, documents: docs.length, failed: failed.length, model: setup.model, profile: setup.profile.name, types, score, published };
  if (values.json) console.log(JSON.stringify(result, null, 2));
  else {
    const rows: (string | number)[][] = [];
    for (const type of [...types, 'micro']) {
      const s = type === 'micro' ? score.strict.micro : score.strict.perType[type];
      const o = type === 'micro' ? score.overlap.micro : score.overlap.perType[type];
      if (!s || !o) continue;
      rows.push([type, s.tp + s.fn, pct(s.precision), pct(s.recall), pct(s.f1), pct(o.precision), pct(o.recall), pct(o.f1)]);
    }
    console.log(`${corpus}: ${docs.length} documents, model ${setup.model} (${setup.profile.name} profile)\n`);
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

interface PairItem {
  text: string;
  pair: CandidatePair;
  gold: string;
}

/** Gold entity pairs of a BRAT corpus: every candidate pair of a unit, labelled from the gold relations. */
function bratPairs(docs: AnnotatedDocument[], kinds: ReadonlySet<CandidatePair['kind']>): { items: PairItem[]; unreachable: string[] } {
  const items: PairItem[] = [];
  const unreachable: string[] = [];
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
      if (!seen.has(`${r.head}>${r.tail}`)) unreachable.push(`${doc.id}: ${r.label}(${byId.get(r.head)?.text}, ${byId.get(r.tail)?.text})`);
    }
  }
  return { items, unreachable };
}

async function evalRe(corpus: string, values: Record<string, unknown>, limit: number | undefined, setup: CliEngine): Promise<number> {
  let items: PairItem[];
  let unreachable: string[] = [];
  if (fs.statSync(corpus).isDirectory()) {
    ({ items, unreachable } = bratPairs(readBratFolder(corpus), setup.profile.relationKinds));
  } else {
    if (!setup.profile.relationKinds.has('chemical-gene')) {
      throw new UsageError('ChemProt relations need --profile json: the MedTuned training mix had no ChemProt data.', EVAL_HELP);
    }
    items = readChemProt(fs.readFileSync(corpus, 'utf8')).map((p) => ({
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
  const progress = new Progress(items.length);
  const failed: string[] = [];
  const predictions: (string | undefined)[] = [];
  let done = 0;
  await forEachLimited(items, setup.ctx.scheduler.capacity * 2, async (item, i) => {
    try {
      const [task] = setup.profile.relationTasks([item.pair]);
      const answer = await setup.ask(setup.profile.relationRequest(item.text, task));
      predictions[i] = setup.profile.parseRelations(task, answer).labels[0];
    } catch (err) {
      failed.push(`${i}: ${(err as Error).message}`);
    }
    progress.update(++done, `${failed.length} failed`);
  });
  progress.finish();
  // Micro-F1 without the none class, as ChemProt and i2b2-2010 are reported.
  const isNone = (item: PairItem, label: string | undefined) => label === undefined || label === noneLabel(item.pair.kind) || !allowedLabels(item.pair).includes(label);
  const per = new Map<string, { tp: number; fp: number; fn: number }>();
  const count = (label: string) => per.get(label) ?? per.set(label, { tp: 0, fp: 0, fn: 0 }).get(label)!;
  items.forEach((item, i) => {
    if (predictions[i] === undefined && failed.some((f) => f.startsWith(`${i}:`))) return;
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
  const f1 = (c: { tp: number; fp: number; fn: number }) => {
    const p = c.tp + c.fp ? (100 * c.tp) / (c.tp + c.fp) : 0;
    const r = c.tp + c.fn ? (100 * c.tp) / (c.tp + c.fn) : 0;
    return { ...c, precision: round(p), recall: round(r), f1: round(p + r ? (2 * p * r) / (p + r) : 0) };
  };
  const micro = f1([...per.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 }));
  const labels = Object.fromEntries([...per].sort(([a], [b]) => a.localeCompare(b)).map(([l, c]) => [l, f1(c)]));
  if (values.json) console.log(JSON.stringify({ corpus, items: items.length, failed: failed.length, unreachable, micro, labels }, null, 2));
  else {
    console.log(`${corpus}: ${items.length} pairs, model ${setup.model} (${setup.profile.name} profile)\n`);
    const rows = Object.entries(labels).map(([l, c]) => [l, c.tp + c.fn, pct(c.precision), pct(c.recall), pct(c.f1)]);
    rows.push(['micro (no none)', micro.tp + micro.fn, pct(micro.precision), pct(micro.recall), pct(micro.f1)]);
    console.log(table(['label', 'gold', 'P', 'R', 'F1'], rows));
    if (unreachable.length > 0) console.log(`\n${unreachable.length} gold relation(s) span more than a sentence or list item and count as missed.`);
  }
  for (const f of failed) console.error(`failed: ${f}`);
  return failed.length > 0 ? 1 : 0;
}

async function evalNli(corpus: string, values: Record<string, unknown>, limit: number | undefined, setup: CliEngine): Promise<number> {
  const pairs = readNliPairs(fs.readFileSync(corpus, 'utf8')).slice(0, limit);
  if (pairs.length === 0) throw new UsageError(`No {"premise","hypothesis","label"} lines in ${corpus}`, EVAL_HELP);
  await setup.check();
  const progress = new Progress(pairs.length);
  const confusion: Record<NliLabel, Record<NliLabel | 'none', number>> = Object.fromEntries(
    NLI_LABELS.map((g) => [g, { entailment: 0, contradiction: 0, neutral: 0, none: 0 }]),
  ) as never;
  const failed: string[] = [];
  let correct = 0;
  let done = 0;
  await forEachLimited(pairs, setup.ctx.scheduler.capacity * 2, async (pair, i) => {
    try {
      const answer = await setup.ask(setup.profile.nliRequest(pair.premise, pair.hypothesis));
      const label = setup.profile.parseNli(answer).label;
      confusion[pair.label as NliLabel][label ?? 'none']++;
      if (label === pair.label) correct++;
    } catch (err) {
      failed.push(`${i}: ${(err as Error).message}`);
    }
    progress.update(++done, `${failed.length} failed`);
  });
  progress.finish();
  const answered = pairs.length - failed.length;
  const accuracy = answered ? (100 * correct) / answered : 0;
  if (values.json) console.log(JSON.stringify({ corpus, pairs: pairs.length, failed: failed.length, accuracy, confusion }, null, 2));
  else {
    console.log(`${corpus}: ${pairs.length} pairs, model ${setup.model} (${setup.profile.name} profile)\n`);
    console.log(`accuracy ${pct(accuracy)} (${correct}/${answered})\n`);
    console.log('gold \\ predicted');
    console.log(table(['', ...NLI_LABELS, 'no label'], NLI_LABELS.map((g) => [g, ...NLI_LABELS.map((p) => confusion[g][p]), confusion[g].none])));
  }
  for (const f of failed) console.error(`failed: ${f}`);
  return failed.length > 0 ? 1 : 0;
}
