/**
 * The OpenAI-compatible backend over HTTP against the test server's /v1 endpoints (the
 * same oracle, scripts and faults as /api/chat and /api/generate). Nothing is mocked.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { OllamaBackend } from '../../../server/src/engine/models/ollama';
import { apiKeyFromEnv, OpenAiBackend, OpenAiSettings } from '../../../server/src/engine/models/openai';
import { FallbackBackend, selectBackend } from '../../../server/src/engine/models/select';
import { DEFAULT_ENGINE_CONFIG } from '../../../server/src/engine/config';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { ModelError, ModelRequest } from '../../../server/src/engine/types';
import { DEFAULT_SETTINGS, readSettings } from '../../../server/src/lsp/settings';
import { fixtureNote } from '../../support/gold';
import {
  answerPieces,
  estimatePromptTokens,
  LLAMA31_MODEL,
  loadGoldDocuments,
  MEDTUNED_MODEL,
  OllamaTestServer,
  RecordedRequest,
} from '../../support/ollamaServer';
import { NOTES_DIR } from '../../support/gold';
import { goldServer } from '../../support/goldServer';

/** An OpenAI error body, as the tests read it. */
interface ApiError {
  error: { message: string; type: string; code?: string | null };
}

/** A non-streamed chat or text completion, as the tests read it. */
interface CompletionBody {
  object: string;
  choices: { finish_reason: string; text?: string; message: { content: string } }[];
  usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number };
}

const NOTE = fixtureNote('progress-diabetes-ckd');
/** A sentence of the note with clinical gold entities in it. */
const SENTENCE = (() => {
  const lines = NOTE.text.split('\n').filter((l) => l.trim().length > 30);
  const withGold = lines.find((l) => {
    const at = NOTE.text.indexOf(l);
    return NOTE.gold.some((g) => g.start >= at && g.end <= at + l.length);
  });
  return withGold!.trim();
})();

const never = () => new AbortController().signal;

