/**
 * The stdio reader (server/src/lsp/stdioReader.ts) given a Content-Length longer than its
 * body: the body is dropped, said so with lengths only, and the next well-formed message read,
 * whether it comes after the time limit or before it (its bytes then inside the too-long
 * body). Well-formed messages, however they are split or however slowly they come, are
 * untouched. The server process over stdio: malformedMessages.test.ts.
 */
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { PassThrough } from 'node:stream';
import { FramedMessageReader } from '../../server/src/lsp/stdioReader';

const frame = (body: string) => `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
const REQUEST = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'shutdown' });
/** A body with a secret in it, 100 bytes short of the Content-Length it is sent under. */
const CUT_BODY = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { note: 'chest pain secret' } });
const TOO_LONG = `Content-Length: ${Buffer.byteLength(CUT_BODY) + 100}\r\n\r\n${CUT_BODY}`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A reader over `input` (a PassThrough unless given) that records what it delivers and reports. */
function reading(bodyTimeoutMs: number, input: NodeJS.ReadableStream = new PassThrough()) {
  const got = { messages: [] as unknown[], incomplete: [] as string[], notJson: 0, errors: [] as string[] };
  const reader = new FramedMessageReader(
    input,
    () => got.notJson++,
    (err) => got.errors.push(String(err)),
    {
      bodyTimeoutMs,
      onIncomplete: (detail) => got.incomplete.push(detail),
    },
  );
  reader.onError((err) => got.errors.push(err.message));
  const listening = reader.listen((m) => got.messages.push(m));
  /** Resolves once `n` messages were delivered (fails after `ms`). */
  const delivered = async (n: number, ms = 5000) => {
    for (const start = Date.now(); got.messages.length < n; await sleep(5))
      if (Date.now() - start > ms) assert.fail(`${got.messages.length} of ${n} messages after ${ms} ms: ${JSON.stringify(got)}`);
  };
  return { got, input: input as PassThrough, delivered, dispose: () => listening.dispose() };
}

describe('LSP stdio reader: a body that does not arrive whole is dropped, and reading goes on', function () {
  this.timeout(20_000);

  it('the next message comes after the time limit: the partial body is dropped, the message read', async () => {
    const r = reading(100);
    r.input.write(TOO_LONG);
    await sleep(400);
    assert.deepEqual(r.got.incomplete, [`${Buffer.byteLength(CUT_BODY)} of its ${Buffer.byteLength(CUT_BODY) + 100} bytes came, then nothing for 100 ms`]);
    r.input.write(frame(REQUEST));
    await r.delivered(1);
    assert.deepEqual(r.got.messages, [JSON.parse(REQUEST)]);
    assert.deepEqual([r.got.notJson, r.got.errors], [0, []]);
    r.dispose();
  });

  it('the next message comes at once, inside the too-long body: it is read at once, long before the limit', async () => {
    const r = reading(60_000);
    // One write, as a client writes them back to back; the request is shorter than the 100 bytes missing.
    r.input.write(TOO_LONG + frame(REQUEST));
    await r.delivered(1, 2000);
    assert.deepEqual(r.got.messages, [JSON.parse(REQUEST)]);
    assert.deepEqual(r.got.incomplete, [`a new message header came after ${Buffer.byteLength(CUT_BODY)} of its ${Buffer.byteLength(CUT_BODY) + 100} bytes`]);
    assert.ok(!r.got.incomplete.join().includes('chest pain'));
    assert.deepEqual([r.got.notJson, r.got.errors], [0, []]);
    r.dispose();
  });

  it('the messages after it fill the too-long body and more: each is read, none taken as its body', async () => {
    const r = reading(60_000);
    const requests = [1, 2, 3].map((id) => JSON.stringify({ jsonrpc: '2.0', id, method: 'workspace/executeCommand', params: { command: 'x'.repeat(60) } }));
    r.input.write(TOO_LONG + requests.map(frame).join(''));
    await r.delivered(3, 2000);
    assert.deepEqual(
      r.got.messages,
      requests.map((q) => JSON.parse(q)),
    );
    assert.equal(r.got.incomplete.length, 1);
    assert.deepEqual([r.got.notJson, r.got.errors], [0, []]);
    r.dispose();
  });

  it('the next header split across writes where the too-long body would end: held until it is whole, then read', async () => {
    const r = reading(60_000);
    const next = frame(REQUEST);
    // The too-long body's length ends 5 bytes into "Content-Length", and the write stops 10 bytes in.
    const bytes = `Content-Length: ${Buffer.byteLength(CUT_BODY) + 5}\r\n\r\n${CUT_BODY}${next}`;
    const split = bytes.length - next.length + 10;
    r.input.write(bytes.slice(0, split));
    await sleep(50);
    assert.deepEqual([r.got.messages, r.got.notJson], [[], 0], 'held, not read as a body');
    r.input.write(bytes.slice(split));
    await r.delivered(1, 2000);
    assert.deepEqual(r.got.messages, [JSON.parse(REQUEST)]);
    assert.deepEqual([r.got.incomplete.length, r.got.notJson, r.got.errors], [1, 0, []]);
    r.dispose();
  });

  it('well-formed messages are untouched: a header quoted in a string, a body ending like a header, one sent a byte at a time', async () => {
    const r = reading(100);
    const quoted = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'x', params: { text: 'Content-Length: 12\r\n\r\n{}' } });
    const endsLikeOne = JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'x', params: { text: 'Content-Length: 5' } });
    r.input.write(frame(quoted) + frame(endsLikeOne));
    await r.delivered(2, 1000);
    // Longer in all than the limit, never silent for as long.
    const slow = frame(JSON.stringify({ jsonrpc: '2.0', id: 3, method: 'x', params: { text: 'Content-Length: 12' } }));
    for (const ch of slow.slice(0, 20)) {
      r.input.write(ch);
      await sleep(15);
    }
    r.input.write(slow.slice(20));
    await r.delivered(3, 1000);
    assert.deepEqual(
      r.got.messages.map((m) => (m as { id: number }).id),
      [1, 2, 3],
    );
    assert.deepEqual([r.got.incomplete, r.got.notJson, r.got.errors], [[], 0, []]);
    r.dispose();
  });

  it('an event loop busy for longer than the limit while the rest came is not a silent client', async () => {
    // A real pipe: the rest of the body is written while this process spins.
    const body = JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'x', params: { text: 'y'.repeat(200) } });
    const bytes = frame(body);
    const child = spawn(
      process.execPath,
      ['-e', `process.stdout.write(${JSON.stringify(bytes.slice(0, 100))}); setTimeout(() => process.stdout.write(${JSON.stringify(bytes.slice(100))}), 100)`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const r = reading(50, child.stdout);
    let spun = false;
    child.stdout.on('data', () => {
      if (spun) return;
      spun = true;
      for (const end = Date.now() + 400; Date.now() < end;);
    });
    await r.delivered(1, 5000);
    assert.deepEqual(r.got.messages, [JSON.parse(body)]);
    assert.deepEqual([r.got.incomplete, r.got.errors], [[], []]);
    r.dispose();
  });
});
