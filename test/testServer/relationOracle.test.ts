/** The test server's relation oracle: pairs asked in each layout answered from gold. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { Ollama } from 'ollama';
import { readChemProt } from '../../server/src/engine/formats/chemprot';
import { MedtunedProfile } from '../../server/src/engine/profiles/medtuned';
import { candidatePairs } from '../../server/src/engine/tasks/relations';
import { EntityType, Mention } from '../../server/src/engine/types';
import { chemProtGold, OFF_LAYOUT_ANSWER, OllamaTestServer } from '../support/ollamaServer';
import {
  CHEMPROT,
  LLAMA,
  MEDTUNED,
  MODELS,
  RELATION_INSTRUCTION,
  client,
  gold,
  goldMentions,
  jsonRelations,
  layout,
  lines,
  literature,
  medtunedPrompt,
  medtunedRelation,
  mention,
  pair,
  relationKind,
  server,
  useSuiteServer,
} from './suite';

describe('OllamaTestServer', () => {
  useSuiteServer();

  describe('relation oracle', () => {
    const WARFARIN = 'Warfarin was continued for atrial fibrillation with a goal INR of 2-3.';
    const CISPLATIN = 'Cisplatin-induced nephrotoxicity and ototoxicity in children with hepatoblastoma.';
    const TPMT = 'Children carrying variants in TPMT and COMT had a higher risk of ototoxicity.';

    it('loads gold relations from the R lines, as indices into the entities', () => {
      const hf = gold.find((d) => d.name === 'discharge-heart-failure')!;
      const r = hf.relations![0];
      assert.equal(r.label, 'TrAP');
      assert.equal(hf.text.slice(hf.entities[r.arg1].start, hf.entities[r.arg1].end), 'Warfarin');
      assert.equal(hf.text.slice(hf.entities[r.arg2].start, hf.entities[r.arg2].end), 'atrial fibrillation');
      assert.deepEqual(
        gold.map((d) => d.relations!.length),
        [6, 4, 2, 2, 4],
      );
    });

    it('medtuned clinical: the gold label in the masked sentence, else No Relations', async () => {
      const warfarin = mention(WARFARIN, 'Warfarin', 'treatment');
      const af = mention(WARFARIN, 'atrial fibrillation', 'problem');
      const inr = mention(WARFARIN, 'INR', 'test');
      const req = new MedtunedProfile().relationRequest(WARFARIN, { id: 'x', pairs: [pair('clinical', warfarin, af)] });
      // (`2-3` or `2 - 3`: which clinical tokens is the tokeniser's business; the oracle reads either.)
      assert.match((req as { prompt: string }).prompt, /### Input: @treatment\$ was continued for @problem\$ with a goal INR of 2 ?- ?3 \.\n ### Output:$/);
      assert.equal(await medtunedRelation(client, WARFARIN, pair('clinical', warfarin, af)), 'TrAP');
      assert.equal(await medtunedRelation(client, WARFARIN, pair('clinical', inr, af)), 'No Relations');
      // Gold relations are found in either direction for clinical pairs.
      const course = 'He was treated with intravenous furosemide with good diuresis, and his dyspnea improved.';
      assert.equal(
        await medtunedRelation(client, course, pair('clinical', mention(course, 'intravenous furosemide', 'treatment'), mention(course, 'dyspnea', 'problem'))),
        'TrIP',
      );
      // Half an entity is not the gold entity: no relation.
      assert.equal(
        await medtunedRelation(client, course, pair('clinical', mention(course, 'furosemide', 'treatment'), mention(course, 'dyspnea', 'problem'))),
        'No Relations',
      );
      // The same words elsewhere (atrial fibrillation is also in the history) are another entity.
      const history =
        '72-year-old man with ischemic cardiomyopathy, atrial fibrillation and chronic kidney disease stage 3 presented with three days of worsening dyspnea and bilateral leg swelling.';
      assert.equal(
        await medtunedRelation(
          client,
          history,
          pair('clinical', mention(history, 'ischemic cardiomyopathy', 'problem'), mention(history, 'atrial fibrillation', 'problem')),
        ),
        'No Relations',
      );
      const xray = 'A chest x-ray showed pulmonary edema and small bilateral pleural effusions.';
      assert.equal(
        await medtunedRelation(
          client,
          xray,
          pair('clinical', mention(xray, 'chest x-ray', 'test'), mention(xray, 'small bilateral pleural effusions', 'problem')),
        ),
        'TeRP',
      );
    });

    it('medtuned literature pairs: no trained layout, so never asked; masks under the i2b2-2010 instruction are off the layout', async () => {
      const cis = mention(CISPLATIN, 'Cisplatin', 'chemical');
      const neph = mention(CISPLATIN, 'nephrotoxicity', 'disease');
      const oto = mention(TPMT, 'ototoxicity', 'disease');
      // The production profile refuses them (the engine skips them or asks them in the json layout).
      for (const [s, p] of [
        [CISPLATIN, pair('chemical-disease', cis, neph)],
        [TPMT, pair('gene-disease', mention(TPMT, 'TPMT', 'gene'), oto)],
        [TPMT, pair('chemical-gene', mention(TPMT, 'Children', 'chemical'), mention(TPMT, 'TPMT', 'gene'))],
      ] as const) {
        assert.throws(() => new MedtunedProfile().relationRequest(s, { id: 'x', pairs: [p] }), /not trained/);
      }
      // A literature pair forced into the i2b2-2010 layout: off the layout, unusable, logged.
      server.clearOracleLog();
      const r = await client.generate({
        model: MEDTUNED,
        prompt: layout(RELATION_INSTRUCTION, '@CHEMICAL$ - induced @DISEASE$ and ototoxicity in children with hepatoblastoma .'),
        raw: true,
      });
      assert.equal(r.response, OFF_LAYOUT_ANSWER);
      assert.deepEqual(
        server.offLayoutPrompts.map((o) => o.reason),
        ['i2b2-2010 relations input needs two of its masks (got @CHEMICAL$, @DISEASE$)'],
      );
      server.clearOracleLog();
      // The json layout still answers them from gold (below); without masks the medtuned layout is NER again.
      const ner = await client.generate({ model: MEDTUNED, prompt: medtunedPrompt(literature('gene'), TPMT), raw: true });
      assert.deepEqual(lines(ner.response)[4], ['TPMT', 'B']);
    });

    it('json: one label per pair, from gold, for every pair of a sentence', async () => {
      const xray = 'A chest x-ray showed pulmonary edema\nand small bilateral pleural effusions.';
      const ms = [
        mention(xray, 'chest x-ray', 'test'),
        mention(xray, 'pulmonary edema', 'problem'),
        mention(xray, 'small bilateral pleural effusions', 'problem'),
      ];
      const pairs = candidatePairs(ms, 10);
      assert.equal(pairs.length, 3);
      const expected = pairs.map((p) => (p.head.type === 'test' ? 'TeRP' : 'No Relations'));
      assert.deepEqual(await jsonRelations(client, xray, pairs), expected);

      const w = [mention(WARFARIN, 'Warfarin', 'treatment'), mention(WARFARIN, 'atrial fibrillation', 'problem'), mention(WARFARIN, 'INR', 'test')];
      assert.deepEqual(await jsonRelations(client, WARFARIN, [pair('clinical', w[0], w[1]), pair('clinical', w[2], w[1])]), ['TrAP', 'No Relations']);

      const c = [
        mention(CISPLATIN, 'Cisplatin', 'chemical'),
        mention(CISPLATIN, 'nephrotoxicity', 'disease'),
        mention(CISPLATIN, 'ototoxicity', 'disease'),
        mention(CISPLATIN, 'hepatoblastoma', 'disease'),
      ];
      assert.deepEqual(
        await jsonRelations(client, CISPLATIN, [
          pair('chemical-disease', c[0], c[1]),
          pair('chemical-disease', c[0], c[2]),
          pair('chemical-disease', c[0], c[3]),
        ]),
        ['CID', 'CID', 'No Relations'],
      );
      const t = [mention(TPMT, 'TPMT', 'gene'), mention(TPMT, 'COMT', 'gene'), mention(TPMT, 'ototoxicity', 'disease')];
      assert.deepEqual(await jsonRelations(client, TPMT, [pair('gene-disease', t[0], t[2]), pair('gene-disease', t[1], t[2])]), ['Positive', 'Positive']);
      // A mention that is not a gold entity, a sentence not in the gold: the no-relation labels.
      assert.deepEqual(
        await jsonRelations(client, TPMT, [
          pair('gene-disease', mention(TPMT, 'variants', 'gene'), t[2]),
          pair('chemical-gene', mention(TPMT, 'Children', 'chemical'), t[0]),
        ]),
        ['Negative', 'none'],
      );
      const nowhere = 'Aspirin was given for headache.';
      assert.deepEqual(
        await jsonRelations(client, nowhere, [pair('clinical', mention(nowhere, 'Aspirin', 'treatment'), mention(nowhere, 'headache', 'problem'))]),
        ['No Relations'],
      );
    });

    it('both layouts agree with every gold relation of every note, asked over the whole text (medtuned: the clinical ones)', async () => {
      let clinical = 0;
      for (const doc of gold) {
        const ms = goldMentions(doc);
        const pairs = doc.relations!.map((r) => pair(relationKind(ms[r.arg1], ms[r.arg2]), ms[r.arg1], ms[r.arg2]));
        assert.deepEqual(
          await jsonRelations(client, doc.text, pairs),
          doc.relations!.map((r) => r.label),
          doc.name,
        );
        // The medtuned layout: the clinical (i2b2-2010) pairs, the only ones it was trained on.
        for (const [i, p] of pairs.entries()) {
          if (p.kind !== 'clinical') continue;
          assert.equal(await medtunedRelation(client, doc.text, p), doc.relations![i].label, `${doc.name} R${i + 1}`);
          clinical++;
        }
      }
      assert.equal(clinical, 12, "the clinical notes' relations");
      assert.deepEqual(server.offLayoutPrompts, []);
    });

    it('ChemProt gold: the label of each marked pair, among documents with the same sentence', async () => {
      const pairs = readChemProt(fs.readFileSync(CHEMPROT, 'utf8')).slice(0, 300);
      assert.equal(pairs.length, 300);
      const cp = await OllamaTestServer.start({ models: MODELS, gold: chemProtGold(pairs) });
      try {
        const c = new Ollama({ host: cp.url });
        const sentences = new Set(pairs.map((p) => p.text));
        assert.ok(sentences.size < pairs.length, 'the fixture repeats sentences');
        for (const [i, p] of pairs.entries()) {
          const chem: Mention = { ...p.chemical, type: 'chemical', text: p.text.slice(p.chemical.start, p.chemical.end) };
          const gene: Mention = { ...p.gene, type: 'gene', text: p.text.slice(p.gene.start, p.gene.end) };
          assert.deepEqual(await jsonRelations(c, p.text, [pair('chemical-gene', chem, gene)]), [p.label], `pair ${i + 1}`);
        }
        // Marked pairs of one sentence asked together: each from its own document (the
        // pairs share the chemical mention, one object as the engine's candidatePairs gives it).
        const [a, b] = pairs.filter((p) => p.text === pairs[0].text);
        assert.deepEqual(a.chemical, b.chemical);
        const m = (s: { start: number; end: number }, type: EntityType): Mention => ({ ...s, type, text: a.text.slice(s.start, s.end) });
        const shared = m(a.chemical, 'chemical');
        const losartan = mention(a.text, 'losartan', 'gene');
        assert.deepEqual(
          await jsonRelations(c, a.text, [
            pair('chemical-gene', shared, m(a.gene, 'gene')),
            pair('chemical-gene', shared, m(b.gene, 'gene')),
            pair('chemical-gene', shared, losartan),
          ]),
          [a.label, b.label, 'none'],
        );
        assert.deepEqual(await jsonRelations(c, a.text, [pair('chemical-gene', m(a.gene, 'chemical'), m(a.chemical, 'gene'))]), ['none']);
      } finally {
        await cp.stop();
      }
    });

    it('noise drops the same fraction of gold relations, deterministically, in both layouts', async () => {
      const noisy = await OllamaTestServer.start({ models: MODELS, gold, noise: 0.25, seed: 7 });
      try {
        const c = new Ollama({ host: noisy.url });
        const total = gold.reduce((n, d) => n + d.relations!.length, 0);
        const kept = async () => {
          const json: boolean[] = [];
          const medtuned: boolean[] = [];
          const clinicalJson: boolean[] = [];
          for (const doc of gold) {
            const ms = goldMentions(doc);
            const pairs = doc.relations!.map((r) => pair(relationKind(ms[r.arg1], ms[r.arg2]), ms[r.arg1], ms[r.arg2]));
            const labels = await jsonRelations(c, doc.text, pairs);
            labels.forEach((l, i) => json.push(l === doc.relations![i].label));
            for (const [i, p] of pairs.entries()) {
              // The medtuned layout asks the clinical pairs only; it must keep exactly what json keeps for them.
              if (p.kind === 'clinical') medtuned.push((await medtunedRelation(c, doc.text, p)) === doc.relations![i].label);
              if (p.kind === 'clinical') clinicalJson.push(json[json.length - pairs.length + i]);
            }
          }
          return { json, medtuned, clinicalJson };
        };
        const first = await kept();
        assert.equal(first.json.filter((k) => !k).length, Math.round(0.25 * total));
        assert.equal(first.medtuned.length, 12);
        assert.deepEqual(first.medtuned, first.clinicalJson);
        assert.ok(first.medtuned.includes(false) && first.medtuned.includes(true), 'noise reaches clinical relations too');
        assert.deepEqual(await kept(), first);
        // Entity noise is unchanged by relation noise: the same entities as before relations existed.
        const entities = gold.reduce((n, d) => n + d.entities.length, 0);
        let n = 0;
        for (const d of gold) {
          const r = await c.chat({
            model: LLAMA,
            format: 'json',
            messages: [{ role: 'user', content: `Entity types: problem, treatment, test, disease, chemical, gene\nText: ${d.text}` }],
          });
          n += JSON.parse(r.message.content).entities.length;
        }
        assert.equal(n, entities - Math.round(0.25 * entities));
      } finally {
        await noisy.stop();
      }
    });
  });
});
