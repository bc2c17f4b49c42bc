/**
 * The project's own JSON lines format: one document per line,
 * `{"id","text","entities":[{id,type,start,end,text,negated?,possible?,historical?,
 * hypothetical?,family?,ids?,concepts?:[{id,name,vocabulary,score,method,altIds?}],section?}],
 * "relations":[{id,label,head,tail,untrained?}],"findings":[{label,hypothesis:{start,end,text},
 * evidence:[{start,end,text}]}]}`, plus `"sentences"` and `"infons"` when the document has
 * them, and `"recorded": true` when its answers were recorded ones (engine recorded), no model's. Offsets are UTF-16 code units (JS string indices) into `text`, end exclusive.
 *
 * Writing always writes `entities`, `relations` and `findings` (empty arrays when none);
 * the assertion statuses / `ids` / `concepts` / `section` / `untrained` only when set (`concepts`
 * empty: linked, and no concept found; a concept lacking a string id or name is dropped on reading) (`possible` only: its old name
 * `uncertain` is no longer written, a 0.x change; reading either sets both). Reading is lenient: a line that is not a
 * JSON object with a string `text` is skipped (counted); inside a document, an entity with
 * offsets outside the text, a relation naming an entity the document lacks, a finding with
 * a label other than entailment / contradiction / neutral (labels are lower-cased) are
 * dropped (counted). An entity without `text` takes the slice at its offsets; a numeric id
 * becomes a string; a missing `id` becomes the line number from 1. An empty `findings`
 * array reads as no `findings` (undefined), like the other readers.
 */
import { ASSERTION_STATUSES } from '../types';
import {
  AnnotatedDocument,
  countSkip,
  DocConcept,
  DocEntity,
  DocFinding,
  DocRelation,
  DocSentence,
  DocToken,
  setStatus,
  SkipCounts,
  totalSkipped,
} from './document';

export interface JsonlReadResult {
  documents: AnnotatedDocument[];
  /** Lines skipped, plus entities, relations, findings and sentences dropped from documents. */
  skipped: number;
  /** What was skipped, by reason: bad JSON line, not a document, bad offset, malformed entity, dangling relation, invalid finding. */
  skips: SkipCounts;
}

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const idOf = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

function span(v: unknown, text: string): { start: number; end: number; text: string } | undefined {
  if (!isObj(v) || !isInt(v.start) || !isInt(v.end) || v.end < v.start || v.end > text.length) return undefined;
  return { start: v.start, end: v.end, text: typeof v.text === 'string' ? v.text : text.slice(v.start, v.end) };
}

function conceptOf(v: Json): DocConcept[] {
  if (typeof v.id !== 'string' || typeof v.name !== 'string') return [];
  const score = typeof v.score === 'number' && Number.isFinite(v.score) ? v.score : 0;
  const altIds = Array.isArray(v.altIds) ? v.altIds.filter((a): a is string => typeof a === 'string') : [];
  return [
    {
      id: v.id,
      name: v.name,
      vocabulary: typeof v.vocabulary === 'string' ? v.vocabulary : '',
      score,
      method: typeof v.method === 'string' ? v.method : '',
      ...(altIds.length ? { altIds } : {}),
    },
  ];
}

