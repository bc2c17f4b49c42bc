/** `biomed eval nli`: accuracy and a confusion matrix over premise/hypothesis pairs. */
import { evaluation, formats, NLI_LABELS, NliLabel, Profile } from '../../engine';
import { readCorpusFile, reportSkips, UsageError } from '../args';
import { failureMessage } from '../bugs';
import { CliEngine, forEachLimited } from '../engineOptions';
import { Progress } from '../progress';
import { EVAL_HELP, EvalRun, pct, runVariants, summaryRows, table, two, variantRange, variantsFor } from './common';

const { DATASET_NAMES, PUBLISHED_NLI, SD_KIND, variantStats } = evaluation;
const { parseNliPairs } = formats;

type Confusion = Record<NliLabel, Record<NliLabel | 'none', number>>;

/** One variant's NLI run: accuracy over the answered pairs and the confusion matrix. */
async function nliRun(
  pairs: { premise: string; hypothesis: string; label: string }[],
  profile: Profile,
  setup: CliEngine,
  progress: Progress,
  counter: { done: number },
) {
  const confusion: Confusion = Object.fromEntries(NLI_LABELS.map((g) => [g, { entailment: 0, contradiction: 0, neutral: 0, none: 0 }])) as never;
  const failed: string[] = [];
  let correct = 0;
  await forEachLimited(pairs, setup.capacity * 2, async (pair, i) => {
    try {
      const answer = await setup.ask(profile.nliRequest(pair.premise, pair.hypothesis), profile);
      const label = profile.parseNli(answer).label;
      confusion[pair.label as NliLabel][label ?? 'none']++;
      if (label === pair.label) correct++;
    } catch (err) {
      failed.push(`${i}: ${failureMessage(`item ${i}`, err)}`);
    }
    progress.update(++counter.done, `${failed.length} failed`);
  });
  const answered = pairs.length - failed.length;
  const accuracy = answered ? (100 * correct) / answered : 0;
  return { correct, answered, accuracy, confusion, failed };
}

export async function evalNli(corpus: string, values: Record<string, unknown>, limit: number | undefined, run: EvalRun): Promise<number> {
  const { setup } = run;
  const read = parseNliPairs(readCorpusFile(corpus, EVAL_HELP));
  reportSkips(corpus, read.skips, 'lines', values.strict === true);
  const pairs = read.pairs.slice(0, limit);
  if (pairs.length === 0) throw new UsageError(`No {"premise","hypothesis","label"} lines in ${corpus}`, EVAL_HELP);
  await setup.check();
  const variants = variantsFor(run, ['mednli']);
  const progress = new Progress(pairs.length * variants.length);
  const counter = { done: 0 };
  const runs = await runVariants(setup, progress, variants, (profile) => nliRun(pairs, profile, setup, progress, counter));
  progress.finish();
  const profileName = runs[0].profile.name;

  if (!run.allVariants) {
    const { correct, answered, accuracy, confusion, failed } = runs[0];
    if (values.json) console.log(JSON.stringify({ corpus, pairs: pairs.length, failed: failed.length, accuracy, confusion }, null, 2));
    else {
      console.log(`${corpus}: ${pairs.length} pairs, model ${setup.model} (${profileName} profile)\n`);
      console.log(`accuracy ${pct(accuracy)} (${correct}/${answered})\n`);
      console.log('gold \\ predicted');
      console.log(
        table(
          ['', ...NLI_LABELS, 'no label'],
          NLI_LABELS.map((g) => [g, ...NLI_LABELS.map((p) => confusion[g][p]), confusion[g].none]),
        ),
      );
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
    console.log('\nPublished accuracy (instruction-formats.md; it gives no MedTuned-7b figure):');
    console.log(
      table(
        ['dataset', 'this run (mean ± SD)', 'MedTuned-13b', 'BioClinicalBERT', 'Llama 2 (untuned)'],
        [[p.dataset, `${two(summary.mean)} ± ${two(summary.sd)}`, p.medtuned13b, p.bioclinicalbert, p.llama2]],
      ),
    );
  }
  for (const r of runs) for (const f of r.failed) console.error(`failed: variant ${r.variant}: ${f}`);
  return failedCount > 0 ? 1 : 0;
}
