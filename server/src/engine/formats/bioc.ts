/**
 * BioC JSON: `{source, date, key, infons, documents: [{id, infons, passages: [{offset,
 * infons, text, annotations: [{id, infons: {type, identifier?}, text, locations: [{offset,
 * length}]}], relations: [{id, infons: {type}, nodes: [{refid, role}]}]}]}]}`, offsets at
 * document level, UTF-16 code units (JS string indices).
 *
 * Reading:
 * - the document text puts each passage's text at its offset, gaps filled with spaces; a
 *   passage that would overlap an earlier one is dropped (with its annotations). A passage
 *   without text takes its sentences' texts at their offsets, and their annotations and
 *   relations. A passage of type `title` at offset 0 sets `infons.title_length` (unless the
 *   document's infons have one), as PubTator does. Document infons are kept (values that
 *   are not strings are made strings; objects dropped); collection and passage infons are not.
 * - annotations become entities keeping their ids; `type` from infons.type, `ids` from
 *   infons.identifier (or `Identifier`, `MESH`), split on `|` and `,`; the assertion statuses
 *   `negated`, `possible` (or its old name `uncertain`), `historical`, `hypothetical`, `family`
 *   from infons of those names (`true` / `false`), and `experiencer` (any value but `patient`
 *   sets family). Several locations: the span
 *   from the first to the last; the entity text is then the text slice, else the
 *   annotation's `text` (the slice when it has none). Annotations without a usable location
 *   are skipped; missing or repeated ids are replaced by fresh ones.
 * - relations: label from infons.type (or `relation`); head and tail from the node roles
 *   `head`/`tail`, `Arg1`/`Arg2`, `Chemical`/`Disease` (case-insensitive), else the first
 *   and second node. A refid that is no annotation id is tried as a concept id (first
 *   entity with that identifier), so BioCreative CDR relations between concepts map too;
 *   so are relations without nodes whose infons hold `Chemical` and `Disease` ids.
 *   Relations that still cannot be mapped are skipped.
 * - NLI findings: annotations of type `nli_finding` (infons.label the NLI label) are the
 *   findings' hypotheses, annotations of type `nli_evidence` their evidence, linked by
 *   relations of type `nli_evidence` with nodes `hypothesis` and `evidence`; evidence in
 *   relation order. None of them become entities or relations.
 *
 * Writing: one collection; one passage at offset 0 holding the whole text (infons {}),
 * an annotation per entity (status infons written when set; `possible` only, no longer its
 * old name `uncertain`, a 0.x change; `identifier`
 * = ids joined with `|`), a relation per relation with nodes `head` / `tail`, and the
 * findings as above (one evidence annotation per finding and evidence span; their ids are
 * fresh `F`/`V`/`N` ids that no entity or relation uses). `sentences` are not written.
 * Compact JSON; `meta` fills source, date, key and the collection's infons (default '').
 */
import { ASSERTION_STATUSES } from '../types';
import { AnnotatedDocument, countSkip, DocEntity, DocFinding, DocRelation, setStatus, SkipCounts, totalSkipped } from './document';

export interface BioCMeta {
  source?: string;
  date?: string;
  key?: string;
  infons?: Record<string, string>;
}

export interface BioCReadResult {
  documents: AnnotatedDocument[];
  /** Passages, annotations and relations skipped as malformed or unmappable (0 for an unreadable file: documents is then empty). */
  skipped: number;
  /** What was skipped, by reason: bad JSON (the whole file), malformed document, overlapping passage, bad offset, malformed annotation, malformed relation, invalid label, unmapped relation. */
  skips: SkipCounts;
}

export const NLI_FINDING = 'nli_finding';
export const NLI_EVIDENCE = 'nli_evidence';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const int = (v: unknown): number | undefined => {
  const n = typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
};

function infonsOf(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(v)) return out;
  for (const [k, x] of Object.entries(v)) {
    if (typeof x === 'string') out[k] = x;
    else if (typeof x === 'number' || typeof x === 'boolean') out[k] = String(x);
  }
  return out;
}

function flag(v: string | undefined): boolean | undefined {
  if (v === undefined) return undefined;
  const s = v.trim().toLowerCase();
  if (s === 'true' || s === 'yes' || s === '1') return true;
  if (s === 'false' || s === 'no' || s === '0') return false;
  return undefined;
}

const splitIds = (s: string) =>
  s
    .split(/[|,]/)
    .map((x) => x.trim())
    .filter((x) => x !== '' && x !== '-1');

