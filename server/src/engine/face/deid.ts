/**
 * De-identification for the command line (engine/index.ts `deid`): `biomed eval deid`'s run
 * over a corpus (the PHI rules of engine/tasks/phi, no model; plain-data spans with exact
 * offsets, a type, a confidence and the rule that found them), with its published figures.
 */
export { evaluateDeid, DEID_PUBLISHED } from '../eval/deidEvaluation';
