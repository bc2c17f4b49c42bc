/**
 * `biomed find` end to end: dist/cli.js over annotate output written here with the production
 * writers (JSON lines, BioC, BRAT, a folder of per-document JSON), and over notes analysed by
 * the engine against the Ollama-protocol test server (the fixture notes, and notes of our own
 * with their gold). The sentences below are written for this test.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeBioC } from '../../server/src/engine/formats/bioc';
import { writeBratDocument } from '../../server/src/engine/formats/bratDocument';
import { AnnotatedDocument, DocEntity } from '../../server/src/engine/formats/document';
import { readJsonl, writeJsonl } from '../../server/src/engine/formats/jsonl';
import { csvRecords } from '../support/csvParse';
import { buildMedicVocabulary, MEDIC_T2D_ROW } from '../support/linkingNote';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';
import { NOTES, biomed, cliSuite, show, tmpDir } from '../support/cliSuite';

interface FindJson {
  query: Record<string, unknown>;
  inputs: { path: string; kind: string; formats: string[] }[];
  documents: { id: string; mentions: { start: number; end: number; text: string; type: string; statuses: string[]; ids: string[]; section: string }[] }[];
  counts: { documents: number; mentions: number; searched: number; byStatus: Record<string, number> };
}

/** An entity at the first occurrence of `text` (after `from`). */
function at(doc: { text: string }, id: string, text: string, extra: Partial<DocEntity> = {}, from = 0): DocEntity {
  const start = doc.text.indexOf(text, from);
  assert.ok(start >= 0, text);
  return { id, type: 'problem', start, end: start + text.length, text, ...extra };
}
const concept = (id: string, name: string) => ({ ids: [id], concepts: [{ id, name, vocabulary: 'test', score: 1, method: 'exact' }] });

function corpus(): AnnotatedDocument[] {
  const a = { id: 'a-clinic', text: 'HPI: The patient denies chest pain on exertion.\nPMH: Type 2 diabetes, on metformin.', relations: [] };
  const b = { id: 'b-family', text: 'Social history: retired teacher.\nFamily history: her mother had breast cancer at 60.', relations: [] };
  const c = { id: 'c-last', text: 'Assessment: chest pain resolved. Type 2 diabetes is stable.\nImaging suggests pulmonary sarcoidosis.', relations: [] };
  return [
    {
      ...a,
      entities: [
        at(a, 'T1', 'chest pain', { negated: true, ...concept('MESH:D002637', 'Chest Pain') }),
        at(a, 'T2', 'Type 2 diabetes', concept('MESH:D003924', 'Diabetes Mellitus, Type 2')),
      ],
    },
    { ...b, entities: [at(b, 'T1', 'breast cancer', { family: true, ...concept('MESH:D001943', 'Breast Neoplasms') })] },
    {
      ...c,
      entities: [
        at(c, 'T1', 'chest pain', concept('MESH:D002637', 'Chest Pain')),
        at(c, 'T2', 'Type 2 diabetes', concept('MESH:D003924', 'Diabetes Mellitus, Type 2')),
        // The one mention of its concept, written last in the last document.
        at(c, 'T3', 'pulmonary sarcoidosis', { possible: true, uncertain: true, ...concept('MESH:D017565', 'Sarcoidosis, Pulmonary') }),
      ],
    },
  ];
}

/** The corpus as each output of biomed annotate: one JSON lines file, one BioC file, a BRAT folder, a folder of per-document JSON. */
function outputs(): Record<string, string> {
  const docs = corpus();
  const dir = tmpDir();
  const jsonl = path.join(dir, 'all.jsonl');
  fs.writeFileSync(jsonl, writeJsonl(docs));
  const bioc = path.join(dir, 'all.bioc.json');
  fs.writeFileSync(bioc, writeBioC(docs));
  const brat = path.join(dir, 'brat');
  const json = path.join(dir, 'json');
  fs.mkdirSync(brat);
  fs.mkdirSync(json);
  for (const d of docs) {
    const w = writeBratDocument(d);
    fs.writeFileSync(path.join(brat, `${d.id}.txt`), w.txt);
    fs.writeFileSync(path.join(brat, `${d.id}.ann`), w.ann);
    fs.writeFileSync(path.join(json, `${d.id}.json`), writeJsonl([d]));
  }
  return { 'JSON lines': jsonl, 'BioC JSON': bioc, BRAT: brat, 'a folder of JSON': json };
}

async function findJson(args: string[], code = 0): Promise<FindJson> {
  const r = await biomed(['find', ...args, '--json']);
  assert.equal(r.code, code, show(r));
  return JSON.parse(r.stdout) as FindJson;
}

