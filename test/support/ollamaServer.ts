/**
 * An Ollama-protocol HTTP server for tests (shared/reference/ollama-api.md): the same
 * endpoints, status codes, content types, NDJSON streaming and error shapes as a real
 * Ollama 0.12, with answers that come from a gold-standard oracle or from a per-request
 * script of faults. Tests talk to it through the real `ollama` client or fetch; nothing
 * is mocked. Node `http` only.
 *
 * Raw /api/generate prompts stand for Llama2-MedTuned: the oracle answers them only when they
 * are its training layout byte for byte, with a verbatim training instruction read from
 * test/fixtures/reference/medtuned-training-data.md (matchMedtunedLayout), and answers them
 * as the model writes its training target (` {output} \n`). Any other raw prompt gets
 * OFF_LAYOUT_ANSWER, which no parser can use, and is listed in `offLayoutPrompts`.
 *
 * Like Ollama it also serves the OpenAI-compatible API under /v1 (`GET /v1/models`,
 * `POST /v1/chat/completions`, `POST /v1/completions`, SSE streaming or JSON): those
 * requests are mapped to the equivalent /api/chat or raw /api/generate request
 * (openAiToOllama) and answered by the same oracle, scripts, faults and timing, written
 * in OpenAI's shapes (see OpenAiDialect).
 *
 * Embeddings: `POST /api/embed` (Ollama's shape: `{model, embeddings, total_duration,
 * load_duration, prompt_eval_count}`, vectors of unit length) and `POST /v1/embeddings`
 * (OpenAI's: `{object: 'list', data: [{object, embedding, index}], model, usage}`) answer
 * any installed model with vectors DERIVED FROM THE GOLD EVIDENCE LINKS of the notes
 * (goldEmbedding): a gold NLI hypothesis and each of its evidence sentences share a
 * dimension of their own, and hashed words add a little lexical similarity. They stand for
 * an embedding model that finds the evidence by meaning, which is what the retrieval
 * bench and tests measure the engine's use of; they are no model of any real embedder.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo, Socket } from 'net';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { parseBrat } from '../../server/src/engine/formats/brat';
import { ChemProtPair } from '../../server/src/engine/formats/chemprot';
import { mulberry32 } from '../../server/src/engine/random';

// ---------------------------------------------------------------------------------------
// Gold documents

export interface GoldEntity {
  /** BRAT type as written, e.g. PROBLEM, TREATMENT, TEST, Disease, Chemical, Gene. */
  type: string;
  start: number;
  end: number;
}
/** A binary relation between two entities of the same document (indices into `entities`). */
export interface GoldRelation {
  /** As written in the corpus: TrAP, TeRP, CID, Positive, INHIBITOR, ... */
  label: string;
  arg1: number;
  arg2: number;
}
export type NliLabel = 'entailment' | 'contradiction' | 'neutral';
const NLI_LABELS: readonly NliLabel[] = ['entailment', 'contradiction', 'neutral'];

/** A sentence of a note's summary (Assessment, Impression, Summary) checked against the rest of the note. */
export interface GoldNli {
  hypothesis: string;
  label: NliLabel;
  /** The note's sentences that decide it (none for a neutral one). */
  evidence: string[];
}
export interface GoldDocument {
  name: string;
  text: string;
  entities: GoldEntity[];
  relations?: GoldRelation[];
  /** From `X.nli.json` (labels) joined with `X.nli-evidence.json` (evidence), when both exist. */
  nli?: GoldNli[];
}

/** A MedNLI-style pair (test/fixtures/nli/clinical-nli-dev.jsonl). */
export interface NliPair {
  premise: string;
  hypothesis: string;
  label: NliLabel;
}

function nliLabel(v: unknown, where: string): NliLabel {
  const l = typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (!(NLI_LABELS as readonly string[]).includes(l)) throw new Error(`${where}: NLI label ${JSON.stringify(v)}`);
  return l as NliLabel;
}

/** Whitespace runs collapsed to one space, trimmed: how the NLI oracle compares sentences. */
function collapseWs(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** JSON lines `{"premise", "hypothesis", "label"}`; blank lines are skipped. */
export function loadNliPairs(file: string): NliPair[] {
  const pairs: NliPair[] = [];
  fs.readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const o = JSON.parse(line);
      const where = `${file}:${i + 1}`;
      if (typeof o?.premise !== 'string' || typeof o?.hypothesis !== 'string') throw new Error(`${where}: premise and hypothesis`);
      pairs.push({ premise: o.premise, hypothesis: o.hypothesis, label: nliLabel(o.label, where) });
    });
  return pairs;
}

/**
 * A note's NLI gold: the shared `X.nli.json` (hypothesis, start, end, label) joined by
 * hypothesis with this project's `X.nli-evidence.json` (hypothesis → evidence sentences).
 * Undefined unless both files exist.
 */
function loadNoteNli(dir: string, name: string): GoldNli[] | undefined {
  const labelsPath = path.join(dir, `${name}.nli.json`);
  const evidencePath = path.join(dir, `${name}.nli-evidence.json`);
  if (!fs.existsSync(labelsPath) || !fs.existsSync(evidencePath)) return undefined;
  const labels: any[] = JSON.parse(fs.readFileSync(labelsPath, 'utf8'));
  const evidence: any[] = JSON.parse(fs.readFileSync(evidencePath, 'utf8'));
  const byHypothesis = new Map<string, string[]>();
  for (const e of evidence) {
    if (typeof e?.hypothesis === 'string' && Array.isArray(e.evidence)) {
      byHypothesis.set(collapseWs(e.hypothesis), e.evidence.filter((s: unknown): s is string => typeof s === 'string'));
    }
  }
  return labels.map((g) => ({
    hypothesis: String(g.hypothesis),
    label: nliLabel(g.label, labelsPath),
    evidence: [...(byHypothesis.get(collapseWs(String(g.hypothesis))) ?? [])],
  }));
}

/** The fixture notes, from the compiled (out/test/support) or the source location. */
export const FIXTURE_NOTES_DIR = [
  path.resolve(__dirname, '../../../test/fixtures/notes'),
  path.resolve(__dirname, '../fixtures/notes'),
].find((d) => fs.existsSync(d)) ?? path.resolve(__dirname, '../../../test/fixtures/notes');

/**
 * Every `X.note` or `X.txt` with an `X.ann` beside it, sorted by file name; `name` is X.
 * A discontinuous entity keeps its first span only. `nli` is set when `X.nli.json` and
 * `X.nli-evidence.json` are both there.
 */
export function loadGoldDocuments(dir: string): GoldDocument[] {
  const docs: GoldDocument[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    const m = /^(.*)\.(note|txt)$/.exec(file);
    if (!m) continue;
    const annPath = path.join(dir, `${m[1]}.ann`);
    if (!fs.existsSync(annPath)) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const ann = parseBrat(fs.readFileSync(annPath, 'utf8'));
    const entities = ann.entities.map((e) => ({ type: e.type, start: e.spans[0].start, end: e.spans[0].end }));
    const byId = new Map(ann.entities.map((e, i) => [e.id, i]));
    const relations: GoldRelation[] = [];
    for (const r of ann.relations) {
      const arg1 = byId.get(r.arg1);
      const arg2 = byId.get(r.arg2);
      if (arg1 !== undefined && arg2 !== undefined) relations.push({ label: r.label, arg1, arg2 });
    }
    const doc: GoldDocument = { name: m[1], text, entities, relations };
    const nli = loadNoteNli(dir, m[1]);
    if (nli) doc.nli = nli;
    docs.push(doc);
  }
  return docs;
}

/** ChemProt labels that mean "no relation" (the SciBERT copy has none; other copies say false/none). */
const CHEMPROT_NONE = /^(none|false|no[ _-]?relations?|negative|)$/i;

/**
 * One gold document per ChemProt pair: its sentence, the two arguments (Chemical, Gene)
 * and the relation Chemical → Gene with the pair's label (none for a label meaning none).
 * The same sentence occurs once per marked pair: the oracle tells them apart by the spans.
 */
export function chemProtGold(pairs: ChemProtPair[]): GoldDocument[] {
  return pairs.map((p, i) => ({
    name: `chemprot-${i + 1}`,
    text: p.text,
    entities: [
      { type: 'Chemical', start: p.chemical.start, end: p.chemical.end },
      { type: 'Gene', start: p.gene.start, end: p.gene.end },
    ],
    relations: CHEMPROT_NONE.test(p.label.trim()) ? [] : [{ label: p.label, arg1: 0, arg2: 1 }],
  }));
}

// ---------------------------------------------------------------------------------------
// Public types

export interface ModelInfo {
  name: string;
  size?: number;
  family?: string;
  parameterSize?: string;
  quantization?: string;
  contextLength?: number;
}

export type Behaviour =
  | { kind: 'oracle' }
  | { kind: 'text'; text: string; doneReason?: 'stop' | 'length' }
  | { kind: 'http-error'; status: number; error: string }
  | { kind: 'stream-error'; afterText?: string; error?: string }
  | { kind: 'cut'; afterText?: string }
  | { kind: 'garbage' }
  | { kind: 'hang' }
  | { kind: 'slow'; firstByteMs: number; then?: Behaviour };

export interface RecordedRequest {
  id: number;
  method: string;
  /** URL path without the query string. */
  path: string;
  /** Parsed JSON body; the raw text when it is not JSON; undefined when empty. */
  body: any;
  /** Date.now() at arrival. */
  receivedAt: number;
  /** performance.now() at arrival and when the response ended: the model's side of the time. */
  startedMs?: number;
  endedMs?: number;
  /** The client closed the connection before the response ended. */
  aborted: boolean;
  /** The response was ended by the server (including a deliberately `cut` stream). */
  finished: boolean;
}

export interface TestServerOptions {
  port?: number;
  /** Served by /api/tags; default DEFAULT_MODELS. */
  models?: ModelInfo[];
  /** Models /api/pull can fetch (then they appear in tags). */
  pullable?: ModelInfo[];
  gold?: GoldDocument[];
  /** MedNLI-style pairs the oracle answers NLI prompts from (see loadNliPairs). */
  nliPairs?: NliPair[];
  /** Simulated model speed, for streaming and non-streaming answers (default 0/0). */
  timing?: { firstTokenMs: number; perTokenMs: number };
  /**
   * 0..1: fraction of gold entities the oracle leaves out, and (chosen separately) the
   * same fraction of gold relations, answered with the no-relation label (exact counts,
   * seeded choice). NLI answers are flipped (entailment → contradiction → neutral →
   * entailment) for exactly round(noise × N) of the nliPairs (seeded choice), and for any
   * other NLI question when a seeded hash of its premise and hypothesis falls below noise.
   */
  noise?: number;
  seed?: number;
  /** Delay between /api/pull progress lines (default 0), for cancellation tests. */
  pullStepMs?: number;
  /**
   * When set, the OpenAI-compatible endpoints (/v1/...) answer 401 unless the request
   * carries `Authorization: Bearer <apiKey>`, as `vllm serve --api-key` does. Ollama's
   * own /api endpoints never ask for one.
   */
  apiKey?: string;
}

export const MEDTUNED_MODEL: ModelInfo = {
  name: 'hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M',
  size: 4081004224,
  family: 'llama',
  parameterSize: '6.7B',
  quantization: 'Q4_K_M',
  contextLength: 4096,
};
export const LLAMA31_MODEL: ModelInfo = {
  name: 'llama3.1:8b',
  size: 4920753328,
  family: 'llama',
  parameterSize: '8.0B',
  quantization: 'Q4_K_M',
  contextLength: 131072,
};
export const DEFAULT_MODELS: ModelInfo[] = [MEDTUNED_MODEL, LLAMA31_MODEL];

const VERSION = '0.12.3';
/** Ollama 0.12's default num_ctx when a request sends none. */
const DEFAULT_NUM_CTX = 4096;
const DEFAULT_STREAM_ERROR = 'an error was encountered while running the model';
const JSON_TYPE = 'application/json; charset=utf-8';
const NDJSON_TYPE = 'application/x-ndjson';
const SSE_TYPE = 'text/event-stream';

