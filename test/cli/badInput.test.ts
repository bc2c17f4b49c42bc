/**
 * Bad input through dist/cli.js: a clear message, nothing lost, no stack trace, exact
 * offsets. Notes that cannot be read as text are skipped and named without holding back the
 * other documents; encodings the editor reads (UTF-8 with a BOM, UTF-16 with a BOM) are
 * read as it reads them; empty corpora and folders given for files are usage errors.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBioC } from '../../server/src/engine/formats/bioc';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { CliResult, cliSandbox, filesBelow, ROOT, showResult } from '../support/cli';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';

const NOTES = path.join(ROOT, 'test', 'fixtures', 'notes');
const NOTE = fs.readFileSync(path.join(NOTES, 'ed-chest-pain.note'), 'utf8');
const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

describe('biomed CLI: bad input', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  const { tmp, biomed } = cliSandbox('biomed-bad-');
  const show = showResult;
  const noStack = (r: CliResult) => assert.doesNotMatch(r.stdout + r.stderr, /\n\s+at .+:\d+:\d+\)?\n/, `a stack trace:\n${show(r)}`);
  const model = ['--no-nli', '--host'];

  before(async function () {
    this.timeout(120_000);
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
  });
  after(async () => {
    await server.stop();
  });

  describe('annotate: notes that are not text', () => {
    it('a binary file, random bytes and invalid UTF-8 in a notes folder: each skipped with its reason, the single output file still holds the good notes, exit 1', async () => {
      const notes = tmp();
      fs.writeFileSync(path.join(notes, 'good.note'), NOTE);
      fs.writeFileSync(path.join(notes, 'empty.txt'), '');
      fs.writeFileSync(path.join(notes, 'blank.txt'), '  \n\t\n');
      fs.copyFileSync(path.join(ROOT, 'media', 'icon.png'), path.join(notes, 'image.txt'));
      fs.writeFileSync(path.join(notes, 'random.note'), Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 37 + 11) % 256)));
      // Latin-1 "é": a byte UTF-8 does not allow there. Decoding it would put U+FFFD in the text.
      fs.writeFileSync(path.join(notes, 'latin1.txt'), Buffer.concat([Buffer.from('Fever.\nCaf'), Buffer.from([0xe9]), Buffer.from(' au lait spots.\n')]));
      const out = path.join(tmp(), 'all.jsonl');
      const r = await biomed(['annotate', notes, '--out', out, ...model, server.url]);
      noStack(r);
      assert.equal(r.code, 1, show(r));
      assert.match(r.stdout, /^3 annotated, 0 skipped \(already done\), 0 failed, 3 unreadable in /m, show(r));
      assert.match(r.stdout, /unreadable: .*image\.txt: not a text file \(a NUL byte at byte \d+\)/);
      assert.match(r.stdout, /unreadable: .*random\.note: not a text file/);
      assert.match(r.stdout, /unreadable: .*latin1\.txt: not valid UTF-8 \(byte 0xe9 at byte 10, line 2\); save it as UTF-8/);
      assert.doesNotMatch(r.stdout, /Run the same command again/, 'a rerun cannot fix them');
      const docs = readJsonl(fs.readFileSync(out, 'utf8'));
      assert.deepEqual(
        docs.map((d) => d.id),
        ['blank', 'empty', 'good'],
      );
      assert.ok(docs.every((d) => !d.text.includes('\uFFFD')));
      assert.ok(docs[2].entities.length > 0);
    });

    it('a NUL far into a note (at 20,000) or a corpus document makes it unreadable: nothing of it is sent', async () => {
      const notes = tmp();
      let text = '';
      while (text.length < 30_000) text += 'Frobnitz fever resolved.\n';
      fs.writeFileSync(path.join(notes, 'late-nul.note'), text.slice(0, 20_000) + '\u0000' + text.slice(20_000));
      const corpus = path.join(tmp(), 'docs.jsonl');
      fs.writeFileSync(corpus, JSON.stringify({ id: 'doc-nul', text: text.slice(0, 20_000) + '\u0000' + text.slice(20_000) }) + '\n');
      const r = await biomed(['annotate', notes, corpus, '--out', tmp(), ...model, server.url]);
      assert.equal(r.code, 1, show(r));
      assert.match(r.stdout, /unreadable: .*late-nul\.note: not a text file \(a NUL byte at byte 20000\)/, show(r));
      assert.match(r.stdout, /unreadable: doc-nul: its text holds NUL characters \(binary data\)/, show(r));
      assert.equal(server.generationRequests().filter((q) => JSON.stringify(q.body).includes('Frobnitz')).length, 0);
    });

    it('UTF-8 with a BOM and UTF-16LE / UTF-16BE with a BOM are read as the editor reads them; CRLF and lone CR are kept; brat offsets index the .txt written', async () => {
      const notes = tmp();
      fs.writeFileSync(path.join(notes, 'plain.note'), NOTE);
      fs.writeFileSync(path.join(notes, 'bom.note'), Buffer.concat([BOM, Buffer.from(NOTE)]));
      fs.writeFileSync(path.join(notes, 'utf16le.note'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(NOTE, 'utf16le')]));
      fs.writeFileSync(path.join(notes, 'utf16be.note'), Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(NOTE, 'utf16le').swap16()]));
      fs.writeFileSync(path.join(notes, 'crlf.note'), NOTE.replace(/\n/g, '\r\n'));
      fs.writeFileSync(path.join(notes, 'cr.note'), NOTE.replace(/\n/g, '\r'));
      const out = tmp();
      const r = await biomed(['annotate', notes, '--out', out, '--format', 'brat', ...model, server.url]);
      assert.equal(r.code, 0, show(r));
      const spans = (name: string) => {
        const txt = fs.readFileSync(path.join(out, `${name}.txt`), 'utf8');
        const lines = fs
          .readFileSync(path.join(out, `${name}.ann`), 'utf8')
          .split('\n')
          .filter((l) => l.startsWith('T'));
        for (const l of lines) {
          const [, span, text] = l.split('\t');
          const [, start, end] = span.split(' ').map(Number);
          assert.equal(txt.slice(start, end).replace(/\r\n|\r|\n/g, ' '), text, `${name}: ${l}`);
        }
        return { txt, spans: lines.map((l) => l.split('\t')[1]) };
      };
      const plain = spans('plain');
      assert.ok(plain.spans.length > 0);
      for (const name of ['bom', 'utf16le', 'utf16be']) {
        const s = spans(name);
        assert.equal(s.txt, NOTE, `${name}.txt is the note's text, no byte order mark`);
        assert.deepEqual(s.spans, plain.spans, `${name}: the offsets of the note as the editor shows it`);
      }
      // Line ends as written: offsets count every \r.
      assert.equal(spans('crlf').txt, NOTE.replace(/\n/g, '\r\n'));
      assert.equal(spans('cr').txt, NOTE.replace(/\n/g, '\r'));
      assert.equal(spans('crlf').spans.length, plain.spans.length);
    });

    it('a link to a note is read (a link loop is not followed); a broken link is named as unreadable', async () => {
      const notes = tmp();
      const elsewhere = tmp();
      fs.writeFileSync(path.join(elsewhere, 'linked.note'), NOTE);
      fs.mkdirSync(path.join(notes, 'ward', 'deeper'), { recursive: true });
      fs.writeFileSync(path.join(notes, 'ward', 'deeper', 'a note é 😀.note'), NOTE);
      fs.symlinkSync(path.join(elsewhere, 'linked.note'), path.join(notes, 'ward', 'linked.note'));
      fs.symlinkSync('..', path.join(notes, 'ward', 'loop'));
      fs.symlinkSync(path.join(elsewhere, 'gone.note'), path.join(notes, 'broken.note'));
      const out = tmp();
      const r = await biomed(['annotate', notes, '--out', out, ...model, server.url]);
      noStack(r);
      assert.equal(r.code, 1, show(r));
      assert.match(r.stdout, /unreadable: .*broken\.note: cannot be read \(no such file/);
      assert.deepEqual(filesBelow(out), [path.join('ward', 'deeper', 'a note é 😀.json'), path.join('ward', 'linked.json')]);
    });

    it('corpus files: a truncated JSON line, a BioC file that is not JSON and JSON that is not BioC are counted as unreadable (exit 1); the readable documents are written', async () => {
      const dir = tmp();
      const jsonl = path.join(dir, 'docs.jsonl');
      fs.writeFileSync(jsonl, `${JSON.stringify({ id: 'a', text: 'Chest pain.' })}\n{"id":"b","te`);
      const bioc = path.join(dir, 'cut.bioc.json');
      fs.writeFileSync(bioc, '{"documents": [{"id": "c", "passages": [');
      const other = path.join(dir, 'other.bioc.json');
      fs.writeFileSync(other, '{"results": [{"id": "d"}]}');
      const out = path.join(tmp(), 'all.bioc.json');
      const r = await biomed(['annotate', jsonl, bioc, other, '--out', out, ...model, server.url]);
      assert.equal(r.code, 1, show(r));
      assert.match(r.stdout, /unreadable: .*docs\.jsonl: 1 line holds no readable document \(1 bad JSON line\)/);
      assert.match(r.stdout, /unreadable: .*cut\.bioc\.json: not valid JSON, no document could be read/);
      assert.match(r.stdout, /unreadable: .*other\.bioc\.json: JSON, but not BioC \(no "documents" list, no "passages"\), no document could be read/);
      assert.deepEqual(
        readBioC(fs.readFileSync(out, 'utf8')).map((d) => d.id),
        ['a'],
      );
    });
  });

  it('corpus files in another encoding: UTF-16 with its mark is read; a Latin-1 file is unreadable, named with what to do, the other files written (exit 1)', async () => {
    const dir = tmp();
    const utf16 = path.join(dir, 'wide.pubtator');
    fs.writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('7|t|Chest pain.\n7|a|Café au lait spots.\n', 'utf16le')]));
    const latin1 = path.join(dir, 'old.jsonl');
    fs.writeFileSync(latin1, Buffer.from(`${JSON.stringify({ id: 'l1', text: 'Chest pain.' })}\n${JSON.stringify({ id: 'l2', text: 'Café.' })}\n`, 'latin1'));
    const out = path.join(tmp(), 'all.jsonl');
    const r = await biomed(['annotate', utf16, latin1, '--out', out, ...model, server.url]);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stdout, /unreadable: .*old\.jsonl: not valid UTF-8 \(nor UTF-16 with a byte order mark\); save it as UTF-8/);
    noStack(r);
    assert.deepEqual(
      readJsonl(fs.readFileSync(out, 'utf8')).map((d) => [d.id, d.text]),
      [['7', 'Chest pain. Café au lait spots.']],
    );
  });

  describe('curated folders: a note with a BOM, a binary note', () => {
    function curated(): string {
      const dir = tmp();
      // The editor hides the BOM: the curation store's offsets do not count it.
      fs.writeFileSync(path.join(dir, 'a.txt'), Buffer.concat([BOM, Buffer.from('Chest pain treated with aspirin.\n')]));
      fs.writeFileSync(path.join(dir, 'a.ann'), 'T1\tproblem 0 10\tChest pain\nT2\ttreatment 24 31\taspirin\n');
      return dir;
    }

    it('export: the entities of a note with a BOM are all exported; a binary note is not exported, named with its reason, the others are (exit 1)', async () => {
      const dir = curated();
      fs.copyFileSync(path.join(ROOT, 'media', 'icon.png'), path.join(dir, 'b.txt'));
      fs.writeFileSync(path.join(dir, 'b.ann'), 'T1\tproblem 0 4\tx\n');
      const out = path.join(tmp(), 'out.bioc.json');
      const r = await biomed(['export', dir, '--out', out]);
      noStack(r);
      assert.equal(r.code, 1, show(r));
      assert.doesNotMatch(r.stderr, /skipped/, 'no text mismatch');
      assert.match(r.stderr, /not exported: b\.ann: .*b\.txt: not a text file/);
      const [doc] = readBioC(fs.readFileSync(out, 'utf8'));
      assert.equal(doc.text, 'Chest pain treated with aspirin.\n');
      assert.deepEqual(
        doc.entities.map((e) => e.text),
        ['Chest pain', 'aspirin'],
      );
    });

    it('agreement: a note with a BOM in A and without in B is one text; eval ner reads the BOM note without mismatches', async () => {
      const a = curated();
      const b = tmp();
      fs.writeFileSync(path.join(b, 'a.txt'), 'Chest pain treated with aspirin.\n');
      fs.writeFileSync(path.join(b, 'a.ann'), 'T1\tproblem 0 10\tChest pain\n');
      const r = await biomed(['agreement', a, b, '--json', '--strict']);
      assert.equal(r.code, 0, show(r));
      assert.equal((JSON.parse(r.stdout) as { documents: number }).documents, 1);
      const e = await biomed(['eval', 'ner', a, '--format', 'brat', '--strict', '--host', server.url]);
      assert.equal(e.code, 0, show(e));
    });
  });

  describe('empty corpora and folders for files: usage errors, nothing written, no model request', () => {
    async function usage(args: string[], message: RegExp): Promise<void> {
      const before = server.generationRequests().length;
      const r = await biomed(args);
      noStack(r);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, message, show(r));
      assert.equal(server.generationRequests().length, before, 'no model request');
    }

    it('eval ner / nli / re and instructions --task nli on a folder: "is a folder", not EISDIR', async () => {
      const dir = tmp();
      for (const args of [
        ['eval', 'ner', dir, '--format', 'pubtator'],
        ['eval', 'ner', dir, '--format', 'iob'],
        ['eval', 'nli', dir],
        ['instructions', dir, '--task', 'nli', '--out', path.join(tmp(), 'x.jsonl')],
      ]) {
        await usage([...args, ...(args[0] === 'eval' ? ['--host', server.url] : [])], /is a folder; this corpus is one file/);
      }
    });

    it('eval ner on an empty PubTator or IOB file and eval re on an empty ChemProt file: no documents, not a table of zeros; a binary file is not text', async () => {
      const dir = tmp();
      const empty = path.join(dir, 'empty.pubtator');
      fs.writeFileSync(empty, '');
      const tsv = path.join(dir, 'empty.tsv');
      fs.writeFileSync(tsv, '\n\n');
      const png = path.join(dir, 'image.txt');
      fs.copyFileSync(path.join(ROOT, 'media', 'icon.png'), png);
      const chem = path.join(dir, 'chem.jsonl');
      fs.writeFileSync(chem, '');
      await usage(['eval', 'ner', empty, '--format', 'pubtator', '--types', 'disease', '--host', server.url], /No PubTator documents in .*empty\.pubtator/);
      await usage(['eval', 'ner', tsv, '--format', 'iob', '--types', 'disease', '--host', server.url], /No IOB documents in .*empty\.tsv/);
      // Bytes that are not text: said so (exit 1), not read as an empty corpus.
      const binary = await biomed(['eval', 'ner', png, '--format', 'pubtator', '--types', 'disease', '--host', server.url]);
      noStack(binary);
      assert.equal(binary.code, 1, show(binary));
      assert.match(binary.stderr, /image\.txt: not valid UTF-8 \(nor UTF-16 with a byte order mark\); save it as UTF-8/);
      await usage(['eval', 're', chem, '--profile', 'json', '--model', 'llama3.1:8b', '--host', server.url], /No ChemProt pairs .* in .*chem\.jsonl/);
    });

    it('instructions with no rows to write and export of a folder without .ann files: refused, no file written', async () => {
      const empty = tmp();
      const out = path.join(tmp(), 'rows.jsonl');
      await usage(['instructions', empty, '--task', 'ner', '--out', out], /No ner rows from .*nothing written/);
      const tsv = path.join(tmp(), 'c.tsv');
      fs.writeFileSync(tsv, '\n');
      await usage(['instructions', tsv, '--task', 'ner', '--out', out], /No ner rows/);
      assert.ok(!fs.existsSync(out));
      const exported = path.join(tmp(), 'x.bioc.json');
      await usage(['export', empty, '--out', exported], /No \.ann files below .*: nothing to export/);
      assert.ok(!fs.existsSync(exported));
    });
  });
});
