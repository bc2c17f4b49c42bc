/**
 * The embedded runtime's turns (server/src/engine/models/embedded/turns.ts): requests to one
 * model share it up to its sequences, a job that needs the runtime alone (loading another
 * model, releasing, embedding) waits for them and holds back those after it, first come
 * first served, and a cancelled waiter never runs.
 */
import * as assert from 'node:assert/strict';
import { Turns } from '../../../server/src/engine/models/embedded/turns';
import { ModelError } from '../../../server/src/engine/types';

/** A job that records when it starts and ends when told. */
function gate(log: string[], name: string) {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return {
    job: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
      return name;
    },
    open,
  };
}

const tick = () => new Promise((r) => setImmediate(r));
const never = () => new AbortController().signal;

describe('embedded runtime turns', () => {
  it('requests of one group run together up to its width; the next waits for a free place', async () => {
    const turns = new Turns();
    const log: string[] = [];
    const jobs = ['a', 'b', 'c'].map((n) => gate(log, n));
    const runs = jobs.map((j) => turns.run('model', 2, never(), j.job));
    await tick();
    assert.deepEqual(log, ['start a', 'start b']);
    assert.equal(turns.running, 2);
    jobs[1].open();
    await runs[1];
    await tick();
    assert.deepEqual(log, ['start a', 'start b', 'end b', 'start c']);
    jobs[0].open();
    jobs[2].open();
    assert.deepEqual(await Promise.all(runs), ['a', 'b', 'c']);
  });

  it('a job alone waits for the group, and requests after it wait for it (first come, first served)', async () => {
    const turns = new Turns();
    const log: string[] = [];
    const a = gate(log, 'a');
    const load = gate(log, 'load');
    const b = gate(log, 'b');
    const runs = [turns.run('model', 4, never(), a.job), turns.run(undefined, 1, never(), load.job), turns.run('model', 4, never(), b.job)];
    await tick();
    assert.deepEqual(log, ['start a'], 'b does not pass the job waiting before it');
    a.open();
    await runs[0];
    await tick();
    assert.deepEqual(log, ['start a', 'end a', 'start load']);
    load.open();
    await runs[1];
    await tick();
    assert.deepEqual(log.slice(-1), ['start b']);
    b.open();
    await runs[2];
  });

  it('another group (another model) waits until the first has finished', async () => {
    const turns = new Turns();
    const log: string[] = [];
    const a = gate(log, 'a');
    const other = gate(log, 'other');
    const runs = [turns.run('model A', 4, never(), a.job), turns.run('model B', 4, never(), other.job)];
    await tick();
    assert.deepEqual(log, ['start a']);
    a.open();
    other.open();
    await Promise.all(runs);
    assert.deepEqual(log, ['start a', 'end a', 'start other', 'end other']);
  });

  it('a waiter that is cancelled rejects at once with "cancelled" and never runs; those behind it move up', async () => {
    const turns = new Turns();
    const log: string[] = [];
    const a = gate(log, 'a');
    const b = gate(log, 'b');
    const c = gate(log, 'c');
    const stop = new AbortController();
    const first = turns.run('model', 1, never(), a.job);
    const cancelled = turns.run('model', 1, stop.signal, b.job).catch((e: unknown) => e);
    const last = turns.run('model', 1, never(), c.job);
    stop.abort();
    const err = await cancelled;
    assert.ok(err instanceof ModelError && err.kind === 'cancelled', String(err));
    a.open();
    c.open();
    await Promise.all([first, last]);
    assert.deepEqual(log, ['start a', 'end a', 'start c', 'end c']);
    await assert.rejects(turns.run('model', 1, stop.signal, b.job), (e: unknown) => e instanceof ModelError && e.kind === 'cancelled');
  });
});
