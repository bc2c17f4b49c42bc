/**
 * Relation hovers and the biomedNlp/relations request, end to end over stdio with the
 * test server's oracle answering relation prompts from the gold BRAT relations.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { RelationsResult } from '../../server/src/protocol/protocol';
import { LspTestClient, waitFor } from '../support/lspClient';
import { CLINICAL_NOTES, fixtureNote, FixtureNote, LITERATURE_NOTES } from '../support/gold';
import { LLAMA31_MODEL, MEDTUNED_MODEL } from '../support/ollamaServer';
import { goldServer } from '../support/goldServer';

const PROFILES = [
  { profile: 'medtuned', model: MEDTUNED_MODEL.name },
  { profile: 'json', model: LLAMA31_MODEL.name },
];

function settings(host: string, model: string, extra: Record<string, unknown> = {}) {
  return { model, ollama: { host }, debounceMs: 10, retryIntervalMs: 100, ...extra };
}

async function settled(client: LspTestClient): Promise<void> {
  await waitFor('analysis with relations', () => {
    const s = client.lastStatus();
    return s && s.state === 'ready' && s.done === s.total && s.total > 0;
  });
}

function asText(doc: TextDocument, r: RelationsResult['relations'][number]): string {
  return `${r.label}(${doc.getText(r.head.range)}@${doc.offsetAt(r.head.range.start)}, ${doc.getText(r.tail.range)}@${doc.offsetAt(r.tail.range.start)})`;
}

function goldAsText(note: FixtureNote): string[] {
  const t = (s: { start: number; end: number }) => `${note.text.slice(s.start, s.end)}@${s.start}`;
  return note.relations.map((r) => `${r.label}(${t(r.head)}, ${t(r.tail)})`).sort();
}

async function hoverText(client: LspTestClient, uri: string, offset: number): Promise<string | undefined> {
  const doc = TextDocument.create(uri, 'clinical-note', 1, client.text(uri));
  const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
    textDocument: { uri },
    position: doc.positionAt(offset),
  });
  return hover?.contents.value;
}

describe('LSP: relation hovers', function () {
  this.timeout(30_000);
  const server = goldServer();

  for (const { profile, model } of PROFILES) {
    describe(`${profile} profile`, () => {
      let client: LspTestClient;
      beforeEach(async () => {
        server.script(undefined);
        client = await LspTestClient.start(settings(server.url, model));
      });
      afterEach(async () => client.stop());

      for (const name of [...CLINICAL_NOTES, ...LITERATURE_NOTES]) {
        it(`finds exactly the gold relations of ${name}, and hovers show them`, async () => {
          const note = fixtureNote(name);
          const uri = `file:///relations/${profile}/${note.file}`;
          const literature = LITERATURE_NOTES.includes(name);
          // MedTuned was not trained on CID or gene-disease relations: under its layout they
          // come only from the json layout, asked when the user opts in, and are marked so.
          const untrained = literature && profile === 'medtuned';
          if (literature) {
            client.resourceSettings.set(uri, {
              ...client.settings,
              entityTypes: ['disease', 'chemical', 'gene'],
              ...(untrained ? { relations: { untrainedKinds: 'json-prompt' } } : {}),
            });
          }
          await client.open(uri, note.text);
          await settled(client);
          const result = await client.request<RelationsResult>('biomedNlp/relations', { uri });
          const doc = TextDocument.create(uri, 'clinical-note', 1, note.text);
          assert.equal(result.version, 1);
          assert.equal(result.pending, false);
          assert.deepEqual(result.relations.map((r) => asText(doc, r)).sort(), goldAsText(note));
          assert.ok(
            result.relations.every((r) => (r.untrained === true) === untrained),
            'untrained exactly where the layout was not trained',
          );

          for (const gold of note.relations) {
            // Any character of the entity shows the hover: take the last one of the head.
            const hover = await hoverText(client, uri, gold.head.end - 1);
            assert.ok(hover, 'a hover on the head');
            const tailText = note.text.slice(gold.tail.start, gold.tail.end);
            assert.ok(hover!.includes(tailText.split(' ')[0]), `${hover} names ${tailText}`);
            assert.match(hover!, new RegExp(`\`${gold.label}\``));
            assert.ok(hover!.includes(`line ${doc.positionAt(gold.tail.start).line + 1}`));
            assert.match(hover!, /Evidence: /);
            if (untrained) assert.match(hover!, /untrained for this model/);
            else assert.doesNotMatch(hover!, /untrained/);
            const fromTail = await hoverText(client, uri, gold.tail.start);
            assert.match(fromTail!, new RegExp(`\`${gold.label}\``), 'the tail shows the relation too');
          }

          // The related modifier marks exactly the entities that take part in a gold relation.
          const related = (await client.tokens(uri))
            .filter((t) => t.modifiers.includes('related'))
            .map((t) => t.start)
            .sort((a, b) => a - b);
          const expected = [...new Set(note.relations.flatMap((r) => [r.head.start, r.tail.start]))].sort((a, b) => a - b);
          assert.deepEqual(related, expected);
        });
      }

      it('an entity with no relation shows only its type; words are plain', async () => {
        const note = fixtureNote('discharge-heart-failure');
        const uri = `file:///relations/${profile}/plain.note`;
        await client.open(uri, note.text);
        await settled(client);
        const bnp = note.text.indexOf('BNP was');
        const hover = await hoverText(client, uri, bnp + 1);
        assert.equal(hover, '**test** “BNP”');
        const warfarin = note.text.indexOf('Warfarin was');
        assert.match((await hoverText(client, uri, warfarin))!, /\*\*is administered for\*\*/);
        assert.equal(await hoverText(client, uri, note.text.indexOf('goal')), undefined);
      });
    });
  }

  it('an edit re-computes relations only for the unit it changed', async () => {
    const client = await LspTestClient.start(settings(server.url, MEDTUNED_MODEL.name));
    try {
      const note = fixtureNote('ed-chest-pain');
      const uri = 'file:///relations/edit.note';
      await client.open(uri, note.text);
      await settled(client);
      const before = server.generationRequests().length;
      const at = note.text.indexOf('Lungs clear.');
      await client.edit(uri, at, at + 'Lungs clear.'.length, 'Lungs are clear.');
      await waitFor('edit analysed', () => server.generationRequests().length > before);
      await settled(client);
      // "Lungs are clear." has no entities: one entity request, no relation request.
      assert.equal(server.generationRequests().length - before, 1);
      const result = await client.request<RelationsResult>('biomedNlp/relations', { uri });
      assert.equal(result.relations.length, note.relations.length);
    } finally {
      await client.stop();
    }
  });

  it('while relations are pending the hover says so', async () => {
    server.script((req) => (/@(problem|treatment|test)\$/.test(JSON.stringify(req.body)) ? { kind: 'hang' } : undefined));
    const client = await LspTestClient.start(settings(server.url, MEDTUNED_MODEL.name));
    try {
      const note = fixtureNote('ed-chest-pain');
      const uri = 'file:///relations/pending.note';
      await client.open(uri, note.text);
      const nitro = note.text.indexOf('Nitroglycerin relieved');
      const hover = await waitFor('entity hover', () => hoverText(client, uri, nitro));
      assert.match(hover, /still being computed/);
      assert.equal((await client.request<RelationsResult>('biomedNlp/relations', { uri })).pending, true);
    } finally {
      server.script(undefined);
      await client.stop();
    }
  });

  it('relation failures leave entities standing and say that relations failed', async () => {
    server.script((req) =>
      /@(problem|treatment|test)\$|<e1>/.test(JSON.stringify(req.body)) ? { kind: 'http-error', status: 500, error: 'runner crashed' } : undefined,
    );
    const client = await LspTestClient.start(settings(server.url, MEDTUNED_MODEL.name));
    try {
      const note = fixtureNote('ed-chest-pain');
      const uri = 'file:///relations/failing.note';
      await client.open(uri, note.text);
      const status = await waitFor('error state', () => client.lastStatus()?.state === 'error' && client.lastStatus());
      await waitFor('all work settled', async () => (await client.request<RelationsResult>('biomedNlp/relations', { uri }))?.pending === false);
      assert.match(client.lastStatus()!.message!, /relations failed/);
      assert.ok(status);
      const tokens = await client.tokens(uri);
      assert.equal(tokens.length, note.gold.length, 'every entity is still highlighted');
      const nitro = note.text.indexOf('Nitroglycerin relieved');
      assert.match((await hoverText(client, uri, nitro))!, /could not be computed/);
      server.script(undefined);
      await client.request('biomedNlp/retry');
      await settled(client);
      assert.equal((await client.request<RelationsResult>('biomedNlp/relations', { uri })).relations.length, note.relations.length);
    } finally {
      server.script(undefined);
      await client.stop();
    }
  });
});
