/**
 * The analysis of one document version: its sentences, the model work they need, and
 * the results so far. One place decides what to (re)compute: every work item is keyed by
 * its content, so unchanged sentences come from the cache or join the job already in
 * flight, and only changed sentences cost a model call.
 */
import { cacheKey, LruCache } from './cache';
import { markAssertions } from './negation';
import { NerGroup, NerParse, Profile } from './profiles/profile';
import { Scheduler, Ticket } from './scheduler';
import { segment, Segment } from './text/segment';
import { EntityType, Mention, ModelBackend, ModelError } from './types';

export const PRIORITY_BACKGROUND = 1;
export const PRIORITY_VISIBLE = 2;

export interface AnalysisConfig {
  model: string;
  profile: Profile;
  /** Types the user wants shown; they decide which requests are made. */
  entityTypes: readonly EntityType[];
}

export interface EngineStats {
  modelCalls: number;
  promptTokens: number;
  evalTokens: number;
  evalMs: number;
  cacheHits: number;
  dropped: number;
  truncated: number;
}

/** What every document analysis shares: the backend, the scheduler, the cache, the counters. */
export interface EngineContext {
  backend: ModelBackend;
  scheduler: Scheduler;
  cache: LruCache<NerParse>;
  stats: EngineStats;
}

export function newStats(): EngineStats {
  return { modelCalls: 0, promptTokens: 0, evalTokens: 0, evalMs: 0, cacheHits: 0, dropped: 0, truncated: 0 };
}

type ItemState = 'waiting' | 'pending' | 'done' | 'failed';

interface WorkItem {
  sentence: number;
  group: NerGroup;
  key: string;
  state: ItemState;
  result?: NerParse;
  ticket?: Ticket<NerParse>;
}

export interface AnalysisListener {
  /** Results or counts changed. */
  onProgress?(analysis: DocumentAnalysis): void;
  /** An item failed for a reason other than being stale. */
  onError?(analysis: DocumentAnalysis, error: ModelError): void;
}

/** Transient answers (a 500, a cut stream) get one more try before the item fails. */
const RETRYABLE = new Set(['server-error', 'bad-response']);

export class DocumentAnalysis {
  readonly sentences: Segment[];
  private readonly items: WorkItem[] = [];
  private disposed = false;
  private started = false;
  private visible: { start: number; end: number } | undefined;
  private entityCache: Mention[] | undefined;
  lastError: ModelError | undefined;

  constructor(
    readonly uri: string,
    readonly version: number,
    readonly text: string,
    readonly config: AnalysisConfig,
    private readonly ctx: EngineContext,
    private readonly listener: AnalysisListener = {},
    options: { ignoreCache?: boolean } = {},
  ) {
    this.sentences = segment(text).filter((s) => s.kind === 'sentence');
    const { profile, model } = config;
    const groups = profile.nerGroups(config.entityTypes);
    this.sentences.forEach((s, sentence) => {
      for (const group of groups) {
        const key = cacheKey({
          text: s.text,
          model,
          profile: profile.name,
          task: `ner:${group.id}`,
          promptVersion: profile.promptVersion,
        });
        const item: WorkItem = { sentence, group, key, state: 'waiting' };
        const cached = options.ignoreCache ? undefined : ctx.cache.get(key);
        if (cached) {
          item.state = 'done';
          item.result = cached;
          ctx.stats.cacheHits++;
        } else {
          // Adopt a job already in flight for the same content (e.g. for the previous version).
          const ticket = options.ignoreCache ? undefined : ctx.scheduler.join<NerParse>(key);
          if (ticket) this.hold(item, ticket);
        }
        this.items.push(item);
      }
    });
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
    for (const item of this.items) {
      if (item.state !== 'waiting' && item.state !== 'failed') continue;
      const priority = this.priorityOf(item, this.visible);
      const sentence = this.sentences[item.sentence].text;
      const ticket = this.ctx.scheduler.request(item.key, priority, (signal) => this.run(sentence, item.group, item.key, signal));
      this.hold(item, ticket);
    }
    this.emitProgress();
  }

