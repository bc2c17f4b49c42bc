import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Scheduler } from '../../../server/src/engine/pipeline/scheduler';
import { ModelError } from '../../../server/src/engine/types';

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (v: T) => void;
  reject: (e: unknown) => void;
}
function deferred<T>(): Deferred<T> {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets queued promise callbacks run (one macrotask turn; no timers). */
const tick = () => new Promise<void>((r) => setImmediate(r));

/** A job whose run is controlled by the test; records its starts and its signal. */
class Job<T = string> {
  readonly d = deferred<T>();
  calls = 0;
  signal?: AbortSignal;
  constructor(
    readonly name: string,
    private readonly log?: string[],
  ) {}
  readonly run = (signal: AbortSignal): Promise<T> => {
    this.calls++;
    this.signal = signal;
    this.log?.push(this.name);
    return this.d.promise;
  };
}

/** A run that settles with an abort error when its signal fires, like a fetch would. */
function abortable(job: Job): (signal: AbortSignal) => Promise<string> {
  return (signal) => {
    const p = job.run(signal);
    signal.addEventListener('abort', () => job.d.reject(new ModelError('cancelled', 'aborted')));
    return p;
  };
}

async function rejection(p: Promise<unknown>): Promise<unknown> {
  try {
    await p;
  } catch (e) {
    return e;
  }
  assert.fail('expected the promise to reject');
}

describe('Scheduler', () => {
  it('runs at most maxConcurrent jobs at once and starts the next when one ends', async () => {
    const s = new Scheduler(2);
    const jobs = [0, 1, 2, 3, 4].map((i) => new Job(`j${i}`));
    const tickets = jobs.map((j, i) => s.request(`k${i}`, 0, j.run));
    await tick();
    assert.equal(s.inFlight, 2);
    assert.equal(s.queued, 3);
    assert.deepEqual(
      jobs.map((j) => j.calls),
      [1, 1, 0, 0, 0],
    );

    jobs[0].d.resolve('r0');
    assert.equal(await tickets[0].promise, 'r0');
    await tick();
    assert.equal(s.inFlight, 2);
    assert.deepEqual(
      jobs.map((j) => j.calls),
      [1, 1, 1, 0, 0],
    );

    jobs[1].d.reject(new Error('boom'));
    await rejection(tickets[1].promise);
    await tick();
    assert.deepEqual(
      jobs.map((j) => j.calls),
      [1, 1, 1, 1, 0],
    );
    assert.equal(s.inFlight, 2);

    jobs[2].d.resolve('r2');
    jobs[3].d.resolve('r3');
    await tick();
    assert.deepEqual(
      jobs.map((j) => j.calls),
      [1, 1, 1, 1, 1],
    );
    assert.equal(s.inFlight, 1);
    jobs[4].d.resolve('r4');
    assert.equal(await tickets[4].promise, 'r4');
    await tick();
    assert.equal(s.inFlight, 0);
    assert.equal(s.queued, 0);
  });

  it('never exceeds the limit under a burst of many jobs', async () => {
    const s = new Scheduler(3);
    const jobs = Array.from({ length: 20 }, (_, i) => new Job(`j${i}`));
    let running = 0;
    let peak = 0;
    const tickets = jobs.map((j, i) =>
      s.request(`k${i}`, i % 4, (signal) => {
        running++;
        peak = Math.max(peak, running);
        return j.run(signal).finally(() => running--);
      }),
    );
    for (let i = 0; i < jobs.length; i++) {
      await tick();
      assert.ok(s.inFlight <= 3);
      // Finish whatever has started.
      for (const k of jobs) if (k.calls > 0) k.d.resolve(k.name);
    }
    await Promise.all(tickets.map((t) => t.promise));
    assert.equal(peak, 3);
    assert.ok(jobs.every((j) => j.calls === 1));
  });

  it('starts the highest priority first, then first come first served', async () => {
    const log: string[] = [];
    const s = new Scheduler(1);
    const blocker = new Job('blocker', log);
    s.request('blocker', 0, blocker.run);
    await tick();
    const jobs = [
      ['low1', 0],
      ['high1', 5],
      ['mid', 2],
      ['high2', 5],
      ['low2', 0],
    ] as const;
    const made = jobs.map(([name, p]) => {
      const j = new Job(name, log);
      s.request(name, p, j.run);
      return j;
    });
    assert.deepEqual(log, ['blocker']);
    blocker.d.resolve('x');
    for (let i = 0; i < made.length; i++) {
      await tick();
      await tick();
      // Finish whatever runs now so the next one can start.
      for (const k of made) if (k.calls > 0) k.d.resolve('x');
    }
    await tick();
    assert.deepEqual(log, ['blocker', 'high1', 'high2', 'mid', 'low1', 'low2']);
  });

  it('requests made together are started by priority, not by arrival', async () => {
    const log: string[] = [];
    const s = new Scheduler(1);
    const jobs = [new Job('low', log), new Job('high', log), new Job('mid', log)];
    s.request('low', 0, jobs[0].run);
    s.request('high', 9, jobs[1].run);
    s.request('mid', 4, jobs[2].run);
    await tick();
    assert.deepEqual(log, ['high']);
    jobs[1].d.resolve('x');
    await tick();
    assert.deepEqual(log, ['high', 'mid']);
    jobs[2].d.resolve('x');
    await tick();
    assert.deepEqual(log, ['high', 'mid', 'low']);
  });

  it('a new job of higher priority overtakes queued ones but not the running one', async () => {
    const log: string[] = [];
    const s = new Scheduler(1);
    const a = new Job('a', log);
    const b = new Job('b', log);
    const c = new Job('c', log);
    s.request('a', 0, a.run);
    await tick();
    s.request('b', 1, b.run);
    s.request('c', 9, c.run);
    await tick();
    assert.deepEqual(log, ['a']);
    a.d.resolve('x');
    await tick();
    assert.deepEqual(log, ['a', 'c']);
    c.d.resolve('x');
    await tick();
    assert.deepEqual(log, ['a', 'c', 'b']);
  });

  it('prioritise() moves a queued job ahead', async () => {
    const log: string[] = [];
    const s = new Scheduler(1);
    const first = new Job('first', log);
    s.request('first', 0, first.run);
    await tick();
    const a = new Job('a', log);
    const b = new Job('b', log);
    s.request('a', 1, a.run);
    const tb = s.request('b', 1, b.run);
    await tick();
    assert.deepEqual(log, ['first']);
    tb.prioritise(3);
    first.d.resolve('x');
    await tick();
    assert.deepEqual(log, ['first', 'b']);
    b.d.resolve('x');
    await tick();
    assert.deepEqual(log, ['first', 'b', 'a']);
  });

  it('prioritise() never lowers a priority', async () => {
    const log: string[] = [];
    const s = new Scheduler(1);
    const first = new Job('first', log);
    s.request('first', 0, first.run);
    await tick();
    const a = new Job('a', log);
    const b = new Job('b', log);
    const ta = s.request('a', 5, a.run);
    s.request('b', 3, b.run);
    ta.prioritise(0);
    first.d.resolve('x');
    await tick();
    assert.deepEqual(log, ['first', 'a']);
  });

  it('joining with a higher priority raises the shared job', async () => {
    const log: string[] = [];
    const s = new Scheduler(1);
    const first = new Job('first', log);
    s.request('first', 0, first.run);
    await tick();
    const a = new Job('a', log);
    const b = new Job('b', log);
    s.request('a', 1, a.run);
    s.request('b', 0, b.run);
    await tick();
    const again = new Job('b-again', log);
    s.request('b', 7, again.run);
    first.d.resolve('x');
    await tick();
    assert.deepEqual(log, ['first', 'b']);
    assert.equal(again.calls, 0);
  });

  it('two holders of one key share one run', async () => {
    const s = new Scheduler(2);
    const j1 = new Job('one');
    const j2 = new Job('two');
    const t1 = s.request('same', 0, j1.run);
    const t2 = s.request('same', 0, j2.run);
    await tick();
    assert.equal(j1.calls, 1);
    assert.equal(j2.calls, 0);
    assert.equal(s.inFlight, 1);
    j1.d.resolve('answer');
    assert.equal(await t1.promise, 'answer');
    assert.equal(await t2.promise, 'answer');
    assert.equal(s.stats.started, 1);
  });

  it('join() holds an existing job and returns undefined when there is none', async () => {
    const s = new Scheduler(1);
    assert.equal(s.join('k'), undefined);
    const j = new Job('j');
    const t = s.request('k', 0, j.run);
    const joined = s.join<string>('k');
    assert.ok(joined);
    t.release();
    await tick();
    assert.equal(j.signal?.aborted, false, 'the joined holder keeps the job alive');
    j.d.resolve('v');
    assert.equal(await joined.promise, 'v');
    await tick();
    assert.equal(s.join('k'), undefined, 'a settled job is not joined');
  });

  it('after a job settles, the same key starts a fresh run', async () => {
    const s = new Scheduler(1);
    const j1 = new Job('one');
    const t1 = s.request('k', 0, j1.run);
    j1.d.resolve('first');
    assert.equal(await t1.promise, 'first');
    await tick();
    const j2 = new Job('two');
    const t2 = s.request('k', 0, j2.run);
    await tick();
    assert.equal(j2.calls, 1);
    j2.d.resolve('second');
    assert.equal(await t2.promise, 'second');
  });

  it('releasing one of two holders keeps the job running', async () => {
    const s = new Scheduler(1);
    const j = new Job('j');
    const t1 = s.request('k', 0, j.run);
    const t2 = s.request('k', 0, j.run);
    t1.release();
    await tick();
    assert.equal(j.signal!.aborted, false);
    j.d.resolve('ok');
    assert.equal(await t2.promise, 'ok');
    assert.equal(s.stats.cancelled, 0);
  });

  it('release is idempotent: releasing one ticket twice does not drop the other holder', async () => {
    const s = new Scheduler(1);
    const j = new Job('j');
    const t1 = s.request('k', 0, j.run);
    const t2 = s.request('k', 0, j.run);
    t1.release();
    t1.release();
    await tick();
    assert.equal(j.signal!.aborted, false);
    j.d.resolve('ok');
    assert.equal(await t2.promise, 'ok');
  });

  it('releasing the last holder of a queued job rejects it with a cancelled ModelError and never runs it', async () => {
    const s = new Scheduler(1);
    const blocker = new Job('blocker');
    s.request('blocker', 0, blocker.run);
    await tick();
    const q = new Job('queued');
    const t1 = s.request('q', 0, q.run);
    const t2 = s.request('q', 0, q.run);
    await tick();
    assert.equal(s.queued, 1);
    t1.release();
    assert.equal(s.queued, 1, 'still held by the second ticket');
    t2.release();
    assert.equal(s.queued, 0);
    const err = await rejection(t2.promise);
    assert.ok(err instanceof ModelError);
    assert.equal((err as ModelError).kind, 'cancelled');
    blocker.d.resolve('x');
    await tick();
    await tick();
    assert.equal(q.calls, 0);
    assert.equal(s.stats.cancelled, 1);
    assert.equal(s.stats.started, 1);
  });

  it('a cancelled queued job frees its key for a fresh request', async () => {
    const s = new Scheduler(1);
    const blocker = new Job('blocker');
    s.request('blocker', 0, blocker.run);
    await tick();
    const q1 = new Job('q1');
    const t = s.request('q', 0, q1.run);
    t.release();
    const q2 = new Job('q2');
    const t2 = s.request('q', 0, q2.run);
    blocker.d.resolve('x');
    await tick();
    assert.equal(q1.calls, 0);
    assert.equal(q2.calls, 1);
    q2.d.resolve('fresh');
    assert.equal(await t2.promise, 'fresh');
  });

  it('releasing the last holder of a running job fires its AbortSignal', async () => {
    const s = new Scheduler(1);
    const j = new Job('j');
    const t = s.request('k', 0, abortable(j));
    await tick();
    assert.equal(j.calls, 1);
    assert.equal(j.signal!.aborted, false);
    t.release();
    assert.equal(j.signal!.aborted, true);
    const err = await rejection(t.promise);
    assert.equal((err as ModelError).kind, 'cancelled');
    await tick();
    assert.equal(s.inFlight, 0);
    assert.equal(s.stats.cancelled, 1);
    assert.equal(s.stats.failed, 0, 'an aborted job is not a failure');
  });

  it('a cancelled running job frees its slot for the next one once it settles', async () => {
    const s = new Scheduler(1);
    const j = new Job('j');
    const next = new Job('next');
    const t = s.request('k', 0, abortable(j));
    s.request('n', 0, next.run);
    await tick();
    assert.equal(next.calls, 0);
    t.release();
    await tick();
    assert.equal(next.calls, 1);
  });

  it('a request for a key whose running job was just cancelled starts a fresh run', async () => {
    const s = new Scheduler(2);
    const old = new Job('old');
    const t = s.request('k', 0, old.run); // its run has not yet noticed the abort
    await tick();
    t.release();
    assert.equal(old.signal!.aborted, true);
    const fresh = new Job('fresh');
    const t2 = s.request<string>('k', 0, fresh.run);
    // The cancelled connection closes later; the new holder must not inherit its abort.
    old.d.reject(new ModelError('cancelled', 'aborted'));
    await tick();
    assert.equal(fresh.calls, 1, 'the new holder gets a run of its own');
    fresh.d.resolve('fresh answer');
    assert.equal(await t2.promise, 'fresh answer');
  });

  it('setConcurrency raises the limit and starts queued jobs at once', async () => {
    const s = new Scheduler(1);
    const jobs = [0, 1, 2, 3].map((i) => new Job(`j${i}`));
    jobs.forEach((j, i) => s.request(`k${i}`, 0, j.run));
    await tick();
    assert.equal(s.inFlight, 1);
    s.setConcurrency(3);
    assert.equal(s.inFlight, 3);
    assert.deepEqual(
      jobs.map((j) => j.calls),
      [1, 1, 1, 0],
    );
  });

  it('setConcurrency lowers the limit without stopping running jobs', async () => {
    const s = new Scheduler(3);
    const jobs = [0, 1, 2, 3, 4].map((i) => new Job(`j${i}`));
    jobs.forEach((j, i) => s.request(`k${i}`, 0, j.run));
    await tick();
    assert.equal(s.inFlight, 3);
    s.setConcurrency(1);
    assert.equal(s.inFlight, 3);
    assert.ok(jobs.slice(0, 3).every((j) => j.signal!.aborted === false));
    jobs[0].d.resolve('x');
    jobs[1].d.resolve('x');
    await tick();
    assert.equal(jobs[3].calls, 0, 'still two running, above the new limit of 1');
    jobs[2].d.resolve('x');
    await tick();
    assert.equal(jobs[3].calls, 1);
    assert.equal(jobs[4].calls, 0);
    assert.equal(s.inFlight, 1);
  });

  it('setConcurrency clamps to at least 1 and floors fractions', async () => {
    const s = new Scheduler(1);
    s.setConcurrency(0);
    const jobs = [0, 1, 2].map((i) => new Job(`j${i}`));
    jobs.forEach((j, i) => s.request(`k${i}`, 0, j.run));
    await tick();
    assert.equal(s.inFlight, 1);
    s.setConcurrency(2.9);
    assert.equal(s.inFlight, 2);
  });

  it('counts started, completed, failed and cancelled jobs', async () => {
    const s = new Scheduler(2);
    const ok = new Job('ok');
    const bad = new Job('bad');
    const cancelledRunning = new Job('cr');
    const cancelledQueued = new Job('cq');
    const tOk = s.request('ok', 0, ok.run);
    const tBad = s.request('bad', 0, bad.run);
    const tCq = s.request('cq', 0, cancelledQueued.run);
    await tick();
    assert.deepEqual(s.stats, { started: 2, completed: 0, failed: 0, cancelled: 0 });
    tCq.release();
    assert.deepEqual(s.stats, { started: 2, completed: 0, failed: 0, cancelled: 1 });
    ok.d.resolve('x');
    bad.d.reject(new Error('500'));
    await tOk.promise;
    await rejection(tBad.promise);
    await tick();
    assert.deepEqual(s.stats, { started: 2, completed: 1, failed: 1, cancelled: 1 });
    const tCr = s.request('cr', 0, abortable(cancelledRunning));
    await tick();
    assert.equal(cancelledRunning.calls, 1);
    tCr.release();
    await rejection(tCr.promise);
    await tick();
    assert.deepEqual(s.stats, { started: 3, completed: 1, failed: 1, cancelled: 2 });
  });

  it('a failing job rejects every holder with its error', async () => {
    const s = new Scheduler(1);
    const j = new Job('j');
    const t1 = s.request('k', 0, j.run);
    const t2 = s.request('k', 0, j.run);
    const e = new ModelError('server-error', 'HTTP 500', 500);
    j.d.reject(e);
    assert.equal(await rejection(t1.promise), e);
    assert.equal(await rejection(t2.promise), e);
  });

  it('a rejected job nobody awaits causes no unhandled rejection', async () => {
    let unhandled = 0;
    const onUnhandled = () => unhandled++;
    process.on('unhandledRejection', onUnhandled);
    try {
      const s = new Scheduler(1);
      const blocker = new Job('b');
      s.request('b', 0, blocker.run);
      await tick();
      const t = s.request('q', 0, new Job('q').run);
      t.release(); // rejects the queued job; nobody awaits t.promise
      await tick();
      await tick();
      assert.equal(unhandled, 0);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
  it("a released holder's priority goes with it: the job falls back to the others' priority", async () => {
    const log: string[] = [];
    const s = new Scheduler(1);
    const first = new Job('first', log);
    s.request('first', 0, first.run);
    await tick();
    const a = new Job('a', log);
    const b = new Job('b', log);
    s.request('a', 5, a.run);
    s.request('b', 3, b.run);
    // A user's check joins b at priority 8, then gives up: b is back at 3, behind a.
    const user = s.join<string>('b', 8)!;
    assert.deepEqual(
      s.jobs().map((j) => [j.key, j.priority]),
      [
        ['b', 8],
        ['a', 5],
        ['first', 0],
      ],
    );
    user.release();
    assert.deepEqual(
      s.jobs().map((j) => [j.key, j.priority, j.holders]),
      [
        ['a', 5, 1],
        ['b', 3, 1],
        ['first', 0, 1],
      ],
    );
    first.d.resolve('x');
    await tick();
    assert.deepEqual(log, ['first', 'a']);
  });

  it('joining a job costs no walk over its holders: 100,000 joins, raises and releases visit no priority level; losing the top level visits the levels left, not the holders', async () => {
    const s = new Scheduler(1);
    const first = new Job('first');
    s.request('first', 0, first.run);
    await tick();
    // One sentence repeated 100,000 times: one job, 100,000 holders.
    const n = 100_000;
    const tickets = [s.request('same', 1, new Job('same').run)];
    for (let i = 1; i < n; i++) tickets.push(s.join<string>('same', 1 + (i % 3))!);
    for (let i = 0; i < n; i += 10) tickets[i].prioritise(3);
    assert.deepEqual(
      s.jobs().map((j) => [j.key, j.priority, j.holders]),
      [
        ['same', 3, n],
        ['first', 0, 1],
      ],
    );
    // Releasing holders below the top level, and all but one at it, changes nothing and visits nothing.
    const atTop = tickets.filter((_, i) => i % 10 === 0 || i % 3 === 2);
    const below = tickets.filter((_, i) => !(i % 10 === 0 || i % 3 === 2));
    for (const t of below.slice(0, below.length / 2)) t.release();
    for (const t of atTop.slice(1)) t.release();
    assert.equal(s.levelVisits, 0);
    assert.equal(s.jobs()[0].priority, 3);
    // The last holder at 3 goes: the job falls to the highest level left, found among the two levels left.
    atTop[0].release();
    assert.equal(s.jobs()[0].priority, 2);
    assert.ok(s.levelVisits <= 2, `${s.levelVisits} levels visited`);
    for (const t of below.slice(below.length / 2)) t.release();
    assert.deepEqual(
      s.jobs().map((j) => j.key),
      ['first'],
    );
    first.d.resolve('x');
  });

  it('jobs() lists queued and running jobs; a released unshared job leaves the queue', async () => {
    const s = new Scheduler(1);
    const first = new Job('first');
    s.request('first', 0, first.run);
    await tick();
    const t = s.request('q', 8, new Job('q').run);
    t.promise.catch(() => undefined);
    assert.deepEqual(
      s.jobs().map((j) => [j.key, j.state]),
      [
        ['q', 'queued'],
        ['first', 'running'],
      ],
    );
    t.release();
    assert.deepEqual(
      s.jobs().map((j) => j.key),
      ['first'],
    );
    assert.equal(s.queued, 0);
    first.d.resolve('x');
    await tick();
    assert.deepEqual(s.jobs(), []);
  });

  it('starts jobs in the order a scan of the queue would choose (highest priority, then first asked), through joins, raises and releases', async () => {
    type Op = { kind: 'request'; key: number; priority: number } | { kind: 'prioritise' | 'release'; ticket: number; priority: number } | { kind: 'finish' };
    const op: fc.Arbitrary<Op> = fc.oneof(
      fc.record({ kind: fc.constant('request' as const), key: fc.nat({ max: 7 }), priority: fc.nat({ max: 4 }) }),
      fc.record({ kind: fc.constantFrom('prioritise' as const, 'release' as const), ticket: fc.nat(), priority: fc.nat({ max: 4 }) }),
      fc.record({ kind: fc.constant('finish' as const) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(op, { maxLength: 60 }), fc.integer({ min: 1, max: 2 }), async (ops, slots) => {
        const scheduler = new Scheduler(slots);
        const started: string[] = [];
        const finishers: (() => void)[] = [];
        const tickets: { ticket: ReturnType<Scheduler['request']>; holder: { p: number; live: boolean } }[] = [];
        // The model: every job not yet over, with its holders; what runs; what it starts.
        type Model = { key: string; seq: number; holders: { p: number; live: boolean }[]; state: 'queued' | 'running' };
        const model = new Map<string, Model>();
        const expected: string[] = [];
        let seq = 0;
        const priority = (m: Model) => Math.max(...m.holders.filter((h) => h.live).map((h) => h.p));
        const startNext = () => {
          for (;;) {
            const all = [...model.values()];
            if (all.filter((m) => m.state === 'running').length >= slots) return;
            const queued = all.filter((m) => m.state === 'queued');
            if (queued.length === 0) return;
            const best = queued.reduce((a, b) => (priority(b) > priority(a) || (priority(b) === priority(a) && b.seq < a.seq) ? b : a));
            best.state = 'running';
            expected.push(best.key);
          }
        };
        let runs = 0;
        for (const o of ops) {
          if (o.kind === 'request') {
            const key = `k${o.key}`;
            const holder = { p: o.priority, live: true };
            const ticket = scheduler.request(key, o.priority, (signal) => {
              started.push(key);
              const run = runs++;
              return new Promise<string>((resolve, reject) => {
                finishers[run] = () => resolve(key);
                signal.addEventListener('abort', () => reject(new ModelError('cancelled', 'aborted')));
              });
            });
            ticket.promise.catch(() => undefined);
            tickets.push({ ticket, holder });
            const m = model.get(key);
            if (m) m.holders.push(holder);
            else model.set(key, { key, seq: seq++, holders: [holder], state: 'queued' });
          } else if (o.kind === 'finish') {
            // The running job started first finishes.
            const running = [...model.values()].find((m) => m.state === 'running');
            if (!running) continue;
            const run = started.lastIndexOf(running.key);
            finishers[run]?.();
            model.delete(running.key);
          } else {
            const t = tickets[o.ticket % Math.max(1, tickets.length)];
            if (!t || !t.holder.live) continue;
            const m = [...model.values()].find((x) => x.holders.includes(t.holder));
            if (o.kind === 'prioritise') {
              t.ticket.prioritise(o.priority);
              t.holder.p = Math.max(t.holder.p, o.priority);
            } else {
              t.ticket.release();
              t.holder.live = false;
              if (m && m.holders.every((h) => !h.live)) model.delete(m.key);
            }
          }
          startNext();
          await tick();
          await tick();
        }
        assert.deepEqual(started, expected);
      }),
      { numRuns: 200, seed: 21 },
    );
  });
});
