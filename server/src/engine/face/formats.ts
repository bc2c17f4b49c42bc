/**
 * Corpus and export formats, as the front ends use them (engine/index.ts `formats`): the
 * command line reads corpora and writes its outputs with them, the language server writes
 * an export. One document shape for all (`AnnotatedDocument`); what a reader skipped is
 * counted (`SkipCounts`), never silently lost.
 */
export { readDocuments, writeDocuments } from '../formats/corpora';
export { readBratFile, writeBratDocument } from '../formats/bratDocument';
export type { BratOmissions } from '../formats/bratDocument';
export { bratConfiguration } from '../formats/bratConf';
export { describeSkips, mergeSkips, statusesOf, totalSkipped } from '../formats/document';
export type { AnnotatedDocument, SkipCounts } from '../formats/document';
export { parseNliPairs } from '../formats/nliPairs';
// biomed find: an annotated document's mentions as the rows it filters (and the CSV writes).
export { mentionRows } from '../formats/csv';
export { TITLE_LENGTH } from '../formats/pubtator';
