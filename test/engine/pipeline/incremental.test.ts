/**
 * The incremental engine: a new version takes over the work of what did not change, so an
 * edit costs what it changed, and the result is exactly what a fresh analysis of the final
 * text gives. Real HTTP to the Ollama-protocol test server; nothing is mocked.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { EngineContext } from '../../../server/src/engine/pipeline/modelCall';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { DEFAULT_NLI_SECTIONS, terms } from '../../../server/src/engine/tasks/nli';
import { entityFeatures, rankEvidence, selectEvidence } from '../../../server/src/engine/retrieval/evidence';
import { EvidenceIndex } from '../../../server/src/engine/retrieval/evidenceIndex';
import { CLINICAL_NOTES, fixtureNote, NOTES_DIR } from '../../support/gold';
import { loadGoldDocuments, loadNliPairs, MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';
import { complete, engineContext, ollamaBackend } from '../../support/engine';
import { ROOT } from '../../support/paths';

const NLI_PAIRS = path.join(ROOT, 'test/fixtures/nli/clinical-nli-dev.jsonl');
const NOTE = CLINICAL_NOTES.find((n) => fixtureNote(n).text.includes('ASSESSMENT')) ?? CLINICAL_NOTES[0];

function config(): AnalysisConfig {
  return {
    model: MEDTUNED_MODEL.name,
    profile: new MedtunedProfile(),
    entityTypes: ['problem', 'treatment', 'test'],
    relations: { enabled: true, maxPairsPerSentence: 12 },
    nli: { enabled: true, sections: DEFAULT_NLI_SECTIONS, maxPremises: 4, budgetChars: 8192 },
  };
}

/** Everything an analysis shows, in a comparable shape. */
function shown(a: DocumentAnalysis) {
  return {
    entities: a.entities(),
    relations: a.relations(),
    findings: (a.nliFindings() ?? []).map((f) => ({
      h: [f.hypothesis.start, f.hypothesis.end],
      state: f.state,
      label: f.label,
      evidence: f.evidence.map((e) => [e.start, e.end]),
    })),
    counts: { total: a.total, done: a.done, failed: a.failed, pending: a.pending, sentencesDone: a.sentencesDone() },
  };
}

