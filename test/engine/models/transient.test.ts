/**
 * Transient failures as both HTTP backends report them (models/transient.ts): a connection
 * reset in the middle of an answer is a cut stream (the server answered: not "not
 * reachable"), a reset before any answer is a dropped connection, and a 429/503's
 * Retry-After (seconds or an HTTP-date, capped at a minute) travels with the error.
 * Over real HTTP to the Ollama-protocol test server, which resets the TCP connection.
 */
import * as assert from 'node:assert/strict';
import { OllamaBackend } from '../../../server/src/engine/models/ollama';
import { OpenAiBackend } from '../../../server/src/engine/models/openai';
import { parseRetryAfter, RETRY_AFTER_CAP_MS } from '../../../server/src/engine/models/transient';
import { ModelError, ModelRequest } from '../../../server/src/engine/types';
import { isOverload, isTransient } from '../../../server/src/engine/pipeline/clock/failures';
import { MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';

const REQUEST: ModelRequest = { kind: 'generate', prompt: 'anything', raw: true, stop: [], numPredict: 64 };

async function failure(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ModelError, String(err));
    return err;
  }
  assert.fail('the request succeeded');
}

describe('transient failures: cut streams, dropped connections, Retry-After', function () {
  this.timeout(20_000);
  let server: OllamaTestServer;
  before(async () => (server = await OllamaTestServer.start()));
  after(async () => server.stop());
  afterEach(() => server.script(undefined));

  const engines: [string, () => OllamaBackend | OpenAiBackend][] = [
    [
      'Ollama',
      () =>
        new OllamaBackend({ host: server.url, model: MEDTUNED_MODEL.name, numCtx: 4096, keepAlive: '5m', requestTimeoutMs: 10_000, allowRemoteHost: false }),
    ],
    [
      'OpenAI-compatible',
      () => new OpenAiBackend({ baseUrl: `${server.url}/v1`, model: MEDTUNED_MODEL.name, requestTimeoutMs: 10_000, allowRemoteHost: false }),
    ],
  ];

  for (const [name, backend] of engines) {
    describe(name, () => {
      it('a connection reset in the middle of an answer is a cut stream, transient, never "not reachable"', async () => {
        server.script(() => ({ kind: 'reset', afterText: 'She : O\ntakes : O\n' }));
        const err = await failure(backend().generate(REQUEST, new AbortController().signal));
        assert.equal(err.kind, 'stream-cut');
        assert.match(err.message, /closed the connection in the middle of an answer/);
        assert.doesNotMatch(err.message, /not reachable|Is it running/);
        assert.ok(isTransient(err));
      });

      it('a reset before any answer is a dropped connection, transient', async () => {
        server.script(() => ({ kind: 'reset' }));
        const err = await failure(backend().generate(REQUEST, new AbortController().signal));
        assert.equal(err.kind, 'connection-reset');
        assert.match(err.message, /dropped the connection before answering/);
        assert.doesNotMatch(err.message, /Is it running/);
        assert.ok(isTransient(err));
      });

      it("a 429's Retry-After (seconds) and a 503's (an HTTP-date) come with the error", async () => {
        server.script(() => ({ kind: 'http-error', status: 429, error: 'too many requests', headers: { 'Retry-After': '3' } }));
        let err = await failure(backend().generate(REQUEST, new AbortController().signal));
        assert.equal(err.status, 429);
        assert.equal(err.retryAfterMs, 3000);
        assert.ok(isTransient(err));

        const date = new Date(Date.now() + 20_000).toUTCString();
        server.script(() => ({ kind: 'http-error', status: 503, error: 'server busy, please try again.', headers: { 'Retry-After': date } }));
        err = await failure(backend().generate(REQUEST, new AbortController().signal));
        assert.equal(err.status, 503);
        assert.ok(err.retryAfterMs! > 17_000 && err.retryAfterMs! <= 20_000, String(err.retryAfterMs));
      });
    });
  }

  it('Retry-After: delay-seconds, HTTP-date, capped at a minute, never negative, unreadable ignored', () => {
    const now = Date.parse('2026-10-21T07:28:00Z');
    assert.equal(parseRetryAfter('10', now), 10_000);
    assert.equal(parseRetryAfter(' 0 ', now), 0);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2026 07:28:30 GMT', now), 30_000);
    assert.equal(parseRetryAfter('Wed, 21 Oct 2026 07:27:00 GMT', now), 0);
    assert.equal(parseRetryAfter('86400', now), RETRY_AFTER_CAP_MS);
    assert.equal(RETRY_AFTER_CAP_MS, 60_000);
    assert.equal(parseRetryAfter('soon', now), undefined);
    assert.equal(parseRetryAfter('-5', now), undefined);
    assert.equal(parseRetryAfter(undefined, now), undefined);
  });

  it('what is not transient: a 400, a 404, a refused host, a timeout, our own cancellation', () => {
    assert.ok(!isTransient(new ModelError('server-error', 'bad request', 400)));
    assert.ok(!isTransient(new ModelError('model-missing', 'no model', 404)));
    assert.ok(!isTransient(new ModelError('remote-refused', 'no')));
    assert.ok(!isTransient(new ModelError('timeout', 'slow')));
    assert.ok(!isTransient(new ModelError('cancelled', 'cancelled')));
    assert.ok(!isTransient(new ModelError('unreachable', 'ECONNREFUSED')));
    for (const status of [429, 500, 502, 503, 504]) assert.ok(isTransient(new ModelError('server-error', 'x', status)));
    // Only 429 and 503 (or a Retry-After) say "overloaded": those close the gate to one request at a time.
    assert.ok(isOverload(new ModelError('server-error', 'x', 429)) && isOverload(new ModelError('server-error', 'x', 503)));
    assert.ok(!isOverload(new ModelError('server-error', 'x', 500)) && !isOverload(new ModelError('stream-cut', 'x')));
  });
});
