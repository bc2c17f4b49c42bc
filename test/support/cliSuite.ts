/**
 * What the CLI's end-to-end tests (test/cli/*.test.ts that run dist/cli.js against the
 * Ollama-protocol test server) share: running the CLI, temporary folders, the gold of the
 * fixture notes, what reached the server, the JSON shapes of `eval`, and the reference file's
 * training instructions.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnnotatedDocument } from '../../server/src/engine/formats/document';
import { CLINICAL_NOTES, fixtureNote, LITERATURE_NOTES } from './gold';
import { CliResult, ensureCliBuilt, filesBelow, ROOT, runCli } from './cli';
import { GoldOracle, RecordedRequest } from './ollamaServer';

// ---------------------------------------------------------------------------------------
// Paths, the build and running the CLI

export const FIXTURES = path.join(ROOT, 'test', 'fixtures');
export const NOTES = path.join(FIXTURES, 'notes');
export const NLI_PAIRS = path.join(FIXTURES, 'nli', 'clinical-nli-dev.jsonl');
export const CHEMPROT = path.join(FIXTURES, 'chemprot', 'dev.jsonl');
export const NCBI = path.join(FIXTURES, 'corpora', 'ncbi-disease', 'NCBIdevelopset_corpus.txt');
export const BC5CDR = path.join(FIXTURES, 'corpora', 'bc5cdr', 'devel.tsv');
export const ALL_NOTES = [...LITERATURE_NOTES, ...CLINICAL_NOTES].sort();

export function biomed(args: string[], opts: { cwd?: string } = {}): Promise<CliResult> {
  return runCli(args, opts);
}

export function show(r: CliResult): string {
  return `exit ${r.code}\n--- stdout ---\n${r.stdout.slice(0, 4000)}\n--- stderr ---\n${r.stderr.slice(0, 4000)}`;
}

export const tmpDirs: string[] = [];
export function tmpDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-cli-'));
  tmpDirs.push(d);
  return d;
}

export function assertNoTempFiles(dir: string): void {
  // engine/atomicWrite.ts names them `.<name>.<pid>.<random>.tmp`.
  const left = filesBelow(dir).filter((f) => /^\..*\.tmp$/.test(path.basename(f)));
  assert.deepEqual(left, [], `temporary files left in ${dir}`);
}

// ---------------------------------------------------------------------------------------
// Expected annotations

export interface Span {
  start: number;
  end: number;
  type: string;
}
export interface Rel {
  label: string;
  head: Span;
  tail: Span;
}

export const byOffset = (a: Span, b: Span) => a.start - b.start || a.end - b.end || a.type.localeCompare(b.type);

export function entitySpans(doc: AnnotatedDocument): Span[] {
  return doc.entities.map((e) => ({ start: e.start, end: e.end, type: e.type.toLowerCase() })).sort(byOffset);
}

export function relationList(doc: AnnotatedDocument): Rel[] {
  const byId = new Map(doc.entities.map((e) => [e.id, { start: e.start, end: e.end, type: e.type.toLowerCase() }]));
  return doc.relations
    .map((r) => ({ label: r.label, head: byId.get(r.head)!, tail: byId.get(r.tail)! }))
    .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

export const CLINICAL = ['problem', 'treatment', 'test'];

/** The gold of a fixture note restricted to the chosen types. */
export function expectedFor(name: string, types: string[]): { entities: Span[]; relations: Rel[] } {
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
export const MEDTUNED_PROMPT = /^### Instruction: ([\s\S]*?)\n ### Input: ([\s\S]*)\n ### Output:$/;

/** The `### Input:` of a medtuned prompt. */
export function medtunedInput(r: RecordedRequest): string | undefined {
  const m = MEDTUNED_PROMPT.exec(r.body?.prompt ?? '');
  return m ? m[2] : undefined;
}

/** The `### Instruction:` of a medtuned prompt. */
export function medtunedInstruction(r: RecordedRequest): string | undefined {
  const m = MEDTUNED_PROMPT.exec(r.body?.prompt ?? '');
  return m ? m[1] : undefined;
}

/**
 * The verbatim training instructions per dataset, read from the reference file (not from the
 * engine's constants): `### <Dataset> (...)` headings, each variant a numbered fenced block.
 * Keys are the heading's first word in lower case: ncbi-disease, bc5cdr-disease, bc5cdr-chem,
 * bc2gm, jnlpba, i2b2-2012, i2b2-2010, mednli, gad (the `source` names of `biomed instructions`).
 */
export const REFERENCE_VARIANTS: ReadonlyMap<string, readonly string[]> = (() => {
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
export function variantsOf(instruction: string | undefined): { dataset: string; variant: number }[] {
  const found: { dataset: string; variant: number }[] = [];
  for (const [dataset, variants] of REFERENCE_VARIANTS) {
    const i = variants.indexOf(instruction ?? '\u0000');
    if (i >= 0) found.push({ dataset, variant: i + 1 });
  }
  return found;
}

/** The medtuned prompts of `sent` as (dataset, variant), asserting each is a verbatim training variant. */
export function promptVariants(sent: readonly RecordedRequest[]): { dataset: string; variant: number }[] {
  return sent
    .filter((q) => q.path === '/api/generate')
    .map((q) => {
      const found = variantsOf(medtunedInstruction(q));
      assert.ok(found.length > 0, `not a verbatim training instruction in the training layout: ${JSON.stringify(q.body?.prompt).slice(0, 300)}`);
      return found[0];
    });
}

export function kindOf(r: RecordedRequest): 'nli' | 're' | 'ner' | 'other' {
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

export const dense = (s: string) => s.replace(/\s+/g, '');

export interface NerJson {
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
export interface Stats {
  values: number[];
  mean: number;
  sd: number;
}
export interface Prf {
  tp: number;
  fp: number;
  fn: number;
  precision: number;
  recall: number;
  f1: number;
}

export function parseJsonOut<T>(r: CliResult): T {
  try {
    return JSON.parse(r.stdout) as T;
  } catch {
    assert.fail(`stdout is not JSON:\n${show(r)}`);
  }
}

/** eval ner reports percentages rounded to one decimal (conlleval's pct). */
export const closeRounded = (actual: number, expected: number, what: string) => {
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
export function oracleCounts(docs: AnnotatedDocument[]): Record<string, { tp: number; fp: number; fn: number }> {
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

/** eval re reports unrounded percentages. */
// The CLI reports percentages with one decimal.
export const close = (actual: number, expected: number, what: string) =>
  assert.equal(actual, Math.round(expected * 10) / 10, `${what}: ${actual} ≠ ${expected} rounded`);

export interface ReJson {
  items: number;
  failed: number;
  unreachable: string[];
  micro: Prf;
  labels: Record<string, Prf>;
}

export interface NliJson {
  pairs: number;
  failed: number;
  accuracy: number;
  confusion: Record<string, Record<string, number>>;
}

export interface Row {
  instruction: string;
  input: string;
  output: string;
  source: string;
}

export function readRows(file: string): Row[] {
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Row);
}

/** Each row as the seed dataset holds it: exactly its four keys, in order; the instruction a verbatim variant of its source's. */
export function assertSeedRows(rows: Row[]): void {
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
export function chunksOf(tags: string[]): [number, number][] {
  const out: [number, number][] = [];
  tags.forEach((t, i) => {
    if (t === 'B' || (t === 'I' && (i === 0 || tags[i - 1] === 'O'))) out.push([i, i + 1]);
    else if (t === 'I') out[out.length - 1][1] = i + 1;
  });
  return out;
}

/** Registers the suite's hooks: the CLI bundle built once, temporary folders removed after. */
export function cliSuite(): void {
  before(function () {
    this.timeout(120_000);
    ensureCliBuilt();
  });
  after(() => {
    for (const d of tmpDirs.splice(0)) fs.rmSync(d, { recursive: true, force: true });
  });
}
