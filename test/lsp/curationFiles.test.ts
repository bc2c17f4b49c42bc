/**
 * Which files curation writes, over LSP (the server in this process, real files in a
 * temporary folder): an open `.ann` is no note (neither analysed nor rewritten), two notes of
 * one name do not share one `.ann`, and a discontinuous curated entity is shown as its
 * fragments only.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { LspTestClient } from '../support/lspClient';
import { fixtureNote } from '../support/gold';
import { MEDTUNED_MODEL } from '../support/ollamaServer';
import { noteInFolder, openCurated, reviewOf } from '../support/curatedNote';
import { goldServer } from '../support/goldServer';

const NOTE = fixtureNote('ed-chest-pain');
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('LSP: curation files', function () {
  this.timeout(30_000);
  const server = goldServer();
  let client: LspTestClient | undefined;
  let dir: string;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('an open .ann (plaintext) is never a note: editing it writes no .ann and asks the model nothing', async () => {
    const ann = 'T1\tproblem 12 22\tchest pain\nA1\tNegated T1\n';
    let file: string;
    let uri: string;
    ({ dir, file, uri } = noteInFolder('biomed-curation-files-', 'x.ann', ann));
    client = await LspTestClient.inProcess({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 10, curation: { enabled: true } });
    const asked = server.generationRequests().length;
    await client.open(uri, ann, 'plaintext');
    await pause(200);
    await client.edit(uri, ann.length, ann.length, 'T');
    // Past the 300 ms the store waits after typing before it writes.
    await pause(900);
    assert.equal(fs.readFileSync(file, 'utf8'), ann, 'the file on disk is untouched');
    assert.deepEqual(fs.readdirSync(dir), ['x.ann'], 'no other file written');
    assert.equal(server.generationRequests().length, asked, 'nothing asked of the model');
    assert.equal(await client.request('biomedNlp/relations', { uri }), null, 'not analysed');
    assert.deepEqual(await client.tokens(uri), []);
    assert.equal(await reviewOf(client, uri), null);
  });

  it('two notes of one name: the second is refused with a message naming both, and the first one’s .ann is kept', async () => {
    let first: string;
    let firstUri: string;
    ({ dir, file: first, uri: firstUri } = noteInFolder('biomed-curation-files-', 'a.txt', NOTE.text));
    client = await openCurated(server, firstUri, NOTE.text, true);
    const doc = TextDocument.create(firstUri, 'clinical-note', 1, NOTE.text);
    const hp = NOTE.text.indexOf('diaphoresis');
    const range = { start: doc.positionAt(hp), end: doc.positionAt(hp + 'diaphoresis'.length) };
    await client.request('biomedNlp/curate', { uri: firstUri, action: 'annotateSelection', type: 'problem', range });
    const annPath = path.join(dir, 'a.ann');
    const before = fs.readFileSync(annPath, 'utf8');
    assert.match(before, /^T1\tproblem \d+ \d+\tdiaphoresis$/m);

    const second = path.join(dir, 'a.note');
    const secondText = 'Follow-up call: feeling well.\n';
    fs.writeFileSync(second, secondText);
    const secondUri = pathToFileURL(second).href;
    await client.open(secondUri, secondText);
    await pause(200);
    await client.edit(secondUri, 0, 0, 'x');
    await pause(900);
    assert.equal(fs.readFileSync(annPath, 'utf8'), before, "a.txt's curation is untouched");
    assert.equal((await reviewOf(client, secondUri))?.enabled, false);
    const zero = { start: { line: 0, character: 0 }, end: { line: 0, character: 6 } };
    await assert.rejects(client.request('biomedNlp/curate', { uri: secondUri, action: 'annotateSelection', type: 'problem', range: zero }), (err: Error) => {
      assert.ok(err.message.includes(second) && err.message.includes(first) && err.message.includes(annPath), err.message);
      return true;
    });
    assert.ok(client.logs.some((l) => l.includes('a.ann belongs to')));
    assert.equal(fs.readFileSync(annPath, 'utf8'), before);
  });

  it('a discontinuous curated entity is shown as its fragments, not the gap, and written back as it was', async () => {
    let file: string;
    let uri: string;
    ({ dir, file, uri } = noteInFolder('biomed-curation-files-', 'ed-chest-pain.note', NOTE.text));
    // "substernal ... pressure": the two words of "substernal chest pressure" around "chest".
    const s = NOTE.text.indexOf('substernal chest pressure');
    const frag1 = { start: s, end: s + 'substernal'.length };
    const frag2 = { start: s + 'substernal chest '.length, end: s + 'substernal chest pressure'.length };
    const line = `T1\tproblem ${frag1.start} ${frag1.end};${frag2.start} ${frag2.end}\tsubsternal pressure`;
    fs.writeFileSync(file.replace(/\.note$/, '.ann'), line + '\n');
    client = await openCurated(server, uri, NOTE.text, true);
    const curated = (await client.tokens(uri)).filter((t) => t.modifiers.includes('curated'));
    assert.deepEqual(
      curated.map((t) => [t.start, t.end]),
      [
        [frag1.start, frag1.end],
        [frag2.start, frag2.end],
      ],
    );
    // An action elsewhere writes the file: the entity keeps its fragments.
    const doc = TextDocument.create(uri, 'clinical-note', 1, NOTE.text);
    const hp = NOTE.text.indexOf('diaphoresis');
    const range = { start: doc.positionAt(hp), end: doc.positionAt(hp + 'diaphoresis'.length) };
    await client.request('biomedNlp/curate', { uri, action: 'annotateSelection', type: 'problem', range });
    const ann = fs.readFileSync(file.replace(/\.note$/, '.ann'), 'utf8');
    assert.ok(ann.split('\n').includes(line), ann);
  });
});
