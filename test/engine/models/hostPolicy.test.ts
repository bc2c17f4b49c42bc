import * as assert from 'node:assert/strict';
import { checkHost, hostname, isLoopbackHost, refusalReason, resolvedRefusal, Resolver } from '../../../server/src/engine/models/hostPolicy';
import { OllamaBackend } from '../../../server/src/engine/models/ollama';
import { OpenAiBackend } from '../../../server/src/engine/models/openai';
import { ModelError, ModelRequest } from '../../../server/src/engine/types';
import { MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';

describe('hostPolicy: hostname', () => {
  it('extracts the host name, with or without a scheme, lower case, without brackets', () => {
    assert.equal(hostname('http://127.0.0.1:11434'), '127.0.0.1');
    assert.equal(hostname('127.0.0.1:11434'), '127.0.0.1');
    assert.equal(hostname('http://LocalHost:11434/'), 'localhost');
    assert.equal(hostname('http://[::1]:11434'), '::1');
    assert.equal(hostname('https://ollama.example.com'), 'ollama.example.com');
  });

  it('returns undefined for something that is not a URL', () => {
    assert.equal(hostname('http://'), undefined);
    assert.equal(hostname('http://exa mple.com'), undefined);
  });
});

describe('hostPolicy: isLoopbackHost', () => {
  const loopback = [
    'http://127.0.0.1:11434',
    'http://127.0.0.1',
    '127.0.0.1:11434',
    'http://127.1.2.3:8080',
    'http://localhost:11434',
    'localhost',
    'http://LOCALHOST:11434',
    'http://ollama.localhost:11434',
    'http://[::1]:11434',
    '[::1]:11434',
    'http://[0:0:0:0:0:0:0:1]:11434',
  ];
  for (const h of loopback) {
    it(`${h} is on this machine`, () => assert.equal(isLoopbackHost(h), true));
  }

  it('http://[::ffff:127.0.0.1]:11434 (IPv4-mapped loopback) is on this machine', () => {
    assert.equal(isLoopbackHost('http://[::ffff:127.0.0.1]:11434'), true);
  });

  const remote = [
    'http://10.0.0.5:11434',
    '10.0.0.5',
    'http://example.com:11434',
    'example.com',
    'http://192.168.1.2:11434',
    'https://ollama.example.com',
    'http://localhost.example.com:11434',
    'http://127.0.0.1.example.com:11434',
    'http://[::2]:11434',
    'http://[::ffff:10.0.0.5]:11434',
    'http://localhost@evil.example.com:11434',
    'http://0.0.0.0:11434',
  ];
  for (const h of remote) {
    it(`${h} is not on this machine`, () => assert.equal(isLoopbackHost(h), false));
  }

  it('an invalid URL is not loopback', () => {
    assert.equal(isLoopbackHost('http://'), false);
  });
});

describe('hostPolicy: refusalReason', () => {
  it('allows loopback hosts without the opt-in', () => {
    assert.equal(refusalReason('http://127.0.0.1:11434', false), undefined);
    assert.equal(refusalReason('http://localhost:11434', false), undefined);
    assert.equal(refusalReason('http://[::1]:11434', false), undefined);
  });

  it('refuses a remote host without the opt-in, naming PHI and the setting', () => {
    for (const h of ['http://10.0.0.5:11434', 'http://example.com', 'http://192.168.1.2:11434']) {
      const reason = refusalReason(h, false);
      assert.ok(reason, h);
      assert.match(reason, /protected health information/);
      assert.match(reason, /biomedNlp\.allowRemoteHost/);
      assert.ok(reason.includes(h), 'names the host');
    }
  });

  it('allows a remote host when the user opted in', () => {
    assert.equal(refusalReason('http://10.0.0.5:11434', true), undefined);
    assert.equal(refusalReason('https://example.com', true), undefined);
  });

  it('refuses an invalid URL even with the opt-in', () => {
    for (const allow of [false, true]) {
      const reason = refusalReason('http://', allow);
      assert.ok(reason);
      assert.match(reason, /not a valid URL/);
    }
  });
});

describe('hostPolicy: a localhost name is checked by the addresses it resolves to', function () {
  this.timeout(20_000);
  /** A resolver as /etc/hosts or a DNS server might answer: `evil.localhost` pointed elsewhere. */
  const resolver: Resolver = async (name) => {
    if (name === 'evil.localhost') return [{ address: '10.1.2.3', family: 4 }];
    if (name === 'mixed.localhost')
      return [
        { address: '127.0.0.1', family: 4 },
        { address: '2001:db8::1', family: 6 },
      ];
    if (name === 'ollama.localhost')
      return [
        { address: '127.0.0.1', family: 4 },
        { address: '::1', family: 6 },
      ];
    throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
  };

  it('every address loopback: allowed; one that is not: refused, naming the address; with the opt-in: not looked up', async () => {
    assert.equal(await resolvedRefusal('http://ollama.localhost:11434', false, resolver), undefined);
    assert.match((await resolvedRefusal('http://evil.localhost:11434', false, resolver)) ?? '', /evil\.localhost resolves to 10\.1\.2\.3.*not on this machine/);
    assert.match((await resolvedRefusal('http://mixed.localhost:11434', false, resolver)) ?? '', /resolves to 2001:db8::1/);
    let asked = 0;
    assert.equal(await resolvedRefusal('http://evil.localhost:11434', true, async () => (asked++, [])), undefined);
    assert.equal(asked, 0);
    // Addresses as written are not looked up; other names are refused by spelling.
    assert.equal(await resolvedRefusal('http://127.0.0.1:11434', false, resolver), undefined);
    assert.match((await resolvedRefusal('http://example.com', false, resolver)) ?? '', /Refusing/);
    await assert.rejects(resolvedRefusal('http://nowhere.localhost', false, resolver), /ENOTFOUND/);
  });

  it('the system resolver: localhost is this machine', async () => {
    assert.equal(await resolvedRefusal('http://localhost:11434', false), undefined);
  });

  describe('through the backends, over HTTP', () => {
    let server: OllamaTestServer;
    before(async () => (server = await OllamaTestServer.start()));
    after(async () => server.stop());
    const request: ModelRequest = { kind: 'generate', prompt: 'anything', raw: true, stop: [], numPredict: 8 };

    it('Ollama at http://localhost:PORT answers; at evil.localhost (resolving elsewhere) nothing is sent', async () => {
      const settings = { model: MEDTUNED_MODEL.name, numCtx: 4096, keepAlive: '5m', requestTimeoutMs: 10_000, allowRemoteHost: false };
      const local = new OllamaBackend({ ...settings, host: `http://localhost:${server.port}`, resolve: async () => [{ address: '127.0.0.1', family: 4 }] });
      assert.equal((await local.probe()).modelPresent, true);
      const before = server.requests.length;
      const evil = new OllamaBackend({ ...settings, host: `http://evil.localhost:${server.port}`, resolve: resolver });
      await assert.rejects(
        evil.generate(request, new AbortController().signal),
        (err: ModelError) => err.kind === 'remote-refused' && /10\.1\.2\.3/.test(err.message),
      );
      const probe = await evil.probe();
      assert.equal(probe.error?.kind, 'remote-refused');
      assert.equal(server.requests.length, before, 'no request reached the server');
    });

    it('OpenAI-compatible at evil.localhost: refused before connecting', async () => {
      const before = server.requests.length;
      const evil = new OpenAiBackend({
        baseUrl: `http://evil.localhost:${server.port}/v1`,
        model: MEDTUNED_MODEL.name,
        requestTimeoutMs: 10_000,
        allowRemoteHost: false,
        resolve: resolver,
      });
      await assert.rejects(evil.generate(request, new AbortController().signal), (err: ModelError) => err.kind === 'remote-refused');
      assert.equal(server.requests.length, before);
    });

    // The address checked is the address connected to: a second lookup could answer with an
    // address the host policy never saw. `pinned.localhost` is known only to the injected
    // resolver (the system's answers ENOTFOUND here, or loopback addresses where it
    // synthesises *.localhost): a connection that looked the name up again
    // would not reach the test server on 127.0.0.1, or not the address that was checked.
    const pinned =
      (calls: string[]): Resolver =>
      async (name) => {
        calls.push(name);
        if (name !== 'pinned.localhost') throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${name}`), { code: 'ENOTFOUND' });
        return [{ address: '127.0.0.1', family: 4 }];
      };

    it('Ollama and OpenAI-compatible at pinned.localhost: connect to the address the resolver gave and was checked, Host header kept, one lookup per request', async () => {
      const calls: string[] = [];
      const host = `pinned.localhost:${server.port}`;
      const settings = { model: MEDTUNED_MODEL.name, numCtx: 4096, keepAlive: '5m', requestTimeoutMs: 10_000, allowRemoteHost: false, resolve: pinned(calls) };
      const before = server.requests.length;
      assert.equal((await new OllamaBackend({ ...settings, host: `http://${host}` }).probe()).modelPresent, true);
      assert.equal((await new OpenAiBackend({ ...settings, baseUrl: `http://${host}/v1` }).probe()).modelPresent, true);
      const reached = server.requests.slice(before);
      assert.ok(reached.some((r) => r.path.startsWith('/api/')) && reached.some((r) => r.path.startsWith('/v1/')), JSON.stringify(reached));
      assert.deepEqual(new Set(reached.map((r) => r.host)), new Set([host]));
      assert.deepEqual(
        calls,
        reached.map(() => 'pinned.localhost'),
      );
    });
  });

  it('checkHost: the lookup it hands the connection answers only the addresses it checked, however it is asked', async () => {
    const resolve: Resolver = async () => [
      { address: '::1', family: 6 },
      { address: '127.0.0.2', family: 4 },
    ];
    const { refused, lookup } = await checkHost('http://two.localhost:1', false, resolve);
    assert.equal(refused, undefined);
    const ask = (options: object) =>
      new Promise<unknown>((res, rej) =>
        lookup!('two.localhost', options, (err, address, family) => (err ? rej(err) : res(family === undefined ? address : [address, family]))),
      );
    assert.deepEqual(await ask({ all: true }), [
      { address: '::1', family: 6 },
      { address: '127.0.0.2', family: 4 },
    ]);
    assert.deepEqual(await ask({ family: 4 }), ['127.0.0.2', 4]);
    assert.deepEqual(await ask({}), ['::1', 6]);
    // Addresses as written, and names the user allowed, are connected to as usual.
    assert.equal((await checkHost('http://127.0.0.1:1', false, resolve)).lookup, undefined);
    assert.equal((await checkHost('http://two.localhost:1', true, resolve)).lookup, undefined);
  });
});
