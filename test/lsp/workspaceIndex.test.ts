/**
 * The workspace as a corpus over LSP (features/workspaceIndex.ts): workspace/symbol across
 * notes open and not, a folder analysed in the background (progress, paused while typing,
 * cancellable, free the second time), the index kept between sessions, and the Concepts
 * view's query. dist/server.js over stdio against the gold test server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource } from 'vscode-jsonrpc';
import type { AnalyseFolderResult as FolderResult } from '../../server/src/protocol/protocol';
import { CLINICAL_NOTES, fixtureNote, NOTES_DIR } from '../support/gold';
import { goldServer } from '../support/goldServer';
import { buildMedicVocabulary, MEDIC_T2D_ROW } from '../support/linkingNote';
import { LspTestClient, whenAnalysed } from '../support/lspClient';
import { MEDTUNED_MODEL } from '../support/ollamaServer';

interface Symbol {
  name: string;
  kind: number;
  containerName?: string;
  location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
}

describe('LSP: the workspace as a corpus (note index, workspace/symbol)', function () {
  this.timeout(60_000);
  const server = goldServer();
  let storage: string;
  let folder: string;
  const clients: LspTestClient[] = [];
  beforeEach(() => {
    server.script(undefined);
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-index-storage-'));
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-index-notes-'));
    for (const n of CLINICAL_NOTES) fs.copyFileSync(path.join(NOTES_DIR, `${n}.note`), path.join(folder, `${n}.note`));
    fs.writeFileSync(path.join(folder, 'README.md'), 'Not a note: the folder’s documentation.\n');
  });
  afterEach(async () => {
    for (const c of clients.splice(0)) await c.stop();
    for (const d of [storage, folder]) fs.rmSync(d, { recursive: true, force: true });
  });

  async function start(extra: Record<string, unknown> = {}): Promise<{ client: LspTestClient; progress: { done: number; total: number; paused: boolean }[] }> {
    const s = { model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 20, retryIntervalMs: 100, ...extra };
    const client = await LspTestClient.start(s, undefined, { initializationOptions: { settings: s, biomedNlpClient: true, cacheDir: storage } });
    clients.push(client);
    const progress: { done: number; total: number; paused: boolean }[] = [];
    client.conn.onNotification('biomedNlp/folderProgress', (p: { done: number; total: number; paused: boolean }) => void progress.push(p));
    return { client, progress };
  }
  const symbols = (c: LspTestClient, query: string) => c.request<Symbol[]>('workspace/symbol', { query });
  const textAt = (file: string, r: Symbol['location']['range']) => {
    const lines = fs.readFileSync(file, 'utf8').split(/\r\n|\r|\n/);
    assert.equal(r.start.line, r.end.line);
    return lines[r.start.line].slice(r.start.character, r.end.character);
  };
  /** Gold mentions of `words` (case aside) in the fixture notes, as `note@offset`. */
  const goldOf = (words: RegExp) =>
    CLINICAL_NOTES.flatMap((n) => {
      const note = fixtureNote(n);
      return note.gold.filter((g) => words.test(note.text.slice(g.start, g.end))).map((g) => `${n}.note@${g.start}`);
    }).sort();

  it('a folder analysed in the background: every note’s entities are workspace symbols, named with type and status, exactly where the text is', async () => {
    const { client, progress } = await start();
    const before = server.generationRequests().length;
    const result = await client.request<FolderResult>('biomedNlp/analyseFolder', { folders: [folder] });
    assert.deepEqual(result, { notes: CLINICAL_NOTES.length, analysed: CLINICAL_NOTES.length, current: 0, open: 0, skipped: [], failed: [], cancelled: false });
    assert.ok(server.generationRequests().length > before);
    assert.deepEqual(progress[progress.length - 1], { done: 4, total: 4, paused: false });

    const found = await symbols(client, 'atrial fibrillation');
    const want = goldOf(/^atrial fibrillation$/i);
    assert.ok(want.length >= 2, want.join(' '));
    const at = (s: Symbol) => {
      const file = new URL(s.location.uri).pathname;
      const note = fixtureNote(path.basename(file, '.note'));
      const lines = note.text.split('\n');
      const offset = lines.slice(0, s.location.range.start.line).reduce((n, l) => n + l.length + 1, 0) + s.location.range.start.character;
      return `${path.basename(file)}@${offset}`;
    };
    assert.deepEqual(found.map(at).sort(), want);
    for (const s of found) {
      assert.match(s.name, /^atrial fibrillation \(problem, (affirmed|negated|possible|historical|hypothetical|family)(, [a-z]+)*\)$/i);
      assert.equal(textAt(new URL(s.location.uri).pathname, s.location.range).toLowerCase(), 'atrial fibrillation');
      assert.match(s.containerName ?? '', /\.note/);
    }
    // A whole-word prefix finds it too; the inside of a word does not.
    assert.ok((await symbols(client, 'atrial fib')).length >= want.length);
    assert.deepEqual(await symbols(client, 'trial fibrillation'), []);
  });

  it('analysed again: nothing is asked of the model, and a restarted server answers from the index kept on disk without opening a note', async () => {
    const first = await start();
    await first.client.request<FolderResult>('biomedNlp/analyseFolder', { folders: [folder] });
    const expected = await symbols(first.client, 'warfarin');
    assert.ok(expected.length > 0);
    const asked = server.generationRequests().length;
    const again = await first.client.request<FolderResult>('biomedNlp/analyseFolder', { folders: [folder] });
    assert.equal(again.current, CLINICAL_NOTES.length);
    assert.equal(again.analysed, 0);
    await first.client.stop();
    assert.ok(fs.existsSync(path.join(storage, 'notes-index.json')));

    const second = await start();
    assert.deepEqual(await symbols(second.client, 'warfarin'), expected);
    // The index lost (deleted, or dropped as damaged): rebuilt from the model cache, at no model call.
    await second.client.stop();
    fs.rmSync(path.join(storage, 'notes-index.json'));
    const third = await start();
    assert.deepEqual(await symbols(third.client, 'warfarin'), []);
    const rebuilt = await third.client.request<FolderResult>('biomedNlp/analyseFolder', { folders: [folder] });
    assert.equal(rebuilt.analysed, CLINICAL_NOTES.length);
    assert.equal(server.generationRequests().length, asked, 'rebuilt from the cache');
    assert.deepEqual(await symbols(third.client, 'warfarin'), expected);
    // A note changed on disk is analysed again, alone; only its changed sentence costs a call.
    const file = path.join(folder, 'progress-diabetes-ckd.note');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('Weight 98 kg.', 'Weight 97 kg today.'));
    const result = await third.client.request<FolderResult>('biomedNlp/analyseFolder', { folders: [folder] });
    assert.equal(result.analysed, 1);
    assert.equal(result.current, CLINICAL_NOTES.length - 1);
    // Entities and relations of the changed sentence only (an NLI check of the note's summary may
    // choose the changed sentence's neighbours as premises now, so those are asked too).
    const sent = server.generationRequests().slice(asked);
    const nli = (r: (typeof sent)[number]) => JSON.stringify(r.body).includes('Sentence 1:');
    assert.ok(sent.filter((r) => !nli(r)).length >= 1);
    for (const r of sent.filter((r) => !nli(r))) assert.ok(JSON.stringify(r.body).includes('97 kg today'), JSON.stringify(r.body).slice(0, 200));
    assert.ok(sent.length < 10, `${sent.length} calls for one changed sentence`);
  });

  it('an open note is indexed as the editor shows it; the folder’s copy is not analysed twice', async () => {
    const { client } = await start();
    const name = 'ed-fall-anticoagulation';
    const file = path.join(folder, `${name}.note`);
    // VS Code spells the URI its own way (`%3A`-style encoding aside, the same file).
    const uri = pathToFileURL(file).href;
    await client.open(uri, fs.readFileSync(file, 'utf8'));
    await whenAnalysed(client, uri);
    const result = await client.request<FolderResult>('biomedNlp/analyseFolder', { folders: [folder] });
    assert.equal(result.analysed, CLINICAL_NOTES.length - 1);
    // Each note of the folder in one count: the open one as open.
    assert.equal(result.open, 1);
    assert.equal(result.analysed + result.current + result.open + result.skipped.length + result.failed.length, result.notes);
    const uris = new Set((await symbols(client, 'atrial fibrillation')).map((s) => s.location.uri));
    assert.ok(uris.has(uri), [...uris].join(' '));
  });

  it('paused while the user types, and cancellable: a cancelled run says so and keeps what it indexed', async () => {
    const { client, progress } = await start();
    const uri = 'file:///typing/scratch.note';
    await client.open(uri, 'Patient seen today.\n');
    server.script(() => ({ kind: 'slow', firstByteMs: 300 }));
    await client.edit(uri, 0, 0, 'A ');
    const source = new CancellationTokenSource();
    const pending = client.conn.sendRequest('biomedNlp/analyseFolder', { folders: [folder] }, source.token) as Promise<FolderResult>;
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(
      progress.some((p) => p.paused),
      'waits while the user has just typed',
    );
    await new Promise((r) => setTimeout(r, 2000));
    source.cancel();
    await assert.rejects(pending, /cancel/i);
    // Whatever was finished before the cancel stays found; the rest is analysed on the next run.
    server.script(undefined);
    const rest = await client.request<FolderResult>('biomedNlp/analyseFolder', { folders: [folder] });
    assert.equal(rest.analysed + rest.current, CLINICAL_NOTES.length);
    assert.ok(rest.analysed >= 1);
  });

  it('findConcepts: concept → notes → mentions with counts per status, filtered by status and type', async () => {
    const { client } = await start();
    await client.request<FolderResult>('biomedNlp/analyseFolder', { folders: [folder] });
    interface Group {
      key: string;
      name: string;
      type: string;
      counts: Record<string, number>;
      notes: { uri: string; mentions: { text: string; statuses: string[]; section: string }[] }[];
    }
    const all = await client.request<{ indexed: number; concepts: Group[] }>('biomedNlp/findConcepts', {});
    assert.equal(all.indexed, CLINICAL_NOTES.length);
    const total = all.concepts.reduce((n, g) => n + g.notes.reduce((k, x) => k + x.mentions.length, 0), 0);
    assert.equal(
      total,
      CLINICAL_NOTES.reduce((n, c) => n + fixtureNote(c).gold.length, 0),
      'every gold entity is in the index once',
    );
    for (const g of all.concepts) {
      const counted = Object.values(g.counts).reduce((a, b) => a + b, 0);
      const statuses = g.notes.flatMap((n) => n.mentions.flatMap((m) => m.statuses)).length;
      assert.equal(counted, statuses, g.key);
    }
    const negated = await client.request<{ concepts: Group[] }>('biomedNlp/findConcepts', { statuses: ['negated'] });
    assert.ok(negated.concepts.length > 0);
    for (const g of negated.concepts) for (const n of g.notes) for (const m of n.mentions) assert.ok(m.statuses.includes('negated'));
    const tests = await client.request<{ concepts: Group[] }>('biomedNlp/findConcepts', { types: ['test'] });
    assert.ok(tests.concepts.length > 0 && tests.concepts.every((g) => g.type === 'test'));
    const none = await client.request<{ concepts: Group[] }>('biomedNlp/findConcepts', { query: 'no such concept anywhere' });
    assert.deepEqual(none.concepts, []);
  });

  it('a concept is found by any of its IDs: linked as OMIM:125853 (MEDIC’s first ID), asked as MESH:D003924 in workspace/symbol and findConcepts', async () => {
    const vocab = buildMedicVocabulary(storage, 'medic-t2d', MEDIC_T2D_ROW);
    const { client } = await start({ linking: { vocabularies: [{ path: vocab, types: ['problem'] }] } });
    await client.request<FolderResult>('biomedNlp/analyseFolder', { folders: [folder] });
    const byOwnId = await symbols(client, 'OMIM:125853');
    assert.ok(byOwnId.length >= 1, 'the linker chose the row’s own ID');
    for (const asked of ['MESH:D003924', 'D003924']) {
      const found = await symbols(client, asked);
      assert.deepEqual(
        found.map((x) => x.location),
        byOwnId.map((x) => x.location),
        asked,
      );
      const groups = await client.request<{ concepts: { id?: string; notes: unknown[] }[] }>('biomedNlp/findConcepts', { query: asked });
      assert.deepEqual(
        groups.concepts.map((g) => g.id),
        ['OMIM:125853'],
        asked,
      );
    }
  });
});
