/**
 * Concept linking in the language server (dist/server.js over stdio): the setting
 * biomedNlp.linking.vocabularies through the settings channel, the hover's concept line
 * and the note's other mentions of it (markdown and plain text), the panel's entity rows,
 * a missing vocabulary said once, and biomedNlp/addVocabulary building a `.vocab` from a
 * TSV written here (window progress in percent; a bad line answered with its file and line).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AddVocabularyResult, NoteOverview } from '../../server/src/protocol/protocol';
import { buildTsvVocabulary, DISORDERS_TSV, DRUGS_TSV, LINKING_NOTE, linkingNoteGold } from '../support/linkingNote';
import { CLI } from '../support/cli';
import { ClientOptions, LspTestClient, SERVER_JS, waitFor } from '../support/lspClient';
import { MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

const URI = 'file:///linking/follow-up.note';
const doc = TextDocument.create(URI, 'clinical-note', 1, LINKING_NOTE);

describe('LSP: concept linking (biomedNlp.linking.vocabularies)', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  let client: LspTestClient | undefined;
  let tmp: string;
  let disorders: string;
  let drugs: string;
  before(async () => {
    server = await OllamaTestServer.start({ gold: [linkingNoteGold()] });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-lsp-linking-'));
    disorders = buildTsvVocabulary(tmp, 'disorders', DISORDERS_TSV);
    drugs = buildTsvVocabulary(tmp, 'drugs', DRUGS_TSV);
  });
  after(async () => {
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  const settings = (vocabularies: unknown[]) => ({
    model: MEDTUNED_MODEL.name,
    ollama: { host: server.url },
    debounceMs: 10,
    retryIntervalMs: 100,
    relations: { enabled: false },
    linking: { vocabularies },
  });

  async function hoverAt(surface: string, n = 0): Promise<{ kind: string; value: string } | undefined> {
    let at = -1;
    for (let i = 0; i <= n; i++) at = LINKING_NOTE.indexOf(surface, at + 1);
    const hover = await client!.request<{ contents: { kind: string; value: string } } | null>('textDocument/hover', {
      textDocument: { uri: URI },
      position: doc.positionAt(at + 1),
    });
    return hover?.contents;
  }
  // Every sentence's entities, the last mention's too: a hover that names the other mentions of a
  // concept is read only once they are all known (the sentences are analysed in no fixed order).
  const entitiesKnown = () =>
    waitFor(
      'the entities',
      async () => (await hoverAt('warfarin')) !== undefined && (await hoverAt('CKD', 1)) !== undefined && (await hoverAt('Atrial fibrillation')) !== undefined,
    );

  it('the hover names the concept and the other mentions of it in the note (markdown, escaped)', async () => {
    client = await LspTestClient.start(
      settings([
        { path: disorders, types: ['problem'] },
        { path: drugs, types: ['treatment'] },
      ]),
    );
    await client.open(URI, LINKING_NOTE);
    await entitiesKnown();
    // The other mention is named once its own sentence is linked too: read again until it is.
    await waitFor('the other mention linked', async () => !!(await hoverAt('atrial fibrillation'))?.value.includes('Also in this note'));
    const af = (await hoverAt('atrial fibrillation'))!;
    assert.equal(af.kind, 'markdown');
    const lines = af.value.split('\n');
    assert.ok(lines.includes('Concept: MESH\\:D001281 Atrial Fibrillation, disorders'), af.value);
    assert.ok(lines.includes('Also in this note: “Atrial fibrillation” (line 9)'), af.value);
    const ckd = (await hoverAt('CKD', 1))!;
    assert.ok(
      ckd.value.split('\n').includes('Concept: MESH\\:D051436 Renal Insufficiency, Chronic, disorders *(an abbreviation this note defines)*'),
      ckd.value,
    );
    assert.ok(ckd.value.includes('Also in this note: “chronic kidney disease” (line 4)'), ckd.value);
    const warfarin = (await hoverAt('warfarin'))!;
    assert.ok(warfarin.value.includes('Concept: MESH\\:D014859 Warfarin, drugs'), warfarin.value);
    assert.ok(!warfarin.value.includes('Also in this note'), 'no other mention of it');
  });

  it('a plain-text client gets the same lines without markdown (settings at initialize only)', async () => {
    const capabilities: ClientOptions['capabilities'] = {
      workspace: { configuration: false },
      window: { workDoneProgress: false },
      textDocument: { hover: { contentFormat: ['plaintext'] } },
    };
    client = await LspTestClient.start(null as never, SERVER_JS, {
      initializationOptions: { biomedNlp: settings([{ path: disorders, types: [] }, { path: path.join(tmp, 'gone.vocab') }]) },
      capabilities,
    });
    await client.open(URI, LINKING_NOTE);
    await entitiesKnown();
    const ckd = (await hoverAt('CKD', 1))!;
    assert.equal(ckd.kind, 'plaintext');
    const lines = ckd.value.split('\n');
    assert.ok(lines.includes('Concept: MESH:D051436 Renal Insufficiency, Chronic, disorders (an abbreviation this note defines)'), ckd.value);
    assert.ok(lines.includes('Also in this note: “chronic kidney disease” (line 4)'), ckd.value);
    // Settings only at initialize: the missing vocabulary is said once the note opens, once.
    const said = client.messages.filter((m) => m.message.includes('gone.vocab'));
    assert.equal(said.length, 1, JSON.stringify(client.messages));
  });

  it('the panel rows carry their concepts; a changed setting reaches the server and a missing file is said once', async () => {
    client = await LspTestClient.start(settings([{ path: drugs, types: ['treatment'] }]));
    await client.open(URI, LINKING_NOTE);
    await entitiesKnown();
    const rows = async () => {
      const o = (await client!.request<NoteOverview | null>('biomedNlp/noteOverview', { uri: URI }))!;
      return o.entities.map((e) => `${e.text}: ${(e.concepts ?? []).map((c) => `${c.id} ${c.name} (${c.vocabulary})`).join(' + ') || '-'}`);
    };
    assert.deepEqual(await rows(), [
      'atrial fibrillation: -',
      'chronic kidney disease: -',
      'CKD: -',
      'warfarin: MESH:D014859 Warfarin (drugs)',
      'Atrial fibrillation: -',
    ]);

    const missing = path.join(tmp, 'not-built.vocab');
    await client.changeSettings(settings([{ path: disorders, types: ['problem'] }, { path: missing }]));
    const said = await waitFor('the missing vocabulary said', () => client!.messages.find((m) => m.message.includes('not-built.vocab')));
    assert.equal(said.type, 2, 'a warning');
    assert.match(said.message, /^The vocabulary .*not-built\.vocab \(biomedNlp\.linking\.vocabularies\) was not found: entities are not linked with it\./);
    assert.deepEqual(await rows(), [
      'atrial fibrillation: MESH:D001281 Atrial Fibrillation (disorders)',
      'chronic kidney disease: MESH:D051436 Renal Insufficiency, Chronic (disorders)',
      'CKD: MESH:D051436 Renal Insufficiency, Chronic (disorders)',
      'warfarin: -',
      'Atrial fibrillation: MESH:D001281 Atrial Fibrillation (disorders)',
    ]);
    // Settings read again with that problem unchanged and another one: only the new one is said.
    await client.changeSettings(settings([{ path: disorders, types: ['problem'] }, { path: missing }, { path: path.join(tmp, 'other.vocab') }]));
    await waitFor('the second missing vocabulary said', () => client!.messages.find((m) => m.message.includes('other.vocab')));
    assert.equal(client.messages.filter((m) => m.message.includes('not-built.vocab')).length, 1);
  });

  it('biomedNlp/addVocabulary builds a .vocab beside its source with window progress; a bad line is its message with file and line, nothing written', async () => {
    client = await LspTestClient.start(settings([]));
    const dir = fs.mkdtempSync(path.join(tmp, 'add-'));
    const source = path.join(dir, 'cardiology terms.tsv');
    fs.writeFileSync(source, DISORDERS_TSV);
    const result = await client.request<AddVocabularyResult>('biomedNlp/addVocabulary', { source, format: 'tsv', label: 'CARDIO' });
    assert.deepEqual(result, { path: path.join(dir, 'cardiology terms.vocab'), label: 'CARDIO', concepts: 2 });
    assert.ok(fs.statSync(result.path!).size > 0);
    const reports = client.progress.map((p) => (p as { value: { kind: string; percentage?: number; title?: string } }).value);
    assert.equal(reports[0].kind, 'begin');
    assert.equal(reports[0].title, 'Building the vocabulary CARDIO');
    assert.equal(reports.at(-1)!.kind, 'end');
    const percents = reports.filter((r) => r.kind === 'report').map((r) => r.percentage!);
    assert.ok(percents.length > 0 && percents.every((p, i) => p >= 0 && p <= 100 && (i === 0 || p >= percents[i - 1])), JSON.stringify(percents));

    // The built file serves as a vocabulary of the setting.
    await client.changeSettings(settings([{ path: result.path, types: ['problem'] }]));
    await client.open(URI, LINKING_NOTE);
    await entitiesKnown();
    assert.ok((await hoverAt('atrial fibrillation'))!.value.includes('Concept: MESH\\:D001281 Atrial Fibrillation, CARDIO'));

    const bad = path.join(dir, 'bad.tsv');
    fs.writeFileSync(bad, 'MESH:D001281\tAtrial Fibrillation\nMESH:D014859 Warfarin\n');
    const failed = await client.request<AddVocabularyResult>('biomedNlp/addVocabulary', { source: bad, format: 'tsv' });
    assert.deepEqual(failed, { error: `${bad} line 2: one field where a row has id<TAB>name[<TAB>type] (is it tab-separated?)` });
    assert.ok(!fs.existsSync(path.join(dir, 'bad.vocab')));
    // A .vocab picked as the source is added as it is, never rebuilt over itself.
    const built = fs.readFileSync(result.path!);
    assert.deepEqual(await client.request<AddVocabularyResult>('biomedNlp/addVocabulary', { source: result.path, format: 'tsv' }), { ...result, concepts: 2 });
    assert.ok(fs.readFileSync(result.path!).equals(built));
    const none = await client.request<AddVocabularyResult>('biomedNlp/addVocabulary', { source: path.join(dir, 'absent.tsv'), format: 'tsv' });
    assert.deepEqual(none, { error: `No such file: ${path.join(dir, 'absent.tsv')}` });
  });

  it('biomedNlp/addVocabulary builds through biomed lsp --stdio too (the same bundle runs the worker)', async () => {
    const dir = fs.mkdtempSync(path.join(tmp, 'cli-'));
    const source = path.join(dir, 'drugs.tsv');
    fs.writeFileSync(source, DRUGS_TSV);
    client = await LspTestClient.spawn(settings([]), [CLI, 'lsp', '--stdio']);
    const result = await client.request<AddVocabularyResult>('biomedNlp/addVocabulary', { source, format: 'tsv' });
    assert.deepEqual(result, { path: path.join(dir, 'drugs.vocab'), label: 'drugs', concepts: 1 });
  });

  it('biomedNlp/addVocabulary refuses an unknown format, and a server without its worker script says what to do instead', async () => {
    const source = path.join(tmp, 'drugs.tsv');
    client = await LspTestClient.start(settings([]));
    const unknown = await client.request<AddVocabularyResult>('biomedNlp/addVocabulary', { source, format: 'csv' });
    assert.deepEqual(unknown, { error: 'Unknown vocabulary format "csv": one of umls, medic, ctd-chemicals, mesh-xml, obo, tsv.' });
    await client.stop();
    client = await LspTestClient.inProcess(settings([]));
    const refused = await client.request<AddVocabularyResult>('biomedNlp/addVocabulary', { source, format: 'tsv' });
    assert.deepEqual(refused, { error: 'This server cannot build vocabularies: run biomed vocab build, then add the file to biomedNlp.linking.vocabularies.' });
  });
});
