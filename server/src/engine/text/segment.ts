/**
 * Sentence and section segmentation for clinical notes and abstracts.
 *
 * Offsets are UTF-16 code units into the original text (CRLF kept), so
 * `text.slice(s.start, s.end) === s.text` always holds. Every split point sits next
 * to punctuation of one code unit, whitespace or a line break, so a surrogate pair is never cut.
 * One pass over the lines, one pass over each run of prose: linear time.
 */

export type SegmentKind = 'sentence' | 'header';

export interface Segment {
  start: number;   // UTF-16 offset in the document text, inclusive
  end: number;     // exclusive; text.slice(start, end) === segment.text
  text: string;    // never has leading/trailing whitespace; never empty
  kind: SegmentKind;
  /** Normalised name of the section this segment is in (the nearest header above, lower-case, without colon, whitespace collapsed), or '' before any header. A header segment's own section is its own name. */
  section: string;
}

/**
 * Section names: labels accepted whatever their case and length, and the all-capitals
 * first lines that are headers rather than titles (see `segment`).
 */
export function isKnownSection(name: string): boolean {
  return KNOWN_SECTIONS.has(normaliseSection(name));
}

const KNOWN_SECTIONS = new Set([
  'assessment', 'plan', 'assessment and plan', 'assessment/plan', 'a/p', 'a&p', 'impression',
  'summary', 'history', 'hpi', 'history of present illness', 'past medical history', 'pmh',
  'medications', 'allergies', 'exam', 'physical exam', 'labs', 'studies', 'hospital course',
  'ed course', 'discharge diagnoses', 'discharge medications', 'chief complaint', 'subjective',
  'objective', 'findings', 'conclusion', 'diagnosis', 'diagnoses', 'social history',
  'family history', 'review of systems', 'ros', 'disposition', 'follow-up', 'follow up',
  'recommendations', 'background', 'methods', 'results', 'conclusions', 'purpose',
  'indication', 'indications', 'technique', 'comparison', 'examination', 'physical examination',
  'laboratory data', 'laboratory', 'reason for consultation', 'reason for visit', 'past surgical history',
  'psh', 'vital signs', 'vitals', 'treatment', 'procedures', 'procedure', 'discharge instructions',
  'discharge condition', 'condition on discharge', 'consults', 'addendum', 'problem list',
  'surgical history', 'clinical history', 'admission diagnosis', 'admitting diagnosis',
  // MIMIC discharge summaries, and the history sections assertion/terms.json gives a role.
  'major surgical or invasive procedure', 'medications on admission', 'pertinent results', 'brief hospital course',
  'discharge disposition', 'discharge diagnosis', 'followup instructions', 'history of the present illness',
  'past medical and surgical history', 'past medical/surgical history', 'medical history', 'past history',
  'family medical history', 'drug allergies', 'allergies and adverse reactions', 'home medications',
  'admission medications', 'impression and plan', 'assessment & plan', 'pmhx', 'previous medical history',
  'past illnesses', 'fh', 'fhx', 'family hx', 'allergy', 'adverse reactions', 'adverse drug reactions',
  // Structured abstracts (PubMed, JAMA, BMJ labels); commas allowed, these are looked up as they are.
  'introduction', 'discussion', 'objectives', 'aim', 'aims', 'context', 'importance', 'design',
  'setting', 'participants', 'interventions', 'intervention', 'exposure', 'exposures', 'main outcome measures',
  'main outcomes and measures', 'measurements', 'observations', 'conclusions and relevance', 'relevance',
  'design, setting, and participants', 'design, setting and participants', 'patients and methods',
  'materials and methods', 'methods and results', 'case presentation', 'case report', 'limitations',
  'trial registration', 'evidence acquisition', 'evidence synthesis', 'meaning', 'significance',
]);

/** Asides written like labels ("Note: the patient declined...") that never start a section. */
const ASIDES = new Set(['note', 'notes', 'nb', 'ps', 'caution', 'warning', 'important', 'attention', 'reminder', 'fyi', 'remember', 'please note']);

/** First words of prose, not of a label: "He reports:", "The patient was given:", "Dr Smith:". */
const PROSE_STARTS = new Set([
  'he', 'she', 'they', 'we', 'i', 'it', 'you', 'this', 'that', 'these', 'those', 'the', 'a', 'an', 'his', 'her',
  'their', 'our', 'my', 'your', 'there', 'which', 'who', 'when', 'if', 'as', 'dr', 'mr', 'mrs', 'ms', 'per',
]);

