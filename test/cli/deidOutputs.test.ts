/**
 * `biomed annotate`, `export` and `report --deidentify` through the real bundle, on notes
 * written here (names, dates, a phone number, a record number) against the gold test server:
 * every file each command writes, in every format, holds the de-identified text and no PHI
 * string of the notes, and every offset read back points into that text exactly. The
 * PhysioNet development notes get the same check in deidOutputsDevSet.test.ts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deidentify } from '../../server/src/engine/tasks/phi/deidentify';
import { detectPhi } from '../../server/src/engine/tasks/phi/detect';
import { readBratFile } from '../../server/src/engine/formats/bratDocument';
import { readDocuments } from '../../server/src/engine/formats/corpora';
import { AnnotatedDocument } from '../../server/src/engine/formats/document';
import { cliSandbox, showResult as show } from '../support/cli';
import { OllamaTestServer } from '../support/ollamaServer';
import { assertCsvExact, assertExact, goldNotes, outputFiles, readable, wholeWords } from '../support/phiLeaks';

const NOTES: Record<string, string> = {
  'pa/n1':
    'HPI: Mrs. Halvorsen was seen by Dr. Okonkwo on 7/22/2019 for chest pain.\n' +
    'Call her daughter at (301) 555-1212. Okonkwo syndrome was ruled out.\n' +
    'Plan: aspirin 81 mg daily; follow up 8/1/2019.\n',
  'pa/n2': 'Dr. Okonkwo reviewed the ECG on 8/1/2019. No chest pain.\nMRN 48213977. Patient denies dyspnea.\n',
  'pb/n3': 'Seen at Riverbend Hospital on 3/14/2020 by Dr. Abernathy for pneumonia; started ceftriaxone.\n',
};
const PHI = ['Halvorsen', 'Okonkwo', '7/22/2019', '(301) 555-1212', '8/1/2019', '48213977', 'Riverbend', '3/14/2020', 'Abernathy'];
/** The model's entities, some over PHI ("Okonkwo syndrome", "Riverbend Hospital"). */
const ENTITIES: [string, string][] = [
  ['chest pain', 'PROBLEM'],
  ['Okonkwo syndrome', 'PROBLEM'],
  ['aspirin', 'TREATMENT'],
  ['ECG', 'TEST'],
  ['dyspnea', 'PROBLEM'],
  ['Riverbend Hospital', 'TREATMENT'],
  ['pneumonia', 'PROBLEM'],
  ['ceftriaxone', 'TREATMENT'],
];

// A treatment given for a problem of its sentence (n3's ceftriaxone for pneumonia).
const gold = () =>
  goldNotes(NOTES, ENTITIES, 'g', (mentions) => {
    const at = (w: string) => mentions.findIndex((e) => e.words === w);
    return at('ceftriaxone') >= 0 ? [{ label: 'TrAP', arg1: at('ceftriaxone'), arg2: at('pneumonia') }] : [];
  });

/** Every file below `out` holds none of the notes' PHI. */
function assertClean(out: string): string[] {
  const files = outputFiles(out);
  assert.ok(files.length > 0, `${out} holds files`);
  for (const f of files) assert.deepEqual([...wholeWords(PHI, readable(f))], [], `PHI in ${f}`);
  return files;
}

