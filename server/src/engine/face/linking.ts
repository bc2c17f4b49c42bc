/**
 * Concept linking (engine/index.ts `linking`): a user's vocabulary built once into a
 * read-only `.vocab` file and opened without loading it (linking/vocab/).
 */
export { buildVocabulary, SynonymSet, VOCAB_FORMATS } from '../linking/vocab';
export type { BuildProgress, VocabFormat } from '../linking/vocab';