/** Last words of prose that introduce a quotation or a list: "CT showed:", "Mother states:". */
const PROSE_ENDS = new Set([
  'showed', 'shows', 'revealed', 'reveals', 'demonstrated', 'demonstrates', 'reports', 'reported', 'states', 'stated',
  'notes', 'noted', 'said', 'says', 'was', 'were', 'is', 'are', 'includes', 'included', 'include', 'including',
  'following', 'follows', 'as', 'with', 'of', 'for', 'to', 'and', 'or',
]);

/** Small words that tell a phrase from a title-case label ("Overall impression of the family:"). */
const FUNCTION_WORDS = new Set(['the', 'a', 'an', 'of', 'to', 'in', 'on', 'at', 'with', 'for', 'from', 'by', 'was', 'were', 'is', 'are', 'has', 'had', 'be']);

/**
 * Whether the text before a colon at line start is a section label: a known section name
 * in any case; an all-capitals label of up to `maxCapsWords` words ("CHIEF COMPLAINT",
 * "A&P"); or a label of up to three words starting with a capital and without the small
 * words of a phrase ("Treatment", "Medications", "Past surgical history"). Never an aside
 * ("Note"), prose ("He reports", "CT showed"), or a number's end ("10:30", "NOTE 2:").
 */
function isLabel(raw: string, maxCapsWords: number, capitalsOnly = false, titleCase = false): boolean {
  const label = raw.trim().replace(/\s+/g, ' ');
  if (label.length === 0 || label.length > 60) return false;
  const lower = label.toLowerCase();
  if (KNOWN_SECTIONS.has(lower)) return true;
  if (ASIDES.has(lower) || /\p{N}$/u.test(label) || /[.,;!?"]/.test(label)) return false;
  const wordList = lower.split(' ');
  if (/^[A-Z &/\-]+$/.test(label)) {
    const letters = label.replace(/[^A-Z]/g, '').length;
    return letters >= 3 && wordList.length <= maxCapsWords;
  }
  if (capitalsOnly || PROSE_STARTS.has(wordList[0]) || PROSE_ENDS.has(wordList[wordList.length - 1])) return false;
  if (!UPPER.test(label)) return false;
  const wordOk = (w: string) => /^(?:[\p{L}][\p{L}\p{N}'+/&-]*|[&/])$/u.test(w);
  if (wordList.length <= 3 && wordList.every((w) => !FUNCTION_WORDS.has(w) && wordOk(w))) return true;
  // Title Case with small connectives, alone on its line: "Physical Examination on Admission:",
  // "Plan of Care:"; not "Overall impression of the family:". Before a value on the same line
  // such a label is a problem or finding of a list ("Chronic Obstructive Pulmonary Disease: on
  // 2L O2"), which must not replace the section (its historical or family role) it is in.
  if (!titleCase) return false;
  const words = label.split(' ');
  return words.length <= 6 && UPPER.test(words[words.length - 1]) && words.every((w) =>
    wordOk(w.toLowerCase()) && (UPPER.test(w) || CONNECTIVES.has(w) || w === '&' || w === '/'));
}

/** Lower-case words a Title Case label may hold. */
const CONNECTIVES = new Set(['of', 'on', 'in', 'at', 'to', 'for', 'with', 'from', 'by', 'and', 'or', 'the', 'a', 'an']);

/** Words after which a period never ends a sentence (they precede a name or continue it). */
const NEVER_SPLIT_AFTER = new Set([
  'Dr', 'Drs', 'Mr', 'Mrs', 'Ms', 'Prof', 'St', 'Pt',
  'vs', 'Vs', 'approx', 'Approx', 'Fig', 'fig', 'Figs', 'figs', 'al', 'cf', 'Cf',
  'e.g', 'E.g', 'i.e', 'I.e',
]);

/** Units and dosage words that often take a period mid-sentence ("500 mg. daily"). */
const DOSE_WORDS = new Set(['mg', 'mcg', 'kg', 'ml', 'mL', 'cc', 'tab', 'tabs', 'cap', 'caps']);

/** `b.i.d`, `p.o`, `q.d`, `a.m`, `p.r.n` (the final period already removed). */
const DOTTED_ABBREV = /^[A-Za-z]{1,3}(?:\.[A-Za-z0-9]{1,3})+$/;

/**
 * A list marker followed by whitespace (or nothing): `1.`, `12)`, `1.2.`, `(3)`, `b)`, `B)`,
 * `(ii)`, `iv)`, `I.`, `IV.`, and bullets: `-` `*` `#` (a problem in a problem-based plan:
 * "# CHF: diuresed") `•` `‣` `◦` `⁃` `–` `—` `·` `∙` `▪` `▫` `■` `□` `●` `○` `◆` `◇` `►` `▸`
 * `➢` `✓` `✔`, and U+F0B7 (the Symbol-font bullet of text pasted from Word). Not a single
 * letter and a period, nor a letter in parentheses: "a. fib", "v. tach", "e. coli", "(R)
 * knee", "(x) Fever" open lines with their own words. Not `+` nor `>`: "+ edema" is a finding.
 */
const LIST_MARKER = /^(?:\d{1,3}(?:\.\d{1,3})*[.)]|\((?:\d{1,3}|i|[ivx]{2,4})\)|[a-z]\)|[A-Z]\)|[ivx]{2,4}\)|(?:I|[IVX]{2,4})\.|[-*#\u2022\u2023\u25e6\u2043\u2013\u2014\u00b7\u2219\u25aa\u25ab\u25a0\u25a1\u25cf\u25cb\u25c6\u25c7\u25ba\u25b8\u27a2\u2713\u2714\uf0b7])(?=\s|$)/;

/** A markdown heading: `## Plan` (one `#` is a bullet, see LIST_MARKER); the hashes are no part of the header. */
const MARKDOWN_HEADING = /^#{2,6}[ \t]+/;

const UPPER = /^[\p{Lu}\p{Lt}]/u;
const LOWER = /^\p{Ll}/u;

const enum Ch {
  Tab = 0x09, LF = 0x0a, VT = 0x0b, FF = 0x0c, CR = 0x0d, Space = 0x20,
  Bang = 0x21, Quote = 0x22, Apos = 0x27, LParen = 0x28, RParen = 0x29, Star = 0x2a,
  Dot = 0x2e, Zero = 0x30, Nine = 0x39, Colon = 0x3a, Semi = 0x3b, Question = 0x3f,
  A = 0x41, Z = 0x5a, LBracket = 0x5b, RBracket = 0x5d, a = 0x61, z = 0x7a,
  LBrace = 0x7b, RBrace = 0x7d, Ellipsis = 0x2026,
}

/** Exactly the set String.prototype.trim() removes, so trimmed text stays trimmed. */
export function isWs(c: number): boolean {
  if (c <= Ch.Space) return c === Ch.Space || (c >= Ch.Tab && c <= Ch.CR);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 ||
    c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

function isCloser(c: number): boolean {
  return c === Ch.Quote || c === Ch.Apos || c === Ch.RParen || c === Ch.RBracket ||
    c === Ch.RBrace || c === 0x201d || c === 0x2019 || c === 0x00bb;
}

function isOpener(c: number): boolean {
  return c === Ch.Quote || c === Ch.Apos || c === Ch.LParen || c === Ch.LBracket ||
    c === Ch.LBrace || c === 0x201c || c === 0x2018 || c === 0x00ab;
}

function isUpperAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return c >= Ch.A && c <= Ch.Z;
  return UPPER.test(String.fromCodePoint(text.codePointAt(i)!));
}

/**
 * A word that starts a sentence: capitalised, or a mixed-case term that is written with
 * a lower-case first letter ("eGFR", "pH", "mRNA") and so can open a sentence as is.
 */
function startsCapitalised(text: string, k: number): boolean {
  if (isUpperAt(text, k)) return true;
  const c = text.charCodeAt(k);
  if (c < Ch.a || c > Ch.z) return false;
  const stop = Math.min(text.length, k + 4);
  for (let p = k + 1; p < stop; p++) {
    const d = text.charCodeAt(p);
    if (d >= Ch.A && d <= Ch.Z) return true;
    if (d < Ch.a || d > Ch.z) return false;
  }
  return false;
}

function isLowerAt(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 0x80) return c >= Ch.a && c <= Ch.z;
  return LOWER.test(String.fromCodePoint(text.codePointAt(i)!));
}

function isDigit(c: number): boolean {
  return c >= Ch.Zero && c <= Ch.Nine;
}

function normaliseSection(name: string): string {
  return name.trim().replace(/(?:\s*:)+$/, '').replace(/\s+/g, ' ').toLowerCase();
}

/**
 * True when a whole line (trimmed) is a section header: a label ending in a colon (e.g.
 * "Hospital Course:", "ASSESSMENT AND PLAN:", "Treatment:", not "He was given the
 * following:"; see isLabel) or all capitals with at least 3 letters and no sentence
 * punctuation at its end (e.g. "DISCHARGE SUMMARY", "PROGRESS NOTE - ENDOCRINOLOGY CLINIC").
 */
export function isHeaderLine(line: string): boolean {
  const t = line.trim();
  if (t.length === 0) return false;
  if (t.endsWith(':')) return isLabel(t.replace(/(?:\s*:)+$/, ''), 8, false, true);
  if (/[.!?;,]$/.test(t)) return false;
  // Capitalised medication lists ("1. ASPIRIN 81 MG DAILY") are items, not headers.
  if (LIST_MARKER.test(t)) return false;
  if (/\p{Ll}/u.test(t)) return false;
  // Capitals, not letters: a line in a script without case (CJK, Arabic) has no lower case either.
  const letters = t.match(/\p{Lu}/gu)?.length ?? 0;
  const digits = t.match(/\p{Nd}/gu)?.length ?? 0;
  // Vitals such as "BP 120/80 HR 98" are capitals too but mostly numbers.
  if (letters < 3 || letters <= digits) return false;
  // A long shouted line is prose, not a title.
  return t.split(/\s+/).length <= 10;
}

/**
 * Length of the inline label (up to and including its colon) at `pos`, or 0. On a
 * document's first line only section names and capitals count: a title names its subject
 * before a colon ("Wiskott-Aldrich syndrome: a review", "Kniest dysplasia: ..."); after a
 * list marker (`knownOnly`) only section names.
 */
function inlineLabelLength(text: string, pos: number, lineEnd: number, firstLine = false, knownOnly = false): number {
  const limit = Math.min(lineEnd, pos + 64);
  let colon = -1;
  for (let i = pos; i < limit; i++) {
    if (text.charCodeAt(i) === Ch.Colon) { colon = i; break; }
  }
  if (colon <= pos) return 0;
  // The label needs text after it on the same line; otherwise it is a header line.
  let k = colon + 1;
  while (k < lineEnd && isWs(text.charCodeAt(k))) k++;
  if (k >= lineEnd) return 0;
  const label = text.slice(pos, colon).trim();
  if (label.length === 0) return 0;
  if (KNOWN_SECTIONS.has(label.replace(/\s+/g, ' ').toLowerCase())) return colon + 1 - pos;
  // After a list marker only a section name is a section: "1. CHF: diurese" and "# AKI: hold
  // lisinopril" are problems of the assessment and plan, which they stay in.
  if (knownOnly) return 0;
  // A value after the colon makes a field, not a section: "BP: 120/80", "Admission Date:
  // [**2026-03-02**]", "Time: 10:30"; so does a colon inside a number ("10:30").
  if (isDigit(text.charCodeAt(k)) || text.startsWith('[**', k)) return 0;
  return isLabel(label, 6, firstLine) ? colon + 1 - pos : 0;
}

/**
 * A title: the document's first line, in capitals, that is not a section name ("MRI BRAIN
 * WITHOUT CONTRAST", "DISCHARGE SUMMARY"). It names the examination or the note, so it is
 * analysed like a sentence; it still starts a section of its own name.
 */
function isTitle(line: string): boolean {
  return !line.trim().endsWith(':') && !KNOWN_SECTIONS.has(normaliseSection(line));
}

function listMarkerEnd(text: string, pos: number, lineEnd: number): number {
  const m = LIST_MARKER.exec(text.slice(pos, Math.min(lineEnd, pos + 16)));
  if (!m) return pos;
  let k = pos + m[0].length;
  while (k < lineEnd && isWs(text.charCodeAt(k))) k++;
  // "# of drinks per week": a number sign, not a problem's bullet.
  if (m[0] === '#' && isLowerAt(text, k)) return pos;
  // A bullet and a number together ("# 2. AKI: IVF", "- 1) aspirin") are one marker.
  const next = /^\d{1,3}[.)](?=\s|$)/.exec(text.slice(k, Math.min(lineEnd, k + 5)));
  if (next && !/\d/.test(m[0])) {
    k += next[0].length;
    while (k < lineEnd && isWs(text.charCodeAt(k))) k++;
  }
  return k;
}