interface RawAnnotation {
  id: string;
  infons: Record<string, string>;
  text?: string;
  start: number;
  end: number;
}
interface RawRelation {
  id: string;
  infons: Record<string, string>;
  nodes: { refid: string; role: string }[];
}

function readDocument(d: Json, skips: SkipCounts): AnnotatedDocument {
  let text = '';
  const annotations: RawAnnotation[] = [];
  const relations: RawRelation[] = [];
  const infons = infonsOf(d.infons);
  let titleLength: number | undefined;

  const place = (offset: number, piece: string): boolean => {
    if (offset < text.length) return false;
    text += ' '.repeat(offset - text.length) + piece;
    return true;
  };
  const collect = (holder: Json) => {
    for (const a of arr(holder.annotations)) {
      if (!isObj(a)) {
        countSkip(skips, 'malformed annotation');
        continue;
      }
      const locs = arr(a.locations)
        .filter(isObj)
        .map((l) => ({ offset: int(l.offset), length: int(l.length) }))
        .filter((l): l is { offset: number; length: number } => l.offset !== undefined && l.length !== undefined);
      if (locs.length === 0 || locs.length !== arr(a.locations).length) {
        countSkip(skips, 'bad offset');
        continue;
      }
      const start = Math.min(...locs.map((l) => l.offset));
      const end = Math.max(...locs.map((l) => l.offset + l.length));
      const id = typeof a.id === 'string' || typeof a.id === 'number' ? String(a.id) : '';
      annotations.push({ id, infons: infonsOf(a.infons), text: locs.length === 1 && typeof a.text === 'string' ? a.text : undefined, start, end });
    }
    for (const r of arr(holder.relations)) {
      if (!isObj(r)) {
        countSkip(skips, 'malformed relation');
        continue;
      }
      const nodes = arr(r.nodes)
        .filter(isObj)
        .map((n) => ({ refid: String(n.refid ?? ''), role: typeof n.role === 'string' ? n.role : '' }));
      const id = typeof r.id === 'string' || typeof r.id === 'number' ? String(r.id) : '';
      relations.push({ id, infons: infonsOf(r.infons), nodes });
    }
  };

  for (const p of arr(d.passages)) {
    if (!isObj(p)) {
      countSkip(skips, 'malformed passage');
      continue;
    }
    const offset = int(p.offset) ?? (text.length ? text.length + 1 : 0);
    if (typeof p.text === 'string') {
      if (!place(offset, p.text)) {
        countSkip(skips, 'overlapping passage');
        continue;
      }
      const type = infonsOf(p.infons).type;
      if (offset === 0 && type?.toLowerCase() === 'title') titleLength = p.text.length;
    } else {
      for (const s of arr(p.sentences)) {
        if (!isObj(s)) continue;
        const so = int(s.offset);
        if (so === undefined || typeof s.text !== 'string' || !place(so, s.text)) {
          countSkip(skips, 'overlapping passage');
          continue;
        }
        collect(s);
      }
    }
    collect(p);
  }
  if (titleLength !== undefined && infons.title_length === undefined) infons.title_length = String(titleLength);

  // Annotations: findings' hypotheses, evidence, and entities.
  const used = new Set<string>();
  const entities: DocEntity[] = [];
  const byAnnotation = new Map<string, { kind: 'entity' | 'finding' | 'evidence'; index: number }>();
  const findingAnns: { id: string; label: DocFinding['label']; start: number; end: number; text: string }[] = [];
  const evidenceAnns = new Map<string, { start: number; end: number; text: string }>();
  let fresh = 0;
  for (const a of annotations) {
    if (a.end > text.length) {
      countSkip(skips, 'bad offset');
      continue;
    }
    const slice = text.slice(a.start, a.end);
    const surface = a.text ?? slice;
    let id = a.id;
    if (id === '' || used.has(id)) {
      do id = `T${++fresh}`;
      while (used.has(id) || annotations.some((x) => x.id === id));
    }
    used.add(id);
    const type = a.infons.type ?? a.infons.Type ?? '';
    if (type === NLI_FINDING) {
      const label = a.infons.label?.toLowerCase();
      if (label !== 'entailment' && label !== 'contradiction' && label !== 'neutral') {
        countSkip(skips, 'invalid label');
        continue;
      }
      findingAnns.push({ id, label, start: a.start, end: a.end, text: surface });
      if (!byAnnotation.has(a.id)) byAnnotation.set(a.id, { kind: 'finding', index: findingAnns.length - 1 });
      continue;
    }
    if (type === NLI_EVIDENCE) {
      if (!evidenceAnns.has(a.id)) evidenceAnns.set(a.id, { start: a.start, end: a.end, text: surface });
      if (!byAnnotation.has(a.id)) byAnnotation.set(a.id, { kind: 'evidence', index: 0 });
      continue;
    }
    const e: DocEntity = { id, type, start: a.start, end: a.end, text: surface };
    const identifier = a.infons.identifier ?? a.infons.Identifier ?? a.infons.MESH;
    const ids = identifier !== undefined ? splitIds(identifier) : [];
    if (ids.length) e.ids = ids;
    const uncertain = flag(a.infons.uncertain);
    if (uncertain !== undefined) setStatus(e, 'uncertain', uncertain);
    const experiencer = a.infons.experiencer?.trim().toLowerCase();
    if (experiencer) setStatus(e, 'family', experiencer !== 'patient');
    for (const s of ASSERTION_STATUSES) {
      const value = flag(a.infons[s]);
      if (value !== undefined) setStatus(e, s, value);
    }
    entities.push(e);
    if (!byAnnotation.has(a.id)) byAnnotation.set(a.id, { kind: 'entity', index: entities.length - 1 });
  }

  const entityOf = (ref: string): DocEntity | undefined => {
    const hit = byAnnotation.get(ref);
    if (hit) return hit.kind === 'entity' ? entities[hit.index] : undefined;
    return entities.find((e) => e.ids?.includes(ref));
  };
  const docRelations: DocRelation[] = [];
  const relIds = new Set<string>();
  const evidenceOf = new Map<number, { start: number; end: number; text: string }[]>();
  for (const r of relations) {
    const label = r.infons.type ?? r.infons.relation ?? r.infons.Type ?? '';
    const role = (re: RegExp) => r.nodes.find((n) => re.test(n.role));
    if (label === NLI_EVIDENCE) {
      const h = byAnnotation.get(role(/^hypothesis$/i)?.refid ?? '');
      const evRef = role(/^evidence$/i)?.refid ?? '';
      const ev = evidenceAnns.get(evRef);
      if (!h || h.kind !== 'finding' || !ev) {
        countSkip(skips, 'unmapped relation');
        continue;
      }
      const list = evidenceOf.get(h.index) ?? [];
      list.push({ ...ev });
      evidenceOf.set(h.index, list);
      continue;
    }
    let headRef = (role(/^(head|arg1|chemical)$/i) ?? (r.nodes.length === 2 ? r.nodes[0] : undefined))?.refid;
    let tailRef = (role(/^(tail|arg2|disease)$/i) ?? (r.nodes.length === 2 ? r.nodes[1] : undefined))?.refid;
    if (r.nodes.length === 0 && r.infons.Chemical !== undefined && r.infons.Disease !== undefined) {
      headRef = r.infons.Chemical;
      tailRef = r.infons.Disease;
    }
    const head = headRef !== undefined ? entityOf(headRef) : undefined;
    const tail = tailRef !== undefined ? entityOf(tailRef) : undefined;
    if (!head || !tail) {
      countSkip(skips, 'unmapped relation');
      continue;
    }
    docRelations.push({ id: r.id, label, head: head.id, tail: tail.id });
  }
  // Relation ids: the BioC ids, fresh ones where missing or repeated.
  let fr = 0;
  for (const r of docRelations) {
    if (r.id === '' || relIds.has(r.id)) {
      let id: string;
      do id = `R${++fr}`;
      while (relIds.has(id) || docRelations.some((x) => x.id === id));
      r.id = id;
    }
    relIds.add(r.id);
  }

  const doc: AnnotatedDocument = {
    id: typeof d.id === 'string' || typeof d.id === 'number' ? String(d.id) : '',
    text,
    entities,
    relations: docRelations,
  };
  if (findingAnns.length) {
    doc.findings = findingAnns.map((f, i) => ({
      label: f.label,
      hypothesis: { start: f.start, end: f.end, text: f.text },
      evidence: evidenceOf.get(i) ?? [],
    }));
  }
  if (Object.keys(infons).length) doc.infons = infons;
  return doc;
}

