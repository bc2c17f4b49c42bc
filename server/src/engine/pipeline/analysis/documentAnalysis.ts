/**
 * The analysis of one document version: its sentences, the model work they need, and
 * the results so far. One place decides what to (re)compute: every work item is keyed by
 * its content, so unchanged sentences come from the cache or join the job already in
 * flight, and only changed sentences cost a model call. Relation work for a sentence is
 * planned once its entities are known, and runs after entity work.
 *
 * This class wires the parts (layout, ledger, views, planners, carry-over) and owns the
 * lifecycle: start, prioritise, dispose, completion and progress.
 */
import { FeatureCache } from '../features';
import type { EngineContext } from '../modelCall';
import { specOf, TaskKind } from '../taskTable';
import { examplesId, FewShotExample } from '../../curation/fewShot';
import type { Profile } from '../../profiles/profile';
import type { NliLabel } from '../../tasks/nli';
import type { RelationUnit } from '../../tasks/relations';
import { Segment } from '../../text/segment';
import type { Token } from '../../text/tokenize';
import { Mention, ModelError } from '../../types';
import type { EntityLink, LinkableMention, VocabularyShelf } from '../../linking/noteLinks';
import { LinkMemory, linksAround } from '../../linking/linkMemory';
import { PhiBySegment, SegmentPhi } from './phiBySegment';
import { InternalError } from '../../errors';
import { carryOver, Parts } from './carryOver';
import { unitIndex } from './indexes';
import { EntityPlanner } from './entityPlanner';
import { Layout } from './layout';
import { Ledger } from './ledger';
import { NliPlanner } from './nliPlanner';
import { RelationPlanner } from './relationPlanner';
import { SentenceEntities, Views } from './views';
import { splitVersion, VersionSegments } from './versionSplit';
import type { AnalysisConfig, NliFinding, Relation, RelationState, SentenceItem, WorkItem } from './types';

/** Owed sentences planned per turn of the event loop (a few milliseconds' work). */
const PLAN_CHUNK = 200;

export interface AnalysisListener {
  /** Results or counts changed. */
  onProgress?(analysis: DocumentAnalysis): void;
  /** An item failed for a reason other than being stale. */
  onError?(analysis: DocumentAnalysis, error: ModelError, task: TaskKind): void;
  /** An item failed with an unexpected error: a bug (errors.ts), never a model failure. */
  onInternalError?(analysis: DocumentAnalysis, error: InternalError, task: TaskKind): void;
}

/** How far below every task's own background priority a background analysis's work goes (priorities run 1 to 8). */
const BACKGROUND_OFFSET = 10;

