/**
 * Corpus-scale input for `biomed annotate`: documents read one at a time from streamed
 * corpora (JSON lines, PubTator, stdin), and `--shard K/N`, which splits a corpus between
 * processes or machines that never talk to each other.
 *
 * What is streamed: JSON lines (a file or `-`, standard input) line by line and PubTator
 * record by record, pulled only when a worker is free, so the texts held at once are those
 * of the documents in flight. BioC JSON is one JSON value: it is parsed whole (its texts
 * are in memory for the run) and only its analysis and output are windowed.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { formats } from '../engine';
import { corpusDecoder, notText, readCorpusFile, UsageError } from './args';

const { mergeSkips, readDocuments, TITLE_LENGTH } = formats;
type AnnotatedDocument = formats.AnnotatedDocument;
type SkipCounts = formats.SkipCounts;

export interface Shard {
  /** 1-based: shard K of N. */
  k: number;
  n: number;
  /** `--shard auto`: where K/N came from, said to the user. */
  from?: string;
}

/** The variable a Kubernetes Indexed Job sets to its `completions` (Kubernetes has none of its own). */
export const SHARD_COUNT_VARIABLE = 'BIOMED_SHARD_COUNT';

/** `--shard K/N` with 1 ≤ K ≤ N, or `--shard auto` (shardFromEnvironment); undefined when not given. */
export function parseShard(value: unknown, help: string, env: NodeJS.ProcessEnv = process.env): Shard | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string' && value.trim() === 'auto') return shardFromEnvironment(env, help);
  const m = typeof value === 'string' ? /^(\d{1,9})\/(\d{1,9})$/.exec(value.trim()) : null;
  const k = m ? Number(m[1]) : NaN;
  const n = m ? Number(m[2]) : NaN;
  if (!m || n < 1 || k < 1 || k > n) {
    throw new UsageError(`--shard takes K/N, shard K of N with 1 <= K <= N (e.g. --shard 1/4 ... --shard 4/4), or auto (got "${value}")`, help);
  }
  return { k, n };
}

/**
 * `--shard auto`: K/N from the job scheduler that started this process.
 *
 * - A Slurm array task: K = (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN) / SLURM_ARRAY_TASK_STEP + 1
 *   and N = SLURM_ARRAY_TASK_COUNT, so `--array=0-7`, `--array=1-8` and `--array=0-14:2` are
 *   all shards 1..8 of 8. An array whose indexes are not evenly spaced (`--array=1,4,9`) is refused.
 * - A Kubernetes Indexed Job: K = JOB_COMPLETION_INDEX + 1 and N = BIOMED_SHARD_COUNT, which
 *   the job file sets to its `completions` (Kubernetes does not put that in the environment).
 */
export function shardFromEnvironment(env: NodeJS.ProcessEnv, help: string): Shard {
  const whole = (name: string): number | undefined => {
    const v = env[name]?.trim();
    if (v === undefined || v === '') return undefined;
    if (!/^\d{1,9}$/.test(v)) throw new UsageError(`--shard auto: ${name} is "${v}", not a whole number.`, help);
    return Number(v);
  };
  const id = whole('SLURM_ARRAY_TASK_ID');
  if (id !== undefined) {
    const count = whole('SLURM_ARRAY_TASK_COUNT');
    const min = whole('SLURM_ARRAY_TASK_MIN') ?? 0;
    const step = Math.max(1, whole('SLURM_ARRAY_TASK_STEP') ?? 1);
    const seen = `SLURM_ARRAY_TASK_ID=${id}, SLURM_ARRAY_TASK_MIN=${min}, SLURM_ARRAY_TASK_COUNT=${count ?? '(not set)'}${step > 1 ? `, SLURM_ARRAY_TASK_STEP=${step}` : ''}`;
    const k = (id - min) / step + 1;
    if (count === undefined || count < 1 || !Number.isInteger(k) || k < 1 || k > count) {
      throw new UsageError(
        `--shard auto: this Slurm array task's index does not give a shard (${seen}): use an array of evenly spaced indexes (--array=0-7 or 1-8), or --shard K/N.`,
        help,
      );
    }
    return { k, n: count, from: `the Slurm array task (${seen})` };
  }
  const index = whole('JOB_COMPLETION_INDEX');
  if (index !== undefined) {
    const count = whole(SHARD_COUNT_VARIABLE);
    if (count === undefined || count < 1 || index >= count) {
      throw new UsageError(
        `--shard auto: a Kubernetes Indexed Job's JOB_COMPLETION_INDEX is ${index}, and ${SHARD_COUNT_VARIABLE} ${count === undefined ? 'is not set' : `is ${count}`}: set ${SHARD_COUNT_VARIABLE} in the job file to its completions (Kubernetes does not say it).`,
        help,
      );
    }
    return { k: index + 1, n: count, from: `the Kubernetes Indexed Job (JOB_COMPLETION_INDEX=${index}, ${SHARD_COUNT_VARIABLE}=${count})` };
  }
  throw new UsageError(
    `--shard auto finds its shard in a Slurm array task (SLURM_ARRAY_TASK_ID, SLURM_ARRAY_TASK_COUNT) or a Kubernetes Indexed Job (JOB_COMPLETION_INDEX with ${SHARD_COUNT_VARIABLE}); none is set here: give --shard K/N.`,
    help,
  );
}

