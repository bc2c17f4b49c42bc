/**
 * Corpus and export formats, as the front ends use them (engine/index.ts `formats`): the
 * command line reads corpora and writes its outputs with them, the language server writes
 * an export. One document shape for all (`AnnotatedDocument`); what a reader skipped is
 * counted (`SkipCounts`), never silently lost.
 */
export { parseBioC, writeBioC } from '../formats/bioc';
export { bratOmissions, parseBratDocument, parseBratDocumentOf, writeBratDocument } from '../formats/bratDocument';
export type { BratOmissions } from '../formats/bratDocument';
export { parseChemProt } from '../formats/chemprot';
export { parseContextTsv } from '../formats/contextTsv';
export type { ContextRow, NegationValue, TemporalityValue } from '../formats/contextTsv';
export { describeSkips, mergeSkips, statusesOf, totalSkipped } from '../formats/document';
export type { AnnotatedDocument, SkipCounts } from '../formats/document';
export { parseIob } from '../formats/iob';
export { parseJsonl, readJsonl, writeJsonl } from '../formats/jsonl';
export { parseNliPairs } from '../formats/nliPairs';
export { parsePubTator, TITLE_LENGTH, writePubTator } from '../formats/pubtator';