/**
 * The server's estimate of prompt tokens, reported as `prompt_eval_count`:
 * ceil(characters / 4) of the prompt text (generate: system + prompt; chat: all message
 * contents concatenated), capped at num_ctx (default 4096) to mimic Ollama's silent
 * truncation of an over-long prompt. Client code that compares its own estimate with
 * prompt_eval_count relies on this exact formula.
 */
export function estimatePromptTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/**
 * The answer split as the server streams it: one chunk per piece; eval_count = pieces. A
 * leading space goes with the first word, as the Llama tokenizer merges it (`▁Ger`).
 */
export function answerPieces(text: string): string[] {
  return text.match(/\s*\S+\s*|\s+/g) ?? [];
}

// ---------------------------------------------------------------------------------------
// Oracle: answers this project's NER, relation and NLI prompts from gold annotations

interface Tok {
  text: string;
  start: number;
  end: number;
}

// The corpora's tokenisation, kept separate from the project's tokenizer on purpose:
// the oracle must not share a bug with the code under test.
const TOKEN_RE = /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu;

function denseText(text: string): { text: string; map: number[] } {
  let dense = '';
  const map: number[] = [];
  for (let i = 0; i < text.length; i++) {
    if (/\s/.test(text[i])) continue;
    dense += text[i];
    map.push(i);
  }
  return { text: dense, map };
}

function tokenise(text: string): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(TOKEN_RE)) out.push({ text: m[0], start: m.index!, end: m.index! + m[0].length });
  return out;
}

/** Gold type spellings of the corpora, mapped to the project's lower-case type names. */
const TYPE_ALIASES: Record<string, string> = {
  specificdisease: 'disease',
  diseaseclass: 'disease',
  compositemention: 'disease',
  modifier: 'disease',
  diseaseorphenotypicfeature: 'disease',
  chemicalentity: 'chemical',
  simplechemical: 'chemical',
  'gene/protein': 'gene',
  geneorgeneproduct: 'gene',
  protein: 'gene',
};

/** The next label in entailment → contradiction → neutral → entailment: a noisy NLI answer. */
function flipNli(l: NliLabel): NliLabel {
  return NLI_LABELS[(NLI_LABELS.indexOf(l) + 1) % NLI_LABELS.length];
}

function canonicalType(t: string): string {
  const k = t.trim().toLowerCase();
  return TYPE_ALIASES[k] ?? k;
}

const CLINICAL_TYPES = ['problem', 'treatment', 'test'];

/**
 * The i2b2-2010 relation masks (medtuned-training-data.md § Relation rows) and the type each
 * stands for: the only masks of the final training mix.
 */
const MASKS: Record<string, string> = {
  '@problem$': 'problem',
  '@treatment$': 'treatment',
  '@test$': 'test',
};
/** Anything written like a mask: `@problem$`, `@GENE$`, `@CHEMICAL$`, ... */
const MASK_LIKE = /^@[A-Za-z_]+\$$/;

type RelationKind = 'clinical' | 'chemical-disease' | 'gene-disease' | 'chemical-gene';

/** The answer for "no relation", per kind of pair (written out here, not taken from the engine). */
const NO_RELATION: Record<RelationKind, string> = {
  clinical: 'No Relations',
  'chemical-disease': 'No Relations',
  'gene-disease': 'Negative',
  'chemical-gene': 'none',
};

/** For literature pairs the corpora's Arg1 has this type, Arg2 the other. */
const ARG1_TYPE: Record<Exclude<RelationKind, 'clinical'>, string> = {
  'chemical-disease': 'chemical',
  'gene-disease': 'gene',
  'chemical-gene': 'chemical',
};

/** The kind of a pair of (canonical) types; undefined for a pair no corpus annotates. */
function relationKind(a: string, b: string): RelationKind | undefined {
  if (CLINICAL_TYPES.includes(a) && CLINICAL_TYPES.includes(b)) return 'clinical';
  switch ([a, b].sort().join('+')) {
    case 'chemical+disease':
      return 'chemical-disease';
    case 'disease+gene':
      return 'gene-disease';
    case 'chemical+gene':
      return 'chemical-gene';
  }
  return undefined;
}

export interface MedtunedRelation {
  instruction: string;
  /** The input split at its single spaces: words and the two mask tokens. */
  tokens: string[];
  /** 'clinical' for i2b2-2010; 'untrained' for GAD, which the final training mix left out. */
  task: 'clinical' | 'untrained';
}

interface JsonRelationQuery {
  /** The text of the user turn after `Text: `, markers included. */
  marked: string;
  pairs: Array<{ id: string; head: string; headType: string; tail: string; tailType: string }>;
}


interface IndexedDoc {
  /** The text without whitespace and where each of its characters came from (built on first use). */
  dense?: { text: string; map: number[] };
  doc: GoldDocument;
  tokens: Tok[];
  /** Token end offsets, and every gold entity (noise or not) by start offset (indices into doc.entities). */
  tokenEnds: Set<number>;
  entityStarts: Map<number, number[]>;
  /** Relations left after noise. */
  relations: GoldRelation[];
  /** Entities left after noise, sorted by start then end. */
  entities: GoldEntity[];
  /** The text with whitespace runs collapsed to one space, and each char's source offset. */
  collapsed: string;
  collapsedMap: number[];
}

export interface MedtunedNer {
  instruction: string;
  input: string;
  /** 'clinical' for typed i2b2-2012 tags (B-PROBLEM, ...), else the one literature class (bare B/I/O). */
  task: 'clinical' | 'disease' | 'chemical' | 'gene';
}

// ---------------------------------------------------------------------------------------
// The medtuned training layout and instructions, read from the reference file itself
// (never from the engine's constants: the oracle must not share a bug with the code under test)

/** test/fixtures/reference/medtuned-training-data.md, from the compiled (out/test/support) or the source location. */
export const MEDTUNED_REFERENCE_FILE = [
  path.resolve(__dirname, '../../../test/fixtures/reference/medtuned-training-data.md'),
  path.resolve(__dirname, '../fixtures/reference/medtuned-training-data.md'),
].find((f) => fs.existsSync(f)) ?? path.resolve(__dirname, '../../../test/fixtures/reference/medtuned-training-data.md');

/**
 * What a training set's instructions ask: an NER class (bare B/I/O), the typed i2b2-2012
 * tags, i2b2-2010 relations, MedNLI, or a set the final training mix left out (GAD).
 */
export type MedtunedTask = 'disease' | 'chemical' | 'gene' | 'clinical' | 'clinical-relation' | 'nli' | 'untrained';

export interface MedtunedVariantSet {
  /** The `### ` heading as written, e.g. "NCBI-disease (literature, disease) — `preprocess_ncbi.py`". */
  heading: string;
  /** The heading up to its first ` (`: NCBI-disease, BC5CDR-chem, i2b2-2010 relations, GAD gene-disease relations, ... */
  dataset: string;
  task: MedtunedTask;
  /** Variant n is variants[n - 1], verbatim (lines joined by `\n`, no trailing newline). */
  variants: string[];
}

/** The task of a training set, by the start of its heading (an unknown heading is an error). */
const TASK_OF_DATASET: ReadonlyArray<[RegExp, MedtunedTask]> = [
  [/^NCBI-disease$/, 'disease'],
  [/^BC5CDR-disease$/, 'disease'],
  [/^BC5CDR-chem$/, 'chemical'],
  [/^BC2GM$/, 'gene'],
  [/^JNLPBA$/, 'gene'],
  [/^i2b2-2012$/, 'clinical'],
  [/^i2b2-2010\b/, 'clinical-relation'],
  [/^MedNLI$/, 'nli'],
  [/^GAD\b/, 'untrained'],
];

const VARIANTS_HEADING = '## The instruction variants, verbatim';

/**
 * The `## The instruction variants, verbatim` section of the reference file: one set per
 * `### <dataset>` heading, each variant a numbered (`1.`, `2.`, ...) fenced block. Throws
 * when the section is missing, a heading names no known dataset, the numbers are not 1..n
 * in order, or a fence is not closed, so that a changed file is noticed, not half read.
 */
export function parseMedtunedReference(markdown: string): MedtunedVariantSet[] {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const at = lines.indexOf(VARIANTS_HEADING);
  if (at < 0) throw new Error(`reference: no "${VARIANTS_HEADING}" section`);
  const sets: MedtunedVariantSet[] = [];
  let set: MedtunedVariantSet | undefined;
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^## /.test(line)) break; // the next section
    const heading = /^### (.+)$/.exec(line);
    if (heading) {
      const dataset = heading[1].split(' (')[0].trim();
      const task = TASK_OF_DATASET.find(([re]) => re.test(dataset))?.[1];
      if (!task) throw new Error(`reference: unknown dataset heading "${heading[1]}"`);
      set = { heading: heading[1], dataset, task, variants: [] };
      sets.push(set);
      continue;
    }
    const numbered = /^(\d+)\.$/.exec(line);
    if (!numbered) {
      if (line.trim() !== '' && set) throw new Error(`reference: unexpected line ${i + 1} in ${set.dataset}: ${line}`);
      continue;
    }
    if (!set) throw new Error(`reference: variant before any dataset heading (line ${i + 1})`);
    if (Number(numbered[1]) !== set.variants.length + 1) throw new Error(`reference: ${set.dataset} variant ${numbered[1]} out of order`);
    if (lines[i + 1] !== '```') throw new Error(`reference: ${set.dataset} variant ${numbered[1]} has no fenced block`);
    const end = lines.indexOf('```', i + 2);
    if (end < 0) throw new Error(`reference: ${set.dataset} variant ${numbered[1]}: fence not closed`);
    set.variants.push(lines.slice(i + 2, end).join('\n'));
    i = end;
  }
  if (sets.length === 0) throw new Error('reference: no instruction variants');
  for (const s of sets) if (s.variants.length === 0) throw new Error(`reference: ${s.dataset} has no variants`);
  return sets;
}

let referenceCache: { file: string; sets: MedtunedVariantSet[] } | undefined;

/** The variant sets of the reference file (read once per file). */
export function loadMedtunedReference(file = MEDTUNED_REFERENCE_FILE): MedtunedVariantSet[] {
  if (referenceCache?.file !== file) referenceCache = { file, sets: parseMedtunedReference(fs.readFileSync(file, 'utf8')) };
  return referenceCache.sets;
}

/** A verbatim instruction → the set(s) it belongs to and its variant number there (BC2GM and JNLPBA share theirs). */
let instructionIndex: Map<string, Array<{ set: MedtunedVariantSet; variant: number }>> | undefined;

function medtunedInstructionIndex(): Map<string, Array<{ set: MedtunedVariantSet; variant: number }>> {
  if (instructionIndex) return instructionIndex;
  const index = new Map<string, Array<{ set: MedtunedVariantSet; variant: number }>>();
  for (const set of loadMedtunedReference()) {
    set.variants.forEach((v, i) => {
      const list = index.get(v) ?? [];
      if (list.some((x) => x.set.task !== set.task)) throw new Error(`reference: one instruction for two tasks (${list[0].set.dataset}, ${set.dataset})`);
      list.push({ set, variant: i + 1 });
      index.set(v, list);
    });
  }
  return (instructionIndex = index);
}

/** The training template up to where the loss began (Finetuning/training.py): nothing after `### Output:`. */
const LAYOUT_HEAD = '### Instruction: ';
const LAYOUT_INPUT = '\n ### Input: ';
const LAYOUT_TAIL = '\n ### Output:';

/** A prompt in the training layout with a verbatim training instruction. */
export interface MedtunedMatch {
  /** The first set the instruction is a variant of (BC2GM for the gene variants JNLPBA shares). */
  dataset: string;
  /** Every set it is a variant of, e.g. [BC2GM, JNLPBA]. */
  datasets: string[];
  variant: number;
  task: MedtunedTask;
  instruction: string;
  input: string;
}

/** A raw generate prompt the oracle did not recognise as the training layout, and why. */
export interface OffLayoutPrompt {
  endpoint: string;
  prompt: unknown;
  system: unknown;
  raw: unknown;
  reason: string;
}

