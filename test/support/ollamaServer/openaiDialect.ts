/**
 * The OpenAI-compatible API Ollama serves under /v1 (as vLLM, llama.cpp and LM Studio do):
 * requests mapped to the equivalent Ollama request (openAiToOllama) and answered by the same
 * generation, written in OpenAI's shapes; /v1/models and /v1/embeddings; the API key.
 */
import { embedInputs, goldEmbedding } from './embeddings';
import { behave, Behaviour, Dialect, estimatePromptTokens, GenerationState, Metrics, OllamaEndpoint, scriptedFault } from './generation';
import { GoldDocument } from './gold';
import { Exchange, ParsedBody, SSE_TYPE } from './http';
import { ModelInfo, ModelRegistry } from './models';

/**
 * OpenAI's shapes as Ollama's /v1 writes them: `chat.completion(.chunk)` and
 * `text_completion` objects, SSE `data:` events ending with `data: [DONE]`, usage in a
 * last event when `stream_options.include_usage` asks for it, and errors as
 * `{"error": {"message", "type", "param", "code"}}`.
 */
export class OpenAiDialect implements Dialect {
  private readonly id: string;
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(
    private readonly kind: 'chat' | 'completion',
    private readonly model: string,
    private readonly includeUsage: boolean,
    requestId: number,
  ) {
    this.id = `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${requestId}`;
  }

  private base(stream: boolean): Record<string, unknown> {
    const object = this.kind === 'chat' ? (stream ? 'chat.completion.chunk' : 'chat.completion') : 'text_completion';
    return { id: this.id, object, created: this.created, model: this.model, system_fingerprint: 'fp_ollama' };
  }

  private streamChoice(text: string, finish: string | null): Record<string, unknown> {
    return this.kind === 'chat' ? { index: 0, delta: { role: 'assistant', content: text }, finish_reason: finish } : { text, index: 0, finish_reason: finish };
  }

  private usage(metrics: Metrics) {
    const prompt = metrics.prompt_eval_count;
    const completion = metrics.eval_count;
    return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  }

  error(ex: Exchange, status: number, message: string): void {
    const type = status === 400 || status === 401 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error';
    const code = status === 401 ? 'invalid_api_key' : status === 404 ? 'model_not_found' : null;
    ex.json(status, { error: { message, type, param: null, code } });
  }
  piece(ex: Exchange, text: string): void {
    ex.writeEvent({ ...this.base(true), choices: [this.streamChoice(text, null)] });
  }
  streamError(ex: Exchange, message: string): void {
    ex.writeEvent({ error: { message, type: 'api_error', param: null, code: null } });
    ex.end();
  }
  startStream(ex: Exchange): void {
    ex.res.writeHead(200, { 'Content-Type': SSE_TYPE, 'Cache-Control': 'no-cache' });
  }
  garbage(ex: Exchange, body?: string): void {
    ex.res.writeHead(200, { 'Content-Type': SSE_TYPE });
    ex.res.end(body ?? '<html>not json at all\ndata: {"model": unterminated\n\n');
  }
  finish(ex: Exchange, metrics: Metrics): void {
    ex.writeEvent({ ...this.base(true), choices: [this.streamChoice('', metrics.done_reason)] });
    if (this.includeUsage) ex.writeEvent({ ...this.base(true), choices: [], usage: this.usage(metrics) });
    ex.writeEvent('[DONE]');
    ex.end();
  }
  whole(text: string, metrics: Metrics): object {
    const choice =
      this.kind === 'chat'
        ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: metrics.done_reason }
        : { text, index: 0, finish_reason: metrics.done_reason };
    return { ...this.base(false), choices: [choice], usage: this.usage(metrics) };
  }
  partial(text: string): object {
    const choice =
      this.kind === 'chat' ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: null } : { text, index: 0, finish_reason: null };
    return { ...this.base(false), choices: [choice] };
  }
  loaded(ex: Exchange): void {
    // Not reached: openAiToOllama refuses empty requests first.
    this.error(ex, 400, 'the request has no prompt');
  }
}

/**
 * An OpenAI request as the equivalent Ollama request, so that one oracle answers both:
 * chat `messages` (+ `response_format.json_schema.schema` → `format`, `json_object` →
 * `"json"`) become /api/chat; a completions `prompt` becomes a raw /api/generate (no
 * template: what vLLM and llama.cpp do with /v1/completions). `temperature`, `seed`,
 * `top_p`, `max_tokens` (or `max_completion_tokens`) and `stop` become options. OpenAI's
 * `stream` defaults to false. Requests OpenAI servers refuse are refused here with 400.
 */