/**
 * Whether the sentence at `start` begins a list item: only a list marker (LIST_MARKER, as the
 * segmenter drops it) and blanks stand before it on its line. Relation units keep an item's
 * sentences together.
 */
export function startsListItem(text: string, start: number): boolean {
  // A marker and its blanks are short: look back no further than that.
  let a = start;
  while (a > 0 && start - a < 24 && text.charCodeAt(a - 1) !== Ch.LF && text.charCodeAt(a - 1) !== Ch.CR) a--;
  if (a > 0 && text.charCodeAt(a - 1) !== Ch.LF && text.charCodeAt(a - 1) !== Ch.CR) return false;
  while (a < start && (text.charCodeAt(a) === Ch.Space || text.charCodeAt(a) === Ch.Tab)) a++;
  if (a === start) return false;
  let lineEnd = start;
  while (lineEnd < text.length && text.charCodeAt(lineEnd) !== Ch.LF && text.charCodeAt(lineEnd) !== Ch.CR) lineEnd++;
  return listMarkerEnd(text, a, lineEnd) === start;
}

/** The word right before a period at `i`, without opening punctuation. */
function wordBefore(text: string, i: number, floor: number): string {
  let p = i - 1;
  const stop = Math.max(floor, i - 40);
  while (p >= stop && !isWs(text.charCodeAt(p))) p--;
  let s = p + 1;
  while (s < i && isOpener(text.charCodeAt(s))) s++;
  return text.slice(s, i);
}

