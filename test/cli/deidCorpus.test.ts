/**
 * `biomed deid` over corpus files through the real bundle (dist/cli.js), on synthetic
 * documents written here: JSON lines, PubTator, BioC JSON and i2b2 XML written in their own
 * layout with their annotations moved; a patient named in a document sharing surrogates;
 * shards that together write what one run writes; a rerun that skips what is done; and bad
 * input (a file cut short, offsets past the text, overlapping annotations, Latin-1, a
 * document without PHI, a 5 MB document) said on stderr with counts, nothing half-written.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSandbox, filesBelow, showResult } from '../support/cli';

const A = 'Seen by Dr. Okonkwo on 7/22/2019 for chest pain.';
const B = 'Dr. Okonkwo reviewed the chart on 8/1/2019.';
const CLEAN = 'BP 110/70, HR 88, afebrile, plan unchanged.';

const jsonl = (...docs: object[]) => docs.map((d) => JSON.stringify(d)).join('\n') + '\n';
const entity = (id: string, text: string, word: string, type = 'problem') => ({
  id,
  type,
  start: text.indexOf(word),
  end: text.indexOf(word) + word.length,
  text: word,
});

function pubtator(): string {
  const title = 'Chest pain seen 7/22/2019';
  const abstract = 'Dr. Okonkwo examined the patient.';
  const full = `${title} ${abstract}`;
  const n = full.indexOf('Okonkwo');
  return `7|t|${title}\n7|a|${abstract}\n7\t0\t10\tChest pain\tDisease\tD002637\n7\t${n}\t${n + 7}\tOkonkwo\tPerson\t-1\n\n8|t|${CLEAN}\n8|a|\n`;
}

function bioc(): string {
  const doc = (id: string, patient: string, text: string) => ({
    id,
    infons: { patient },
    passages: [
      { offset: 0, infons: { type: 'title' }, text: 'Clinic visit', annotations: [] },
      {
        offset: 13,
        text,
        annotations: [{ id: 'A1', infons: { type: 'problem' }, text: 'chart', locations: [{ offset: 13 + text.indexOf('Dr.'), length: 11 }] }],
      },
    ],
    relations: [],
  });
  return JSON.stringify({ source: 'synthetic', date: '', key: '', infons: {}, documents: [doc('b1', 'p7', B), doc('b2', 'p8', B)] });
}

function i2b2(text: string): string {
  const d = text.indexOf('7/22/2019');
  return `<?xml version="1.0" encoding="UTF-8" ?>\n<deIdi2b2>\n<TEXT><![CDATA[${text}]]></TEXT>\n<TAGS>\n<DATE id="P0" start="${d}" end="${d + 9}" text="7/22/2019" TYPE="DATE" comment="" />\n</TAGS>\n</deIdi2b2>\n`;
}

describe('CLI: deid over corpus files (no model)', function () {
  this.timeout(120_000);
  const { tmp, biomed } = cliSandbox('biomed-deid-corpus-');

  /** A folder with a file of each corpus layout and an i2b2 XML note. */
  function corpora(): string {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'in', 'xml'), { recursive: true });
    fs.writeFileSync(
      path.join(dir, 'in', 'notes.jsonl'),
      jsonl(
        { id: 'j1', patient: 'p1', text: A, entities: [entity('T1', A, 'chest pain'), entity('T2', A, 'Okonkwo', 'person')], relations: [] },
        { id: 'j2', patient: 'p1', text: B, entities: [], relations: [] },
        { id: 'j3', text: B, entities: [], relations: [] },
        { id: 'j4', text: CLEAN, entities: [entity('T1', CLEAN, 'afebrile')], relations: [] },
      ),
    );
    fs.writeFileSync(path.join(dir, 'in', 'abstracts.pubtator'), pubtator());
    fs.writeFileSync(path.join(dir, 'in', 'visits.bioc.json'), bioc());
    fs.writeFileSync(path.join(dir, 'in', 'xml', '110-01.xml'), i2b2(A));
    return dir;
  }
  const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, 'out', f), 'utf8');
  const lines = (dir: string, f: string) =>
    read(dir, f)
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));

  it('writes each corpus file in its own layout, the annotations moved onto the new text', async () => {
    const dir = corpora();
    const r = await biomed(['deid', path.join(dir, 'in'), '--out', path.join(dir, 'out')]);
    assert.equal(r.code, 0, showResult(r));
    assert.deepEqual(filesBelow(path.join(dir, 'out')), ['abstracts.pubtator', 'notes.jsonl', 'visits.bioc.json', 'xml/110-01.xml']);
    const [j1, , , j4] = lines(dir, 'notes.jsonl');
    assert.equal(j1.text, 'Seen by Dr. [**Name**] on [**Date**] for chest pain.');
    assert.deepEqual(
      j1.entities.map((e: { start: number; end: number; text: string }) => [j1.text.slice(e.start, e.end), e.text]),
      [
        ['chest pain', 'chest pain'],
        ['[**Name**]', '[**Name**]'],
      ],
    );
    assert.equal(j1.patient, 'p1', 'fields other than the text are copied');
    assert.equal(j4.text, CLEAN, 'a document without PHI is copied unchanged');
    const pt = read(dir, 'abstracts.pubtator');
    assert.match(
      pt,
      /^7\|t\|Chest pain seen \[\*\*Date\*\*\]\n7\|a\|Dr\. \[\*\*Name\*\*\] examined the patient\.\n7\t0\t10\tChest pain\tDisease\tD002637\n7\t\d+\t\d+\t\[\*\*Name\*\*\]\tPerson\t-1\n\n8\|t\|/,
    );
    const doc = JSON.parse(read(dir, 'visits.bioc.json')).documents[0];
    const passage = doc.passages[1];
    const a = passage.annotations[0];
    assert.equal(passage.offset, 13);
    assert.equal(passage.text.slice(a.locations[0].offset - passage.offset, a.locations[0].offset - passage.offset + a.locations[0].length), a.text);
    assert.equal(a.text, 'Dr. [**Name**]');
    const xml = read(dir, 'xml/110-01.xml');
    assert.match(xml, /<TEXT><!\[CDATA\[Seen by Dr\. \[\*\*Name\*\*\] on \[\*\*Date\*\*\] for chest pain\.\]\]><\/TEXT>/);
    assert.match(xml, /start="26" end="36" text="\[\*\*Date\*\*\]"/);
    assert.match(r.stdout, /9 notes written, 0 skipped/);
  });

  it('gives the documents of a named patient the same surrogates, other documents others', async () => {
    const dir = corpora();
    const key = path.join(dir, 'key.json');
    const r = await biomed(['deid', path.join(dir, 'in'), '--out', path.join(dir, 'out'), '--style', 'surrogates', '--seed', '3', '--key', key]);
    assert.equal(r.code, 0, showResult(r));
    const k = JSON.parse(fs.readFileSync(key, 'utf8')).patients;
    assert.ok(k.p1 && k.j3 && k.p7 && k.p8 && k['7'], Object.keys(k).join(' '));
    const [j1, j2, j3] = lines(dir, 'notes.jsonl');
    const surrogate = k.p1.names.okonkwo;
    assert.ok(j1.text.includes(`Dr. ${surrogate} `) && j2.text.startsWith(`Dr. ${surrogate} `), `${j1.text} | ${j2.text}`);
    assert.ok(j3.text.startsWith(`Dr. ${k.j3.names.okonkwo} `));
    assert.notEqual(k.j3.names.okonkwo, surrogate);
    const docs = JSON.parse(read(dir, 'visits.bioc.json')).documents;
    assert.equal(docs[0].passages[1].annotations[0].text, `Dr. ${k.p7.names.okonkwo}`);
  });

  it('writes by shards what one run writes, each corpus file once all its documents are done; a rerun skips them', async () => {
    const dir = corpora();
    const whole = await biomed(['deid', path.join(dir, 'in'), '--out', path.join(dir, 'out')]);
    assert.equal(whole.code, 0, showResult(whole));
    const sharded = path.join(dir, 'sharded');
    const r1 = await biomed(['deid', path.join(dir, 'in'), '--out', sharded, '--shard', '1/2']);
    assert.equal(r1.code, 0, showResult(r1));
    assert.ok(
      filesBelow(sharded).some((f) => f.includes('.parts/')),
      `shard 1 leaves its parts until the other shard is done: ${filesBelow(sharded)}`,
    );
    const r2 = await biomed(['deid', path.join(dir, 'in'), '--out', sharded, '--shard', '2/2']);
    assert.equal(r2.code, 0, showResult(r2));
    assert.deepEqual(filesBelow(sharded), filesBelow(path.join(dir, 'out')));
    for (const f of filesBelow(sharded)) assert.equal(fs.readFileSync(path.join(sharded, f), 'utf8'), read(dir, f), f);
    const again = await biomed(['deid', path.join(dir, 'in'), '--out', path.join(dir, 'out')]);
    assert.match(again.stdout, /0 notes written, 9 skipped \(done earlier\)/, showResult(again));
  });

  it('says what it dropped from a JSON lines file cut short, with offsets past the text and overlaps', async () => {
    const dir = tmp();
    const input = path.join(dir, 'cut.jsonl');
    const full = jsonl(
      { id: 'a', text: A, entities: [entity('T1', A, 'chest pain'), entity('T2', A, 'chest'), { id: 'T3', type: 'x', start: 5, end: 500 }], relations: [] },
      { id: 'b', text: B, entities: [], relations: [] },
    );
    fs.writeFileSync(input, full.slice(0, full.length - 12));
    const r = await biomed(['deid', input, '--out', path.join(dir, 'out')]);
    assert.equal(r.code, 0, showResult(r));
    assert.match(r.stderr, /cut\.jsonl: skipped 2 \(.*cut short.*: 1.*past the end of their text \(dropped\): 1/);
    assert.match(r.stderr, /cut\.jsonl: noted annotations overlapping another \(kept, each moved\): 1/);
    const out = lines(dir, 'cut.jsonl');
    assert.equal(out.length, 1);
    assert.deepEqual(
      out[0].entities.map((e: { text: string }) => e.text),
      ['chest pain', 'chest'],
    );
  });

  it('refuses a BioC file and an i2b2 file cut mid-element whole, and a UTF-16 file, naming them, and writes the rest', async () => {
    const dir = tmp();
    const cutBioc = bioc().slice(0, 300);
    fs.writeFileSync(path.join(dir, 'cut.bioc.json'), cutBioc);
    const xml = i2b2(A);
    fs.writeFileSync(path.join(dir, 'cut.xml'), xml.slice(0, xml.indexOf('TYPE=')));
    fs.writeFileSync(path.join(dir, 'ok.pubtator'), pubtator().replace('\n\n', '\n'));
    const r = await biomed(['deid', path.join(dir, 'cut.bioc.json'), path.join(dir, 'cut.xml'), path.join(dir, 'ok.pubtator'), '--out', path.join(dir, 'out')]);
    assert.equal(r.code, 1, showResult(r));
    assert.match(r.stderr, /cut\.bioc\.json: not JSON \(cut short\?\).*nothing written for it/);
    assert.match(r.stderr, /cut\.xml: cut short: its <TAGS> is not closed; nothing written for it/);
    assert.match(r.stderr, /ok\.pubtator: noted records not ended by a blank line \(read apart\): 1/);
    assert.match(r.stdout, /2 notes written.*2 unreadable/);
    assert.deepEqual(filesBelow(path.join(dir, 'out')), ['ok.pubtator']);
    fs.writeFileSync(path.join(dir, 'wide.jsonl'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(jsonl({ text: A }), 'utf16le')]));
    const wide = await biomed(['deid', path.join(dir, 'wide.jsonl'), '--out', path.join(dir, 'out')]);
    assert.equal(wide.code, 1, showResult(wide));
    assert.match(wide.stderr, /wide\.jsonl: UTF-16 .*save it as UTF-8; nothing written for it/);
    assert.equal((read(dir, 'ok.pubtator').match(/\|t\|/g) ?? []).length, 2);
  });

  it('writes a Latin-1 file back in Latin-1, and a 5 MB document whole', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'latin.jsonl'), Buffer.from(jsonl({ id: 'l', text: `${A} Caf\u00e9 au lait.` }), 'latin1'));
    const sentence = 'Dr. Okonkwo saw her on 7/22/2019; the cough is better and she sleeps well. ';
    const big = sentence.repeat(Math.ceil(5e6 / sentence.length));
    // An entity a sentence: each moved past the thousands of replacements before it.
    const coughs = [...big.matchAll(/cough/g)].map((m, i) => ({ id: `T${i}`, type: 'problem', start: m.index, end: m.index + 5, text: 'cough' }));
    fs.writeFileSync(path.join(dir, 'big.jsonl'), jsonl({ id: 'big', text: big, entities: coughs }));
    const r = await biomed(['deid', path.join(dir, 'latin.jsonl'), path.join(dir, 'big.jsonl'), '--out', path.join(dir, 'out')]);
    assert.equal(r.code, 0, showResult(r));
    assert.match(r.stderr, /latin\.jsonl: not UTF-8, read as Latin-1 \(and written back in it\)/);
    const latin = JSON.parse(fs.readFileSync(path.join(dir, 'out', 'latin.jsonl')).toString('latin1'));
    assert.ok(latin.text.endsWith('Caf\u00e9 au lait.') && latin.text.includes('[**Name**]'), latin.text);
    const [doc] = lines(dir, 'big.jsonl');
    assert.ok(!doc.text.includes('Okonkwo') && !doc.text.includes('7/22/2019'));
    assert.equal(doc.text.split('the cough').length, big.split('the cough').length);
    assert.equal(doc.entities.length, coughs.length);
    for (const e of doc.entities) assert.equal(doc.text.slice(e.start, e.end), 'cough');
  });

  it('leaves a corpus file it did not write alone, and nothing half-written when one cannot be written, naming it', async () => {
    const dir = corpora();
    const out = path.join(dir, 'out');
    // A file biomed did not write where the JSON lines copy goes: left alone without --force.
    fs.mkdirSync(out);
    fs.writeFileSync(path.join(out, 'notes.jsonl'), 'mine\n');
    const kept = await biomed(['deid', path.join(dir, 'in'), '--out', out]);
    assert.equal(kept.code, 1, showResult(kept));
    assert.match(kept.stdout, /failed: .*notes\.jsonl document j1: .*notes\.jsonl exists and was not written by biomed/);
    assert.equal(fs.readFileSync(path.join(out, 'notes.jsonl'), 'utf8'), 'mine\n');
    // A folder there instead, with --force: the rename over it fails.
    fs.rmSync(path.join(out, 'notes.jsonl'));
    fs.mkdirSync(path.join(out, 'notes.jsonl'));
    const r = await biomed(['deid', path.join(dir, 'in'), '--out', out, '--force']);
    assert.equal(r.code, 1, showResult(r));
    assert.match(r.stdout, /failed: .*notes\.jsonl: /);
    assert.deepEqual(
      filesBelow(out).filter((f) => f.endsWith('.tmp')),
      [],
    );
    assert.ok(fs.existsSync(path.join(out, 'abstracts.pubtator')));
  });

  it('still refuses a file of a layout it does not read', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'rows.csv'), 'id,text\n1,Dr. Okonkwo\n');
    const r = await biomed(['deid', path.join(dir, 'rows.csv'), '--out', path.join(dir, 'out')]);
    assert.equal(r.code, 2, showResult(r));
    assert.match(r.stderr, /rows\.csv: biomed deid reads .*JSON lines \(\.jsonl\)/);
  });
});
