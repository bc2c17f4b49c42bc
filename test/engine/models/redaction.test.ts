/**
 * Text from model servers is redacted before it is shown: no
 * credential-like strings, never the configured API key, never our own request text (the
 * note), at most 300 characters; a harmless message passes unchanged. Through real HTTP:
 * a node:http server on 127.0.0.1 returning the error bodies, for the Ollama and the
 * OpenAI-compatible backends, as HTTP errors and as errors inside the stream.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { OllamaBackend } from '../../../server/src/engine/models/ollama';
import { OpenAiBackend } from '../../../server/src/engine/models/openai';
import { MAX_SERVER_TEXT, redactServerText } from '../../../server/src/engine/models/redact';
import { ModelError, ModelRequest } from '../../../server/src/engine/types';

const KEY = 'my-local-secret-123';
const SK = 'sk-proj-Abc123Def456Ghi789Jkl012';
const BEARER = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl';
const NOTE =
  'Mr. Jones, 67, admitted with community-acquired pneumonia; history of type 2 diabetes mellitus and stage 3 chronic kidney disease, on metformin 500 mg twice daily.';
const PROMPT = `### Instruction: Find the diseases in the text.\n ### Input: ${NOTE}\n ### Output:`;
const GENERATE: ModelRequest = { kind: 'generate', prompt: PROMPT, raw: true, stop: [], numPredict: 32 };
const CHAT: ModelRequest = {
  kind: 'chat',
  messages: [
    { role: 'system', content: 'You find clinical entities and answer in JSON.' },
    { role: 'user', content: NOTE },
  ],
  format: { type: 'object' },
  numPredict: 32,
};

/** A fragment of the note that must never come back (any 21+ characters of it would do). */
const NOTE_PIECES = ['community-acquired pneumonia', 'type 2 diabetes mellitus', 'metformin 500 mg twice daily', 'Mr. Jones, 67'];
/** The secrets, and an error text that carries all of them and echoes the request. */
const SECRETS = [KEY, SK, BEARER, 'dXNlcjpwYXNzd29yZA', 'zz-query-key-987'];
const LEAKY =
  `invalid request: key ${KEY} was rejected (Authorization: Basic dXNlcjpwYXNzd29yZA, tried ${SK}, ` +
  `Bearer ${BEARER}, url /v1/x?api_key=zz-query-key-987); input was: ${NOTE}`;
const HARMLESS = 'model is overloaded, try again later';

const never = () => new AbortController().signal;

/** Ollama has no API key setting: there the configured-key rule has nothing to match. */
const OLLAMA_SECRETS = SECRETS.filter((s) => s !== KEY);

function assertClean(message: string, secrets = SECRETS): void {
  for (const s of secrets) assert.ok(!message.includes(s), `"${s}" in: ${message}`);
  for (const p of NOTE_PIECES) assert.ok(!message.includes(p), `note text "${p}" in: ${message}`);
  // What went wrong is still said.
  assert.match(message, /invalid request/);
}

async function modelError(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ModelError, `a ModelError, got ${err}`);
    return err;
  }
  assert.fail('expected a ModelError');
}