async function expectModelError(p: Promise<unknown>, kind: string, message?: RegExp): Promise<ModelError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ModelError, `a ModelError, got ${err}`);
    assert.equal(err.kind, kind, err.message);
    if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected a ModelError ${kind}`);
}

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  for (let waited = 0; !cond(); waited += 10) {
    if (waited > ms) assert.fail('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe('OpenAiBackend against the /v1 endpoints of the test server', function () {
  this.timeout(20_000);
  let server: OllamaTestServer;
  const json = new JsonProfile();
  const medtuned = new MedtunedProfile();

  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
  });
  after(async () => server.stop());
  beforeEach(() => {
    server.script(undefined);
    server.requireApiKey(undefined);
    server.setTiming({ firstTokenMs: 0, perTokenMs: 0 });
  });

  function backend(model: string, over: Partial<OpenAiSettings> = {}): OpenAiBackend {
    return new OpenAiBackend({ baseUrl: `${server.url}/v1`, model, requestTimeoutMs: 10_000, allowRemoteHost: false, ...over });
  }
  function ollama(model: string): OllamaBackend {
    return new OllamaBackend({ host: server.url, model, numCtx: 4096, keepAlive: '5m', requestTimeoutMs: 10_000, allowRemoteHost: false });
  }
  function last(): RecordedRequest {
    return server.requests[server.requests.length - 1];
  }

  it('a chat request streams from /v1/chat/completions with a strict json_schema and the same answer as /api/chat', async () => {
    const [group] = json.nerGroups(['problem', 'treatment', 'test']);
    const request = json.nerRequest(SENTENCE, group);
    assert.equal(request.kind, 'chat');
    const answer = await backend(LLAMA31_MODEL.name).generate(request, never());
    const rec = last();
    assert.equal(rec.path, '/v1/chat/completions');
    assert.equal(rec.method, 'POST');
    const r = request as Extract<ModelRequest, { kind: 'chat' }>;
    assert.deepEqual(rec.body, {
      model: LLAMA31_MODEL.name,
      stream: true,
      stream_options: { include_usage: true },
      temperature: 0,
      seed: 42,
      max_tokens: r.numPredict,
      messages: r.messages,
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: r.format, strict: true } },
    });
    assert.ok(rec.finished && !rec.aborted);
    assert.ok(server.generationRequests().includes(rec), 'recorded as a generation request');
    const viaOllama = await ollama(LLAMA31_MODEL.name).generate(request, never());
    assert.equal(answer.text, viaOllama.text);
    assert.ok(JSON.parse(answer.text).entities.length > 0, answer.text);
    assert.equal(answer.doneReason, 'stop');
    // Usage from the last event: the server's prompt estimate and one token per piece.
    assert.equal(answer.promptTokens, estimatePromptTokens(r.messages.map((m) => m.content).join('')));
    assert.equal(answer.evalTokens, answerPieces(answer.text).length);
    assert.equal(answer.promptTokens, viaOllama.promptTokens);
    assert.equal(answer.evalTokens, viaOllama.evalTokens);
  });

  it('a raw generate request goes to /v1/completions with prompt and stop, not as a chat message', async () => {
    const [group] = medtuned.nerGroups(['problem', 'treatment', 'test']);
    const request = medtuned.nerRequest(SENTENCE, group);
    assert.equal(request.kind, 'generate');
    const answer = await backend(MEDTUNED_MODEL.name).generate(request, never());
    const rec = last();
    assert.equal(rec.path, '/v1/completions');
    const r = request as Extract<ModelRequest, { kind: 'generate' }>;
    assert.equal(rec.body.prompt, r.prompt);
    assert.equal(rec.body.messages, undefined);
    assert.deepEqual(rec.body.stop, r.stop);
    assert.equal(rec.body.max_tokens, r.numPredict);
    assert.equal(rec.body.temperature, 0);
    assert.equal(rec.body.stream, true);
    const viaOllama = await ollama(MEDTUNED_MODEL.name).generate(request, never());
    assert.equal(answer.text, viaOllama.text);
    assert.match(answer.text, /: B-(PROBLEM|TREATMENT|TEST)/);
  });

  it('finish_reason length is doneReason length (max_tokens), and a scripted length too', async () => {
    const [group] = medtuned.nerGroups(['problem']);
    const request = { ...medtuned.nerRequest(SENTENCE, group), numPredict: 3 } as ModelRequest;
    const answer = await backend(MEDTUNED_MODEL.name).generate(request, never());
    assert.equal(answer.doneReason, 'length');
    assert.equal(answer.evalTokens, 3);
    server.script(() => ({ kind: 'text', text: '{"entities": [', doneReason: 'length' }));
    const cut = await backend(LLAMA31_MODEL.name).generate(json.nliRequest('a', 'b'), never());
    assert.equal(cut.doneReason, 'length');
    assert.equal(cut.text, '{"entities": [');
  });

  it('streams with simulated timing and measures the generation time', async () => {
    server.setTiming({ firstTokenMs: 20, perTokenMs: 15 });
    server.script(() => ({ kind: 'text', text: 'one two three four five' }));
    const answer = await backend(LLAMA31_MODEL.name).generate(json.nliRequest('a', 'b'), never());
    assert.equal(answer.text, 'one two three four five');
    assert.ok(answer.evalMs >= 40, `evalMs ${answer.evalMs}`);
  });

  it("the caller's abort closes the connection: cancelled, and the server sees the client go", async () => {
    server.script(() => ({ kind: 'hang' }));
    const controller = new AbortController();
    const p = backend(LLAMA31_MODEL.name).generate(json.nliRequest('a', 'b'), controller.signal);
    await until(() => server.generationRequests().some((r) => !r.finished && !r.aborted));
    const rec = server.generationRequests().find((r) => !r.finished && !r.aborted)!;
    controller.abort();
    await expectModelError(p, 'cancelled');
    await until(() => rec.aborted);
  });

  it('an abort in the middle of a stream closes it too', async () => {
    server.setTiming({ firstTokenMs: 0, perTokenMs: 200 });
    server.script(() => ({ kind: 'text', text: 'a b c d e f g h i j' }));
    const controller = new AbortController();
    const p = backend(LLAMA31_MODEL.name).generate(json.nliRequest('a', 'b'), controller.signal);
    await until(() => server.generationRequests().some((r) => !r.finished && !r.aborted));
    const rec = server.generationRequests().find((r) => !r.finished && !r.aborted)!;
    await new Promise((r) => setTimeout(r, 250));
    controller.abort();
    await expectModelError(p, 'cancelled');
    await until(() => rec.aborted);
    assert.equal(rec.finished, false);
  });

  it('requestTimeoutMs gives up and closes the connection: timeout', async () => {
    server.script(() => ({ kind: 'hang' }));
    const before = server.requests.length;
    await expectModelError(backend(LLAMA31_MODEL.name, { requestTimeoutMs: 150 }).generate(json.nliRequest('a', 'b'), never()), 'timeout', /150 ms/);
    const rec = server.requests[before];
    await until(() => rec.aborted);
  });

  it('an unknown model is model-missing (404 with an OpenAI error body)', async () => {
    const err = await expectModelError(backend('no-such-model:7b').generate(json.nliRequest('a', 'b'), never()), 'model-missing', /no-such-model:7b/);
    assert.equal(err.status, 404);
    const res = await fetch(`${server.url}/v1/chat/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: 'no-such-model:7b', messages: [{ role: 'user', content: 'x' }] }),
    });
    assert.equal(res.status, 404);
    const body = (await res.json()) as ApiError;
    assert.equal(typeof body.error.message, 'string');
    assert.equal(body.error.type, 'not_found_error');
    assert.equal(body.error.code, 'model_not_found');
  });

  it('a base URL without /v1 (a 404 page, not an API error) says so', async () => {
    await expectModelError(backend(LLAMA31_MODEL.name, { baseUrl: server.url }).generate(json.nliRequest('a', 'b'), never()), 'server-error', /\/v1/);
  });

  it('401 without the API key: a server-error that names the API key; the key as a bearer token works', async () => {
    server.requireApiKey('s3cret');
    const err = await expectModelError(
      backend(LLAMA31_MODEL.name).generate(json.nliRequest('a', 'b'), never()),
      'server-error',
      /API key.*BIOMED_OPENAI_API_KEY/,
    );
    assert.equal(err.status, 401);
    await expectModelError(
      backend(LLAMA31_MODEL.name, { apiKey: 'wrong' }).generate(json.nliRequest('a', 'b'), never()),
      'server-error',
      /refused the API key/,
    );
    const ok = await backend(LLAMA31_MODEL.name, { apiKey: 's3cret' }).generate(json.nliRequest('a', 'b'), never());
    assert.ok(ok.text.length > 0);
    const probe = await backend(LLAMA31_MODEL.name).probe();
    assert.equal(probe.reachable, true);
    assert.equal(probe.modelPresent, false);
    assert.match(probe.error!.message, /API key/);
    assert.deepEqual(await backend(LLAMA31_MODEL.name, { apiKey: 's3cret' }).probe(), { reachable: true, modelPresent: true, error: undefined });
  });

  it('an HTTP error before the stream is a server-error with its status and message', async () => {
    server.script(() => ({ kind: 'http-error', status: 503, error: 'server busy, please try again.' }));
    const err = await expectModelError(backend(LLAMA31_MODEL.name).generate(json.nliRequest('a', 'b'), never()), 'server-error', /503: server busy/);
    assert.equal(err.status, 503);
  });

  it('an error event inside the stream is a server-error; a cut stream and garbage are bad-response', async () => {
    server.script(() => ({ kind: 'stream-error', afterText: 'Entail', error: 'CUDA error: out of memory' }));
    await expectModelError(backend(LLAMA31_MODEL.name).generate(json.nliRequest('a', 'b'), never()), 'server-error', /CUDA error: out of memory/);
    for (const afterText of ['', '{"label": "ent']) {
      server.script(() => ({ kind: 'cut', afterText }));
      await expectModelError(backend(LLAMA31_MODEL.name).generate(json.nliRequest('a', 'b'), never()), 'bad-response', /finish_reason/);
    }
    server.script(() => ({ kind: 'garbage' }));
    await expectModelError(backend(MEDTUNED_MODEL.name).generate(medtuned.nliRequest('a', 'b'), never()), 'bad-response');
  });

  it('a stopped server is unreachable, for generation and probe', async () => {
    const probeServer = await OllamaTestServer.start();
    const url = probeServer.url;
    await probeServer.stop();
    const b = new OpenAiBackend({ baseUrl: `${url}/v1`, model: LLAMA31_MODEL.name, requestTimeoutMs: 5000, allowRemoteHost: false });
    await expectModelError(b.generate(json.nliRequest('a', 'b'), never()), 'unreachable', /ECONNREFUSED/);
    const probe = await b.probe();
    assert.equal(probe.reachable, false);
    assert.equal(probe.error?.kind, 'unreachable');
  });

  it('probe: GET /models lists the served models; a model not served is model-missing', async () => {
    assert.deepEqual(await backend(MEDTUNED_MODEL.name).probe(), { reachable: true, modelPresent: true, error: undefined });
    assert.equal(last().path, '/v1/models');
    const missing = await backend('qwen2.5:7b').probe();
    assert.equal(missing.reachable, true);
    assert.equal(missing.modelPresent, false);
    assert.equal(missing.error?.kind, 'model-missing');
    assert.match(missing.error!.message, /qwen2\.5:7b.*It serves: .*llama3\.1:8b/);
    assert.deepEqual(await backend(LLAMA31_MODEL.name).listModels(), [MEDTUNED_MODEL.name, LLAMA31_MODEL.name]);
  });

  it('refuses a remote base URL unless allowed, before any request', async () => {
    const before = server.requests.length;
    const b = new OpenAiBackend({ baseUrl: 'http://10.1.2.3:8000/v1', model: 'm', requestTimeoutMs: 1000, allowRemoteHost: false });
    await expectModelError(b.generate(json.nliRequest('a', 'b'), never()), 'remote-refused', /protected health information/);
    const probe = await b.probe();
    assert.equal(probe.reachable, false);
    assert.equal(probe.error?.kind, 'remote-refused');
    const empty = new OpenAiBackend({ baseUrl: '', model: 'm', requestTimeoutMs: 1000, allowRemoteHost: false });
    await expectModelError(empty.generate(json.nliRequest('a', 'b'), never()), 'unreachable', /biomedNlp\.openai\.baseUrl/);
    assert.equal(server.requests.length, before);
  });

  it('reads a non-streamed JSON answer from a server that ignores stream', async () => {
    // A stand-in for such a server: it answers every POST with one chat.completion object.
    const plain = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'application/json' });
        res.end(
          JSON.stringify({
            object: 'chat.completion',
            choices: [{ index: 0, message: { role: 'assistant', content: '{"label":"neutral"}' }, finish_reason: 'length' }],
            usage: { prompt_tokens: 7, completion_tokens: 3 },
          }),
        );
      });
    });
    await new Promise<void>((r) => plain.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (plain.address() as AddressInfo).port;
      const b = new OpenAiBackend({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', requestTimeoutMs: 5000, allowRemoteHost: false });
      assert.deepEqual(await b.generate(json.nliRequest('a', 'b'), never()), {
        text: '{"label":"neutral"}',
        doneReason: 'length',
        promptTokens: 7,
        evalTokens: 3,
        evalMs: 0,
      });
    } finally {
      await new Promise((r) => plain.close(r));
    }
  });

  it("llama.cpp's `error:` event and TGI's string error are server-errors with their message", async () => {
    const bodies = [
      'data: {"choices":[{"index":0,"delta":{"content":"x"},"finish_reason":null}]}\n\nerror: {"error":{"code":500,"message":"context shift is disabled","type":"server_error"}}\n\n',
      'data: {"error":"Input validation error: inputs tokens + max_new_tokens must be <= 4096","error_type":"validation"}\n\n',
    ];
    const sse = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        res.end(bodies.shift());
      });
    });
    await new Promise<void>((r) => sse.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (sse.address() as AddressInfo).port;
      const b = new OpenAiBackend({ baseUrl: `http://127.0.0.1:${port}/v1`, model: 'm', requestTimeoutMs: 5000, allowRemoteHost: false });
      await expectModelError(b.generate(json.nliRequest('a', 'b'), never()), 'server-error', /context shift is disabled/);
      await expectModelError(b.generate(json.nliRequest('a', 'b'), never()), 'server-error', /Input validation error/);
    } finally {
      await new Promise((r) => sse.close(r));
    }
  });

  it('without include_usage the tokens are counted from the stream', async () => {
    // Ask the server directly, as a client without stream_options would.
    const res = await fetch(`${server.url}/v1/completions`, {
      method: 'POST',
      body: JSON.stringify({ model: LLAMA31_MODEL.name, prompt: 'hello', stream: true }),
    });
    assert.match(res.headers.get('content-type') ?? '', /text\/event-stream/);
    const text = await res.text();
    const events = text.split('\n\n').filter(Boolean);
    assert.equal(events[events.length - 1], 'data: [DONE]');
    assert.ok(!text.includes('"usage"'), 'no usage event unless asked');
    const finish = JSON.parse(events[events.length - 2].slice('data: '.length));
    assert.equal(finish.object, 'text_completion');
    assert.equal(finish.choices[0].finish_reason, 'stop');
  });
});

