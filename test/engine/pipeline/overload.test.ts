/**
 * A server that says it is overloaded gets no request storm (pipeline/clock/serverClock.ts,
 * modelCall.ts): after a 429/503 the engine sends one request at a time until one
 * succeeds, spaced by a doubling backoff, and never before the server's Retry-After is
 * over; a transient failure (a reset, a cut stream, a 5xx) is tried again, REQUEST_TRIES
 * tries in all. The engine of the editor and of `biomed annotate` alike, over real HTTP to
 * the Ollama-protocol test server; the assertions count requests in its log and compare
 * the order of arrivals, never a duration's upper bound.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ENGINE_CONFIG, EngineConfig } from '../../../server/src/engine/config';
import { createEngine, Engine } from '../../../server/src/engine/pipeline/engine';
import { RETRY_JITTER, retryPolicy } from '../../../server/src/engine/pipeline/clock/waits';
import { Behaviour, MEDTUNED_MODEL, OllamaTestServer, RecordedRequest } from '../../support/ollamaServer';
import { FAIL_ON_BUG } from '../../support/engine';

/** The tries the retry policy names (the command line's help says this number): the clock must make as many. */
const REQUEST_TRIES = retryPolicy(DEFAULT_ENGINE_CONFIG).tries;

/** `n` distinct one-sentence paragraphs (no answer of one is the cached answer of another). */
function note(n: number): string {
  return Array.from({ length: n }, (_, i) => `Patient ${i + 1} reports chest pain on day ${i + 1}.`).join('\n\n') + '\n';
}

const BASE_MS = 20;

