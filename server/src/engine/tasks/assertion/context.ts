/**
 * ConText (Harkema, Dowling, Thornblade, Chapman, J Biomed Inform 2009): a mention's
 * assertion status from trigger terms around it in its sentence and from its section.
 *
 * - A trigger has a category (negated, possible, historical, hypothetical, family) and a
 *   direction: forward triggers reach the words after them, backward ones the words before,
 *   bidirectional ones both.
 * - A scope ends at the sentence's end, at a termination term (a conjunction that changes
 *   topic: but, however, although, except...; or one of the category's own, "patient" for a
 *   family member), at a semicolon or a full stop before a capital, and after `window` words
 *   (forward, counted from the last comma that ends a short list item, so a long list stays in
 *   scope until an item reads as a clause: "has", "showed", "intact", "mild"...).
 * - The longest term wins where terms overlap, and consumes its words: pseudo-triggers ("no
 *   increase", "gram negative", "not ruled out") are terms that trigger nothing, so the
 *   shorter trigger inside them never fires. This is ConText's pruning of overlapping terms.
 * - Section context: under Past Medical History an entity is historical, under Family History
 *   another person's; under Allergies it stays as written.
 * - Matching is on lower-cased words (ALL-CAPITALS notes read the same), any number matches
 *   `#`, and de-identification placeholders ([**Name**], ***NAME***, [NAME]) are one word
 *   that is never a trigger.
 * - Negation wins over possible (the NegEx/ConText test sets have one negation value).
 *
 * Rules, not the model: cheap, deterministic, the same in every profile. Mentions keep their
 * offsets; only status fields are added.
 */
import { ASSERTION_STATUSES, AssertionCue, AssertionDetail, AssertionStatus, Mention } from '../../types';
import { ALL_CATEGORIES, CompiledTerms, defaultTerms, IGNORED, normaliseWord, SectionRole, TOKEN_PATTERN, TrieNode } from './terms';

export type AssertionSource = 'rules' | 'rules+model';
export const ASSERTION_SOURCES: readonly AssertionSource[] = ['rules', 'rules+model'];

/** The assertion part of a document's analysis configuration (config.ts builds it from the settings). */
export interface AssertionOptions {
  /** false: no statuses at all (biomedNlp.assertion.enabled). */
  enabled: boolean;
  /** The default terms merged with biomedNlp.assertion.extraTermsFile. */
  terms: CompiledTerms;
  /** rules+model: statuses the rules mark stand only where the model's answer (Mention.modelStatuses) confirms them. */
  source: AssertionSource;
  /** Why the extra terms file is not used, for the user to see (hover). */
  termsError?: string;
}

/** What marking a sentence needs beyond its text. */
export interface AssertionContext extends Partial<AssertionOptions> {
  /** The sentence's section (Segment.section: lower case, no colon). */
  section?: string;
}

interface Tok {
  start: number;
  end: number;
  norm: string;
  /** Counts toward a window: words and placeholders, not punctuation. */
  word: boolean;
  /** A semicolon, or a full stop / ! / ? before a capital: the scope ends here. */
  stop: boolean;
}

/** A trigger found in a sentence, with the token range its scope covers (for tests and tools). */
export interface Trigger {
  category: AssertionStatus;
  /** Sentence offsets of the trigger text. */
  start: number;
  end: number;
  text: string;
  /** Token indexes: the trigger's [first, last] and its scope: before it from `from`, after it up to `to` (exclusive). */
  first: number;
  last: number;
  from: number;
  to: number;
}