/** Words that open sentences and are no names. */
const SENTENCE_STARTERS = new Set([
  'He', 'She', 'They', 'We', 'It', 'I', 'This', 'That', 'These', 'Those', 'The', 'There', 'His', 'Her', 'Their',
  'Our', 'Patient', 'Pt', 'No', 'In', 'On', 'At', 'If', 'When', 'After', 'Since',
]);

/** The ASCII word at `k` when a letter, space or punctuation other than `.` ends it; else ''. */
function wordAt(text: string, k: number): string {
  let e = k;
  while (e < text.length && e < k + 12 && isAsciiLetter(text.charCodeAt(e))) e++;
  return e < text.length && text.charCodeAt(e) === Ch.Dot ? '' : text.slice(k, e);
}

function isAsciiLetter(c: number): boolean {
  return (c >= Ch.A && c <= Ch.Z) || (c >= Ch.a && c <= Ch.z);
}

/** Whether the word that ends at `end` follows a number on the same line ("98.6 F"). */
function numberBefore(text: string, end: number, floor: number): boolean {
  let p = end - 1;
  if (p < floor || !isWs(text.charCodeAt(p))) return false;
  while (p >= floor && (text.charCodeAt(p) === Ch.Space || text.charCodeAt(p) === Ch.Tab)) p--;
  return p >= floor && isDigit(text.charCodeAt(p));
}

