/**
 * Measuring a model and building training data, for the command line's `eval` and
 * `instructions` (engine/index.ts `evaluation`): NER's plan (types, gold, instructions,
 * published figures) and its run, a relation corpus's pairs and their run, NLI pairs' run,
 * each a plain-data report with one pass per instruction variant; the assertion rules'
 * scores; instruction variants and instruction-tuning rows. The command line reads the
 * corpus, checks the server, and prints what comes back.
 */
export type { EvaluationHooks } from '../pipeline/evaluation/modelRuns';
export type { VariantStats } from '../eval/variants';
export { nerPlan } from '../eval/nerPlan';
export type { NerPlan } from '../eval/nerPlan';
export { evaluateNer, strictF1 } from '../pipeline/evaluation/nerEvaluation';
export { evaluateNli, evaluateRelations, relationItems } from '../pipeline/evaluation/pairEvaluation';
export type { NliEvaluation, RelationItems } from '../pipeline/evaluation/pairEvaluation';
export { instructionRows, trainingText } from '../instructionData';
export type { InstructionSource } from '../instructionData';
export { scoreAssertions } from '../eval/assertionScores';