function readDocument(o: Json, line: number, skips: SkipCounts): AnnotatedDocument {
  const text = o.text as string;
  const entities: DocEntity[] = [];
  for (const v of Array.isArray(o.entities) ? o.entities : []) {
    const s = span(v, text);
    const id = isObj(v) ? idOf(v.id) : undefined;
    if (!s) {
      countSkip(skips, 'bad offset');
      continue;
    }
    if (id === undefined || !isObj(v) || typeof v.type !== 'string') {
      countSkip(skips, 'malformed entity');
      continue;
    }
    const e: DocEntity = { id, type: v.type, start: s.start, end: s.end, text: s.text };
    if (typeof v.uncertain === 'boolean') setStatus(e, 'uncertain', v.uncertain);
    for (const s of ASSERTION_STATUSES) if (typeof v[s] === 'boolean') setStatus(e, s, v[s] as boolean);
    if (Array.isArray(v.ids)) {
      const ids = v.ids.map(idOf).filter((x): x is string => x !== undefined);
      if (ids.length) e.ids = ids;
    }
    if (Array.isArray(v.concepts)) e.concepts = v.concepts.filter(isObj).flatMap(conceptOf);
    if (typeof v.section === 'string' && v.section) e.section = v.section;
    entities.push(e);
  }
  const known = new Set(entities.map((e) => e.id));
  const relations: DocRelation[] = [];
  for (const v of Array.isArray(o.relations) ? o.relations : []) {
    const r = isObj(v) ? { id: idOf(v.id), label: v.label, head: idOf(v.head), tail: idOf(v.tail) } : undefined;
    if (!r || r.id === undefined || typeof r.label !== 'string' || !known.has(r.head ?? '') || !known.has(r.tail ?? '')) {
      countSkip(skips, 'dangling relation');
      continue;
    }
    relations.push({ id: r.id, label: r.label, head: r.head!, tail: r.tail!, ...(isObj(v) && v.untrained === true ? { untrained: true } : {}) });
  }
  const findings: DocFinding[] = [];
  for (const v of Array.isArray(o.findings) ? o.findings : []) {
    const label = isObj(v) && typeof v.label === 'string' ? v.label.toLowerCase() : '';
    const hypothesis = isObj(v) ? span(v.hypothesis, text) : undefined;
    const evidence = isObj(v) && Array.isArray(v.evidence) ? v.evidence.map((e) => span(e, text)) : isObj(v) && v.evidence === undefined ? [] : undefined;
    if ((label !== 'entailment' && label !== 'contradiction' && label !== 'neutral') || !hypothesis || !evidence || evidence.some((e) => !e)) {
      countSkip(skips, 'invalid finding');
      continue;
    }
    findings.push({ label, hypothesis, evidence: evidence as DocFinding['evidence'] });
  }
  const doc: AnnotatedDocument = { id: idOf(o.id) ?? String(line), text, entities, relations };
  if (findings.length) doc.findings = findings;
  if (Array.isArray(o.sentences)) {
    const sentences: DocSentence[] = [];
    for (const v of o.sentences) {
      const s = span(v, text);
      if (!s || !isObj(v)) {
        countSkip(skips, 'bad offset');
        continue;
      }
      const sentence: DocSentence = { start: s.start, end: s.end };
      if (Array.isArray(v.tokens)) {
        const tokens = v.tokens.map((t) => span(t, text));
        if (tokens.some((t) => !t)) countSkip(skips, 'bad offset');
        else sentence.tokens = tokens as DocToken[];
      }
      sentences.push(sentence);
    }
    doc.sentences = sentences;
  }
  if (o.recorded === true) doc.recorded = true;
  if (isObj(o.infons)) {
    const infons: Record<string, string> = {};
    for (const [k, v] of Object.entries(o.infons)) if (typeof v === 'string') infons[k] = v;
    doc.infons = infons;
  }
  return doc;
}

/** Parses JSON lines, counting what it skips. */
export function parseJsonl(text: string): JsonlReadResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const documents: AnnotatedDocument[] = [];
  const skips: SkipCounts = {};
  body.split(/\r\n|\r|\n/).forEach((line, i) => {
    if (line.trim() === '') return;
    let o: unknown;
    try {
      o = JSON.parse(line);
    } catch {
      countSkip(skips, 'bad JSON line');
      return;
    }
    if (!isObj(o) || typeof o.text !== 'string') {
      countSkip(skips, 'not a document');
      return;
    }
    documents.push(readDocument(o, i + 1, skips));
  });
  return { documents, skipped: totalSkipped(skips), skips };
}

/** The documents of JSON lines text; malformed lines and parts are skipped. */
export function readJsonl(text: string): AnnotatedDocument[] {
  return parseJsonl(text).documents;
}

const spanOut = (s: { start: number; end: number; text: string }) => ({ start: s.start, end: s.end, text: s.text });

/** One line per document, `\n` line ends and a trailing newline ('' for no documents). */
export function writeJsonl(docs: AnnotatedDocument[]): string {
  const lines = docs.map((d) => {
    const o: Json = {
      id: d.id,
      text: d.text,
      entities: d.entities.map((e) => {
        const out: Json = { id: e.id, type: e.type, start: e.start, end: e.end, text: e.text };
        for (const s of ASSERTION_STATUSES) {
          const value = s === 'possible' ? (e.possible ?? e.uncertain) : e[s];
          if (value === undefined) continue;
          out[s] = value;
        }
        if (e.ids && e.ids.length) out.ids = [...e.ids];
        if (e.concepts)
          out.concepts = e.concepts.map((c) => ({
            id: c.id,
            name: c.name,
            vocabulary: c.vocabulary,
            score: c.score,
            method: c.method,
            ...(c.altIds?.length ? { altIds: [...c.altIds] } : {}),
          }));
        if (e.section) out.section = e.section;
        return out;
      }),
      relations: d.relations.map((r) => ({ id: r.id, label: r.label, head: r.head, tail: r.tail, ...(r.untrained ? { untrained: true } : {}) })),
      findings: (d.findings ?? []).map((f) => ({ label: f.label, hypothesis: spanOut(f.hypothesis), evidence: f.evidence.map(spanOut) })),
    };
    if (d.sentences) {
      o.sentences = d.sentences.map((s) => {
        const out: Json = { start: s.start, end: s.end };
        if (s.tokens) out.tokens = s.tokens.map(spanOut);
        return out;
      });
    }
    if (d.infons) o.infons = { ...d.infons };
    if (d.recorded) o.recorded = true;
    return JSON.stringify(o);
  });
  return lines.length ? lines.join('\n') + '\n' : '';
}