/** Whether the period at `i`, with the next sentence's first character at `k`, ends a sentence. */
function periodEnds(text: string, i: number, k: number, floor: number): boolean {
  const c = text.charCodeAt(k);
  const word = wordBefore(text, i, floor);
  if (NEVER_SPLIT_AFTER.has(word)) return false;
  // A single capital initial: "J. Smith". Not a unit after a number ("T 98.6 F. HR 88"), nor a
  // letter before a word that starts sentences, not names ("Hepatitis B. He is immune").
  if (word.length === 1 && word.charCodeAt(0) >= Ch.A && word.charCodeAt(0) <= Ch.Z &&
    !numberBefore(text, i - 1, floor) && !SENTENCE_STARTERS.has(wordAt(text, k))) return false;
  if ((word === 'No' || word === 'no') && isDigit(c)) return false;
  if (DOSE_WORDS.has(word) || DOTTED_ABBREV.test(word)) return startsCapitalised(text, k);
  return startsCapitalised(text, k) || isDigit(c) || isOpener(c);
}

export interface SegmentOptions {
  /**
   * The longest sentence (UTF-16 code units) kept whole: a longer one (a run-on line without
   * punctuation, a pasted table) is cut into consecutive pieces of at most this length
   * (splitLong). Undefined: no limit.
   */
  maxSentenceChars?: number;
  /** The section in effect where `text` starts (resegment.ts segments a slice of a document). */
  initialSection?: string;
  /** `text` is a slice that does not begin the document: its first line is no title. */
  notDocumentStart?: boolean;
}

