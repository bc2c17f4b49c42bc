/**
 * How a version's text is split: a corpus's own sentences (with its tokens, in sentence
 * offsets), or the engine's segments, taking over the previous version's outside the edited
 * paragraphs (text/resegment.ts). The edit window it returns is what carry-over and the PHI
 * by segment take over around.
 */
import { EditWindow, resegmentEdit, Segmented, withOwnTexts } from '../../text/resegment';
import { segment, Segment } from '../../text/segment';
import type { Token } from '../../text/tokenize';

/** The engine's own split of a version (headers too), kept for the next version's resegment. */
export type VersionSegments = Segmented & { maxSentenceChars?: number };

export interface VersionSplit {
  sentences: Segment[];
  segmented?: VersionSegments;
  editWindow?: EditWindow;
  /** Per sentence, the corpus's tokens in sentence offsets (none for the engine's split). */
  corpusTokens: (Token[] | undefined)[];
}

export function splitVersion(
  text: string,
  maxSentenceChars: number | undefined,
  corpusSentences: readonly { start: number; end: number; tokens?: readonly Token[] }[] | undefined,
  before: VersionSegments | undefined,
  /** The previous version is given up to this one: its segments may move (shifted in place). */
  givenUp: boolean,
): VersionSplit {
  if (corpusSentences)
    return {
      sentences: corpusSentences.map((s) => ({ start: s.start, end: s.end, text: text.slice(s.start, s.end), kind: 'sentence', section: '' })),
      corpusTokens: corpusSentences.map((s) => s.tokens?.map((t) => ({ ...t, start: t.start - s.start, end: t.end - s.start }))),
    };
  const options = { maxSentenceChars };
  // (The previous segments move before carry-over decides; when it declines to take over whole, it finds the
  // previous sentences by text and its units by their own unshifted offsets, never by segment offsets after the edit.)
  const resegmented = before && before.maxSentenceChars === maxSentenceChars ? resegmentEdit(before, text, options, givenUp) : undefined;
  const segments = resegmented?.segments ?? withOwnTexts(segment(text, options));
  return {
    sentences: segments.filter((s) => s.kind === 'sentence'),
    segmented: { text, segments, maxSentenceChars },
    editWindow: resegmented?.window,
    corpusTokens: [],
  };
}
