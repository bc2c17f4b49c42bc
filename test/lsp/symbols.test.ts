/**
 * The Outline (textDocument/documentSymbol) and the side panel's overview
 * (biomedNlp/noteOverview): sections by the note's headers, each entity in the section it
 * is in. Expectations come from segmenting the text here, apart from the server; the note
 * is edited first, so the server's headers come from its incremental segmentation. The
 * symbol kind of each section and entity type (the Outline's icons), and the sections at
 * once while the model is unreachable, the entities once it is back.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { NoteOverview, NoteProgress, NotesProgressParams } from '../../server/src/protocol/protocol';
import { segment } from '../../server/src/engine/text/segment';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { LspTestClient, waitFor } from '../support/lspClient';
import { CLINICAL_NOTES, fixtureNote, LITERATURE_NOTES, NOTES_DIR } from '../support/gold';
import { documentSymbols } from '../../server/src/lsp/symbols';
import { goldServer } from '../support/goldServer';

/** The Outline's icon per entity type and for a section (LSP SymbolKind numbers), as docs/guide/highlights-and-panel.md lists them. */
const FILE = 1;
const FUNCTION = 12;
const NUMBER = 16;
const STRUCT = 23;
const EVENT = 24;
const EXPECTED_KIND: Record<string, number> = { problem: EVENT, disease: EVENT, treatment: FUNCTION, chemical: FUNCTION, test: NUMBER, gene: STRUCT };

interface Symbol {
  name: string;
  kind: number;
  detail?: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  children?: Symbol[];
}

