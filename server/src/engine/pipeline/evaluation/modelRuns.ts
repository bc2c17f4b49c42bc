/**
 * What the model evaluations (`biomed eval ner|re|nli`) share: the instruction variants a
 * run scores, one pass of the items per variant through the engine's scheduler, failures
 * told apart from bugs, and the spread of a figure over the variants. The front end reads
 * the corpus, checks the server, and prints the plain-data report that comes back.
 */
import { InputError, isBug } from '../../errors';
import type { Engine } from '../engine';
import type { MedtunedOptions } from '../../profiles/medtuned';
import { MEDTUNED_INSTRUCTIONS, MedtunedDataset } from '../../profiles/medtunedInstructions';
import type { Profile } from '../../profiles/profile';
import type { ProfileName } from '../../types';
import { SD_KIND, variantStats, VariantStats } from '../../eval/variants';

/** How an evaluation reports while it runs, and what it does with a bug. */
export interface EvaluationHooks {
  /** The run starts: it makes `passes` passes over the items (one per instruction variant). */
  onStart?: (passes: number) => void;
  /** One item (a document, a pair) is done; `failed`: the items of this variant failed so far. */
  onItem?: (failed: number) => void;
  /**
   * An unexpected error (a bug, never the model's doing) on `where` (a document's ID, `item N`):
   * the front end logs it with its stack and returns the line its summary shows for it.
   */
  onBug: (where: string, error: unknown) => string;
}

/** Whether to score every instruction variant of the task's training sets (prompt sensitivity), or the configured one. */
export interface EvaluationOptions {
  allVariants?: boolean;
}

/** One variant's pass: its number, the failed items (`id: message`), and what it scored. */
export type VariantRun<S> = { variant: number; failed: string[] } & S;

/** What every model evaluation reports beside its scores. */
export interface EvaluationRuns<S> {
  /** The model that answered and the prompt layout it was asked in. */
  model: string;
  profile: ProfileName;
  /** The instruction variants scored, in order. */
  variants: number[];
  runs: VariantRun<S>[];
  /** Failed items over all variants. */
  failed: number;
  /** How a spread over the variants is given (mean and sample SD). */
  statistic: string;
}

/** The spread of one figure over the variants, as the reports give it. */
export function spread<S>(runs: readonly VariantRun<S>[], figure: (run: VariantRun<S>) => number): VariantStats {
  return variantStats(runs.map(figure));
}

/**
 * The variants to score: with `allVariants`, every variant of the task's training sets (the
 * largest set decides: 5 for NER and MedNLI, 3 for i2b2-2010 relations); else the one
 * configured. Asked once the server is known (--engine auto chooses the layout there).
 */
function variantsFor(engine: Engine, allVariants: boolean, datasets: readonly MedtunedDataset[]): number[] {
  if (!allVariants) return [engine.config.medtuned.instructionVariant];
  const profile = engine.profile();
  if (profile.name !== 'medtuned') {
    throw new InputError(`--instruction-variant all compares the training instructions of the medtuned profile; the ${profile.name} profile has none.`);
  }
  const n = Math.max(...datasets.map((d) => MEDTUNED_INSTRUCTIONS[d].length));
  return Array.from({ length: n }, (_, i) => i + 1);
}

/** Runs `fn` over `items` with `width` in flight, in order of the items' indexes. */
export async function forEachLimited<T>(items: readonly T[], width: number, fn: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      await fn(items[i], i);
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, width), items.length) }, worker));
}

/** What a failed item's line says: a bug through the front end's hook (its stack logged), anything else by its message. */
export function failureLine(where: string, err: unknown, hooks: EvaluationHooks): string {
  return isBug(err) ? hooks.onBug(where, err) : (err as Error).message;
}

/**
 * One pass per variant, one after the other (they share the model), each in the profile of
 * its variant (`datasets`: the training set per literature type, for NER). `pass` scores
 * the items with that profile, about twice the engine's capacity in flight.
 */
export async function runVariants<S>(
  engine: Engine,
  options: EvaluationOptions,
  hooks: EvaluationHooks,
  taskDatasets: readonly MedtunedDataset[],
  pass: (profile: Profile, width: number) => Promise<{ failed: string[] } & S>,
  datasets?: MedtunedOptions['datasets'],
): Promise<EvaluationRuns<S>> {
  const variants = variantsFor(engine, options.allVariants === true, taskDatasets);
  hooks.onStart?.(variants.length);
  const runs: VariantRun<S>[] = [];
  for (const variant of variants)
    runs.push({ variant, ...(await pass(engine.profile(engine.config, { instructionVariant: variant, datasets }), engine.capacity * 2)) });
  return {
    model: engine.backend.serving().model,
    // Every variant's profile is of the one layout the server's model is asked in.
    profile: engine.profile().name,
    variants,
    runs,
    failed: runs.reduce((n, r) => n + r.failed.length, 0),
    statistic: SD_KIND,
  };
}