/** Parses a BioC JSON collection (or a bare document, or an array of documents), counting what it skips. */
export function parseBioC(json: string): BioCReadResult {
  let root: unknown;
  try {
    root = JSON.parse(json.charCodeAt(0) === 0xfeff ? json.slice(1) : json);
  } catch {
    // Not counted in `skipped` (nothing was read to skip), but reported.
    return { documents: [], skipped: 0, skips: { 'bad JSON': 1 } };
  }
  const skips: SkipCounts = {};
  const docs = documentsOf(root);
  // Neither a collection, a document nor a list of them: said, never read as an empty corpus.
  if (!docs) return { documents: [], skipped: 0, skips: { 'not BioC JSON': 1 } };
  const documents: AnnotatedDocument[] = [];
  for (const d of docs) {
    if (isObj(d)) documents.push(readDocument(d, skips));
    else countSkip(skips, 'malformed document');
  }
  return { documents, skipped: totalSkipped(skips), skips };
}

/**
 * The documents of a BioC JSON value: a collection (`{"documents": [...]}`), one document
 * (`{"passages": [...]}`), PubTator3's export (`{"PubTator3": [...]}`), or a list of
 * documents or of collections (the NCBI BioC API's answer); undefined for anything else.
 */
function documentsOf(root: unknown): unknown[] | undefined {
  if (Array.isArray(root)) return root.flatMap((d) => (isObj(d) && Array.isArray(d.documents) && !Array.isArray(d.passages) ? d.documents : [d]));
  if (!isObj(root)) return undefined;
  if (Array.isArray(root.documents)) return root.documents;
  if (Array.isArray(root.passages)) return [root];
  if (Array.isArray(root.PubTator3)) return root.PubTator3;
  return undefined;
}

