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
import { aggregate, hypothesisIndexes, NliLabel, terms, Verdict } from '../tasks/nli';
import { EntityFeatures, entityFeatures, EvidenceCandidate, EvidenceIndex, EvidenceReason, RankedPremise } from '../retrieval/evidence';
import type { Embedder } from './features';
import { NerGroup, NerParse, NliParse, Profile, RelationParse } from '../profiles/profile';
import { CurationConfig, examplesId, FewShotExample, selectExamples } from '../curation/fewShot';
import { JsonProfile } from '../profiles/json';
import { fewShotBudgetTokens } from '../profiles/limits';
import { candidatePairs, noneLabel, PairKind, RelationUnit, relationUnits, relationWindows, unitOfSentences, windowPairs } from '../tasks/relations';
import { Ticket } from './scheduler';
import { EditWindow, ownText, resegmentEdit, Segmented, withOwnTexts } from '../text/resegment';
import { segment, Segment } from '../text/segment';
import { Token } from '../text/tokenize';
import { EntityType, Mention, ModelError } from '../types';
import { classifyError, InternalError } from '../errors';

/** What one document's analysis asks for: derived from the engine configuration (config.ts). */
export interface AnalysisConfig {
  /** The model that serves: part of every cache key. */
  model: string;
  profile: Profile;
  /** Types the user wants shown; they decide which requests are made. */
  entityTypes: readonly EntityType[];
  /**
   * `untrainedLayout`: the layout pairs outside `profile.relationKinds` are asked in (else they are skipped).
   * `sentenceWindow`: pairs are also sought across sentences of one paragraph up to this many apart (absent: 0, within units only).
   */
  relations?: { enabled: boolean; maxPairsPerSentence: number; untrainedLayout?: Profile; sentenceWindow?: number };
  /** `budgetChars`: how much premise text one hypothesis may be checked against. */
  /** `embeddingModel`: sentence embeddings also rank the premises (features.ts EmbeddingStore); absent or '': off. */
  nli?: { enabled: boolean; sections: readonly string[]; maxPremises: number; budgetChars: number; embeddingModel?: string };
  /** Longer sentences are split by segmentation into pieces that fit the context (config.ts maxSentenceChars). */
  maxSentenceChars?: number;
  /** ConText assertion statuses (tasks/assertion); absent: on, default terms, rules only. */
  assertion?: AssertionOptions;
  /** Curated sentences given to the json layout as entity examples (curation/fewShot.ts); absent: none. */
  curation?: CurationConfig;
}

/** A relation between two entities of one sentence, list item or window of sentences, in document offsets. */
export interface Relation {
  label: string;
  head: Mention;
  tail: Mention;
  /** The text the pair was asked in: a sentence, a list item, or a window from the head's sentence to the tail's. */
  sentence: { start: number; end: number };
  /** The evidence: the sentence (or list item), or across sentences the two sentences the head and tail are in. */
  sentences: { start: number; end: number }[];
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
  /** Every sentence the statement is checked against, in document order, with its own verdict (once answered) and why it was chosen (always set by the analysis). */
  premises?: NliPremise[];
}

/** One premise of a statement: its verdict, and the retrieval score and reasons that chose it (absent on a plan carried from the previous version). */
export interface NliPremise {
  sentence: Segment;
  label?: NliLabel;
  score?: number;
  reasons?: EvidenceReason[];
}

/** One statement's premises and their NLI work; `finding` is the aggregated verdict, kept until an item changes. */
interface HypothesisPlan {
  hypothesis: number;
  items: WorkItem[];
  /** Why each premise was chosen, by sentence index (retrieval/evidence.ts). */
  ranked?: Map<number, RankedPremise>;
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
  /** Failed with an internal error (a bug): the recovery does not send it again, only a new analysis. */
  internal?: boolean;
}

/**
 * A job an item waits on. Its answer goes to whoever owns it when it settles: an edit hands
 * unfinished jobs of unchanged sentences to the new version by changing the owner, so a
 * keystroke costs no new promise or scheduler hold per sentence still in flight. Versions
 * built one from the other share one `Owner`, so handing all jobs over is one assignment.
 */
interface Job {
  ticket: Ticket<unknown>;
  owner: Owner;
  item: WorkItem;
}

/** The version whose jobs these are now. */
interface Owner {
  current: DocumentAnalysis;
}

export interface AnalysisListener {
  /** Results or counts changed. */
  onProgress?(analysis: DocumentAnalysis): void;
  /** An item failed for a reason other than being stale. */
  onError?(analysis: DocumentAnalysis, error: ModelError, task: TaskKind): void;
  /** An item failed with an unexpected error: a bug (errors.ts), never a model failure. */
  onInternalError?(analysis: DocumentAnalysis, error: InternalError, task: TaskKind): void;
}

/** How long sentence embeddings may take before NLI goes on without them. */
const EMBED_TIMEOUT_MS = 60_000;

/** The longest statement `checkStatement` takes (characters): a statement, not a document. */
export const MAX_STATEMENT_LENGTH = 2_000;

/** Why `hypothesis` is not checked, or undefined when it may be. */
export function statementRefusal(hypothesis: string): string | undefined {
  if (hypothesis.length <= MAX_STATEMENT_LENGTH) return undefined;
  return `The statement has ${hypothesis.length} characters; statements of up to ${MAX_STATEMENT_LENGTH.toLocaleString('en-US')} characters are checked. Select a shorter statement.`;
}

