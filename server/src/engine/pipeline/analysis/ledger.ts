/**
 * The work ledger of one version: the only writer of work items, their states and counts,
 * and the jobs they wait on. Items are indexed by sentence (entity work) and by unit
 * (relation work); NLI items are held by their plans. Answers and failures of jobs come
 * here (through the shared Owner) and go on to the analysis as item changes.
 */
import type { FeatureCache } from '../features';
import { callModel, EngineContext, keep } from '../modelCall';
import { callFor } from '../phiShield';
import { layoutOf, Result, specOf, Task, TASK_KINDS, TaskKind } from '../taskTable';
import type { Ticket } from '../scheduler';
import { ModelAnswer, ModelError } from '../../types';
import { classifyError, InternalError } from '../../errors';
import { testFault } from '../../testFault';
import { changedPlaces, COPY, givenUp, handedOn, IndexMap, movedTo, SentenceIndex, sized, UnitIndex } from './indexes';
import { foundRelations, moveItem, newCounts, unreadableAnswer } from './itemCounts';
export { isRelation } from './itemCounts';
import type { AnalysisConfig, ItemState, Job, Owner, SentenceItem, UnitItem, WorkItem } from './types';

/** What the analysis hears of its items. */
export interface LedgerEvents {
  /** The priority of an item's work now (visible range first). */
  priorityOf(item: WorkItem): number;
  answered(item: WorkItem): void;
  /** A failure, model's or internal; `internal` items are marked so. */
  failed(item: WorkItem, error: ModelError | InternalError): void;
  /** Someone else's release cancelled a job this item only joined: it waits again. */
  cancelled(item: WorkItem): void;
}

export class Ledger {
  private items = new Set<WorkItem>();
  /** Items per task and state, kept as items change so counts cost nothing to read. */
  private counts: Record<TaskKind, Record<ItemState, number>> = newCounts();
  /** Entity work per sentence, so per-sentence questions do not scan every item. */
  nerItems: (SentenceItem[] | undefined)[] = [];
  /** Per sentence, its entity items not answered yet; a sentence is done at zero. */
  nerOpen: number[] = [];
  private nerDone = 0;
  /** Per sentence, 1 while its entity work is owed, not planned (entityPlanner.ts): it counts as its waiting items. */
  unplanned: Uint8Array = new Uint8Array(0);
  private unplannedCount = 0;
  /** Entity items a sentence gets (one per entity group). */
  private readonly nerPerSentence: number;
  /** Relation work per unit; undefined until the unit is planned. */
  relationItems: (UnitItem[] | undefined)[] = [];
  /** Relations found by the items held (kept as items come, go and are answered: the status asks after each answer). */
  private relationsFound = 0;
  /** Answers held that the profile could not read (kept the same way: the status says when there are any). */
  private unreadableFound = 0;
  /** Whose the jobs of this version's items are (shared with the versions built from it). */
  private owner: Owner = { current: this };
  private disposed = false;
  /** The per-place arrays were made at their full length by a carry-over (see `Views.laidOut`): only then are they handed on whole. */
  private laidOut = false;

  constructor(
    private readonly ctx: EngineContext,
    private readonly config: AnalysisConfig,
    private readonly features: FeatureCache,
    private readonly ignoreCache: boolean,
    private readonly events: LedgerEvents,
  ) {
    this.nerPerSentence = config.profile.nerGroups(config.entityTypes).length;
  }

