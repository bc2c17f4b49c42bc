/**
 * `--engine recorded` through dist/cli.js: the bundled examples annotated from their recorded
 * answers (examples/recorded/answers.json), with no model and nothing sent anywhere; every
 * question the engine asks about examples/ has a recording (a question without one fails,
 * so a stale file shows here as failed notes: rerun scripts/record-examples.mjs).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSandbox, runCli, showResult } from '../support/cli';
import { ROOT } from '../support/paths';
import { OllamaTestServer } from '../support/ollamaServer';

const EXAMPLES = path.join(ROOT, 'examples');
const NOTES = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.note'));

interface Doc {
  id: string;
  recorded?: boolean;
  entities: { type: string; text: string }[];
  relations: unknown[];
  findings: { label: string; hypothesis: { text: string }; evidence: { text: string }[] }[];
}

describe('biomed annotate --engine recorded: the bundled examples without a model', function () {
  this.timeout(120_000);
  const { tmp, state } = cliSandbox('biomed-recorded-');
  // A live Ollama-protocol server at --host: it counts every request, so any contact shows.
  let server: OllamaTestServer;
  let closedHost: string;
  const biomed = (args: string[]) => runCli(args, { env: { BIOMED_STATE_DIR: state(), BIOMED_CACHE_DIR: '', OLLAMA_HOST: undefined } });

  before(async () => {
    server = await OllamaTestServer.start({ gold: [] });
    const gone = await OllamaTestServer.start({ gold: [] });
    closedHost = gone.url;
    await gone.stop();
  });
  after(async () => server.stop());

  it('annotates every example note from recordings: entities in each, the planted contradiction, each output labelled recorded, no server asked', async () => {
    const out = tmp();
    const r = await biomed(['annotate', 'examples/', '--out', out, '--engine', 'recorded', '--host', server.url]);
    assert.equal(r.code, 0, showResult(r));
    assert.equal(server.requests.length, 0, 'no request reached the server at --host');
    assert.match(r.stdout, new RegExp(`^${NOTES.length} annotated, 0 skipped \\(already done\\), 0 failed`, 'm'));
    assert.match(r.stdout, /questions answered from recorded answers \(no model\)/);
    assert.doesNotMatch(r.stdout, /model calls/);

    const docs = new Map<string, Doc>();
    for (const note of NOTES) {
      const id = note.replace(/\.note$/, '');
      docs.set(id, JSON.parse(fs.readFileSync(path.join(out, `${id}.json`), 'utf8')) as Doc);
    }
    for (const [id, doc] of docs) {
      assert.equal(doc.recorded, true, `${id} is labelled recorded`);
      for (const type of ['problem', 'treatment', 'test'])
        assert.ok(
          doc.entities.some((e) => e.type === type),
          `${id}: a ${type}`,
        );
    }
    const clinic = docs.get('clinic-hypertension')!;
    assert.ok(clinic.entities.some((e) => e.text === 'amlodipine' && e.type === 'treatment'));
    assert.ok(clinic.relations.length > 0, 'relations');
    const contradictions = clinic.findings.filter((f) => f.label === 'contradiction');
    assert.deepEqual(
      contradictions.map((f) => f.hypothesis.text),
      ['Blood pressure is well controlled on the current regimen.'],
    );
    assert.ok(
      contradictions[0].evidence.some((e) => e.text.includes('BP 168/102')),
      JSON.stringify(contradictions[0].evidence),
    );
    // The other examples hold no contradiction.
    for (const id of ['pneumonia-admission', 'post-op-day-1']) assert.ok(!docs.get(id)!.findings.some((f) => f.label === 'contradiction'), id);
  });

  it('JSON lines carry "recorded": true too', async () => {
    const out = path.join(tmp(), 'all.jsonl');
    const r = await biomed(['annotate', 'examples/', '--out', out, '--engine', 'recorded', '--host', closedHost]);
    assert.equal(r.code, 0, showResult(r));
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n');
    assert.equal(lines.length, NOTES.length);
    for (const line of lines) assert.equal((JSON.parse(line) as Doc).recorded, true, line.slice(0, 80));
  });

  it('BRAT, PubTator and CSV say so too: a note on every entity, a line a document, a column a row', async () => {
    const brat = tmp();
    let r = await biomed(['annotate', 'examples/', '--out', brat, '--format', 'brat', '--engine', 'recorded', '--host', closedHost]);
    assert.equal(r.code, 0, showResult(r));
    for (const note of NOTES) {
      const ann = fs.readFileSync(path.join(brat, note.replace(/\.note$/, '.ann')), 'utf8').split('\n');
      const entities = ann.filter((l) => l.startsWith('T')).map((l) => l.split('\t')[0]);
      assert.ok(entities.length > 0, note);
      const marked = ann.filter((l) => /^#\d+\tAnnotatorNotes T\S+\trecorded answer, not a model's$/.test(l)).map((l) => l.split('\t')[1].split(' ')[1]);
      assert.deepEqual(marked, entities, `${note}: every entity carries the note`);
    }
    const pubtator = path.join(tmp(), 'all.pubtator');
    r = await biomed(['annotate', 'examples/', '--out', pubtator, '--engine', 'recorded', '--host', closedHost]);
    assert.equal(r.code, 0, showResult(r));
    const blocks = fs.readFileSync(pubtator, 'utf8').trim().split('\n\n');
    assert.equal(blocks.length, NOTES.length);
    for (const b of blocks) assert.match(b.split('\n')[2], /^[^|\t]+\|recorded\|answers recorded for the bundled examples, not a model's$/);
    const csv = path.join(tmp(), 'all.csv');
    r = await biomed(['annotate', 'examples/', '--out', csv, '--engine', 'recorded', '--host', closedHost]);
    assert.equal(r.code, 0, showResult(r));
    const rows = fs.readFileSync(csv, 'utf8').trim().split('\r\n');
    assert.equal(rows[0], 'document,start,end,text,type,statuses,ids,section,answers');
    assert.ok(rows.length > NOTES.length);
    for (const row of rows.slice(1)) assert.ok(row.endsWith(',recorded'), row);
  });

  it('a note outside the examples: "no recorded answer", failed as a model failure is (exit 1, in the summary), nothing made up', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'other.note'), 'ASSESSMENT:\nCough for three days, treated with amoxicillin.\n');
    const out = tmp();
    const r = await biomed(['annotate', dir, path.join(EXAMPLES, 'post-op-day-1.note'), '--out', out, '--engine', 'recorded', '--host', closedHost]);
    assert.equal(r.code, 1, showResult(r));
    assert.match(r.stdout, /^1 annotated, 0 skipped \(already done\), 1 failed/m);
    assert.match(r.stdout, /failed: other: no recorded answer: recorded answers cover only the bundled examples/);
    assert.match(r.stderr, /FAILED other: no recorded answer: recorded answers cover only the bundled examples/);
    assert.deepEqual(fs.readdirSync(out).sort(), ['post-op-day-1.json']);
  });

  it('--engine recorded takes no other server or model file', async () => {
    const r = await biomed(['annotate', 'examples/', '--out', tmp(), '--engine', 'recorded', '--base-url', 'http://127.0.0.1:8000/v1']);
    assert.equal(r.code, 2, showResult(r));
    assert.match(r.stderr, /--engine recorded .* takes no --base-url/);
  });
});