export function openAiToOllama(kind: 'chat' | 'completion', parsed: ParsedBody): ParsedBody {
  if (!parsed.ok) return parsed;
  const b = parsed.value;
  if (!b || typeof b !== 'object' || Array.isArray(b)) return { ok: false, error: 'the request body must be a JSON object' };
  const options: Record<string, unknown> = {};
  if (typeof b.temperature === 'number') options.temperature = b.temperature;
  if (typeof b.seed === 'number') options.seed = b.seed;
  if (typeof b.top_p === 'number') options.top_p = b.top_p;
  const maxTokens = b.max_tokens ?? b.max_completion_tokens;
  if (maxTokens !== undefined && maxTokens !== null) {
    if (!Number.isInteger(maxTokens) || maxTokens < 1) return { ok: false, error: `max_tokens must be a positive integer (got ${JSON.stringify(maxTokens)})` };
    options.num_predict = maxTokens;
  }
  if (b.stop !== undefined && b.stop !== null) options.stop = Array.isArray(b.stop) ? b.stop : [b.stop];
  const common = { model: b.model, stream: b.stream === true, options };
  if (kind === 'completion') {
    const prompt = Array.isArray(b.prompt) && b.prompt.length === 1 ? b.prompt[0] : b.prompt;
    if (typeof prompt !== 'string' || prompt === '') return { ok: false, error: 'prompt is required (one non-empty string)' };
    return { ok: true, value: { ...common, prompt, raw: true } };
  }
  if (!Array.isArray(b.messages) || b.messages.length === 0) return { ok: false, error: 'messages is required (at least one message)' };
  let format: unknown;
  const rf = b.response_format;
  if (rf !== undefined && rf !== null) {
    if (rf.type === 'json_schema') {
      format = rf.json_schema?.schema;
      if (!format || typeof format !== 'object' || Array.isArray(format))
        return { ok: false, error: 'response_format.json_schema.schema must be a JSON schema object' };
    } else if (rf.type === 'json_object') format = 'json';
    else if (rf.type !== 'text') return { ok: false, error: `invalid response_format type: ${JSON.stringify(rf.type)}` };
  }
  return { ok: true, value: { ...common, messages: b.messages, ...(format !== undefined ? { format } : {}) } };
}

/** With an apiKey, /v1 requests need `Authorization: Bearer <apiKey>` (as `vllm serve --api-key`). */
export function isAuthorised(ex: Exchange, apiKey: string | undefined): boolean {
  if (apiKey === undefined) return true;
  return ex.req.headers.authorization === `Bearer ${apiKey}`;
}

/**
 * `POST /v1/chat/completions` and `POST /v1/completions`, as Ollama (and vLLM, llama.cpp,
 * LM Studio) serve them: the request is turned into the equivalent /api/chat or raw
 * /api/generate request, answered by the same oracle, scripts and timing, and written
 * as OpenAI's SSE events or JSON objects.
 */
export async function openAiGeneration(
  g: GenerationState,
  ex: Exchange,
  path: '/v1/chat/completions' | '/v1/completions',
  parsed: ParsedBody,
  requestId: number,
  apiKey: string | undefined,
  script: () => Behaviour | undefined,
): Promise<void> {
  const kind = path === '/v1/chat/completions' ? 'chat' : 'completion';
  const body = parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {};
  const dialect = new OpenAiDialect(kind, typeof body.model === 'string' ? body.model : '', body.stream_options?.include_usage === true, requestId);
  if (!isAuthorised(ex, apiKey)) return dialect.error(ex, 401, 'Incorrect API key provided.');
  const behaviour = script() ?? { kind: 'oracle' };
  const endpoint: OllamaEndpoint = kind === 'chat' ? '/api/chat' : '/api/generate';
  await behave(g, ex, endpoint, openAiToOllama(kind, parsed), behaviour, dialect);
}

/** `GET /v1/models` and `GET /v1/models/{id}`: Ollama's OpenAI-compatible model list. */
export function openAiModels(ex: Exchange, models: ModelRegistry, apiKey: string | undefined, id?: string): void {
  const dialect = new OpenAiDialect('chat', '', false, 0);
  if (!isAuthorised(ex, apiKey)) return dialect.error(ex, 401, 'Incorrect API key provided.');
  const entry = (m: ModelInfo) => ({
    id: m.name,
    object: 'model',
    created: Math.floor(Date.parse(models.modifiedAt(m.name) ?? new Date().toISOString()) / 1000),
    owned_by: m.name.includes('/') ? m.name.split('/').slice(0, -1).join('/') : 'library',
  });
  if (id === undefined) return ex.json(200, { object: 'list', data: models.models.map(entry) });
  const m = models.find(id);
  if (!m) return dialect.error(ex, 404, `model "${id}" not found`);
  ex.json(200, entry(m));
}

/** `POST /v1/embeddings` as Ollama's OpenAI-compatible API answers it (floats; base64 is not served). */
export async function openAiEmbeddings(
  ex: Exchange,
  parsed: ParsedBody,
  models: ModelRegistry,
  gold: readonly GoldDocument[],
  apiKey: string | undefined,
  script: () => Behaviour | undefined,
): Promise<void> {
  const body = parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {};
  const dialect = new OpenAiDialect('chat', typeof body.model === 'string' ? body.model : '', false, 0);
  if (!isAuthorised(ex, apiKey)) return dialect.error(ex, 401, 'Incorrect API key provided.');
  if (!parsed.ok) return dialect.error(ex, 400, parsed.error);
  const inputs = embedInputs(body.input);
  if (!inputs || inputs.length === 0) return dialect.error(ex, 400, 'invalid input');
  if (body.encoding_format !== undefined && body.encoding_format !== 'float') return dialect.error(ex, 400, 'invalid encoding format');
  if (!models.find(body.model)) return dialect.error(ex, 404, `model "${String(body.model ?? '')}" not found, try pulling it first`);
  if (await scriptedFault(ex, script(), (status, error) => dialect.error(ex, status, error))) return;
  if (ex.closed) return;
  const tokens = inputs.reduce((n, t) => n + estimatePromptTokens(t), 0);
  ex.json(200, {
    object: 'list',
    data: inputs.map((t, index) => ({ object: 'embedding', embedding: goldEmbedding(t, gold), index })),
    model: body.model,
    usage: { prompt_tokens: tokens, total_tokens: tokens },
  });
}