/** What the oracle answers a prompt off the training layout: nothing any parser can use. */
export const OFF_LAYOUT_ANSWER = 'I am not sure.';
/** What MedTuned answers a GAD prompt (left out of training): the i2b2-2010 none label, no GAD label. */
export const UNTRAINED_ANSWER = ' No Relations \n';

/** Tokens joined by single spaces (`' '.join(tokens)`), as every NER and relation input was built. */
const SPACE_JOINED = /^(\S+( \S+)*)?$/;

/**
 * Reads a raw /api/generate body as the medtuned training layout, byte for byte:
 * `### Instruction: {instruction}\n ### Input: {input}\n ### Output:` ending the prompt,
 * `raw: true`, no system text, the instruction one of the reference file's verbatim
 * variants, and the input as the training rows built it (NER and relations: tokens joined
 * by single spaces, relations with exactly two i2b2 masks; MedNLI: `Sentence 1: {premise}\n
 * Sentence 2: {hypothesis}`, each part stripped). Anything else is `{ reason }`.
 */
export function matchMedtunedLayout(body: any): MedtunedMatch | { reason: string } {
  if (!body || typeof body !== 'object') return { reason: 'no request body' };
  if (typeof body.prompt !== 'string' || body.prompt === '') return { reason: 'no prompt' };
  if (body.raw !== true) return { reason: 'not raw: the server would wrap the prompt in a template' };
  if (body.system !== undefined && body.system !== null && body.system !== '') return { reason: 'a system line' };
  const prompt: string = body.prompt;
  if (!prompt.startsWith(LAYOUT_HEAD)) return { reason: `does not begin with "${LAYOUT_HEAD}"` };
  if (!prompt.endsWith(LAYOUT_TAIL)) {
    const cut = prompt.lastIndexOf('### Output:');
    if (cut < 0) return { reason: 'no "### Output:"' };
    const after = prompt.slice(cut + '### Output:'.length);
    return { reason: after !== '' ? `${JSON.stringify(after)} after "### Output:"` : 'another separator before "### Output:"' };
  }
  const sep = prompt.indexOf(LAYOUT_INPUT);
  if (sep < 0) return { reason: 'no "\\n ### Input: " separator' };
  const instruction = prompt.slice(LAYOUT_HEAD.length, sep);
  const input = prompt.slice(sep + LAYOUT_INPUT.length, prompt.length - LAYOUT_TAIL.length);
  const found = medtunedInstructionIndex().get(instruction);
  if (!found) return { reason: 'the instruction is not a verbatim training variant' };
  const { set, variant } = found[0];
  const match: MedtunedMatch = { dataset: set.dataset, datasets: found.map((f) => f.set.dataset), variant, task: set.task, instruction, input };
  if (set.task === 'nli') {
    const q = GoldOracle.splitNliInput(input);
    if (!q) return { reason: 'MedNLI input is not "Sentence 1: {premise}\\nSentence 2: {hypothesis}"' };
    if (q.premise !== q.premise.trim() || q.hypothesis !== q.hypothesis.trim()) return { reason: 'MedNLI premise or hypothesis not stripped' };
    return match;
  }
  if (!SPACE_JOINED.test(input)) return { reason: 'the input is not tokens joined by single spaces' };
  if (set.task === 'clinical-relation' || set.task === 'untrained') {
    const masks = input.split(' ').filter((t) => MASK_LIKE.test(t));
    const trained = set.task === 'clinical-relation' ? masks.every((t) => t in MASKS) : masks.every((t) => t === '@GENE$' || t === '@DISEASE$');
    if (masks.length !== 2 || !trained) return { reason: `${set.dataset} input needs two of its masks (got ${masks.join(', ') || 'none'})` };
  }
  return match;
}

const JSON_NER_MESSAGE = /^Entity types: ([^\n]*)\nText: ([\s\S]*)$/;

/** The NLI input of both layouts (instruction-formats.md § NLI). */
/**
 * A field of note text in a json-layout user turn: a JSON string when the client fences
 * note text as data (quotes and escapes), else the raw text.
 */
function dataField(field: string): string {
  if (!field.startsWith('"')) return field;
  try {
    const v = JSON.parse(field);
    return typeof v === 'string' ? v : field;
  } catch {
    return field;
  }
}

const NLI_PREMISE = 'Sentence 1: ';
const NLI_HYPOTHESIS = '\nSentence 2: ';

export interface NliQuery {
  premise: string;
  hypothesis: string;
}

/** The medtuned prompts the oracle answered: each recognised one, and each off the training layout. */
export interface OracleLog {
  medtuned: MedtunedMatch[];
  offLayout: OffLayoutPrompt[];
}

/** A hypothesis of the notes' NLI gold, with its evidence sentences whitespace-collapsed. */
interface IndexedNli {
  label: NliLabel;
  evidence: string[];
}

export class GoldOracle {
  private readonly docs: IndexedDoc[];
  /** First token text → (document, token index) where it occurs. */
  private readonly index = new Map<string, Array<[number, number]>>();
  /** `premise\0hypothesis` (whitespace-collapsed) → the label of the first such pair, noise applied. */
  private readonly nliPairs = new Map<string, NliLabel>();
  /** A notes' gold hypothesis (whitespace-collapsed) → every document's gold for it. */
  private readonly nliHypotheses = new Map<string, IndexedNli[]>();
  private readonly noise: number;
  private readonly nliSeed: number;
  /** What the oracle saw of the medtuned layout (shared with the server, kept across setNoise). */
  readonly log: OracleLog;

  constructor(gold: GoldDocument[], noise = 0, seed = 1, nliPairs: NliPair[] = [], log: OracleLog = { medtuned: [], offLayout: [] }) {
    this.log = log;
    this.noise = Math.min(1, Math.max(0, noise));
    this.nliSeed = (seed ^ 0x27d4eb2d) >>> 0;
    // Seeds of their own, so that NLI noise leaves the entity and relation choices as they were.
    const flippedPairs = GoldOracle.chooseDropped(
      nliPairs.map((_, i) => `${i}`),
      noise,
      (seed ^ 0x165667b1) >>> 0,
    );
    nliPairs.forEach((p, i) => {
      const key = `${collapseWs(p.premise)}\0${collapseWs(p.hypothesis)}`;
      if (!this.nliPairs.has(key)) this.nliPairs.set(key, flippedPairs.has(`${i}`) ? flipNli(p.label) : p.label);
    });
    for (const doc of gold) {
      for (const g of doc.nli ?? []) {
        const key = collapseWs(g.hypothesis);
        const entry = { label: g.label, evidence: g.evidence.map(collapseWs).filter((e) => e !== '') };
        const list = this.nliHypotheses.get(key);
        if (list) list.push(entry);
        else this.nliHypotheses.set(key, [entry]);
      }
    }
    const dropped = GoldOracle.chooseDropped(
      gold.flatMap((doc, d) => doc.entities.map((_, e) => `${d}:${e}`)),
      noise,
      seed,
    );
    // A seed of its own, so that relation noise leaves the entity choice as it was.
    const droppedRelations = GoldOracle.chooseDropped(
      gold.flatMap((doc, d) => (doc.relations ?? []).map((_, r) => `${d}:${r}`)),
      noise,
      (seed ^ 0x5bd1e995) >>> 0,
    );
    this.docs = gold.map((doc, d) => {
      const tokens = tokenise(doc.text);
      tokens.forEach((t, i) => {
        const list = this.index.get(t.text);
        if (list) list.push([d, i]);
        else this.index.set(t.text, [[d, i]]);
      });
      const entities = doc.entities
        .filter((_, e) => !dropped.has(`${d}:${e}`))
        .sort((a, b) => a.start - b.start || a.end - b.end);
      let collapsed = '';
      const collapsedMap: number[] = [];
      for (const m of doc.text.matchAll(/\s+|[^\s]+/g)) {
        if (/^\s/.test(m[0])) {
          collapsed += ' ';
          collapsedMap.push(m.index!);
        } else {
          collapsed += m[0];
          for (let k = 0; k < m[0].length; k++) collapsedMap.push(m.index! + k);
        }
      }
      const entityStarts = new Map<number, number[]>();
      doc.entities.forEach((e, k) => {
        const list = entityStarts.get(e.start);
        if (list) list.push(k);
        else entityStarts.set(e.start, [k]);
      });
      const relations = (doc.relations ?? []).filter((_, r) => !droppedRelations.has(`${d}:${r}`));
      const tokenEnds = new Set(tokens.map((t) => t.end));
      return { doc, tokens, tokenEnds, entityStarts, relations, entities, collapsed, collapsedMap };
    });
  }

  /** Exactly round(noise × N) of the keys (`doc:item`), chosen by a seeded shuffle. */
  private static chooseDropped(keys: string[], noise: number, seed: number): Set<string> {
    const n = Math.round(Math.min(1, Math.max(0, noise)) * keys.length);
    if (n === 0) return new Set();
    const rnd = mulberry32(seed);
    for (let i = keys.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [keys[i], keys[j]] = [keys[j], keys[i]];
    }
    return new Set(keys.slice(0, n));
  }

  /**
   * The model's answer to a generation request, as text. /api/generate is the medtuned
   * layout: a prompt exactly as trained (matchMedtunedLayout) is answered from gold the way
   * the model writes its training target, ` {output} \n` before `</s>` (the server stops
   * there: the end-of-sequence token is not text); anything else raw is off the layout,
   * recorded in `log.offLayout` and answered OFF_LAYOUT_ANSWER. /api/chat is the json layout.
   */
  answer(endpoint: '/api/generate' | '/api/chat', body: any): string {
    if (endpoint === '/api/generate') {
      const m = matchMedtunedLayout(body);
      if ('reason' in m) {
        this.log.offLayout.push({ endpoint, prompt: body?.prompt, system: body?.system, raw: body?.raw, reason: m.reason });
        return OFF_LAYOUT_ANSWER;
      }
      this.log.medtuned.push(m);
      return this.medtunedAnswer(m);
    }
    // NLI first: its `Sentence 1:` / `Sentence 2:` input is neither NER nor relation input.
    const nli = GoldOracle.parseJsonNli(body);
    if (nli) return this.jsonNli(nli);
    const re = GoldOracle.parseJsonRelation(body);
    if (re) return this.jsonRelation(re);
    const q = GoldOracle.parseJsonNer(body);
    if (q) return this.jsonNer(q.types, q.text);
    return this.answerOther(endpoint, body);
  }

  /** The answer to a prompt in the training layout: ` {output} \n`, as the training row ` {output} \n</s>`. */
  medtunedAnswer(m: MedtunedMatch): string {
    switch (m.task) {
      case 'nli':
        return ` ${this.medtunedNli(GoldOracle.splitNliInput(m.input)!)} \n`;
      case 'clinical-relation':
        return ` ${this.medtunedRelation({ instruction: m.instruction, tokens: m.input.split(' '), task: 'clinical' })} \n`;
      case 'untrained':
        return UNTRAINED_ANSWER;
      default:
        return ` ${this.medtunedNer({ instruction: m.instruction, input: m.input, task: m.task })} \n`;
    }
  }

  /** Chat prompts that are neither NLI, NER nor relations in the json layout: the "no relation" label. */
  answerOther(_endpoint: string, _body: any): string {
    return 'No Relations';
  }

  // -------------------------------------------------------------------------------------
  // NLI

  /** `Sentence 1: {premise}\nSentence 2: {hypothesis}`, split at the last `\nSentence 2: `. */
  static splitNliInput(input: string): NliQuery | undefined {
    if (!input.startsWith(NLI_PREMISE)) return undefined;
    const cut = input.lastIndexOf(NLI_HYPOTHESIS);
    if (cut < 0) return undefined;
    return { premise: input.slice(NLI_PREMISE.length, cut), hypothesis: input.slice(cut + NLI_HYPOTHESIS.length) };
  }

  /** A MedNLI prompt exactly in the training layout (matchMedtunedLayout): its premise and hypothesis. */
  static parseMedtunedNli(body: any): NliQuery | undefined {
    const m = matchMedtunedLayout(body);
    return 'reason' in m || m.task !== 'nli' ? undefined : GoldOracle.splitNliInput(m.input);
  }

