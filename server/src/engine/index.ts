/**
 * The engine's surface: the one module the language server (lsp/) and the command line
 * (cli/) import from the engine (test/package/importGraph.test.ts keeps it so). Inside the
 * engine, modules import each other directly. One line per engine module, by path; a name
 * is added here when a front-end needs it, not before.
 */
export { writeFileAtomic, WriteRefusedError } from './atomicWrite';
export { DEFAULT_ENGINE_CONFIG, REQUEST_TRIES, requestRetryBaseMs, UNTRAINED_KINDS } from './config';
export type { EngineConfig, UntrainedKinds } from './config';
export { FolderExamples } from './curation/fewShot';
export type { CurationConfig, FewShotExample } from './curation/fewShot';
export { CurationStore } from './curation/store';
export type { Suggestion } from './curation/store';
export { InternalError, internalErrorMessage } from './errors';
export { scoreSpans } from './eval/conlleval';
export type { Span, SpanScores } from './eval/conlleval';
export { DATASET_NAMES, instructionDatasets, nerDatasetOf } from './eval/datasets';
export type { DatasetChoice } from './eval/datasets';
export { knownDataset, PUBLISHED_NLI } from './eval/published';
export { engineType } from './eval/typeMap';
export { SD_KIND, variantStats } from './eval/variants';
export type { VariantStats } from './eval/variants';
export { parseBioC, readBioC, writeBioC } from './formats/bioc';
export { parseBratDocument, parseBratDocumentOf, writeBratDocument } from './formats/bratDocument';
export { parseChemProt } from './formats/chemprot';
export { parseContextTsv } from './formats/contextTsv';
export type { ContextRow, NegationValue, TemporalityValue } from './formats/contextTsv';
export { describeSkips, mergeSkips, statusesOf, totalSkipped } from './formats/document';
export type { AnnotatedDocument, DocEntity, SkipCounts } from './formats/document';
export { parseIob } from './formats/iob';
export { parseJsonl, readJsonl, writeJsonl } from './formats/jsonl';
export { parseNliPairs } from './formats/nliPairs';
export { parsePubTator, readPubTator, TITLE_LENGTH, writePubTator } from './formats/pubtator';
export { corpusTypes, nerRows, nliRows, relationRows, RowBuilder, trainingText } from './instructionData';
export type { InstructionRow } from './instructionData';
export { ENGINE_SETTINGS } from './models/backend';
export type { EngineSetting, Serving } from './models/backend';
export { cacheDir, DEFAULT_MODEL_FILE, DEFAULT_MODEL_URL, defaultModelPath, DownloadError, downloadModel } from './models/embedded/download';
export { refusalReason } from './models/hostPolicy';
export { RETRY_AFTER_CAP_MS } from './models/transient';
export { API_KEY_VARIABLES, apiKeyFromEnv } from './models/openai';
export { bratTextsBeside, isNoteFile, isOutputFile, NOTE_EXTENSIONS, noteBeside, noteNames, NoteReadError, readNoteText } from './noteFiles';
export { DocumentAnalysis, statementRefusal } from './pipeline/analysis';
export type { AnalysisConfig, NliFinding, NliPremise, Relation } from './pipeline/analysis';
export { toAnnotatedDocument } from './pipeline/annotatedDocument';
export { analysisConfigFor, assertionOptions, createEngine, Engine } from './pipeline/engine';
export type { EngineContext } from './pipeline/modelCall';
export { Workspace } from './pipeline/workspace';
export type { WorkspaceStatus } from './pipeline/workspace';
export { MEDTUNED_STOP, MedtunedProfile } from './profiles/medtuned';
export type { MedtunedOptions } from './profiles/medtuned';
export { MAX_INSTRUCTION_VARIANT, MEDTUNED_INSTRUCTIONS } from './profiles/medtunedInstructions';
export type { MedtunedDataset } from './profiles/medtunedInstructions';
export { resolveProfileName } from './profiles/profile';
export type { Profile } from './profiles/profile';
export type { EvidenceReason } from './retrieval/evidence';
export { ASSERTION_SOURCES, markAssertions } from './tasks/assertion/context';
export type { AssertionSource } from './tasks/assertion/context';
export { defaultTerms, resolveTermsPath, termsFromText } from './tasks/assertion/terms';
export type { CompiledTerms } from './tasks/assertion/terms';
export { describeInjections, injectionSuspects } from './tasks/injection';
export { NLI_LABELS } from './tasks/nli';
export type { NliLabel } from './tasks/nli';
export { allowedLabels, candidatePairs, LABEL_WORDS, noneLabel, relationUnits } from './tasks/relations';
export type { CandidatePair, PairKind } from './tasks/relations';
export { changedSpan } from './text/resegment';
export { isWs, segment } from './text/segment';
export { ASSERTION_STATUSES, CLINICAL_TYPES, ENTITY_TYPES, isEntityType, LITERATURE_TYPES, ModelError } from './types';
export type { AssertionCue, AssertionStatus, EntityType, Mention, ModelAnswer, ModelRequest, ProfileSetting } from './types';
