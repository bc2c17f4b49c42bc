/**
 * How a generation request is answered, whatever its protocol: the scripted fault or the
 * oracle's text, Ollama's validation, stop sequences and num_predict as a runner applies
 * them, loading and unloading the model, the simulated timing and the final metrics. The
 * dialect (ollamaDialect.ts, openaiDialect.ts) writes the bytes.
 */
import { WireJson, Exchange, JSON_TYPE, ParsedBody } from './http';
import { keepAliveMs, modelKey, ModelRegistry } from './models';
import { GoldOracle } from './oracle';

/** What a request gets (server.script chooses per request): the oracle's answer, a given text, or a fault. */
export type Behaviour =
  | { kind: 'oracle' }
  | { kind: 'text'; text: string; doneReason?: 'stop' | 'length' }
  | { kind: 'http-error'; status: number; error: string; headers?: Record<string, string> }
  | { kind: 'stream-error'; afterText?: string; error?: string }
  | { kind: 'cut'; afterText?: string }
  /** The connection is reset (TCP RST): before any answer, or after the answer's first pieces (`afterText`). */
  | { kind: 'reset'; afterText?: string }
  | { kind: 'garbage'; body?: string }
  | { kind: 'hang' }
  | { kind: 'slow'; firstByteMs: number; then?: Behaviour };

/** Simulated model speed, for streaming and non-streaming answers. */
export type Timing = { firstTokenMs: number; perTokenMs: number };

/**
 * What a generation reads from the server when it runs (the server owns it; setNoise and
 * setTiming replace its oracle and timing, also for answers under way).
 */
export interface GenerationState {
  readonly models: ModelRegistry;
  oracle: GoldOracle;
  timing: Timing;
}

/** Ollama 0.12's default num_ctx when a request sends none. */
const DEFAULT_NUM_CTX = 4096;
const DEFAULT_STREAM_ERROR = 'an error was encountered while running the model';

/**
 * The server's estimate of prompt tokens, reported as `prompt_eval_count`:
 * ceil(characters / 4) of the prompt text (generate: system + prompt; chat: all message
 * contents concatenated), capped at num_ctx (default 4096) to mimic Ollama's silent
 * truncation of an over-long prompt. Client code that compares its own estimate with
 * prompt_eval_count relies on this exact formula.
 */
export function estimatePromptTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The answer split as the server streams it: one chunk per piece; eval_count = pieces. A
 * leading space goes with the first word, as the Llama tokenizer merges it (`▁Ger`).
 */
export function answerPieces(text: string): string[] {
  return text.match(/\s*\S+\s*|\s+/g) ?? [];
}

export type OllamaEndpoint = '/api/generate' | '/api/chat';

/** The final metrics of an answer, in Ollama's names (`done_reason`, `prompt_eval_count`, `eval_count`, ...). */
export type Metrics = Record<string, unknown> & { done_reason: string; prompt_eval_count: number; eval_count: number };

/**
 * How a generation endpoint writes its answers and errors. The oracle, the scripted
 * behaviours and the timing are the server's; only the bytes differ.
 */
export interface Dialect {
  /** An HTTP error before anything is sent. */
  error(ex: Exchange, status: number, message: string): void;
  /** One piece of a streamed answer (the first one sends the headers). */
  piece(ex: Exchange, text: string): void;
  /** The error that ends a stream after some pieces. */
  streamError(ex: Exchange, message: string): void;
  /** The headers of a stream that is cut before its first piece. */
  startStream(ex: Exchange): void;
  /** A 200 answer that is not the protocol (`body`: these bytes instead of the dialect's own). */
  garbage(ex: Exchange, body?: string): void;
  /** The last chunk(s) of a streamed answer, and the end of the response. */
  finish(ex: Exchange, metrics: Metrics): void;
  /** The whole non-streamed answer. */
  whole(text: string, metrics: Metrics): object;
  /** A non-streamed answer object before it is done (cut in half by the `cut` fault). */
  partial(text: string): object;
  /** A request without prompt or messages: the model was (un)loaded. */
  loaded(ex: Exchange, unload: boolean): void;
}

