/** `biomed eval re`: micro-F1 without the none class over ChemProt or BRAT relation pairs. */
import * as fs from 'node:fs';
import { EntityType, evaluation, formats, Mention, Profile, segment } from '../../engine';
import { readCorpusFile, reportSkips, UsageError } from '../args';
import { failureMessage } from '../bugs';
import { CliEngine, forEachLimited } from '../engineOptions';
import { Progress } from '../progress';
import { EVAL_HELP, EvalRun, pct, readBratFolder, runVariants, summaryRows, table, variantRange, variantsFor } from './common';

const { allowedLabels, candidatePairs, DATASET_NAMES, engineType, noneLabel, relationUnits, SD_KIND, variantStats } = evaluation;
type CandidatePair = evaluation.CandidatePair;
type PairKind = evaluation.PairKind;
const { parseChemProt } = formats;
type AnnotatedDocument = formats.AnnotatedDocument;

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
      const mentions: (Mention & { id: string })[] = inUnit.map((e) => ({
        id: e.id,
        start: e.start - unit.start,
        end: e.end - unit.start,
        type: engineType(e.type)!,
        text: e.text,
      }));
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
async function reRun(
  items: PairItem[],
  unreachable: string[],
  profile: Profile,
  setup: CliEngine,
  progress: Progress,
  counter: { done: number },
): Promise<{ micro: LabelScore; labels: Record<string, LabelScore>; failed: string[] }> {
  const failed: string[] = [];
  const failedItems = new Set<number>();
  const predictions: (string | undefined)[] = [];
  await forEachLimited(items, setup.capacity * 2, async (item, i) => {
    try {
      const [task] = profile.relationTasks([item.pair]);
      const answer = await setup.ask(profile.relationRequest(item.text, task), profile);
      predictions[i] = profile.parseRelations(task, answer).labels[0];
    } catch (err) {
      failed.push(`${i}: ${failureMessage(`item ${i}`, err)}`);
      failedItems.add(i);
    }
    progress.update(++counter.done, `${failed.length} failed`);
  });
  // Micro-F1 without the none class, as ChemProt and i2b2-2010 are reported.
  const isNone = (item: PairItem, label: string | undefined) =>
    label === undefined || label === noneLabel(item.pair.kind) || !allowedLabels(item.pair).includes(label);
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

export async function evalRe(corpus: string, values: Record<string, unknown>, limit: number | undefined, run: EvalRun): Promise<number> {
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
    const read = parseChemProt(readCorpusFile(corpus, EVAL_HELP));
    reportSkips(corpus, read.skips, 'lines', values.strict === true);
    if (read.pairs.length === 0)
      throw new UsageError(`No ChemProt pairs ({"text","label"} lines, << chemical >> and [[ gene ]] marked) in ${corpus}.`, EVAL_HELP);
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
  const runs = await runVariants(setup, progress, variants, (profile) => reRun(items, unreachable, profile, setup, progress, counter));
  progress.finish();
  const profileName = runs[0].profile.name;
  const untrainedNote = () => {
    if (untrained.length > 0)
      console.log(
        `${untrained.length} gold relation(s) of kinds the ${profileName} layout was not trained on (not asked, not scored): ${untrained.join('; ')}`,
      );
  };

  if (!run.allVariants) {
    const { micro, labels, failed } = runs[0];
    if (values.json)
      console.log(
        JSON.stringify({ corpus, items: items.length, failed: failed.length, unreachable, micro, labels, ...(untrained.length ? { untrained } : {}) }, null, 2),
      );
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
    console.log(
      `${corpus}: ${items.length} pairs, model ${setup.model} (${profileName} profile), ${variantRange(variants)} of ${DATASET_NAMES['i2b2-2010']}\n`,
    );
    const rows: (string | number)[][] = runs.map((r) => [
      `variant ${r.variant}`,
      r.micro.tp + r.micro.fn,
      pct(r.micro.precision),
      pct(r.micro.recall),
      pct(r.micro.f1),
    ]);
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
