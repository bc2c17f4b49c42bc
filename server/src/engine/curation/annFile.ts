/**
 * The curation store's `.ann` file: BRAT standoff, one annotation a line.
 *
 * - `T<n>\t<type> <start> <end>\t<text>`: a curated (accepted or added) entity; a
 *   discontinuous one keeps its fragments (`16 21;22 26`, its text the fragments' joined by
 *   a space, as BRAT writes it).
 * - `R<n>\t<label> Arg1:T<a> Arg2:T<b>`: a curated relation.
 * - `A<n>\tNegated T<a>` (also `Possible`, `Historical`, `Hypothetical`) and
 *   `A<n>\tExperiencer T<a> Other`: the assertion statuses of a curated entity; the family
 *   status is `Experiencer` with any value but `Patient`.
 * - `N<n>\tReference T<a> <concept>\t<name>` (brat's normalisation line, `MESH:D001281`):
 *   the concept a curator gave a curated entity (accepted from the linker or chosen), one line
 *   per concept of a composite mention.
 * - `#<n>\tNoConcept T<a>\tno concept fits`: the curator decided that no concept fits the
 *   entity (a note, so no reader takes it for a concept; an entity with neither line is
 *   not reviewed for its link).
 * - `#<n>\tRejected <type>:<start>-<end>\t<text>`: a rejected suggestion. A note, not an
 *   entity, so that every BRAT reader (and `biomed eval`, `biomed agreement`) leaves it out
 *   of the gold; the `TYPE TARGET` layout of BRAT's note lines is kept, the target naming
 *   the span instead of an id.
 * - `#<n>\tRejectedRelation <label>:<hs>-<he>:<ts>-<te>\t<head text> -> <tail text>`: a
 *   rejected relation suggestion.
 * - `#<n>\tDeleted <type>:<start>-<end>\t<text>`: a curated entity whose text was deleted
 *   from the note (where it stood when that happened), kept so the work is not lost silently.
 * - Anything else (other notes, events, normalisations, other attributes, attributes and
 *   relations of entities that are not in the file) is kept verbatim and written back
 *   unchanged, after the lines above.
 */
import { BratAttribute, bratField, NO_CONCEPT, parseBrat } from '../formats/brat';
import { ATTRIBUTE, attributeStatus } from '../formats/bratDocument';
import { ASSERTION_STATUSES, AssertionStatus } from '../types';

export interface Fragment {
  start: number;
  end: number;
}

export interface CuratedEntity {
  id: string;
  type: string;
  /** The first fragment's start and the last one's end. */
  start: number;
  end: number;
  /** A discontinuous entity's fragments (two or more, in order); undefined for one span. */
  fragments?: Fragment[];
  /** The text at the offsets (fragments joined by a space) when last written or read (used to re-anchor, see store.ts). */
  text: string;
  statuses: AssertionStatus[];
  /** The curator's link decision: its concepts (one per part of a composite), [] for none fits; undefined: not reviewed. */
  link?: CuratedConcept[];
}

/** A concept as the `.ann` keeps it: its ID (`SOURCE:CODE`) and its name. */
export interface CuratedConcept {
  id: string;
  name: string;
}

export interface CuratedRelation {
  id: string;
  label: string;
  head: string;
  tail: string;
}

/** A rejected entity suggestion, or (kind deleted) a curated entity whose text is gone. */
export interface SpanNote {
  type: string;
  start: number;
  end: number;
  text: string;
}

export interface RejectedRelation {
  label: string;
  head: { start: number; end: number };
  tail: { start: number; end: number };
  text: string;
}

export interface CurationData {
  entities: CuratedEntity[];
  relations: CuratedRelation[];
  rejected: SpanNote[];
  rejectedRelations: RejectedRelation[];
  deleted: SpanNote[];
  /** Lines this store does not interpret, kept verbatim. */
  other: string[];
}

export const emptyCuration = (): CurationData => ({ entities: [], relations: [], rejected: [], rejectedRelations: [], deleted: [], other: [] });

const SPAN_NOTE = /^#\S*\t(Rejected|Deleted) (\S+):(\d+)-(\d+)\t?(.*)$/s;
const REL_NOTE = /^#\S*\tRejectedRelation (\S+):(\d+)-(\d+):(\d+)-(\d+)\t?(.*)$/s;
const NO_CONCEPT_NOTE = /^#\S*\tNoConcept (\S+) *(?:\t.*)?$/s;

/** The status an attribute line sets (as every BRAT reader of the project reads it); undefined for other or false ones, kept as written. */
function statusOf(a: Pick<BratAttribute, 'name' | 'value'>): AssertionStatus | undefined {
  const s = attributeStatus(a);
  return s && s[1] ? s[0] : undefined;
}

