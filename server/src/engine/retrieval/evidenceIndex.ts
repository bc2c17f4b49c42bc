/**
 * The evidence index: `selectEvidence(rankEvidence(...))` for many statements of one note,
 * each scored against the sentences that share something with it (evidence.ts says how a
 * premise is scored; this module only finds the same choice faster).
 */
import { embeddingScores, EvidenceCandidate, EvidenceText, RankedPremise, rankedPremise, WEIGHTS } from './evidence';

/**
 * `selectEvidence(rankEvidence(...))` over a whole note at once: an inverted index from
 * stems, concepts, quantities and entities to the sentences, so a statement is scored
 * against the sentences that share something with it instead of against all of them
 * (embeddings, when there are vectors, are compared with every sentence). Build it once per
 * planning; the features come from the per-text cache.
 */
export class EvidenceIndex {
  private readonly postings = new Map<string, number[]>();
  /** One select's scores by candidate position (0: not touched), and the positions it touched: kept, and cleared after each. */
  private readonly scores: Float64Array;
  private readonly touched: Int32Array;
  /** Candidate positions in note order (sorted once; a note's sentences come in order already). */
  private readonly order: number[];
  /** Whether the candidates come in note order (as a planner gives them): `reach` applies only then. */
  private readonly inOrder: boolean;

  /**
   * `reach`: a statement's premises come from the sentences at most this many sentences
   * before or after it (default: the whole note). A note of millions of characters (many
   * notes in one file) would otherwise rank every sentence for every statement.
   */
  constructor(
    private readonly candidates: readonly EvidenceCandidate[],
    private readonly reach = Infinity,
    /** False: the caller posts the candidates (`post`, in order, all before a select), a slice at a time. */
    postAll = true,
  ) {
    this.scores = new Float64Array(candidates.length);
    this.touched = new Int32Array(candidates.length);
    this.order = candidates.map((_, at) => at).sort((a, b) => candidates[a].index - candidates[b].index);
    this.inOrder = candidates.every((c, at) => at === 0 || candidates[at - 1].index <= c.index);
    if (postAll) this.postRange(0, candidates.length);
  }

  /** Indexes the candidates at positions from..to-1 (each once, in order). */
  postRange(from: number, to: number): void {
    for (let at = from; at < to; at++) {
      const c = this.candidates[at];
      for (const s of c.features.stems) this.post(`s${s}`, at);
      for (const k of c.features.concepts) this.post(`c${k}`, at);
      for (const q of c.features.quantities) this.post(`q${q}`, at);
      for (const q of c.features.values) this.post(`v${q}`, at);
      for (const t of c.entities?.texts ?? []) this.post(`e${t}`, at);
      for (const t of c.entities?.types ?? []) this.post(`t${t}`, at);
    }
  }

  get size(): number {
    return this.candidates.length;
  }

  select(statement: EvidenceText, max: number, budgetChars: number): RankedPremise[] {
    const { scores, touched } = this;
    let count = 0;
    const [from, to] = this.window(statement.index);
    const bounded = from > 0 || to < this.candidates.length;
    // Every weight is above 0, so a score of 0 is a candidate not touched yet.
    const bump = (at: number, weight: number) => {
      if (scores[at] === 0) touched[count++] = at;
      scores[at] += weight;
    };
    const add = (key: string, weight: number) => {
      const list = this.postings.get(key);
      if (!list) return;
      // Only the candidates in reach: the part of the list (ascending) between `from` and `to`.
      for (let k = bounded ? lowerBound(list, from) : 0; k < list.length && list[k] < to; k++) bump(list[k], weight);
    };
    try {
      const f = statement.features;
      for (const s of f.stems) add(`s${s}`, WEIGHTS.word);
      for (const k of f.concepts) add(`c${k}`, WEIGHTS.concept);
      for (const q of f.quantities) add(`q${q}`, WEIGHTS.quantity);
      for (const q of f.quantities) add(`v${q}`, WEIGHTS.value);
      if (statement.entities) {
        // Entity reasons count only between sentences whose entities are both known.
        for (const t of statement.entities.texts) add(`e${t}`, WEIGHTS.entity);
        for (const t of statement.entities.types) add(`t${t}`, WEIGHTS.entityType);
      }
      const scored = statement.vector ? embeddingScores(statement, bounded ? this.candidates.slice(from, to) : this.candidates) : undefined;
      const emb = scored && bounded ? [...new Array<undefined>(from), ...scored] : scored;
      if (emb) emb.forEach((e, at) => e && e.score > 0 && bump(at, e.score));
      const taken = this.takeRelated(count, max, budgetChars);
      // Then the unrelated, nearest first, while there is room.
      for (const at of this.nearest(statement.index)) {
        if (bounded && (at < from || at >= to)) break;
        if (!(scores[at] > 0) && !taken.offer(at)) break;
      }
      // Reasons for the chosen few only, from the same scoring the plain ranking uses.
      return taken.out.map((at) => rankedPremise(statement, this.candidates[at], emb?.[at])).sort((a, b) => a.index - b.index);
    } finally {
      for (let i = 0; i < count; i++) scores[touched[i]] = 0;
    }
  }