describe('redactServerText', () => {
  it('removes credential-like strings and the configured key, keeps the rest', () => {
    const out = redactServerText(LEAKY, { apiKey: KEY });
    for (const s of SECRETS) assert.ok(!out.includes(s), out);
    assert.match(
      out,
      /^invalid request: key \[redacted\] was rejected \(Authorization: \[redacted\], tried \[redacted\], Bearer \[redacted\], url \/v1\/x\?api_key=\[redacted\]\)/,
    );
  });

  it('removes the configured key even when it does not look like a key, in any form', () => {
    const key = 'hunter2 with spaces';
    assert.equal(redactServerText(`got "${key}" and ${encodeURIComponent(key)}`, { apiKey: key }), 'got "[redacted]" and [redacted]');
  });

  it('cuts request text quoted by the server, also JSON-escaped', () => {
    const out = redactServerText(`bad input ${JSON.stringify({ prompt: PROMPT })}`, { requestText: [PROMPT] });
    assert.ok(!out.includes('pneumonia') && !out.includes('Instruction'), out);
    assert.match(out, /^bad input \{"prompt":"\[note text\]"\}$/);
    // Short common words shared with the note stay.
    assert.equal(redactServerText('type 2 error', { requestText: [PROMPT] }), 'type 2 error');
  });

  describe('echoes of the note in any form', () => {
    const note = 'Señora Núñez (DOB 03/14/1951) said: "my chest hurts"\nMRN 4471923, seen by Dr. Ann Lee.';
    const ctx = { requestText: [`### Input: ${note}\n ### Output:`] };
    const pieces = ['Núñez', 'Nu\\u00f1ez', 'chest hurts', 'Ann Lee', 'ANN LEE', '4471923', '1951', 'Señora'];
    const clean = (out: string) => {
      for (const p of pieces) assert.ok(!out.toLowerCase().includes(p.toLowerCase()), `"${p}" in: ${out}`);
    };

    it('an echo JSON-escaped as json.dumps writes it (\\u00f1, \\n, \\")', () => {
      // Python: json.dumps(note) escapes non-ASCII as \uXXXX.
      const pythonEscaped = JSON.stringify(note).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
      assert.ok(pythonEscaped.includes('\\u00f1') && pythonEscaped.includes('\\n') && pythonEscaped.includes('\\"'), pythonEscaped);
      const out = redactServerText(`invalid request: input ${pythonEscaped} is too long`, ctx);
      clean(out);
      // ("input" is cut with the echo: the request text says "Input:" just before the note.)
      assert.match(out, /^invalid request: (input "?)?\[note text\]"? is too long$/);
      // Escaped twice (a JSON string inside a JSON string).
      const twice = redactServerText(`error: ${JSON.stringify(JSON.stringify({ prompt: note }))}`, ctx);
      clean(twice);
      assert.match(twice, /^error: /);
    });

    it('an echo with case and whitespace changed, URL-encoded or as HTML entities', () => {
      const shouty = note.toUpperCase().replace(/ /g, '   ').replace(/\n/g, ' ');
      clean(redactServerText(`invalid prompt: ${shouty}`, ctx));
      clean(redactServerText(`GET /api?q=${encodeURIComponent(note)} failed`, ctx));
      clean(redactServerText(`<p>bad input &quot;${note.replace(/"/g, '&quot;')}&quot;</p>`, ctx));
    });

    it('a short echo: a name, a record number, a date', () => {
      assert.equal(redactServerText("unknown user 'Ann Lee'", ctx), "unknown user '[note text]'");
      assert.equal(redactServerText('field patient: ann  lee is not allowed', ctx), 'field patient: [note text] is not allowed');
      assert.equal(redactServerText('duplicate id 4471923', ctx), 'duplicate id [note text]');
      assert.equal(redactServerText('bad date 03/14/1951', ctx), 'bad date [note text]');
      // Mid-word, if long: cut as a stretch.
      clean(redactServerText(`got ora Núñez (DOB 03/14/19`, ctx));
    });

    it('an ordinary error stays readable when the note shares its words', () => {
      const shared = { requestText: ['The model of care: first visit, not found on the list; try again later. Type 2 error in the prompt.'] };
      for (const msg of [
        "model 'llama3' not found, try pulling it first",
        'the prompt is too long: 5000 tokens, the maximum context length is 4096',
        'invalid type: expected a string, found null at line 1 column 2',
        'type 2 error',
      ]) {
        assert.equal(redactServerText(msg, shared), msg);
      }
    });
  });

  it('caps the length', () => {
    const out = redactServerText('x'.repeat(5000));
    assert.ok(out.length <= MAX_SERVER_TEXT, String(out.length));
  });

  it('passes a harmless message unchanged', () => {
    assert.equal(redactServerText(HARMLESS, { apiKey: KEY, requestText: [PROMPT] }), HARMLESS);
    const vllm = "This model's maximum context length is 4096 tokens. However, you requested 5000 tokens (4968 in the messages, 32 in the completion).";
    assert.equal(redactServerText(vllm, { apiKey: KEY, requestText: [PROMPT] }), vllm);
  });
});

describe('model-server error text is redacted (real HTTP)', function () {
  this.timeout(20_000);
  let server: http.Server;
  let url: string;
  let reply: (path: string, res: http.ServerResponse) => void = () => undefined;

  before(async () => {
    server = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => reply(req.url ?? '', res));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const ollama = () => new OllamaBackend({ host: url, model: 'm', numCtx: 2048, keepAlive: '5m', requestTimeoutMs: 10_000, allowRemoteHost: false });
  const openai = () => new OpenAiBackend({ baseUrl: `${url}/v1`, model: 'm', apiKey: KEY, requestTimeoutMs: 10_000, allowRemoteHost: false });

  const answer = (status: number, type: string, body: string) => (_: string, res: http.ServerResponse) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  };
  const ndjson = (...lines: object[]) => answer(200, 'application/x-ndjson', lines.map((l) => JSON.stringify(l) + '\n').join(''));
  const sse = (...events: string[]) => answer(200, 'text/event-stream', events.join(''));
  const piece = { choices: [{ index: 0, delta: { content: 'x' }, text: 'x', finish_reason: null }] };

  for (const [name, request] of [
    ['generate', GENERATE],
    ['chat', CHAT],
  ] as const) {
    describe(`Ollama ${name}`, () => {
      it('HTTP error with a JSON body', async () => {
        reply = answer(500, 'application/json', JSON.stringify({ error: LEAKY }));
        const err = await modelError(ollama().generate(request, never()));
        assert.equal(err.kind, 'server-error');
        assert.equal(err.status, 500);
        assert.match(err.message, /^Ollama answered 500: /);
        assertClean(err.message, OLLAMA_SECRETS);
      });
      it('HTTP error with a plain-text body', async () => {
        reply = answer(503, 'text/plain', LEAKY);
        const err = await modelError(ollama().generate(request, never()));
        assert.match(err.message, /^Ollama answered 503: /);
        assertClean(err.message, OLLAMA_SECRETS);
      });
      it('error inside the stream', async () => {
        reply = ndjson({ model: 'm', response: 'x', message: { role: 'assistant', content: 'x' }, done: false }, { error: LEAKY });
        const err = await modelError(ollama().generate(request, never()));
        assert.equal(err.kind, 'server-error');
        assert.match(err.message, /^Ollama reported an error: /);
        assertClean(err.message, OLLAMA_SECRETS);
      });
      it('a harmless message passes unchanged', async () => {
        reply = answer(500, 'application/json', JSON.stringify({ error: HARMLESS }));
        assert.equal((await modelError(ollama().generate(request, never()))).message, `Ollama answered 500: ${HARMLESS}`);
        reply = ndjson({ error: HARMLESS });
        assert.equal((await modelError(ollama().generate(request, never()))).message, `Ollama reported an error: ${HARMLESS}`);
      });
    });

    describe(`OpenAI-compatible ${name}`, () => {
      it('HTTP error with {"error": {"message"}}', async () => {
        reply = answer(400, 'application/json', JSON.stringify({ error: { message: LEAKY, type: 'invalid_request_error' } }));
        const err = await modelError(openai().generate(request, never()));
        assert.equal(err.kind, 'server-error');
        assert.equal(err.status, 400);
        assert.match(err.message, new RegExp(`^The server at ${url}/v1 answered 400: `));
        assertClean(err.message);
      });
      it('HTTP error with a plain-text body', async () => {
        reply = answer(500, 'text/plain', LEAKY);
        const err = await modelError(openai().generate(request, never()));
        assert.match(err.message, /answered 500: /);
        assertClean(err.message);
      });
      it('401 with the key quoted back', async () => {
        reply = answer(401, 'application/json', JSON.stringify({ error: { message: `invalid request: Incorrect API key provided: ${KEY}` } }));
        const err = await modelError(openai().generate(request, never()));
        assert.match(err.message, /refused the API key \(401: invalid request: Incorrect API key provided: \[redacted\]\)/);
        assertClean(err.message);
      });
      it('a validation error that echoes the input (vLLM/FastAPI detail list, raw JSON)', async () => {
        const input = request.kind === 'generate' ? request.prompt : request.messages;
        reply = answer(
          422,
          'application/json',
          JSON.stringify({ detail: [{ type: 'invalid request', loc: ['body', 'max_tokens'], msg: 'invalid request: too big', input }] }),
        );
        let err = await modelError(openai().generate(request, never()));
        assert.match(err.message, /answered 422: body\.max_tokens: invalid request: too big$/);
        assertClean(err.message);
        // The same echo in a body that is not parsed (TGI-style text): cut as request text.
        reply = answer(422, 'text/plain', `invalid request: ${JSON.stringify({ input })}`);
        err = await modelError(openai().generate(request, never()));
        assert.match(err.message, /\[note text\]/);
        assertClean(err.message);
      });
      it('error event inside the stream (data: {"error"})', async () => {
        reply = sse(`data: ${JSON.stringify(piece)}\n\n`, `data: ${JSON.stringify({ error: { message: LEAKY } })}\n\n`);
        const err = await modelError(openai().generate(request, never()));
        assert.equal(err.kind, 'server-error');
        assert.match(err.message, /reported an error: /);
        assertClean(err.message);
      });
      it("llama.cpp's error: line inside the stream", async () => {
        reply = sse(`data: ${JSON.stringify(piece)}\n\n`, `error: ${JSON.stringify({ error: { code: 500, message: LEAKY, type: 'server_error' } })}\n\n`);
        const err = await modelError(openai().generate(request, never()));
        assert.match(err.message, /reported an error: /);
        assertClean(err.message);
      });
      it('a broken stream that quotes the note is cut too', async () => {
        reply = sse(`data: ${JSON.stringify(piece)}\n\n`, `invalid request ${NOTE}\n\n`);
        const err = await modelError(openai().generate(request, never()));
        assert.equal(err.kind, 'bad-response');
        assertClean(err.message);
      });
      it('a harmless message passes unchanged', async () => {
        reply = answer(503, 'application/json', JSON.stringify({ error: { message: HARMLESS } }));
        assert.equal((await modelError(openai().generate(request, never()))).message, `The server at ${url}/v1 answered 503: ${HARMLESS}`);
        reply = sse(`data: ${JSON.stringify({ error: { message: HARMLESS } })}\n\n`);
        assert.equal((await modelError(openai().generate(request, never()))).message, `The server at ${url}/v1 reported an error: ${HARMLESS}`);
      });
    });
  }

  it('a short echo with its case changed, and a json.dumps echo, are cut (both backends)', async () => {
    const body = `invalid request: unknown patient 'MR. JONES'; input=${JSON.stringify(NOTE.replace(/ /g, '  '))}`;
    for (const request of [GENERATE, CHAT]) {
      reply = answer(400, 'text/plain', body);
      for (const err of [await modelError(ollama().generate(request, never())), await modelError(openai().generate(request, never()))]) {
        assertClean(err.message);
        assert.ok(!/jones/i.test(err.message), err.message);
        assert.match(err.message, /invalid request: unknown patient '\[note text\]/);
      }
    }
  });

  it('embedding errors that echo the sentences are cut (both backends)', async () => {
    const texts = [NOTE, 'Ann Lee denies chest pain.'];
    reply = answer(500, 'application/json', JSON.stringify({ error: `invalid request: cannot embed ${JSON.stringify(texts)} for Ann Lee` }));
    const o = new OllamaBackend({ ...ollama().settings, embeddingModel: 'e' });
    const p = new OpenAiBackend({ ...openai().settings, embeddingModel: 'e' });
    for (const err of [await modelError(o.embed(texts, never())), await modelError(p.embed(texts, never()))]) {
      assertClean(err.message);
      assert.ok(!err.message.includes('Ann Lee') && !err.message.includes('chest pain'), err.message);
    }
  });

  it('an Ollama stream line that is not JSON ends the answer, redacted, and is not printed', async () => {
    const warned: unknown[][] = [];
    const warn = console.warn;
    console.warn = (...args: unknown[]) => void warned.push(args);
    try {
      for (const request of [GENERATE, CHAT]) {
        const good = JSON.stringify({ model: 'm', response: 'x', message: { role: 'assistant', content: 'x' }, done: false });
        reply = answer(200, 'application/x-ndjson', `${good}\n\n${LEAKY}\n${good}\n`);
        const err = await modelError(ollama().generate(request, never()));
        assert.equal(err.kind, 'bad-response');
        assert.match(err.message, /^Ollama sent a line that is not JSON \(\d+ characters: invalid request/);
        assertClean(err.message, OLLAMA_SECRETS);
      }
    } finally {
      console.warn = warn;
    }
    assert.deepEqual(warned, [], 'the client printed nothing');
  });

  it('Ollama pull: an in-stream error is redacted', async () => {
    reply = ndjson({ status: 'pulling manifest' }, { error: LEAKY });
    const err = await modelError(ollama().pull('m', () => undefined));
    assert.match(err.message, /^Pulling m failed: invalid request/);
    for (const s of OLLAMA_SECRETS) assert.ok(!err.message.includes(s), err.message);
  });

  it('probes: error bodies of /api/tags and /v1/models are redacted', async () => {
    reply = answer(500, 'application/json', JSON.stringify({ error: LEAKY }));
    const o = await ollama().probe();
    assert.ok(o.error);
    assert.match(o.error.message, /answered 500: invalid request/);
    for (const s of OLLAMA_SECRETS) assert.ok(!o.error.message.includes(s), o.error.message);
    const p = await openai().probe();
    assert.ok(p.error);
    assert.match(p.error.message, /answered 500: invalid request/);
    for (const s of SECRETS) assert.ok(!p.error.message.includes(s), p.error.message);
  });
});
