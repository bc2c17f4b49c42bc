/**
 * An Ollama-protocol HTTP server for tests (shared/reference/ollama-api.md): the same
 * endpoints, status codes, content types, NDJSON streaming and error shapes as a real
 * Ollama 0.12, with answers that come from a gold-standard oracle or from a per-request
 * script of faults. Tests talk to it through the real `ollama` client or fetch; nothing
 * is mocked. Node `http` only.
 *
 * Raw /api/generate prompts stand for Llama2-MedTuned: the oracle answers them only when they
 * are its training layout byte for byte, with a verbatim training instruction read from
 * test/fixtures/reference/medtuned-training-data.md (matchMedtunedLayout), and answers them
 * as the model writes its training target (` {output} \n`). Any other raw prompt gets
 * OFF_LAYOUT_ANSWER, which no parser can use, and is listed in `offLayoutPrompts`.
 *
 * Like Ollama it also serves the OpenAI-compatible API under /v1 (`GET /v1/models`,
 * `POST /v1/chat/completions`, `POST /v1/completions`, SSE streaming or JSON): those
 * requests are mapped to the equivalent /api/chat or raw /api/generate request
 * (openAiToOllama) and answered by the same oracle, scripts, faults and timing, written
 * in OpenAI's shapes (see OpenAiDialect).
 *
 * Embeddings: `POST /api/embed` (Ollama's shape: `{model, embeddings, total_duration,
 * load_duration, prompt_eval_count}`, vectors of unit length) and `POST /v1/embeddings`
 * (OpenAI's: `{object: 'list', data: [{object, embedding, index}], model, usage}`) answer
 * any installed model with vectors DERIVED FROM THE GOLD EVIDENCE LINKS of the notes
 * (goldEmbedding): a gold NLI hypothesis and each of its evidence sentences share a
 * dimension of their own, and hashed words add a little lexical similarity. They stand for
 * an embedding model that finds the evidence by meaning, which is what the retrieval
 * bench and tests measure the engine's use of; they are no model of any real embedder.
 *
 * The parts, each its own module (none imports the server):
 *   gold.ts            the gold: annotated notes, NLI pairs, ChemProt pairs
 *   referenceParser.ts the medtuned instruction variants, read from the reference file
 *   trainingLayout.ts  which raw prompts are the medtuned training layout, and what they ask
 *   jsonLayout.ts      which chat prompts are the json layout, and what they ask
 *   goldIndex.ts       the gold as the oracle searches it, with noise applied
 *   oracle.ts          GoldOracle, and its NER and relation answers (nerAnswers.ts, relationAnswers.ts)
 *   embeddings.ts      the embeddings derived from the gold evidence links
 *   models.ts          installed, pullable and loaded models
 *   http.ts            request records, one exchange's response (JSON, NDJSON, SSE), bodies
 *   generation.ts      answering a generation: faults, validation, timing, metrics
 *   faults.ts          scripts of faults: a seeded random fraction of the requests fails
 *   ollamaDialect.ts   Ollama's /api: NDJSON answers, show, delete, pull progress, embed
 *   openaiDialect.ts   the OpenAI-compatible /v1: SSE answers, models, embeddings, API key
 *   server.ts          OllamaTestServer: listening, recording, routing, what tests change
 */
export { answerPieces, Behaviour, estimatePromptTokens } from './generation';
export { randomFaults } from './faults';
export { chemProtGold, FIXTURE_NOTES_DIR, GoldDocument, GoldEntity, GoldNli, GoldRelation, loadGoldDocuments, loadNliPairs, NliLabel, NliPair } from './gold';
export { goldEmbedding } from './embeddings';
export { RecordedRequest } from './http';
export { DEFAULT_MODELS, LLAMA31_MODEL, MEDTUNED_MODEL, ModelInfo } from './models';
export { openAiToOllama } from './openaiDialect';
export { GoldOracle, OracleLog } from './oracle';
export { loadMedtunedReference, MEDTUNED_REFERENCE_FILE, MedtunedTask, MedtunedVariantSet, parseMedtunedReference } from './referenceParser';
export { OllamaTestServer, TestServerOptions } from './server';
export {
  matchMedtunedLayout,
  MedtunedMatch,
  MedtunedNer,
  MedtunedRelation,
  NliQuery,
  OFF_LAYOUT_ANSWER,
  OffLayoutPrompt,
  UNTRAINED_ANSWER,
} from './trainingLayout';