describe('the test server /v1 endpoints', function () {
  const server = goldServer();

  it('GET /v1/models and /v1/models/{id} in OpenAI shapes', async () => {
    const list = (await (await fetch(`${server.url}/v1/models`)).json()) as {
      object: string;
      data: { id: string; object: string; created: number; owned_by: string }[];
    };
    assert.equal(list.object, 'list');
    assert.deepEqual(
      list.data.map((m: { id: string }) => m.id),
      [MEDTUNED_MODEL.name, LLAMA31_MODEL.name],
    );
    for (const m of list.data) {
      assert.equal(m.object, 'model');
      assert.equal(typeof m.created, 'number');
      assert.equal(typeof m.owned_by, 'string');
    }
    const one = (await (await fetch(`${server.url}/v1/models/${encodeURIComponent(LLAMA31_MODEL.name)}`)).json()) as { id: string };
    assert.equal(one.id, LLAMA31_MODEL.name);
    const none = await fetch(`${server.url}/v1/models/nope`);
    assert.equal(none.status, 404);
    assert.equal(((await none.json()) as ApiError).error.type, 'not_found_error');
  });

  it('non-streaming chat and completions answer one object with usage; stream defaults to false', async () => {
    const chat = (await (
      await fetch(`${server.url}/v1/chat/completions`, {
        method: 'POST',
        body: JSON.stringify({
          model: LLAMA31_MODEL.name,
          messages: [{ role: 'user', content: 'Sentence 1: zqxwv\nSentence 2: qwzxv' }],
          response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' } } },
        }),
      })
    ).json()) as CompletionBody;
    assert.equal(chat.object, 'chat.completion');
    assert.deepEqual(JSON.parse(chat.choices[0].message.content), { label: 'neutral', evidence: '' });
    assert.equal(chat.choices[0].finish_reason, 'stop');
    assert.equal(chat.usage.total_tokens, chat.usage.prompt_tokens + chat.usage.completion_tokens);
    const completion = (await (
      await fetch(`${server.url}/v1/completions`, { method: 'POST', body: JSON.stringify({ model: MEDTUNED_MODEL.name, prompt: 'anything', max_tokens: 1 }) })
    ).json()) as CompletionBody;
    assert.equal(completion.object, 'text_completion');
    assert.equal(completion.choices[0].finish_reason, 'length');
    assert.equal(completion.usage.completion_tokens, 1);
  });

  it('bad requests get 400 with an OpenAI error body', async () => {
    for (const [path, body] of [
      ['/v1/chat/completions', { model: LLAMA31_MODEL.name, messages: [] }],
      [
        '/v1/chat/completions',
        { model: LLAMA31_MODEL.name, messages: [{ role: 'user', content: 'x' }], response_format: { type: 'json_schema', json_schema: { name: 'a' } } },
      ],
      ['/v1/completions', { model: LLAMA31_MODEL.name }],
      ['/v1/completions', { prompt: 'x' }],
    ] as const) {
      const res = await fetch(`${server.url}${path}`, { method: 'POST', body: JSON.stringify(body) });
      assert.equal(res.status, 400, JSON.stringify(body));
      const e = (await res.json()) as ApiError;
      assert.equal(e.error.type, 'invalid_request_error');
      assert.equal(typeof e.error.message, 'string');
      assert.ok('code' in e.error);
    }
  });
});