/** Characters before which a cut reads as a clause boundary: `,` `;` `:` then whitespace. */
function isClauseEnd(c: number): boolean {
  return c === 0x2c || c === Ch.Semi || c === Ch.Colon;
}

/**
 * Cuts the trimmed span [a, b) of `text` into pieces of at most `max` code units, trimmed,
 * covering every non-whitespace character in order. Each cut is at whitespace: after a `,`
 * `;` or `:` when one lies in the second half of the window, else at the last whitespace in
 * the window; a word longer than `max` is cut inside, but never between the two halves of a
 * surrogate pair. Linear in b - a.
 */
export function splitLong(text: string, a: number, b: number, max: number): { start: number; end: number }[] {
  const limit = Math.max(2, Math.floor(max));
  const out: { start: number; end: number }[] = [];
  let s = a;
  while (s < b) {
    while (s < b && isWs(text.charCodeAt(s))) s++;
    if (s >= b) break;
    if (b - s <= limit) {
      out.push({ start: s, end: b });
      break;
    }
    const windowEnd = s + limit; // the piece is [s, cut) with cut <= windowEnd
    let cut = -1;
    let lastWs = -1;
    // Whitespace at windowEnd itself ends a piece of exactly `limit`.
    for (let p = windowEnd; p > s; p--) {
      if (!isWs(text.charCodeAt(p))) continue;
      if (isWs(text.charCodeAt(p - 1))) continue;
      if (lastWs < 0) lastWs = p;
      if (isClauseEnd(text.charCodeAt(p - 1))) {
        if (p - s >= limit / 2) cut = p;
        break;
      }
      if (p - s < limit / 2) break;
    }
    if (cut < 0) cut = lastWs;
    if (cut < 0) {
      // One word longer than the limit: cut inside it, not inside a surrogate pair.
      cut = windowEnd;
      const c = text.charCodeAt(cut - 1);
      if (c >= 0xd800 && c <= 0xdbff && cut - 1 > s) cut--;
    }
    let e = cut;
    while (e > s && isWs(text.charCodeAt(e - 1))) e--;
    out.push({ start: s, end: e });
    s = cut;
  }
  return out;
}

