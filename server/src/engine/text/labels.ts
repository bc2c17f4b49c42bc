/**
 * Section labels, headers and list markers: what starts a section ("Assessment and Plan:",
 * "CHIEF COMPLAINT", "## Plan") and what starts a list item ("1.", "b)", "#", "-"). The
 * segmenter (segment.ts) asks these questions of each line; relation units ask whether a
 * sentence begins a list item. The word lists are segmentWords.json's.
 */
import { UPPER, Ch, isWs, isLowerAt, isDigit } from './chars';
import WORDS from './segmentWords.json';
import { SECTION_NAMES, sectionOf } from './sections';

/**
 * Section names (the section vocabulary's headers, sections.ts): labels accepted whatever
 * their case and length, and the all-capitals first lines that are headers rather than
 * titles (see `segment`). Spelling variants count ("PROCEDURE(S) PERFORMED", "Impressions").
 */
export function isKnownSection(name: string): boolean {
  return sectionOf(name) !== undefined;
}

/** The section vocabulary's headers as it lists them (lower case). */
export const KNOWN_SECTIONS = SECTION_NAMES;

/**
 * Words a line in capitals that is a header ends with (see isHeaderLine): those of the
 * common section names and of note and report titles ("PROGRESS NOTE", "RADIOLOGY REPORT").
 * Problem lists and findings are written in capitals too ("COPD", "NO EDEMA", "BREAST
 * CANCER"), so not every word of every section name is one: the whole names are known
 * sections anyway.
 */
const HEADER_WORDS = new Set(WORDS.headerWords);

/** What separates the words of a section's name ("past medical/surgical history", "a&p"). */
const NAME_WORD_GAP = /[\s,/&-]+/;

/** Asides written like labels ("Note: the patient declined...") that never start a section. */
export const ASIDES = new Set(WORDS.asides);

/** First words of prose, not of a label: "He reports:", "The patient was given:", "Dr Smith:". */
export const PROSE_STARTS = new Set(WORDS.proseStarts);

/** Last words of prose that introduce a quotation or a list: "CT showed:", "Mother states:". */
export const PROSE_ENDS = new Set(WORDS.proseEnds);

/** Small words that tell a phrase from a title-case label ("Overall impression of the family:"). */
export const FUNCTION_WORDS = new Set(WORDS.functionWords);

/**
 * Whether the text before a colon at line start is a section label: a known section name
 * in any case; an all-capitals label of up to `maxCapsWords` words ("CHIEF COMPLAINT",
 * "A&P"); or a label of up to three words starting with a capital and without the small
 * words of a phrase ("Treatment", "Medications", "Past surgical history"). Never an aside
 * ("Note"), prose ("He reports", "CT showed"), or a number's end ("10:30", "NOTE 2:").
 */
