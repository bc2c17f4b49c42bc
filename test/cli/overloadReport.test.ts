/**
 * What `biomed annotate` says while the server's clock reports an overload
 * (cli/overloadWait.ts): the same lines go on a terminal (above the progress bar) and into
 * logs. Driven by a real ServerClock whose tries answer 429 as told.
 */
import * as assert from 'node:assert/strict';
import { duration, reportOverload } from '../../server/src/cli/overloadWait';
import { ServerClock } from '../../server/src/engine/pipeline/clock/serverClock';
import { ModelError } from '../../server/src/engine/types';

const never = new AbortController().signal;

describe('annotate: what it says while the model server is overloaded', () => {
  it('one line when the wait begins (status, next try, time of day, the bound), none for quick refusals after it, one when the server answers again', async () => {
    const clock = new ServerClock({ retryBaseMs: 5, probeBaseMs: 50, capMs: 200 });
    const lines: string[] = [];
    const stop = reportOverload(clock, 600, (line) => lines.push(line));
    let refusals = 3;
    const answer = await clock.send('ner', {} as never, never, async () => {
      if (refusals-- > 0) throw new ModelError('server-error', 'too many requests', 429, 20);
      return 'ok';
    });
    stop();
    assert.equal(answer, 'ok');
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(
      lines[0],
      /^waiting for the model server, which is overloaded \(HTTP 429 too many requests\): next try in about 1 s, at \d\d:\d\d:\d\d \(its Retry-After\); one request at a time until one succeeds; giving up in 10 min without an answer \(--max-wait 600\)$/,
    );
    assert.match(lines[1], /^the model server answers again, after 1 s of waiting$/);
  });

  it('says nothing when the server is never overloaded, nor after it stopped listening', async () => {
    const clock = new ServerClock({ retryBaseMs: 5, probeBaseMs: 50, capMs: 200 });
    const lines: string[] = [];
    const stop = reportOverload(clock, 600, (line) => lines.push(line));
    await clock.send('ner', {} as never, never, async () => 'ok');
    stop();
    let first = true;
    await clock.send('ner', {} as never, never, async () => {
      if (!first) return 'ok';
      first = false;
      throw new ModelError('server-error', 'server busy', 503, 5);
    });
    assert.deepEqual(lines, []);
  });

  it('durations in words', () => {
    assert.deepEqual([400, 4_000, 119_000, 120_000, 125_000, 600_000].map(duration), ['1 s', '4 s', '119 s', '2 min', '2 min 5 s', '10 min']);
  });
});