  /** The json NLI layout: /api/chat with a `format`, the last user turn `Sentence 1: ...\nSentence 2: ...`. */
  static parseJsonNli(body: any): NliQuery | undefined {
    if (!body || body.format === undefined || body.format === null || body.format === '') return undefined;
    if (!Array.isArray(body.messages)) return undefined;
    const users = body.messages.filter((m: any) => m && m.role === 'user' && typeof m.content === 'string');
    if (users.length === 0) return undefined;
    const q = GoldOracle.splitNliInput(users[users.length - 1].content);
    return q && { premise: dataField(q.premise), hypothesis: dataField(q.hypothesis) };
  }

  /**
   * The label for a premise and hypothesis, from gold, noise applied:
   * 1. a pair of `nliPairs` with this premise and hypothesis (whitespace-collapsed): its label;
   * 2. a hypothesis of a note's NLI gold: its label when the premise is, or contains, one of
   *    its evidence sentences; otherwise neutral (this premise does not decide it);
   * 3. a hypothesis no gold knows, with a premise found in a gold document: entailment.
   *    The notes' NLI gold covers only the Assessment / Impression / Summary sentences; the
   *    other statements of a note's summary sections (discharge diagnoses, plan items) are
   *    taken as supported by the note, so that tests can assert that exactly the gold
   *    findings are flagged;
   * 4. anything else: neutral.
   */
  nliLabel(q: NliQuery): NliLabel {
    const premise = collapseWs(q.premise);
    const hypothesis = collapseWs(q.hypothesis);
    const paired = this.nliPairs.get(`${premise}\0${hypothesis}`);
    if (paired !== undefined) return paired; // noise already chosen exactly among the pairs
    let label: NliLabel = 'neutral';
    const known = this.nliHypotheses.get(hypothesis);
    if (known) {
      const decided = known.find((g) => g.evidence.some((e) => premise === e || premise.includes(e)));
      if (decided) label = decided.label;
    } else if (premise !== '' && this.docs.some((d) => d.collapsed.includes(premise))) {
      label = 'entailment';
    }
    return this.nliFlipped(premise, hypothesis) ? flipNli(label) : label;
  }

  /** Whether noise flips the answer to a question outside nliPairs: a seeded hash below noise. */
  private nliFlipped(premise: string, hypothesis: string): boolean {
    if (this.noise <= 0) return false;
    const h = crypto.createHash('sha256').update(`${this.nliSeed}\0${premise}\0${hypothesis}`).digest();
    return h.readUInt32BE(0) / 4294967296 < this.noise;
  }

  /** The bare label, capitalised as MedNLI's training outputs: Entailment, Contradiction, Neutral. */
  medtunedNli(q: NliQuery): string {
    const label = this.nliLabel(q);
    return label[0].toUpperCase() + label.slice(1);
  }

  /** `{"label", "evidence"}`: the premise as sent is the evidence unless the label is neutral. */
  jsonNli(q: NliQuery): string {
    const label = this.nliLabel(q);
    return JSON.stringify({ label, evidence: label === 'neutral' ? '' : q.premise });
  }

  /** An NER prompt exactly in the training layout (matchMedtunedLayout), with the task its instruction's training set asks. */
  static parseMedtunedNer(body: any): MedtunedNer | undefined {
    const m = matchMedtunedLayout(body);
    if ('reason' in m) return undefined;
    const t = m.task;
    return t === 'clinical' || t === 'disease' || t === 'chemical' || t === 'gene' ? { instruction: m.instruction, input: m.input, task: t } : undefined;
  }

  /** The json layout: /api/chat with a `format`, the last user message naming types and text. */
  static parseJsonNer(body: any): { types: string[]; text: string } | undefined {
    if (!body || body.format === undefined || body.format === null || !Array.isArray(body.messages)) return undefined;
    const users = body.messages.filter((m: any) => m && m.role === 'user' && typeof m.content === 'string');
    if (users.length === 0) return undefined;
    const m = JSON_NER_MESSAGE.exec(users[users.length - 1].content);
    if (!m) return undefined;
    const types = m[1].split(',').map((t) => t.trim().toLowerCase()).filter((t) => t !== '');
    return { types, text: dataField(m[2]) };
  }

  /** One `token : TAG` line per input token, joined by `\n` (the training output before its ` ` and ` \n</s>`). */
  medtunedNer(q: MedtunedNer): string {
    // The client's tokens, as it joined them: one answer line for each, whatever they are.
    const input = q.input.split(' ').filter((t) => t !== '');
    const found = this.findTokenRun(input);
    if (found) {
      const { doc, first } = found;
      return input.map((t, i) => `${t} : ${this.tagToken(doc, doc.tokens[first + i], q.task)}`).join('\n');
    }
    // A corpus's own tokens (IOB: `Na+`, `2.5`) need not be this oracle's: find them by
    // their characters instead, whitespace aside.
    const placed = this.findCharacters(input);
    return input.map((t, i) => `${t} : ${placed ? this.tagToken(placed.doc, placed.tokens[i], q.task) : 'O'}`).join('\n');
  }

  /** The input tokens' characters in a gold document (whitespace ignored), each token placed at its offsets. */
  private findCharacters(input: string[]): { doc: IndexedDoc; tokens: Tok[] } | undefined {
    const needle = input.join('');
    if (needle === '') return undefined;
    for (const doc of this.docs) {
      doc.dense ??= denseText(doc.doc.text);
      const at = doc.dense.text.indexOf(needle);
      if (at < 0) continue;
      let pos = at;
      const tokens = input.map((text) => {
        const start = doc.dense!.map[pos];
        const end = doc.dense!.map[pos + text.length - 1] + 1;
        pos += text.length;
        return { text, start, end };
      });
      return { doc, tokens };
    }
    return undefined;
  }

  private tagToken(doc: IndexedDoc, tok: Tok, task: MedtunedNer['task']): string {
    let inside: string | undefined;
    for (const e of doc.entities) {
      if (e.start >= tok.end) break;
      const type = canonicalType(e.type);
      const wanted = task === 'clinical' ? CLINICAL_TYPES.includes(type) : type === task;
      if (!wanted || e.end <= tok.start) continue;
      const label = task === 'clinical' ? `-${type.toUpperCase()}` : '';
      // A token holding the entity's first character begins it (also when gold starts mid-token).
      if (e.start >= tok.start) return `B${label}`;
      inside ??= `I${label}`;
    }
    return inside ?? 'O';
  }

  /** First occurrence of the token sequence as a contiguous run in a gold document. */
  private findTokenRun(tokens: string[]): { doc: IndexedDoc; first: number } | undefined {
    if (tokens.length === 0) return undefined;
    for (const [d, i] of this.index.get(tokens[0]) ?? []) {
      const doc = this.docs[d];
      if (i + tokens.length > doc.tokens.length) continue;
      let k = 1;
      while (k < tokens.length && doc.tokens[i + k].text === tokens[k]) k++;
      if (k === tokens.length) return { doc, first: i };
    }
    return undefined;
  }

  jsonNer(types: string[], text: string): string {
    const wanted = new Map<string, string>();
    for (const t of types) if (!wanted.has(canonicalType(t))) wanted.set(canonicalType(t), t);
    const found = this.findText(text);
    const entities: Array<{ text: string; type: string }> = [];
    if (found) {
      for (const e of found.doc.entities) {
        const type = wanted.get(canonicalType(e.type));
        if (type !== undefined && e.start >= found.start && e.end <= found.end) {
          entities.push({ text: found.doc.doc.text.slice(e.start, e.end), type });
        }
      }
    }
    return JSON.stringify({ entities });
  }

  // -------------------------------------------------------------------------------------
  // Relations

  /** A relation prompt exactly in the training layout (i2b2-2010, or GAD which training left out). */
  static parseMedtunedRelation(body: any): MedtunedRelation | undefined {
    const m = matchMedtunedLayout(body);
    if ('reason' in m) return undefined;
    if (m.task === 'clinical-relation') return { instruction: m.instruction, tokens: m.input.split(' '), task: 'clinical' };
    if (m.task === 'untrained') return { instruction: m.instruction, tokens: m.input.split(' '), task: 'untrained' };
    return undefined;
  }

