/**
 * The curation request's `link` action (biomedNlp/curate): a link decision
 * on the entity at a range (a suggestion is accepted first), written to the note's `.ann` as
 * brat N lines, a NoConcept note for none, and cleared with null; bad concepts are refused.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CurateCommand } from '../../server/src/protocol/protocol';
import type { CurateResult } from '../../server/src/protocol/protocol';
import { LspTestClient, waitFor } from '../support/lspClient';
import { fixtureNote } from '../support/gold';
import { noteInFolder, openCurated, reviewOf } from '../support/curatedNote';
import { goldServer } from '../support/goldServer';

const NOTE = fixtureNote('ed-chest-pain');

describe('LSP: curation link decisions (biomedNlp/curate, action link)', function () {
  this.timeout(30_000);
  const server = goldServer();
  let client: LspTestClient | undefined;
  let dir: string;
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('links a suggestion (accepting it), marks none, clears; the .ann holds the T line with its N line or NoConcept note', async () => {
    let uri: string;
    ({ dir, uri } = noteInFolder('biomed-curation-link-', 'ed-chest-pain.note', NOTE.text));
    client = await openCurated(server, uri, NOTE.text, true);
    const [first] = (await reviewOf(client, uri))!.suggestions;
    assert.ok(first, 'the model made a suggestion');
    const curate = (params: Record<string, unknown>) =>
      client!.request<CurateResult>('biomedNlp/curate', { uri, action: 'link', range: first.range, ...params });
    const ann = () => fs.readFileSync(path.join(dir, 'ed-chest-pain.ann'), 'utf8');

    const linked = await curate({ concepts: [{ id: 'LOCAL:CP1', name: 'Chest Pain' }] });
    assert.deepEqual(linked, { changed: true, message: `Linked “${first.text}” to LOCAL:CP1 Chest Pain` });
    const t = ann().split('\n')[0];
    assert.match(t, new RegExp(`^T1\\t${first.type} \\d+ \\d+\\t${first.text}$`));
    assert.match(ann(), /^N1\tReference T1 LOCAL:CP1\tChest Pain$/m);

    assert.equal((await curate({ concepts: [] })).message, `“${first.text}”: no concept fits`);
    assert.doesNotMatch(ann(), /^N/m);
    assert.match(ann(), /^#1\tNoConcept T1\tno concept fits$/m);

    assert.equal((await curate({ concepts: null })).message, `Cleared the link of “${first.text}”`);
    assert.equal(ann(), `${t}\n`, 'the entity stays curated, its decision gone');

    // A quick fix's command changes the store as the request does: the client hears it at once,
    // so that every count shown of the review (the status bar's, the panel's) is asked again.
    const before = client.curationChanges.length;
    await client.request('workspace/executeCommand', {
      command: CurateCommand,
      arguments: [{ uri, action: 'link', range: first.range, concepts: [{ id: 'LOCAL:CP2', name: 'Angina' }] }],
    });
    assert.match(ann(), /^N1\tReference T1 LOCAL:CP2\tAngina$/m);
    await waitFor('the curation change said', () => client!.curationChanges.slice(before).some((c) => c.uri === uri && c.enabled));
    assert.equal((await curate({ concepts: null })).message, `Cleared the link of “${first.text}”`);

    await assert.rejects(curate({}), /No concepts given/);
    await assert.rejects(curate({ concepts: [{ id: 'two words', name: 'x' }] }), /its id without spaces/);
    assert.equal(ann(), `${t}\n`);
  });
});
