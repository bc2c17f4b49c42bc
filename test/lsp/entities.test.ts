/**
 * The language server end to end over stdio: dist/server.js, a real LSP client, and the
 * Ollama-protocol test server answering from the gold annotations of the fixture notes.
 */
import * as assert from 'node:assert/strict';
import { MEDTUNED_MODEL, LLAMA31_MODEL } from '../support/ollamaServer';
import { LspTestClient, waitFor } from '../support/lspClient';
import { CLINICAL_NOTES, fixtureNote, LITERATURE_NOTES, spans, transform } from '../support/gold';
import { goldServer } from '../support/goldServer';

const PROFILES = [
  { profile: 'medtuned', model: MEDTUNED_MODEL.name },
  { profile: 'json', model: LLAMA31_MODEL.name },
];

function baseSettings(host: string, model: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model, ollama: { host }, debounceMs: 20, retryIntervalMs: 100, maxConcurrentRequests: 2, ...extra };
}

/** Waits until every open document is analysed, then returns the entity tokens of `uri` (not the PHI's: test/lsp/phi.test.ts). */
async function settledTokens(client: LspTestClient, uri: string) {
  await waitFor('analysis to finish', () => {
    const s = client.lastStatus();
    return s && s.state === 'ready' && s.done === s.total && s.total > 0;
  });
  return (await client.tokens(uri)).filter((t) => t.type !== 'phi');
}

