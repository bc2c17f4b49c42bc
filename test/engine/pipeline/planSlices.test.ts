/**
 * Planning the NLI premises of a long note holds the event loop for a bounded number of
 * sentences at a time, whatever the note's length: it reads the note in slices with the
 * loop free between them (requests are answered meanwhile), and ends with the plans a whole
 * planning makes. Work is counted in sentences read (the per-text feature look-ups the
 * planning makes) between two turns of the event loop; nothing is timed or mocked.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { PLAN_SLICE } from '../../../server/src/engine/pipeline/analysis/nliPlanner';
import { FeatureCache } from '../../../server/src/engine/pipeline/features';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { DEFAULT_NLI_SECTIONS } from '../../../server/src/engine/tasks/nli';
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
    nli: { enabled: true, sections: DEFAULT_NLI_SECTIONS, maxPremises: 4, budgetChars: 8192 },
  };
}

/** The most feature look-ups (terms and injection rules) made between two turns of the event loop while `run` completes. */
async function longestTurn(run: () => Promise<unknown>): Promise<{ longest: number; total: number }> {
  const proto = FeatureCache.prototype;
  const { terms, injection } = proto;
  let turn = 0;
  let longest = 0;
  let total = 0;
  const count = () => {
    total++;
    longest = Math.max(longest, ++turn);
  };
  proto.terms = function (this: FeatureCache, ...args: Parameters<typeof terms>) {
    count();
    return terms.apply(this, args);
  };
  proto.injection = function (this: FeatureCache, ...args: Parameters<typeof injection>) {
    count();
    return injection.apply(this, args);
  };
  let ticking = true;
  const tick = () => {
    turn = 0;
    if (ticking) setImmediate(tick);
  };
  setImmediate(tick);
  try {
    await run();
  } finally {
    ticking = false;
    proto.terms = terms;
    proto.injection = injection;
  }
  return { longest, total };
}

describe('engine: a long note’s NLI premises are planned in slices', function () {
  this.timeout(300_000);
  let server: OllamaTestServer;

  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR), nliPairs: loadNliPairs(NLI_PAIRS) });
  });
  after(async () => server.stop());

  it('the sentences read between two turns of the event loop do not grow with the note; the plans equal a whole planning', async () => {
    const note = fixtureNote(NOTE).text;
    const bound = 3 * PLAN_SLICE;
    const seen: { sentences: number; longest: number; total: number }[] = [];
    for (const copies of [40, 800]) {
      const text = Array.from({ length: copies }, () => note).join('\n\n');
      const ctx = engineContext(ollamaBackend(server.url, MEDTUNED_MODEL.name));
      // Entities known first (from the server once per distinct text), so that only the planning is counted below.
      const first = await complete(new DocumentAnalysis('file:///long.note', 1, text, config(), ctx, {}, { planAhead: Infinity }));
      first.dispose();
      let a: DocumentAnalysis | undefined;
      const { longest, total } = await longestTurn(() =>
        complete((a = new DocumentAnalysis('file:///long.note', 2, text, config(), ctx, {}, { planAhead: Infinity }))),
      );
      seen.push({ sentences: a!.sentences.length, longest, total });
      assert.ok((a!.nliFindings() ?? []).length > 0, 'the note has statements, and they were planned');
      // The same plans as one whole planning of the same version.
      const findings = (x: DocumentAnalysis) => (x.nliFindings() ?? []).map((f) => ({ h: f.hypothesis.start, state: f.state, label: f.label }));
      const whole = new DocumentAnalysis('file:///long.note', 3, text, config(), ctx, {}, { planAhead: Infinity });
      await complete(whole);
      assert.deepEqual(findings(a!), findings(whole));
    }
    const [small, large] = seen;
    assert.ok(large.sentences > 5 * bound, `the long note has ${large.sentences} sentences`);
    assert.ok(large.total >= 2 * large.sentences, `the planning read every sentence (${large.total} look-ups)`);
    for (const s of seen) assert.ok(s.longest <= bound, `${s.longest} look-ups in one turn of the event loop at ${s.sentences} sentences (bound ${bound})`);
    assert.ok(large.longest <= small.longest + bound, JSON.stringify(seen));
  });
});
