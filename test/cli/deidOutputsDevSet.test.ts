/**
 * `--deidentify` over the PhysioNet deid development notes (../shared/data/deid, GPL test
 * data read where it lies, split into note files in a temporary folder, never copied into
 * the project): the gold test server's model finds entities over the gold PHI (each PHI
 * alone, or with the word after it), annotate writes every format, report and export theirs,
 * and every file is searched for every gold PHI string and every string the rules found
 * (whole words, case as written). The rules miss some gold PHI (10 of the 620 at the last
 * count; the test prints how many), which the de-identified text then still holds; so what is
 * asserted is that no output holds a
 * PHI string the de-identified notes do not (the outputs add no leak), and the gold PHI the
 * rules missed is counted and printed. Skips with one line when the data is absent.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decodeText, PhiDocument, readPhysionet } from '../../server/src/engine/formats/phiCorpus';
import { deidentify, DeidOptions } from '../../server/src/engine/tasks/phi/deidentify';
import { detectPhi } from '../../server/src/engine/tasks/phi/detect';
import { readDocuments } from '../../server/src/engine/formats/corpora';
import { cliSandbox, showResult as show } from '../support/cli';
import { GoldDocument, OllamaTestServer } from '../support/ollamaServer';
import { assertCsvExact, assertExact, outputFiles, readable, wholeWords } from '../support/phiLeaks';
import { sharedFile, skipUnlessShared } from '../support/sharedData';

const TEXT = sharedFile('deid/id.text');
const PHRASE = sharedFile('deid/id-phi.phrase');

/** A record's note id: letters before the numbers, so that no id holds a number as a whole word. */
const idOf = (d: PhiDocument) => {
  const [p, n] = d.id.split(' ');
  return `p${p}/n${n}`;
};

/** The model's entities: each gold PHI alone, or (every other one) with the word after it on its line. */
function goldFor(d: PhiDocument): GoldDocument {
  const entities: GoldDocument['entities'] = [];
  let last = -1;
  d.gold.forEach((g, i) => {
    if (g.start < last) return;
    const after = /^[ \t]+[A-Za-z]+/.exec(d.text.slice(g.end));
    const end = i % 2 === 1 && after ? g.end + after[0].length : g.end;
    entities.push({ type: i % 3 === 0 ? 'TREATMENT' : 'PROBLEM', start: g.start, end });
    last = end;
  });
  return { name: idOf(d), text: d.text, entities };
}

