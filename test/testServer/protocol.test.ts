/** The Ollama-protocol test server answers as Ollama does: endpoints, streaming, the request log. */
import * as assert from 'node:assert/strict';
import { answerPieces } from '../support/ollamaServer';
import { LLAMA, MEDTUNED, client, gold, lastRequest, post, server, useSuiteServer } from './suite';

describe('OllamaTestServer', () => {
  useSuiteServer();

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