export class DocumentAnalysis {
  readonly sentences: Segment[];
  /** All segments (headers too) of the engine's own split, for the next version's resegment. */
  private segmented: (Segmented & { maxSentenceChars?: number }) | undefined;
  /**
   * Spans relations are sought in: first the sentences and whole numbered/bulleted list
   * items (in document order, `spanUnits` of them), then the windows across sentences.
   */
  get units(): readonly RelationUnit[] {
    return this.unitList;
  }
  private unitList: RelationUnit[] = [];
  private spanUnits = 0;
  /** Bumped whenever an NLI finding may have changed, so publishers can skip unchanged ones. */
  findingsVersion = 0;
  // The per-sentence and per-unit state below moves to the next version on an edit (takeOver).
  private items = new Set<WorkItem>();
  /** Entity work per sentence, so per-sentence questions do not scan every item. */
  private nerItems: (WorkItem[] | undefined)[] = [];
  /** Per sentence, its entity items not answered yet; a sentence is done at zero. */
  private nerOpen: number[] = [];
  private nerDoneSentences = 0;
  /** Items per task and state, kept as items change so counts cost nothing to read. */
  private counts: Record<TaskKind, Record<ItemState, number>> = newCounts();
  /** Per sentence, the index of its sentence or list-item unit. */
  private unitOfSentence: number[] = [];
  /** Relation work per unit; undefined until the unit is planned. */
  private relationItems: (WorkItem[] | undefined)[] = [];
  /** Per-sentence and per-unit views, rebuilt only for what an answer changed. */
  private mentionCache: (Mention[] | undefined)[] = [];
  private docMentionCache: (Mention[] | undefined)[] = [];
  /** Per sentence, which of its mentions a relation joins (independent of offsets: kept when an edit shifts the sentence). */
  private relatedCache: (boolean[] | undefined)[] = [];
  private unitRelationCache: (Relation[] | undefined)[] = [];
  /** Whose the jobs of this version's items are (shared with the versions built from it). */
  private owner: Owner = { current: this };
  private nliPlan: HypothesisPlan[] | undefined;
  /** Premises chosen for this version's statements (the plan carried over is provisional until then). */
  private nliPlanned = false;
  /** The last planning knew every sentence's entities: it is final unless vectors arrive. */
  private nliPlannedWithEntities = false;
  /** Sentence embeddings asked for and not in yet: the plan is re-ranked when they come. */
  private nliAwaitingVectors = false;
  private disposed = false;
  private started = false;
  private visible: { start: number; end: number } | undefined;
  private entityCache: Mention[] | undefined;
  private relationCache: Relation[] | undefined;
  /** Relations found by the items held (kept as items come, go and are answered: the status asks after each answer). */
  private relationsFound = 0;
  private findingCache: NliFinding[] | undefined;
  /** A corpus's own tokens per sentence (sentence offsets), for token-level layouts. */
  private readonly corpusTokens: (Token[] | undefined)[] = [];
  private readonly completionWaiters: (() => void)[] = [];
  private readonly features: FeatureCache;
  private readonly ignoreCache: boolean;
  /** What decides the work besides the texts: analyses of equal signature can share their items. */
  readonly signature: string;
  private sentenceIndex: Map<string, number> | undefined;
  private unitIndex: Map<string, number> | undefined;
  private unitsByStart: Map<number, number[]> | undefined;
  lastError: ModelError | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly config: AnalysisConfig,
    private readonly ctx: EngineContext,
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
    } = {},
  ) {
    this.ignoreCache = !!options.ignoreCache;
    this.features = ctx.features ??= new FeatureCache();
    this.signature = signatureOf(config);
    // The previous version's work is taken over when the same configuration decides it.
    const previous = options.previous && !options.ignoreCache && options.previous.signature === this.signature ? options.previous : undefined;
    let editWindow: EditWindow | undefined;
    if (options.sentences) {
      this.sentences = options.sentences.map((s) => ({ start: s.start, end: s.end, text: text.slice(s.start, s.end), kind: 'sentence', section: '' }));
      this.corpusTokens = options.sentences.map((s) => s.tokens?.map((t) => ({ ...t, start: t.start - s.start, end: t.end - s.start })));
    } else {
      // The previous version's segments outside the edited paragraphs are kept (text/resegment.ts).
      const before = options.previous?.segmented;
      const segmentOptions = { maxSentenceChars: config.maxSentenceChars };
      // A previous version taken over is given up to this one: its segments may move. (They
      // move before takeOver decides; when it declines, build() finds the previous sentences
      // by text and its units by their own unshifted offsets, never by segment offsets after the edit.)
      const resegmented = before && before.maxSentenceChars === config.maxSentenceChars ? resegmentEdit(before, text, segmentOptions, !!previous) : undefined;
      const segments = resegmented?.segments ?? withOwnTexts(segment(text, segmentOptions));
      editWindow = resegmented?.window;
      this.segmented = { text, segments, maxSentenceChars: config.maxSentenceChars };
      this.sentences = segments.filter((s) => s.kind === 'sentence');
    }
    if (!(previous && editWindow && this.takeOver(previous, editWindow))) this.build(previous, editWindow);
    this.unitOfSentence = unitOfSentences(this.units, this.spanUnits);
    let done = 0;
    for (const open of this.nerOpen) if (open === 0) done++;
    this.nerDoneSentences = done;
  }

  /**
   * This version's work from scratch, taking over the previous version's items of the same
   * content: sentences by text, units by offsets outside the re-segmented window (by text
   * where the whole text was segmented), statements and premises by text.
   */
  private build(previous: DocumentAnalysis | undefined, editWindow: EditWindow | undefined): void {
    const groups = this.config.profile.nerGroups(this.config.entityTypes);
    this.sentences.forEach((s, sentence) => {
      this.nerOpen[sentence] = 0;
      const before = previous?.sentenceAt(s);
      if (before !== undefined) {
        for (const item of previous!.nerItems[before] ?? []) this.adopt(sentence, item, previous!);
        this.mentionCache[sentence] = previous!.mentionCache[before];
        return;
      }
      this.addNerItems(sentence, groups);
    });
    const spans = relationUnits(this.text, this.sentences);
    this.spanUnits = spans.length;
    this.unitList = [...spans, ...relationWindows(this.text, this.sentences, spans, this.sentenceWindow)];
    this.units.forEach((u, unit) => {
      // Outside the re-segmented window a unit is where it was (shifted after it): found by
      // offsets; otherwise (a header changed, the whole text was segmented) by its text.
      const w = editWindow;
      const before = !previous
        ? undefined
        : !w
          ? previous.unitAt(this.unitKey(u))
          : u.end <= w.start
            ? previous.unitAtSpan(u.start, u.end, !!u.across)
            : u.start >= w.end
              ? previous.unitAtSpan(u.start - w.delta, u.end - w.delta, !!u.across)
              : undefined;
      const items = before === undefined ? undefined : previous!.relationItems[before];
      if (items) this.relationItems[unit] = items.map((item) => this.adopt(unit, item, previous!));
    });
    if (previous?.nliPlan) this.carryNliPlan(previous);
  }

  private addNerItems(sentence: number, groups: readonly NerGroup[]): void {
    const text = this.sentences[sentence].text;
    for (const group of groups) {
      const examples = this.examplesFor(text, group);
      this.addItem(sentence, { kind: 'ner', text, group, tokens: this.corpusTokens[sentence], ...(examples.length ? { examples } : {}) });
    }
  }

  private get sentenceWindow(): number {
    return this.config.relations?.enabled ? (this.config.relations.sentenceWindow ?? 0) : 0;
  }

  /**
   * An edit inside paragraphs (`w`: the re-segmented window, new offsets, and the shift after
   * it): the previous version's state moves here whole — items, counts, per-sentence and
   * per-unit arrays, jobs — and only the window's sentences and units are replaced, so an
   * edit costs what it changed plus copying arrays of pointers. Sentences, units and
   * windows never span a blank line, so none crosses the window's edges; false (nothing
   * changed yet) if that does not hold, and the caller builds this version from scratch.
   */
  private takeOver(previous: DocumentAnalysis, w: EditWindow): boolean {
    const old = previous.sentences;
    // (The sentences after the window are shifted already: they are counted from the end, not found by offset.)
    const j0 = previous.firstSentenceEndingAfter(w.start);
    const j1 = old.length - w.sentencesAfter;
    const i0 = j0;
    const i1 = this.sentences.length - w.sentencesAfter;
    if (j1 < j0 || i1 < i0) return false;
    const k = i1 - j1;
    const oldSpans = previous.spanUnits;
    const oldUnits = previous.unitList;
    const u0 = j0 < old.length ? previous.unitOfSentence[j0] : oldSpans;
    const u1 = j1 < old.length ? previous.unitOfSentence[j1] : oldSpans;
    if (u0 < oldSpans && oldUnits[u0].sentences[0] !== j0) return false;
    if (u1 < oldSpans && oldUnits[u1].sentences[0] !== j1) return false;
    // Windows are ordered by their last sentence.
    const w0 = firstWindowEndingAt(oldUnits, oldSpans, j0);
    const w1 = firstWindowEndingAt(oldUnits, oldSpans, j1);
    for (let u = w0; u < oldUnits.length && oldUnits[u].sentences[1] < j1 + this.sentenceWindow; u++) {
      const [first, last] = oldUnits[u].sentences;
      if ((first < j0 && last >= j0) || (first < j1 && last >= j1)) return false;
    }

    // The previous version gives its state up: it is disposed right after this one is built.
    this.items = previous.items;
    this.counts = previous.counts;
    this.relationsFound = previous.relationsFound;
    this.owner = previous.owner;
    this.owner.current = this;
    previous.items = new Set();
    previous.counts = newCounts();
    previous.relationsFound = 0;
    previous.owner = { current: previous };

    // Sentences: before the window as they were, after it shifted by k, inside it by text.
    const oldByText = new Map<string, number[]>();
    for (let j = j0; j < j1; j++) {
      const list = oldByText.get(old[j].text);
      if (list) list.push(j);
      else oldByText.set(old[j].text, [j]);
    }
    const moved = new Map<number, number>();
    const nerItems = previous.nerItems.slice(0, j0);
    const nerOpen = previous.nerOpen.slice(0, j0);
    const mentionCache = previous.mentionCache.slice(0, j0);
    const docMentionCache = previous.docMentionCache.slice(0, j0);
    const relatedCache = previous.relatedCache.slice(0, j0);
    this.nerItems = nerItems;
    this.nerOpen = nerOpen;
    this.mentionCache = mentionCache;
    this.docMentionCache = docMentionCache;
    this.relatedCache = relatedCache;
    const groups = this.config.profile.nerGroups(this.config.entityTypes);
    const copies: [number, WorkItem[]][] = [];
    for (let i = i0; i < i1; i++) {
      const s = this.sentences[i];
      nerOpen[i] = 0;
      const candidates = oldByText.get(s.text)?.filter((j) => old[j].section === s.section);
      const j = candidates?.find((c) => !moved.has(c));
      if (j !== undefined) {
        moved.set(j, i);
        const items = previous.nerItems[j];
        for (const item of items ?? []) item.sentence = i;
        nerItems[i] = items;
        nerOpen[i] = previous.nerOpen[j];
        mentionCache[i] = previous.mentionCache[j];
      } else if (candidates?.length) copies.push([i, previous.nerItems[candidates[0]] ?? []]);
      else this.addNerItems(i, groups);
    }
    for (const [i, items] of copies) for (const item of items) this.adopt(i, item, previous);
    for (let j = j0; j < j1; j++) if (!moved.has(j)) for (const item of previous.nerItems[j] ?? []) this.unregister(item);
    for (let j = j1; j < old.length; j++) {
      const i = j + k;
      const items = previous.nerItems[j];
      if (k !== 0) for (const item of items ?? []) item.sentence = i;
      nerItems[i] = items;
      nerOpen[i] = previous.nerOpen[j];
      mentionCache[i] = previous.mentionCache[j];
      // Mentions in document offsets hold only where nothing moved.
      docMentionCache[i] = w.delta === 0 ? previous.docMentionCache[j] : undefined;
      relatedCache[i] = previous.relatedCache[j];
    }

    // Units: those of the window's sentences are found again; the others move (shifted).
    const spans = relationUnits(this.text, this.sentences, i0, i1);
    const windows = relationWindows(this.text, this.sentences, spans, this.sentenceWindow, i0, i1);
    const spanShift = spans.length - (u1 - u0);
    const newSpans = oldSpans + spanShift;
    const windowShift = spanShift + windows.length - (w1 - w0);
    const units: RelationUnit[] = oldUnits.slice(0, u0);
    const relationItems = previous.relationItems.slice(0, u0);
    const relationCache = previous.unitRelationCache.slice(0, u0);
    const append = (from: number, to: number, shift: number, after: boolean) => {
      for (let u = from; u < to; u++) {
        const unit = oldUnits[u];
        if (after) {
          unit.start += w.delta;
          unit.end += w.delta;
          if (k !== 0) for (let x = 0; x < unit.sentences.length; x++) unit.sentences[x] += k;
        }
        const items = previous.relationItems[u];
        if (shift !== 0) for (const item of items ?? []) item.sentence = u + shift;
        units.push(unit);
        relationItems.push(items);
        relationCache.push(after && w.delta !== 0 ? undefined : previous.unitRelationCache[u]);
      }
    };
    // The window's units whose text (and section) did not change keep their work: the
    // edited sentence's neighbours in the paragraph are not asked again. (The previous
    // version's window units and sentences were not shifted: their keys are as they were.)
    const oldByKey = new Map<string, number>();
    for (const [from, to] of [[u0, u1], [w0, w1]]) {
      for (let u = from; u < to; u++) {
        const key = previous.relationItems[u] && previous.unitKey(oldUnits[u]);
        if (key !== undefined && !oldByKey.has(key)) oldByKey.set(key, u);
      }
    }
    const kept = new Set<number>();
    const fresh = (list: RelationUnit[]) => {
      for (const unit of list) {
        const key = this.unitKey(unit);
        const u = oldByKey.get(key);
        oldByKey.delete(key);
        const items = u === undefined ? undefined : previous.relationItems[u];
        if (u !== undefined) kept.add(u);
        for (const item of items ?? []) item.sentence = units.length;
        units.push(unit);
        relationItems.push(items);
        relationCache.push(undefined);
      }
    };
    fresh(spans);
    append(u1, oldSpans, spanShift, true);
    append(oldSpans, w0, spanShift, false);
    fresh(windows);
    append(w1, oldUnits.length, windowShift, true);
    // The window's other relation work is planned again at start (its pairs come from the cache).
    for (const [from, to] of [[u0, u1], [w0, w1]]) for (let u = from; u < to; u++) if (!kept.has(u)) for (const item of previous.relationItems[u] ?? []) this.unregister(item);
    this.unitList = units;
    this.spanUnits = newSpans;
    this.relationItems = relationItems;
    this.unitRelationCache = relationCache;

    if (previous.nliPlan) {
      const at = (j: number) => (j < j0 ? j : j >= j1 ? j + k : moved.get(j));
      this.carryNliPlan(previous, at);
    }
    return true;
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
    // Premises wait on their embeddings: finished checks could still be re-ranked.
    return this.count('waiting') + this.count('pending') + (this.nliAwaitingVectors ? 1 : 0);
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
    // NLI checks wait until their premises are final (entities settled, embeddings in): a
    // premise chosen on partial knowledge and then replaced would be a wasted model call.
    for (const item of this.items) if ((item.state === 'waiting' || (options.retryFailed && !item.internal)) && (item.task.kind !== 'nli' || this.nliFinal)) this.request(item);
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
    // Windows come after the units: in document order by head (a stable sort keeps ties as they were).
    if (this.units.length > this.spanUnits) out.sort((a, b) => a.head.start - b.head.start);
    this.relationCache = out;
    return out;
  }

  /** How many relations `relations()` holds, without building them (the status asks on every edit). */
  relationCount(): number {
    return this.relationsFound;
  }

  /** Whether the relations around `offset` are known yet: those of its unit and of the windows its sentences end. */
  relationState(offset: number): RelationState {
    const index = this.unitAtOffset(offset);
    if (index < 0 || !this.relationsEnabled) return 'none';
    const units = [index, ...this.units[index].sentences.flatMap((s) => this.windowsOf(s))];
    if (units.some((u) => !this.relationItems[u])) return 'pending';
    const items = units.flatMap((u) => this.relationItems[u]!);
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
    const candidates: (EvidenceCandidate & { start: number; end: number })[] = [];
    this.sentences.forEach((s, index) => {
      const start = scope.within ? Math.max(s.start, scope.within.start) : s.start;
      const end = scope.within ? Math.min(s.end, scope.within.end) : s.end;
      if (end <= start) return;
      if (scope.exclude && start < scope.exclude.end && scope.exclude.start < end) return;
      const text = this.text.slice(start, end).trim();
      // A sentence that reads as instructions to the model is never evidence.
      if (!text || this.features.injection(text, s.section)) return;
      const at = start + this.text.slice(start, end).indexOf(text);
      const whole = text === s.text;
      candidates.push({ index, text, start: at, end: at + text.length, features: this.features.terms(text), entities: whole ? this.nliEntities(index) : undefined });
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
    const verdicts = await Promise.all(
      chosen.map(async (c) => ({ premise: c, label: (await this.verdict(c.text, hypothesis, cancel)).label })),
    );
    const usable = verdicts.filter((v): v is Verdict<(typeof chosen)[number]> => v.label !== undefined);
    const { label, evidence } = aggregate(usable);
    return { label, evidence: (label === 'neutral' ? [] : evidence).map(({ start, end, text }) => ({ start, end, text })) };
  }

  /** The note's section headers, in order (none for a corpus's own sentence split). */
  headers(): Segment[] {
    return (this.segmented?.segments ?? []).filter((s) => s.kind === 'header');
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
    const at = this.sentenceOfText(s.text);
    // The section decides assertion status: the same words under another header are new work.
    return at !== undefined && this.sentences[at].section === s.section ? at : undefined;
  }

  /** The index of this version's first sentence with `text`, if any. */
  private sentenceOfText(text: string): number | undefined {
    if (!this.sentenceIndex) {
      this.sentenceIndex = new Map();
      this.sentences.forEach((x, i) => {
        if (!this.sentenceIndex!.has(x.text)) this.sentenceIndex!.set(x.text, i);
      });
    }
    return this.sentenceIndex.get(text);
  }

  /** The index of this version's planned unit at exactly [start, end) (for the next version). */
  private unitAtSpan(start: number, end: number, across: boolean): number | undefined {
    if (!this.unitsByStart) {
      this.unitsByStart = new Map();
      this.units.forEach((u, i) => {
        if (!this.relationItems[i]) return;
        const list = this.unitsByStart!.get(u.start);
        if (list) list.push(i);
        else this.unitsByStart!.set(u.start, [i]);
      });
    }
    return this.unitsByStart.get(start)?.find((i) => this.units[i].end === end && !!this.units[i].across === across);
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

  /**
   * A unit as the next version looks it up: its text and the section it is in; a window
   * also by where its two sentences end and begin (its pairs are those across them).
   */
  private unitKey(u: RelationUnit): string {
    const section = this.sentences[u.sentences[0]].section;
    if (!u.across) return `${section}\u0000${this.text.slice(u.start, u.end)}`;
    const [first, last] = u.sentences.map((i) => this.sentences[i]);
    return `\u0000window\u0000${JSON.stringify([section, first.end - u.start, last.start - u.start, this.text.slice(u.start, u.end)])}`;
  }

  /** The windows sentence `sentence` is an end of (windows are ordered by their last sentence). */
  private windowsOf(sentence: number): number[] {
    const out: number[] = [];
    const reach = Math.floor(this.sentenceWindow);
    for (let u = firstWindowEndingAt(this.units, this.spanUnits, sentence); u < this.units.length && this.units[u].sentences[1] <= sentence + reach; u++) {
      const [first, last] = this.units[u].sentences;
      if (first === sentence || last === sentence) out.push(u);
    }
    return out;
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

  /** The sentence or list item at `offset` (windows overlap them and are not searched). */
  private unitAtOffset(offset: number): number {
    let lo = 0;
    let hi = this.spanUnits - 1;
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
    const mentions = this.sentenceMentions(index) ?? [];
    const related = this.relatedOf(index, mentions);
    const out = mentions.map((m, i) => ({ ...m, start: m.start + s.start, end: m.end + s.start, related: related[i] }));
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    this.docMentionCache[index] = out;
    return out;
  }

  /** Which of a sentence's mentions (sentence offsets) a relation of its unit or windows joins. */
  private relatedOf(index: number, mentions: readonly Mention[]): boolean[] {
    const cached = this.relatedCache[index];
    if (cached && cached.length === mentions.length) return cached;
    const s = this.sentences[index];
    const unit = this.unitOfSentence[index];
    const relations = [unit, ...this.windowsOf(index)].flatMap((u) => (u === undefined ? [] : this.unitRelations(u)));
    const ends = new Set(relations.flatMap((r) => [`${r.head.start}:${r.head.end}`, `${r.tail.start}:${r.tail.end}`]));
    const related = mentions.map((m) => ends.has(`${m.start + s.start}:${m.end + s.start}`));
    this.relatedCache[index] = related;
    return related;
  }

  private unitRelations(unit: number): Relation[] {
    const cached = this.unitRelationCache[unit];
    if (cached) return cached;
    const out: Relation[] = [];
    const s = this.units[unit];
    const evidence = s.across ? s.sentences.map((i) => ({ start: this.sentences[i].start, end: this.sentences[i].end })) : [{ start: s.start, end: s.end }];
    for (const item of this.relationItems[unit] ?? []) {
      const task = item.task;
      if (task.kind !== 're' || item.state !== 'done') continue;
      const parse = item.result as RelationParse;
      task.task.pairs.forEach((pair, i) => {
        const label = parse.labels[i];
        if (!isRelation(label, pair.kind)) return;
        const shift = (m: Mention): Mention => ({ ...m, start: m.start + s.start, end: m.end + s.start });
        const relation: Relation = { label, head: shift(pair.head), tail: shift(pair.tail), sentence: { start: s.start, end: s.end }, sentences: evidence };
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
    const premises: NliPremise[] = plan.items.map((item) => {
      const ranked = plan.ranked?.get(item.sentence);
      const label = item.state === 'done' ? (item.result as NliParse).label : undefined;
      return { sentence: this.sentences[item.sentence], ...(label ? { label } : {}), ...(ranked ? { score: ranked.score, reasons: ranked.reasons } : {}) };
    });
    if (plan.incomplete || plan.items.some((i) => i.state === 'pending' || i.state === 'waiting')) return { hypothesis, state: 'pending', evidence: [], premises };
    const verdicts: Verdict<Segment>[] = [];
    for (const p of premises) if (p.label) verdicts.push({ premise: p.sentence, label: p.label });
    // Items exist but none gave a usable verdict: say nothing rather than guess.
    if (plan.items.length > 0 && verdicts.length === 0) return { hypothesis, state: 'failed', evidence: [], premises };
    return { hypothesis, state: 'done', ...aggregate(verdicts), premises };
  }

  /** Counts a new item and keeps it. */
  private register(item: WorkItem): WorkItem {
    this.items.add(item);
    this.counts[item.task.kind][item.state]++;
    this.relationsFound += foundRelations(item);
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
    this.relationsFound -= foundRelations(item);
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
    // (An item's answer is set before it becomes done, and a done item stays done.)
    if (state === 'done') this.relationsFound += foundRelations(item);
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
    const cached = this.ignoreCache ? undefined : this.ctx.cache.get(key);
    if (cached) {
      item.state = 'done';
      item.result = cached as Result;
      this.ctx.stats.cacheHits++;
    }
    this.register(item);
    if (!cached && !this.ignoreCache) {
      // Adopt a job already in flight for the same content (e.g. for the previous version).
      const ticket = this.ctx.scheduler.join<unknown>(key, this.priorityOf(item));
      if (ticket) this.hold(item, ticket);
    }
    return item;
  }

  /** Takes over a previous version's item for the same content at `sentence` (or unit). */
  private adopt(sentence: number, before: WorkItem, from: DocumentAnalysis): WorkItem {
    // The previous version is given up right after this one is built: its item moves here
    // as it is (answer, job, state), which costs no allocation. An item two sentences of
    // this version take over (the same text twice) is moved once and copied after.
    if (from.items.delete(before)) {
      before.sentence = sentence;
      if (before.job) before.job.owner = this.owner;
      return this.register(before);
    }
    if (before.state === 'done') {
      this.ctx.stats.cacheHits++;
      return this.register({ sentence, task: before.task, key: before.key, state: 'done', result: before.result });
    }
    // Failed stays failed: the workspace's recovery check decides when it is sent again.
    if (before.state === 'failed') return this.register({ sentence, task: before.task, key: before.key, state: 'failed', internal: before.internal });
    const job = before.job;
    // No job, or the job of an item already moved here: join it through the scheduler.
    if (!job || job.owner !== from.owner) return this.addItem(sentence, before.task, before.key);
    // The job in flight changes hands: the previous version no longer holds it.
    const item = this.register({ sentence, task: before.task, key: before.key, state: 'pending', job });
    before.job = undefined;
    job.owner = this.owner;
    job.item = item;
    return item;
  }

  /**
   * The previous version's statements that are still here keep their premises and
   * findings until the debounce re-plans them; a statement that lost a premise shows as
   * pending meanwhile. Nothing is ranked here: that is the costly part, done once typing pauses.
   */
  private carryNliPlan(previous: DocumentAnalysis, at?: (sentence: number) => number | undefined): void {
    // With `at` (takeOver) the items are here already and move with their sentences;
    // otherwise statements and premises are found again by text and their items adopted.
    const premiseAt = at ?? ((j: number) => this.sentenceOfText(previous.sentences[j].text));
    const hypothesisAt = at ?? ((j: number) => this.sentenceAt(previous.sentences[j]));
    const drop = (item: WorkItem) => at && this.unregister(item);
    const plans: HypothesisPlan[] = [];
    const carried = new Set<number>();
    for (const plan of previous.nliPlan!) {
      const hypothesis = hypothesisAt(plan.hypothesis);
      // A statement written twice maps to its first place: one plan is carried, the other
      // is planned afresh at start (its items are released).
      if (hypothesis === undefined || carried.has(hypothesis)) {
        plan.items.forEach(drop);
        continue;
      }
      carried.add(hypothesis);
      const items: WorkItem[] = [];
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
        } else items.push(this.adopt(premise, item, previous));
      }
      plans.push({ hypothesis, items, incomplete });
    }
    plans.sort((a, b) => a.hypothesis - b.hypothesis);
    plans.forEach((plan, index) => plan.items.forEach((item) => (item.plan = index)));
    this.nliPlan = plans;
  }

  /**
   * Each statement gets its premises and one NLI item per premise, chosen by evidence
   * retrieval (retrieval/evidence.ts) from the words, concepts and quantities of the texts,
   * the entities known so far and the embeddings cached so far. Planned once typing pauses;
   * planned again when the last sentence's entities arrive and when asked-for embeddings
   * arrive, and a statement keeps its items (and finding) unless its choice changed. Items
   * are keyed by both texts, so only new statement-premise pairs cost a model call, and
   * they are sent only once the choice is final (nliFinal), so a re-ranked choice wastes none.
   */
  private planNli(): void {
    const nli = this.config.nli;
    this.nliPlanned = true;
    if (!nli?.enabled) return;
    this.nliPlannedWithEntities = this.nerSettled;
    // Sentences that read as instructions to the model (tasks/injection.ts) are neither
    // checked nor used as premises: a model that obeyed them would decide the finding.
    const injected = new Set<number>();
    this.sentences.forEach((s, i) => {
      if (this.features.injection(s.text, s.section)) injected.add(i);
    });
    const hypotheses = hypothesisIndexes(this.sentences, nli.sections).filter((h) => !injected.has(h));
    const isHypothesis = new Set(hypotheses);
    const vectors = this.nliVectors(hypotheses.length > 0 ? this.sentences.filter((_, i) => !injected.has(i)).map((s) => s.text) : []);
    const evidenceOf = (index: number): EvidenceCandidate => {
      const text = this.sentences[index].text;
      return { index, text, features: this.features.terms(text), entities: this.nliEntities(index), vector: vectors?.(text) };
    };
    const candidates = this.sentences.map((_, index) => index).filter((i) => !isHypothesis.has(i) && !injected.has(i)).map(evidenceOf);
    const index = new EvidenceIndex(candidates);
    const carried = new Map((this.nliPlan ?? []).map((p) => [p.hypothesis, p]));
    const plans = hypotheses.map((h): HypothesisPlan => {
      const text = this.sentences[h].text;
      const ranked = index.select(evidenceOf(h), nli.maxPremises, nli.budgetChars);
      const chosen = ranked.map((r) => r.index);
      const why = new Map(ranked.map((r) => [r.index, r]));
      const before = carried.get(h);
      carried.delete(h);
      const same = before && !before.incomplete && before.items.length === chosen.length && before.items.every((item, i) => item.sentence === chosen[i]);
      if (same) {
        // The same premises: the items and finding stay; only the reasons are brought up to date.
        before!.ranked = why;
        if (before!.finding) before!.finding = undefined;
        return before!;
      }
      const reused = new Map((before?.items ?? []).map((item) => [item.sentence, item]));
      const items = chosen.map((p) => {
        const item = reused.get(p);
        reused.delete(p);
        return item ?? this.addItem(p, { kind: 'nli', text: this.sentences[p].text, premise: this.sentences[p].text, hypothesis: text });
      });
      for (const item of reused.values()) this.unregister(item);
      return { hypothesis: h, items, ranked: why };
    });
    for (const plan of carried.values()) for (const item of plan.items) this.unregister(item);
    plans.forEach((plan, i) => plan.items.forEach((item) => (item.plan = i)));
    this.nliPlan = plans;
    this.findingCache = undefined;
    this.findingsVersion++;
  }

  /** Plans the statements again (entities or embeddings arrived) and sends the work a changed choice made. */
  private replanNli(): void {
    if (this.disposed || !this.started) return;
    this.planNli();
    if (!this.nliFinal) return;
    for (const plan of this.nliPlan ?? []) for (const item of plan.items) if (item.state === 'waiting') this.request(item);
  }

  /** What the model's NER found in a sentence, once its entity work is answered. */
  private nliEntities(index: number): EntityFeatures | undefined {
    const mentions = this.sentenceMentions(index);
    return mentions && entityFeatures(mentions);
  }

  /** The serving backend's embeddings, if it gives any. */
  private embedder(): Embedder | undefined {
    const backend = this.ctx.backend as { embed?: Embedder['embed'] };
    return typeof backend.embed === 'function' ? { embed: (texts, signal) => backend.embed!.call(this.ctx.backend, texts, signal) } : undefined;
  }

  /**
   * The cached vector of a text, when an embedding model is set; asks for the ones `texts`
   * lack, and plans again when they arrive (or failed: the status says why, the plan stands).
   */
  private nliVectors(texts: readonly string[]): ((text: string) => Float32Array | undefined) | undefined {
    const model = this.config.nli?.embeddingModel;
    const embedder = this.embedder();
    if (!model || !embedder) return undefined;
    const store = this.features.embeddings;
    const waiting = store.fetch(embedder, model, texts, EMBED_TIMEOUT_MS);
    // A version asks for the same texts each time it plans: one re-plan when they arrive is enough.
    if (waiting && !this.nliAwaitingVectors) {
      this.nliAwaitingVectors = true;
      void waiting.then(() => {
        if (this.disposed) return;
        this.nliAwaitingVectors = false;
        this.replanNli();
        this.emitProgress();
      });
    }
    return (text) => store.get(model, text);
  }

  /** One premise-hypothesis verdict for a user's check: from the cache or a shared job. */
  private verdict(premise: string, hypothesis: string, cancel?: AbortSignal): Promise<NliParse> {
    const task: Task = { kind: 'nli', text: premise, premise, hypothesis };
    const spec = specOf(task);
    const { profile } = this.config;
    // The user's priority holds only while the user waits: `cancel` releases it.
    return cachedCall(this.ctx, this.keyOf(task), PRIORITY_USER_REQUEST, task.kind, spec.request(profile, task), (a) => spec.parse(profile, task, a), cancel);
  }

  /** The curated examples of a sentence's entity request: json layout only (medtuned was trained without). */
  private examplesFor(text: string, group: NerGroup): readonly FewShotExample[] {
    const { profile, curation } = this.config;
    if (!curation || curation.fewShot <= 0 || !curation.examples.length || !(profile instanceof JsonProfile)) return [];
    return selectExamples(text, curation.examples, {
      k: curation.fewShot,
      types: group.types,
      budgetTokens: fewShotBudgetTokens(profile.numCtx, text),
      cost: (e) => profile.exampleTokens(group.types, e),
      stems: this.features.terms(text).stems,
    });
  }

  private keyOf(task: Task): string {
    const layout = layoutOf(task, this.config.profile);
    return this.features.cacheKey({ text: task.text, model: this.config.model, profile: layout.name, task: specOf(task).id(task), promptVersion: layout.promptVersion });
  }

  /** Once the entities of a unit's sentences are known (and typing paused), its candidate pairs become relation work. */
  private planRelations(unit: number): void {
    if (!this.relationsEnabled || this.relationItems[unit] || !this.started) return;
    const u = this.units[unit];
    const bySentence: Mention[][] = [];
    for (const index of u.sentences) {
      const found = this.sentenceMentions(index);
      if (!found) return;
      const shift = this.sentences[index].start - u.start;
      bySentence.push(found.map((m) => ({ ...m, start: m.start + shift, end: m.end + shift })));
    }
    const { profile, relations } = this.config;
    const text = ownText(this.text.slice(u.start, u.end));
    // Pairs the profile was not trained on are asked in the other layout, or not at all.
    const other = relations!.untrainedLayout;
    const kinds = new Set([...profile.relationKinds, ...(other?.relationKinds ?? [])]);
    const max = relations!.maxPairsPerSentence;
    const pairs = u.across
      ? windowPairs(bySentence[0], bySentence[1], max, this.sentences.slice(u.sentences[0] + 1, u.sentences[1] + 1).map((s) => s.start - u.start), kinds)
      : candidatePairs(bySentence.flat(), max, kinds);
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
    // Views built while the unit was unplanned said it had no relations: answers from the
    // cache are in already (without one, nothing the views show has changed).
    if (this.relationItems[unit].some((item) => item.state === 'done')) this.relationsChanged(unit);
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
    const job: Job = { ticket, owner: this.owner, item };
    item.job = job;
    ticket.promise.then(
      (result) => job.owner.current.settled(job, result as Result),
      (err: unknown) => job.owner.current.settled(job, undefined, err),
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
      if (item.task.kind === 'ner') {
        if (this.nliPlanned && !this.nliPlannedWithEntities && this.nerSettled) this.replanNli();
        this.planRelations(this.unitOfSentence[item.sentence]);
        for (const window of this.windowsOf(item.sentence)) this.planRelations(window);
      }
      this.emitProgress();
      return;
    }
    const error = classifyError(err, `analysis ${item.task.kind} work`);
    if (error instanceof InternalError) {
      // A bug, not the model's doing: shown as such, never the model's last error, never retried by recovery.
      item.internal = true;
      this.setState(item, 'failed');
      this.changed(item);
      this.listener.onInternalError?.(this, error, item.task.kind);
      if (item.task.kind === 'ner' && this.nliPlanned && !this.nliPlannedWithEntities && this.nerSettled) this.replanNli();
      this.emitProgress();
      return;
    }
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
    // A sentence whose entities failed is ranked without them: the NLI plan need not wait for it.
    if (item.task.kind === 'ner' && this.nliPlanned && !this.nliPlannedWithEntities && this.nerSettled) this.replanNli();
    this.emitProgress();
  }

  /** No entity work is waiting or in flight (answered or failed). */
  private get nerSettled(): boolean {
    return this.counts.ner.waiting + this.counts.ner.pending === 0;
  }

  /** The NLI plan will not change any more by itself: entities settled, no embeddings awaited. */
  private get nliFinal(): boolean {
    return this.nliPlannedWithEntities && !this.nliAwaitingVectors;
  }

  /** Forgets the views an item's answer (or failure) changes: its sentence's, its unit's, its statement's. */
  private changed(item: WorkItem): void {
    switch (item.task.kind) {
      case 'ner':
        this.mentionCache[item.sentence] = undefined;
        this.docMentionCache[item.sentence] = undefined;
        this.relatedCache[item.sentence] = undefined;
        this.entityCache = undefined;
        break;
      case 're':
        this.relationsChanged(item.sentence);
        break;
      case 'nli':
        if (item.plan !== undefined && this.nliPlan?.[item.plan]) this.nliPlan[item.plan].finding = undefined;
        this.findingCache = undefined;
        this.findingsVersion++;
        break;
    }
  }

  /** Forgets the views of a unit's relations: the unit's, and its sentences' mentions (their `related` flag). */
  private relationsChanged(unit: number): void {
    this.unitRelationCache[unit] = undefined;
    for (const s of this.units[unit].sentences) {
      this.docMentionCache[s] = undefined;
      this.relatedCache[s] = undefined;
    }
    this.relationCache = undefined;
    this.entityCache = undefined;
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

function newCounts(): Record<TaskKind, Record<ItemState, number>> {
  return { ner: { waiting: 0, pending: 0, done: 0, failed: 0 }, re: { waiting: 0, pending: 0, done: 0, failed: 0 }, nli: { waiting: 0, pending: 0, done: 0, failed: 0 } };
}

/** The first window (units from `spans` on, ordered by last sentence) whose last sentence is `sentence` or later. */
function firstWindowEndingAt(units: readonly RelationUnit[], spans: number, sentence: number): number {
  let lo = spans;
  let hi = units.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (units[mid].sentences[1] < sentence) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether an answer's label for a pair is a relation (not missing, not the kind's "none"). */
function isRelation(label: string | undefined, kind: PairKind): label is string {
  return !!label && label !== noneLabel(kind);
}

/** How many relations a relation item's answer holds (0 until it is answered). */
function foundRelations(item: WorkItem): number {
  if (item.task.kind !== 're' || item.state !== 'done') return 0;
  const labels = (item.result as RelationParse).labels;
  let n = 0;
  item.task.task.pairs.forEach((pair, i) => {
    if (isRelation(labels[i], pair.kind)) n++;
  });
  return n;
}
