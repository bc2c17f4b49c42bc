/**
 * Concept linking (engine/index.ts `linking`): a user's vocabulary built once into a
 * read-only `.vocab` file and opened without loading it (linking/vocab/); the linker (the
 * sieve) over it, an annotated document's entities linked (annotate --vocab), corpora's
 * linked mentions, and eval link's scoring.
 */
export { buildVocabulary, openVocabulary, readSynonymMentions, SynonymSet, VOCAB_FORMATS, VocabFileError, VocabInputError } from '../linking/vocab';
export type { BuildProgress, VocabFormat } from '../linking/vocab';
// The editor's build: in a worker thread of the server's own script, with progress in percent.
export { buildInWorker, buildPercent, isBuildWorker, runBuildWorker, VocabBuildError } from '../linking/vocab';
export { Linker } from '../linking/linker';
export type { LinkMethod, MentionLink } from '../linking/linker';
export { linkEntities } from '../linking/documentLinks';
// --model-choice: a json-layout model chooses among the candidates of the links least sure.
export { chooseWithModel } from '../linking/modelChoice';
export type { EntityLinker } from '../linking/documentLinks';
export { medicVocabulary } from '../linking/memoryVocabulary';
export { synonymVocabulary } from '../linking/synonyms';
export type { LinkedMention, Vocabulary } from '../linking/types';
export type { EntityLink, NoteConcept, VocabularySetting } from '../linking/noteLinks';
export { readLinkedMentions } from '../formats/linkedMentions';
export { knownLinkingDataset } from '../eval/published';
export { scoreLinks } from '../eval/linking';
