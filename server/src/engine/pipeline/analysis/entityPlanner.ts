/**
 * Entity work: one item per sentence and entity group, with the curated examples the json
 * layout is given. A huge note is planned as it goes: past the first `planAhead` new
 * sentences, a sentence's work is owed (ledger.defer) and planned later, the visible range
 * first and the rest in document order, a chunk at a time (documentAnalysis.ts).
 */
import type { FeatureCache } from '../features';
import { CurationConfig, FewShotExample, selectExamples } from '../../curation/fewShot';
import { JsonProfile } from '../../profiles/json';
import { fewShotBudgetTokens } from '../../profiles/limits';
import type { NerGroup } from '../../profiles/profile';
import type { Token } from '../../text/tokenize';
import { SentenceIndex } from './indexes';
import type { Layout } from './layout';
import type { Ledger } from './ledger';
import type { AnalysisConfig, SentenceItem } from './types';

/** New sentences planned as the version is built; past them, planning goes as the work goes. */
export const PLAN_AHEAD = 500;

export class EntityPlanner {
  private readonly groups: readonly NerGroup[];
  /** New sentences this version may still plan as it is built. */
  private ahead: number;
  /** Deferred sentences before it are planned (document order). */
  private cursor = 0;

  constructor(
    private readonly config: AnalysisConfig,
    private readonly features: FeatureCache,
    private readonly layout: Layout,
    private readonly ledger: Ledger,
    /** A corpus's own tokens per sentence (sentence offsets), for token-level layouts. */
    private readonly corpusTokens: readonly (Token[] | undefined)[],
    planAhead = PLAN_AHEAD,
  ) {
    this.groups = config.profile.nerGroups(config.entityTypes);
    this.ahead = planAhead;
  }

  /** A sentence new in this version: planned now while the budget lasts, else owed. */
  add(sentence: SentenceIndex): void {
    if (this.ahead-- > 0) this.plan(sentence);
    else this.ledger.defer(sentence);
  }

  /** Plans the owed sentences overlapping `range` (document offsets); returns their new items. */
  planRange(range: { start: number; end: number }): SentenceItem[] {
    const { sentences } = this.layout;
    const items: SentenceItem[] = [];
    if (!this.ledger.unplannedSentences) return items;
    for (let i = this.layout.firstSentenceEndingAfter(range.start); i < sentences.length && sentences[i].start < range.end; i++)
      this.planOwed(i as SentenceIndex, items);
    return items;
  }

  /** Plans the next `count` owed sentences in document order; returns their new items. */
  planNext(count: number): SentenceItem[] {
    const items: SentenceItem[] = [];
    const { unplanned } = this.ledger;
    for (; this.cursor < unplanned.length && count > 0 && this.ledger.unplannedSentences > 0; this.cursor++) {
      if (!unplanned[this.cursor]) continue;
      this.planOwed(this.cursor as SentenceIndex, items);
      count--;
    }
    return items;
  }

  private planOwed(sentence: SentenceIndex, into: SentenceItem[]): void {
    if (!this.ledger.unplanned[sentence]) return;
    this.ledger.undefer(sentence);
    into.push(...this.plan(sentence));
    this.ledger.planned(sentence);
  }

  /** The entity items of a sentence new in this version. */
  private plan(sentence: SentenceIndex): SentenceItem[] {
    const text = this.layout.sentences[sentence].text;
    return this.groups.map((group) => {
      const examples = this.examplesFor(text, group);
      return this.ledger.addSentenceItem(sentence, { kind: 'ner', text, group, tokens: this.corpusTokens[sentence], ...(examples.length ? { examples } : {}) });
    });
  }

  /** The curated examples of a sentence's entity request: json layout only (medtuned was trained without). */
  private examplesFor(text: string, group: NerGroup): readonly FewShotExample[] {
    const { profile } = this.config;
    const curation: CurationConfig | undefined = this.config.curation;
    if (!curation || curation.fewShot <= 0 || !curation.examples.length || !(profile instanceof JsonProfile)) return [];
    return selectExamples(text, curation.examples, {
      k: curation.fewShot,
      types: group.types,
      budgetTokens: fewShotBudgetTokens(profile.numCtx, text),
      cost: (e) => profile.exampleTokens(group.types, e),
      stems: this.features.terms(text).stems,
    });
  }
}