const PLACEHOLDER_START = /^(?:\[\*\*|\*\*|\[|<)/;
const CAPITAL_OR_DIGIT = /^[\p{Lu}\p{N}]/u;

function tokens(sentence: string): Tok[] {
  const out: Tok[] = [];
  TOKEN_PATTERN.lastIndex = 0;
  for (let m = TOKEN_PATTERN.exec(sentence); m; m = TOKEN_PATTERN.exec(sentence)) {
    const text = m[0];
    if (IGNORED.has(text)) continue;
    const start = m.index;
    const placeholder = text.length > 2 && PLACEHOLDER_START.test(text);
    const word = placeholder || /[\p{L}\p{N}]/u.test(text);
    // A placeholder's normal form can match no term: it holds a character no term word has.
    out.push({ start, end: start + text.length, norm: placeholder ? '\u0000' : normaliseWord(text), word, stop: text === ';' });
  }
  // A full stop ends a scope only where a new sentence starts ("No rash. Headache..."), not in "p.o. daily".
  for (let i = 0; i + 1 < out.length; i++) {
    const t = out[i];
    if ((t.norm === '.' || t.norm === '!' || t.norm === '?') && out[i + 1].start > t.end && CAPITAL_OR_DIGIT.test(sentence.slice(out[i + 1].start, out[i + 1].start + 2))) t.stop = true;
  }
  return out;
}

/** The most words of a list item ("shortness of breath", "bright red blood per rectum" is five: not one). */
const LIST_ITEM = 4;
/** A scope reaches at most this many windows of tokens, however long its list (commas count too). */
const LIST_REACH = 10;

interface Match {
  first: number;
  /** Exclusive. */
  end: number;
  node: TrieNode;
}

/** Longest terms, left to right; a matched term consumes its tokens. */
function matchTerms(toks: readonly Tok[], root: TrieNode): Match[] {
  const matches: Match[] = [];
  let i = 0;
  while (i < toks.length) {
    let node: TrieNode | undefined = root;
    let best: Match | undefined;
    for (let j = i; j < toks.length && node; j++) {
      node = node.next.get(toks[j].norm);
      if (node?.end) best = { first: i, end: j + 1, node };
    }
    if (best) {
      matches.push(best);
      i = best.end;
    } else i++;
  }
  return matches;
}

/** Sentence triggers with their scopes, in sentence order, one entry per category a term triggers. */
export function findTriggers(sentence: string, terms: CompiledTerms = defaultTerms()): Trigger[] {
  return triggersOf(sentence, tokens(sentence), terms);
}

function triggersOf(sentence: string, toks: readonly Tok[], terms: CompiledTerms): Trigger[] {
  const matches = matchTerms(toks, terms.root);
  if (matches.length === 0) return [];
  // Category masks terminated at each token (where a termination term starts).
  const terminatesAt = new Array<number>(toks.length).fill(0);
  for (const m of matches) terminatesAt[m.first] |= m.node.terminates;
  for (let i = 0; i < toks.length; i++) if (toks[i].stop) terminatesAt[i] = ALL_CATEGORIES;
  const out: Trigger[] = [];
  for (const m of matches) {
    const { forward, backward } = m.node;
    if ((forward | backward) === 0) continue;
    ASSERTION_STATUSES.forEach((category, c) => {
      const b = 1 << c;
      if (!((forward | backward) & b)) return;
      const window = terms.windows[c];
      // A hard bound on a scope's tokens (words and punctuation) keeps marking linear in the sentence length.
      const reach = window * LIST_REACH;
      // Forward, the window counts words since the trigger or the last comma that closes a short
      // list item: "Denies fever, chills, ..., or rash" reaches every item of a long review of
      // systems. Once the scope runs on as a list, an item that reads as a clause of its own
      // ("has had dyspnea", "CT showed a mass", "skin intact", "mild tremor") ends it.
      let to = m.end;
      if (forward & b) {
        for (let words = 0, item = 0, listed = false, total = 0; to < toks.length && !(terminatesAt[to] & b); to++) {
          if (++total > reach) break;
          if (toks[to].word) {
            if (listed && terms.listEnds.has(toks[to].norm)) break;
            if (++words > window) break;
            item++;
          } else if (toks[to].norm === ',') {
            if (item <= LIST_ITEM) {
              words = 0;
              listed = true;
            }
            item = 0;
          }
        }
      }
      let from = m.first;
      if (backward & b) {
        for (let words = 0; from > 0 && !(terminatesAt[from - 1] & b); from--) {
          if (toks[from - 1].word && ++words > window) break;
        }
      }
      const start = toks[m.first].start;
      const end = toks[m.end - 1].end;
      out.push({ category, start, end, text: sentence.slice(start, end), first: m.first, last: m.end - 1, from, to });
    });
  }
  return out;
}

const SMALL_WORDS = new Set(['and', 'of', 'the', 'or']);

/** "family history" -> "Family History", "pmh" -> "PMH": how a hover names a section. */
export function sectionTitle(name: string): string {
  return name.replace(/[\p{L}]+/gu, (w) =>
    SMALL_WORDS.has(w) ? w : w.length <= 4 && !/[aeiouy]/.test(w) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1),
  );
}

const SECTION_STATUS: Record<SectionRole, AssertionStatus | undefined> = { historical: 'historical', family: 'family', asWritten: undefined };

/** Token index range [first, last] a mention covers, or undefined when it covers no token. */
function coverage(toks: readonly Tok[], m: Mention): [number, number] | undefined {
  let first = -1;
  let last = -1;
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].end <= m.start) continue;
    if (toks[i].start >= m.end) break;
    if (first < 0) first = i;
    last = i;
  }
  return first < 0 ? undefined : [first, last];
}

