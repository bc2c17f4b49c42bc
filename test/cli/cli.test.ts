/**
 * `biomed`, the command line, end to end: the bundled dist/cli.js run as a child process
 * against the Ollama-protocol test server on 127.0.0.1, whose oracle answers NER, relation
 * and NLI prompts from gold (the fixture notes, or corpora read with the production
 * readers). Nothing is mocked: the tests assert exit codes, stdout / stderr, the output
 * files (read back with the production readers) and what reached the server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readBioC } from '../../server/src/engine/formats/bioc';
import { readBratDocument } from '../../server/src/engine/formats/bratDocument';
import { readChemProt } from '../../server/src/engine/formats/chemprot';
import { AnnotatedDocument } from '../../server/src/engine/formats/document';
import { readIob } from '../../server/src/engine/formats/iob';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { readNliPairs } from '../../server/src/engine/formats/nliPairs';
import { readPubTator } from '../../server/src/engine/formats/pubtator';
import { mulberry32 } from '../../server/src/engine/random';
import { segment } from '../../server/src/engine/text/segment';
import { tokenize } from '../../server/src/engine/text/tokenize';
import { goldFromDocuments } from '../support/corpusGold';
import { CLINICAL_NOTES, fixtureNote, LITERATURE_NOTES } from '../support/gold';
import { CliResult, ensureCliBuilt, filesBelow, ROOT, runCli } from '../support/cli';
import {
  chemProtGold,
  GoldOracle,
  LLAMA31_MODEL,
  loadGoldDocuments,
  loadNliPairs,
  MEDTUNED_MODEL,
  OllamaTestServer,
  RecordedRequest,
} from '../support/ollamaServer';

// ---------------------------------------------------------------------------------------
// Paths, the build and running the CLI

const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const NOTES = path.join(FIXTURES, 'notes');
const NLI_PAIRS = path.join(FIXTURES, 'nli', 'clinical-nli-dev.jsonl');
const CHEMPROT = path.join(FIXTURES, 'chemprot', 'dev.jsonl');
const NCBI = path.join(FIXTURES, 'corpora', 'ncbi-disease', 'NCBIdevelopset_corpus.txt');
const BC5CDR = path.join(FIXTURES, 'corpora', 'bc5cdr', 'devel.tsv');
const ALL_NOTES = [...LITERATURE_NOTES, ...CLINICAL_NOTES].sort();

function biomed(args: string[], opts: { cwd?: string } = {}): Promise<CliResult> {
  return runCli(args, opts);
}

function show(r: CliResult): string {
  return `exit ${r.code}\n--- stdout ---\n${r.stdout.slice(0, 4000)}\n--- stderr ---\n${r.stderr.slice(0, 4000)}`;
}

const tmpDirs: string[] = [];
function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-cli-'));
  tmpDirs.push(d);
  return d;
}

function assertNoTempFiles(dir: string): void {
  // engine/atomicWrite.ts names them `.<name>.<pid>.<random>.tmp`.
  const left = filesBelow(dir).filter((f) => /^\..*\.tmp$/.test(path.basename(f)));
  assert.deepEqual(left, [], `temporary files left in ${dir}`);
}

// ---------------------------------------------------------------------------------------
// Expected annotations

interface Span {
  start: number;
  end: number;
  type: string;
}
interface Rel {
  label: string;
  head: Span;
  tail: Span;
}

const byOffset = (a: Span, b: Span) => a.start - b.start || a.end - b.end || a.type.localeCompare(b.type);

function entitySpans(doc: AnnotatedDocument): Span[] {
  return doc.entities.map((e) => ({ start: e.start, end: e.end, type: e.type.toLowerCase() })).sort(byOffset);
}

function relationList(doc: AnnotatedDocument): Rel[] {
  const byId = new Map(doc.entities.map((e) => [e.id, { start: e.start, end: e.end, type: e.type.toLowerCase() }]));
  return doc.relations
    .map((r) => ({ label: r.label, head: byId.get(r.head)!, tail: byId.get(r.tail)! }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

const CLINICAL = ['problem', 'treatment', 'test'];

/** The gold of a fixture note restricted to the chosen types. */
function expectedFor(name: string, types: string[]): { entities: Span[]; relations: Rel[] } {
  const note = fixtureNote(name);
  const entities = note.gold.filter((g) => types.includes(g.type)).sort(byOffset);
  const relations = note.relations
    .filter((r) => types.includes(r.head.type) && types.includes(r.tail.type))
    .map((r) => ({ label: r.label, head: r.head, tail: r.tail }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  return { entities, relations };
}

// ---------------------------------------------------------------------------------------
// What reached the server

/** A medtuned prompt in the training layout: `### Instruction: {i}\n ### Input: {x}\n ### Output:`, nothing after. */
const MEDTUNED_PROMPT = /^### Instruction: ([\s\S]*?)\n ### Input: ([\s\S]*)\n ### Output:$/;

/** The `### Input:` of a medtuned prompt. */
function medtunedInput(r: RecordedRequest): string | undefined {
  const m = MEDTUNED_PROMPT.exec(r.body?.prompt ?? '');
  return m ? m[2] : undefined;
}

/** The `### Instruction:` of a medtuned prompt. */
function medtunedInstruction(r: RecordedRequest): string | undefined {
  const m = MEDTUNED_PROMPT.exec(r.body?.prompt ?? '');
  return m ? m[1] : undefined;
}

/**
 * The verbatim training instructions per dataset, read from the reference file (not from the
 * engine's constants): `### <Dataset> (...)` headings, each variant a numbered fenced block.
 * Keys are the heading's first word in lower case: ncbi-disease, bc5cdr-disease, bc5cdr-chem,
 * bc2gm, jnlpba, i2b2-2012, i2b2-2010, mednli, gad (the `source` names of `biomed instructions`).
 */
const REFERENCE_VARIANTS: ReadonlyMap<string, readonly string[]> = (() => {
  const text = fs.readFileSync(path.join(FIXTURES, 'reference', 'medtuned-training-data.md'), 'utf8').replace(/\r\n/g, '\n');
  const lines = text.slice(text.indexOf('## The instruction variants, verbatim')).split('\n');
  const sets = new Map<string, string[]>();
  let current: string[] | undefined;
  for (let i = 1; i < lines.length; i++) {
    if (/^## /.test(lines[i])) break;
    const heading = /^### (\S+)/.exec(lines[i]);
    if (heading) sets.set(heading[1].toLowerCase(), (current = []));
    else if (/^\d+\.$/.test(lines[i]) && lines[i + 1] === '```') {
      const end = lines.indexOf('```', i + 2);
      current!.push(lines.slice(i + 2, end).join('\n'));
      i = end;
    }
  }
  assert.equal(sets.get('ncbi-disease')?.length, 5, 'the reference file reads');
  assert.equal(sets.get('i2b2-2010')?.length, 3, 'the reference file reads');
  return sets;
})();

/** Every (dataset, variant) the instruction is verbatim (BC2GM and JNLPBA share theirs). */
function variantsOf(instruction: string | undefined): { dataset: string; variant: number }[] {
  const found: { dataset: string; variant: number }[] = [];
  for (const [dataset, variants] of REFERENCE_VARIANTS) {
    const i = variants.indexOf(instruction ?? '\u0000');
    if (i >= 0) found.push({ dataset, variant: i + 1 });
  }
  return found;
}

/** The medtuned prompts of `sent` as (dataset, variant), asserting each is a verbatim training variant. */
function promptVariants(sent: readonly RecordedRequest[]): { dataset: string; variant: number }[] {
  return sent
    .filter((q) => q.path === '/api/generate')
    .map((q) => {
      const found = variantsOf(medtunedInstruction(q));
      assert.ok(found.length > 0, `not a verbatim training instruction in the training layout: ${JSON.stringify(q.body?.prompt).slice(0, 300)}`);
      return found[0];
    });
}

function kindOf(r: RecordedRequest): 'nli' | 're' | 'ner' | 'other' {
  const body = r.body;
  if (r.path === '/api/generate') {
    if (GoldOracle.parseMedtunedNli(body)) return 'nli';
    if (GoldOracle.parseMedtunedRelation(body)) return 're';
    if (GoldOracle.parseMedtunedNer(body)) return 'ner';
  } else {
    if (GoldOracle.parseJsonNli(body)) return 'nli';
    if (GoldOracle.parseJsonRelation(body)) return 're';
    if (GoldOracle.parseJsonNer(body)) return 'ner';
  }
  return 'other';
}

const dense = (s: string) => s.replace(/\s+/g, '');

describe('biomed CLI (dist/cli.js as a child process)', () => {
  before(function () {
    this.timeout(120_000);
    ensureCliBuilt();
  });

  after(() => {
    for (const d of tmpDirs) fs.rmSync(d, { recursive: true, force: true });
  });

  // ---------------------------------------------------------------------------------------
  // 1. Usage

  describe('CLI: usage', function () {
    this.timeout(30_000);
    let server: OllamaTestServer;
    before(async () => {
      server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
    });
    after(async () => server.stop());

    it('--help prints the commands and exits 0; no command at all exits 2 with the same help', async () => {
      const r = await biomed(['--help']);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /Usage: biomed <command>/);
      for (const c of ['annotate', 'eval', 'instructions', 'modelfile']) assert.match(r.stdout, new RegExp(`^\\s+${c}\\s`, 'm'));
      // Every engine is named, not only Ollama.
      assert.match(r.stdout, /OpenAI-compatible/);
      assert.match(r.stdout, /--model-path/);
      assert.match(r.stdout, /--engine chooses, and its default, auto, tries them in that order/);
      const none = await biomed([]);
      assert.equal(none.code, 2, show(none));
      assert.match(none.stdout, /Usage: biomed <command>/);
    });

    const subcommands: [string[], RegExp][] = [
      [['annotate', '--help'], /^Usage: biomed annotate <files or folders\.\.\.> --out/m],
      [['annotate', '-h'], /^Usage: biomed annotate/m],
      [['eval', '--help'], /^Usage: biomed eval ner <corpus> --format/m],
      [['eval', 'ner', '--help'], /^Usage: biomed eval ner/m],
      [['eval', 're', '--help'], /biomed eval re <chemprot\.jsonl \| brat folder>/],
      [['eval', 'nli', '--help'], /biomed eval nli <pairs\.jsonl>/],
      [['instructions', '--help'], /^Usage: biomed instructions <corpus\.\.\.> --task ner\|re\|nli/m],
      [['modelfile', '--help'], /^Usage: biomed modelfile --gguf <path>/m],
    ];
    for (const [args, usage] of subcommands) {
      it(`biomed ${args.join(' ')} prints its usage and exits 0`, async () => {
        const r = await biomed(args);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, usage);
        assert.equal(r.stderr, '');
      });
    }

    it('an unknown command exits 2 and says to run --help', async () => {
      const r = await biomed(['annotat', 'x']);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /Unknown command "annotat"/);
      assert.match(r.stderr, /biomed --help/);
    });

    it('an unknown option and an unknown evaluation exit 2', async () => {
      const r = await biomed(['annotate', NOTES, '--out', tmpDir(), '--colour']);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /--colour/);
      const e = await biomed(['eval', 'pos', NCBI]);
      assert.equal(e.code, 2, show(e));
      assert.match(e.stderr, /Unknown evaluation "pos": use ner, re or nli/);
    });

    const missing: { name: string; args: () => string[]; says: RegExp; help: string }[] = [
      {
        name: 'annotate without --out',
        args: () => ['annotate', NOTES, '--host', server.url],
        says: /--out is required: a folder \(one output per note\) or a file/,
        help: 'biomed annotate --help',
      },
      {
        name: 'annotate without inputs',
        args: () => ['annotate', '--out', tmpDir(), '--host', server.url],
        says: /Give at least one file or folder/,
        help: 'biomed annotate --help',
      },
      {
        name: 'eval ner without --format',
        args: () => ['eval', 'ner', NCBI, '--host', server.url],
        says: /needs --format pubtator, iob or brat/,
        help: 'biomed eval --help',
      },
      {
        name: 'instructions without --task',
        args: () => ['instructions', NCBI, '--out', path.join(tmpDir(), 'x.jsonl')],
        says: /--task is required: ner, re or nli/,
        help: 'biomed instructions --help',
      },
      {
        name: 'instructions without --out',
        args: () => ['instructions', NCBI, '--task', 'ner'],
        says: /--out is required/,
        help: 'biomed instructions --help',
      },
      { name: 'modelfile without --gguf', args: () => ['modelfile'], says: /--gguf is required: the path of the model file/, help: 'biomed modelfile --help' },
    ];
    for (const m of missing) {
      it(`${m.name} exits 2 and says what to do`, async () => {
        const before = server.generationRequests().length;
        const r = await biomed(m.args());
        assert.equal(r.code, 2, show(r));
        assert.match(r.stderr, m.says);
        assert.ok(r.stderr.includes(`Run "${m.help}" for usage.`), show(r));
        assert.equal(r.stdout, '');
        assert.equal(server.generationRequests().length, before, 'no model request for a usage error');
      });
    }

    it('a bad option value exits 2 naming the option', async () => {
      const r = await biomed(['annotate', NOTES, '--out', tmpDir(), '--format', 'xml', '--host', server.url]);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /--format must be one of json, bioc, brat, pubtator \(got "xml"\)/);
      const t = await biomed(['annotate', NOTES, '--out', tmpDir(), '--types', 'problem,organ', '--host', server.url]);
      assert.equal(t.code, 2, show(t));
      assert.match(t.stderr, /--types takes a comma-separated list of/);
    });

    it('--instruction-variant outside 1-5 is a usage error for annotate and eval; all is one for annotate', async () => {
      const before = server.generationRequests().length;
      const cases: [string[], RegExp][] = [];
      for (const bad of ['0', '6', '2.5', 'first']) {
        cases.push([['annotate', NOTES, '--out', tmpDir(), '--instruction-variant', bad], /--instruction-variant must be a whole number from 1 to 5/]);
        cases.push([['eval', 'nli', NLI_PAIRS, '--instruction-variant', bad], /--instruction-variant must be a whole number from 1 to 5/]);
        cases.push([['eval', 'ner', NCBI, '--format', 'pubtator', '--instruction-variant', bad], /--instruction-variant must be a whole number from 1 to 5/]);
      }
      cases.push([
        ['annotate', NOTES, '--out', tmpDir(), '--instruction-variant', 'all'],
        /--instruction-variant all scores every variant and is for biomed eval/,
      ]);
      cases.push([['annotate', NOTES, '--out', tmpDir(), '--untrained-kinds', 'ask'], /--untrained-kinds must be one of skip, json-prompt \(got "ask"\)/]);
      cases.push([['eval', 'nli', NLI_PAIRS, '--untrained-kinds', 'skip'], /--untrained-kinds/]);
      for (const [args, says] of cases) {
        const r = await biomed([...args, '--host', server.url]);
        assert.equal(r.code, 2, `${args.join(' ')}\n${show(r)}`);
        assert.match(r.stderr, says, args.join(' '));
        assert.equal(r.stdout, '');
      }
      assert.equal(server.generationRequests().length, before, 'no model request for a usage error');
    });

    it('the help of annotate and eval says what --instruction-variant and --untrained-kinds do', async () => {
      const a = await biomed(['annotate', '--help']);
      assert.match(a.stdout, /--instruction-variant N\n\s+medtuned profile: ask with variant N \(1-5\) of the training instructions/);
      assert.match(a.stdout, /--untrained-kinds K\s+skip \| json-prompt \(default skip\)/);
      assert.match(a.stdout, /chemical-disease, gene-disease, chemical-gene/);
      assert.match(a.stdout, /marked untrained/);
      const e = await biomed(['eval', '--help']);
      assert.match(e.stdout, /--instruction-variant N\|all/);
      assert.match(e.stdout, /sample standard deviation \(n - 1\)/);
      assert.doesNotMatch(e.stdout, /--untrained-kinds/);
    });

    for (const cmd of [
      ['annotate', NOTES, '--out', '<tmp>'],
      ['eval', 'nli', NLI_PAIRS],
      ['eval', 'ner', NCBI, '--format', 'pubtator'],
    ]) {
      it(`a host that is not this machine is refused (${cmd.slice(0, 2).join(' ')}): exit 2, protected health information, --allow-remote-host`, async () => {
        const out = tmpDir();
        const args = cmd.map((a) => (a === '<tmp>' ? out : a));
        const r = await biomed([...args, '--host', 'http://10.20.30.40:11434']);
        assert.equal(r.code, 2, show(r));
        assert.match(r.stderr, /protected health information/);
        assert.match(r.stderr, /--allow-remote-host/);
        assert.doesNotMatch(r.stderr, /biomedNlp\.allowRemoteHost/, 'the message names the command-line option, not the editor setting');
        assert.deepEqual(fs.readdirSync(out), []);
      });
    }
  });

  // ---------------------------------------------------------------------------------------
  // 2. annotate

  describe('CLI: annotate', function () {
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
      const [skipped, ...lines] = r.stderr.trim().split('\n');
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
      const r = await biomed([
        'annotate',
        abstract,
        '--out',
        medtuned,
        '--types',
        'disease,chemical,gene',
        '--model',
        MEDTUNED_MODEL.name,
        '--host',
        server.url,
      ]);
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

      assert.deepEqual(
        filesBelow(brat),
        ALL_NOTES.flatMap((n) => [`${n}.ann`, `${n}.txt`]),
      );
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

  // ---------------------------------------------------------------------------------------
  // 3. eval ner

  interface NerJson {
    documents: number;
    failed: number;
    profile: string;
    types: string[];
    score: {
      strict: { micro: Prf; perType: Record<string, Prf> };
      overlap: { micro: Prf; perType: Record<string, Prf> };
    };
    published: { dataset: string; medtuned7b: number }[];
  }
  interface Stats {
    values: number[];
    mean: number;
    sd: number;
  }
  interface Prf {
    tp: number;
    fp: number;
    fn: number;
    precision: number;
    recall: number;
    f1: number;
  }

  function parseJsonOut<T>(r: CliResult): T {
    try {
      return JSON.parse(r.stdout) as T;
    } catch {
      assert.fail(`stdout is not JSON:\n${show(r)}`);
    }
  }

  /** eval ner reports percentages rounded to one decimal (conlleval's pct). */
  const closeRounded = (actual: number, expected: number, what: string) => {
    const rounded = Math.round(expected * 10) / 10;
    assert.ok(Math.abs(actual - rounded) < 1e-9, `${what}: ${actual} ≠ ${rounded} (${expected})`);
  };

  /**
   * What the oracle answers for each IOB sentence: the medtuned oracle finds the prompt's
   * words as the FIRST run of those tokens in its gold, so a sentence whose text also occurs
   * inside an earlier sentence is tagged as that earlier occurrence is (BC5CDR devel: "St ."
   * alone, a disease, and inside "... Clinic at St ." without one). Per type, the tp / fp / fn
   * that a perfect client gets under the oracle.
   */
  function oracleCounts(docs: AnnotatedDocument[]): Record<string, { tp: number; fp: number; fn: number }> {
    const padded = docs.map((d) => ` ${d.text} `);
    const counts: Record<string, { tp: number; fp: number; fn: number }> = {};
    const count = (t: string) => (counts[t.toLowerCase()] ??= { tp: 0, fp: 0, fn: 0 });
    docs.forEach((d, i) => {
      let answered = d.entities.map((e) => ({ start: e.start, end: e.end, type: e.type }));
      for (let e = 0; e < i; e++) {
        const at = padded[e].indexOf(` ${d.text} `);
        if (at < 0) continue;
        const inside = docs[e].entities.filter((x) => x.end > at && x.start < at + d.text.length);
        assert.ok(
          inside.every((x) => x.start >= at && x.end <= at + d.text.length),
          'no entity crosses the window',
        );
        answered = inside.map((x) => ({ start: x.start - at, end: x.end - at, type: x.type }));
        break;
      }
      const key = (x: { start: number; end: number; type: string }) => `${x.start}:${x.end}:${x.type}`;
      const gold = new Set(d.entities.map(key));
      const pred = new Set(answered.map(key));
      for (const g of d.entities) count(g.type)[pred.has(key(g)) ? 'tp' : 'fn']++;
      for (const p of answered) if (!gold.has(key(p))) count(p.type).fp++;
    });
    return counts;
  }

  describe('CLI: eval ner', function () {
    this.timeout(60_000);

    describe('NCBI-disease (PubTator)', () => {
      const docs = readPubTator(fs.readFileSync(NCBI, 'utf8'));
      const gold = goldFromDocuments(docs);
      let server: OllamaTestServer;
      before(async () => {
        server = await OllamaTestServer.start({ gold });
      });
      after(async () => server.stop());

      for (const { label, args, profile } of [
        { label: 'medtuned profile', args: ['--profile', 'medtuned'], profile: 'medtuned' },
        { label: 'json profile (llama3.1:8b)', args: ['--model', LLAMA31_MODEL.name], profile: 'json' },
      ]) {
        it(`${label}: strict and overlap micro F1 100.0 under the oracle`, async () => {
          const r = await biomed(['eval', 'ner', NCBI, '--format', 'pubtator', '--json', ...args, '--host', server.url]);
          assert.equal(r.code, 0, show(r));
          const res = parseJsonOut<NerJson>(r);
          assert.equal(res.profile, profile);
          assert.equal(res.documents, docs.length);
          assert.equal(res.failed, 0);
          assert.deepEqual(res.types, ['disease']);
          const goldCount = docs.reduce((n, d) => n + d.entities.length, 0);
          assert.equal(res.score.strict.micro.tp + res.score.strict.micro.fn, goldCount);
          for (const kind of ['strict', 'overlap'] as const) {
            assert.deepEqual([res.score[kind].micro.fp, res.score[kind].micro.fn], [0, 0], kind);
            assert.equal(res.score[kind].micro.f1, 100, kind);
            assert.equal(res.score[kind].micro.precision, 100, kind);
            assert.equal(res.score[kind].micro.recall, 100, kind);
          }
          assert.equal(res.published[0].dataset, 'NCBI-disease');
          assert.equal(res.published[0].medtuned7b, 87.18);
          if (profile === 'medtuned') assert.ok(server.generationRequests().every((q) => q.path === '/api/generate'));
        });
      }

      it('medtuned: NCBI-disease is asked with the NCBI-disease training instructions, variant 1 by default', async () => {
        const before = server.generationRequests().length;
        const r = await biomed(['eval', 'ner', NCBI, '--format', 'pubtator', '--limit', '5', '--profile', 'medtuned', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /^instructions: NCBI-disease \(disease\), instruction variant 1; chosen by the corpus's name$/m);
        const asked = promptVariants(server.generationRequests().slice(before));
        assert.ok(asked.length > 0);
        assert.deepEqual([...new Set(asked.map((a) => `${a.dataset} ${a.variant}`))], ['ncbi-disease 1']);
      });

      interface NerAllJson {
        documents: number;
        failed: number;
        profile: string;
        instructionVariants: number[];
        datasets: Record<string, string>;
        variants: { variant: number; failed: number; score: NerJson['score'] }[];
        summary: { metric: string; statistic: string; micro: Stats; perType: Record<string, Stats> };
        published: { dataset: string; medtuned7b: number }[];
      }

      it('--instruction-variant all --json: 5 variants scored, their mean and sample SD, the published figure; every prompt a verbatim NCBI-disease variant', async () => {
        const before = server.generationRequests().length;
        const limit = 5;
        const r = await biomed([
          'eval',
          'ner',
          NCBI,
          '--format',
          'pubtator',
          '--limit',
          String(limit),
          '--instruction-variant',
          'all',
          '--json',
          '--host',
          server.url,
        ]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<NerAllJson>(r);
        assert.equal(res.profile, 'medtuned');
        assert.deepEqual(res.instructionVariants, [1, 2, 3, 4, 5]);
        assert.deepEqual(res.datasets, { disease: 'ncbi-disease' });
        assert.deepEqual(
          res.variants.map((v) => v.variant),
          [1, 2, 3, 4, 5],
        );
        for (const v of res.variants) {
          assert.equal(v.failed, 0);
          assert.equal(v.score.strict.micro.f1, 100, `variant ${v.variant}`);
        }
        assert.equal(res.summary.metric, 'strict F1');
        assert.match(res.summary.statistic, /sample standard deviation \(n - 1\)/);
        assert.deepEqual(res.summary.micro, { values: [100, 100, 100, 100, 100], mean: 100, sd: 0 });
        assert.deepEqual(res.summary.perType.disease, { values: [100, 100, 100, 100, 100], mean: 100, sd: 0 });
        assert.deepEqual(
          res.published.map((p) => [p.dataset, p.medtuned7b]),
          [['NCBI-disease', 87.18]],
        );
        // Each variant is its own prompt: one NER prompt per sentence and variant, none from the cache of another.
        const sentences = docs.slice(0, limit).reduce((n, d) => n + segment(d.text).filter((s) => s.kind === 'sentence').length, 0);
        const asked = promptVariants(server.generationRequests().slice(before));
        assert.ok(asked.every((a) => a.dataset === 'ncbi-disease'));
        for (const v of [1, 2, 3, 4, 5]) assert.equal(asked.filter((a) => a.variant === v).length, sentences, `prompts of variant ${v}`);
      });

      it('--instruction-variant all (table): a row per variant, mean and SD rows, the published figure beside the mean', async () => {
        const r = await biomed(['eval', 'ner', NCBI, '--format', 'pubtator', '--limit', '3', '--instruction-variant', 'all', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /^variant\s+disease F1\s+micro P\s+micro R\s+micro F1\s+overlap F1$/m);
        for (const v of [1, 2, 3, 4, 5]) assert.match(r.stdout, new RegExp(`^variant ${v}(\\s+100\\.0){5}$`, 'm'));
        assert.doesNotMatch(r.stdout, /^variant 6/m);
        assert.match(r.stdout, /^mean(\s+100\.00){5}$/m);
        assert.match(r.stdout, /^SD \(sample\)(\s+0\.00){5}$/m);
        assert.match(r.stdout, /mean and sample standard deviation \(n - 1\) over the 5 variants/);
        assert.match(r.stdout, /^NCBI-disease\s+100\.00 ± 0\.00\s+87\.18\s+85\.69\s+88\.62$/m);
      });

      it('the table output shows the scores and the published NCBI-disease figures', async () => {
        const r = await biomed(['eval', 'ner', NCBI, '--format', 'pubtator', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /\(medtuned profile\)/);
        assert.match(r.stdout, /^disease\s+787\s+100\.0\s+100\.0\s+100\.0\s+100\.0\s+100\.0\s+100\.0$/m);
        assert.match(r.stdout, /^micro\s+787\s+100\.0\s+100\.0\s+100\.0/m);
        assert.match(r.stdout, /Published F1/);
        assert.match(r.stdout, /^NCBI-disease\s+100\.0\s+87\.18\s+85\.69\s+88\.62$/m);
      });

      it('--limit 5 evaluates the first 5 documents', async () => {
        const before = server.generationRequests().length;
        const r = await biomed(['eval', 'ner', NCBI, '--format', 'pubtator', '--limit', '5', '--json', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<NerJson>(r);
        assert.equal(res.documents, 5);
        const first5 = docs.slice(0, 5);
        assert.equal(
          res.score.strict.micro.tp,
          first5.reduce((n, d) => n + d.entities.length, 0),
        );
        assert.equal(res.score.strict.micro.f1, 100);
        // One NER prompt per sentence of the five documents, and none of the others.
        const sentences = first5.reduce((n, d) => n + segment(d.text).filter((s) => s.kind === 'sentence').length, 0);
        const sent = server.generationRequests().slice(before);
        assert.equal(sent.length, sentences);
        const texts = first5.map((d) => dense(d.text));
        for (const q of sent) assert.ok(texts.some((t) => t.includes(dense(medtunedInput(q)!))));
      });

      it('a noisy oracle (noise 0.2): precision 100.0, recall and F1 as the dropped gold entities imply', async () => {
        const noise = 0.2;
        const seed = 7;
        const limit = 40;
        const noisy = await OllamaTestServer.start({ gold, noise, seed });
        try {
          const r = await biomed([
            'eval',
            'ner',
            NCBI,
            '--format',
            'pubtator',
            '--limit',
            String(limit),
            '--json',
            '--profile',
            'medtuned',
            '--host',
            noisy.url,
          ]);
          assert.equal(r.code, 0, show(r));
          const res = parseJsonOut<NerJson>(r);
          // How the oracle chooses (test/support/ollamaServer/goldIndex.ts, chooseDropped): the keys `doc:entity`
          // over all gold documents, shuffled by mulberry32(seed), the first round(noise × N) dropped.
          const keys = gold.flatMap((g, d) => g.entities.map((_, e) => `${d}:${e}`));
          const n = Math.round(noise * keys.length);
          const rnd = mulberry32(seed);
          for (let i = keys.length - 1; i > 0; i--) {
            const j = Math.floor(rnd() * (i + 1));
            [keys[i], keys[j]] = [keys[j], keys[i]];
          }
          const dropped = new Set(keys.slice(0, n));
          // Scored: every entity of the evaluated documents (all NCBI classes are diseases).
          let goldCount = 0;
          let droppedCount = 0;
          docs.slice(0, limit).forEach((d, di) =>
            d.entities.forEach((_, ei) => {
              goldCount++;
              if (dropped.has(`${di}:${ei}`)) droppedCount++;
            }),
          );
          assert.ok(droppedCount > 0);
          const recall = (100 * (goldCount - droppedCount)) / goldCount;
          const f1 = (2 * 100 * recall) / (100 + recall);
          const s = res.score.strict.micro;
          assert.deepEqual({ tp: s.tp, fp: s.fp, fn: s.fn }, { tp: goldCount - droppedCount, fp: 0, fn: droppedCount });
          assert.equal(s.precision, 100);
          closeRounded(s.recall, recall, 'recall');
          closeRounded(s.f1, f1, 'F1');
        } finally {
          await noisy.stop();
        }
      });
    });

    describe('BC5CDR (IOB)', () => {
      const docs = readIob(fs.readFileSync(BC5CDR, 'utf8'));
      let server: OllamaTestServer;
      before(async () => {
        server = await OllamaTestServer.start({ gold: goldFromDocuments(docs) });
      });
      after(async () => server.stop());

      it('medtuned profile: chemical and disease strict F1 100.0, every prompt input is a corpus sentence in its own tokens', async () => {
        const before = server.generationRequests().length;
        const r = await biomed(['eval', 'ner', BC5CDR, '--format', 'iob', '--profile', 'medtuned', '--json', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<NerJson>(r);
        assert.equal(res.documents, docs.length);
        assert.deepEqual([...res.types].sort(), ['chemical', 'disease']);
        const expected = oracleCounts(docs);
        for (const t of ['chemical', 'disease']) {
          // 100.0 as printed (one decimal); the counts exactly as the oracle's answers imply.
          assert.equal(res.score.strict.perType[t].f1, 100, t);
          const { tp, fp, fn } = res.score.strict.perType[t];
          assert.deepEqual({ tp, fp, fn }, expected[t], t);
          assert.equal(
            tp + fn,
            docs.reduce((n, d) => n + d.entities.filter((e) => e.type.toLowerCase() === t).length, 0),
            t,
          );
        }
        assert.equal(res.score.strict.micro.f1, 100);
        assert.deepEqual(res.published.map((p) => p.dataset).sort(), ['BC5CDR-chem', 'BC5CDR-disease']);
        const sentences = new Set(docs.map((d) => d.sentences![0].tokens!.map((t) => t.text).join(' ')));
        const sent = server.generationRequests().slice(before);
        assert.ok(sent.length >= docs.length);
        for (const q of sent) {
          const input = medtunedInput(q);
          assert.ok(input !== undefined && sentences.has(input), `not a corpus sentence in its tokens: ${input}`);
        }
        // A BC5CDR corpus is asked with BC5CDR's training instructions, disease and chemical.
        const asked = promptVariants(sent);
        assert.deepEqual([...new Set(asked.map((a) => `${a.dataset} ${a.variant}`))].sort(), ['bc5cdr-chem 1', 'bc5cdr-disease 1']);
        assert.equal(asked.filter((a) => a.dataset === 'bc5cdr-chem').length, asked.filter((a) => a.dataset === 'bc5cdr-disease').length);
      });

      it('a corpus with chemicals and diseases whose name says nothing is asked with the BC5CDR instructions (its types decide)', async () => {
        const dir = tmpDir();
        const file = path.join(dir, 'mine.tsv');
        fs.writeFileSync(file, 'Lithium\tB-Chemical\n-\tO\ninduced\tO\npolyuria\tB-Disease\n.\tO\n');
        const own = readIob(fs.readFileSync(file, 'utf8'));
        const tiny = await OllamaTestServer.start({ gold: goldFromDocuments(own) });
        try {
          const r = await biomed(['eval', 'ner', file, '--format', 'iob', '--profile', 'medtuned', '--host', tiny.url]);
          assert.equal(r.code, 0, show(r));
          assert.match(r.stdout, /^instructions: BC5CDR-(chem|disease) .*; chosen by the corpus's entity types$/m);
          assert.deepEqual([...new Set(promptVariants(tiny.generationRequests()).map((a) => a.dataset))].sort(), ['bc5cdr-chem', 'bc5cdr-disease']);
          // Named otherwise, the name wins: --dataset ncbi asks the disease with NCBI-disease's.
          const before = tiny.generationRequests().length;
          const n = await biomed([
            'eval',
            'ner',
            file,
            '--format',
            'iob',
            '--profile',
            'medtuned',
            '--dataset',
            'ncbi',
            '--types',
            'disease',
            '--host',
            tiny.url,
          ]);
          assert.equal(n.code, 0, show(n));
          assert.deepEqual([...new Set(promptVariants(tiny.generationRequests().slice(before)).map((a) => a.dataset))], ['ncbi-disease']);
        } finally {
          await tiny.stop();
        }
      });

      it('medtuned profile: tokens the engine would split (Na+, 5-FU, 2.5, mg/kg) reach the model as the corpus has them', async () => {
        const dir = tmpDir();
        const file = path.join(dir, 'tokens.tsv');
        const rows = [
          ['Blockade', 'O'],
          ['of', 'O'],
          ['Na+', 'B-Chemical'],
          ['channels', 'O'],
          ['by', 'O'],
          ['5-FU', 'B-Chemical'],
          ['caused', 'O'],
          ['acute', 'B-Disease'],
          ['cardiotoxicity', 'I-Disease'],
          ['(', 'O'],
          ['2.5', 'O'],
          ['mg/kg', 'O'],
          [')', 'O'],
          ['.', 'O'],
        ];
        const second = [
          ['Lithium', 'B-Chemical'],
          ['-', 'O'],
          ['induced', 'O'],
          ['polyuria', 'B-Disease'],
          ['.', 'O'],
        ];
        fs.writeFileSync(file, rows.map((r) => r.join('\t')).join('\n') + '\n\n' + second.map((r) => r.join('\t')).join('\n') + '\n');
        const own = readIob(fs.readFileSync(file, 'utf8'));
        const sentence = rows.map((r) => r[0]).join(' ');
        // The point of the test: the engine's own tokenizer would send other words.
        assert.notEqual(
          tokenize(sentence)
            .map((t) => t.text)
            .join(' '),
          sentence,
        );
        const tiny = await OllamaTestServer.start({ gold: goldFromDocuments(own) });
        try {
          const r = await biomed(['eval', 'ner', file, '--format', 'iob', '--profile', 'medtuned', '--json', '--host', tiny.url]);
          assert.equal(r.code, 0, show(r));
          const res = parseJsonOut<NerJson>(r);
          assert.equal(res.score.strict.micro.f1, 100);
          assert.equal(res.score.strict.micro.tp, 5);
          const inputs = tiny.generationRequests().map(medtunedInput);
          assert.equal(inputs.length, 4, 'one prompt per sentence and type');
          assert.deepEqual([...new Set(inputs)].sort(), [sentence, second.map((r) => r[0]).join(' ')].sort());
        } finally {
          await tiny.stop();
        }
      });

      it('json profile: chemical and disease strict F1 100.0 on the first 500 sentences', async () => {
        const r = await biomed(['eval', 'ner', BC5CDR, '--format', 'iob', '--model', LLAMA31_MODEL.name, '--limit', '500', '--json', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<NerJson>(r);
        assert.equal(res.documents, 500);
        assert.equal(res.profile, 'json');
        const expected = oracleCounts(docs.slice(0, 500));
        for (const t of ['chemical', 'disease']) {
          assert.equal(res.score.strict.perType[t].f1, 100, t);
          const { tp, fp, fn } = res.score.strict.perType[t];
          assert.deepEqual({ tp, fp, fn }, expected[t], t);
        }
      });
    });
  });

  // ---------------------------------------------------------------------------------------
  // 4. eval re

  /** eval re reports unrounded percentages. */
  // The CLI reports percentages with one decimal.
  const close = (actual: number, expected: number, what: string) =>
    assert.equal(actual, Math.round(expected * 10) / 10, `${what}: ${actual} ≠ ${expected} rounded`);

  interface ReJson {
    items: number;
    failed: number;
    unreachable: string[];
    micro: Prf;
    labels: Record<string, Prf>;
  }

  describe('CLI: eval re', function () {
    this.timeout(60_000);

    describe('ChemProt dev', () => {
      const pairs = readChemProt(fs.readFileSync(CHEMPROT, 'utf8'));
      let server: OllamaTestServer;
      before(async () => {
        server = await OllamaTestServer.start({ gold: chemProtGold(pairs) });
      });
      after(async () => server.stop());

      it('json profile: micro-F1 as implied by the doubly-labelled pairs', async () => {
        const r = await biomed(['eval', 're', CHEMPROT, '--profile', 'json', '--model', LLAMA31_MODEL.name, '--json', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<ReJson>(r);
        assert.equal(res.items, pairs.length);
        assert.equal(res.failed, 0);
        // The same marked text with two labels: the oracle answers the first label for both,
        // so one of the two is right and the other is a false positive and a false negative.
        const groups = new Map<string, string[]>();
        for (const p of pairs) {
          const key = JSON.stringify([p.text, p.chemical, p.gene]);
          groups.set(key, [...(groups.get(key) ?? []), p.label]);
        }
        const doubly = [...groups.values()].filter((labels) => new Set(labels).size > 1);
        assert.equal(doubly.length, 15, 'the dev set has 15 doubly-labelled pairs');
        let tp = 0;
        let wrong = 0;
        for (const p of pairs) {
          const answered = groups.get(JSON.stringify([p.text, p.chemical, p.gene]))![0];
          if (answered === p.label) tp++;
          else wrong++;
        }
        assert.equal(
          wrong,
          doubly.reduce((n, labels) => n + labels.filter((l) => l !== labels[0]).length, 0),
        );
        const precision = (100 * tp) / (tp + wrong);
        const recall = (100 * tp) / (tp + wrong);
        assert.deepEqual({ tp: res.micro.tp, fp: res.micro.fp, fn: res.micro.fn }, { tp, fp: wrong, fn: wrong });
        close(res.micro.precision, precision, 'precision');
        close(res.micro.recall, recall, 'recall');
        close(res.micro.f1, (2 * precision * recall) / (precision + recall), 'F1');
        assert.ok(res.micro.f1 < 100);
        // Every request went through the json layout.
        assert.ok(server.generationRequests().every((q) => q.path === '/api/chat' && q.body.model === LLAMA31_MODEL.name));
      });

      it('the table output has a row per label and the micro row', async () => {
        const r = await biomed(['eval', 're', CHEMPROT, '--profile', 'json', '--model', LLAMA31_MODEL.name, '--limit', '200', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        assert.match(r.stdout, /: 200 pairs, model llama3\.1:8b \(json profile\)/);
        assert.match(r.stdout, /^micro \(no none\)\s+200\s+[\d.]+\s+[\d.]+\s+[\d.]+$/m);
      });

      it('with the medtuned profile: exit 2, ChemProt needs the json profile, no model request', async () => {
        const before = server.generationRequests().length;
        const r = await biomed(['eval', 're', CHEMPROT, '--profile', 'medtuned', '--host', server.url]);
        assert.equal(r.code, 2, show(r));
        assert.match(r.stderr, /ChemProt relations need --profile json/);
        assert.equal(server.generationRequests().length, before);
      });
    });

    describe('the fixture notes as a BRAT folder', () => {
      let server: OllamaTestServer;
      before(async () => {
        server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
      });
      after(async () => server.stop());

      /** The kind of a gold relation by its entity types: clinical (i2b2-2010) or a literature kind. */
      const isClinical = (r: { head: { type: string }; tail: { type: string } }) => CLINICAL.includes(r.head.type) && CLINICAL.includes(r.tail.type);

      it('json profile: micro-F1 100.0 over every gold relation', async () => {
        const r = await biomed(['eval', 're', NOTES, '--model', LLAMA31_MODEL.name, '--json', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<ReJson & { untrained?: string[] }>(r);
        const goldRelations = ALL_NOTES.reduce((n, name) => n + fixtureNote(name).relations.length, 0);
        assert.deepEqual(res.unreachable, []);
        assert.equal(res.untrained, undefined);
        assert.deepEqual([res.micro.tp, res.micro.fp, res.micro.fn, res.micro.f1], [goldRelations, 0, 0, 100]);
        const labels = [...new Set(ALL_NOTES.flatMap((n) => fixtureNote(n).relations.map((x) => x.label)))].sort();
        assert.deepEqual(Object.keys(res.labels).sort(), labels);
      });

      it('medtuned profile: micro-F1 100.0 over the i2b2-2010 relations; the CID / Positive relations are listed as untrained, not scored', async () => {
        const before = server.generationRequests().length;
        const r = await biomed(['eval', 're', NOTES, '--model', MEDTUNED_MODEL.name, '--json', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<ReJson & { untrained?: string[] }>(r);
        const all = ALL_NOTES.flatMap((n) => fixtureNote(n).relations);
        const clinical = all.filter(isClinical);
        assert.deepEqual(res.unreachable, []);
        assert.equal(res.untrained?.length, all.length - clinical.length);
        assert.ok(
          res.untrained!.every((u) => /^abstract-cisplatin: (CID|Positive)\(/.test(u)),
          res.untrained!.join('; '),
        );
        assert.deepEqual([res.micro.tp, res.micro.fp, res.micro.fn, res.micro.f1], [clinical.length, 0, 0, 100]);
        assert.deepEqual(Object.keys(res.labels).sort(), [...new Set(clinical.map((x) => x.label))].sort());
        const asked = promptVariants(server.generationRequests().slice(before));
        assert.deepEqual([...new Set(asked.map((a) => `${a.dataset} ${a.variant}`))], ['i2b2-2010 1']);
      });

      interface ReAllJson {
        items: number;
        failed: number;
        profile: string;
        instructionVariants: number[];
        dataset: string;
        variants: { variant: number; failed: number; micro: Prf; labels: Record<string, Prf> }[];
        summary: Stats & { metric: string; statistic: string };
        published: null;
      }

      it('--instruction-variant all: the 3 i2b2-2010 variants scored, mean and sample SD; no published figure is invented', async () => {
        const before = server.generationRequests().length;
        const r = await biomed(['eval', 're', NOTES, '--instruction-variant', 'all', '--json', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<ReAllJson>(r);
        assert.deepEqual(res.instructionVariants, [1, 2, 3]);
        assert.equal(res.dataset, 'i2b2-2010');
        assert.deepEqual(
          res.variants.map((v) => [v.variant, v.failed, v.micro.f1]),
          [
            [1, 0, 100],
            [2, 0, 100],
            [3, 0, 100],
          ],
        );
        assert.deepEqual({ values: res.summary.values, mean: res.summary.mean, sd: res.summary.sd }, { values: [100, 100, 100], mean: 100, sd: 0 });
        assert.match(res.summary.statistic, /sample standard deviation \(n - 1\)/);
        assert.equal(res.published, null);
        const asked = promptVariants(server.generationRequests().slice(before));
        assert.ok(asked.every((a) => a.dataset === 'i2b2-2010'));
        const perVariant = [1, 2, 3].map((v) => asked.filter((a) => a.variant === v).length);
        assert.ok(perVariant[0] === res.items && perVariant.every((n) => n === perVariant[0]), `one prompt per pair and variant: ${perVariant}`);

        const t = await biomed(['eval', 're', NOTES, '--instruction-variant', 'all', '--host', server.url]);
        assert.equal(t.code, 0, show(t));
        for (const v of [1, 2, 3]) assert.match(t.stdout, new RegExp(`^variant ${v}\\s+\\d+\\s+100\\.0\\s+100\\.0\\s+100\\.0$`, 'm'));
        assert.doesNotMatch(t.stdout, /^variant 4/m);
        assert.match(t.stdout, /^mean\s+100\.00\s+100\.00\s+100\.00$/m);
        assert.match(t.stdout, /^SD \(sample\)\s+0\.00\s+0\.00\s+0\.00$/m);
        assert.match(t.stdout, /Published: none; the project's references \(instruction-formats\.md\) give no i2b2-2010 relation figure/);
      });

      it('--instruction-variant all with the json profile is a usage error (it has no training instructions)', async () => {
        const before = server.generationRequests().length;
        const r = await biomed(['eval', 're', NOTES, '--instruction-variant', 'all', '--model', LLAMA31_MODEL.name, '--host', server.url]);
        assert.equal(r.code, 2, show(r));
        assert.match(r.stderr, /--instruction-variant all compares the training instructions of the medtuned profile; the json profile has none/);
        assert.equal(server.generationRequests().length, before);
      });
    });
  });

  // ---------------------------------------------------------------------------------------
  // 5. eval nli

  interface NliJson {
    pairs: number;
    failed: number;
    accuracy: number;
    confusion: Record<string, Record<string, number>>;
  }

  describe('CLI: eval nli', function () {
    this.timeout(30_000);
    const pairs = readNliPairs(fs.readFileSync(NLI_PAIRS, 'utf8'));
    const LABELS = ['entailment', 'contradiction', 'neutral'];
    let server: OllamaTestServer;
    before(async () => {
      server = await OllamaTestServer.start({ nliPairs: loadNliPairs(NLI_PAIRS) });
    });
    after(async () => server.stop());

    for (const model of [MEDTUNED_MODEL.name, LLAMA31_MODEL.name]) {
      it(`accuracy 100.0 and a diagonal confusion matrix (${model})`, async () => {
        server.setNoise(0);
        const r = await biomed(['eval', 'nli', NLI_PAIRS, '--model', model, '--json', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<NliJson>(r);
        assert.equal(res.pairs, 24);
        assert.equal(res.accuracy, 100);
        for (const g of LABELS) {
          for (const p of [...LABELS, 'none']) {
            assert.equal(res.confusion[g][p], g === p ? pairs.filter((x) => x.label === g).length : 0, `${g} → ${p}`);
          }
        }
      });
    }

    it('the table output prints the accuracy and the matrix', async () => {
      server.setNoise(0);
      const r = await biomed(['eval', 'nli', NLI_PAIRS, '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^accuracy 100\.0 \(24\/24\)$/m);
      assert.match(r.stdout, /^entailment\s+8\s+0\s+0\s+0$/m);
      assert.match(r.stdout, /^contradiction\s+0\s+8\s+0\s+0$/m);
      assert.match(r.stdout, /^neutral\s+0\s+0\s+8\s+0$/m);
    });

    it('noise 0.25: accuracy 75.0, exactly 6 of 24 pairs off the diagonal', async () => {
      server.setNoise(0.25, 3);
      try {
        const r = await biomed(['eval', 'nli', NLI_PAIRS, '--json', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<NliJson>(r);
        assert.equal(res.accuracy, 75);
        let off = 0;
        for (const g of LABELS) for (const p of LABELS) if (g !== p) off += res.confusion[g][p];
        assert.equal(off, 6);
        const r2 = await biomed(['eval', 'nli', NLI_PAIRS, '--host', server.url]);
        assert.match(r2.stdout, /^accuracy 75\.0 \(18\/24\)$/m);
      } finally {
        server.setNoise(0);
      }
    });

    interface NliAllJson {
      pairs: number;
      failed: number;
      profile: string;
      instructionVariants: number[];
      dataset: string;
      variants: { variant: number; failed: number; accuracy: number; confusion: Record<string, Record<string, number>> }[];
      summary: Stats & { metric: string; statistic: string };
      published: { dataset: string; metric: string; medtuned13b: number; bioclinicalbert: number };
    }

    it('--instruction-variant all: 5 MedNLI variants, per-variant accuracy, mean and sample SD, the published MedNLI figure; every prompt verbatim', async () => {
      server.setNoise(0);
      // Variant 2 answers Neutral to everything: 8 of 24 right, so the variants differ.
      const second = REFERENCE_VARIANTS.get('mednli')![1];
      server.script((req) => (medtunedInstruction(req) === second ? { kind: 'text', text: ' Neutral \n' } : undefined));
      try {
        const before = server.generationRequests().length;
        const r = await biomed(['eval', 'nli', NLI_PAIRS, '--instruction-variant', 'all', '--json', '--host', server.url]);
        assert.equal(r.code, 0, show(r));
        const res = parseJsonOut<NliAllJson>(r);
        assert.equal(res.profile, 'medtuned');
        assert.deepEqual(res.instructionVariants, [1, 2, 3, 4, 5]);
        assert.equal(res.dataset, 'mednli');
        const neutral = (100 * pairs.filter((p) => p.label === 'neutral').length) / pairs.length;
        const accuracies = [100, neutral, 100, 100, 100];
        assert.deepEqual(
          res.variants.map((v) => v.variant),
          [1, 2, 3, 4, 5],
        );
        res.variants.forEach((v, i) => assert.ok(Math.abs(v.accuracy - accuracies[i]) < 1e-9, `variant ${v.variant}: ${v.accuracy}`));
        // Mean and SAMPLE standard deviation (n - 1), two decimals.
        const mean = accuracies.reduce((a, b) => a + b, 0) / 5;
        const sd = Math.sqrt(accuracies.reduce((a, x) => a + (x - mean) ** 2, 0) / 4);
        assert.equal(res.summary.mean, Math.round(mean * 100) / 100);
        assert.equal(res.summary.sd, Math.round(sd * 100) / 100);
        assert.notEqual(res.summary.sd, Math.round(Math.sqrt(accuracies.reduce((a, x) => a + (x - mean) ** 2, 0) / 5) * 100) / 100, 'not the population SD');
        assert.equal(res.summary.metric, 'accuracy');
        assert.match(res.summary.statistic, /sample standard deviation \(n - 1\)/);
        assert.deepEqual(
          [res.published.dataset, res.published.metric, res.published.medtuned13b, res.published.bioclinicalbert],
          ['MedNLI', 'accuracy', 89.46, 82.41],
        );
        const asked = promptVariants(server.generationRequests().slice(before));
        assert.ok(asked.every((a) => a.dataset === 'mednli'));
        for (const v of [1, 2, 3, 4, 5]) assert.equal(asked.filter((a) => a.variant === v).length, pairs.length, `prompts of variant ${v}`);

        const t = await biomed(['eval', 'nli', NLI_PAIRS, '--instruction-variant', 'all', '--host', server.url]);
        assert.equal(t.code, 0, show(t));
        for (const v of [1, 3, 4, 5]) assert.match(t.stdout, new RegExp(`^variant ${v}\\s+100\\.0\\s+24/24\\s+0$`, 'm'));
        assert.match(t.stdout, /^variant 2\s+33\.3\s+8\/24\s+0$/m);
        assert.match(t.stdout, new RegExp(`^mean\\s+${(Math.round(mean * 100) / 100).toFixed(2)}\\s*$`, 'm'));
        assert.match(t.stdout, new RegExp(`^SD \\(sample\\)\\s+${(Math.round(sd * 100) / 100).toFixed(2)}\\s*$`, 'm'));
        assert.match(
          t.stdout,
          new RegExp(`^MedNLI\\s+${(Math.round(mean * 100) / 100).toFixed(2)} ± ${(Math.round(sd * 100) / 100).toFixed(2)}\\s+89\\.46\\s+82\\.41`, 'm'),
        );
      } finally {
        server.script(undefined);
      }
    });

    it('--instruction-variant 3 sends MedNLI variant 3 only; the single-variant output keeps its shape', async () => {
      server.setNoise(0);
      const before = server.generationRequests().length;
      const r = await biomed(['eval', 'nli', NLI_PAIRS, '--instruction-variant', '3', '--json', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      const res = parseJsonOut<NliJson>(r);
      assert.equal(res.accuracy, 100);
      assert.deepEqual(Object.keys(res).sort(), ['accuracy', 'confusion', 'corpus', 'failed', 'pairs'], 'the single-variant output as before');
      const asked = promptVariants(server.generationRequests().slice(before));
      assert.equal(asked.length, pairs.length);
      assert.deepEqual([...new Set(asked.map((a) => `${a.dataset} ${a.variant}`))], ['mednli 3']);
    });

    it('--limit 10 evaluates 10 pairs', async () => {
      const before = server.generationRequests().length;
      const r = await biomed(['eval', 'nli', NLI_PAIRS, '--limit', '10', '--json', '--host', server.url]);
      assert.equal(r.code, 0, show(r));
      assert.equal(parseJsonOut<NliJson>(r).pairs, 10);
      assert.equal(server.generationRequests().length - before, 10);
    });
  });

  // ---------------------------------------------------------------------------------------
  // 6. instructions

  interface Row {
    instruction: string;
    input: string;
    output: string;
    source: string;
  }

  function readRows(file: string): Row[] {
    return fs
      .readFileSync(file, 'utf8')
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Row);
  }

  /** Each row as the seed dataset holds it: exactly its four keys, in order; the instruction a verbatim variant of its source's. */
  function assertSeedRows(rows: Row[]): void {
    assert.ok(rows.length > 0);
    for (const row of rows) {
      assert.deepEqual(Object.keys(row), ['instruction', 'input', 'output', 'source'], JSON.stringify(row).slice(0, 200));
      const variants = REFERENCE_VARIANTS.get(row.source);
      assert.ok(variants, `source ${row.source} is a training set of the reference`);
      assert.ok(variants.includes(row.instruction), `not a verbatim ${row.source} instruction: ${row.instruction.slice(0, 120)}`);
      assert.equal(row.input, row.input.trim());
      assert.equal(row.output, row.output.trim());
    }
  }

  /** Entity chunks (token index ranges) of B/I/O lines, for one untyped class. */
  function chunksOf(tags: string[]): [number, number][] {
    const out: [number, number][] = [];
    tags.forEach((t, i) => {
      if (t === 'B' || (t === 'I' && (i === 0 || tags[i - 1] === 'O'))) out.push([i, i + 1]);
      else if (t === 'I') out[out.length - 1][1] = i + 1;
    });
    return out;
  }

  describe('CLI: instructions', function () {
    this.timeout(30_000);
    const ncbiDocs = readPubTator(fs.readFileSync(NCBI, 'utf8'));

    it('--task ner on NCBI: one row per sentence, exactly {instruction, input, output, source}, NCBI-disease instructions verbatim, output lines match the input tokens', async () => {
      const out = path.join(tmpDir(), 'ner.jsonl');
      const r = await biomed(['instructions', NCBI, '--task', 'ner', '--out', out]);
      assert.equal(r.code, 0, show(r));
      const rows = readRows(out);
      const sentences = ncbiDocs.flatMap((d) => segment(d.text).filter((s) => s.kind === 'sentence'));
      assert.equal(rows.length, sentences.length);
      assert.match(r.stdout, new RegExp(`^${rows.length} rows written to .*ner\\.jsonl \\(ncbi-disease: ${rows.length}; seed 42\\)\\.$`, 'm'));
      assertSeedRows(rows);
      let tagged = 0;
      rows.forEach((row, i) => {
        assert.equal(row.source, 'ncbi-disease');
        assert.equal(dense(row.input), dense(sentences[i].text), 'rows follow the sentences in order');
        const words = row.input.split(' ');
        const lines = row.output.split('\n');
        assert.equal(lines.length, words.length, row.input);
        lines.forEach((line, k) => {
          const m = /^(\S+) : (B|I|O)$/.exec(line);
          assert.ok(m, `not "token : B|I|O": ${line}`);
          assert.equal(m[1], words[k]);
        });
        if (lines.some((l) => / : B$/.test(l))) tagged++;
      });
      assert.ok(tagged > rows.length / 2);
      assert.equal(new Set(rows.map((x) => x.instruction)).size, 5, 'all five variants occur over 900 rows');
      // The reference's own example row (NCBI-disease, validation), byte for byte where it quotes it.
      const brca = rows.find((x) => x.input === 'Germline mutations in BRCA1 are responsible for most cases of inherited breast and ovarian cancer .');
      assert.ok(brca);
      assert.ok(brca.output.endsWith('inherited : B\nbreast : I\nand : I\novarian : I\ncancer : I\n. : O'), brca.output);
      assert.ok(brca.output.startsWith('Germline : O\nmutations : O\n'));
    });

    it('the tags of NCBI rows mark exactly the gold mentions of the sentence', async () => {
      const out = path.join(tmpDir(), 'ner.jsonl');
      assert.equal((await biomed(['instructions', NCBI, '--task', 'ner', '--out', out])).code, 0);
      const rows = readRows(out);
      const sentences = ncbiDocs.flatMap((d) =>
        segment(d.text)
          .filter((s) => s.kind === 'sentence')
          .map((s) => ({ doc: d, s })),
      );
      rows.forEach((row, i) => {
        const { doc, s } = sentences[i];
        const words = row.input.split(' ');
        const tags = row.output.split('\n').map((l) => l.slice(l.lastIndexOf(' ') + 1));
        const found = chunksOf(tags).map(([a, b]) => words.slice(a, b).join(''));
        const gold = doc.entities.filter((e) => e.start >= s.start && e.end <= s.end).map((e) => dense(e.text));
        assert.deepEqual([...new Set(found)].sort(), [...new Set(gold)].sort(), row.input);
      });
    });

    it('the same seed gives identical files; another seed another mix of variants with the same inputs and outputs', async () => {
      const dir = tmpDir();
      const run = async (name: string, seed: string) => {
        const r = await biomed(['instructions', NCBI, '--task', 'ner', '--seed', seed, '--out', path.join(dir, name)]);
        assert.equal(r.code, 0, show(r));
        return fs.readFileSync(path.join(dir, name), 'utf8');
      };
      const [a, b, c] = await Promise.all([run('a.jsonl', '7'), run('b.jsonl', '7'), run('c.jsonl', '8')]);
      assert.equal(a, b);
      assert.notEqual(a, c);
      const ra = readRows(path.join(dir, 'a.jsonl'));
      const rc = readRows(path.join(dir, 'c.jsonl'));
      assertSeedRows([...ra, ...rc]);
      assert.equal(ra.length, rc.length);
      assert.deepEqual(
        ra.map((x) => [x.input, x.output, x.source]),
        rc.map((x) => [x.input, x.output, x.source]),
      );
      const variant = (x: Row) => REFERENCE_VARIANTS.get(x.source)!.indexOf(x.instruction) + 1;
      assert.ok(
        ra.some((x, i) => variant(x) !== variant(rc[i])),
        'another seed, other variants',
      );
      assertNoTempFiles(dir);
    });

    it('--template writes each row as the full training text: ### Instruction: ... ### Output: {output} \\n</s>', async () => {
      const dir = tmpDir();
      const [rows, texts] = await Promise.all([
        biomed(['instructions', NLI_PAIRS, '--task', 'nli', '--out', path.join(dir, 'rows.jsonl')]),
        biomed(['instructions', NLI_PAIRS, '--task', 'nli', '--template', '--out', path.join(dir, 'train.txt')]),
      ]);
      assert.equal(rows.code, 0, show(rows));
      assert.equal(texts.code, 0, show(texts));
      assert.match(texts.stdout, /^24 training texts written to .*train\.txt \(mednli: 24; seed 42\)\.$/m);
      const file = fs.readFileSync(path.join(dir, 'train.txt'), 'utf8');
      assert.ok(file.endsWith(' \n</s>\n'));
      const each = file
        .split(' \n</s>\n')
        .slice(0, -1)
        .map((t) => `${t} \n</s>`);
      const seedRows = readRows(path.join(dir, 'rows.jsonl'));
      assert.equal(each.length, seedRows.length);
      each.forEach((text, i) => {
        const row = seedRows[i];
        assert.ok(text.startsWith('### Instruction: '), text.slice(0, 40));
        assert.ok(text.endsWith(' \n</s>'));
        // The seed authors' formatting function (Finetuning/training.py), byte for byte.
        assert.equal(text, `### Instruction: ${row.instruction}\n ### Input: ${row.input}\n ### Output: ${row.output} \n</s>`);
      });
      // --out - writes to stdout (the summary goes to stderr).
      const stdout = await biomed(['instructions', NLI_PAIRS, '--task', 'nli', '--template', '--out', '-']);
      assert.equal(stdout.code, 0, show(stdout));
      assert.equal(stdout.stdout, file);
      assert.match(stdout.stderr, /^24 training texts written to stdout/m);
    });

    it('--layout is gone: a usage error that says what replaced it', async () => {
      const r = await biomed(['instructions', NLI_PAIRS, '--task', 'nli', '--layout', 'alpaca', '--out', path.join(tmpDir(), 'x.jsonl')]);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /--layout is gone: rows are written as the seed dataset holds them/);
      assert.match(r.stderr, /--template/);
    });

    it('--task ner on BC5CDR (IOB): BC5CDR-disease and BC5CDR-chem rows in the corpus tokens', async () => {
      const out = path.join(tmpDir(), 'bc5.jsonl');
      const r = await biomed(['instructions', BC5CDR, '--task', 'ner', '--out', out]);
      assert.equal(r.code, 0, show(r));
      const docs = readIob(fs.readFileSync(BC5CDR, 'utf8'));
      const sentences = new Map(docs.map((d) => [d.sentences![0].tokens!.map((t) => t.text).join(' '), d]));
      const rows = readRows(out);
      assertSeedRows(rows);
      assert.deepEqual([...new Set(rows.map((x) => x.source))].sort(), ['bc5cdr-chem', 'bc5cdr-disease']);
      for (const row of rows) {
        const doc = sentences.get(row.input);
        assert.ok(doc, `not a corpus sentence in its tokens: ${row.input}`);
        const cls = row.source === 'bc5cdr-chem' ? 'Chemical' : 'Disease';
        const tags = row.output.split('\n').map((l) => l.slice(l.lastIndexOf(' ') + 1));
        const words = row.input.split(' ');
        assert.equal(tags.length, words.length);
        const found = chunksOf(tags).map(([a, b]) => words.slice(a, b).join(' '));
        assert.deepEqual(
          found,
          doc.entities.filter((e) => e.type === cls).map((e) => e.text),
          row.input,
        );
      }
      // A corpus token the engine's tokenizer would split stays whole.
      const dir = tmpDir();
      const small = path.join(dir, 'small.iob');
      fs.writeFileSync(small, 'Na+\tB-Chemical\nchannels\tO\nand\tO\n5-FU\tB-Chemical\n.\tO\n');
      const r2 = await biomed(['instructions', small, '--task', 'ner', '--out', path.join(dir, 'small.jsonl')]);
      assert.equal(r2.code, 0, show(r2));
      const [row] = readRows(path.join(dir, 'small.jsonl'));
      assert.equal(row.input, 'Na+ channels and 5-FU .');
      assert.equal(row.output, 'Na+ : B\nchannels : O\nand : O\n5-FU : B\n. : O');
      assert.equal(row.source, 'bc5cdr-chem');
    });

    it('--task ner on BC5CDR (IOB): every sentence gives a row for each class of the corpus, sentences without entities too', async () => {
      const out = path.join(tmpDir(), 'bc5.jsonl');
      const r = await biomed(['instructions', BC5CDR, '--task', 'ner', '--out', out]);
      assert.equal(r.code, 0, show(r));
      const docs = readIob(fs.readFileSync(BC5CDR, 'utf8'));
      const rows = readRows(out);
      const withoutEntities = docs.filter((d) => d.entities.length === 0).length;
      // NCBI (PubTator, one document per abstract) gets an all-O row for a sentence without
      // a mention; an IOB corpus is one document per sentence, and its sentences without a
      // mention of a class (772 of 4581 in BC5CDR devel have none at all) must not vanish
      // from the training data.
      assert.equal(rows.length, docs.length * 2, `${rows.length} rows for ${docs.length} sentences × 2 classes (${withoutEntities} sentences have no entity)`);
    });

    it('--task ner on the clinical notes: i2b2-2012 rows with typed tags over whitespace tokens (punctuation kept inside words)', async () => {
      const out = path.join(tmpDir(), 'clinical.jsonl');
      const r = await biomed(['instructions', NOTES, '--task', 'ner', '--out', out]);
      assert.equal(r.code, 0, show(r));
      const rows = readRows(out);
      assertSeedRows(rows);
      const clinical = rows.filter((x) => x.source === 'i2b2-2012');
      assert.ok(clinical.length > 0);
      for (const row of clinical) {
        for (const line of row.output.split('\n')) assert.match(line, /^\S+ : (O|[BI]-(PROBLEM|TREATMENT|TEST))$/, line);
      }
      assert.ok(clinical.some((x) => /B-PROBLEM/.test(x.output)) && clinical.some((x) => /B-TREATMENT/.test(x.output)));
      // Clinical text in the clinical whitespace tokenisation: words like `72-year-old` stay whole.
      const words = clinical.flatMap((x) => x.input.split(' '));
      assert.ok(
        words.some((w) => /\w[-/.%]\w/.test(w)),
        'some whitespace token keeps its inner punctuation',
      );
      // The abstract's literature classes take the BC5CDR instructions (the folder has diseases and chemicals) and BC2GM's.
      assert.deepEqual([...new Set(rows.map((x) => x.source))].sort(), ['bc2gm', 'bc5cdr-chem', 'bc5cdr-disease', 'i2b2-2012']);
    });

    it('--task re on the fixture notes: i2b2-2010 rows only (masked @problem$ / @treatment$ / @test$, gold label or No Relations); the CID and GAD pairs are left out and counted', async () => {
      const out = path.join(tmpDir(), 're.jsonl');
      const r = await biomed(['instructions', NOTES, '--task', 're', '--out', out]);
      assert.equal(r.code, 0, show(r));
      const rows = readRows(out);
      assertSeedRows(rows);
      assert.ok(rows.every((x) => x.source === 'i2b2-2010'));
      const I2B2 = ['TrIP', 'TrWP', 'TrCP', 'TrAP', 'TrNAP', 'TeRP', 'TeCP', 'PIP', 'No Relations'];
      for (const x of rows) {
        assert.ok(I2B2.includes(x.output), x.output);
        assert.equal(x.input.split(' ').filter((w) => /^@(problem|treatment|test)\$$/.test(w)).length, 2, x.input);
        assert.doesNotMatch(x.input, /@(CHEMICAL|DISEASE|GENE)\$/);
      }
      assert.ok(
        rows.some((x) => x.output === 'No Relations'),
        'no-relation rows too',
      );
      // Every clinical gold relation is one labelled row.
      const positives = rows
        .filter((x) => x.output !== 'No Relations')
        .map((x) => x.output)
        .sort();
      const gold = ALL_NOTES.flatMap((n) =>
        fixtureNote(n)
          .relations.filter((x) => CLINICAL.includes(x.head.type) && CLINICAL.includes(x.tail.type))
          .map((x) => x.label),
      ).sort();
      assert.deepEqual(positives, gold);
      assert.match(
        r.stdout,
        /^Left out \d+ chemical-disease \(CID\), \d+ gene-disease \(GAD\) pairs: not in the seed model's final training mix, no training instructions\.$/m,
      );
    });

    it('--task re on ChemProt is refused: no training instructions for it', async () => {
      const out = path.join(tmpDir(), 're.jsonl');
      const r = await biomed(['instructions', CHEMPROT, '--task', 're', '--out', out]);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /ChemProt \(chemical-gene\) relations were not in the seed model's final training mix and have no training instructions/);
      assert.ok(!fs.existsSync(out));
    });

    it('--task nli on the pairs: one MedNLI row per pair, Sentence 1 / Sentence 2 input (stripped), the label as output', async () => {
      const out = path.join(tmpDir(), 'nli.jsonl');
      const r = await biomed(['instructions', NLI_PAIRS, '--task', 'nli', '--out', out]);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, /^24 rows written to .*nli\.jsonl \(mednli: 24; seed 42\)\.$/m);
      const pairs = readNliPairs(fs.readFileSync(NLI_PAIRS, 'utf8'));
      const rows = readRows(out);
      assertSeedRows(rows);
      assert.equal(rows.length, pairs.length);
      rows.forEach((row, i) => {
        assert.equal(row.input, `Sentence 1: ${pairs[i].premise.trim()}\nSentence 2: ${pairs[i].hypothesis.trim()}`);
        assert.equal(row.output, pairs[i].label[0].toUpperCase() + pairs[i].label.slice(1));
        assert.ok(['Contradiction', 'Neutral', 'Entailment'].includes(row.output));
        assert.equal(row.source, 'mednli');
      });
      assert.ok(new Set(rows.map((x) => x.instruction)).size >= 3);
    });

    it('several corpora into one file; an unknown corpus form is a usage error', async () => {
      const dir = tmpDir();
      const r = await biomed(['instructions', NCBI, NOTES, '--task', 'ner', '--out', path.join(dir, 'both.jsonl')]);
      assert.equal(r.code, 0, show(r));
      const rows = readRows(path.join(dir, 'both.jsonl'));
      assertSeedRows(rows);
      assert.equal(rows[0].source, 'ncbi-disease');
      assert.ok(rows.some((x) => x.source === 'i2b2-2012' && /B-PROBLEM/.test(x.output)));
      const odd = path.join(dir, 'corpus.csv');
      fs.writeFileSync(odd, 'a,b\n');
      const bad = await biomed(['instructions', odd, '--task', 'ner', '--out', path.join(dir, 'x.jsonl')]);
      assert.equal(bad.code, 2, show(bad));
      assert.match(bad.stderr, /Cannot tell the format of/);
      const missing = await biomed(['instructions', path.join(dir, 'nope.txt'), '--task', 'ner', '--out', path.join(dir, 'x.jsonl')]);
      assert.equal(missing.code, 2, show(missing));
      assert.match(missing.stderr, /No such file or folder/);
    });
  });

  // ---------------------------------------------------------------------------------------
  // 7. modelfile

  describe('CLI: modelfile', function () {
    this.timeout(30_000);

    it('a GGUF file: exit 0 and a Modelfile with the absolute path, the raw template, the stops, temperature 0 and num_ctx 4096', async () => {
      const dir = tmpDir();
      fs.writeFileSync(path.join(dir, 'tuned.gguf'), Buffer.concat([Buffer.from('GGUF', 'latin1'), Buffer.alloc(60, 1)]));
      const r = await biomed(['modelfile', '--gguf', 'tuned.gguf'], { cwd: dir });
      assert.equal(r.code, 0, show(r));
      const lines = r.stdout.trim().split('\n');
      const real = fs.realpathSync(dir);
      assert.ok(lines.includes(`FROM ${path.join(dir, 'tuned.gguf')}`) || lines.includes(`FROM ${path.join(real, 'tuned.gguf')}`), r.stdout);
      const from = lines.find((l) => l.startsWith('FROM '))!;
      assert.ok(path.isAbsolute(from.slice(5)));
      for (const l of ['TEMPLATE """{{ .Prompt }}"""', 'PARAMETER stop "###"', 'PARAMETER stop "</s>"', 'PARAMETER temperature 0', 'PARAMETER num_ctx 4096']) {
        assert.ok(lines.includes(l), `missing ${l}:\n${r.stdout}`);
      }
      assert.ok(lines.indexOf(from) < lines.findIndex((l) => l.startsWith('PARAMETER')), 'FROM comes first');
      assert.equal(r.stderr, '');

      const big = await biomed(['modelfile', '--gguf', path.join(dir, 'tuned.gguf'), '--num-ctx', '8192']);
      assert.equal(big.code, 0, show(big));
      assert.match(big.stdout, /^PARAMETER num_ctx 8192$/m);
      assert.doesNotMatch(big.stdout, /num_ctx 4096/);
      assert.match(big.stdout, new RegExp(`^FROM ${path.join(dir, 'tuned.gguf').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
    });

    it('a file that is not GGUF: exit 1 saying so; a missing file: exit 1', async () => {
      const dir = tmpDir();
      const notGguf = path.join(dir, 'model.bin');
      fs.writeFileSync(notGguf, 'PK\u0003\u0004 not a model');
      const r = await biomed(['modelfile', '--gguf', notGguf]);
      assert.equal(r.code, 1, show(r));
      assert.match(r.stderr, /is not a GGUF file/);
      assert.equal(r.stdout, '');
      const gone = await biomed(['modelfile', '--gguf', path.join(dir, 'missing.gguf')]);
      assert.equal(gone.code, 1, show(gone));
      assert.match(gone.stderr, /No such file: .*missing\.gguf/);
      assert.equal(gone.stdout, '');
    });

    it('a --num-ctx that is not a whole number is a usage error', async () => {
      const dir = tmpDir();
      fs.writeFileSync(path.join(dir, 'm.gguf'), 'GGUF....');
      const r = await biomed(['modelfile', '--gguf', path.join(dir, 'm.gguf'), '--num-ctx', 'lots']);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /--num-ctx must be a whole number/);
    });
  });
});
