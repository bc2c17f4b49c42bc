/**
 * What an edit costs the engine, observed rather than timed: a header typed into a note
 * segments again only the sections whose section name changed, the rest keeps its results
 * at once; and what a hover asks for one entity (its sentence's entities, its units'
 * relations) is what the whole note's lists hold for it. A keystroke that keeps the number of
 * sentences hands the previous version's per-place arrays on and writes only the places it
 * changed, however long the note.
 */
import * as assert from 'node:assert/strict';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { EngineContext } from '../../../server/src/engine/pipeline/modelCall';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { DEFAULT_NLI_SECTIONS } from '../../../server/src/engine/tasks/nli';
import { carryStats } from '../../../server/src/engine/pipeline/analysis/indexes';
import { resegmentStats } from '../../../server/src/engine/text/resegment';
import { REFERENCE_REACH } from '../../../server/src/engine/tasks/references';
import { Mention } from '../../../server/src/engine/types';
import { fixtureNote, NOTES_DIR } from '../../support/gold';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';
import { complete, engineContext, ollamaBackend } from '../../support/engine';

const NOTE = 'discharge-heart-failure';

function config(): AnalysisConfig {
  return {
    model: MEDTUNED_MODEL.name,
    profile: new MedtunedProfile(),
    entityTypes: ['problem', 'treatment', 'test'],
    relations: { enabled: true, maxPairsPerSentence: 12, sentenceWindow: 1 },
    nli: { enabled: true, sections: DEFAULT_NLI_SECTIONS, maxPremises: 4, budgetChars: 8192 },
  };
}

const sameSpan = (a: Mention, b: Mention) => a.start === b.start && a.end === b.end;

