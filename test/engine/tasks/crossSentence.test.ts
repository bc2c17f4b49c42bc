/**
 * Relations across sentences in the engine: with biomedNlp.relations.sentenceWindow the
 * pairs of neighbouring sentences of one paragraph are asked too, each pair once, and an
 * incrementally updated analysis still shows exactly what a fresh one shows. Real HTTP to
 * the Ollama-protocol test server, whose oracle answers from the gold of
 * test/fixtures/relations/cross-sentence.ann; nothing is mocked.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { AnalysisConfig, DocumentAnalysis, Relation } from '../../../server/src/engine/pipeline/analysis';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { Profile } from '../../../server/src/engine/profiles/profile';
import { parseBrat } from '../../../server/src/engine/formats/brat';
import { NOTES_DIR } from '../../support/gold';
import { GoldDocument, LLAMA31_MODEL, loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';
import { complete, engineContext, ollamaBackend } from '../../support/engine';
import * as fs from 'node:fs';
import { ROOT } from '../../support/paths';

export const RELATIONS_DIR = path.join(ROOT, 'test/fixtures/relations');
const NOTE = fs.readFileSync(path.join(RELATIONS_DIR, 'cross-sentence.note'), 'utf8');
const ANN = parseBrat(fs.readFileSync(path.join(RELATIONS_DIR, 'cross-sentence.ann'), 'utf8'));

/** The gold relations as `label(head, tail)` texts, and which of them lie across sentences of one paragraph. */
function gold(): { all: string[]; across: string[]; beyond: string[] } {
  const byId = new Map(ANN.entities.map((e) => [e.id, e]));
  const show = (r: (typeof ANN.relations)[number]) => `${r.label}(${byId.get(r.arg1)!.text}, ${byId.get(r.arg2)!.text})`;
  const all = ANN.relations.map(show).sort();
  // Written out: the two pairs across adjacent sentences, and the two across a header or a blank line.
  const across = ['TeCP(Biopsy, a sigmoid mass)', 'TrAP(Oral potassium chloride, hypokalemia)'];
  const beyond = ['TeCP(Colonoscopy, iron deficiency anemia)', 'TrAP(Loperamide, chronic diarrhea)'];
  for (const r of [...across, ...beyond]) assert.ok(all.includes(r), `test set-up: ${r} is gold`);
  return { all, across, beyond };
}

function shownRelation(r: Relation): string {
  return `${r.label}(${r.head.text}, ${r.tail.text})`;
}

function config(profile: Profile, model: string, sentenceWindow?: number, maxPairsPerSentence = 12): AnalysisConfig {
  return {
    model,
    profile,
    entityTypes: ['problem', 'treatment', 'test'],
    relations: { enabled: true, maxPairsPerSentence, ...(sentenceWindow === undefined ? {} : { sentenceWindow }) },
  };
}

/** Everything an analysis shows, in a comparable shape. */
function shown(a: DocumentAnalysis) {
  return {
    entities: a.entities(),
    relations: a.relations(),
    counts: { total: a.total, done: a.done, failed: a.failed, pending: a.pending, sentencesDone: a.sentencesDone() },
  };
}

