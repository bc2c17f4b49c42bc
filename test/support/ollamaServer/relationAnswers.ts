/** The oracle's relation answers: a label per masked pair (medtuned layout) or per listed pair (json layout), from gold. */
import { canonicalType, CLINICAL_TYPES, GoldIndex, IndexedDoc } from './goldIndex';
import { JsonRelationQuery, stripMarkers } from './jsonLayout';
import { MASKS, MedtunedRelation, UNTRAINED_ANSWER } from './trainingLayout';

type RelationKind = 'clinical' | 'chemical-disease' | 'gene-disease' | 'chemical-gene';

/** The answer for "no relation", per kind of pair (written out here, not taken from the engine). */
const NO_RELATION: Record<RelationKind, string> = {
  clinical: 'No Relations',
  'chemical-disease': 'No Relations',
  'gene-disease': 'Negative',
  'chemical-gene': 'none',
};

/** For literature pairs the corpora's Arg1 has this type, Arg2 the other. */
const ARG1_TYPE: Record<Exclude<RelationKind, 'clinical'>, string> = {
  'chemical-disease': 'chemical',
  'gene-disease': 'gene',
  'chemical-gene': 'chemical',
};

/** The kind of a pair of (canonical) types; undefined for a pair no corpus annotates. */
function relationKind(a: string, b: string): RelationKind | undefined {
  if (CLINICAL_TYPES.includes(a) && CLINICAL_TYPES.includes(b)) return 'clinical';
  switch ([a, b].sort().join('+')) {
    case 'chemical+disease':
      return 'chemical-disease';
    case 'disease+gene':
      return 'gene-disease';
    case 'chemical+gene':
      return 'chemical-gene';
  }
  return undefined;
}

/** The i2b2-2010 gold label between the two mask-matched entities, else No Relations. */
export function medtunedRelation(gold: GoldIndex, q: MedtunedRelation): string {
  if (q.task !== 'clinical') return UNTRAINED_ANSWER.trim();
  const masks = q.tokens.filter((t) => t in MASKS).map((t) => MASKS[t]);
  if (masks.length !== 2) return NO_RELATION.clinical;
  for (const doc of gold.docs) {
    for (const start of walkStarts(doc, q.tokens[0])) {
      const found = walkMasked(doc, q.tokens, 0, start, []);
      if (found) return relationLabel(doc, 'clinical', found[0], masks[0], found[1], masks[1]);
    }
  }
  return NO_RELATION.clinical;
}

/** Offsets where a masked input may begin: tokens equal to its first word, or entities of its first mask's type. */
function walkStarts(doc: IndexedDoc, first: string | undefined): number[] {
  if (first === undefined) return [];
  const type = MASKS[first];
  if (type === undefined) return doc.tokens.filter((t) => t.text === first).map((t) => t.start);
  return doc.doc.entities.filter((e) => canonicalType(e.type) === type).map((e) => e.start);
}

/**
 * Walks the document from `pos` along the masked input: a word must be the next text
 * of the document (ending where a document token or a gold entity does: the client cuts
 * its words at mention boundaries), a mask must be a whole gold entity of its type
 * beginning there. Returns the entity indices the masks stood for.
 */
function walkMasked(doc: IndexedDoc, tokens: string[], k: number, pos: number, found: number[]): number[] | undefined {
  const text = doc.doc.text;
  while (pos < text.length && /\s/.test(text[pos])) pos++;
  if (k === tokens.length) return found;
  const tok = tokens[k];
  const type = MASKS[tok];
  if (type === undefined) {
    if (!text.startsWith(tok, pos)) return undefined;
    const end = pos + tok.length;
    if (!doc.tokenEnds.has(end) && !doc.entityStarts.has(end)) return undefined;
    return walkMasked(doc, tokens, k + 1, end, found);
  }
  for (const e of doc.entityStarts.get(pos) ?? []) {
    const entity = doc.doc.entities[e];
    if (canonicalType(entity.type) !== type || found.includes(e)) continue;
    const rest = walkMasked(doc, tokens, k + 1, entity.end, [...found, e]);
    if (rest) return rest;
  }
  return undefined;
}

/**
 * The label of a gold relation (left after noise) between entities a and b, asked as
 * types aType and bType: clinical pairs in either direction, literature pairs with Arg1
 * the chemical (chemical-disease, chemical-gene) or gene (gene-disease) and Arg2 the other.
 */
function relationLabel(doc: IndexedDoc, kind: RelationKind, a: number, aType: string, b: number, bType: string): string {
  let arg1 = a;
  let arg2 = b;
  if (kind !== 'clinical' && aType !== ARG1_TYPE[kind] && bType === ARG1_TYPE[kind]) [arg1, arg2] = [b, a];
  for (const r of doc.relations) {
    if (r.arg1 === arg1 && r.arg2 === arg2) return r.label;
    if (kind === 'clinical' && r.arg1 === arg2 && r.arg2 === arg1) return r.label;
  }
  return NO_RELATION[kind];
}

/** One `{pair, label}` per listed pair, in order. */
export function jsonRelation(gold: GoldIndex, q: JsonRelationQuery): string {
  const { text, spans } = stripMarkers(q.marked);
  const types = new Map<string, string>();
  for (const p of q.pairs) {
    types.set(p.head, p.headType);
    types.set(p.tail, p.tailType);
  }
  const found = gold.findMarked(text, spans, types);
  const relations = q.pairs.map((p) => {
    const kind = relationKind(p.headType, p.tailType);
    if (!kind) return { pair: p.id, label: NO_RELATION.clinical };
    // The first occurrence of the sentence where both marked spans are gold entities.
    for (const { doc, entities } of found) {
      const h = entities.get(p.head);
      const t = entities.get(p.tail);
      if (h !== undefined && t !== undefined && h !== t) {
        return { pair: p.id, label: relationLabel(doc, kind, h, p.headType, t, p.tailType) };
      }
    }
    return { pair: p.id, label: NO_RELATION[kind] };
  });
  return JSON.stringify({ relations });
}
