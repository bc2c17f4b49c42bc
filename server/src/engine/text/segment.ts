/**
 * Sentence and section segmentation for clinical notes and abstracts.
 *
 * Offsets are UTF-16 code units into the original text (CRLF kept), so
 * `text.slice(s.start, s.end) === s.text` always holds. Every split point sits next
 * to punctuation of one code unit, whitespace or a line break, so a surrogate pair is never cut.
 * One pass over the lines, one pass over each run of prose: linear time.
 */
import { Ch, isWs, isCloser, isOpener, startsCapitalised, isLowerAt, isDigit, isAsciiLetter } from './chars';
import {
  canonicalSection,
  MARKDOWN_HEADING,
  normaliseSection,
  isHeaderLine,
  inlineLabelLength,
  isKnownSection,
  isLabel,
  isTitle,
  listMarkerEnd,
} from './labels';
import WORDS from './segmentWords.json';
import { gluedSentenceEnd, periodEnds } from './periods';
import { FIELD_SECTIONS, SECTION_TAILS, sectionOfSegment } from './sections';

export { isWs } from './chars';
export { isHeaderLine, isKnownSection, startsListItem } from './labels';

export type SegmentKind = 'sentence' | 'header';

export interface Segment {
  start: number; // UTF-16 offset in the document text, inclusive
  end: number; // exclusive; text.slice(start, end) === segment.text
  text: string; // never has leading/trailing whitespace; never empty
  kind: SegmentKind;
  /** Normalised name of the section this segment is in (the nearest header above, lower-case, without colon, whitespace collapsed), or '' before any header. A header segment's own section is its own name. */
  section: string;
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
        if (close !== -1 && close + 3 <= re) {
          i = close + 2;
          continue;
        }
        continue;
      }
      if (!isEndMark(c)) continue;
      let j = i + 1;
      while (j < re && isCloser(text.charCodeAt(j))) j++;
      if (c === Ch.Dot && j === i + 1 && gluedSentenceEnd(text, i, rs, re)) {
        // "No fever.Cough present.": typed on without a space.
        push(segStart, j, 'sentence');
        segStart = j;
        continue;
      }
      if (j >= re || !isWs(text.charCodeAt(j))) continue;
      let k = j;
      while (k < re && isWs(text.charCodeAt(k))) k++;
      if (k >= re) break;
      const next = text.charCodeAt(k);
      const ends =
        c === Ch.Dot ? periodEnds(text, i, k, rs, segStart) : (startsCapitalised(text, k) || isDigit(next) || isOpener(next)) && !queryInAside(i, j, segStart);
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
      const labelEnd = labelLen > 0 ? afterLabel(item + labelLen, lineEnd) : item;
      if (labelLen > 0) header(item, labelEnd);
      if (item !== k || labelLen > 0) {
        segStart = labelEnd;
        i = segStart - 1;
      }
    }
    push(segStart, re, 'sentence');
  };

  /**
   * Where a label's text starts after its colon at `p` (before `limit`): "DIAGNOSIS:, Pneumonia",
   * "Pre-op Dx:: tonsillitis" are artefacts of transcription, part of the header, not of its text.
   */
  function afterLabel(p: number, limit: number): number {
    while (p < limit && (isWs(text.charCodeAt(p)) || text.charCodeAt(p) === 0x2c || text.charCodeAt(p) === Ch.Colon)) p++;
    return p;
  }

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

  let bold: number | undefined;
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
    } else if (runStart >= 0 && !endsClause(runLastChar) && afterMarker === a && (isLowerAt(text, a) || (runOpen && !startsSection(a, b)))) {
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
      } else if ((bold = boldLabel(a, b)) !== undefined) {
        // "**Assessment:** improving", "**Plan**": markdown bold around the label.
        header(a, bold);
        if (bold < b) {
          runStart = bold;
          runEnd = b;
          runLastChar = lastChar(bold, b);
          runOpen = endsOpen(bold, b);
        }
      } else if (isHeaderLine(line) && !(inProblemSection(section) && isProblemLabel(line))) {
        section = normaliseSection(line);
        push(a, b, out.length === 0 && !options.notDocumentStart && isTitle(line) ? 'sentence' : 'header');
      } else {
        let pos = afterMarker;
        const marked = afterMarker !== a;
        // A section name alone after a marker: "# HOSPITAL COURSE", "I. Past Medical History:"
        // (no section name is longer than a label).
        if (marked && pos < b && b - pos <= 64 && isKnownSection(text.slice(pos, b))) {
          header(pos, b);
          pos = b;
        }
        // In an assessment and plan, "Pneumonia: improving on ceftriaxone." is a problem of it, not a section.
        let labelLen = pos < b ? inlineLabelLength(text, pos, b, out.length === 0 && !options.notDocumentStart, marked || inProblemSection(section)) : 0;
        if (labelLen > 0 && isFieldLabel(section, text.slice(pos, pos + labelLen))) labelLen = 0;
        if (labelLen > 0) {
          const end = afterLabel(pos + labelLen, b);
          header(pos, end);
          pos = end;
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

  /**
   * A label in markdown bold at the start of the line [a, b): "**Plan:** text", "**Plan**:
   * text", "**Plan**" alone: where the line's text goes on after it (the header runs from the
   * line's start to there; its name is normaliseSection's, without the asterisks). As for a
   * label without them, in a problem section only a section's name is one ("**CHF:** diurese"
   * is a problem of the plan).
   */
  function boldLabel(a: number, b: number): number | undefined {
    if (text.charCodeAt(a) !== Ch.Star || text.charCodeAt(a + 1) !== Ch.Star) return undefined;
    const close = text.indexOf('**', a + 2);
    if (close < 0 || close > Math.min(b, a + 66)) return undefined;
    let end = close;
    while (end > a + 2 && isWs(text.charCodeAt(end - 1))) end--;
    let next = close + 2;
    const colonInside = text.charCodeAt(end - 1) === Ch.Colon;
    if (!colonInside && text.charCodeAt(next) === Ch.Colon) next++;
    const name = text.slice(a + 2, colonInside ? end - 1 : end).trim();
    if (name.length === 0) return undefined;
    const colon = next > close + 2 || colonInside;
    while (next < b && (isWs(text.charCodeAt(next)) || text.charCodeAt(next) === 0x2c)) next++;
    const alone = next >= b;
    // "**Important** take it with food": emphasis, not a label.
    if (!alone && !colon) return undefined;
    const known = isKnownSection(name);
    if (!known && (inProblemSection(section) || (!alone && isFieldLabel(section, name)))) return undefined;
    const label = known || (alone ? isHeaderLine(name + ':') : isLabel(name, 6, false, true));
    return label ? next : undefined;
  }

  /** Whether the line [a, b) starts a header, a labelled section or a markdown heading. */
  function startsSection(a: number, b: number): boolean {
    return MARKDOWN_HEADING.test(text.slice(a, Math.min(b, a + 8))) || isHeaderLine(text.slice(a, b)) || inlineLabelLength(text, a, b) > 0;
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
const OPEN_ENDS = new Set(WORDS.openEnds);

/** `.` `!` `?` `…`: what may end a sentence. */
function isEndMark(c: number): boolean {
  return c === Ch.Dot || c === Ch.Bang || c === Ch.Question || c === Ch.Ellipsis;
}

function endsClause(c: number): boolean {
  return isEndMark(c) || c === Ch.Colon || c === Ch.Semi;
}

/** Sections that list problems by name ("Pneumonia: improving", "CHF:" over its plan): assessment, plan, impression, diagnoses, problem list, hospital course, a consultant's recommendations; by name or by the section vocabulary ("P:", "Dx:"). */
function inProblemSection(section: string): boolean {
  return PROBLEM_SECTION.test(canonicalSection(section)) || PROBLEM_SECTION.test(sectionOfSegment(section) ?? '');
}

const PROBLEM_SECTION = /\b(?:assessment|plan|impression|diagnos[ie]s|problem list|hospital course|recommendations)\b/;

/**
 * A label line ending in a colon that names no section: in a problem section, a problem
 * ("CHF:", "Atrial fibrillation:" over its plan). A header of any report type is never one
 * (the section vocabulary), nor a short label ending in a word that names a section rather
 * than a condition ("INTRAOPERATIVE CONSULTATION:", "Clinical Impression:"): where the two
 * cannot be told apart, the section wins.
 */
function isProblemLabel(line: string): boolean {
  const t = line.trim().replace(/:\s*,$/, ':');
  if (!t.endsWith(':') || isKnownSection(t)) return false;
  const words = normaliseSection(t).split(' ');
  return !(words.length <= 5 && SECTION_TAILS.has(words[words.length - 1]));
}

/**
 * A label that is a field of the section it stands in, not a section: in an examination or
 * a report's findings, a Title Case label that names no section ("Liver:", "Gen:", "Femur:").
 * Labels in capitals stay sections: transcribed reports write their headers so.
 */
function isFieldLabel(section: string, label: string): boolean {
  const canonical = sectionOfSegment(section);
  if (canonical === undefined || !FIELD_SECTIONS.has(canonical)) return false;
  return !isKnownSection(label) && /\p{Ll}/u.test(label);
}
