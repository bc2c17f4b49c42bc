/**
 * `biomed annotate` end to end: dist/cli.js as a child process against the Ollama-protocol
 * test server, whose oracle answers from the fixture notes' gold; output files read back with
 * the production readers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBioC } from '../../server/src/engine/formats/bioc';
import { readBratDocument } from '../../server/src/engine/formats/bratDocument';
import { AnnotatedDocument } from '../../server/src/engine/formats/document';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { readPubTator } from '../../server/src/engine/formats/pubtator';
import { CLINICAL_NOTES, fixtureNote } from '../support/gold';
import { filesBelow } from '../support/cli';
import { LLAMA31_MODEL, loadGoldDocuments, loadNliPairs, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import {
  ALL_NOTES,
  CLINICAL,
  NLI_PAIRS,
  NOTES,
  assertNoTempFiles,
  biomed,
  cliSuite,
  dense,
  entitySpans,
  expectedFor,
  kindOf,
  medtunedInput,
  promptVariants,
  relationList,
  show,
  tmpDir,
} from '../support/cliSuite';

describe('CLI: annotate', function () {
  cliSuite();
  this.timeout(60_000);
  let server: OllamaTestServer;
  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES), nliPairs: loadNliPairs(NLI_PAIRS) });
  });
  after(async () => server.stop());
  beforeEach(() => server.script(undefined));

  function readJsonOutput(dir: string, name: string): AnnotatedDocument {
    const docs = readJsonl(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8'));
    assert.equal(docs.length, 1, `${name}.json holds one document`);
    return docs[0];
  }

  function assertGold(doc: AnnotatedDocument, name: string, types: string[], withRelations = true): void {
    const want = expectedFor(name, types);
    assert.deepEqual(entitySpans(doc), want.entities, `entities of ${name}`);
    for (const e of doc.entities) assert.equal(e.text, doc.text.slice(e.start, e.end));
    if (withRelations) assert.deepEqual(relationList(doc), want.relations, `relations of ${name}`);
  }

  let folder: string;
  it('annotates the fixture notes folder: one JSON output per note with the gold entities and relations, progress on stderr', async () => {
    folder = tmpDir();
    const r = await biomed(['annotate', NOTES, '--out', folder, '--host', server.url]);
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(
      filesBelow(folder),
      ALL_NOTES.map((n) => `${n}.json`),
    );
    for (const name of ALL_NOTES) {
      const doc = readJsonOutput(folder, name);
      assert.equal(doc.id, name);
      const source = fixtureNote(name);
      assert.equal(doc.text, source.text);
      assertGold(doc, name, CLINICAL);
    }
    // The clinical notes have clinical gold; with the default types the abstract has none.
    assert.ok(CLINICAL_NOTES.every((n) => readJsonOutput(folder, n).entities.length > 0));
    assert.deepEqual(readJsonOutput(folder, 'abstract-cisplatin').entities, []);
    // The summary on stdout, progress as plain lines on stderr (no terminal here).
    const total = CLINICAL_NOTES.reduce((n, c) => n + expectedFor(c, CLINICAL).entities.length, 0);
    const rels = CLINICAL_NOTES.reduce((n, c) => n + expectedFor(c, CLINICAL).relations.length, 0);
    assert.match(
      r.stdout,
      new RegExp(
        `^${ALL_NOTES.length} annotated, 0 skipped \\(already done\\), 0 failed in [\\d.]+ s: \\d+ sentences, ${total} entities, ${rels} relations, \\d+ NLI findings; \\d+ model calls, \\d+ prompt tokens\\.$`,
        'm',
      ),
    );
    const [skipped, ...rest] = r.stderr.trim().split('\n');
    // The abstract found nothing of the default types: the last line says which types fit it.
    const lines = rest.slice(0, -1);
    assert.equal(rest.at(-1), 'abstract-cisplatin has no problem, treatment or test entities: this looks like literature: try `--types disease,chemical`');
    // The fixture folder's .ann and .json files (gold, NLI labels) are not notes: counted, not read.
    const notNotes = fs.readdirSync(NOTES).filter((f) => !/\.(note|txt)$/.test(f));
    assert.match(skipped, new RegExp(`^Skipped ${notNotes.length} files that are not notes `));
    assert.equal(lines.length, ALL_NOTES.length, r.stderr);
    for (const name of CLINICAL_NOTES) {
      assert.ok(
        lines.some((l) => new RegExp(`^\\[\\d/${ALL_NOTES.length}\\] annotated ${name}: ${expectedFor(name, CLINICAL).entities.length} entities$`).test(l)),
        r.stderr,
      );
    }
    assert.ok(
      lines.some((l) => new RegExp(`^\\[\\d/${ALL_NOTES.length}\\] annotated abstract-cisplatin: 0 entities$`).test(l)),
      r.stderr,
    );
    assert.doesNotMatch(r.stderr, /\r|\[#/, 'no progress bar redrawn in place');
    assertNoTempFiles(folder);
  });

  it('finds the NLI contradictions of the notes summaries', () => {
    for (const name of CLINICAL_NOTES) {
      const gold: { hypothesis: string; label: string }[] = JSON.parse(fs.readFileSync(path.join(NOTES, `${name}.nli.json`), 'utf8'));
      const doc = readJsonOutput(folder, name);
      const found = (doc.findings ?? [])
        .filter((f) => f.label === 'contradiction')
        .map((f) => f.hypothesis.text)
        .sort();
      assert.deepEqual(
        found,
        gold
          .filter((g) => g.label === 'contradiction')
          .map((g) => g.hypothesis.trim())
          .sort(),
        name,
      );
      for (const f of doc.findings ?? []) assert.equal(f.hypothesis.text, doc.text.slice(f.hypothesis.start, f.hypothesis.end));
    }
  });

  it('a second run skips every finished note: no model request, exit 0, the summary says skipped', async () => {
    const before = server.generationRequests().length;
    const stamps = ALL_NOTES.map((n) => fs.statSync(path.join(folder, `${n}.json`)).mtimeMs);
    const r = await biomed(['annotate', NOTES, '--out', folder, '--host', server.url]);
    assert.equal(r.code, 0, show(r));
    assert.equal(server.generationRequests().length, before, 'no generation request');
    assert.match(r.stdout, new RegExp(`^0 annotated, ${ALL_NOTES.length} skipped \\(already done\\), 0 failed`, 'm'));
    for (const name of ALL_NOTES) assert.match(r.stderr, new RegExp(`^\\[\\d/${ALL_NOTES.length}\\] skipped ${name} \\(already annotated\\)$`, 'm'));
    assert.deepEqual(
      ALL_NOTES.map((n) => fs.statSync(path.join(folder, `${n}.json`)).mtimeMs),
      stamps,
      'outputs untouched',
    );
  });

  /** The relations of a JSON output line as written (the reader keeps only id, label, head, tail). */
  function rawRelations(dir: string, name: string): { label: string; untrained?: boolean }[] {
    return JSON.parse(fs.readFileSync(path.join(dir, `${name}.json`), 'utf8').trim()).relations;
  }

  it('--types disease,chemical,gene on the abstract: its gold entities; CID / Positive relations from the json profile only', async () => {
    // The medtuned layout was trained on i2b2-2010 relations only: by default (skip) the
    // chemical-disease and gene-disease pairs are not asked and none is written.
    const abstract = path.join(NOTES, 'abstract-cisplatin.txt');
    const before = server.generationRequests().length;
    const medtuned = tmpDir();
    const r = await biomed(['annotate', abstract, '--out', medtuned, '--types', 'disease,chemical,gene', '--model', MEDTUNED_MODEL.name, '--host', server.url]);
    assert.equal(r.code, 0, show(r));
    const doc = readJsonOutput(medtuned, 'abstract-cisplatin');
    assertGold(doc, 'abstract-cisplatin', ['disease', 'chemical', 'gene'], false);
    assert.deepEqual(doc.relations, []);
    const sent = server.generationRequests().slice(before);
    assert.ok(!sent.some((q) => /@(CHEMICAL|DISEASE|GENE)\$/.test(JSON.stringify(q.body))), 'no literature relation prompt');
    assert.ok(!sent.some((q) => q.path === '/api/chat'), 'nothing in the json layout');
    // The json profile (llama3.1:8b) asks them and is not marked.
    const json = tmpDir();
    const j = await biomed(['annotate', abstract, '--out', json, '--types', 'disease,chemical,gene', '--model', LLAMA31_MODEL.name, '--host', server.url]);
    assert.equal(j.code, 0, show(j));
    const jdoc = readJsonOutput(json, 'abstract-cisplatin');
    assertGold(jdoc, 'abstract-cisplatin', ['disease', 'chemical', 'gene']);
    assert.deepEqual([...new Set(jdoc.relations.map((x) => x.label))].sort(), ['CID', 'Positive']);
    assert.ok(rawRelations(json, 'abstract-cisplatin').every((x) => x.untrained === undefined));
  });

  it('--untrained-kinds json-prompt: the medtuned model is asked the untrained pairs in the json layout; the relations come back marked untrained', async () => {
    const before = server.generationRequests().length;
    const out = tmpDir();
    const r = await biomed([
      'annotate',
      path.join(NOTES, 'abstract-cisplatin.txt'),
      '--out',
      out,
      '--types',
      'disease,chemical,gene',
      '--model',
      MEDTUNED_MODEL.name,
      '--untrained-kinds',
      'json-prompt',
      '--no-nli',
      '--host',
      server.url,
    ]);
    assert.equal(r.code, 0, show(r));
    const doc = readJsonOutput(out, 'abstract-cisplatin');
    assertGold(doc, 'abstract-cisplatin', ['disease', 'chemical', 'gene']);
    assert.deepEqual([...new Set(doc.relations.map((x) => x.label))].sort(), ['CID', 'Positive']);
    const sent = server.generationRequests().slice(before);
    const chat = sent.filter((q) => q.path === '/api/chat');
    assert.ok(chat.length > 0 && chat.every((q) => q.body.model === MEDTUNED_MODEL.name), 'the same model, in the json layout');
    assert.ok(!sent.some((q) => q.path === '/api/generate' && /@(CHEMICAL|DISEASE|GENE)\$/.test(q.body.prompt)), 'no untrained pair in the medtuned layout');
    const raw = rawRelations(out, 'abstract-cisplatin');
    assert.equal(raw.length, doc.relations.length);
    assert.ok(
      raw.every((x) => x.untrained === true),
      `every relation marked untrained: ${JSON.stringify(raw)}`,
    );
  });

  it('--instruction-variant 3: every medtuned prompt asks with variant 3 of its training set', async () => {
    const before = server.generationRequests().length;
    const name = 'discharge-heart-failure';
    const out = tmpDir();
    const r = await biomed(['annotate', path.join(NOTES, fixtureNote(name).file), '--out', out, '--instruction-variant', '3', '--host', server.url]);
    assert.equal(r.code, 0, show(r));
    assertGold(readJsonOutput(out, name), name, CLINICAL);
    const asked = promptVariants(server.generationRequests().slice(before));
    assert.deepEqual([...new Set(asked.map((a) => a.dataset))].sort(), ['i2b2-2010', 'i2b2-2012', 'mednli']);
    assert.ok(
      asked.every((a) => a.variant === 3),
      JSON.stringify(asked.filter((a) => a.variant !== 3)),
    );
  });

  it('the json profile (llama3.1:8b) gives the same gold for the clinical notes', async () => {
    const out = tmpDir();
    const r = await biomed(['annotate', NOTES, '--out', out, '--model', LLAMA31_MODEL.name, '--host', server.url]);
    assert.equal(r.code, 0, show(r));
    for (const name of CLINICAL_NOTES) assertGold(readJsonOutput(out, name), name, CLINICAL);
    assert.ok(server.generationRequests().some((q) => q.path === '/api/chat' && q.body.model === LLAMA31_MODEL.name));
  });

  it('answers in no layout the profile reads (prose, cut JSON) are counted and warned about, not taken for "no entities" in silence', async () => {
    const notes = tmpDir();
    fs.copyFileSync(path.join(NOTES, 'ed-chest-pain.note'), path.join(notes, 'ed-chest-pain.note'));
    const ok = await biomed(['annotate', notes, '--out', tmpDir(), '--host', server.url, '--no-relations', '--no-nli']);
    assert.equal(ok.code, 0, show(ok));
    assert.doesNotMatch(ok.stderr, /warning: /);

    const before = server.generationRequests().length;
    server.script((req) => (kindOf(req) === 'ner' ? { kind: 'text', text: 'I am not sure.' } : undefined));
    const prose = await biomed(['annotate', notes, '--out', tmpDir(), '--host', server.url, '--no-relations', '--no-nli']);
    assert.equal(prose.code, 0, show(prose));
    const asked = server
      .generationRequests()
      .slice(before)
      .filter((q) => kindOf(q) === 'ner').length;
    assert.ok(asked > 1);
    assert.match(prose.stdout, / 0 entities, /);
    assert.match(
      prose.stderr,
      new RegExp(
        `^warning: ${asked} of the model's answers for entities held nothing the medtuned prompt profile reads \\(no "word : TAG" line\\), so their sentences have no entities: is .* a model for that profile\\? \\(--profile\\)$`,
        'm',
      ),
    );

    server.script(() => ({ kind: 'text', text: '{"entities": [{"text": "chest pa', doneReason: 'length' }));
    const cut = await biomed(['annotate', notes, '--out', tmpDir(), '--host', server.url, '--model', LLAMA31_MODEL.name, '--no-relations', '--no-nli']);
    assert.match(cut.stderr, /^warning: \d+ of the model's answers for entities held nothing the json prompt profile reads \(no JSON\)/m);
  });

  it('a rerun annotates again a note edited since (a folder of outputs and one output file); an unchanged one is skipped', async () => {
    const notes = tmpDir();
    const note = path.join(notes, 'ed-chest-pain.note');
    const text = fixtureNote('ed-chest-pain').text;
    fs.writeFileSync(note, text);
    const flags = ['--host', server.url, '--no-relations', '--no-nli'];
    const folder = tmpDir();
    const file = path.join(tmpDir(), 'all.jsonl');
    for (const out of [folder, file]) assert.equal((await biomed(['annotate', notes, '--out', out, ...flags])).code, 0);
    // Saved again unchanged (a newer modification time): still done.
    fs.writeFileSync(note, text);
    for (const out of [folder, file]) assert.match((await biomed(['annotate', notes, '--out', out, ...flags])).stdout, /^0 annotated, 1 skipped/m);
    // The last sentence cut off: annotated again, the output holds the new text.
    const edited = text.slice(0, text.trimEnd().lastIndexOf('\n') + 1);
    fs.writeFileSync(note, edited);
    for (const out of [folder, file]) {
      const r = await biomed(['annotate', notes, '--out', out, ...flags]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^1 annotated \(1 changed since the last run\), 0 skipped/m);
      assert.match(r.stderr, /annotated ed-chest-pain: \d+ entities \(its text changed since the last run\)/);
      const [doc] = readJsonl(fs.readFileSync(out === file ? file : path.join(folder, 'ed-chest-pain.json'), 'utf8'));
      assert.equal(doc.text, edited);
      assert.match((await biomed(['annotate', notes, '--out', out, ...flags])).stdout, /^0 annotated, 1 skipped/m);
    }
  });

  it('a note whose prompts fail: exit 1, the others written, the summary names it; the rerun annotates only that note', async () => {
    // A word that occurs in one note only.
    const word = 'diaphoresis';
    const holders = ALL_NOTES.filter((n) => fixtureNote(n).text.includes(word));
    assert.deepEqual(holders, ['ed-chest-pain']);
    const out = tmpDir();
    server.script((req) => (JSON.stringify(req.body ?? '').includes(word) ? { kind: 'http-error', status: 500, error: 'model runner crashed' } : undefined));
    const r = await biomed(['annotate', NOTES, '--out', out, '--host', server.url]);
    assert.equal(r.code, 1, show(r));
    assert.deepEqual(
      filesBelow(out),
      ALL_NOTES.filter((n) => n !== 'ed-chest-pain').map((n) => `${n}.json`),
    );
    assert.match(r.stdout, new RegExp(`^${ALL_NOTES.length - 1} annotated, 0 skipped \\(already done\\), 1 failed`, 'm'));
    assert.match(r.stdout, /^ {2}failed: ed-chest-pain: .*500.*model runner crashed/m);
    assert.match(r.stdout, /Run the same command again to retry the failed documents/);
    assert.match(r.stderr, new RegExp(`^\\[\\d/${ALL_NOTES.length}\\] FAILED ed-chest-pain: `, 'm'));
    for (const name of ALL_NOTES.filter((n) => n !== 'ed-chest-pain')) assertGold(readJsonOutput(out, name), name, CLINICAL);
    assertNoTempFiles(out);

    server.script(undefined);
    const stamps = filesBelow(out).map((f) => fs.statSync(path.join(out, f)).mtimeMs);
    const before = server.generationRequests().length;
    const again = await biomed(['annotate', NOTES, '--out', out, '--host', server.url]);
    assert.equal(again.code, 0, show(again));
    assert.match(again.stdout, new RegExp(`^1 annotated, ${ALL_NOTES.length - 1} skipped \\(already done\\), 0 failed`, 'm'));
    assert.match(again.stderr, new RegExp(`^\\[\\d/${ALL_NOTES.length}\\] annotated ed-chest-pain: \\d+ entities$`, 'm'));
    const sent = server.generationRequests().slice(before);
    assert.ok(sent.length > 0);
    const noteText = dense(fixtureNote('ed-chest-pain').text);
    for (const q of sent.filter((x) => kindOf(x) === 'ner')) {
      assert.ok(noteText.includes(dense(medtunedInput(q)!)), `an NER prompt of another note: ${medtunedInput(q)}`);
    }
    assert.ok(sent.some((q) => JSON.stringify(q.body).includes(word)));
    assert.deepEqual(
      filesBelow(out),
      ALL_NOTES.map((n) => `${n}.json`),
    );
    assert.deepEqual(
      filesBelow(out)
        .filter((f) => f !== 'ed-chest-pain.json')
        .map((f) => fs.statSync(path.join(out, f)).mtimeMs),
      stamps,
      'the finished notes are not rewritten',
    );
    assertGold(readJsonOutput(out, 'ed-chest-pain'), 'ed-chest-pain', CLINICAL);
  });

  it('--format bioc, brat and pubtator: per-note outputs that read back to the same entities', async () => {
    const bioc = tmpDir();
    const brat = tmpDir();
    const pubtator = tmpDir();
    const runs = await Promise.all([
      biomed(['annotate', NOTES, '--out', bioc, '--format', 'bioc', '--host', server.url]),
      biomed(['annotate', NOTES, '--out', brat, '--format', 'brat', '--host', server.url]),
      biomed(['annotate', NOTES, '--out', pubtator, '--format', 'pubtator', '--host', server.url]),
    ]);
    for (const r of runs) assert.equal(r.code, 0, show(r));

    assert.deepEqual(
      filesBelow(bioc),
      ALL_NOTES.map((n) => `${n}.bioc.json`),
    );
    for (const name of ALL_NOTES) {
      const docs = readBioC(fs.readFileSync(path.join(bioc, `${name}.bioc.json`), 'utf8'));
      assert.equal(docs.length, 1);
      assert.equal(docs[0].id, name);
      assert.equal(docs[0].text, fixtureNote(name).text);
      assertGold(docs[0], name, CLINICAL);
    }

    // Each note's .ann and .txt, and brat's configuration of the folder (what the .ann files use).
    assert.deepEqual(
      filesBelow(brat).filter((f) => f !== 'annotation.conf'),
      ALL_NOTES.flatMap((n) => [`${n}.ann`, `${n}.txt`]),
    );
    assert.ok(filesBelow(brat).includes('annotation.conf'));
    for (const name of ALL_NOTES) {
      const txt = fs.readFileSync(path.join(brat, `${name}.txt`), 'utf8');
      assert.equal(txt, fixtureNote(name).text);
      assertGold(readBratDocument(name, txt, fs.readFileSync(path.join(brat, `${name}.ann`), 'utf8')), name, CLINICAL);
    }

    assert.deepEqual(
      filesBelow(pubtator),
      ALL_NOTES.map((n) => `${n}.pubtator`),
    );
    for (const name of ALL_NOTES) {
      const docs = readPubTator(fs.readFileSync(path.join(pubtator, `${name}.pubtator`), 'utf8'));
      assert.equal(docs.length, 1);
      assert.equal(docs[0].id, name);
      assert.equal(
        docs[0].text.replace(/\s+$/, ''),
        fixtureNote(name)
          .text.replace(/[\r\n\t]/g, ' ')
          .replace(/\s+$/, ''),
      );
      // PubTator has no relations between mentions without concept ids: entities only.
      assertGold(docs[0], name, CLINICAL, false);
    }
    for (const d of [bioc, brat, pubtator]) assertNoTempFiles(d);
  });

  it('a single output file (--out all.jsonl, --format bioc --out all.bioc.json, --format pubtator --out all.pubtator) holds every note', async () => {
    const dir = tmpDir();
    const cases: { file: string; format: string; read: (t: string) => AnnotatedDocument[]; relations: boolean }[] = [
      { file: 'all.jsonl', format: 'json', read: readJsonl, relations: true },
      { file: 'all.bioc.json', format: 'bioc', read: readBioC, relations: true },
      { file: 'all.pubtator', format: 'pubtator', read: readPubTator, relations: false },
    ];
    for (const c of cases) {
      const out = path.join(dir, c.file);
      const r = await biomed(['annotate', NOTES, '--out', out, '--format', c.format, '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      const docs = c.read(fs.readFileSync(out, 'utf8'));
      assert.deepEqual(
        docs.map((d) => d.id),
        ALL_NOTES,
        c.file,
      );
      for (const d of docs) assertGold(d, d.id, CLINICAL, c.relations);
      assert.ok(!fs.existsSync(`${out}.parts`), 'the parts folder is removed once the file is written');
    }
    assert.deepEqual(filesBelow(dir), ['all.bioc.json', 'all.jsonl', 'all.pubtator']);
    assertNoTempFiles(dir);
  });

  it('a single output file: a second run skips the finished notes (no model request)', async () => {
    const out = path.join(tmpDir(), 'all.jsonl');
    const first = await biomed(['annotate', NOTES, '--out', out, '--host', server.url]);
    assert.equal(first.code, 0, show(first));
    const content = fs.readFileSync(out, 'utf8');
    const before = server.generationRequests().length;
    const again = await biomed(['annotate', NOTES, '--out', out, '--host', server.url]);
    assert.equal(again.code, 0, show(again));
    assert.equal(fs.readFileSync(out, 'utf8'), content);
    // The help: "Finished documents are skipped when the command runs again."
    assert.equal(server.generationRequests().length - before, 0, `the rerun sent model requests again:\n${show(again)}`);
    assert.match(again.stdout, new RegExp(`^0 annotated, ${ALL_NOTES.length} skipped`, 'm'));
  });

  it('a single output file with a failed note: exit 1, the file is not written, the parts are kept; the rerun completes it', async () => {
    const out = path.join(tmpDir(), 'all.jsonl');
    server.script((req) => (JSON.stringify(req.body ?? '').includes('diaphoresis') ? { kind: 'http-error', status: 500, error: 'boom' } : undefined));
    const r = await biomed(['annotate', NOTES, '--out', out, '--host', server.url]);
    assert.equal(r.code, 1, show(r));
    assert.ok(!fs.existsSync(out));
    assert.match(r.stdout, new RegExp(`${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is written once every document has succeeded`));
    assert.equal(fs.readdirSync(`${out}.parts`).length, ALL_NOTES.length - 1);
    server.script(undefined);
    const again = await biomed(['annotate', NOTES, '--out', out, '--host', server.url]);
    assert.equal(again.code, 0, show(again));
    assert.match(again.stdout, new RegExp(`^1 annotated, ${ALL_NOTES.length - 1} skipped`, 'm'));
    assert.deepEqual(
      readJsonl(fs.readFileSync(out, 'utf8')).map((d) => d.id),
      ALL_NOTES,
    );
    assert.ok(!fs.existsSync(`${out}.parts`));
  });

  it('--format brat with a single output file is a usage error', async () => {
    const r = await biomed(['annotate', NOTES, '--out', path.join(tmpDir(), 'all.jsonl'), '--format', 'brat', '--host', server.url]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /--format brat writes a \.txt and an \.ann per note: give a folder as --out/);
  });

  it('--no-relations sends no relation prompt and writes no relations; --no-nli sends no NLI prompt and writes no findings', async () => {
    let before = server.generationRequests().length;
    const noRel = tmpDir();
    const r1 = await biomed(['annotate', NOTES, '--out', noRel, '--no-relations', '--host', server.url]);
    assert.equal(r1.code, 0, show(r1));
    let kinds = server.generationRequests().slice(before).map(kindOf);
    assert.equal(kinds.filter((k) => k === 're').length, 0);
    assert.ok(kinds.includes('ner') && kinds.includes('nli'));
    for (const name of ALL_NOTES) {
      const doc = readJsonOutput(noRel, name);
      assert.deepEqual(doc.relations, []);
      assertGold(doc, name, CLINICAL, false);
    }
    assert.match(r1.stdout, / 0 relations,/);

    before = server.generationRequests().length;
    const noNli = tmpDir();
    const r2 = await biomed(['annotate', NOTES, '--out', noNli, '--no-nli', '--host', server.url]);
    assert.equal(r2.code, 0, show(r2));
    kinds = server.generationRequests().slice(before).map(kindOf);
    assert.equal(kinds.filter((k) => k === 'nli').length, 0);
    assert.ok(kinds.includes('ner') && kinds.includes('re'));
    for (const name of ALL_NOTES) {
      const doc = readJsonOutput(noNli, name);
      assert.equal(doc.findings, undefined);
      assertGold(doc, name, CLINICAL);
    }
    assert.match(r2.stdout, / 0 NLI findings;/);

    before = server.generationRequests().length;
    const r3 = await biomed(['annotate', NOTES, '--out', tmpDir(), '--no-nli', '--no-relations', '--host', server.url]);
    assert.equal(r3.code, 0, show(r3));
    assert.deepEqual([...new Set(server.generationRequests().slice(before).map(kindOf))], ['ner']);
  });

  it('--engine auto as in the editor: Ollama does not answer, so the OpenAI-compatible server at --base-url annotates', async () => {
    const gone = await OllamaTestServer.start({ gold: [] });
    const deadHost = gone.url;
    await gone.stop();
    const out = tmpDir();
    const before = server.generationRequests().length;
    const name = CLINICAL_NOTES[0];
    const r = await biomed([
      'annotate',
      path.join(NOTES, fixtureNote(name).file),
      '--out',
      out,
      '--engine',
      'auto',
      '--host',
      deadHost,
      '--base-url',
      `${server.url}/v1`,
      '--no-relations',
      '--no-nli',
    ]);
    assert.equal(r.code, 0, show(r));
    const sent = server.generationRequests().slice(before);
    assert.ok(sent.length > 0);
    assert.deepEqual([...new Set(sent.map((q) => q.path))], ['/v1/completions'], 'the medtuned layout goes raw to the OpenAI-compatible server');
    assert.deepEqual(entitySpans(readJsonOutput(out, name)), expectedFor(name, CLINICAL).entities);
  });

  it('an unreachable host (a stopped server): exit 1, Ollama is not reachable, nothing written', async () => {
    const gone = await OllamaTestServer.start({ gold: [] });
    const url = gone.url;
    await gone.stop();
    const out = tmpDir();
    const r = await biomed(['annotate', NOTES, '--out', out, '--host', url]);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /Ollama is not reachable/);
    assert.ok(r.stderr.includes(url), 'the message names the host');
    assert.deepEqual(fs.readdirSync(out), []);
    const e = await biomed(['eval', 'nli', NLI_PAIRS, '--host', url]);
    assert.equal(e.code, 1, show(e));
    assert.match(e.stderr, /Ollama is not reachable/);
  });

  it('a model the server does not have: exit 1 before any note', async () => {
    const out = tmpDir();
    const r = await biomed(['annotate', NOTES, '--out', out, '--model', 'no-such-model:7b', '--host', server.url]);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /no-such-model/);
    assert.deepEqual(fs.readdirSync(out), []);
  });
});
