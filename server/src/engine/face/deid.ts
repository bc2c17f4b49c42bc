/**
 * De-identification for the command line (engine/index.ts `deid`): `biomed eval deid`'s run
 * over a corpus (the PHI rules of engine/tasks/phi, no model; plain-data spans with exact
 * offsets, a type, a confidence and the rule that found them), with its published figures;
 * and `biomed deid`'s pieces: a note de-identified (tags or surrogates, with the patient's
 * key), files decoded (Latin-1 told), the corpus files read as documents and joined again in
 * their own layout (PhysioNet, JSON lines, PubTator, BioC JSON; formats/deidCorpus.ts), an
 * i2b2 XML note and a BRAT `.ann` moved onto the de-identified text; an annotated document
 * moved onto it (annotate, export and report --deidentify). The editor's PHI (its token
 * type, hover, counts and a de-identified copy) reads the same spans, per segment, from
 * NoteAnalysis.sentencePhi.
 */
export { evaluateDeid, DEID_PUBLISHED } from '../eval/deidEvaluation';
export { deidentify, DEID_STYLES } from '../tasks/phi/deidentify';
export { deidentifyDocument } from '../formats/deidDocument';
export type { PatientKey } from '../tasks/phi/deidentify';
export { readDeidCorpus } from '../formats/deidCorpus';
export { deidI2b2Xml } from '../formats/deidMarkup';
export { decodeText, rebaseBratAnn } from '../formats/phiCorpus';
export type { PhiSpan } from '../tasks/phi/types';
