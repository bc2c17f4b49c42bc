/** The recovery schedule: doubling from biomedNlp.retryIntervalMs to a cap, with jitter. */
import * as assert from 'node:assert/strict';
import { DEFAULT_ENGINE_CONFIG, retryCapMs } from '../../../server/src/engine/config';
import { backoffDelay } from '../../../server/src/engine/pipeline/clock/waits';

describe('recovery backoff', () => {
  it('doubles from the base to the cap; without jitter exactly', () => {
    const mid = () => 0.5; // the middle of the jitter range: no change
    assert.deepEqual(
      [0, 1, 2, 3, 4, 5, 6, 7, 8].map((a) => backoffDelay(a, 1000, 60_000, 0.2, mid)),
      [1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000],
    );
  });

  it('jitter stays within ±20% and spreads the checks', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    const delays = Array.from({ length: 200 }, () => backoffDelay(3, 1000, 60_000, 0.2, random));
    assert.ok(
      delays.every((d) => d >= 6400 && d <= 9600),
      `${Math.min(...delays)}..${Math.max(...delays)}`,
    );
    assert.ok(new Set(delays).size > 50, 'not all clients retry at the same moment');
  });

  it('the cap is a minute with the default 5 s interval, twelve intervals for short ones, or the engine option', () => {
    assert.equal(retryCapMs(DEFAULT_ENGINE_CONFIG), 60_000);
    assert.equal(retryCapMs({ retryIntervalMs: 100 }), 1200);
    assert.equal(retryCapMs({ retryIntervalMs: 30_000 }), 60_000);
    assert.equal(retryCapMs({ retryIntervalMs: 100_000 }), 100_000, 'never below the first wait');
    assert.equal(retryCapMs({ retryIntervalMs: 50, retryMaxIntervalMs: 800 }), 800);
  });
});
