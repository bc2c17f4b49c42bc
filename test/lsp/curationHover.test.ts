/**
 * Hovers follow curation, over LSP with the server in this process: an
 * unreviewed suggestion says so, an accepted entity says it is curated, a retyped one shows
 * the curated type, one added by hand says so, and a rejected suggestion no longer hovers as
 * an entity. The actions are the real code actions; the state is the `.ann` beside the note.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fixtureNote } from '../support/gold';
import { curatedNoteSuite, openCurated } from '../support/curatedNote';
import { goldServer } from '../support/goldServer';

const NOTE = fixtureNote('ed-chest-pain');

interface Action {
  title: string;
  command: { command: string; arguments: unknown[] };
}

describe('LSP: hovers follow curation', function () {
  this.timeout(30_000);
  const server = goldServer();
  const note = curatedNoteSuite('biomed-curation-hover-', 'ed-chest-pain.note', NOTE.text);

  const doc = () => TextDocument.create(note.uri, 'clinical-note', 1, note.client!.text(note.uri));
  const at = (s: string) => {
    const i = note.client!.text(note.uri).indexOf(s);
    assert.ok(i >= 0, s);
    return { start: i, end: i + s.length };
  };
  /** The hover's markdown at `offset`; '' for none. */
  const hover = async (offset: number): Promise<string> =>
    (
      await note.client!.request<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri: note.uri },
        position: doc().positionAt(offset),
      })
    )?.contents.value ?? '';
  async function run(start: number, end: number, title: string): Promise<void> {
    const d = doc();
    const list = await note.client!.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri: note.uri },
      range: { start: d.positionAt(start), end: d.positionAt(end) },
      context: { diagnostics: [] },
    });
    const a = list.find((x) => x.title === title);
    assert.ok(a, `no action ${title} among ${list.map((x) => x.title).join(' | ')}`);
    await note.client!.request('workspace/executeCommand', a.command);
  }

  it('curation off: the model entity, with no word of review', async () => {
    note.client = await openCurated(server, note.uri, NOTE.text, false);
    const text = await hover(at('diaphoresis').start);
    assert.ok(text.startsWith('**problem** “diaphoresis”'), text);
    assert.doesNotMatch(text!, /Suggestion|Curated|annotator/);
  });

  it('unreviewed, accepted, retyped, added, rejected: each hover says what the annotator decided', async () => {
    note.client = await openCurated(server, note.uri, NOTE.text, true);

    // Not yet reviewed: the model's entity, said to be a suggestion.
    const dia = at('diaphoresis');
    const suggested = await hover(dia.start);
    assert.ok(suggested.startsWith('**problem** “diaphoresis”'), suggested);
    assert.ok(suggested.includes('Suggestion from the model, not yet reviewed.'), suggested);

    // Accepted: curated, from the store, and no longer a suggestion.
    await run(dia.start, dia.start, 'Accept problem “diaphoresis”');
    const accepted = await hover(dia.start + 2);
    assert.ok(accepted.startsWith('**problem** “diaphoresis”'), accepted);
    assert.ok(accepted.includes('Curated: accepted by an annotator.'), accepted);
    assert.doesNotMatch(accepted, /Suggestion/);

    // Retyped: the curated type is the one shown, and the model's is named as replaced.
    const ecg = at('ECG');
    assert.ok((await hover(ecg.start)).startsWith('**test** “ECG”'));
    await run(ecg.start, ecg.start, 'Change Type to treatment');
    const retyped = await hover(ecg.start);
    assert.ok(retyped.startsWith('**treatment** “ECG”'), retyped);
    assert.ok(retyped.includes("Curated: an annotator changed the type from **test** (the model's) to **treatment**."), retyped);

    // Added by hand where the model suggested nothing.
    const stairs = at('climbing stairs');
    assert.equal(await hover(stairs.start), '', 'no entity there before');
    await run(stairs.start, stairs.end, 'Annotate Selection as problem');
    const added = await hover(stairs.start + 3);
    assert.ok(added.startsWith('**problem** “climbing stairs”'), added);
    assert.ok(added.includes('Curated: added by an annotator.'), added);

    // Rejected: no entity hover (no type, no relations), one line saying it was rejected.
    const hl = at('hyperlipidemia');
    assert.ok((await hover(hl.start)).startsWith('**problem** “hyperlipidemia”'));
    await run(hl.start + 3, hl.start + 3, 'Reject problem “hyperlipidemia”');
    assert.equal(await hover(hl.start + 3), '*Rejected suggestion: an annotator rejected this; it is not an entity of this note.*');
  });

  it('curated statuses are the ones shown, and the relations stay on the curated entity', async () => {
    note.client = await openCurated(server, note.uri, NOTE.text, true);
    const nitro = at('Nitroglycerin');
    const before = await hover(nitro.start);
    assert.match(before, /TrIP/);
    await run(nitro.start, nitro.start, 'Accept treatment “Nitroglycerin”');
    await run(nitro.start, nitro.start, 'Set Status: hypothetical');
    const after = await hover(nitro.start);
    assert.ok(after.startsWith('**treatment** “Nitroglycerin” *(hypothetical)*'), after);
    assert.ok(after.includes('Curated: accepted by an annotator.'), after);
    assert.match(after, /TrIP/, 'its relation is still shown');
  });
});
