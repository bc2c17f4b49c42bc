/**
 * What an analysis shows, derived from its items and cached: mentions per sentence,
 * relations per unit, findings per statement, and the document-wide lists built from them.
 * An answer forgets only what it changes (`invalidate`); carry-over keeps what an edit did
 * not move.
 */
import { markAssertions } from '../../tasks/negation';
import { aggregate, Verdict } from '../../tasks/nli';
import type { NerParse, NliParse, RelationParse } from '../../profiles/profile';
import type { Segment } from '../../text/segment';
import type { Mention } from '../../types';
import { changedPlaces, COPY, handedOn, IndexMap, REFOUND, SAME, SentenceIndex, sized, UnitIndex } from './indexes';
import { firstWindowEndingAt, type Layout } from './layout';
import { isRelation, Ledger } from './ledger';
import type { AnalysisConfig, HypothesisPlan, NliFinding, NliPremise, Relation, WorkItem } from './types';

/** One sentence's mentions as the views hold them (`Views.sentenceEntities`). */
export interface SentenceEntities {
  /** The sentence's start in the document: add it to a mention's offsets. (A later version gives the same row again with its start moved.) */
  start: number;
  mentions: readonly Readonly<Mention>[];
  /** Per mention, whether a relation joins it. */
  related: readonly boolean[];
}

export class Views {
  /** Per sentence: its mentions (sentence offsets), in document offsets, and which of them a relation joins (offset-free). */
  private mentionCache: (Mention[] | undefined)[] = [];
  private docMentionCache: (Mention[] | undefined)[] = [];
  /** Where the sentence (unit) started when its document-offset view was made: an edit before it shifts it, and the view is made again. */
  private docMentionStart: number[] = [];
  private unitRelationStart: number[] = [];
  /**
   * Per sentence, the row `sentenceEntities` gave last: given again while its mentions and flags
   * are the same (no allocation per sentence per request), its start moved where an edit moved
   * the sentence. A reader that keeps rows across versions keeps their starts apart (tokenSplice.ts).
   */
  private rowCache: (SentenceEntities | undefined)[] = [];
  /**
   * The per-place arrays were made at their full length by a carry-over, so `take` may hand
   * them on: the first version's fill by index in the order work is answered, and V8 may
   * keep such an array as a dictionary, slow to read on every later keystroke.
   */
  private laidOut = false;
  private relatedCache: (boolean[] | undefined)[] = [];
  private unitRelationCache: (Relation[] | undefined)[] = [];
  /** Per NLI plan, its finding, kept until one of its items changes or the plans do. */
  private findingOfPlan: (NliFinding | undefined)[] = [];
  private entityCache: Mention[] | undefined;
  private relationCache: Relation[] | undefined;
  private findingCache: NliFinding[] | undefined;
  /** Bumped whenever an NLI finding may have changed, so publishers can skip unchanged ones. */
  findingsVersion = 0;

  constructor(
    private readonly config: AnalysisConfig,
    private readonly layout: Layout,
    private readonly ledger: Ledger,
  ) {}

  /** Forgets the views an item's answer (or failure) changes: its sentence's, its unit's, its statement's. */
  invalidate(item: WorkItem): void {
    if (item.unit !== undefined) return this.relationsChanged(item.unit);
    if (item.task.kind === 'ner') {
      this.mentionCache[item.sentence] = undefined;
      this.docMentionCache[item.sentence] = undefined;
      this.relatedCache[item.sentence] = undefined;
      this.entityCache = undefined;
    } else if (item.task.kind === 'nli') {
      if (item.plan !== undefined) this.findingOfPlan[item.plan] = undefined;
      this.findingCache = undefined;
      this.findingsVersion++;
    }
  }

  /** Forgets the views of a unit's relations: the unit's, and its sentences' mentions (their `related` flag). */
  relationsChanged(unit: UnitIndex): void {
    this.unitRelationCache[unit] = undefined;
    for (const s of this.layout.units[unit].sentences) {
      this.docMentionCache[s] = undefined;
      this.relatedCache[s] = undefined;
    }
    this.relationCache = undefined;
    this.entityCache = undefined;
  }

  /** The NLI plans were made again: every finding may have changed. */
  plansChanged(): void {
    this.findingOfPlan = [];
    this.findingCache = undefined;
    this.findingsVersion++;
  }

