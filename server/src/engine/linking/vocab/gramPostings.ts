/**
 * The approximate texts' trigram sections, gathered beside the merge: the texts come in
 * string order from the build's merge (build.ts) and their trigrams and postings (textGrams.ts)
 * are worked out on a worker thread while the merge goes on with the ID and exact key tables
 * (the sort's worker is idle by then: the merge is otherwise one thread). The texts go over in
 * batches of UTF-8 (moved, not copied); at the end the worker writes the three sections into
 * the `.vocab` at the position it is given, and the caller blocks (Atomics.wait) until it has.
 * Without the worker (tests build both ways) the same functions run on the caller's thread.
 */
import * as fs from 'node:fs';
import { MessageChannel, MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { writeUtf8 } from './binary';
import { addTextGrams, GramState, writeTextGrams } from './textGrams';

/** Bytes of texts sent to the worker at a time (by default). */
const BATCH = 1 << 20;

// The worker's code: the two functions (their source), then per message a batch of texts (each
// ended by `\n`) or the end, whose outcome comes back on its port before the flag says written
// (1) or failed (2).
const WORKER_SOURCE = `
const fs = require('node:fs');
const { parentPort } = require('node:worker_threads');
const addTextGrams = ${addTextGrams.toString()};
const writeTextGrams = ${writeTextGrams.toString()};
const state = { counts: new Uint8Array(1 << 16), texts: 0, lists: new Map() };
let failed;
const failure = (err) => ({ message: String((err && err.message) || err), code: err && err.code });
parentPort.on('message', (m) => {
  if (m.batch) {
    if (failed) return;
    try {
      const texts = Buffer.from(m.batch, 0, m.used).toString('utf8').split('\\n');
      texts.pop();
      addTextGrams(state, texts);
    } catch (err) {
      failed = failure(err);
    }
    return;
  }
  const flag = new Int32Array(m.flag);
  try {
    if (failed) throw failed;
    m.port.postMessage(writeTextGrams(fs, state, m.cap, m.fd, m.position));
    Atomics.store(flag, 0, 1);
  } catch (err) {
    m.port.postMessage(err === failed ? failed : failure(err));
    Atomics.store(flag, 0, 2);
  }
  m.port.close();
  parentPort.close();
  Atomics.notify(flag, 0);
});
`;

export class GramPostings {
  private readonly state: GramState = { counts: new Uint8Array(1 << 16), texts: 0, lists: new Map() };
  private worker: Worker | undefined;
  private batch: Buffer | undefined;
  private used = 0;
  /** Texts added. */
  count = 0;

  /**
   * `onWorker`: gather on a worker thread (false: on the caller's, as tests of both ways do);
   * `batchBytes`: texts sent at a time (tests make it small to send many batches).
   */
  constructor(
    onWorker = true,
    private readonly batchBytes = BATCH,
  ) {
    if (!onWorker) return;
    this.worker = new Worker(WORKER_SOURCE, { eval: true });
    this.worker.unref();
  }

  /** The next text, in string order (no `\n` in it). */
  add(text: string): void {
    this.count++;
    if (!this.worker) {
      addTextGrams(this.state, [text]);
      return;
    }
    const most = 3 * text.length + 1;
    if (this.batch && this.used + most > this.batch.length) this.send();
    this.batch ??= Buffer.allocUnsafeSlow(Math.max(this.batchBytes, most));
    this.used += writeUtf8(this.batch, text, this.used);
    this.batch[this.used++] = 10;
  }

  private send(): void {
    if (!this.batch || !this.used) return;
    const memory = this.batch.buffer as ArrayBuffer;
    this.worker!.postMessage({ batch: memory, used: this.used }, [memory]);
    this.batch = undefined;
    this.used = 0;
  }

  /**
   * Writes the per-text trigram counts, the postings and the trigram directory to `fd` from
   * `position` (lists of more than `cap` texts not kept); returns their sections' lengths.
   */
  write(fd: number, position: number, cap: number): { counts: number; postings: number; directory: number } {
    if (!this.worker) return writeTextGrams(fs, this.state, cap, fd, position);
    this.send();
    const flag = new Int32Array(new SharedArrayBuffer(4));
    const { port1, port2 }: { port1: MessagePort; port2: MessagePort } = new MessageChannel();
    this.worker.postMessage({ flag: flag.buffer, port: port2, fd, position, cap }, [port2]);
    Atomics.wait(flag, 0, 0);
    const outcome = receiveMessageOnPort(port1)?.message as ReturnType<typeof writeTextGrams> | { message: string; code?: string } | undefined;
    port1.close();
    this.dispose();
    if (Atomics.load(flag, 0) !== 1 || !outcome || 'message' in outcome) {
      // The file system's error keeps its code (no room, no permission: the user's to fix, not a bug).
      const error: NodeJS.ErrnoException = new Error(
        `Could not write the trigram postings: ${outcome && 'message' in outcome ? outcome.message : 'no answer'}`,
      );
      if (outcome && 'code' in outcome && typeof outcome.code === 'string') error.code = outcome.code;
      throw error;
    }
    if (outcome.counts !== this.count) throw new Error(`the trigram postings hold ${outcome.counts} texts, not ${this.count}`);
    return outcome;
  }

  /** Stops the worker (a build that failed leaves none behind). */
  dispose(): void {
    void this.worker?.terminate();
    this.worker = undefined;
  }
}
