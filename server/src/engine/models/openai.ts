/**
 * The OpenAI-compatible backend: vLLM, llama.cpp's llama-server, LM Studio, TGI, Ollama's
 * own /v1, and anything else that speaks the OpenAI HTTP API. For scale: one of these
 * servers batches many requests on a GPU, where Ollama runs a few at a time.
 *
 * - `chat` requests (the json profile) go to `POST {baseUrl}/chat/completions` with their
 *   messages and `response_format: {type: 'json_schema', json_schema: {name, schema, strict}}`.
 * - `generate` requests (the medtuned profile: a raw prompt in the model's training
 *   layout) go to `POST {baseUrl}/completions` with `prompt`: the legacy completions
 *   endpoint applies no chat template, which is what `raw: true` means to Ollama. Sending
 *   the prompt as one user message to /chat/completions would wrap it in the model's chat
 *   template, a layout the model was not tuned on; every server named above serves
 *   /completions, so that is not done.
 *
 * Every request streams (SSE `data: {...}` events ending with `data: [DONE]`), asks for
 * usage in the stream (`stream_options.include_usage`), and sends temperature 0, a seed,
 * `max_tokens` (numPredict) and `stop`. It runs over Node's own HTTP (http.ts), without the
 * 300 s header/body timeouts of Node 20's global fetch; `requestTimeoutMs` and the caller's AbortSignal close the
 * connection, which is how these servers cancel work (vLLM aborts the sequence when the
 * client goes away).
 *
 * The API key is never read from settings files: callers pass it from the environment
 * (`apiKeyFromEnv`) or, in the editor, from VS Code's SecretStorage through the server's
 * environment. The host policy (loopback only unless allowRemoteHost) applies to baseUrl,
 * and again to every URL actually fetched; redirects are never followed (`redirect:
 * 'manual'`: a 3xx answer is an error naming both URLs), so neither note text nor the key
 * can be carried elsewhere. Text from the server (error bodies, in-stream errors, pieces of
 * a broken stream) is shown only through redactServerText (redact.ts): no credentials, the
 * configured key nowhere, none of our request text.
 *
 * There is no `num_ctx` in this protocol: the server fixes the context length when it
 * starts (`vllm serve --max-model-len`, `llama-server -c`). `numCtx` is kept for callers
 * that budget prompts with it; it is not sent.
 */
import { performance } from 'node:perf_hooks';
import { ModelAnswer, ModelError, ModelRequest } from '../types';
import { connectionFailureCode, withDeadline } from './deadline';
import { httpFetch } from './http';
import { checkHost, isRedirect, redirectError, refusalReason, Resolver } from './hostPolicy';
import { RedactionContext, redactServerText, requestTexts } from './redact';
import { Probe, Serving, ServingBackend } from './backend';
import { sameModel } from './ollama';
import { errorMessage, httpError, HttpError, ProtocolError, StreamError } from './openaiErrors';
import { droppedConnection } from './transient';

export interface OpenAiSettings {
  /** The API root, including its version path: `http://127.0.0.1:8000/v1`. */
  baseUrl: string;
  model: string;
  /** Sent as `Authorization: Bearer ...` when set. From the environment, never from settings. */
  apiKey?: string;
  requestTimeoutMs: number;
  allowRemoteHost: boolean;
  /** The server's context length, if known; not sent (see the file comment). */
  numCtx?: number;
  /** The model `POST {baseUrl}/embeddings` is asked with (NLI evidence retrieval); empty or absent: none. */
  embeddingModel?: string;
  /** How a `localhost` name is resolved before connecting (hostPolicy.ts); default the system's. */
  resolve?: Resolver;
}

/** The environment variables the API key is read from, first set wins. */
export const API_KEY_VARIABLES = ['BIOMED_OPENAI_API_KEY', 'OPENAI_API_KEY'] as const;

export function apiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  for (const name of API_KEY_VARIABLES) {
    const v = env[name]?.trim();
    if (v) return v;
  }
  return undefined;
}

/** The same seed as the Ollama backend: answers are reproducible on servers that honour it. */
const SEED = 42;

interface Choice {
  text?: string;
  delta?: { content?: string | null };
  message?: { content?: string | null };
  finish_reason?: string | null;
}
interface Chunk {
  choices?: Choice[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  error?: unknown;
  object?: string;
}

export class OpenAiBackend implements ServingBackend {
  constructor(readonly settings: OpenAiSettings) {}

  get description(): string {
    return `${this.settings.model} at ${this.settings.baseUrl}`;
  }

  serving(): Serving {
    return { engine: 'openai', host: this.settings.baseUrl, model: this.settings.model };
  }