describe('LSP: entity highlights from the model', function () {
  this.timeout(30_000);
  const server = goldServer();

  for (const { profile, model } of PROFILES) {
    describe(`${profile} profile`, () => {
      let client: LspTestClient;
      beforeEach(async () => {
        server.script(undefined);
        client = await LspTestClient.start(baseSettings(server.url, model, { promptProfile: 'auto' }));
      });
      afterEach(async () => client.stop());

      for (const name of CLINICAL_NOTES) {
        it(`highlights exactly the gold spans of ${name}`, async () => {
          const note = fixtureNote(name);
          const uri = `file:///notes/${profile}/${note.file}`;
          await client.open(uri, note.text);
          const tokens = await settledTokens(client, uri);
          assert.deepEqual(spans(tokens), note.gold);
          for (const t of tokens) assert.equal(t.text, note.text.slice(t.start, t.end));
          assert.equal(client.lastStatus()!.profile, profile);
          // Late results ask the client to re-request tokens.
          await waitFor('a semantic tokens refresh', () => client.refreshRequests > 0);
        });
      }

      for (const name of LITERATURE_NOTES) {
        it(`highlights diseases, chemicals and genes of ${name} when those types are chosen`, async () => {
          const note = fixtureNote(name);
          const uri = `file:///notes/${profile}/${note.file}`;
          client.resourceSettings.set(uri, { ...client.settings, entityTypes: ['disease', 'chemical', 'gene'] });
          await client.open(uri, note.text);
          const tokens = await settledTokens(client, uri);
          assert.deepEqual(spans(tokens), note.gold);
        });
      }

      it('sends the prompt layout of its profile', async () => {
        const note = fixtureNote('ed-chest-pain');
        const before = server.generationRequests().length;
        await client.open(`file:///notes/${profile}/layout.note`, note.text);
        await settledTokens(client, `file:///notes/${profile}/layout.note`);
        const sent = server.generationRequests().slice(before);
        assert.ok(sent.length > 0);
        for (const r of sent) {
          assert.equal(r.body.model, model);
          assert.equal(r.body.options.temperature, 0);
          assert.equal(typeof r.body.options.num_ctx, 'number');
          assert.equal(r.body.keep_alive, '30m');
          if (profile === 'medtuned') {
            assert.equal(r.path, '/api/generate');
            assert.equal(r.body.raw, true);
            assert.match(r.body.prompt, /^### Instruction: .*\n ### Input: .*\n ### Output:$/s);
          } else {
            assert.equal(r.path, '/api/chat');
            assert.equal(typeof r.body.format, 'object');
          }
        }
      });

      it('re-sends exactly the one sentence an edit changed, and nothing on reopening', async () => {
        const note = fixtureNote('discharge-heart-failure');
        const uri = `file:///notes/${profile}/edit.note`;
        await client.open(uri, note.text);
        await settledTokens(client, uri);
        const before = server.generationRequests().length;

        const old = 'He reported orthopnea but denied chest pain.';
        const at = note.text.indexOf(old);
        const fresh = 'He reported orthopnoea but denied chest pain.';
        await client.edit(uri, at, at + old.length, fresh);
        await waitFor('the edited sentence to be sent', () => server.generationRequests().length > before);
        const tokens = await settledTokens(client, uri);
        const all = server.generationRequests().slice(before);
        // Every sentence of a note this short is an NLI premise (unrelated ones are asked while
        // there is room), and the edit may re-rank them: only statement-premise pairs never asked before are sent.
        // An NLI question ends "Sentence 1: {premise}\nSentence 2: {hypothesis}" in both layouts.
        const nli = all.filter((r) => JSON.stringify(r.body).includes('\\nSentence 2: '));
        const askedBefore = new Set(
          server
            .generationRequests()
            .slice(0, before)
            .map((r) => JSON.stringify(r.body)),
        );
        assert.ok(
          nli.every((r) => !askedBefore.has(JSON.stringify(r.body))),
          'no NLI pair asked twice',
        );
        const sent = all.filter((r) => !nli.includes(r));
        assert.equal(sent.length, 1, 'one model call for one changed sentence');
        assert.ok(JSON.stringify(sent[0].body).includes('orthopnoea'));
        // Entities outside the edited sentence keep their exact places.
        const delta = fresh.length - old.length;
        const outside = note.gold
          .filter((g) => g.end <= at || g.start >= at + old.length)
          .map((g) => (g.start >= at + old.length ? { ...g, start: g.start + delta, end: g.end + delta } : g));
        const got = spans(tokens).filter((t) => t.end <= at || t.start >= at + fresh.length);
        assert.deepEqual(got, outside);

        const edited = client.text(uri);
        await client.close(uri);
        const afterEdit = server.generationRequests().length;
        await client.open(uri, edited);
        await settledTokens(client, uri);
        assert.equal(server.generationRequests().length, afterEdit, 'reopening sends nothing');
      });
    });
  }

  describe('text the model never saw verbatim', () => {
    let client: LspTestClient;
    beforeEach(async () => {
      server.script(undefined);
      client = await LspTestClient.start(baseSettings(server.url, MEDTUNED_MODEL.name));
    });
    afterEach(async () => client.stop());

    it('keeps exact UTF-16 offsets with CRLF line ends and emoji before the entities', async () => {
      const note = fixtureNote('ed-chest-pain');
      const { text, gold } = transform(note, 'Patient note 😀 𝐀 [**Name**]\r\n\r\n', true);
      const uri = 'file:///notes/crlf-emoji.note';
      await client.open(uri, text);
      const tokens = await settledTokens(client, uri);
      assert.deepEqual(spans(tokens), gold);
      for (const t of tokens) assert.ok(!/[\r\n]/.test(t.text));
    });

    it('marks negated entities with the negated modifier', async () => {
      const note = fixtureNote('discharge-heart-failure');
      const uri = 'file:///notes/negation.note';
      await client.open(uri, note.text);
      const tokens = await settledTokens(client, uri);
      const chestPain = tokens.find((t) => t.text === 'chest pain');
      const orthopnea = tokens.find((t) => t.text === 'orthopnea');
      assert.deepEqual(chestPain?.modifiers, ['negated']);
      assert.deepEqual(orthopnea?.modifiers, []);
    });

    it('a settings change (model and profile) re-analyses open notes with the new model', async () => {
      const note = fixtureNote('ed-chest-pain');
      const uri = 'file:///notes/switch.note';
      await client.open(uri, note.text);
      await settledTokens(client, uri);
      const before = server.generationRequests().length;
      await client.changeSettings({ ...client.settings, model: LLAMA31_MODEL.name });
      await waitFor('json profile in the status', () => client.lastStatus()?.profile === 'json');
      await waitFor('requests to the new model', () => server.generationRequests().length > before);
      const tokens = await settledTokens(client, uri);
      assert.deepEqual(spans(tokens), note.gold);
      const sent = server.generationRequests().slice(before);
      assert.ok(sent.every((r) => r.path === '/api/chat' && r.body.model === LLAMA31_MODEL.name));
    });

    it('biomedNlp/analyzeDocument analyses again, ignoring the cache', async () => {
      const note = fixtureNote('progress-diabetes-ckd');
      const uri = 'file:///notes/again.note';
      // Entity work only, so every request is one sentence's.
      client.resourceSettings.set(uri, { ...client.settings, relations: { enabled: false }, nli: { enabled: false } });
      await client.open(uri, note.text);
      await settledTokens(client, uri);
      const before = server.generationRequests().length;
      const result = await client.request<{ analysed: boolean; sentences: number }>('biomedNlp/analyzeDocument', { uri });
      assert.equal(result.analysed, true);
      await waitFor('all sentences sent again', () => server.generationRequests().length - before >= result.sentences);
      assert.deepEqual(spans(await settledTokens(client, uri)), note.gold);
      assert.equal(server.generationRequests().length - before, result.sentences);
    });

    it('only shows the entity types the settings select', async () => {
      const note = fixtureNote('progress-diabetes-ckd');
      const uri = 'file:///notes/types.note';
      client.resourceSettings.set(uri, { ...client.settings, entityTypes: ['test'] });
      await client.open(uri, note.text);
      const tokens = await settledTokens(client, uri);
      assert.deepEqual(
        spans(tokens),
        note.gold.filter((g) => g.type === 'test'),
      );
    });
  });
});
