/**
 * The NegEx / ConText test-set layout (Chapman et al.; Harkema et al. 2009): a header line,
 * then one row per annotated condition, tab-separated: `id`, `condition`, `sentence`,
 * `negation` (Affirmed / Negated / Possible), `temporality` (Recent / Historical / Not
 * particular, the hypothetical class), `experiencer` (Patient / Other / Family member).
 * Columns are found by their header names when the header names them, else by position.
 *
 * The condition is located in the sentence case-insensitively with whitespace runs
 * normalised; of several occurrences, one written in capitals is preferred (the layout marks
 * the target that way), else the first. Where the sentence was cut inside the condition, the
 * longest piece of the condition it holds is the target. Offsets are UTF-16 code units into
 * the sentence. Rows without the six fields, with a value outside those lists, or whose
 * condition has no piece in the sentence (an unlocated condition) are skipped, counted by reason.
 */
import { countSkip, SkipCounts, totalSkipped } from './document';
import { allMatches } from '../text/matches';

export type NegationValue = 'affirmed' | 'negated' | 'possible';
export type TemporalityValue = 'recent' | 'historical' | 'hypothetical';
export type ExperiencerValue = 'patient' | 'other';

export interface ContextRow {
  id: string;
  condition: string;
  sentence: string;
  /** The condition in the sentence, end exclusive. */
  start: number;
  end: number;
  negation: NegationValue;
  temporality: TemporalityValue;
  experiencer: ExperiencerValue;
}

export interface ContextTsvResult {
  rows: ContextRow[];
  skipped: number;
  /** By reason: missing field, unknown value, unlocated condition. */
  skips: SkipCounts;
}

const NEGATION: Record<string, NegationValue> = { affirmed: 'affirmed', negated: 'negated', possible: 'possible' };
const TEMPORALITY: Record<string, TemporalityValue> = {
  recent: 'recent',
  historical: 'historical',
  'not particular': 'hypothetical',
  hypothetical: 'hypothetical',
};
const EXPERIENCER: Record<string, ExperiencerValue> = { patient: 'patient', other: 'other', 'family member': 'other', family: 'other' };

const value = (v: string | undefined) => (v ?? '').trim().toLowerCase().replace(/\s+/g, ' ');
const FIELDS = ['id', 'condition', 'sentence', 'negation', 'temporality', 'experiencer'] as const;

/** Column index of each field: by header name where the header has it, else the layout's position. */
function columns(header: string[]): Record<(typeof FIELDS)[number], number> {
  const names = header.map(value);
  const find = (word: string, fallback: number) => {
    const i = names.findIndex((n) => n.includes(word));
    return i >= 0 ? i : fallback;
  };
  return {
    id: find('id', 0),
    condition: find('condition', 1),
    sentence: find('sentence', 2),
    negation: find('negation', 3),
    temporality: find('temporality', 4),
    experiencer: find('experiencer', 5),
  };
}

const escape = (w: string) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Where these words are in `sentence` (see the layout above), or undefined; `whole`: not inside a longer word. */
function locateWords(sentence: string, words: readonly string[], whole: boolean): { start: number; end: number } | undefined {
  const body = words.map(escape).join('\\s+');
  const pattern = new RegExp(whole ? `(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])` : body, 'giu');
  let first: { start: number; end: number } | undefined;
  for (const m of allMatches(pattern, sentence)) {
    const span = { start: m.index!, end: m.index! + m[0].length };
    if (/\p{L}/u.test(m[0]) && m[0] === m[0].toUpperCase() && sentence !== sentence.toUpperCase()) return span;
    first ??= span;
  }
  return first;
}

/** A piece of a condition worth locating: three letters at least ("of" or "a" locate nothing). */
const PIECE_LETTERS = 3;

/**
 * Where `condition` is in `sentence` (see the layout above), or undefined. Where the sentence
 * was cut inside the condition (at an inner full stop: "Neck: Supple." of "neck supple. no
 * JVD"), the longest piece of it that the sentence holds, as whole words.
 */
export function locateCondition(sentence: string, condition: string): { start: number; end: number } | undefined {
  const words = condition.trim().split(/\s+/).filter(Boolean);
  if (words.length === 0) return undefined;
  const span = locateWords(sentence, words, false);
  if (span) return span;
  let best: { start: number; end: number } | undefined;
  for (let i = 0; i < words.length; i++) {
    for (let j = words.length; j > i; j--) {
      // Punctuation at a piece's ends belongs to the cut: "supple." is "supple".
      const piece = words
        .slice(i, j)
        .join(' ')
        .replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, '');
      if ((piece.match(/\p{L}/gu)?.length ?? 0) < PIECE_LETTERS || (best && piece.length <= best.end - best.start)) continue;
      const at = locateWords(sentence, piece.split(/\s+/), true);
      if (at) best = at;
    }
  }
  return best;
}

export function parseContextTsv(text: string): ContextTsvResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = body.split(/\r\n|\r|\n/);
  const skips: SkipCounts = {};
  const rows: ContextRow[] = [];
  const headerAt = lines.findIndex((l) => l.trim() !== '');
  if (headerAt < 0) return { rows, skipped: 0, skips };
  const col = columns(lines[headerAt].split('\t'));
  for (const line of lines.slice(headerAt + 1)) {
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    const get = (f: (typeof FIELDS)[number]) => cells[col[f]];
    if (FIELDS.some((f) => get(f) === undefined || (f !== 'id' && get(f)!.trim() === ''))) {
      countSkip(skips, 'missing field');
      continue;
    }
    const negation = NEGATION[value(get('negation'))];
    const temporality = TEMPORALITY[value(get('temporality'))];
    const experiencer = EXPERIENCER[value(get('experiencer'))];
    if (!negation || !temporality || !experiencer) {
      countSkip(skips, 'unknown value');
      continue;
    }
    const sentence = get('sentence')!;
    const condition = get('condition')!.trim();
    const span = locateCondition(sentence, condition);
    if (!span) {
      countSkip(skips, 'unlocated condition');
      continue;
    }
    rows.push({ id: get('id')!.trim(), condition, sentence, ...span, negation, temporality, experiencer });
  }
  return { rows, skipped: totalSkipped(skips), skips };
}
