/**
 * `biomed eval link` through the real bundle (dist/cli.js), no model server: an excerpt of
 * MEDIC (test/fixtures/linking, with its attribution) and mentions written for this project.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCliBuilt, ROOT, runCli, showResult } from '../support/cli';

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

  it('PubTator: a mention line cut short, one of four columns and a file cut inside an abstract are counted and named; --strict refuses them', async () => {
    const d = tmpDir();
    const corpus = path.join(d, 'cut.pubtator');
    const whole = fs.readFileSync(MENTIONS, 'utf8').trimEnd();
    // The first mention cut to PMID<TAB>start, the second to four columns, and a second document cut mid-abstract.
    const lines = whole.split('\n');
    lines[2] = '90000001\t0';
    lines[3] = lines[3].split('\t').slice(0, 4).join('\t');
    fs.writeFileSync(corpus, `${lines.join('\n')}\n\n90000002|t|Gout in a farmer.\n90000002|a|He had gout and a tophus on the`);
    const r = await runCli(['eval', 'link', corpus, '--format', 'pubtator', '--vocab', VOCAB, '--json'], NO_MODEL);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).mentions, 12);
    assert.match(r.stderr, /cut\.pubtator: skipped 3 lines \(2 truncated lines, 1 truncated document\)/);
    const strict = await runCli(['eval', 'link', corpus, '--format', 'pubtator', '--vocab', VOCAB, '--json', '--strict'], NO_MODEL);
    assert.equal(strict.code, 1);
    assert.equal(strict.stdout, '');
    assert.match(strict.stderr, /cut\.pubtator: skipped 3 lines .*--strict refuses/);
    // A synonym corpus is counted the same way.
    const syn = await runCli(['eval', 'link', MENTIONS, '--format', 'pubtator', '--vocab', VOCAB, '--synonyms', corpus, '--json', '--strict'], NO_MODEL);
    assert.equal(syn.code, 1);
    assert.match(syn.stderr, /cut\.pubtator: skipped 3 lines/);
  });

  it('says what it does while it links: a line before the first document (and a bar on a terminal)', async () => {
    const r = await runCli(['eval', 'link', MENTIONS, '--format', 'pubtator', '--vocab', VOCAB], NO_MODEL);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stderr, /\[0\/1\] linking the mentions of 1 document\n/);
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

  /**
   * For --errors: a right mention, one linked to another concept than its gold (wrong), one no
   * name comes near (unlinked), one without a gold ID, and in a second document a wrong one
   * whose gold the vocabulary lacks.
   */
  const ERRORS = [
    '1||0|19||Disease||Atrial fibrillation||D001281',
    '1||24|41||Disease||ovarian carcinoma||D001943',
    '1||46|52||Disease||qxqxzz||D003920',
    '1||57|69||Disease||older adults||-1',
    '2||0|17||Disease||steinert syndrome||MESH:D999999',
  ].join('\n');
  const UNLINKED = {
    document: '1',
    start: 46,
    end: 52,
    text: 'qxqxzz',
    type: 'Disease',
    gold: [{ id: 'D003920', name: 'Diabetes Mellitus' }],
    chosen: [],
    method: 'none',
    score: null,
    tie: null,
    why: null,
    candidates: [],
    error: 'unlinked',
  };
  const errorsRun = async (file: string) => {
    const corpus = path.join(path.dirname(file), 'errors.concept');
    fs.writeFileSync(corpus, ERRORS + '\n');
    return runCli(['eval', 'link', corpus, '--format', 'concept', '--vocab', VOCAB, '--errors', file, '--json'], NO_MODEL);
  };

  it('--errors FILE: JSON Lines of exactly the wrong and unlinked scored mentions, in corpus order, with the gold name and the candidates', async () => {
    const d = tmpDir();
    const file = path.join(d, 'errors.jsonl');
    const r = await errorsRun(file);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { mentions: 5, scored: 4, accuracy1: 25, accuracy5: 50, unlinked: 1, wrong: 2 });
    const lines = fs.readFileSync(file, 'utf8').split('\n');
    assert.equal(lines.pop(), '', 'a line break ends the last record');
    const records = lines.map((l) => JSON.parse(l));
    assert.deepEqual(
      records.map((x) => [x.document, x.text, x.error]),
      [
        ['1', 'ovarian carcinoma', 'wrong'],
        ['1', 'qxqxzz', 'unlinked'],
        ['2', 'steinert syndrome', 'wrong'],
      ],
    );
    const [wrong, unlinked, missing] = records;
    assert.deepEqual(Object.keys(wrong), Object.keys(UNLINKED), 'every record has the same keys, in order');
    assert.deepEqual([wrong.start, wrong.end, wrong.type], [24, 41, 'Disease']);
    assert.deepEqual(wrong.gold, [{ id: 'D001943', name: 'Breast Neoplasms' }], "the gold concept's name in the vocabulary");
    assert.deepEqual(wrong.chosen, [{ id: 'OMIM:167000', name: 'Ovarian Neoplasms' }]);
    assert.deepEqual([wrong.method, wrong.score, wrong.tie], ['normalised', 0.85, null]);
    // At most five: a vocabulary of a dozen concepts has only three near "ovarian carcinoma".
    assert.equal(wrong.candidates.length, 3);
    assert.deepEqual(wrong.candidates[0], { id: 'OMIM:167000', name: 'Ovarian Neoplasms', score: 0.85, method: 'normalised' }, 'the choice first');
    assert.deepEqual(
      { ...wrong.candidates[1], score: undefined },
      { id: 'OMIM:114480', name: 'Breast Neoplasms', score: undefined, method: 'approximate' },
      'the gold among the candidates',
    );
    assert.deepEqual(unlinked, UNLINKED);
    assert.deepEqual(missing.gold, [{ id: 'MESH:D999999', name: '' }], 'a gold ID the vocabulary lacks has no name');
    assert.equal(missing.chosen.length, 1);
    assert.deepEqual(fs.readdirSync(d).sort(), ['errors.concept', 'errors.jsonl'], 'no temporary file left');
  });

  it('--errors FILE.tsv: a header row and a row per wrong or unlinked mention, the candidates as ID name (score)', async () => {
    const file = path.join(tmpDir(), 'errors.tsv');
    const r = await errorsRun(file);
    assert.equal(r.code, 0, r.stderr);
    const rows = fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => l.split('\t'));
    assert.deepEqual(rows[0], [
      'document',
      'start',
      'end',
      'text',
      'type',
      'gold',
      'gold name',
      'chosen',
      'chosen name',
      'method',
      'score',
      'tie',
      'why',
      'candidates',
      'error',
    ]);
    assert.equal(rows.length, 4, 'the header and three mentions');
    assert.ok(rows.every((row) => row.length === 15));
    const [, wrong, unlinked, missing] = rows;
    assert.deepEqual(wrong.slice(0, 12), [
      '1',
      '24',
      '41',
      'ovarian carcinoma',
      'Disease',
      'D001943',
      'Breast Neoplasms',
      'OMIM:167000',
      'Ovarian Neoplasms',
      'normalised',
      '0.85',
      '',
    ]);
    assert.equal(wrong[12], '', 'no tie, no why');
    assert.match(wrong[13], /^OMIM:167000 Ovarian Neoplasms \(0\.85\); OMIM:114480 Breast Neoplasms \(0\.\d+\); [^;]+ \(0\.\d+\)$/);
    assert.equal(wrong[14], 'wrong');
    assert.deepEqual(unlinked, ['1', '46', '52', 'qxqxzz', 'Disease', 'D003920', 'Diabetes Mellitus', '', '', 'none', '', '', '', '', 'unlinked']);
    assert.deepEqual(missing.slice(5, 7), ['MESH:D999999', '(not in the vocabulary)']);
    assert.equal(missing[14], 'wrong');
  });

  it('--errors refuses the corpus and the vocabulary, by any name, and writes nothing', async () => {
    const d = tmpDir();
    const corpus = path.join(d, 'errors.concept');
    fs.writeFileSync(corpus, ERRORS + '\n');
    const vocab = path.join(d, 'medic.txt');
    fs.copyFileSync(VOCAB, vocab);
    const cases: [string, RegExp][] = [
      [corpus, /--errors .*errors\.concept is an input of this command/],
      [path.join(d, 'same.jsonl'), /--errors .*same\.jsonl is an input of this command \(.*errors\.concept\)/],
      [vocab, /--errors .*medic\.txt is an input of this command/],
      [d, /--errors .* is a folder/],
    ];
    fs.linkSync(corpus, path.join(d, 'same.jsonl'));
    for (const [file, message] of cases) {
      const r = await runCli(['eval', 'link', corpus, '--format', 'concept', '--vocab', vocab, '--errors', file], NO_MODEL);
      assert.equal(r.code, 2, `${file}: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.equal(r.stdout, '', 'nothing linked, nothing printed');
    }
    assert.equal(fs.readFileSync(corpus, 'utf8'), ERRORS + '\n', 'the corpus untouched (and its other name)');
    assert.equal(fs.readFileSync(vocab, 'utf8'), fs.readFileSync(VOCAB, 'utf8'), 'the vocabulary untouched');
    assert.deepEqual(fs.readdirSync(d).sort(), ['errors.concept', 'medic.txt', 'same.jsonl'], 'no temporary file');
  });

  it('--errors in a folder that cannot be made (under /proc) fails at once with the reason, not a hang', async () => {
    const d = tmpDir();
    const corpus = path.join(d, 'errors.concept');
    fs.writeFileSync(corpus, ERRORS + '\n');
    // Node's recursive mkdir never returns for such a path: the command would hang until killed.
    const r = await runCli(['eval', 'link', corpus, '--format', 'concept', '--vocab', VOCAB, '--errors', '/proc/biomed-no-such/errors.jsonl'], {
      ...NO_MODEL,
      timeoutMs: 20_000,
    });
    assert.equal(r.code, 1, showResult(r));
    assert.match(r.stderr, /ENOENT: no such file or directory, mkdir '\/proc\/biomed-no-such'/);
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