  /** The first version's arrays at their full length from the start (no carry-over makes them), so that its first keystroke hands them on too. */
  layOut(sentences: number, units: number): void {
    this.mentionCache = sized([], sentences);
    this.relatedCache = sized([], sentences);
    this.docMentionCache = sized([], sentences);
    this.docMentionStart = new Array<number>(sentences).fill(-1);
    this.rowCache = sized([], sentences);
    this.unitRelationCache = sized([], units);
    this.unitRelationStart = new Array<number>(units).fill(-1);
    this.laidOut = true;
  }

  /**
   * The previous version's views of the places that came here: mentions wherever the
   * sentence came (its items came with it); offset-free flags unless it was found again;
   * anything in document offsets only where the offsets are the same.
   */
  carry(previous: Views, sentences: IndexMap<SentenceIndex>, units: IndexMap<UnitIndex>): void {
    this.laidOut = true;
    if (
      previous.laidOut &&
      sentences.wholesale &&
      previous.mentionCache.length === sentences.from.length &&
      previous.unitRelationCache.length === units.from.length
    )
      return this.take(previous, sentences, units);
    // Plain loops over preallocated arrays: this runs over every sentence and unit per keystroke.
    const n = sentences.from.length;
    this.mentionCache = sized(this.mentionCache, n);
    this.relatedCache = sized(this.relatedCache, n);
    this.docMentionCache = sized(this.docMentionCache, n);
    this.docMentionStart = new Array<number>(n).fill(-1);
    for (let i = 0; i < n; i++) {
      const j = sentences.from[i];
      const how = sentences.how[i];
      if (j < 0 || how === COPY) continue;
      this.mentionCache[i] = previous.mentionCache[j];
      if (how !== REFOUND) this.relatedCache[i] = previous.relatedCache[j];
      if (how === SAME) [this.docMentionCache[i], this.docMentionStart[i]] = [previous.docMentionCache[j], previous.docMentionStart[j]];
    }
    this.unitRelationCache = sized(this.unitRelationCache, units.from.length);
    this.unitRelationStart = new Array<number>(units.from.length).fill(-1);
    for (let i = 0; i < units.from.length; i++) {
      const j = units.from[i];
      if (j >= 0 && units.how[i] === SAME)
        [this.unitRelationCache[i], this.unitRelationStart[i]] = [previous.unitRelationCache[j], previous.unitRelationStart[j]];
    }
  }

  /**
   * `carry` with as many sentences and units as before (a keystroke): the previous caches are
   * taken as they are, and only the places not kept where they were (or found again, which
   * rebuilds their flags) are written, from the values read before any is. A place kept but
   * shifted keeps a document-offset view made at its old start, which its reader makes again.
   */
  private take(previous: Views, sentences: IndexMap<SentenceIndex>, units: IndexMap<UnitIndex>): void {
    const changed = changedPlaces(sentences);
    const source = changed.map((i) => {
      const j = sentences.from[i];
      const how = sentences.how[i];
      if (j < 0 || how === COPY) return undefined;
      return { mentions: previous.mentionCache[j], related: how === REFOUND ? undefined : previous.relatedCache[j] };
    });
    this.mentionCache = previous.mentionCache;
    this.relatedCache = previous.relatedCache;
    this.docMentionCache = previous.docMentionCache;
    this.docMentionStart = previous.docMentionStart;
    this.rowCache = previous.rowCache;
    changed.forEach((i, c) => {
      this.rowCache[i] = undefined;
      this.mentionCache[i] = source[c]?.mentions;
      this.relatedCache[i] = source[c]?.related;
      this.docMentionCache[i] = undefined;
    });
    const changedUnits = changedPlaces(units);
    const unitSource = changedUnits.map((i) => {
      const j = units.from[i];
      return j >= 0 && units.how[i] === SAME ? { relations: previous.unitRelationCache[j], start: previous.unitRelationStart[j] } : undefined;
    });
    handedOn(changed.length + changedUnits.length);
    this.unitRelationCache = previous.unitRelationCache;
    this.unitRelationStart = previous.unitRelationStart;
    changedUnits.forEach((i, c) => {
      this.unitRelationCache[i] = unitSource[c]?.relations;
      this.unitRelationStart[i] = unitSource[c]?.start ?? -1;
    });
    previous.mentionCache = [];
    previous.relatedCache = [];
    previous.docMentionCache = [];
    previous.docMentionStart = [];
    previous.rowCache = [];
    previous.unitRelationCache = [];
    previous.unitRelationStart = [];
  }

