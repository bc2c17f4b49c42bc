/**
 * NLI work: each statement of the summary sections gets its premises and one item per
 * premise, chosen by evidence retrieval (retrieval/evidence.ts); and a user's check of any
 * statement (`checkStatement`). The planner owns the plans and the wait for embeddings.
 */
import { performance } from 'node:perf_hooks';
import { nextSlice } from '../../foreground';
import type { Embedder, FeatureCache } from '../features';
import { cachedCall, EngineContext } from '../modelCall';
import { PRIORITY_USER_REQUEST, Task } from '../taskTable';
import { callFor, shieldedTexts } from '../phiShield';
import { aggregate, hypothesisIndexes, NliLabel, terms, Verdict } from '../../tasks/nli';
import { EntityFeatures, entityFeatures, EvidenceCandidate } from '../../retrieval/evidence';
import { EvidenceIndex } from '../../retrieval/evidenceIndex';
import type { NliParse } from '../../profiles/profile';
import { SentenceIndex } from './indexes';
import type { Layout } from './layout';
import type { Ledger } from './ledger';
import type { Views } from './views';
import { AnalysisConfig, HypothesisPlan, SentenceItem, statementRefusal } from './types';

/** How long sentence embeddings may take before NLI goes on without them. */
const EMBED_TIMEOUT_MS = 60_000;

/** What the planner asks of the analysis's lifecycle. */
export interface NliHooks {
  /** Started and not disposed: work may be sent. */
  live(): boolean;
  disposed(): boolean;
  /** Something shown changed outside an item's answer (embeddings arrived). */
  progress(): void;
}

/**
 * A statement's premises come from the sentences at most this many sentences before or after
 * it. A long clinical note (100,000 characters) has about 1,500 sentences, so within a note
 * nothing changes; a file of many notes (tens of megabytes under a raised
 * maxDocumentLength) is no longer ranked whole for each of its thousands of statements.
 */
export const EVIDENCE_REACH = 2_000;

/** Work (sentences read) between two turns of the event loop when a long note is planned in slices. */
export const PLAN_SLICE = 1_000;
/** The most time a slice takes, checked after each step. */
const PLAN_SLICE_MS = 8;
/** Sentences read between the planning's checks of its slice. */
const STEP = 25;
/** Ranking one statement, counted in sentences read (it scores up to EVIDENCE_REACH sentences either side, through the index). */
const STATEMENT_WORK = 20;

export class NliPlanner {
  /** The plans, in statement order; undefined until planned or carried over. */
  plans: HypothesisPlan[] | undefined;
  /** Premises chosen for this version's statements (the plan carried over is provisional until then). */
  planned = false;
  /** The last planning knew every sentence's entities: it is final unless vectors arrive. */
  private plannedWithEntities = false;
  /** Sentence embeddings asked for and not in yet: the plan is re-ranked when they come. */
  awaitingVectors = false;
  /** Counts plannings begun: a sliced one stops when a newer one starts. */
  private generation = 0;
  /** A sliced planning under way that knows every sentence's entities: a later answer need not restart it. */
  private runningWithEntities = false;
  /** A sliced planning is under way: the analysis is not complete until it ends. */
  slicing = false;

  constructor(
    private readonly config: AnalysisConfig,
    private readonly ctx: EngineContext,
    private readonly features: FeatureCache,
    private readonly layout: Layout,
    private readonly ledger: Ledger,
    private readonly views: Views,
    private readonly hooks: NliHooks,
  ) {}

  /** The plan will not change any more by itself: entities settled, no embeddings awaited. */
  get final(): boolean {
    return this.plannedWithEntities && !this.awaitingVectors;
  }

  /** Entity work settled (answered or failed): a plan made without all entities is made again. */
  entitiesChanged(): void {
    if (this.planned && !this.plannedWithEntities && !this.runningWithEntities && this.ledger.nerSettled) this.replan();
  }

  /**
   * Each statement gets its premises from the words, concepts and quantities of the texts,
   * the entities known so far and the embeddings cached so far. Planned once typing pauses;
   * planned again when the last sentence's entities arrive and when asked-for embeddings
   * arrive, and a statement keeps its items unless its choice changed. Items are keyed by
   * both texts, so only new statement-premise pairs cost a model call, and they are sent
   * only once the choice is final, so a re-ranked choice wastes none.
   */
  plan(): void {
    this.generation++;
    this.slicing = false;
    const steps = this.planning();
    while (!steps.next().done);
  }

