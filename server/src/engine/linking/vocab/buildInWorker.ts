/**
 * A `.vocab` build off the main thread, for a process that must stay responsive while it
 * runs (the language server: a MEDIC build takes tens of seconds of synchronous work). The
 * worker runs the caller's own script (its bundle), whose entry first calls `serveBuildWorker()`
 * (which builds when the thread is such a worker); progress and the outcome come back as messages.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { buildVocabulary, BuildOptions, BuildProgress, BuildSummary } from './build';
import { InputError, InternalError } from '../../errors';
import { VocabInputError } from './sources/lines';

const MARK = 'biomedVocabularyBuild';

/** What a build in a worker takes: plain data (no callbacks, no synonyms). */
export type WorkerBuildOptions = Pick<BuildOptions, 'sources' | 'format' | 'out' | 'label' | 'tmpDir'>;

/**
 * The worker's failure in the caller's thread: the source's or the disk's fault is an
 * InputError (its message for the user); anything else is a bug, an InternalError with the
 * worker's stack.
 */
function buildFailure(error: { message: string; badInput: boolean; stack?: string }): Error {
  if (error.badInput) return new InputError(error.message);
  const cause = new Error(error.message);
  if (error.stack) cause.stack = error.stack;
  return new InternalError('vocabulary build (worker)', cause);
}

type Message = { progress: BuildProgress; percent: number } | { summary: BuildSummary } | { error: { message: string; badInput: boolean; stack?: string } };

/**
 * The worker's side, called first by the script `buildInWorker` runs: when this thread is
 * such a build, it builds, posting progress (each new percent or phase) and the summary or
 * the error, and says true (the script must then do nothing else); otherwise false.
 */
export function serveBuildWorker(): boolean {
  if (isMainThread || (workerData as Record<string, unknown> | null)?.[MARK] === undefined) return false;
  const options = (workerData as Record<string, WorkerBuildOptions>)[MARK];
  const post = (m: Message) => parentPort!.postMessage(m);
  let last = '';
  try {
    const summary = buildVocabulary({
      ...options,
      onProgress: (p, percent) => {
        const key = `${p.phase}:${percent}`;
        if (key !== last) post({ progress: p, percent });
        last = key;
      },
    });
    post({ summary });
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    // The source's own faults (a line it cannot read) and the file system's (no such file,
    // no room, no permission) are the user's to fix; anything else is a bug.
    const badInput = err instanceof VocabInputError || typeof e?.code === 'string';
    post({ error: { message: e?.message ?? String(err), badInput, stack: e?.stack } });
  }
  return true;
}

/** Builds `options.out` in a worker running `script`; `onProgress` gets the build's progress and its percent of the whole build. */
export function buildInWorker(script: string, options: WorkerBuildOptions, onProgress?: (p: BuildProgress, percent: number) => void): Promise<BuildSummary> {
  return new Promise((resolve, reject) => {
    let settled = false;
    const worker = new Worker(script, { workerData: { [MARK]: options } });
    const settle = (f: () => void) => {
      if (settled) return;
      settled = true;
      f();
    };
    worker.on('message', (m: Message) => {
      if ('progress' in m) onProgress?.(m.progress, m.percent);
      else if ('summary' in m) settle(() => resolve(m.summary));
      else settle(() => reject(buildFailure(m.error)));
    });
    worker.on('error', (err) => settle(() => reject(err)));
    worker.on('exit', (code) => settle(() => reject(new Error(`the vocabulary build stopped before it ended (exit code ${code})`))));
  });
}