/** A request answered as its scripted behaviour says (faults, slowness), else by the oracle (answer). */
export async function behave(g: GenerationState, ex: Exchange, endpoint: OllamaEndpoint, parsed: ParsedBody, b: Behaviour, dialect: Dialect): Promise<void> {
  const body = parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {};
  const stream = body.stream !== false; // the server's default is to stream
  switch (b.kind) {
    case 'slow':
      await ex.sleep(b.firstByteMs);
      if (ex.closed) return;
      return behave(g, ex, endpoint, parsed, b.then ?? { kind: 'oracle' }, dialect);
    case 'http-error':
      // Extra headers (Retry-After) go out with the error's own.
      for (const [name, value] of Object.entries(b.headers ?? {})) ex.res.setHeader(name, value);
      return dialect.error(ex, b.status, b.error);
    case 'reset':
      if (b.afterText !== undefined) await streamPieces(g, ex, dialect, answerPieces(b.afterText));
      return ex.reset();
    case 'hang':
      return ex.untilClosed();
    case 'garbage':
      if (ex.closed) return;
      return dialect.garbage(ex, b.body);
    case 'stream-error': {
      const error = b.error ?? DEFAULT_STREAM_ERROR;
      // Before anything is sent a non-streaming request gets a plain 500.
      if (!stream) return dialect.error(ex, 500, error);
      await streamPieces(g, ex, dialect, answerPieces(b.afterText ?? ''));
      return dialect.streamError(ex, error);
    }
    case 'cut': {
      if (stream) {
        await streamPieces(g, ex, dialect, answerPieces(b.afterText ?? ''));
        if (!ex.res.headersSent && !ex.closed) dialect.startStream(ex);
        return ex.end();
      }
      if (ex.closed) return;
      // Non-streaming: the JSON object stops half way.
      const whole = JSON.stringify(dialect.partial(b.afterText ?? ''));
      ex.res.writeHead(200, { 'Content-Type': JSON_TYPE });
      ex.res.end(whole.slice(0, Math.max(1, Math.floor(whole.length / 2))));
      return;
    }
    case 'oracle':
    case 'text':
      return answer(g, ex, endpoint, parsed, b, dialect);
  }
}

