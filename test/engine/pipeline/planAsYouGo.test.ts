/**
 * A huge note is planned as it goes: the first model request goes out
 * before every sentence's work is planned, the sentences not planned yet are counted as
 * owed work, and once complete the analysis shows exactly what a whole, eager analysis of
 * the same text shows, also after edits made while sentences were still owed. Real HTTP to
 * the Ollama-protocol test server; nothing is mocked, nothing is timed.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import fc from 'fast-check';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { PLAN_AHEAD } from '../../../server/src/engine/pipeline/analysis/entityPlanner';
import { EngineContext } from '../../../server/src/engine/pipeline/modelCall';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { DEFAULT_NLI_SECTIONS } from '../../../server/src/engine/tasks/nli';
import { CLINICAL_NOTES, fixtureNote, NOTES_DIR } from '../../support/gold';
import { loadGoldDocuments, loadNliPairs, MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';
import { complete, engineContext, ollamaBackend } from '../../support/engine';
import { ROOT } from '../../support/paths';

const NLI_PAIRS = path.join(ROOT, 'test/fixtures/nli/clinical-nli-dev.jsonl');
const NOTE = CLINICAL_NOTES.find((n) => fixtureNote(n).text.includes('ASSESSMENT')) ?? CLINICAL_NOTES[0];

function entitiesOnly(): AnalysisConfig {
  return { model: MEDTUNED_MODEL.name, profile: new MedtunedProfile(), entityTypes: ['problem', 'treatment', 'test'] };
}

function everything(): AnalysisConfig {
  return {
    ...entitiesOnly(),
    relations: { enabled: true, maxPairsPerSentence: 12 },
    nli: { enabled: true, sections: DEFAULT_NLI_SECTIONS, maxPremises: 4, budgetChars: 8192 },
  };
}

/** Everything an analysis shows, in a comparable shape. */
function shown(a: DocumentAnalysis) {
  return {
    entities: a.entities(),
    relations: a.relations(),
    findings: (a.nliFindings() ?? []).map((f) => ({ h: [f.hypothesis.start, f.hypothesis.end], state: f.state, label: f.label })),
    counts: { total: a.total, done: a.done, failed: a.failed, pending: a.pending, sentencesDone: a.sentencesDone() },
  };
}

/** The fixture note many times over (its sentences recur, so the server is asked each distinct text once). */
function hugeNote(copies: number): string {
  const note = fixtureNote(NOTE).text;
  return Array.from({ length: copies }, () => note).join('\n\n');
}