  get total(): number {
    return this.items.size + this.unplannedCount * this.nerPerSentence;
  }
  count(state: ItemState): number {
    let n = 0;
    for (const kind of TASK_KINDS) n += this.counts[kind][state];
    return n;
  }
  failedOf(kind: TaskKind): number {
    return this.counts[kind].failed;
  }
  /** Items of one task in one state (the status says what ran, not only what is left). */
  countOf(kind: TaskKind, state: ItemState): number {
    return this.counts[kind][state];
  }
  /** No entity work is waiting or in flight (answered or failed). */
  get nerSettled(): boolean {
    return this.counts.ner.waiting + this.counts.ner.pending === 0;
  }
  get sentencesDone(): number {
    return this.nerDone;
  }
  /** Sentences whose entity work is owed and not planned yet. */
  get unplannedSentences(): number {
    return this.unplannedCount;
  }
  get relationCount(): number {
    return this.relationsFound;
  }
  get unreadableCount(): number {
    return this.unreadableFound;
  }
  all(): Iterable<WorkItem> {
    return this.items;
  }

  keyOf(task: Task): string {
    const layout = layoutOf(task, this.config.profile);
    return this.features.cacheKey({
      text: task.text,
      model: this.config.model,
      profile: layout.name,
      task: specOf(task).id(task),
      promptVersion: layout.promptVersion,
    });
  }

  /** Owes a new sentence's entity work without planning it (no items, no keys yet). */
  defer(sentence: SentenceIndex): void {
    if (this.nerPerSentence === 0 || this.unplanned[sentence]) return;
    this.unplanned[sentence] = 1;
    this.unplannedCount++;
    this.nerOpen[sentence] = 1;
    this.counts.ner.waiting += this.nerPerSentence;
  }

  /** A deferred sentence is being planned: its stand-in counts are given back before its items come. */
  undefer(sentence: SentenceIndex): void {
    if (!this.unplanned[sentence]) return;
    this.unplanned[sentence] = 0;
    this.unplannedCount--;
    this.nerOpen[sentence] = 0;
    this.counts.ner.waiting -= this.nerPerSentence;
  }

  /** A sentence planned after carry-over: counted done if all its items came from the cache. */
  planned(sentence: SentenceIndex): void {
    if (this.nerOpen[sentence] === 0) this.nerDone++;
  }

  /** A new item: answered from the cache, joined to a job in flight for the same content, or waiting. */
  addSentenceItem(sentence: SentenceIndex, task: Task, key = this.keyOf(task)): SentenceItem {
    return this.add({ sentence, task, key, state: 'waiting' });
  }
  addUnitItem(unit: UnitIndex, task: Task, key = this.keyOf(task)): UnitItem {
    return this.add({ unit, task, key, state: 'waiting' });
  }

  private add<I extends WorkItem>(item: I): I {
    const cached = this.ignoreCache ? undefined : this.ctx.cache.get(item.key);
    if (cached) {
      item.state = 'done';
      item.result = cached as Result;
      this.ctx.stats.cacheHits++;
    }
    this.register(item);
    if (!cached && !this.ignoreCache) {
      // Adopt a job already in flight for the same content (e.g. for the previous version).
      const ticket = this.ctx.scheduler.join<unknown>(item.key, this.events.priorityOf(item));
      if (ticket) this.hold(item, ticket);
    }
    return item;
  }

  /** Counts a new item and keeps it. */
  private register<I extends WorkItem>(item: I): I {
    this.items.add(item);
    this.counts[item.task.kind][item.state]++;
    this.relationsFound += foundRelations(item);
    this.unreadableFound += unreadableAnswer(item);
    if (item.sentence !== undefined && item.task.kind === 'ner') {
      (this.nerItems[item.sentence] ??= []).push(item);
      if (item.state !== 'done') this.nerOpen[item.sentence]++;
    }
    return item;
  }

  /** Drops an item no plan needs any more (an NLI premise no longer chosen, a unit gone). */
  unregister(item: WorkItem): void {
    if (!this.items.delete(item)) return;
    this.counts[item.task.kind][item.state]--;
    this.relationsFound -= foundRelations(item);
    this.unreadableFound -= unreadableAnswer(item);
    item.job?.ticket.release();
    item.job = undefined;
  }

