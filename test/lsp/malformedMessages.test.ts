/**
 * dist/server.js over stdio, sent messages that are framed well but malformed, as raw bytes
 * (and a Content-Length longer than its body: that body is dropped, framedReader.test.ts). JSON-RPC 2.0: a body that is not JSON is answered with a parse
 * error (-32700), one that is not a request object with an invalid request (-32600, with
 * the request's id when it has one), a malformed notification is dropped; the server goes
 * on serving (a normal request is answered after each, and it exits 0 after shutdown).
 * Broken framing is framing.test.ts.
 */
import * as assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import { SERVER_JS } from '../support/lspClient';

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const msg = (m: object) => frame(JSON.stringify(m));
const INITIALIZE = msg({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
const SHUTDOWN = msg({ jsonrpc: '2.0', id: 'last', method: 'shutdown' });

interface Response {
  id: string | number | null;
  result?: unknown;
  error?: { code: number; message: string };
}

/** The server over stdio, its answers parsed from the framed bytes on stdout. */
class RawSession {
  readonly answers: Response[] = [];
  /** What the server logged (window/logMessage). */
  readonly logs: string[] = [];
  stderr = '';
  private stdout = Buffer.alloc(0);
  private readonly exit: Promise<number | null>;
  private waiting: (() => void)[] = [];

  private constructor(private readonly proc: ChildProcess) {
    proc.stderr!.on('data', (d) => (this.stderr += String(d)));
    proc.stdout!.on('data', (d: Buffer) => this.read(d));
    proc.stdin!.on('error', () => undefined);
    this.exit = new Promise((resolve) => proc.on('exit', resolve));
  }

  static start(): RawSession {
    return new RawSession(spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] }));
  }

  write(bytes: string): void {
    this.proc.stdin!.write(bytes);
  }

  /** Waits for the answer with this id (the server is still serving if it comes). */
  async answer(id: string | number | null): Promise<Response> {
    for (;;) {
      const found = this.answers.find((a) => a.id === id);
      if (found) return found;
      await new Promise<void>((resolve, reject) => {
        this.waiting.push(resolve);
        void this.exit.then((code) => reject(new Error(`the server exited (${code}) before answering ${id}; stderr: ${this.stderr}`)));
      });
    }
  }

  /** Asks for shutdown, closes the stream and returns the exit status. */
  async finish(): Promise<number | null> {
    this.write(SHUTDOWN);
    assert.equal((await this.answer('last')).result, null);
    this.proc.stdin!.end();
    return this.exit;
  }

  private read(data: Buffer): void {
    this.stdout = Buffer.concat([this.stdout, data]);
    for (;;) {
      const end = this.stdout.indexOf('\r\n\r\n');
      if (end < 0) break;
      const length = Number(/Content-Length: (\d+)/.exec(this.stdout.subarray(0, end).toString())![1]);
      if (this.stdout.length < end + 4 + length) break;
      const body = JSON.parse(this.stdout.subarray(end + 4, end + 4 + length).toString()) as Response & { method?: string; params?: { message?: string } };
      if (body.method === 'window/logMessage') this.logs.push(String(body.params?.message));
      this.stdout = this.stdout.subarray(end + 4 + length);
      // The server's own requests and notifications (log messages, registrations) are not answers.
      if (body.method === undefined) this.answers.push(body);
    }
    for (const resolve of this.waiting.splice(0)) resolve();
  }
}

