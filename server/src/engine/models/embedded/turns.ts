/**
 * Who may use the embedded runtime now, first come first served. A job either has it alone
 * (loading another model, releasing it, embedding) or shares it with jobs of its own group:
 * requests to one loaded model, up to its number of context sequences, which node-llama-cpp
 * decodes together (batching.ts). A request that comes while its group runs joins at once
 * when a sequence is free, unless a job that needs the runtime alone waits before it.
 */
import { ModelError } from '../../types';

export function cancelled(): ModelError {
  return new ModelError('cancelled', 'The request was cancelled because the text changed.');
}

interface Waiter {
  /** undefined: the job needs the runtime alone. */
  group: string | undefined;
  /** How many jobs of the group may run at once. */
  width: number;
  start(): void;
}

export class Turns {
  private holders = 0;
  private group: string | undefined;
  private readonly waiting: Waiter[] = [];

  /** Jobs running now. */
  get running(): number {
    return this.holders;
  }

  /**
   * Runs `job` in its turn. A job whose signal aborts while it waits never runs; the promise
   * of a cancelled job rejects at once (a running one is stopped by its own use of the signal).
   */
  run<T>(group: string | undefined, width: number, signal: AbortSignal, job: () => Promise<T>): Promise<T> {
    if (signal.aborted) return Promise.reject(cancelled());
    return new Promise<T>((resolve, reject) => {
      const onAbort = () => {
        const i = this.waiting.indexOf(waiter);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(cancelled());
        this.pump();
      };
      const waiter: Waiter = {
        group,
        width: Math.max(1, width),
        start: () => {
          this.holders++;
          this.group = group;
          // The job is started after the current turn code, never inside pump's loop.
          void Promise.resolve()
            .then(job)
            .then(resolve, reject)
            .finally(() => {
              signal.removeEventListener('abort', onAbort);
              this.holders--;
              this.pump();
            });
        },
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.waiting.push(waiter);
      this.pump();
    });
  }

  private pump(): void {
    while (this.waiting.length > 0) {
      const next = this.waiting[0];
      const fits = this.holders === 0 || (next.group !== undefined && next.group === this.group && this.holders < next.width);
      if (!fits) return;
      this.waiting.shift();
      next.start();
    }
  }
}
