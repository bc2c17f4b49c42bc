/** Entity work: one item per sentence and entity group, with the curated examples the json layout is given. */
import type { FeatureCache } from '../features';
import { CurationConfig, FewShotExample, selectExamples } from '../../curation/fewShot';
import { JsonProfile } from '../../profiles/json';
import { fewShotBudgetTokens } from '../../profiles/limits';
import type { NerGroup } from '../../profiles/profile';
import type { Token } from '../../text/tokenize';
import { SentenceIndex } from './indexes';
import type { Layout } from './layout';
import type { Ledger } from './ledger';
import type { AnalysisConfig } from './types';

export class EntityPlanner {
  private readonly groups: readonly NerGroup[];

  constructor(
    private readonly config: AnalysisConfig,
    private readonly features: FeatureCache,
    private readonly layout: Layout,
    private readonly ledger: Ledger,
    /** A corpus's own tokens per sentence (sentence offsets), for token-level layouts. */
    private readonly corpusTokens: readonly (Token[] | undefined)[],
  ) {
    this.groups = config.profile.nerGroups(config.entityTypes);
  }

  /** The entity items of a sentence new in this version. */
  plan(sentence: SentenceIndex): void {
    const text = this.layout.sentences[sentence].text;
    for (const group of this.groups) {
      const examples = this.examplesFor(text, group);
      this.ledger.addSentenceItem(sentence, { kind: 'ner', text, group, tokens: this.corpusTokens[sentence], ...(examples.length ? { examples } : {}) });
    }
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