  /** `{baseUrl}/{path}`, whether or not baseUrl ends with a slash. */
  url(path: string): string {
    return `${this.settings.baseUrl.replace(/\/+$/, '')}/${path}`;
  }

  private headers(json: boolean): Record<string, string> {
    const h: Record<string, string> = { Accept: json ? 'application/json' : 'text/event-stream' };
    if (json) h['Content-Type'] = 'application/json';
    if (this.settings.apiKey) h.Authorization = `Bearer ${this.settings.apiKey}`;
    return h;
  }

  private checkHost(): void {
    if (this.settings.baseUrl.trim() === '') {
      throw new ModelError('unreachable', 'No OpenAI-compatible server is configured: set biomedNlp.openai.baseUrl (command line: --base-url).');
    }
    const refused = refusalReason(this.settings.baseUrl, this.settings.allowRemoteHost);
    if (refused) throw new ModelError('remote-refused', refused.replace('Use a local Ollama', 'Use a server on this machine'));
  }

  /** What the server's text is redacted against: the API key, and the request's text. */
  private context(request?: ModelRequest | readonly string[]): RedactionContext {
    return { apiKey: this.settings.apiKey, requestText: Array.isArray(request) ? request : requestTexts(request as ModelRequest | undefined) };
  }

  /**
   * A request without a timeout of its own (http.ts); no redirect is followed (a 3xx is a ModelError
   * naming both URLs); other non-2xx answers become HttpError.
   */
  private async send(path: string, body: object | undefined, signal: AbortSignal | undefined, request?: ModelRequest) {
    this.checkHost();
    const url = this.url(path);
    // The URL actually connected to, not only the configured base URL; a localhost name by the
    // addresses it resolves to, and the connection goes to those addresses.
    const checked = await checkHost(url, this.settings.allowRemoteHost, this.settings.resolve);
    if (checked.refused) throw new ModelError('remote-refused', checked.refused.replace('Use a local Ollama', 'Use a server on this machine'));
    const res = await httpFetch(url, {
      method: body ? 'POST' : 'GET',
      headers: this.headers(!!body),
      body: body ? JSON.stringify(body) : undefined,
      signal,
      redirect: 'manual',
      lookup: checked.lookup,
    });
    const location = res.headers.get('location');
    if (isRedirect(res.status, location)) {
      await res.body?.cancel().catch(() => undefined);
      throw redirectError(url, res.status, location, (t) => redactServerText(t, this.context(request)));
    }
    if (!res.ok) throw await httpError(res);
    return res;
  }

  async generate(request: ModelRequest, signal: AbortSignal): Promise<ModelAnswer> {
    // Whether the server began to answer: a connection lost after that cut the answer.
    const progress = { answered: false };
    return withDeadline(
      signal,
      this.settings.requestTimeoutMs,
      (s) => this.stream(request, s, progress),
      (err) => this.toModelError(err, request, progress.answered),
    );
  }

