/** Vocabularies as `.vocab` files: building one from a source format, opening one. */
export { buildVocabulary } from './build';
export type { BuildOptions, BuildProgress, BuildSummary } from './build';
export { normaliseId } from './ids';
export { openVocabulary, readVocabHeader, VocabFileError } from './open';
export { VOCAB_FORMATS } from './sources/readers';
export type { VocabFormat } from './sources/readers';
export { VocabInputError } from './sources/lines';
export { readSynonymMentions, SynonymSet } from './synonyms';
export { buildInWorker, serveBuildWorker } from './buildInWorker';