describe('engine: relations across sentences', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  let goldDocs: GoldDocument[];

  before(async () => {
    goldDocs = [...loadGoldDocuments(NOTES_DIR), ...loadGoldDocuments(RELATIONS_DIR)];
    // The same note with CRLF line ends and an emoji first, so offsets can be checked through both.
    const shifted = crlf(NOTE);
    const base = goldDocs.find((d) => d.name === 'cross-sentence')!;
    goldDocs.push({
      ...base,
      name: 'cross-sentence-crlf',
      text: shifted.text,
      entities: base.entities.map((e) => ({ ...e, start: shifted.map(e.start), end: shifted.map(e.end) })),
    });
    // The edited note is gold too, so the simulated model answers it after the edit.
    const at = NOTE.indexOf(EDIT.from);
    const move = (o: number) => (o >= at + EDIT.from.length ? o + EDIT.to.length - EDIT.from.length : o);
    goldDocs.push({
      ...base,
      name: 'cross-sentence-edited',
      text: edit(NOTE),
      entities: base.entities.map((e) => ({ ...e, start: move(e.start), end: move(e.end) })),
    });
    server = await OllamaTestServer.start({ gold: goldDocs });
  });
  after(async () => server.stop());

  const context = (model: string) => engineContext(ollamaBackend(server.url, model));

  const PROFILES: [string, () => Profile, string][] = [
    ['medtuned', () => new MedtunedProfile(), MEDTUNED_MODEL.name],
    ['json', () => new JsonProfile(), LLAMA31_MODEL.name],
  ];

  for (const [name, profile, model] of PROFILES) {
    describe(`${name} profile`, () => {
      it('window 1 finds the relations across adjacent sentences, not those across a header or a blank line; window 0 finds neither', async () => {
        const { all, across, beyond } = gold();
        const mark = server.generationRequests().length;
        const one = await complete(new DocumentAnalysis('file:///x.note', 1, NOTE, config(profile(), model, 1), context(model)));
        const withWindow = server.generationRequests().slice(mark);
        assert.deepEqual(
          one.relations().map(shownRelation).sort(),
          all.filter((r) => !beyond.includes(r)),
        );
        const zeroMark = server.generationRequests().length;
        const zero = await complete(new DocumentAnalysis('file:///x.note', 1, NOTE, config(profile(), model, 0), context(model)));
        const withoutWindow = server.generationRequests().slice(zeroMark);
        assert.deepEqual(
          zero.relations().map(shownRelation).sort(),
          all.filter((r) => !beyond.includes(r) && !across.includes(r)),
        );
        // Absent is 0: today's behaviour for analyses configured without it.
        const absent = await complete(new DocumentAnalysis('file:///x.note', 1, NOTE, config(profile(), model), context(model)));
        assert.deepEqual(shown(absent).relations, shown(zero).relations);
        assert.ok(withWindow.length > withoutWindow.length, 'the window adds relation calls');
        // No prompt is sent twice: a pair inside one sentence is asked by its sentence only.
        const prompts = withWindow.map((r) => JSON.stringify(r.body));
        assert.equal(new Set(prompts).size, prompts.length);
        // Every prompt of the window-0 analysis is one of the window-1 analysis too.
        const asked = new Set(prompts);
        for (const r of withoutWindow) assert.ok(asked.has(JSON.stringify(r.body)), JSON.stringify(r.body).slice(0, 300));
      });

      it('a relation across sentences has the window as its text and both sentences as evidence, in exact offsets (CRLF, emoji)', async () => {
        const text = crlf(NOTE).text;
        const a = await complete(new DocumentAnalysis('file:///crlf.note', 1, text, config(profile(), model, 1), context(model)));
        const found = a.relations().find((r) => shownRelation(r) === 'TrAP(Oral potassium chloride, hypokalemia)');
        assert.ok(found, a.relations().map(shownRelation).join('; '));
        assert.equal(text.slice(found.head.start, found.head.end), 'Oral potassium chloride');
        assert.equal(text.slice(found.tail.start, found.tail.end), 'hypokalemia');
        assert.deepEqual(
          found.sentences.map((s) => text.slice(s.start, s.end)),
          ['Potassium was 2.9 on admission, consistent with hypokalemia.', 'Oral potassium chloride was given.'],
        );
        assert.equal(
          text.slice(found.sentence.start, found.sentence.end),
          'Potassium was 2.9 on admission, consistent with hypokalemia.\r\nOral potassium chloride was given.',
        );
        const inside = a.relations().find((r) => shownRelation(r) === 'TeRP(Potassium, hypokalemia)')!;
        assert.deepEqual(inside.sentences, [inside.sentence]);
        // Both ends of a relation across sentences are marked related.
        const related = a
          .entities()
          .filter((e) => e.related)
          .map((e) => e.text);
        for (const t of ['Oral potassium chloride', 'hypokalemia', 'Biopsy', 'a sigmoid mass']) assert.ok(related.includes(t), t);
        assert.ok(!related.includes('Loperamide'), 'a pair across a blank line is not asked');
        assert.equal(a.relationState(found.head.start), 'done');
      });

      it('the cap holds across sentences: with maxPairsPerSentence 1 each sentence, item and window asks at most its nearest pair', async () => {
        const mark = server.generationRequests().length;
        const a = await complete(new DocumentAnalysis('file:///cap.note', 1, NOTE, config(profile(), model, 1, 1), context(model)));
        const sent = server
          .generationRequests()
          .slice(mark)
          .filter((r) => /@(problem|treatment|test)\$|<e1>/.test(JSON.stringify(r.body)));
        assert.ok(sent.length <= a.units.length, `${sent.length} relation requests for ${a.units.length} units and windows`);
        const shownRelations = a.relations().map(shownRelation);
        // "a sigmoid mass." / "Biopsy" and "hypokalemia." / "Oral potassium chloride" are
        // nearer than any pair inside their sentences: they win the window's one pair.
        assert.ok(shownRelations.includes('TeCP(Biopsy, a sigmoid mass)'), shownRelations.join('; '));
        assert.ok(shownRelations.includes('TrAP(Oral potassium chloride, hypokalemia)'), shownRelations.join('; '));
        // Inside "Biopsy of it confirmed adenocarcinoma." its own pair is the nearest and is asked.
        assert.ok(shownRelations.includes('TeRP(Biopsy, adenocarcinoma)'));
      });
    });
  }

  it('window 2 also joins sentences two apart (the middle one kept in the text asked), and still asks each pair once', async () => {
    const model = MEDTUNED_MODEL.name;
    const mark = server.generationRequests().length;
    const two = await complete(new DocumentAnalysis('file:///w2.note', 1, NOTE, config(new MedtunedProfile(), model, 2), context(model)));
    const prompts = server
      .generationRequests()
      .slice(mark)
      .map((r) => String(r.body.prompt));
    assert.equal(new Set(prompts).size, prompts.length);
    // Colonoscopy (first sentence) and hypokalemia (third): a window over three sentences.
    assert.ok(
      prompts.some((p) =>
        p.includes(
          '### Input: @test$ showed a sigmoid mass . Biopsy of it confirmed adenocarcinoma . Potassium was 2.9 on admission , consistent with @problem$ .\n',
        ),
      ),
      'a window of three sentences',
    );
    const { all, beyond } = gold();
    assert.deepEqual(
      two.relations().map(shownRelation).sort(),
      all.filter((r) => !beyond.includes(r)),
    );
  });

  it('an edit takes over the windows whose sentences did not change: only the windows of the edited sentence are asked again', async () => {
    const model = MEDTUNED_MODEL.name;
    const ctx = context(model);
    const first = await complete(new DocumentAnalysis('file:///e.note', 1, NOTE, config(new MedtunedProfile(), model, 1), ctx));
    const edited = edit(NOTE);
    const mark = server.generationRequests().length;
    const second = await complete(new DocumentAnalysis('file:///e.note', 2, edited, config(new MedtunedProfile(), model, 1), ctx, {}, { previous: first }));
    first.dispose();
    const prompts = server
      .generationRequests()
      .slice(mark)
      .map((r) => String(r.body.prompt));
    // The edited sentence's entities, and the pairs of its window with "Oral potassium chloride was given.".
    const relationPrompts = prompts.filter((p) => /@(problem|treatment|test)\$/.test(p));
    assert.ok(relationPrompts.length > 0);
    for (const p of relationPrompts) assert.match(p, /again \.\n ### Output:$/, 'only pairs with the edited sentence');
    const fresh = await complete(new DocumentAnalysis('file:///e.note', 2, edited, config(new MedtunedProfile(), model, 1), context(model)));
    assert.deepEqual(shown(second), shown(fresh));
  });

  it('random edits with the window on: after each, the shown result equals a fresh analysis of the same text', async () => {
    const model = MEDTUNED_MODEL.name;
    const ctx = context(model);
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ at: fc.nat(), del: fc.nat({ max: 40 }), ins: fc.constantFrom('', 'x', ' no fever. ', '\n', '\n\n', 'PLAN:\n', '😀', '\r\n', '. ') }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.integer({ min: 1, max: 2 }),
        async (edits, window) => {
          let a = await complete(new DocumentAnalysis('file:///r.note', 1, NOTE, config(new MedtunedProfile(), model, window), ctx));
          let v = 1;
          for (const e of edits) {
            const at = e.at % (a.text.length + 1);
            const text = a.text.slice(0, at) + e.ins + a.text.slice(Math.min(a.text.length, at + e.del));
            const next = new DocumentAnalysis('file:///r.note', ++v, text, config(new MedtunedProfile(), model, window), ctx, {}, { previous: a });
            a.dispose();
            a = next;
          }
          await complete(a);
          const fresh = await complete(new DocumentAnalysis('file:///r.note', v, a.text, config(new MedtunedProfile(), model, window), context(model)));
          assert.deepEqual(shown(a), shown(fresh));
        },
      ),
      { numRuns: 16, seed: 13 },
    );
  });
});

/** A one-sentence edit: the sentence keeps its entity, so its window with the sentence before is asked again. */
const EDIT = { from: 'She also reported chronic diarrhea.', to: 'She also reported chronic diarrhea again.' };

function edit(text: string): string {
  return text.replace(EDIT.from, EDIT.to);
}

/** `text` with CRLF line ends and an emoji line first, and the offset map from the original. */
function crlf(text: string): { text: string; map: (offset: number) => number } {
  const prefix = '😀 note\r\n';
  const out = prefix + text.replace(/\n/g, '\r\n');
  return { text: out, map: (o) => prefix.length + o + (text.slice(0, o).match(/\n/g)?.length ?? 0) };
}
