/** Replaced by the ConText assertion engine (tasks/assertion); kept so that old imports resolve. */
export { markAssertions } from './assertion/context';
export type { AssertionContext, AssertionOptions } from './assertion/context';
