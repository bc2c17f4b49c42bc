/** `biomed eval re` end to end: ChemProt and the fixture notes' relations through the test server. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { readChemProt } from '../../server/src/engine/formats/chemprot';
import { fixtureNote } from '../support/gold';
import { chemProtGold, LLAMA31_MODEL, loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { ALL_NOTES, CHEMPROT, CLINICAL, NOTES, Prf, ReJson, Stats, biomed, cliSuite, close, parseJsonOut, promptVariants, show } from '../support/cliSuite';

describe('CLI: eval re', function () {
  cliSuite();
  this.timeout(60_000);

  describe('ChemProt dev', () => {
    const pairs = readChemProt(fs.readFileSync(CHEMPROT, 'utf8'));
    let server: OllamaTestServer;
    before(async () => {
      server = await OllamaTestServer.start({ gold: chemProtGold(pairs) });
    });
    after(async () => server.stop());

    it('json profile: micro-F1 as implied by the doubly-labelled pairs', async () => {
      const r = await biomed(['eval', 're', CHEMPROT, '--profile', 'json', '--model', LLAMA31_MODEL.name, '--json', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      const res = parseJsonOut<ReJson>(r);
      assert.equal(res.items, pairs.length);
      assert.equal(res.failed, 0);
      // The same marked text with two labels: the oracle answers the first label for both,
      // so one of the two is right and the other is a false positive and a false negative.
      const groups = new Map<string, string[]>();
      for (const p of pairs) {
        const key = JSON.stringify([p.text, p.chemical, p.gene]);
        groups.set(key, [...(groups.get(key) ?? []), p.label]);
      }
      const doubly = [...groups.values()].filter((labels) => new Set(labels).size > 1);
      assert.equal(doubly.length, 15, 'the dev set has 15 doubly-labelled pairs');
      let tp = 0;
      let wrong = 0;
      for (const p of pairs) {
        const answered = groups.get(JSON.stringify([p.text, p.chemical, p.gene]))![0];
        if (answered === p.label) tp++;
        else wrong++;
      }
      assert.equal(
        wrong,
        doubly.reduce((n, labels) => n + labels.filter((l) => l !== labels[0]).length, 0),
      );
      const precision = (100 * tp) / (tp + wrong);
      const recall = (100 * tp) / (tp + wrong);
      assert.deepEqual({ tp: res.micro.tp, fp: res.micro.fp, fn: res.micro.fn }, { tp, fp: wrong, fn: wrong });
      close(res.micro.precision, precision, 'precision');
      close(res.micro.recall, recall, 'recall');
      close(res.micro.f1, (2 * precision * recall) / (precision + recall), 'F1');
      assert.ok(res.micro.f1 < 100);
      // Every request went through the json layout.
      assert.ok(server.generationRequests().every((q) => q.path === '/api/chat' && q.body.model === LLAMA31_MODEL.name));
    });

    it('the table output has a row per label and the micro row', async () => {
      const r = await biomed(['eval', 're', CHEMPROT, '--profile', 'json', '--model', LLAMA31_MODEL.name, '--limit', '200', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /: 200 pairs, model llama3\.1:8b \(json profile\)/);
      assert.match(r.stdout, /^micro \(no none\)\s+200\s+[\d.]+\s+[\d.]+\s+[\d.]+$/m);
    });

    it('with the medtuned profile: exit 2, ChemProt needs the json profile, no model request', async () => {
      const before = server.generationRequests().length;
      const r = await biomed(['eval', 're', CHEMPROT, '--profile', 'medtuned', '--host', server.url]);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /ChemProt relations need --profile json/);
      assert.equal(server.generationRequests().length, before);
    });
  });

  describe('the fixture notes as a BRAT folder', () => {
    let server: OllamaTestServer;
    before(async () => {
      server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
    });
    after(async () => server.stop());

    /** The kind of a gold relation by its entity types: clinical (i2b2-2010) or a literature kind. */
    const isClinical = (r: { head: { type: string }; tail: { type: string } }) => CLINICAL.includes(r.head.type) && CLINICAL.includes(r.tail.type);

    it('json profile: micro-F1 100.0 over every gold relation', async () => {
      const r = await biomed(['eval', 're', NOTES, '--model', LLAMA31_MODEL.name, '--json', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      const res = parseJsonOut<ReJson & { untrained?: string[] }>(r);
      const goldRelations = ALL_NOTES.reduce((n, name) => n + fixtureNote(name).relations.length, 0);
      assert.deepEqual(res.unreachable, []);
      assert.equal(res.untrained, undefined);
      assert.deepEqual([res.micro.tp, res.micro.fp, res.micro.fn, res.micro.f1], [goldRelations, 0, 0, 100]);
      const labels = [...new Set(ALL_NOTES.flatMap((n) => fixtureNote(n).relations.map((x) => x.label)))].sort();
      assert.deepEqual(Object.keys(res.labels).sort(), labels);
    });

    it('medtuned profile: micro-F1 100.0 over the i2b2-2010 relations; the CID / Positive relations are listed as untrained, not scored', async () => {
      const before = server.generationRequests().length;
      const r = await biomed(['eval', 're', NOTES, '--model', MEDTUNED_MODEL.name, '--json', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      const res = parseJsonOut<ReJson & { untrained?: string[] }>(r);
      const all = ALL_NOTES.flatMap((n) => fixtureNote(n).relations);
      const clinical = all.filter(isClinical);
      assert.deepEqual(res.unreachable, []);
      assert.equal(res.untrained?.length, all.length - clinical.length);
      assert.ok(
        res.untrained!.every((u) => /^abstract-cisplatin: (CID|Positive)\(/.test(u)),
        res.untrained!.join('; '),
      );
      assert.deepEqual([res.micro.tp, res.micro.fp, res.micro.fn, res.micro.f1], [clinical.length, 0, 0, 100]);
      assert.deepEqual(Object.keys(res.labels).sort(), [...new Set(clinical.map((x) => x.label))].sort());
      const asked = promptVariants(server.generationRequests().slice(before));
      assert.deepEqual([...new Set(asked.map((a) => `${a.dataset} ${a.variant}`))], ['i2b2-2010 1']);
    });

    interface ReAllJson {
      items: number;
      failed: number;
      profile: string;
      instructionVariants: number[];
      dataset: string;
      variants: { variant: number; failed: number; micro: Prf; labels: Record<string, Prf> }[];
      summary: Stats & { metric: string; statistic: string };
      published: null;
    }

    it('--instruction-variant all: the 3 i2b2-2010 variants scored, mean and sample SD; no published figure is invented', async () => {
      const before = server.generationRequests().length;
      const r = await biomed(['eval', 're', NOTES, '--instruction-variant', 'all', '--json', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      const res = parseJsonOut<ReAllJson>(r);
      assert.deepEqual(res.instructionVariants, [1, 2, 3]);
      assert.equal(res.dataset, 'i2b2-2010');
      assert.deepEqual(
        res.variants.map((v) => [v.variant, v.failed, v.micro.f1]),
        [
          [1, 0, 100],
          [2, 0, 100],
          [3, 0, 100],
        ],
      );
      assert.deepEqual({ values: res.summary.values, mean: res.summary.mean, sd: res.summary.sd }, { values: [100, 100, 100], mean: 100, sd: 0 });
      assert.match(res.summary.statistic, /sample standard deviation \(n - 1\)/);
      assert.equal(res.published, null);
      const asked = promptVariants(server.generationRequests().slice(before));
      assert.ok(asked.every((a) => a.dataset === 'i2b2-2010'));
      const perVariant = [1, 2, 3].map((v) => asked.filter((a) => a.variant === v).length);
      assert.ok(perVariant[0] === res.items && perVariant.every((n) => n === perVariant[0]), `one prompt per pair and variant: ${perVariant}`);

      const t = await biomed(['eval', 're', NOTES, '--instruction-variant', 'all', '--host', server.url]);
      assert.equal(t.code, 0, show(t));
      for (const v of [1, 2, 3]) assert.match(t.stdout, new RegExp(`^variant ${v}\\s+\\d+\\s+100\\.0\\s+100\\.0\\s+100\\.0$`, 'm'));
      assert.doesNotMatch(t.stdout, /^variant 4/m);
      assert.match(t.stdout, /^mean\s+100\.00\s+100\.00\s+100\.00$/m);
      assert.match(t.stdout, /^SD \(sample\)\s+0\.00\s+0\.00\s+0\.00$/m);
      assert.match(t.stdout, /Published: none; the project's references \(instruction-formats\.md\) give no i2b2-2010 relation figure/);
    });

    it('--instruction-variant all with the json profile is a usage error (it has no training instructions)', async () => {
      const before = server.generationRequests().length;
      const r = await biomed(['eval', 're', NOTES, '--instruction-variant', 'all', '--model', LLAMA31_MODEL.name, '--host', server.url]);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /--instruction-variant all compares the training instructions of the medtuned profile; the json profile has none/);
      assert.equal(server.generationRequests().length, before);
    });
  });
});
