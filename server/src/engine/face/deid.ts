/**
 * De-identification for the command line (engine/index.ts `deid`): `biomed eval deid`'s run
 * over a corpus (the PHI rules of engine/tasks/phi, no model; plain-data spans with exact
 * offsets, a type, a confidence and the rule that found them), with its published figures;
 * and `biomed deid`'s pieces: a note de-identified (tags or surrogates, with the patient's
 * key), the corpus files read (JSON lines, PubTator, BioC JSON, i2b2 XML, PhysioNet) (Latin-1 told) and written in their own layout, a BRAT `.ann`
 * moved onto the de-identified text.
 */
export { evaluateDeid, DEID_PUBLISHED } from '../eval/deidEvaluation';
export { deidentify, DEID_STYLES } from '../tasks/phi/deidentify';
export type { PatientKey } from '../tasks/phi/deidentify';
export { deidJsonlDocument, deidPubTatorRecord, DROPPED, jsonlId, jsonlPatient, readJsonlDocument, splitPubTator } from '../formats/deidLayouts';
export type { DeidText } from '../formats/deidLayouts';
export { biocPatient, deidBioCDocument, deidI2b2Xml, I2b2CutShort, splitBioC } from '../formats/deidMarkup';
export { decodeText, readPhysionet, rebaseBratAnn, writePhysionetRecords } from '../formats/phiCorpus';
