/**
 * The Ollama backend, through the official `ollama` client. Every generation streams, so
 * errors inside the stream and cut streams are seen, and it runs over Node's own HTTP
 * (http.ts), without the 300 s header/body timeouts of Node 20's global fetch that would kill
 * a long generation; our own `requestTimeoutMs` and the caller's AbortSignal close the
 * connection instead, which is how Ollama cancels work.
 *
 * Redirects are never followed (`redirect: 'manual'`): a 3xx answer is an error naming both
 * URLs, and the host rule is checked again on every URL actually fetched. Text from the
 * server (error bodies, in-stream errors, a stream line that is not JSON: ndjsonLines.ts) is
 * shown only through redactServerText (redact.ts).
 */
import { Ollama } from 'ollama';
import { httpFetch } from './http';
import { ModelAnswer, ModelError, ModelRequest } from '../types';
import { Probe, Serving, ServingBackend } from './backend';
import { connectionFailureCode, withDeadline } from './deadline';
import { checkHost, isRedirect, redirectError, refusalReason, Resolver } from './hostPolicy';
import { asksForStream, checkedLines } from './ndjsonLines';
import { RedactionContext, redactServerText, requestTexts } from './redact';
import { droppedConnection, parseRetryAfter } from './transient';

export interface OllamaSettings {
  host: string;
  model: string;
  numCtx: number;
  keepAlive: string;
  requestTimeoutMs: number;
  allowRemoteHost: boolean;
  /** The model /api/embed is asked with (NLI evidence retrieval); empty or absent: none. */
  embeddingModel?: string;
  /** How a `localhost` name is resolved before connecting (hostPolicy.ts); default the system's. */
  resolve?: Resolver;
}

export interface ModelListing {
  name: string;
  size: number;
  parameterSize: string;
  quantization: string;
}

export interface PullProgress {
  status: string;
  digest?: string;
  completed?: number;
  total?: number;
}

/**
 * An HTTP error as ollama-js reports it (a `ResponseError` with `error` and `status_code`:
 * the JSON body's `error`, else the text), made here so that the client's console.log
 * lines about reading the body are not printed.
 */
async function responseError(res: Response): Promise<Error> {
  const text = await res.text().catch(() => '');
  let message = '';
  if ((res.headers.get('content-type') ?? '').includes('application/json')) {
    try {
      const e = (JSON.parse(text) as { error?: unknown })?.error;
      if (typeof e === 'string') message = e;
    } catch {
      // Not JSON after all: the text below.
    }
  }
  message ||= text.trim() || `Error ${res.status}: ${res.statusText}`;
  const retryAfterMs = parseRetryAfter(res.headers.get('retry-after'));
  return Object.assign(new Error(message), { name: 'ResponseError', error: message, status_code: res.status, retryAfterMs });
}

/** Names match as Ollama resolves them: `llama3.1` is `llama3.1:latest`, case aside. */
export function sameModel(a: string, b: string): boolean {
  const norm = (s: string) => (s.includes(':') ? s : `${s}:latest`).toLowerCase();
  return norm(a) === norm(b);
}

export class OllamaBackend implements ServingBackend {
  constructor(readonly settings: OllamaSettings) {}

  get description(): string {
    return `${this.settings.model} at ${this.settings.host}`;
  }

  serving(): Serving {
    return { engine: 'ollama', host: this.settings.host, model: this.settings.model };
  }

