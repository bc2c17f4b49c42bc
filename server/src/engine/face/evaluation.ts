/**
 * Measuring a model and building training data, for the command line's `eval` and
 * `instructions` (engine/index.ts `evaluation`): what an evaluation scores on a corpus and
 * how (NER's plan and span scores, relation items and their scores, the assertion rules'
 * scores), the training sets' names, instruction variants and their statistics, the
 * published figures, and instruction-tuning rows. The command line asks the model and prints.
 */
export { scoreSpans } from '../eval/conlleval';
export type { Span, SpanScores } from '../eval/conlleval';
export { nerPlan } from '../eval/nerPlan';
export type { NerPlan } from '../eval/nerPlan';
export { DATASET_NAMES } from '../eval/datasets';
export { PUBLISHED_NLI } from '../eval/published';
export { SD_KIND, variantStats } from '../eval/variants';
export type { VariantStats } from '../eval/variants';
export { instructionRows, trainingText } from '../instructionData';
export type { InstructionSource } from '../instructionData';
export { MAX_INSTRUCTION_VARIANT, MEDTUNED_INSTRUCTIONS } from '../profiles/medtunedInstructions';
export type { MedtunedDataset } from '../profiles/medtunedInstructions';
export { scoreAssertions } from '../eval/assertionScores';
export { bratRelationItems, chemProtRelationItems, scoreRelations } from '../eval/relationItems';
export type { LabelScore, RelationItem } from '../eval/relationItems';
