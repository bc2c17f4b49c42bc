/** The assertion rules' statuses for named mentions of a sentence, as the assertion tests ask them. */
import * as assert from 'node:assert/strict';
import { AssertionContext, markAssertions } from '../../server/src/engine/tasks/assertion/context';
import { ASSERTION_STATUSES, AssertionStatus, Mention } from '../../server/src/engine/types';

/** A problem mention of `text`, which must stand in `sentence` once. */
export function mentionOf(sentence: string, text: string): Mention {
  const start = sentence.indexOf(text);
  assert.ok(start >= 0 && sentence.indexOf(text, start + 1) < 0, `test set-up: ${text} once in ${sentence}`);
  return { start, end: start + text.length, type: 'problem', text };
}

/** The statuses of each named mention ([] = affirmed, the patient's, now). */
export function statusesOf(sentence: string, texts: readonly string[], context?: AssertionContext): Record<string, AssertionStatus[]> {
  const marked = markAssertions(
    sentence,
    texts.map((t) => mentionOf(sentence, t)),
    context,
  );
  return Object.fromEntries(marked.map((m, i) => [texts[i], ASSERTION_STATUSES.filter((s) => m[s])]));
}
