/**
 * Curation at open and on settings changes (lsp/server.ts, lsp/curation.ts), the server in
 * this process against the Ollama-protocol test server: a curated note with few-shot
 * examples is asked once per sentence (its store opens before its first analysis), and
 * `biomedNlp.curation.enabled` is followed from didChangeConfiguration by a client without
 * `workspace/configuration`; `.ann` files written by other tools are followed through the
 * client's file watcher.
 */
import { annPathOf } from '../../server/src/engine/curation/store';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NOTES_DIR, fixtureNote } from '../support/gold';
import { LspTestClient, waitFor, whenAnalysed } from '../support/lspClient';
import { pathToFileURL } from 'node:url';
import { LLAMA31_MODEL, MEDTUNED_MODEL, RecordedRequest } from '../support/ollamaServer';
import { curatedNoteSuite, reviewOf } from '../support/curatedNote';
import { goldServer } from '../support/goldServer';

const NOTE = fixtureNote('ed-chest-pain');
/** Fixture notes whose gold `.ann` stand for a curator's work in the same folder. */
const CURATED = ['discharge-heart-failure', 'progress-diabetes-ckd'];

describe('LSP: curation at open, on settings changes and on .ann files changed on disk', function () {
  this.timeout(30_000);
  const server = goldServer();
  const note = curatedNoteSuite('biomed-curation-settings-', 'ed-chest-pain.note', NOTE.text);

  const analysed = () => whenAnalysed(note.client!, note.uri);
  /** The note open under the json profile with curation and three few-shot examples per prompt, analysed. */
  async function openFewShot(): Promise<LspTestClient> {
    note.client = await LspTestClient.inProcess({
      model: LLAMA31_MODEL.name,
      promptProfile: 'json',
      ollama: { host: server.url },
      debounceMs: 10,
      retryIntervalMs: 100,
      curation: { enabled: true, fewShot: 3 },
    });
    await note.client.open(note.uri, NOTE.text);
    await analysed();
    return note.client;
  }
  const lastUser = (r: RecordedRequest): string => r.body.messages.filter((m: { role: string }) => m.role === 'user').at(-1).content;

  it('a curated note with few-shot examples: each sentence asked once, its first prompt already carrying the examples', async () => {
    for (const name of CURATED) for (const ext of ['.note', '.ann']) fs.copyFileSync(path.join(NOTES_DIR, name + ext), path.join(note.dir, name + ext));
    const mark = server.generationRequests().length;
    note.client = await openFewShot();
    const ner = server
      .generationRequests()
      .slice(mark)
      .filter((r) => r.path === '/api/chat' && /^Entity types: /.test(lastUser(r)));
    const asked = ner.map(lastUser);
    const sentences = note.client.server!.workspace.current(note.uri)!.sentences.length;
    // Analysed before its store opened, the note was asked again once the examples came.
    assert.equal(new Set(asked).size, asked.length, `no sentence asked twice (${asked.length} entity prompts)`);
    assert.equal(asked.length, sentences);
    // System, the examples as user/assistant turns, the sentence.
    const withExamples = ner.filter((r) => r.body.messages.length > 2).length;
    assert.ok(withExamples >= sentences / 2, `most sentences get examples (${withExamples}/${sentences})`);
    assert.equal((await reviewOf(note.client, note.uri))?.enabled, true);
  });

  it('without workspace/configuration, switching curation on and off in didChangeConfiguration is followed', async () => {
    const settings = { model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 10, retryIntervalMs: 100, curation: { enabled: false } };
    note.client = await LspTestClient.inProcess(settings, {}, { configuration: false });
    await note.client.open(note.uri, NOTE.text);
    await analysed();
    assert.notEqual((await reviewOf(note.client, note.uri))?.enabled, true, 'off as the initial settings say');
    await note.client.changeSettings({ ...settings, curation: { enabled: true } });
    await waitFor('curation to be on', async () => (await reviewOf(note.client!, note.uri))?.enabled === true);
    const review = await reviewOf(note.client, note.uri);
    assert.ok(review && review.total > 0, 'the model entities are suggestions to review');
    await note.client.changeSettings(settings);
    await waitFor('curation to be off', async () => (await reviewOf(note.client!, note.uri))?.enabled !== true);
  });
  it("an .ann written by another tool: the note shows it at once, and the folder's open notes get the examples it adds", async () => {
    const mark = server.generationRequests().length;
    note.client = await openFewShot();
    const watcher = note.client.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
    assert.deepEqual(watcher?.registerOptions, { watchers: [{ globPattern: '**/*.ann' }] });
    const ner = () =>
      server
        .generationRequests()
        .slice(mark)
        .filter((r) => r.path === '/api/chat' && /^Entity types: /.test(lastUser(r)));
    assert.ok(ner().length > 0 && ner().every((r) => r.body.messages.length === 2), 'no curated examples in the folder yet');

    // The note's own .ann, written by another annotator's tool: shown without an edit.
    const bp = NOTE.text.indexOf('BP');
    const ann = annPathOf(note.file);
    fs.writeFileSync(ann, `T1\ttest ${bp} ${bp + 2}\tBP\n`);
    const refreshes = note.client.refreshRequests;
    await note.client.filesChanged([{ uri: pathToFileURL(ann).href, type: 1 }]);
    await waitFor('a semantic tokens refresh', () => note.client!.refreshRequests > refreshes);
    const token = (await note.client.tokens(note.uri)).find((t) => t.start === bp && t.end === bp + 2);
    assert.ok(token?.modifiers.includes('curated'), 'BP is shown as curated');

    // Two curated notes arrive in the folder (a sync): the open note's sentences are asked again with examples.
    const asked = ner().length;
    for (const name of CURATED) for (const ext of ['.note', '.ann']) fs.copyFileSync(path.join(NOTES_DIR, name + ext), path.join(note.dir, name + ext));
    await note.client.filesChanged(CURATED.map((name) => ({ uri: pathToFileURL(path.join(note.dir, `${name}.ann`)).href, type: 1 as const })));
    await waitFor('entity prompts with the new examples', () =>
      ner()
        .slice(asked)
        .some((r) => r.body.messages.length > 2),
    );
    await analysed();
    const again = ner().slice(asked);
    assert.ok(again.filter((r) => r.body.messages.length > 2).length >= again.length / 2, 'the sentences asked again carry examples');
  });
  it("the store's own writes coming back through the watcher re-plan nothing", async () => {
    note.client = await openFewShot();
    const bp = NOTE.text.indexOf('BP');
    const ann = annPathOf(note.file);
    const annUri = pathToFileURL(ann).href;
    fs.writeFileSync(ann, `T1\ttest ${bp} ${bp + 2}\tBP\n`);
    await note.client.filesChanged([{ uri: annUri, type: 1 }]);
    await waitFor('BP curated', async () => (await reviewOf(note.client!, note.uri))?.curated.length === 1);
    await analysed();
    // Typing before BP moves it: the store writes the .ann once typing pauses.
    await note.client.edit(note.uri, 0, 0, 'x');
    await waitFor('the moved offsets on disk', () => fs.readFileSync(ann, 'utf8').includes(`test ${bp + 1} ${bp + 3}`));
    await analysed();
    const analysis = note.client.server!.workspace.current(note.uri);
    const mark = server.generationRequests().length;
    await note.client.filesChanged([{ uri: annUri, type: 2 }]);
    // Answered after the notification was handled; then room for any analysis it started.
    await reviewOf(note.client, note.uri);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal(note.client.server!.workspace.current(note.uri), analysis, 'the note is not analysed again');
    assert.equal(server.generationRequests().length, mark, 'nothing is asked');
  });
});
