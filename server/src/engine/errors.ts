/**
 * Failures that are no model's doing. A `ModelError` (types.ts) is something the model
 * server did or did not do: it is shown as such and may be retried with backoff. Anything
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
 * A corpus, file or choice of options an evaluation cannot score: neither a bug nor a model
 * failure, but the user's input; the command line shows it as a usage error.
 */
export class EvaluationInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EvaluationInputError';
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
