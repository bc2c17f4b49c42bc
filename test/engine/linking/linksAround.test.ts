/**
 * A hover while typing builds only the links it shows (linkMemory.ts): after a whole-note
 * linking, a keystroke's hover on an entity links no mention at all when its words were
 * linked before, one when they are new; and what it shows (its concept, the other mentions
 * of that concept in the note) is what the whole note's links say. Counted, not timed.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { linkingStats, VocabularyShelf } from '../../../server/src/engine/linking/noteLinks';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { buildTsvVocabulary, DISORDERS_TSV, LINKING_NOTE, linkingNoteGold } from '../../support/linkingNote';
import { MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';
import { complete, engineContext, ollamaBackend } from '../../support/engine';

const config = (): AnalysisConfig => ({ model: MEDTUNED_MODEL.name, profile: new MedtunedProfile(), entityTypes: ['problem', 'treatment', 'test'] });

/** What the hover shows of a list of links for `e`: its concepts, and the places of the others sharing one. */
function shown(links: readonly { start: number; end: number; concepts: { id: string }[] }[], e: { start: number; end: number }) {
  const own = links.find((l) => l.start === e.start && l.end === e.end);
  const ids = new Set(own?.concepts.map((c) => c.id));
  const others = links.filter((l) => l !== own && l.concepts.some((c) => ids.has(c.id))).map((l) => `${l.start}-${l.end}`);
  return { concepts: own?.concepts.map((c) => c.id), others };
}

describe('linking: a hover while typing links only what it shows', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  let tmp: string;
  let shelf: VocabularyShelf;

  before(async () => {
    // The edited note is gold too: "A fib" typed before the course's sentence (a new mention of new words).
    const gold = linkingNoteGold();
    const at = LINKING_NOTE.indexOf('Atrial fibrillation, rate');
    const insert = 'Paroxysmal atrial fibrillation noted. ';
    const edited = {
      ...gold,
      name: 'edited',
      text: LINKING_NOTE.slice(0, at) + insert + LINKING_NOTE.slice(at),
      entities: [
        ...gold.entities.map((e) => (e.start >= at ? { ...e, start: e.start + insert.length, end: e.end + insert.length } : e)),
        { type: 'PROBLEM', start: at, end: at + 'Paroxysmal atrial fibrillation'.length },
      ],
    };
    server = await OllamaTestServer.start({ gold: [gold, edited] });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-links-around-'));
    shelf = new VocabularyShelf();
    shelf.configure([{ path: buildTsvVocabulary(tmp, 'cardio', DISORDERS_TSV), types: ['problem'] }]);
  });
  after(async () => {
    shelf.close();
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('after a whole-note linking: 0 mentions linked for remembered words, 1 for new ones; the same concepts and other mentions as the whole note', async () => {
    const ctx = { ...engineContext(ollamaBackend(server.url, MEDTUNED_MODEL.name)), vocabularies: shelf };
    const first = await complete(new DocumentAnalysis('file:///a.note', 1, LINKING_NOTE, config(), ctx));
    // Before any whole-note linking a hover links the whole note (nothing is remembered yet).
    const e0 = first.entities().find((e) => e.text === 'chronic kidney disease')!;
    let before = linkingStats.mentions;
    first.linksAround(e0);
    assert.equal(linkingStats.mentions - before, first.entities().length);
    first.links();

    // A keystroke elsewhere: the next version takes over the memory.
    const at = LINKING_NOTE.indexOf('Atrial fibrillation, rate');
    const insert = 'Paroxysmal atrial fibrillation noted. ';
    const text = LINKING_NOTE.slice(0, at) + insert + LINKING_NOTE.slice(at);
    const second = await complete(new DocumentAnalysis('file:///a.note', 2, text, config(), ctx, {}, { previous: first }));
    first.dispose();
    const af = second.entities().find((e) => e.text === 'Atrial fibrillation')!;
    before = linkingStats.mentions;
    const remembered = second.linksAround(af);
    assert.equal(linkingStats.mentions - before, 0, 'words linked before: nothing linked again');
    const fresh = second.entities().find((e) => e.text === 'Paroxysmal atrial fibrillation')!;
    before = linkingStats.mentions;
    const typed = second.linksAround(fresh);
    assert.equal(linkingStats.mentions - before, 1, 'new words: that mention alone');

    // What the hover shows from them is what the whole note's links say, but for the mention
    // of words typed since the last whole-note linking: it joins the others at the next one.
    const whole = second.links();
    const typedPlace = `${fresh.start}-${fresh.end}`;
    assert.deepEqual(shown(remembered, af), { ...shown(whole, af), others: shown(whole, af).others.filter((o) => o !== typedPlace) });
    assert.deepEqual(shown(typed, fresh), shown(whole, fresh));
    assert.deepEqual(shown(remembered, af).concepts, ['MESH:D001281']);
    assert.ok(shown(whole, af).others.includes(typedPlace));
    assert.ok(shown(remembered, af).others.length >= 1, 'the other mention of atrial fibrillation');
    // The whole-note linking just made is remembered: the new mention is among the others now, nothing linked again.
    before = linkingStats.mentions;
    assert.deepEqual(shown(second.linksAround(af), af), shown(whole, af));
    assert.equal(linkingStats.mentions - before, 0);
    second.dispose();
  });

  it('a vocabulary opened again (a new generation) forgets what was remembered: the whole note is linked', async () => {
    const ctx = { ...engineContext(ollamaBackend(server.url, MEDTUNED_MODEL.name)), vocabularies: shelf };
    const a = await complete(new DocumentAnalysis('file:///b.note', 1, LINKING_NOTE, config(), ctx));
    a.links();
    shelf.configure([]);
    shelf.configure([{ path: path.join(tmp, 'cardio.vocab'), types: ['problem'] }]);
    const e = a.entities().find((x) => x.text === 'CKD')!;
    const before = linkingStats.mentions;
    a.linksAround(e);
    assert.equal(linkingStats.mentions - before, a.entities().length);
    a.dispose();
  });
});
