/**
 * The one clock per model server (pipeline/clock/serverClock.ts) as an object: admission,
 * overload, transient tries, giving up a wait, the state it reports and its change event.
 * Each try here is a function that fails or answers as told: the clock's contract is about
 * when tries run, not about HTTP (overload.test.ts and the LSP and CLI overload tests drive
 * it over real HTTP). No duration's upper bound is asserted.
 */
import * as assert from 'node:assert/strict';
import { REQUEST_TRIES } from '../../../server/src/engine/config';
import { clockStatus } from '../../../server/src/engine/pipeline/clock/clockStatus';
import { isTransient, WaitLimitError } from '../../../server/src/engine/pipeline/clock/failures';
import { ServerClock } from '../../../server/src/engine/pipeline/clock/serverClock';
import { ClockOptions } from '../../../server/src/engine/pipeline/clock/waits';
import { ModelError } from '../../../server/src/engine/types';

const OPTIONS: ClockOptions = { retryBaseMs: 5, probeBaseMs: 50, capMs: 200 };
const tooMany = (retryAfterMs?: number) => new ModelError('server-error', 'too many requests', 429, retryAfterMs);
const never = new AbortController().signal;
const counts = { failed: { ner: 0, re: 0, nli: 0 }, pending: 1 };

/** A try that fails with `failures` in turn, then answers `ok`; counts its tries and how many ran at once. */
function scripted(failures: unknown[]) {
  const state = { tries: 0, running: 0, mostAtOnce: 0 };
  const tryOnce = async () => {
    state.tries++;
    state.running++;
    state.mostAtOnce = Math.max(state.mostAtOnce, state.running);
    await new Promise((r) => setTimeout(r, 2));
    state.running--;
    const failure = failures.shift();
    if (failure) throw failure;
    return 'ok';
  };
  return { state, tryOnce };
}

describe('ServerClock: one object decides when the server gets a request', () => {
  it('an overload answer uses up no try: eight 429s in a row are waited out and the request succeeds', async () => {
    const clock = new ServerClock(OPTIONS);
    const { state, tryOnce } = scripted(Array.from({ length: 8 }, () => tooMany(1)));
    assert.equal(await clock.send('ner', {} as never, never, tryOnce), 'ok');
    assert.equal(state.tries, 9);
    assert.ok(state.tries > REQUEST_TRIES);
    assert.equal(clock.overload, undefined, 'a success ends the overload');
  });

  it(`another transient failure (a 500) is tried ${REQUEST_TRIES} times in all, then fails with it`, async () => {
    const clock = new ServerClock(OPTIONS);
    const error = new ModelError('server-error', 'llama runner process has terminated', 500);
    const { state, tryOnce } = scripted(Array.from({ length: 10 }, () => error));
    await assert.rejects(clock.send('ner', {} as never, never, tryOnce), (e) => e === error);
    assert.equal(state.tries, REQUEST_TRIES);
    assert.equal(clock.overload, undefined, 'a 500 closes no door');
  });

  it('after an overload answer: one request at a time until one succeeds; it reports the overload, its state in words, and each change', async () => {
    const clock = new ServerClock(OPTIONS);
    let changes = 0;
    clock.onChange(() => changes++);
    // One shared try: the first two answers are 429 (Retry-After 20 ms), then every try succeeds.
    const shared = scripted([tooMany(20), tooMany(20)]);
    const first = clock.send('ner', {} as never, never, shared.tryOnce);
    await new Promise((r) => setTimeout(r, 8));
    // The first 429 is in: the others start only now, and must go one at a time.
    const overload = clock.overload!;
    assert.equal(overload.error.status, 429);
    assert.ok(overload.notBefore > clock.now(), 'the next try waits for the Retry-After');
    const status = clockStatus(clock, counts)!;
    assert.equal(status.state, 'waiting');
    assert.equal(status.wait?.httpStatus, 429);
    assert.match(
      status.message!,
      /^Waiting for the model server, which is overloaded \(HTTP 429 too many requests\): one request at a time until one succeeds; the next try at \d\d:\d\d:\d\d \(its Retry-After\)$/,
    );
    assert.ok(changes >= 1, 'the overload was announced');
    // A try that starts while the server is overloaded must be the only one running.
    const besideAnother: number[] = [];
    const watched = () => {
      if (clock.overload && shared.state.running > 0) besideAnother.push(shared.state.running);
      return shared.tryOnce();
    };
    const others = Array.from({ length: 4 }, () => clock.send('ner', {} as never, never, watched));
    assert.deepEqual(await Promise.all([first, ...others]), ['ok', 'ok', 'ok', 'ok', 'ok']);
    assert.deepEqual(besideAnother, []);
    assert.equal(shared.state.tries, 2 + 5);
    // Until the first success only one ran at a time; after it, the others may run together.
    assert.equal(clock.overload, undefined);
    assert.equal(clockStatus(clock, counts)!.state, 'analysing');
    assert.ok(changes >= 2, `${changes} changes: the overload began and ended`);
  });

  it('with maxWaitMs an overload that lasts is given up: WaitLimitError names the HTTP status, later requests are refused unsent, reset() clears it', async () => {
    const clock = new ServerClock({ ...OPTIONS, maxWaitMs: 60 });
    const always = { tries: 0 };
    const refuse = async () => {
      always.tries++;
      throw tooMany(15);
    };
    const waiting = [clock.send('ner', {} as never, never, refuse), clock.send('ner', {} as never, never, refuse)];
    for (const p of waiting) {
      await assert.rejects(
        p,
        (e: unknown) =>
          e instanceof WaitLimitError && /gave up after waiting \d+ s for the overloaded model server \(HTTP 429 too many requests\)/.test(e.message),
      );
    }
    const given = clock.givenUp!;
    assert.ok(given.waitedMs >= 60);
    assert.equal(isTransient(given), false, 'a given-up wait is never tried again');
    const triesBefore = always.tries;
    await assert.rejects(clock.send('ner', {} as never, never, refuse), WaitLimitError);
    assert.equal(always.tries, triesBefore, 'nothing is sent once given up');
    clock.reset(OPTIONS);
    assert.equal(clock.givenUp, undefined);
    assert.equal(await clock.send('ner', {} as never, never, async () => 'ok'), 'ok');
  });

  it('a request that waits at admission leaves at once when cancelled, and is not tried again', async () => {
    const clock = new ServerClock(OPTIONS);
    const controller = new AbortController();
    const first = scripted([tooMany(60_000)]);
    const pending = clock.send('ner', {} as never, controller.signal, first.tryOnce);
    await new Promise((r) => setTimeout(r, 10));
    assert.equal(first.state.tries, 1);
    controller.abort();
    await assert.rejects(pending, (e: unknown) => e instanceof ModelError && e.kind === 'cancelled');
    assert.equal(first.state.tries, 1);
    clock.reset(OPTIONS);
  });

  it("the wall clock set back during a Retry-After (NTP, a laptop's resume) does not lengthen the wait", async () => {
    const clock = new ServerClock(OPTIONS);
    const { state, tryOnce } = scripted([tooMany(50)]);
    const wallClock = Date.now;
    let answer: unknown;
    const sent = clock.send('ner', {} as never, never, tryOnce).then((a) => (answer = a));
    try {
      await new Promise((r) => setTimeout(r, 10));
      assert.equal(state.tries, 1, 'the first try was refused');
      // The system clock steps back a minute while the request waits out the server's 50 ms.
      Date.now = () => wallClock() - 60_000;
      await new Promise((r) => setTimeout(r, 1_000));
      assert.equal(answer, 'ok', 'the request was tried again after its 50 ms, not after a minute more');
      assert.equal(state.tries, 2);
    } finally {
      Date.now = wallClock;
      clock.reset(OPTIONS); // lets a request the old code still holds go, so the test ends
      await sent;
    }
  });
});

