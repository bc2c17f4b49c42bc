/**
 * `biomed report`'s numbers: annotated documents in, plain data out (the HTML is
 * reportHtml.ts). Documents are added one at a time, so a corpus is never held whole; only
 * the per-note rows and the concept counts grow with it.
 */
import { ASSERTION_STATUSES, AssertionStatus, formats, sectionOfSegment, segment } from '../engine';

const { statusesOf } = formats;
type AnnotatedDocument = formats.AnnotatedDocument;
type DocEntity = AnnotatedDocument['entities'][number];

/** The columns of the type table: no status set, then each status. */
export type StatusColumn = 'affirmed' | AssertionStatus;
export const STATUS_COLUMNS: readonly StatusColumn[] = ['affirmed', ...ASSERTION_STATUSES];

/** The section of text before any header (and of a text with none, such as an abstract). */
export const NO_SECTION = '(no section header)';

export interface TypeRow {
  type: string;
  total: number;
  /** An entity with two statuses (negated and historical) is counted under both. */
  byStatus: Record<StatusColumn, number>;
}

export interface ConceptRow {
  /** The concept ID when the entity was linked (annotate --vocab), else undefined: the mention's words stand for it. */
  id?: string;
  /** The vocabulary's name for a linked concept, else the commonest spelling of the mention. */
  name: string;
  type: string;
  total: number;
  affirmed: number;
  negated: number;
  /** Neither negated nor affirmed: possible, hypothetical, historical or family only. */
  other: number;
}

export interface SectionRow {
  name: string;
  documents: number;
  total: number;
  negated: number;
  byType: Record<string, number>;
}

export interface NoteRow {
  id: string;
  entities: number;
  negated: number;
  /** Distinct concepts (as the concept chart counts them). */
  concepts: number;
  relations: number;
}

export interface CorpusSummary {
  documents: number;
  entities: number;
  negated: number;
  relations: number;
  findings: number;
  /** Entity types, commonest first. */
  types: TypeRow[];
  /** The `top` commonest concepts, commonest first. */
  concepts: ConceptRow[];
  distinctConcepts: number;
  /** Sections with entities, commonest first. */
  sections: SectionRow[];
  /** In the order the documents were added. */
  notes: NoteRow[];
}

interface ConceptTally {
  id?: string;
  linkedName?: string;
  spellings: Map<string, number>;
  types: Map<string, number>;
  affirmed: number;
  negated: number;
  other: number;
}

const bump = <K>(m: Map<K, number>, k: K, n = 1) => m.set(k, (m.get(k) ?? 0) + n);
/** The most counted key; ties go to the first in code-unit order, so the result does not depend on reading order. */
const commonest = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))[0][0];
const words = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The concepts an entity counts for: its IDs when linked, else its type and words (case folded). */
function conceptKeys(e: DocEntity, type: string): { key: string; id?: string; name?: string }[] {
  if (e.ids && e.ids.length > 0) return e.ids.map((id) => ({ key: `id\u0000${id}`, id, name: e.concepts?.find((c) => c.id === id)?.name }));
  return [{ key: `text\u0000${type}\u0000${words(e.text).toLowerCase()}` }];
}

/** The section (canonical name where the vocabulary knows the header) of each offset, from the text's segments. */
function sectionFinder(text: string): (offset: number) => string {
  const segments = segment(text);
  return (offset) => {
    // The last segment that starts at or before the offset.
    let lo = 0;
    let hi = segments.length - 1;
    let at = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (segments[mid].start <= offset) {
        at = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const name = at < 0 ? '' : segments[at].section;
    return name === '' ? NO_SECTION : (sectionOfSegment(name) ?? name);
  };
}

export class CorpusTally {
  private documents = 0;
  private entities = 0;
  private negated = 0;
  private relations = 0;
  private findings = 0;
  private readonly types = new Map<string, TypeRow>();
  private readonly concepts = new Map<string, ConceptTally>();
  private readonly sections = new Map<string, SectionRow>();
  private readonly notes: NoteRow[] = [];

  add(doc: AnnotatedDocument): void {
    this.documents++;
    this.relations += doc.relations.length;
    this.findings += doc.findings?.length ?? 0;
    const note: NoteRow = { id: doc.id, entities: doc.entities.length, negated: 0, concepts: 0, relations: doc.relations.length };
    const noteConcepts = new Set<string>();
    const noteSections = new Set<string>();
    // Segmenting costs a pass over the text: only for documents with entities.
    const sectionAt = doc.entities.length > 0 ? sectionFinder(doc.text) : undefined;
    for (const e of doc.entities) {
      this.entities++;
      const type = e.type.toLowerCase();
      const statuses = statusesOf(e);
      const negated = statuses.includes('negated');
      if (negated) {
        this.negated++;
        note.negated++;
      }
      const row = this.types.get(type) ?? this.types.set(type, { type, total: 0, byStatus: emptyStatusCounts() }).get(type)!;
      row.total++;
      if (statuses.length === 0) row.byStatus.affirmed++;
      for (const s of statuses) row.byStatus[s]++;
      for (const k of conceptKeys(e, type)) {
        noteConcepts.add(k.key);
        const c =
          this.concepts.get(k.key) ??
          this.concepts.set(k.key, { id: k.id, spellings: new Map(), types: new Map(), affirmed: 0, negated: 0, other: 0 }).get(k.key)!;
        c.linkedName ??= k.name;
        bump(c.spellings, words(e.text));
        bump(c.types, type);
        if (negated) c.negated++;
        else if (statuses.length === 0) c.affirmed++;
        else c.other++;
      }
      const name = sectionAt!(e.start);
      const section = this.sections.get(name) ?? this.sections.set(name, { name, documents: 0, total: 0, negated: 0, byType: {} }).get(name)!;
      if (!noteSections.has(name)) section.documents++;
      noteSections.add(name);
      section.total++;
      if (negated) section.negated++;
      section.byType[type] = (section.byType[type] ?? 0) + 1;
    }
    note.concepts = noteConcepts.size;
    this.notes.push(note);
  }

  summary(top: number): CorpusSummary {
    const byCount =
      <T extends { total: number }>(key: (x: T) => string) =>
      (a: T, b: T) =>
        b.total - a.total || (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0);
    const concepts: ConceptRow[] = [...this.concepts.values()].map((c) => ({
      ...(c.id !== undefined ? { id: c.id } : {}),
      name: c.linkedName ?? commonest(c.spellings),
      type: commonest(c.types),
      total: c.affirmed + c.negated + c.other,
      affirmed: c.affirmed,
      negated: c.negated,
      other: c.other,
    }));
    return {
      documents: this.documents,
      entities: this.entities,
      negated: this.negated,
      relations: this.relations,
      findings: this.findings,
      types: [...this.types.values()].sort(byCount((t) => t.type)),
      concepts: concepts.sort(byCount((c) => `${c.name}\u0000${c.id ?? ''}`)).slice(0, top),
      distinctConcepts: concepts.length,
      sections: [...this.sections.values()].sort(byCount((s) => s.name)),
      notes: this.notes,
    };
  }
}

function emptyStatusCounts(): Record<StatusColumn, number> {
  return Object.fromEntries(STATUS_COLUMNS.map((s) => [s, 0])) as Record<StatusColumn, number>;
}
