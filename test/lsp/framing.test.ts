/**
 * dist/server.js over stdio, sent a message whose framing is broken (no
 * Content-Length, one that is not a number, a header line without ':', a length that cuts
 * the body short). The stream cannot be resynchronised: the server says why on stderr,
 * without quoting the message, and exits with status 1 instead of hanging. (A length that
 * cuts the body short first delivers a body that is not JSON, answered with a parse error
 * that the server survives (malformedMessages.test.ts); the bytes left over are then not a
 * header, and that is what ends the stream.)
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { SERVER_JS } from '../support/lspClient';

const BODY = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { processId: null, rootUri: null, capabilities: {}, note: 'chest pain secret' },
});

const framed = (m: object) => `Content-Length: ${Buffer.byteLength(JSON.stringify(m))}\r\n\r\n${JSON.stringify(m)}`;

function run(bytes: string, end = false): Promise<{ code: number | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let stdout = '';
    proc.stderr.on('data', (d) => (stderr += d));
    proc.stdout.on('data', (d) => (stdout += d));
    // Generous: it exits at once; a hang is what this catches.
    const timer = setTimeout(() => {
      proc.kill();
      reject(new Error(`still running after 20 s; stderr: ${stderr}`));
    }, 20_000);
    proc.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, stdout });
    });
    proc.stdin.on('error', () => undefined);
    proc.stdin.write(bytes);
    if (end) proc.stdin.end();
  });
}

describe('LSP over stdio: a broken Content-Length framing ends the server', function () {
  this.timeout(30_000);
  const cases: [string, string, RegExp, string?][] = [
    ['no Content-Length header', `Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n${BODY}`, /must provide a Content-Length/],
    ['a Content-Length that is not a number', `Content-Length: many\r\n\r\n${BODY}`, /Content-Length value must be a number/],
    ['a header line without a colon', `Length ${BODY.length}\r\n\r\n${BODY}`, /separate key and value/],
    [
      'a Content-Length shorter than the body',
      `Content-Length: 20\r\n\r\n${BODY}`,
      /not a header: a Content-Length did not match its body/,
      framed({ jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error: the message body is not JSON' } }),
    ],
  ];
  it('a Content-Length longer than what is sent: the server waits for the rest, and exits (1, no shutdown asked) when the client closes the stream', async () => {
    const r = await run(`Content-Length: ${BODY.length + 100}\r\n\r\n${BODY}`, true);
    assert.equal(r.code, 1, r.stderr);
    assert.equal(r.stdout, '');
  });

  it('initialize, shutdown, then the stream closes: exit 0', async () => {
    const proc = spawn(process.execPath, [SERVER_JS, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    const exited = new Promise<number | null>((resolve) => proc.on('exit', resolve));
    proc.stdout.on('data', (d) => {
      stdout += d;
      // The shutdown's answer: the client may close the stream now.
      if (stdout.includes('"id":2')) proc.stdin.end();
    });
    proc.stdin.write(`Content-Length: ${Buffer.byteLength(BODY)}\r\n\r\n${BODY}` + framed({ jsonrpc: '2.0', id: 2, method: 'shutdown' }));
    const timer = setTimeout(() => proc.kill(), 20_000);
    assert.equal(await exited, 0, stdout.slice(0, 500));
    clearTimeout(timer);
  });

  for (const [name, bytes, reason, answered = ''] of cases) {
    it(`${name}: exit 1, the reason on stderr, nothing of the message quoted`, async () => {
      const r = await run(bytes);
      assert.equal(r.code, 1, r.stderr);
      assert.match(r.stderr, /the message stream from the client is broken/);
      assert.match(r.stderr, reason);
      assert.doesNotMatch(r.stderr, /chest pain/);
      assert.equal(r.stdout, answered);
    });
  }
});
