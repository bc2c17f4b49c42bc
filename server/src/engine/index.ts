/**
 * The engine's surface: the one module the language server (lsp/) and the command line
 * (cli/) import from the engine (test/package/importGraph.test.ts keeps it so). Inside the
 * engine, modules import each other directly. One line per engine module, by path; a name
 * is added here when a front-end needs it, not before.
 */
export { writeFileAtomic } from './atomicWrite';
export { DEFAULT_ENGINE_CONFIG, UNTRAINED_KINDS } from './config';
export type { EngineConfig, UntrainedKinds } from './config';
export { scoreSpans } from './eval/conlleval';
export type { Span, SpanScores } from './eval/conlleval';
export { DATASET_NAMES, instructionDatasets, nerDatasetOf } from './eval/datasets';
export type { DatasetChoice } from './eval/datasets';
export { PUBLISHED_NLI, knownDataset } from './eval/published';
export { engineType } from './eval/typeMap';
export { SD_KIND, variantStats } from './eval/variants';
export type { VariantStats } from './eval/variants';
export { parseBioC, readBioC, writeBioC } from './formats/bioc';
export { parseBratDocument, parseBratDocumentOf, writeBratDocument } from './formats/bratDocument';
export { parseChemProt } from './formats/chemprot';
export { parseContextTsv } from './formats/contextTsv';
export type { ContextRow, NegationValue, TemporalityValue } from './formats/contextTsv';
export { describeSkips, mergeSkips, totalSkipped } from './formats/document';
export type { AnnotatedDocument, DocEntity, SkipCounts } from './formats/document';
export { parseIob } from './formats/iob';
export { parseJsonl, readJsonl, writeJsonl } from './formats/jsonl';
export { parseNliPairs } from './formats/nliPairs';
export { TITLE_LENGTH, parsePubTator, readPubTator, writePubTator } from './formats/pubtator';
export { RowBuilder, corpusTypes, nerRows, nliRows, relationRows, trainingText } from './instructionData';
export type { InstructionRow } from './instructionData';
export { ENGINE_SETTINGS } from './models/backend';
export type { EngineSetting, Serving } from './models/backend';
export { DEFAULT_MODEL_FILE, DEFAULT_MODEL_URL, cacheDir, defaultModelPath, downloadModel } from './models/embedded/download';
export { refusalReason } from './models/hostPolicy';
export { API_KEY_VARIABLES, apiKeyFromEnv } from './models/openai';
export { NOTE_EXTENSIONS, NoteReadError, bratTextsBeside, isNoteFile, noteBeside, noteNames, readNoteText } from './noteFiles';
export type { AnalysisConfig } from './pipeline/analysis';
export { toAnnotatedDocument } from './pipeline/annotatedDocument';
export { Engine, analysisConfigFor, assertionOptions, createEngine } from './pipeline/engine';
export type { EngineContext } from './pipeline/modelCall';
export { MEDTUNED_STOP, MedtunedProfile } from './profiles/medtuned';
export type { MedtunedOptions } from './profiles/medtuned';
export { MAX_INSTRUCTION_VARIANT, MEDTUNED_INSTRUCTIONS } from './profiles/medtunedInstructions';
export type { MedtunedDataset } from './profiles/medtunedInstructions';
export type { Profile } from './profiles/profile';
export { markAssertions } from './tasks/assertion/context';
export { defaultTerms, resolveTermsPath, termsFromText } from './tasks/assertion/terms';
export type { CompiledTerms } from './tasks/assertion/terms';
export { NLI_LABELS } from './tasks/nli';
export type { NliLabel } from './tasks/nli';
export { allowedLabels, candidatePairs, noneLabel, relationUnits } from './tasks/relations';
export type { CandidatePair, PairKind } from './tasks/relations';
export { segment } from './text/segment';
export { ENTITY_TYPES, isEntityType } from './types';
export type { EntityType, Mention, ModelAnswer, ModelRequest, ProfileSetting } from './types';
