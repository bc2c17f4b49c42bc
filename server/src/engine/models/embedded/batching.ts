/**
 * How node-llama-cpp fills each batch of a context with parallel sequences, and the count
 * of those batches. Every sequence of a context queues its evaluations (a prompt, the next
 * token, a jump-forward run); node-llama-cpp collects what is queued in one event-loop cycle
 * and calls this strategy once per batch it sends to llama.cpp (one model evaluation call,
 * `llama_decode`). The strategy is node-llama-cpp's own default, "maximumParallelism" (every
 * sequence gets an equal share of the batch, what is left goes to the ones that want more),
 * which that package does not export; counting here is what makes the batches visible.
 *
 * When the sequences queue matters as much. node-llama-cpp sends what is queued on the next
 * event-loop cycle and goes on while more is queued, but the requests do not queue in one
 * cycle: each token is sampled on a native thread and each request's promise resolves in a
 * cycle of its own, so two requests would take turns, one token each per call.
 * `gatherEvaluations` holds each evaluation until every sequence in use has queued its own,
 * so that the requests in flight step together.
 */
// Types only: erased from the output, so nothing loads node-llama-cpp until it is used.
type BatchItem = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).BatchItem;
type PrioritizedBatchItem = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).PrioritizedBatchItem;

/** Model evaluation calls and what went into them, counted across every context of a runtime. */
export interface EvaluationCount {
  /** Batches sent to llama.cpp (model evaluation calls). */
  calls: number;
  /** Tokens in them. */
  tokens: number;
  /** Sequences that had a part in them, summed over the batches (calls × mean sequences per batch). */
  sequenceSlots: number;
}

export function newEvaluationCount(): EvaluationCount {
  return { calls: 0, tokens: 0, sequenceSlots: 0 };
}

/** node-llama-cpp's maximumParallelism strategy over `items`, in a batch of `size` tokens, counted into `count`. */
export function countingStrategy(count: EvaluationCount) {
  return ({ items, size }: { items: readonly BatchItem[]; size: number }): PrioritizedBatchItem[] => {
    const chosen = maximumParallelism(items, size);
    count.calls++;
    for (const c of chosen) {
      const n = Math.min(Math.max(c.processAmount, 1), c.item.tokens.length);
      count.tokens += n;
      count.sequenceSlots++;
    }
    return chosen;
  };
}

function maximumParallelism(items: readonly BatchItem[], size: number): PrioritizedBatchItem[] {
  let left = size;
  const share = Math.floor(left / items.length);
  const out: PrioritizedBatchItem[] = [];
  const clipped: PrioritizedBatchItem[] = [];
  for (const item of items) {
    const chosen = { item, processAmount: Math.min(item.tokens.length, left, share) };
    out.push(chosen);
    left -= chosen.processAmount;
    if (chosen.processAmount < item.tokens.length) clipped.push(chosen);
    if (left === 0) break;
  }
  // What is left, shared out again (three passes), then to the highest priority first.
  for (let passes = 3; left > 0 && clipped.length > 0 && passes > 0; passes--) {
    const step = Math.ceil(left / clipped.length);
    for (let i = 0; i < clipped.length && left > 0; i++) {
      const more = Math.min(clipped[i].item.tokens.length - clipped[i].processAmount, left, step);
      clipped[i].processAmount += more;
      left -= more;
      if (clipped[i].processAmount === clipped[i].item.tokens.length) clipped.splice(i--, 1);
    }
  }
  clipped.sort((a, b) => b.item.evaluationPriority - a.item.evaluationPriority);
  for (let i = 0; i < clipped.length && left > 0; i++) {
    const more = Math.min(clipped[i].item.tokens.length - clipped[i].processAmount, left);
    clipped[i].processAmount += more;
    left -= more;
  }
  return out;
}

/** The longest the held evaluations wait for the next sequence in use to queue its own. */
export const MAX_WAIT_MS = 20;

/** node-llama-cpp's internal queueing of one sequence's evaluation (LlamaContext._decodeTokens, 3.21.1). */
type DecodeTokens = (item: { sequenceId: number }, mapper: unknown) => Promise<unknown>;

/**
 * Holds each sequence's evaluation until every sequence a request holds (`busy`) has queued
 * one, then queues them all at once, so that they go in one batch; when none more has
 * queued for MAX_WAIT_MS it queues what it holds (a request busy elsewhere, or a loaded
 * machine: then batches are smaller, and the counts of the bench vary). Returns `check`, to call when a request
 * gives its sequence back (those waiting may be all that is left).
 */
export function gatherEvaluations(context: object, busy: () => number, waitMs = MAX_WAIT_MS): { check: () => void } {
  const ctx = context as { _decodeTokens?: DecodeTokens };
  const original = ctx._decodeTokens?.bind(context);
  // Not there (another node-llama-cpp): batches as node-llama-cpp makes them.
  if (!original) return { check: () => undefined };
  const held = new Map<number, () => void>();
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    clearTimeout(timer);
    timer = undefined;
    const all = [...held.values()];
    held.clear();
    for (const send of all) send();
  };
  const check = () => {
    if (held.size > 0 && held.size >= busy()) flush();
  };
  ctx._decodeTokens = (item, mapper) =>
    new Promise((resolve, reject) => {
      const send = () => original(item, mapper).then(resolve, reject);
      // A sequence queues one evaluation at a time; should one queue twice, the first goes now.
      held.get(item.sequenceId)?.();
      held.set(item.sequenceId, send);
      // The wait starts again with each sequence that queues: others are still coming.
      clearTimeout(timer);
      timer = undefined;
      if (held.size >= busy()) flush();
      else timer = setTimeout(flush, waitMs);
    });
  return { check };
}