  /**
   * The json relation layout: /api/chat with a `format`, the last user turn
   * `Text: {sentence with <e1>..</e1> markers}\nPairs:\nP1: e1 (type) -> e2 (type)\n...`.
   */
  static parseJsonRelation(body: any): JsonRelationQuery | undefined {
    if (!body || body.format === undefined || body.format === null || body.format === '') return undefined;
    if (!Array.isArray(body.messages)) return undefined;
    const users = body.messages.filter((m: any) => m && m.role === 'user' && typeof m.content === 'string');
    if (users.length === 0) return undefined;
    const content: string = users[users.length - 1].content;
    if (!content.startsWith('Text: ')) return undefined;
    // The sentence may hold line breaks; the pair lines never hold this one.
    const cut = content.lastIndexOf('\nPairs:\n');
    if (cut < 0) return undefined;
    const pairs: JsonRelationQuery['pairs'] = [];
    for (const line of content.slice(cut + '\nPairs:\n'.length).split('\n')) {
      if (line.trim() === '') continue;
      const p = /^\s*(P\d+): (e\d+) \(([^)]*)\) -> (e\d+) \(([^)]*)\)\s*$/.exec(line);
      if (!p) return undefined;
      pairs.push({ id: p[1], head: p[2], headType: canonicalType(p[3]), tail: p[4], tailType: canonicalType(p[5]) });
    }
    return { marked: dataField(content.slice('Text: '.length, cut)), pairs };
  }

  /** The i2b2-2010 gold label between the two mask-matched entities, else No Relations. */
  medtunedRelation(q: MedtunedRelation): string {
    if (q.task !== 'clinical') return UNTRAINED_ANSWER.trim();
    const masks = q.tokens.filter((t) => t in MASKS).map((t) => MASKS[t]);
    if (masks.length !== 2) return NO_RELATION.clinical;
    for (const doc of this.docs) {
      for (const start of this.walkStarts(doc, q.tokens[0])) {
        const found = this.walkMasked(doc, q.tokens, 0, start, []);
        if (found) return this.relationLabel(doc, 'clinical', found[0], masks[0], found[1], masks[1]);
      }
    }
    return NO_RELATION.clinical;
  }

  /** Offsets where a masked input may begin: tokens equal to its first word, or entities of its first mask's type. */
  private walkStarts(doc: IndexedDoc, first: string | undefined): number[] {
    if (first === undefined) return [];
    const type = MASKS[first];
    if (type === undefined) return doc.tokens.filter((t) => t.text === first).map((t) => t.start);
    return doc.doc.entities.filter((e) => canonicalType(e.type) === type).map((e) => e.start);
  }

  /**
   * Walks the document from `pos` along the masked input: a word must be the next text
   * of the document (ending where a document token or a gold entity does: the client cuts
   * its words at mention boundaries), a mask must be a whole gold entity of its type
   * beginning there. Returns the entity indices the masks stood for.
   */
  private walkMasked(doc: IndexedDoc, tokens: string[], k: number, pos: number, found: number[]): number[] | undefined {
    const text = doc.doc.text;
    while (pos < text.length && /\s/.test(text[pos])) pos++;
    if (k === tokens.length) return found;
    const tok = tokens[k];
    const type = MASKS[tok];
    if (type === undefined) {
      if (!text.startsWith(tok, pos)) return undefined;
      const end = pos + tok.length;
      if (!doc.tokenEnds.has(end) && !doc.entityStarts.has(end)) return undefined;
      return this.walkMasked(doc, tokens, k + 1, end, found);
    }
    for (const e of doc.entityStarts.get(pos) ?? []) {
      const entity = doc.doc.entities[e];
      if (canonicalType(entity.type) !== type || found.includes(e)) continue;
      const rest = this.walkMasked(doc, tokens, k + 1, entity.end, [...found, e]);
      if (rest) return rest;
    }
    return undefined;
  }

  /**
   * The label of a gold relation (left after noise) between entities a and b, asked as
   * types aType and bType: clinical pairs in either direction, literature pairs with Arg1
   * the chemical (chemical-disease, chemical-gene) or gene (gene-disease) and Arg2 the other.
   */
  private relationLabel(doc: IndexedDoc, kind: RelationKind, a: number, aType: string, b: number, bType: string): string {
    let arg1 = a;
    let arg2 = b;
    if (kind !== 'clinical' && aType !== ARG1_TYPE[kind] && bType === ARG1_TYPE[kind]) [arg1, arg2] = [b, a];
    for (const r of doc.relations) {
      if (r.arg1 === arg1 && r.arg2 === arg2) return r.label;
      if (kind === 'clinical' && r.arg1 === arg2 && r.arg2 === arg1) return r.label;
    }
    return NO_RELATION[kind];
  }

  /** One `{pair, label}` per listed pair, in order. */
  jsonRelation(q: JsonRelationQuery): string {
    const { text, spans } = GoldOracle.stripMarkers(q.marked);
    const types = new Map<string, string>();
    for (const p of q.pairs) {
      types.set(p.head, p.headType);
      types.set(p.tail, p.tailType);
    }
    const found = this.findMarked(text, spans, types);
    const relations = q.pairs.map((p) => {
      const kind = relationKind(p.headType, p.tailType);
      if (!kind) return { pair: p.id, label: NO_RELATION.clinical };
      // The first occurrence of the sentence where both marked spans are gold entities.
      for (const { doc, entities } of found) {
        const h = entities.get(p.head);
        const t = entities.get(p.tail);
        if (h !== undefined && t !== undefined && h !== t) {
          return { pair: p.id, label: this.relationLabel(doc, kind, h, p.headType, t, p.tailType) };
        }
      }
      return { pair: p.id, label: NO_RELATION[kind] };
    });
    return JSON.stringify({ relations });
  }

  /** The sentence without `<eN>`/`</eN>` markers, and each marked span's offsets in it. */
  static stripMarkers(marked: string): { text: string; spans: Map<string, { start: number; end: number }> } {
    let text = '';
    let at = 0;
    const open = new Map<string, number>();
    const spans = new Map<string, { start: number; end: number }>();
    for (const m of marked.matchAll(/<(\/?)(e\d+)>/g)) {
      text += marked.slice(at, m.index!);
      at = m.index! + m[0].length;
      if (m[1] === '') open.set(m[2], text.length);
      else if (open.has(m[2])) {
        spans.set(m[2], { start: open.get(m[2])!, end: text.length });
        open.delete(m[2]);
      }
    }
    text += marked.slice(at);
    return { text, spans };
  }

  /**
   * Every occurrence of the sentence (whitespace collapsed) in the gold, in document
   * order, each with the gold entities (indices) that have exactly the marked spans. One
   * sentence may be several gold documents (ChemProt: one per marked pair), so a pair is
   * answered from the first occurrence whose entities have its two spans. A gold entity of
   * the type the pairs name is preferred over another with the same span.
   */
  private findMarked(
    text: string,
    spans: Map<string, { start: number; end: number }>,
    types: Map<string, string>,
  ): Array<{ doc: IndexedDoc; entities: Map<string, number> }> {
    // The sentence collapsed like the documents, with each original offset's place in it.
    let q = '';
    const place: number[] = [];
    for (const m of text.matchAll(/\s+|[^\s]+/g)) {
      const ws = /^\s/.test(m[0]);
      for (let k = 0; k < m[0].length; k++) place.push(ws ? q.length : q.length + k);
      q += ws ? ' ' : m[0];
    }
    const lead = q.startsWith(' ') ? 1 : 0;
    const trimmed = q.trim();
    const found: Array<{ doc: IndexedDoc; entities: Map<string, number> }> = [];
    if (trimmed === '') return found;
    for (const doc of this.docs) {
      for (let at = doc.collapsed.indexOf(trimmed); at >= 0; at = doc.collapsed.indexOf(trimmed, at + 1)) {
        const base = at - lead;
        const entities = new Map<string, number>();
        for (const [id, s] of spans) {
          if (s.end <= s.start) continue;
          const start = doc.collapsedMap[base + place[s.start]];
          const end = doc.collapsedMap[base + place[s.end - 1]] + 1;
          const same = doc.doc.entities.map((e, k) => ({ e, k })).filter(({ e }) => e.start === start && e.end === end);
          const pick = same.find(({ e }) => canonicalType(e.type) === types.get(id)) ?? same[0];
          if (pick) entities.set(id, pick.k);
        }
        found.push({ doc, entities });
      }
    }
    return found;
  }

  /** Finds text with whitespace runs collapsed (CRLF, wrapping) and maps back to gold offsets. */
  private findText(text: string): { doc: IndexedDoc; start: number; end: number } | undefined {
    const q = text.replace(/\s+/g, ' ').trim();
    if (q === '') return undefined;
    for (const doc of this.docs) {
      const at = doc.collapsed.indexOf(q);
      if (at < 0) continue;
      return { doc, start: doc.collapsedMap[at], end: doc.collapsedMap[at + q.length - 1] + 1 };
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------
// The HTTP server

/** One request/response exchange: tracks the client going away, so waits end early. */
class Exchange {
  closed = false;
  private readonly waiters = new Set<() => void>();
  constructor(
    readonly req: http.IncomingMessage,
    readonly res: http.ServerResponse,
    readonly rec: RecordedRequest,
  ) {
    res.on('finish', () => {
      rec.finished = true;
      rec.endedMs = performance.now();
    });
    res.on('close', () => {
      if (!res.writableFinished) rec.aborted = true;
      this.closed = true;
      for (const w of [...this.waiters]) w();
    });
  }

  /** Waits ms, or less if the connection closes first. */
  sleep(ms: number): Promise<void> {
    if (ms <= 0 || this.closed) return Promise.resolve();
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  /** Resolves when the client disconnects (the `hang` fault). */
  untilClosed(): Promise<void> {
    if (this.closed) return Promise.resolve();
    return new Promise((resolve) => this.waiters.add(resolve));
  }

  json(status: number, obj: unknown): void {
    if (this.closed) return;
    const body = JSON.stringify(obj);
    this.res.writeHead(status, { 'Content-Type': JSON_TYPE, 'Content-Length': Buffer.byteLength(body) });
    this.res.end(body);
  }

  error(status: number, message: string): void {
    this.json(status, { error: message });
  }

  text(status: number, body: string): void {
    if (this.closed) return;
    this.res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': Buffer.byteLength(body) });
    this.res.end(this.req.method === 'HEAD' ? undefined : body);
  }

  /** Starts an NDJSON stream; Node sends the headers together with the first line. */
  writeLine(obj: unknown): void {
    if (this.closed) return;
    if (!this.res.headersSent) this.res.writeHead(200, { 'Content-Type': NDJSON_TYPE });
    this.res.write(JSON.stringify(obj) + '\n');
  }

  /** Starts a server-sent event stream (OpenAI's streaming) or adds an event: `data: ...` and a blank line. */
  writeEvent(data: unknown): void {
    if (this.closed) return;
    if (!this.res.headersSent) this.res.writeHead(200, { 'Content-Type': SSE_TYPE, 'Cache-Control': 'no-cache' });
    this.res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (this.closed) return;
    this.res.end();
  }
}

interface LoadedModel {
  model: ModelInfo;
  /** ms since epoch; Infinity for keep_alive < 0. */
  expiresAt: number;
  contextLength: number;
}

function modelKey(name: string): string {
  const n = name.trim().toLowerCase();
  // Ollama reads a name without a tag as NAME:latest.
  return n.split('/').pop()!.includes(':') ? n : `${n}:latest`;
}

function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

function parameterCount(size: string | undefined): number {
  const m = /^([\d.]+)\s*([KMB]?)/i.exec(size ?? '');
  if (!m) return 0;
  const scale: Record<string, number> = { '': 1, K: 1e3, M: 1e6, B: 1e9 };
  return Math.round(parseFloat(m[1]) * scale[m[2].toUpperCase()]);
}

/** keep_alive: seconds as a number, or a Go duration string; negative = forever. Default 5m. */
function keepAliveMs(v: unknown): number {
  if (typeof v === 'number') return v < 0 ? Infinity : v * 1000;
  if (typeof v === 'string' && v.trim() !== '') {
    const s = v.trim();
    if (/^-?\d+(\.\d+)?$/.test(s)) return keepAliveMs(Number(s));
    const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
    let ms = 0;
    const neg = s.startsWith('-');
    for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += parseFloat(m[1]) * unit[m[2]];
    return neg ? Infinity : ms;
  }
  return 5 * 60000;
}

function jsonSyntaxMessage(raw: string): string {
  const c = raw.trim()[0];
  // Go's encoding/json wording, which is what Ollama returns for a body it cannot decode.
  return c === '{' || c === '[' ? 'unexpected EOF' : `invalid character '${c}' looking for beginning of value`;
}

const GENERATION_PATHS = new Set(['/api/generate', '/api/chat', '/v1/completions', '/v1/chat/completions']);
const EMBED_PATHS = new Set(['/api/embed', '/v1/embeddings']);

/** Dimensions of the gold embeddings: one per gold NLI hypothesis (hashed beyond), then hashed words. */
const EMBED_GOLD_DIMS = 48;
const EMBED_WORD_DIMS = 16;
const EMBED_WORD_WEIGHT = 0.25;

/**
 * The test server's embedding of `text`: 1 on the dimension of each gold hypothesis that the
 * text is, or is an evidence sentence of (it equals or contains one, whitespace collapsed);
 * EMBED_WORD_WEIGHT per word on a dimension chosen by the word's hash; unit length (as
 * Ollama normalises). So a hypothesis is most similar to its own evidence, whatever words
 * they share.
 */
export function goldEmbedding(text: string, gold: readonly GoldDocument[]): number[] {
  const v = new Array<number>(EMBED_GOLD_DIMS + EMBED_WORD_DIMS).fill(0);
  const t = collapseWs(text);
  let group = 0;
  for (const doc of gold) {
    for (const g of doc.nli ?? []) {
      const evidence = g.evidence.map(collapseWs).filter((e) => e !== '');
      if (t !== '' && (t === collapseWs(g.hypothesis) || evidence.some((e) => t === e || t.includes(e)))) v[group % EMBED_GOLD_DIMS] += 1;
      group++;
    }
  }
  for (const w of t.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    v[EMBED_GOLD_DIMS + (crypto.createHash('sha256').update(w).digest().readUInt32BE(0) % EMBED_WORD_DIMS)] += EMBED_WORD_WEIGHT;
  }
  const norm = Math.sqrt(v.reduce((n, x) => n + x * x, 0));
  return norm > 0 ? v.map((x) => x / norm) : v;
}

export class OllamaTestServer {
  readonly requests: RecordedRequest[] = [];
  private readonly server: http.Server;
  private readonly sockets = new Set<Socket>();
  private readonly models: ModelInfo[];
  private readonly modified = new Map<string, string>();
  private readonly pullable: ModelInfo[];
  private readonly loaded = new Map<string, LoadedModel>();
  private oracle: GoldOracle;
  private readonly oracleLog: OracleLog = { medtuned: [], offLayout: [] };
  private gold: GoldDocument[];
  private readonly nliPairs: NliPair[];
  private timing: { firstTokenMs: number; perTokenMs: number };
  private scriptFn: ((req: RecordedRequest) => Behaviour | undefined) | undefined;
  private readonly pullStepMs: number;
  private apiKey: string | undefined;
  private nextId = 0;
  private _port: number;
  private generationsInFlight = 0;
  private generationsPeak = 0;

  private constructor(opts: TestServerOptions) {
    this._port = opts.port ?? 0;
    this.models = [...(opts.models ?? DEFAULT_MODELS)];
    for (const m of this.models) this.modified.set(modelKey(m.name), new Date().toISOString());
    this.pullable = [...(opts.pullable ?? [])];
    this.gold = opts.gold ?? [];
    this.nliPairs = [...(opts.nliPairs ?? [])];
    this.oracle = new GoldOracle(this.gold, opts.noise ?? 0, opts.seed ?? 1, this.nliPairs, this.oracleLog);
    this.timing = { ...(opts.timing ?? { firstTokenMs: 0, perTokenMs: 0 }) };
    this.pullStepMs = opts.pullStepMs ?? 0;
    this.apiKey = opts.apiKey;
    this.server = http.createServer((req, res) => {
      this.handle(req, res).catch((err) => {
        if (!res.headersSent && !res.destroyed) {
          res.writeHead(500, { 'Content-Type': JSON_TYPE });
          res.end(JSON.stringify({ error: String(err?.message ?? err) }));
        } else res.destroy();
      });
    });
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
  }

  /** Every server started in this process (the root hook checks their oracle logs after each test). */
  static readonly started = new Set<OllamaTestServer>();

  static async start(opts: TestServerOptions = {}): Promise<OllamaTestServer> {
    const s = new OllamaTestServer(opts);
    await s.listen(s._port);
    OllamaTestServer.started.add(s);
    return s;
  }

  get port(): number {
    return this._port;
  }

  get url(): string {
    return `http://127.0.0.1:${this._port}`;
  }

  script(fn: ((req: RecordedRequest) => Behaviour | undefined) | undefined): void {
    this.scriptFn = fn;
  }

  /** Generation requests of both protocols: /api/generate, /api/chat, /v1/completions, /v1/chat/completions. */
  generationRequests(): RecordedRequest[] {
    return this.requests.filter((r) => GENERATION_PATHS.has(r.path));
  }

  /**
   * The most generation requests (both protocols) this server has had open at once since
   * it started or since resetPeakGenerations(): what a client's concurrency really reached.
   */
  get peakGenerations(): number {
    return this.generationsPeak;
  }

  /** Generation requests open now. */
  get openGenerations(): number {
    return this.generationsInFlight;
  }

  resetPeakGenerations(): void {
    this.generationsPeak = this.generationsInFlight;
  }

  /** The API key the /v1 endpoints ask for (undefined: none, like Ollama). */
  requireApiKey(key: string | undefined): void {
    this.apiKey = key;
  }

  setTiming(t: { firstTokenMs: number; perTokenMs: number }): void {
    this.timing = { ...t };
  }

  /** Rebuilds the oracle with another noise level (and seed); its log goes on. */
  setNoise(noise: number, seed = 1): void {
    this.oracle = new GoldOracle(this.gold, noise, seed, this.nliPairs, this.oracleLog);
  }

  /**
   * Raw generate prompts the oracle answered OFF_LAYOUT_ANSWER because they were not the
   * medtuned training layout byte for byte (with why). Tests that run the engine assert none.
   */
  get offLayoutPrompts(): readonly OffLayoutPrompt[] {
    return this.oracleLog.offLayout;
  }

  /** Prompts recognised as the training layout, in arrival order: training set, variant, task. */
  get medtunedPrompts(): readonly MedtunedMatch[] {
    return this.oracleLog.medtuned;
  }

  /** Recognised prompts of a set the final training mix left out (GAD), answered unusably. */
  get untrainedPrompts(): readonly MedtunedMatch[] {
    return this.oracleLog.medtuned.filter((m) => m.task === 'untrained');
  }

  /** Forgets what the oracle logged (between the parts of a test). */
  clearOracleLog(): void {
    this.oracleLog.medtuned.length = 0;
    this.oracleLog.offLayout.length = 0;
  }

  addModel(m: ModelInfo): void {
    this.removeModel(m.name);
    this.models.push(m);
    this.modified.set(modelKey(m.name), new Date().toISOString());
  }

  removeModel(name: string): void {
    const i = this.models.findIndex((m) => modelKey(m.name) === modelKey(name));
    if (i >= 0) this.models.splice(i, 1);
    this.loaded.delete(modelKey(name));
  }

  /** Closes the listener and destroys open sockets: later connections get ECONNREFUSED. */
  async stop(): Promise<void> {
    if (!this.server.listening) return;
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
    // Clients in this process must see their pooled keep-alive sockets close first, or the
    // next request reuses one and fails with "other side closed" instead of ECONNREFUSED.
    await new Promise((r) => setTimeout(r, 20));
  }

  /** Listens again on the same port (after stop(), or restarts a running server). */
  async restart(): Promise<void> {
    await this.stop();
    await this.listen(this._port);
  }

  private listen(port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const onError = (err: Error) => reject(err);
      this.server.once('error', onError);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', onError);
        this._port = (this.server.address() as AddressInfo).port;
        resolve();
      });
    });
  }

  private findModel(name: unknown): ModelInfo | undefined {
    if (typeof name !== 'string' || name.trim() === '') return undefined;
    return this.models.find((m) => modelKey(m.name) === modelKey(name));
  }

  // -------------------------------------------------------------------------------------
  // Routing

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const rec: RecordedRequest = {
      id: ++this.nextId,
      method: req.method ?? 'GET',
      path: (req.url ?? '/').split('?')[0],
      body: undefined,
      receivedAt: Date.now(),
      startedMs: performance.now(),
      aborted: false,
      finished: false,
    };
    this.requests.push(rec);
    if (GENERATION_PATHS.has(rec.path)) {
      // Counted from arrival until the connection's answer is over (ended or closed).
      this.generationsInFlight++;
      this.generationsPeak = Math.max(this.generationsPeak, this.generationsInFlight);
      res.once('close', () => this.generationsInFlight--);
    }
    const ex = new Exchange(req, res, rec);
    const raw = await readBody(req);
    let parsed: { ok: true; value: any } | { ok: false; error: string } = { ok: false, error: 'missing request body' };
    if (raw !== undefined && raw.trim() !== '') {
      try {
        parsed = { ok: true, value: JSON.parse(raw) };
        rec.body = parsed.value;
      } catch {
        parsed = { ok: false, error: jsonSyntaxMessage(raw) };
        rec.body = raw;
      }
    }
    if (ex.closed) return;

    const route = `${rec.method} ${rec.path}`;
    switch (route) {
      case 'GET /':
      case 'HEAD /':
        return ex.text(200, 'Ollama is running');
      case 'GET /api/version':
      case 'HEAD /api/version':
        return ex.json(200, { version: VERSION });
      case 'GET /api/tags':
      case 'HEAD /api/tags':
        return ex.json(200, { models: this.models.map((m) => this.tagEntry(m)) });
      case 'GET /api/ps':
        return ex.json(200, { models: this.psEntries() });
      case 'POST /api/show':
        return this.show(ex, parsed);
      case 'DELETE /api/delete':
        return this.delete(ex, parsed);
      case 'POST /api/pull':
        return this.pull(ex, parsed);
      case 'POST /api/generate':
      case 'POST /api/chat':
        return this.generation(ex, rec.path, parsed);
      case 'POST /api/embed':
        return this.embed(ex, parsed);
      case 'POST /v1/embeddings':
        return this.openAiEmbeddings(ex, parsed);
      // The OpenAI-compatible API Ollama serves under /v1.
      case 'GET /v1/models':
        return this.openAiModels(ex);
      case 'POST /v1/chat/completions':
      case 'POST /v1/completions':
        return this.openAiGeneration(ex, rec.path as '/v1/chat/completions' | '/v1/completions', parsed);
      default:
        if (rec.method === 'GET' && rec.path.startsWith('/v1/models/')) {
          return this.openAiModels(ex, decodeURIComponent(rec.path.slice('/v1/models/'.length)));
        }
        // Gin's answer for an unknown route (also a known path with the wrong method).
        return ex.text(404, '404 page not found');
    }
  }

  private details(m: ModelInfo) {
    const family = m.family ?? 'llama';
    return {
      parent_model: '',
      format: 'gguf',
      family,
      families: [family],
      parameter_size: m.parameterSize ?? '7B',
      quantization_level: m.quantization ?? 'Q4_K_M',
    };
  }

  private tagEntry(m: ModelInfo) {
    return {
      name: m.name,
      model: m.name,
      modified_at: this.modified.get(modelKey(m.name)) ?? new Date().toISOString(),
      size: m.size ?? 4_000_000_000,
      digest: sha256(m.name),
      details: this.details(m),
    };
  }

  private psEntries() {
    const now = Date.now();
    const out = [];
    for (const [key, l] of this.loaded) {
      if (l.expiresAt <= now) {
        this.loaded.delete(key);
        continue;
      }
      const size = l.model.size ?? 4_000_000_000;
      out.push({
        ...this.tagEntry(l.model),
        size,
        // Far future for "forever", as Ollama reports it.
        expires_at: new Date(Number.isFinite(l.expiresAt) ? l.expiresAt : Date.UTC(2318, 0, 1)).toISOString(),
        size_vram: size,
        context_length: l.contextLength,
      });
    }
    return out;
  }

  private show(ex: Exchange, parsed: { ok: true; value: any } | { ok: false; error: string }): void {
    if (!parsed.ok) return ex.error(400, parsed.error);
    const name = parsed.value?.model ?? parsed.value?.name;
    if (typeof name !== 'string' || name === '') return ex.error(400, 'model is required');
    const m = this.findModel(name);
    if (!m) return ex.error(404, `model '${name}' not found`);
    const arch = m.family ?? 'llama';
    const template = '{{ .Prompt }}';
    const parameters = 'stop                           "</s>"\nstop                           "###"';
    ex.json(200, {
      modelfile:
        `# Modelfile generated by "ollama show"\n# To build a new Modelfile based on this, replace FROM with:\n# FROM ${m.name}\n\n` +
        `FROM /root/.ollama/models/blobs/sha256-${sha256(m.name + '#model')}\nTEMPLATE ${template}\n` +
        'PARAMETER stop </s>\nPARAMETER stop ###\n',
      parameters,
      template,
      details: this.details(m),
      // Ollama keys these by the GGUF architecture, e.g. llama.context_length, qwen2.context_length.
      model_info: {
        'general.architecture': arch,
        'general.parameter_count': parameterCount(m.parameterSize),
        [`${arch}.context_length`]: m.contextLength ?? 4096,
      },
      capabilities: ['completion'],
      modified_at: this.modified.get(modelKey(m.name)),
    });
  }

  private delete(ex: Exchange, parsed: { ok: true; value: any } | { ok: false; error: string }): void {
    if (!parsed.ok) return ex.error(400, parsed.error);
    const name = parsed.value?.model ?? parsed.value?.name;
    if (typeof name !== 'string' || name === '') return ex.error(400, 'model is required');
    if (!this.findModel(name)) return ex.error(404, `model '${name}' not found`);
    this.removeModel(name);
    ex.json(200, {});
  }

  private async pull(ex: Exchange, parsed: { ok: true; value: any } | { ok: false; error: string }): Promise<void> {
    if (!parsed.ok) return ex.error(400, parsed.error);
    const name = parsed.value?.model ?? parsed.value?.name;
    if (typeof name !== 'string' || name === '') return ex.error(400, 'model is required');
    const stream = parsed.value.stream !== false;
    const m = this.findModel(name) ?? this.pullable.find((p) => modelKey(p.name) === modelKey(name));
    const step = async (obj: object) => {
      await ex.sleep(this.pullStepMs);
      if (stream) ex.writeLine(obj);
    };
    await step({ status: 'pulling manifest' });
    if (!m) {
      const error = 'pull model manifest: file does not exist';
      if (stream) {
        ex.writeLine({ error });
        return ex.end();
      }
      return ex.error(500, error);
    }
    const total = m.size ?? 4_000_000_000;
    const layers = [
      { digest: `sha256:${sha256(m.name + '#model')}`, total },
      { digest: `sha256:${sha256(m.name + '#params')}`, total: 96 },
    ];
    for (const layer of layers) {
      // Ollama's status names the layer by the first 12 hex digits of its digest.
      const status = `pulling ${layer.digest.slice(7, 19)}`;
      await step({ status, digest: layer.digest, total: layer.total });
      for (const f of [0.25, 0.5, 1]) {
        await step({ status, digest: layer.digest, total: layer.total, completed: Math.round(layer.total * f) });
      }
    }
    for (const status of ['verifying sha256 digest', 'writing manifest', 'removing any unused layers']) {
      await step({ status });
    }
    if (ex.closed) return; // a cancelled pull leaves no model behind
    if (!this.findModel(m.name)) this.addModel(m);
    if (stream) {
      ex.writeLine({ status: 'success' });
      ex.end();
    } else ex.json(200, { status: 'success' });
  }

  // -------------------------------------------------------------------------------------
  // Generation

  private async generation(
    ex: Exchange,
    endpoint: string,
    parsed: { ok: true; value: any } | { ok: false; error: string },
  ): Promise<void> {
    const behaviour = this.scriptFn?.(ex.rec) ?? { kind: 'oracle' };
    const model = parsed.ok && typeof parsed.value?.model === 'string' ? parsed.value.model : '';
    const ollamaEndpoint = endpoint as OllamaEndpoint;
    await this.behave(ex, ollamaEndpoint, parsed, behaviour, new OllamaDialect(ollamaEndpoint, model));
  }

  /**
   * `POST /v1/chat/completions` and `POST /v1/completions`, as Ollama (and vLLM, llama.cpp,
   * LM Studio) serve them: the request is turned into the equivalent /api/chat or raw
   * /api/generate request, answered by the same oracle, scripts and timing, and written
   * as OpenAI's SSE events or JSON objects.
   */
  private async openAiGeneration(
    ex: Exchange,
    path: '/v1/chat/completions' | '/v1/completions',
    parsed: { ok: true; value: any } | { ok: false; error: string },
  ): Promise<void> {
    const kind = path === '/v1/chat/completions' ? 'chat' : 'completion';
    const body = parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {};
    const dialect = new OpenAiDialect(kind, typeof body.model === 'string' ? body.model : '', body.stream_options?.include_usage === true, this.nextId);
    if (!this.authorised(ex)) return dialect.error(ex, 401, 'Incorrect API key provided.');
    const behaviour = this.scriptFn?.(ex.rec) ?? { kind: 'oracle' };
    const endpoint: OllamaEndpoint = kind === 'chat' ? '/api/chat' : '/api/generate';
    await this.behave(ex, endpoint, openAiToOllama(kind, parsed), behaviour, dialect);
  }

  /** Embedding requests of both protocols: /api/embed and /v1/embeddings. */
  embeddingRequests(): RecordedRequest[] {
    return this.requests.filter((r) => EMBED_PATHS.has(r.path));
  }

  /** The inputs of an embedding request as Ollama reads them: a string, or an array of strings (else undefined). */
  private static embedInputs(input: unknown): string[] | undefined {
    if (input === undefined || input === null) return [];
    if (typeof input === 'string') return input.length > 0 ? [input] : [];
    if (Array.isArray(input) && input.every((x) => typeof x === 'string')) return input as string[];
    return undefined;
  }

  /** A scripted fault for an embedding request (http-error, hang, slow), as for generation. */
  private async embedFault(ex: Exchange, error: (status: number, message: string) => void): Promise<boolean> {
    let b = this.scriptFn?.(ex.rec);
    while (b?.kind === 'slow') {
      await ex.sleep(b.firstByteMs);
      if (ex.closed) return true;
      b = b.then;
    }
    if (b?.kind === 'http-error') {
      error(b.status, b.error);
      return true;
    }
    if (b?.kind === 'hang') {
      await ex.untilClosed();
      return true;
    }
    return false;
  }

  /**
   * `POST /api/embed` as Ollama 0.12 answers it: 400 for a missing body or an input that is
   * neither a string nor an array of strings, 404 `model 'X' not found`, an empty list for
   * empty input, else one unit vector per input (goldEmbedding).
   */
  private async embed(ex: Exchange, parsed: { ok: true; value: any } | { ok: false; error: string }): Promise<void> {
    if (!parsed.ok) return ex.json(400, { error: parsed.error });
    const body = parsed.value ?? {};
    const inputs = OllamaTestServer.embedInputs(body.input);
    if (!inputs) return ex.json(400, { error: 'invalid input type' });
    if (!this.findModel(body.model)) return ex.json(404, { error: `model '${String(body.model ?? '')}' not found` });
    if (await this.embedFault(ex, (status, error) => ex.json(status, { error }))) return;
    if (ex.closed) return;
    const started = performance.now();
    ex.json(200, {
      model: body.model,
      embeddings: inputs.map((t) => goldEmbedding(t, this.gold)),
      total_duration: Math.round((performance.now() - started) * 1e6),
      load_duration: 0,
      prompt_eval_count: inputs.reduce((n, t) => n + estimatePromptTokens(t), 0),
    });
  }

  /** `POST /v1/embeddings` as Ollama's OpenAI-compatible API answers it (floats; base64 is not served). */
  private async openAiEmbeddings(ex: Exchange, parsed: { ok: true; value: any } | { ok: false; error: string }): Promise<void> {
    const body = parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {};
    const dialect = new OpenAiDialect('chat', typeof body.model === 'string' ? body.model : '', false, 0);
    if (!this.authorised(ex)) return dialect.error(ex, 401, 'Incorrect API key provided.');
    if (!parsed.ok) return dialect.error(ex, 400, parsed.error);
    const inputs = OllamaTestServer.embedInputs(body.input);
    if (!inputs || inputs.length === 0) return dialect.error(ex, 400, 'invalid input');
    if (body.encoding_format !== undefined && body.encoding_format !== 'float') return dialect.error(ex, 400, 'invalid encoding format');
    if (!this.findModel(body.model)) return dialect.error(ex, 404, `model "${String(body.model ?? '')}" not found, try pulling it first`);
    if (await this.embedFault(ex, (status, error) => dialect.error(ex, status, error))) return;
    if (ex.closed) return;
    const tokens = inputs.reduce((n, t) => n + estimatePromptTokens(t), 0);
    ex.json(200, {
      object: 'list',
      data: inputs.map((t, index) => ({ object: 'embedding', embedding: goldEmbedding(t, this.gold), index })),
      model: body.model,
      usage: { prompt_tokens: tokens, total_tokens: tokens },
    });
  }

  /** With an apiKey, /v1 requests need `Authorization: Bearer <apiKey>` (as `vllm serve --api-key`). */
  private authorised(ex: Exchange): boolean {
    if (this.apiKey === undefined) return true;
    return ex.req.headers.authorization === `Bearer ${this.apiKey}`;
  }

  /** `GET /v1/models` and `GET /v1/models/{id}`: Ollama's OpenAI-compatible model list. */
  private openAiModels(ex: Exchange, id?: string): void {
    const dialect = new OpenAiDialect('chat', '', false, 0);
    if (!this.authorised(ex)) return dialect.error(ex, 401, 'Incorrect API key provided.');
    const entry = (m: ModelInfo) => ({
      id: m.name,
      object: 'model',
      created: Math.floor(Date.parse(this.modified.get(modelKey(m.name)) ?? new Date().toISOString()) / 1000),
      owned_by: m.name.includes('/') ? m.name.split('/').slice(0, -1).join('/') : 'library',
    });
    if (id === undefined) return ex.json(200, { object: 'list', data: this.models.map(entry) });
    const m = this.findModel(id);
    if (!m) return dialect.error(ex, 404, `model "${id}" not found`);
    ex.json(200, entry(m));
  }

  private async behave(
    ex: Exchange,
    endpoint: OllamaEndpoint,
    parsed: { ok: true; value: any } | { ok: false; error: string },
    b: Behaviour,
    dialect: Dialect,
  ): Promise<void> {
    const body = parsed.ok && parsed.value && typeof parsed.value === 'object' ? parsed.value : {};
    const stream = body.stream !== false; // the server's default is to stream
    switch (b.kind) {
      case 'slow':
        await ex.sleep(b.firstByteMs);
        if (ex.closed) return;
        return this.behave(ex, endpoint, parsed, b.then ?? { kind: 'oracle' }, dialect);
      case 'http-error':
        return dialect.error(ex, b.status, b.error);
      case 'hang':
        return ex.untilClosed();
      case 'garbage':
        if (ex.closed) return;
        return dialect.garbage(ex);
      case 'stream-error': {
        const error = b.error ?? DEFAULT_STREAM_ERROR;
        // Before anything is sent a non-streaming request gets a plain 500.
        if (!stream) return dialect.error(ex, 500, error);
        await this.streamPieces(ex, dialect, answerPieces(b.afterText ?? ''));
        return dialect.streamError(ex, error);
      }
      case 'cut': {
        if (stream) {
          await this.streamPieces(ex, dialect, answerPieces(b.afterText ?? ''));
          if (!ex.res.headersSent && !ex.closed) dialect.startStream(ex);
          return ex.end();
        }
        if (ex.closed) return;
        // Non-streaming: the JSON object stops half way.
        const whole = JSON.stringify(dialect.partial(b.afterText ?? ''));
        ex.res.writeHead(200, { 'Content-Type': JSON_TYPE });
        ex.res.end(whole.slice(0, Math.max(1, Math.floor(whole.length / 2))));
        return;
      }
      case 'oracle':
      case 'text':
        return this.answer(ex, endpoint, parsed, b, dialect);
    }
  }

  /** Validation as Ollama does it, then the answer with simulated timing and metrics. */
  private async answer(
    ex: Exchange,
    endpoint: OllamaEndpoint,
    parsed: { ok: true; value: any } | { ok: false; error: string },
    b: { kind: 'oracle' } | { kind: 'text'; text: string; doneReason?: 'stop' | 'length' },
    dialect: Dialect,
  ): Promise<void> {
    if (!parsed.ok) return dialect.error(ex, 400, parsed.error);
    const body = parsed.value;
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      return dialect.error(ex, 400, 'json: cannot unmarshal into Go value of type api.GenerateRequest');
    }
    const f = body.format;
    const formatOk = f === undefined || f === null || f === '' || f === 'json' || (typeof f === 'object' && !Array.isArray(f));
    if (!formatOk) return dialect.error(ex, 400, `invalid format: ${JSON.stringify(f)}; expected "json" or a valid JSON Schema`);
    if (endpoint === '/api/chat' && body.messages !== undefined && !Array.isArray(body.messages)) {
      return dialect.error(ex, 400, 'json: cannot unmarshal messages into Go struct field ChatRequest.messages');
    }
    if (typeof body.model !== 'string' || body.model === '') return dialect.error(ex, 400, 'model is required');
    const m = this.findModel(body.model);
    if (!m) return dialect.error(ex, 404, `model '${body.model}' not found`);

    const options = body.options && typeof body.options === 'object' ? body.options : {};
    const numCtx = Number.isInteger(options.num_ctx) && options.num_ctx > 0 ? options.num_ctx : DEFAULT_NUM_CTX;
    const keepMs = keepAliveMs(body.keep_alive);
    const key = modelKey(m.name);
    const wasLoaded = this.loaded.has(key);
    const stream = body.stream !== false;

    // An empty prompt / message list only loads (or with keep_alive 0 unloads) the model.
    const messages: any[] = Array.isArray(body.messages) ? body.messages : [];
    const empty = endpoint === '/api/generate' ? !body.prompt && !body.images?.length : messages.length === 0;
    if (empty) {
      const unload = keepMs === 0;
      if (unload) this.loaded.delete(key);
      else this.loaded.set(key, { model: m, expiresAt: Date.now() + keepMs, contextLength: numCtx });
      return dialect.loaded(ex, unload);
    }
    this.loaded.set(key, { model: m, expiresAt: Date.now() + keepMs, contextLength: numCtx });

    // Answer text: the oracle's or the script's, then stop sequences and num_predict as a runner applies them.
    let text = b.kind === 'text' ? b.text : this.oracle.answer(endpoint, body);
    const stops: string[] = (Array.isArray(options.stop) ? options.stop : [options.stop]).filter(
      (s: unknown): s is string => typeof s === 'string' && s !== '',
    );
    for (const s of stops) {
      const at = text.indexOf(s);
      if (at >= 0) text = text.slice(0, at);
    }
    let pieces = answerPieces(text);
    let doneReason: 'stop' | 'length' = 'stop';
    if (Number.isInteger(options.num_predict) && options.num_predict > 0 && pieces.length > options.num_predict) {
      pieces = pieces.slice(0, options.num_predict);
      doneReason = 'length';
    }
    if (b.kind === 'text' && b.doneReason) doneReason = b.doneReason;

    const promptText =
      endpoint === '/api/generate'
        ? `${typeof body.system === 'string' ? body.system : ''}${typeof body.prompt === 'string' ? body.prompt : ''}`
        : messages.map((msg) => (typeof msg?.content === 'string' ? msg.content : '')).join('');
    const promptTokens = Math.min(estimatePromptTokens(promptText), numCtx);

    const t0 = process.hrtime.bigint();
    let tFirst: bigint;
    if (stream) {
      tFirst = await this.streamPieces(ex, dialect, pieces);
    } else {
      await ex.sleep(this.timing.firstTokenMs);
      tFirst = process.hrtime.bigint();
      await ex.sleep(Math.max(0, pieces.length - 1) * this.timing.perTokenMs);
    }
    if (ex.closed) return;
    const tEnd = process.hrtime.bigint();
    const promptEval = Math.max(1000, Number(tFirst - t0));
    const evalNs = Math.max(1000, Number(tEnd - tFirst));
    const load = wasLoaded ? 120_000 : 1_500_000; // simulated: a cold model takes longer to load
    const metrics: Metrics = {
      done_reason: doneReason,
      total_duration: load + promptEval + evalNs,
      load_duration: load,
      prompt_eval_count: promptTokens,
      prompt_eval_duration: promptEval,
      eval_count: pieces.length,
      eval_duration: evalNs,
    };
    if (endpoint === '/api/generate') {
      // Token ids of prompt + answer; clients only pass them back, so any numbers do.
      metrics.context = Array.from({ length: promptTokens + pieces.length }, (_, i) => (i * 7919) % 32000);
    }
    if (stream) dialect.finish(ex, metrics);
    else ex.json(200, dialect.whole(pieces.join(''), metrics));
  }

  /**
   * Streams one chunk per piece: firstTokenMs before the first (the headers go with it, so
   * the delay holds back the response like a runner evaluating the prompt), perTokenMs
   * between the others. Returns when the first piece went out (or would have).
   */
  private async streamPieces(ex: Exchange, dialect: Dialect, pieces: string[]): Promise<bigint> {
    await ex.sleep(this.timing.firstTokenMs);
    const tFirst = process.hrtime.bigint();
    for (let i = 0; i < pieces.length && !ex.closed; i++) {
      if (i > 0) await ex.sleep(this.timing.perTokenMs);
      dialect.piece(ex, pieces[i]);
    }
    return tFirst;
  }
}

