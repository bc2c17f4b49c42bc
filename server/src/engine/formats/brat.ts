/**
 * BRAT standoff annotations (`.ann` beside a `.txt`): text-bound entities (T), binary
 * relations (R), attributes (A, and the older M modifiers) and normalisations (N:
 * `N1\tReference T1 MESH:D001281\tAtrial Fibrillation`, brat's layout: the target, the
 * concept as `DB:ID`, the concept's name after a tab). Offsets are 0-based, end exclusive,
 * counted in UTF-16 code units of the text file (JS string indices).
 * One note is read: `#1\tNoConcept T1\t...`, this project's record that a curator decided no
 * concept fits T1 (a note, so brat shows it on T1 and no other reader takes it for a concept).
 * Events, other notes and anything unknown are skipped, as are malformed lines:
 * annotation files are often hand edited, and one bad line should not lose the rest.
 */
import { countSkip, SkipCounts } from './document';

export interface BratSpan {
  start: number;
  end: number;
}
export interface BratEntity {
  id: string;
  type: string;
  spans: BratSpan[];
  text: string;
}
export interface BratRelation {
  id: string;
  label: string;
  arg1: string;
  arg2: string;
}
export interface BratAttribute {
  id: string;
  name: string;
  target: string;
  value?: string;
}
/** `N<n>\tReference <target> <concept>\t<name>`: the concept is written whole (`MESH:D001281`). */
export interface BratNormalization {
  id: string;
  target: string;
  concept: string;
  name: string;
}
export interface BratDocument {
  entities: BratEntity[];
  relations: BratRelation[];
  attributes: BratAttribute[];
  /** Set only when the file has any (as `noConcept`). */
  normalizations?: BratNormalization[];
  /** Targets of `NoConcept` notes: a curator decided no concept fits them. */
  noConcept?: string[];
  /** The answers were recorded ones (engine recorded), no model's: a note on each entity says so. */
  recorded?: boolean;
}

/** The note type that records a decision that no concept fits an entity. */
export const NO_CONCEPT = 'NoConcept';

const ENTITY = /^(T\S*)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$/s;
const RELATION = /^(R\S*)\t(\S+) (\S+?):(\S+) (\S+?):(\S+)\s*$/;
const ATTRIBUTE = /^([AM]\S*)\t(\S+) (\S+)(?: (\S+))?\s*$/;
const NORMALIZATION = /^(N\S*)\t\S+ (\S+) (\S+) *(?:\t(.*))?$/s;
const NO_CONCEPT_NOTE = /^#\S*\tNoConcept (\S+) *(?:\t.*)?$/s;
/** The annotator note that marks an entity as a recorded answer (brat shows it on the entity). */
export const RECORDED_NOTE = "recorded answer, not a model's";
const RECORDED = /^#\S*\tAnnotatorNotes \S+\trecorded answer, not a model's\s*$/;

function parseSpans(field: string): BratSpan[] | undefined {
  const spans: BratSpan[] = [];
  for (const part of field.split(';')) {
    const [a, b] = part.trim().split(' ').map(Number);
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || a < 0 || b < a) return undefined;
    spans.push({ start: a, end: b });
  }
  return spans;
}

/**
 * The annotations of an .ann file. Lines that look like annotations this reader takes (T, R,
 * A, M) but are malformed are counted in `skips` when given (bad offset: a T line whose
 * offsets are not numbers or run backwards; malformed line: anything else unreadable);
 * events, normalisations, equivalences and notes are not corruption and are not counted.
 */
export function parseBrat(ann: string, skips?: SkipCounts): BratDocument {
  const doc: BratDocument = { entities: [], relations: [], attributes: [] };
  // A BOM would otherwise make the first id `\uFEFFT1`.
  const body = ann.charCodeAt(0) === 0xfeff ? ann.slice(1) : ann;
  for (const line of body.split(/\r\n|\r|\n/)) {
    let m: RegExpExecArray | null;
    if ((m = NO_CONCEPT_NOTE.exec(line))) (doc.noConcept ??= []).push(m[1]);
    if (RECORDED.test(line)) doc.recorded = true;
    if (line.trim() === '' || line.startsWith('#')) continue;
    if ((m = ENTITY.exec(line))) {
      const spans = parseSpans(m[3]);
      if (!spans) {
        if (skips) countSkip(skips, 'bad offset');
        continue;
      }
      doc.entities.push({ id: m[1], type: m[2], spans, text: m[4] ?? '' });
    } else if ((m = RELATION.exec(line))) {
      // Role names vary (Arg1/Arg2, Subject/Object): the first argument is arg1.
      doc.relations.push({ id: m[1], label: m[2], arg1: m[4], arg2: m[6] });
    } else if ((m = ATTRIBUTE.exec(line))) {
      const attr: BratAttribute = { id: m[1], name: m[2], target: m[3] };
      if (m[4] !== undefined) attr.value = m[4];
      doc.attributes.push(attr);
    } else if ((m = NORMALIZATION.exec(line))) {
      (doc.normalizations ??= []).push({ id: m[1], target: m[2], concept: m[3], name: m[4] ?? '' });
    } else if (skips && !/^[EN*]/.test(line)) {
      countSkip(skips, /^T\S*\t\S+ /.test(line) ? 'bad offset' : 'malformed line');
    }
    // E (events), * (equivalences), malformed N lines: skipped, not counted.
  }
  return doc;
}

/** A text as a field of an `.ann` line: a line break (CRLF too), tab or line/paragraph separator a space. */
export const bratField = (s: string) => s.replace(/\r\n|[\r\n\t\u2028\u2029]/g, ' ');

/** One line per annotation, `\n` line ends, a trailing newline (empty document: ''). */
export function writeBrat(doc: BratDocument): string {
  const lines: string[] = [];
  for (const e of doc.entities) {
    const spans = e.spans.map((s) => `${s.start} ${s.end}`).join(';');
    // A line break inside the text field would end the line: BRAT writes them as spaces.
    lines.push(`${e.id}\t${e.type} ${spans}\t${bratField(e.text)}`);
  }
  for (const r of doc.relations) lines.push(`${r.id}\t${r.label} Arg1:${r.arg1} Arg2:${r.arg2}`);
  for (const a of doc.attributes) {
    lines.push(`${a.id}\t${a.name} ${a.target}${a.value !== undefined ? ' ' + a.value : ''}`);
  }
  for (const n of doc.normalizations ?? []) lines.push(`${n.id}\tReference ${n.target} ${n.concept}\t${bratField(n.name)}`);
  (doc.noConcept ?? []).forEach((target, i) => lines.push(`#${i + 1}\t${NO_CONCEPT} ${target}\tno concept fits`));
  const notes = doc.noConcept?.length ?? 0;
  if (doc.recorded) doc.entities.forEach((e, i) => lines.push(`#${notes + i + 1}\tAnnotatorNotes ${e.id}\t${RECORDED_NOTE}`));
  return lines.length ? lines.join('\n') + '\n' : '';
}