describe('LSP over stdio: a malformed message is answered or dropped, and the server goes on', function () {
  this.timeout(60_000);

  /** Sends `bytes` between initialize and shutdown; returns the answers that were neither. */
  async function around(bytes: string): Promise<{ answers: Response[]; stderr: string; logs: string[] }> {
    const s = RawSession.start();
    s.write(INITIALIZE);
    assert.ok((await s.answer(1)).result, 'initialize answered');
    s.write(bytes);
    assert.equal(await s.finish(), 0, s.stderr);
    return { answers: s.answers.filter((a) => a.id !== 1 && a.id !== 'last'), stderr: s.stderr, logs: s.logs };
  }

  it('a $/cancelRequest with null params, or params without an id, is dropped without an answer', async () => {
    const r = await around(
      msg({ jsonrpc: '2.0', method: '$/cancelRequest', params: null }) +
        msg({ jsonrpc: '2.0', method: '$/cancelRequest', params: {} }) +
        msg({ jsonrpc: '2.0', method: '$/cancelRequest', params: { id: [1] } }) +
        msg({ jsonrpc: '2.0', method: '$/cancelRequest' }),
    );
    assert.deepEqual(r.answers, []);
    assert.match(r.stderr, /dropped a \$\/cancelRequest whose params are null; 1 malformed message so far, still serving/);
  });

  it('a workspace/didChangeConfiguration with null params reads the settings again; no handler fails', async () => {
    const r = await around(msg({ jsonrpc: '2.0', method: 'workspace/didChangeConfiguration', params: null }));
    assert.deepEqual(r.answers, []);
    assert.deepEqual(
      r.logs.filter((l) => /failed/i.test(l)),
      [],
    );
  });

  it('a body that is a JSON primitive, null or an array is answered with an invalid-request error and a null id', async () => {
    const bodies = ['42', '"chest pain"', 'true', 'null', '[1,2]', '[]'];
    const r = await around(bodies.map(frame).join(''));
    assert.equal(r.answers.length, bodies.length);
    for (const a of r.answers) {
      assert.equal(a.id, null);
      assert.equal(a.error?.code, -32600);
    }
    assert.doesNotMatch(r.stderr, /chest pain/);
  });

  it('a well-framed body that is not JSON is answered with a parse error, without quoting it', async () => {
    const r = await around(frame('{"jsonrpc":"2.0","id":3,"method":"chest pain') + frame('') + frame('\u00e9t\u00e9 \u{1f600}'));
    assert.deepEqual(
      r.answers,
      [0, 1, 2].map(() => ({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: the message body is not JSON' } })),
    );
    assert.doesNotMatch(r.stderr, /chest pain/);
  });

  it('a request whose method or params are malformed is answered with an invalid-request error carrying its id', async () => {
    const r = await around(
      msg({ jsonrpc: '2.0', id: 7, method: 42 }) +
        msg({ jsonrpc: '2.0', id: 'eight', method: 'textDocument/hover', params: 'chest pain' }) +
        msg({ jsonrpc: '2.0', id: 9 }) +
        msg({ jsonrpc: '2.0', id: { nested: true }, method: 'shutdown' }),
    );
    assert.deepEqual(
      r.answers.map((a) => [a.id, a.error?.code]),
      [
        [7, -32600],
        ['eight', -32600],
        [9, -32600],
        [null, -32600],
      ],
    );
  });

  it('a notification whose method or params are malformed is dropped', async () => {
    const r = await around(msg({ jsonrpc: '2.0', method: 42 }) + msg({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: 5 }));
    assert.deepEqual(r.answers, []);
  });

  it('a storm of 20,000 malformed cancels: still serving, and the log says so a handful of times, not 20,000', async () => {
    const bad = [null, {}, 'x', { id: null }].map((params) => msg({ jsonrpc: '2.0', method: '$/cancelRequest', params }));
    const s = RawSession.start();
    s.write(INITIALIZE);
    await s.answer(1);
    // A normal request in the middle of the storm, answered.
    for (let i = 0; i < 5000; i++) {
      if (i === 2500) s.write(msg({ jsonrpc: '2.0', id: 'mid', method: 'workspace/executeCommand', params: { command: 'no-such-command' } }));
      s.write(bad.join(''));
    }
    assert.ok(await s.answer('mid'));
    assert.equal(await s.finish(), 0, s.stderr);
    assert.match(s.stderr, /10000 malformed messages so far/);
    assert.ok(s.stderr.split('\n').filter((l) => /malformed message/.test(l)).length <= 6, s.stderr);
    assert.deepEqual(
      s.answers.map((a) => a.id),
      [1, 'mid', 'last'],
    );
  });

  describe('a Content-Length longer than its body: dropped, answered with a parse error, and the next request answered', () => {
    const cut = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'workspace/executeCommand', params: { command: 'chest pain secret' } });
    const tooLong = `Content-Length: ${Buffer.byteLength(cut) + 100}\r\n\r\n${cut}`;
    const next = msg({ jsonrpc: '2.0', id: 'next', method: 'workspace/executeCommand', params: { command: 'no-such-command' } });
    const dropped = { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: the message body did not arrive whole' } };

    it('the request right behind it (inside its length): answered at once', async () => {
      const r = await around(tooLong + next);
      assert.deepEqual(r.answers[0], dropped);
      assert.deepEqual(
        r.answers.map((a) => a.id),
        [null, 'next'],
      );
      assert.match(r.stderr, /dropped a message whose body did not arrive whole \(a new message header came after \d+ of its \d+ bytes\)/);
      assert.doesNotMatch(r.stderr, /chest pain/);
    });

    it('the request after the time limit (5 s of silence): answered', async () => {
      const s = RawSession.start();
      s.write(INITIALIZE);
      await s.answer(1);
      s.write(tooLong);
      // The parse error comes when the body is dropped, at the time limit.
      assert.deepEqual(await s.answer(null), dropped);
      s.write(next);
      assert.ok(await s.answer('next'));
      assert.equal(await s.finish(), 0, s.stderr);
      assert.match(s.stderr, /dropped a message whose body did not arrive whole \(\d+ of its \d+ bytes came, then nothing for 5000 ms\)/);
      assert.doesNotMatch(s.stderr, /chest pain/);
    });
  });

  it('over IPC (how VS Code starts it) too: a null-params cancel and a primitive are handled, and the server answers on', async () => {
    const proc = spawn(process.execPath, [SERVER_JS, '--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    const answers: Response[] = [];
    let stderr = '';
    proc.stderr!.on('data', (d) => (stderr += String(d)));
    proc.on('message', (m: Response & { method?: string }) => {
      if (m.method === undefined) answers.push(m);
    });
    const exited = new Promise<never>((_, reject) => proc.on('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`))));
    const got = (id: string | number) =>
      Promise.race([
        exited,
        new Promise<Response>((resolve) => {
          const look = () => (answers.some((a) => a.id === id) ? resolve(answers.find((a) => a.id === id)!) : setTimeout(look, 20));
          look();
        }),
      ]);
    try {
      proc.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
      await got(1);
      proc.send({ jsonrpc: '2.0', method: '$/cancelRequest', params: null });
      proc.send(42);
      proc.send({ jsonrpc: '2.0', id: 'last', method: 'shutdown' });
      assert.equal((await got('last')).result, null);
      assert.deepEqual(
        answers.filter((a) => a.id === null).map((a) => a.error?.code),
        [-32600],
      );
    } finally {
      proc.kill();
    }
  });
});
