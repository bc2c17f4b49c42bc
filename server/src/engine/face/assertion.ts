/**
 * The ConText assertion rules on their own (engine/index.ts `assertion`): the settings'
 * sources, the terms (defaults, a user's file), and marking mentions with them, for the
 * command line's `eval assertion` and its flags.
 */
export { ASSERTION_SOURCES } from '../tasks/assertion/context';
export type { AssertionSource } from '../tasks/assertion/context';
export { defaultTerms, resolveTermsPath, termsFromText } from '../tasks/assertion/terms';
export type { CompiledTerms } from '../tasks/assertion/terms';
export { assertionOptions } from '../pipeline/engine';