// ---------------------------------------------------------------------------------------
// Wire formats: Ollama's NDJSON and OpenAI's server-sent events, over one oracle

type OllamaEndpoint = '/api/generate' | '/api/chat';

/** The final metrics of an answer, in Ollama's names (`done_reason`, `prompt_eval_count`, `eval_count`, ...). */
type Metrics = Record<string, unknown> & { done_reason: string; prompt_eval_count: number; eval_count: number };

/**
 * How a generation endpoint writes its answers and errors. The oracle, the scripted
 * behaviours and the timing are the server's; only the bytes differ.
 */
interface Dialect {
  /** An HTTP error before anything is sent. */
  error(ex: Exchange, status: number, message: string): void;
  /** One piece of a streamed answer (the first one sends the headers). */
  piece(ex: Exchange, text: string): void;
  /** The error that ends a stream after some pieces. */
  streamError(ex: Exchange, message: string): void;
  /** The headers of a stream that is cut before its first piece. */
  startStream(ex: Exchange): void;
  /** A 200 answer that is not the protocol. */
  garbage(ex: Exchange): void;
  /** The last chunk(s) of a streamed answer, and the end of the response. */
  finish(ex: Exchange, metrics: Metrics): void;
  /** The whole non-streamed answer. */
  whole(text: string, metrics: Metrics): object;
  /** A non-streamed answer object before it is done (cut in half by the `cut` fault). */
  partial(text: string): object;
  /** A request without prompt or messages: the model was (un)loaded. */
  loaded(ex: Exchange, unload: boolean): void;
}

