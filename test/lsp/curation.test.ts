/**
 * Curation over LSP (lsp/curation.ts), the server in this process: a fixture note copied to
 * a temporary folder, the Ollama-protocol test server answering from its gold, and every
 * action checked in the `.ann` written beside the note and in the semantic tokens.
 */
import { annPathOf } from '../../server/src/engine/curation/store';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CurateResult } from '../../server/src/protocol/protocol';
import { parseBratDocument } from '../../server/src/engine/formats/bratDocument';
import { waitFor } from '../support/lspClient';
import { fixtureNote } from '../support/gold';
import { curatedNoteSuite, openCurated, reviewOf } from '../support/curatedNote';
import { goldServer } from '../support/goldServer';

const NOTE = fixtureNote('ed-chest-pain');

interface Action {
  title: string;
  command: { command: string; arguments: unknown[] };
}

describe('LSP: curation', function () {
  this.timeout(30_000);
  const server = goldServer();
  const note = curatedNoteSuite('biomed-curation-lsp-', 'ed-chest-pain.note', NOTE.text);

  const annFile = () => annPathOf(note.file);
  const ann = () => fs.readFileSync(annFile(), 'utf8');
  const curated = (text = note.client!.text(note.uri)) => {
    const read = parseBratDocument('n', text, ann());
    assert.equal(read.skipped, 0, 'the .ann is valid BRAT for the corpus reader');
    return read.document.entities.map((e) => `${e.type} ${e.text}@${e.start}`).sort();
  };
  const at = (s: string, nth = 0) => {
    const text = note.client!.text(note.uri);
    let i = -1;
    for (let k = 0; k <= nth; k++) i = text.indexOf(s, i + 1);
    assert.ok(i >= 0, s);
    return { start: i, end: i + s.length };
  };
  const doc = () => TextDocument.create(note.uri, 'clinical-note', 1, note.client!.text(note.uri));
  const review = () => reviewOf(note.client!, note.uri);

  async function start(enabled = true): Promise<void> {
    note.client = await openCurated(server, note.uri, NOTE.text, enabled);
  }

  async function actions(start: number, end = start): Promise<Action[]> {
    const d = doc();
    return note.client!.request<Action[]>('textDocument/codeAction', {
      textDocument: { uri: note.uri },
      range: { start: d.positionAt(start), end: d.positionAt(end) },
      context: { diagnostics: [] },
    });
  }
  async function run(list: Action[], title: string | RegExp): Promise<CurateResult> {
    const a = list.find((x) => (typeof title === 'string' ? x.title === title : title.test(x.title)));
    assert.ok(a, `no action ${title} among ${list.map((x) => x.title).join(' | ')}`);
    return note.client!.request<CurateResult>('workspace/executeCommand', a.command);
  }
  const tokenAt = async (s: { start: number; end: number }) => (await note.client!.tokens(note.uri)).find((t) => t.start === s.start && t.end === s.end);

  it('off by default: no suggestions, no curation actions, no .ann', async () => {
    await start(false);
    const tokens = await note.client!.tokens(note.uri);
    assert.ok(tokens.length > 0);
    assert.ok(tokens.every((t) => !t.modifiers.includes('suggested') && !t.modifiers.includes('curated')));
    const hp = at('hypertension');
    assert.deepEqual(await actions(hp.start), []);
    assert.deepEqual(await review(), { enabled: false, reviewed: 0, total: 0, suggestions: [], curated: [], deleted: [], pending: false });
    assert.equal(fs.existsSync(annFile()), false);
  });

  it('legend: suggested and curated appended after the old modifiers', async () => {
    await start();
    assert.deepEqual(note.client!.legend.tokenModifiers.slice(-2), ['suggested', 'curated']);
    assert.equal(note.client!.legend.tokenModifiers.indexOf('negated'), 0);
  });

  it('Accept, Reject, Change Type, Set Status: the .ann, the tokens and the progress follow', async () => {
    await start();
    const total = NOTE.gold.length;
    const first = await review();
    assert.equal(first!.total, total);
    assert.equal(first!.reviewed, 0);
    assert.equal(first!.suggestions.length, total);
    // An entity with no status of its own: hypertension is history, the background of the HPI's presentation.
    assert.deepEqual((await tokenAt(at('hypertension')))?.modifiers, ['historical', 'suggested']);
    const hp = at('diaphoresis');
    assert.deepEqual((await tokenAt(hp))?.modifiers, ['suggested']);

    // Accept: with the cursor just after the word.
    const r = await run(await actions(hp.end), 'Accept problem “diaphoresis”');
    assert.deepEqual(r, { changed: true, message: 'Accepted problem “diaphoresis”' });
    assert.equal(ann(), `T1\tproblem ${hp.start} ${hp.end}\tdiaphoresis\n`);
    assert.deepEqual((await tokenAt(hp))?.modifiers, ['curated']);

    // Reject: the suggestion is gone and stays gone.
    const hl = at('hyperlipidemia');
    await run(await actions(hl.start + 3), 'Reject problem “hyperlipidemia”');
    assert.match(ann(), new RegExp(`^#1\\tRejected problem:${hl.start}-${hl.end}\\thyperlipidemia$`, 'm'));
    assert.equal(await tokenAt(hl), undefined);
    assert.deepEqual(curated(), [`problem diaphoresis@${hp.start}`]);

    // Change Type on a suggestion: curated with the new type.
    const ecg = at('ECG');
    await run(await actions(ecg.start), 'Change Type to treatment');
    assert.deepEqual((await tokenAt(ecg))?.type, 'treatment');
    assert.deepEqual((await tokenAt(ecg))?.modifiers, ['curated']);
    // ... and on a curated entity.
    await run(await actions(ecg.start), 'Change Type to test');
    assert.deepEqual(curated(), [`problem diaphoresis@${hp.start}`, `test ECG@${ecg.start}`]);

    // Set Status on a curated entity: an attribute line; Clear takes it away.
    await run(await actions(hp.start), 'Set Status: historical');
    assert.match(ann(), /^A1\tHistorical T1$/m);
    assert.deepEqual((await tokenAt(hp))?.modifiers.sort(), ['curated', 'historical']);
    await run(await actions(hp.start), 'Set Status: family');
    assert.match(ann(), /^A2\tExperiencer T1 Other$/m);
    await run(await actions(hp.start), 'Clear Status: historical');
    assert.doesNotMatch(ann(), /Historical/);

    // The model's statuses come with an accepted suggestion ("She denies shortness of breath").
    const sob = at('shortness of breath');
    assert.ok((await tokenAt(sob))?.modifiers.includes('negated'));
    await run(await actions(sob.start), 'Accept problem “shortness of breath”');
    assert.match(ann(), /^A\d+\tNegated T\d+$/m);

    const after = await review();
    assert.equal(after!.total, total);
    assert.equal(after!.reviewed, 4);
    assert.equal(after!.suggestions.length, total - 4);
    assert.deepEqual(
      after!.curated.map((c) => c.text),
      ['diaphoresis', 'shortness of breath', 'ECG'],
    );
  });

  it('Adjust to Selection, Annotate Selection as…, Accept All in Sentence', async () => {
    await start();
    // Adjust a suggestion to a selection: "substernal chest pressure" → "chest pressure".
    const cp = at('chest pressure');
    const acts = await actions(cp.start, cp.end);
    assert.ok(acts.some((a) => a.title === 'Annotate Selection as test'));
    await run(acts, 'Adjust to Selection “chest pressure”');
    assert.deepEqual(curated(), [`problem chest pressure@${cp.start}`]);
    // The whole suggestion is reviewed: no suggested token overlaps it any more.
    const whole = at('substernal chest pressure');
    assert.ok((await note.client!.tokens(note.uri)).every((t) => t.end <= whole.start || t.start >= whole.end || t.modifiers.includes('curated')));
    // Adjust a curated entity.
    const pressure = at('pressure');
    await run(await actions(pressure.start, pressure.end), 'Adjust to Selection “pressure”');
    assert.deepEqual(curated(), [`problem pressure@${pressure.start}`]);

    // Annotate a selection the model did not suggest.
    const stairs = at('climbing stairs');
    await run(await actions(stairs.start, stairs.end), 'Annotate Selection as problem');
    assert.ok(curated().includes(`problem climbing stairs@${stairs.start}`));

    // Accept All in Sentence: "She takes metformin, amlodipine and simvastatin."
    const met = at('metformin');
    const res = await run(await actions(met.start), 'Accept All in Sentence');
    assert.deepEqual(res, { changed: true, message: 'Accepted 3 suggestions in the sentence' });
    for (const w of ['metformin', 'amlodipine', 'simvastatin']) assert.ok(curated().includes(`treatment ${w}@${at(w).start}`), w);
    assert.equal(
      (await actions(met.start)).some((a) => a.title === 'Accept All in Sentence'),
      false,
    );
  });

  it('Accept / Reject Relation from the hover: command links that carry the action, only where curation is on', async () => {
    const hoverAt = async (offset: number) =>
      (await note.client!.request<{ contents: { value: string } } | null>('textDocument/hover', {
        textDocument: { uri: note.uri },
        position: doc().positionAt(offset),
      }))!.contents.value;
    await start(false);
    assert.doesNotMatch(await hoverAt(at('Nitroglycerin').start), /command:/, 'no links in the read-only view');
    await note.client!.stop();
    await start();
    const nitro = at('Nitroglycerin');
    const hover = await hoverAt(nitro.start);
    const links = [...hover.matchAll(/\[(Accept|Reject)\]\(command:biomedNlp\.curation\.(acceptRelation|rejectRelation)\?([^ )]+)/g)];
    assert.deepEqual(
      links.map((m) => [m[1], m[2]]),
      [
        ['Accept', 'acceptRelation'],
        ['Reject', 'rejectRelation'],
      ],
    );
    // What the client's command sends when the link is clicked: its one argument.
    const [params] = JSON.parse(decodeURIComponent(links[0][3])) as [Record<string, unknown>];
    assert.equal(params.uri, note.uri);
    assert.equal((params.relation as { label: string }).label, 'TrIP');
    assert.equal((await note.client!.request<CurateResult>('biomedNlp/curate', params)).changed, true);
    const read = parseBratDocument('n', note.client!.text(note.uri), ann());
    assert.deepEqual(
      read.document.relations.map((r) => r.label),
      ['TrIP'],
    );
  });

  it('Accept Relation / Reject Relation, from the entity under the cursor', async () => {
    await start();
    // Gold: TrIP(Nitroglycerin, chest pain) and TeRP(ECG, 2 mm ST elevation).
    const nitro = at('Nitroglycerin');
    await run(await actions(nitro.start), 'Accept Relation TrIP: “Nitroglycerin” → “chest pain”');
    const text = note.client!.text(note.uri);
    const read = parseBratDocument('n', text, ann());
    assert.deepEqual(
      read.document.relations.map((r) => [
        r.label,
        read.document.entities.find((e) => e.id === r.head)!.text,
        read.document.entities.find((e) => e.id === r.tail)!.text,
      ]),
      [['TrIP', 'Nitroglycerin', 'chest pain']],
    );
    // Accepting the relation accepted both its entities.
    assert.deepEqual(curated(), [`problem chest pain@${text.indexOf('chest pain', nitro.end)}`, `treatment Nitroglycerin@${nitro.start}`]);
    assert.equal(
      (await actions(nitro.start)).some((a) => /Relation TrIP/.test(a.title)),
      false,
      'a reviewed relation is not offered again',
    );

    const ecg = at('ECG');
    const st = at('2 mm ST elevation');
    await run(await actions(ecg.start), 'Reject Relation TeRP: “ECG” → “2 mm ST elevation”');
    assert.match(ann(), new RegExp(`^#1\\tRejectedRelation TeRP:${ecg.start}-${ecg.end}:${st.start}-${st.end}\\tECG -> 2 mm ST elevation$`, 'm'));
    assert.equal(
      (await actions(ecg.start)).some((a) => /Relation TeRP/.test(a.title)),
      false,
    );
  });

  it('the biomedNlp/curate request: the keyboard commands, with a selection or the cursor', async () => {
    await start();
    const d = doc();
    const range = (s: { start: number; end: number }) => ({ start: d.positionAt(s.start), end: d.positionAt(s.end) });
    const hr = at('HR');
    assert.deepEqual(await note.client!.request('biomedNlp/curate', { uri: note.uri, action: 'accept', range: range({ start: hr.start, end: hr.start }) }), {
      changed: true,
      message: 'Accepted test “HR”',
    });
    assert.deepEqual(
      await note.client!.request('biomedNlp/curate', {
        uri: note.uri,
        action: 'setStatus',
        status: 'hypothetical',
        range: range({ start: hr.start, end: hr.start }),
      }),
      { changed: true, message: 'Set hypothetical on “HR”' },
    );
    assert.match(ann(), /^A1\tHypothetical T1$/m);
    const lungs = at('Lungs clear');
    assert.deepEqual(
      await note.client!.request('biomedNlp/curate', { uri: note.uri, action: 'accept', range: range({ start: lungs.start, end: lungs.start }) }),
      {
        changed: false,
        message: 'No suggestion here.',
      },
    );
    await assert.rejects(
      note.client!.request('biomedNlp/curate', { uri: note.uri, action: 'annotateSelection', type: 'organ', range: range(lungs) }),
      /Not an entity type of this project: organ/,
    );
    await assert.rejects(note.client!.request('biomedNlp/curate', { uri: note.uri, action: 'accept', range: range(hr), version: 99 }), /changed since/);
  });

  it('edits move the curated offsets on disk; deleted text is kept as a note and reported', async () => {
    await start();
    const hp = at('hypertension');
    await run(await actions(hp.start), 'Accept problem “hypertension”');
    const mi = at('Acute inferior ST-elevation myocardial infarction');
    await run(await actions(mi.start), /^Accept problem/);
    // Insert a line at the top (CRLF and an emoji: UTF-16 offsets).
    const added = 'Addendum 🙂\r\n';
    await note.client!.edit(note.uri, 0, 0, added);
    await waitFor('the .ann to follow the edit', () => ann().includes(`T1\tproblem ${hp.start + added.length} ${hp.end + added.length}\thypertension`));
    // Delete the impression's text: its entity goes to a Deleted note.
    const deleted: unknown[] = [];
    note.client!.conn.onNotification('biomedNlp/curationDeleted', (p) => void deleted.push(p));
    const mi2 = at('Acute inferior ST-elevation myocardial infarction');
    await note.client!.edit(note.uri, mi2.start - 1, mi2.end + 1, '');
    await waitFor('the Deleted note', () => /^#1\tDeleted problem:\d+-\d+\tAcute inferior ST-elevation myocardial infarction$/m.test(ann()));
    await waitFor('the notification', () => deleted.length === 1);
    assert.deepEqual(deleted[0], { uri: note.uri, deleted: [{ type: 'problem', text: 'Acute inferior ST-elevation myocardial infarction' }] });
    assert.deepEqual(curated(), [`problem hypertension@${hp.start + added.length}`]);
    assert.deepEqual((await review())!.deleted, [{ type: 'problem', text: 'Acute inferior ST-elevation myocardial infarction' }]);
  });

  it('typing moves the offsets on disk once it pauses, and closing the note writes at once what waits', async () => {
    await start();
    const hp = at('hypertension');
    await run(await actions(hp.start), 'Accept problem “hypertension”');
    const line = (shift: number) => `T1\tproblem ${hp.start + shift} ${hp.end + shift}\thypertension`;
    // A burst of keystrokes before the entity: the file follows once typing pauses.
    for (let i = 0; i < 5; i++) await note.client!.edit(note.uri, 0, 0, 'x');
    await waitFor('the .ann to follow the burst', () => ann().includes(line(5)));
    // One more keystroke and the note closes at once: the close writes it, no wait.
    await note.client!.edit(note.uri, 0, 0, 'y');
    await note.client!.close(note.uri);
    await review().catch(() => undefined);
    assert.ok(ann().includes(line(6)), ann());
  });

  it('an .ann changed on disk is read again: its entities shown, the next action kept on top of it', async () => {
    await start();
    const bp = at('BP');
    fs.writeFileSync(annFile(), `T5\ttest ${bp.start} ${bp.end}\tBP\n#3\tAnnotatorNotes T5\tchecked twice\n`);
    await waitFor('the curated token', async () => (await tokenAt(bp))?.modifiers.includes('curated'));
    const hr = at('HR');
    await run(await actions(hr.start), 'Accept test “HR”');
    assert.deepEqual(curated(), [`test BP@${bp.start}`, `test HR@${hr.start}`]);
    assert.match(ann(), /^#3\tAnnotatorNotes T5\tchecked twice$/m);
  });
});
