/**
 * `biomed find --deidentify` through the real bundle, on notes written here (names, dates, a
 * phone number, a record number) against the gold test server: over annotate's output and
 * over the notes, every output (text, JSON, CSV, and stderr) holds no PHI string the rules
 * found, each printed mention's offsets point into the note's de-identified text exactly, and
 * the mentions are those annotate --deidentify writes; the query is answered on the notes as
 * written.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deidentify } from '../../server/src/engine/tasks/phi/deidentify';
import { detectPhi } from '../../server/src/engine/tasks/phi/detect';
import { readDocuments } from '../../server/src/engine/formats/corpora';
import { AnnotatedDocument } from '../../server/src/engine/formats/document';
import { cliSandbox, CliResult, showResult as show } from '../support/cli';
import { OllamaTestServer } from '../support/ollamaServer';
import { assertCsvExact, goldNotes, readable, wholeWords } from '../support/phiLeaks';

const NOTES: Record<string, string> = {
  'w1/visit1':
    'HPI: Mr. Szczepanski was admitted by Dr. Villanueva on 2/9/2021 with shortness of breath.\n' +
    'His wife can be reached at (617) 555-0143. Villanueva fever was considered.\n' +
    'Plan: furosemide 40 mg daily; recheck on 2/16/2021.\n',
  'w1/visit2': 'Dr. Villanueva saw him on 2/16/2021. Shortness of breath improved; no chest pain.\nMRN 73920451. Furosemide continued.\n',
  'w2/visit3': 'Admitted to Lakeshore Hospital on 11/3/2022 by Dr. Thistlewood for cellulitis; started cefazolin.\n',
};
/** What the rules must find in these notes (the test is written for them); all they find is checked. */
const MUST = ['Szczepanski', 'Villanueva', '2/9/2021', '(617) 555-0143', '2/16/2021', '73920451', 'Lakeshore', '11/3/2022', 'Thistlewood'];
/** The model's entities, two over PHI ("Villanueva fever", "Lakeshore Hospital"). */
const ENTITIES: [string, string][] = [
  ['shortness of breath', 'PROBLEM'],
  ['Villanueva fever', 'PROBLEM'],
  ['furosemide', 'TREATMENT'],
  ['chest pain', 'PROBLEM'],
  ['Lakeshore Hospital', 'TREATMENT'],
  ['cellulitis', 'PROBLEM'],
  ['cefazolin', 'TREATMENT'],
];
/** Queries that together find every entity, none of them PHI (the JSON output echoes the query). */
const QUERIES = ['shortness of breath', 'fever', 'furosemide', 'chest pain', 'hospital', 'cellulitis', 'cefazolin'];

const gold = () => goldNotes(NOTES, ENTITIES, 'gi');

interface Mention {
  start: number;
  end: number;
  text: string;
  type: string;
  section: string;
}
interface FindJson {
  documents: { id: string; mentions: Mention[] }[];
  counts: { documents: number; mentions: number };
}

const PHI = [...new Set(Object.values(NOTES).flatMap((t) => detectPhi(t).map((s) => s.text)))];
const tagged = new Map(Object.entries(NOTES).map(([id, t]) => [id, deidentify(t, { style: 'tags' }).text]));

/** A run's stdout and stderr hold none of the PHI the rules found (whole words, case as written). */
function assertNoPhi(r: CliResult, what: string): void {
  assert.deepEqual([...wholeWords(PHI, `${r.stdout}\n${r.stderr}`.replace(/\s+/g, ' '))], [], `PHI in ${what}\n${show(r)}`);
}

/** Each mention of a find JSON is an entity annotate wrote with the same flags: offsets and words. */
function assertAsAnnotate(got: FindJson, written: Map<string, AnnotatedDocument>, texts: Map<string, string>, what: string): number {
  let n = 0;
  for (const d of got.documents) {
    const doc = written.get(d.id)!;
    assert.equal(doc.text, texts.get(d.id), `${what}: ${d.id} annotate's text`);
    for (const m of d.mentions) {
      assert.equal(texts.get(d.id)!.slice(m.start, m.end), m.text, `${what}: ${d.id} ${m.start}-${m.end} points at its words`);
      const e = doc.entities.find((x) => x.start === m.start && x.end === m.end);
      assert.ok(e, `${what}: ${d.id} ${m.start}-${m.end} "${m.text}" is one of annotate's entities`);
      assert.equal(e.text, m.text, what);
      n++;
    }
  }
  return n;
}

