/**
 * A BRAT `.txt` + `.ann` pair as an AnnotatedDocument and back, on top of brat.ts.
 *
 * Reading: text-bound annotations (T) become entities with their BRAT ids and types; a
 * discontinuous span is taken from the start of its first fragment to the end of its last;
 * the entity text is the text at those offsets. Entities whose offsets fall outside the
 * text are dropped. Relations (R) keep their ids and labels, the first argument is the
 * head and the second the tail; relations naming a dropped or unknown entity are dropped.
 * Attributes (names case-insensitive; a value of false / no / 0 sets false): `Negated` /
 * `Negation` set `negated`; `Possible` / `Uncertain` / `Uncertainty` / `Speculated` /
 * `Speculation` / `Hedged` set `possible` (and its old name `uncertain`); `Historical`,
 * `Hypothetical` and `Family` their statuses; `Experiencer` sets `family` unless its value is
 * `Patient`; `Temporality` with value `historical` sets historical, `hypothetical` / `not
 * particular` hypothetical. i2b2-style `Assertion`: `absent` sets negated, `possible` /
 * `uncertain` possible, `hypothetical` / `conditional` hypothetical,
 * `associated_with_someone_else` family. Other attributes are ignored.
 * Normalisations (N lines) set the target entity's `ids` (the concepts as written, in file
 * order; `MESH:D001281`); a `NoConcept` note on an entity without N lines sets `ids` to [].
 * The document has no findings and no infons.
 *
 * Writing: `txt` is the text unchanged; `ann` has a T line per entity (its id when it is a
 * BRAT T id, `T<n>` otherwise), an R line per relation (`Arg1`/`Arg2`; relations whose
 * entities are missing are left out) and the statuses as attributes `A<n>\tNegated T3`,
 * `Possible`, `Historical`, `Hypothetical`, and `A<n>\tExperiencer T3 Other` for family.
 * Entity `ids` are N lines, one per ID (a composite mention has several), with the concept's
 * name from `concepts` when the entity has them; `ids` = [] is a `#<n>\tNoConcept T3` note.
 * An ID without brat's `DB:` prefix (a corpus's bare `D001281`), findings and the untrained
 * mark of relations have no place in BRAT and are not written: bratOmissions counts them, so
 * a writer can say so.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bratTextsBeside, NoteReadError, noteNames } from '../noteFiles';
import { BratAttribute, BratEntity, BratNormalization, BratRelation, parseBrat, writeBrat } from './brat';
import { AssertionStatus } from '../types';
import { AnnotatedDocument, countSkip, DocEntity, DocRelation, setStatus, SkipCounts, statusesOf, totalSkipped } from './document';

/** The status an attribute sets, and to what; undefined for other attributes. */
export function attributeStatus(a: Pick<BratAttribute, 'name' | 'value'>): [AssertionStatus, boolean] | undefined {
  const name = a.name.toLowerCase();
  const value = a.value
    ?.trim()
    .toLowerCase()
    .replace(/[\s_]+/g, ' ');
  const truth = value === 'false' || value === 'no' || value === '0' ? false : true;
  if (name === 'assertion') {
    if (value === 'absent') return ['negated', true];
    if (value === 'possible' || value === 'uncertain') return ['possible', true];
    if (value === 'hypothetical' || value === 'conditional') return ['hypothetical', true];
    if (value === 'associated with someone else') return ['family', true];
    return undefined;
  }
  if (name === 'temporality') {
    if (value === 'historical') return ['historical', true];
    if (value === 'hypothetical' || value === 'not particular') return ['hypothetical', true];
    return undefined;
  }
  if (name === 'experiencer') return ['family', value !== 'patient'];
  if (/^negat(ed|ion)$/.test(name)) return ['negated', truth];
  if (/^(possible|uncertain|uncertainty|speculated|speculation|hedged)$/.test(name)) return ['possible', truth];
  if (name === 'historical' || name === 'hypothetical' || name === 'family') return [name, truth];
  return undefined;
}

/** The BRAT attribute name of each status (family is written as `Experiencer Other`). */
export const ATTRIBUTE: Record<AssertionStatus, string> = {
  negated: 'Negated',
  possible: 'Possible',
  historical: 'Historical',
  hypothetical: 'Hypothetical',
  family: 'Experiencer',
};

export interface BratReadResult {
  document: AnnotatedDocument;
  /** Annotation lines skipped. */
  skipped: number;
  /** The skipped lines by reason: bad offset, text mismatch (the T line's text is not the .txt at its offsets), duplicate id, dangling relation, malformed line. */
  skips: SkipCounts;
}

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();

/**
 * parseBratDocument over the first of `texts` (the same note counted two ways, see
 * noteFiles.ts bratTexts) that the `.ann`'s entity texts match best: fewest lines skipped.
 */