describe('CLI: --deidentify over the PhysioNet deid development notes', function () {
  this.timeout(600_000);
  const { tmp, biomed } = cliSandbox('biomed-deidout-dev-');
  let server: OllamaTestServer;
  let docs: PhiDocument[];
  let notes: string;
  let cache: string;
  /** Every gold PHI string and every string the rules found, by note id. */
  const phi = new Map<string, Set<string>>();
  const all = new Set<string>();
  before(async function () {
    skipUnlessShared(this, 'The PhysioNet deid development part', [TEXT, PHRASE]);
    docs = readPhysionet(decodeText(fs.readFileSync(TEXT)).text, undefined, fs.readFileSync(PHRASE, 'utf8'), {});
    assert.equal(docs.length, 891);
    notes = path.join(tmp(), 'notes');
    cache = path.join(tmp(), 'cache');
    let missed = 0;
    let gold = 0;
    for (const d of docs) {
      const file = path.join(notes, `${idOf(d)}.txt`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, d.text);
      const found = detectPhi(d.text);
      const strings = new Set([...d.gold.map((g) => g.text), ...found.map((s) => s.text)].filter((s) => s.trim()));
      phi.set(idOf(d), strings);
      for (const s of strings) all.add(s);
      gold += d.gold.length;
      missed += d.gold.filter((g) => !found.some((s) => s.start < g.end && s.end > g.start)).length;
    }
    console.log(`      ${missed} of ${gold} gold PHI not found by the rules (left in the de-identified text)`);
    server = await OllamaTestServer.start({ gold: docs.map(goldFor) });
  });
  after(async () => server?.stop());

  const annotate = (out: string, ...more: string[]) =>
    biomed(['annotate', notes, '--out', out, '--host', server.url, '--no-nli', '--no-relations', '--cache', cache, ...more]);

  /**
   * The de-identified texts by id, and the PHI strings they still hold anywhere (what an
   * output may hold: an annotation may quote part of a word the rules left, "Quartermain" of
   * "QuartermainBuilding", where it stands as a word of its own).
   */
  function expected(options: (id: string) => DeidOptions): { texts: Map<string, string>; still: Map<string, Set<string>>; anyStill: Set<string> } {
    const texts = new Map(docs.map((d) => [idOf(d), deidentify(d.text, options(idOf(d))).text]));
    const held = (strings: Set<string>, t: string) => new Set([...strings].filter((s) => t.includes(s)));
    const still = new Map([...texts].map(([id, t]) => [id, held(phi.get(id)!, t)]));
    return { texts, still, anyStill: held(all, [...texts.values()].join('\n')) };
  }

  /** No file below `out` holds a PHI string the de-identified notes do not: a file of one note against that note's. */
  function assertNoLeak(out: string, exp: ReturnType<typeof expected>): number {
    const files = outputFiles(out);
    for (const f of files) {
      const words = readable(f);
      const id = path.relative(out, f).replace(/\.(json|ann|txt)$/, '');
      const own = exp.still.get(id);
      const leaked = own ? [...wholeWords(phi.get(id)!, words)].filter((s) => !own.has(s)) : [];
      leaked.push(...[...wholeWords(all, words)].filter((s) => !exp.anyStill.has(s)));
      assert.deepEqual(leaked, [], `${f} holds PHI its de-identified note does not`);
    }
    return files.length;
  }

  it('annotate --deidentify tags: every format, offsets exact, no PHI the tagged notes lack', async () => {
    const exp = expected(() => ({ style: 'tags' }));
    console.log(`      ${exp.anyStill.size} of ${all.size} PHI strings (gold or found) still somewhere in the tagged notes (as words or inside one)`);
    const out = tmp();
    const json = path.join(out, 'json');
    const r = await annotate(json, '--deidentify', 'tags');
    assert.equal(r.code, 0, show(r));
    let entities = 0;
    for (const [id, text] of exp.texts) {
      const [d] = readDocuments('jsonl', fs.readFileSync(path.join(json, `${id}.json`), 'utf8')).documents;
      assert.equal(d.text, text, id);
      assertExact(d, 'json');
      entities += d.entities.length;
    }
    assert.ok(entities > 400, `the model's entities over the PHI are written (${entities})`);
    // The other formats at once, from the answers now cached (the runs wait on files as much as on the processor).
    const runs = await Promise.all(
      (
        [
          ['brat', ['--format', 'brat']],
          ['all.bioc.json', []],
          ['all.pubtator', []],
          ['all.csv', []],
        ] as const
      ).map(([name, more]) => annotate(path.join(out, name), '--deidentify', 'tags', ...more)),
    );
    for (const run of runs) assert.equal(run.code, 0, show(run));
    for (const kind of ['bioc', 'pubtator'] as const)
      for (const d of readDocuments(kind, fs.readFileSync(path.join(out, kind === 'bioc' ? 'all.bioc.json' : 'all.pubtator'), 'utf8')).documents) {
        assert.equal(d.text.replace(/\s/g, ' '), exp.texts.get(d.id)!.replace(/\s/g, ' '), `${kind} ${d.id}`);
        assertExact(d, kind);
      }
    assert.equal(assertCsvExact(fs.readFileSync(path.join(out, 'all.csv'), 'utf8'), exp.texts, 'csv'), entities);
    for (const [id, text] of exp.texts) assert.equal(fs.readFileSync(path.join(out, 'brat', `${id}.txt`), 'utf8'), text);
    assertNoLeak(json, exp);
    assertNoLeak(path.join(out, 'brat'), exp);
    for (const f of ['all.bioc.json', 'all.pubtator', 'all.csv']) assertNoLeak(path.join(out, f), exp);
  });

  it('annotate --deidentify surrogates and report --deidentify: no PHI the de-identified notes lack', async () => {
    const patient = (id: string) => id.split('/')[0];
    const exp = expected((id) => ({ style: 'surrogates', seed: 11, patient: patient(id) }));
    const out = tmp();
    const file = path.join(out, 'all.jsonl');
    const r = await annotate(file, '--deidentify', 'surrogates', '--seed', '11', '--patient-of', 'folder');
    assert.equal(r.code, 0, show(r));
    const read = readDocuments('jsonl', fs.readFileSync(file, 'utf8')).documents;
    assert.equal(read.length, docs.length);
    for (const d of read) {
      assert.equal(d.text, exp.texts.get(d.id), d.id);
      assertExact(d, 'surrogates');
    }
    assertNoLeak(file, exp);

    // The report of an output with PHI in it.
    const plain = path.join(tmp(), 'plain.jsonl');
    assert.equal((await annotate(plain)).code, 0);
    // The check sees a leak where there is one: the output written without the flag fails it.
    assert.throws(() => assertNoLeak(plain, exp), /holds PHI its de-identified note does not/);
    for (const [style, more, e] of [
      ['tags', [], expected(() => ({ style: 'tags' }))],
      ['surrogates', ['--seed', '11', '--patient-of', 'folder'], exp],
    ] as const) {
      const html = path.join(tmp(), `${style}.html`);
      const rep = await biomed(['report', plain, '--out', html, '--deidentify', style, ...more]);
      assert.equal(rep.code, 0, show(rep));
      assertNoLeak(html, e);
    }
  });

  it('export --deidentify tags: a curated folder of the notes (annotator notes quoting PHI) as BioC and PubTator', async () => {
    const exp = expected(() => ({ style: 'tags' }));
    for (const d of docs) {
      const g = goldFor(d);
      const ann = g.entities.map((e, i) => `T${i + 1}\t${e.type.toLowerCase()} ${e.start} ${e.end}\t${d.text.slice(e.start, e.end).replace(/\s/g, ' ')}`);
      if (d.gold[0]) ann.push(`#1\tAnnotatorNotes T1\tsee ${d.gold[0].text}`);
      fs.writeFileSync(path.join(notes, `${idOf(d)}.ann`), ann.join('\n') + '\n');
    }
    const out = tmp();
    for (const [kind, name] of [
      ['bioc', 'c.bioc.json'],
      ['pubtator', 'c.pubtator'],
    ] as const) {
      const r = await biomed(['export', notes, '--out', path.join(out, name), '--deidentify', 'tags']);
      assert.equal(r.code, 0, show(r));
      const read = readDocuments(kind, fs.readFileSync(path.join(out, name), 'utf8')).documents;
      assert.equal(read.length, docs.length);
      for (const d of read) assertExact(d, kind);
    }
    assertNoLeak(out, exp);
  });
});