/** Validation as Ollama does it, then the answer with simulated timing and metrics. */
async function answer(
  g: GenerationState,
  ex: Exchange,
  endpoint: OllamaEndpoint,
  parsed: ParsedBody,
  b: { kind: 'oracle' } | { kind: 'text'; text: string; doneReason?: 'stop' | 'length' },
  dialect: Dialect,
): Promise<void> {
  if (!parsed.ok) return dialect.error(ex, 400, parsed.error);
  const body = parsed.value;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    return dialect.error(ex, 400, 'json: cannot unmarshal into Go value of type api.GenerateRequest');
  }
  const f = body.format;
  const formatOk = f === undefined || f === null || f === '' || f === 'json' || (typeof f === 'object' && !Array.isArray(f));
  if (!formatOk) return dialect.error(ex, 400, `invalid format: ${JSON.stringify(f)}; expected "json" or a valid JSON Schema`);
  if (endpoint === '/api/chat' && body.messages !== undefined && !Array.isArray(body.messages)) {
    return dialect.error(ex, 400, 'json: cannot unmarshal messages into Go struct field ChatRequest.messages');
  }
  if (typeof body.model !== 'string' || body.model === '') return dialect.error(ex, 400, 'model is required');
  const m = g.models.find(body.model);
  if (!m) return dialect.error(ex, 404, `model '${body.model}' not found`);

  const options = body.options && typeof body.options === 'object' ? body.options : {};
  const numCtx = Number.isInteger(options.num_ctx) && options.num_ctx > 0 ? options.num_ctx : DEFAULT_NUM_CTX;
  const keepMs = keepAliveMs(body.keep_alive);
  const key = modelKey(m.name);
  const wasLoaded = g.models.isLoaded(key);
  const stream = body.stream !== false;

  // An empty prompt / message list only loads (or with keep_alive 0 unloads) the model.
  const messages: WireJson[] = Array.isArray(body.messages) ? body.messages : [];
  const empty = endpoint === '/api/generate' ? !body.prompt && !body.images?.length : messages.length === 0;
  if (empty) {
    const unload = keepMs === 0;
    if (unload) g.models.unload(key);
    else g.models.load(key, m, keepMs, numCtx);
    return dialect.loaded(ex, unload);
  }
  g.models.load(key, m, keepMs, numCtx);

  // Answer text: the oracle's or the script's, then stop sequences and num_predict as a runner applies them.
  let text = b.kind === 'text' ? b.text : g.oracle.answer(endpoint, body);
  const stops: string[] = (Array.isArray(options.stop) ? options.stop : [options.stop]).filter((s: unknown): s is string => typeof s === 'string' && s !== '');
  for (const s of stops) {
    const at = text.indexOf(s);
    if (at >= 0) text = text.slice(0, at);
  }
  let pieces = answerPieces(text);
  let doneReason: 'stop' | 'length' = 'stop';
  if (Number.isInteger(options.num_predict) && options.num_predict > 0 && pieces.length > options.num_predict) {
    pieces = pieces.slice(0, options.num_predict);
    doneReason = 'length';
  }
  if (b.kind === 'text' && b.doneReason) doneReason = b.doneReason;

  const promptText =
    endpoint === '/api/generate'
      ? `${typeof body.system === 'string' ? body.system : ''}${typeof body.prompt === 'string' ? body.prompt : ''}`
      : messages.map((msg) => (typeof msg?.content === 'string' ? msg.content : '')).join('');
  const promptTokens = Math.min(estimatePromptTokens(promptText), numCtx);

  const t0 = process.hrtime.bigint();
  let tFirst: bigint;
  if (stream) {
    tFirst = await streamPieces(g, ex, dialect, pieces);
  } else {
    await ex.sleep(g.timing.firstTokenMs);
    tFirst = process.hrtime.bigint();
    await ex.sleep(Math.max(0, pieces.length - 1) * g.timing.perTokenMs);
  }
  if (ex.closed) return;
  const tEnd = process.hrtime.bigint();
  const promptEval = Math.max(1000, Number(tFirst - t0));
  const evalNs = Math.max(1000, Number(tEnd - tFirst));
  const load = wasLoaded ? 120_000 : 1_500_000; // simulated: a cold model takes longer to load
  const metrics: Metrics = {
    done_reason: doneReason,
    total_duration: load + promptEval + evalNs,
    load_duration: load,
    prompt_eval_count: promptTokens,
    prompt_eval_duration: promptEval,
    eval_count: pieces.length,
    eval_duration: evalNs,
  };
  if (endpoint === '/api/generate') {
    // Token ids of prompt + answer; clients only pass them back, so any numbers do.
    metrics.context = Array.from({ length: promptTokens + pieces.length }, (_, i) => (i * 7919) % 32000);
  }
  if (stream) dialect.finish(ex, metrics);
  else ex.json(200, dialect.whole(pieces.join(''), metrics));
}

/**
 * Streams one chunk per piece: firstTokenMs before the first (the headers go with it, so
 * the delay holds back the response like a runner evaluating the prompt), perTokenMs
 * between the others. Returns when the first piece went out (or would have).
 */
export async function streamPieces(g: GenerationState, ex: Exchange, dialect: Dialect, pieces: string[]): Promise<bigint> {
  await ex.sleep(g.timing.firstTokenMs);
  const tFirst = process.hrtime.bigint();
  for (let i = 0; i < pieces.length && !ex.closed; i++) {
    if (i > 0) await ex.sleep(g.timing.perTokenMs);
    dialect.piece(ex, pieces[i]);
  }
  return tFirst;
}

/** A scripted fault for an embedding request (http-error, hang, slow), as for generation; true when it answered. */
export async function scriptedFault(ex: Exchange, b: Behaviour | undefined, error: (status: number, message: string) => void): Promise<boolean> {
  while (b?.kind === 'slow') {
    await ex.sleep(b.firstByteMs);
    if (ex.closed) return true;
    b = b.then;
  }
  if (b?.kind === 'http-error') {
    for (const [name, value] of Object.entries(b.headers ?? {})) ex.res.setHeader(name, value);
    error(b.status, b.error);
    return true;
  }
  if (b?.kind === 'hang') {
    await ex.untilClosed();
    return true;
  }
  return false;
}
