/**
 * The workspace's note index (engine/noteIndex.ts): what decides a match and the order of
 * results, what a saved index must be to be trusted, and positions in the note's own units.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { indexNote, IndexedMention, IndexedNote, NoteIndex, positionsOf, textHash } from '../../server/src/engine/noteIndex';
import { segment } from '../../server/src/engine/text/segment';
import type { Mention } from '../../server/src/engine/types';

function mention(text: string, at: number, extra: Partial<IndexedMention> = {}): IndexedMention {
  return {
    start: at,
    end: at + text.length,
    from: { line: 0, character: at },
    to: { line: 0, character: at + text.length },
    text,
    type: 'problem',
    statuses: [],
    concepts: [],
    section: '',
    ...extra,
  };
}
const note = (uri: string, mentions: IndexedMention[]): IndexedNote => ({ uri, hash: textHash(uri), mentions });

describe('the note index (engine/noteIndex.ts)', () => {
  it('a concept mentioned once, last in the last of 1,000 notes, is found by its ID with or without its source prefix', () => {
    const index = new NoteIndex();
    for (let i = 0; i < 1000; i++) {
      const ms = Array.from({ length: 50 }, (_, j) =>
        mention(`finding ${j}`, j * 20, { concepts: [{ id: `MESH:D${String(j).padStart(6, '0')}`, name: `Finding ${j}` }] }),
      );
      if (i === 999) ms.push(mention('Takayasu arteritis', 2000, { concepts: [{ id: 'MESH:D013625', name: 'Takayasu Arteritis' }] }));
      index.put(note(`file:///notes/n${String(i).padStart(4, '0')}.note`, ms));
    }
    for (const id of ['MESH:D013625', 'mesh:d013625', 'D013625', 'MESH: D013625']) {
      const hits = index.find({ id });
      assert.equal(hits.length, 1, id);
      assert.equal(hits[0].uri, 'file:///notes/n0999.note');
      assert.equal(hits[0].mention.text, 'Takayasu arteritis');
    }
    assert.deepEqual(index.find({ id: 'D0136' }), [], 'an ID is matched whole, not as a prefix');
    // Under 50 MB for 1,000 notes of 50 entities (what is kept on disk, and about what is in memory).
    assert.ok(index.serialise().length < 50 * 1024 * 1024);
  });

  it('results stay in URI order as notes are added, replaced and removed between queries', () => {
    const index = new NoteIndex();
    const asthma = (uri: string) => note(uri, [mention('asthma', 0)]);
    const uris = () => index.find({ name: 'asthma' }).map((h) => h.uri);
    index.put(asthma('file:///m.note'));
    index.put(asthma('file:///c.note'));
    assert.deepEqual(uris(), ['file:///c.note', 'file:///m.note']);
    index.put(asthma('file:///a.note'));
    index.put(note('file:///c.note', [mention('asthma', 0), mention('asthma', 10)]));
    assert.deepEqual(uris(), ['file:///a.note', 'file:///c.note', 'file:///c.note', 'file:///m.note']);
    index.remove('file:///a.note');
    index.put(asthma('file:///z.note'));
    assert.deepEqual(uris(), ['file:///c.note', 'file:///c.note', 'file:///m.note', 'file:///z.note']);
  });

  it('a name matches whole-word prefixes of the mention or of its concept’s name, never inside a word', () => {
    const index = new NoteIndex();
    index.put(
      note('file:///a.note', [
        mention('paroxysmal atrial fibrillation', 0),
        mention('afib', 40),
        mention('AF', 50, { concepts: [{ id: 'MESH:D001281', name: 'Atrial Fibrillation' }] }),
      ]),
    );
    const texts = (name: string) => index.find({ name }).map((h) => h.mention.text);
    assert.deepEqual(texts('atrial fib'), ['paroxysmal atrial fibrillation', 'AF']);
    assert.deepEqual(texts('ATRIAL FIBRILLATION'), ['paroxysmal atrial fibrillation', 'AF']);
    // A word's beginning, never its inside: "fib" is not in "afib".
    assert.deepEqual(texts('fib'), ['paroxysmal atrial fibrillation', 'AF']);
    assert.deepEqual(texts('fibrillation atrial'), []);
    assert.deepEqual(texts('afib'), ['afib']);
  });

  it('orders results by note then offset, whatever order notes were indexed in; put replaces a note whole', () => {
    const index = new NoteIndex();
    index.put(note('file:///z.note', [mention('cough', 5)]));
    index.put(
      note(
        'file:///a.note',
        [mention('cough', 30), mention('cough', 2)].sort((x, y) => y.start - x.start),
      ),
    );
    index.put(note('file:///m.note', [mention('cough', 0)]));
    const order = (hits: ReturnType<NoteIndex['find']>) => hits.map((h) => `${h.uri.slice(8)}@${h.mention.start}`);
    // Within a note, the entry's own order (indexNote writes it in offset order).
    assert.deepEqual(order(index.find({ name: 'cough' })), ['a.note@30', 'a.note@2', 'm.note@0', 'z.note@5']);
    index.put(note('file:///m.note', [mention('fever', 0)]));
    assert.deepEqual(order(index.find({ name: 'cough' })), ['a.note@30', 'a.note@2', 'z.note@5']);
    assert.ok(index.isCurrent('file:///m.note', textHash('file:///m.note')));
    assert.ok(!index.isCurrent('file:///m.note', textHash('other text')));
  });

  it('filters by status (affirmed is none of the others) and type, and groups by concept with counts per status', () => {
    const index = new NoteIndex();
    const hf = [{ id: 'MESH:D006333', name: 'Heart Failure' }];
    index.put(note('file:///1.note', [mention('heart failure', 0, { concepts: hf }), mention('CHF', 20, { concepts: hf, statuses: ['family'] })]));
    index.put(note('file:///2.note', [mention('heart failure', 0, { concepts: hf, statuses: ['negated'] }), mention('furosemide', 30, { type: 'treatment' })]));
    assert.deepEqual(
      index.find({ id: 'D006333', statuses: ['affirmed'] }).map((h) => h.uri),
      ['file:///1.note'],
    );
    assert.deepEqual(
      index.find({ id: 'D006333', statuses: ['negated', 'family'] }).map((h) => h.mention.text),
      ['CHF', 'heart failure'],
    );
    assert.deepEqual(index.find({ name: 'furosemide', types: ['problem'] }), []);
    const [group, other] = index.concepts({});
    assert.equal(group.id, 'MESH:D006333');
    assert.deepEqual(group.counts, { affirmed: 1, negated: 1, possible: 0, historical: 0, hypothetical: 0, family: 1 });
    assert.deepEqual(
      group.notes.map((n) => [n.uri, n.mentions.length]),
      [
        ['file:///1.note', 2],
        ['file:///2.note', 1],
      ],
    );
    assert.equal(other.key, 'text:furosemide');
  });

  it('saved and read back whole; a file of another format, or a note entry not well formed, is dropped and counted', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-index-'));
    try {
      const file = path.join(dir, 'notes-index.json');
      const index = new NoteIndex();
      index.put(note('file:///a.note', [mention('cough', 0, { statuses: ['negated'] })]));
      index.put(note('file:///b.note', [mention('fever', 3)]));
      index.save(file);
      const back = NoteIndex.load(file);
      assert.equal(back.dropped, 0);
      assert.deepEqual(back.get('file:///a.note'), index.get('file:///a.note'));
      // One entry damaged: that note is dropped, the other kept.
      const data = JSON.parse(fs.readFileSync(file, 'utf8'));
      data.notes[0].mentions[0].start = 'zero';
      fs.writeFileSync(file, JSON.stringify(data));
      const partial = NoteIndex.load(file);
      assert.equal(partial.dropped, 1);
      assert.deepEqual(partial.uris(), ['file:///b.note']);
      for (const bad of ['{"format":"something else","version":1,"notes":[]}', '{"notes": [', '']) {
        fs.writeFileSync(file, bad);
        const read = NoteIndex.load(file);
        assert.equal(read.size, 0);
        assert.equal(read.dropped, 1, bad);
      }
      assert.equal(NoteIndex.load(path.join(dir, 'missing.json')).dropped, 0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('positions count UTF-16 units and CRLF, lone CR and LF line ends as the editor does', () => {
    const text = 'A 😀 b\r\nsecond\rthird\nfourth';
    const at = (s: string) => text.indexOf(s);
    assert.deepEqual(positionsOf(text, [at('b'), at('second'), at('third'), at('fourth'), text.length]), [
      { line: 0, character: 5 },
      { line: 1, character: 0 },
      { line: 2, character: 0 },
      { line: 3, character: 0 },
      { line: 3, character: 6 },
    ]);
  });

  it('indexNote: each entity’s canonical section (an abbreviated header too), none before the first header, its link and statuses', () => {
    const text = 'Seen today.\nPMH: hypertension.\nFamily History: mother with breast cancer.\nHPI: denies chest pain.\n';
    const segs = segment(text);
    const headers = segs.filter((s) => s.kind === 'header');
    const m = (t: string, extra: Partial<Mention> = {}): Mention => ({
      start: text.indexOf(t),
      end: text.indexOf(t) + t.length,
      text: t,
      type: 'problem',
      ...extra,
    });
    const entities = [m('chest pain', { negated: true }), m('hypertension'), m('breast cancer', { family: true }), m('Seen')];
    const link = {
      start: text.indexOf('hypertension'),
      end: text.indexOf('hypertension') + 12,
      type: 'problem',
      text: 'hypertension',
      concepts: [{ id: 'MESH:D006973', name: 'Hypertension', vocabulary: 'MEDIC', score: 1, method: 'exact' as const, how: 'exact name' }],
      candidates: [],
      served: true,
    };
    const n = indexNote('file:///s.note', text, entities, [link], headers);
    assert.deepEqual(
      n.mentions.map((x) => [x.text, x.section, x.statuses.join(','), x.concepts.map((c) => c.id).join(',')]),
      [
        ['Seen', '', '', ''],
        ['hypertension', 'past medical history', '', 'MESH:D006973'],
        ['breast cancer', 'family history', 'family', ''],
        ['chest pain', 'history of present illness', 'negated', ''],
      ],
    );
    assert.deepEqual(n.mentions[1].from, { line: 1, character: 5 });
    assert.equal(n.hash, textHash(text));
  });
});
