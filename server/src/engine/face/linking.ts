/**
 * Concept linking (engine/index.ts `linking`): a user's vocabulary built once into a
 * read-only `.vocab` file and opened without loading it (linking/vocab/); the linker (the
 * sieve) over it, an annotated document's entities linked (annotate --vocab), corpora's
 * linked mentions, and eval link's scoring.
 */
export { buildVocabulary, openVocabulary, VOCAB_FORMATS } from '../linking/vocab';
export type { BuildProgress } from '../linking/vocab';
// The editor's build: in a worker thread of the server's own script, with progress in percent.
export { buildInWorker, serveBuildWorker } from '../linking/vocab';
// annotate --vocab: whole documents' entities linked, with the model's choice (--model-choice) or not.
export { DocumentLinking } from '../linking/documentLinks';
export type { ChoiceModel } from '../linking/modelChoice';
export type { EntityLink, NoteConcept, VocabularySetting } from '../linking/noteLinks';
// eval link: the linker on a corpus's gold mentions, scored.
export { evaluateLinking } from '../eval/linkEvaluation';
