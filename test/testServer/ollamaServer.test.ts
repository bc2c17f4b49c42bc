import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ollama } from 'ollama';
import { readChemProt } from '../../server/src/engine/formats/chemprot';
import { JsonProfile } from '../../server/src/engine/profiles/json';
import { MedtunedProfile } from '../../server/src/engine/profiles/medtuned';
import { CandidatePair, candidatePairs, PairKind } from '../../server/src/engine/tasks/relations';
import { EntityType, Mention, ModelRequest } from '../../server/src/engine/types';
import {
  answerPieces,
  chemProtGold,
  GoldDocument,
  loadGoldDocuments,
  loadMedtunedReference,
  matchMedtunedLayout,
  MedtunedVariantSet,
  ModelInfo,
  OFF_LAYOUT_ANSWER,
  OllamaTestServer,
  RecordedRequest,
  UNTRAINED_ANSWER,
} from '../support/ollamaServer';
import { ROOT } from '../support/paths';

const NOTES = path.join(ROOT, 'test/fixtures/notes');
const CHEMPROT = path.join(ROOT, 'test/fixtures/chemprot/dev.jsonl');

const MEDTUNED = 'hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M';
const LLAMA = 'llama3.1:8b';
const MODELS: ModelInfo[] = [
  { name: MEDTUNED, size: 4081004224, family: 'llama', parameterSize: '6.7B', quantization: 'Q4_K_M', contextLength: 4096 },
  { name: LLAMA, size: 4920753328, family: 'llama', parameterSize: '8.0B', quantization: 'Q4_K_M', contextLength: 131072 },
];
const PULLABLE: ModelInfo = { name: 'qwen2.5:7b', size: 4683087332, family: 'qwen2', parameterSize: '7.6B', contextLength: 32768 };

// The training sets' verbatim instructions, from the reference file (not from the engine).
const referenceSet = (dataset: string): MedtunedVariantSet => {
  const set = loadMedtunedReference().find((x) => x.dataset === dataset);
  assert.ok(set, dataset);
  return set;
};
const variantOf = (dataset: string, n = 1): string => referenceSet(dataset).variants[n - 1];
const CLINICAL_INSTRUCTION = variantOf('i2b2-2012');
const LITERATURE_SET: Record<string, string> = { disease: 'NCBI-disease', chemical: 'BC5CDR-chem', gene: 'BC2GM' };
const literature = (cls: 'disease' | 'chemical' | 'gene') => variantOf(LITERATURE_SET[cls]);
const RELATION_INSTRUCTION = variantOf('i2b2-2010 relations');

const TOKEN = /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu;
/** The training layout: nothing after `### Output:`. */
const layout = (instruction: string, input: string): string => `### Instruction: ${instruction}\n ### Input: ${input}\n ### Output:`;
const medtunedPrompt = (instruction: string, sentence: string): string => layout(instruction, (sentence.match(TOKEN) ?? []).join(' '));