describe('incremental engine: what an edit costs, counted', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  let ctx: EngineContext;

  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
  });
  after(async () => server.stop());
  beforeEach(() => {
    ctx = engineContext(ollamaBackend(server.url, MEDTUNED_MODEL.name));
  });

  it('a header typed mid-note segments again up to the next header; later sections keep their results at once', async () => {
    const text = fixtureNote(NOTE).text;
    const first = await complete(new DocumentAnalysis('file:///h.note', 1, text, config(), ctx));
    // A header line in the middle of the first section: the rest of it is another section now.
    const at = text.indexOf('He reported orthopnea');
    const edited = text.slice(0, at) + '\nPAST HISTORY:\n' + text.slice(at);
    const delta = edited.length - text.length;
    const later = text.indexOf('DISCHARGE MEDICATIONS:');
    const before = first.entities({ start: later, end: text.length });
    resegmentStats.calls = resegmentStats.segmentedChars = 0;
    const second = new DocumentAnalysis('file:///h.note', 2, edited, config(), ctx, {}, { previous: first });
    first.dispose();
    // Segmented again: the edited paragraph, then (its section changed) the next section's.
    const course = text.indexOf('HOSPITAL COURSE:');
    assert.equal(resegmentStats.calls, 2);
    const paragraph = text.lastIndexOf('\n\n', at) + 2;
    assert.equal(resegmentStats.segmentedChars, text.indexOf('\n\n', course) + 1 - paragraph + delta);
    assert.equal(second.headers().find((h) => h.text === 'PAST HISTORY:')?.section, 'past history');
    assert.equal(second.sentences.find((s) => s.text.startsWith('He had run out'))?.section, 'past history');
    // The sections below kept their work: their entities are there before any model work, shifted.
    assert.deepEqual(
      second.entities({ start: later + delta, end: edited.length }),
      before.map((e) => ({ ...e, start: e.start + delta, end: e.end + delta })),
    );
    await complete(second);
    const fresh = await complete(new DocumentAnalysis('file:///h.note', 2, edited, config(), engineContext(ctx.backend)));
    assert.deepEqual(second.entities(), fresh.entities());
    assert.deepEqual(second.relations(), fresh.relations());
  });

  it('keystrokes that keep the sentence count write only the places they changed, however long the note, and end as a fresh analysis would', async () => {
    /** Places written by the later keystrokes in a note of the fixture `copies` times over, and the check against a fresh analysis. */
    const keystrokes = async (copies: number) => {
      const base = fixtureNote(NOTE).text;
      const text = Array.from({ length: copies }, () => base).join('\n\n');
      let version = await complete(new DocumentAnalysis('file:///k.note', 1, text, config(), ctx));
      const sentences = version.sentences.length;
      const at = text.indexOf('He reported orthopnea') + 3;
      let current = text;
      const written: number[] = [];
      for (let k = 0; k < 3; k++) {
        // A letter typed inside a word: no sentence is added or taken away.
        current = current.slice(0, at + k) + 'x' + current.slice(at + k);
        const [handedOn, places] = [carryStats.handedOn, carryStats.places];
        const next = new DocumentAnalysis('file:///k.note', k + 2, current, config(), ctx, {}, { previous: version });
        version.dispose();
        version = next;
        assert.equal(version.sentences.length, sentences);
        // Each keystroke hands the arrays on (ledger sentences and units, views), the first too: the first version lays them out at full length.
        assert.equal(carryStats.handedOn - handedOn, 3, `keystroke ${k}`);
        written.push(carryStats.places - places);
      }
      await complete(version);
      const fresh = await complete(new DocumentAnalysis('file:///k.note', 9, current, config(), engineContext(ctx.backend)));
      assert.deepEqual(version.entities(), fresh.entities());
      assert.deepEqual(version.relations(), fresh.relations());
      assert.deepEqual(version.sentenceEntities(), fresh.sentenceEntities());
      return { sentences, written };
    };
    const short = await keystrokes(4);
    const long = await keystrokes(16);
    assert.ok(long.sentences >= 3.5 * short.sentences, `${long.sentences} sentences against ${short.sentences}`);
    // The edited paragraph's sentences and units, the same in both notes: none of the note's other places.
    assert.deepEqual(long.written, short.written);
    assert.ok(long.written.every((n) => n > 0 && n < short.sentences));
  });

  it("a keystroke gives the sentences after it their rows again, moved, not made anew; their starts a fresh analysis's", async () => {
    const base = fixtureNote(NOTE).text;
    const text = Array.from({ length: 4 }, () => base).join('\n\n');
    const first = await complete(new DocumentAnalysis('file:///m.note', 1, text, config(), ctx));
    const rows = first.sentenceEntities();
    const given = new Set(rows);
    // A letter typed in the note's first sentence: every later row moves by one.
    const at = first.sentences[0].start + 2;
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    const second = new DocumentAnalysis('file:///m.note', 2, edited, config(), ctx, {}, { previous: first });
    first.dispose();
    // Past the windows an edit finds again (the sentences a reference reaches back over), every row is one given before.
    const beyond = second.sentences[Math.min(second.sentences.length - 1, REFERENCE_REACH + 10)].start;
    const after = second.sentenceEntities().filter((r) => r.start > beyond);
    assert.ok(after.length >= 20, `${after.length} rows past the edit's reach`);
    assert.deepEqual(
      after.filter((r) => !given.has(r)).map((r) => r.start),
      [],
      'rows made anew after the edit',
    );
    await complete(second);
    const fresh = await complete(new DocumentAnalysis('file:///m.note', 2, edited, config(), engineContext(ctx.backend)));
    assert.deepEqual(second.sentenceEntities(), fresh.sentenceEntities());
  });

  it("an entity's relations by range are those of the whole list, in its order", async () => {
    const a = await complete(new DocumentAnalysis('file:///r.note', 1, fixtureNote(NOTE).text, config(), ctx));
    assert.ok(a.relations().length > 0, `${NOTE} has relations`);
    for (const e of a.entities()) {
      const of = (list: ReturnType<DocumentAnalysis['relations']>) => list.filter((r) => sameSpan(r.head, e) || sameSpan(r.tail, e));
      assert.deepEqual(of(a.relations(e)), of(a.relations()));
      // And the entity is found among its sentence's entities, as a hover looks it up.
      assert.ok(a.entities({ start: e.start, end: e.start + 1 }).some((m) => sameSpan(m, e)));
    }
  });
});
