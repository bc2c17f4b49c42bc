/**
 * Semantic token deltas (`textDocument/semanticTokens/full/delta`), the server in this
 * process against the Ollama-protocol test server: after an edit the editor gets the run of
 * tokens that changed, and applying it to what it had gives exactly the full tokens.
 */
import * as assert from 'node:assert/strict';
import { TokenEdit, tokenEdits } from '../../server/src/lsp/semanticTokens';
import { mulberry32 } from '../../server/src/engine/random';
import { fixtureNote, NOTES_DIR } from '../support/gold';
import { LspTestClient, waitFor } from '../support/lspClient';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

const NOTE = fixtureNote('discharge-heart-failure');

/** `edits` applied to `data` (as an editor does). */
function applyTokenEdits(data: readonly number[], edits: readonly TokenEdit[]): number[] {
  const out = [...data];
  // From the last: each edit's start refers to the data before any edit.
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out.splice(e.start, e.deleteCount, ...e.data);
  return out;
}

describe('LSP: semantic token deltas', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  let client: LspTestClient;
  const uri = `file:///notes/delta/${NOTE.file}`;
  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
  });
  after(async () => server.stop());
  beforeEach(async () => {
    client = await LspTestClient.inProcess({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 10, retryIntervalMs: 100 });
    await client.open(uri, NOTE.text);
    await analysed();
  });
  afterEach(async () => client.stop());

  /** The analysis of the note as the client has it now, complete. */
  async function analysed(): Promise<void> {
    await waitFor('analysis to finish', () => {
      const current = client.server!.workspace.current(uri);
      return current?.text === client.text(uri) && current.isComplete;
    });
  }

  it('after an edit, the delta is the changed run and rebuilds exactly the full tokens', async () => {
    const first = await client.fullTokens(uri);
    assert.ok(first.resultId, 'a full result names itself');
    assert.ok(first.data.length >= 5 * 10, 'the note has highlights');
    // A word typed in the middle of the note: the lines after it move down.
    const at = NOTE.text.indexOf('\n', Math.floor(NOTE.text.length / 2));
    await client.edit(uri, at, at, '\nNo new complaints.');
    await analysed();
    const delta = await client.deltaTokens(uri, first.resultId!);
    assert.ok(delta.edits && delta.resultId && delta.resultId !== first.resultId, 'edits, under a new result id');
    const rebuilt = applyTokenEdits(
      first.data,
      delta.edits.map((e) => ({ ...e, data: e.data ?? [] })),
    );
    const full = await client.fullTokens(uri);
    assert.deepEqual(rebuilt, full.data);
    const sent = delta.edits.reduce((n, e) => n + (e.data?.length ?? 0), 0);
    assert.ok(sent <= 10, `only the token after the new line changes (${sent} integers sent, ${full.data.length} in all)`);
  });

  it('no change: no edits; an unknown previous result: all the tokens', async () => {
    const first = await client.fullTokens(uri);
    const same = await client.deltaTokens(uri, first.resultId!);
    assert.deepEqual(same.edits, []);
    const unknown = await client.deltaTokens(uri, 'not-a-result');
    assert.equal(unknown.edits, undefined);
    assert.deepEqual(unknown.data, first.data);
  });

  it('tokenEdits: any two encodings, the edit applied gives the second, in whole tokens', () => {
    const token = (n: number) => [n % 3, n % 7, 1 + (n % 5), n % 6, n % 4];
    const encoding = (seed: number, length: number) => Array.from({ length }, (_, i) => token(seed * 31 + i * 7)).flat();
    for (let a = 0; a < 12; a++) {
      for (let b = 0; b < 12; b++) {
        const before = encoding(a % 3, a);
        const after = [...before.slice(0, 5 * Math.min(a, b % 4)), ...encoding(b, b)];
        const edits = tokenEdits(before, after);
        assert.deepEqual(applyTokenEdits(before, edits), after, `${a} ${b}`);
        for (const e of edits) assert.equal((e.start % 5) + (e.deleteCount % 5) + (e.data.length % 5), 0, 'whole tokens');
      }
    }
  });

  it('tokenEdits over the kept typed arrays of a long note: one changed token at block edges or at either end gives exactly that token', () => {
    const rand = mulberry32(23);
    const before = Uint32Array.from({ length: 5 * 40_000 }, () => Math.floor(rand() * 50));
    // Tokens whose integers start at 16 K, 8 K ... 16 integers (the blocks compared at once), the first and the last.
    const tokens = [0, 1, 3276, 3277, 6553, 39_999, 16_384 / 5, 1638, 819, 409, 204];
    for (const t of tokens.map(Math.floor)) {
      const after = before.slice();
      after[5 * t + 2] += 1;
      const edits = tokenEdits(before, after);
      assert.deepEqual(
        edits.map((e) => [e.start, e.deleteCount, e.data.length]),
        [[5 * t, 5, 5]],
        `token ${t}`,
      );
      assert.deepEqual(applyTokenEdits([...before], edits), [...after]);
      // And a token inserted there, and one taken out: the rest found unchanged either side.
      const inserted = Uint32Array.from([...before.subarray(0, 5 * t), 7, 7, 7, 7, 7, ...before.subarray(5 * t)]);
      assert.deepEqual(applyTokenEdits([...before], tokenEdits(before, inserted)), [...inserted]);
      assert.ok(tokenEdits(before, inserted)[0].data.length <= 10, 'one or two tokens sent');
      const removed = Uint32Array.from([...before.subarray(0, 5 * t), ...before.subarray(5 * t + 5)]);
      assert.deepEqual(applyTokenEdits([...before], tokenEdits(before, removed)), [...removed]);
    }
    assert.deepEqual(tokenEdits(before, before.slice()), []);
  });
});