  /** Raises the priority of work for sentences inside `range` (document offsets). */
  prioritise(range: { start: number; end: number }): void {
    for (const item of this.items) {
      if (item.ticket && this.priorityOf(item, range) === PRIORITY_VISIBLE) item.ticket.prioritise(PRIORITY_VISIBLE);
    }
  }

  /** Gives up every job this version holds; jobs nobody else holds are cancelled. */
  dispose(): void {
    this.disposed = true;
    for (const item of this.items) item.ticket?.release();
  }

  /** Entities of the finished sentences, in document offsets, of the types the user chose. */
  entities(): Mention[] {
    if (this.entityCache) return this.entityCache;
    const perSentence = new Map<number, Mention[]>();
    for (const item of this.items) {
      if (item.state !== 'done' || !item.result) continue;
      const list = perSentence.get(item.sentence) ?? [];
      list.push(...item.result.mentions.filter((m) => this.config.entityTypes.includes(m.type)));
      perSentence.set(item.sentence, list);
    }
    const out: Mention[] = [];
    for (const [index, mentions] of perSentence) {
      const s = this.sentences[index];
      for (const m of markAssertions(s.text, mentions)) {
        out.push({ ...m, start: m.start + s.start, end: m.end + s.start });
      }
    }
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    this.entityCache = out;
    return out;
  }

  /** Sentences whose every work item is answered. */
  sentencesDone(): number {
    const open = new Set(this.items.filter((i) => i.state !== 'done').map((i) => i.sentence));
    return this.sentences.length - open.size;
  }

  private priorityOf(item: WorkItem, visible?: { start: number; end: number }): number {
    if (!visible) return PRIORITY_BACKGROUND;
    const s = this.sentences[item.sentence];
    return s.start < visible.end && visible.start < s.end ? PRIORITY_VISIBLE : PRIORITY_BACKGROUND;
  }

  private hold(item: WorkItem, ticket: Ticket<NerParse>): void {
    item.state = 'pending';
    item.ticket = ticket;
    ticket.promise.then(
      (result) => {
        if (this.disposed || item.ticket !== ticket) return;
        item.state = 'done';
        item.result = result;
        item.ticket = undefined;
        this.entityCache = undefined;
        this.emitProgress();
      },
      (err: unknown) => {
        if (this.disposed || item.ticket !== ticket) return;
        item.ticket = undefined;
        const error = err instanceof ModelError ? err : new ModelError('server-error', String(err));
        if (error.kind === 'cancelled') {
          // Someone else's release cancelled a job we only joined: ask again ourselves.
          item.state = 'waiting';
          if (this.started) this.start();
          return;
        }
        item.state = 'failed';
        this.lastError = error;
        this.listener.onError?.(this, error);
        this.emitProgress();
      },
    );
  }

  /** One model call for one work item: build, send, parse, cache. */
  private async run(sentence: string, group: NerGroup, key: string, signal: AbortSignal): Promise<NerParse> {
    const { profile } = this.config;
    const { backend, stats, cache } = this.ctx;
    const request = profile.nerRequest(sentence, group);
    for (let attempt = 0; ; attempt++) {
      try {
        stats.modelCalls++;
        const answer = await backend.generate(request, signal);
        stats.promptTokens += answer.promptTokens;
        stats.evalTokens += answer.evalTokens;
        stats.evalMs += answer.evalMs;
        const parsed = profile.parseNer(sentence, group, answer);
        stats.dropped += parsed.dropped;
        if (parsed.truncated) stats.truncated++;
        cache.set(key, parsed);
        return parsed;
      } catch (err) {
        const retry = err instanceof ModelError && RETRYABLE.has(err.kind) && attempt === 0 && !signal.aborted;
        if (!retry) throw err;
      }
    }
  }

  private emitProgress(): void {
    if (!this.disposed) this.listener.onProgress?.(this);
  }
}
