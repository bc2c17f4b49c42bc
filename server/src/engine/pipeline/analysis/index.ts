/**
 * The analysis of one document version (see documentAnalysis.ts). Parts, lowest first:
 * indexes, types → layout → ledger → views → entity/relation/NLI planners → carryOver →
 * documentAnalysis. Each depends only on parts before it.
 */
export { DocumentAnalysis } from './documentAnalysis';
export type { AnalysisListener } from './documentAnalysis';
export { MAX_STATEMENT_LENGTH, statementRefusal } from './types';
export type { AnalysisConfig, NliFinding, NliPremise, Relation, RelationState } from './types';
export type { SentenceIndex, UnitIndex } from './indexes';