describe('engine: a huge note is planned as it goes', function () {
  this.timeout(120_000);
  let server: OllamaTestServer;
  let ctx: EngineContext;

  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR), nliPairs: loadNliPairs(NLI_PAIRS) });
  });
  after(async () => server.stop());
  beforeEach(() => {
    ctx = engineContext(ollamaBackend(server.url, MEDTUNED_MODEL.name));
  });
  afterEach(() => server.script(undefined));

  it('the first request reaches the server before the note is planned whole; complete, it equals a whole analysis', async () => {
    const text = hugeNote(300);
    const a = new DocumentAnalysis('file:///huge.note', 1, text, entitiesOnly(), ctx);
    const n = a.sentences.length;
    assert.ok(n > 10 * PLAN_AHEAD, `${n} sentences`);
    // Built, only the first sentences are planned; the rest are owed, and counted as such.
    assert.equal(a.plannedSentences, PLAN_AHEAD);
    const groups = new MedtunedProfile().nerGroups(entitiesOnly().entityTypes).length;
    assert.equal(a.total, n * groups);
    assert.equal(a.pending, a.total);
    assert.equal(a.isComplete, false);

    let plannedAtFirstRequest: number | undefined;
    server.script(() => {
      plannedAtFirstRequest ??= a.plannedSentences;
      return undefined;
    });
    // The visible range (far down the note) is planned before anything is sent.
    const far = a.sentences[Math.floor(n * 0.75)];
    a.start({ start: far.start, end: far.end });
    assert.ok(a.plannedSentences > PLAN_AHEAD, 'the visible sentence is planned at start');
    await a.whenComplete();
    assert.equal(a.failed, 0, a.lastError?.message);
    assert.ok(plannedAtFirstRequest !== undefined && plannedAtFirstRequest < n, `planned ${plannedAtFirstRequest} of ${n} at the first request`);
    assert.equal(a.plannedSentences, n);
    assert.equal(a.sentencesDone(), n);

    const whole = new DocumentAnalysis('file:///huge.note', 1, text, entitiesOnly(), engineContext(ctx.backend), {}, { planAhead: Infinity });
    assert.equal(whole.plannedSentences, n);
    assert.deepEqual(shown(a), shown(await complete(whole)));
  });

  it("with NLI on, the statements' premises are ranked after the first requests are out; complete, it equals a whole analysis", async () => {
    const text = hugeNote(40);
    const a = new DocumentAnalysis('file:///huge-nli.note', 1, text, everything(), ctx);
    assert.ok(a.plannedSentences < a.sentences.length, 'sentences owed: a huge note');
    let rankedAtFirstRequest: boolean | undefined;
    server.script(() => {
      rankedAtFirstRequest ??= a.nliFindings() !== undefined;
      return undefined;
    });
    a.start();
    assert.equal(a.nliFindings(), undefined, 'not ranked during start');
    assert.equal(a.isComplete, false);
    await a.whenComplete();
    assert.equal(a.failed, 0, a.lastError?.message);
    assert.equal(rankedAtFirstRequest, false);
    const whole = await complete(new DocumentAnalysis('file:///huge-nli.note', 1, text, everything(), engineContext(ctx.backend), {}, { planAhead: Infinity }));
    assert.ok((whole.nliFindings() ?? []).filter((f) => f.label !== undefined).length > 0, 'the note has statements, and they were checked');
    assert.deepEqual(shown(a), shown(whole));
  });

  it('a disposed version plans nothing more', async () => {
    const a = new DocumentAnalysis('file:///huge.note', 1, hugeNote(100), entitiesOnly(), ctx);
    a.start();
    const planned = a.plannedSentences;
    a.dispose();
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(a.plannedSentences, planned);
    assert.ok(planned < a.sentences.length);
  });

  it('random edits while sentences are owed: complete, the result equals a whole analysis of the final text', async () => {
    const base = fixtureNote(NOTE).text;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 6 }),
        fc.array(
          fc.record({
            at: fc.nat(),
            del: fc.nat({ max: 40 }),
            ins: fc.constantFrom('', 'x', ' no fever. ', '\n', '\n\n', 'ASSESSMENT:\n', '😀', '\r\n'),
            started: fc.boolean(),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        async (planAhead, edits) => {
          let a = new DocumentAnalysis('file:///r.note', 1, base, everything(), ctx, {}, { planAhead });
          let v = 1;
          for (const e of edits) {
            // Started or not, the edit comes before the owed sentences' first chunk is planned.
            if (e.started) a.start();
            const at = e.at % (a.text.length + 1);
            const text = a.text.slice(0, at) + e.ins + a.text.slice(Math.min(a.text.length, at + e.del));
            const next = new DocumentAnalysis('file:///r.note', ++v, text, everything(), ctx, {}, { previous: a, planAhead });
            a.dispose();
            a = next;
            assert.equal(a.total, a.done + a.failed + a.pending);
          }
          await complete(a);
          assert.equal(a.plannedSentences, a.sentences.length);
          const fresh = await complete(
            new DocumentAnalysis('file:///r.note', v, a.text, everything(), engineContext(ctx.backend), {}, { planAhead: Infinity }),
          );
          assert.deepEqual(shown(a), shown(fresh));
        },
      ),
      { numRuns: 10, seed: 31 },
    );
  });
});
