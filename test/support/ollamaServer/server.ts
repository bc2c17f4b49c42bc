/**
 * The Ollama-protocol test server: listens on 127.0.0.1, records every request, routes it
 * to Ollama's API (ollamaDialect.ts) or the OpenAI-compatible one (openaiDialect.ts), and
 * holds what tests change while it runs: the models, the script of faults, the timing, the
 * noise of the oracle and the API key.
 */
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import { performance } from 'perf_hooks';
import { Behaviour, GenerationState, OllamaEndpoint } from './generation';
import { GoldDocument, NliPair } from './gold';
import { Exchange, JSON_TYPE, parseBody, readBody, RecordedRequest } from './http';
import { DEFAULT_MODELS, ModelInfo, ModelRegistry } from './models';
import { deleteModel, embed, ollamaGeneration, pull, show } from './ollamaDialect';
import { openAiEmbeddings, openAiGeneration, openAiModels } from './openaiDialect';
import { GoldOracle, OracleLog } from './oracle';
import { MedtunedMatch, OffLayoutPrompt } from './trainingLayout';

/** What a server starts with; all optional. */
export interface TestServerOptions {
  port?: number;
  /** The address it listens on (default 127.0.0.1): another of this machine's, to play a host that is not loopback. */
  host?: string;
  /** Served by /api/tags; default DEFAULT_MODELS. */
  models?: ModelInfo[];
  /** Models /api/pull can fetch (then they appear in tags). */
  pullable?: ModelInfo[];
  gold?: GoldDocument[];
  /** MedNLI-style pairs the oracle answers NLI prompts from (see loadNliPairs). */
  nliPairs?: NliPair[];
  /** Simulated model speed, for streaming and non-streaming answers (default 0/0). */
  timing?: { firstTokenMs: number; perTokenMs: number };
  /**
   * 0..1: fraction of gold entities the oracle leaves out, and (chosen separately) the
   * same fraction of gold relations, answered with the no-relation label (exact counts,
   * seeded choice). NLI answers are flipped (entailment → contradiction → neutral →
   * entailment) for exactly round(noise × N) of the nliPairs (seeded choice), and for any
   * other NLI question when a seeded hash of its premise and hypothesis falls below noise.
   */
  noise?: number;
  seed?: number;
  /** Delay between /api/pull progress lines (default 0), for cancellation tests. */
  pullStepMs?: number;
  /**
   * When set, the OpenAI-compatible endpoints (/v1/...) answer 401 unless the request
   * carries `Authorization: Bearer <apiKey>`, as `vllm serve --api-key` does. Ollama's
   * own /api endpoints never ask for one.
   */
  apiKey?: string;
}

/** The Ollama version /api/version reports. */
const VERSION = '0.12.3';

/** Requests counted as generations (open, peak) and as embeddings, of both protocols. */
const GENERATION_PATHS = new Set(['/api/generate', '/api/chat', '/v1/completions', '/v1/chat/completions']);
const EMBED_PATHS = new Set(['/api/embed', '/v1/embeddings']);

