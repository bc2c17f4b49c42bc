/**
 * Recorded answers: a backend that asks no model. It answers each request from a file of
 * answers recorded for the bundled example notes (`examples/recorded/answers.json`, written
 * by scripts/record-examples.mjs from hand-written gold annotations of those notes), so a
 * newcomer sees what the model would do before downloading one.
 *
 * - A request is found by its content (the prompt, or the chat messages and format), so the
 *   answer is the one recorded for exactly that question; the rest of the engine (parsing,
 *   alignment, relations, NLI) runs as with a model.
 * - A question the file does not hold fails with "no recorded answer": nothing is made up.
 * - Its Serving names the model "recorded", so recorded answers never share cache keys with
 *   a real model's; the prompt layout follows the model the answers were recorded as.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModelAnswer, ModelError, ModelRequest } from '../types';
import { Probe, Serving, ServingBackend } from './backend';

/** The header the file carries: another format (or version) is refused, not guessed at. */
export const RECORDED_FORMAT = 'biomed-nlp recorded answers';
const RECORDED_VERSION = 1;

/** The model name recorded answers are served as (in cache keys, outputs and the status). */
export const RECORDED_MODEL = 'recorded';

/** What a question without a recording fails with. */
export const NOT_RECORDED = 'no recorded answer: recorded answers cover only the bundled examples';

/** The answers file as the script writes it. */
export interface RecordedFile {
  format: string;
  version: number;
  /** The model (and so the prompt layout) the answers stand for. */
  model: string;
  /** Request key (recordedKey) -> the answer's text, as the model writes it. */
  answers: Record<string, string>;
}

/** The shipped answers: examples/ beside dist/ (the bundles run from dist/, and the package ships examples/). */
export function defaultRecordedFile(): string {
  return path.resolve(__dirname, '..', 'examples', 'recorded', 'answers.json');
}

/** A request's key: what decides its answer (the prompt, or the messages and format), hashed. */
export function recordedKey(request: ModelRequest): string {
  const content =
    request.kind === 'generate' ? `generate\u0000${request.prompt}` : `chat\u0000${JSON.stringify(request.messages)}\u0000${JSON.stringify(request.format)}`;
  return createHash('sha256').update(content).digest('hex');
}

/** Reads and checks an answers file; throws a ModelError saying what is wrong with it. */
export function readRecordedFile(file: string): RecordedFile {
  let parsed: Partial<RecordedFile>;
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<RecordedFile>;
  } catch (err) {
    throw new ModelError('model-missing', `recorded answers ${file} cannot be read (${(err as Error).message})`);
  }
  if (
    parsed?.format !== RECORDED_FORMAT ||
    parsed.version !== RECORDED_VERSION ||
    typeof parsed.model !== 'string' ||
    typeof parsed.answers !== 'object' ||
    !parsed.answers
  )
    throw new ModelError('model-missing', `${file} is not a file of recorded answers (${RECORDED_FORMAT}, version ${RECORDED_VERSION})`);
  return parsed as RecordedFile;
}

export class RecordedBackend implements ServingBackend {
  private loaded: RecordedFile | undefined;

  constructor(
    readonly file: string,
    /** The model the prompts are written for when the file cannot be read (the configured one). */
    private readonly fallbackModel: string,
  ) {}

  get description(): string {
    return `recorded answers (${this.file})`;
  }

  private answers(): RecordedFile {
    return (this.loaded ??= readRecordedFile(this.file));
  }

  serving(): Serving {
    let promptModel = this.fallbackModel;
    try {
      promptModel = this.answers().model;
    } catch {
      // Said when a question is asked (generate, probe).
    }
    return { engine: 'recorded', host: this.file, model: RECORDED_MODEL, promptModel };
  }

  async probe(): Promise<Probe> {
    try {
      this.answers();
      return { reachable: true, modelPresent: true };
    } catch (err) {
      return { reachable: true, modelPresent: false, error: err as ModelError };
    }
  }

  async generate(request: ModelRequest, signal: AbortSignal): Promise<ModelAnswer> {
    if (signal.aborted) throw new ModelError('cancelled', 'cancelled');
    const text = this.answers().answers[recordedKey(request)];
    if (text === undefined) throw new ModelError('not-recorded', NOT_RECORDED);
    return { text, doneReason: 'stop', promptTokens: 0, evalTokens: 0, evalMs: 0 };
  }
}
