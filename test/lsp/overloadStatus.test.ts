/**
 * An overloaded model server at the language server (dist/server.js over stdio): while the model server
 * answers 429 or 503, with or without Retry-After, the status is a visible waiting state
 * (`waiting`, not `analysing`) that names the HTTP status and when the next try goes, as a
 * time of day (no countdown: the tooltip is not redrawn); when the server has room again
 * the note is analysed in full and the state is `ready`. Real HTTP to the
 * Ollama-protocol test server.
 */
import * as assert from 'node:assert/strict';
import { Behaviour, MEDTUNED_MODEL, RecordedRequest } from '../support/ollamaServer';
import { freshServerPerTest, LspTestClient, StatusParams, waitFor } from '../support/lspClient';
import { fixtureNote, spans } from '../support/gold';

const note = fixtureNote('ed-chest-pain');

function settings(host: string): Record<string, unknown> {
  return {
    model: MEDTUNED_MODEL.name,
    ollama: { host },
    debounceMs: 0,
    retryIntervalMs: 100,
    maxConcurrentRequests: 2,
    relations: { enabled: false },
    nli: { enabled: false },
  };
}

/** "14:03:21" of `at`, as the server's local time of day. */
function timeOfDay(at: number): string {
  const d = new Date(at);
  return [d.getHours(), d.getMinutes(), d.getSeconds()].map((n) => String(n).padStart(2, '0')).join(':');
}

const CASES: { name: string; behaviour: Behaviour; status: number; retryAfter: boolean }[] = [
  {
    name: '429 with Retry-After',
    behaviour: { kind: 'http-error', status: 429, error: 'too many requests', headers: { 'Retry-After': '2' } },
    status: 429,
    retryAfter: true,
  },
  {
    name: '503 with Retry-After',
    behaviour: { kind: 'http-error', status: 503, error: 'server busy', headers: { 'Retry-After': '2' } },
    status: 503,
    retryAfter: true,
  },
  { name: '429 without Retry-After', behaviour: { kind: 'http-error', status: 429, error: 'too many requests' }, status: 429, retryAfter: false },
  { name: '503 without Retry-After', behaviour: { kind: 'http-error', status: 503, error: 'server busy' }, status: 503, retryAfter: false },
];

describe('LSP: an overloaded model server is shown as waiting', function () {
  this.timeout(30_000);
  const suite = freshServerPerTest();

  for (const c of CASES) {
    it(`${c.name}: the status is waiting, names HTTP ${c.status} and the next try's time of day; then ready with every highlight`, async () => {
      let overloaded = true;
      const refused: RecordedRequest[] = [];
      suite.server.script((req) => {
        if (!overloaded || req.path !== '/api/generate') return undefined;
        refused.push(req);
        return c.behaviour;
      });
      const client: LspTestClient = (suite.client = await LspTestClient.start(settings(suite.server.url)));
      const uri = 'file:///overload/waiting.note';
      await client.open(uri, note.text);

      const waiting = await waitFor('a waiting status with the next try', () =>
        client.statuses.find((s) => s.state === 'waiting' && s.wait?.nextTryAt !== undefined),
      );
      assert.equal(waiting.wait!.httpStatus, c.status);
      const message = waiting.message ?? '';
      assert.match(
        message,
        new RegExp(
          `^Waiting for the model server, which is overloaded \\(HTTP ${c.status} [^)]+\\): one request at a time until one succeeds; the next try at `,
        ),
      );
      // The time of day of the next try, the same as the structured field: no countdown that goes stale.
      assert.ok(message.includes(`the next try at ${timeOfDay(waiting.wait!.nextTryAt!)}`), message);
      assert.equal(message.includes('(its Retry-After)'), c.retryAfter, message);
      assert.doesNotMatch(message, /\bin \d/);
      // Until the server has room again, the status stays waiting (a try under way included): never plain analysing.
      await waitFor('a second refusal', () => refused.length >= 2);
      const whileOverloaded = client.statuses.slice(client.statuses.indexOf(waiting));
      overloaded = false;
      assert.deepEqual([...new Set(whileOverloaded.map((s: StatusParams) => s.state))], ['waiting']);
      assert.ok(whileOverloaded.some((s) => s.message?.endsWith('a try is under way') || s.wait?.nextTryAt !== undefined));
      await waitFor(
        'ready',
        () => {
          const s = client.lastStatus();
          return s?.state === 'ready' && s.done === s.total;
        },
        20_000,
      );
      assert.deepEqual(spans(await client.tokens(uri)), note.gold);
      assert.equal(client.lastStatus()!.wait, undefined);
    });
  }
});
