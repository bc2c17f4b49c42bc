/**
 * Model-server backends never follow redirects: a 3xx answer from the
 * model server is a ModelError naming both URLs, and the address it points to receives
 * nothing, for every request the Ollama and OpenAI-compatible backends make. Real HTTP:
 * two small node:http servers on 127.0.0.1, one redirecting, one recording.
 */
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { Probe } from '../../../server/src/engine/models/backend';
import { OllamaBackend } from '../../../server/src/engine/models/ollama';
import { OpenAiBackend } from '../../../server/src/engine/models/openai';
import { ModelError, ModelRequest } from '../../../server/src/engine/types';

interface Seen {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

interface Tiny {
  url: string;
  seen: Seen[];
  close(): Promise<void>;
}

/** A server on 127.0.0.1 that records every request and answers with `handle`. */
async function tiny(handle: (req: Seen, res: http.ServerResponse) => void): Promise<Tiny> {
  const seen: Seen[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(s);
      handle(s, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Answers as a working Ollama / OpenAI-compatible server would: if anything reached it, a redirect was followed. */
function helpfulServer(req: Seen, res: http.ServerResponse): unknown {
  const json = (body: unknown) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };
  if (req.url.endsWith('/api/tags')) return json({ models: [{ name: 'm:latest', size: 1, details: {} }] });
  if (req.url.endsWith('/models')) return json({ object: 'list', data: [{ id: 'm' }] });
  if (req.url.endsWith('/api/pull')) {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    return res.end(JSON.stringify({ status: 'success' }) + '\n');
  }
  if (req.url.startsWith('/api/')) {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    return res.end(JSON.stringify({ model: 'm', response: 'x', message: { role: 'assistant', content: 'x' }, done: true, done_reason: 'stop' }) + '\n');
  }
  json({ choices: [{ index: 0, text: 'x', message: { role: 'assistant', content: 'x' }, finish_reason: 'stop' }] });
}

const NOTE = 'Patient with type 2 diabetes mellitus and stage 3 chronic kidney disease, on metformin 500 mg twice daily.';
const GENERATE: ModelRequest = {
  kind: 'generate',
  prompt: `### Instruction: find entities\n ### Input: ${NOTE}\n ### Output:`,
  raw: true,
  stop: [],
  numPredict: 32,
};
const CHAT: ModelRequest = {
  kind: 'chat',
  messages: [
    { role: 'system', content: 'Find the entities.' },
    { role: 'user', content: NOTE },
  ],
  format: { type: 'object' },
  numPredict: 32,
};
const KEY = 'my-local-secret-123';
const never = () => new AbortController().signal;

async function modelError(p: Promise<unknown>): Promise<ModelError> {
  try {
    await p;
  } catch (err) {
    assert.ok(err instanceof ModelError, `a ModelError, got ${err}`);
    return err;
  }
  assert.fail('expected a ModelError');
}

describe('model-server backends follow no redirect', function () {
  this.timeout(20_000);
  let target: Tiny;
  let redirector: Tiny;
  /** The status the redirector answers, and where it points (absolute, or a path on itself). */
  let status = 307;
  let location: (req: Seen) => string;

  before(async () => {
    target = await tiny(helpfulServer);
    redirector = await tiny((req, res) => {
      if (req.url.startsWith('/elsewhere')) return helpfulServer(req, res);
      res.writeHead(status, { location: location(req), 'content-type': 'text/plain' });
      res.end('moved');
    });
  });
  after(async () => {
    await target.close();
    await redirector.close();
  });
  beforeEach(() => {
    target.seen.length = 0;
    redirector.seen.length = 0;
    status = 307;
    location = (req) => `${target.url}${req.url}`;
  });

  const ollama = () => new OllamaBackend({ host: redirector.url, model: 'm', numCtx: 2048, keepAlive: '5m', requestTimeoutMs: 10_000, allowRemoteHost: false });
  const openai = (over: { allowRemoteHost?: boolean } = {}) =>
    new OpenAiBackend({ baseUrl: `${redirector.url}/v1`, model: 'm', apiKey: KEY, requestTimeoutMs: 10_000, allowRemoteHost: false, ...over });

  /** Every request the two backends make, with the path it goes to first. */
  const operations: { name: string; path: string; run: () => Promise<unknown> }[] = [
    { name: 'Ollama generate', path: '/api/generate', run: () => ollama().generate(GENERATE, never()) },
    { name: 'Ollama chat', path: '/api/chat', run: () => ollama().generate(CHAT, never()) },
    { name: 'Ollama list', path: '/api/tags', run: () => ollama().listModels() },
    { name: 'Ollama pull', path: '/api/pull', run: () => ollama().pull('m', () => undefined) },
    { name: 'OpenAI completions', path: '/v1/completions', run: () => openai().generate(GENERATE, never()) },
    { name: 'OpenAI chat', path: '/v1/chat/completions', run: () => openai().generate(CHAT, never()) },
    { name: 'OpenAI models', path: '/v1/models', run: () => openai().listModels() },
  ];

  for (const code of [301, 302, 303, 307, 308]) {
    for (const op of operations) {
      it(`${op.name}: a ${code} to another origin is an error naming both URLs; the target receives nothing`, async () => {
        status = code;
        const err = await modelError(op.run());
        assert.equal(err.kind, 'server-error', err.message);
        assert.equal(err.status, code);
        const from = `${redirector.url}${op.path}`;
        const to = `${target.url}${op.path}`;
        assert.ok(err.message.includes(`The model server at ${from} redirected to ${to}; not followed`), err.message);
        assert.equal(target.seen.length, 0, 'the redirect target was contacted');
        assert.deepEqual(
          redirector.seen.map((s) => s.url),
          [op.path],
        );
        // The note text went only where it was configured to go.
        if (op.name.includes('generate') || op.name.includes('chat') || op.name.includes('completions')) {
          assert.ok(redirector.seen[0].body.includes('type 2 diabetes mellitus'));
        }
      });
    }
  }

  for (const [name, probe, path] of [
    ['Ollama', () => ollama().probe(), '/api/tags'],
    ['OpenAI-compatible', () => openai().probe(), '/v1/models'],
  ] as const) {
    it(`${name} probe: a redirect is reported as such, not as an unreachable server`, async () => {
      status = 308;
      const p: Probe = await probe();
      assert.equal(p.reachable, true);
      assert.equal(p.modelPresent, false);
      assert.ok(p.error);
      assert.equal(p.error.kind, 'server-error');
      assert.match(p.error.message, new RegExp(`redirected to ${target.url}${path}; not followed`));
      assert.equal(target.seen.length, 0);
    });
  }

  it('a redirect to the same origin is not followed either', async () => {
    location = () => '/elsewhere/v1/chat/completions';
    for (const op of operations) {
      redirector.seen.length = 0;
      const err = await modelError(op.run());
      assert.match(err.message, new RegExp(`redirected to ${redirector.url}/elsewhere/v1/chat/completions; not followed`), op.name);
      assert.deepEqual(
        redirector.seen.map((s) => s.url),
        [op.path],
        op.name,
      );
    }
  });

  it('a redirect to a remote host is not followed even with allowRemoteHost, and the key does not travel', async () => {
    // 192.0.2.0/24 is TEST-NET-1: nothing answers there; a followed redirect would hang or fail to connect.
    location = (req) => `http://192.0.2.1:9${req.url}?api_key=${KEY}&x=1`;
    const err = await modelError(openai({ allowRemoteHost: true }).generate(CHAT, never()));
    assert.equal(err.kind, 'server-error');
    assert.match(err.message, /redirected to http:\/\/192\.0\.2\.1:9\/v1\/chat\/completions\?api_key=\[redacted\]&x=1; not followed/);
    assert.ok(!err.message.includes(KEY));
    assert.equal(redirector.seen.length, 1);
    assert.equal(redirector.seen[0].headers.authorization, `Bearer ${KEY}`);
  });

  it('a 3xx without a Location is an error too, and says so', async () => {
    status = 302;
    location = () => '';
    const err = await modelError(ollama().generate(CHAT, never()));
    assert.equal(err.kind, 'server-error');
    assert.match(err.message, /redirected to an address it did not name/);
  });

  it('a working server is still used (no redirect: nothing changes)', async () => {
    const direct = new OpenAiBackend({ baseUrl: `${target.url}/v1`, model: 'm', apiKey: KEY, requestTimeoutMs: 10_000, allowRemoteHost: false });
    assert.deepEqual(await direct.listModels(), ['m']);
    const o = new OllamaBackend({ host: target.url, model: 'm', numCtx: 2048, keepAlive: '5m', requestTimeoutMs: 10_000, allowRemoteHost: false });
    assert.equal((await o.generate(GENERATE, never())).text, 'x');
    assert.deepEqual(await o.probe(), { reachable: true, modelPresent: true, error: undefined });
  });
});
