/** `biomed eval re`: micro-F1 without the none class over ChemProt or BRAT relation pairs. */
import * as fs from 'node:fs';
import { evaluation } from '../../engine';
import { readCorpusFile, reportSkips, UsageError } from '../args';
import { EVAL_HELP, EvalRun, pct, readBratFolder, runEvaluation, summaryRows, table, usageOf, variantRange } from './common';

const { evaluateRelations, relationItems } = evaluation;

/** The corpus's pairs: a BRAT folder's, or ChemProt's JSON lines (what the reader skipped on stderr, an error with --strict). */
function readItems(corpus: string, setup: EvalRun['setup'], strict: boolean): evaluation.RelationItems {
  try {
    if (fs.statSync(corpus).isDirectory()) return relationItems(setup.engine, { brat: readBratFolder(corpus, strict) });
    const read = relationItems(setup.engine, { chemProt: readCorpusFile(corpus, EVAL_HELP) });
    if (read.skips) reportSkips(corpus, read.skips, 'lines', strict);
    if (read.items.length === 0)
      throw new UsageError(`No ChemProt pairs ({"text","label"} lines, << chemical >> and [[ gene ]] marked) in ${corpus}.`, EVAL_HELP);
    return read;
  } catch (err) {
    throw usageOf(err);
  }
}

export async function evalRe(corpus: string, values: Record<string, unknown>, limit: number | undefined, run: EvalRun): Promise<number> {
  const { setup } = run;
  const read = readItems(corpus, setup, values.strict === true);
  const items = read.items.slice(0, limit);
  const report = await runEvaluation(setup, items.length, (hooks) =>
    evaluateRelations(setup.engine, { ...read, items }, { allVariants: run.allVariants }, hooks),
  );
  const { runs, variants, model, profile: profileName, unreachable, untrained } = report;
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
      console.log(`${corpus}: ${items.length} pairs, model ${model} (${profileName} profile)\n`);
      const rows = Object.entries(labels).map(([l, c]) => [l, c.tp + c.fn, pct(c.precision), pct(c.recall), pct(c.f1)]);
      rows.push(['micro (no none)', micro.tp + micro.fn, pct(micro.precision), pct(micro.recall), pct(micro.f1)]);
      console.log(table(['label', 'gold', 'P', 'R', 'F1'], rows));
      if (unreachable.length > 0) console.log(`\n${unreachable.length} gold relation(s) span more than a sentence or list item and count as missed.`);
      untrainedNote();
    }
    for (const f of failed) console.error(`failed: ${f}`);
    return failed.length > 0 ? 1 : 0;
  }

  const { summary, spreads } = report as Required<typeof report>;
  if (values.json) {
    const result = {
      corpus,
      items: items.length,
      failed: report.failed,
      model,
      profile: profileName,
      instructionVariants: variants,
      dataset: 'i2b2-2010',
      unreachable,
      ...(untrained.length ? { untrained } : {}),
      variants: runs.map((r) => ({ variant: r.variant, failed: r.failed.length, micro: r.micro, labels: r.labels })),
      summary,
      published: null,
    };
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`${corpus}: ${items.length} pairs, model ${model} (${profileName} profile), ${variantRange(variants)} of ${report.datasetName}\n`);
    const rows: (string | number)[][] = runs.map((r) => [
      `variant ${r.variant}`,
      r.micro.tp + r.micro.fn,
      pct(r.micro.precision),
      pct(r.micro.recall),
      pct(r.micro.f1),
    ]);
    const columns = [spreads.precision, spreads.recall, summary];
    console.log(table(['variant', 'gold', 'P', 'R', 'F1'], [...rows, ...summaryRows(columns, [''])]));
    console.log(`\nMicro-F1 without the none class; mean and sample standard deviation (n - 1) over the ${variants.length} variants.`);
    console.log("Published: none; the project's references (instruction-formats.md) give no i2b2-2010 relation figure of Llama2-MedTuned.");
    if (unreachable.length > 0) console.log(`${unreachable.length} gold relation(s) span more than a sentence or list item and count as missed.`);
    untrainedNote();
  }
  for (const r of runs) for (const f of r.failed) console.error(`failed: variant ${r.variant}: ${f}`);
  return report.failed > 0 ? 1 : 0;
}