describe('the clock: failed work in words', () => {
  it("entities' failures are the status; the other tasks' are named by the task table, each with its count", () => {
    const clock = new ServerClock(OPTIONS);
    try {
      const boom = new ModelError('server-error', 'boom', 500);
      clock.failed(boom, 're');
      const others = clockStatus(clock, { failed: { ner: 0, re: 2, nli: 1 }, pending: 0 })!;
      assert.equal(others.state, 'error');
      assert.match(others.message!, /^Entities are shown, but NLI checks failed for 1 and relations failed for 2 request\(s\): /);
      assert.doesNotMatch(others.message!, /entities failed/);
      clock.failed(boom, 'ner');
      const entities = clockStatus(clock, { failed: { ner: 3, re: 2, nli: 0 }, pending: 0 })!;
      assert.match(entities.message!, /^Generation failed for 3 request\(s\): /);
      assert.equal(clockStatus(clock, { failed: { ner: 0, re: 0, nli: 0 }, pending: 0 }), undefined);
    } finally {
      clock.stop();
    }
  });

  it('a wait that ends between two readings of the clock still wakes its request (it was left waiting for good)', async () => {
    // A clock that moves on at every reading, as a real one does between the door being tried and the
    // wait being measured (and a timer may fire a little early): for some Retry-After, the door is
    // shut at the first reading and the wait over at the second.
    const outcomes: string[] = [];
    for (let retryAfterMs = 1; retryAfterMs <= 12; retryAfterMs++) {
      let t = 0;
      const clock = new ServerClock({ ...OPTIONS, now: () => (t += 1) });
      const { tryOnce } = scripted([tooMany(retryAfterMs)]);
      const stuck = new Promise<string>((resolve) => setTimeout(() => resolve('left waiting'), 1000));
      outcomes.push(await Promise.race([clock.send('ner', {} as never, never, tryOnce), stuck]));
    }
    assert.deepEqual(
      outcomes,
      Array.from({ length: 12 }, () => 'ok'),
    );
  });
});