export class DocumentAnalysis {
  readonly sentences: Segment[];
  /** All segments (headers too) of the engine's own split, for the next version's resegment. */
  private readonly segmented: VersionSegments | undefined;
  /** What decides the work besides the texts: analyses of equal signature can share their items. */
  readonly signature: string;
  lastError: ModelError | undefined;
  private readonly parts: Parts;
  private readonly layout: Layout;
  private readonly ledger: Ledger;
  private readonly views: Views;
  private readonly relationPlanner: RelationPlanner;
  private readonly nli: NliPlanner;
  private readonly entityPlanner: EntityPlanner;
  /** A chunk of owed sentences is due to be planned (one at a time). */
  private planning = false;
  /** A huge note's statements are ranked once the first requests are out (planNliLater). */
  private nliDeferred = false;
  private disposed = false;
  private started = false;
  /** Every item after every open note's (options.background). */
  private readonly background: boolean;
  private visible: { start: number; end: number } | undefined;
  private readonly completionWaiters: (() => void)[] = [];
  private readonly vocabularies: VocabularyShelf | undefined;
  /** The last whole-note links by words, taken over from the previous version (hovers while typing). */
  private readonly linkMemory: LinkMemory;
  private readonly features: FeatureCache;
  private readonly phi = new PhiBySegment(
    () => this.segmented?.segments ?? this.sentences,
    (text) => this.features.phi(text),
  );

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly config: AnalysisConfig,
    ctx: EngineContext,
    private readonly listener: AnalysisListener = {},
    // Not kept: holding `previous` would keep every earlier version alive.
    options: {
      ignoreCache?: boolean;
      /** A corpus's own sentence split (and tokens, document offsets) instead of the engine's. */
      sentences?: readonly { start: number; end: number; tokens?: readonly Token[] }[];
      /**
       * The document's previous version: the work of its unchanged sentences, units and
       * statements is taken over as it stands (answers, jobs in flight, derived views), so
       * an edit costs what it changed.
       */
      previous?: DocumentAnalysis;
      /** New sentences planned as the version is built (entityPlanner.ts); the rest once started. */
      planAhead?: number;
      /** Work nobody is looking at (a folder analysed for the index): after every open note's. */
      background?: boolean;
    } = {},
  ) {
    this.background = options.background === true;
    const features = (this.features = ctx.features ??= new FeatureCache());
    this.vocabularies = ctx.vocabularies;
    this.linkMemory = options.previous?.linkMemory ?? new LinkMemory();
    this.signature = signatureOf(config);
    // The previous version's work is taken over when the same configuration decides it.
    const previous = options.previous && !options.ignoreCache && options.previous.signature === this.signature ? options.previous : undefined;
    // A previous version taken over is given up to this one: its segments may move.
    const split = splitVersion(text, config.maxSentenceChars, options.sentences, options.previous?.segmented, !!previous);
    const { editWindow, corpusTokens } = split;
    this.sentences = split.sentences;
    this.segmented = split.segmented;
    const window = config.relations?.enabled ? (config.relations.sentenceWindow ?? 0) : 0;
    // The per-text caches hold a whole note: a smaller LRU misses every text on each pass.
    features.fit(this.segmented?.segments.length ?? this.sentences.length);
    const layout = (this.layout = new Layout(text, this.sentences, window));
    const ledger = (this.ledger = new Ledger(ctx, config, features, !!options.ignoreCache, {
      priorityOf: (item) => this.priorityOf(item),
      answered: (item) => this.onAnswered(item),
      failed: (item, error) => this.onFailed(item, error),
      cancelled: (item) => this.started && ledger.request(item),
    }));
    const views = (this.views = new Views(config, layout, ledger));
    this.relationPlanner = new RelationPlanner(config, layout, ledger, views);
    this.nli = new NliPlanner(config, ctx, features, layout, ledger, views, {
      live: () => this.started && !this.disposed,
      disposed: () => this.disposed,
      progress: () => this.emitProgress(),
    });
    const entities = (this.entityPlanner = new EntityPlanner(config, features, layout, ledger, corpusTokens, options.planAhead));
    this.parts = { layout, ledger, views, entities, nli: this.nli };
    carryOver(this.parts, previous?.parts, editWindow);
    if (options.previous && editWindow) this.phi.takeOver(options.previous.phi, editWindow); // the PHI outside the edit moves here
  }

  /**
   * Spans relations are sought in: first the sentences and whole numbered/bulleted list
   * items (in document order), then the windows across sentences.
   */
  get units(): readonly RelationUnit[] {
    return this.layout.units;
  }
  /** Bumped whenever an NLI finding may have changed, so publishers can skip unchanged ones. */
  get findingsVersion(): number {
    return this.views.findingsVersion;
  }
  get total(): number {
    return this.ledger.total;
  }
  get done(): number {
    return this.ledger.count('done');
  }
  get failed(): number {
    return this.ledger.count('failed');
  }
  /** Failed items per task, so a relation failure is not reported as missing entities. */
  failedOf(kind: TaskKind): number {
    return this.ledger.failedOf(kind);
  }
  /** Items of one task answered: relations looked for at all, not only found. */
  answeredOf(kind: TaskKind): number {
    return this.ledger.countOf(kind, 'done');
  }
  get pending(): number {
    // Premises wait on their embeddings: finished checks could still be re-ranked.
    return this.ledger.count('waiting') + this.ledger.count('pending') + (this.nli.awaitingVectors || this.nli.slicing || this.nliDeferred ? 1 : 0);
  }
  get isComplete(): boolean {
    return this.pending === 0;
  }
  /**
   * Whether start() has run: relation pairs and NLI premises are planned there, so a version
   * whose entities all came from the cache is complete before it has looked for relations.
   */
  get isStarted(): boolean {
    return this.started;
  }
  get isDisposed(): boolean {
    return this.disposed;
  }
  /** Sentences whose entity work is planned (the rest are owed: a huge note is planned as it goes). */
  get plannedSentences(): number {
    return this.sentences.length - this.ledger.unplannedSentences;
  }

  /**
   * Sends the model work not yet answered; `visible` (document offsets) goes first. Plans
   * what waited for the debounce: relation pairs of units whose entities are known, and
   * the premises of the summary statements. Work that failed is sent again only with
   * `retryFailed` (the workspace's recovery), so that an edit during a backoff does not
   * resend what the backoff holds back; work a bug failed is not (only a new analysis runs it).
   */
  start(visible?: { start: number; end: number }, options: { retryFailed?: boolean } = {}): void {
    if (this.disposed) return;
    this.started = true;
    this.visible = visible ?? this.visible;
    // The visible range's owed sentences are planned first (their items are sent below).
    if (this.visible) this.entityPlanner.planRange(this.visible);
    // A huge note (sentences owed to later chunks) ranks its statements' premises once its
    // first requests are out: thousands of statements in tens of megabytes take seconds.
    if (!this.nli.planned) {
      if (this.ledger.unplannedSentences > 0) this.planNliLater();
      else if (this.nli.sliced) this.nli.replan();
      else this.nli.plan();
    }
    for (let u = 0; u < this.layout.units.length; u++) this.relationPlanner.plan(unitIndex(u));
    // NLI checks wait until their premises are final (entities settled, embeddings in): a
    // premise chosen on partial knowledge and then replaced would be a wasted model call.
    for (const item of this.ledger.all()) {
      if ((item.state === 'waiting' || (options.retryFailed && !item.internal)) && (item.task.kind !== 'nli' || this.nli.final)) this.ledger.request(item);
    }
    this.emitProgress();
    this.planLater();
  }

  /** Raises the priority of work for sentences inside `range` (document offsets). */
  prioritise(range: { start: number; end: number }): void {
    this.visible = range;
    this.ledger.prioritise();
    if (this.started && !this.disposed) this.planned(this.entityPlanner.planRange(range));
  }

  /** Gives up every job this version holds; jobs nobody else holds are cancelled. */
  dispose(): void {
    this.disposed = true;
    this.ledger.dispose();
    for (const resolve of this.completionWaiters.splice(0)) resolve();
  }

  /** Resolves once every work item is answered or failed (for batch use). */
  whenComplete(): Promise<void> {
    if (this.isComplete || this.disposed) return Promise.resolve();
    return new Promise((resolve) => this.completionWaiters.push(resolve));
  }

  /**
   * Entities of the finished sentences, in document offsets, of the types the user chose;
   * with `range`, those of the sentences overlapping it (what a visible-range request needs).
   */
  entities(range?: { start: number; end: number }): Mention[] {
    return this.views.entities(range);
  }

  /** The same entities per sentence, uncopied (for readers that cache per sentence: semantic tokens). */
  sentenceEntities(range?: { start: number; end: number }): SentenceEntities[] {
    return this.views.sentenceEntities(range);
  }

  /** The PHI the rules find per segment with any (headers too), segment offsets; `range`: overlapping it (phiBySegment.ts). */
  sentencePhi(range?: { start: number; end: number }): SegmentPhi[] {
    return this.phi.of(range);
  }
  /** The whole note's sentencePhi() when found already, else undefined: the status asks it at no cost. */
  knownPhi(): SegmentPhi[] | undefined {
    return this.phi.known();
  }
  /** The whole note's PHI as far as found after one slice of work (all of an ordinary note's); the rest is found in slices. */
  phiSoFar(): SegmentPhi[] {
    return this.phi.soFar(true);
  }
  /** The whole note's PHI, found in slices of a few milliseconds; undefined if this version is disposed first. */
  wholePhi(): Promise<SegmentPhi[] | undefined> {
    return this.phi.inSlices(() => this.disposed);
  }

  /**
   * The concepts of the entities (or of `mentions`: curated ones) in the user's vocabularies,
   * one link per entity in their order, the abbreviations this text defines read as their
   * long forms. A lookup, never a model call: computed when asked, kept while the entities
   * and the vocabularies stay the same. Empty when no vocabulary is configured.
   */
  links(mentions?: readonly LinkableMention[]): EntityLink[] {
    if (!this.vocabularies?.configured) return [];
    const links = this.vocabularies.links(this.text, mentions ?? this.entities());
    if (!mentions) this.linkMemory.remember(this.vocabularies.current(), links);
    return links;
  }

  /** What a hover on `entity` shows of the links: its own and those sharing its concept (linkMemory.ts). */
  linksAround(entity: LinkableMention): EntityLink[] {
    const note = { text: this.text, entities: () => this.entities(), whole: () => this.links() };
    return this.vocabularies?.configured ? linksAround(this.linkMemory, this.vocabularies, note, entity) : [];
  }

  /**
   * Relations found so far (labels that mean "none" are left out), in document offsets; with
   * `range`, those of the sentences, list items and windows overlapping it, in the same order.
   */
  relations(range?: { start: number; end: number }): Relation[] {
    return this.views.relations(range);
  }

  /** How many relations `relations()` holds, without building them (the status asks on every edit). */
  relationCount(): number {
    return this.ledger.relationCount;
  }

  /** Answers the profile could not read (no entity line, no JSON): the model may not be one for the profile. */
  unreadableAnswers(): number {
    return this.ledger.unreadableCount;
  }

  /** Whether the relations around `offset` are known yet: those of its unit and of the windows its sentences end. */
  relationState(offset: number): RelationState {
    return this.relationPlanner.state(offset);
  }

  /** Verdicts on the statements of the summary sections; undefined until they are planned. */
  nliFindings(): NliFinding[] | undefined {
    return this.nli.plans && this.views.findings(this.nli.plans);
  }

  /**
   * Checks any statement against the note: against the sentences inside `within` (clipped
   * to it), or the whole note, leaving out what overlaps `exclude` (the statement's own place).
   */
  checkStatement(
    hypothesis: string,
    scope: { within?: { start: number; end: number }; exclude?: { start: number; end: number } } = {},
    /** The asker gave up: its jobs are released (those nobody else holds are dropped). */
    cancel?: AbortSignal,
  ): Promise<{ label: NliLabel; evidence: { start: number; end: number; text: string }[] }> {
    return this.nli.checkStatement(hypothesis, scope, cancel);
  }

  /** The note's section headers, in order (none for a corpus's own sentence split). */
  headers(): Segment[] {
    return (this.segmented?.segments ?? []).filter((s) => s.kind === 'header');
  }

  /** Sentences whose entity work is answered. */
  sentencesDone(): number {
    return this.ledger.sentencesDone;
  }

  /** Ranks the statements' premises (and sends what is final) once the event loop is free. */
  private planNliLater(): void {
    if (this.nliDeferred) return;
    this.nliDeferred = true;
    setImmediate(() => {
      this.nliDeferred = false;
      if (this.disposed || this.nli.planned) return;
      this.nli.replan();
      this.emitProgress();
    });
  }

  /**
   * Plans the next chunk of owed sentences once the event loop is free, and so on until
   * none is owed: the first requests go out before a huge note is planned whole, and what
   * is not planned yet holds no items, keys or closures. A disposed version plans nothing.
   */
  private planLater(): void {
    if (this.planning || this.ledger.unplannedSentences === 0) return;
    this.planning = true;
    setImmediate(() => {
      this.planning = false;
      if (this.disposed) return;
      this.planned(this.entityPlanner.planNext(PLAN_CHUNK));
      this.planLater();
    });
  }

  /**
   * Items planned after start: sent, or (answered from the cache) shown as answers are.
   * (The counts do not change otherwise: owed work was counted already.)
   */
  private planned(items: readonly SentenceItem[]): void {
    let answered = false;
    for (const item of items) {
      if (item.state === 'waiting') this.ledger.request(item);
      else if (item.state === 'done') {
        this.afterAnswer(item);
        answered = true;
      }
    }
    if (answered) this.emitProgress();
  }

  private priorityOf(item: WorkItem): number {
    const p = specOf(item.task).priority;
    const s = item.unit !== undefined ? this.layout.units[item.unit] : this.sentences[item.sentence];
    const v = this.visible;
    if (this.background) return p.background - BACKGROUND_OFFSET;
    return v && s.start < v.end && v.start < s.end ? p.visible : p.background;
  }

  private onAnswered(item: WorkItem): void {
    this.afterAnswer(item);
    this.emitProgress();
  }

  private afterAnswer(item: WorkItem): void {
    this.views.invalidate(item);
    if (item.sentence !== undefined && item.task.kind === 'ner') {
      this.nli.entitiesChanged();
      if (this.started) this.relationPlanner.planAround(item.sentence);
    }
  }

  private onFailed(item: WorkItem, error: ModelError | InternalError): void {
    this.views.invalidate(item);
    if (error instanceof InternalError) this.listener.onInternalError?.(this, error, item.task.kind);
    else {
      this.lastError = error;
      this.listener.onError?.(this, error, item.task.kind);
    }
    // A sentence whose entities failed is ranked without them: the NLI plan need not wait for it.
    if (item.task.kind === 'ner') this.nli.entitiesChanged();
    this.emitProgress();
  }

  private emitProgress(): void {
    if (this.disposed) return;
    this.listener.onProgress?.(this);
    if (this.isComplete) for (const resolve of this.completionWaiters.splice(0)) resolve();
  }
}

/** The configuration as it decides the work (the profile by name and prompt version). */
function signatureOf(config: AnalysisConfig): string {
  // Curated examples by their digest: the signature is built per version, the pool may be large.
  return JSON.stringify(config, (key, value: unknown) =>
    value && typeof value === 'object' && 'nerGroups' in value
      ? `${(value as Profile).name}@${(value as Profile).promptVersion}`
      : key === 'examples' && Array.isArray(value)
        ? poolId(value)
        : value,
  );
}

const POOL_IDS = new WeakMap<readonly FewShotExample[], string>();
function poolId(pool: readonly FewShotExample[]): string {
  let id = POOL_IDS.get(pool);
  if (id === undefined) POOL_IDS.set(pool, (id = examplesId(pool)));
  return id;
}
