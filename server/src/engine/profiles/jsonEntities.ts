/**
 * An entity answer of the json layout as models really write it. The request asks for
 * `{"entities":[{"text","type"}]}` (and Ollama holds a model to that schema), but a server
 * without schema support, or a model that ignores it, writes other shapes: other key names
 * (`name`, `category`), the entities grouped by type (`{"problem": ["..."]}`), pairs
 * (`[["aspirin", "treatment"]]`), a markdown table or a bulleted list, bare keys, and types
 * in its own words ("medication", "lab test", "diagnosis"). Each is read here; what no
 * reading finds stays unread, and the caller counts it.
 */
import { EntityType } from '../types';
import { firstJsonValue, objectList, salvageObjects, stringField, withoutReasoning } from '../text/lenientJson';

export interface RawEntity {
  text: string;
  type: string;
  statuses?: unknown;
}

const TEXT_KEYS = ['text', 'entity', 'mention', 'span', 'name', 'term'];
const TYPE_KEYS = ['type', 'entity_type', 'label', 'category', 'class', 'kind'];

/** An answered entity, also under the key names models use unasked (`entity`, `label`, ...). */
function rawEntity(e: unknown): RawEntity | undefined {
  if (Array.isArray(e)) return e.length >= 2 && typeof e[0] === 'string' && typeof e[1] === 'string' ? { text: e[0], type: e[1] } : undefined;
  if (typeof e !== 'object' || e === null) return undefined;
  const o = e as Record<string, unknown>;
  const text = stringField(o, TEXT_KEYS);
  const type = stringField(o, TYPE_KEYS);
  if (text === undefined || type === undefined) return undefined;
  return o.statuses === undefined ? { text, type } : { text, type, statuses: o.statuses };
}

/** Entities grouped by type: `{"problem": ["x", {"text": "y"}], "test": [...]}`. */
function groupedEntities(v: unknown): RawEntity[] | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const groups = Object.entries(v as Record<string, unknown>).filter(([, items]) => Array.isArray(items));
  if (groups.length === 0) return undefined;
  const out: RawEntity[] = [];
  for (const [type, items] of groups)
    for (const item of items as unknown[]) {
      const text =
        typeof item === 'string' ? item : typeof item === 'object' && item !== null ? stringField(item as Record<string, unknown>, TEXT_KEYS) : undefined;
      if (text !== undefined) out.push({ text, type });
    }
  return out;
}

/** The entities of one JSON value, in any of the shapes above, or undefined when it holds none of them. */
function entitiesOf(v: unknown): RawEntity[] | undefined {
  const list = objectList(v, 'entities');
  if (list) return list.map(rawEntity).filter((e): e is RawEntity => e !== undefined);
  if (Array.isArray(v) && v.length > 0 && v.every((e) => Array.isArray(e))) return v.map(rawEntity).filter((e): e is RawEntity => e !== undefined);
  const entities = (v as Record<string, unknown> | undefined)?.entities;
  if (entities === undefined && typeof v === 'object' && v !== null && !Array.isArray(v)) {
    // Another name for the list: `{"results": [{"text", "type"}]}`, `{"mentions": [...]}`.
    const named = Object.values(v).find((l) => Array.isArray(l) && l.some((e) => rawEntity(e) !== undefined && !Array.isArray(e)));
    if (named) return (named as unknown[]).map(rawEntity).filter((e): e is RawEntity => e !== undefined);
  }
  return groupedEntities(entities ?? v);
}

/** A markdown table row `| aspirin | treatment |` or a list item `- aspirin (treatment)`, `2. aspirin: treatment`. */
const TABLE_ROW = /^\s*\|\s*([^|]+?)\s*\|\s*([^|]+?)\s*\|/;
const LIST_ITEM = /^\s*(?:[-*•]|\d{1,3}[.)])\s+(.+?)\s*(?:\(([^()]+)\)|[:\u2013\u2014]\s*([^:]+?)|\s-\s+([^-]+?))\s*$/;

/** Entities written as a table or a list instead of JSON. */
function plainEntities(text: string): RawEntity[] {
  const out: RawEntity[] = [];
  for (const line of text.split('\n')) {
    const row = TABLE_ROW.exec(line);
    if (row) {
      if (!/^:?-+:?$/.test(row[1]) && !/^(?:type|category|label|entity type)$/i.test(row[2])) out.push({ text: row[1], type: row[2] });
      continue;
    }
    const item = LIST_ITEM.exec(line);
    if (item) out.push({ text: item[1].replace(/^["'*`]+|["'*`]+$/g, ''), type: item[2] ?? item[3] ?? item[4] });
  }
  return out;
}

/**
 * Reads the entities of an answer: code fences, prose around the JSON, loose JSON (single
 * quotes, trailing commas, bare keys), a reasoning block before it, the shapes above, or
 * JSON cut short (then every complete object is salvaged), else a table or list in prose.
 * `wellFormed`: a whole JSON value held them.
 */
export function extractEntities(answer: string): { entities: RawEntity[]; wellFormed: boolean } {
  const text = withoutReasoning(answer);
  const list = firstJsonValue(text, entitiesOf);
  if (list) return { entities: list, wellFormed: true };
  const salvaged = salvageObjects(text)
    .map(rawEntity)
    .filter((e): e is RawEntity => e !== undefined);
  return { entities: salvaged.length > 0 ? salvaged : plainEntities(text), wellFormed: false };
}

/** Types in a model's own words, by the type they are. */
const TYPE_WORDS: Record<string, EntityType> = {
  diagnosis: 'problem',
  disease: 'problem',
  disorder: 'problem',
  symptom: 'problem',
  sign: 'problem',
  finding: 'problem',
  condition: 'problem',
  complaint: 'problem',
  illness: 'problem',
  'medical problem': 'problem',
  'medical condition': 'problem',
  'clinical finding': 'problem',
  drug: 'treatment',
  medication: 'treatment',
  medicine: 'treatment',
  therapy: 'treatment',
  intervention: 'treatment',
  surgery: 'treatment',
  'therapeutic procedure': 'treatment',
  lab: 'test',
  'lab test': 'test',
  'laboratory test': 'test',
  'diagnostic test': 'test',
  'diagnostic procedure': 'test',
  imaging: 'test',
  investigation: 'test',
  examination: 'test',
  exam: 'test',
  measurement: 'test',
  compound: 'chemical',
  protein: 'gene',
  'gene product': 'gene',
};

/** A type word's plain form: lower case, spaces for `_`, no plural `s` ("Medications" is medication). */
function typeWord(raw: string): string {
  const word = raw
    .trim()
    .toLowerCase()
    .replace(/[_\s]+/g, ' ');
  return word.endsWith('diagnoses') ? word.slice(0, -2) + 'is' : word.replace(/(?<![siu])s$/, '');
}

/**
 * The entity type among `types` that an answered type names: the type itself, a word for it
 * ("medication" is a treatment where treatments are asked, "disease" a problem where
 * diseases are not), or one half of "Treatment/Medication"; undefined when none is asked.
 */
export function entityTypeFor(raw: string, types: readonly EntityType[]): EntityType | undefined {
  for (const part of [raw, ...raw.split(/[/,&]|\bor\b/)]) {
    const word = typeWord(part);
    if ((types as readonly string[]).includes(word)) return word as EntityType;
    const plain = TYPE_WORDS[word] ?? TYPE_WORDS[word.replace(/^(?:medical|clinical) /, '')];
    if (plain && types.includes(plain)) return plain;
  }
  return undefined;
}