  /** A sentence's mentions (sentence offsets, with assertion flags), or undefined while entity work is open. */
  sentenceMentions(index: SentenceIndex): Mention[] | undefined {
    if (this.ledger.nerOpen[index] > 0) return undefined;
    const cached = this.mentionCache[index];
    if (cached) return cached;
    const s = this.layout.sentences[index];
    const mentions = (this.ledger.nerItems[index] ?? []).flatMap((i) =>
      (i.result as NerParse).mentions.filter((m) => this.config.entityTypes.includes(m.type)),
    );
    const marked = markAssertions(s.text, mentions, { ...this.config.assertion, section: s.section });
    this.mentionCache[index] = marked;
    return marked;
  }

  /** Entities of the finished sentences in document offsets; with `range`, of the sentences overlapping it. */
  entities(range?: { start: number; end: number }): Mention[] {
    const { sentences } = this.layout;
    if (range) {
      const out: Mention[] = [];
      for (let i = this.layout.firstSentenceEndingAfter(range.start); i < sentences.length && sentences[i].start < range.end; i++) {
        for (const m of this.docMentions(i as SentenceIndex)) out.push(m);
      }
      return out;
    }
    if (this.entityCache) return this.entityCache;
    const out: Mention[] = [];
    for (let i = 0; i < sentences.length; i++) for (const m of this.docMentions(i as SentenceIndex)) out.push(m);
    this.entityCache = out;
    return out;
  }

  /**
   * The finished sentences' mentions without a copy in document offsets: per sentence its
   * start, its mentions (sentence offsets, in no particular order) and which of them a
   * relation joins; with `range`, the sentences overlapping it. Both arrays are the cached
   * ones, carried across edits wherever the sentence came unchanged, so a reader may key its
   * own derived data on them (semantic tokens do).
   */
  sentenceEntities(range?: { start: number; end: number }): SentenceEntities[] {
    const { sentences } = this.layout;
    const out: SentenceEntities[] = [];
    const first = range ? this.layout.firstSentenceEndingAfter(range.start) : 0;
    // (Sized once, without holes: filled by index as rows come, the array would be read through its prototype.)
    if (this.rowCache.length !== sentences.length) this.rowCache = new Array<SentenceEntities | undefined>(sentences.length).fill(undefined);
    const { rowCache, mentionCache, relatedCache } = this;
    const nerOpen = this.ledger.nerOpen;
    for (let i = first; i < sentences.length && (!range || sentences[i].start < range.end); i++) {
      // A row whose arrays are still the cached ones, its entity work closed, is given again with no call (every sentence, every keystroke).
      const kept = rowCache[i];
      if (kept !== undefined && nerOpen[i] === 0 && kept.mentions === mentionCache[i] && kept.related === relatedCache[i]) {
        const start = sentences[i].start;
        if (kept.start !== start) kept.start = start;
        out.push(kept);
        continue;
      }
      const mentions = this.sentenceMentions(i as SentenceIndex);
      if (!mentions?.length) continue;
      const related = this.relatedOf(i as SentenceIndex, mentions);
      // (Here a cached array was made again, or the entity work just closed: a new row. A row whose arrays stayed is
      // given above, moved where an edit moved its sentence: half a note's rows are not made again on each keystroke.)
      const row = (rowCache[i] = { start: sentences[i].start, mentions, related });
      out.push(row);
    }
    return out;
  }

  /**
   * Relations found so far (labels that mean "none" are left out), in document offsets; with
   * `range`, those of the units overlapping it, in the same order (a hover asks for one
   * entity's: building every unit's relations of a version costs the whole note).
   */
  relations(range?: { start: number; end: number }): Relation[] {
    if (range) return this.relationsIn(range);
    if (this.relationCache) return this.relationCache;
    const out: Relation[] = [];
    for (let u = 0; u < this.layout.units.length; u++) for (const r of this.unitRelations(u as UnitIndex)) out.push(r);
    // Windows come after the units: in document order by head (a stable sort keeps ties as they were).
    if (this.layout.units.length > this.layout.spanUnits) out.sort((a, b) => a.head.start - b.head.start);
    this.relationCache = out;
    return out;
  }

