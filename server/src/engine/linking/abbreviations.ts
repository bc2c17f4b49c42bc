/**
 * Abbreviations a document defines, `long form (SF)`, found as Schwartz & Hearst (2003) do:
 * a short form in parentheses (2-10 characters, at most two words, a letter in it, not
 * starting with punctuation), and the long form the shortest run of words before it, in the
 * same clause, in which the short form's characters appear in order, read from the end,
 * with its first character starting a word. Used so that "HH" in a document that says
 * "Hereditary hemochromatosis (HH)" links as the long form.
 */

export interface Abbreviation {
  short: string;
  long: string;
  /** Where the definition's long form starts in the text (UTF-16). */
  start: number;
}

/** The long form of `short` at the end of `before`, or undefined (Schwartz & Hearst's bestLongForm). */
export function bestLongForm(short: string, before: string): string | undefined {
  let s = short.length - 1;
  let l = before.length - 1;
  const lower = (c: string) => c.toLowerCase();
  while (s >= 0) {
    const c = lower(short[s]);
    if (!/[\p{L}\p{N}]/u.test(c)) {
      s--;
      continue;
    }
    // The first character of the short form must start a word of the long form.
    while (l >= 0 && (lower(before[l]) !== c || (s === 0 && l > 0 && /[\p{L}\p{N}]/u.test(before[l - 1])))) l--;
    if (l < 0) return undefined;
    l--;
    s--;
  }
  const start = before.lastIndexOf(' ', l) + 1;
  const long = before.slice(start).trim();
  return long.length > short.length ? long : undefined;
}

/**
 * A short form of capitals only whose letters start the last words in another order
 * ("myotonic dystrophy (DM)", after the Latin "dystrophia myotonica"): one word per letter.
 */
function initialsInAnyOrder(short: string, words: readonly string[]): string | undefined {
  if (!/^[A-Z]{2,5}$/.test(short) || words.length < short.length) return undefined;
  const last = words.slice(-short.length);
  const initials = last
    .map((w) => w[0].toUpperCase())
    .sort()
    .join('');
  return initials === [...short].sort().join('') ? last.join(' ') : undefined;
}

/** The abbreviations a text defines, in text order; a short form defined twice keeps the first. */
export function findAbbreviations(text: string): Abbreviation[] {
  const out: Abbreviation[] = [];
  const seen = new Set<string>();
  const paren = /\(([^()]{2,60})\)/g;
  for (let m = paren.exec(text); m; m = paren.exec(text)) {
    // Inside the parentheses, a definition's short form alone ("(HH)"; "(HH; 5)" keeps "HH"); in a
    // longer one, a part that looks like a short form, as when it follows another name of the
    // same thing ("(Krabbe disease; AO-GLD)") or a code ("(G6PD, EC 1.1.1.49)").
    const inside = m[1].trim();
    const parts = inside.split(/[;,]\s/).filter((p, i) => (i === 0 && inside.length <= 10) || SHORT_FORM.test(p));
    const sf = parts.find((p) => definable(p) && !seen.has(p) && longFormBefore(text, m!.index, p));
    if (sf === undefined) continue;
    const { long, clauseStart } = longFormBefore(text, m.index, sf)!;
    seen.add(sf);
    const at = text.lastIndexOf(long, m.index);
    out.push({ short: sf, long, start: at >= 0 ? at : clauseStart });
    // "hyperparathyroidism-jaw tumor syndrome (HPT-JT)" defines "HPT" and "JT" too.
    for (const part of hyphenParts(sf, long)) {
      if (seen.has(part.short)) continue;
      seen.add(part.short);
      out.push({ ...part, start: at >= 0 ? at : clauseStart });
    }
  }
  return out;
}

/** A parenthesis's text that may be a short form: 2-10 characters, at most two words, a letter, no leading punctuation. */
function definable(sf: string): boolean {
  return sf.length >= 2 && sf.length <= 10 && sf.split(/\s+/).length <= 2 && /\p{L}/u.test(sf) && /^[\p{L}\p{N}]/u.test(sf);
}

/** The long form of `sf` in the clause before the parenthesis at `at`, and where the clause starts; undefined when none spells it. */
function longFormBefore(text: string, at: number, sf: string): { long: string; clauseStart: number } | undefined {
  // The clause before it: back to a sentence end, a semicolon or another parenthesis.
  const clauseStart = Math.max(text.lastIndexOf('. ', at), text.lastIndexOf(';', at), text.lastIndexOf(')', at), text.lastIndexOf('(', at - 1)) + 1;
  const words = text.slice(clauseStart, at).trimEnd().split(/\s+/).filter(Boolean);
  const limit = Math.min(sf.length + 5, sf.length * 2);
  const long = bestLongForm(sf, words.slice(-limit).join(' ')) ?? initialsInAnyOrder(sf, words);
  return long && long.split(/\s+/).length <= limit ? { long, clauseStart } : undefined;
}

/**
 * The parts of a hyphenated short form whose long form is hyphenated alike, each with the
 * first words of its segment that spell it ("HPT-JT", "hyperparathyroidism-jaw tumor
 * syndrome": "HPT" hyperparathyroidism, "JT" jaw tumor); else, each with the run of the long
 * form's words it spells, in order ("AO-GLD", "adult onset globoid cell leukodystrophy": "AO"
 * adult onset, "GLD" globoid cell leukodystrophy); none unless every part is spelt.
 */
