/**
 * What the test server's own tests share: one OllamaTestServer over the fixture notes' gold
 * with an Ollama client (`useSuiteServer()` registers the hooks; `server`, `client` and `gold`
 * are live bindings set before the tests run), and prompt builders in each layout.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { Ollama } from 'ollama';
import { JsonProfile } from '../../server/src/engine/profiles/json';
import { MedtunedProfile } from '../../server/src/engine/profiles/medtuned';
import { CandidatePair, PairKind } from '../../server/src/engine/tasks/relations';
import { EntityType, Mention, ModelRequest } from '../../server/src/engine/types';
import {
  GoldDocument,
  loadGoldDocuments,
  loadMedtunedReference,
  MedtunedVariantSet,
  ModelInfo,
  OllamaTestServer,
  RecordedRequest,
} from '../support/ollamaServer';
import { ROOT } from '../support/paths';

export const NOTES = path.join(ROOT, 'test/fixtures/notes');
export const CHEMPROT = path.join(ROOT, 'test/fixtures/chemprot/dev.jsonl');

export const MEDTUNED = 'hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M';
export const LLAMA = 'llama3.1:8b';
export const MODELS: ModelInfo[] = [
  { name: MEDTUNED, size: 4081004224, family: 'llama', parameterSize: '6.7B', quantization: 'Q4_K_M', contextLength: 4096 },
  { name: LLAMA, size: 4920753328, family: 'llama', parameterSize: '8.0B', quantization: 'Q4_K_M', contextLength: 131072 },
];
export const PULLABLE: ModelInfo = { name: 'qwen2.5:7b', size: 4683087332, family: 'qwen2', parameterSize: '7.6B', contextLength: 32768 };

// The training sets' verbatim instructions, from the reference file (not from the engine).
export const referenceSet = (dataset: string): MedtunedVariantSet => {
  const set = loadMedtunedReference().find((x) => x.dataset === dataset);
  assert.ok(set, dataset);
  return set;
};
export const variantOf = (dataset: string, n = 1): string => referenceSet(dataset).variants[n - 1];
export const CLINICAL_INSTRUCTION = variantOf('i2b2-2012');
export const LITERATURE_SET: Record<string, string> = { disease: 'NCBI-disease', chemical: 'BC5CDR-chem', gene: 'BC2GM' };
export const literature = (cls: 'disease' | 'chemical' | 'gene') => variantOf(LITERATURE_SET[cls]);
export const RELATION_INSTRUCTION = variantOf('i2b2-2010 relations');

export const TOKEN = /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu;
/** The training layout: nothing after `### Output:`. */
export const layout = (instruction: string, input: string): string => `### Instruction: ${instruction}\n ### Input: ${input}\n ### Output:`;
export const medtunedPrompt = (instruction: string, sentence: string): string => layout(instruction, (sentence.match(TOKEN) ?? []).join(' '));

export const SCHEMA = {
  type: 'object',
  properties: {
    entities: {
      type: 'array',
      items: { type: 'object', properties: { text: { type: 'string' }, type: { type: 'string' } }, required: ['text', 'type'] },
    },
  },
  required: ['entities'],
};

/** The output of an answer written as the training target ` {output} \n` (before `</s>`); fails on anything else. */
export function output(text: string | undefined): string {
  const m = /^ ([\s\S]*\S) \n$/.exec(text ?? '');
  assert.ok(m, `a training target: ${JSON.stringify(text)}`);
  return m[1];
}

export function lines(text: string | undefined): string[][] {
  return output(text)
    .split('\n')
    .map((l) => l.split(' : '));
}

/** A mention of `type` at the first occurrence of `text` in `sentence` (after `from`). */
export function mention(sentence: string, text: string, type: EntityType, from = 0): Mention {
  const start = sentence.indexOf(text, from);
  assert.ok(start >= 0, `${text} in ${sentence}`);
  return { start, end: start + text.length, type, text };
}

export function pair(kind: PairKind, head: Mention, tail: Mention): CandidatePair {
  return { kind, head, tail };
}

/** Sends a production relation request through the real client; the answer text. */
export async function ask(client: Ollama, model: string, req: ModelRequest): Promise<string> {
  if (req.kind === 'generate') {
    const r = await client.generate({ model, prompt: req.prompt, raw: req.raw, stream: false, options: { stop: req.stop, num_predict: req.numPredict } });
    return r.response ?? '';
  }
  const r = await client.chat({ model, messages: req.messages, format: req.format, stream: false, options: { num_predict: req.numPredict } });
  return r.message.content;
}

/** The medtuned label for one clinical pair, prompt built by the production profile; the answer must be ` {label} \n`. */
export async function medtunedRelation(client: Ollama, sentence: string, p: CandidatePair): Promise<string> {
  return output(await ask(client, MEDTUNED, new MedtunedProfile().relationRequest(sentence, { id: 'x', pairs: [p] })));
}

/** The json answer for some pairs of one sentence: label per pair id. */
export async function jsonRelations(client: Ollama, sentence: string, pairs: CandidatePair[]): Promise<string[]> {
  const answer = JSON.parse(await ask(client, LLAMA, new JsonProfile().relationRequest(sentence, { id: 'x', pairs })));
  assert.deepEqual(
    answer.relations.map((r: { pair: string }) => r.pair),
    pairs.map((_, i) => `P${i + 1}`),
  );
  return answer.relations.map((r: { label: string }) => r.label);
}

/** Gold entities of a document as mentions, relative to the whole text. */
export function goldMentions(doc: GoldDocument): Mention[] {
  const types: Record<string, EntityType> = {
    PROBLEM: 'problem',
    TREATMENT: 'treatment',
    TEST: 'test',
    Disease: 'disease',
    Chemical: 'chemical',
    Gene: 'gene',
  };
  return doc.entities.map((e) => ({ start: e.start, end: e.end, type: types[e.type], text: doc.text.slice(e.start, e.end) }));
}

export function relationKind(head: Mention, tail: Mention): PairKind {
  if (['problem', 'treatment', 'test'].includes(head.type)) return 'clinical';
  return head.type === 'gene' ? 'gene-disease' : tail.type === 'gene' ? 'chemical-gene' : 'chemical-disease';
}

export function lastRequest(server: OllamaTestServer): RecordedRequest {
  return server.requests[server.requests.length - 1];
}

export async function until(cond: () => boolean, ms = 500): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export async function post(server: OllamaTestServer, p: string, body: unknown): Promise<Response> {
  return fetch(server.url + p, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

export let gold: GoldDocument[];
export let server: OllamaTestServer;
export let client: Ollama;

/** Starts the server before the suite, clears its script and checks the layout after each test, stops it after. */
export function useSuiteServer(): void {
  before(async () => {
    gold = loadGoldDocuments(NOTES);
    server = await OllamaTestServer.start({ models: MODELS, pullable: [PULLABLE], gold });
    client = new Ollama({ host: server.url });
  });
  afterEach(() => {
    server.script(undefined);
    server.setTiming({ firstTokenMs: 0, perTokenMs: 0 });
    // Every raw prompt the oracle answered was the training layout, unless a test says otherwise (and clears the log).
    assert.deepEqual(server.offLayoutPrompts, []);
  });
  after(async () => {
    await server.stop();
  });
}
