/**
 * The section vocabulary (sectionVocabulary.json): the headers each report type writes,
 * each mapped to one canonical section ("PMH", "Past Medical Hx" -> past medical history;
 * "EBL" -> estimated blood loss; "S:" -> subjective).
 *
 * Invariants (test/engine/text/sections.test.ts):
 *  - a header names exactly one canonical section, and each canonical section names itself;
 *  - a spelling variant names what its base names: "(s)"/"(es)" written after a word
 *    ("PROCEDURE(S) PERFORMED", "DIAGNOSIS(ES)"), and a plural or singular "s" on the last word
 *    ("Impressions", "Complication"), never anything else: lookup is by whole name;
 *  - a name of one letter (the SOAP labels S, O, A, P) is a section only in capitals.
 */
import VOCABULARY from './sectionVocabulary.json';

interface SectionEntry {
  in: string[];
  headers: string[];
}

const SECTIONS = VOCABULARY.sections as Record<string, SectionEntry>;

/** Every header of the vocabulary, lower case, to its canonical section. */
const CANONICAL = new Map<string, string>();
for (const [canonical, entry] of Object.entries(SECTIONS)) {
  CANONICAL.set(canonical, canonical);
  for (const header of entry.headers) CANONICAL.set(header, canonical);
}

/** Every header the vocabulary lists (lower case, as written there). */
export const SECTION_NAMES: ReadonlySet<string> = new Set(CANONICAL.keys());

/** The report types whose headers the vocabulary holds, by key ("operative": "operative and procedure report"). */
export const REPORT_TYPES: Readonly<Record<string, string>> = VOCABULARY.reportTypes;

/** The canonical sections and the report types that write each. */
export function canonicalSections(): { name: string; in: readonly string[]; headers: readonly string[] }[] {
  return Object.entries(SECTIONS).map(([name, e]) => ({ name, in: e.in, headers: e.headers }));
}

/** A name as headers are looked up: lower case, whitespace collapsed, no trailing colons. */
function key(name: string): string {
  return name
    .trim()
    .replace(/(?:\s*:)+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
}

/**
 * The canonical section a header names ("Past Medical Hx:" -> "past medical history"), or
 * undefined when the vocabulary has no such header. `name` as written: its case decides
 * whether a one-letter name (S, O, A, P) counts.
 */
export function sectionOf(name: string): string | undefined {
  const k = key(name);
  if (k.length === 1) return /^[A-Z]$/.test(name.trim().replace(/(?:\s*:)+$/, '')) ? CANONICAL.get(k) : undefined;
  return canonicalOfKey(k);
}

/**
 * The canonical section of a section as segments name it (Segment.section: lower case, no
 * colon; "p" for a "P:" header), or undefined.
 */
export function sectionOfSegment(section: string): string | undefined {
  return canonicalOfKey(key(section));
}

function canonicalOfKey(k: string): string | undefined {
  const direct = CANONICAL.get(k);
  if (direct !== undefined || k.length < 3) return direct;
  // "PROCEDURE(S) PERFORMED", "Diagnosis(es)": the name without the suffix, or with it written out.
  if (/\((?:e?s)\)/.test(k)) return CANONICAL.get(k.replace(/\((e?s)\)/g, '')) ?? CANONICAL.get(k.replace(/\((e?s)\)/g, '$1'));
  // A plural or singular last word: "Impressions", "Complication".
  return k.endsWith('s') ? CANONICAL.get(k.slice(0, -1)) : CANONICAL.get(k + 's');
}

/**
 * Sections that list their findings under labels of their own ("Liver: normal.", "Gen:
 * alert", "Femur: cemented"): there a label in Title Case before text on its line is a
 * field of the section, not a new one (labels in capitals still start one, as transcribed
 * reports write their headers).
 */
export const FIELD_SECTIONS: ReadonlySet<string> = new Set(VOCABULARY.fieldSections);

/**
 * Last words of a label that names a section rather than a problem, where a problem list
 * might hold it ("INTRAOPERATIVE CONSULTATION:", "Clinical Impression:").
 */
export const SECTION_TAILS: ReadonlySet<string> = new Set(VOCABULARY.problemLabelTails);

/**
 * The section an offset stands in, as outputs name it (annotate's JSON `section`, the CSV's
 * column, find's results): the canonical name when the vocabulary knows the header, else the
 * header as segments name it; undefined before any header. `segments` in text order.
 */
export function sectionAt(segments: readonly { start: number; section: string }[], offset: number): string | undefined {
  // The last segment starting at or before the offset (binary search: notes have thousands).
  let lo = 0;
  let hi = segments.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (segments[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const name = found >= 0 ? segments[found].section : '';
  return name ? (sectionOfSegment(name) ?? name) : undefined;
}