  /**
   * Candidates taken as selectEvidence takes a ranking: at most `max`, within `budgetChars`
   * of text (the first whatever its length). `offer` is false once `max` are taken.
   */
  private budget(max: number, budgetChars: number): { out: number[]; offer(at: number): boolean } {
    const out: number[] = [];
    let used = 0;
    return {
      out,
      offer: (at) => {
        if (out.length >= max) return false;
        const len = this.candidates[at].text.length;
        if (used + len > budgetChars && out.length > 0) return true;
        out.push(at);
        used += len;
        return true;
      },
    };
  }

  /**
   * The related candidates (the first `count` of `touched`) taken best first. Only the best
   * few are ranked (more only when the budget skipped them all), not every candidate that
   * shares a word with the statement.
   */
  private takeRelated(count: number, max: number, budgetChars: number): ReturnType<EvidenceIndex['budget']> {
    const { scores, touched, candidates } = this;
    const before = (a: number, b: number) => scores[b] - scores[a] || candidates[a].index - candidates[b].index;
    for (let k = max * 2; ; k *= 4) {
      // The best k, in order: one pass, inserting into a short sorted list.
      const best: number[] = [];
      for (let i = 0; i < count; i++) {
        const at = touched[i];
        if (best.length === k && before(at, best[k - 1]) >= 0) continue;
        let j = Math.min(best.length, k - 1);
        while (j > 0 && before(at, best[j - 1]) < 0) j--;
        best.splice(j, 0, at);
        if (best.length > k) best.pop();
      }
      const taken = this.budget(max, budgetChars);
      for (const at of best) if (!taken.offer(at)) break;
      if (taken.out.length >= max || count <= k) return taken;
    }
  }

  /** Every candidate, nearest to the note position `index` first (ties: the earlier), as byNearness orders them. */
  private *nearest(index: number | undefined): Generator<number> {
    const { order, candidates } = this;
    const n = order.length;
    if (index === undefined) {
      yield* order;
      return;
    }
    // Walking out from the statement's place costs what is taken, not a sort of the whole note.
    let hi = 0;
    for (let span = n; span > 0;) {
      const half = span >> 1;
      if (candidates[order[hi + half]].index < index) {
        hi += half + 1;
        span -= half + 1;
      } else span = half;
    }
    let lo = hi - 1;
    while (lo >= 0 || hi < n) {
      const below = lo >= 0 ? index - candidates[order[lo]].index : Infinity;
      const above = hi < n ? candidates[order[hi]].index - index : Infinity;
      yield order[above < below ? hi++ : lo--];
    }
  }

  /** The candidates in reach of a statement at note position `index`: positions [from, to) (all when they are not in note order). */
  private window(index: number | undefined): [number, number] {
    const n = this.candidates.length;
    if (index === undefined || !(this.reach < Infinity) || !this.inOrder) return [0, n];
    const first = (min: number) => {
      let lo = 0;
      let hi = n;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (this.candidates[mid].index < min) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    return [first(index - this.reach), first(index + this.reach + 1)];
  }

  private post(key: string, at: number): void {
    const list = this.postings.get(key);
    if (list) list.push(at);
    else this.postings.set(key, [at]);
  }
}

/** The first place in an ascending list whose value is at least `min`. */
function lowerBound(list: readonly number[], min: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid] < min) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
