/**
 * ConText scopes: a sentence's tokens, the terms found in them, and the tokens each trigger
 * reaches (Harkema et al. 2009).
 *
 * - A scope ends at the sentence's end, at a termination term (a conjunction that changes
 *   topic: but, however, although...; or one of the category's own, "patient" for a family
 *   member), at a semicolon, at a full stop before a capital, at a list number ("2)", "2. ")
 *   and after the category's window of words. Backward, the window is at most the file's.
 * - Forward, the window counts words since the trigger or the last comma that ends a short
 *   list item, so a long list stays in scope until an item reads as a clause (listEnds:
 *   "has", "showed"; for negation also a degree: "mild tremor").
 * - A short trigger ("s/p", "former", "sick contacts") reaches one list item only: it ends at
 *   a comma, "or", "with", "who" or after four words.
 * - The longest term wins where terms overlap, and consumes its words: pseudo-triggers ("no
 *   increase", "gram negative") trigger nothing, so the shorter trigger inside never fires.
 *
 * Matching is on lower-cased words, any number matches `#` (a year `<YEAR>` too), and de-identification
 * placeholders ([**Name**], ***NAME***, [NAME]) are one word that is never a trigger.
 */
import { ASSERTION_STATUSES, AssertionStatus } from '../../types';
import { ALL_CATEGORIES, CompiledTerms, IGNORED, isYear, normaliseWord, SectionRole, TOKEN_PATTERN, TrieNode, YEAR } from './terms';
import { isAbbreviation } from '../../text/periods';

export interface Tok {
  start: number;
  end: number;
  norm: string;
  /** Counts toward a window: words and placeholders, not punctuation. */
  word: boolean;
  /** A semicolon, a full stop / ! / ? before a capital, or a list number: the scope ends here. */
  stop: boolean;
  /** A year ("2015"): matches `<YEAR>` in a term, and `#` too. */
  year?: boolean;
  /** The stop is a list number ("2)", "2. "), not the end of a sentence: an instruction list runs on over it. */
  item?: boolean;
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
  /** The role of the section the trigger names ("family history of": family). */
  names?: SectionRole;
  /** It reaches treatments and tests only (terms.json `treatments`: "was held", "declined"). */
  treatments?: boolean;
  /** Its forward scope is the whole list after it (terms.json `lists`, or an instruction: "Call also for"). */
  list?: boolean;
}

export interface Match {
  first: number;
  /** Exclusive. */
  end: number;
  node: TrieNode;
}

