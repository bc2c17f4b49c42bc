/** `biomed instructions`: instruction-tuning rows in the seed dataset's layout, verbatim training instructions. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readIob } from '../../server/src/engine/formats/iob';
import { readNliPairs } from '../../server/src/engine/formats/nliPairs';
import { readPubTator } from '../../server/src/engine/formats/pubtator';
import { segment } from '../../server/src/engine/text/segment';
import { fixtureNote } from '../support/gold';
import {
  ALL_NOTES,
  BC5CDR,
  CHEMPROT,
  CLINICAL,
  NCBI,
  NLI_PAIRS,
  NOTES,
  REFERENCE_VARIANTS,
  Row,
  assertNoTempFiles,
  assertSeedRows,
  biomed,
  chunksOf,
  cliSuite,
  dense,
  readRows,
  show,
  tmpDir,
} from '../support/cliSuite';

describe('CLI: instructions', function () {
  cliSuite();
  this.timeout(30_000);
  const ncbiDocs = readPubTator(fs.readFileSync(NCBI, 'utf8'));

  it('--task ner on NCBI: one row per sentence, exactly {instruction, input, output, source}, NCBI-disease instructions verbatim, output lines match the input tokens', async () => {
    const out = path.join(tmpDir(), 'ner.jsonl');
    const r = await biomed(['instructions', NCBI, '--task', 'ner', '--out', out]);
    assert.equal(r.code, 0, show(r));
    const rows = readRows(out);
    const sentences = ncbiDocs.flatMap((d) => segment(d.text).filter((s) => s.kind === 'sentence'));
    assert.equal(rows.length, sentences.length);
    assert.match(r.stdout, new RegExp(`^${rows.length} rows written to .*ner\\.jsonl \\(ncbi-disease: ${rows.length}; seed 42\\)\\.$`, 'm'));
    assertSeedRows(rows);
    let tagged = 0;
    rows.forEach((row, i) => {
      assert.equal(row.source, 'ncbi-disease');
      assert.equal(dense(row.input), dense(sentences[i].text), 'rows follow the sentences in order');
      const words = row.input.split(' ');
      const lines = row.output.split('\n');
      assert.equal(lines.length, words.length, row.input);
      lines.forEach((line, k) => {
        const m = /^(\S+) : (B|I|O)$/.exec(line);
        assert.ok(m, `not "token : B|I|O": ${line}`);
        assert.equal(m[1], words[k]);
      });
      if (lines.some((l) => / : B$/.test(l))) tagged++;
    });
    assert.ok(tagged > rows.length / 2);
    assert.equal(new Set(rows.map((x) => x.instruction)).size, 5, 'all five variants occur over 900 rows');
    // The reference's own example row (NCBI-disease, validation), byte for byte where it quotes it.
    const brca = rows.find((x) => x.input === 'Germline mutations in BRCA1 are responsible for most cases of inherited breast and ovarian cancer .');
    assert.ok(brca);
    assert.ok(brca.output.endsWith('inherited : B\nbreast : I\nand : I\novarian : I\ncancer : I\n. : O'), brca.output);
    assert.ok(brca.output.startsWith('Germline : O\nmutations : O\n'));
  });

  it('the tags of NCBI rows mark exactly the gold mentions of the sentence', async () => {
    const out = path.join(tmpDir(), 'ner.jsonl');
    assert.equal((await biomed(['instructions', NCBI, '--task', 'ner', '--out', out])).code, 0);
    const rows = readRows(out);
    const sentences = ncbiDocs.flatMap((d) =>
      segment(d.text)
        .filter((s) => s.kind === 'sentence')
        .map((s) => ({ doc: d, s })),
    );
    rows.forEach((row, i) => {
      const { doc, s } = sentences[i];
      const words = row.input.split(' ');
      const tags = row.output.split('\n').map((l) => l.slice(l.lastIndexOf(' ') + 1));
      const found = chunksOf(tags).map(([a, b]) => words.slice(a, b).join(''));
      const gold = doc.entities.filter((e) => e.start >= s.start && e.end <= s.end).map((e) => dense(e.text));
      assert.deepEqual([...new Set(found)].sort(), [...new Set(gold)].sort(), row.input);
    });
  });

  it('the same seed gives identical files; another seed another mix of variants with the same inputs and outputs', async () => {
    const dir = tmpDir();
    const run = async (name: string, seed: string) => {
      const r = await biomed(['instructions', NCBI, '--task', 'ner', '--seed', seed, '--out', path.join(dir, name)]);
      assert.equal(r.code, 0, show(r));
      return fs.readFileSync(path.join(dir, name), 'utf8');
    };
    const [a, b, c] = await Promise.all([run('a.jsonl', '7'), run('b.jsonl', '7'), run('c.jsonl', '8')]);
    assert.equal(a, b);
    assert.notEqual(a, c);
    const ra = readRows(path.join(dir, 'a.jsonl'));
    const rc = readRows(path.join(dir, 'c.jsonl'));
    assertSeedRows([...ra, ...rc]);
    assert.equal(ra.length, rc.length);
    assert.deepEqual(
      ra.map((x) => [x.input, x.output, x.source]),
      rc.map((x) => [x.input, x.output, x.source]),
    );
    const variant = (x: Row) => REFERENCE_VARIANTS.get(x.source)!.indexOf(x.instruction) + 1;
    assert.ok(
      ra.some((x, i) => variant(x) !== variant(rc[i])),
      'another seed, other variants',
    );
    assertNoTempFiles(dir);
  });

  it('--template writes each row as the full training text: ### Instruction: ... ### Output: {output} \\n</s>', async () => {
    const dir = tmpDir();
    const [rows, texts] = await Promise.all([
      biomed(['instructions', NLI_PAIRS, '--task', 'nli', '--out', path.join(dir, 'rows.jsonl')]),
      biomed(['instructions', NLI_PAIRS, '--task', 'nli', '--template', '--out', path.join(dir, 'train.txt')]),
    ]);
    assert.equal(rows.code, 0, show(rows));
    assert.equal(texts.code, 0, show(texts));
    assert.match(texts.stdout, /^24 training texts written to .*train\.txt \(mednli: 24; seed 42\)\.$/m);
    const file = fs.readFileSync(path.join(dir, 'train.txt'), 'utf8');
    assert.ok(file.endsWith(' \n</s>\n'));
    const each = file
      .split(' \n</s>\n')
      .slice(0, -1)
      .map((t) => `${t} \n</s>`);
    const seedRows = readRows(path.join(dir, 'rows.jsonl'));
    assert.equal(each.length, seedRows.length);
    each.forEach((text, i) => {
      const row = seedRows[i];
      assert.ok(text.startsWith('### Instruction: '), text.slice(0, 40));
      assert.ok(text.endsWith(' \n</s>'));
      // The seed authors' formatting function (Finetuning/training.py), byte for byte.
      assert.equal(text, `### Instruction: ${row.instruction}\n ### Input: ${row.input}\n ### Output: ${row.output} \n</s>`);
    });
    // --out - writes to stdout (the summary goes to stderr).
    const stdout = await biomed(['instructions', NLI_PAIRS, '--task', 'nli', '--template', '--out', '-']);
    assert.equal(stdout.code, 0, show(stdout));
    assert.equal(stdout.stdout, file);
    assert.match(stdout.stderr, /^24 training texts written to stdout/m);
  });

  it('--layout is gone: a usage error that says what replaced it', async () => {
    const r = await biomed(['instructions', NLI_PAIRS, '--task', 'nli', '--layout', 'alpaca', '--out', path.join(tmpDir(), 'x.jsonl')]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /--layout is gone: rows are written as the seed dataset holds them/);
    assert.match(r.stderr, /--template/);
  });

  it('--task ner on BC5CDR (IOB): BC5CDR-disease and BC5CDR-chem rows in the corpus tokens', async () => {
    const out = path.join(tmpDir(), 'bc5.jsonl');
    const r = await biomed(['instructions', BC5CDR, '--task', 'ner', '--out', out]);
    assert.equal(r.code, 0, show(r));
    const docs = readIob(fs.readFileSync(BC5CDR, 'utf8'));
    const sentences = new Map(docs.map((d) => [d.sentences![0].tokens!.map((t) => t.text).join(' '), d]));
    const rows = readRows(out);
    assertSeedRows(rows);
    assert.deepEqual([...new Set(rows.map((x) => x.source))].sort(), ['bc5cdr-chem', 'bc5cdr-disease']);
    for (const row of rows) {
      const doc = sentences.get(row.input);
      assert.ok(doc, `not a corpus sentence in its tokens: ${row.input}`);
      const cls = row.source === 'bc5cdr-chem' ? 'Chemical' : 'Disease';
      const tags = row.output.split('\n').map((l) => l.slice(l.lastIndexOf(' ') + 1));
      const words = row.input.split(' ');
      assert.equal(tags.length, words.length);
      const found = chunksOf(tags).map(([a, b]) => words.slice(a, b).join(' '));
      assert.deepEqual(
        found,
        doc.entities.filter((e) => e.type === cls).map((e) => e.text),
        row.input,
      );
    }
    // A corpus token the engine's tokenizer would split stays whole.
    const dir = tmpDir();
    const small = path.join(dir, 'small.iob');
    fs.writeFileSync(small, 'Na+\tB-Chemical\nchannels\tO\nand\tO\n5-FU\tB-Chemical\n.\tO\n');
    const r2 = await biomed(['instructions', small, '--task', 'ner', '--out', path.join(dir, 'small.jsonl')]);
    assert.equal(r2.code, 0, show(r2));
    const [row] = readRows(path.join(dir, 'small.jsonl'));
    assert.equal(row.input, 'Na+ channels and 5-FU .');
    assert.equal(row.output, 'Na+ : B\nchannels : O\nand : O\n5-FU : B\n. : O');
    assert.equal(row.source, 'bc5cdr-chem');
  });

  it('--task ner on BC5CDR (IOB): every sentence gives a row for each class of the corpus, sentences without entities too', async () => {
    const out = path.join(tmpDir(), 'bc5.jsonl');
    const r = await biomed(['instructions', BC5CDR, '--task', 'ner', '--out', out]);
    assert.equal(r.code, 0, show(r));
    const docs = readIob(fs.readFileSync(BC5CDR, 'utf8'));
    const rows = readRows(out);
    const withoutEntities = docs.filter((d) => d.entities.length === 0).length;
    // NCBI (PubTator, one document per abstract) gets an all-O row for a sentence without
    // a mention; an IOB corpus is one document per sentence, and its sentences without a
    // mention of a class (772 of 4581 in BC5CDR devel have none at all) must not vanish
    // from the training data.
    assert.equal(rows.length, docs.length * 2, `${rows.length} rows for ${docs.length} sentences × 2 classes (${withoutEntities} sentences have no entity)`);
  });

  it('--task ner on the clinical notes: i2b2-2012 rows with typed tags over whitespace tokens (punctuation kept inside words)', async () => {
    const out = path.join(tmpDir(), 'clinical.jsonl');
    const r = await biomed(['instructions', NOTES, '--task', 'ner', '--out', out]);
    assert.equal(r.code, 0, show(r));
    const rows = readRows(out);
    assertSeedRows(rows);
    const clinical = rows.filter((x) => x.source === 'i2b2-2012');
    assert.ok(clinical.length > 0);
    for (const row of clinical) {
      for (const line of row.output.split('\n')) assert.match(line, /^\S+ : (O|[BI]-(PROBLEM|TREATMENT|TEST))$/, line);
    }
    assert.ok(clinical.some((x) => /B-PROBLEM/.test(x.output)) && clinical.some((x) => /B-TREATMENT/.test(x.output)));
    // Clinical text in the clinical whitespace tokenisation: words like `72-year-old` stay whole.
    const words = clinical.flatMap((x) => x.input.split(' '));
    assert.ok(
      words.some((w) => /\w[-/.%]\w/.test(w)),
      'some whitespace token keeps its inner punctuation',
    );
    // The abstract's literature classes take the BC5CDR instructions (the folder has diseases and chemicals) and BC2GM's.
    assert.deepEqual([...new Set(rows.map((x) => x.source))].sort(), ['bc2gm', 'bc5cdr-chem', 'bc5cdr-disease', 'i2b2-2012']);
  });

  it('--task re on the fixture notes: i2b2-2010 rows only (masked @problem$ / @treatment$ / @test$, gold label or No Relations); the CID and GAD pairs are left out and counted', async () => {
    const out = path.join(tmpDir(), 're.jsonl');
    const r = await biomed(['instructions', NOTES, '--task', 're', '--out', out]);
    assert.equal(r.code, 0, show(r));
    const rows = readRows(out);
    assertSeedRows(rows);
    assert.ok(rows.every((x) => x.source === 'i2b2-2010'));
    const I2B2 = ['TrIP', 'TrWP', 'TrCP', 'TrAP', 'TrNAP', 'TeRP', 'TeCP', 'PIP', 'No Relations'];
    for (const x of rows) {
      assert.ok(I2B2.includes(x.output), x.output);
      assert.equal(x.input.split(' ').filter((w) => /^@(problem|treatment|test)\$$/.test(w)).length, 2, x.input);
      assert.doesNotMatch(x.input, /@(CHEMICAL|DISEASE|GENE)\$/);
    }
    assert.ok(
      rows.some((x) => x.output === 'No Relations'),
      'no-relation rows too',
    );
    // Every clinical gold relation is one labelled row.
    const positives = rows
      .filter((x) => x.output !== 'No Relations')
      .map((x) => x.output)
      .sort();
    const gold = ALL_NOTES.flatMap((n) =>
      fixtureNote(n)
        .relations.filter((x) => CLINICAL.includes(x.head.type) && CLINICAL.includes(x.tail.type))
        .map((x) => x.label),
    ).sort();
    assert.deepEqual(positives, gold);
    assert.match(
      r.stdout,
      /^Left out \d+ chemical-disease \(CID\), \d+ gene-disease \(GAD\) pairs: not in the seed model's final training mix, no training instructions\.$/m,
    );
  });

  it('--task re on ChemProt is refused: no training instructions for it', async () => {
    const out = path.join(tmpDir(), 're.jsonl');
    const r = await biomed(['instructions', CHEMPROT, '--task', 're', '--out', out]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /ChemProt \(chemical-gene\) relations were not in the seed model's final training mix and have no training instructions/);
    assert.ok(!fs.existsSync(out));
  });

  it('--task nli on the pairs: one MedNLI row per pair, Sentence 1 / Sentence 2 input (stripped), the label as output', async () => {
    const out = path.join(tmpDir(), 'nli.jsonl');
    const r = await biomed(['instructions', NLI_PAIRS, '--task', 'nli', '--out', out]);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /^24 rows written to .*nli\.jsonl \(mednli: 24; seed 42\)\.$/m);
    const pairs = readNliPairs(fs.readFileSync(NLI_PAIRS, 'utf8'));
    const rows = readRows(out);
    assertSeedRows(rows);
    assert.equal(rows.length, pairs.length);
    rows.forEach((row, i) => {
      assert.equal(row.input, `Sentence 1: ${pairs[i].premise.trim()}\nSentence 2: ${pairs[i].hypothesis.trim()}`);
      assert.equal(row.output, pairs[i].label[0].toUpperCase() + pairs[i].label.slice(1));
      assert.ok(['Contradiction', 'Neutral', 'Entailment'].includes(row.output));
      assert.equal(row.source, 'mednli');
    });
    assert.ok(new Set(rows.map((x) => x.instruction)).size >= 3);
  });

  it('several corpora into one file; an unknown corpus form is a usage error', async () => {
    const dir = tmpDir();
    const r = await biomed(['instructions', NCBI, NOTES, '--task', 'ner', '--out', path.join(dir, 'both.jsonl')]);
    assert.equal(r.code, 0, show(r));
    const rows = readRows(path.join(dir, 'both.jsonl'));
    assertSeedRows(rows);
    assert.equal(rows[0].source, 'ncbi-disease');
    assert.ok(rows.some((x) => x.source === 'i2b2-2012' && /B-PROBLEM/.test(x.output)));
    const odd = path.join(dir, 'corpus.csv');
    fs.writeFileSync(odd, 'a,b\n');
    const bad = await biomed(['instructions', odd, '--task', 'ner', '--out', path.join(dir, 'x.jsonl')]);
    assert.equal(bad.code, 2, show(bad));
    assert.match(bad.stderr, /Cannot tell the format of/);
    const missing = await biomed(['instructions', path.join(dir, 'nope.txt'), '--task', 'ner', '--out', path.join(dir, 'x.jsonl')]);
    assert.equal(missing.code, 2, show(missing));
    assert.match(missing.stderr, /No such file or folder/);
  });
});
