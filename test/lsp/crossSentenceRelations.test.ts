/**
 * Relations across sentences over the language server (stdio): `biomedNlp/relations` and
 * the hover show a relation between entities of adjacent sentences with both evidence
 * sentences, by default (biomedNlp.relations.sentenceWindow 1), and not with the window 0.
 * The test server's oracle answers from the gold of test/fixtures/relations/cross-sentence.ann.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient, waitFor, whenAnalysed } from '../support/lspClient';
import { NOTES_DIR } from '../support/gold';
import { LLAMA31_MODEL, loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

const RELATIONS_DIR = path.resolve(__dirname, '../../../test/fixtures/relations');
const NOTE = fs.readFileSync(path.join(RELATIONS_DIR, 'cross-sentence.note'), 'utf8');

const PROFILES = [
  { profile: 'medtuned', model: MEDTUNED_MODEL.name },
  { profile: 'json', model: LLAMA31_MODEL.name },
];

function settings(host: string, model: string, extra: Record<string, unknown> = {}) {
  return { model, ollama: { host }, debounceMs: 10, retryIntervalMs: 100, nli: { enabled: false }, ...extra };
}

async function hoverText(client: LspTestClient, uri: string, offset: number): Promise<string> {
  const doc = TextDocument.create(uri, 'clinical-note', 1, client.text(uri));
  const hover = await client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(offset) });
  assert.ok(hover, `a hover at ${offset}`);
  return hover.contents.value;
}

describe('LSP: relations across sentences', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  before(async () => {
    server = await OllamaTestServer.start({ gold: [...loadGoldDocuments(NOTES_DIR), ...loadGoldDocuments(RELATIONS_DIR)] });
  });
  after(async () => server.stop());

  for (const { profile, model } of PROFILES) {
    it(`${profile}: biomedNlp/relations and the hovers show the relations across adjacent sentences with both sentences`, async () => {
      const client = await LspTestClient.start(settings(server.url, model));
      try {
        const uri = `file:///cross/${profile}/cross-sentence.note`;
        await client.open(uri, NOTE);
        const result = await whenAnalysed(client, uri);
        const doc = TextDocument.create(uri, 'clinical-note', 1, NOTE);
        const text = (r: { start: { line: number; character: number }; end: { line: number; character: number } }) => doc.getText(r);
        const shown = result.relations.map((r) => `${r.label}(${text(r.head.range)}, ${text(r.tail.range)})`).sort();
        assert.deepEqual(shown, [
          'TeCP(Biopsy, a sigmoid mass)',
          'TeRP(Biopsy, adenocarcinoma)',
          'TeRP(Colonoscopy, a sigmoid mass)',
          'TeRP(Potassium, hypokalemia)',
          'TrAP(Ferrous sulfate, Anemia)',
          'TrAP(Oral potassium chloride, hypokalemia)',
          'TrAP(surgery, Sigmoid adenocarcinoma)',
        ]);
        const across = result.relations.find((r) => text(r.head.range) === 'Biopsy' && r.label === 'TeCP')!;
        assert.deepEqual(across.sentences.map(text), ['Colonoscopy showed a sigmoid mass.', 'Biopsy of it confirmed adenocarcinoma.']);
        assert.equal(text(across.sentence), 'Colonoscopy showed a sigmoid mass. Biopsy of it confirmed adenocarcinoma.');
        assert.equal(doc.offsetAt(across.head.range.start), NOTE.indexOf('Biopsy'));
        // A relation inside one sentence or list item has that one as its evidence.
        for (const r of result.relations.filter((x) => x !== across && x.label !== 'TrAP')) assert.deepEqual(r.sentences, [r.sentence]);
        const item = result.relations.find((r) => r.label === 'TrAP' && text(r.head.range) === 'Ferrous sulfate')!;
        assert.deepEqual(item.sentences.map(text), ['Anemia. Ferrous sulfate was prescribed.']);

        // The hover on either end names the relation and quotes both sentences, with their lines.
        const kcl = await hoverText(client, uri, NOTE.indexOf('Oral potassium chloride') + 3);
        assert.match(
          kcl,
          /“Oral potassium chloride” \(treatment, line 7\) \*\*is administered for\*\* “hypokalemia” \(problem, line 6\) `TrAP` \*\(across sentences\)\*/,
        );
        assert.match(
          kcl,
          /Evidence:\n- “Potassium was 2\\\.9 on admission, consistent with hypokalemia\\\.” \(line 6\)\n- “Oral potassium chloride was given\\\.” \(line 7\)/,
        );
        const hypokalemia = await hoverText(client, uri, NOTE.indexOf('hypokalemia'));
        assert.match(hypokalemia, /`TeRP`/);
        assert.match(hypokalemia, /`TrAP` \*\(across sentences\)\*/);
        assert.match(
          hypokalemia,
          /- “Potassium was 2\\\.9 on admission, consistent with hypokalemia\\\.” \(line 6\)\n- “Oral potassium chloride was given\\\.” \(line 7\)/,
        );
        const biopsy = await hoverText(client, uri, NOTE.indexOf('Biopsy'));
        assert.match(
          biopsy,
          /“Biopsy” \(test, line 5\) \*\*is conducted to investigate\*\* “a sigmoid mass” \(problem, line 5\) `TeCP` \*\(across sentences\)\*/,
        );
        assert.match(biopsy, /- “Colonoscopy showed a sigmoid mass\\\.” \(line 5\)\n- “Biopsy of it confirmed adenocarcinoma\\\.” \(line 5\)/);
        // A relation inside one sentence keeps the one-line evidence.
        const colonoscopy = await hoverText(client, uri, NOTE.indexOf('Colonoscopy'));
        assert.match(colonoscopy, /Evidence: “Colonoscopy showed a sigmoid mass\\\.”$/);
        assert.doesNotMatch(colonoscopy, /across sentences/);
        // Across a blank line nothing is sought: Loperamide has no relation.
        assert.equal(await hoverText(client, uri, NOTE.indexOf('Loperamide')), '**treatment** “Loperamide”');
        // Both ends of a relation across sentences carry the `related` modifier.
        const related = (await client.tokens(uri)).filter((t) => t.modifiers.includes('related')).map((t) => NOTE.slice(t.start, t.end));
        for (const t of ['Oral potassium chloride', 'hypokalemia', 'Biopsy', 'a sigmoid mass']) assert.ok(related.includes(t), `${t} in ${related.join(', ')}`);
        assert.ok(!related.includes('Loperamide'));
      } finally {
        await client.stop();
      }
    });
  }

  it('sentenceWindow 0 restores relations within a sentence or list item only', async () => {
    const client = await LspTestClient.start(settings(server.url, MEDTUNED_MODEL.name, { relations: { sentenceWindow: 0 } }));
    try {
      const uri = 'file:///cross/window0.note';
      await client.open(uri, NOTE);
      const result = await whenAnalysed(client, uri);
      const doc = TextDocument.create(uri, 'clinical-note', 1, NOTE);
      const shown = result.relations.map((r) => `${r.label}(${doc.getText(r.head.range)}, ${doc.getText(r.tail.range)})`).sort();
      assert.ok(!shown.includes('TeCP(Biopsy, a sigmoid mass)'));
      assert.ok(!shown.includes('TrAP(Oral potassium chloride, hypokalemia)'));
      assert.ok(shown.includes('TeRP(Biopsy, adenocarcinoma)'));
      assert.ok(result.relations.every((r) => r.sentences.length === 1));
      assert.doesNotMatch(await hoverText(client, uri, NOTE.indexOf('Oral potassium chloride')), /TrAP/);
    } finally {
      await client.stop();
    }
  });

  it('an edit of one sentence re-asks only the pairs with that sentence; the relation across sentences stays', async () => {
    const client = await LspTestClient.start(settings(server.url, MEDTUNED_MODEL.name));
    try {
      const uri = 'file:///cross/edit.note';
      await client.open(uri, NOTE);
      await whenAnalysed(client, uri);
      const before = server.generationRequests().length;
      // "Loperamide was started." stands alone after a blank line: its edit touches no window.
      const at = NOTE.indexOf('Loperamide was started.');
      await client.edit(uri, at + 'Loperamide was '.length, at + 'Loperamide was '.length, 'then ');
      await waitFor('edit analysed', () => server.generationRequests().length > before);
      const result = await whenAnalysed(client, uri);
      const sent = server
        .generationRequests()
        .slice(before)
        .map((r) => String(r.body.prompt));
      assert.equal(sent.filter((p) => /@(problem|treatment|test)\$/.test(p)).length, 0, 'no relation prompt');
      assert.equal(result.version, 2);
      const doc = TextDocument.create(uri, 'clinical-note', 2, client.text(uri));
      assert.ok(result.relations.some((r) => r.label === 'TrAP' && doc.getText(r.head.range) === 'Oral potassium chloride' && r.sentences.length === 2));
    } finally {
      await client.stop();
    }
  });
});
