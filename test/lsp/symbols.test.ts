/**
 * The Outline (textDocument/documentSymbol) and the side panel's overview
 * (biomedNlp/noteOverview): sections by the note's headers, each entity in the section it
 * is in. Expectations come from segmenting the text here, apart from the server; the note
 * is edited first, so the server's headers come from its incremental segmentation.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { NoteOverview } from '../../server/src/protocol/protocol';
import { segment } from '../../server/src/engine/text/segment';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { LspTestClient, waitFor } from '../support/lspClient';
import { CLINICAL_NOTES, fixtureNote, NOTES_DIR } from '../support/gold';

interface Symbol {
  name: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  children?: Symbol[];
}

describe('LSP: outline and overview sections', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  let client: LspTestClient | undefined;
  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
  });
  after(async () => server.stop());
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
});
