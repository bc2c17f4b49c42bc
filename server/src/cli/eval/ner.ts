/** `biomed eval ner`: strict and overlap P/R/F1 per type and micro, the published figures beside known datasets. */
import { EntityType, evaluation } from '../../engine';
import { choice, UsageError } from '../args';
import { parseTypes } from '../annotateInputs';
import { EVAL_HELP, EvalRun, pct, readCorpus, runEvaluation, summaryRows, table, two, variantRange } from './common';

const { evaluateNer, nerPlan, strictF1 } = evaluation;
type NerPlan = evaluation.NerPlan;

const CHOSEN_BY: Record<NerPlan['chosenBy'], string> = {
  name: "by the corpus's name",
  types: "by the corpus's entity types",
  defaults: 'the defaults: no corpus name or types decided',
};

export async function evalNer(corpus: string, values: Record<string, unknown>, limit: number | undefined, run: EvalRun): Promise<number> {
  const { setup } = run;
  const format = choice(values.format, 'format', ['pubtator', 'iob', 'brat'] as const, EVAL_HELP);
  if (!format) throw new UsageError('biomed eval ner needs --format pubtator, iob or brat.', EVAL_HELP);
  const docs = readCorpus(corpus, format, values.strict === true).slice(0, limit);
  const plan = nerPlan(docs, String(values.dataset ?? corpus), values.types ? parseTypes(values.types as string) : undefined);
  const { types, published } = plan;
  if (types.length === 0) throw new UsageError(`No entity types of this project in ${corpus}; name them with --types.`, EVAL_HELP);
  const report = await runEvaluation(setup, docs.length, (hooks) => evaluateNer(setup.engine, docs, plan, { allVariants: run.allVariants }, hooks));
  const { runs, variants, model, profile: profileName } = report;
  const medtuned = profileName === 'medtuned';
  const instructions = medtuned ? `instructions: ${plan.described}, ${variantRange(variants)}; chosen ${CHOSEN_BY[plan.chosenBy]}` : undefined;

  if (!run.allVariants) {
    const { score, failed } = runs[0];
    const result = { corpus, documents: docs.length, failed: failed.length, model, profile: profileName, types, score, published };
    if (values.json) console.log(JSON.stringify(result, null, 2));
    else {
      const rows: (string | number)[][] = [];
      for (const type of [...types, 'micro']) {
        const s = type === 'micro' ? score.strict.micro : score.strict.perType[type];
        const o = type === 'micro' ? score.overlap.micro : score.overlap.perType[type];
        if (!s || !o) continue;
        rows.push([type, s.tp + s.fn, pct(s.precision), pct(s.recall), pct(s.f1), pct(o.precision), pct(o.recall), pct(o.f1)]);
      }
      console.log(`${corpus}: ${docs.length} documents, model ${model} (${profileName} profile)`);
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
  const { summary, spreads } = report as Required<typeof report>;
  const { perType, micro } = summary;
  if (values.json) {
    const result = {
      corpus,
      documents: docs.length,
      failed: report.failed,
      model,
      profile: profileName,
      types,
      instructionVariants: variants,
      datasets: plan.datasets,
      variants: runs.map((r) => ({ variant: r.variant, failed: r.failed.length, score: r.score })),
      summary,
      published,
    };
    console.log(JSON.stringify(result, null, 2));
  } else {
    console.log(`${corpus}: ${docs.length} documents, model ${model} (${profileName} profile)`);
    if (instructions) console.log(instructions);
    console.log('');
    const header = ['variant', ...types.map((t) => `${t} F1`), 'micro P', 'micro R', 'micro F1', 'overlap F1'];
    const rows: (string | number)[][] = runs.map((r) => [
      `variant ${r.variant}`,
      ...types.map((t) => pct(strictF1(r.score, t))),
      pct(r.score.strict.micro.precision),
      pct(r.score.strict.micro.recall),
      pct(r.score.strict.micro.f1),
      pct(r.score.overlap.micro.f1),
    ]);
    const columns = [...types.map((t) => perType[t]), spreads.precision, spreads.recall, micro, spreads.overlapF1];
    console.log(table(header, [...rows, ...summaryRows(columns)]));
    console.log(`\nStrict scores except overlap F1 (micro); mean and sample standard deviation (n - 1) over the ${variants.length} variants.`);
    if (published.length > 0) {
      console.log('\nPublished F1 (instruction-formats.md):');
      const ours = (t: EntityType) => (perType[t] ? `${two(perType[t].mean)} ± ${two(perType[t].sd)}` : '-');
      console.log(
        table(
          ['dataset', 'this run (mean ± SD)', 'MedTuned-7b', 'MedTuned-13b', 'BioBERT-v1.1'],
          published.map((p) => [p.dataset, ours(p.type), p.medtuned7b, p.medtuned13b, p.biobert]),
        ),
      );
    }
  }
  for (const r of runs) for (const f of r.failed) console.error(`failed: variant ${r.variant}: ${f}`);
  return report.failed > 0 ? 1 : 0;
}