function hyphenParts(short: string, long: string): { short: string; long: string }[] {
  const parts = short.split('-');
  const segments = long.split('-');
  if (parts.length < 2 || parts.some((p) => p.length < 2 || !/^\p{Lu}/u.test(p))) return [];
  if (parts.length !== segments.length) {
    const runs = spelledRuns(parts, long.split(/\s+/));
    return runs ? parts.map((p, i) => ({ short: p, long: runs[i] })) : [];
  }
  const out: { short: string; long: string }[] = [];
  for (let i = 0; i < parts.length; i++) {
    const words = segments[i].trim().split(/\s+/);
    let found: string | undefined;
    for (let k = 1; k <= words.length && !found; k++) {
      const prefix = words.slice(0, k).join(' ');
      if (bestLongForm(parts[i], prefix) === prefix) found = prefix;
    }
    if (!found) return [];
    out.push({ short: parts[i], long: found });
  }
  return out;
}

/** The words split into consecutive runs, one per short form, each spelt by its short form; undefined when they cannot be. */
function spelledRuns(parts: readonly string[], words: readonly string[]): string[] | undefined {
  if (parts.length === 1) {
    const rest = words.join(' ');
    return words.length > 0 && bestLongForm(parts[0], rest) === rest ? [rest] : undefined;
  }
  for (let k = 1; k <= words.length - parts.length + 1; k++) {
    const run = words.slice(0, k).join(' ');
    if (bestLongForm(parts[0], run) !== run) continue;
    const rest = spelledRuns(parts.slice(1), words.slice(k));
    if (rest) return [run, ...rest];
  }
  return undefined;
}

/**
 * The mention text with each defined short form replaced by its long form ("HH patients":
 * "hereditary hemochromatosis patients"; a hyphenated word's defined parts, "IF-GLD": "IF-globoid
 * cell leukodystrophy"), or undefined when it uses none.
 */
export function expandAbbreviations(mention: string, abbreviations: ReadonlyMap<string, string>): string | undefined {
  if (abbreviations.size === 0) return undefined;
  let changed = false;
  const expand = (word: string) => abbreviations.get(word) ?? (word.endsWith('s') ? abbreviations.get(word.slice(0, -1)) : undefined);
  const out = mention.replace(/[\p{L}\p{N}][\p{L}\p{N}-]*/gu, (word) => {
    const long = expand(word);
    if (long !== undefined) {
      changed = true;
      return long;
    }
    // A compound's parts ("IF-GLD"); not a suspended hyphen ("RCC- and VHL-associated"), which joins a later word.
    if (!word.includes('-') || word.endsWith('-')) return word;
    return word
      .split('-')
      .map((part) => {
        const partLong = expand(part);
        if (partLong === undefined) return part;
        changed = true;
        return partLong;
      })
      .join('-');
  });
  return changed ? out : undefined;
}

/** A mention that looks like a short form: a capital, two capitals or more, no space ("AF", "CINs", "HPT-JT"). */
export const SHORT_FORM = /^(?=(?:[^A-Z]*[A-Z]){2})[A-Z][A-Za-z0-9-]{1,9}$/;

/**
 * Abbreviations read from a document's mentions alone, for corpora that carry no text (the
 * concept layout): a short-form mention stands for another mention of the same document that
 * is wholly its long form ("AF" and "atrial fibrillation"), the nearest one before it first.
 */
export function abbreviationsFromMentions(mentions: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  mentions.forEach((short, i) => {
    const sf = short.trim().replace(/(?<=[A-Z])s$/, '');
    if (out.has(sf) || !SHORT_FORM.test(sf)) return;
    const order = [...mentions.slice(0, i).reverse(), ...mentions.slice(i + 1)];
    const long = order.find((m) => m.includes(' ') && bestLongForm(sf, m.trim()) === m.trim());
    if (long) out.set(sf, long.trim());
  });
  return out;
}

/** A mention with where it lies in its document (UTF-16 offsets), as corpora give them. */
export interface PlacedMention {
  text: string;
  start?: number;
  end?: number;
}

/** What may stand between a long form and its short form's mention: "nephropathy (CIN)". */
const OPENING = /^\s?[([]\s?$/;

/** Whether a letter of the short form occurs in the long form (case aside). */
function sharesALetter(short: string, long: string): boolean {
  const letters = long.toLowerCase();
  return [...short.toLowerCase()].some((c) => /\p{L}/u.test(c) && letters.includes(c));
}

/**
 * Abbreviations read from where mentions lie: a short-form mention that follows another
 * mention across an opening parenthesis ("contrast-induced nephropathy (CIN)", of which only
 * "nephropathy" is a mention) stands for that mention, even when its letters do not spell it.
 * With the text, what lies between must be the parenthesis; without it (the concept layout),
 * one to three characters and a letter in common (a list's next item shares none). A short
 * form defined this way twice keeps the first.
 */
export function abbreviationsFromPlacement(mentions: readonly PlacedMention[], text?: string): Map<string, string> {
  const out = new Map<string, string>();
  const placed = mentions.filter((m) => m.start !== undefined && m.end !== undefined);
  for (const m of placed) {
    const sf = m.text.trim().replace(/(?<=[A-Z])s$/, '');
    if (out.has(sf) || !SHORT_FORM.test(sf)) continue;
    const before = placed.find((p) => {
      if (p === m || p.end! > m.start! || SHORT_FORM.test(p.text.trim())) return false;
      if (text !== undefined) return OPENING.test(text.slice(p.end, m.start));
      // Without the text the gap may be ", " as well as " (": a list ("hypertension, DM, CAD")
      // is told apart by letters, the short form sharing at least one with the mention before.
      const gap = m.start! - p.end!;
      return gap >= 1 && gap <= 3 && sharesALetter(sf, p.text);
    });
    if (before) out.set(sf, before.text.trim());
  }
  return out;
}