describe('incremental engine: an edit costs what it changed', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  let ctx: EngineContext;

  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR), nliPairs: loadNliPairs(NLI_PAIRS) });
  });
  after(async () => server.stop());
  beforeEach(() => {
    ctx = engineContext(ollamaBackend(server.url, MEDTUNED_MODEL.name));
  });

  it('a one-sentence edit takes over every other sentence: only the edited sentence is asked again', async () => {
    const text = fixtureNote(NOTE).text;
    const first = await complete(new DocumentAnalysis('file:///n.note', 1, text, config(), ctx));
    const sent = server.generationRequests().length;
    // A word added inside the first sentence that has an entity.
    const target = first.sentences.find((s) => first.entities().some((e) => e.start >= s.start && e.end <= s.end))!;
    const at = target.start + target.text.indexOf(' ');
    const edited = text.slice(0, at) + ' indeed' + text.slice(at);
    const second = new DocumentAnalysis('file:///n.note', 2, edited, config(), ctx, {}, { previous: first });
    first.dispose();
    // Before any model work: every unchanged sentence's entities are shown, shifted where they follow the edit.
    assert.equal(second.sentencesDone(), second.sentences.length - 1);
    for (const e of second.entities()) assert.equal(edited.slice(e.start, e.end), e.text);
    await complete(second);
    const asked = server
      .generationRequests()
      .slice(sent)
      .map((r) => String(r.body.prompt ?? ''));
    const nerAsked = asked.filter((p) => !p.includes('Sentence 1:') && !/@(problem|treatment|test)\$/.test(p));
    assert.equal(nerAsked.length, 1, 'one entity request: the edited sentence');
    assert.ok(nerAsked[0].includes('indeed'));
    // The same as analysing the edited text from scratch.
    const fresh = await complete(new DocumentAnalysis('file:///n.note', 2, edited, config(), engineContext(ctx.backend)));
    assert.deepEqual(shown(second), shown(fresh));
  });

  it('jobs in flight change hands on an edit: nothing is asked twice and the answers reach the new version', async () => {
    // A sentence written twice: both places take over the one job, neither is left waiting.
    const text = `${fixtureNote(NOTE).text}\n\nShe reports chest pain at rest.\n\nShe reports chest pain at rest.\n`;
    server.setTiming({ firstTokenMs: 30, perTokenMs: 0 });
    const mark = server.generationRequests().length;
    try {
      const first = new DocumentAnalysis('file:///n.note', 1, text, config(), ctx);
      first.start();
      let current = first;
      // Edits at the end of the note while the first version's jobs are still running.
      for (let v = 2; v <= 6; v++) {
        const next = new DocumentAnalysis('file:///n.note', v, current.text + 'x', config(), ctx, {}, { previous: current });
        current.dispose();
        current = next;
      }
      current.start();
      await current.whenComplete();
      assert.equal(current.failed, 0);
      assert.ok(first.isDisposed);
      const prompts = server
        .generationRequests()
        .slice(mark)
        .map((r) => JSON.stringify(r.body));
      assert.equal(new Set(prompts).size, prompts.length, 'no request was sent twice');
      const fresh = await complete(new DocumentAnalysis('file:///n.note', 6, current.text, config(), engineContext(ctx.backend)));
      assert.deepEqual(shown(current), shown(fresh));
    } finally {
      server.setTiming({ firstTokenMs: 0, perTokenMs: 0 });
    }
  });

  it('NLI is planned after the debounce; until then unchanged statements keep their findings', async () => {
    const text = fixtureNote(NOTE).text;
    const first = await complete(new DocumentAnalysis('file:///n.note', 1, text, config(), ctx));
    const findings = first.nliFindings()!;
    assert.ok(findings.length > 0, `${NOTE} has statements to check`);
    const edited = 'Addendum: seen again.\n' + text;
    const second = new DocumentAnalysis('file:///n.note', 2, edited, config(), ctx, {}, { previous: first });
    first.dispose();
    const carried = second.nliFindings()!;
    assert.deepEqual(
      carried.map((f) => [f.state, f.label, f.hypothesis.text, f.evidence.map((e) => e.text)]),
      findings.map((f) => [f.state, f.label, f.hypothesis.text, f.evidence.map((e) => e.text)]),
    );
    for (const f of carried) assert.equal(edited.slice(f.hypothesis.start, f.hypothesis.end), f.hypothesis.text);
    const version = second.findingsVersion;
    const sent = server.generationRequests().length;
    await complete(second);
    assert.ok(second.findingsVersion > version, 'planning at start says the findings may have changed');
    assert.equal(
      server
        .generationRequests()
        .slice(sent)
        .filter((r) => String(r.body.prompt).includes('Sentence 1:')).length,
      0,
      'no statement-premise pair was asked again',
    );
  });

  it('random edits: after each, the shown result equals a fresh analysis of the same text', async () => {
    const base = fixtureNote(NOTE).text;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 40 }), ins: fc.constantFrom('', 'x', ' no fever. ', '\n', 'ASSESSMENT:\n', '😀', '\r\n') }), {
          minLength: 1,
          maxLength: 4,
        }),
        async (edits) => {
          let a = await complete(new DocumentAnalysis('file:///r.note', 1, base, config(), ctx));
          let v = 1;
          for (const e of edits) {
            const at = e.at % (a.text.length + 1);
            const text = a.text.slice(0, at) + e.ins + a.text.slice(Math.min(a.text.length, at + e.del));
            const next = new DocumentAnalysis('file:///r.note', ++v, text, config(), ctx, {}, { previous: a });
            a.dispose();
            a = next;
          }
          await complete(a);
          const fresh = await complete(new DocumentAnalysis('file:///r.note', v, a.text, config(), engineContext(ctx.backend)));
          assert.deepEqual(shown(a), shown(fresh));
        },
      ),
      { numRuns: 12, seed: 7 },
    );
  });

  it('each edit shows at once what it did not touch, at its new offsets, and nothing a fresh analysis would not show', async () => {
    // Several paragraphs, so that most edits fall after the first one (only the edited
    // paragraphs are segmented again); relations across sentences on.
    const note = fixtureNote(NOTE).text;
    const base = `${note}\n\n${note.replace(/\n(?=\S)/g, '\n\n')}`;
    const windowed = (): AnalysisConfig => ({ ...config(), relations: { enabled: true, maxPairsPerSentence: 12, sentenceWindow: 1 } });
    const key = (m: { start: number; end: number; type?: string; label?: string }) => `${m.start}:${m.end}:${m.type ?? m.label}`;
    const first = await complete(new DocumentAnalysis('file:///m.note', 1, base, windowed(), ctx));
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ at: fc.nat(), del: fc.nat({ max: 30 }), ins: fc.constantFrom('', 'x', ' no fever. ', '\n', '\n\n', '😀', '\r\n', '. ') }), {
          minLength: 1,
          maxLength: 5,
        }),
        async (edits) => {
          // Each run starts from a completed copy of the note (the first version is given up by an edit).
          let a = await complete(new DocumentAnalysis('file:///m.note', 1, first.text, windowed(), ctx));
          let v = 1;
          for (const e of edits) {
            const at = e.at % (a.text.length + 1);
            const end = Math.min(a.text.length, at + e.del);
            const text = a.text.slice(0, at) + e.ins + a.text.slice(end);
            const delta = text.length - a.text.length;
            // The sentences the edit did not touch, where the new version has them too (an edit may merge its neighbours).
            // (Copied: the previous version is given up, and its segments move with the edit.)
            const untouched = a.sentences.filter((s) => s.end < at || s.start > end).map(({ start, end, text, section }) => ({ start, end, text, section }));
            const before = a.entities().filter((m) => untouched.some((s) => m.start >= s.start && m.end <= s.end));
            const inUntouched = (r: { start: number; end: number }) => untouched.find((s) => s.start === r.start && s.end === r.end);
            const relationsBefore = a.relations().filter((r) => r.sentences.every(inUntouched));
            const textBefore = a.text;
            const next = new DocumentAnalysis('file:///m.note', ++v, text, windowed(), ctx, {}, { previous: a });
            a.dispose();
            a = next;
            const shift = (o: number) => (o > end ? o + delta : o);
            const kept = new Set(a.sentences.map((s) => `${s.start}:${s.text}`));
            // Relations are asked per unit in its section: a header added or removed above makes them new work.
            const keptInSection = new Set(a.sentences.map((s) => `${s.start}:${s.section}:${s.text}`));
            const shown = new Set(a.entities().map(key));
            for (const m of before) {
              const s = untouched.find((u) => m.start >= u.start && m.end <= u.end)!;
              if (!kept.has(`${shift(s.start)}:${s.text}`)) continue;
              assert.ok(shown.has(key({ ...m, start: shift(m.start), end: shift(m.end) })), `${m.text} at ${m.start} is shown at once after the edit at ${at}`);
            }
            const relKey = (r: { label: string; head: { start: number; end: number }; tail: { start: number; end: number } }) =>
              `${r.label}:${r.head.start}-${r.head.end}>${r.tail.start}-${r.tail.end}`;
            const shownRelations = new Set(a.relations().map(relKey));
            for (const r of relationsBefore) {
              // Only where every sentence it rests on is still there, with the same text.
              if (!r.sentences.every((x) => keptInSection.has(`${shift(x.start)}:${inUntouched(x)!.section}:${inUntouched(x)!.text}`))) continue;
              // A relation across paragraphs (a reference window) is asked with the text between
              // its sentences: an edit there changed what was asked, and it is asked again.
              if (r.sentence.start < at && end < r.sentence.end && /\n[^\S\n]*\r?\n|\r[^\S\r\n]*\r/.test(textBefore.slice(r.sentence.start, r.sentence.end)))
                continue;
              const moved = {
                ...r,
                head: { start: shift(r.head.start), end: shift(r.head.end) },
                tail: { start: shift(r.tail.start), end: shift(r.tail.end) },
              };
              assert.ok(shownRelations.has(relKey(moved)), `${relKey(r)} is shown at once after the edit at ${at}`);
            }
            for (const m of a.entities()) assert.equal(text.slice(m.start, m.end), m.text);
            for (const r of a.relations()) {
              assert.equal(text.slice(r.head.start, r.head.end), r.head.text);
              assert.equal(text.slice(r.tail.start, r.tail.end), r.tail.text);
            }
            assert.equal(a.total, a.done + a.failed + a.pending);
            assert.equal(a.relationCount(), a.relations().length);
          }
          // Shown before any model work is a part of what a fresh analysis of the text shows.
          const early = { entities: a.entities().map(key), relations: a.relations().map((r) => `${key(r.head)}>${key(r.tail)}:${r.label}`) };
          const fresh = await complete(new DocumentAnalysis('file:///m.note', v, a.text, windowed(), engineContext(ctx.backend)));
          const all = {
            entities: new Set(fresh.entities().map(key)),
            relations: new Set(fresh.relations().map((r) => `${key(r.head)}>${key(r.tail)}:${r.label}`)),
          };
          for (const e of early.entities) assert.ok(all.entities.has(e), `entity ${e}`);
          for (const r of early.relations) assert.ok(all.relations.has(r), `relation ${r}`);
          await complete(a);
          assert.deepEqual(shown(a), shown(fresh));
          assert.equal(a.relationCount(), fresh.relations().length);
        },
      ),
      { numRuns: 20, seed: 11 },
    );
  });

  it('the evidence index fills with the unrelated sentences nearest the statement, the earlier of two as near', () => {
    // Nothing shared with the statement: every choice is by nearness alone.
    const texts = ['Alpha beta.', 'Gamma delta.', 'Epsilon zeta.', 'Eta theta.', 'Iota kappa.'];
    const candidates = texts.map((text, i) => ({ index: i * 2, text, features: terms(text) }));
    const choose = (at: number | undefined, max: number) => {
      const statement = { index: at, text: 'Warfarin 5 mg.', features: terms('Warfarin 5 mg.') };
      const actual = new EvidenceIndex(candidates).select(statement, max, 10_000);
      assert.deepEqual(actual, selectEvidence(rankEvidence(statement, candidates), max, 10_000));
      return actual.map((r) => r.index);
    };
    assert.deepEqual(choose(3, 1), [2], 'between 2 and 4: the earlier');
    assert.deepEqual(choose(5, 3), [2, 4, 6]);
    assert.deepEqual(choose(9, 2), [6, 8], 'past the last sentence');
    assert.deepEqual(choose(-1, 2), [0, 2], 'before the first');
    assert.deepEqual(choose(undefined, 2), [0, 2], 'not a sentence of the note: in note order');
  });

  it('the evidence index chooses exactly what the plain ranking chooses: words, quantities, entities, vectors; within a reach, of the sentences in it', () => {
    const words = [
      'renal',
      'creatinine',
      'heart',
      'rate',
      '128',
      'tachycardic',
      'fever',
      'insulin',
      'glucose',
      'pain',
      'chest',
      'kidney',
      'warfarin',
      'inr',
      '2.1',
      'the',
      'no',
    ];
    const sentence = fc.array(fc.constantFrom(...words), { minLength: 1, maxLength: 8 }).map((w) => w.join(' '));
    const entity = fc.record({
      text: fc.constantFrom('chest pain', 'warfarin', 'kidney', 'fever', 'renal function'),
      type: fc.constantFrom('problem', 'treatment', 'test'),
    });
    const evidence = fc.record({
      text: sentence,
      // Entities unknown (undefined) or the NER's answer; a vector or none.
      entities: fc.option(fc.array(entity, { maxLength: 3 }), { nil: undefined }),
      vector: fc.option(fc.array(fc.integer({ min: -4, max: 4 }), { minLength: 3, maxLength: 3 }), { nil: undefined }),
    });
    const asText = (e: { text: string; entities?: { text: string; type: string }[]; vector?: number[] }, index?: number) => ({
      index,
      text: e.text,
      features: terms(e.text),
      entities: e.entities && entityFeatures(e.entities),
      vector: e.vector,
    });
    fc.assert(
      fc.property(
        fc.array(evidence, { minLength: 1, maxLength: 3 }),
        fc.array(evidence, { maxLength: 40 }),
        fc.option(fc.nat({ max: 80 }), { nil: undefined }),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 10, max: 200 }),
        fc.boolean(),
        fc.option(fc.nat({ max: 8 }), { nil: undefined }),
        (statements, premises, at, max, budget, reversed, reach) => {
          // In note order (the index walks out from the statement), or not (it sorts).
          const inOrder = premises.map((p, i) => ({ ...asText(p), index: i * 2 }));
          const candidates = reversed ? inOrder.reverse() : inOrder;
          // One index asked for several statements in turn (as a planning asks it), each at its own place.
          const index = new EvidenceIndex(candidates, reach);
          statements.forEach((h, k) => {
            const place = at === undefined ? undefined : at + 7 * k;
            const statement = asText(h, place);
            // A reach (candidates in note order, a statement of the note): as if the sentences beyond it were not there.
            const ordered = candidates.every((c, i) => i === 0 || candidates[i - 1].index <= c.index);
            const inReach = reach === undefined || !ordered || place === undefined ? candidates : candidates.filter((c) => Math.abs(c.index - place) <= reach);
            const expected = selectEvidence(rankEvidence(statement, inReach), max, budget);
            assert.deepEqual(index.select(statement, max, budget), expected);
          });
        },
      ),
      { numRuns: 1000, seed: 3 },
    );
  });
});