/** The documents of a BioC JSON collection; unreadable JSON gives none, malformed parts are skipped. */
export function readBioC(json: string): AnnotatedDocument[] {
  return parseBioC(json).documents;
}

function freshIds(prefix: string, used: Set<string>): () => string {
  let n = 0;
  return () => {
    let id: string;
    do id = `${prefix}${++n}`;
    while (used.has(id));
    used.add(id);
    return id;
  };
}

const location = (start: number, end: number) => [{ offset: start, length: end - start }];

function writeDocument(doc: AnnotatedDocument): Json {
  const used = new Set<string>([...doc.entities.map((e) => e.id), ...doc.relations.map((r) => r.id)]);
  const annotations: Json[] = doc.entities.map((e) => {
    const infons: Record<string, string> = { type: e.type };
    if (e.ids && e.ids.length) infons.identifier = e.ids.join('|');
    for (const s of ASSERTION_STATUSES) {
      const value = s === 'possible' ? (e.possible ?? e.uncertain) : e[s];
      if (value === undefined) continue;
      infons[s] = String(value);
    }
    return { id: e.id, infons, text: e.text, locations: location(e.start, e.end) };
  });
  const relations: Json[] = doc.relations.map((r) => ({
    id: r.id,
    infons: { type: r.label },
    nodes: [
      { refid: r.head, role: 'head' },
      { refid: r.tail, role: 'tail' },
    ],
  }));
  const findingId = freshIds('F', used);
  const evidenceId = freshIds('V', used);
  const relationId = freshIds('N', used);
  for (const f of doc.findings ?? []) {
    const fid = findingId();
    annotations.push({
      id: fid,
      infons: { type: NLI_FINDING, label: f.label },
      text: f.hypothesis.text,
      locations: location(f.hypothesis.start, f.hypothesis.end),
    });
    for (const ev of f.evidence) {
      const vid = evidenceId();
      annotations.push({ id: vid, infons: { type: NLI_EVIDENCE }, text: ev.text, locations: location(ev.start, ev.end) });
      relations.push({
        id: relationId(),
        infons: { type: NLI_EVIDENCE },
        nodes: [
          { refid: fid, role: 'hypothesis' },
          { refid: vid, role: 'evidence' },
        ],
      });
    }
  }
  return {
    id: doc.id,
    infons: { ...(doc.infons ?? {}) },
    passages: [{ offset: 0, infons: {}, text: doc.text, sentences: [], annotations, relations }],
    relations: [],
  };
}

/** A BioC JSON collection holding the documents, one passage each. */
export function writeBioC(docs: AnnotatedDocument[], meta: BioCMeta = {}): string {
  return JSON.stringify({
    source: meta.source ?? '',
    date: meta.date ?? '',
    key: meta.key ?? '',
    infons: { ...(meta.infons ?? {}) },
    documents: docs.map(writeDocument),
  });
}
