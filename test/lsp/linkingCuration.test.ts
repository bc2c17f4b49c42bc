/**
 * Concept linking under curation (LSP, the server in this process): the hover of a curated
 * entity names its concept and the other curated mentions of it, and the panel's rows (the
 * entities as curated) carry their concepts. The curated entities are an `.ann` written
 * beside the invented note of support/linkingNote.ts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { NoteOverview, SearchVocabularyArgs, SearchVocabularyItem } from '../../server/src/protocol/protocol';
import { noteInFolder, reviewOf } from '../support/curatedNote';
import { BRUISING_NOTE, bruisingNoteGold, buildTsvVocabulary, DISORDERS_TSV, LINKING_NOTE, linkingNoteGold, LOOKALIKES_TSV } from '../support/linkingNote';
import { LspTestClient, waitFor } from '../support/lspClient';
import { MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

describe('LSP: concept linking under curation', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  let client: LspTestClient | undefined;
  let dir: string;
  before(async () => {
    server = await OllamaTestServer.start({ gold: [linkingNoteGold(), bruisingNoteGold()] });
  });
  after(async () => {
    await client?.stop();
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a curated entity hovers with its concept and the other curated mention of it; the panel rows are the curated ones, with concepts', async () => {
    const note = noteInFolder('biomed-linking-curation-', 'follow-up.note', LINKING_NOTE);
    dir = note.dir;
    const vocab = buildTsvVocabulary(dir, 'cardio', DISORDERS_TSV);
    // Curated: the first mention of atrial fibrillation, and the later one; none of the others is reviewed.
    const first = LINKING_NOTE.indexOf('atrial fibrillation');
    const later = LINKING_NOTE.indexOf('Atrial fibrillation');
    fs.writeFileSync(
      path.join(dir, 'follow-up.ann'),
      `T1\tproblem ${first} ${first + 19}\tatrial fibrillation\nT2\tproblem ${later} ${later + 19}\tAtrial fibrillation\n`,
    );
    client = await LspTestClient.inProcess({
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url },
      debounceMs: 10,
      retryIntervalMs: 100,
      relations: { enabled: false },
      curation: { enabled: true },
      linking: { vocabularies: [{ path: vocab, types: ['problem'] }] },
    });
    await client.open(note.uri, LINKING_NOTE);
    await waitFor('curation to be on', async () => (await reviewOf(client!, note.uri))?.enabled);
    const doc = TextDocument.create(note.uri, 'clinical-note', 1, LINKING_NOTE);
    const hover = await waitFor('the curated hover', async () => {
      const h = await client!.request<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri: note.uri },
        position: doc.positionAt(first + 1),
      });
      return h?.contents.value.includes('Curated:') && h.contents.value;
    });
    const lines = hover.split('\n');
    assert.ok(lines.includes('Concept: MESH\\:D001281 Atrial Fibrillation, cardio'), hover);
    assert.ok(lines.includes('Also in this note: “Atrial fibrillation” (line 9)'), hover);

    const rows = await waitFor('the panel with the model entities answered', async () => {
      const o = await client!.request<NoteOverview | null>('biomedNlp/noteOverview', { uri: note.uri });
      return o && !o.pending && o.entities.map((e) => `${e.text}: ${(e.concepts ?? []).map((c) => c.id).join('+') || '-'}`);
    });
    // The curated two and the model's suggestions not yet reviewed, each with its concept.
    assert.ok(rows.includes('atrial fibrillation: MESH:D001281') && rows.includes('Atrial fibrillation: MESH:D001281'), JSON.stringify(rows));
    assert.ok(rows.includes('chronic kidney disease: MESH:D051436') && rows.includes('CKD: MESH:D051436'), JSON.stringify(rows));

    // Link decisions as quick fixes on the curated entity: accept the linker's concept, none fits, clear.
    type Action = { title: string; command: { command: string; arguments: unknown[] } };
    const range = { start: doc.positionAt(first + 1), end: doc.positionAt(first + 1) };
    const linkActions = async () =>
      (await client!.request<Action[]>('textDocument/codeAction', { textDocument: { uri: note.uri }, range, context: { diagnostics: [] } })).filter((a) =>
        a.title.startsWith('Link'),
      );
    const run = (a: Action) => client!.request('workspace/executeCommand', { command: a.command.command, arguments: a.command.arguments });
    const ann = () => fs.readFileSync(path.join(dir, 'follow-up.ann'), 'utf8');
    const offered = await linkActions();
    assert.deepEqual(
      offered.map((a) => a.title),
      ['Link to MESH:D001281 Atrial Fibrillation (exact name)', 'Link: No Concept Fits', 'Link: Search the Vocabulary…'],
    );
    await run(offered[0]);
    assert.match(ann(), /^N1\tReference T1 MESH:D001281\tAtrial Fibrillation$/m);
    const afterAccept = await waitFor('the decision offered to be cleared', async () => {
      const titles = (await linkActions()).map((a) => a.title);
      return titles.includes('Link: Clear the Decision') && titles;
    });
    assert.deepEqual(
      afterAccept,
      ['Link: No Concept Fits', 'Link: Clear the Decision', 'Link: Search the Vocabulary…'],
      'the accepted concept is not offered again',
    );
    await run((await linkActions()).find((a) => a.title === 'Link: No Concept Fits')!);
    assert.match(ann(), /^#1\tNoConcept T1\tno concept fits$/m);
    assert.doesNotMatch(ann(), /^N1/m);
  });

  it('"easy bruising": only candidates that share a word are offered, each saying how it matched; the search finds a concept by its name\'s start, words or spelling, and its choice is stored as a Link quick fix stores it', async () => {
    const note = noteInFolder('biomed-linking-lookalikes-', 'bruising.note', BRUISING_NOTE);
    const other = await LspTestClient.inProcess({
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url },
      debounceMs: 10,
      relations: { enabled: false },
      curation: { enabled: true },
      linking: { vocabularies: [{ path: buildTsvVocabulary(note.dir, 'lookalikes', LOOKALIKES_TSV), types: ['problem'] }] },
    });
    try {
      await other.open(note.uri, BRUISING_NOTE);
      await waitFor('curation to be on', async () => (await reviewOf(other, note.uri))?.enabled);
      const doc = TextDocument.create(note.uri, 'clinical-note', 1, BRUISING_NOTE);
      const at = BRUISING_NOTE.indexOf('easy bruising');
      const range = { start: doc.positionAt(at + 1), end: doc.positionAt(at + 1) };
      type Action = { title: string; command: { command: string; arguments: unknown[] } };
      const links = await waitFor('the link actions on the suggestion', async () => {
        const actions = await other.request<Action[]>('textDocument/codeAction', { textDocument: { uri: note.uri }, range, context: { diagnostics: [] } });
        const l = actions.filter((a) => a.title.startsWith('Link'));
        return l.length > 0 && l;
      });
      // Contusions holds "Bruise": it shares a word. Bruxism, Brucellosis, Breast Cyst and Motion Sickness share letters only.
      assert.deepEqual(
        links.map((a) => a.title),
        ['Link to MESH:D003288 Contusions (shares “bruising”)', 'Link: No Concept Fits', 'Link: Search the Vocabulary…'],
      );
      const search = links[2].command;
      assert.equal(search.command, 'biomedNlp.searchVocabulary');
      const args = search.arguments[0] as SearchVocabularyArgs;
      assert.deepEqual([args.uri, args.type, args.text, args.version], [note.uri, 'problem', 'easy bruising', 1]);

      const found = (query: string, type?: string) =>
        other
          .request<SearchVocabularyItem[]>('biomedNlp/searchVocabulary', { query, limit: 5, type })
          .then((r) => r.map((c) => `${c.how} ${c.id} ${c.name}${c.matched ? ` (${c.matched})` : ''}`));
      // A name's start first (in name order: "brucellosis" before "bruise" before "bruxism"), then its words, then look-alikes.
      const bru = await found('bru');
      assert.deepEqual(bru.slice(0, 3), ['prefix MESH:D002012 Brucellosis', 'prefix MESH:D003288 Contusions (bruise)', 'prefix MESH:D002054 Bruxism']);
      assert.ok(
        bru.slice(3).every((x) => x.startsWith('approximate ')),
        bru.join('; '),
      );
      assert.deepEqual((await found('sickness')).slice(0, 1), ['word MESH:D009031 Motion Sickness']);
      // A misspelt word is still the word (sharedWords.ts); two letters swapped in seven is only alike.
      assert.deepEqual((await found('purpra')).slice(0, 1), ['word MESH:D011693 Purpura']);
      assert.deepEqual((await found('bruxsim')).slice(0, 1), ['approximate MESH:D002054 Bruxism']);
      assert.deepEqual(await found('purpura', 'treatment'), [], 'no vocabulary serves treatments');

      // Chosen in the search: stored by the Link quick fix's own command.
      await other.request('workspace/executeCommand', {
        command: 'biomedNlp.curation.apply',
        arguments: [{ uri: args.uri, range: args.range, version: args.version, action: 'link', concepts: [{ id: 'MESH:D011693', name: 'Purpura' }] }],
      });
      const ann = fs.readFileSync(path.join(note.dir, 'bruising.ann'), 'utf8');
      assert.match(ann, /^T1\tproblem \d+ \d+\teasy bruising$/m);
      assert.match(ann, /^N1\tReference T1 MESH:D011693\tPurpura$/m);
    } finally {
      await other.stop();
      fs.rmSync(note.dir, { recursive: true, force: true });
    }
  });

  it('no vocabulary serves an entity and nothing was decided: no link action', async () => {
    const note = noteInFolder('biomed-linking-curation-', 'plain.note', LINKING_NOTE);
    const first = LINKING_NOTE.indexOf('atrial fibrillation');
    fs.writeFileSync(path.join(note.dir, 'plain.ann'), `T1\tproblem ${first} ${first + 19}\tatrial fibrillation\n`);
    const other = await LspTestClient.inProcess({
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url },
      debounceMs: 10,
      relations: { enabled: false },
      curation: { enabled: true },
    });
    try {
      await other.open(note.uri, LINKING_NOTE);
      await waitFor('curation to be on', async () => (await reviewOf(other, note.uri))?.enabled);
      const doc = TextDocument.create(note.uri, 'clinical-note', 1, LINKING_NOTE);
      const range = { start: doc.positionAt(first + 1), end: doc.positionAt(first + 1) };
      const actions = await other.request<{ title: string }[]>('textDocument/codeAction', {
        textDocument: { uri: note.uri },
        range,
        context: { diagnostics: [] },
      });
      assert.ok(
        actions.some((a) => a.title.startsWith('Change Type')),
        'the curation actions are there',
      );
      assert.deepEqual(
        actions.filter((a) => a.title.startsWith('Link')),
        [],
      );
    } finally {
      await other.stop();
      fs.rmSync(note.dir, { recursive: true, force: true });
    }
  });
});
