/**
 * A bug on purpose, for tests of how a front end reports one (an internal error, with its
 * stack, never a model failure). Only the environment variable `BIOMED_TEST_FAULT` turns it
 * on, naming the place; unset, or naming another place, it does nothing. Not a setting nor a
 * flag, and not documented for users: no one but a test sets it.
 */
export type FaultPlace = 'parse';

/** Throws a plain TypeError (what a real bug throws) when `BIOMED_TEST_FAULT` names `place`. */
export function testFault(place: FaultPlace): void {
  if (process.env.BIOMED_TEST_FAULT === place) throw new TypeError(`BIOMED_TEST_FAULT=${place}: a bug provoked by a test`);
}
