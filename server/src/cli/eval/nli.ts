/** `biomed eval nli`: accuracy and a confusion matrix over premise/hypothesis pairs. */
import { evaluation, formats, NLI_LABELS } from '../../engine';
import { readCorpusFile, reportSkips, UsageError } from '../args';
import { EVAL_HELP, EvalRun, pct, runEvaluation, summaryRows, table, two, variantRange } from './common';

const { evaluateNli } = evaluation;
const { parseNliPairs } = formats;
type Confusion = evaluation.NliEvaluation['runs'][number]['confusion'];

export async function evalNli(corpus: string, values: Record<string, unknown>, limit: number | undefined, run: EvalRun): Promise<number> {
  const { setup } = run;
  const read = parseNliPairs(readCorpusFile(corpus, EVAL_HELP));
  reportSkips(corpus, read.skips, 'lines', values.strict === true);
  const pairs = read.pairs.slice(0, limit);
  if (pairs.length === 0) throw new UsageError(`No {"premise","hypothesis","label"} lines in ${corpus}`, EVAL_HELP);
  const report = await runEvaluation(setup, pairs.length, (hooks) => evaluateNli(setup.engine, pairs, { allVariants: run.allVariants }, hooks));
  const { runs, variants, model, profile: profileName } = report;

  if (!run.allVariants) {
    const { correct, answered, accuracy, confusion, failed } = runs[0];
    if (values.json) console.log(JSON.stringify({ corpus, pairs: pairs.length, failed: failed.length, accuracy, confusion }, null, 2));
    else {
      console.log(`${corpus}: ${pairs.length} pairs, model ${model} (${profileName} profile)\n`);
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

  const { summary } = report as Required<typeof report>;
  if (values.json) {
    const result = {
      corpus,
      pairs: pairs.length,
      failed: report.failed,
      model,
      profile: profileName,
      instructionVariants: variants,
      dataset: 'mednli',
      variants: runs.map((r) => ({ variant: r.variant, failed: r.failed.length, accuracy: r.accuracy, confusion: r.confusion })),
      summary,
      published: report.published,
    };
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`${corpus}: ${pairs.length} pairs, model ${model} (${profileName} profile), ${variantRange(variants)} of ${report.datasetName}\n`);
    const noLabel = (c: Confusion) => NLI_LABELS.reduce((n, g) => n + c[g].none, 0);
    const rows: (string | number)[][] = runs.map((r) => [`variant ${r.variant}`, pct(r.accuracy), `${r.correct}/${r.answered}`, noLabel(r.confusion)]);
    const mean = summaryRows([summary]).map(([label, value]) => [label, value, '', '']);
    console.log(table(['variant', 'accuracy', 'correct', 'no label'], [...rows, ...mean]));
    console.log(`\nAccuracy; mean and sample standard deviation (n - 1) over the ${variants.length} variants.`);
    const p = report.published;
    console.log('\nPublished accuracy (instruction-formats.md; it gives no MedTuned-7b figure):');
    console.log(
      table(
        ['dataset', 'this run (mean ± SD)', 'MedTuned-13b', 'BioClinicalBERT', 'Llama 2 (untuned)'],
        [[p.dataset, `${two(summary.mean)} ± ${two(summary.sd)}`, p.medtuned13b, p.bioclinicalbert, p.llama2]],
      ),
    );
  }
  for (const r of runs) for (const f of r.failed) console.error(`failed: variant ${r.variant}: ${f}`);
  return report.failed > 0 ? 1 : 0;
}
