/**
 * De-identification for the command line (engine/index.ts `deid`): `biomed eval deid`'s run
 * over a corpus (the PHI rules of engine/tasks/phi, no model; plain-data spans with exact
 * offsets, a type, a confidence and the rule that found them), with its published figures;
 * and `biomed deid`'s pieces: a note de-identified (tags or surrogates, with the patient's
 * key), the corpus files read (Latin-1 told) and written in their own layout, a BRAT `.ann`
 * moved onto the de-identified text. The editor's PHI (its token type, hover, counts and a
 * de-identified copy) reads the same spans, per segment, from NoteAnalysis.sentencePhi.
 */
export { evaluateDeid, DEID_PUBLISHED } from '../eval/deidEvaluation';
export { deidentify, DEID_STYLES } from '../tasks/phi/deidentify';
export type { PatientKey } from '../tasks/phi/deidentify';
export type { PhiSpan } from '../tasks/phi/types';
export { decodeText, readPhysionet, rebaseBratAnn, writePhysionetRecords } from '../formats/phiCorpus';