const SCHEMA = {
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
function output(text: string | undefined): string {
  const m = /^ ([\s\S]*\S) \n$/.exec(text ?? '');
  assert.ok(m, `a training target: ${JSON.stringify(text)}`);
  return m[1];
}

function lines(text: string | undefined): string[][] {
  return output(text)
    .split('\n')
    .map((l) => l.split(' : '));
}

/** A mention of `type` at the first occurrence of `text` in `sentence` (after `from`). */
function mention(sentence: string, text: string, type: EntityType, from = 0): Mention {
  const start = sentence.indexOf(text, from);
  assert.ok(start >= 0, `${text} in ${sentence}`);
  return { start, end: start + text.length, type, text };
}

function pair(kind: PairKind, head: Mention, tail: Mention): CandidatePair {
  return { kind, head, tail };
}

/** Sends a production relation request through the real client; the answer text. */
async function ask(client: Ollama, model: string, req: ModelRequest): Promise<string> {
  if (req.kind === 'generate') {
    const r = await client.generate({ model, prompt: req.prompt, raw: req.raw, stream: false, options: { stop: req.stop, num_predict: req.numPredict } });
    return r.response ?? '';
  }
  const r = await client.chat({ model, messages: req.messages, format: req.format, stream: false, options: { num_predict: req.numPredict } });
  return r.message.content;
}

/** The medtuned label for one clinical pair, prompt built by the production profile; the answer must be ` {label} \n`. */
async function medtunedRelation(client: Ollama, sentence: string, p: CandidatePair): Promise<string> {
  return output(await ask(client, MEDTUNED, new MedtunedProfile().relationRequest(sentence, { id: 'x', pairs: [p] })));
}

/** The json answer for some pairs of one sentence: label per pair id. */
async function jsonRelations(client: Ollama, sentence: string, pairs: CandidatePair[]): Promise<string[]> {
  const answer = JSON.parse(await ask(client, LLAMA, new JsonProfile().relationRequest(sentence, { id: 'x', pairs })));
  assert.deepEqual(
    answer.relations.map((r: { pair: string }) => r.pair),
    pairs.map((_, i) => `P${i + 1}`),
  );
  return answer.relations.map((r: { label: string }) => r.label);
}

/** Gold entities of a document as mentions, relative to the whole text. */
function goldMentions(doc: GoldDocument): Mention[] {
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

function relationKind(head: Mention, tail: Mention): PairKind {
  if (['problem', 'treatment', 'test'].includes(head.type)) return 'clinical';
  return head.type === 'gene' ? 'gene-disease' : tail.type === 'gene' ? 'chemical-gene' : 'chemical-disease';
}

function lastRequest(server: OllamaTestServer): RecordedRequest {
  return server.requests[server.requests.length - 1];
}

async function until(cond: () => boolean, ms = 500): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

async function post(server: OllamaTestServer, p: string, body: unknown): Promise<Response> {
  return fetch(server.url + p, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

describe('OllamaTestServer', () => {
  let gold: GoldDocument[];
  let server: OllamaTestServer;
  let client: Ollama;

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

  it('loads gold documents: every note/txt with an .ann beside it', () => {
    assert.deepEqual(
      gold.map((d) => d.name),
      ['abstract-cisplatin', 'discharge-heart-failure', 'ed-chest-pain', 'ed-fall-anticoagulation', 'progress-diabetes-ckd'],
    );
    const ed = gold.find((d) => d.name === 'ed-chest-pain')!;
    assert.deepEqual(ed.entities[8], { type: 'TREATMENT', start: 354, end: 363 });
    assert.equal(ed.text.slice(354, 363), 'metformin');
  });

  describe('protocol', () => {
    it('answers GET / and HEAD / with "Ollama is running"', async () => {
      const res = await fetch(server.url + '/');
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type')!, /^text\/plain/);
      assert.equal(await res.text(), 'Ollama is running');
      const head = await fetch(server.url + '/', { method: 'HEAD' });
      assert.equal(head.status, 200);
      assert.equal(await head.text(), '');
      assert.equal((await fetch(server.url + '/api/nothing')).status, 404);
    });

    it('serves version, tags and show', async () => {
      assert.deepEqual(await client.version(), { version: '0.12.3' });
      const tags = await client.list();
      assert.deepEqual(
        tags.models.map((m) => m.name),
        [MEDTUNED, LLAMA],
      );
      const t = tags.models[1];
      assert.equal(t.model, LLAMA);
      assert.equal(t.size, 4920753328);
      assert.match(t.digest, /^[0-9a-f]{64}$/);
      assert.ok(!Number.isNaN(Date.parse(t.modified_at as unknown as string)));
      assert.deepEqual(t.details, {
        parent_model: '',
        format: 'gguf',
        family: 'llama',
        families: ['llama'],
        parameter_size: '8.0B',
        quantization_level: 'Q4_K_M',
      });

      const show = await client.show({ model: MEDTUNED });
      assert.equal(Reflect.get(show.model_info, 'llama.context_length'), 4096);
      assert.deepEqual(show.capabilities, ['completion']);
      assert.equal(show.details.family, 'llama');
      assert.equal(typeof show.modelfile, 'string');
      assert.equal(typeof show.template, 'string');
      assert.equal(typeof show.parameters, 'string');
      // The older key `name` works too.
      const byName = (await (await post(server, '/api/show', { name: LLAMA })).json()) as { model_info: Record<string, unknown> };
      assert.equal(byName.model_info['llama.context_length'], 131072);
      await assert.rejects(client.show({ model: 'nope:1b' }), { name: 'ResponseError', status_code: 404, message: "model 'nope:1b' not found" });
    });

    it('lists loaded models in ps after a generation, with expiry and context length', async () => {
      server.script(() => ({ kind: 'text', text: 'ok' }));
      await client.generate({ model: LLAMA, prompt: 'hi', options: { num_ctx: 8192 }, keep_alive: '30m' });
      const ps = await client.ps();
      const m = ps.models.find((x) => x.name === LLAMA)!;
      assert.ok(m, 'loaded model listed');
      assert.equal(Reflect.get(m, 'context_length'), 8192);
      const expires = new Date(m.expires_at).getTime();
      assert.ok(expires > Date.now() + 29 * 60000 && expires <= Date.now() + 30 * 60000 + 1000);
      assert.equal(m.size_vram, 4920753328);
    });

    it('generates without streaming: content, done_reason, metrics, context', async () => {
      server.script(() => ({ kind: 'text', text: 'Hello there, world.' }));
      const r = await client.generate({ model: LLAMA, prompt: 'Say hello', system: 'Be brief.', stream: false });
      assert.equal(r.response, 'Hello there, world.');
      assert.equal(r.done, true);
      assert.equal(r.done_reason, 'stop');
      assert.equal(r.eval_count, 3);
      assert.equal(r.prompt_eval_count, Math.ceil('Be brief.Say hello'.length / 4));
      for (const k of ['total_duration', 'load_duration', 'prompt_eval_duration', 'eval_duration'] as const) {
        assert.ok(Number.isInteger(r[k]) && r[k] > 0, k);
      }
      assert.ok(r.total_duration >= r.load_duration + r.prompt_eval_duration + r.eval_duration);
      assert.ok(Array.isArray(r.context) && r.context.length > 0);
      assert.equal(lastRequest(server).body.stream, false);
      assert.equal(lastRequest(server).finished, true);
    });

    it('streams generate and chat, one chunk per piece, metrics on the last', async () => {
      const text = 'The patient denies chest pain.';
      server.script(() => ({ kind: 'text', text }));
      const chunks = [];
      for await (const c of await client.generate({ model: LLAMA, prompt: 'x', stream: true })) chunks.push(c);
      assert.equal(chunks.length, answerPieces(text).length + 1);
      assert.equal(chunks.map((c) => c.response).join(''), text);
      assert.ok(chunks.slice(0, -1).every((c) => c.done === false));
      const last = chunks[chunks.length - 1];
      assert.equal(last.done, true);
      assert.equal(last.response, '');
      assert.equal(last.eval_count, 5);
      assert.ok(Array.isArray(last.context));

      const messages = [
        { role: 'system', content: 'You extract entities.' },
        { role: 'user', content: 'Find things.' },
      ];
      const parts = [];
      for await (const c of await client.chat({ model: LLAMA, messages, stream: true })) parts.push(c);
      assert.equal(parts.map((c) => c.message.content).join(''), text);
      assert.ok(parts.every((c) => c.message.role === 'assistant'));
      const fin = parts[parts.length - 1];
      assert.equal(fin.done_reason, 'stop');
      assert.equal(fin.prompt_eval_count, Math.ceil(('You extract entities.' + 'Find things.').length / 4));
      assert.equal(Reflect.get(fin, 'context'), undefined);

      const whole = await client.chat({ model: LLAMA, messages, stream: false });
      assert.equal(whole.message.content, text);
      assert.equal(whole.eval_count, 5);
    });

    it('streams when `stream` is absent (the server default), JSON when false', async () => {
      server.script(() => ({ kind: 'text', text: 'one two three' }));
      const res = await post(server, '/api/generate', { model: LLAMA, prompt: 'x' });
      assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
      const rows = (await res.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.deepEqual(
        rows.map((r) => r.response),
        ['one ', 'two ', 'three', ''],
      );
      assert.equal(rows[3].done, true);
      const res2 = await post(server, '/api/chat', { model: LLAMA, messages: [{ role: 'user', content: 'x' }], stream: false });
      assert.equal(res2.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.equal(((await res2.json()) as { message: { content: string } }).message.content, 'one two three');
    });

    it('a leading space goes with the first piece, as the Llama tokenizer merges it into the first word', async () => {
      assert.deepEqual(answerPieces(' TrAP \n'), [' TrAP \n']);
      assert.deepEqual(answerPieces(' a : O\nb : O \n'), [' a ', ': ', 'O\n', 'b ', ': ', 'O \n']);
      assert.deepEqual(answerPieces('one two'), ['one ', 'two']);
      assert.deepEqual(answerPieces('  '), ['  ']);
      assert.deepEqual(answerPieces(''), []);
      server.script(() => ({ kind: 'text', text: ' a : O\nb : O \n' }));
      const r = await client.generate({ model: MEDTUNED, prompt: 'x', raw: true, options: { num_predict: 1 } });
      assert.equal(r.response, ' a ');
      assert.equal(r.done_reason, 'length');
    });

    it('applies num_predict (done_reason length), stop sequences and the scripted done_reason', async () => {
      server.script(() => ({ kind: 'text', text: 'a : O\nb : O\n### Instruction: more' }));
      const cut = await client.generate({ model: LLAMA, prompt: 'x', options: { num_predict: 2 } });
      assert.equal(cut.response, 'a : ');
      assert.equal(cut.done_reason, 'length');
      const stopped = await client.generate({ model: LLAMA, prompt: 'x', options: { stop: ['###'] } });
      assert.equal(stopped.response, 'a : O\nb : O\n');
      assert.equal(stopped.done_reason, 'stop');
      server.script(() => ({ kind: 'text', text: 'partial', doneReason: 'length' }));
      assert.equal((await client.generate({ model: LLAMA, prompt: 'x' })).done_reason, 'length');
    });

    it('caps prompt_eval_count at num_ctx like a silently truncating runner', async () => {
      server.script(() => ({ kind: 'text', text: 'ok' }));
      const r = await client.generate({ model: LLAMA, prompt: 'x'.repeat(4000), options: { num_ctx: 512 } });
      assert.equal(r.prompt_eval_count, 512);
    });

    it('answers an empty prompt by loading the model (done_reason load)', async () => {
      const r = await client.generate({ model: MEDTUNED, prompt: '' });
      assert.equal(r.done, true);
      assert.equal(r.done_reason, 'load');
    });
  });

  describe('errors', () => {
    it('404 for an unknown model: ResponseError with status_code and message', async () => {
      await assert.rejects(client.generate({ model: 'nope:7b', prompt: 'x' }), (e: { name: string; status_code: number; message: string }) => {
        assert.equal(e.name, 'ResponseError');
        assert.equal(e.status_code, 404);
        assert.equal(e.message, "model 'nope:7b' not found");
        return true;
      });
      await assert.rejects(client.chat({ model: 'nope', messages: [{ role: 'user', content: 'x' }], stream: true }), {
        status_code: 404,
        message: "model 'nope' not found",
      });
    });

    it('400 for a bad format, a missing body and invalid JSON', async () => {
      await assert.rejects(client.generate({ model: LLAMA, prompt: 'x', format: 'xml' }), (e: { status_code: number; message: string }) => {
        assert.equal(e.status_code, 400);
        assert.match(e.message, /^invalid format/);
        return true;
      });
      const numeric = await post(server, '/api/chat', { model: LLAMA, messages: [], format: 42 });
      assert.equal(numeric.status, 400);
      assert.match(((await numeric.json()) as { error: string }).error, /^invalid format/);
      const missing = await fetch(server.url + '/api/generate', { method: 'POST' });
      assert.equal(missing.status, 400);
      assert.equal(missing.headers.get('content-type'), 'application/json; charset=utf-8');
      assert.deepEqual(await missing.json(), { error: 'missing request body' });
      const bad = await post(server, '/api/generate', 'not json');
      assert.equal(bad.status, 400);
      assert.match(((await bad.json()) as { error: string }).error, /invalid character/);
      assert.equal(lastRequest(server).body, 'not json');
    });

    it('scripted http-error: status and message before streaming', async () => {
      const busy = 'server busy, please try again.  maximum pending requests exceeded';
      server.script(() => ({ kind: 'http-error', status: 503, error: busy }));
      await assert.rejects(client.generate({ model: LLAMA, prompt: 'x', stream: true }), { status_code: 503, message: busy });
    });

    it('stream-error: text, then an {"error"} line that ollama-js throws', async () => {
      server.script(() => ({ kind: 'stream-error', afterText: 'metformin : B-TREATMENT' }));
      const got: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const c of await client.generate({ model: MEDTUNED, prompt: 'x', stream: true })) got.push(c.response ?? '');
        })(),
        { message: 'an error was encountered while running the model' },
      );
      assert.equal(got.join(''), 'metformin : B-TREATMENT');
      server.script(() => ({ kind: 'stream-error', error: 'boom' }));
      await assert.rejects(client.generate({ model: MEDTUNED, prompt: 'x' }), { status_code: 500, message: 'boom' });
    });

    it('cut: a stream without done:true', async () => {
      server.script(() => ({ kind: 'cut', afterText: 'a b c' }));
      const it = await client.chat({ model: LLAMA, messages: [{ role: 'user', content: 'x' }], stream: true });
      let n = 0;
      await assert.rejects(
        (async () => {
          for await (const _ of it) n++;
        })(),
        { message: 'Did not receive done or success response in stream.' },
      );
      assert.equal(n, 3);
      await assert.rejects(client.chat({ model: LLAMA, messages: [{ role: 'user', content: 'x' }] }), SyntaxError);
    });

    it('garbage: NDJSON content type, bytes that are not JSON', async () => {
      server.script(() => ({ kind: 'garbage' }));
      const res = await post(server, '/api/generate', { model: LLAMA, prompt: 'x' });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
      const text = await res.text();
      assert.throws(() =>
        text
          .trim()
          .split('\n')
          .map((l) => JSON.parse(l)),
      );
      await assert.rejects(client.generate({ model: LLAMA, prompt: 'x' }), SyntaxError);
      // ollama-js warns about each bad line on the console; keep the test output clean.
      const warn = console.warn;
      console.warn = () => {};
      try {
        await assert.rejects(
          (async () => {
            for await (const _ of await client.generate({ model: LLAMA, prompt: 'x', stream: true })) void _;
          })(),
          { message: 'Did not receive done or success response in stream.' },
        );
      } finally {
        console.warn = warn;
      }
    });

    it('hang: nothing is sent; aborting the request marks it aborted', async () => {
      server.script(() => ({ kind: 'hang' }));
      const ac = new AbortController();
      // Non-stream calls take no signal: a fetch that wires one, as the VS Code extension does.
      const c = new Ollama({ host: server.url, fetch: (u, init) => fetch(u, { ...init, signal: ac.signal }) });
      const seen = server.requests.length;
      const pending = c.generate({ model: LLAMA, prompt: 'x' });
      await until(() => server.requests.length > seen && lastRequest(server).body !== undefined);
      const rec = lastRequest(server);
      assert.equal(rec.path, '/api/generate');
      ac.abort();
      await assert.rejects(pending, { name: 'AbortError' });
      await until(() => rec.aborted);
      assert.equal(rec.finished, false);
    });

    it('abort() on a streaming iterator closes the connection mid-answer', async () => {
      server.setTiming({ firstTokenMs: 0, perTokenMs: 30 });
      server.script(() => ({ kind: 'text', text: 'one two three four five six seven eight nine ten' }));
      const it = await client.generate({ model: LLAMA, prompt: 'x', stream: true });
      const rec = lastRequest(server);
      let n = 0;
      await assert.rejects(
        (async () => {
          for await (const _ of it) if (++n === 2) it.abort();
        })(),
        { name: 'AbortError' },
      );
      await until(() => rec.aborted);
      assert.equal(rec.finished, false);
    });

    it('slow: the first byte (headers included) waits', async () => {
      server.script(() => ({ kind: 'slow', firstByteMs: 150, then: { kind: 'text', text: 'late' } }));
      const t0 = Date.now();
      const res = await post(server, '/api/generate', { model: LLAMA, prompt: 'x' });
      assert.ok(Date.now() - t0 >= 140, 'headers waited');
      assert.match(await res.text(), /"response":"late"/);
    });

    it('timing: firstTokenMs delays the headers, perTokenMs spaces the chunks', async () => {
      server.setTiming({ firstTokenMs: 100, perTokenMs: 20 });
      server.script(() => ({ kind: 'text', text: 'a b c d e f' }));
      const t0 = Date.now();
      const res = await post(server, '/api/generate', { model: LLAMA, prompt: 'x' });
      const headersAt = Date.now() - t0;
      await res.text();
      const endAt = Date.now() - t0;
      assert.ok(headersAt >= 90, `headers after ${headersAt} ms`);
      assert.ok(endAt >= 190, `end after ${endAt} ms`);
      const t1 = Date.now();
      const r = await client.generate({ model: LLAMA, prompt: 'x' });
      assert.ok(Date.now() - t1 >= 190);
      assert.ok(r.prompt_eval_duration >= 90e6);
      assert.ok(r.eval_duration >= 90e6);
    });

    it('stop() refuses connections (ECONNREFUSED); restart() recovers on the same port', async () => {
      const port = server.port;
      await server.stop();
      await assert.rejects(fetch(server.url + '/api/version'), (e: { cause?: { code?: string } }) => {
        assert.equal(e.cause?.code, 'ECONNREFUSED');
        return true;
      });
      await server.restart();
      assert.equal(server.port, port);
      assert.deepEqual(await client.version(), { version: '0.12.3' });
    });
  });

  describe('pull', () => {
    it('streams progress with totals, then success; the model then appears in tags', async () => {
      const rows = [];
      for await (const p of await client.pull({ model: PULLABLE.name, stream: true })) rows.push(p);
      assert.equal(rows[0].status, 'pulling manifest');
      const layer = rows.filter((r) => r.digest);
      assert.ok(layer.length >= 4);
      assert.match(layer[0].status, /^pulling [0-9a-f]{12}$/);
      assert.equal(layer[0].total, PULLABLE.size);
      assert.equal(layer[0].completed, undefined);
      assert.ok(layer.some((r) => r.completed === r.total && r.total === PULLABLE.size));
      assert.deepEqual(
        rows.slice(-4).map((r) => r.status),
        ['verifying sha256 digest', 'writing manifest', 'removing any unused layers', 'success'],
      );
      assert.ok((await client.list()).models.some((m) => m.name === PULLABLE.name));
      assert.deepEqual(await client.pull({ model: PULLABLE.name }), { status: 'success' });
      server.removeModel(PULLABLE.name);
    });

    it('streams by default with the `model` key (fetch)', async () => {
      const res = await post(server, '/api/pull', { model: PULLABLE.name });
      assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
      const rows = (await res.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.equal(rows[rows.length - 1].status, 'success');
      server.removeModel(PULLABLE.name);
    });

    it('an unknown model: 200, pulling manifest, then an error line', async () => {
      const statuses: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const p of await client.pull({ model: 'no-such-model:1b', stream: true })) statuses.push(p.status);
        })(),
        { message: 'pull model manifest: file does not exist' },
      );
      assert.deepEqual(statuses, ['pulling manifest']);
    });
  });

  describe('oracle', () => {
    it('medtuned clinical: typed tags from gold', async () => {
      const sentence = 'She takes metformin, amlodipine and simvastatin.';
      const r = await client.generate({ model: MEDTUNED, prompt: medtunedPrompt(CLINICAL_INSTRUCTION, sentence), raw: true });
      assert.deepEqual(lines(r.response), [
        ['She', 'O'],
        ['takes', 'O'],
        ['metformin', 'B-TREATMENT'],
        [',', 'O'],
        ['amlodipine', 'B-TREATMENT'],
        ['and', 'O'],
        ['simvastatin', 'B-TREATMENT'],
        ['.', 'O'],
      ]);
      const multi = await client.generate({
        model: MEDTUNED,
        prompt: medtunedPrompt(CLINICAL_INSTRUCTION, 'ECG shows 2 mm ST elevation in leads II, III and aVF.'),
        raw: true,
      });
      assert.deepEqual(lines(multi.response).slice(0, 6), [
        ['ECG', 'B-TEST'],
        ['shows', 'O'],
        ['2', 'B-PROBLEM'],
        ['mm', 'I-PROBLEM'],
        ['ST', 'I-PROBLEM'],
        ['elevation', 'I-PROBLEM'],
      ]);
    });

    it('medtuned literature: bare B/I/O for the one class asked', async () => {
      const sentence =
        'Cisplatin is a cornerstone of chemotherapy for hepatoblastoma, but its use is limited by acute kidney injury and irreversible hearing loss.';
      const r = await client.generate({ model: MEDTUNED, prompt: medtunedPrompt(literature('disease'), sentence), raw: true });
      const tags = Object.fromEntries(lines(r.response));
      assert.equal(lines(r.response).length, (sentence.match(TOKEN) ?? []).length);
      assert.equal(tags.Cisplatin, 'O');
      assert.equal(tags.hepatoblastoma, 'B');
      assert.deepEqual([tags.acute, tags.kidney, tags.injury, tags.irreversible, tags.hearing, tags.loss], ['B', 'I', 'I', 'O', 'B', 'I']);
      const chem = await client.generate({ model: MEDTUNED, prompt: medtunedPrompt(literature('chemical'), sentence), raw: true });
      assert.deepEqual(lines(chem.response)[0], ['Cisplatin', 'B']);
      assert.ok(
        lines(chem.response)
          .slice(1)
          .every(([, t]) => t === 'O'),
      );
      const gene = await client.generate({
        model: MEDTUNED,
        prompt: medtunedPrompt(literature('gene'), 'Children carrying variants in TPMT and COMT had a higher risk of ototoxicity.'),
        raw: true,
      });
      assert.deepEqual(
        lines(gene.response).filter(([, t]) => t !== 'O'),
        [
          ['TPMT', 'B'],
          ['COMT', 'B'],
        ],
      );
    });

    it('medtuned: unknown input → all O; masks with the i2b2-2010 instruction → a relation from gold', async () => {
      const r = await client.generate({ model: MEDTUNED, prompt: medtunedPrompt(CLINICAL_INSTRUCTION, 'He likes aspirin a lot.'), raw: true });
      assert.ok(lines(r.response).every(([, t]) => t === 'O'));
      assert.equal(lines(r.response).length, 6);
      // The i2b2-2010 instruction makes it a relation prompt, answered from gold (ed-chest-pain: Nitroglycerin TrIP chest pain).
      const rel = await client.generate({ model: MEDTUNED, prompt: layout(RELATION_INSTRUCTION, '@treatment$ relieved the @problem$ partially .'), raw: true });
      assert.equal(rel.response, ' TrIP \n');
      const unknownRel = await client.generate({
        model: MEDTUNED,
        prompt: layout(RELATION_INSTRUCTION, '@treatment$ cured the @problem$ at once .'),
        raw: true,
      });
      assert.equal(unknownRel.response, ' No Relations \n');
      // The task is the instruction's training set, not the look of the input: masks under an NER instruction are tokens.
      const masksAsNer = await client.generate({
        model: MEDTUNED,
        prompt: layout(CLINICAL_INSTRUCTION, '@treatment$ relieved the @problem$ partially .'),
        raw: true,
      });
      assert.deepEqual(
        lines(masksAsNer.response).map(([, t]) => t),
        ['O', 'O', 'O', 'O', 'O', 'O'],
      );
      assert.deepEqual(
        server.medtunedPrompts.slice(-4).map((m) => [m.dataset, m.variant, m.task]),
        [
          ['i2b2-2012', 1, 'clinical'],
          ['i2b2-2010 relations', 1, 'clinical-relation'],
          ['i2b2-2010 relations', 1, 'clinical-relation'],
          ['i2b2-2012', 1, 'clinical'],
        ],
      );
    });

    it('every verbatim variant of every trained set is answered from gold, as the training target ` {output} \\n`', async () => {
      const clinical = 'She takes metformin, amlodipine and simvastatin.';
      const disease =
        'Cisplatin is a cornerstone of chemotherapy for hepatoblastoma, but its use is limited by acute kidney injury and irreversible hearing loss.';
      const gene = 'Children carrying variants in TPMT and COMT had a higher risk of ototoxicity.';
      const nonO = (text: string | undefined) => lines(text).filter(([, t]) => t !== 'O');
      server.clearOracleLog();
      let asked = 0;
      for (const set of loadMedtunedReference()) {
        for (const [i, instruction] of set.variants.entries()) {
          const n = i + 1;
          const generate = async (input: string): Promise<string> => {
            asked++;
            const r = await client.generate({ model: MEDTUNED, prompt: layout(instruction, input), raw: true, options: { stop: ['</s>', '###'] } });
            const m = server.medtunedPrompts[server.medtunedPrompts.length - 1];
            assert.ok(m.datasets.includes(set.dataset), `${set.dataset} ${n}: ${m.datasets}`);
            assert.equal(m.variant, n);
            assert.equal(m.task, set.task);
            return r.response ?? '';
          };
          const tokens = (text: string) => (text.match(TOKEN) ?? []).join(' ');
          switch (set.task) {
            case 'clinical':
              assert.deepEqual(
                nonO(await generate(tokens(clinical))),
                [
                  ['metformin', 'B-TREATMENT'],
                  ['amlodipine', 'B-TREATMENT'],
                  ['simvastatin', 'B-TREATMENT'],
                ],
                set.dataset,
              );
              break;
            case 'disease':
              assert.deepEqual(
                nonO(await generate(tokens(disease))),
                [
                  ['hepatoblastoma', 'B'],
                  ['acute', 'B'],
                  ['kidney', 'I'],
                  ['injury', 'I'],
                  ['hearing', 'B'],
                  ['loss', 'I'],
                ],
                set.dataset,
              );
              break;
            case 'chemical':
              assert.deepEqual(nonO(await generate(tokens(disease))), [['Cisplatin', 'B']], set.dataset);
              break;
            case 'gene':
              assert.deepEqual(
                nonO(await generate(tokens(gene))),
                [
                  ['TPMT', 'B'],
                  ['COMT', 'B'],
                ],
                set.dataset,
              );
              break;
            case 'clinical-relation':
              assert.equal(await generate('@treatment$ was continued for @problem$ with a goal INR of 2-3 .'), ' TrAP \n', `${set.dataset} ${n}`);
              assert.equal(await generate('Warfarin was continued for @problem$ with a goal @test$ of 2 - 3 .'), ' No Relations \n', `${set.dataset} ${n}`);
              break;
            case 'nli':
              assert.equal(
                await generate('Sentence 1: Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.\nSentence 2: His renal function is normal.'),
                ' Contradiction \n',
                `${set.dataset} ${n}`,
              );
              break;
            case 'untrained':
              assert.equal(
                await generate('Children carrying variants in @GENE$ and COMT had a higher risk of @DISEASE$ .'),
                UNTRAINED_ANSWER,
                `${set.dataset} ${n}`,
              );
              break;
          }
        }
      }
      assert.equal(asked, 8 * 5 + 3 * 2); // eight sets of five asked once, i2b2-2010's three twice
      assert.deepEqual(server.offLayoutPrompts, []);
      assert.equal(server.untrainedPrompts.length, 5);
      server.clearOracleLog();
    });

    it('a prompt off the training layout is answered unusably and logged, whatever is off', async () => {
      const sentence = 'She takes metformin, amlodipine and simvastatin.';
      const input = (sentence.match(TOKEN) ?? []).join(' ');
      const exact = layout(CLINICAL_INSTRUCTION, input);
      const nli = layout(
        variantOf('MedNLI'),
        'Sentence 1: Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.\nSentence 2: His renal function is normal.',
      );
      const rel = layout(RELATION_INSTRUCTION, '@treatment$ was continued for @problem$ with a goal INR of 2-3 .');
      const paraphrase =
        'Identify each entity in the clinical text with the BIO scheme: B-PROBLEM, B-TREATMENT, B-TEST for the ' +
        'first word, I-PROBLEM, I-TREATMENT, I-TEST for following words, O otherwise.';
      const cases: Array<[string, { prompt: string; raw?: boolean; system?: string }, RegExp]> = [
        ['a trailing space after ### Output:', { prompt: `${exact} `, raw: true }, /^" " after "### Output:"$/],
        ["a newline after ### Output: (the authors' 13b evaluation ending)", { prompt: `${exact}\n`, raw: true }, /^"\\n" after "### Output:"$/],
        ['a trailing space after an NLI prompt', { prompt: `${nli} `, raw: true }, /after "### Output:"/],
        ['a trailing space after a relation prompt', { prompt: `${rel} `, raw: true }, /after "### Output:"/],
        ['a paraphrased instruction', { prompt: layout(paraphrase, input), raw: true }, /not a verbatim training variant/],
        [
          'a variant with one character changed (a curly apostrophe)',
          { prompt: layout(CLINICAL_INSTRUCTION.replace("doesn't", 'doesn\u2019t'), input), raw: true },
          /not a verbatim training variant/,
        ],
        ['a variant with a trailing space', { prompt: layout(`${CLINICAL_INSTRUCTION} `, input), raw: true }, /not a verbatim training variant/],
        ['a system field', { prompt: exact, raw: true, system: 'You are a clinical NLP system.' }, /^a system line$/],
        ['a system line in the prompt', { prompt: `You are a clinical NLP system.\n${exact}`, raw: true }, /does not begin with "### Instruction: "/],
        ['no space before ### Input:', { prompt: exact.replace('\n ### Input: ', '\n### Input: '), raw: true }, /separator/],
        ['no space before ### Output:', { prompt: exact.replace('\n ### Output:', '\n### Output:'), raw: true }, /separator before "### Output:"/],
        [
          'the Alpaca layout',
          { prompt: `### Instruction:\n${CLINICAL_INSTRUCTION}\n\n### Input:\n${input}\n\n### Response:\n`, raw: true },
          /does not begin with "### Instruction: "/,
        ],
        ['### Response: instead of ### Output:', { prompt: exact.replace(/### Output:$/, '### Response:'), raw: true }, /^no "### Output:"$/],
        ['not raw', { prompt: exact }, /^not raw/],
        [
          'the input not space-joined tokens',
          { prompt: layout(CLINICAL_INSTRUCTION, input.replace(' takes ', '  takes ')), raw: true },
          /not tokens joined by single spaces/,
        ],
        [
          'a relation prompt with literature masks',
          { prompt: layout(RELATION_INSTRUCTION, '@CHEMICAL$ - induced @DISEASE$ in rats .'), raw: true },
          /two of its masks/,
        ],
        [
          'a relation prompt with one mask',
          { prompt: layout(RELATION_INSTRUCTION, '@treatment$ was continued for atrial fibrillation .'), raw: true },
          /two of its masks/,
        ],
        ['an NLI input without "Sentence 2: "', { prompt: layout(variantOf('MedNLI'), 'Sentence 1: a\nHypothesis: b'), raw: true }, /MedNLI input/],
        [
          'a CID prompt (no such training data)',
          {
            prompt: layout(
              'The sentence mentions a chemical masked as @CHEMICAL$ and a disease masked as @DISEASE$. Answer CID if the chemical induces the disease according to the sentence, otherwise No Relations. Answer with the label only.',
              '@CHEMICAL$ - induced @DISEASE$ and ototoxicity in children with hepatoblastoma .',
            ),
            raw: true,
          },
          /not a verbatim training variant/,
        ],
      ];
      server.clearOracleLog();
      const profile = new MedtunedProfile();
      const [group] = profile.nerGroups(['problem']);
      for (const [what, body, reason] of cases) {
        const before = server.offLayoutPrompts.length;
        const r = await client.generate({ model: MEDTUNED, ...body, stream: false, options: { stop: ['</s>', '###'] } });
        assert.equal(r.response, OFF_LAYOUT_ANSWER, what);
        assert.equal(server.offLayoutPrompts.length, before + 1, `${what}: logged`);
        const logged = server.offLayoutPrompts[before];
        assert.match(logged.reason, reason, what);
        assert.equal(logged.prompt, body.prompt);
        assert.equal(logged.endpoint, '/api/generate');
        // Nothing a parser can use: no entity, no relation label, no NLI label.
        const answer = { text: r.response, doneReason: 'stop', promptTokens: 1, evalTokens: 1, evalMs: 1 };
        assert.deepEqual(profile.parseNer(sentence, group, answer).mentions, [], what);
        assert.equal(profile.parseNli(answer).label, undefined, what);
        const w = mention(sentence, 'metformin', 'treatment');
        assert.deepEqual(profile.parseRelations({ id: 'x', pairs: [pair('clinical', w, { ...w, type: 'problem' })] }, answer).labels, [undefined], what);
      }
      assert.equal(server.offLayoutPrompts.length, cases.length);
      assert.equal(server.medtunedPrompts.length, 0, 'none of them was taken for the layout');
      // The same prompts through /v1/completions (a raw generate there too).
      const v1 = await post(server, '/v1/completions', { model: MEDTUNED, prompt: `${exact} `, max_tokens: 16 });
      assert.equal(((await v1.json()) as { choices: { text: string }[] }).choices[0].text, OFF_LAYOUT_ANSWER);
      assert.equal(server.offLayoutPrompts.length, cases.length + 1);
      // The exact prompt, for contrast: answered from gold, nothing logged off the layout.
      const ok = await client.generate({ model: MEDTUNED, prompt: exact, raw: true });
      assert.equal(lines(ok.response)[2].join(' : '), 'metformin : B-TREATMENT');
      assert.equal(server.offLayoutPrompts.length, cases.length + 1);
      assert.ok(!('reason' in matchMedtunedLayout({ prompt: exact, raw: true })));
      server.clearOracleLog();
      assert.deepEqual(server.offLayoutPrompts, []);
    });

    it('GAD (prepared, left out of training): the layout, but answered unusably and logged as untrained', async () => {
      const TPMT = 'Children carrying variants in TPMT and COMT had a higher risk of ototoxicity.';
      server.clearOracleLog();
      for (const instruction of referenceSet('GAD gene-disease relations').variants) {
        const r = await client.generate({
          model: MEDTUNED,
          prompt: layout(instruction, 'Children carrying variants in @GENE$ and COMT had a higher risk of @DISEASE$ .'),
          raw: true,
        });
        assert.equal(r.response, UNTRAINED_ANSWER);
        // No gene-disease label in it: the engine could read nothing from it (gold says Positive).
        const p = pair('gene-disease', mention(TPMT, 'TPMT', 'gene'), mention(TPMT, 'ototoxicity', 'disease'));
        assert.deepEqual(
          new MedtunedProfile().parseRelations({ id: 'x', pairs: [p] }, { text: r.response, doneReason: 'stop', promptTokens: 1, evalTokens: 1, evalMs: 1 }),
          { labels: [undefined], dropped: 1 },
        );
      }
      assert.deepEqual(
        server.untrainedPrompts.map((m) => [m.dataset, m.variant]),
        [1, 2, 3, 4, 5].map((n) => ['GAD gene-disease relations', n]),
      );
      assert.deepEqual(server.offLayoutPrompts, []);
      server.clearOracleLog();
    });

    it("the production profile reads the oracle's answers: its own prompts, every variant, gold entities", async () => {
      const sentence = 'She takes metformin, amlodipine and simvastatin.';
      for (const n of [1, 2, 3, 4, 5]) {
        const profile = new MedtunedProfile({ instructionVariant: n });
        const [group] = profile.nerGroups(['treatment']);
        const req = profile.nerRequest(sentence, group);
        assert.ok(req.kind === 'generate');
        const r = await client.generate({
          model: MEDTUNED,
          prompt: req.prompt,
          raw: req.raw,
          stream: false,
          options: { stop: req.stop, num_predict: req.numPredict },
        });
        const text = r.response ?? '';
        assert.ok(text.startsWith(' ') && text.endsWith(' \n'), JSON.stringify(text));
        assert.ok(!text.includes('</s>'));
        const parsed = profile.parseNer(sentence, group, { text, doneReason: r.done_reason, promptTokens: 1, evalTokens: 1, evalMs: 1 });
        assert.deepEqual(
          parsed.mentions.map((m) => [m.text, m.type]),
          [
            ['metformin', 'treatment'],
            ['amlodipine', 'treatment'],
            ['simvastatin', 'treatment'],
          ],
          `variant ${n}`,
        );
        assert.equal(server.medtunedPrompts[server.medtunedPrompts.length - 1].variant, n);
      }
      server.clearOracleLog();
    });

    it('json: lists the requested entities with gold surface text, in order', async () => {
      const r = await client.chat({
        model: LLAMA,
        format: SCHEMA,
        messages: [
          { role: 'system', content: 'Extract entities. Answer in JSON.' },
          { role: 'user', content: 'Entity types: problem, treatment, test\nText: She takes metformin, amlodipine and simvastatin.' },
        ],
      });
      assert.deepEqual(JSON.parse(r.message.content), {
        entities: [
          { text: 'metformin', type: 'treatment' },
          { text: 'amlodipine', type: 'treatment' },
          { text: 'simvastatin', type: 'treatment' },
        ],
      });
      const lit = await client.chat({
        model: LLAMA,
        format: SCHEMA,
        messages: [
          {
            role: 'user',
            content:
              'Entity types: chemical\nText: Sodium thiosulfate given six hours after cisplatin reduced the incidence of hearing loss without reducing event-free survival.',
          },
        ],
      });
      assert.deepEqual(JSON.parse(lit.message.content).entities, [
        { text: 'Sodium thiosulfate', type: 'chemical' },
        { text: 'cisplatin', type: 'chemical' },
      ]);
      const none = await client.chat({
        model: LLAMA,
        format: SCHEMA,
        messages: [{ role: 'user', content: 'Entity types: problem\nText: Nothing like this is in the notes.' }],
      });
      assert.deepEqual(JSON.parse(none.message.content), { entities: [] });
    });

    it('json: CRLF and wrapped text still match; the answer keeps the document whitespace', async () => {
      const text = '1. Furosemide 40 mg by mouth twice daily\r\n2. Metoprolol succinate 50 mg daily\r\n3. Warfarin 5 mg daily';
      const r = await client.chat({
        model: LLAMA,
        format: SCHEMA,
        messages: [{ role: 'user', content: `Entity types: treatment, problem\nText: ${text}` }],
      });
      assert.deepEqual(
        JSON.parse(r.message.content).entities.map((e: { text: string }) => e.text),
        ['Furosemide', 'Metoprolol succinate', 'Warfarin'],
      );
      const wrapped = 'presented with three days of worsening\n    dyspnea and bilateral leg\nswelling.';
      const w = await client.chat({
        model: LLAMA,
        format: SCHEMA,
        stream: true,
        messages: [{ role: 'user', content: `Entity types: problem\nText: ${wrapped}` }],
      });
      let content = '';
      for await (const c of w) content += c.message.content;
      assert.deepEqual(JSON.parse(content).entities, [
        { text: 'worsening dyspnea', type: 'problem' },
        { text: 'bilateral leg swelling', type: 'problem' },
      ]);
    });

    it('noise drops the expected fraction, deterministically, in both layouts', async () => {
      const noisy = await OllamaTestServer.start({ models: MODELS, gold, noise: 0.25, seed: 7 });
      try {
        const c = new Ollama({ host: noisy.url });
        const total = gold.reduce((n, d) => n + d.entities.length, 0);
        const ask = async () => {
          let n = 0;
          for (const d of gold) {
            const r = await c.chat({
              model: LLAMA,
              format: 'json',
              messages: [{ role: 'user', content: `Entity types: problem, treatment, test, disease, chemical, gene\nText: ${d.text}` }],
            });
            n += JSON.parse(r.message.content).entities.length;
          }
          return n;
        };
        const first = await ask();
        assert.equal(first, total - Math.round(0.25 * total));
        assert.equal(await ask(), first);
        // The medtuned answer for the same sentence agrees with the json answer.
        const sentence = 'She takes metformin, amlodipine and simvastatin.';
        const j = await c.chat({
          model: LLAMA,
          format: SCHEMA,
          messages: [{ role: 'user', content: `Entity types: treatment\nText: ${sentence}` }],
        });
        const kept = JSON.parse(j.message.content).entities.map((e: { text: string }) => e.text);
        const g = await c.generate({ model: MEDTUNED, prompt: medtunedPrompt(CLINICAL_INSTRUCTION, sentence), raw: true });
        assert.deepEqual(
          lines(g.response)
            .filter(([, t]) => t !== 'O')
            .map(([w]) => w),
          kept,
        );
      } finally {
        await noisy.stop();
      }
    });
  });

  describe('relation oracle', () => {
    const WARFARIN = 'Warfarin was continued for atrial fibrillation with a goal INR of 2-3.';
    const CISPLATIN = 'Cisplatin-induced nephrotoxicity and ototoxicity in children with hepatoblastoma.';
    const TPMT = 'Children carrying variants in TPMT and COMT had a higher risk of ototoxicity.';

    it('loads gold relations from the R lines, as indices into the entities', () => {
      const hf = gold.find((d) => d.name === 'discharge-heart-failure')!;
      const r = hf.relations![0];
      assert.equal(r.label, 'TrAP');
      assert.equal(hf.text.slice(hf.entities[r.arg1].start, hf.entities[r.arg1].end), 'Warfarin');
      assert.equal(hf.text.slice(hf.entities[r.arg2].start, hf.entities[r.arg2].end), 'atrial fibrillation');
      assert.deepEqual(
        gold.map((d) => d.relations!.length),
        [6, 4, 2, 2, 4],
      );
    });

    it('medtuned clinical: the gold label in the masked sentence, else No Relations', async () => {
      const warfarin = mention(WARFARIN, 'Warfarin', 'treatment');
      const af = mention(WARFARIN, 'atrial fibrillation', 'problem');
      const inr = mention(WARFARIN, 'INR', 'test');
      const req = new MedtunedProfile().relationRequest(WARFARIN, { id: 'x', pairs: [pair('clinical', warfarin, af)] });
      // (`2-3` or `2 - 3`: which clinical tokens is the tokeniser's business; the oracle reads either.)
      assert.match((req as { prompt: string }).prompt, /### Input: @treatment\$ was continued for @problem\$ with a goal INR of 2 ?- ?3 \.\n ### Output:$/);
      assert.equal(await medtunedRelation(client, WARFARIN, pair('clinical', warfarin, af)), 'TrAP');
      assert.equal(await medtunedRelation(client, WARFARIN, pair('clinical', inr, af)), 'No Relations');
      // Gold relations are found in either direction for clinical pairs.
      const course = 'He was treated with intravenous furosemide with good diuresis, and his dyspnea improved.';
      assert.equal(
        await medtunedRelation(client, course, pair('clinical', mention(course, 'intravenous furosemide', 'treatment'), mention(course, 'dyspnea', 'problem'))),
        'TrIP',
      );
      // Half an entity is not the gold entity: no relation.
      assert.equal(
        await medtunedRelation(client, course, pair('clinical', mention(course, 'furosemide', 'treatment'), mention(course, 'dyspnea', 'problem'))),
        'No Relations',
      );
      // The same words elsewhere (atrial fibrillation is also in the history) are another entity.
      const history =
        '72-year-old man with ischemic cardiomyopathy, atrial fibrillation and chronic kidney disease stage 3 presented with three days of worsening dyspnea and bilateral leg swelling.';
      assert.equal(
        await medtunedRelation(
          client,
          history,
          pair('clinical', mention(history, 'ischemic cardiomyopathy', 'problem'), mention(history, 'atrial fibrillation', 'problem')),
        ),
        'No Relations',
      );
      const xray = 'A chest x-ray showed pulmonary edema and small bilateral pleural effusions.';
      assert.equal(
        await medtunedRelation(
          client,
          xray,
          pair('clinical', mention(xray, 'chest x-ray', 'test'), mention(xray, 'small bilateral pleural effusions', 'problem')),
        ),
        'TeRP',
      );
    });

    it('medtuned literature pairs: no trained layout, so never asked; masks under the i2b2-2010 instruction are off the layout', async () => {
      const cis = mention(CISPLATIN, 'Cisplatin', 'chemical');
      const neph = mention(CISPLATIN, 'nephrotoxicity', 'disease');
      const oto = mention(TPMT, 'ototoxicity', 'disease');
      // The production profile refuses them (the engine skips them or asks them in the json layout).
      for (const [s, p] of [
        [CISPLATIN, pair('chemical-disease', cis, neph)],
        [TPMT, pair('gene-disease', mention(TPMT, 'TPMT', 'gene'), oto)],
        [TPMT, pair('chemical-gene', mention(TPMT, 'Children', 'chemical'), mention(TPMT, 'TPMT', 'gene'))],
      ] as const) {
        assert.throws(() => new MedtunedProfile().relationRequest(s, { id: 'x', pairs: [p] }), /not trained/);
      }
      // A literature pair forced into the i2b2-2010 layout: off the layout, unusable, logged.
      server.clearOracleLog();
      const r = await client.generate({
        model: MEDTUNED,
        prompt: layout(RELATION_INSTRUCTION, '@CHEMICAL$ - induced @DISEASE$ and ototoxicity in children with hepatoblastoma .'),
        raw: true,
      });
      assert.equal(r.response, OFF_LAYOUT_ANSWER);
      assert.deepEqual(
        server.offLayoutPrompts.map((o) => o.reason),
        ['i2b2-2010 relations input needs two of its masks (got @CHEMICAL$, @DISEASE$)'],
      );
      server.clearOracleLog();
      // The json layout still answers them from gold (below); without masks the medtuned layout is NER again.
      const ner = await client.generate({ model: MEDTUNED, prompt: medtunedPrompt(literature('gene'), TPMT), raw: true });
      assert.deepEqual(lines(ner.response)[4], ['TPMT', 'B']);
    });

    it('json: one label per pair, from gold, for every pair of a sentence', async () => {
      const xray = 'A chest x-ray showed pulmonary edema\nand small bilateral pleural effusions.';
      const ms = [
        mention(xray, 'chest x-ray', 'test'),
        mention(xray, 'pulmonary edema', 'problem'),
        mention(xray, 'small bilateral pleural effusions', 'problem'),
      ];
      const pairs = candidatePairs(ms, 10);
      assert.equal(pairs.length, 3);
      const expected = pairs.map((p) => (p.head.type === 'test' ? 'TeRP' : 'No Relations'));
      assert.deepEqual(await jsonRelations(client, xray, pairs), expected);

      const w = [mention(WARFARIN, 'Warfarin', 'treatment'), mention(WARFARIN, 'atrial fibrillation', 'problem'), mention(WARFARIN, 'INR', 'test')];
      assert.deepEqual(await jsonRelations(client, WARFARIN, [pair('clinical', w[0], w[1]), pair('clinical', w[2], w[1])]), ['TrAP', 'No Relations']);

      const c = [
        mention(CISPLATIN, 'Cisplatin', 'chemical'),
        mention(CISPLATIN, 'nephrotoxicity', 'disease'),
        mention(CISPLATIN, 'ototoxicity', 'disease'),
        mention(CISPLATIN, 'hepatoblastoma', 'disease'),
      ];
      assert.deepEqual(
        await jsonRelations(client, CISPLATIN, [
          pair('chemical-disease', c[0], c[1]),
          pair('chemical-disease', c[0], c[2]),
          pair('chemical-disease', c[0], c[3]),
        ]),
        ['CID', 'CID', 'No Relations'],
      );
      const t = [mention(TPMT, 'TPMT', 'gene'), mention(TPMT, 'COMT', 'gene'), mention(TPMT, 'ototoxicity', 'disease')];
      assert.deepEqual(await jsonRelations(client, TPMT, [pair('gene-disease', t[0], t[2]), pair('gene-disease', t[1], t[2])]), ['Positive', 'Positive']);
      // A mention that is not a gold entity, a sentence not in the gold: the no-relation labels.
      assert.deepEqual(
        await jsonRelations(client, TPMT, [
          pair('gene-disease', mention(TPMT, 'variants', 'gene'), t[2]),
          pair('chemical-gene', mention(TPMT, 'Children', 'chemical'), t[0]),
        ]),
        ['Negative', 'none'],
      );
      const nowhere = 'Aspirin was given for headache.';
      assert.deepEqual(
        await jsonRelations(client, nowhere, [pair('clinical', mention(nowhere, 'Aspirin', 'treatment'), mention(nowhere, 'headache', 'problem'))]),
        ['No Relations'],
      );
    });

    it('both layouts agree with every gold relation of every note, asked over the whole text (medtuned: the clinical ones)', async () => {
      let clinical = 0;
      for (const doc of gold) {
        const ms = goldMentions(doc);
        const pairs = doc.relations!.map((r) => pair(relationKind(ms[r.arg1], ms[r.arg2]), ms[r.arg1], ms[r.arg2]));
        assert.deepEqual(
          await jsonRelations(client, doc.text, pairs),
          doc.relations!.map((r) => r.label),
          doc.name,
        );
        // The medtuned layout: the clinical (i2b2-2010) pairs, the only ones it was trained on.
        for (const [i, p] of pairs.entries()) {
          if (p.kind !== 'clinical') continue;
          assert.equal(await medtunedRelation(client, doc.text, p), doc.relations![i].label, `${doc.name} R${i + 1}`);
          clinical++;
        }
      }
      assert.equal(clinical, 12, "the clinical notes' relations");
      assert.deepEqual(server.offLayoutPrompts, []);
    });

    it('ChemProt gold: the label of each marked pair, among documents with the same sentence', async () => {
      const pairs = readChemProt(fs.readFileSync(CHEMPROT, 'utf8')).slice(0, 300);
      assert.equal(pairs.length, 300);
      const cp = await OllamaTestServer.start({ models: MODELS, gold: chemProtGold(pairs) });
      try {
        const c = new Ollama({ host: cp.url });
        const sentences = new Set(pairs.map((p) => p.text));
        assert.ok(sentences.size < pairs.length, 'the fixture repeats sentences');
        for (const [i, p] of pairs.entries()) {
          const chem: Mention = { ...p.chemical, type: 'chemical', text: p.text.slice(p.chemical.start, p.chemical.end) };
          const gene: Mention = { ...p.gene, type: 'gene', text: p.text.slice(p.gene.start, p.gene.end) };
          assert.deepEqual(await jsonRelations(c, p.text, [pair('chemical-gene', chem, gene)]), [p.label], `pair ${i + 1}`);
        }
        // Marked pairs of one sentence asked together: each from its own document (the
        // pairs share the chemical mention, one object as the engine's candidatePairs gives it).
        const [a, b] = pairs.filter((p) => p.text === pairs[0].text);
        assert.deepEqual(a.chemical, b.chemical);
        const m = (s: { start: number; end: number }, type: EntityType): Mention => ({ ...s, type, text: a.text.slice(s.start, s.end) });
        const shared = m(a.chemical, 'chemical');
        const losartan = mention(a.text, 'losartan', 'gene');
        assert.deepEqual(
          await jsonRelations(c, a.text, [
            pair('chemical-gene', shared, m(a.gene, 'gene')),
            pair('chemical-gene', shared, m(b.gene, 'gene')),
            pair('chemical-gene', shared, losartan),
          ]),
          [a.label, b.label, 'none'],
        );
        assert.deepEqual(await jsonRelations(c, a.text, [pair('chemical-gene', m(a.gene, 'chemical'), m(a.chemical, 'gene'))]), ['none']);
      } finally {
        await cp.stop();
      }
    });

    it('noise drops the same fraction of gold relations, deterministically, in both layouts', async () => {
      const noisy = await OllamaTestServer.start({ models: MODELS, gold, noise: 0.25, seed: 7 });
      try {
        const c = new Ollama({ host: noisy.url });
        const total = gold.reduce((n, d) => n + d.relations!.length, 0);
        const kept = async () => {
          const json: boolean[] = [];
          const medtuned: boolean[] = [];
          const clinicalJson: boolean[] = [];
          for (const doc of gold) {
            const ms = goldMentions(doc);
            const pairs = doc.relations!.map((r) => pair(relationKind(ms[r.arg1], ms[r.arg2]), ms[r.arg1], ms[r.arg2]));
            const labels = await jsonRelations(c, doc.text, pairs);
            labels.forEach((l, i) => json.push(l === doc.relations![i].label));
            for (const [i, p] of pairs.entries()) {
              // The medtuned layout asks the clinical pairs only; it must keep exactly what json keeps for them.
              if (p.kind === 'clinical') medtuned.push((await medtunedRelation(c, doc.text, p)) === doc.relations![i].label);
              if (p.kind === 'clinical') clinicalJson.push(json[json.length - pairs.length + i]);
            }
          }
          return { json, medtuned, clinicalJson };
        };
        const first = await kept();
        assert.equal(first.json.filter((k) => !k).length, Math.round(0.25 * total));
        assert.equal(first.medtuned.length, 12);
        assert.deepEqual(first.medtuned, first.clinicalJson);
        assert.ok(first.medtuned.includes(false) && first.medtuned.includes(true), 'noise reaches clinical relations too');
        assert.deepEqual(await kept(), first);
        // Entity noise is unchanged by relation noise: the same entities as before relations existed.
        const entities = gold.reduce((n, d) => n + d.entities.length, 0);
        let n = 0;
        for (const d of gold) {
          const r = await c.chat({
            model: LLAMA,
            format: 'json',
            messages: [{ role: 'user', content: `Entity types: problem, treatment, test, disease, chemical, gene\nText: ${d.text}` }],
          });
          n += JSON.parse(r.message.content).entities.length;
        }
        assert.equal(n, entities - Math.round(0.25 * entities));
      } finally {
        await noisy.stop();
      }
    });
  });

  it('records every request in arrival order with its parsed body', async () => {
    const before = server.requests.length;
    await client.version();
    server.script(() => ({ kind: 'text', text: 'x' }));
    await client.generate({ model: LLAMA, prompt: 'p', options: { temperature: 0 } });
    const recs = server.requests.slice(before);
    assert.deepEqual(
      recs.map((r) => [r.method, r.path]),
      [
        ['GET', '/api/version'],
        ['POST', '/api/generate'],
      ],
    );
    assert.ok(recs[1].id > recs[0].id && recs[1].receivedAt >= recs[0].receivedAt);
    assert.deepEqual(recs[1].body.options, { temperature: 0 });
    assert.equal(recs[1].finished, true);
    assert.equal(recs[1].aborted, false);
    assert.ok(server.generationRequests().every((r) => r.path === '/api/generate' || r.path === '/api/chat'));
    assert.ok(server.generationRequests().includes(recs[1]));
  });
});
