/**
 * `biomed annotate --format csv`: one row per mention, read back with a reader written apart
 * (support/csvParse.ts) and compared field for field with the JSON lines output of the same
 * notes, same server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnnotatedDocument } from '../../server/src/engine/formats/document';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { ASSERTION_STATUSES } from '../../server/src/engine/types';
import { filesBelow } from '../support/cli';
import { csvRecords } from '../support/csvParse';
import { goldServer } from '../support/goldServer';
import { ALL_NOTES, NOTES, biomed, cliSuite, show, tmpDir } from '../support/cliSuite';

/** The rows a JSON document's entities make, as the CSV's documented columns say. */
function rowsOf(doc: AnnotatedDocument): Record<string, string>[] {
  return doc.entities.map((e) => {
    const statuses = ASSERTION_STATUSES.filter((s) => e[s] === true);
    return {
      document: doc.id,
      start: String(e.start),
      end: String(e.end),
      text: e.text,
      type: e.type,
      statuses: statuses.length ? statuses.join(';') : 'affirmed',
      ids: (e.ids ?? []).join(';'),
      section: e.section ?? '',
    };
  });
}

describe('CLI: annotate --format csv', function () {
  cliSuite();
  this.timeout(90_000);
  const server = goldServer();

  let json: AnnotatedDocument[];
  before(async () => {
    const out = tmpDir();
    const r = await biomed(['annotate', NOTES, '--out', out, '--host', server.url, '--no-nli']);
    assert.equal(r.code, 0, show(r));
    json = ALL_NOTES.map((n) => readJsonl(fs.readFileSync(path.join(out, `${n}.json`), 'utf8'))[0]);
  });

  it("a .csv file: every note's mentions, document column first, in input order, as the JSON output has them", async () => {
    const out = path.join(tmpDir(), 'mentions.csv');
    const r = await biomed(['annotate', NOTES, '--out', out, '--host', server.url, '--no-nli']);
    assert.equal(r.code, 0, show(r));
    const text = fs.readFileSync(out, 'utf8');
    assert.ok(text.startsWith('document,start,end,text,type,statuses,ids,section\r\n'), text.slice(0, 100));
    assert.equal(text.split('document,start,').length, 2, 'one header row');
    const want = json.flatMap(rowsOf);
    assert.ok(want.length > 50, `${want.length} mentions`);
    assert.deepEqual(csvRecords(text), want);
    // Sections came through: the JSON and the CSV name the same canonical ones.
    const chest = want.find((w) => w.document === 'ed-chest-pain' && w.text === 'Chest pain');
    assert.equal(chest?.section, 'chief complaint');
    assert.ok(new Set(want.map((w) => w.section)).size > 4, 'several sections');
    assert.ok(
      want.some((w) => w.statuses !== 'affirmed'),
      'some mention has a status',
    );
    assert.deepEqual(filesBelow(path.dirname(out)), ['mentions.csv'], 'no parts left behind');

    // Again: a CSV holds no text, so every note is annotated again and the file is the same.
    const again = await biomed(['annotate', NOTES, '--out', out, '--host', server.url, '--no-nli']);
    assert.equal(again.code, 0, show(again));
    assert.match(again.stdout, new RegExp(`^${ALL_NOTES.length} annotated`));
    assert.equal(fs.readFileSync(out, 'utf8'), text);
  });

  it('--format csv into a folder: one .csv per note, each with the header and its own rows', async () => {
    const out = tmpDir();
    const r = await biomed(['annotate', NOTES, '--out', out, '--format', 'csv', '--host', server.url, '--no-nli']);
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(
      filesBelow(out),
      ALL_NOTES.map((n) => `${n}.csv`),
    );
    for (const doc of json) assert.deepEqual(csvRecords(fs.readFileSync(path.join(out, `${doc.id}.csv`), 'utf8')), rowsOf(doc), doc.id);
  });
});