/** Annotate's JSON outputs of a folder, by document id. */
function annotated(folder: string): Map<string, AnnotatedDocument> {
  return new Map(
    Object.keys(NOTES).map((id) => {
      const [doc] = readDocuments('jsonl', fs.readFileSync(path.join(folder, `${id}.json`), 'utf8')).documents;
      return [id, doc];
    }),
  );
}

describe('CLI: find --deidentify', function () {
  this.timeout(120_000);
  const { tmp, biomed } = cliSandbox('biomed-finddeid-');
  let server: OllamaTestServer;
  let notes: string;
  let cache: string;
  let plain: string;
  let taggedOut: Map<string, AnnotatedDocument>;
  const model = () => ['--host', server.url, '--cache', cache];
  const find = (input: string, ...args: string[]) => biomed(['find', input, ...args, ...(input === notes ? model() : [])]);
  const findJson = async (input: string, ...args: string[]): Promise<{ r: CliResult; got: FindJson }> => {
    const r = await find(input, ...args, '--json');
    assert.equal(r.code, 0, show(r));
    return { r, got: JSON.parse(r.stdout) as FindJson };
  };

  before(async () => {
    for (const p of MUST) assert.ok(PHI.includes(p), `the rules find ${p} (the notes are written for them)`);
    server = await OllamaTestServer.start({ gold: gold() });
    notes = path.join(tmp(), 'notes');
    cache = path.join(tmp(), 'cache');
    for (const [id, text] of Object.entries(NOTES)) {
      fs.mkdirSync(path.dirname(path.join(notes, id)), { recursive: true });
      fs.writeFileSync(path.join(notes, `${id}.txt`), text);
    }
    // annotate's output without the flag (what find de-identifies), and with it (what find must print).
    plain = path.join(tmp(), 'all.jsonl');
    const a = await biomed(['annotate', notes, '--out', plain, '--no-nli', '--no-relations', ...model()]);
    assert.equal(a.code, 0, show(a));
    const out = path.join(tmp(), 'tagged');
    const t = await biomed(['annotate', notes, '--out', out, '--no-nli', '--no-relations', '--deidentify', 'tags', ...model()]);
    assert.equal(t.code, 0, show(t));
    taggedOut = annotated(out);
  });
  after(async () => server?.stop());

  it("over annotate's output, JSON: every mention found, as annotate --deidentify tags writes it, no PHI; the one stderr line of counts", async () => {
    const seen = new Set<string>();
    for (const q of QUERIES) {
      const { r, got } = await findJson(plain, '--name', q, '--deidentify', 'tags');
      assertNoPhi(r, `find --name "${q}"`);
      assert.ok(got.counts.mentions > 0, q);
      assertAsAnnotate(got, taggedOut, tagged, q);
      for (const d of got.documents) for (const m of d.mentions) seen.add(`${d.id} ${m.start}`);
      // The PHI replaced in the documents printed, and only those.
      const replaced = got.documents.reduce((n, d) => n + deidentify(NOTES[d.id], { style: 'tags' }).edits.length, 0);
      const docs = got.documents.length;
      assert.match(
        r.stderr,
        new RegExp(`^--deidentify tags: ${replaced} PHI replaced in ${docs} ${docs === 1 ? 'document' : 'documents'} written \\(`, 'm'),
        q,
      );
    }
    const all = [...taggedOut].flatMap(([id, d]) => d.entities.map((e) => `${id} ${e.start}`));
    assert.deepEqual([...seen].sort(), all.sort(), 'the queries found every entity');
    // A mention over PHI takes its words from the new text.
    const { got } = await findJson(plain, '--name', 'fever', '--deidentify', 'tags');
    assert.deepEqual(
      got.documents.map((d) => [d.id, d.mentions.map((m) => m.text)]),
      [['w1/visit1', ['[**Name**] fever']]],
    );
  });

  it('the query is answered on the notes as written: --name "Villanueva fever" finds it; the text output prints it de-identified', async () => {
    const r = await find(plain, '--name', 'Villanueva fever', '--deidentify', 'tags');
    assert.equal(r.code, 0, show(r));
    assertNoPhi(r, 'text output');
    const lines = [...r.stdout.matchAll(/^ {2}(\d+)-(\d+) {2}("(?:[^"\\]|\\.)*") {2}(\S+)/gm)];
    assert.equal(lines.length, 1, r.stdout);
    const [, start, end, quoted] = lines[0];
    assert.equal(JSON.parse(quoted), '[**Name**] fever');
    assert.equal(tagged.get('w1/visit1')!.slice(Number(start), Number(end)), '[**Name**] fever');
    // Without the flag the same output holds the name: the check would see a leak.
    const open = await find(plain, '--name', 'Villanueva fever');
    assert.match(open.stdout, /"Villanueva fever"/);
  });

  it("over annotate's output, CSV: rows with offsets into the tagged text, no PHI", async () => {
    const r = await find(plain, '--name', 'hospital', '--format', 'csv', '--deidentify', 'tags');
    assert.equal(r.code, 0, show(r));
    assertNoPhi(r, 'CSV');
    const csv = path.join(tmp(), 'found.csv');
    fs.writeFileSync(csv, r.stdout);
    assert.deepEqual([...wholeWords(PHI, readable(csv))], []);
    assert.equal(assertCsvExact(r.stdout, tagged, 'find csv'), 1);
    assert.match(r.stdout, /^w2\/visit3,\d+,\d+,\[\*\*Location\*\*\] Hospital,treatment,/m);
  });

  it('over the notes, surrogates: the text and offsets annotate --deidentify surrogates writes (same seed, --patient-of folder)', async () => {
    const flags = ['--deidentify', 'surrogates', '--seed', '7', '--patient-of', 'folder'];
    const out = path.join(tmp(), 'surrogates');
    const a = await biomed(['annotate', notes, '--out', out, '--no-nli', '--no-relations', ...flags, ...model()]);
    assert.equal(a.code, 0, show(a));
    const written = annotated(out);
    const texts = new Map([...written].map(([id, d]) => [id, d.text]));
    for (const [id, text] of texts) assert.notEqual(text, NOTES[id], `${id} holds surrogates`);
    let n = 0;
    for (const q of QUERIES) {
      const { r, got } = await findJson(notes, '--name', q, ...flags);
      assertNoPhi(r, `find notes --name "${q}"`);
      n += assertAsAnnotate(got, written, texts, `notes ${q}`);
    }
    assert.equal(
      n,
      [...written.values()].reduce((k, d) => k + d.entities.length, 0),
    );
  });

  it('over the notes, tags: CSV and text output hold the tagged text', async () => {
    const csv = await find(notes, '--name', 'shortness of breath', '--format', 'csv', '--deidentify', 'tags');
    assert.equal(csv.code, 0, show(csv));
    assertNoPhi(csv, 'notes CSV');
    assert.equal(assertCsvExact(csv.stdout, tagged, 'notes csv'), 2);
    const text = await find(notes, '--name', 'fever', '--deidentify', 'tags');
    assert.equal(text.code, 0, show(text));
    assertNoPhi(text, 'notes text');
    assert.match(text.stdout, /"\[\*\*Name\*\*\] fever"/);
    assert.match(text.stderr, /^--deidentify tags: 6 PHI replaced in 1 document written \(name 3, date 2, phone 1\)/m);
  });

  it('nothing matched: the names suggested are read from the de-identified text', async () => {
    const open = await find(plain, '--name', 'fevr');
    assert.equal(open.code, 1, show(open));
    assert.match(open.stdout, /Close to it in the data: .*Villanueva fever/, 'without the flag the hint quotes the note');
    const r = await find(plain, '--name', 'fevr', '--deidentify', 'tags');
    assert.equal(r.code, 1, show(r));
    assertNoPhi(r, 'hints');
    assert.match(r.stdout, /Close to it in the data: .*\[\*\*Name\*\*\] fever/);
    assert.match(r.stderr, /^--deidentify tags: 0 PHI replaced in 0 documents written;/m);
  });

  it('usage: surrogates need a seed; --seed and --patient-of need --deidentify; wrong values (exit 2)', async () => {
    const cases: [string[], RegExp][] = [
      [['--deidentify', 'surrogates'], /--deidentify surrogates needs --seed N/],
      [['--seed', '3'], /--seed and --patient-of go with --deidentify/],
      [['--patient-of', 'folder'], /--seed and --patient-of go with --deidentify/],
      [['--deidentify', 'masks'], /--deidentify must be one of tags, surrogates/],
      [['--deidentify', 'tags', '--patient-of', 'ward'], /--patient-of must be one of note, folder/],
      [['--deidentify', 'surrogates', '--seed', 'x'], /--seed must be a whole number/],
    ];
    for (const [args, message] of cases) {
      const r = await find(plain, '--name', 'fever', ...args);
      assert.equal(r.code, 2, `${args.join(' ')}\n${show(r)}`);
      assert.match(r.stderr, message, args.join(' '));
      assert.equal(r.stdout, '', 'nothing printed');
    }
  });
});