/** Reads a curation `.ann` (any line endings, a BOM). */
export function parseCuration(ann: string): CurationData {
  const data = emptyCuration();
  const body = ann.charCodeAt(0) === 0xfeff ? ann.slice(1) : ann;
  const byId = new Map<string, CuratedEntity>();
  const attributes: { target: string; status: AssertionStatus; line: string }[] = [];
  // Link decisions name their entity: placed once every T line is read (undefined concept: NoConcept).
  const links: { target: string; concept?: CuratedConcept; line: string }[] = [];
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') continue;
    let m: RegExpExecArray | null;
    if ((m = SPAN_NOTE.exec(line))) {
      const note = { type: m[2], start: Number(m[3]), end: Number(m[4]), text: m[5] };
      (m[1] === 'Rejected' ? data.rejected : data.deleted).push(note);
      continue;
    }
    if ((m = REL_NOTE.exec(line))) {
      data.rejectedRelations.push({
        label: m[1],
        head: { start: Number(m[2]), end: Number(m[3]) },
        tail: { start: Number(m[4]), end: Number(m[5]) },
        text: m[6],
      });
      continue;
    }
    if ((m = NO_CONCEPT_NOTE.exec(line))) {
      links.push({ target: m[1], line });
      continue;
    }
    const one = line.startsWith('#') ? undefined : parseBrat(line);
    const t = one?.entities[0];
    if (t && !byId.has(t.id)) {
      const spans = [...t.spans].sort((a, b) => a.start - b.start);
      const e: CuratedEntity = {
        id: t.id,
        type: t.type,
        start: spans[0].start,
        end: Math.max(...spans.map((s) => s.end)),
        ...(spans.length > 1 ? { fragments: spans.map(({ start, end }) => ({ start, end })) } : {}),
        text: t.text,
        statuses: [],
      };
      data.entities.push(e);
      byId.set(e.id, e);
      continue;
    }
    const r = one?.relations[0];
    if (r) {
      data.relations.push({ id: r.id, label: r.label, head: r.arg1, tail: r.arg2 });
      continue;
    }
    const n = one?.normalizations?.[0];
    if (n) {
      links.push({ target: n.target, concept: { id: n.concept, name: n.name }, line });
      continue;
    }
    const a = one?.attributes[0];
    const status = a && statusOf(a);
    if (a && status) {
      attributes.push({ target: a.target, status, line });
      continue;
    }
    data.other.push(line);
  }
  for (const { target, status, line } of attributes) {
    const e = byId.get(target);
    if (e && !e.statuses.includes(status)) e.statuses.push(status);
    // An attribute of an entity not in the file is someone's work all the same: kept as written.
    else if (!e) data.other.push(line);
  }
  // Concepts first, so a NoConcept note beside them is kept as written wherever it stands.
  for (const { target, concept, line } of [...links.filter((l) => l.concept), ...links.filter((l) => !l.concept)]) {
    const e = byId.get(target);
    // A decision on an entity not in the file, or "none" beside concepts: kept as written.
    if (!e || (concept === undefined && e.link !== undefined && e.link.length > 0)) data.other.push(line);
    else if (concept === undefined) e.link = [];
    else if (!e.link?.some((c) => c.id === concept.id)) e.link = [...(e.link ?? []), concept];
  }
  // Relations whose entities are missing are kept as other lines: nothing is dropped silently.
  data.relations = data.relations.filter((r) => {
    const ok = byId.has(r.head) && byId.has(r.tail);
    if (!ok) data.other.push(`${r.id}\t${r.label} Arg1:${r.head} Arg2:${r.tail}`);
    return ok;
  });
  return data;
}

/** Sets (a copy of) an entity's link decision; undefined clears it. */
export function setLink(e: CuratedEntity, concepts: readonly CuratedConcept[] | undefined): void {
  if (concepts) e.link = concepts.map((c) => ({ id: c.id, name: c.name }));
  else delete e.link;
}

/** An entity's spans: its fragments, or its one span. */
export const fragmentsOf = (e: Fragment & { fragments?: Fragment[] }): Fragment[] => e.fragments ?? [{ start: e.start, end: e.end }];

/** An entity's text in `noteText`: its fragments' texts joined by a space, as BRAT writes it. */
export const entityText = (e: Fragment & { fragments?: Fragment[] }, noteText: string): string =>
  fragmentsOf(e)
    .map((f) => noteText.slice(f.start, f.end))
    .join(' ');

/** The `.ann` text of the store's data against the note text (entity texts are taken from it). */
export function writeCuration(data: CurationData, noteText: string): string {
  const lines: string[] = [];
  const sorted = [...data.entities].sort((a, b) => a.start - b.start || a.end - b.end);
  for (const e of sorted) {
    const spans = fragmentsOf(e)
      .map((f) => `${f.start} ${f.end}`)
      .join(';');
    lines.push(`${e.id}\t${e.type} ${spans}\t${bratField(entityText(e, noteText))}`);
  }
  for (const r of data.relations) lines.push(`${r.id}\t${r.label} Arg1:${r.head} Arg2:${r.tail}`);
  // Ids of the lines kept verbatim are taken: ours skip them, so every id stays unique.
  const taken = new Set(data.other.map((l) => l.split('\t')[0]));
  const counters: Record<string, number> = {};
  const fresh = (prefix: string) => {
    let id: string;
    do id = `${prefix}${(counters[prefix] = (counters[prefix] ?? 0) + 1)}`;
    while (taken.has(id));
    return id;
  };
  for (const e of sorted) {
    for (const s of ASSERTION_STATUSES.filter((x) => e.statuses.includes(x))) {
      lines.push(`${fresh('A')}\t${ATTRIBUTE[s]} ${e.id}${s === 'family' ? ' Other' : ''}`);
    }
  }
  for (const e of sorted) {
    for (const c of e.link ?? []) lines.push(`${fresh('N')}\tReference ${e.id} ${c.id.replace(/\s/g, '_')}\t${bratField(c.name)}`);
    if (e.link?.length === 0) lines.push(`${fresh('#')}\t${NO_CONCEPT} ${e.id}\tno concept fits`);
  }
  for (const r of data.rejected) lines.push(`${fresh('#')}\tRejected ${r.type}:${r.start}-${r.end}\t${bratField(r.text)}`);
  for (const r of data.rejectedRelations)
    lines.push(`${fresh('#')}\tRejectedRelation ${r.label}:${r.head.start}-${r.head.end}:${r.tail.start}-${r.tail.end}\t${bratField(r.text)}`);
  for (const d of data.deleted) lines.push(`${fresh('#')}\tDeleted ${d.type}:${d.start}-${d.end}\t${bratField(d.text)}`);
  lines.push(...data.other);
  return lines.length ? lines.join('\n') + '\n' : '';
}