describe('CLI: --deidentify on annotate, export and report', function () {
  this.timeout(120_000);
  const { tmp, biomed } = cliSandbox('biomed-deidout-');
  let server: OllamaTestServer;
  let notes: string;
  let cache: string;
  const tagged = new Map(Object.entries(NOTES).map(([id, t]) => [id, deidentify(t, { style: 'tags' }).text]));
  const annotate = (out: string, ...more: string[]) => biomed(['annotate', notes, '--out', out, '--host', server.url, '--no-nli', '--cache', cache, ...more]);

  before(async () => {
    const found = Object.values(NOTES).flatMap((t) => detectPhi(t).map((s) => s.text));
    for (const p of PHI) assert.ok(found.includes(p), `the rules find ${p} (the notes are written for them)`);
    server = await OllamaTestServer.start({ gold: gold() });
    notes = path.join(tmp(), 'notes');
    cache = path.join(tmp(), 'cache');
    for (const [id, text] of Object.entries(NOTES)) {
      fs.mkdirSync(path.dirname(path.join(notes, id)), { recursive: true });
      fs.writeFileSync(path.join(notes, `${id}.txt`), text);
    }
  });
  after(async () => server.stop());

  it('annotate --deidentify tags: JSON, BRAT, BioC, PubTator and CSV hold the tagged text, offsets exact', async () => {
    const dir = tmp();
    const json = path.join(dir, 'json');
    const r = await annotate(json, '--deidentify', 'tags');
    assert.equal(r.code, 0, show(r));
    const replaced = Object.values(NOTES).reduce((n, t) => n + deidentify(t, { style: 'tags' }).edits.length, 0);
    assert.match(r.stderr, new RegExp(`--deidentify tags: ${replaced} PHI replaced in 3 documents written \\(name \\d+, date \\d+`));
    const docs = Object.keys(NOTES).flatMap((id) => readDocuments('jsonl', fs.readFileSync(path.join(json, `${id}.json`), 'utf8')).documents);
    for (const d of docs) {
      assert.equal(d.text, tagged.get(d.id), `${d.id}: the tagged text`);
      assertExact(d, 'json');
    }
    const n1 = docs.find((d) => d.id === 'pa/n1')!;
    assert.match(n1.text, /^HPI: Mrs\. \[\*\*Name\*\*\] was seen by Dr\. \[\*\*Name\*\*\] on \[\*\*Date\*\*\] for chest pain\./);
    assert.deepEqual(
      n1.entities.map((e) => e.text),
      ['chest pain', '[**Name**] syndrome', 'aspirin'],
    );
    assert.ok(docs.find((d) => d.id === 'pb/n3')!.relations.length > 0, 'relations are written');
    assert.equal(docs.find((d) => d.id === 'pb/n3')!.entities.find((e) => e.type === 'treatment')!.text, '[**Location**] Hospital');

    const brat = path.join(dir, 'brat');
    assert.equal((await annotate(brat, '--deidentify', 'tags', '--format', 'brat')).code, 0);
    for (const id of Object.keys(NOTES)) {
      assert.equal(fs.readFileSync(path.join(brat, `${id}.txt`), 'utf8'), tagged.get(id));
      const read = readBratFile(path.join(brat, `${id}.ann`), id);
      assert.equal(read.problem, undefined);
      assertExact(read.document, 'brat');
    }
    const files = { bioc: path.join(dir, 'all.bioc.json'), pubtator: path.join(dir, 'all.pubtator') } as const;
    for (const [kind, file] of Object.entries(files)) {
      const run = await annotate(file, '--deidentify', 'tags');
      assert.equal(run.code, 0, show(run));
      const read = readDocuments(kind as 'bioc' | 'pubtator', fs.readFileSync(file, 'utf8')).documents;
      assert.equal(read.length, 3);
      for (const d of read) {
        assert.equal(d.text.replace(/\s/g, ' '), tagged.get(d.id)!.replace(/\s/g, ' '), `${kind} ${d.id}`);
        assertExact(d, kind);
      }
    }
    const csv = path.join(dir, 'all.csv');
    assert.equal((await annotate(csv, '--deidentify', 'tags')).code, 0);
    assert.equal(
      assertCsvExact(fs.readFileSync(csv, 'utf8'), tagged, 'csv'),
      docs.reduce((n, d) => n + d.entities.length, 0),
    );
    assertClean(dir);
    // Done: a rerun compares the tagged text, and skips.
    const again = await annotate(json, '--deidentify', 'tags');
    assert.match(again.stdout, /^0 annotated, 3 skipped/, show(again));
  });

  it('annotate --deidentify surrogates: the same text biomed deid writes, no PHI', async () => {
    const dir = tmp();
    const r = await annotate(path.join(dir, 'json'), '--deidentify', 'surrogates', '--seed', '7', '--patient-of', 'folder');
    assert.equal(r.code, 0, show(r));
    const copies = path.join(tmp(), 'copies');
    const d = await biomed(['deid', notes, '--out', copies, '--style', 'surrogates', '--seed', '7', '--patient-of', 'folder']);
    assert.equal(d.code, 0, show(d));
    for (const id of Object.keys(NOTES)) {
      const [doc] = readDocuments('jsonl', fs.readFileSync(path.join(dir, 'json', `${id}.json`), 'utf8')).documents;
      assert.equal(doc.text, fs.readFileSync(path.join(copies, `${id}.txt`), 'utf8'), id);
      assertExact(doc, 'surrogates');
    }
    assertClean(dir);
  });

  it('report --deidentify: the page of an output with PHI holds none of it', async () => {
    const plain = path.join(tmp(), 'plain');
    assert.equal((await annotate(plain)).code, 0);
    // Without the flag the page holds the mentions' words, PHI with them.
    const open = path.join(tmp(), 'open.html');
    assert.equal((await biomed(['report', plain, '--out', open])).code, 0);
    assert.ok(wholeWords(PHI, readable(open)).has('Okonkwo'), 'the check would see a leak');
    for (const style of [['tags'], ['surrogates', '--seed', '3']]) {
      const out = path.join(tmp(), 'report.html');
      const r = await biomed(['report', plain, '--out', out, '--deidentify', ...style]);
      assert.equal(r.code, 0, show(r));
      assertClean(out);
      if (style[0] === 'tags') assert.match(fs.readFileSync(out, 'utf8'), /\[\*\*Name\*\*\] syndrome/);
    }
  });

  it('export --deidentify: BioC and PubTator of a curated folder, its annotator notes left out', async () => {
    const curated = path.join(tmp(), 'curated');
    for (const [id, text] of Object.entries(NOTES)) {
      const file = path.join(curated, `${id}.txt`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      const ann = gold()
        .find((g) => g.name === id)!
        .entities.map((e, i) => `T${i + 1}\t${e.type.toLowerCase()} ${e.start} ${e.end}\t${text.slice(e.start, e.end)}`);
      fs.writeFileSync(file.replace(/\.txt$/, '.ann'), [...ann, '#1\tAnnotatorNotes T1\tasked Dr. Okonkwo', ''].join('\n'));
    }
    const out = path.join(tmp(), 'out');
    fs.mkdirSync(out);
    for (const [kind, name] of [
      ['bioc', 'c.bioc.json'],
      ['pubtator', 'c.pubtator'],
    ] as const) {
      const file = path.join(out, name);
      const r = await biomed(['export', curated, '--out', file, '--deidentify', 'tags']);
      assert.equal(r.code, 0, show(r));
      const docs: AnnotatedDocument[] = readDocuments(kind, fs.readFileSync(file, 'utf8')).documents;
      assert.equal(docs.length, 3);
      for (const d of docs) {
        assert.equal(d.text.replace(/\s/g, ' '), tagged.get(d.id)!.replace(/\s/g, ' '));
        assertExact(d, kind);
      }
    }
    assertClean(out);
  });

  it('usage: surrogates need a seed; --seed and --patient-of need --deidentify', async () => {
    const out = path.join(tmp(), 'x');
    const noSeed = await annotate(out, '--deidentify', 'surrogates');
    assert.equal(noSeed.code, 2);
    assert.match(noSeed.stderr, /--deidentify surrogates needs --seed N/);
    const alone = await biomed(['report', notes, '--out', path.join(out, 'r.html'), '--seed', '3']);
    assert.equal(alone.code, 2);
    assert.match(alone.stderr, /--seed and --patient-of go with --deidentify/);
    const wrong = await biomed(['export', notes, '--out', path.join(out, 'e.bioc.json'), '--deidentify', 'masks']);
    assert.equal(wrong.code, 2);
    assert.match(wrong.stderr, /--deidentify must be one of tags, surrogates/);
  });
});