  /** The request body for a ModelRequest, and the endpoint it goes to. */
  requestBody(request: ModelRequest): { path: string; body: Record<string, unknown> } {
    const common = {
      model: this.settings.model,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      seed: SEED,
      max_tokens: request.numPredict,
    };
    if (request.kind === 'generate') {
      return { path: 'completions', body: { ...common, prompt: request.prompt, ...(request.stop.length ? { stop: request.stop } : {}) } };
    }
    return {
      path: 'chat/completions',
      body: {
        ...common,
        messages: request.messages,
        response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: request.format, strict: true } },
      },
    };
  }

  private async stream(request: ModelRequest, signal: AbortSignal, progress: { answered: boolean }): Promise<ModelAnswer> {
    const { path, body } = this.requestBody(request);
    const res = await this.send(path, body, signal, request);
    progress.answered = true;
    const type = res.headers.get('content-type') ?? '';
    if (!type.includes('text/event-stream')) {
      // A server that ignores `stream` answers with one JSON object.
      return this.whole(await res.text());
    }
    let text = '';
    let finish: string | undefined;
    let done = false;
    let usage: Chunk['usage'];
    let pieces = 0;
    let tFirst: number | undefined;
    let tLast = 0;
    const onData = (data: string): boolean => {
      if (data === '[DONE]') return (done = true);
      let chunk: Chunk;
      try {
        chunk = JSON.parse(data);
      } catch {
        throw new ProtocolError(`not JSON in the event stream: ${data.slice(0, 80)}`);
      }
      if (!chunk || typeof chunk !== 'object') throw new ProtocolError('not an object in the event stream');
      if (chunk.error != null || chunk.object === 'error') {
        throw new StreamError(errorMessage(chunk) ?? 'an error was reported inside the stream');
      }
      if (chunk.usage) usage = chunk.usage;
      for (const choice of chunk.choices ?? []) {
        const piece = choice.delta?.content ?? choice.text ?? '';
        if (piece) {
          text += piece;
          pieces++;
          tFirst ??= performance.now();
          tLast = performance.now();
        }
        if (choice.finish_reason) finish = choice.finish_reason;
      }
      return false;
    };
    const decoder = new TextDecoder();
    let buffered = '';
    let dataLines: string[] = [];
    // SSE: `data:` lines accumulate until a blank line ends the event; comments (`:`) and
    // other fields (event, id, retry) are skipped; an `error:` field ends the answer.
    const line = (l: string): boolean => {
      if (l === '') {
        if (dataLines.length === 0) return false;
        const data = dataLines.join('\n');
        dataLines = [];
        return onData(data.trim());
      }
      if (l.startsWith('data:')) dataLines.push(l.slice(5).replace(/^ /, ''));
      else if (l.startsWith('error:')) {
        // llama.cpp's server: `error: {"error": {...}}` (or a bare message).
        const raw = l.slice(6).trim();
        let parsed: unknown;
        try {
          parsed = JSON.parse(raw);
        } catch {
          parsed = undefined;
        }
        throw new StreamError(errorMessage(parsed) ?? (raw || 'an error was reported inside the stream'));
      } else if (!l.startsWith(':') && !/^(event|id|retry):/.test(l)) throw new ProtocolError(`not an event stream: ${l.slice(0, 80)}`);
      return false;
    };
    if (!res.body) throw new ProtocolError('an empty answer');
    // After [DONE] the rest of the body is read and ignored, not cancelled: cancelling
    // would close a connection that can be reused.
    for await (const bytes of res.body) {
      if (done) continue;
      buffered += decoder.decode(bytes as Uint8Array, { stream: true });
      let nl: number;
      while (!done && (nl = buffered.indexOf('\n')) >= 0) {
        const l = buffered.slice(0, nl).replace(/\r$/, '');
        buffered = buffered.slice(nl + 1);
        line(l);
      }
    }
    if (!done) {
      buffered += decoder.decode();
      for (const l of [...buffered.split('\n').map((x) => x.replace(/\r$/, '')), '']) if (line(l)) break;
    }
    // The answer is complete with [DONE], or with a finish_reason (the usage event may be cut).
    if (!done && !finish) throw new ProtocolError('the stream ended before the answer was complete (no finish_reason, no [DONE])');
    return {
      text,
      doneReason: finish === 'length' ? 'length' : 'stop',
      promptTokens: usage?.prompt_tokens ?? 0,
      evalTokens: usage?.completion_tokens ?? pieces,
      evalMs: tFirst === undefined ? 0 : tLast - tFirst,
    };
  }

  /** A non-streamed answer: `choices[0].message.content` or `choices[0].text`. */
  private whole(body: string): ModelAnswer {
    let parsed: Chunk;
    try {
      parsed = JSON.parse(body);
    } catch {
      throw new ProtocolError(`not JSON: ${body.slice(0, 80)}`);
    }
    if (parsed?.error != null) throw new StreamError(errorMessage(parsed) ?? 'error');
    const choice = parsed?.choices?.[0];
    if (!choice) throw new ProtocolError('an answer without choices');
    return {
      text: choice.message?.content ?? choice.text ?? '',
      doneReason: choice.finish_reason === 'length' ? 'length' : 'stop',
      promptTokens: parsed.usage?.prompt_tokens ?? 0,
      evalTokens: parsed.usage?.completion_tokens ?? 0,
      evalMs: 0,
    };
  }

  /**
   * Sentence embeddings through `POST {baseUrl}/embeddings` (`input` an array, floats):
   * `data[i].embedding` for `data[i].index`, put back in the order of `texts`.
   */
  async embed(texts: string[], signal: AbortSignal): Promise<number[][]> {
    const model = this.settings.embeddingModel?.trim();
    if (!model) throw new ModelError('model-missing', 'No embedding model is set (biomedNlp.nli.embeddingModel).');
    const context: RedactionContext = { apiKey: this.settings.apiKey, requestText: texts };
    return withDeadline(
      signal,
      this.settings.requestTimeoutMs,
      async (s) => {
        const res = await this.send('embeddings', { model, input: texts, encoding_format: 'float' }, s);
        const body = (await res.json().catch(() => undefined)) as { data?: { embedding?: unknown; index?: unknown }[] } | undefined;
        if (!body || !Array.isArray(body.data)) throw new ProtocolError(`${this.url('embeddings')} did not answer a list of embeddings`);
        const out: number[][] = new Array(texts.length);
        body.data.forEach((d, i) => {
          const at = typeof d?.index === 'number' ? d.index : i;
          if (!Array.isArray(d?.embedding) || at < 0 || at >= texts.length) throw new ProtocolError('an embedding that is not a list of numbers');
          out[at] = d.embedding as number[];
        });
        if (out.some((v) => v === undefined)) throw new ProtocolError(`fewer embeddings than the ${texts.length} texts sent`);
        return out;
      },
      (err) => {
        if (err instanceof HttpError && err.status === 404 && err.fromApi) {
          return new ModelError(
            'model-missing',
            `The embedding model "${model}" is not served at ${this.settings.baseUrl} (${redactServerText(err.detail, context)}).`,
            404,
          );
        }
        return this.toModelError(err, texts);
      },
    );
  }

  /** Is the server there, and does it serve the configured model? (`GET {baseUrl}/models`) */
  async probe(signal?: AbortSignal): Promise<Probe> {
    try {
      const models = await this.listModels(signal);
      const modelPresent = models.some((m) => m === this.settings.model || sameModel(m, this.settings.model));
      return { reachable: true, modelPresent, error: modelPresent ? undefined : this.missingModel(models) };
    } catch (err) {
      const error = this.toModelError(err);
      return { reachable: error.kind !== 'unreachable' && error.kind !== 'remote-refused', modelPresent: false, error };
    }
  }

  /** The ids of the served models. */
  async listModels(signal?: AbortSignal): Promise<string[]> {
    try {
      const res = await this.send('models', undefined, signal);
      const body = (await res.json().catch(() => undefined)) as { data?: { id?: unknown }[] } | undefined;
      if (!body || !Array.isArray(body.data)) throw new ProtocolError(`${this.url('models')} did not answer a model list`);
      return body.data.map((m) => m?.id).filter((id): id is string => typeof id === 'string');
    } catch (err) {
      throw this.toModelError(err);
    }
  }

  private missingModel(served?: string[]): ModelError {
    const { baseUrl, model } = this.settings;
    const list = served?.length ? ` It serves: ${served.slice(0, 5).join(', ')}${served.length > 5 ? ', ...' : ''}.` : '';
    return new ModelError('model-missing', `The model "${model}" is not served at ${baseUrl}.${list}`, 404);
  }

  /** `err` as a ModelError; text from the server in it is redacted (no credentials, none of `request`'s text). */
  toModelError(err: unknown, request?: ModelRequest | readonly string[], answered = false): ModelError {
    if (err instanceof ModelError) return err;
    const { baseUrl } = this.settings;
    const clean = (text: string) => redactServerText(text, this.context(request));
    if (err instanceof HttpError) {
      const detail = clean(err.detail);
      if (err.status === 401 || err.status === 403) {
        const how = this.settings.apiKey ? 'refused the API key' : 'wants an API key';
        return new ModelError(
          'server-error',
          `The server at ${baseUrl} ${how} (${err.status}: ${detail}). Set the API key in ${API_KEY_VARIABLES.join(' or ')} ` +
            '(in the editor: the command "Biomed NLP: Set API Key for the OpenAI-Compatible Server").',
          err.status,
        );
      }
      if (err.status === 404) {
        // A JSON error is the API saying the model is unknown; a plain page is a missing route.
        if (err.fromApi) return new ModelError('model-missing', `The model "${this.settings.model}" is not served at ${baseUrl} (${detail}).`, 404);
        return new ModelError('server-error', `${baseUrl} has no OpenAI-compatible API there (404): does the base URL end with /v1?`, 404);
      }
      return new ModelError('server-error', `The server at ${baseUrl} answered ${err.status}: ${detail}`, err.status, err.retryAfterMs);
    }
    if (err instanceof StreamError) return new ModelError('server-error', `The server at ${baseUrl} reported an error: ${clean(err.message)}`);
    if (err instanceof ProtocolError) return new ModelError('bad-response', `The answer from ${baseUrl} was not complete (${clean(err.message)}).`);
    const dropped = droppedConnection(err, answered, `The server at ${baseUrl}`);
    if (dropped) return dropped;
    const code = connectionFailureCode(err);
    if (code) {
      return new ModelError('unreachable', `The OpenAI-compatible server is not reachable at ${baseUrl} (${code}). Is it running?`);
    }
    const message = err instanceof Error ? err.message : String(err);
    if (message === 'fetch failed' || message === 'terminated') {
      return new ModelError('unreachable', `The connection to ${baseUrl} failed (${message}).`);
    }
    if (err instanceof SyntaxError) return new ModelError('bad-response', `The answer from ${baseUrl} was not JSON (${clean(message)}).`);
    return new ModelError('server-error', `The server at ${baseUrl} reported an error: ${clean(message)}`);
  }
}
