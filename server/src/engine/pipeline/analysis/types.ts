/** The shapes the parts of an analysis share: the public results and the work items. */
import type { Profile } from '../../profiles/profile';
import type { AssertionOptions } from '../../tasks/assertion/context';
import type { CurationConfig } from '../../curation/fewShot';
import type { NliLabel } from '../../tasks/nli';
import type { EvidenceReason, RankedPremise } from '../../retrieval/evidence';
import type { Segment } from '../../text/segment';
import type { EntityType, Mention } from '../../types';
import type { Result, Task } from '../taskTable';
import type { Ticket } from '../scheduler';
import type { SentenceIndex, UnitIndex } from './indexes';

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

export type ItemState = 'waiting' | 'pending' | 'done' | 'failed';

interface ItemBase {
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

/** Entity work of a sentence, or an NLI premise check. */
export interface SentenceItem extends ItemBase {
  sentence: SentenceIndex;
  unit?: undefined;
}

/** Relation work of a unit. */
export interface UnitItem extends ItemBase {
  unit: UnitIndex;
  sentence?: undefined;
}

export type WorkItem = SentenceItem | UnitItem;

/**
 * A job an item waits on. Its answer goes to whoever owns it when it settles: an edit hands
 * unfinished jobs of unchanged sentences to the new version by changing the owner, so a
 * keystroke costs no new promise or scheduler hold per sentence still in flight. Versions
 * built one from the other share one `Owner`, so handing all jobs over is one assignment.
 */
export interface Job {
  ticket: Ticket<unknown>;
  owner: Owner;
  item: WorkItem;
}

/** The version (its ledger) whose jobs these are now. */
export interface Owner {
  current: { settled(job: Job, result: Result | undefined, err?: unknown): void };
}

/** One statement's premises and their NLI work. */
export interface HypothesisPlan {
  hypothesis: SentenceIndex;
  items: SentenceItem[];
  /** Why each premise was chosen, by sentence index (retrieval/evidence.ts). */
  ranked?: Map<number, RankedPremise>;
  /** Carried over from the previous version and not re-planned yet: a premise it had is gone. */
  incomplete?: boolean;
}

/** The longest statement `checkStatement` takes (characters): a statement, not a document. */
export const MAX_STATEMENT_LENGTH = 2_000;

/** Why `hypothesis` is not checked, or undefined when it may be. */
export function statementRefusal(hypothesis: string): string | undefined {
  if (hypothesis.length <= MAX_STATEMENT_LENGTH) return undefined;
  return `The statement has ${hypothesis.length} characters; statements of up to ${MAX_STATEMENT_LENGTH.toLocaleString('en-US')} characters are checked. Select a shorter statement.`;
}
