/**
 * De-identification for the command line (engine/index.ts `deid`): the PHI rules on a note
 * (`detectPhi`: plain-data spans with exact offsets, a type, a confidence and the rule that
 * found them; no model) and `biomed eval deid`'s run over a corpus with its published figures.
 */
export { detectPhi } from '../tasks/phi/detect';
export { evaluateDeid, DEID_PUBLISHED } from '../eval/deidEvaluation';
