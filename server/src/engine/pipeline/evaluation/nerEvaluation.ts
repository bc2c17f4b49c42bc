/**
 * `biomed eval ner`'s model run: each document analysed for entities only (relations and
 * NLI off), in the profile of each instruction variant, and the spans scored strict and
 * overlap against the plan's gold (nerPlan.ts decided the types and instructions first).
 */
import { InternalError } from '../../errors';
import type { AnnotatedDocument } from '../../formats/document';
import type { Engine } from '../engine';
import type { Profile } from '../../profiles/profile';
import { scoreSpans, Span, SpanScores } from '../../eval/conlleval';
import { EvaluationHooks, EvaluationOptions, EvaluationRuns, forEachLimited, runVariants, spread } from './modelRuns';
import { NerPlan } from '../../eval/nerPlan';
import { VariantStats } from '../../eval/variants';

/** What `evaluateNer` reports: each variant's scores, and with several variants their spread. */
export interface NerEvaluation extends EvaluationRuns<{ score: SpanScores }> {
  /** With several variants: strict F1 per type and micro (the JSON summary), and the other micro figures' spread. */
  summary?: { metric: 'strict F1'; statistic: string; micro: VariantStats; perType: Record<string, VariantStats> };
  spreads?: { precision: VariantStats; recall: VariantStats; overlapF1: VariantStats };
}

/** Strict F1 of a type, or micro-averaged (`micro`); 0 for a type the run found nothing of. */
export function strictF1(score: SpanScores, type: string): number {
  return type === 'micro' ? score.strict.micro.f1 : (score.strict.perType[type]?.f1 ?? 0);
}

/** One variant's pass over the documents: the predicted spans scored, the failed documents named. */
async function nerPass(engine: Engine, docs: readonly AnnotatedDocument[], plan: NerPlan, profile: Profile, width: number, hooks: EvaluationHooks) {
  // Entities only: relations and NLI are switched off in the settings the analysis derives from.
  const { config } = engine;
  const analysisConfig = {
    ...engine.analysisConfigOf({
      ...config,
      entityTypes: plan.types,
      relations: { ...config.relations, enabled: false },
      nli: { ...config.nli, enabled: false },
    }),
    profile,
  };
  const predicted: Span[] = [];
  const failed: string[] = [];
  await forEachLimited(docs, width, async (doc) => {
    let bug: InternalError | undefined;
    const analysis = engine.analyse(doc.id, doc.text, analysisConfig, { sentences: doc.sentences, onInternalError: (error) => (bug ??= error) });
    analysis.start();
    await analysis.whenComplete();
    if (bug) failed.push(`${doc.id}: ${hooks.onBug(doc.id, bug)}`);
    else if (analysis.failed > 0) failed.push(`${doc.id}: ${analysis.lastError?.message ?? 'model requests failed'}`);
    else for (const m of analysis.entities()) predicted.push({ doc: doc.id, start: m.start, end: m.end, type: m.type });
    hooks.onItem?.(failed.length);
  });
  return { score: scoreSpans(plan.gold, predicted), failed };
}

/**
 * Scores the model's entities in `docs` against `plan` (nerPlan): one pass per instruction
 * variant (all of the plan's training sets' with `allVariants`), each document a failure
 * of its own when the model fails it, a bug through `hooks.onBug`.
 */
export async function evaluateNer(
  engine: Engine,
  docs: readonly AnnotatedDocument[],
  plan: NerPlan,
  options: EvaluationOptions,
  hooks: EvaluationHooks,
): Promise<NerEvaluation> {
  const result: NerEvaluation = await runVariants<{ score: SpanScores }>(
    engine,
    options,
    hooks,
    Object.values(plan.datasets),
    (profile, width) => nerPass(engine, docs, plan, profile, width, hooks),
    plan.literature,
  );
  if (!options.allVariants) return result;
  const { runs } = result;
  result.summary = {
    metric: 'strict F1',
    statistic: result.statistic,
    micro: spread(runs, (r) => r.score.strict.micro.f1),
    perType: Object.fromEntries(plan.types.map((t) => [t, spread(runs, (r) => strictF1(r.score, t))])),
  };
  result.spreads = {
    precision: spread(runs, (r) => r.score.strict.micro.precision),
    recall: spread(runs, (r) => r.score.strict.micro.recall),
    overlapF1: spread(runs, (r) => r.score.overlap.micro.f1),
  };
  return result;
}
