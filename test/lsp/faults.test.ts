/**
 * Bad days: the model server is down, the model is missing, answers break off or are
 * garbage, edits come fast, files are huge or binary, the host is remote. The server must
 * not crash, must say clearly what is wrong, must never show a highlight that is not
 * exactly in the text, and must recover when the model server comes back.
 */
import * as assert from 'node:assert/strict';
import { Behaviour, loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { LspTestClient, StatusParams, waitFor } from '../support/lspClient';
import { fixtureNote, NOTES_DIR, spans } from '../support/gold';

function settings(host: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model: MEDTUNED_MODEL.name, ollama: { host }, debounceMs: 10, retryIntervalMs: 100, ...extra };
}

const note = fixtureNote('ed-chest-pain');

function stateReached(client: LspTestClient, state: string): () => StatusParams | undefined {
  return () => {
    const s = client.lastStatus();
    return s && s.state === state && (state !== 'ready' || s.done === s.total) ? s : undefined;
  };
}

/** Every token lies exactly on the text and is a gold span: no wrong highlight, ever. */
function assertOnlyGold(tokens: { start: number; end: number; type: string; text: string }[], text: string) {
  const gold = new Set(note.gold.map((g) => `${g.start}:${g.end}:${g.type}`));
  for (const t of tokens) {
    assert.equal(t.text, text.slice(t.start, t.end));
    assert.ok(gold.has(`${t.start}:${t.end}:${t.type}`), `unexpected token ${JSON.stringify(t)}`);
  }
}

function transitionsInto(client: LspTestClient, state: string): number {
  let n = 0;
  let previous = '';
  for (const s of client.statuses) {
    if (s.state === state && previous !== state) n++;
    previous = s.state;
  }
  return n;
}