class OllamaDialect implements Dialect {
  constructor(
    private readonly endpoint: OllamaEndpoint,
    private readonly model: string,
  ) {}

  private chunk(content: string, done: boolean): Record<string, unknown> {
    const created_at = new Date().toISOString();
    return this.endpoint === '/api/generate'
      ? { model: this.model, created_at, response: content, done }
      : { model: this.model, created_at, message: { role: 'assistant', content }, done };
  }

  error(ex: Exchange, status: number, message: string): void {
    ex.error(status, message);
  }
  piece(ex: Exchange, text: string): void {
    ex.writeLine(this.chunk(text, false));
  }
  streamError(ex: Exchange, message: string): void {
    ex.writeLine({ error: message });
    ex.end();
  }
  startStream(ex: Exchange): void {
    ex.res.writeHead(200, { 'Content-Type': NDJSON_TYPE });
  }
  garbage(ex: Exchange): void {
    ex.res.writeHead(200, { 'Content-Type': NDJSON_TYPE });
    ex.res.end('<html>not json at all\n{"model": unterminated\n');
  }
  finish(ex: Exchange, metrics: Metrics): void {
    ex.writeLine({ ...this.chunk('', true), ...metrics });
    ex.end();
  }
  whole(text: string, metrics: Metrics): object {
    return { ...this.chunk(text, true), ...metrics };
  }
  partial(text: string): object {
    return this.chunk(text, false);
  }
  loaded(ex: Exchange, unload: boolean): void {
    ex.json(200, { ...this.chunk('', true), done_reason: unload ? 'unload' : 'load' });
  }
}