  /** The relations of the units overlapping `range` (a relation's ends lie inside its unit). */
  private relationsIn(range: { start: number; end: number }): Relation[] {
    const { units, spanUnits, sentences } = this.layout;
    const out: Relation[] = [];
    const overlaps = (u: number) => units[u].start < range.end && range.start < units[u].end;
    // Sentence and list-item units are in document order: the first ending after range.start on.
    let lo = 0;
    let hi = spanUnits;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (units[mid].end <= range.start) lo = mid + 1;
      else hi = mid;
    }
    for (let u = lo; u < spanUnits && units[u].start < range.end; u++) for (const r of this.unitRelations(u as UnitIndex)) out.push(r);
    // Windows are ordered by their last sentence, which is at most `reach` after their first.
    const first = this.layout.firstSentenceEndingAfter(range.start);
    let last = first;
    while (last < sentences.length && sentences[last].start < range.end) last++;
    const end = last - 1 + this.layout.windowReach();
    for (let u = firstWindowEndingAt(units, spanUnits, first); u < units.length && units[u].sentences[1] <= end; u++) {
      if (overlaps(u)) for (const r of this.unitRelations(u as UnitIndex)) out.push(r);
    }
    if (units.length > spanUnits) out.sort((a, b) => a.head.start - b.head.start);
    return out;
  }

  /** Verdicts on the statements of `plans`, in plan order. */
  findings(plans: readonly HypothesisPlan[]): NliFinding[] {
    this.findingCache ??= plans.map((plan, i) => (this.findingOfPlan[i] ??= this.findingOf(plan)));
    return this.findingCache;
  }

  /** A sentence's mentions in document offsets, with the `related` flag from its unit's relations. */
  private docMentions(index: SentenceIndex): Mention[] {
    const cached = this.docMentionCache[index];
    const s = this.layout.sentences[index];
    if (cached && this.docMentionStart[index] === s.start) return cached;
    const mentions = this.sentenceMentions(index) ?? [];
    const related = this.relatedOf(index, mentions);
    const out = mentions.map((m, i) => ({ ...m, start: m.start + s.start, end: m.end + s.start, related: related[i] }));
    out.sort((a, b) => a.start - b.start || b.end - a.end);
    this.docMentionCache[index] = out;
    this.docMentionStart[index] = s.start;
    return out;
  }

  /** Which of a sentence's mentions (sentence offsets) a relation of its unit or windows joins. */
  private relatedOf(index: SentenceIndex, mentions: readonly Mention[]): boolean[] {
    const cached = this.relatedCache[index];
    if (cached && cached.length === mentions.length) return cached;
    const s = this.layout.sentences[index];
    const unit = this.layout.unitOfSentence[index];
    const relations = [unit, ...this.layout.windowsOf(index)].flatMap((u) => (u === undefined ? [] : this.unitRelations(u)));
    const ends = new Set(relations.flatMap((r) => [`${r.head.start}:${r.head.end}`, `${r.tail.start}:${r.tail.end}`]));
    const related = mentions.map((m) => ends.has(`${m.start + s.start}:${m.end + s.start}`));
    this.relatedCache[index] = related;
    return related;
  }

  unitRelations(unit: UnitIndex): Relation[] {
    const cached = this.unitRelationCache[unit];
    const s = this.layout.units[unit];
    if (cached && this.unitRelationStart[unit] === s.start) return cached;
    const out: Relation[] = [];
    const { sentences } = this.layout;
    const evidence = s.across ? s.sentences.map((i) => ({ start: sentences[i].start, end: sentences[i].end })) : [{ start: s.start, end: s.end }];
    for (const item of this.ledger.relationItems[unit] ?? []) {
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
    this.unitRelationStart[unit] = s.start;
    return out;
  }

  private findingOf(plan: HypothesisPlan): NliFinding {
    const { sentences } = this.layout;
    const hypothesis = sentences[plan.hypothesis];
    const premises: NliPremise[] = plan.items.map((item) => {
      const ranked = plan.ranked?.get(item.sentence);
      const label = item.state === 'done' ? (item.result as NliParse).label : undefined;
      return { sentence: sentences[item.sentence], ...(label ? { label } : {}), ...(ranked ? { score: ranked.score, reasons: ranked.reasons } : {}) };
    });
    if (plan.incomplete || plan.items.some((i) => i.state === 'pending' || i.state === 'waiting'))
      return { hypothesis, state: 'pending', evidence: [], premises };
    const verdicts: Verdict<Segment>[] = [];
    for (const p of premises) if (p.label) verdicts.push({ premise: p.sentence, label: p.label });
    // Items exist but none gave a usable verdict: say nothing rather than guess.
    if (plan.items.length > 0 && verdicts.length === 0) return { hypothesis, state: 'failed', evidence: [], premises };
    return { hypothesis, state: 'done', ...aggregate(verdicts), premises };
  }
}