  /** A note this long is planned in slices (planInSlices): one pass over it would hold requests for a second. */
  get sliced(): boolean {
    return this.layout.sentences.length > PLAN_SLICE;
  }

  /**
   * As `plan`, PLAN_SLICE sentences (or statements ranked, each counted as STATEMENT_WORK)
   * at a time with the event loop free between slices, so that requests are answered
   * while a huge note is planned; the plans change at the end only, then `done`. A newer
   * planning or a disposed version abandons it.
   */
  planInSlices(done: () => void): void {
    const generation = ++this.generation;
    const steps = this.planning();
    this.slicing = true;
    const slice = () => {
      if (generation !== this.generation || this.hooks.disposed()) return;
      // PLAN_SLICE sentences or PLAN_SLICE_MS, whichever comes first (a slow or busy machine reads fewer).
      const until = performance.now() + PLAN_SLICE_MS;
      for (let work = 0; work < PLAN_SLICE && (work === 0 || performance.now() < until);) {
        const step = steps.next();
        if (step.done) {
          this.slicing = false;
          return done();
        }
        work += step.value;
      }
      nextSlice(slice);
    };
    slice();
  }

  /** The planning, yielding the work done since the last yield (sentences read; see planInSlices). */
  private *planning(): Generator<number, void> {
    const nli = this.config.nli;
    this.planned = true;
    if (!nli?.enabled) return;
    const { sentences } = this.layout;
    const withEntities = this.ledger.nerSettled;
    this.runningWithEntities = withEntities;
    // Sentences that read as instructions to the model (tasks/injection.ts) are neither
    // checked nor used as premises: a model that obeyed them would decide the finding.
    const injected = new Uint8Array(sentences.length);
    for (let i = 0; i < sentences.length; i++) {
      if (this.features.injection(sentences[i].text, sentences[i].section)) injected[i] = 1;
      if (i % STEP === STEP - 1) yield STEP;
    }
    const hypotheses = hypothesisIndexes(sentences, nli.sections).filter((h) => !injected[h]) as SentenceIndex[];
    yield STEP;
    const isHypothesis = new Uint8Array(sentences.length);
    for (const h of hypotheses) isHypothesis[h] = 1;
    const vectors = this.vectors(hypotheses.length > 0 ? sentences.filter((_, i) => !injected[i]).map((s) => s.text) : []);
    const evidenceOf = (index: number): EvidenceCandidate => {
      const text = sentences[index].text;
      return { index, text, features: this.features.terms(text), entities: this.entities(index as SentenceIndex), vector: vectors?.(text) };
    };
    const candidates: EvidenceCandidate[] = [];
    for (let i = 0; i < sentences.length; i++) {
      if (!isHypothesis[i] && !injected[i]) candidates.push(evidenceOf(i));
      if (i % STEP === STEP - 1) yield STEP;
    }
    const index = new EvidenceIndex(candidates, EVIDENCE_REACH, false);
    for (let from = 0; from < candidates.length; from += STEP) {
      index.postRange(from, Math.min(candidates.length, from + STEP));
      yield STEP;
    }
    const chosenOf: { h: SentenceIndex; chosen: SentenceIndex[]; why: HypothesisPlan['ranked'] }[] = [];
    for (const h of hypotheses) {
      const ranked = index.select(evidenceOf(h), nli.maxPremises, nli.budgetChars);
      chosenOf.push({ h, chosen: ranked.map((r) => r.index as SentenceIndex), why: new Map(ranked.map((r) => [r.index, r])) });
      yield STATEMENT_WORK;
    }
    // The plans change here at once (a sliced planning ends in this one turn).
    this.plannedWithEntities = withEntities;
    this.runningWithEntities = false;
    const carried = new Map((this.plans ?? []).map((p) => [p.hypothesis, p]));
    const plans = chosenOf.map(({ h, chosen, why }): HypothesisPlan => {
      const text = sentences[h].text;
      const before = carried.get(h);
      carried.delete(h);
      const same = before && !before.incomplete && before.items.length === chosen.length && before.items.every((item, i) => item.sentence === chosen[i]);
      if (same) {
        // The same premises: the items stay; only the reasons are brought up to date.
        before!.ranked = why;
        return before!;
      }
      const reused = new Map((before?.items ?? []).map((item) => [item.sentence, item]));
      const items = chosen.map((p) => {
        const item = reused.get(p);
        reused.delete(p);
        return item ?? this.ledger.addSentenceItem(p, { kind: 'nli', text: sentences[p].text, premise: sentences[p].text, hypothesis: text });
      });
      for (const item of reused.values()) this.ledger.unregister(item);
      return { hypothesis: h, items, ranked: why };
    });
    for (const plan of carried.values()) for (const item of plan.items) this.ledger.unregister(item);
    plans.forEach((plan, i) => plan.items.forEach((item) => (item.plan = i)));
    this.plans = plans;
    this.views.plansChanged();
  }