  setState(item: WorkItem, state: ItemState): void {
    const before = item.state;
    if (before === state) return;
    item.state = state;
    if (!this.items.has(item)) return;
    this.counts[item.task.kind][before]--;
    this.counts[item.task.kind][state]++;
    // (An item's answer is set before it becomes done, and a done item stays done.)
    if (state === 'done') {
      this.relationsFound += foundRelations(item);
      this.unreadableFound += unreadableAnswer(item);
    }
    if (item.sentence === undefined || item.task.kind !== 'ner') return;
    const s = item.sentence;
    if (state === 'done') {
      if (--this.nerOpen[s] === 0) this.nerDone++;
    } else if (before === 'done') {
      if (this.nerOpen[s]++ === 0) this.nerDone--;
    }
  }

  /** Sends an item's work (waiting, or failed and sent again). */
  request(item: WorkItem): void {
    if (item.state !== 'waiting' && item.state !== 'failed') return;
    item.internal = undefined;
    const ticket = this.ctx.scheduler.request<unknown>(item.key, this.events.priorityOf(item), (signal) => this.run(item.task, item.key, signal));
    this.hold(item, ticket);
  }

  prioritise(): void {
    for (const item of this.items) item.job?.ticket.prioritise(this.events.priorityOf(item));
  }