const PLACEHOLDER_START = /^(?:\[\*\*|\*\*|\[|<)/;
const CAPITAL_OR_DIGIT = /^[\p{Lu}\p{N}]/u;
const LIST_NUMBER = /^\p{N}{1,2}$/u;
const CAPITALISED = /^\p{Lu}\p{Ll}{2,}$/u;

export function tokens(sentence: string): Tok[] {
  const out: Tok[] = [];
  TOKEN_PATTERN.lastIndex = 0;
  for (let m = TOKEN_PATTERN.exec(sentence); m; m = TOKEN_PATTERN.exec(sentence)) {
    const text = m[0];
    if (IGNORED.has(text)) continue;
    const start = m.index;
    const placeholder = text.length > 2 && PLACEHOLDER_START.test(text);
    const word = placeholder || /[\p{L}\p{N}]/u.test(text);
    // A placeholder's normal form can match no term: it holds a character no term word has.
    const tok: Tok = { start, end: start + text.length, norm: placeholder ? '\u0000' : normaliseWord(text), word, stop: text === ';' };
    if (isYear(text)) tok.year = true;
    out.push(tok);
  }
  const spaceAfter = (i: number) => i + 1 < out.length && out[i + 1].start > out[i].end;
  for (let i = 0; i + 1 < out.length; i++) {
    const t = out[i];
    if (t.norm === '?') t.norm = questionMark(out, i);
    // A full stop ends a scope only where a new sentence starts ("No rash. Headache..."), not in "p.o. daily".
    if ((t.norm === '.' || t.norm === '!' || t.norm === '?') && spaceAfter(i) && CAPITAL_OR_DIGIT.test(sentence.slice(out[i + 1].start, out[i + 1].start + 2)))
      t.stop = true;
    // Notes typed in lower case start sentences in lower case ("no fever. cough improving."): a
    // full stop after a whole word (not "p.o.", "approx.", "etc.") ends a scope there too.
    if (t.norm === '.' && spaceAfter(i) && i > 0 && endsSentenceWord(sentence, out, i - 1, t.start)) t.stop = true;
    // A sentence typed on without a space ("No fever.Cough present."): a full stop after a whole
    // word and right before a capitalised word, not in "e.g.The" or a file name ("report.Final" is rare).
    if (
      t.norm === '.' &&
      !spaceAfter(i) &&
      i > 0 &&
      out[i + 1].start === t.end &&
      endsSentenceWord(sentence, out, i - 1, t.start) &&
      CAPITALISED.test(sentence.slice(out[i + 1].start, out[i + 1].end))
    )
      t.stop = true;
    // A list number starts a new item: "1) polyp s/p snare removal 2) hemorrhoids", "2. hemorrhoids".
    const next = out[i + 1].norm;
    const numbered = LIST_NUMBER.test(sentence.slice(t.start, t.end)) && (i === 0 || out[i - 1].end < t.start || out[i - 1].norm === '(');
    if (numbered && (next === ')' || (next === '.' && spaceAfter(i + 1))) && i + 2 < out.length && out[i + 2].word) {
      const at = out[i > 0 && out[i - 1].norm === '(' ? i - 1 : i];
      if (!at.stop) at.item = true;
      at.stop = true;
    }
  }
  return out;
}

/**
 * What a question mark before token `i + 1` is: "pneumonia?" asks of what comes before
 * (`?`, a backward term); "? pneumonia", "CXR: ?PNA" of what comes after (`¿`, the mark that
 * opens a question, a forward term); "patient?s" is an apostrophe lost to an encoding.
 */
function questionMark(toks: readonly Tok[], i: number): string {
  const before = i > 0 && toks[i - 1].word && toks[i - 1].end === toks[i].start;
  const after = toks[i + 1].word;
  if (before && after && toks[i + 1].start === toks[i].end) return "'";
  return !before && after ? '\u00bf' : '?';
}

/** Whether token `w`, right before the full stop at `dot`, is a whole word of three letters or more that is no abbreviation (the segmenter's list). */
function endsSentenceWord(sentence: string, toks: readonly Tok[], w: number, dot: number): boolean {
  const word = toks[w];
  if (!word.word || word.end !== dot || isAbbreviation(word.norm)) return false;
  // Part of a dotted abbreviation ("b.i.d", "p.o"): a full stop right before the word.
  if (w > 0 && toks[w - 1].norm === '.' && toks[w - 1].end === word.start) return false;
  return /^\p{L}{3,}$/u.test(sentence.slice(word.start, word.end));
}

/** Longest terms, left to right; a matched term consumes its tokens. */
export function matchTerms(toks: readonly Tok[], root: TrieNode): Match[] {
  const matches: Match[] = [];
  let i = 0;
  while (i < toks.length) {
    let node: TrieNode | undefined = root;
    let best: Match | undefined;
    for (let j = i; j < toks.length && node; j++) {
      node = (toks[j].year && node.next.get(YEAR)) || node.next.get(toks[j].norm);
      if (node?.end) best = { first: i, end: j + 1, node };
    }
    if (best) {
      matches.push(best);
      i = best.end;
    } else i++;
  }
  return matches;
}

/** The most words of a list item ("shortness of breath", "bright red blood per rectum" is five: not one). */
const LIST_ITEM = 4;
/** A scope reaches at most this many windows of tokens, however long its list (commas count too). */
const LIST_REACH = 10;
/** An instruction list ("any of the following: ...") runs to its end: a bound far past any real list, which keeps marking linear. */
const WHOLE_LIST_REACH = 50;
/** What closes the one list item a short trigger reaches ("s/p CABG, anemia", "former smoker with COPD"). */
const ITEM_ENDS = new Set([',', ';', '(', 'or', 'with', 'who', 'which']);

/** Words that end a list item with its own result; a backward scope does not reach past them. */
const VERDICTS = new Set(['positive', 'negative', 'reactive', 'nonreactive', 'detected', 'elevated', 'normal', 'present', 'noted', 'seen', 'absent']);

/** A treatment trigger that starts with one of these holds a list before it ("were held", "are held"). */
const PLURAL_VERBS = new Set(['were', 'are', 'have']);

/** The most words between an instruction and its link ("Call your doctor or nurse practitioner FOR"). */
const INSTRUCTION_GAP = 6;
/** Words between an instruction and a link that say when or where, not whom: "return to clinic IN two weeks for", "go HOME with". */
const INSTRUCTION_BREAKS = new Set(['in', 'on', 'within', 'after', 'before', 'by', 'tomorrow', 'today', 'tonight', 'next', 'home', 'work', 'school']);
/**
 * A word before an instruction that makes it a noun ("the CALL light for help", "on call", "a
 * return visit") or a report of what someone does ("we will call her with the results").
 */
const NOT_INSTRUCTIONS = new Set([
  'the',
  'a',
  'an',
  'on',
  'no',
  'his',
  'her',
  'their',
  'its',
  'upon',
  'your',
  'my',
  'will',
  'would',
  'i',
  'we',
  'he',
  'she',
  'they',
]);
/** The first word after a link that makes the instruction an errand, not a sign to act on: "return to clinic for FOLLOW up of", "call for an APPOINTMENT". */
const ERRANDS = new Set([
  'follow',
  'followup',
  'appointment',
  'appt',
  'visit',
  'recheck',
  'repeat',
  'routine',
  'scheduled',
  'results',
  'refill',
  'refills',
  'questions',
  'suture',
  'sutures',
  'staple',
  'staples',
]);
/** Words skipped before an errand: "call for AN appointment". */
const ARTICLES = new Set(['a', 'an', 'the', 'your', 'his', 'her', 'their']);
/** Punctuation an instruction's opener may hold: "Call Dr. Lee's office for". */
const OPENER_MARKS = new Set(['.', "'", '/']);
/** Words that join one item of an instruction list to the next ("; or any vomiting"). */
const ITEM_JOINS = new Set(['and', 'or', 'also', 'any']);

/**
 * The token index of the link that closes the instruction `m` opens for category bit `b`
 * ("Call also FOR", "Please page the covering resident FOR", "Call 911 IF"), or -1: none
 * within a few words, before a stop, a comma or a word of time or place.
 */
function instructionLink(toks: readonly Tok[], m: Match, b: number, terminatesAt: readonly number[], terms: CompiledTerms): number {
  if (m.first > 0 && NOT_INSTRUCTIONS.has(toks[m.first - 1].norm)) return -1;
  for (let k = m.end, words = 0; k < toks.length && !(terminatesAt[k] & b); k++) {
    const t = toks[k];
    if (!t.word) {
      if (OPENER_MARKS.has(t.norm)) continue;
      return -1;
    }
    if ((terms.instructionLinks.get(t.norm) ?? 0) & b) {
      let next = k + 1;
      while (next < toks.length && ARTICLES.has(toks[next].norm)) next++;
      return next < toks.length && ERRANDS.has(toks[next].norm) ? -1 : k;
    }
    if (++words > INSTRUCTION_GAP || INSTRUCTION_BREAKS.has(t.norm)) return -1;
  }
  return -1;
}

/**
 * Whether a whole list runs on over the stop at `i`: a semicolon or a list number before
 * another item ("fever above 101; chills; pain at the site", "1) rash 2) itching"), not
 * before a clause of its own: an item whose first two words hold a list end ("; you were
 * treated for", "2) take your metoprolol").
 */
function listGoesOn(toks: readonly Tok[], i: number, b: number, terms: CompiledTerms): boolean {
  if (toks[i].norm !== ';' && !toks[i].item) return false;
  // A few tokens on at most, so that marking stays linear however many semicolons a sentence has.
  const end = Math.min(toks.length, i + 10);
  let k = i + 1;
  // The item's own number ("; 2) take"), its marks and joining words.
  const number = (j: number) => toks[j].norm === '#' && j + 1 < toks.length && (toks[j + 1].norm === ')' || toks[j + 1].norm === '.');
  while (k < end && (!toks[k].word || ITEM_JOINS.has(toks[k].norm) || (k <= i + 2 && number(k)))) k++;
  if (k >= end) return false;
  for (let words = 0; k < end && words < 2; k++) {
    if (!toks[k].word) continue;
    if ((terms.listEnds.get(toks[k].norm) ?? 0) & b) return false;
    words++;
  }
  return true;
}

/** The categories of the terms that hold their whole list (terms.json `lists`) starting inside match `m` after its first token, or right after it. */
function listTermsFrom(toks: readonly Tok[], m: Match, root: TrieNode): number {
  let lists = 0;
  for (let start = m.first + 1; start <= m.end && start < toks.length; start++) {
    let node: TrieNode | undefined = root;
    for (let j = start; j < toks.length && node; j++) {
      node = node.next.get(toks[j].norm);
      if (node?.end && j >= m.end - 1) lists |= node.lists;
    }
  }
  return lists;
}

/** Category masks terminated at each token (where a termination term starts, and at every stop). */
export function terminations(toks: readonly Tok[], matches: readonly Match[]): number[] {
  const terminatesAt = new Array<number>(toks.length).fill(0);
  for (const m of matches) terminatesAt[m.first] |= m.node.terminates;
  for (let i = 0; i < toks.length; i++) if (toks[i].stop) terminatesAt[i] = ALL_CATEGORIES;
  return terminatesAt;
}

/** Sentence triggers with their scopes, in sentence order, one entry per category a term triggers. */
export function triggersOf(sentence: string, toks: readonly Tok[], matches: readonly Match[], terms: CompiledTerms): Trigger[] {
  if (matches.length === 0) return [];
  const terminatesAt = terminations(toks, matches);
  const out: Trigger[] = [];
  const startsAt = new Map(matches.map((m) => [m.first, m]));
  /** Per token, the categories an instruction before it links to the trigger there ("Return to clinic IF"): its scope is the whole list. */
  const linked = new Map<number, number>();
  for (const m of matches) {
    const { forward, backward, short, instructs } = m.node;
    if ((forward | backward | instructs) === 0) continue;
    // "Come back if you experience ...": a list term overlapping the trigger's end or right after it makes it a list trigger too.
    const lists = m.node.lists | (forward ? listTermsFrom(toks, m, terms.root) : 0) | (linked.get(m.first) ?? 0);
    ASSERTION_STATUSES.forEach((category, c) => {
      const b = 1 << c;
      // "Call also for any ...": an instruction and its link open the whole list after the link;
      // where the link is a trigger itself ("if"), that trigger opens it and stays the cue.
      let link = instructs & b ? instructionLink(toks, m, b, terminatesAt, terms) : -1;
      if (link >= 0 && (startsAt.get(link)?.node.forward ?? 0) & b) {
        linked.set(link, (linked.get(link) ?? 0) | b);
        link = -1;
      }
      if (!((forward | backward) & b) && link < 0) return;
      const window = terms.windows[c];
      const item = (short & b) !== 0;
      const onlyTreatments = (m.node.treatments & b) !== 0;
      const whole = (lists & b) !== 0 || link >= 0;
      const last = Math.max(m.end - 1, link);
      // A treatment's scope ends at the reason or at the next order: "held WARFARIN for INR of 4", "stop X and start Y".
      const endsTreatment = (t: Tok) => onlyTreatments && t.word && ((terms.treatmentEnds.get(t.norm) ?? 0) & b) !== 0;
      // A hard bound on a scope's tokens (words and punctuation) keeps marking linear in the sentence length.
      const reach = window * (whole ? WHOLE_LIST_REACH : LIST_REACH);
      // Forward, the window counts words since the trigger or the last comma that closes a short
      // list item: "Denies fever, chills, ..., or rash" reaches every item of a long review of
      // systems. Once the scope runs on as a list, an item that reads as a clause of its own
      // ("has had dyspnea", "CT showed a mass") ends it.
      let to = last + 1;
      if (forward & b || link >= 0) {
        for (let words = 0, itemWords = 0, listed = false, total = 0; to < toks.length; to++) {
          // A whole list runs on over a semicolon or a list number before its next item.
          if (terminatesAt[to] & b && !(whole && listGoesOn(toks, to, b, terms))) break;
          const t = toks[to];
          if (++total > reach || (item && ITEM_ENDS.has(t.norm)) || endsTreatment(t)) break;
          // An instruction list after "any of the following" is conditional to its last item, however long each item is.
          if (whole) continue;
          if (t.word) {
            if (listed && (terms.listEnds.get(t.norm) ?? 0) & b) break;
            if (++words > (item ? LIST_ITEM : window)) break;
            itemWords++;
          } else if (t.norm === ',') {
            if (itemWords <= LIST_ITEM) {
              words = 0;
              listed = true;
            }
            itemWords = 0;
          }
        }
      }
      let from = m.first;
      if (backward & b) {
        const limit = item ? LIST_ITEM : Math.min(window, terms.backwardWindow);
        // "heparin was held" holds one treatment: its scope back ends at the item before it
        // ("Troponin was elevated and heparin was held", "INR 4.5, warfarin held"); "aspirin
        // and heparin were held" holds the list.
        const oneItem = onlyTreatments && !PLURAL_VERBS.has(toks[m.first].norm);
        for (let words = 0; from > 0 && !(terminatesAt[from - 1] & b); from--) {
          const before = toks[from - 1].norm;
          if ((item && ITEM_ENDS.has(before)) || endsTreatment(toks[from - 1]) || (oneItem && (ITEM_ENDS.has(before) || before === 'and'))) break;
          // The item before a comma has its own verdict: "influenza A positive, COVID-19 not detected".
          if (before === ',' && from > 1 && VERDICTS.has(toks[from - 2].norm)) break;
          if (toks[from - 1].word && ++words > limit) break;
        }
      }
      const start = toks[m.first].start;
      const end = toks[last].end;
      const trigger: Trigger = { category, start, end, text: sentence.slice(start, end), first: m.first, last, from, to };
      if (m.node.names) trigger.names = m.node.names;
      if (onlyTreatments) trigger.treatments = true;
      if (whole && (forward & b || link >= 0)) trigger.list = true;
      out.push(trigger);
    });
  }
  itemNegations(toks, out);
  return out;
}

/**
 * The items of a whole list ("Call also for any vomiting, pain not relieved by your medicine,
 * no stool in three days, black stools") are each their own sign: a negation inside one
 * reaches that item only, up to its comma, "or" or "and".
 */
function itemNegations(toks: readonly Tok[], triggers: Trigger[]): void {
  if (!triggers.some((t) => t.list && t.category !== 'negated')) return;
  const inList = new Int32Array(toks.length + 1);
  for (const t of triggers) {
    if (!t.list || t.category === 'negated') continue;
    inList[t.last + 1]++;
    inList[t.to]--;
  }
  for (let i = 1; i <= toks.length; i++) inList[i] += inList[i - 1];
  for (const t of triggers) {
    if (t.category !== 'negated' || inList[t.first] <= 0) continue;
    for (let k = t.last + 1; k < t.to; k++) {
      if (ITEM_ENDS.has(toks[k].norm) || toks[k].norm === 'and') {
        t.to = k;
        break;
      }
    }
  }
}