  /** Plans the statements again (entities or embeddings arrived) and sends the work a changed choice made. */
  replan(): void {
    if (!this.hooks.live()) return;
    const send = () => {
      if (!this.final) return;
      for (const plan of this.plans ?? []) for (const item of plan.items) if (item.state === 'waiting') this.ledger.request(item);
    };
    if (!this.sliced) {
      this.plan();
      send();
      return;
    }
    this.planInSlices(() => {
      send();
      this.hooks.progress();
    });
  }

  /**
   * The previous version's statements that are still here keep their premises until the
   * debounce re-plans them; a statement that lost a premise shows as pending meanwhile.
   * Nothing is ranked here: that is the costly part, done once typing pauses. With `at`
   * (wholesale carry-over) the items are here already and move with their sentences;
   * otherwise statements and premises are found again by text and their items adopted.
   */
  carry(previous: NliPlanner, from: { layout: Layout; ledger: Ledger }, at?: (sentence: SentenceIndex) => SentenceIndex | undefined): void {
    if (!previous.plans) return;
    const premiseAt = at ?? ((j: SentenceIndex) => this.layout.sentenceOfText(from.layout.sentences[j].text));
    const hypothesisAt = at ?? ((j: SentenceIndex) => this.layout.sentenceAt(from.layout.sentences[j]));
    const drop = (item: SentenceItem) => at && this.ledger.unregister(item);
    const plans: HypothesisPlan[] = [];
    const carried = new Set<number>();
    for (const plan of previous.plans) {
      const hypothesis = hypothesisAt(plan.hypothesis);
      // A statement written twice maps to its first place: one plan is carried, the other
      // is planned afresh at start (its items are released).
      if (hypothesis === undefined || carried.has(hypothesis)) {
        plan.items.forEach(drop);
        continue;
      }
      carried.add(hypothesis);
      const items: SentenceItem[] = [];
      let incomplete = !!plan.incomplete;
      for (const item of plan.items) {
        const premise = premiseAt(item.sentence);
        if (premise === undefined) {
          incomplete = true;
          drop(item);
        } else if (items.some((i) => i.sentence === premise)) {
          // Two premises of the same text (a sentence written twice) are one premise here.
          drop(item);
        } else if (at) {
          item.sentence = premise;
          items.push(item);
        } else items.push(this.ledger.adopt(premise, item, from.ledger));
      }
      plans.push({ hypothesis, items, incomplete });
    }
    plans.sort((a, b) => a.hypothesis - b.hypothesis);
    plans.forEach((plan, index) => plan.items.forEach((item) => (item.plan = index)));
    this.plans = plans;
  }

  /** What the model's NER found in a sentence, once its entity work is answered. */
  private entities(index: SentenceIndex): EntityFeatures | undefined {
    const mentions = this.views.sentenceMentions(index);
    return mentions && entityFeatures(mentions);
  }

  /** The serving backend's embeddings, if it gives any. */
  private embedder(): Embedder | undefined {
    const backend = this.ctx.backend as { embed?: Embedder['embed'] };
    const { ready } = this.ctx;
    return typeof backend.embed === 'function'
      ? {
          embed: async (texts, signal) => {
            if (ready) await ready();
            return backend.embed!.call(this.ctx.backend, shieldedTexts(texts, this.ctx.phiShield), signal);
          },
        }
      : undefined;
  }