describe('CLI: find', function () {
  cliSuite();
  this.timeout(90_000);
  let out: Record<string, string>;
  before(() => (out = outputs()));

  it('finds the one mention written last in the last document, in every output format (a MESH: prefix optional, any case)', async () => {
    for (const [format, p] of Object.entries(out)) {
      const got = await findJson([p, '--concept', 'd017565']);
      const c = corpus()[2];
      const e = c.entities[2];
      assert.deepEqual(
        got.documents,
        [
          {
            id: 'c-last',
            mentions: [
              {
                start: e.start,
                end: e.end,
                text: 'pulmonary sarcoidosis',
                type: 'problem',
                statuses: ['possible'],
                ids: ['MESH:D017565'],
                section: 'assessment',
              },
            ],
          },
        ],
        format,
      );
      assert.equal(c.text.slice(e.start, e.end), 'pulmonary sarcoidosis');
      assert.deepEqual(
        got.counts,
        { documents: 1, mentions: 1, searched: 3, byStatus: { affirmed: 0, negated: 0, possible: 1, historical: 0, hypothetical: 0, family: 0 } },
        format,
      );
      assert.equal(got.inputs[0].kind, 'annotated', format);
    }
  });

  it('a concept that appears only negated: --status affirmed finds nothing (exit 1) and says what --status left out', async () => {
    const a = corpus()[0];
    const only = { ...a, id: 'only-negated' };
    const file = path.join(tmpDir(), 'negated.jsonl');
    fs.writeFileSync(file, writeJsonl([only]));
    const r = await biomed(['find', file, '--concept', 'MESH:D002637', '--status', 'affirmed']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /Nothing matched --concept MESH:D002637 --status affirmed in 1 document\./);
    assert.match(r.stdout, /has 1 mention, but none with that status and type: 1 negated problem/);
    const negated = await findJson([file, '--concept', 'MESH:D002637', '--status', 'negated']);
    assert.equal(negated.counts.byStatus.negated, 1);
    assert.equal(negated.documents[0].mentions[0].section, 'history of present illness');
  });

  it('text output: each document with its mentions, then the counts by status', async () => {
    const r = await biomed(['find', out['JSON lines'], '--name', 'CHEST PAIN']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /the output of biomed annotate \(JSON lines\), read as it is, no model/);
    const a = corpus()[0].entities[0];
    assert.ok(r.stdout.includes(`a-clinic\n  ${a.start}-${a.end}  "chest pain"  problem  negated  history of present illness  MESH:D002637`), r.stdout);
    assert.match(r.stdout, /2 mentions in 2 documents \(of 3 searched\): 1 affirmed, 1 negated\./);
  });

  it('--name matches whole words of the text or of a concept name: "neoplasms" finds breast cancer, "diabetes mellitus" too; "chest pai" nothing', async () => {
    const byConceptName = await findJson([out['JSON lines'], '--name', 'neoplasms']);
    assert.deepEqual(
      byConceptName.documents.map((d) => d.id),
      ['b-family'],
    );
    assert.equal((await findJson([out['JSON lines'], '--name', 'diabetes mellitus'])).counts.mentions, 2);
    await findJson([out['JSON lines'], '--name', 'chest pai'], 1);
  });

  it('unknown IDs and names: nothing matched, and the close ones of the data suggested', async () => {
    const r = await biomed(['find', out['JSON lines'], '--concept', 'MESH:D003942']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /Nothing matched --concept MESH:D003942 in 3 documents\./);
    // Closest first: two digits swapped.
    assert.match(r.stdout, /Close to it in the data: MESH:D003924 \(Diabetes Mellitus, Type 2\)[.;]/);
    const n = await biomed(['find', out.BRAT, '--name', 'sarcoidsis']);
    assert.equal(n.code, 1, show(n));
    assert.match(n.stdout, /Close to it in the data: .*pulmonary sarcoidosis/);
  });

  it('--format csv: the rows of annotate --format csv for the matching mentions', async () => {
    const r = await biomed(['find', out['BioC JSON'], '--name', 'type 2 diabetes', '--format', 'csv']);
    assert.equal(r.code, 0, show(r));
    const want = corpus()
      .filter((d) => d.id !== 'b-family')
      .map((d) => ({
        document: d.id,
        start: String(d.entities[1].start),
        end: String(d.entities[1].end),
        text: 'Type 2 diabetes',
        type: 'problem',
        statuses: 'affirmed',
        ids: 'MESH:D003924',
      }));
    assert.deepEqual(
      csvRecords(r.stdout).map(({ section: _, ...rest }) => rest),
      want,
    );
    assert.deepEqual(
      csvRecords(r.stdout).map((x) => x.section),
      ['past medical history', 'assessment'],
    );
  });

  it('bad input: an empty folder, a file that is not annotate output, a CSV, a wrong status: exit 2 and a clear message', async () => {
    const dir = tmpDir();
    const empty = await biomed(['find', dir, '--name', 'x']);
    assert.equal(empty.code, 2, show(empty));
    assert.match(empty.stderr, /is empty: give a folder of notes or of biomed annotate's output/);
    const other = path.join(dir, 'config.json');
    fs.writeFileSync(other, '{"colour": "blue"}\n');
    const notOutput = await biomed(['find', other, '--name', 'x']);
    assert.equal(notOutput.code, 2, show(notOutput));
    assert.match(notOutput.stderr, /config\.json is neither the output of biomed annotate/);
    const csv = path.join(dir, 'rows.csv');
    fs.writeFileSync(csv, 'document,start\r\n');
    assert.match((await biomed(['find', csv, '--name', 'x'])).stderr, /a CSV holds the mentions but not the text/);
    const status = await biomed(['find', out['JSON lines'], '--name', 'x', '--status', 'denied']);
    assert.equal(status.code, 2, show(status));
    assert.match(status.stderr, /--status takes a comma-separated list of affirmed, negated, possible, historical, hypothetical, family/);
    const none = await biomed(['find', out['JSON lines']]);
    assert.equal(none.code, 2, show(none));
    assert.match(none.stderr, /--concept ID or --name TEXT/);
  });

  it('a folder of output with a file it cannot read: the file is named, the rest searched (exit 1: something was not read)', async () => {
    const dir = tmpDir();
    fs.cpSync(out['a folder of JSON'], dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'stray.json'), '{"colour": "blue"}\n');
    const r = await biomed(['find', dir, '--concept', 'D017565', '--json']);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /not read: .*stray\.json is neither the output of biomed annotate/);
    assert.equal((JSON.parse(r.stdout) as FindJson).counts.mentions, 1);
  });

  describe('over notes, analysed with the model', () => {
    let server: OllamaTestServer;
    // Made in before(): a folder made as the file loads is removed by an earlier suite's cleanup (cliSuite's tmpDirs).
    let own: string;
    // Our own notes and gold: colon cancer only in one note's family history, affirmed in the other's assessment.
    const NOTES_OWN: Record<string, string> = {
      'clinic-1': 'FAMILY HISTORY: Her father had colon cancer at 70.\n\nASSESSMENT: Iron deficiency anemia.\n',
      'clinic-2': 'ASSESSMENT: Colon cancer, newly diagnosed on biopsy.\n',
    };
    const GOLD: Record<string, string[]> = { 'clinic-1': ['colon cancer', 'Iron deficiency anemia'], 'clinic-2': ['Colon cancer', 'biopsy'] };
    before(async () => {
      own = tmpDir();
      const gold = tmpDir();
      for (const [name, text] of Object.entries(NOTES_OWN)) {
        fs.writeFileSync(path.join(own, `${name}.note`), text);
        fs.writeFileSync(path.join(gold, `${name}.note`), text);
        const ann = GOLD[name].map((t, i) => `T${i + 1}\t${t === 'biopsy' ? 'TEST' : 'PROBLEM'} ${text.indexOf(t)} ${text.indexOf(t) + t.length}\t${t}`);
        fs.writeFileSync(path.join(gold, `${name}.ann`), ann.join('\n') + '\n');
      }
      for (const f of fs.readdirSync(NOTES).filter((f) => f.endsWith('.note') || f.endsWith('.ann'))) fs.copyFileSync(path.join(NOTES, f), path.join(gold, f));
      server = await OllamaTestServer.start({ gold: loadGoldDocuments(gold) });
    });
    after(async () => server?.stop());

    it('a note where the concept appears only in the family history: found as family, in that section', async () => {
      const got = await findJson([own, '--name', 'colon cancer', '--status', 'family', '--host', server.url]);
      assert.equal(got.inputs[0].kind, 'notes');
      const text = NOTES_OWN['clinic-1'];
      assert.deepEqual(got.documents, [
        {
          id: 'clinic-1',
          mentions: [
            {
              start: text.indexOf('colon cancer'),
              end: text.indexOf('colon cancer') + 12,
              text: 'colon cancer',
              type: 'problem',
              statuses: ['family'],
              ids: [],
              section: 'family history',
            },
          ],
        },
      ]);
      const all = await findJson([own, '--name', 'colon cancer', '--host', server.url]);
      assert.deepEqual(all.counts.byStatus, { affirmed: 1, negated: 0, possible: 0, historical: 0, hypothetical: 0, family: 1 });
    });

    it('the summary adds up: a note not analysed is counted apart, and the documents searched are the notes analysed', async () => {
      const notes = tmpDir();
      fs.writeFileSync(path.join(notes, 'clinic-2.note'), NOTES_OWN['clinic-2']);
      // Longer than the engine analyses (500,000 characters): named, not analysed.
      fs.writeFileSync(path.join(notes, 'huge.note'), 'Seen today. '.repeat(42_000));
      const r = await biomed(['find', notes, '--name', 'sarcoidosis', '--host', server.url]);
      assert.equal(r.code, 1, show(r));
      assert.match(r.stdout, /^1 note analysed with \S+, 1 not \(named on stderr\): \d+ model calls\.$/m);
      assert.match(r.stdout, /^Nothing matched --name "sarcoidosis" in 1 document\.$/m);
      assert.match(r.stderr, /huge: 504000 characters, more than 500000; not analysed/);
    });

    it('a concept is found by any of its IDs: annotate stored OMIM:125853 (MEDIC’s first ID), --concept MESH:D003924 finds it; older output through --vocab', async () => {
      const notes = tmpDir();
      for (const f of fs.readdirSync(NOTES).filter((f) => f.endsWith('.note'))) fs.copyFileSync(path.join(NOTES, f), path.join(notes, f));
      const vocab = buildMedicVocabulary(tmpDir(), 'medic-t2d', MEDIC_T2D_ROW);
      const annotated = tmpDir();
      const a = await biomed(['annotate', notes, '--out', annotated, '--host', server.url, '--no-relations', '--no-nli', '--vocab', vocab]);
      assert.equal(a.code, 0, show(a));
      const stored = fs
        .readdirSync(annotated)
        .flatMap((f) => readJsonl(fs.readFileSync(path.join(annotated, f), 'utf8'))[0].entities)
        .filter((e) => e.ids?.includes('OMIM:125853'));
      assert.ok(stored.length >= 1, 'the linker chose the row’s own ID');
      assert.ok(
        stored.every((e) => e.concepts?.[0].altIds?.includes('MESH:D003924')),
        'its alternate IDs are stored with the link',
      );
      for (const asked of ['MESH:D003924', 'd003924', 'OMIM:125853']) {
        const got = await findJson([annotated, '--concept', asked]);
        assert.equal(got.counts.mentions, stored.length, asked);
      }
      // A mistyped ID: the hint names the concept by the alternate ID it is near.
      const typo = await biomed(['find', annotated, '--concept', 'MESH:D003942']);
      assert.equal(typo.code, 1, show(typo));
      assert.match(typo.stdout, /Close to it in the data: .*MESH:D003924 \(Diabetes Mellitus, Type 2\)/);
      // Output written before alternates were stored: the vocabulary maps the asked ID to the concept.
      for (const f of fs.readdirSync(annotated)) {
        const file = path.join(annotated, f);
        const docs = readJsonl(fs.readFileSync(file, 'utf8'));
        for (const e of docs.flatMap((d) => d.entities)) for (const c of e.concepts ?? []) delete c.altIds;
        fs.writeFileSync(file, writeJsonl(docs));
      }
      const without = await biomed(['find', annotated, '--concept', 'MESH:D003924']);
      assert.equal(without.code, 1, show(without));
      const through = await findJson([annotated, '--concept', 'MESH:D003924', '--vocab', vocab]);
      assert.equal(through.counts.mentions, stored.length);
    });

    it("the fixture notes: what annotate's JSON output holds, and with --cache a second find asks the model nothing", async () => {
      const notes = tmpDir();
      for (const f of fs.readdirSync(NOTES).filter((f) => f.endsWith('.note'))) fs.copyFileSync(path.join(NOTES, f), path.join(notes, f));
      const annotated = tmpDir();
      const a = await biomed(['annotate', notes, '--out', annotated, '--host', server.url, '--no-relations', '--no-nli']);
      assert.equal(a.code, 0, show(a));
      const want = fs
        .readdirSync(annotated)
        .sort()
        .map((f) => readJsonl(fs.readFileSync(path.join(annotated, f), 'utf8'))[0])
        .map((d) => ({ id: d.id, mentions: d.entities.filter((e) => /(?<![a-z])chest pain(?![a-z])/i.test(e.text)).map((e) => [e.start, e.end, e.section]) }))
        .filter((d) => d.mentions.length > 0);
      assert.ok(want.length >= 2, JSON.stringify(want));
      const cache = tmpDir();
      const first = await findJson([notes, '--name', 'chest pain', '--host', server.url, '--cache', cache]);
      const asked = server.generationRequests().length;
      const second = await findJson([notes, '--name', 'chest pain', '--host', server.url, '--cache', cache]);
      assert.equal(server.generationRequests().length, asked, 'the second find asked the model nothing');
      assert.deepEqual(second, first);
      assert.deepEqual(
        first.documents.map((d) => ({ id: d.id, mentions: d.mentions.map((m) => [m.start, m.end, m.section]) })),
        want,
      );
      // Annotate's output folder, searched as it is: the same answer, no model.
      const fromOutput = await findJson([annotated, '--name', 'chest pain']);
      assert.deepEqual(fromOutput.documents, first.documents);
    });
  });
});