export function parseBratDocumentOf(id: string, texts: readonly string[], ann: string): BratReadResult {
  let best: BratReadResult | undefined;
  for (const text of texts) {
    // UTF-16 code units (JavaScript, Java: INCEpTION), then code points (Python: brat) where they differ.
    for (const codePoints of ASTRAL.test(text) ? [false, true] : [false]) {
      const read = parseBratDocument(id, text, ann, codePoints);
      if (!best || read.skipped < best.skipped) best = read;
      if (read.skipped === 0) return read;
    }
  }
  return best!;
}

/** A character outside the BMP (a surrogate pair): where code points and UTF-16 code units part. */
const ASTRAL = /[\uD800-\uDBFF][\uDC00-\uDFFF]/;

/**
 * The spans of a `.ann` read against `text`, in UTF-16 units: as written, or counted in code
 * points (Python's brat) when that is the reading more of their texts match. For readers of
 * `.ann` lines that parseBratDocumentOf does not read (the curation store's few-shot examples).
 */
export function inUtf16<S extends { start: number; end: number; text: string }>(text: string, spans: readonly S[]): readonly S[] {
  if (!ASTRAL.test(text)) return spans;
  const u16 = fromCodePoints(text);
  const converted = spans.map((s) => ({ ...s, start: u16(s.start), end: u16(s.end) }));
  const fits = (list: readonly S[]) => list.filter((s) => text.slice(s.start, s.end) === s.text).length;
  return fits(converted) > fits(spans) ? converted : spans;
}

/**
 * The UTF-16 offset of each code-point offset of `text` (the length at its end); beyond the
 * text stays beyond it (a bad offset for the reader to count).
 */
function fromCodePoints(text: string): (n: number) => number {
  const at: number[] = [];
  for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) at.push(i);
  at.push(text.length);
  return (n) => at[n] ?? text.length + 1;
}

/**
 * The document of a .txt + .ann pair, counting the annotations it skips. Offsets count UTF-16
 * code units, or with `codePoints` code points (as Python's brat does), turned into UTF-16.
 */
export function parseBratDocument(id: string, text: string, ann: string, codePoints = false): BratReadResult {
  const skips: SkipCounts = {};
  const brat = parseBrat(ann, skips);
  if (codePoints) {
    const u16 = fromCodePoints(text);
    for (const e of brat.entities) e.spans = e.spans.map((s) => ({ start: u16(s.start), end: u16(s.end) }));
  }
  const entities: DocEntity[] = [];
  const byId = new Map<string, DocEntity>();
  for (const e of brat.entities) {
    const start = Math.min(...e.spans.map((s) => s.start));
    const end = Math.max(...e.spans.map((s) => s.end));
    if (end > text.length) {
      countSkip(skips, 'bad offset');
      continue;
    }
    if (byId.has(e.id)) {
      countSkip(skips, 'duplicate id');
      continue;
    }
    // BRAT writes a discontinuous span's fragments joined by a space; some tools the whole span.
    if (
      e.text !== '' &&
      squash(e.text) !== squash(e.spans.map((s) => text.slice(s.start, s.end)).join(' ')) &&
      squash(e.text) !== squash(text.slice(start, end))
    ) {
      countSkip(skips, 'text mismatch');
      continue;
    }
    const entity: DocEntity = { id: e.id, type: e.type, start, end, text: text.slice(start, end) };
    entities.push(entity);
    byId.set(e.id, entity);
  }
  for (const a of brat.attributes) {
    const target = byId.get(a.target);
    if (!target) continue;
    const status = attributeStatus(a);
    if (status) setStatus(target, status[0], status[1]);
  }
  for (const n of brat.normalizations ?? []) {
    const target = byId.get(n.target);
    if (target) target.ids = [...(target.ids ?? []), n.concept];
  }
  for (const t of brat.noConcept ?? []) {
    const target = byId.get(t);
    if (target && target.ids === undefined) target.ids = [];
  }
  const kept = brat.relations.filter((r) => byId.has(r.arg1) && byId.has(r.arg2));
  if (kept.length < brat.relations.length) countSkip(skips, 'dangling relation', brat.relations.length - kept.length);
  const relations: DocRelation[] = kept.map((r) => ({ id: r.id, label: r.label, head: r.arg1, tail: r.arg2 }));
  const document: AnnotatedDocument = { id, text, entities, relations };
  if (brat.recorded) document.recorded = true;
  return { document, skipped: totalSkipped(skips), skips };
}

export function readBratDocument(id: string, text: string, ann: string): AnnotatedDocument {
  return parseBratDocument(id, text, ann).document;
}

const BRAT_ID = (prefix: string) => new RegExp(`^${prefix}\\S*$`);