  /**
   * The cached vector of a text, when an embedding model is set; asks for the ones `texts`
   * lack, and plans again when they arrive (or failed: the status says why, the plan stands).
   */
  private vectors(texts: readonly string[]): ((text: string) => Float32Array | undefined) | undefined {
    const model = this.config.nli?.embeddingModel;
    const embedder = this.embedder();
    if (!model || !embedder) return undefined;
    const store = this.features.embeddings;
    const waiting = store.fetch(embedder, model, texts, EMBED_TIMEOUT_MS);
    // A version asks for the same texts each time it plans: one re-plan when they arrive is enough.
    if (waiting && !this.awaitingVectors) {
      this.awaitingVectors = true;
      void waiting.then(() => {
        if (this.hooks.disposed()) return;
        this.awaitingVectors = false;
        this.replan();
        this.hooks.progress();
      });
    }
    return (text) => store.get(model, text);
  }

  /** Checks any statement against the note (see DocumentAnalysis.checkStatement). */
  async checkStatement(
    hypothesis: string,
    scope: { within?: { start: number; end: number }; exclude?: { start: number; end: number } },
    cancel?: AbortSignal,
  ): Promise<{ label: NliLabel; evidence: { start: number; end: number; text: string }[] }> {
    const refused = statementRefusal(hypothesis);
    if (refused) throw new RangeError(refused);
    const { text } = this.layout;
    const candidates: (EvidenceCandidate & { start: number; end: number })[] = [];
    this.layout.sentences.forEach((s, index) => {
      const start = scope.within ? Math.max(s.start, scope.within.start) : s.start;
      const end = scope.within ? Math.min(s.end, scope.within.end) : s.end;
      if (end <= start) return;
      if (scope.exclude && start < scope.exclude.end && scope.exclude.start < end) return;
      const part = text.slice(start, end).trim();
      // A sentence that reads as instructions to the model is never evidence.
      if (!part || this.features.injection(part, s.section)) return;
      const at = start + text.slice(start, end).indexOf(part);
      const whole = part === s.text;
      const entities = whole ? this.entities(index as SentenceIndex) : undefined;
      candidates.push({ index, text: part, start: at, end: at + part.length, features: this.features.terms(part), entities });
    });
    const max = this.config.nli?.maxPremises ?? 6;
    let chosen: typeof candidates;
    if (scope.within) {
      // A short selection is all premise: check it whole, whatever the word overlap.
      chosen = candidates.slice(0, max);
    } else {
      const model = this.config.nli?.embeddingModel;
      const embedder = this.embedder();
      if (model && embedder) {
        // The user waits: vectors for the statement and any sentence lacking one, or none if they fail.
        await this.features.embeddings.fetch(embedder, model, [hypothesis, ...candidates.map((c) => c.text)], EMBED_TIMEOUT_MS);
        for (const c of candidates) c.vector = this.features.embeddings.get(model, c.text);
      }
      const statement = { text: hypothesis, features: terms(hypothesis), vector: model ? this.features.embeddings.get(model, hypothesis) : undefined };
      const byIndex = new Map(candidates.map((c) => [c.index, c]));
      chosen = new EvidenceIndex(candidates).select(statement, max, this.config.nli?.budgetChars ?? 4000).map((r) => byIndex.get(r.index)!);
    }
    const verdicts = await Promise.all(chosen.map(async (c) => ({ premise: c, label: (await this.verdict(c.text, hypothesis, cancel)).label })));
    const usable = verdicts.filter((v): v is Verdict<(typeof chosen)[number]> => v.label !== undefined);
    const { label, evidence } = aggregate(usable);
    return { label, evidence: (label === 'neutral' ? [] : evidence).map(({ start, end, text }) => ({ start, end, text })) };
  }

  /** One premise-hypothesis verdict for a user's check: from the cache or a shared job. */
  private verdict(premise: string, hypothesis: string, cancel?: AbortSignal): Promise<NliParse> {
    const task: Task = { kind: 'nli', text: premise, premise, hypothesis };
    const call = callFor(task, this.config.profile, this.ctx.phiShield);
    // The user's priority holds only while the user waits: `cancel` releases it.
    return cachedCall(this.ctx, this.ledger.keyOf(task), PRIORITY_USER_REQUEST, task.kind, call.request, (a) => call.parse(a) as NliParse, cancel);
  }
}
