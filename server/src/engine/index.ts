/**
 * The engine's surface: everything the language server (and the CLI) may use of the engine.
 * Other layers import the engine only from here, so that what lies behind it can be moved
 * without touching them. One line per engine module, grouped by folder, sorted.
 */
export { createEngine, DEFAULT_ENGINE_CONFIG, UNTRAINED_KINDS } from './config';
export type { EngineConfig, UntrainedKinds } from './config';
export { InternalError, internalErrorMessage } from './errors';
export { ASSERTION_STATUSES, CLINICAL_TYPES, ENTITY_TYPES, isEntityType, LITERATURE_TYPES, ModelError } from './types';
export type { AssertionCue, AssertionStatus, EntityType, Mention } from './types';

export { FolderExamples } from './curation/fewShot';
export type { CurationConfig, FewShotExample } from './curation/fewShot';
export { CurationStore } from './curation/store';
export type { Suggestion } from './curation/store';

export { scoreSpans } from './eval/conlleval';
export type { Span } from './eval/conlleval';

export { writeBioC } from './formats/bioc';
export { writeBratDocument } from './formats/bratDocument';
export { statusesOf } from './formats/document';
export { toAnnotatedDocument } from './formats/fromAnalysis';
export { writeJsonl } from './formats/jsonl';

export { ENGINE_SETTINGS } from './models/backend';
export type { EngineSetting } from './models/backend';
export { DownloadError, downloadModel } from './models/embedded/download';
export { apiKeyFromEnv } from './models/openai';

export { DocumentAnalysis, statementRefusal } from './pipeline/analysis';
export type { NliFinding, NliPremise, Relation } from './pipeline/analysis';
export { analysisConfigFor } from './pipeline/engine';
export { Workspace } from './pipeline/workspace';
export type { WorkspaceStatus } from './pipeline/workspace';

export { MAX_INSTRUCTION_VARIANT } from './profiles/medtunedInstructions';
export { resolveProfileName } from './profiles/profile';

export type { EvidenceReason } from './retrieval/evidence';

export { ASSERTION_SOURCES } from './tasks/assertion/context';
export type { AssertionSource } from './tasks/assertion/context';
export { describeInjections, injectionSuspects } from './tasks/injection';
export { LABEL_WORDS } from './tasks/relations';

export { changedSpan } from './text/resegment';
export { isWs } from './text/segment';