/** Ids for the annotations: kept when valid and unique, else fresh `<prefix><n>`. */
function assignIds(ids: string[], prefix: string): string[] {
  const valid = BRAT_ID(prefix);
  const taken = new Set<string>();
  const keep = ids.map((id) => {
    const ok = valid.test(id) && !taken.has(id);
    if (ok) taken.add(id);
    return ok;
  });
  let n = 0;
  return ids.map((id, i) => {
    if (keep[i]) return id;
    let fresh: string;
    do fresh = `${prefix}${++n}`;
    while (taken.has(fresh));
    taken.add(fresh);
    return fresh;
  });
}

/** The `.txt` and `.ann` of a document, and what of it BRAT could not hold (`omitted`), for the caller to say. */
export function writeBratDocument(doc: AnnotatedDocument): { txt: string; ann: string; omitted: BratOmissions } {
  const tIds = assignIds(
    doc.entities.map((e) => e.id),
    'T',
  );
  const idMap = new Map<string, string>();
  doc.entities.forEach((e, i) => {
    if (!idMap.has(e.id)) idMap.set(e.id, tIds[i]);
  });
  const entities: BratEntity[] = doc.entities.map((e, i) => ({
    id: tIds[i],
    type: e.type.replace(/\s/g, '_') || 'Entity',
    spans: [{ start: e.start, end: e.end }],
    text: doc.text.slice(e.start, e.end),
  }));
  const rels = doc.relations.filter((r) => idMap.has(r.head) && idMap.has(r.tail));
  const rIds = assignIds(
    rels.map((r) => r.id),
    'R',
  );
  const relations: BratRelation[] = rels.map((r, i) => ({
    id: rIds[i],
    label: r.label.replace(/\s/g, '_') || 'Relation',
    arg1: idMap.get(r.head)!,
    arg2: idMap.get(r.tail)!,
  }));
  const attributes: BratAttribute[] = [];
  doc.entities.forEach((e, i) => {
    for (const s of statusesOf(e)) {
      attributes.push({ id: `A${attributes.length + 1}`, name: ATTRIBUTE[s], target: tIds[i], ...(s === 'family' ? { value: 'Other' } : {}) });
    }
  });
  const normalizations: BratNormalization[] = [];
  const noConcept: string[] = [];
  doc.entities.forEach((e, i) => {
    if (e.ids?.length === 0) noConcept.push(tIds[i]);
    for (const id of (e.ids ?? []).filter(hasDb)) {
      const name = e.concepts?.find((c) => c.id === id)?.name ?? '';
      normalizations.push({ id: `N${normalizations.length + 1}`, target: tIds[i], concept: id.replace(/\s/g, '_'), name });
    }
  });
  return { txt: doc.text, ann: writeBrat({ entities, relations, attributes, normalizations, noConcept, recorded: doc.recorded }), omitted: bratOmissions(doc) };
}

/** brat's N lines name a concept `DB:ID`: an ID without its source cannot be written. */
function hasDb(id: string): boolean {
  return /^[^:\s]+:\S/.test(id);
}

/** What writeBratDocument cannot write of a document, counted by kind. */
export interface BratOmissions {
  /** NLI findings. */
  findings: number;
  /** Identifiers of entities without brat's `DB:` prefix (a corpus's bare MeSH ids and the like). */
  identifiers: number;
  /** Relations' untrained mark (the relation itself is written). */
  untrained: number;
}

export function bratOmissions(doc: AnnotatedDocument): BratOmissions {
  return {
    findings: doc.findings?.length ?? 0,
    identifiers: doc.entities.reduce((n, e) => n + (e.ids ?? []).filter((id) => !hasDb(id)).length, 0),
    untrained: doc.relations.filter((r) => r.untrained).length,
  };
}

/** A `.ann` file read against the note beside it, or why it cannot be (`noNote`: none of the note names exists). */
export type BratFileRead = (BratReadResult & { problem?: undefined }) | { problem: string; noNote: boolean };

/**
 * The BRAT document of `annFile` (`id`: the document's ID) read against the note beside it,
 * found as the editor finds it (noteFiles.ts): counted as the editor counts it or, with a
 * byte order mark, as brat does, whichever the entity texts match. A note that is missing or
 * cannot be read as text is a `problem`, in words; any other error is thrown.
 */
export function readBratFile(annFile: string, id: string): BratFileRead {
  const stem = annFile.replace(/\.ann$/, '');
  let texts: string[] | undefined;
  try {
    texts = bratTextsBeside(stem);
  } catch (err) {
    if (err instanceof NoteReadError) return { problem: err.message, noNote: false };
    throw err;
  }
  if (texts === undefined) return { problem: `no ${noteNames(path.basename(stem))} beside it`, noNote: true };
  return parseBratDocumentOf(id, texts, fs.readFileSync(annFile, 'utf8'));
}
