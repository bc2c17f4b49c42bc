/** What a prompt profile is: how a task becomes a prompt, and how an answer becomes results. */
import { NliLabel } from '../tasks/nli';
import { CandidatePair, PairKind } from '../tasks/relations';
import { Token } from '../text/tokenize';
import type { FewShotExample } from '../curation/fewShot';
import { EntityType, Mention, ModelAnswer, ModelRequest, ProfileName, ProfileSetting } from '../types';

/** Entity types asked together in one request; `id` goes into the cache key. */
export interface NerGroup {
  id: string;
  types: readonly EntityType[];
}

export interface NerParse {
  /** Mentions with offsets relative to the sentence. */
  mentions: Mention[];
  /** Mentions the model named that are not in the text (never shown). */
  dropped: number;
  /** The answer was cut (done_reason "length"). */
  truncated: boolean;
  /** The answer held nothing the layout reads (no tag line, no JSON): the model may not be one for this profile. */
  unreadable?: boolean;
}

/** Pairs of one sentence asked together in one request; `id` goes into the cache key. */
export interface RelationTask {
  id: string;
  pairs: CandidatePair[];
}

export interface RelationParse {
  /** One label per pair of the task, in order; undefined where the answer gave none. */
  labels: (string | undefined)[];
  /** Labels the model gave that are not allowed for their pair (never shown). */
  dropped: number;
}

/** A stable id for pairs: spans and types, so an edit elsewhere in the sentence changes it. */
export function pairsId(pairs: readonly CandidatePair[]): string {
  return pairs.map((p) => `${p.head.start}-${p.head.end}:${p.head.type}>${p.tail.start}-${p.tail.end}:${p.tail.type}`).join(',');
}

export interface Profile {
  readonly name: ProfileName;
  /** Bumped whenever prompt wording changes, so cached answers to old prompts are not reused. */
  readonly promptVersion: string;
  /** What this layout reads an entity answer from, as a user is told when an answer held none of it. */
  readonly nerLayout: string;
  nerGroups(types: readonly EntityType[]): NerGroup[];
  /**
   * `tokens` (sentence offsets): a corpus's own tokenisation, which token-level layouts follow.
   * `examples`: curated sentences shown first, where the layout has room for them (json; medtuned was trained without).
   */
  nerRequest(sentence: string, group: NerGroup, tokens?: readonly Token[], examples?: readonly FewShotExample[]): ModelRequest;
  parseNer(sentence: string, group: NerGroup, answer: ModelAnswer, tokens?: readonly Token[]): NerParse;
  /** Pair kinds this layout can ask about. */
  readonly relationKinds: ReadonlySet<PairKind>;
  relationTasks(pairs: readonly CandidatePair[]): RelationTask[];
  relationRequest(sentence: string, task: RelationTask): ModelRequest;
  parseRelations(task: RelationTask, answer: ModelAnswer): RelationParse;
  nliRequest(premise: string, hypothesis: string): ModelRequest;
  parseNli(answer: ModelAnswer): NliParse;
}

export interface NliParse {
  /** Undefined when the answer holds no label (counted as dropped, never shown). */
  label: NliLabel | undefined;
  dropped: number;
}

/** The input both layouts use, as in the MedNLI instructions. */
export function nliInput(premise: string, hypothesis: string): string {
  return `Sentence 1: ${premise}\nSentence 2: ${hypothesis}`;
}

/** `auto` picks the layout the model was trained on: medtuned models get their own. */
export function resolveProfileName(setting: ProfileSetting, model: string): ProfileName {
  if (setting === 'medtuned' || setting === 'json') return setting;
  return /medtuned/i.test(model) ? 'medtuned' : 'json';
}
