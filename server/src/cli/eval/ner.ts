/** `biomed eval ner`: strict and overlap P/R/F1 per type and micro, the published figures beside known datasets. */
import { AnalysisConfig, EntityType, evaluation, formats, InternalError } from '../../engine';
import { choice, UsageError } from '../args';
import { reportBug } from '../bugs';
import { parseTypes } from '../annotate';
import { CliEngine, forEachLimited } from '../engineOptions';
import { Progress } from '../progress';
import { EVAL_HELP, EvalRun, pct, readCorpus, runVariants, summaryRows, table, two, variantRange, variantsFor } from './common';

const { nerPlan, scoreSpans, SD_KIND, variantStats } = evaluation;
type NerPlan = evaluation.NerPlan;
type Span = evaluation.Span;
type SpanScores = evaluation.SpanScores;
type AnnotatedDocument = formats.AnnotatedDocument;

/** One variant's NER run over the corpus: its spans scored, its failed documents. */
async function nerRun(
  docs: AnnotatedDocument[],
  gold: Span[],
  config: AnalysisConfig,
  setup: CliEngine,
  progress: Progress,
  counter: { done: number },
): Promise<{ score: SpanScores; failed: string[] }> {
  const predicted: Span[] = [];
  const failed: string[] = [];
  await forEachLimited(docs, setup.capacity * 2, async (doc) => {
    let bug: InternalError | undefined;
    const analysis = setup.engine.analyse(doc.id, doc.text, config, { sentences: doc.sentences, onInternalError: (error) => (bug ??= error) });
    analysis.start();
    await analysis.whenComplete();
    if (bug) failed.push(`${doc.id}: ${reportBug(doc.id, bug)}`);
    else if (analysis.failed > 0) failed.push(`${doc.id}: ${analysis.lastError?.message ?? 'model requests failed'}`);
    else for (const m of analysis.entities()) predicted.push({ doc: doc.id, start: m.start, end: m.end, type: m.type });
    progress.update(++counter.done, `${failed.length} failed`);
  });
  return { score: scoreSpans(gold, predicted), failed };
}

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
  const { types, gold, published } = plan;
  if (types.length === 0) throw new UsageError(`No entity types of this project in ${corpus}; name them with --types.`, EVAL_HELP);
  await setup.check();
  const variants = variantsFor(run, Object.values(plan.datasets));

  const progress = new Progress(docs.length * variants.length);
  const counter = { done: 0 };
  const runs = await runVariants(
    setup,
    progress,
    variants,
    (profile) =>
      nerRun(
        docs,
        gold,
        // Entities only: relations and NLI are switched off in the settings the engine derives from.
        setup.analysisConfig(
          { entityTypes: types, relations: { ...setup.config.relations, enabled: false }, nli: { ...setup.config.nli, enabled: false } },
          profile,
        ),
        setup,
        progress,
        counter,
      ),
    plan.literature,
  );
  progress.finish();
  const profileName = runs[0].profile.name;
  const medtuned = profileName === 'medtuned';
  const instructions = medtuned ? `instructions: ${plan.described}, ${variantRange(variants)}; chosen ${CHOSEN_BY[plan.chosenBy]}` : undefined;

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
      datasets: plan.datasets,
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
      console.log(
        table(
          ['dataset', 'this run (mean ± SD)', 'MedTuned-7b', 'MedTuned-13b', 'BioBERT-v1.1'],
          published.map((p) => [p.dataset, ours(p.type), p.medtuned7b, p.medtuned13b, p.biobert]),
        ),
      );
    }
  }
  for (const r of runs) for (const f of r.failed) console.error(`failed: variant ${r.variant}: ${f}`);
  return failedCount > 0 ? 1 : 0;
}
