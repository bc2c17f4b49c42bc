/**
 * The note's structure follows curation: after a rejection, a retyping
 * and an addition, the side panel's overview (biomedNlp/noteOverview) and the Outline
 * (textDocument/documentSymbol) show the entities as curated, as the tokens and the hover do,
 * and the client is told to ask again (biomedNlp/analysisChanged).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { DocumentSymbol } from 'vscode-languageserver';
import type { CurateResult, NoteOverview } from '../../server/src/protocol/protocol';
import { LspTestClient, waitFor } from '../support/lspClient';
import { fixtureNote } from '../support/gold';
import { noteInFolder, openCurated, reviewOf } from '../support/curatedNote';
import { goldServer } from '../support/goldServer';

const NOTE = fixtureNote('ed-chest-pain');

describe('LSP: the panel and the Outline follow curation', function () {
  this.timeout(30_000);
  const server = goldServer();
  let client: LspTestClient | undefined;
  let dir: string;
  let uri: string;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const flat = (symbols: DocumentSymbol[]): DocumentSymbol[] => symbols.flatMap((s) => [s, ...flat(s.children ?? [])]);
  const key = (r: { start: { line: number; character: number } }) => `${r.start.line}:${r.start.character}`;

  async function setUp(enabled: boolean) {
    ({ dir, uri } = noteInFolder('biomed-curated-structure-', 'ed-chest-pain.note', NOTE.text));
    client = await openCurated(server, uri, NOTE.text, enabled);
    const doc = TextDocument.create(uri, 'clinical-note', 1, client.text(uri));
    const overview = () => client!.request<NoteOverview | null>('biomedNlp/noteOverview', { uri });
    const symbols = async () => flat((await client!.request<DocumentSymbol[] | null>('textDocument/documentSymbol', { textDocument: { uri } })) ?? []);
    return { doc, overview, symbols };
  }

  it('a rejected mention is gone, a retyped one has its curated type, an added one is there; the client is told', async () => {
    const { doc, overview, symbols } = await setUp(true);
    const changed: string[] = [];
    client!.conn.onNotification('biomedNlp/analysisChanged', (p: { uri: string }) => void changed.push(p.uri));
    const model = (await reviewOf(client!, uri))!.suggestions;
    const overlaps = (a: (typeof model)[number], b: (typeof model)[number]) =>
      doc.offsetAt(a.range.start) < doc.offsetAt(b.range.end) && doc.offsetAt(b.range.start) < doc.offsetAt(a.range.end);
    const [rejected, retyped] = model.filter((m) => model.every((o) => o === m || !overlaps(m, o)));
    assert.ok(rejected && retyped, 'two suggestions apart from the others');
    const newType = retyped.type === 'test' ? 'treatment' : 'test';
    // A word no suggestion overlaps, added as a problem.
    const text = doc.getText();
    const word = [...text.matchAll(/[a-z]{6,}/g)]
      .map((m) => ({ start: doc.positionAt(m.index), end: doc.positionAt(m.index + m[0].length), text: m[0] }))
      .find((w) => model.every((m) => doc.offsetAt(m.range.end) <= doc.offsetAt(w.start) || doc.offsetAt(m.range.start) >= doc.offsetAt(w.end)));
    assert.ok(word);

    // Before: the model's mentions, as found.
    const before = (await overview())!.entities;
    assert.ok(before.some((e) => key(e.range) === key(rejected.range) && e.type === rejected.type));
    assert.ok((await symbols()).some((s) => key(s.range) === key(rejected.range)));

    const curate = async (params: Record<string, unknown>) => {
      const r = await client!.request<CurateResult>('biomedNlp/curate', { uri, ...params });
      assert.equal(r.changed, true, r.message);
    };
    await curate({ action: 'reject', range: rejected.range });
    await curate({ action: 'changeType', range: retyped.range, type: newType });
    await curate({ action: 'annotateSelection', range: { start: word.start, end: word.end }, type: 'problem' });
    await waitFor('the client to be told to ask again', () => changed.includes(uri));

    const entities = (await overview())!.entities;
    assert.ok(!entities.some((e) => key(e.range) === key(rejected.range)), 'the rejected mention is not listed');
    assert.deepEqual(
      entities.filter((e) => key(e.range) === key(retyped.range)).map((e) => e.type),
      [newType],
    );
    assert.ok(entities.some((e) => key(e.range) === key(word) && e.type === 'problem' && e.text === word.text));
    // One gone, one added: the other mentions are still there (unreviewed suggestions as found).
    assert.equal(entities.length, before.length);

    const outline = await symbols();
    assert.ok(!outline.some((s) => key(s.range) === key(rejected.range)), 'the Outline does not name the rejected mention');
    assert.deepEqual(
      outline.filter((s) => key(s.range) === key(retyped.range)).map((s) => s.detail?.split(' · ')[0]),
      [newType],
    );
    assert.ok(outline.some((s) => key(s.range) === key(word) && s.name === word.text));
  });

  it("with curation off, the model's mentions as found", async () => {
    const { overview, symbols } = await setUp(false);
    const entities = (await overview())!.entities;
    assert.ok(entities.length > 0);
    const names = new Set((await symbols()).map((s) => key(s.range)));
    for (const e of entities) assert.ok(names.has(key(e.range)), e.text);
  });
});
