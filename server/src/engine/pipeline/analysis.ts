/**
 * The analysis of one document version: its sentences, the model work they need, and
 * the results so far. One place decides what to (re)compute: every work item is keyed by
 * its content, so unchanged sentences come from the cache or join the job already in
 * flight, and only changed sentences cost a model call. Relation work for a sentence is
 * planned once its entities are known, and runs after entity work.
 */
import { FeatureCache } from './features';
import { cachedCall, callModel, EngineContext } from './modelCall';
import { layoutOf, PRIORITY_USER_REQUEST, Result, specOf, Task, TaskKind } from './taskTable';
import { markAssertions } from '../tasks/negation';
import type { AssertionOptions } from '../tasks/assertion/context';
import { aggregate, hypothesisIndexes, NliLabel, PremiseCandidate, PremiseIndex, Terms, terms, Verdict } from '../tasks/nli';
import { NerParse, NliParse, Profile, RelationParse } from '../profiles/profile';
import { candidatePairs, noneLabel, RelationUnit, relationUnits } from '../tasks/relations';
import { Ticket } from './scheduler';
import { segment, Segment } from '../text/segment';
import { Token } from '../text/tokenize';
import { EntityType, Mention, ModelError } from '../types';

/** What one document's analysis asks for: derived from the engine configuration (config.ts). */
export interface AnalysisConfig {
  /** The model that serves: part of every cache key. */
  model: string;
  profile: Profile;
  /** Types the user wants shown; they decide which requests are made. */
  entityTypes: readonly EntityType[];
  /** `untrainedLayout`: the layout pairs outside `profile.relationKinds` are asked in (else they are skipped). */
  relations?: { enabled: boolean; maxPairsPerSentence: number; untrainedLayout?: Profile };
  /** `budgetChars`: how much premise text one hypothesis may be checked against. */
  nli?: { enabled: boolean; sections: readonly string[]; maxPremises: number; budgetChars: number };
  /** Longer sentences are split by segmentation into pieces that fit the context (config.ts maxSentenceChars). */
  maxSentenceChars?: number;
  /** ConText assertion statuses (tasks/assertion); absent: on, default terms, rules only. */
  assertion?: AssertionOptions;
}

/** A relation between two entities of one sentence, in document offsets. */
export interface Relation {
  label: string;
  head: Mention;
  tail: Mention;
  sentence: { start: number; end: number };
  /** Asked in another layout than the model was trained on for this kind of pair (shown as such). */
  untrained?: boolean;
}

export type RelationState = 'none' | 'pending' | 'done' | 'failed';

/** The verdict on one statement of a summary section. */
export interface NliFinding {
  hypothesis: Segment;
  state: 'pending' | 'done' | 'failed';
  label?: NliLabel;
  /** The premise sentences behind the verdict. */
  evidence: Segment[];
}

/** One statement's premises and their NLI work; `finding` is the aggregated verdict, kept until an item changes. */
interface HypothesisPlan {
  hypothesis: number;
  items: WorkItem[];
  /** Carried over from the previous version and not re-planned yet: a premise it had is gone. */
  incomplete?: boolean;
  finding?: NliFinding;
}

type ItemState = 'waiting' | 'pending' | 'done' | 'failed';
const STATES: readonly ItemState[] = ['waiting', 'pending', 'done', 'failed'];

interface WorkItem {
  /** The sentence (entity work, NLI premise) or the relation unit (relation work). */
  sentence: number;
  /** What is asked, with its text. */
  task: Task;
  key: string;
  state: ItemState;
  result?: Result;
  /** The model job this item waits on (handed to the next version with the item). */
  job?: Job;
  /** The NLI plan the item serves (its index in the plan list). */
  plan?: number;
}

/**
 * A job an item waits on. Its answer goes to whoever owns it when it settles: an edit hands
 * unfinished jobs of unchanged sentences to the new version by changing the owner, so a
 * keystroke costs no new promise or scheduler hold per sentence still in flight.
 */
interface Job {
  ticket: Ticket<unknown>;
  owner: DocumentAnalysis;
  item: WorkItem;
}

