/**
 * A note's links through the engine: the vocabularies of the configuration opened once,
 * each serving its entity types, the abbreviations the note defines, a missing or broken
 * file said in words with no links, and a file rebuilt opened again. The entities come from
 * the test server's oracle over an invented note (support/linkingNote.ts); linking asks no model.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_ENGINE_CONFIG, EngineConfig } from '../../../server/src/engine/config';
import type { EntityLink, VocabularySetting } from '../../../server/src/engine/linking/noteLinks';
import { createEngine, Engine } from '../../../server/src/engine/pipeline/engine';
import { BatchAnalysis } from '../../../server/src/engine/pipeline/noteAnalysis';
import { MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';
import { buildTsvVocabulary, DISORDERS_TSV, DRUGS_TSV, LINKING_NOTE, linkingNoteGold } from '../../support/linkingNote';
import { FAIL_ON_BUG } from '../../support/engine';

describe("a note's links (engine: linking.vocabularies)", () => {
  let server: OllamaTestServer;
  let tmp: string;
  let disorders: string;
  let drugs: string;
  const engines: Engine[] = [];

  before(async () => {
    server = await OllamaTestServer.start({ gold: [linkingNoteGold()] });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-note-links-'));
    disorders = buildTsvVocabulary(tmp, 'disorders', DISORDERS_TSV);
    drugs = buildTsvVocabulary(tmp, 'drugs', DRUGS_TSV);
  });
  after(async () => {
    for (const e of engines) await e.dispose();
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  function engineWith(vocabularies: VocabularySetting[]): Engine {
    const config: EngineConfig = {
      ...DEFAULT_ENGINE_CONFIG,
      engine: 'ollama',
      ollama: { host: server.url, keepAlive: '5m' },
      model: MEDTUNED_MODEL.name,
      relations: { ...DEFAULT_ENGINE_CONFIG.relations, enabled: false },
      nli: { ...DEFAULT_ENGINE_CONFIG.nli, enabled: false },
      linking: { vocabularies },
    };
    const engine = createEngine(config);
    engines.push(engine);
    return engine;
  }

  async function analysed(engine: Engine): Promise<BatchAnalysis> {
    const a = engine.analyse('linking-note', LINKING_NOTE, engine.analysisConfigOf(engine.config), FAIL_ON_BUG);
    a.start();
    await a.whenComplete();
    assert.equal(a.failed, 0, a.lastError?.message);
    assert.equal(a.entities().length, 5, 'the oracle gave the gold entities');
    return a;
  }

  /** Each entity's text and its concepts' IDs (`-` for none). */
  const summary = (links: EntityLink[]) => links.map((l) => `${l.text}: ${l.concepts.map((c) => c.id).join('+') || '-'}`);

  it("links each entity by the vocabularies serving its type, the note's abbreviations read as their long forms, with no model request", async () => {
    const engine = engineWith([
      { path: disorders, types: ['problem'] },
      { path: drugs, types: ['treatment'] },
    ]);
    const a = await analysed(engine);
    const requests = server.generationRequests().length;
    const links = a.links();
    assert.deepEqual(summary(links), [
      'atrial fibrillation: MESH:D001281',
      'chronic kidney disease: MESH:D051436',
      'CKD: MESH:D051436',
      'warfarin: MESH:D014859',
      'Atrial fibrillation: MESH:D001281',
    ]);
    const af = links[0].concepts[0];
    assert.deepEqual(
      { ...af, score: undefined },
      { id: 'MESH:D001281', name: 'Atrial Fibrillation', vocabulary: 'disorders', method: 'exact', how: 'exact name', score: undefined },
    );
    assert.equal(af.score, 1);
    assert.equal(links[2].concepts[0].method, 'abbreviation', 'CKD is read as the note defines it');
    assert.equal(links[3].concepts[0].vocabulary, 'drugs');
    assert.deepEqual(
      links.map((l) => [l.start, l.end, l.type]),
      a.entities().map((e) => [e.start, e.end, e.type]),
      'one link per entity, in their order',
    );
    assert.equal(server.generationRequests().length, requests, 'linking asked the model nothing');
    assert.equal(a.links(), links, 'kept while the entities and vocabularies stay the same');
    const copied = a.entities().map((e) => ({ start: e.start, end: e.end, type: e.type, text: LINKING_NOTE.slice(e.start, e.end) }));
    assert.equal(a.links(copied), links, 'and for a new list of the same mentions (a curated note builds one per hover)');
    assert.notEqual(a.links(copied.slice(1)), links, 'another list is linked anew');
    assert.deepEqual(engine.linkingProblems(), []);
    // The candidates a curator may pick from: the chosen first, each concept once.
    const typo = LINKING_NOTE.indexOf('chronic kidney disease');
    const [misspelt] = a.links([{ start: typo, end: typo + 22, type: 'problem', text: 'chronic kidny disease' }]);
    assert.equal(misspelt.concepts[0].method, 'approximate');
    assert.equal(misspelt.candidates[0].id, misspelt.concepts[0].id);
    assert.equal(new Set(misspelt.candidates.map((c) => c.id)).size, misspelt.candidates.length);
  });

  it('a vocabulary serves only its types: none given serves every type', async () => {
    const onlyProblems = await analysed(engineWith([{ path: drugs, types: ['problem'] }]));
    assert.deepEqual(
      summary(onlyProblems.links()).filter((s) => s.startsWith('warfarin')),
      ['warfarin: -'],
      'a drug is no problem',
    );
    const all = await analysed(engineWith([{ path: drugs, types: [] }]));
    assert.deepEqual(
      summary(all.links()).filter((s) => s.startsWith('warfarin')),
      ['warfarin: MESH:D014859'],
    );
  });

  it('several vocabularies for one type: a mention takes the concepts of the first that finds any', async () => {
    const local = buildTsvVocabulary(tmp, 'local', 'LOCAL:AF\tatrial fibrillation\n');
    const localFirst = await analysed(
      engineWith([
        { path: local, types: [] },
        { path: disorders, types: [] },
      ]),
    );
    assert.deepEqual(summary(localFirst.links()).slice(0, 3), ['atrial fibrillation: LOCAL:AF', 'chronic kidney disease: MESH:D051436', 'CKD: MESH:D051436']);
    const medicFirst = await analysed(
      engineWith([
        { path: disorders, types: [] },
        { path: local, types: [] },
      ]),
    );
    assert.deepEqual(summary(medicFirst.links()).slice(0, 1), ['atrial fibrillation: MESH:D001281']);
  });

  it("an earlier vocabulary's look-alike yields to a later one that has the name; among look-alikes the first stands", async () => {
    const lookalike = buildTsvVocabulary(tmp, 'lookalike', 'NEAR:1\tatrail fibrillation\n');
    const local = buildTsvVocabulary(tmp, 'local-af', 'LOCAL:AF\tatrial fibrillation\n');
    const named = await analysed(
      engineWith([
        { path: lookalike, types: [] },
        { path: local, types: [] },
      ]),
    );
    assert.deepEqual(summary(named.links()).slice(0, 1), ['atrial fibrillation: LOCAL:AF']);
    assert.equal(named.links()[0].concepts[0].method, 'exact');
    const other = buildTsvVocabulary(tmp, 'lookalike-2', 'NEAR:2\tatriel fibrillation\n');
    const alike = await analysed(
      engineWith([
        { path: lookalike, types: [] },
        { path: other, types: [] },
        { path: local, types: ['treatment'] },
      ]),
    );
    assert.deepEqual(summary(alike.links()).slice(0, 1), ['atrial fibrillation: NEAR:1'], 'two look-alikes: the first vocabulary; the name serves other types');
    assert.equal(alike.links()[0].concepts[0].method, 'approximate');
    const near = await analysed(engineWith([{ path: lookalike, types: [] }]));
    assert.deepEqual(
      near.links()[0].concepts.map((c) => [c.id, c.method]),
      [['NEAR:1', 'approximate']],
    );
  });

  it('no vocabulary configured: no links and no problem', async () => {
    const engine = engineWith([]);
    const a = await analysed(engine);
    assert.deepEqual(a.links(), []);
    assert.deepEqual(engine.linkingProblems(), []);
  });

  it('a missing file is a message and no links; the file built later is opened', async () => {
    const later = path.join(tmp, 'later.vocab');
    const engine = engineWith([{ path: later, types: [] }]);
    const a = await analysed(engine);
    assert.deepEqual(summary(a.links()), ['atrial fibrillation: -', 'chronic kidney disease: -', 'CKD: -', 'warfarin: -', 'Atrial fibrillation: -']);
    const problems = engine.linkingProblems();
    assert.equal(problems.length, 1);
    assert.match(problems[0], /^The vocabulary .*later\.vocab \(biomedNlp\.linking\.vocabularies\) was not found: entities are not linked with it\./);

    buildTsvVocabulary(tmp, 'later', DRUGS_TSV);
    assert.deepEqual(engine.linkingProblems(), [], 'looked at again');
    assert.deepEqual(
      summary(a.links()).filter((s) => s.startsWith('warfarin')),
      ['warfarin: MESH:D014859'],
    );
  });

  it('a file that is not a .vocab is a message, never a crash, and links nothing', async () => {
    const broken = path.join(tmp, 'broken.vocab');
    fs.writeFileSync(broken, 'MESH:D001281\tAtrial Fibrillation\n'.repeat(4000));
    const engine = engineWith([
      { path: broken, types: [] },
      { path: drugs, types: [] },
    ]);
    const a = await analysed(engine);
    assert.deepEqual(engine.linkingProblems(), [
      `The vocabulary ${broken} (biomedNlp.linking.vocabularies) could not be opened: broken.vocab: not a .vocab file (build one with biomed vocab build). Entities are not linked with it.`,
    ]);
    assert.deepEqual(
      summary(a.links()).filter((s) => !s.endsWith(': -')),
      ['warfarin: MESH:D014859'],
      'the other vocabulary still links',
    );
  });

  it('a file rebuilt in place is opened again; a changed setting opens the new file and closes the old', async () => {
    const own = path.join(tmp, 'own');
    fs.mkdirSync(own);
    const file = buildTsvVocabulary(own, 'mine', DRUGS_TSV);
    const engine = engineWith([{ path: file, types: [] }]);
    const a = await analysed(engine);
    const before = a.links();
    assert.deepEqual(
      summary(before).filter((s) => !s.endsWith(': -')),
      ['warfarin: MESH:D014859'],
    );

    buildTsvVocabulary(own, 'mine', DISORDERS_TSV);
    const after = a.links();
    assert.notEqual(after, before, 'computed again');
    assert.deepEqual(
      summary(after).filter((s) => !s.endsWith(': -')),
      ['atrial fibrillation: MESH:D001281', 'chronic kidney disease: MESH:D051436', 'CKD: MESH:D051436', 'Atrial fibrillation: MESH:D001281'],
    );

    engine.reconfigure({ ...engine.config, linking: { vocabularies: [{ path: drugs, types: ['treatment'] }] } });
    assert.deepEqual(
      summary(a.links()).filter((s) => !s.endsWith(': -')),
      ['warfarin: MESH:D014859'],
    );
  });
});
