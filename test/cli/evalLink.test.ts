/**
 * `biomed eval link` through the real bundle (dist/cli.js), no model server: an excerpt of
 * MEDIC (test/fixtures/linking, with its attribution) and mentions written for this project.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCliBuilt, ROOT, runCli } from '../support/cli';

const DIR = path.join(ROOT, 'test/fixtures/linking');
const VOCAB = path.join(DIR, 'medic-excerpt.txt');
const MENTIONS = path.join(DIR, 'mentions.pubtator');
const NO_MODEL = { env: { OLLAMA_HOST: 'http://127.0.0.1:9' } };
/**
 * Four mentions to count by hand: one right, one whose gold is deliberately another concept
 * than its name's (wrong), one no name comes near (unlinked), one without a gold ID.
 */
const TINY = [
  '1||0|19||Disease||Atrial fibrillation||D001281',
  '1||24|36||Disease||hypertension||D008171',
  '1||41|47||Disease||qxqxzz||D003920',
  '1||52|64||Disease||older adults||-1',
].join('\n');

describe('CLI: eval link (no model)', function () {
  this.timeout(120_000);
  const tmp: string[] = [];
  before(() => ensureCliBuilt());
  after(() => {
    for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
  });
  const tmpDir = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-eval-link-'));
    tmp.push(d);
    return d;
  };

  it('--json: 14 mentions, the -1 one left out, all right but the one whose gold the vocabulary lacks', async () => {
    const r = await runCli(['eval', 'link', MENTIONS, '--format', 'pubtator', '--vocab', VOCAB, '--json'], NO_MODEL);
    assert.equal(r.code, 0, r.stderr);
    // 12 of 13: "steinert syndrome" is given a gold ID (MESH:D999999) no concept carries.
    assert.deepEqual(JSON.parse(r.stdout), { mentions: 14, scored: 13, accuracy1: 92.3, accuracy5: 92.3, unlinked: 0, wrong: 1 });
  });

  it('--synonyms: a corpus naming the missing ID makes that mention right too', async () => {
    const d = tmpDir();
    const synonyms = path.join(d, 'mine.concept');
    fs.writeFileSync(synonyms, '1||0|17||Disease||Steinert syndrome||MESH:D999999\n');
    const r = await runCli(['eval', 'link', MENTIONS, '--format', 'pubtator', '--vocab', VOCAB, '--synonyms', synonyms, '--json'], NO_MODEL);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { mentions: 14, scored: 13, accuracy1: 100, accuracy5: 100, unlinked: 0, wrong: 0 });
  });

  it('--synonyms reads a corpus as vocab build does: one .ann file is BRAT; a file that is no corpus is refused', async () => {
    const d = tmpDir();
    const ann = path.join(d, 'mine.ann');
    fs.writeFileSync(ann, 'T1\tDisease 0 17\tSteinert syndrome\nN1\tReference T1 MESH:D999999\tSteinert syndrome\n');
    const r = await runCli(['eval', 'link', MENTIONS, '--format', 'pubtator', '--vocab', VOCAB, '--synonyms', ann, '--json'], NO_MODEL);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { mentions: 14, scored: 13, accuracy1: 100, accuracy5: 100, unlinked: 0, wrong: 0 });
    const bad = await runCli(['eval', 'link', MENTIONS, '--format', 'pubtator', '--vocab', VOCAB, '--synonyms', VOCAB], NO_MODEL);
    assert.equal(bad.code, 2, bad.stderr);
    assert.match(bad.stderr, /medic-excerpt\.txt: not a synonym corpus/);
  });

  it('the concept layout: a line that is not a mention is counted on stderr, not passed over', async () => {
    const corpus = path.join(tmpDir(), 'mine.concept');
    fs.writeFileSync(corpus, '1||0|17||Disease||Steinert syndrome||MESH:D999999\n1||20|cut\n');
    const r = await runCli(['eval', 'link', corpus, '--format', 'concept', '--vocab', VOCAB, '--json'], NO_MODEL);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).mentions, 1);
    assert.match(r.stderr, /mine\.concept: skipped 1 line \(1 truncated line\)/);
  });

  it('--json "wrong": the mention given the wrong concept, not the unlinked one', async () => {
    const corpus = path.join(tmpDir(), 'tiny.concept');
    fs.writeFileSync(corpus, TINY + '\n');
    const r = await runCli(['eval', 'link', corpus, '--format', 'concept', '--vocab', VOCAB, '--json'], NO_MODEL);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { mentions: 4, scored: 3, accuracy1: 33.3, accuracy5: 33.3, unlinked: 1, wrong: 1 });
  });

  it('the table: precision of the links given and coverage, counted by hand on four mentions', async () => {
    const corpus = path.join(tmpDir(), 'tiny.concept');
    fs.writeFileSync(corpus, TINY + '\n');
    const r = await runCli(['eval', 'link', corpus, '--format', 'concept', '--vocab', VOCAB], NO_MODEL);
    assert.equal(r.code, 0, r.stderr);
    // 3 scored, 2 given a concept (coverage 66.7), 1 of them right (precision 50.0).
    assert.match(r.stdout, /this run\s+33\.3\s+33\.3\s+50\.0\s+66\.7\s+1\s+1\n/);
  });

  it('the table: this run beside the published figures, and how each link was found', async () => {
    const corpus = path.join(tmpDir(), 'ncbi-like.pubtator');
    fs.copyFileSync(MENTIONS, corpus);
    const r = await runCli(['eval', 'link', corpus, '--format', 'pubtator', '--vocab', VOCAB], NO_MODEL);
    assert.equal(r.code, 0, r.stderr);
    // 13 scored, all given a concept, 12 right: precision 12/13, coverage 13/13, one wrong.
    assert.match(r.stdout, /acc@1\s+acc@5\s+precision\s+coverage\s+wrong\s+unlinked\n/);
    assert.match(r.stdout, /this run\s+92\.3\s+92\.3\s+92\.3\s+100\.0\s+1\s+0\n/);
    assert.match(r.stdout, /D'Souza & Ng 2015 \(sieve\), NCBI-disease\s+84\.65\s+-\s+-\s+-\s+-\s+-\n/);
    assert.match(r.stdout, /BioSyn \(Sung et al\. 2020\), NCBI-disease\s+91\.1\s+93\.9/);
    assert.doesNotMatch(r.stdout, /BC5CDR/, 'an NCBI corpus gets the NCBI rows only');
    assert.match(r.stdout, /found by: .*abbreviation 2.*composite 1/);
  });

  it('BRAT: a folder of .ann files with N lines, the .txt beside each giving abbreviations', async () => {
    const d = tmpDir();
    const text = 'Adults with atrial fibrillation (AF) and lung disease. AF recurred.';
    const at = (s: string, from = 0) => text.indexOf(s, from);
    fs.writeFileSync(path.join(d, 'note1.txt'), text);
    fs.writeFileSync(
      path.join(d, 'note1.ann'),
      [
        `T1\tDisease ${at('atrial')} ${at('atrial') + 19}\tatrial fibrillation`,
        `T2\tDisease ${at('lung')} ${at('lung') + 12}\tlung disease`,
        `T3\tDisease ${at('AF', 40)} ${at('AF', 40) + 2}\tAF`,
        'N1\tReference T1 MESH:D001281\tAtrial Fibrillation',
        'N2\tReference T2 MESH:D008171\tLung Diseases',
        'N3\tReference T3 MESH:D001281\tAtrial Fibrillation',
      ].join('\n') + '\n',
    );
    const r = await runCli(['eval', 'link', d, '--format', 'brat', '--vocab', VOCAB, '--json'], NO_MODEL);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { mentions: 3, scored: 3, accuracy1: 100, accuracy5: 100, unlinked: 0, wrong: 0 });
  });

  it('usage errors: no --format, no --vocab, a .vocab file, a MEDIC line, a missing corpus (exit 2, a clear message)', async () => {
    const cases: [string[], RegExp][] = [
      [[MENTIONS, '--vocab', VOCAB], /--format is required/],
      [[MENTIONS, '--format', 'pubtator'], /--vocab FILE is required/],
      [[MENTIONS, '--format', 'iob', '--vocab', VOCAB], /--format must be one of pubtator, concept, brat/],
      [[path.join(DIR, 'nothing.txt'), '--format', 'pubtator', '--vocab', VOCAB], /No such file or folder/],
    ];
    for (const [args, message] of cases) {
      const r = await runCli(['eval', 'link', ...args], NO_MODEL);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(r.stderr, message);
    }
    const vocab = path.join(tmpDir(), 'medic.vocab');
    fs.writeFileSync(vocab, 'binary');
    const r = await runCli(['eval', 'link', MENTIONS, '--format', 'pubtator', '--vocab', vocab], NO_MODEL);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /not a \.vocab file/);
    const text = path.join(tmpDir(), 'medic.txt');
    fs.writeFileSync(text, 'D001281||Atrial Fibrillation\nAtrial Flutter\n');
    const bad = await runCli(['eval', 'link', MENTIONS, '--format', 'pubtator', '--vocab', text], NO_MODEL);
    assert.equal(bad.code, 2, 'a MEDIC text with a line that is not MEDIC is a usage error');
    assert.match(bad.stderr, /medic\.txt line 2: no "\|\|"/);
  });

  it('--help names the command and its formats', async () => {
    const r = await runCli(['eval', 'link', '--help'], NO_MODEL);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /biomed eval link <corpus> --format pubtator\|concept\|brat --vocab FILE/);
  });
});