describe('engine selection: settings, API key, auto', function () {
  this.timeout(20_000);

  it('biomedNlp.engine and biomedNlp.openai.* are read and checked', () => {
    assert.equal(DEFAULT_SETTINGS.engine.engine, 'auto');
    assert.deepEqual(DEFAULT_SETTINGS.engine.openai, { baseUrl: '', model: '' });
    const s = readSettings({ engine: 'openai', openai: { baseUrl: ' http://127.0.0.1:8000/v1 ', model: 'meta-llama/Llama-3.1-8B-Instruct' } });
    assert.equal(s.engine.engine, 'openai');
    assert.deepEqual(s.engine.openai, { baseUrl: 'http://127.0.0.1:8000/v1', model: 'meta-llama/Llama-3.1-8B-Instruct' });
    const wrong = readSettings({ engine: 'vllm', openai: { baseUrl: 8000, model: null, apiKey: 'never read' } });
    assert.equal(wrong.engine.engine, 'auto');
    assert.deepEqual(wrong.engine.openai, { baseUrl: '', model: '' });
    assert.ok(!JSON.stringify(wrong).includes('never read'), 'an API key in settings is ignored');
  });

  it('the API key comes from BIOMED_OPENAI_API_KEY, else OPENAI_API_KEY', () => {
    assert.equal(apiKeyFromEnv({ BIOMED_OPENAI_API_KEY: 'a', OPENAI_API_KEY: 'b' }), 'a');
    assert.equal(apiKeyFromEnv({ BIOMED_OPENAI_API_KEY: ' ', OPENAI_API_KEY: 'b' }), 'b');
    assert.equal(apiKeyFromEnv({}), undefined);
  });

  it('auto: Ollama while it answers, else the OpenAI-compatible server; chosen again when the chosen one goes away', async () => {
    const ollamaServer = await OllamaTestServer.start();
    const openaiServer = await OllamaTestServer.start();
    try {
      // engine auto with an OpenAI-compatible base URL: the fallback chain Ollama -> OpenAI-compatible.
      const config = {
        ...DEFAULT_ENGINE_CONFIG,
        engine: 'auto' as const,
        model: LLAMA31_MODEL.name,
        requestTimeoutMs: 5000,
        ollama: { host: ollamaServer.url, keepAlive: '5m' },
        openai: { baseUrl: `${openaiServer.url}/v1`, model: '' },
      };
      const noRuntime = () => assert.fail('no embedded engine in this chain');
      const request = new JsonProfile().nliRequest('a', 'b');
      const up = selectBackend(config, noRuntime);
      assert.ok(up instanceof FallbackBackend);
      assert.deepEqual(
        up.members().map((m) => m.serving().engine),
        ['ollama', 'openai'],
      );
      assert.equal(up.serving().engine, 'ollama');
      await up.generate(request, never());
      assert.equal(up.serving().engine, 'ollama');
      assert.equal(ollamaServer.generationRequests().length, 1);
      assert.equal(openaiServer.generationRequests().length, 0);

      await ollamaServer.stop();
      const down = selectBackend(config, noRuntime);
      await down.resolve!();
      assert.deepEqual(down.serving(), { engine: 'openai', host: `${openaiServer.url}/v1`, model: LLAMA31_MODEL.name });
      await down.generate(request, never());
      assert.equal(openaiServer.generationRequests().length, 1);
      assert.equal(openaiServer.generationRequests()[0].path, '/v1/chat/completions');

      // The one chosen while Ollama answered hands over once a probe finds Ollama gone.
      const probe = await up.probe();
      assert.equal(up.serving().engine, 'openai');
      assert.deepEqual(probe, { reachable: true, modelPresent: true, error: undefined });
      await ollamaServer.restart();
      await openaiServer.stop();
      await up.probe();
      assert.equal(up.serving().engine, 'ollama');
    } finally {
      await ollamaServer.stop();
      await openaiServer.stop();
    }
  });
});
