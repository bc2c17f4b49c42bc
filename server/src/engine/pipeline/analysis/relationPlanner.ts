/**
 * Relation work: once the entities of a unit's sentences are known (and typing paused),
 * its candidate pairs become relation items; pairs outside the profile's training are
 * asked in the untrained layout, or not at all.
 */
import { candidatePairs, referencePairs, windowPairs } from '../../tasks/relations';
import { ownText } from '../../text/resegment';
import type { Mention } from '../../types';
import type { Task } from '../taskTable';
import { SentenceIndex, UnitIndex } from './indexes';
import type { Layout } from './layout';
import type { Ledger } from './ledger';
import type { Views } from './views';
import type { AnalysisConfig, RelationState, UnitItem } from './types';

export class RelationPlanner {
  constructor(
    private readonly config: AnalysisConfig,
    private readonly layout: Layout,
    private readonly ledger: Ledger,
    private readonly views: Views,
  ) {}

  get enabled(): boolean {
    return this.config.relations?.enabled ?? false;
  }

  /** Plans a unit whose sentences' entities are all known; a unit planned already stays as it is. */
  plan(unit: UnitIndex): void {
    if (!this.enabled || this.ledger.relationItems[unit]) return;
    const { sentences } = this.layout;
    const u = this.layout.units[unit];
    const bySentence: Mention[][] = [];
    for (const index of u.sentences) {
      const found = this.views.sentenceMentions(index as SentenceIndex);
      if (!found) return;
      const shift = sentences[index].start - u.start;
      bySentence.push(found.map((m) => ({ ...m, start: m.start + shift, end: m.end + shift })));
    }
    const { profile, relations } = this.config;
    const text = ownText(this.layout.text.slice(u.start, u.end));
    // Pairs the profile was not trained on are asked in the other layout, or not at all.
    const other = relations!.untrainedLayout;
    const kinds = new Set([...profile.relationKinds, ...(other?.relationKinds ?? [])]);
    const max = relations!.maxPairsPerSentence;
    const sentenceStarts = () => sentences.slice(u.sentences[0] + 1, u.sentences[1] + 1).map((s) => s.start - u.start);
    const pairs = u.refers
      ? referencePairs(bySentence[0], bySentence[1], sentences[u.sentences[1]].text, max, sentenceStarts(), kinds)
      : u.across
        ? windowPairs(bySentence[0], bySentence[1], max, sentenceStarts(), kinds)
        : candidatePairs(bySentence.flat(), max, kinds);
    const trained = pairs.filter((p) => profile.relationKinds.has(p.kind));
    const untrained = pairs.filter((p) => !profile.relationKinds.has(p.kind));
    const tasks: Task[] = [
      ...profile.relationTasks(trained).map((task): Task => ({ kind: 're', text, task })),
      ...(other && untrained.length ? other.relationTasks(untrained).map((task): Task => ({ kind: 're', text, task, layout: other })) : []),
    ];
    const items: UnitItem[] = (this.ledger.relationItems[unit] = []);
    for (const task of tasks) {
      const item = this.ledger.addUnitItem(unit, task);
      items.push(item);
      this.ledger.request(item);
    }
    // Views built while the unit was unplanned said it had no relations: answers from the
    // cache are in already (without one, nothing the views show has changed).
    if (items.some((item) => item.state === 'done')) this.views.relationsChanged(unit);
  }

  /** Plans the units an answered sentence completes: its own, and the windows it is an end of. */
  planAround(sentence: SentenceIndex): void {
    this.plan(this.layout.unitOfSentence[sentence]);
    for (const window of this.layout.windowsOf(sentence)) this.plan(window);
  }

  /** Whether the relations around `offset` are known yet: those of its unit and of the windows its sentences end. */
  state(offset: number): RelationState {
    const index = this.layout.unitAtOffset(offset);
    if (index < 0 || !this.enabled) return 'none';
    const units = [index, ...this.layout.units[index].sentences.flatMap((s) => this.layout.windowsOf(s as SentenceIndex))];
    if (units.some((u) => !this.ledger.relationItems[u])) return 'pending';
    const items = units.flatMap((u) => this.ledger.relationItems[u]!);
    if (items.length === 0) return 'none';
    if (items.some((i) => i.state === 'failed')) return 'failed';
    return items.every((i) => i.state === 'done') ? 'done' : 'pending';
  }
}
