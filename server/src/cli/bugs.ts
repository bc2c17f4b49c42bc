/**
 * The command line's internal-error hook: an unexpected error (a bug of biomed, never the
 * model's doing) is said to be one, and its stack goes to the log, which for the command
 * line is standard error. A model failure keeps its own message.
 */
import { isBug } from '../engine';

/**
 * Logs `err` as a bug with its stack on standard error (`where`: the document or item it
 * happened on) and returns the one line the command's summary shows for it.
 */
export function reportBug(where: string, err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const stack = err instanceof Error && err.stack ? err.stack : message;
  process.stderr.write(`biomed: internal error (a bug) at ${where}; please report it with this stack:\n${stack}\n`);
  return `internal error (a bug): ${message}`;
}

/** What the command says of a failure: a bug as a bug (its stack logged), anything else by its message. */
export function failureMessage(where: string, err: unknown): string {
  return isBug(err) ? reportBug(where, err) : (err as Error).message;
}