describe('overload: one request at a time, Retry-After, bounded retries', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  let engine: Engine | undefined;
  before(async () => (server = await OllamaTestServer.start()));
  after(async () => server.stop());
  afterEach(async () => {
    server.script(undefined);
    await engine?.dispose();
    engine = undefined;
  });

  function start(concurrency: number): Engine {
    const config: EngineConfig = {
      ...DEFAULT_ENGINE_CONFIG,
      engine: 'ollama',
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url, keepAlive: '5m' },
      maxConcurrentRequests: concurrency,
      retryIntervalMs: 100,
      retryBaseMs: BASE_MS,
      retryMaxIntervalMs: 2_000,
      debounceMs: 0,
      relations: { ...DEFAULT_ENGINE_CONFIG.relations, enabled: false },
      nli: { ...DEFAULT_ENGINE_CONFIG.nli, enabled: false },
      assertion: { ...DEFAULT_ENGINE_CONFIG.assertion, enabled: false },
    };
    return (engine = createEngine(config));
  }

  /** Analyses `text` to the end; the generation requests it sent. */
  async function analyse(e: Engine, text: string) {
    const before = server.generationRequests().length;
    const analysis = e.analyse('note', text, await e.analysisConfig(), FAIL_ON_BUG);
    analysis.start();
    await analysis.whenComplete();
    return { analysis, sent: server.generationRequests().slice(before) };
  }

  /** Fails the first `n` generation requests with `behaviour`; `failed` holds their ids. */
  function failFirst(n: number, behaviour: Behaviour) {
    const failed = new Set<number>();
    server.script((req) => {
      if (failed.size >= n) return undefined;
      failed.add(req.id);
      return behaviour;
    });
    return failed;
  }

  it('a storm of 503s: the in-flight wave fails, then one request at a time with a doubling wait until one succeeds', async () => {
    const e = start(8);
    // Each 503 takes 30 ms, so that the first wave is all in flight before the first answer.
    const busy: Behaviour = { kind: 'http-error', status: 503, error: 'server busy, please try again.  maximum pending requests exceeded' };
    const failed = failFirst(12, { kind: 'slow', firstByteMs: 30, then: busy });
    const { analysis, sent } = await analyse(e, note(60));
    assert.equal(analysis.sentences.length, 60);
    assert.equal(analysis.failed, 0, analysis.lastError?.message);
    // Every sentence once, and each 503 once more: no storm.
    assert.equal(sent.length, 60 + 12);

    const firstFailure = Math.min(...sent.filter((r) => failed.has(r.id)).map((r) => r.endedMs!));
    const firstSuccess = sent.find((r) => !failed.has(r.id) && r.startedMs! > firstFailure)!;
    // After the first 503: the requests up to the first success went one at a time.
    const serial = sent.filter((r) => r.startedMs! > firstFailure && r.startedMs! <= firstSuccess.startedMs!);
    assert.ok(serial.length >= 4, `${serial.length} requests after the first 503`);
    for (let i = 1; i < serial.length; i++) {
      assert.ok(serial[i].startedMs! >= serial[i - 1].endedMs!, `request ${serial[i].id} started while ${serial[i - 1].id} was open`);
    }
    // Spaced by a backoff that doubles per failed turn (a wait is never shorter than scheduled).
    for (let k = 1; k < serial.length; k++) {
      const gap = serial[k].startedMs! - serial[k - 1].endedMs!;
      const least = (1 - RETRY_JITTER) * BASE_MS * 2 ** k;
      assert.ok(gap >= least - 2, `wait ${k}: ${gap.toFixed(1)} ms, the schedule says at least ${least} ms`);
    }
  });

  it('Retry-After: 1 is obeyed: after the 429 no request arrives for a second', async () => {
    const e = start(4);
    // The 429 takes 100 ms, so the requests sent beside it arrive before it is answered.
    const tooMany: Behaviour = { kind: 'http-error', status: 429, error: 'too many requests', headers: { 'Retry-After': '1' } };
    const failed = failFirst(1, { kind: 'slow', firstByteMs: 100, then: tooMany });
    const { analysis, sent } = await analyse(e, note(10));
    assert.equal(analysis.failed, 0, analysis.lastError?.message);
    assert.equal(sent.length, 10 + 1);
    const refused = sent.find((r) => failed.has(r.id))!;
    const after = sent.filter((r) => r.startedMs! > refused.endedMs!);
    assert.ok(after.length > 0);
    for (const r of after) {
      // The client's clock starts when it read the 429, after the server sent it.
      assert.ok(r.startedMs! - refused.endedMs! >= 995, `request ${r.id} came ${(r.startedMs! - refused.endedMs!).toFixed(0)} ms after the 429`);
    }
  });

  it(`a sentence that always gets a 500 is tried ${REQUEST_TRIES} times, then fails; the others succeed`, async () => {
    const e = start(4);
    server.script((req) =>
      JSON.stringify(req.body).includes('Patient 3 ') ? { kind: 'http-error', status: 500, error: 'llama runner process has terminated' } : undefined,
    );
    const { analysis, sent } = await analyse(e, note(10));
    assert.equal(sent.filter((r) => JSON.stringify(r.body).includes('Patient 3 ')).length, REQUEST_TRIES);
    assert.equal(analysis.failed, 1);
    assert.match(analysis.lastError?.message ?? '', /500/);
    assert.equal(sent.length, 9 + REQUEST_TRIES);
  });

  const once: [string, Behaviour][] = [
    ['a connection reset before any answer', { kind: 'reset' }],
    ['a connection reset in the middle of the answer', { kind: 'reset', afterText: 'Patient : O\n' }],
    ['an answer that ends before done', { kind: 'cut', afterText: 'Patient : O\n' }],
    ['HTTP 502', { kind: 'http-error', status: 502, error: 'bad gateway' }],
  ];
  for (const [what, behaviour] of once) {
    it(`${what}, once: tried again, and the note is complete`, async () => {
      const e = start(2);
      failFirst(1, behaviour);
      const { analysis, sent } = await analyse(e, note(5));
      assert.equal(analysis.failed, 0, analysis.lastError?.message);
      assert.equal(sent.length, 5 + 1);
    });
  }

  it('a 400 (the request is wrong) is not tried again', async () => {
    const e = start(2);
    server.script((req: RecordedRequest) =>
      JSON.stringify(req.body).includes('Patient 2 ') ? { kind: 'http-error', status: 400, error: 'invalid request' } : undefined,
    );
    const { analysis, sent } = await analyse(e, note(3));
    assert.equal(analysis.failed, 1);
    assert.equal(sent.length, 3);
  });
});
