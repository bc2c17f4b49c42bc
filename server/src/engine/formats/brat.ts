/**
 * BRAT standoff annotations (`.ann` beside a `.txt`): text-bound entities (T), binary
 * relations (R) and attributes (A, and the older M modifiers). Offsets are 0-based,
 * end exclusive, counted in UTF-16 code units of the text file (JS string indices).
 * Events, normalisations, notes and anything unknown are skipped, as are malformed lines:
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
export interface BratDocument {
  entities: BratEntity[];
  relations: BratRelation[];
  attributes: BratAttribute[];
}

const ENTITY = /^(T\S*)\t(\S+) (\d+ \d+(?:;\d+ \d+)*)(?:\t(.*))?$/;
const RELATION = /^(R\S*)\t(\S+) (\S+?):(\S+) (\S+?):(\S+)\s*$/;
const ATTRIBUTE = /^([AM]\S*)\t(\S+) (\S+)(?: (\S+))?\s*$/;

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
    if (line.trim() === '' || line.startsWith('#')) continue;
    let m: RegExpExecArray | null;
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
    } else if (skips && !/^[EN*]/.test(line)) {
      countSkip(skips, /^T\S*\t\S+ /.test(line) ? 'bad offset' : 'malformed line');
    }
    // E (events), N (normalisations), * (equivalences): skipped, not counted.
  }
  return doc;
}

/** One line per annotation, `\n` line ends, a trailing newline (empty document: ''). */
export function writeBrat(doc: BratDocument): string {
  const lines: string[] = [];
  for (const e of doc.entities) {
    const spans = e.spans.map((s) => `${s.start} ${s.end}`).join(';');
    // A line break inside the text field would end the line: BRAT writes them as spaces.
    lines.push(`${e.id}\t${e.type} ${spans}\t${e.text.replace(/\r\n|\r|\n/g, ' ')}`);
  }
  for (const r of doc.relations) lines.push(`${r.id}\t${r.label} Arg1:${r.arg1} Arg2:${r.arg2}`);
  for (const a of doc.attributes) {
    lines.push(`${a.id}\t${a.name} ${a.target}${a.value !== undefined ? ' ' + a.value : ''}`);
  }
  return lines.length ? lines.join('\n') + '\n' : '';
}