describe('LSP: outline and overview sections', function () {
  this.timeout(30_000);
  const server = goldServer();
  let client: LspTestClient | undefined;
  afterEach(async () => client?.stop());

  for (const name of CLINICAL_NOTES.slice(0, 3)) {
    it(`${name}: every header a section up to its last non-blank character, every entity in the section before it`, async () => {
      const note = fixtureNote(name);
      client = await LspTestClient.inProcess({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 10 });
      const uri = `file:///outline/${name}.note`;
      await client.open(uri, note.text);
      // An edit after the first paragraph: the server's segments are now its incremental ones.
      const at = note.text.lastIndexOf('\n\n') + 2;
      await client.edit(uri, at, at, 'Seen again today.  \n');
      const text = client.text(uri);
      await waitFor('analysis', () => {
        const s = client!.lastStatus();
        return s && s.state === 'ready' && s.done === s.total && s.total > 0;
      });
      const headers = segment(text).filter((s) => s.kind === 'header');
      assert.ok(headers.length >= 2, `${name} has sections`);
      const doc = TextDocument.create(uri, 'clinical-note', 1, text);
      const symbols = await client.request<Symbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
      const sections = symbols.filter((s) => s.children);
      assert.deepEqual(
        sections.map((s) => [s.name, doc.offsetAt(s.range.start), doc.offsetAt(s.range.end)]),
        headers.map((h, i) => [h.text.replace(/:\s*$/, ''), h.start, (i + 1 < headers.length ? text.slice(0, headers[i + 1].start) : text).trimEnd().length]),
      );
      const overview = (await client.request<NoteOverview | null>('biomedNlp/noteOverview', { uri }))!;
      assert.ok(overview.entities.length > 0);
      for (const e of overview.entities) {
        const start = doc.offsetAt(e.range.start);
        assert.equal(e.section, headers.filter((h) => h.start <= start).pop()?.section ?? '', `${e.text} at ${start}`);
      }
    });
  }

  it('gives sections the page icon and each entity type its own kind (no code braces, no key)', async () => {
    client = await LspTestClient.inProcess({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 10 });
    const seen = new Set<string>();
    for (const name of [...CLINICAL_NOTES.slice(0, 1), ...LITERATURE_NOTES]) {
      const note = fixtureNote(name);
      const uri = `file:///kinds/${note.file}`;
      if (LITERATURE_NOTES.includes(name)) client.resourceSettings.set(uri, { ...client.settings, entityTypes: ['disease', 'chemical', 'gene'] });
      await client.open(uri, note.text);
      const symbols = await waitFor(`${name}: every entity in the Outline`, async () => {
        const all = await client!.request<Symbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
        const entities = all.flatMap((x) => (x.children ? x.children : [x]));
        return entities.length === note.gold.length ? all : undefined;
      });
      for (const sym of symbols) {
        if (sym.children) assert.equal(sym.kind, FILE, `section ${sym.name}`);
        for (const e of sym.children ?? [sym]) {
          const type = e.detail!.split(' · ')[0];
          seen.add(type);
          assert.equal(e.kind, EXPECTED_KIND[type], `${e.name} (${type})`);
        }
      }
    }
    assert.deepEqual([...seen].sort(), Object.keys(EXPECTED_KIND).sort(), 'every entity type was seen');
  });

  it('without an analysis of the version, the sections of the text alone', () => {
    const note = fixtureNote(CLINICAL_NOTES[1]);
    const doc = TextDocument.create('file:///x.note', 'clinical-note', 1, note.text);
    const symbols = documentSymbols(doc, undefined) as Symbol[];
    const headers = segment(note.text).filter((h) => h.kind === 'header');
    assert.deepEqual(
      symbols.map((x) => [x.name, doc.offsetAt(x.range.start), x.children?.length, x.kind]),
      headers.map((h) => [h.text.replace(/:\s*$/, ''), h.start, 0, FILE]),
    );
  });

  it('names a section as written, without markdown bold or a transcription comma, and says what an abbreviation stands for', () => {
    const text = 'PMH: Hypertension.\n**Plan:** Start lisinopril.\nFINDINGS:, Normal.\nHospital Course: Uneventful.\n';
    const doc = TextDocument.create('file:///y.note', 'clinical-note', 1, text);
    const symbols = documentSymbols(doc, undefined) as Symbol[];
    assert.deepEqual(
      symbols.map((x) => [x.name, x.detail]),
      [
        ['PMH', 'past medical history · 0 entities'],
        ['Plan', '0 entities'],
        ['FINDINGS', '0 entities'],
        ['Hospital Course', '0 entities'],
      ],
    );
  });

  it('answers with the sections at once while the model is unreachable, and has the entities once it is back', async () => {
    const note = fixtureNote(CLINICAL_NOTES[0]);
    const down = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
    try {
      await down.stop();
      // The engine checks the server again only after its backoff (3 s, ±20 %): an answer
      // that waited for the model (as the Outline did, up to 10 s) would hold entities.
      client = await LspTestClient.inProcess({ model: MEDTUNED_MODEL.name, ollama: { host: down.url }, debounceMs: 10, retryIntervalMs: 3000 });
      const changed: number[] = [];
      client.conn.onNotification('biomedNlp/analysisChanged', (p: { version: number }) => void changed.push(p.version));
      const progress: NoteProgress[] = [];
      const uri = 'file:///outline/unreachable.note';
      client.conn.onNotification('biomedNlp/notesProgress', (p: NotesProgressParams) => void (p.notes[uri] && progress.push(p.notes[uri])));
      await client.open(uri, note.text);
      await waitFor('the status to say unreachable', () => client!.lastStatus()?.state === 'unreachable');
      // The counts the status tooltip reads: nothing counted as done that did not happen.
      const down0 = await waitFor("the note's counts", () => progress[progress.length - 1]);
      assert.equal(down0.sentences.done, 0);
      assert.ok(down0.sentences.total > 0);
      assert.equal(down0.statements.done, 0, JSON.stringify(down0));
      assert.deepEqual([down0.relations.found, down0.relations.looked], [0, 0]);
      const headers = segment(note.text).filter((h) => h.kind === 'header');
      // Asked, and the server restarted at the same moment: the answer must not wait for it.
      const [first] = await Promise.all([client.request<Symbol[]>('textDocument/documentSymbol', { textDocument: { uri } }), down.restart()]);
      assert.deepEqual(
        first.map((x) => x.name),
        headers.map((h) => h.text.replace(/:\s*$/, '')),
      );
      assert.deepEqual(
        first.map((x) => x.children?.length),
        headers.map(() => 0),
        'no entity yet: the model has not answered',
      );
      // Back: the server says the results changed (the client's cue to ask again), and the entities are there.
      const notices = changed.length;
      const later = await waitFor(
        'the entities in the Outline',
        async () => {
          const all = await client!.request<Symbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
          return all.reduce((n, x) => n + (x.children?.length ?? 0), 0) + all.filter((x) => !x.children).length === note.gold.length ? all : undefined;
        },
        20_000,
      );
      assert.ok(changed.length > notices, 'biomedNlp/analysisChanged came with the entities');
      const up = await waitFor('the counts of the analysed note', () => {
        const p = progress[progress.length - 1];
        // Relations are asked after the entities: under load the counts can say every sentence and statement is done while they are still pending.
        const settled = p.sentences.done === p.sentences.total && p.statements.planned && p.statements.done + p.statements.failed === p.statements.total;
        return settled && !p.relations.pending ? p : undefined;
      });
      assert.ok(up.relations.looked > 0, JSON.stringify(up));
      assert.deepEqual(
        later.map((x) => x.name),
        first.map((x) => x.name),
      );
    } finally {
      await down.stop();
    }
  });
});