  /** Gives up every job; jobs nobody else holds are cancelled. Answers arriving later are dropped. */
  dispose(): void {
    this.disposed = true;
    for (const item of this.items) item.job?.ticket.release();
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
  settled(job: Job, result: Result | undefined, err?: unknown): void {
    const item = job.item;
    if (this.disposed || item.job !== job) return;
    item.job = undefined;
    if (err === undefined) {
      item.result = result;
      this.setState(item, 'done');
      this.events.answered(item);
      return;
    }
    const error = classifyError(err, `analysis ${item.task.kind} work`);
    if (error instanceof ModelError && error.kind === 'cancelled') {
      this.setState(item, 'waiting');
      this.events.cancelled(item);
      return;
    }
    // A bug is not the model's doing: the recovery does not send it again.
    if (error instanceof InternalError) item.internal = true;
    this.setState(item, 'failed');
    this.events.failed(item, error);
  }

  /** One model call for one work item: build, send, parse, cache. */
  private async run(task: Task, key: string, signal: AbortSignal): Promise<Result> {
    const call = callFor(task, this.config.profile, this.ctx.phiShield);
    const parse = (a: ModelAnswer) => {
      testFault('parse');
      return call.parse(a);
    };
    const result = await callModel(this.ctx, task.kind, call.request, parse, signal);
    keep(this.ctx, key, result);
    return result;
  }

  /**
   * Takes over a previous version's item for the same content. The previous version is
   * given up right after this one is built: its item moves here as it is (answer, job,
   * state), which costs no allocation. An item two places of this version take over (the
   * same text twice) is moved once and copied after.
   */
  adopt(at: SentenceIndex, before: SentenceItem, from: Ledger): SentenceItem;
  adopt(at: UnitIndex, before: UnitItem, from: Ledger): UnitItem;
  adopt(at: number, before: WorkItem, from: Ledger): WorkItem {
    const place = (): WorkItem =>
      before.unit !== undefined
        ? { unit: at as UnitIndex, task: before.task, key: before.key, state: 'waiting' }
        : { sentence: at as SentenceIndex, task: before.task, key: before.key, state: 'waiting' };
    if (from.items.delete(before)) {
      moveItem(before, at);
      if (before.job) before.job.owner = this.owner;
      return this.register(before);
    }
    if (before.state === 'done') {
      this.ctx.stats.cacheHits++;
      return this.register({ ...place(), state: 'done', result: before.result });
    }
    // Failed stays failed: the workspace's recovery check decides when it is sent again.
    if (before.state === 'failed') return this.register({ ...place(), state: 'failed', internal: before.internal });
    const job = before.job;
    // No job, or the job of an item already moved here: join it through the scheduler.
    if (!job || job.owner !== from.owner) return this.add(place());
    // The job in flight changes hands: the previous version no longer holds it.
    const item = this.register({ ...place(), state: 'pending', job });
    before.job = undefined;
    job.owner = this.owner;
    job.item = item;
    return item;
  }

  /**
   * The previous version's work moves here whole (wholesale carry-over): items, counts,
   * jobs. Its per-place lists follow the maps; what they leave behind is dropped after.
   */
  takeAll(previous: Ledger): void {
    [this.items, this.counts, this.relationsFound, this.unreadableFound] = [previous.items, previous.counts, previous.relationsFound, previous.unreadableFound];
    this.owner = previous.owner;
    this.owner.current = this;
    [previous.items, previous.counts, previous.relationsFound, previous.unreadableFound] = [new Set(), newCounts(), 0, 0];
    previous.owner = { current: previous };
  }

  /**
   * Entity work by the sentence map: moved (wholesale) or adopted, copied for a repeated
   * text, and made afresh by `add` for a new sentence; wholesale, the previous sentences
   * left unmapped give their items up.
   */
  carrySentences(previous: Ledger | undefined, map: IndexMap<SentenceIndex>, add: (sentence: SentenceIndex) => void): void {
    if (previous?.laidOut && map.wholesale && previous.unplanned.length === map.from.length && previous.nerOpen.length === map.from.length)
      return this.takeSentences(previous, map, add);
    const copies: [SentenceIndex, SentenceItem[]][] = [];
    this.nerItems = sized(this.nerItems, map.from.length);
    this.unplanned = new Uint8Array(map.from.length);
    // A previous sentence still unplanned has no work to take over: it is owed here afresh.
    const owed = (j: number) => j < 0 || !!previous!.unplanned[j];
    for (let n = 0; n < map.from.length; n++) {
      const i = n as SentenceIndex;
      const j = map.from[i];
      this.nerOpen[i] = 0;
      if (owed(j)) {
        // (Wholesale, the previous stand-in counts came here with the counts: they are given back below.)
        if (!map.wholesale || map.how[i] === COPY || j < 0) add(i);
        else {
          this.unplanned[i] = 1;
          this.nerOpen[i] = 1;
        }
      } else if (!map.wholesale) for (const item of previous!.nerItems[j] ?? []) this.adopt(i, item, previous!);
      else if (map.how[i] === COPY) copies.push([i, previous!.nerItems[j] ?? []]);
      else {
        const items = previous!.nerItems[j];
        if (i !== j) for (const item of items ?? []) item.sentence = i;
        this.nerItems[i] = items;
        this.nerOpen[i] = previous!.nerOpen[j];
      }
    }
    this.unplannedCount = this.unplanned.reduce((sum, u) => sum + u, 0);
    if (!previous || !map.wholesale) return;
    for (const [i, items] of copies) for (const item of items) this.adopt(i, item, previous);
    const moved = movedTo(map);
    for (let j = 0; j < Math.max(previous.nerOpen.length, previous.nerItems.length); j++) {
      if (moved.has(j as SentenceIndex)) continue;
      if (previous.unplanned[j]) this.counts.ner.waiting -= this.nerPerSentence;
      for (const item of previous.nerItems[j] ?? []) this.unregister(item);
    }
  }

  /**
   * `carrySentences` wholesale with as many sentences as before (a keystroke): the arrays are
   * taken as they are (a kept place would get its own value back) and only the changed places
   * written, from values read before any is (a changed place may be another's source).
   */
  private takeSentences(previous: Ledger, map: IndexMap<SentenceIndex>, add: (sentence: SentenceIndex) => void): void {
    const changed = changedPlaces(map);
    handedOn(changed.length);
    const source = changed.map((i) => {
      const j = map.from[i];
      return j < 0 ? undefined : { items: previous.nerItems[j], open: previous.nerOpen[j], unplanned: previous.unplanned[j] };
    });
    const given = givenUp(map, changed).map((j) => ({ items: previous.nerItems[j], unplanned: previous.unplanned[j] }));
    [this.nerItems, this.nerOpen, this.unplanned] = [previous.nerItems, previous.nerOpen, previous.unplanned];
    [previous.nerItems, previous.nerOpen, previous.unplanned] = [[], [], new Uint8Array(0)];
    const copies: [SentenceIndex, SentenceItem[]][] = [];
    changed.forEach((n, c) => {
      const i = n as SentenceIndex;
      const from = source[c];
      [this.nerItems[i], this.nerOpen[i], this.unplanned[i]] = [undefined, 0, 0];
      if (!from || from.unplanned) {
        if (!from || map.how[i] === COPY) add(i);
        else [this.unplanned[i], this.nerOpen[i]] = [1, 1];
      } else if (map.how[i] === COPY) copies.push([i, from.items ?? []]);
      else {
        for (const item of from.items ?? []) item.sentence = i;
        [this.nerItems[i], this.nerOpen[i]] = [from.items, from.open];
      }
    });
    this.unplannedCount = this.unplanned.reduce((sum, u) => sum + u, 0);
    for (const [i, items] of copies) for (const item of items) this.adopt(i, item, previous);
    for (const g of given) {
      if (g.unplanned) this.counts.ner.waiting -= this.nerPerSentence;
      for (const item of g.items ?? []) this.unregister(item);
    }
  }

  /** The first version's relation array at its full length from the start (its sentences' are made by `carrySentences`): see `Views.layOut`. */
  layOutUnits(units: number): void {
    [this.relationItems, this.laidOut] = [sized(this.relationItems, units), true];
  }

  /** Relation work by the unit map, as `carrySentences`; a new unit is planned at start. */
  carryUnits(previous: Ledger, map: IndexMap<UnitIndex>): void {
    this.laidOut = true;
    if (previous.laidOut && map.wholesale && previous.relationItems.length === map.from.length) return this.takeUnits(previous, map);
    // Sized once: filled by index with gaps, the array would be grown (and may turn sparse) as it goes.
    this.relationItems = sized(this.relationItems, map.from.length);
    for (let n = 0; n < map.from.length; n++) {
      const i = n as UnitIndex;
      const j = map.from[i];
      const items = j < 0 ? undefined : previous.relationItems[j];
      if (!items) continue;
      if (!map.wholesale) this.relationItems[i] = items.map((item) => this.adopt(i, item, previous));
      else {
        if (i !== j) for (const item of items) item.unit = i;
        this.relationItems[i] = items;
      }
    }
    if (!map.wholesale) return;
    // The window's other relation work is planned again at start (its pairs come from the cache).
    const moved = movedTo(map);
    for (let j = 0; j < previous.relationItems.length; j++)
      if (!moved.has(j as UnitIndex)) for (const item of previous.relationItems[j] ?? []) this.unregister(item);
  }

  /** `carryUnits` wholesale with as many units as before: the previous array is taken, only the changed places written (as `takeSentences`). */
  private takeUnits(previous: Ledger, map: IndexMap<UnitIndex>): void {
    const old = previous.relationItems;
    previous.relationItems = [];
    const changed = changedPlaces(map);
    handedOn(changed.length);
    const incoming = changed.map((i) => {
      const j = map.from[i];
      return j < 0 ? undefined : old[j];
    });
    const given = givenUp(map, changed).map((j) => old[j]);
    changed.forEach((i, c) => {
      const items = incoming[c];
      for (const item of items ?? []) item.unit = i as UnitIndex;
      old[i] = items;
    });
    this.relationItems = old;
    for (const items of given) for (const item of items ?? []) this.unregister(item);
  }

  /** Counts the sentences whose entity work is all answered (once carry-over is done). */
  recountSentencesDone(): void {
    this.nerDone = this.nerOpen.reduce((done, open) => (open === 0 ? done + 1 : done), 0);
  }
}
