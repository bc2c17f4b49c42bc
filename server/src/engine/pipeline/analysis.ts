/**
 * The analysis of one document version: its sentences, the model work they need, and
 * the results so far. One place decides what to (re)compute: every work item is keyed by
 * its content, so unchanged sentences come from the cache or join the job already in
 * flight, and only changed sentences cost a model call. Relation work for a sentence is
 * planned once its entities are known, and runs after entity work.
 */
import { cacheKey } from './cache';
import { cachedCall, callModel, EngineContext } from './modelCall';
import { layoutOf, PRIORITY_USER_REQUEST, Result, specOf, Task, TaskKind } from './taskTable';
import { isInjection } from '../tasks/injection';
import { markAssertions } from '../tasks/negation';
import { injectionSuspects } from '../tasks/injection';
import { aggregate, hypothesisIndexes, NliLabel, PremiseCandidate, selectPremises, Verdict } from '../tasks/nli';
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

interface HypothesisPlan {
  hypothesis: number;
  items: WorkItem[];
}

type ItemState = 'waiting' | 'pending' | 'done' | 'failed';

interface WorkItem {
  /** The sentence (entity work, NLI premise) or the relation unit (relation work). */
  sentence: number;
  /** What is asked, with its text. */
  task: Task;
  key: string;
  state: ItemState;
  result?: Result;
  ticket?: Ticket<unknown>;
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
  private readonly items: WorkItem[] = [];
  /** Entity work per sentence, so per-sentence questions do not scan every item. */
  private readonly nerItems: WorkItem[][] = [];
  private readonly relationsPlanned = new Set<number>();
  private nliPlan: HypothesisPlan[] | undefined;
  private disposed = false;
  private started = false;
  private visible: { start: number; end: number } | undefined;
  private entityCache: Mention[] | undefined;
  private relationCache: Relation[] | undefined;
  /** A corpus's own tokens per sentence (sentence offsets), for token-level layouts. */
  private readonly corpusTokens: (Token[] | undefined)[] = [];
  private readonly completionWaiters: (() => void)[] = [];
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
    } = {},
  ) {
    if (options.sentences) {
      this.sentences = options.sentences.map((s) => ({ start: s.start, end: s.end, text: text.slice(s.start, s.end), kind: 'sentence', section: '' }));
      this.corpusTokens = options.sentences.map((s) => s.tokens?.map((t) => ({ ...t, start: t.start - s.start, end: t.end - s.start })));
    } else {
      this.sentences = segment(text, { maxSentenceChars: config.maxSentenceChars }).filter((s) => s.kind === 'sentence');
    }
    const groups = config.profile.nerGroups(config.entityTypes);
    this.sentences.forEach((_, sentence) => {
      const text = this.sentences[sentence].text;
      for (const group of groups) this.addItem(sentence, { kind: 'ner', text, group, tokens: this.corpusTokens[sentence] });
    });
    this.units = relationUnits(text, this.sentences);
    this.units.forEach((_, unit) => this.planRelations(unit));
    this.planNli();
  }

  get total(): number {
    return this.items.length;
  }
  get done(): number {
    return this.items.filter((i) => i.state === 'done').length;
  }
  get failed(): number {
    return this.items.filter((i) => i.state === 'failed').length;
  }
  /** Failed items per task, so a relation failure is not reported as missing entities. */
  failedOf(kind: TaskKind): number {
    return this.items.filter((i) => i.state === 'failed' && i.task.kind === kind).length;
  }
  get pending(): number {
    return this.items.filter((i) => i.state === 'pending' || i.state === 'waiting').length;
  }
  get isComplete(): boolean {
    return this.items.every((i) => i.state === 'done' || i.state === 'failed');
  }
  get isDisposed(): boolean {
    return this.disposed;
  }

  /** Sends the model work not yet answered; `visible` (document offsets) goes first. */
  start(visible?: { start: number; end: number }): void {
    if (this.disposed) return;
    this.started = true;
    this.visible = visible ?? this.visible;
    for (const item of this.items) this.request(item);
    this.emitProgress();
  }

  /** Raises the priority of work for sentences inside `range` (document offsets). */
  prioritise(range: { start: number; end: number }): void {
    this.visible = range;
    for (const item of this.items) item.ticket?.prioritise(this.priorityOf(item));
  }

  /** Gives up every job this version holds; jobs nobody else holds are cancelled. */
  dispose(): void {
    this.disposed = true;
    for (const item of this.items) item.ticket?.release();
    for (const resolve of this.completionWaiters.splice(0)) resolve();
  }

  /** Entities of the finished sentences, in document offsets, of the types the user chose. */
  entities(): Mention[] {
    if (this.entityCache) return this.entityCache;
    const related = new Set(this.relations().flatMap((r) => [`${r.head.start}:${r.head.end}`, `${r.tail.start}:${r.tail.end}`]));
    const out: Mention[] = [];
    this.sentences.forEach((s, index) => {
      for (const m of this.sentenceMentions(index) ?? []) {
        const start = m.start + s.start;
        const end = m.end + s.start;
        out.push({ ...m, start, end, related: related.has(`${start}:${end}`) });
      }
    });
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    this.entityCache = out;
    return out;
  }

  /** Relations found so far (labels that mean "none" are left out), in document offsets. */
  relations(): Relation[] {
    if (this.relationCache) return this.relationCache;
    const out: Relation[] = [];
    for (const item of this.items) {
      const task = item.task;
      if (task.kind !== 're' || item.state !== 'done') continue;
      const s = this.units[item.sentence];
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
    out.sort((a, b) => a.sentence.start - b.sentence.start || a.head.start - b.head.start);
    this.relationCache = out;
    return out;
  }

  /** Whether the relations around `offset` are known yet. */
  relationState(offset: number): RelationState {
    const index = this.units.findIndex((s) => s.start <= offset && offset <= s.end);
    if (index < 0 || !this.relationsEnabled) return 'none';
    if (!this.relationsPlanned.has(index)) return 'pending';
    const items = this.items.filter((i) => i.sentence === index && i.task.kind === 're');
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
    return this.nliPlan.map((plan) => {
      const hypothesis = this.sentences[plan.hypothesis];
      if (plan.items.some((i) => i.state === 'pending' || i.state === 'waiting')) return { hypothesis, state: 'pending', evidence: [] };
      const verdicts: Verdict<Segment>[] = [];
      for (const item of plan.items) {
        const label = item.state === 'done' ? (item.result as NliParse).label : undefined;
        if (label) verdicts.push({ premise: this.sentences[item.sentence], label });
      }
      // Items exist but none gave a usable verdict: say nothing rather than guess.
      if (plan.items.length > 0 && verdicts.length === 0) return { hypothesis, state: 'failed', evidence: [] };
      return { hypothesis, state: 'done', ...aggregate(verdicts) };
    });
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
    const candidates: (PremiseCandidate & { start: number; end: number })[] = [];
    this.sentences.forEach((s, index) => {
      const start = scope.within ? Math.max(s.start, scope.within.start) : s.start;
      const end = scope.within ? Math.min(s.end, scope.within.end) : s.end;
      if (end <= start) return;
      if (scope.exclude && start < scope.exclude.end && scope.exclude.start < end) return;
      const text = this.text.slice(start, end).trim();
      // A sentence that reads as instructions to the model is never evidence.
      if (text && !isInjection(text, s.section)) candidates.push({ index, text, start: start + this.text.slice(start, end).indexOf(text), end: 0 });
    });
    for (const c of candidates) c.end = c.start + c.text.length;
    // A short selection is all premise: check it whole, whatever the word overlap.
    const chosen = scope.within
      ? candidates.slice(0, this.config.nli?.maxPremises ?? 4)
      : selectPremises(hypothesis, candidates, this.config.nli?.maxPremises ?? 4, this.config.nli?.budgetChars ?? 4000).map(
          (i) => candidates.find((c) => c.index === i)!,
        );
    const verdicts = await Promise.all(
      chosen.map(async (c) => ({ premise: c, label: (await this.verdict(c.text, hypothesis, cancel)).label })),
    );
    const usable = verdicts.filter((v): v is Verdict<(typeof chosen)[number]> => v.label !== undefined);
    const { label, evidence } = aggregate(usable);
    return { label, evidence: (label === 'neutral' ? [] : evidence).map(({ start, end, text }) => ({ start, end, text })) };
  }

  /** Sentences whose entity work is answered. */
  sentencesDone(): number {
    return this.sentences.filter((_, i) => this.nerDone(i)).length;
  }

  private nerDone(index: number): boolean {
    return (this.nerItems[index] ?? []).every((i) => i.state === 'done');
  }

  private get relationsEnabled(): boolean {
    return this.config.relations?.enabled ?? false;
  }

  /** A sentence's mentions (sentence offsets, with assertion flags), or undefined while entity work is open. */
  private sentenceMentions(index: number): Mention[] | undefined {
    if (!this.nerDone(index)) return undefined;
    const mentions = (this.nerItems[index] ?? []).flatMap((i) => (i.result as NerParse).mentions.filter((m) => this.config.entityTypes.includes(m.type)));
    return markAssertions(this.sentences[index].text, mentions);
  }

  private addItem(sentence: number, task: Task): WorkItem {
    const key = this.keyOf(task);
    const item: WorkItem = { sentence, task, key, state: 'waiting' };
    const cached = this.options.ignoreCache ? undefined : this.ctx.cache.get(key);
    if (cached) {
      item.state = 'done';
      item.result = cached as Result;
      this.ctx.stats.cacheHits++;
    } else if (!this.options.ignoreCache) {
      // Adopt a job already in flight for the same content (e.g. for the previous version).
      const ticket = this.ctx.scheduler.join<unknown>(key, this.priorityOf(item));
      if (ticket) this.hold(item, ticket);
    }
    this.items.push(item);
    if (task.kind === 'ner') (this.nerItems[sentence] ??= []).push(item);
    return item;
  }

  /**
   * Each hypothesis gets its premises and one NLI item per premise. Premises are picked by
   * words and clinical concepts only, not by the model's entities, so the choice is known at
   * once and stays put while entity work runs; items are keyed by both texts, so an edit
   * re-checks only hypotheses whose sentence or chosen premises changed, and the findings
   * of the others are shown at once.
   */
  private planNli(): void {
    const nli = this.config.nli;
    if (!nli?.enabled || this.nliPlan) return;
    // Sentences that read as instructions to the model (tasks/injection.ts) are neither
    // checked nor used as premises: a model that obeyed them would decide the finding.
    const injected = new Set(injectionSuspects(this.sentences).map((s) => s.index));
    const hypotheses = hypothesisIndexes(this.sentences, nli.sections).filter((h) => !injected.has(h));
    const isHypothesis = new Set(hypotheses);
    const premises: PremiseCandidate[] = this.sentences
      .map((s, index) => ({ index, text: s.text }))
      .filter((c) => !isHypothesis.has(c.index) && !injected.has(c.index));
    this.nliPlan = hypotheses.map((h) => {
      const text = this.sentences[h].text;
      const chosen = selectPremises(text, premises, nli.maxPremises, nli.budgetChars);
      const items = chosen.map((p) => this.addItem(p, { kind: 'nli', text: this.sentences[p].text, premise: this.sentences[p].text, hypothesis: text }));
      return { hypothesis: h, items };
    });
    if (this.started) for (const plan of this.nliPlan) for (const item of plan.items) this.request(item);
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
    return cacheKey({ text: task.text, model: this.config.model, profile: layout.name, task: specOf(task).id(task), promptVersion: layout.promptVersion });
  }

  /** Once the entities of a unit's sentences are known, its candidate pairs become relation work. */
  private planRelations(unit: number): void {
    if (!this.relationsEnabled || this.relationsPlanned.has(unit)) return;
    const u = this.units[unit];
    const mentions: Mention[] = [];
    for (const index of u.sentences) {
      const found = this.sentenceMentions(index);
      if (!found) return;
      const shift = this.sentences[index].start - u.start;
      mentions.push(...found.map((m) => ({ ...m, start: m.start + shift, end: m.end + shift })));
    }
    this.relationsPlanned.add(unit);
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
    for (const task of tasks) {
      const item = this.addItem(unit, task);
      if (this.started) this.request(item);
    }
  }

  private unitOf(sentence: number): number {
    return this.units.findIndex((u) => u.sentences.includes(sentence));
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
    item.state = 'pending';
    item.ticket = ticket;
    ticket.promise.then(
      (result) => {
        if (this.disposed || item.ticket !== ticket) return;
        item.state = 'done';
        item.result = result as Result;
        item.ticket = undefined;
        this.entityCache = undefined;
        this.relationCache = undefined;
        if (item.task.kind === 'ner') this.planRelations(this.unitOf(item.sentence));
        this.emitProgress();
      },
      (err: unknown) => {
        if (this.disposed || item.ticket !== ticket) return;
        item.ticket = undefined;
        const error = err instanceof ModelError ? err : new ModelError('server-error', String(err));
        if (error.kind === 'cancelled') {
          // Someone else's release cancelled a job we only joined: ask again ourselves.
          item.state = 'waiting';
          if (this.started) this.request(item);
          return;
        }
        item.state = 'failed';
        this.lastError = error;
        this.listener.onError?.(this, error, item.task.kind);
        this.emitProgress();
      },
    );
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
