/**
 * `biomed annotate --vocab` through the real bundle (dist/cli.js) against the Ollama-protocol
 * test server: the entities the model finds are linked, a document at a time (an abbreviation
 * the note defines counts), and every output format carries the IDs, read back by the
 * project's own readers. The note, its gold and the vocabulary are this test's own.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBioC } from '../../server/src/engine/formats/bioc';
import { readBratDocument } from '../../server/src/engine/formats/bratDocument';
import { AnnotatedDocument } from '../../server/src/engine/formats/document';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { readPubTator } from '../../server/src/engine/formats/pubtator';
import { buildVocabulary } from '../../server/src/engine/linking/vocab/build';
import { cliSandbox, showResult } from '../support/cli';
import { ROOT } from '../support/paths';
import { LLAMA31_MODEL, loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

// The model (the test server's oracle) finds the four problems of the gold below.
const NOTE = 'History of congestive heart failure (CHF) and gout.\nToday CHF is worse; no zorblax fever.\n';
const at = (s: string, from = 0) => NOTE.indexOf(s, from);
const GOLD = [
  ['congestive heart failure', at('congestive heart failure')],
  ['gout', at('gout')],
  ['CHF', at('CHF', at('Today'))],
  ['zorblax fever', at('zorblax fever')],
] as const;
const ANN = GOLD.map(([text, start], i) => `T${i + 1}\tPROBLEM ${start} ${start + text.length}\t${text}`).join('\n') + '\n';
const VOCAB_TSV = 'LOCAL:HF1\tHeart Failure, Congestive\tproblem\nLOCAL:HF1\tcongestive heart failure\tproblem\nLOCAL:G1\tGout\tproblem\n';

describe('biomed annotate --vocab: concept IDs in every output format', function () {
  this.timeout(60_000);
  const { tmp, biomed } = cliSandbox('biomed-annotate-vocab-');
  let server: OllamaTestServer;
  let notes: string;
  let vocab: string;
  before(async () => {
    notes = tmp();
    fs.writeFileSync(path.join(notes, 'hf.txt'), NOTE);
    fs.writeFileSync(path.join(notes, 'hf.ann'), ANN);
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(notes) });
    fs.rmSync(path.join(notes, 'hf.ann'));
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'tiny.tsv'), VOCAB_TSV);
    vocab = path.join(dir, 'tiny.vocab');
    buildVocabulary({ sources: [path.join(dir, 'tiny.tsv')], format: 'tsv', out: vocab, label: 'tiny' });
  });
  after(async () => server.stop());

  const annotate = (out: string, format: string, ...more: string[]) =>
    biomed(['annotate', notes, '--out', out, '--format', format, '--host', server.url, '--no-relations', '--no-nli', ...more]);

  /** Each gold mention's ids in a document read back. */
  const idsByText = (doc: AnnotatedDocument) => Object.fromEntries(doc.entities.map((e) => [e.text, e.ids]));
  const EXPECTED = { 'congestive heart failure': ['LOCAL:HF1'], gout: ['LOCAL:G1'], CHF: ['LOCAL:HF1'], 'zorblax fever': undefined };

  it("json: ids and concepts, the short form linked through the note's definition, [] for a mention no concept fits", async () => {
    const out = tmp();
    const r = await annotate(out, 'json', '--vocab', vocab);
    assert.equal(r.code, 0, showResult(r));
    assert.match(r.stdout, / 4 entities \(3 linked\), /);
    const [doc] = readJsonl(fs.readFileSync(path.join(out, 'hf.json'), 'utf8'));
    assert.deepEqual(idsByText(doc), EXPECTED);
    const byText = Object.fromEntries(doc.entities.map((e) => [e.text, e.concepts]));
    assert.deepEqual(byText.CHF, [{ id: 'LOCAL:HF1', name: 'Heart Failure, Congestive', vocabulary: 'tiny', score: 1, method: 'abbreviation' }]);
    assert.deepEqual(byText.gout, [{ id: 'LOCAL:G1', name: 'Gout', vocabulary: 'tiny', score: 1, method: 'exact' }]);
    assert.deepEqual(byText['zorblax fever'], []);
  });

  it('bioc, pubtator (one output file each) and brat: the same ids, read back', async () => {
    const dir = tmp();
    for (const [format, out, read] of [
      ['bioc', path.join(dir, 'all.bioc.json'), (f: string) => readBioC(fs.readFileSync(f, 'utf8'))[0]],
      ['pubtator', path.join(dir, 'all.pubtator'), (f: string) => readPubTator(fs.readFileSync(f, 'utf8'))[0]],
    ] as const) {
      const r = await annotate(out, format, '--vocab', vocab);
      assert.equal(r.code, 0, showResult(r));
      assert.deepEqual(idsByText(read(out)), EXPECTED, format);
    }
    const bratOut = path.join(dir, 'brat');
    const r = await annotate(bratOut, 'brat', '--vocab', vocab);
    assert.equal(r.code, 0, showResult(r));
    const ann = fs.readFileSync(path.join(bratOut, 'hf.ann'), 'utf8');
    assert.match(ann, /^N\d+\tReference T\d+ LOCAL:G1\tGout$/m);
    assert.deepEqual(idsByText(readBratDocument('hf', fs.readFileSync(path.join(bratOut, 'hf.txt'), 'utf8'), ann)), EXPECTED);
    assert.doesNotMatch(r.stderr, /cannot hold/);
    // brat opens the folder as it is: annotation.conf declares every type, relation and
    // attribute the .ann uses, tools.conf the concept source its N lines name.
    const conf = fs.readFileSync(path.join(bratOut, 'annotation.conf'), 'utf8');
    const section = (name: string) =>
      conf
        .split(`[${name}]\n`)[1]
        .split('\n[')[0]
        .split('\n')
        .filter((l) => l.trim() !== '');
    const declared = (name: string) => new Set(section(name).map((l) => l.split('\t')[0]));
    for (const m of ann.matchAll(/^T\d+\t(\S+) /gm)) assert.ok(declared('entities').has(m[1]), `entity ${m[1]}`);
    for (const m of ann.matchAll(/^R\d+\t(\S+) /gm)) assert.ok(declared('relations').has(m[1]), `relation ${m[1]}`);
    for (const m of ann.matchAll(/^A\d+\t(\S+) /gm)) assert.ok(declared('attributes').has(m[1]), `attribute ${m[1]}`);
    assert.ok(declared('relations').has('<OVERLAP>'), 'nested mentions allowed');
    assert.match(fs.readFileSync(path.join(bratOut, 'tools.conf'), 'utf8'), /^\[normalization\]\nLOCAL\tDB:local$/m);
    // A user's own annotation.conf is left as it is, and said so.
    fs.writeFileSync(path.join(bratOut, 'annotation.conf'), '[entities]\nmine\n');
    const again = await annotate(bratOut, 'brat', '--vocab', vocab);
    assert.equal(again.code, 0, showResult(again));
    assert.equal(fs.readFileSync(path.join(bratOut, 'annotation.conf'), 'utf8'), '[entities]\nmine\n');
    assert.match(again.stderr, /annotation\.conf: not written by biomed, left as it is/);
  });

  it('=types: a vocabulary serves only those types; others get no concepts', async () => {
    const out = tmp();
    const r = await annotate(out, 'json', '--vocab', `${vocab}=treatment`);
    assert.equal(r.code, 0, showResult(r));
    const [doc] = readJsonl(fs.readFileSync(path.join(out, 'hf.json'), 'utf8'));
    assert.deepEqual(
      doc.entities.map((e) => [e.ids, e.concepts]),
      doc.entities.map(() => [undefined, undefined]),
    );
    assert.ok(doc.entities.length === 4);
    assert.match(r.stdout, / 4 entities \(0 linked\), /);
  });

  it('a missing vocabulary, a file that is not one, an unknown type: usage errors (exit 2) before the model is asked', async () => {
    const before = server.requests.length;
    const missing = await annotate(tmp(), 'json', '--vocab', path.join(tmp(), 'none.vocab'));
    assert.equal(missing.code, 2, showResult(missing));
    assert.match(missing.stderr, /--vocab: no such vocabulary: .*none\.vocab/);
    const notVocab = path.join(tmp(), 'words.vocab');
    fs.writeFileSync(notVocab, 'just words\n');
    const bad = await annotate(tmp(), 'json', '--vocab', notVocab);
    assert.equal(bad.code, 2, showResult(bad));
    assert.match(bad.stderr, /words\.vocab: .*biomed vocab build/);
    // A text vocabulary given as it is (MEDIC's text, longer than a .vocab's header): how to build one is said once.
    const medic = path.join(tmp(), 'medic.txt');
    fs.writeFileSync(medic, fs.readFileSync(path.join(ROOT, 'test/fixtures/linking/medic-excerpt.txt'), 'utf8').repeat(60));
    const text = await annotate(tmp(), 'json', '--vocab', medic);
    assert.equal(text.code, 2, showResult(text));
    assert.equal(text.stderr.match(/build one with biomed vocab build/g)?.length, 1, text.stderr);
    const type = await annotate(tmp(), 'json', '--vocab', `${vocab}=illness`);
    assert.equal(type.code, 2, showResult(type));
    assert.match(type.stderr, /illness is not an entity type/);
    assert.equal(server.requests.length, before);
  });

  it('--model-choice: the model (json layout) chooses among the candidates of a look-alike link; medtuned and no --vocab are usage errors', async () => {
    // A vocabulary where "zorblax fever" has only look-alikes: two candidates to choose from.
    const dir = tmp();
    fs.writeFileSync(
      path.join(dir, 'alike.tsv'),
      'LOCAL:HF1\tcongestive heart failure\tproblem\nLOCAL:Z1\tzorblast fever\tproblem\nLOCAL:Z2\tzorblax feverish\tproblem\n',
    );
    const alike = path.join(dir, 'alike.vocab');
    buildVocabulary({ sources: [path.join(dir, 'alike.tsv')], format: 'tsv', out: alike, label: 'alike' });
    const asked: { mention: string; ids: string[] }[] = [];
    server.script((req) => {
      const body = req.body as { messages?: { role: string; content: string }[] };
      const user = body.messages?.[body.messages.length - 1]?.content ?? '';
      if (!body.messages?.[0]?.content.startsWith('You link a mention')) return undefined; // entity requests: the oracle
      const mention = JSON.parse(/^Mention: (.*)$/m.exec(user)![1]) as string;
      const ids = [...user.matchAll(/^- (LOCAL:\w+): /gm)].map((m) => m[1]);
      asked.push({ mention, ids });
      return { kind: 'text', text: JSON.stringify({ choice: ids.includes('LOCAL:Z1') ? 'LOCAL:Z1' : 'none' }) };
    });
    try {
      const out = tmp();
      const r = await annotate(out, 'json', '--vocab', alike, '--model-choice', '--model', LLAMA31_MODEL.name);
      assert.equal(r.code, 0, showResult(r));
      assert.deepEqual(
        asked.map((a) => a.mention),
        ['zorblax fever'],
        'only the look-alike link is asked about; the exact ones are not',
      );
      assert.ok(asked[0].ids.includes('LOCAL:Z1') && asked[0].ids.includes('LOCAL:Z2'), asked[0].ids.join(' '));
      const [doc] = readJsonl(fs.readFileSync(path.join(out, 'hf.json'), 'utf8'));
      const byText = Object.fromEntries(doc.entities.map((e) => [e.text, e.concepts]));
      // The linker alone takes LOCAL:Z2 (the nearer spelling); the model's answer changes it.
      assert.deepEqual(
        byText['zorblax fever']?.map((c) => [c.id, c.method]),
        [['LOCAL:Z1', 'model']],
      );
      assert.deepEqual(
        byText['congestive heart failure']?.map((c) => [c.id, c.method]),
        [['LOCAL:HF1', 'exact']],
      );
      assert.match(r.stdout, /; the model asked about 1, changed 1, 0 to none, 0 unanswered\)/);
    } finally {
      server.script(undefined);
    }
    const before = server.requests.length;
    const medtuned = await annotate(tmp(), 'json', '--vocab', alike, '--model-choice', '--model', MEDTUNED_MODEL.name);
    assert.equal(medtuned.code, 2, showResult(medtuned));
    assert.match(medtuned.stderr, /--model-choice asks a general instruction model in the json layout/);
    const none = await annotate(tmp(), 'json', '--model-choice', '--model', LLAMA31_MODEL.name);
    assert.equal(none.code, 2, showResult(none));
    assert.match(none.stderr, /--model-choice chooses among the candidates of --vocab: give a vocabulary too/);
    assert.ok(
      server.requests.slice(before).every((q) => q.path !== '/api/chat' && q.path !== '/api/generate'),
      'no generation request for a usage error',
    );
  });
});
