/**
 * Measuring a model and building training data, for the command line's `eval` and
 * `instructions` (engine/index.ts `evaluation`): span scores, the datasets a corpus is
 * asked as and their published figures, instruction variants, relation pairs as the
 * engine forms them, and instruction-tuning rows.
 */
export { scoreSpans } from '../eval/conlleval';
export type { Span, SpanScores } from '../eval/conlleval';
export { DATASET_NAMES, instructionDatasets, nerDatasetOf } from '../eval/datasets';
export type { DatasetChoice } from '../eval/datasets';
export { knownDataset, PUBLISHED_NLI } from '../eval/published';
export { engineType } from '../eval/typeMap';
export { SD_KIND, variantStats } from '../eval/variants';
export type { VariantStats } from '../eval/variants';
export { corpusTypes, nerRows, nliRows, relationRows, RowBuilder, trainingText } from '../instructionData';
export type { InstructionRow } from '../instructionData';
export { MAX_INSTRUCTION_VARIANT, MEDTUNED_INSTRUCTIONS } from '../profiles/medtunedInstructions';
export type { MedtunedDataset } from '../profiles/medtunedInstructions';
export { allowedLabels, candidatePairs, noneLabel, relationUnits } from '../tasks/relations';
export type { CandidatePair, PairKind } from '../tasks/relations';
