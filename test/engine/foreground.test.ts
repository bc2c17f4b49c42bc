/**
 * Background slices give way to the editor (engine/foreground.ts): a slice asked for while a
 * request is open, or just after a message, waits; never longer than MAX_DEFER_MS after it
 * was asked for; and runs at once when the editor asks nothing.
 */
import * as assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { MAX_DEFER_MS, messageArrived, nextSlice, QUIET_MS, requestAnswered, resetForeground, sliceDelay } from '../../server/src/engine/foreground';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('background slices give way to the editor', () => {
  beforeEach(resetForeground);
  after(resetForeground);

  it('with nothing from the editor, a slice runs at once (the command line never waits)', async () => {
    assert.equal(sliceDelay(), 0);
    const t = performance.now();
    await new Promise<void>((r) => nextSlice(r));
    assert.ok(performance.now() - t < QUIET_MS, 'not held back');
  });

  it('a slice asked for while a request is open waits until it is answered, then for the quiet after it', async () => {
    const asked = performance.now();
    messageArrived(true);
    let ran = false;
    nextSlice(() => (ran = true));
    await sleep(QUIET_MS * 3);
    // (On a machine so loaded that the sleep outlasted the bound, the slice may rightly have run.)
    if (performance.now() - asked < MAX_DEFER_MS) assert.equal(ran, false, 'held while the request is open');
    requestAnswered();
    const answered = performance.now();
    while (!ran) await sleep(2);
    assert.ok(performance.now() - answered < MAX_DEFER_MS, 'ran soon after the answer');
  });

  it('a notification (a keystroke) holds slices for the quiet after it only, even the first after a pause', () => {
    // No slice ran for long (the note was idle): the keystroke's own first slice still waits.
    const now = performance.now();
    messageArrived(false, now);
    const d = sliceDelay(now);
    assert.ok(d > 0 && d <= QUIET_MS, `held ${d} ms`);
    assert.equal(sliceDelay(now + QUIET_MS), 0, 'free after the quiet');
    // A slice asked for long ago is not held again past its bound.
    assert.equal(sliceDelay(now, now - MAX_DEFER_MS), 0, 'the bound counts from the asking');
    return new Promise<void>((resolve) =>
      nextSlice(() => {
        assert.ok(performance.now() - now >= QUIET_MS - 1, `ran after the quiet (${(performance.now() - now).toFixed(1)} ms)`);
        resolve();
      }),
    );
  });

  it('typing without pause (a message every few ms, a request always open) holds a slice at most MAX_DEFER_MS', async () => {
    const asked = performance.now();
    messageArrived(true);
    let ranAt = -1;
    nextSlice(() => (ranAt = performance.now()));
    while (ranAt < 0) {
      messageArrived(false);
      await sleep(5);
      assert.ok(performance.now() - asked < MAX_DEFER_MS * 4, 'the slice ran in the end');
    }
    assert.ok(ranAt - asked >= QUIET_MS, `held back ${(ranAt - asked).toFixed(0)} ms`);
    requestAnswered();
  });
});