export function segment(text: string, options: SegmentOptions = {}): Segment[] {
  const out: Segment[] = [];
  const n = text.length;
  let section = options.initialSection ?? '';
  const max = options.maxSentenceChars;

  const push = (a: number, b: number, kind: SegmentKind): void => {
    while (a < b && isWs(text.charCodeAt(a))) a++;
    while (b > a && isWs(text.charCodeAt(b - 1))) b--;
    if (a >= b) return;
    if (kind === 'sentence' && max !== undefined && b - a > max) {
      for (const p of splitLong(text, a, b, max)) out.push({ start: p.start, end: p.end, text: text.slice(p.start, p.end), kind, section });
      return;
    }
    out.push({ start: a, end: b, text: text.slice(a, b), kind, section });
  };
  /** A header [a, b): its name is the section of what follows. */
  const header = (a: number, b: number, name = text.slice(a, b)): void => {
    section = normaliseSection(name);
    push(a, b, 'header');
  };

  // Pending run of prose: [runStart, runEnd), possibly over several wrapped lines.
  let runStart = -1;
  let runEnd = -1;
  // Last meaningful character of the run's last line, closers skipped (0 when none).
  let runLastChar = 0;
  // The run's last line ends with a comma or a word no sentence ends with (see OPEN_ENDS).
  let runOpen = false;

  const flush = (): void => {
    if (runStart >= 0) splitSentences(runStart, runEnd);
    runStart = -1;
  };

  // Next "**]" after the last "[**" seen (-2: not looked yet, -1: none left). Runs are
  // scanned in document order, so it only moves forward: linear even with unclosed "[**".
  let close = -2;

  const splitSentences = (rs: number, re: number): void => {
    let segStart = rs;
    for (let i = rs; i < re; i++) {
      const c = text.charCodeAt(i);
      if (c === Ch.LBracket && text.charCodeAt(i + 1) === Ch.Star && text.charCodeAt(i + 2) === Ch.Star) {
        if (close !== -1 && close < i + 3) close = text.indexOf('**]', i + 3);
        if (close !== -1 && close + 3 <= re) { i = close + 2; continue; }
        continue;
      }
      if (!isEndMark(c)) continue;
      let j = i + 1;
      while (j < re && isCloser(text.charCodeAt(j))) j++;
      if (j >= re || !isWs(text.charCodeAt(j))) continue;
      let k = j;
      while (k < re && isWs(text.charCodeAt(k))) k++;
      if (k >= re) break;
      const next = text.charCodeAt(k);
      const ends = c === Ch.Dot
        ? periodEnds(text, i, k, rs)
        : (startsCapitalised(text, k) || isDigit(next) || isOpener(next)) && !queryInAside(i, j, segStart);
      if (!ends) continue;
      push(segStart, j, 'sentence');
      segStart = k;
      i = k - 1;
      // A list run into one line ("Impression: 1. CHF. 2. AKI."): the marker is dropped, as at a line start.
      const lineEnd = lineEndFrom(k, re);
      let item = listMarkerEnd(text, k, lineEnd);
      // Only before a capitalised item: "11p15. 5) is one" keeps its "5)".
      if (item < lineEnd && !startsCapitalised(text, item)) item = k;
      // A structured abstract on one line: "... hepatoblastoma. METHODS: We reviewed ...".
      // Only section names: mid-line, "PT DENIES:" or "MOTHER STATES:" in a note written in
      // capitals is part of its sentence (and its trigger), not a section.
      const labelLen = item < lineEnd ? inlineLabelLength(text, item, lineEnd, false, true) : 0;
      if (labelLen > 0) header(item, item + labelLen);
      if (item !== k || labelLen > 0) {
        segStart = item + labelLen;
        i = segStart - 1;
      }
    }
    push(segStart, re, 'sentence');
  };

  /** The end of the line holding `k`, at most `re`; far enough to hold a label and its colon. */
  function lineEndFrom(k: number, re: number): number {
    let e = k;
    const stop = Math.min(re, k + 128);
    while (e < stop && text.charCodeAt(e) !== Ch.LF && text.charCodeAt(e) !== Ch.CR) e++;
    return e;
  }

  /**
   * Whether the `?` or `!` at `i`, closed by a `)` before `j`, is a query inside a parenthesis
   * that opened mid-sentence ("CXR (r/o PNA?) Pending."): the sentence goes on.
   */
  function queryInAside(i: number, j: number, segStart: number): boolean {
    let closed = false;
    for (let p = i + 1; p < j; p++) if (text.charCodeAt(p) === Ch.RParen) closed = true;
    if (!closed) return false;
    let depth = 0;
    for (let p = i - 1; p > segStart && p >= i - 200; p--) {
      const d = text.charCodeAt(p);
      if (d === Ch.RParen) depth++;
      else if (d === Ch.LParen && depth-- === 0) return true;
    }
    return false;
  }

  let lineStart = 0;
  while (lineStart <= n) {
    let lineEnd = lineStart;
    while (lineEnd < n) {
      const c = text.charCodeAt(lineEnd);
      if (c === Ch.LF || c === Ch.CR) break;
      lineEnd++;
    }
    let next = lineEnd;
    if (next < n) next += text.charCodeAt(next) === Ch.CR && text.charCodeAt(next + 1) === Ch.LF ? 2 : 1;
    else next = n + 1;

    let a = lineStart;
    let b = lineEnd;
    while (a < b && isWs(text.charCodeAt(a))) a++;
    while (b > a && isWs(text.charCodeAt(b - 1))) b--;

    // Where the line's text starts after a list marker (a, when it has none).
    const afterMarker = a === b ? a : listMarkerEnd(text, a, b);
    if (a === b) {
      flush();
    } else if (runStart >= 0 && !endsClause(runLastChar) && afterMarker === a &&
      (isLowerAt(text, a) || (runOpen && !startsSection(a, b)))) {
      // Wrapped prose: the previous line stopped mid-sentence, and this line goes on in lower
      // case, or after a comma or a word no sentence ends with ("transferred to the\nMICU").
      runEnd = b;
      runLastChar = lastChar(a, b);
      runOpen = endsOpen(a, b);
    } else {
      flush();
      const line = text.slice(a, b);
      const md = MARKDOWN_HEADING.exec(line);
      let mdEnd = b;
      if (md) {
        // Closing hashes ("## Plan ##") are no part of the name either.
        const close = /\s#+$/.exec(line);
        if (close) mdEnd = a + close.index;
        while (mdEnd > a && isWs(text.charCodeAt(mdEnd - 1))) mdEnd--;
      }
      if (md && /[\p{L}\p{N}]/u.test(text.slice(a + md[0].length, mdEnd))) {
        header(a + md[0].length, mdEnd);
      } else if (isHeaderLine(line)) {
        section = normaliseSection(line);
        push(a, b, out.length === 0 && !options.notDocumentStart && isTitle(line) ? 'sentence' : 'header');
      } else {
        let pos = afterMarker;
        const marked = afterMarker !== a;
        // A section name alone after a marker: "# HOSPITAL COURSE", "I. Past Medical History:"
        // (no section name is longer than a label).
        if (marked && pos < b && b - pos <= 64 && KNOWN_SECTIONS.has(normaliseSection(text.slice(pos, b)))) {
          header(pos, b);
          pos = b;
        }
        const labelLen = pos < b ? inlineLabelLength(text, pos, b, out.length === 0 && !options.notDocumentStart, marked) : 0;
        if (labelLen > 0) {
          header(pos, pos + labelLen);
          pos += labelLen;
          while (pos < b && isWs(text.charCodeAt(pos))) pos++;
          if (!marked) pos = listMarkerEnd(text, pos, b);
        }
        if (pos < b) {
          runStart = pos;
          runEnd = b;
          runLastChar = lastChar(pos, b);
          runOpen = endsOpen(pos, b);
        }
      }
    }
    lineStart = next;
  }
  flush();
  return out;

  /** Whether the line [a, b) starts a header, a labelled section or a markdown heading. */
  function startsSection(a: number, b: number): boolean {
    return MARKDOWN_HEADING.test(text.slice(a, Math.min(b, a + 8))) || isHeaderLine(text.slice(a, b)) ||
      inlineLabelLength(text, a, b) > 0;
  }

  function endsOpen(a: number, b: number): boolean {
    // Only a line as long as wrapped prose: terse lines ("Foley in", "Tele on") are items of their own.
    if (b - a < WRAPPED_LINE) return false;
    if (text.charCodeAt(b - 1) === 0x2c) return true;
    let p = b;
    while (p > a && isAsciiLetter(text.charCodeAt(p - 1))) p--;
    return p < b && (p === a || isWs(text.charCodeAt(p - 1))) && b - p <= 9 && OPEN_ENDS.has(text.slice(p, b));
  }

  function lastChar(a: number, b: number): number {
    let p = b - 1;
    while (p > a && isCloser(text.charCodeAt(p))) p--;
    return text.charCodeAt(p);
  }
}

/** The shortest line that may have been wrapped mid-sentence (editors and EHRs wrap at 60-80). */
const WRAPPED_LINE = 40;

/**
 * Words a line of prose does not end a sentence with: it was wrapped ("He was transferred to
 * the\nMICU"). Lower case only: "Hepatitis A" ends an item.
 */
const OPEN_ENDS = new Set([
  'a', 'an', 'the', 'of', 'to', 'in', 'on', 'at', 'with', 'without', 'for', 'from', 'by', 'and', 'or', 'but', 'nor',
  'as', 'was', 'were', 'is', 'are', 'be', 'been', 'had', 'has', 'have', 'his', 'her', 'their', 'its', 'than', 'into',
  'onto', 'per', 'via', 'which', 'who', 'whose', 'because', 'including', 'such',
]);

/** `.` `!` `?` `…`: what may end a sentence. */
function isEndMark(c: number): boolean {
  return c === Ch.Dot || c === Ch.Bang || c === Ch.Question || c === Ch.Ellipsis;
}

function endsClause(c: number): boolean {
  return isEndMark(c) || c === Ch.Colon || c === Ch.Semi;
}