/** One test server; start() listens on a free port unless `port` is given. */
export class OllamaTestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly models: ModelRegistry;
  /** The models, oracle and timing that generation reads (setNoise and setTiming replace the last two). */
  private readonly generation: GenerationState;
  private readonly oracleLog: OracleLog = { medtuned: [], offLayout: [] };
  private readonly gold: GoldDocument[];
  private readonly nliPairs: NliPair[];
  private scriptFn: ((req: RecordedRequest) => Behaviour | undefined) | undefined;
  private readonly pullStepMs: number;
  private apiKey: string | undefined;
  private readonly host: string;
  private nextId = 0;
  private _port: number;
  private generationsInFlight = 0;
  private generationsPeak = 0;

  private constructor(opts: TestServerOptions) {
    this._port = opts.port ?? 0;
    this.host = opts.host ?? '127.0.0.1';
    this.models = new ModelRegistry(opts.models ?? DEFAULT_MODELS, opts.pullable ?? []);
    this.gold = opts.gold ?? [];
    this.nliPairs = [...(opts.nliPairs ?? [])];
    this.generation = {
      models: this.models,
      oracle: new GoldOracle(this.gold, opts.noise ?? 0, opts.seed ?? 1, this.nliPairs, this.oracleLog),
      timing: { ...(opts.timing ?? { firstTokenMs: 0, perTokenMs: 0 }) },
    };
    this.pullStepMs = opts.pullStepMs ?? 0;
    this.apiKey = opts.apiKey;
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'Content-Type': JSON_TYPE });
          res.end(JSON.stringify({ error: String(err?.message ?? err) }));
        } else res.destroy();
      });
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Every server started in this process (the root hook checks their oracle logs after each test). */
  static readonly started = new Set<OllamaTestServer>();

  static async start(opts: TestServerOptions = {}): Promise<OllamaTestServer> {
    const s = new OllamaTestServer(opts);
    await s.listen(s._port);
    OllamaTestServer.started.add(s);
    return s;
  }

  get port(): number {
    return this._port;
  }

  get url(): string {
    return `http://${this.host.includes(':') ? `[${this.host}]` : this.host}:${this._port}`;
  }

  script(fn: ((req: RecordedRequest) => Behaviour | undefined) | undefined): void {
    this.scriptFn = fn;
  }

  /** Generation requests of both protocols: /api/generate, /api/chat, /v1/completions, /v1/chat/completions. */
  generationRequests(): RecordedRequest[] {
    return this.requests.filter((r) => GENERATION_PATHS.has(r.path));
  }

  /** Embedding requests of both protocols: /api/embed and /v1/embeddings. */
  embeddingRequests(): RecordedRequest[] {
    return this.requests.filter((r) => EMBED_PATHS.has(r.path));
  }

  /**
   * The most generation requests (both protocols) this server has had open at once since
   * it started or since resetPeakGenerations(): what a client's concurrency really reached.
   */
  get peakGenerations(): number {
    return this.generationsPeak;
  }

  /** Generation requests open now. */
  get openGenerations(): number {
    return this.generationsInFlight;
  }

  resetPeakGenerations(): void {
    this.generationsPeak = this.generationsInFlight;
  }

  /** The API key the /v1 endpoints ask for (undefined: none, like Ollama). */
  requireApiKey(key: string | undefined): void {
    this.apiKey = key;
  }

  setTiming(t: { firstTokenMs: number; perTokenMs: number }): void {
    this.generation.timing = { ...t };
  }

  /** Rebuilds the oracle with another noise level (and seed); its log goes on. */
  setNoise(noise: number, seed = 1): void {
    this.generation.oracle = new GoldOracle(this.gold, noise, seed, this.nliPairs, this.oracleLog);
  }

  /**
   * Raw generate prompts the oracle answered OFF_LAYOUT_ANSWER because they were not the
   * medtuned training layout byte for byte (with why). Tests that run the engine assert none.
   */
  get offLayoutPrompts(): readonly OffLayoutPrompt[] {
    return this.oracleLog.offLayout;
  }

  /** Prompts recognised as the training layout, in arrival order: training set, variant, task. */
  get medtunedPrompts(): readonly MedtunedMatch[] {
    return this.oracleLog.medtuned;
  }

  /** Recognised prompts of a set the final training mix left out (GAD), answered unusably. */
  get untrainedPrompts(): readonly MedtunedMatch[] {
    return this.oracleLog.medtuned.filter((m) => m.task === 'untrained');
  }

  /** Forgets what the oracle logged (between the parts of a test). */
  clearOracleLog(): void {
    this.oracleLog.medtuned.length = 0;
    this.oracleLog.offLayout.length = 0;
  }

  addModel(m: ModelInfo): void {
    this.models.add(m);
  }

  removeModel(name: string): void {
    this.models.remove(name);
  }

  /** Closes the listener and destroys open sockets: later connections get ECONNREFUSED. */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
    // Clients in this process must see their pooled keep-alive sockets close first, or the
    // next request reuses one and fails with "other side closed" instead of ECONNREFUSED.
    await new Promise((r) => setTimeout(r, 20));
  }

  /** Listens again on the same port (after stop(), or restarts a running server). */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen(this._port);
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, this.host, () => {
        this.server.off('error', onError);
        this._port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  // -------------------------------------------------------------------------------------
  // Routing

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rec: RecordedRequest = {
      id: ++this.nextId,
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0],
      host: req.headers.host,
      body: undefined,
      receivedAt: Date.now(),
      startedMs: performance.now(),
      aborted: false,
      finished: false,
    };
    this.requests.push(rec);
    if (GENERATION_PATHS.has(rec.path)) {
      // Counted from arrival until the connection's answer is over (ended or closed).
      this.generationsInFlight++;
      this.generationsPeak = Math.max(this.generationsPeak, this.generationsInFlight);
      res.once('close', () => this.generationsInFlight--);
    }
    const ex = new Exchange(req, res, rec);
    const parsed = parseBody(await readBody(req), rec);
    if (ex.closed) return;

    // The script is asked when a handler is ready for it: after validation for embeddings, after the API key for /v1.
    const script = () => this.scriptFn?.(ex.rec);
    const route = `${rec.method} ${rec.path}`;
    switch (route) {
      case 'GET /':
      case 'HEAD /':
        return ex.text(200, 'Ollama is running');
      case 'GET /api/version':
      case 'HEAD /api/version':
        return ex.json(200, { version: VERSION });
      case 'GET /api/tags':
      case 'HEAD /api/tags':
        return ex.json(200, { models: this.models.models.map((m) => this.models.tagEntry(m)) });
      case 'GET /api/ps':
        return ex.json(200, { models: this.models.psEntries() });
      case 'POST /api/show':
        return show(ex, parsed, this.models);
      case 'DELETE /api/delete':
        return deleteModel(ex, parsed, this.models);
      case 'POST /api/pull':
        return pull(ex, parsed, this.models, this.pullStepMs);
      case 'POST /api/generate':
      case 'POST /api/chat':
        return ollamaGeneration(this.generation, ex, rec.path as OllamaEndpoint, parsed, script);
      case 'POST /api/embed':
        return embed(ex, parsed, this.models, this.gold, script);
      case 'POST /v1/embeddings':
        return openAiEmbeddings(ex, parsed, this.models, this.gold, this.apiKey, script);
      // The OpenAI-compatible API Ollama serves under /v1.
      case 'GET /v1/models':
        return openAiModels(ex, this.models, this.apiKey);
      case 'POST /v1/chat/completions':
      case 'POST /v1/completions':
        return openAiGeneration(this.generation, ex, rec.path as '/v1/chat/completions' | '/v1/completions', parsed, this.nextId, this.apiKey, script);
      default:
        if (rec.method === 'GET' && rec.path.startsWith('/v1/models/')) {
          return openAiModels(ex, this.models, this.apiKey, decodeURIComponent(rec.path.slice('/v1/models/'.length)));
        }
        // Gin's answer for an unknown route (also a known path with the wrong method).
        return ex.text(404, '404 page not found');
    }
  }
}