/**
 * OpenAI's shapes as Ollama's /v1 writes them: `chat.completion(.chunk)` and
 * `text_completion` objects, SSE `data:` events ending with `data: [DONE]`, usage in a
 * last event when `stream_options.include_usage` asks for it, and errors as
 * `{"error": {"message", "type", "param", "code"}}`.
 */
class OpenAiDialect implements Dialect {
  private readonly id: string;
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(
    private readonly kind: 'chat' | 'completion',
    private readonly model: string,
    private readonly includeUsage: boolean,
    requestId: number,
  ) {
    this.id = `${kind === 'chat' ? 'chatcmpl' : 'cmpl'}-${requestId}`;
  }

  private base(stream: boolean): Record<string, unknown> {
    const object = this.kind === 'chat' ? (stream ? 'chat.completion.chunk' : 'chat.completion') : 'text_completion';
    return { id: this.id, object, created: this.created, model: this.model, system_fingerprint: 'fp_ollama' };
  }

  private streamChoice(text: string, finish: string | null): Record<string, unknown> {
    return this.kind === 'chat'
      ? { index: 0, delta: { role: 'assistant', content: text }, finish_reason: finish }
      : { text, index: 0, finish_reason: finish };
  }

  private usage(metrics: Metrics) {
    const prompt = metrics.prompt_eval_count;
    const completion = metrics.eval_count;
    return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  }

  error(ex: Exchange, status: number, message: string): void {
    const type = status === 400 || status === 401 ? 'invalid_request_error' : status === 404 ? 'not_found_error' : 'api_error';
    const code = status === 401 ? 'invalid_api_key' : status === 404 ? 'model_not_found' : null;
    ex.json(status, { error: { message, type, param: null, code } });
  }
  piece(ex: Exchange, text: string): void {
    ex.writeEvent({ ...this.base(true), choices: [this.streamChoice(text, null)] });
  }
  streamError(ex: Exchange, message: string): void {
    ex.writeEvent({ error: { message, type: 'api_error', param: null, code: null } });
    ex.end();
  }
  startStream(ex: Exchange): void {
    ex.res.writeHead(200, { 'Content-Type': SSE_TYPE, 'Cache-Control': 'no-cache' });
  }
  garbage(ex: Exchange): void {
    ex.res.writeHead(200, { 'Content-Type': SSE_TYPE });
    ex.res.end('<html>not json at all\ndata: {"model": unterminated\n\n');
  }
  finish(ex: Exchange, metrics: Metrics): void {
    ex.writeEvent({ ...this.base(true), choices: [this.streamChoice('', metrics.done_reason)] });
    if (this.includeUsage) ex.writeEvent({ ...this.base(true), choices: [], usage: this.usage(metrics) });
    ex.writeEvent('[DONE]');
    ex.end();
  }
  whole(text: string, metrics: Metrics): object {
    const choice =
      this.kind === 'chat'
        ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: metrics.done_reason }
        : { text, index: 0, finish_reason: metrics.done_reason };
    return { ...this.base(false), choices: [choice], usage: this.usage(metrics) };
  }
  partial(text: string): object {
    const choice = this.kind === 'chat' ? { index: 0, message: { role: 'assistant', content: text }, finish_reason: null } : { text, index: 0, finish_reason: null };
    return { ...this.base(false), choices: [choice] };
  }
  loaded(ex: Exchange): void {
    // Not reached: openAiToOllama refuses empty requests first.
    this.error(ex, 400, 'the request has no prompt');
  }
}

/**
 * An OpenAI request as the equivalent Ollama request, so that one oracle answers both:
 * chat `messages` (+ `response_format.json_schema.schema` → `format`, `json_object` →
 * `"json"`) become /api/chat; a completions `prompt` becomes a raw /api/generate (no
 * template: what vLLM and llama.cpp do with /v1/completions). `temperature`, `seed`,
 * `top_p`, `max_tokens` (or `max_completion_tokens`) and `stop` become options. OpenAI's
 * `stream` defaults to false. Requests OpenAI servers refuse are refused here with 400.
 */
export function openAiToOllama(
  kind: 'chat' | 'completion',
  parsed: { ok: true; value: any } | { ok: false; error: string },
): { ok: true; value: any } | { ok: false; error: string } {
  if (!parsed.ok) return parsed;
  const b = parsed.value;
  if (!b || typeof b !== 'object' || Array.isArray(b)) return { ok: false, error: 'the request body must be a JSON object' };
  const options: Record<string, unknown> = {};
  if (typeof b.temperature === 'number') options.temperature = b.temperature;
  if (typeof b.seed === 'number') options.seed = b.seed;
  if (typeof b.top_p === 'number') options.top_p = b.top_p;
  const maxTokens = b.max_tokens ?? b.max_completion_tokens;
  if (maxTokens !== undefined && maxTokens !== null) {
    if (!Number.isInteger(maxTokens) || maxTokens < 1) return { ok: false, error: `max_tokens must be a positive integer (got ${JSON.stringify(maxTokens)})` };
    options.num_predict = maxTokens;
  }
  if (b.stop !== undefined && b.stop !== null) options.stop = Array.isArray(b.stop) ? b.stop : [b.stop];
  const common = { model: b.model, stream: b.stream === true, options };
  if (kind === 'completion') {
    const prompt = Array.isArray(b.prompt) && b.prompt.length === 1 ? b.prompt[0] : b.prompt;
    if (typeof prompt !== 'string' || prompt === '') return { ok: false, error: 'prompt is required (one non-empty string)' };
    return { ok: true, value: { ...common, prompt, raw: true } };
  }
  if (!Array.isArray(b.messages) || b.messages.length === 0) return { ok: false, error: 'messages is required (at least one message)' };
  let format: unknown;
  const rf = b.response_format;
  if (rf !== undefined && rf !== null) {
    if (rf.type === 'json_schema') {
      format = rf.json_schema?.schema;
      if (!format || typeof format !== 'object' || Array.isArray(format)) return { ok: false, error: 'response_format.json_schema.schema must be a JSON schema object' };
    } else if (rf.type === 'json_object') format = 'json';
    else if (rf.type !== 'text') return { ok: false, error: `invalid response_format type: ${JSON.stringify(rf.type)}` };
  }
  return { ok: true, value: { ...common, messages: b.messages, ...(format !== undefined ? { format } : {}) } };
}

function readBody(req: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let ended = false;
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      ended = true;
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', () => resolve(undefined));
    req.on('close', () => {
      if (!ended) resolve(undefined);
    });
  });
}
