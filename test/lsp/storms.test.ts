/**
 * Request storms: a fault that the model listing does not show (a generation 404 while
 * /api/tags lists the model, a stream cut mid-answer, an OpenAI-style 404 on
 * /v1/completions while /v1/models lists the model) must not make the suite.server resend all
 * its work every retry interval. Recovery is judged by one real generation (the request
 * that failed) and the checks back off exponentially with jitter; once the fault is gone
 * the work recovers and the highlights appear.
 */
import * as assert from 'node:assert/strict';
import { REQUEST_TRIES } from '../../server/src/engine/config';
import { Behaviour, MEDTUNED_MODEL, RecordedRequest } from '../support/ollamaServer';
import { freshServerPerTest, LspTestClient, waitFor } from '../support/lspClient';
import { fixtureNote, spans } from '../support/gold';

/** The backoff schedule under test, scaled down: base (biomedNlp.retryIntervalMs), cap, ±jitter, and the window counted. */
const BASE_MS = 50;
const CAP_MS = 800;
const JITTER = 0.2;
const WINDOW_MS = 3000;

/**
 * The most recovery probes the schedule allows within `windowMs`: the k-th wait (k = 0, 1, ...)
 * is at least (1 − jitter) · min(base · 2^k, cap), so probes fit while the sum of those
 * shortest waits stays within the window.
 */
export function maxProbesWithin(windowMs: number, baseMs: number, capMs: number, jitter: number): number {
  let elapsed = 0;
  for (let k = 0; ; k++) {
    elapsed += (1 - jitter) * Math.min(baseMs * 2 ** k, capMs);
    if (elapsed > windowMs) return k;
  }
}

/** What the old behaviour (a listing probe every base interval, then all work resent) would have sent at least. */
function oldBehaviourAtLeast(windowMs: number, baseMs: number, items: number): number {
  return Math.floor(windowMs / baseMs) * items;
}

const note = fixtureNote('ed-chest-pain');

interface Fault {
  name: string;
  /** Extra settings (the engine and its address). */
  settings(url: string): Record<string, unknown>;
  behaviour: Behaviour;
  paths: string[];
  /** Generation requests one failing work item may cost before the workspace stops sending (callModel's tries of a transient failure). */
  attemptsPerItem: number;
  message: RegExp;
}

const FAULTS: Fault[] = [
  {
    name: "Ollama: a generation 404 (model 'x' not found) while /api/tags lists the model",
    settings: (url) => ({ engine: 'ollama', ollama: { host: url } }),
    behaviour: { kind: 'http-error', status: 404, error: `model '${MEDTUNED_MODEL.name}' not found` },
    paths: ['/api/generate'],
    attemptsPerItem: 1,
    message: /^Generation failed: HTTP 404 .*not found.*\(checking again automatically\)$/,
  },
  {
    name: 'Ollama: the connection is cut mid-stream',
    settings: (url) => ({ engine: 'ollama', ollama: { host: url } }),
    behaviour: { kind: 'cut', afterText: 'She : O\n' },
    paths: ['/api/generate'],
    attemptsPerItem: REQUEST_TRIES,
    message: /^Generation failed.*ended before it was complete.*\(checking again automatically\)$/,
  },
  {
    name: 'OpenAI-compatible: a 404 JSON error on /v1/completions while /v1/models lists the model',
    settings: (url) => ({ engine: 'openai', openai: { baseUrl: `${url}/v1`, model: MEDTUNED_MODEL.name } }),
    behaviour: { kind: 'http-error', status: 404, error: `model "${MEDTUNED_MODEL.name}" not found` },
    paths: ['/v1/completions', '/v1/chat/completions'],
    attemptsPerItem: 1,
    message: /^Generation failed: HTTP 404 .*not found.*\(checking again automatically\)$/,
  },
];

describe('LSP: request storms back off', function () {
  this.timeout(30_000);
  const suite = freshServerPerTest();

  /** The in-process suite.server with the scaled-down cap (retryMaxIntervalMs is an engine option, not a user setting). */
  async function start(extra: Record<string, unknown>): Promise<LspTestClient> {
    const c = await LspTestClient.inProcess({
      model: MEDTUNED_MODEL.name,
      debounceMs: 0,
      retryIntervalMs: BASE_MS,
      maxConcurrentRequests: 2,
      relations: { enabled: false },
      nli: { enabled: false },
      ...extra,
    });
    const ws = c.server!.workspace;
    const reconfigure = ws.reconfigure.bind(ws);
    ws.reconfigure = (config) => reconfigure({ ...config, retryMaxIntervalMs: CAP_MS });
    ws.reconfigure(ws.engine.config);
    return c;
  }

  for (const fault of FAULTS) {
    it(`${fault.name}: requests stay within the backoff schedule, then recover`, async () => {
      let failing = true;
      suite.server.script((req: RecordedRequest) => (failing && fault.paths.includes(req.path) ? fault.behaviour : undefined));
      suite.client = await start(fault.settings(suite.server.url));
      const uri = 'file:///storms/fault.note';
      const t0 = Date.now();
      await suite.client.open(uri, note.text);
      const ws = suite.client.server!.workspace;
      const items = await waitFor('the analysis', () => ws.current(uri)?.total);
      await waitFor('the first failure', () => suite.server.generationRequests().length > 0);
      await new Promise((r) => setTimeout(r, WINDOW_MS - (Date.now() - t0)));
      const sent = suite.server.generationRequests().filter((r) => r.receivedAt - t0 <= WINDOW_MS).length;

      // Before the workspace stops sending, at most every item's attempts go out; after, one probe per backoff step.
      const bound = items * fault.attemptsPerItem + maxProbesWithin(WINDOW_MS, BASE_MS, CAP_MS, JITTER);
      const old = oldBehaviourAtLeast(WINDOW_MS, BASE_MS * 2, items);
      assert.ok(bound < old, `the bound (${bound}) is below what the old loop sends (${old})`);
      assert.ok(sent <= bound, `${sent} generation requests in ${WINDOW_MS} ms; the backoff schedule allows ${bound}`);

      const status = suite.client.lastStatus()!;
      assert.notEqual(status.state, 'ready');
      assert.match(status.message ?? '', fault.message);

      failing = false;
      await waitFor(
        'recovery',
        () => {
          const s = suite.client!.lastStatus();
          return s?.state === 'ready' && s.done === s.total;
        },
        10_000,
      );
      assert.deepEqual(spans(await suite.client.tokens(uri)), note.gold);
    });
  }
});
