/**
 * The engine's face: the one module the language server (lsp/) and the command line (cli/)
 * import from the engine (test/package/importGraph.test.ts keeps it so). Small enough to
 * read in one sitting, and kept so: test/package/engineFace.test.ts fails when it grows past
 * its agreed size or exports a name no front end uses. A name is added here when a front
 * end needs it, not before; inside the engine, modules import each other directly.
 *
 * The shape: settings go one way, from a front end to the engine (an `EngineConfig`); what
 * comes back is plain data or a read-only handle on a document's analysis
 * (`NoteAnalysis`, `BatchAnalysis`), whose results are built for each call. A bug inside
 * the engine reaches a front end as an `InternalError` through a hook it must pass.
 */

// The engine and its settings: a front end turns its own settings or flags into one
// EngineConfig and makes one engine; the engine derives everything else (the prompt
// profile with `Engine.profile`, what an analysis asks for).
export { DEFAULT_CACHE_MEGABYTES, DEFAULT_ENGINE_CONFIG, SETTING_CHOICES } from './config';
export type { EngineConfig } from './config';
export { createEngine } from './pipeline/engine';
export type { Engine } from './pipeline/engine';
export type { Serving } from './models/backend';
export { apiKeyFromEnv } from './models/openai';
export { refusalReason, withoutCredentials } from './models/hostPolicy';
export { resolveProfileName } from './profiles/profile';
export type { Profile } from './profiles/profile';
// The assertion settings: a terms file checked as an analysis reads it.
export { assertionOptions } from './pipeline/engine';

// Documents: the language server's open notes (Workspace: one current analysis per note,
// `updateNote` with the note's own settings) and a command's documents (`Engine.analyse`),
// each read through a handle; an analysis as the document every writer takes.
export { Workspace } from './pipeline/workspace';
export type { WorkspaceStatus } from './pipeline/workspace';
export type { NoteAnalysis } from './pipeline/noteAnalysis';
export type { AnalysisConfig } from './pipeline/analysis';
export { statementRefusal } from './pipeline/analysis';
export { toAnnotatedDocument } from './pipeline/annotatedDocument';

// Results, as plain data, and the names of what they hold.
export type { NliFinding, NliPremise, Relation } from './pipeline/analysis';
export type { EvidenceReason } from './retrieval/evidence';
export { ASSERTION_STATUSES, CLINICAL_TYPES, ENTITY_TYPES, isEntityType, LITERATURE_TYPES } from './types';
export type { AssertionCue, AssertionStatus, EntityType, Mention } from './types';
export { LABEL_WORDS } from './tasks/relations';
export { NLI_LABELS } from './tasks/nli';

// Errors, of three kinds: a model failure (ModelError) is shown as such; the user's input
// that cannot be used (InputError: a file, a corpus, a vocabulary line, a write refused) is
// shown by its message; anything else is a bug (InternalError), said to be one and logged
// with its stack.
export { InputError, InternalError, isBug } from './errors';
export { ModelError } from './types';

// Curation: the .ann store beside a note, a folder's curated sentences as few-shot examples,
// the one agreement scorer (two annotators, or the model against a curator), and two
// annotators' BRAT folders compared with it.
export { CurationStore } from './curation/store';
export type { Suggestion } from './curation/store';
export { FolderExamples } from './curation/fewShot';
export type { CurationConfig, FewShotExample } from './curation/fewShot';
export { AgreementScorer } from './eval/agreement';
export { compareBratFolders } from './eval/folderAgreement';

// Text: a note's sections without an analysis (the Outline of a note not analysed).
export { segment } from './text/segment';
export { sectionOfSegment } from './text/sections';
// What two versions of a note share at their ends (the semantic tokens' splice).
export { commonEnds } from './text/commonEnds';

// The front end says when the editor waits, so that background slices give way (foreground.ts).
export { messageArrived, requestAnswered } from './foreground';

// Groups for the command line's corpus tooling, each a short module of its own.
export * as formats from './face/formats';
export * as evaluation from './face/evaluation';
export * as modelFiles from './face/modelFiles';
export * as notes from './face/notes';
export * as serverClock from './face/serverClock';
export * as linking from './face/linking';
export * as deid from './face/deid';