export interface AnalysisListener {
  /** Results or counts changed. */
  onProgress?(analysis: DocumentAnalysis): void;
  /** An item failed for a reason other than being stale. */
  onError?(analysis: DocumentAnalysis, error: ModelError, task: TaskKind): void;
}

/** The longest statement `checkStatement` takes (characters): a statement, not a document. */
export const MAX_STATEMENT_LENGTH = 2_000;

/** Why `hypothesis` is not checked, or undefined when it may be. */
export function statementRefusal(hypothesis: string): string | undefined {
  if (hypothesis.length <= MAX_STATEMENT_LENGTH) return undefined;
  return `The statement has ${hypothesis.length} characters; statements of up to ${MAX_STATEMENT_LENGTH.toLocaleString('en-US')} characters are checked. Select a shorter statement.`;
}

export class DocumentAnalysis {
  readonly sentences: Segment[];
  /** Spans relations are sought in: a sentence, or a whole numbered/bulleted list item. */
  readonly units: RelationUnit[];
  /** Bumped whenever an NLI finding may have changed, so publishers can skip unchanged ones. */
  findingsVersion = 0;
  private readonly items = new Set<WorkItem>();
  /** Entity work per sentence, so per-sentence questions do not scan every item. */
  private readonly nerItems: WorkItem[][] = [];
  /** Per sentence, its entity items not answered yet; a sentence is done at zero. */
  private readonly nerOpen: number[] = [];
  private nerDoneSentences = 0;
  /** Items per task and state, kept as items change so counts cost nothing to read. */
  private readonly counts: Record<TaskKind, Record<ItemState, number>> = {
    ner: { waiting: 0, pending: 0, done: 0, failed: 0 },
    re: { waiting: 0, pending: 0, done: 0, failed: 0 },
    nli: { waiting: 0, pending: 0, done: 0, failed: 0 },
  };
  private readonly unitOfSentence: number[] = [];
  /** Relation work per unit; undefined until the unit is planned. */
  private readonly relationItems: (WorkItem[] | undefined)[] = [];
  /** Per-sentence and per-unit views, rebuilt only for what an answer changed. */
  private readonly mentionCache: (Mention[] | undefined)[] = [];
  private readonly docMentionCache: (Mention[] | undefined)[] = [];
  private readonly unitRelationCache: (Relation[] | undefined)[] = [];
  private nliPlan: HypothesisPlan[] | undefined;
  /** Premises chosen for this version's statements (the plan carried over is provisional until then). */
  private nliPlanned = false;
  private disposed = false;
  private started = false;
  private visible: { start: number; end: number } | undefined;
  private entityCache: Mention[] | undefined;
  private relationCache: Relation[] | undefined;
  private findingCache: NliFinding[] | undefined;
  /** A corpus's own tokens per sentence (sentence offsets), for token-level layouts. */
  private readonly corpusTokens: (Token[] | undefined)[] = [];
  private readonly completionWaiters: (() => void)[] = [];
  private readonly features: FeatureCache;
  /** What decides the work besides the texts: analyses of equal signature can share their items. */
  readonly signature: string;
  private sentenceIndex: Map<string, number> | undefined;
  private unitIndex: Map<string, number> | undefined;
  lastError: ModelError | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly config: AnalysisConfig,
    private readonly ctx: EngineContext,
    private readonly listener: AnalysisListener = {},
    private readonly options: {
      ignoreCache?: boolean;
      /** A corpus's own sentence split (and tokens, document offsets) instead of the engine's. */
      sentences?: readonly { start: number; end: number; tokens?: readonly Token[] }[];
      /**
       * The document's previous version: the work of its unchanged sentences, units and
       * statements is taken over as it stands (answers, jobs in flight, derived views), so
       * an edit costs what it changed.
       */
      previous?: DocumentAnalysis;
    } = {},
  ) {
    this.features = ctx.features ??= new FeatureCache();
    this.signature = signatureOf(config);
    if (options.sentences) {
      this.sentences = options.sentences.map((s) => ({ start: s.start, end: s.end, text: text.slice(s.start, s.end), kind: 'sentence', section: '' }));
      this.corpusTokens = options.sentences.map((s) => s.tokens?.map((t) => ({ ...t, start: t.start - s.start, end: t.end - s.start })));
    } else {
      this.sentences = segment(text, { maxSentenceChars: config.maxSentenceChars }).filter((s) => s.kind === 'sentence');
    }
    const previous = options.previous && !options.ignoreCache && options.previous.signature === this.signature ? options.previous : undefined;
    const groups = config.profile.nerGroups(config.entityTypes);
    this.sentences.forEach((s, sentence) => {
      this.nerOpen[sentence] = 0;
      const before = previous?.sentenceAt(s);
      if (before !== undefined) {
        for (const item of previous!.nerItems[before] ?? []) this.adopt(sentence, item);
        this.mentionCache[sentence] = previous!.mentionCache[before];
        return;
      }
      for (const group of groups) this.addItem(sentence, { kind: 'ner', text: s.text, group, tokens: this.corpusTokens[sentence] });
    });
    this.nerDoneSentences = this.nerOpen.filter((n) => n === 0).length;
    this.units = relationUnits(text, this.sentences);
    this.units.forEach((u, unit) => {
      for (const sentence of u.sentences) this.unitOfSentence[sentence] = unit;
      const before = previous?.unitAt(this.unitKey(u));
      const items = before === undefined ? undefined : previous!.relationItems[before];
      if (items) this.relationItems[unit] = items.map((item) => this.adopt(unit, item));
    });
    if (previous?.nliPlan) this.carryNliPlan(previous);
  }

  get total(): number {
    return this.items.size;
  }
  get done(): number {
    return this.count('done');
  }
  get failed(): number {
    return this.count('failed');
  }
  /** Failed items per task, so a relation failure is not reported as missing entities. */
  failedOf(kind: TaskKind): number {
    return this.counts[kind].failed;
  }
  get pending(): number {
    return this.count('waiting') + this.count('pending');
  }
  get isComplete(): boolean {
    return this.pending === 0;
  }
  get isDisposed(): boolean {
    return this.disposed;
  }

  /**
   * Sends the model work not yet answered; `visible` (document offsets) goes first. Plans
   * what waited for the debounce: relation pairs of units whose entities are known, and
   * the premises of the summary statements. Work that failed is sent again only with
   * `retryFailed` (the workspace's recovery), so that an edit during a backoff does not
   * resend what the backoff holds back.
   */
  start(visible?: { start: number; end: number }, options: { retryFailed?: boolean } = {}): void {
    if (this.disposed) return;
    this.started = true;
    this.visible = visible ?? this.visible;
    if (!this.nliPlanned) this.planNli();
    this.units.forEach((_, unit) => this.planRelations(unit));
    for (const item of this.items) if (item.state === 'waiting' || options.retryFailed) this.request(item);
    this.emitProgress();
  }

  /** Raises the priority of work for sentences inside `range` (document offsets). */
  prioritise(range: { start: number; end: number }): void {
    this.visible = range;
    for (const item of this.items) item.job?.ticket.prioritise(this.priorityOf(item));
  }

  /** Gives up every job this version holds; jobs nobody else holds are cancelled. */
  dispose(): void {
    this.disposed = true;
    for (const item of this.items) item.job?.ticket.release();
    for (const resolve of this.completionWaiters.splice(0)) resolve();
  }

  /**
   * Entities of the finished sentences, in document offsets, of the types the user chose;
   * with `range`, those of the sentences overlapping it (what a visible-range request needs).
   */
  entities(range?: { start: number; end: number }): Mention[] {
    if (range) {
      const out: Mention[] = [];
      for (let i = this.firstSentenceEndingAfter(range.start); i < this.sentences.length && this.sentences[i].start < range.end; i++) {
        for (const m of this.docMentions(i)) out.push(m);
      }
      return out;
    }
    if (this.entityCache) return this.entityCache;
    const out: Mention[] = [];
    this.sentences.forEach((_, index) => {
      for (const m of this.docMentions(index)) out.push(m);
    });
    this.entityCache = out;
    return out;
  }

  /** Relations found so far (labels that mean "none" are left out), in document offsets. */
  relations(): Relation[] {
    if (this.relationCache) return this.relationCache;
    const out: Relation[] = [];
    this.units.forEach((_, unit) => {
      for (const r of this.unitRelations(unit)) out.push(r);
    });
    this.relationCache = out;
    return out;
  }

  /** Whether the relations around `offset` are known yet. */
  relationState(offset: number): RelationState {
    const index = this.unitAtOffset(offset);
    if (index < 0 || !this.relationsEnabled) return 'none';
    const items = this.relationItems[index];
    if (!items) return 'pending';
    if (items.length === 0) return 'none';
    if (items.some((i) => i.state === 'failed')) return 'failed';
    return items.every((i) => i.state === 'done') ? 'done' : 'pending';
  }

  /** Resolves once every work item is answered or failed (for batch use). */
  whenComplete(): Promise<void> {
    if (this.isComplete || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.completionWaiters.push(resolve));
  }

  /** Verdicts on the statements of the summary sections; undefined until they are planned. */
  nliFindings(): NliFinding[] | undefined {
    if (!this.nliPlan) return undefined;
    this.findingCache ??= this.nliPlan.map((plan) => (plan.finding ??= this.findingOf(plan)));
    return this.findingCache;
  }

  /**
   * Checks any statement against the note: against the sentences inside `within` (clipped
   * to it), or the whole note, leaving out what overlaps `exclude` (the statement's own place).
   */
  async checkStatement(
    hypothesis: string,
    scope: { within?: { start: number; end: number }; exclude?: { start: number; end: number } } = {},
    /** The asker gave up: its jobs are released (those nobody else holds are dropped). */
    cancel?: AbortSignal,
  ): Promise<{ label: NliLabel; evidence: { start: number; end: number; text: string }[] }> {
    const refused = statementRefusal(hypothesis);
    if (refused) throw new RangeError(refused);
    const candidates: (PremiseCandidate & { start: number; end: number; terms: Terms })[] = [];
    this.sentences.forEach((s, index) => {
      const start = scope.within ? Math.max(s.start, scope.within.start) : s.start;
      const end = scope.within ? Math.min(s.end, scope.within.end) : s.end;
      if (end <= start) return;
      if (scope.exclude && start < scope.exclude.end && scope.exclude.start < end) return;
      const text = this.text.slice(start, end).trim();
      // A sentence that reads as instructions to the model is never evidence.
      if (!text || this.features.injection(text, s.section)) return;
      const at = start + this.text.slice(start, end).indexOf(text);
      candidates.push({ index, text, start: at, end: at + text.length, terms: this.features.terms(text) });
    });
    const max = this.config.nli?.maxPremises ?? 4;
    // A short selection is all premise: check it whole, whatever the word overlap.
    const chosen = scope.within
      ? candidates.slice(0, max)
      : new PremiseIndex(candidates).select(terms(hypothesis), max, this.config.nli?.budgetChars ?? 4000).map((i) => candidates.find((c) => c.index === i)!);
    const verdicts = await Promise.all(
      chosen.map(async (c) => ({ premise: c, label: (await this.verdict(c.text, hypothesis, cancel)).label })),
    );
    const usable = verdicts.filter((v): v is Verdict<(typeof chosen)[number]> => v.label !== undefined);
    const { label, evidence } = aggregate(usable);
    return { label, evidence: (label === 'neutral' ? [] : evidence).map(({ start, end, text }) => ({ start, end, text })) };
  }

  /** Sentences whose entity work is answered. */
  sentencesDone(): number {
    return this.nerDoneSentences;
  }

  private count(state: ItemState): number {
    return this.counts.ner[state] + this.counts.re[state] + this.counts.nli[state];
  }

  private get relationsEnabled(): boolean {
    return this.config.relations?.enabled ?? false;
  }

  /** The index of this version's sentence with `s`'s text and section, if any (for the next version). */
  private sentenceAt(s: Segment): number | undefined {
    if (!this.sentenceIndex) {
      this.sentenceIndex = new Map();
      this.sentences.forEach((x, i) => {
        if (!this.sentenceIndex!.has(x.text)) this.sentenceIndex!.set(x.text, i);
      });
    }
    const at = this.sentenceIndex.get(s.text);
    // The section decides assertion status: the same words under another header are new work.
    return at !== undefined && this.sentences[at].section === s.section ? at : undefined;
  }

  /** The index of this version's planned unit of key `key` (see unitKey), if any (for the next version). */
  private unitAt(key: string): number | undefined {
    if (!this.unitIndex) {
      this.unitIndex = new Map();
      this.units.forEach((x, i) => {
        const k = this.unitKey(x);
        if (this.relationItems[i] && !this.unitIndex!.has(k)) this.unitIndex!.set(k, i);
      });
    }
    return this.unitIndex.get(key);
  }

  /** A unit as the next version looks it up: its text and the section it is in. */
  private unitKey(u: RelationUnit): string {
    return `${this.sentences[u.sentences[0]].section}\u0000${this.text.slice(u.start, u.end)}`;
  }

  /** The first sentence that ends after `offset` (binary search: sentences are in order). */
  private firstSentenceEndingAfter(offset: number): number {
    let lo = 0;
    let hi = this.sentences.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.sentences[mid].end <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private unitAtOffset(offset: number): number {
    let lo = 0;
    let hi = this.units.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = this.units[mid];
      if (offset < u.start) hi = mid - 1;
      else if (offset > u.end) lo = mid + 1;
      else {
        // Touching units (offset on a boundary): the first one, as a linear search finds it.
        let first = mid;
        while (first > 0 && this.units[first - 1].end >= offset) first--;
        return first;
      }
    }
    return -1;
  }

  /** A sentence's mentions (sentence offsets, with assertion flags), or undefined while entity work is open. */
  private sentenceMentions(index: number): Mention[] | undefined {
    if (this.nerOpen[index] > 0) return undefined;
    const cached = this.mentionCache[index];
    if (cached) return cached;
    const mentions = (this.nerItems[index] ?? []).flatMap((i) => (i.result as NerParse).mentions.filter((m) => this.config.entityTypes.includes(m.type)));
    const marked = markAssertions(this.sentences[index].text, mentions, { ...this.config.assertion, section: this.sentences[index].section });
    this.mentionCache[index] = marked;
    return marked;
  }

  /** A sentence's mentions in document offsets, with the `related` flag from its unit's relations. */
  private docMentions(index: number): Mention[] {
    const cached = this.docMentionCache[index];
    if (cached) return cached;
    const s = this.sentences[index];
    const unit = this.unitOfSentence[index];
    const relations = unit === undefined ? [] : this.unitRelations(unit);
    const related = new Set(relations.flatMap((r) => [`${r.head.start}:${r.head.end}`, `${r.tail.start}:${r.tail.end}`]));
    const out = (this.sentenceMentions(index) ?? []).map((m) => {
      const start = m.start + s.start;
      const end = m.end + s.start;
      return { ...m, start, end, related: related.has(`${start}:${end}`) };
    });
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    this.docMentionCache[index] = out;
    return out;
  }

  private unitRelations(unit: number): Relation[] {
    const cached = this.unitRelationCache[unit];
    if (cached) return cached;
    const out: Relation[] = [];
    const s = this.units[unit];
    for (const item of this.relationItems[unit] ?? []) {
      const task = item.task;
      if (task.kind !== 're' || item.state !== 'done') continue;
      const parse = item.result as RelationParse;
      task.task.pairs.forEach((pair, i) => {
        const label = parse.labels[i];
        if (!label || label === noneLabel(pair.kind)) return;
        const shift = (m: Mention): Mention => ({ ...m, start: m.start + s.start, end: m.end + s.start });
        const relation: Relation = { label, head: shift(pair.head), tail: shift(pair.tail), sentence: { start: s.start, end: s.end } };
        if (task.layout) relation.untrained = true;
        out.push(relation);
      });
    }
    out.sort((a, b) => a.head.start - b.head.start);
    this.unitRelationCache[unit] = out;
    return out;
  }

  private findingOf(plan: HypothesisPlan): NliFinding {
    const hypothesis = this.sentences[plan.hypothesis];
    if (plan.incomplete || plan.items.some((i) => i.state === 'pending' || i.state === 'waiting')) return { hypothesis, state: 'pending', evidence: [] };
    const verdicts: Verdict<Segment>[] = [];
    for (const item of plan.items) {
      const label = item.state === 'done' ? (item.result as NliParse).label : undefined;
      if (label) verdicts.push({ premise: this.sentences[item.sentence], label });
    }
    // Items exist but none gave a usable verdict: say nothing rather than guess.
    if (plan.items.length > 0 && verdicts.length === 0) return { hypothesis, state: 'failed', evidence: [] };
    return { hypothesis, state: 'done', ...aggregate(verdicts) };
  }

  /** Counts a new item and keeps it. */
  private register(item: WorkItem): WorkItem {
    this.items.add(item);
    this.counts[item.task.kind][item.state]++;
    if (item.task.kind === 'ner') {
      (this.nerItems[item.sentence] ??= []).push(item);
      if (item.state !== 'done') this.nerOpen[item.sentence]++;
    }
    return item;
  }

  /** Drops an item no plan needs any more (an NLI premise no longer chosen). */
  private unregister(item: WorkItem): void {
    if (!this.items.delete(item)) return;
    this.counts[item.task.kind][item.state]--;
    item.job?.ticket.release();
    item.job = undefined;
  }

  private setState(item: WorkItem, state: ItemState): void {
    const before = item.state;
    if (before === state) return;
    item.state = state;
    if (!this.items.has(item)) return;
    this.counts[item.task.kind][before]--;
    this.counts[item.task.kind][state]++;
    if (item.task.kind !== 'ner') return;
    const s = item.sentence;
    if (state === 'done') {
      if (--this.nerOpen[s] === 0) this.nerDoneSentences++;
    } else if (before === 'done') {
      if (this.nerOpen[s]++ === 0) this.nerDoneSentences--;
    }
  }

  private addItem(sentence: number, task: Task, key = this.keyOf(task)): WorkItem {
    const item: WorkItem = { sentence, task, key, state: 'waiting' };
    const cached = this.options.ignoreCache ? undefined : this.ctx.cache.get(key);
    if (cached) {
      item.state = 'done';
      item.result = cached as Result;
      this.ctx.stats.cacheHits++;
    }
    this.register(item);
    if (!cached && !this.options.ignoreCache) {
      // Adopt a job already in flight for the same content (e.g. for the previous version).
      const ticket = this.ctx.scheduler.join<unknown>(key, this.priorityOf(item));
      if (ticket) this.hold(item, ticket);
    }
    return item;
  }

  /** Takes over a previous version's item for the same content at `sentence` (or unit). */
  private adopt(sentence: number, before: WorkItem): WorkItem {
    if (before.state === 'done') {
      this.ctx.stats.cacheHits++;
      return this.register({ sentence, task: before.task, key: before.key, state: 'done', result: before.result });
    }
    // Failed stays failed: the workspace's recovery check decides when it is sent again.
    if (before.state === 'failed') return this.register({ sentence, task: before.task, key: before.key, state: 'failed' });
    const job = before.job;
    if (!job) return this.addItem(sentence, before.task, before.key);
    // The job in flight changes hands: the previous version no longer holds it.
    const item = this.register({ sentence, task: before.task, key: before.key, state: 'pending', job });
    before.job = undefined;
    job.owner = this;
    job.item = item;
    return item;
  }

  /**
   * The previous version's statements that are still here keep their premises and
   * findings until the debounce re-plans them; a statement that lost a premise shows as
   * pending meanwhile. Nothing is ranked here: that is the costly part, done once typing pauses.
   */
  private carryNliPlan(previous: DocumentAnalysis): void {
    const byText = new Map<string, number>();
    this.sentences.forEach((s, i) => {
      if (!byText.has(s.text)) byText.set(s.text, i);
    });
    const plans: HypothesisPlan[] = [];
    for (const plan of previous.nliPlan!) {
      const hypothesis = this.sentenceAt(previous.sentences[plan.hypothesis]);
      if (hypothesis === undefined) continue;
      const items: WorkItem[] = [];
      let incomplete = !!plan.incomplete;
      for (const item of plan.items) {
        const premise = byText.get(previous.sentences[item.sentence].text);
        if (premise === undefined) incomplete = true;
        else items.push(this.adopt(premise, item));
      }
      plans.push({ hypothesis, items, incomplete });
    }
    plans.sort((a, b) => a.hypothesis - b.hypothesis);
    plans.forEach((plan, index) => plan.items.forEach((item) => (item.plan = index)));
    this.nliPlan = plans;
  }

  /**
   * Each statement gets its premises and one NLI item per premise. Premises are picked by
   * words and clinical concepts only, not by the model's entities, so the choice is known
   * once typing pauses and stays put while entity work runs. A statement whose premises
   * did not change keeps its items (and finding); items are keyed by both texts, so only
   * new statement-premise pairs cost a model call.
   */
  private planNli(): void {
    const nli = this.config.nli;
    this.nliPlanned = true;
    if (!nli?.enabled) return;
    // Sentences that read as instructions to the model (tasks/injection.ts) are neither
    // checked nor used as premises: a model that obeyed them would decide the finding.
    const injected = new Set<number>();
    this.sentences.forEach((s, i) => {
      if (this.features.injection(s.text, s.section)) injected.add(i);
    });
    const hypotheses = hypothesisIndexes(this.sentences, nli.sections).filter((h) => !injected.has(h));
    const isHypothesis = new Set(hypotheses);
    const candidates = this.sentences
      .map((s, index) => ({ index, text: s.text, terms: this.features.terms(s.text) }))
      .filter((c) => !isHypothesis.has(c.index) && !injected.has(c.index));
    const index = new PremiseIndex(candidates);
    const carried = new Map((this.nliPlan ?? []).map((p) => [p.hypothesis, p]));
    const plans = hypotheses.map((h): HypothesisPlan => {
      const text = this.sentences[h].text;
      const chosen = index.select(this.features.terms(text), nli.maxPremises, nli.budgetChars);
      const before = carried.get(h);
      carried.delete(h);
      const same = before && !before.incomplete && before.items.length === chosen.length && before.items.every((item, i) => item.sentence === chosen[i]);
      if (same) return before!;
      const reused = new Map((before?.items ?? []).map((item) => [item.sentence, item]));
      const items = chosen.map((p) => {
        const item = reused.get(p);
        reused.delete(p);
        return item ?? this.addItem(p, { kind: 'nli', text: this.sentences[p].text, premise: this.sentences[p].text, hypothesis: text });
      });
      for (const item of reused.values()) this.unregister(item);
      return { hypothesis: h, items };
    });
    for (const plan of carried.values()) for (const item of plan.items) this.unregister(item);
    plans.forEach((plan, i) => plan.items.forEach((item) => (item.plan = i)));
    this.nliPlan = plans;
    this.findingCache = undefined;
    this.findingsVersion++;
  }

  /** One premise-hypothesis verdict for a user's check: from the cache or a shared job. */
  private verdict(premise: string, hypothesis: string, cancel?: AbortSignal): Promise<NliParse> {
    const task: Task = { kind: 'nli', text: premise, premise, hypothesis };
    const spec = specOf(task);
    const { profile } = this.config;
    // The user's priority holds only while the user waits: `cancel` releases it.
    return cachedCall(this.ctx, this.keyOf(task), PRIORITY_USER_REQUEST, task.kind, spec.request(profile, task), (a) => spec.parse(profile, task, a), cancel);
  }

  private keyOf(task: Task): string {
    const layout = layoutOf(task, this.config.profile);
    return this.features.cacheKey({ text: task.text, model: this.config.model, profile: layout.name, task: specOf(task).id(task), promptVersion: layout.promptVersion });
  }

  /** Once the entities of a unit's sentences are known (and typing paused), its candidate pairs become relation work. */
  private planRelations(unit: number): void {
    if (!this.relationsEnabled || this.relationItems[unit] || !this.started) return;
    const u = this.units[unit];
    const mentions: Mention[] = [];
    for (const index of u.sentences) {
      const found = this.sentenceMentions(index);
      if (!found) return;
      const shift = this.sentences[index].start - u.start;
      mentions.push(...found.map((m) => ({ ...m, start: m.start + shift, end: m.end + shift })));
    }
    const { profile, relations } = this.config;
    const text = this.text.slice(u.start, u.end);
    // Pairs the profile was not trained on are asked in the other layout, or not at all.
    const other = relations!.untrainedLayout;
    const kinds = new Set([...profile.relationKinds, ...(other?.relationKinds ?? [])]);
    const pairs = candidatePairs(mentions, relations!.maxPairsPerSentence, kinds);
    const trained = pairs.filter((p) => profile.relationKinds.has(p.kind));
    const untrained = pairs.filter((p) => !profile.relationKinds.has(p.kind));
    const tasks: Task[] = [
      ...profile.relationTasks(trained).map((task): Task => ({ kind: 're', text, task })),
      ...(other && untrained.length ? other.relationTasks(untrained).map((task): Task => ({ kind: 're', text, task, layout: other })) : []),
    ];
    this.relationItems[unit] = [];
    for (const task of tasks) {
      const item = this.addItem(unit, task);
      this.relationItems[unit].push(item);
      this.request(item);
    }
  }

  private request(item: WorkItem): void {
    if (item.state !== 'waiting' && item.state !== 'failed') return;
    const ticket = this.ctx.scheduler.request<unknown>(item.key, this.priorityOf(item), (signal) => this.run(item.task, item.key, signal));
    this.hold(item, ticket);
  }

  private priorityOf(item: WorkItem): number {
    const p = specOf(item.task).priority;
    const s = item.task.kind === 're' ? this.units[item.sentence] : this.sentences[item.sentence];
    const v = this.visible;
    return v && s.start < v.end && v.start < s.end ? p.visible : p.background;
  }

  private hold(item: WorkItem, ticket: Ticket<unknown>): void {
    this.setState(item, 'pending');
    const job: Job = { ticket, owner: this, item };
    item.job = job;
    ticket.promise.then(
      (result) => job.owner.settled(job, result as Result),
      (err: unknown) => job.owner.settled(job, undefined, err),
    );
  }

  /** A job's answer or failure, for the version that owns it now. */
  private settled(job: Job, result: Result | undefined, err?: unknown): void {
    const item = job.item;
    if (this.disposed || item.job !== job) return;
    item.job = undefined;
    if (err === undefined) {
      item.result = result;
      this.setState(item, 'done');
      this.changed(item);
      if (item.task.kind === 'ner') this.planRelations(this.unitOfSentence[item.sentence]);
      this.emitProgress();
      return;
    }
    const error = err instanceof ModelError ? err : new ModelError('server-error', String(err));
    if (error.kind === 'cancelled') {
      // Someone else's release cancelled a job we only joined: ask again ourselves.
      this.setState(item, 'waiting');
      if (this.started) this.request(item);
      return;
    }
    this.setState(item, 'failed');
    this.changed(item);
    this.lastError = error;
    this.listener.onError?.(this, error, item.task.kind);
    this.emitProgress();
  }

  /** Forgets the views an item's answer (or failure) changes: its sentence's, its unit's, its statement's. */
  private changed(item: WorkItem): void {
    switch (item.task.kind) {
      case 'ner':
        this.mentionCache[item.sentence] = undefined;
        this.docMentionCache[item.sentence] = undefined;
        this.entityCache = undefined;
        break;
      case 're':
        this.unitRelationCache[item.sentence] = undefined;
        for (const s of this.units[item.sentence].sentences) this.docMentionCache[s] = undefined;
        this.relationCache = undefined;
        this.entityCache = undefined;
        break;
      case 'nli':
        if (item.plan !== undefined && this.nliPlan?.[item.plan]) this.nliPlan[item.plan].finding = undefined;
        this.findingCache = undefined;
        this.findingsVersion++;
        break;
    }
  }

  /** One model call for one work item: build, send, parse, cache. */
  private async run(task: Task, key: string, signal: AbortSignal): Promise<Result> {
    const spec = specOf(task);
    const { profile } = this.config;
    const result = await callModel(this.ctx, task.kind, spec.request(profile, task), (a) => spec.parse(profile, task, a), signal);
    this.ctx.cache.set(key, result);
    return result;
  }

  private emitProgress(): void {
    if (this.disposed) return;
    this.listener.onProgress?.(this);
    if (this.isComplete) for (const resolve of this.completionWaiters.splice(0)) resolve();
  }
}

/** The configuration as it decides the work (the profile by name and prompt version). */
function signatureOf(config: AnalysisConfig): string {
  return JSON.stringify(config, (_key, value: unknown) =>
    value && typeof value === 'object' && 'nerGroups' in value ? `${(value as Profile).name}@${(value as Profile).promptVersion}` : value,
  );
}