describe('LSP: faults and recovery', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  let client: LspTestClient;

  beforeEach(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
  });
  afterEach(async () => {
    await client?.stop();
    await server.stop();
  });

  it('connection refused: one unreachable state, then recovery when the server is back', async () => {
    await server.stop();
    client = await LspTestClient.start(settings(server.url));
    const uri = 'file:///faults/refused.note';
    await client.open(uri, note.text);
    const status = await waitFor('unreachable state', stateReached(client, 'unreachable'));
    assert.match(status.message!, /not reachable/);
    assert.match(status.message!, new RegExp(server.url.replace(/[.]/g, '\\.')));
    // Health checks keep running while it is down; the state is announced once.
    await new Promise((r) => setTimeout(r, 350));
    assert.equal(transitionsInto(client, 'unreachable'), 1);
    assert.deepEqual(await client.tokens(uri), []);

    await server.restart();
    await waitFor('recovery', stateReached(client, 'ready'));
    assert.deepEqual(spans(await client.tokens(uri)), note.gold);
    assert.equal(client.exited, null);
  });

  it('a server that comes back without the model switches to model-missing', async () => {
    await server.stop();
    server.removeModel(MEDTUNED_MODEL.name);
    client = await LspTestClient.start(settings(server.url));
    await client.open('file:///faults/back-without-model.note', note.text);
    await waitFor('unreachable state', stateReached(client, 'unreachable'));
    await server.restart();
    const status = await waitFor('model-missing state', stateReached(client, 'model-missing'));
    assert.ok(status.message!.includes(`ollama pull ${MEDTUNED_MODEL.name}`), status.message);
    server.addModel(MEDTUNED_MODEL);
    await waitFor('recovery', stateReached(client, 'ready'));
  });

  it('missing model (404): names the ollama pull command, recovers once the model is there', async () => {
    server.removeModel(MEDTUNED_MODEL.name);
    client = await LspTestClient.start(settings(server.url));
    const uri = 'file:///faults/missing.note';
    await client.open(uri, note.text);
    const status = await waitFor('model-missing state', stateReached(client, 'model-missing'));
    assert.ok(status.message!.includes(`ollama pull ${MEDTUNED_MODEL.name}`), status.message);
    server.addModel(MEDTUNED_MODEL);
    await waitFor('recovery', stateReached(client, 'ready'));
    assert.deepEqual(spans(await client.tokens(uri)), note.gold);
  });

  const transient: [string, Behaviour][] = [
    ['HTTP 500', { kind: 'http-error', status: 500, error: 'llama runner process has terminated' }],
    ['an error line inside the stream', { kind: 'stream-error', afterText: 'She : O\n' }],
    ['a stream cut before done', { kind: 'cut', afterText: 'She : O\ntakes : O\n' }],
    ['garbage bytes', { kind: 'garbage' }],
  ];
  for (const [what, behaviour] of transient) {
    it(`${what}: an error state without wrong highlights, and recovery on retry`, async () => {
      // Fail the sentence about the medications only, everything else answers.
      server.script((req) => (JSON.stringify(req.body).includes('metformin') ? behaviour : undefined));
      client = await LspTestClient.start(settings(server.url));
      const uri = 'file:///faults/transient.note';
      await client.open(uri, note.text);
      const status = await waitFor('error state', stateReached(client, 'error'));
      assert.match(status.message!, /failed/);
      const tokens = await client.tokens(uri);
      assertOnlyGold(tokens, note.text);
      const meds = note.gold.filter((g) => ['metformin', 'amlodipine', 'simvastatin'].includes(note.text.slice(g.start, g.end)));
      for (const m of meds) assert.ok(!tokens.some((t) => t.start === m.start), 'the failed sentence shows nothing');
      assert.equal(tokens.length, note.gold.length - meds.length);

      server.script(undefined);
      await client.request('biomedNlp/retry');
      await waitFor('recovery', stateReached(client, 'ready'));
      assert.deepEqual(spans(await client.tokens(uri)), note.gold);
      assert.equal(client.exited, null);
    });
  }

  it('a slow first byte is waited for; past requestTimeoutMs the request is given up', async () => {
    server.script(() => ({ kind: 'slow', firstByteMs: 150 }));
    client = await LspTestClient.start(settings(server.url, { requestTimeoutMs: 5_000 }));
    const uri = 'file:///faults/slow.note';
    await client.open(uri, note.text);
    await waitFor('slow answers', stateReached(client, 'ready'));
    assert.deepEqual(spans(await client.tokens(uri)), note.gold);
    await client.stop();

    server.script(() => ({ kind: 'hang' }));
    client = await LspTestClient.start(settings(server.url, { requestTimeoutMs: 200 }));
    await client.open('file:///faults/timeout.note', note.text);
    const status = await waitFor('timeout error', stateReached(client, 'error'));
    assert.match(status.message!, /did not answer within 200 ms/);
    await waitFor('hung requests closed', () => server.generationRequests().every((r) => r.aborted || r.finished));
  });

  it('truncated and malformed model output: only exact spans are shown', async () => {
    server.script((req) => {
      const prompt: string = req.body.prompt ?? '';
      if (prompt.includes('metformin'))
        return { kind: 'text', text: 'She : O\ntakes : O\nmetformin : B-TREATMENT\n, : O\namlodipine : B-TREA', doneReason: 'length' };
      if (prompt.includes('aspirin'))
        return { kind: 'text', text: 'Sure! Here are the tags:\n```\nShe : O\nwas : O\nbananas : B-PROBLEM\ngiven : O\naspirin : b-treatment\n```' };
      return undefined;
    });
    client = await LspTestClient.start(settings(server.url));
    const uri = 'file:///faults/truncated.note';
    await client.open(uri, note.text);
    await waitFor('analysed', stateReached(client, 'ready'));
    const tokens = await client.tokens(uri);
    assertOnlyGold(tokens, note.text);
    const texts = tokens.map((t) => t.text);
    assert.ok(texts.includes('metformin'), 'complete entities before the cut are kept');
    assert.ok(!texts.includes('amlodipine'), 'the entity cut by done_reason length is dropped');
    assert.ok(texts.includes('aspirin'), 'tags in prose and fences, other casing, are read');
    assert.ok(!texts.includes('bananas'));
  });

  it('rapid edits: stale requests are cancelled and only the final text is highlighted', async () => {
    server.setTiming({ firstTokenMs: 40, perTokenMs: 2 });
    client = await LspTestClient.start(settings(server.url, { debounceMs: 0, maxConcurrentRequests: 4 }));
    const uri = 'file:///faults/rapid.note';
    const sentence = 'She takes metformin, amlodipine and simvastatin.';
    const at = note.text.indexOf(sentence);
    await client.open(uri, note.text);
    await waitFor('first analysis', stateReached(client, 'ready'));
    // Type a word into the medication sentence, one character per change, without waiting.
    const word = ' daily';
    const insertAt = at + sentence.length - 1;
    for (let i = 0; i < word.length; i++) {
      const sent = server.generationRequests().length;
      await client.edit(uri, insertAt + i, insertAt + i, word[i]);
      // The next keystroke comes while this version's request is in flight.
      await waitFor('the request for this version', () => server.generationRequests().length > sent);
    }
    // Then undo it all in one change: the final text is the original note.
    await client.edit(uri, insertAt, insertAt + word.length, '');
    await waitFor('analysed', stateReached(client, 'ready'));
    assert.equal(client.text(uri), note.text);
    assert.deepEqual(spans(await client.tokens(uri)), note.gold);
    const aborted = server.generationRequests().filter((r) => r.aborted);
    assert.ok(aborted.length >= word.length - 1, `requests for stale versions were closed (${aborted.length})`);
    for (const r of aborted) assert.ok(r.body.prompt.includes('metformin'), 'only the edited sentence was cancelled');
    assert.equal(client.exited, null);
  });

  it('the visible range is analysed first', async () => {
    client = await LspTestClient.start(settings(server.url, { debounceMs: 100, maxConcurrentRequests: 1 }));
    const uri = 'file:///faults/visible.note';
    await client.open(uri, note.text);
    const impression = note.text.indexOf('IMPRESSION:');
    await client.tokens(uri, { start: impression, end: note.text.length });
    await waitFor('analysed', stateReached(client, 'ready'));
    // A ready status can come before the debounce has let the first request go (nothing planned yet, 0 of 0): wait for it.
    const first = await waitFor('the first request', () => server.generationRequests()[0]);
    assert.ok(note.text.slice(impression).includes(first.body.prompt.split('### Input: ')[1].split('\n')[0].split(' ')[0]));
    assert.match(first.body.prompt, /Acute inferior ST|The patient has no|Troponin was/);
  });

  it('long analyses report work-done progress', async () => {
    server.setTiming({ firstTokenMs: 60, perTokenMs: 1 });
    client = await LspTestClient.start(settings(server.url, { maxConcurrentRequests: 1 }));
    await client.open('file:///faults/progress.note', note.text);
    await waitFor('analysed', stateReached(client, 'ready'));
    await waitFor('progress end', () => client.progress.some((p) => (p as { value: { kind: string } }).value.kind === 'end'));
    assert.equal(client.progressCreated, 1);
    const kinds = client.progress.map((p) => (p as { value: { kind: string } }).value.kind);
    assert.equal(kinds[0], 'begin');
    assert.ok(kinds.includes('report'));
    const analysing = client.statuses.filter((s) => s.state === 'analysing');
    assert.ok(
      analysing.some((s) => s.done > 0 && s.done < s.total),
      'the status counts sentences as they finish',
    );
  });

  it('huge and binary documents are not sent, with a notice', async () => {
    client = await LspTestClient.start(settings(server.url, { maxDocumentLength: 2_000 }));
    await client.open('file:///faults/huge.note', note.text.repeat(3));
    const status = await waitFor('notice', stateReached(client, 'ready'));
    assert.match(status.message!, /maxDocumentLength/);
    // Typing in it: the notice is logged once, not once per keystroke.
    for (let i = 0; i < 5; i++) await client.edit('file:///faults/huge.note', 0, 0, 'x');
    await waitFor('the edits seen', () => client.statuses.length >= 3);
    assert.equal(client.logs.filter((l) => l.includes('maxDocumentLength')).length, 1, client.logs.join('\n'));
    await client.close('file:///faults/huge.note');
    await client.open('file:///faults/binary.note', 'PK\u0003\u0004\u0000\u0000binary');
    await waitFor('binary notice', () => client.lastStatus()?.message?.includes('binary') && client.lastStatus());
    assert.equal(server.generationRequests().length, 0);
    assert.deepEqual(await client.tokens('file:///faults/binary.note'), []);
  });

  it('a NUL far into a note (at 20,000, past the first 8,192 characters once looked at) marks it binary: nothing is sent', async () => {
    client = await LspTestClient.start(settings(server.url));
    let text = note.text;
    while (text.length < 30_000) text += '\n' + note.text;
    text = text.slice(0, 20_000) + '\u0000' + text.slice(20_000);
    await client.open('file:///faults/late-nul.note', text);
    await waitFor('binary notice', () => client.lastStatus()?.message?.includes('binary') && client.lastStatus());
    assert.equal(server.generationRequests().length, 0);
    assert.deepEqual(await client.tokens('file:///faults/late-nul.note'), []);
  });

  it('a non-loopback host is refused before any note text leaves the machine', async () => {
    client = await LspTestClient.start(settings('http://10.255.255.1:11434'));
    await client.open('file:///faults/remote.note', note.text);
    const status = await waitFor('refusal', stateReached(client, 'remote-refused'));
    assert.match(status.message!, /protected health information/);
    assert.match(status.message!, /biomedNlp\.allowRemoteHost/);
  });

  it('logs hold no note text unless verbose tracing is on', async () => {
    server.script((req) => (JSON.stringify(req.body).includes('troponin') ? { kind: 'garbage' } : undefined));
    client = await LspTestClient.start(settings(server.url));
    await client.open('file:///faults/privacy.note', note.text);
    await waitFor('error state', stateReached(client, 'error'));
    // The log line follows the status notification on the stream: waited for, not raced.
    await waitFor('the error to be logged', () => client!.logs.length > 0);
    const logged = client.logs.join('\n') + client.stderr;
    for (const phrase of ['troponin', 'metformin', 'chest pressure', 'ST elevation']) assert.ok(!logged.includes(phrase), phrase);
  });
});
