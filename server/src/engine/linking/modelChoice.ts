/**
 * The model's choice among a link's candidates (off by default, and only for a
 * layout whose model may be asked: json, never medtuned). The links the sieve is least sure
 * of, an approximate match or a key several concepts share alike, are asked again with their
 * candidates; the answer takes one candidate (method `model`) or none (the mention is left
 * unlinked, its candidates kept for a curator). An answer that names neither, or a request
 * the model server failed, leaves the sieve's choice; any other error is a bug and goes on.
 */
import { Segment, segment } from '../text/segment';
import { ModelError } from '../types';
import { ambiguous, LinkedConcept, MentionLink } from './linker';

/** A candidate as the model is shown it: its ID and preferred name. */
export interface ChoiceCandidate {
  id: string;
  name: string;
}

/** One question: a mention, its entity type, the sentence it is in (when known), its candidates. */
export interface LinkQuestion {
  mention: string;
  type?: string;
  context?: string;
  candidates: readonly ChoiceCandidate[];
}

/** What an answer says: the index of the chosen candidate, `null` for none, `undefined` when it names neither. */
export type LinkAnswer = number | null | undefined;

/** A document's mentions as the questions need them; `text` (when known) gives each the sentence it is in. */
export interface ChoiceDocument {
  text?: string;
  mentions: readonly { start: number; end: number; text: string; type?: string }[];
}

export interface ChoiceCounts {
  /** Links the model was asked about. */
  asked: number;
  /** Of those, links whose concept the answer changed (another candidate, or none). */
  changed: number;
  /** Answers that said no candidate is the mention's concept. */
  none: number;
  /** Answers that named no candidate and not none: the sieve's choice stands. */
  unreadable: number;
  /** Requests the model server failed: the sieve's choice stands. */
  failed: number;
}

/** The model's part in a command (--model-choice): who answers, how many questions at once, and progress. */
export interface ChoiceModel {
  ask(question: LinkQuestion): Promise<LinkAnswer>;
  width: number;
  onAnswer?(done: number, asked: number): void;
}

/** Whether the model is asked about this link: one concept, found approximately or by a key several concepts share alike. */
export function asksModel(link: MentionLink): boolean {
  return link.candidates.length === 1 && link.candidates[0].length > 0 && (link.method === 'approximate' || ambiguous(link));
}

/**
 * The links of `documents`' mentions (one per mention, in document order) with the model's
 * choices, `width` questions in flight at once. `ask` sends one question and reads its
 * answer; a ModelError it throws is counted as failed. `onAnswer` hears of each answer.
 */
export async function chooseWithModel(
  documents: readonly ChoiceDocument[],
  links: readonly MentionLink[],
  ask: (question: LinkQuestion) => Promise<LinkAnswer>,
  options: { width?: number; onAnswer?: (done: number, asked: number) => void } = {},
): Promise<{ links: MentionLink[]; counts: ChoiceCounts }> {
  const questions = new Map<number, LinkQuestion>();
  let at = 0;
  for (const d of documents) {
    // Segmented only when one of its links is asked about (most documents have none).
    let sentences: Segment[] | undefined;
    for (const m of d.mentions) {
      const link = links[at];
      if (link && asksModel(link)) {
        const context = d.text ? sentenceAround(d.text, (sentences ??= segment(d.text)), m.start, m.end) : undefined;
        questions.set(at, { mention: m.text, type: m.type, context, candidates: link.candidates[0].map((c) => ({ id: c.id, name: c.name })) });
      }
      at++;
    }
  }
  if (at !== links.length) throw new Error(`${links.length} links for ${at} mentions`);
  const out = [...links];
  const counts: ChoiceCounts = { asked: 0, changed: 0, none: 0, unreadable: 0, failed: 0 };
  const todo = [...questions.keys()];
  let next = 0;
  let answered = 0;
  const worker = async () => {
    while (next < todo.length) {
      const i = todo[next++];
      const link = links[i];
      counts.asked++;
      let answer: LinkAnswer;
      try {
        answer = await ask(questions.get(i)!);
      } catch (err) {
        if (!(err instanceof ModelError)) throw err;
        counts.failed++;
        continue;
      } finally {
        options.onAnswer?.(++answered, todo.length);
      }
      if (answer === undefined || (answer !== null && !link.candidates[0][answer])) {
        counts.unreadable++;
        continue;
      }
      out[i] = applied(link, answer);
      if (answer === null) counts.none++;
      if (out[i].concepts[0]?.id !== link.concepts[0]?.id) counts.changed++;
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, options.width ?? 4), todo.length) }, worker));
  return { links: out, counts };
}

/** The link as the answer has it: the chosen candidate first, or no concept. */
function applied(link: MentionLink, answer: number | null): MentionLink {
  const list = link.candidates[0];
  if (answer === null) return { concepts: [], method: 'none', candidates: [list] };
  const chosen: LinkedConcept = { ...list[answer], method: 'model' };
  return { concepts: [chosen], method: 'model', candidates: [[chosen, ...list.filter((_, k) => k !== answer)]] };
}

/** The text of the sentence holding [start, end) among a document's sentences (undefined when none does). */
export function sentenceAround(text: string, sentences: readonly Segment[], start: number, end: number): string | undefined {
  const s = sentences.find((x) => x.start <= start && end <= x.end);
  return s ? text.slice(s.start, s.end) : undefined;
}
