/**
 * Failures that are no model's doing. There are three kinds of failure: a `ModelError`
 * (types.ts) is something the model server did or did not do: it is shown as such and may be
 * retried with backoff. An `InputError` is the user's input, shown by its message. Anything
 * else thrown inside the engine (a TypeError in a parser, say) is a bug of the extension:
 * it keeps its stack, is logged with it, is shown as an internal error, and is never
 * retried with backoff nor dressed up as a model failure.
 */
import { ModelError } from './types';

/** An unexpected error, with where it happened; `cause` is the original error (stack kept). */
export class InternalError extends Error {
  constructor(
    readonly where: string,
    readonly cause: unknown,
  ) {
    super(`${where}: ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`);
    this.name = 'InternalError';
    if (cause instanceof Error && cause.stack) this.stack = `InternalError at ${where}, caused by ${cause.stack}`;
  }

  /** What a user is told: a bug of the extension, not of the model (the stack goes to the log). */
  get userMessage(): string {
    return `Internal error in Biomed NLP (a bug, not the model): ${this.message}. The log has the details.`;
  }
}

/**
 * What the user gave that cannot be used: a file, a corpus, a vocabulary source, a choice of
 * options, a file the engine must not write. Neither a bug nor a model failure: its message
 * names the input and says why, and a front end shows it as it is (the command line as a
 * usage error, the language server as a refusal). The engine's input errors (a note that is
 * not text, a vocabulary line it cannot read, a write it refuses) are all of this class.
 */
export class InputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InputError';
  }
}

/** What JavaScript throws for a programming error; the engine's and front ends' own refusals are plain Errors. */
const BUG_TYPES = [TypeError, RangeError, ReferenceError, SyntaxError, EvalError, URIError];

/** Whether `err` is a bug: an InternalError, what JavaScript throws for one, or a throw of something that is not an Error. */
export function isBug(err: unknown): boolean {
  if (err instanceof ModelError) return false;
  return err instanceof InternalError || BUG_TYPES.some((t) => err instanceof t) || !(err instanceof Error);
}

/** `err` as what it is: a model failure stays one; anything else becomes an InternalError. */
export function classifyError(err: unknown, where: string): ModelError | InternalError {
  if (err instanceof ModelError || err instanceof InternalError) return err;
  return new InternalError(where, err);
}
