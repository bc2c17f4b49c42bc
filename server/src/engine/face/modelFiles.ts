/**
 * Getting a model when none serves (engine/index.ts `modelFiles`): the embedded engine's
 * default GGUF file and its download, the ways forward both front ends offer, the API-key
 * variables of OpenAI-compatible servers and the medtuned layout's stop strings (for a
 * Modelfile).
 */
export { defaultModel, downloadModel } from '../models/embedded/download';
export { formatWaysForward } from '../models/waysForward';
export { API_KEY_VARIABLES } from '../models/openai';
export { MEDTUNED_STOP } from '../profiles/medtuned';