/**
 * The shard (0-based) of a document: the first four bytes of SHA-256 of its id (UTF-8),
 * big-endian, modulo N. It depends on the id alone, not on the listing order or on which
 * other documents exist, so every machine decides the same without talking to the others,
 * and adding documents to a corpus never moves the ones already assigned.
 */
export function shardOf(id: string, n: number): number {
  return createHash('sha256').update(id, 'utf8').digest().readUInt32BE(0) % n;
}

export function inShard(id: string, shard: Shard | undefined): boolean {
  return !shard || shardOf(id, shard.n) === shard.k - 1;
}

export type CorpusKind = 'jsonl' | 'pubtator' | 'bioc';

/** A file that holds many documents, by its name; `-` is JSON lines on standard input. */
export function corpusKindOf(file: string): CorpusKind | undefined {
  if (file === '-' || /\.jsonl$/i.test(file)) return 'jsonl';
  if (/\.pubtator$/i.test(file)) return 'pubtator';
  if (/\.bioc\.json$/i.test(file)) return 'bioc';
  return undefined;
}

/** Text of a stream, chunk by chunk, decoded as corpusDecoder says (a CorpusError for bytes that are not text). */
async function* decoded(source: string): AsyncGenerator<string> {
  const stream = source === '-' ? process.stdin : fs.createReadStream(source);
  let decoder: ReturnType<typeof corpusDecoder> | undefined;
  try {
    for await (const bytes of stream as AsyncIterable<Buffer>) {
      decoder ??= corpusDecoder(bytes);
      yield decoder.decode(bytes, { stream: true });
    }
    if (decoder) yield decoder.decode();
  } catch (err) {
    if (err instanceof TypeError && (err as NodeJS.ErrnoException).code === 'ERR_ENCODING_INVALID_ENCODED_DATA') throw notText(source);
    throw err;
  }
}

/** Lines of a stream, pulled chunk by chunk (the stream is paused while nobody asks for more). */
async function* lines(source: string): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of decoded(source)) {
    carry += chunk;
    let start = 0;
    let nl: number;
    while ((nl = carry.indexOf('\n', start)) >= 0) {
      yield carry.slice(start, nl).replace(/\r$/, '');
      start = nl + 1;
    }
    carry = carry.slice(start);
  }
  if (carry !== '') yield carry.replace(/\r$/, '');
}

/** PubTator records (the lines up to a blank line), one at a time. */
async function* records(source: string): AsyncGenerator<string> {
  let block: string[] = [];
  for await (const line of lines(source)) {
    if (line.trim() === '') {
      if (block.length) yield block.join('\n');
      block = [];
    } else block.push(line);
  }
  if (block.length) yield block.join('\n');
}

/**
 * The documents of a corpus file, one at a time, as its reader reads them (annotations
 * included: this also reads back annotate's own output). What is skipped is counted in
 * `skips`. A JSON line without an `id` takes its line number, as readJsonl does.
 */
export async function* readCorpus(source: string, kind: CorpusKind, skips: SkipCounts): AsyncGenerator<AnnotatedDocument> {
  if (kind === 'bioc') {
    // One JSON value: parsed whole (see the file comment).
    const r = readDocuments('bioc', readCorpusFile(source));
    mergeSkips(skips, r.skips);
    yield* r.documents;
    return;
  }
  if (kind === 'pubtator') {
    for await (const record of records(source)) {
      const r = readDocuments('pubtator', record);
      mergeSkips(skips, r.skips);
      yield* r.documents;
    }
    return;
  }
  let lineNo = 0;
  for await (const line of lines(source)) {
    lineNo++;
    if (line.trim() === '') continue;
    const r = readDocuments('jsonl', line);
    mergeSkips(skips, r.skips);
    for (const d of r.documents) {
      // The JSON lines reader numbers the lines of what it was given: here always 1.
      if (d.id === '1' && !hasId(line)) d.id = String(lineNo);
      yield d;
    }
  }
}

function hasId(line: string): boolean {
  const id = (JSON.parse(line) as { id?: unknown }).id;
  return typeof id === 'string' || typeof id === 'number';
}

/** What annotate keeps of an input document: its text and the infons its output needs (PubTator's title length). */
export function inputInfons(doc: AnnotatedDocument): Record<string, string> | undefined {
  const t = doc.infons?.[TITLE_LENGTH];
  return t !== undefined ? { [TITLE_LENGTH]: t } : undefined;
}

/**
 * Why an id from a corpus cannot name an output file (undefined when it can): output paths
 * are `<out>/<id>.<ext>`, so an id must stay below the output folder.
 */
export function unsafeId(id: string): string | undefined {
  if (id === '' || id.includes('\u0000')) return 'empty or with a NUL character';
  if (path.isAbsolute(id) || /^[a-zA-Z]:/.test(id)) return 'an absolute path';
  if (id.split(/[\\/]/).some((s) => s === '' || s === '.' || s === '..')) return 'a path with empty, "." or ".." parts';
  return undefined;
}
