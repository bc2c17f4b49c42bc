/** `biomed eval nli` end to end: NLI pairs through the test server, accuracy and confusion. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { readNliPairs } from '../../server/src/engine/formats/nliPairs';
import { LLAMA31_MODEL, loadNliPairs, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { NLI_PAIRS, NliJson, REFERENCE_VARIANTS, Stats, biomed, cliSuite, medtunedInstruction, parseJsonOut, promptVariants, show } from '../support/cliSuite';

describe('CLI: eval nli', function () {
  cliSuite();
  this.timeout(30_000);
  const pairs = readNliPairs(fs.readFileSync(NLI_PAIRS, 'utf8'));
  const LABELS = ['entailment', 'contradiction', 'neutral'];
  let server: OllamaTestServer;
  before(async () => {
    server = await OllamaTestServer.start({ nliPairs: loadNliPairs(NLI_PAIRS) });
  });
  after(async () => server.stop());

  for (const model of [MEDTUNED_MODEL.name, LLAMA31_MODEL.name]) {
    it(`accuracy 100.0 and a diagonal confusion matrix (${model})`, async () => {
      server.setNoise(0);
      const r = await biomed(['eval', 'nli', NLI_PAIRS, '--model', model, '--json', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      const res = parseJsonOut<NliJson>(r);
      assert.equal(res.pairs, 24);
      assert.equal(res.accuracy, 100);
      for (const g of LABELS) {
        for (const p of [...LABELS, 'none']) {
          assert.equal(res.confusion[g][p], g === p ? pairs.filter((x) => x.label === g).length : 0, `${g} → ${p}`);
        }
      }
    });
  }

  it('the table output prints the accuracy and the matrix', async () => {
    server.setNoise(0);
    const r = await biomed(['eval', 'nli', NLI_PAIRS, '--host', server.url]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^accuracy 100\.0 \(24\/24\)$/m);
    assert.match(r.stdout, /^entailment\s+8\s+0\s+0\s+0$/m);
    assert.match(r.stdout, /^contradiction\s+0\s+8\s+0\s+0$/m);
    assert.match(r.stdout, /^neutral\s+0\s+0\s+8\s+0$/m);
  });

  it('noise 0.25: accuracy 75.0, exactly 6 of 24 pairs off the diagonal', async () => {
    server.setNoise(0.25, 3);
    try {
      const r = await biomed(['eval', 'nli', NLI_PAIRS, '--json', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      const res = parseJsonOut<NliJson>(r);
      assert.equal(res.accuracy, 75);
      let off = 0;
      for (const g of LABELS) for (const p of LABELS) if (g !== p) off += res.confusion[g][p];
      assert.equal(off, 6);
      const r2 = await biomed(['eval', 'nli', NLI_PAIRS, '--host', server.url]);
      assert.match(r2.stdout, /^accuracy 75\.0 \(18\/24\)$/m);
    } finally {
      server.setNoise(0);
    }
  });

  interface NliAllJson {
    pairs: number;
    failed: number;
    profile: string;
    instructionVariants: number[];
    dataset: string;
    variants: { variant: number; failed: number; accuracy: number; confusion: Record<string, Record<string, number>> }[];
    summary: Stats & { metric: string; statistic: string };
    published: { dataset: string; metric: string; medtuned13b: number; bioclinicalbert: number };
  }

  it('--instruction-variant all: 5 MedNLI variants, per-variant accuracy, mean and sample SD, the published MedNLI figure; every prompt verbatim', async () => {
    server.setNoise(0);
    // Variant 2 answers Neutral to everything: 8 of 24 right, so the variants differ.
    const second = REFERENCE_VARIANTS.get('mednli')![1];
    server.script((req) => (medtunedInstruction(req) === second ? { kind: 'text', text: ' Neutral \n' } : undefined));
    try {
      const before = server.generationRequests().length;
      const r = await biomed(['eval', 'nli', NLI_PAIRS, '--instruction-variant', 'all', '--json', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      const res = parseJsonOut<NliAllJson>(r);
      assert.equal(res.profile, 'medtuned');
      assert.deepEqual(res.instructionVariants, [1, 2, 3, 4, 5]);
      assert.equal(res.dataset, 'mednli');
      const neutral = (100 * pairs.filter((p) => p.label === 'neutral').length) / pairs.length;
      const accuracies = [100, neutral, 100, 100, 100];
      assert.deepEqual(
        res.variants.map((v) => v.variant),
        [1, 2, 3, 4, 5],
      );
      res.variants.forEach((v, i) => assert.ok(Math.abs(v.accuracy - accuracies[i]) < 1e-9, `variant ${v.variant}: ${v.accuracy}`));
      // Mean and SAMPLE standard deviation (n - 1), two decimals.
      const mean = accuracies.reduce((a, b) => a + b, 0) / 5;
      const sd = Math.sqrt(accuracies.reduce((a, x) => a + (x - mean) ** 2, 0) / 4);
      assert.equal(res.summary.mean, Math.round(mean * 100) / 100);
      assert.equal(res.summary.sd, Math.round(sd * 100) / 100);
      assert.notEqual(res.summary.sd, Math.round(Math.sqrt(accuracies.reduce((a, x) => a + (x - mean) ** 2, 0) / 5) * 100) / 100, 'not the population SD');
      assert.equal(res.summary.metric, 'accuracy');
      assert.match(res.summary.statistic, /sample standard deviation \(n - 1\)/);
      assert.deepEqual(
        [res.published.dataset, res.published.metric, res.published.medtuned13b, res.published.bioclinicalbert],
        ['MedNLI', 'accuracy', 89.46, 82.41],
      );
      const asked = promptVariants(server.generationRequests().slice(before));
      assert.ok(asked.every((a) => a.dataset === 'mednli'));
      for (const v of [1, 2, 3, 4, 5]) assert.equal(asked.filter((a) => a.variant === v).length, pairs.length, `prompts of variant ${v}`);

      const t = await biomed(['eval', 'nli', NLI_PAIRS, '--instruction-variant', 'all', '--host', server.url]);
      assert.equal(t.code, 0, show(t));
      for (const v of [1, 3, 4, 5]) assert.match(t.stdout, new RegExp(`^variant ${v}\\s+100\\.0\\s+24/24\\s+0$`, 'm'));
      assert.match(t.stdout, /^variant 2\s+33\.3\s+8\/24\s+0$/m);
      assert.match(t.stdout, new RegExp(`^mean\\s+${(Math.round(mean * 100) / 100).toFixed(2)}\\s*$`, 'm'));
      assert.match(t.stdout, new RegExp(`^SD \\(sample\\)\\s+${(Math.round(sd * 100) / 100).toFixed(2)}\\s*$`, 'm'));
      assert.match(
        t.stdout,
        new RegExp(`^MedNLI\\s+${(Math.round(mean * 100) / 100).toFixed(2)} ± ${(Math.round(sd * 100) / 100).toFixed(2)}\\s+89\\.46\\s+82\\.41`, 'm'),
      );
    } finally {
      server.script(undefined);
    }
  });

  it('--instruction-variant 3 sends MedNLI variant 3 only; the single-variant output keeps its shape', async () => {
    server.setNoise(0);
    const before = server.generationRequests().length;
    const r = await biomed(['eval', 'nli', NLI_PAIRS, '--instruction-variant', '3', '--json', '--host', server.url]);
    assert.equal(r.code, 0, show(r));
    const res = parseJsonOut<NliJson>(r);
    assert.equal(res.accuracy, 100);
    assert.deepEqual(Object.keys(res).sort(), ['accuracy', 'confusion', 'corpus', 'failed', 'pairs'], 'the single-variant output as before');
    const asked = promptVariants(server.generationRequests().slice(before));
    assert.equal(asked.length, pairs.length);
    assert.deepEqual([...new Set(asked.map((a) => `${a.dataset} ${a.variant}`))], ['mednli 3']);
  });

  it('--limit 10 evaluates 10 pairs', async () => {
    const before = server.generationRequests().length;
    const r = await biomed(['eval', 'nli', NLI_PAIRS, '--limit', '10', '--json', '--host', server.url]);
    assert.equal(r.code, 0, show(r));
    assert.equal(parseJsonOut<NliJson>(r).pairs, 10);
    assert.equal(server.generationRequests().length - before, 10);
  });
});
