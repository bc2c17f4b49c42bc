/** `biomed eval ner` end to end: corpora in each format, the oracle's answers, conlleval's scores. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readIob } from '../../server/src/engine/formats/iob';
import { readPubTator } from '../../server/src/engine/formats/pubtator';
import { mulberry32 } from '../../server/src/engine/random';
import { segment } from '../../server/src/engine/text/segment';
import { tokenize } from '../../server/src/engine/text/tokenize';
import { goldFromDocuments } from '../support/corpusGold';
import { LLAMA31_MODEL, OllamaTestServer } from '../support/ollamaServer';
import {
  BC5CDR,
  NCBI,
  NerJson,
  Stats,
  biomed,
  cliSuite,
  closeRounded,
  dense,
  medtunedInput,
  oracleCounts,
  parseJsonOut,
  promptVariants,
  show,
  tmpDir,
} from '../support/cliSuite';

describe('CLI: eval ner', function () {
  cliSuite();
  this.timeout(120_000); // BC5CDR's first 1,500 sentences take a quarter of a minute on a loaded 2-core machine

  describe('NCBI-disease (PubTator)', () => {
    const docs = readPubTator(fs.readFileSync(NCBI, 'utf8'));
    const gold = goldFromDocuments(docs);
    let server: OllamaTestServer;
    before(async () => {
      server = await OllamaTestServer.start({ gold });
    });
    after(async () => server.stop());

    for (const { label, args, profile } of [
      { label: 'medtuned profile', args: ['--profile', 'medtuned'], profile: 'medtuned' },
      { label: 'json profile (llama3.1:8b)', args: ['--model', LLAMA31_MODEL.name], profile: 'json' },
    ]) {
      it(`${label}: strict and overlap micro F1 100.0 under the oracle`, async () => {
        const r = await biomed(['eval', 'ner', NCBI, '--format', 'pubtator', '--json', ...args, '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<NerJson>(r);
        assert.equal(res.profile, profile);
        assert.equal(res.documents, docs.length);
        assert.equal(res.failed, 0);
        assert.deepEqual(res.types, ['disease']);
        const goldCount = docs.reduce((n, d) => n + d.entities.length, 0);
        assert.equal(res.score.strict.micro.tp + res.score.strict.micro.fn, goldCount);
        for (const kind of ['strict', 'overlap'] as const) {
          assert.deepEqual([res.score[kind].micro.fp, res.score[kind].micro.fn], [0, 0], kind);
          assert.equal(res.score[kind].micro.f1, 100, kind);
          assert.equal(res.score[kind].micro.precision, 100, kind);
          assert.equal(res.score[kind].micro.recall, 100, kind);
        }
        assert.equal(res.published[0].dataset, 'NCBI-disease');
        assert.equal(res.published[0].medtuned7b, 87.18);
        if (profile === 'medtuned') assert.ok(server.generationRequests().every((q) => q.path === '/api/generate'));
      });
    }

    it('medtuned: NCBI-disease is asked with the NCBI-disease training instructions, variant 1 by default', async () => {
      const before = server.generationRequests().length;
      const r = await biomed(['eval', 'ner', NCBI, '--format', 'pubtator', '--limit', '5', '--profile', 'medtuned', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^instructions: NCBI-disease \(disease\), instruction variant 1; chosen by the corpus's name$/m);
      const asked = promptVariants(server.generationRequests().slice(before));
      assert.ok(asked.length > 0);
      assert.deepEqual([...new Set(asked.map((a) => `${a.dataset} ${a.variant}`))], ['ncbi-disease 1']);
    });

    interface NerAllJson {
      documents: number;
      failed: number;
      profile: string;
      instructionVariants: number[];
      datasets: Record<string, string>;
      variants: { variant: number; failed: number; score: NerJson['score'] }[];
      summary: { metric: string; statistic: string; micro: Stats; perType: Record<string, Stats> };
      published: { dataset: string; medtuned7b: number }[];
    }

    it('--instruction-variant all --json: 5 variants scored, their mean and sample SD, the published figure; every prompt a verbatim NCBI-disease variant', async () => {
      const before = server.generationRequests().length;
      const limit = 5;
      const r = await biomed([
        'eval',
        'ner',
        NCBI,
        '--format',
        'pubtator',
        '--limit',
        String(limit),
        '--instruction-variant',
        'all',
        '--json',
        '--host',
        server.url,
      ]);
      assert.equal(r.code, 0, show(r));
      const res = parseJsonOut<NerAllJson>(r);
      assert.equal(res.profile, 'medtuned');
      assert.deepEqual(res.instructionVariants, [1, 2, 3, 4, 5]);
      assert.deepEqual(res.datasets, { disease: 'ncbi-disease' });
      assert.deepEqual(
        res.variants.map((v) => v.variant),
        [1, 2, 3, 4, 5],
      );
      for (const v of res.variants) {
        assert.equal(v.failed, 0);
        assert.equal(v.score.strict.micro.f1, 100, `variant ${v.variant}`);
      }
      assert.equal(res.summary.metric, 'strict F1');
      assert.match(res.summary.statistic, /sample standard deviation \(n - 1\)/);
      assert.deepEqual(res.summary.micro, { values: [100, 100, 100, 100, 100], mean: 100, sd: 0 });
      assert.deepEqual(res.summary.perType.disease, { values: [100, 100, 100, 100, 100], mean: 100, sd: 0 });
      assert.deepEqual(
        res.published.map((p) => [p.dataset, p.medtuned7b]),
        [['NCBI-disease', 87.18]],
      );
      // Each variant is its own prompt: one NER prompt per sentence and variant, none from the cache of another.
      const sentences = docs.slice(0, limit).reduce((n, d) => n + segment(d.text).filter((s) => s.kind === 'sentence').length, 0);
      const asked = promptVariants(server.generationRequests().slice(before));
      assert.ok(asked.every((a) => a.dataset === 'ncbi-disease'));
      for (const v of [1, 2, 3, 4, 5]) assert.equal(asked.filter((a) => a.variant === v).length, sentences, `prompts of variant ${v}`);
    });

    it('--instruction-variant all (table): a row per variant, mean and SD rows, the published figure beside the mean', async () => {
      const r = await biomed(['eval', 'ner', NCBI, '--format', 'pubtator', '--limit', '3', '--instruction-variant', 'all', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^variant\s+disease F1\s+micro P\s+micro R\s+micro F1\s+overlap F1$/m);
      for (const v of [1, 2, 3, 4, 5]) assert.match(r.stdout, new RegExp(`^variant ${v}(\\s+100\\.0){5}$`, 'm'));
      assert.doesNotMatch(r.stdout, /^variant 6/m);
      assert.match(r.stdout, /^mean(\s+100\.00){5}$/m);
      assert.match(r.stdout, /^SD \(sample\)(\s+0\.00){5}$/m);
      assert.match(r.stdout, /mean and sample standard deviation \(n - 1\) over the 5 variants/);
      assert.match(r.stdout, /^NCBI-disease\s+100\.00 ± 0\.00\s+87\.18\s+85\.69\s+88\.62$/m);
    });

    it('the table output shows the scores and the published NCBI-disease figures', async () => {
      const r = await biomed(['eval', 'ner', NCBI, '--format', 'pubtator', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /\(medtuned profile\)/);
      assert.match(r.stdout, /^disease\s+787\s+100\.0\s+100\.0\s+100\.0\s+100\.0\s+100\.0\s+100\.0$/m);
      assert.match(r.stdout, /^micro\s+787\s+100\.0\s+100\.0\s+100\.0/m);
      assert.match(r.stdout, /Published F1/);
      assert.match(r.stdout, /^NCBI-disease\s+100\.0\s+87\.18\s+85\.69\s+88\.62$/m);
    });

    it('--limit 5 evaluates the first 5 documents', async () => {
      const before = server.generationRequests().length;
      const r = await biomed(['eval', 'ner', NCBI, '--format', 'pubtator', '--limit', '5', '--json', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      const res = parseJsonOut<NerJson>(r);
      assert.equal(res.documents, 5);
      const first5 = docs.slice(0, 5);
      assert.equal(
        res.score.strict.micro.tp,
        first5.reduce((n, d) => n + d.entities.length, 0),
      );
      assert.equal(res.score.strict.micro.f1, 100);
      // One NER prompt per sentence of the five documents, and none of the others.
      const sentences = first5.reduce((n, d) => n + segment(d.text).filter((s) => s.kind === 'sentence').length, 0);
      const sent = server.generationRequests().slice(before);
      assert.equal(sent.length, sentences);
      const texts = first5.map((d) => dense(d.text));
      for (const q of sent) assert.ok(texts.some((t) => t.includes(dense(medtunedInput(q)!))));
    });

    it('a noisy oracle (noise 0.2): precision 100.0, recall and F1 as the dropped gold entities imply', async () => {
      const noise = 0.2;
      const seed = 7;
      const limit = 40;
      const noisy = await OllamaTestServer.start({ gold, noise, seed });
      try {
        const r = await biomed(['eval', 'ner', NCBI, '--format', 'pubtator', '--limit', String(limit), '--json', '--profile', 'medtuned', '--host', noisy.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<NerJson>(r);
        // How the oracle chooses (test/support/ollamaServer/goldIndex.ts, chooseDropped): the keys `doc:entity`
        // over all gold documents, shuffled by mulberry32(seed), the first round(noise × N) dropped.
        const keys = gold.flatMap((g, d) => g.entities.map((_, e) => `${d}:${e}`));
        const n = Math.round(noise * keys.length);
        const rnd = mulberry32(seed);
        for (let i = keys.length - 1; i > 0; i--) {
          const j = Math.floor(rnd() * (i + 1));
          [keys[i], keys[j]] = [keys[j], keys[i]];
        }
        const dropped = new Set(keys.slice(0, n));
        // Scored: every entity of the evaluated documents (all NCBI classes are diseases).
        let goldCount = 0;
        let droppedCount = 0;
        docs.slice(0, limit).forEach((d, di) =>
          d.entities.forEach((_, ei) => {
            goldCount++;
            if (dropped.has(`${di}:${ei}`)) droppedCount++;
          }),
        );
        assert.ok(droppedCount > 0);
        const recall = (100 * (goldCount - droppedCount)) / goldCount;
        const f1 = (2 * 100 * recall) / (100 + recall);
        const s = res.score.strict.micro;
        assert.deepEqual({ tp: s.tp, fp: s.fp, fn: s.fn }, { tp: goldCount - droppedCount, fp: 0, fn: droppedCount });
        assert.equal(s.precision, 100);
        closeRounded(s.recall, recall, 'recall');
        closeRounded(s.f1, f1, 'F1');
      } finally {
        await noisy.stop();
      }
    });
  });

  describe('BC5CDR (IOB)', () => {
    const docs = readIob(fs.readFileSync(BC5CDR, 'utf8'));
    let server: OllamaTestServer;
    before(async () => {
      server = await OllamaTestServer.start({ gold: goldFromDocuments(docs) });
    });
    after(async () => server.stop());

    // The first 1,500 of its 4,581 sentences: the whole split took most of a minute on a loaded 2-core machine, a good part of CI's time.
    it('medtuned profile: chemical and disease strict F1 100.0, every prompt input is a corpus sentence in its own tokens (1,500 sentences)', async () => {
      const before = server.generationRequests().length;
      const r = await biomed(['eval', 'ner', BC5CDR, '--format', 'iob', '--profile', 'medtuned', '--limit', '1500', '--json', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      const res = parseJsonOut<NerJson>(r);
      const first = docs.slice(0, 1500);
      assert.equal(res.documents, first.length);
      assert.deepEqual([...res.types].sort(), ['chemical', 'disease']);
      const expected = oracleCounts(first);
      for (const t of ['chemical', 'disease']) {
        // 100.0 as printed (one decimal); the counts exactly as the oracle's answers imply.
        assert.equal(res.score.strict.perType[t].f1, 100, t);
        const { tp, fp, fn } = res.score.strict.perType[t];
        assert.deepEqual({ tp, fp, fn }, expected[t], t);
        assert.equal(
          tp + fn,
          first.reduce((n, d) => n + d.entities.filter((e) => e.type.toLowerCase() === t).length, 0),
          t,
        );
      }
      assert.equal(res.score.strict.micro.f1, 100);
      assert.deepEqual(res.published.map((p) => p.dataset).sort(), ['BC5CDR-chem', 'BC5CDR-disease']);
      const sentences = new Set(first.map((d) => d.sentences![0].tokens!.map((t) => t.text).join(' ')));
      const sent = server.generationRequests().slice(before);
      assert.ok(sent.length >= first.length);
      for (const q of sent) {
        const input = medtunedInput(q);
        assert.ok(input !== undefined && sentences.has(input), `not a corpus sentence in its tokens: ${input}`);
      }
      // A BC5CDR corpus is asked with BC5CDR's training instructions, disease and chemical.
      const asked = promptVariants(sent);
      assert.deepEqual([...new Set(asked.map((a) => `${a.dataset} ${a.variant}`))].sort(), ['bc5cdr-chem 1', 'bc5cdr-disease 1']);
      assert.equal(asked.filter((a) => a.dataset === 'bc5cdr-chem').length, asked.filter((a) => a.dataset === 'bc5cdr-disease').length);
    });

    it('a corpus with chemicals and diseases whose name says nothing is asked with the BC5CDR instructions (its types decide)', async () => {
      const dir = tmpDir();
      const file = path.join(dir, 'mine.tsv');
      fs.writeFileSync(file, 'Lithium\tB-Chemical\n-\tO\ninduced\tO\npolyuria\tB-Disease\n.\tO\n');
      const own = readIob(fs.readFileSync(file, 'utf8'));
      const tiny = await OllamaTestServer.start({ gold: goldFromDocuments(own) });
      try {
        const r = await biomed(['eval', 'ner', file, '--format', 'iob', '--profile', 'medtuned', '--host', tiny.url]);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /^instructions: BC5CDR-(chem|disease) .*; chosen by the corpus's entity types$/m);
        assert.deepEqual([...new Set(promptVariants(tiny.generationRequests()).map((a) => a.dataset))].sort(), ['bc5cdr-chem', 'bc5cdr-disease']);
        // Named otherwise, the name wins: --dataset ncbi asks the disease with NCBI-disease's.
        const before = tiny.generationRequests().length;
        const n = await biomed([
          'eval',
          'ner',
          file,
          '--format',
          'iob',
          '--profile',
          'medtuned',
          '--dataset',
          'ncbi',
          '--types',
          'disease',
          '--host',
          tiny.url,
        ]);
        assert.equal(n.code, 0, show(n));
        assert.deepEqual([...new Set(promptVariants(tiny.generationRequests().slice(before)).map((a) => a.dataset))], ['ncbi-disease']);
      } finally {
        await tiny.stop();
      }
    });

    it('medtuned profile: tokens the engine would split (Na+, 5-FU, 2.5, mg/kg) reach the model as the corpus has them', async () => {
      const dir = tmpDir();
      const file = path.join(dir, 'tokens.tsv');
      const rows = [
        ['Blockade', 'O'],
        ['of', 'O'],
        ['Na+', 'B-Chemical'],
        ['channels', 'O'],
        ['by', 'O'],
        ['5-FU', 'B-Chemical'],
        ['caused', 'O'],
        ['acute', 'B-Disease'],
        ['cardiotoxicity', 'I-Disease'],
        ['(', 'O'],
        ['2.5', 'O'],
        ['mg/kg', 'O'],
        [')', 'O'],
        ['.', 'O'],
      ];
      const second = [
        ['Lithium', 'B-Chemical'],
        ['-', 'O'],
        ['induced', 'O'],
        ['polyuria', 'B-Disease'],
        ['.', 'O'],
      ];
      fs.writeFileSync(file, rows.map((r) => r.join('\t')).join('\n') + '\n\n' + second.map((r) => r.join('\t')).join('\n') + '\n');
      const own = readIob(fs.readFileSync(file, 'utf8'));
      const sentence = rows.map((r) => r[0]).join(' ');
      // The point of the test: the engine's own tokenizer would send other words.
      assert.notEqual(
        tokenize(sentence)
          .map((t) => t.text)
          .join(' '),
        sentence,
      );
      const tiny = await OllamaTestServer.start({ gold: goldFromDocuments(own) });
      try {
        const r = await biomed(['eval', 'ner', file, '--format', 'iob', '--profile', 'medtuned', '--json', '--host', tiny.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<NerJson>(r);
        assert.equal(res.score.strict.micro.f1, 100);
        assert.equal(res.score.strict.micro.tp, 5);
        const inputs = tiny.generationRequests().map(medtunedInput);
        assert.equal(inputs.length, 4, 'one prompt per sentence and type');
        assert.deepEqual([...new Set(inputs)].sort(), [sentence, second.map((r) => r[0]).join(' ')].sort());
      } finally {
        await tiny.stop();
      }
    });

    it('json profile: chemical and disease strict F1 100.0 on the first 500 sentences', async () => {
      const r = await biomed(['eval', 'ner', BC5CDR, '--format', 'iob', '--model', LLAMA31_MODEL.name, '--limit', '500', '--json', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      const res = parseJsonOut<NerJson>(r);
      assert.equal(res.documents, 500);
      assert.equal(res.profile, 'json');
      const expected = oracleCounts(docs.slice(0, 500));
      for (const t of ['chemical', 'disease']) {
        assert.equal(res.score.strict.perType[t].f1, 100, t);
        const { tp, fp, fn } = res.score.strict.perType[t];
        assert.deepEqual({ tp, fp, fn }, expected[t], t);
      }
    });
  });
});