export function isLabel(raw: string, maxCapsWords: number, capitalsOnly = false, titleCase = false): boolean {
  const label = raw.trim().replace(/\s+/g, ' ');
  if (label.length === 0 || label.length > 60) return false;
  const lower = label.toLowerCase();
  if (isKnownSection(label)) return true;
  if (ASIDES.has(lower) || /\p{N}$/u.test(label) || /[.,;!?"]/.test(label)) return false;
  const wordList = lower.split(' ');
  if (/^[A-Z &/-]+$/.test(label)) {
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
  return (
    words.length <= 6 &&
    UPPER.test(words[words.length - 1]) &&
    words.every((w) => wordOk(w.toLowerCase()) && (UPPER.test(w) || CONNECTIVES.has(w) || w === '&' || w === '/'))
  );
}

/** Lower-case words a Title Case label may hold. */
export const CONNECTIVES = new Set(WORDS.connectives);

/**
 * A list marker followed by whitespace (or nothing): `1.`, `12)`, `1.2.`, `(3)`, `b)`, `B)`,
 * `(ii)`, `iv)`, `I.`, `IV.`, and bullets: `-` `*` `#` (a problem in a problem-based plan:
 * "# CHF: diuresed") `•` `‣` `◦` `⁃` `–` `—` `·` `∙` `▪` `▫` `■` `□` `●` `○` `◆` `◇` `►` `▸`
 * `➢` `✓` `✔`, and U+F0B7 (the Symbol-font bullet of text pasted from Word). Not a single
 * letter and a period, nor a letter in parentheses: "a. fib", "v. tach", "e. coli", "(R)
 * knee", "(x) Fever" open lines with their own words. Not `+` nor `>`: "+ edema" is a finding.
 */
export const LIST_MARKER =
  /^(?:\d{1,3}(?:\.\d{1,3})*[.)]|\((?:\d{1,3}|i|[ivx]{2,4})\)|[a-z]\)|[A-Z]\)|[ivx]{2,4}\)|(?:I|[IVX]{2,4})\.|[-*#\u2022\u2023\u25e6\u2043\u2013\u2014\u00b7\u2219\u25aa\u25ab\u25a0\u25a1\u25cf\u25cb\u25c6\u25c7\u25ba\u25b8\u27a2\u2713\u2714\uf0b7])(?=\s|$)/;

/** A markdown heading: `## Plan` (one `#` is a bullet, see LIST_MARKER); the hashes are no part of the header. */
export const MARKDOWN_HEADING = /^#{2,6}[ \t]+/;

/**
 * A section name as the configured names are matched: the short and symbol spellings of
 * "assessment and plan" written out ("A/P", "A&P", "Assessment & Plan", "Assessment/Plan"),
 * "&", "+" and "/" between two names read as "and".
 */
export function canonicalSection(name: string): string {
  const n = normaliseSection(name)
    .replace(/\s*(?:&|\+|\/)\s*/g, ' and ')
    .replace(/\s+/g, ' ');
  return n === 'a and p' ? 'assessment and plan' : n;
}

/**
 * A header's name: lower case, whitespace collapsed, without its colon, nor the markdown bold
 * around it ("**Plan:**") or a transcription's comma after it ("PLAN:,").
 */
export function normaliseSection(name: string): string {
  return name
    .trim()
    .replace(/^\*\*\s*/, '')
    .replace(/(?:\s*[:,*])+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/**
 * True when a whole line (trimmed) is a section header: a label ending in a colon (e.g.
 * "Hospital Course:", "ASSESSMENT AND PLAN:", "Treatment:", not "He was given the
 * following:"; see isLabel); a section's name alone in Title Case ("Physical Exam",
 * "Hospital Course", "HPI"); or all capitals with at least 3 letters, no sentence punctuation at
 * its end, and ending in a word sections are named with (e.g. "DISCHARGE SUMMARY",
 * "PROGRESS NOTE - ENDOCRINOLOGY CLINIC", "GI CONSULT"; not "COPD", "CHF", "MAJOR BLEEDING",
 * "FAMILY HISTORY OF CAD", "NO MURMUR PRESENT").
 */
export function isHeaderLine(line: string): boolean {
  // "RECOMMENDATION:," (a transcription artefact): the comma is no part of the label.
  const t = line.trim().replace(/:\s*,$/, ':');
  if (t.length === 0) return false;
  if (t.endsWith(':')) return isLabel(t.replace(/(?:\s*:)+$/, ''), 8, false, true);
  if (/[.!?;,]$/.test(t)) return false;
  // A section's name alone in Title Case ("Physical Exam", "Review of Systems"); in sentence
  // case ("Hospital course") it may be prose that wraps onto the next line.
  if (t.length > 1 && isKnownSection(t) && t.split(/\s+/).every((w) => WORDS.connectives.includes(w) || !/^\p{Ll}/u.test(w))) return true;
  // Capitalised medication lists ("1. ASPIRIN 81 MG DAILY") are items, not headers.
  if (LIST_MARKER.test(t)) return false;
  if (/\p{Ll}/u.test(t)) return false;
  // Capitals, not letters: a line in a script without case (CJK, Arabic) has no lower case either.
  const letters = t.match(/\p{Lu}/gu)?.length ?? 0;
  const digits = t.match(/\p{Nd}/gu)?.length ?? 0;
  // Vitals such as "BP 120/80 HR 98" are capitals too but mostly numbers.
  if (letters < 3 || letters <= digits) return false;
  // A long shouted line is prose, not a title.
  if (t.split(/\s+/).length > 10) return false;
  // A title ends in the word that says what it is: "… SUMMARY", "… CLINIC NOTE", "… CONSULT";
  // so does each part of one with a dash ("PROGRESS NOTE - GENERAL SURGERY").
  return t
    .toLowerCase()
    .split(/\s[-\u2013\u2014]\s/)
    .some((part) =>
      HEADER_WORDS.has(
        part
          .split(NAME_WORD_GAP)
          .filter((w) => w !== '')
          .pop() ?? '',
      ),
    );
}

/**
 * Length of the inline label (up to and including its colon) at `pos`, or 0. On a
 * document's first line only section names and capitals count: a title names its subject
 * before a colon ("Wiskott-Aldrich syndrome: a review", "Kniest dysplasia: ..."); after a
 * list marker (`knownOnly`) only section names.
 */
export function inlineLabelLength(text: string, pos: number, lineEnd: number, firstLine = false, knownOnly = false): number {
  const limit = Math.min(lineEnd, pos + 64);
  let colon = -1;
  for (let i = pos; i < limit; i++) {
    if (text.charCodeAt(i) === Ch.Colon) {
      colon = i;
      break;
    }
  }
  if (colon <= pos) return 0;
  // The label needs text after it on the same line; otherwise it is a header line.
  let k = colon + 1;
  while (k < lineEnd && isWs(text.charCodeAt(k))) k++;
  if (k >= lineEnd) return 0;
  const label = text.slice(pos, colon).trim();
  if (label.length === 0) return 0;
  // A one-letter section (the SOAP "S:", "O:", "A:", "P:") needs words after it: "P: 88" is a pulse.
  if (isKnownSection(label) && (label.length > 1 || /\p{L}/u.test(text.charAt(k)))) return colon + 1 - pos;
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
export function isTitle(line: string): boolean {
  return !line.trim().endsWith(':') && !isKnownSection(line);
}

export function listMarkerEnd(text: string, pos: number, lineEnd: number): number {
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
