/** The test server's errors and scripted faults: Ollama's status codes, bodies and cut streams. */
import * as assert from 'node:assert/strict';
import { Ollama } from 'ollama';
import { LLAMA, MEDTUNED, client, lastRequest, post, server, until, useSuiteServer } from './suite';

describe('OllamaTestServer', () => {
  useSuiteServer();

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
});
