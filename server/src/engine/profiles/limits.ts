/**
 * What fits in the model's context: the prompt and the answer together must stay within
 * `numCtx` tokens, or the server silently cuts the prompt (Ollama keeps its end) and the
 * answer is about text the model never saw. Tokens are estimated from characters: the
 * project assumes about four characters a token elsewhere (nliBudgetChars); here three are
 * counted, because clinical words and the medtuned layout's space-joined tokens split into
 * more pieces, and an estimate that errs here must err towards a shorter answer budget.
 */
import { ModelError, ModelRequest } from '../types';

/** Characters per token assumed when capping: fewer than the project's 4, to stay on the safe side. */
export const CHARS_PER_TOKEN = 3;
/** A chat template's role markers and separators around each message. */
export const CHAT_MESSAGE_OVERHEAD_TOKENS = 8;
/** Below this much room for the answer the request is not sent (a label alone needs a few tokens). */
export const MIN_ANSWER_TOKENS = 8;

export function estimateTokens(text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN);
}

/** The estimated prompt tokens of a request, template overhead included. */
export function requestPromptTokens(request: ModelRequest): number {
  if (request.kind === 'generate') return estimateTokens(request.prompt) + 1; // + BOS
  return request.messages.reduce((n, m) => n + estimateTokens(m.content) + CHAT_MESSAGE_OVERHEAD_TOKENS, 0);
}

/**
 * The request with `numPredict` capped so that prompt + answer fit in `numCtx` (unchanged when
 * no context is known). A prompt that leaves less than MIN_ANSWER_TOKENS is never sent: a
 * ModelError says so (the sentence limit of segmentation keeps this from happening to note
 * sentences; a long list item for relations, or a long statement to check, may still meet it).
 */
export function fitToContext<R extends ModelRequest>(request: R, numCtx: number | undefined): R {
  if (numCtx === undefined || !Number.isFinite(numCtx) || numCtx <= 0) return request;
  const prompt = requestPromptTokens(request);
  const room = numCtx - prompt;
  if (room < MIN_ANSWER_TOKENS) {
    throw new ModelError(
      'server-error',
      `the prompt (about ${prompt} tokens) leaves no room for an answer in a context of ${numCtx} tokens; raise numCtx or shorten the text`,
    );
  }
  return request.numPredict <= room ? request : { ...request, numPredict: room };
}

/**
 * The longest sentence (characters) sent as one piece under `numCtx`: what is left of the
 * context after the longest instruction and the fixed parts of the answer
 * (SENTENCE_RESERVE_TOKENS), at SENTENCE_TOKENS_PER_CHAR. The medtuned NER answer is one
 * `token : TAG` line of up to ~10 model tokens per input token (about 4 characters), so a
 * character of input costs ~2.5 tokens of answer plus ~1/3 token of prompt: 3 in all. The
 * json layout (1.5 tokens of answer per character) fits within the same limit. Never below
 * MIN_SENTENCE_CHARS: with a context that small the answer cap (fitToContext) does the rest.
 */
export const SENTENCE_TOKENS_PER_CHAR = 3;
export const SENTENCE_RESERVE_TOKENS = 320;
export const MIN_SENTENCE_CHARS = 64;

export function maxSentenceCharsFor(numCtx: number): number {
  return Math.max(MIN_SENTENCE_CHARS, Math.floor((numCtx - SENTENCE_RESERVE_TOKENS) / SENTENCE_TOKENS_PER_CHAR));
}

/**
 * Tokens the curated examples of a json entity prompt may take (curation/fewShot.ts): at most
 * a quarter of the context, and never what the sentence's own prompt and answer need
 * (the same accounting as maxSentenceCharsFor), so examples never shorten the answer.
 * Without a known context, the quarter of the default 4096.
 */
export const FEW_SHOT_CONTEXT_SHARE = 4;
export function fewShotBudgetTokens(numCtx: number | undefined, sentence: string): number {
  const ctx = numCtx !== undefined && Number.isFinite(numCtx) && numCtx > 0 ? numCtx : 4096;
  const room = ctx - SENTENCE_RESERVE_TOKENS - SENTENCE_TOKENS_PER_CHAR * sentence.length;
  return Math.max(0, Math.min(Math.floor(ctx / FEW_SHOT_CONTEXT_SHARE), room));
}
