/** `biomed eval re`: micro-F1 without the none class over ChemProt or BRAT relation pairs. */
import * as fs from 'node:fs';
import { evaluation, Profile } from '../../engine';
import { readCorpusFile, reportSkips, UsageError } from '../args';
import { failureMessage } from '../bugs';
import { CliEngine, forEachLimited } from '../engineOptions';
import { Progress } from '../progress';
import { EVAL_HELP, EvalRun, pct, readBratFolder, runVariants, summaryRows, table, variantRange, variantsFor } from './common';

const { bratRelationItems, chemProtRelationItems, DATASET_NAMES, scoreRelations, SD_KIND, variantStats } = evaluation;
type RelationItem = evaluation.RelationItem;
type LabelScore = evaluation.LabelScore;

/** One variant's relation run: the model's label for each item, scored (micro-F1 without the none class, and per label). */
async function reRun(
  items: RelationItem[],
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
  return { ...scoreRelations(items, predictions, failedItems, unreachable), failed };
}

export async function evalRe(corpus: string, values: Record<string, unknown>, limit: number | undefined, run: EvalRun): Promise<number> {
  const { setup } = run;
  let items: RelationItem[];
  let unreachable: string[] = [];
  let untrained: string[] = [];
  if (fs.statSync(corpus).isDirectory()) {
    ({ items, unreachable, untrained } = bratRelationItems(readBratFolder(corpus, values.strict === true), setup.profile.relationKinds));
  } else {
    if (!setup.profile.relationKinds.has('chemical-gene')) {
      throw new UsageError('ChemProt relations need --profile json: the MedTuned training mix had no ChemProt data.', EVAL_HELP);
    }
    const read = chemProtRelationItems(readCorpusFile(corpus, EVAL_HELP));
    reportSkips(corpus, read.skips, 'lines', values.strict === true);
    if (read.items.length === 0)
      throw new UsageError(`No ChemProt pairs ({"text","label"} lines, << chemical >> and [[ gene ]] marked) in ${corpus}.`, EVAL_HELP);
    items = read.items;
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
