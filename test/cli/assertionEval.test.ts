/**
 * `biomed eval assertion` on the project's own ConText-layout fixture, through the real
 * bundle (dist/cli.js): exact counts and figures, no model server at all.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBioC } from '../../server/src/engine/formats/bioc';
import { statusesOf } from '../../server/src/engine/formats/document';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { ensureCliBuilt, ROOT, runCli } from '../support/cli';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

const SAMPLE = path.join(ROOT, 'test/fixtures/assertion/context-sample.tsv');
const NOTES = path.join(ROOT, 'test/fixtures/assertion/notes');

describe('CLI: eval assertion (no model)', function () {
  this.timeout(120_000);
  const tmp: string[] = [];
  before(() => ensureCliBuilt());
  after(() => {
    for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
  });
  const tmpFile = (name: string, text: string) => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-eval-assertion-'));
    tmp.push(d);
    fs.writeFileSync(path.join(d, name), text);
    return path.join(d, name);
  };

  it('--json: exactly rows and the four attributes, figures in percent with one decimal', async () => {
    // No model server anywhere: OLLAMA_HOST points at a closed port.
    const r = await runCli(['eval', 'assertion', SAMPLE, '--format', 'context-tsv', '--json'], { env: { OLLAMA_HOST: 'http://127.0.0.1:9' } });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.deepEqual(JSON.parse(r.stdout), {
      rows: 44,
      negation: { precision: 100, recall: 92.3, f1: 96, accuracy: 97.7 },
      historical: { precision: 100, recall: 100, f1: 100, accuracy: 100 },
      hypothetical: { precision: 100, recall: 100, f1: 100, accuracy: 100 },
      experiencer: { precision: 100, recall: 100, f1: 100, accuracy: 100 },
    });
  });

  it('the table: gold, predicted and correct per status, accuracy per attribute, the reference figures', async () => {
    const r = await runCli(['eval', 'assertion', SAMPLE, '--format', 'context-tsv']);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n').map((l) => l.trim().split(/\s{2,}/));
    const row = (name: string) => rows.find((x) => x[0] === name);
    assert.deepEqual(row('negated'), ['negated', '13', '12', '12', '100.0', '92.3', '96.0']);
    assert.deepEqual(row('possible'), ['possible', '8', '9', '8', '88.9', '100.0', '94.1']);
    assert.deepEqual(row('historical'), ['historical', '7', '7', '7', '100.0', '100.0', '100.0']);
    assert.deepEqual(row('hypothetical'), ['hypothetical', '4', '4', '4', '100.0', '100.0', '100.0']);
    assert.deepEqual(row('other experiencer'), ['other experiencer', '4', '4', '4', '100.0', '100.0', '100.0']);
    assert.deepEqual(row('negation (Affirmed / Negated / Possible)'), ['negation (Affirmed / Negated / Possible)', '97.7']);
    assert.deepEqual(row('experiencer (Patient / Other or Family member)'), ['experiencer (Patient / Other or Family member)', '100.0']);
    assert.match(r.stdout, /^.*context-sample\.tsv: 44 rows, ConText rules \(no model\)/);
    assert.match(r.stdout, /negation F1 94\.6, accuracy 97\.7 on 2,376 annotated sentences/);
    assert.match(r.stdout, /Harkema, Dowling, Thornblade, Chapman, J Biomed Inform 2009/);
    assert.match(r.stdout, /genConText .*negation F1 98\.1; historical F1 66\.5 \(P 75\.4, R 59\.5\), hypothetical P 100 R 92\.9/);
    assert.match(r.stdout, /The rows carry no section/);
  });

  it('--limit and --extra-terms change what is scored', async () => {
    const limited = JSON.parse((await runCli(['eval', 'assertion', SAMPLE, '--format', 'context-tsv', '--json', '--limit', '10'])).stdout);
    assert.equal(limited.rows, 10);
    // Row 37 ("Nothing suggests ANEMIA") is negated in the gold; "suggests" marks it possible.
    const extra = tmpFile('extra.json', JSON.stringify({ categories: { negated: { forward: ['nothing suggests'] } } }));
    const r = await runCli(['eval', 'assertion', SAMPLE, '--format', 'context-tsv', '--json', '--extra-terms', extra]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout).negation, { precision: 100, recall: 100, f1: 100, accuracy: 100 });
  });

  it('rows it cannot score are counted on stderr; --strict refuses them', async () => {
    const file = tmpFile(
      'x.tsv',
      fs.readFileSync(SAMPLE, 'utf8') + '99\tgout\tNo fever.\tNegated\tRecent\tPatient\n100\tfever\tNo fever.\tMaybe\tRecent\tPatient\n',
    );
    const r = await runCli(['eval', 'assertion', file, '--format', 'context-tsv', '--json']);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).rows, 44);
    assert.match(r.stderr, /skipped 2 rows \(1 unknown value, 1 unlocated condition\)/);
    const strict = await runCli(['eval', 'assertion', file, '--format', 'context-tsv', '--strict']);
    assert.equal(strict.code, 1, strict.stderr);
    assert.match(strict.stderr, /--strict refuses a corpus with skipped rows/);
  });

  it('usage errors exit 2: no --format, another format, model options, a bad terms file, an empty file', async () => {
    const bad = tmpFile('bad.json', '{"categories": {"negation": {}}}');
    const empty = tmpFile('empty.tsv', 'id\tcondition\tsentence\tnegation\ttemporality\texperiencer\n');
    const cases: [string[], RegExp][] = [
      [['eval', 'assertion', SAMPLE], /needs --format context-tsv/],
      [['eval', 'assertion', SAMPLE, '--format', 'pubtator'], /--format must be one of context-tsv \(got "pubtator"\)/],
      [['eval', 'assertion', SAMPLE, '--format', 'context-tsv', '--model', 'x'], /Unknown option '--model'/],
      [['eval', 'assertion', SAMPLE, '--format', 'context-tsv', '--extra-terms', bad], /categories\.negation is not a ConText category/],
      [['eval', 'assertion', SAMPLE, '--format', 'context-tsv', '--extra-terms', '/no/such/terms.json'], /--extra-terms: no such file/],
      [['eval', 'assertion', empty, '--format', 'context-tsv'], /No rows in the context-tsv layout/],
    ];
    for (const [args, says] of cases) {
      const r = await runCli(args);
      assert.equal(r.code, 2, `${args.join(' ')}\n${r.stderr}`);
      assert.match(r.stderr, says, args.join(' '));
      assert.match(r.stderr, /Run "biomed eval --help" for usage\./);
      assert.equal(r.stdout, '');
    }
  });

  it('the help names the command and its layout', async () => {
    const r = await runCli(['eval', 'assertion', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /biomed eval assertion <file\.tsv> --format context-tsv/);
    assert.match(r.stdout, /negation \(Affirmed\/Negated\/Possible\), temporality/);
  });
});

describe('CLI: annotate carries the assertion statuses', function () {
  this.timeout(120_000);
  let server: OllamaTestServer;
  const tmp: string[] = [];
  before(async () => {
    ensureCliBuilt();
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
  });
  after(async () => {
    await server.stop();
    for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
  });
  const out = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-annotate-assertion-'));
    tmp.push(d);
    return d;
  };
  const EXPECTED = [
    ['chest pain', ['negated']],
    ['dyspnea on exertion', []],
    ['pneumonia', ['possible']],
    ['Hypertension', ['historical']],
    ['asthma', ['historical']],
    ['Breast cancer', ['family']],
    ['fever', ['hypothetical']],
    ['colon cancer', ['family']],
  ];

  it('JSON lines and BioC: the statuses of each entity (possible, without the old alias uncertain)', async () => {
    for (const format of ['json', 'bioc']) {
      const dir = out();
      const r = await runCli([
        'annotate',
        NOTES,
        '--out',
        dir,
        '--format',
        format,
        '--host',
        server.url,
        '--model',
        MEDTUNED_MODEL.name,
        '--no-relations',
        '--no-nli',
      ]);
      assert.equal(r.code, 0, r.stderr);
      const file = path.join(dir, format === 'json' ? 'statuses.json' : 'statuses.bioc.json');
      const text = fs.readFileSync(file, 'utf8');
      const doc = (format === 'json' ? readJsonl(text) : readBioC(text))[0];
      assert.deepEqual(
        doc.entities.map((e) => [e.text, statusesOf(e)]),
        EXPECTED,
        format,
      );
      const pneumonia = doc.entities.find((e) => e.text === 'pneumonia')!;
      assert.equal(pneumonia.possible, true);
      // A 0.x release drops the alias: the output names each status once.
      assert.doesNotMatch(text, /uncertain/, format);
      assert.match(text, /"possible":(true|"true")/, format);
    }
  });

  it('BRAT: attributes Negated, Possible, Historical, Hypothetical, Experiencer', async () => {
    const dir = out();
    const r = await runCli([
      'annotate',
      NOTES,
      '--out',
      dir,
      '--format',
      'brat',
      '--host',
      server.url,
      '--model',
      MEDTUNED_MODEL.name,
      '--no-relations',
      '--no-nli',
    ]);
    assert.equal(r.code, 0, r.stderr);
    const ann = fs.readFileSync(path.join(dir, 'statuses.ann'), 'utf8');
    const attributes = ann
      .split('\n')
      .filter((l) => l.startsWith('A'))
      .map((l) => l.split('\t')[1]);
    assert.deepEqual(attributes, [
      'Negated T1',
      'Possible T3',
      'Historical T4',
      'Historical T5',
      'Experiencer T6 Other',
      'Hypothetical T7',
      'Experiencer T8 Other',
    ]);
  });
});
