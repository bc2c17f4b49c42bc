/**
 * `biomed eval re` and `biomed eval nli`'s model runs: one question per item (a candidate
 * pair in its sentence, a premise and hypothesis), asked through the engine's scheduler and
 * cache in the profile of each instruction variant, and scored: relations by micro-F1
 * without the none class (and per label), NLI by accuracy and a confusion matrix.
 */
import { InputError } from '../../errors';
import type { AnnotatedDocument, SkipCounts } from '../../formats/document';
import type { Engine } from '../engine';
import { NLI_LABELS, NliLabel } from '../../tasks/nli';
import { DATASET_NAMES } from '../../eval/datasets';
import { EvaluationHooks, EvaluationOptions, EvaluationRuns, failureLine, forEachLimited, runVariants, spread } from './modelRuns';
import { PUBLISHED_NLI } from '../../eval/published';
import { bratRelationItems, chemProtRelationItems, LabelScore, RelationItem, scoreRelations } from '../../eval/relationItems';
import { VariantStats } from '../../eval/variants';

/** A relation corpus: a BRAT folder's documents, or ChemProt's JSON lines as text. */
export type RelationSource = { brat: readonly AnnotatedDocument[] } | { chemProt: string };

/** The pairs to ask about, and the gold relations no pair reaches (missed) or of kinds not asked (not scored). */
export interface RelationItems {
  items: RelationItem[];
  unreachable: string[];
  untrained: string[];
  /** What the ChemProt reader skipped. */
  skips?: SkipCounts;
}

/**
 * The items of a relation corpus, as the engine's layout forms pairs: a BRAT folder's pairs of
 * the kinds the layout is asked; ChemProt's pairs, which only the json layout is asked.
 */
export function relationItems(engine: Engine, source: RelationSource): RelationItems {
  const { relationKinds } = engine.profile();
  if ('brat' in source) return bratRelationItems(source.brat, relationKinds);
  if (!relationKinds.has('chemical-gene')) throw new InputError('ChemProt relations need --profile json: the MedTuned training mix had no ChemProt data.');
  const { items, skips } = chemProtRelationItems(source.chemProt);
  return { items, unreachable: [], untrained: [], skips };
}

type RelationScores = { micro: LabelScore; labels: Record<string, LabelScore> };

/** What `evaluateRelations` reports: each variant's scores, the unscored gold, and with several variants the spread. */
export interface RelationEvaluation extends EvaluationRuns<RelationScores> {
  unreachable: string[];
  untrained: string[];
  /** The training set whose instructions ask the pairs, as people name it. */
  datasetName: string;
  summary?: VariantStats & { metric: 'micro-F1 without the none class'; statistic: string };
  spreads?: { precision: VariantStats; recall: VariantStats };
}

/** Asks the model for each item's label, one pass per instruction variant (i2b2-2010's), and scores the labels. */
export async function evaluateRelations(engine: Engine, read: RelationItems, options: EvaluationOptions, hooks: EvaluationHooks): Promise<RelationEvaluation> {
  const { items, unreachable, untrained } = read;
  const runs = await runVariants<RelationScores>(engine, options, hooks, ['i2b2-2010'], async (profile, width) => {
    const failed: string[] = [];
    const failedItems = new Set<number>();
    const predictions: (string | undefined)[] = [];
    await forEachLimited(items, width, async (item, i) => {
      try {
        const [task] = profile.relationTasks([item.pair]);
        const answer = await engine.ask(profile.relationRequest(item.text, task), profile);
        predictions[i] = profile.parseRelations(task, answer).labels[0];
      } catch (err) {
        failed.push(`${i}: ${failureLine(`item ${i}`, err, hooks)}`);
        failedItems.add(i);
      }
      hooks.onItem?.(failed.length);
    });
    return { ...scoreRelations(items, predictions, failedItems, unreachable), failed };
  });
  const result: RelationEvaluation = { ...runs, unreachable, untrained, datasetName: DATASET_NAMES['i2b2-2010'] };
  if (options.allVariants) {
    result.summary = { metric: 'micro-F1 without the none class', statistic: runs.statistic, ...spread(runs.runs, (r) => r.micro.f1) };
    result.spreads = { precision: spread(runs.runs, (r) => r.micro.precision), recall: spread(runs.runs, (r) => r.micro.recall) };
  }
  return result;
}

/** Gold label by predicted label (`none`: no label read from the answer). */
export type Confusion = Record<NliLabel, Record<NliLabel | 'none', number>>;

type NliScores = { correct: number; answered: number; accuracy: number; confusion: Confusion };

/** What `evaluateNli` reports: each variant's accuracy and confusion matrix, with several variants the spread, and MedNLI's published figures. */
export interface NliEvaluation extends EvaluationRuns<NliScores> {
  datasetName: string;
  summary?: VariantStats & { metric: 'accuracy'; statistic: string };
  published: typeof PUBLISHED_NLI;
}

/** Asks the model for each pair's label, one pass per instruction variant (MedNLI's), and scores accuracy over the answered pairs. */
export async function evaluateNli(
  engine: Engine,
  pairs: readonly { premise: string; hypothesis: string; label: string }[],
  options: EvaluationOptions,
  hooks: EvaluationHooks,
): Promise<NliEvaluation> {
  const runs = await runVariants<NliScores>(engine, options, hooks, ['mednli'], async (profile, width) => {
    const confusion = Object.fromEntries(NLI_LABELS.map((g) => [g, { entailment: 0, contradiction: 0, neutral: 0, none: 0 }])) as Confusion;
    const failed: string[] = [];
    let correct = 0;
    await forEachLimited(pairs, width, async (pair, i) => {
      try {
        const answer = await engine.ask(profile.nliRequest(pair.premise, pair.hypothesis), profile);
        const label = profile.parseNli(answer).label;
        confusion[pair.label as NliLabel][label ?? 'none']++;
        if (label === pair.label) correct++;
      } catch (err) {
        failed.push(`${i}: ${failureLine(`item ${i}`, err, hooks)}`);
      }
      hooks.onItem?.(failed.length);
    });
    const answered = pairs.length - failed.length;
    return { correct, answered, accuracy: answered ? (100 * correct) / answered : 0, confusion, failed };
  });
  const result: NliEvaluation = { ...runs, datasetName: DATASET_NAMES.mednli, published: PUBLISHED_NLI };
  if (options.allVariants) result.summary = { metric: 'accuracy', statistic: runs.statistic, ...spread(runs.runs, (r) => r.accuracy) };
  return result;
}