  /**
   * A client whose every request also closes when `signal` aborts, follows no redirect, and
   * goes only to a URL the host rule allows.
   */
  private client(signal?: AbortSignal, context: RedactionContext = {}, progress?: { answered: boolean }): Ollama {
    const { host, allowRemoteHost } = this.settings;
    const refused = refusalReason(host, allowRemoteHost);
    if (refused) throw new ModelError('remote-refused', refused);
    return new Ollama({
      host,
      fetch: (async (input: string | URL, init: RequestInit = {}) => {
        const url = String(input);
        // The URL actually connected to, not only the configured host; a localhost name by the
        // addresses it resolves to, and the connection goes to those addresses.
        const checked = await checkHost(url, allowRemoteHost, this.settings.resolve);
        if (checked.refused) throw new ModelError('remote-refused', checked.refused);
        const signals = [init.signal, signal].filter((s): s is AbortSignal => !!s);
        const res = await httpFetch(url, {
          method: init.method,
          headers: init.headers,
          body: init.body as string | undefined,
          signal: signals.length ? AbortSignal.any(signals) : undefined,
          redirect: 'manual',
          lookup: checked.lookup,
        });
        const location = res.headers.get('location');
        if (isRedirect(res.status, location)) {
          await res.body?.cancel().catch(() => undefined);
          throw redirectError(url, res.status, location, (t) => redactServerText(t, context));
        }
        if (!res.ok) throw await responseError(res);
        if (progress) progress.answered = true;
        // A stream's lines are checked here: the client would print a bad one whole.
        return asksForStream(init.body) ? checkedLines(res, (t) => redactServerText(t, context)) : res;
      }) as unknown as typeof fetch,
    });
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

  private async stream(request: ModelRequest, signal: AbortSignal, progress: { answered: boolean }): Promise<ModelAnswer> {
    const client = this.client(signal, this.context(request), progress);
    const { model, numCtx, keepAlive } = this.settings;
    const options = { temperature: 0, seed: 42, num_ctx: numCtx, num_predict: request.numPredict };
    let text = '';
    let last: { done_reason?: string; prompt_eval_count?: number; eval_count?: number; eval_duration?: number } = {};
    if (request.kind === 'generate') {
      const stream = await client.generate({
        model,
        prompt: request.prompt,
        raw: true,
        stream: true,
        keep_alive: keepAlive,
        options: { ...options, stop: request.stop },
      });
      for await (const chunk of stream) {
        text += chunk.response;
        if (chunk.done) last = chunk;
      }
    } else {
      const stream = await client.chat({
        model,
        messages: request.messages,
        format: request.format,
        stream: true,
        keep_alive: keepAlive,
        options,
      });
      for await (const chunk of stream) {
        text += chunk.message?.content ?? '';
        if (chunk.done) last = chunk;
      }
    }
    return {
      text,
      doneReason: last.done_reason ?? 'stop',
      promptTokens: last.prompt_eval_count ?? 0,
      evalTokens: last.eval_count ?? 0,
      evalMs: (last.eval_duration ?? 0) / 1e6,
    };
  }

  /**
   * Sentence embeddings through `/api/embed` (the client's embed()): one request for all
   * `texts`, inputs longer than the model's context truncated by Ollama, vectors in order.
   */
  async embed(texts: string[], signal: AbortSignal): Promise<number[][]> {
    const model = this.settings.embeddingModel?.trim();
    if (!model) throw new ModelError('model-missing', 'No embedding model is set (biomedNlp.nli.embeddingModel).');
    const context: RedactionContext = { requestText: texts };
    return withDeadline(
      signal,
      this.settings.requestTimeoutMs,
      async (s) => (await this.client(s, context).embed({ model, input: texts, truncate: true, keep_alive: this.settings.keepAlive })).embeddings,
      (err) => {
        if ((err as { name?: string; status_code?: number })?.status_code === 404) {
          return new ModelError(
            'model-missing',
            `The embedding model "${model}" is not installed in Ollama at ${this.settings.host}. Run: ollama pull ${model}`,
            404,
          );
        }
        return this.toModelError(err, texts);
      },
    );
  }

  /** Is the server there, and does it have the configured model? */
  async probe(signal?: AbortSignal): Promise<Probe> {
    try {
      const models = await this.listModels(signal);
      const modelPresent = models.some((m) => sameModel(m.name, this.settings.model));
      return { reachable: true, modelPresent, error: modelPresent ? undefined : this.missingModel() };
    } catch (err) {
      const error = err instanceof ModelError ? err : this.toModelError(err);
      return { reachable: error.kind !== 'unreachable' && error.kind !== 'remote-refused', modelPresent: false, error };
    }
  }

  async listModels(signal?: AbortSignal): Promise<ModelListing[]> {
    try {
      const { models } = await this.client(signal).list();
      return models.map((m) => ({
        name: m.name,
        size: m.size,
        parameterSize: m.details?.parameter_size ?? '',
        quantization: m.details?.quantization_level ?? '',
      }));
    } catch (err) {
      throw err instanceof ModelError ? err : this.toModelError(err);
    }
  }

  private missingModel(): ModelError {
    const { host, model } = this.settings;
    return new ModelError('model-missing', `The model "${model}" is not installed in Ollama at ${host}. Run: ollama pull ${model}`, 404);
  }

  /** What the server's text is redacted against: Ollama has no API key; the request's text. */
  private context(request?: ModelRequest | readonly string[]): RedactionContext {
    return { requestText: Array.isArray(request) ? request : requestTexts(request as ModelRequest | undefined) };
  }

  /**
   * Pulls a model, reporting Ollama's progress lines (status, digest, completed/total
   * bytes); `signal` closes the connection, which stops the pull.
   */
  async pull(model: string, onProgress: (p: PullProgress) => void, signal?: AbortSignal): Promise<void> {
    try {
      const stream = await this.client(signal).pull({ model, stream: true });
      for await (const p of stream)
        onProgress({ status: redactServerText(String(p.status ?? '')), digest: p.digest || undefined, completed: p.completed, total: p.total });
    } catch (err) {
      if (signal?.aborted) throw new ModelError('cancelled', 'The pull was cancelled.');
      const error = this.toModelError(err);
      // A pull of an unknown model fails inside the stream: say which model.
      throw error.kind === 'server-error'
        ? new ModelError('server-error', `Pulling ${model} failed: ${error.message.replace(/^Ollama reported an error: /, '')}`, error.status)
        : error;
    }
  }

  /** `err` as a ModelError; text from the server in it is redacted (no credentials, none of `request`'s text). */
  toModelError(err: unknown, request?: ModelRequest | readonly string[], answered = false): ModelError {
    if (err instanceof ModelError) return err;
    const { host } = this.settings;
    const clean = (text: string) => redactServerText(text, this.context(request));
    // ollama-js does not export its ResponseError class; it is recognised by name.
    if ((err as { name?: string })?.name === 'ResponseError') {
      const e = err as { status_code: number; error: string; retryAfterMs?: number };
      if (e.status_code === 404) return this.missingModel();
      return new ModelError('server-error', `Ollama answered ${e.status_code}: ${clean(String(e.error ?? ''))}`, e.status_code, e.retryAfterMs);
    }
    const dropped = droppedConnection(err, answered, `Ollama at ${host}`);
    if (dropped) return dropped;
    const code = connectionFailureCode(err);
    if (code) {
      return new ModelError('unreachable', `Ollama is not reachable at ${host} (${code}). Is it running?`);
    }
    const message = err instanceof Error ? err.message : String(err);
    if (message === 'fetch failed' || message === 'terminated') {
      return new ModelError('unreachable', `The connection to Ollama at ${host} failed (${message}).`);
    }
    if (/did not receive done/i.test(message) || err instanceof SyntaxError) {
      return new ModelError('bad-response', `Ollama's answer ended before it was complete (${clean(message)}).`);
    }
    return new ModelError('server-error', `Ollama reported an error: ${clean(message)}`);
  }
}