/**
 * The mentions (sentence offsets) with their assertion statuses: `negated`, `possible`
 * (and its alias `uncertain`), `historical`, `hypothetical`, `family`, and `assertion`, the
 * cue behind each. Offsets, types and texts are never changed; new objects are returned.
 */
export function markAssertions(sentence: string, mentions: readonly Mention[], context: AssertionContext = {}): Mention[] {
  if (mentions.length === 0) return [];
  if (context.enabled === false) return mentions.map(({ modelStatuses: _, ...m }) => m);
  const terms = context.terms ?? defaultTerms();
  const toks = tokens(sentence);
  const triggers = triggersOf(sentence, toks, terms);
  const sectionRole = context.section ? terms.sections.get(context.section.trim().replace(/(?:\s*:)+$/, '').replace(/\s+/g, ' ').toLowerCase()) : undefined;
  const sectionStatus = sectionRole && SECTION_STATUS[sectionRole];
  const askModel = context.source === 'rules+model';
  return mentions.map(({ modelStatuses, ...m }) => {
    const cues: Partial<Record<AssertionStatus, AssertionCue>> = {};
    const distance: Partial<Record<AssertionStatus, number>> = {};
    const span = coverage(toks, m);
    if (span) {
      const [first, last] = span;
      for (const t of triggers) {
        let d: number | undefined;
        if (t.first <= last && first <= t.last) d = 0; // the trigger is part of the mention
        else if (t.last < first && first < t.to) d = first - t.last;
        else if (last < t.first && last >= t.from) d = t.first - last;
        if (d !== undefined && d < (distance[t.category] ?? Infinity)) {
          distance[t.category] = d;
          cues[t.category] = { by: 'trigger', text: t.text };
        }
      }
    }
    if (cues.negated) delete cues.possible;
    if (sectionStatus && !cues[sectionStatus]) cues[sectionStatus] = { by: 'section', text: sectionTitle(context.section!.trim()) };
    let overruled: Partial<Record<AssertionStatus, AssertionCue>> | undefined;
    if (askModel && modelStatuses) {
      for (const s of ASSERTION_STATUSES) {
        if (cues[s] && !modelStatuses.includes(s)) {
          (overruled ??= {})[s] = cues[s];
          delete cues[s];
        }
      }
    }
    const out: Mention = {
      ...m,
      negated: !!cues.negated,
      possible: !!cues.possible,
      uncertain: !!cues.possible,
      historical: !!cues.historical,
      hypothetical: !!cues.hypothetical,
      family: !!cues.family,
    };
    const set = Object.keys(cues).length > 0;
    if (set || overruled || (askModel && modelStatuses)) {
      const detail: AssertionDetail = { triggers: cues, source: overruled ? 'model' : 'rules' };
      if (askModel && modelStatuses) {
        if (overruled) detail.overruled = overruled;
        else detail.confirmed = true;
      }
      out.assertion = detail;
    } else delete out.assertion;
    return out;
  });
}
