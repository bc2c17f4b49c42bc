/** What a prompt profile is: how a task becomes a prompt, and how an answer becomes results. */
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
}

export interface Profile {
  readonly name: ProfileName;
  /** Bumped whenever prompt wording changes, so cached answers to old prompts are not reused. */
  readonly promptVersion: string;
  nerGroups(types: readonly EntityType[]): NerGroup[];
  nerRequest(sentence: string, group: NerGroup): ModelRequest;
  parseNer(sentence: string, group: NerGroup, answer: ModelAnswer): NerParse;
}

/** `auto` picks the layout the model was trained on: medtuned models get their own. */
export function resolveProfileName(setting: ProfileSetting, model: string): ProfileName {
  if (setting === 'medtuned' || setting === 'json') return setting;
  return /medtuned/i.test(model) ? 'medtuned' : 'json';
}
