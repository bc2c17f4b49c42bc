/** Command-line parsing on node:util's parseArgs, with usage errors that say what to do. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseArgs, ParseArgsConfig, TextDecoder } from 'node:util';
import { formats, notes } from '../engine';

const { describeSkips, totalSkipped } = formats;
const { isNoteFile } = notes;
type SkipCounts = formats.SkipCounts;

/** Exit code 2: the command line itself is wrong. */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly help?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export type Options = NonNullable<ParseArgsConfig['options']>;

export function parse(
  argv: string[],
  options: Options,
  help: string,
): { values: Record<string, string | boolean | string[] | undefined>; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options: { ...options, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
      allowNegative: true,
    });
    return { values: values as Record<string, string | boolean | string[] | undefined>, positionals };
  } catch (err) {
    throw new UsageError((err as Error).message.replace(/^TypeError \[[A-Z_]+\]: /, ''), help);
  }
}

export function intOption(value: unknown, name: string, min: number, help: string): number | undefined {
  if (value === undefined) return undefined;
  // Digits only: Number() would take '', ' ', '0x10', '1e3' and '12.0' too.
  const n = typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!Number.isSafeInteger(n) || n < min) throw new UsageError(`--${name} must be a whole number of at least ${min} (got "${value}")`, help);
  return n;
}

export function choice<T extends string>(value: unknown, name: string, allowed: readonly T[], help: string): T | undefined {
  if (value === undefined) return undefined;
  if (!allowed.includes(value as T)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')} (got "${value}")`, help);
  return value as T;
}

/**
 * The decoder for a corpus file's first bytes: UTF-16 with its byte order mark, else UTF-8
 * (its mark dropped); bytes that are not valid in it throw, so a wrong encoding is said, not
 * read as replacement characters or as lines of nothing.
 */
export function corpusDecoder(head: Buffer): TextDecoder {
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le', { fatal: true });
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be', { fatal: true });
  return new TextDecoder('utf-8', { fatal: true });
}

export const notText = (source: string) =>
  new CorpusError(`${source === '-' ? 'standard input' : source}: not valid UTF-8 (nor UTF-16 with a byte order mark); save it as UTF-8`);

/**
 * A corpus that is one file, decoded as corpusDecoder says (a CorpusError for bytes that are
 * not text); a folder given instead is a usage error (not EISDIR).
 */
export function readCorpusFile(file: string, help?: string): string {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EISDIR')
      throw new UsageError(`${file} is a folder; this corpus is one file (only BRAT corpora are folders).`, help);
    throw err;
  }
  try {
    return corpusDecoder(bytes).decode(bytes);
  } catch {
    throw notText(file);
  }
}

/**
 * Refuses an `--out` (or another option's output, `flag`) that would replace one of the
 * command's inputs (the same file by another name included): a typo there must not destroy
 * a corpus or a vocabulary.
 */
export function refuseOutOverInput(out: string, inputs: readonly string[], help: string, flag = '--out'): void {
  let target: fs.Stats;
  try {
    target = fs.statSync(out);
  } catch {
    return; // Nothing there yet.
  }
  for (const input of inputs) {
    let s: fs.Stats;
    try {
      s = fs.statSync(input);
    } catch {
      continue;
    }
    if (s.dev === target.dev && s.ino === target.ino) throw new UsageError(`${flag} ${out} is an input of this command (${input}): choose another file.`, help);
    // A folder's notes and .ann files are what a folder corpus is made of.
    const within = path.relative(path.resolve(input), path.resolve(out));
    if (s.isDirectory() && within.split(path.sep)[0] !== '..' && !path.isAbsolute(within) && (isNoteFile(out.toLowerCase()) || /\.ann$/i.test(out)))
      throw new UsageError(`${flag} ${out} is a file of the folder ${input}, an input of this command: choose another file.`, help);
  }
}

/** --strict, for the commands that read corpora: any skipped line is an error. */
export const STRICT_HELP = `  --strict               refuse a corpus with lines the reader skips (bad offsets, invalid tags,
                         truncated lines, text mismatches, bad JSON): exit 1 naming the file`;

/** A corpus reader skipped something: raised by --strict (exit 1, not a usage error). */
export class CorpusError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CorpusError';
  }
}

/**
 * Says on stderr what a reader skipped in one file ("corpus.txt: skipped 3 lines (2 bad
 * offsets, 1 invalid tag)"); with strict, any skip is an error naming the file and counts.
 */
export function reportSkips(file: string, skips: SkipCounts, unit: string, strict: boolean): void {
  const n = totalSkipped(skips);
  if (n === 0) return;
  const line = `${file}: skipped ${n} ${n === 1 ? unit.replace(/s$/, '') : unit} (${describeSkips(skips)})`;
  if (strict) throw new CorpusError(`${line}; --strict refuses a corpus with skipped ${unit}.`);
  console.error(line);
}
