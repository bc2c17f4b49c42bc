import * as assert from 'node:assert/strict';
import { hostname, isLoopbackHost, refusalReason } from '../../../server/src/engine/models/hostPolicy';

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
