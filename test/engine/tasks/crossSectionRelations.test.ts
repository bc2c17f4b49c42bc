/**
 * Relations across sections: a plan sentence that names an earlier
 * finding by a gene symbol or a head word ("EGFR-mutant", "the tumor") is paired with it,
 * sections apart; an earlier entity it does not name is not. Real HTTP to the
 * Ollama-protocol test server, whose oracle answers from the gold of
 * test/fixtures/relations/cross-section.ann; nothing is mocked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisConfig, DocumentAnalysis, Relation } from '../../../server/src/engine/pipeline/analysis';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { Profile } from '../../../server/src/engine/profiles/profile';
import { namesEntity, namingWords } from '../../../server/src/engine/tasks/references';
import { Mention } from '../../../server/src/engine/types';
import { complete, engineContext, ollamaBackend } from '../../support/engine';
import { LLAMA31_MODEL, loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';
import { ROOT } from '../../support/paths';

const DIR = path.join(ROOT, 'test/fixtures/relations');
const NOTE = fs.readFileSync(path.join(DIR, 'cross-section.note'), 'utf8');
const EDIT = { from: 'scattered wheezes', to: 'faint scattered wheezes' };

const shownRelation = (r: Relation) => `${r.label}(${r.head.text}, ${r.tail.text})`;

function config(profile: Profile, model: string, sentenceWindow: number): AnalysisConfig {
  return { model, profile, entityTypes: ['problem', 'treatment', 'test'], relations: { enabled: true, maxPairsPerSentence: 12, sentenceWindow } };
}

const mention = (text: string): Mention => ({ start: 0, end: text.length, type: 'problem', text });

describe('relations across sections: which earlier entities a sentence names', () => {
  it('a gene symbol, a head word after "the", or "the tumor" for a growth; not a word it merely shares', () => {
    const plan = namingWords('Because the tumor is EGFR-mutant, osimertinib is started.');
    assert.ok(namesEntity(plan, mention('EGFR EXON 19 DELETION')));
    assert.ok(namesEntity(plan, mention('lung adenocarcinoma')));
    assert.ok(!namesEntity(plan, mention('knee osteoarthritis')));
    const mass = namingWords('Biopsy of the mass was scheduled.');
    assert.ok(namesEntity(mass, mention('a 3 cm right upper lobe mass')));
    assert.ok(!namesEntity(mass, mention('pleural effusion')));
    // "the patient", a section label in capitals, and a note in capitals throughout name nothing.
    assert.deepEqual([...namingWords('PLAN: the patient will follow up.').symbols], []);
    assert.deepEqual([...namingWords('PLAN: the patient will follow up.').referring], []);
    assert.deepEqual([...namingWords('EGFR MUTANT TUMOR, START OSIMERTINIB.').symbols], []);
  });
});

describe('engine: relations across sections', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;

  before(async () => {
    const docs = loadGoldDocuments(DIR).filter((d) => d.name === 'cross-section');
    assert.equal(docs.length, 1, 'test set-up: the cross-section note is gold');
    const at = NOTE.indexOf(EDIT.from);
    const move = (o: number) => (o > at ? o + EDIT.to.length - EDIT.from.length : o);
    // The edited note is gold too, so the simulated model answers it after the edit.
    docs.push({
      ...docs[0],
      name: 'cross-section-edited',
      text: NOTE.replace(EDIT.from, EDIT.to),
      entities: docs[0].entities.map((e) => ({ ...e, start: move(e.start), end: move(e.end) })),
    });
    server = await OllamaTestServer.start({ gold: docs });
  });
  after(async () => server.stop());

  const context = (model: string) => engineContext(ollamaBackend(server.url, model));

  for (const [name, profile, model] of [
    ['medtuned', () => new MedtunedProfile(), MEDTUNED_MODEL.name],
    ['json', () => new JsonProfile(), LLAMA31_MODEL.name],
  ] as const) {
    it(`${name}: the plan's drug is asked with the finding it names sections back, and the relation reaches the results`, async () => {
      const mark = server.generationRequests().length;
      const a = await complete(new DocumentAnalysis('file:///onc.note', 1, NOTE, config(profile(), model, 1), context(model)));
      const sent = server.generationRequests().slice(mark);
      const shown = a.relations().map(shownRelation);
      assert.ok(shown.includes('TrAP(osimertinib, EGFR EXON 19 DELETION)'), shown.join('; '));
      assert.ok(shown.includes('TrAP(osimertinib, lung adenocarcinoma)'), shown.join('; '));
      const found = a.relations().find((r) => shownRelation(r) === 'TrAP(osimertinib, EGFR EXON 19 DELETION)')!;
      assert.deepEqual(
        found.sentences.map((s) => NOTE.slice(s.start, s.end)),
        ['Genotyping found an EGFR EXON 19 DELETION.', 'Because the tumor is EGFR-mutant, osimertinib is started.'],
      );
      assert.equal(NOTE.slice(found.head.start, found.head.end), 'osimertinib');
      assert.equal(NOTE.slice(found.tail.start, found.tail.end), 'EGFR EXON 19 DELETION');
      // Counter-example: the earlier knee osteoarthritis is not named by the plan sentence: never paired with its drug.
      const bodies = sent.map((r) => JSON.stringify(r.body));
      const paired = (a: string, b: string) =>
        name === 'medtuned'
          ? bodies.some((p) => p.includes('@problem$ is stable') && p.includes('@treatment$ is started'))
          : bodies.some((p) => p.includes(`<e1>${a}</e1>`) && p.includes(`<e2>${b}</e2>`)) ||
            bodies.some((p) => p.includes(`<e1>${b}</e1>`) && p.includes(`<e2>${a}</e2>`));
      assert.ok(!paired('osimertinib', 'knee osteoarthritis'), 'an entity the plan does not name is not paired');
      assert.ok(!shown.some((r) => r.includes('osimertinib, knee osteoarthritis')));
      // Without windows (sentenceWindow 0), relations stay within a sentence, as before.
      const zero = await complete(new DocumentAnalysis('file:///onc0.note', 1, NOTE, config(profile(), model, 0), context(model)));
      assert.deepEqual(
        zero
          .relations()
          .map(shownRelation)
          .filter((r) => r.startsWith('TrAP(osimertinib')),
        [],
      );
    });
  }

  it('an edit between the two sections: the new version shows what a fresh analysis shows, and the unchanged reference is not asked again', async () => {
    const model = MEDTUNED_MODEL.name;
    const ctx = context(model);
    const first = await complete(new DocumentAnalysis('file:///e.note', 1, NOTE, config(new MedtunedProfile(), model, 1), ctx));
    const edited = NOTE.replace(EDIT.from, EDIT.to);
    const mark = server.generationRequests().length;
    const next = new DocumentAnalysis('file:///e.note', 2, edited, config(new MedtunedProfile(), model, 1), ctx, {}, { previous: first });
    first.dispose();
    await complete(next);
    const asked = server
      .generationRequests()
      .slice(mark)
      .map((r) => String(r.body.prompt));
    const fresh = await complete(new DocumentAnalysis('file:///f.note', 1, edited, config(new MedtunedProfile(), model, 1), context(model)));
    assert.deepEqual(next.relations(), fresh.relations());
    assert.deepEqual(next.entities(), fresh.entities());
    // The reference window spans the edit: its text changed, so it is asked again; the plan's own sentence is not.
    assert.ok(!asked.some((p) => p.includes('### Input: Continue acetaminophen')), asked.join('\n'));
  });
});
