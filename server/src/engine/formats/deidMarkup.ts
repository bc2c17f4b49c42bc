/**
 * BioC JSON and i2b2 2014 XML documents de-identified in their own layout (`biomed deid`;
 * deidLayouts.ts says what moves and what is counted).
 * - BioC: each passage's text (or, in a passage without text, each sentence's) replaced,
 *   the passages' and sentences' offsets moved so that they still point at their text in the
 *   document, each annotation's locations moved and its `text` read again; infons, relations
 *   and the collection's fields copied. A relation naming a dropped annotation is dropped.
 * - i2b2 2014: the `<TEXT>` (CDATA or escaped) replaced, each element of `<TAGS>` moved
 *   (`start`, `end`, and `text` read again); the rest of the file copied. The tags are moved,
 *   not used: detectPhi decides what is replaced. A file cut short (no `<TEXT>` closed, a
 *   `<TAGS>` not closed, no closing tag at its end) is refused whole (I2b2Unreadable), as is
 *   a file with no `<TEXT>` (BioC XML among them, which is not read here).
 */
import { countSkip, SkipCounts } from './document';
import { countOverlaps, DeidText, movePieces, Moved, NO_OFFSETS, PAST_TEXT, Piece } from './deidLayouts';

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;

/** A BioC JSON file's documents, and the file written again around new ones (in the same order). */
export interface BioCFile {
  documents: Json[];
  write(documents: readonly Json[]): string;
}

/**
 * The documents of a BioC JSON file as biomed annotate finds them (a collection, one
 * document, PubTator3's export, a list of documents or collections); a string saying why
 * when the file is not BioC JSON (cut short, say). Entries that are no object are dropped (counted).
 */
export function splitBioC(text: string, skips: SkipCounts): BioCFile | string {
  let root: unknown;
  try {
    root = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return `not JSON (cut short?): ${(err as Error).message}`;
  }
  const holders: unknown[][] = [];
  const docsOf = (a: unknown[]): unknown[] => {
    const kept = a.filter((d) => isObj(d) || (countSkip(skips, 'entries that are no document (dropped)'), false));
    holders.push(kept);
    return kept;
  };
  let top: unknown;
  if (Array.isArray(root))
    top = root.map((d) => (isObj(d) && Array.isArray(d.documents) && !Array.isArray(d.passages) ? { ...d, documents: docsOf(d.documents) } : d));
  else if (isObj(root) && Array.isArray(root.documents)) top = { ...root, documents: docsOf(root.documents) };
  else if (isObj(root) && Array.isArray(root.passages)) top = root;
  else if (isObj(root) && Array.isArray(root.PubTator3)) top = { ...root, PubTator3: docsOf(root.PubTator3) };
  else return 'not BioC JSON (no documents nor passages)';
  if (Array.isArray(top)) {
    // Documents at the top (not in a collection) are a holder of their own, in place.
    const loose = top.filter((d) => !(isObj(d) && Array.isArray(d.documents) && !Array.isArray(d.passages)));
    if (loose.some((d) => !isObj(d))) return 'not BioC JSON (a list of things other than documents)';
    holders.push(loose);
  }
  const documents = (top === root && !Array.isArray(root) ? [root] : holders.flat()) as Json[];
  return {
    documents,
    write(docs) {
      if (top === root && !Array.isArray(root)) return JSON.stringify(docs[0]);
      const swap = new Map<unknown, Json>(documents.map((d, i) => [d, docs[i]]));
      const put = (a: unknown[]) => a.map((d) => swap.get(d) ?? d);
      if (Array.isArray(top))
        return JSON.stringify(
          top.map((d) => (isObj(d) && Array.isArray(d.documents) && !Array.isArray(d.passages) ? { ...d, documents: put(d.documents) } : swap.get(d))),
        );
      const t = top as Json;
      return JSON.stringify(Array.isArray(t.documents) ? { ...t, documents: put(t.documents) } : { ...t, PubTator3: put(t.PubTator3 as unknown[]) });
    },
  };
}

/** The patient a BioC document names: its infon `patient`. */
export function biocPatient(d: Json): string | undefined {
  const p = isObj(d.infons) ? d.infons.patient : undefined;
  return typeof p === 'string' || typeof p === 'number' ? String(p) : undefined;
}

/** One BioC document de-identified (see the file comment). */
export function deidBioCDocument(d: Json, deid: DeidText, skips: SkipCounts): Json {
  const passages = (Array.isArray(d.passages) ? d.passages : []).filter((p): p is Json => {
    if (isObj(p) && isNum(p.offset)) return true;
    countSkip(skips, 'passages without a numeric offset (dropped)');
    return false;
  });
  const pieces: Piece[] = [];
  const sentencesOf = (p: Json) => (Array.isArray(p.sentences) ? p.sentences.filter(isObj) : []);
  for (const p of passages) {
    if (typeof p.text === 'string') pieces.push({ offset: p.offset as number, text: p.text });
    else for (const s of sentencesOf(p)) if (isNum(s.offset) && typeof s.text === 'string') pieces.push({ offset: s.offset, text: s.text });
  }
  const m = movePieces(pieces, deid);
  const newPiece = new Map<unknown, Piece>();
  let i = 0;
  for (const p of passages) {
    if (typeof p.text === 'string') newPiece.set(p, m.pieces[i++]);
    else for (const s of sentencesOf(p)) if (isNum(s.offset) && typeof s.text === 'string') newPiece.set(s, m.pieces[i++]);
  }
  const extents: { start: number; end: number }[] = [];
  const dropped = new Set<string>();
  const annotations = (v: unknown) => (Array.isArray(v) ? v.flatMap((a) => moveAnnotation(a, m, skips, extents, dropped)) : v);
  /** A passage or sentence at its new offset, with its text (its own, or read again) and annotations. */
  const place = (x: Json): Json => {
    const own = newPiece.get(x);
    const offset = own ? own.offset : (m.map(x.offset as number, 'start') ?? x.offset);
    const out: Json = { ...x, offset };
    if (own) out.text = own.text;
    else if (typeof x.text === 'string' && isNum(x.offset)) out.text = m.slice(offset as number, m.map(x.offset + x.text.length, 'end') ?? (offset as number));
    if ('annotations' in x) out.annotations = annotations(x.annotations);
    if (Array.isArray(x.sentences)) out.sentences = x.sentences.map((s) => (isObj(s) && isNum(s.offset) ? place(s) : s));
    return out;
  };
  const out: Json = { ...d, passages: passages.map(place) };
  countOverlaps(extents, skips);
  if (dropped.size) {
    const refs = (r: Json) => (Array.isArray(r.nodes) ? r.nodes.filter(isObj).map((n) => String(n.refid)) : []);
    const keep = (rs: unknown) =>
      Array.isArray(rs)
        ? rs.filter((r) => !(isObj(r) && refs(r).some((id) => dropped.has(id)) && (countSkip(skips, 'relations of a dropped annotation (dropped)'), true)))
        : rs;
    if ('relations' in d) out.relations = keep(d.relations);
    out.passages = (out.passages as Json[]).map((p) => ('relations' in p ? { ...p, relations: keep(p.relations) } : p));
  }
  return out;
}

function moveAnnotation(a: unknown, m: Moved, skips: SkipCounts, extents: { start: number; end: number }[], dropped: Set<string>): Json[] {
  if (!isObj(a)) return [];
  const locations = Array.isArray(a.locations) ? a.locations : [];
  const moved = locations.map((l) => {
    if (!isObj(l) || !isNum(l.offset) || !isNum(l.length)) return undefined;
    const start = m.map(l.offset, 'start');
    const end = m.map(l.offset + l.length, 'end');
    return start === undefined || end === undefined ? undefined : { old: { start: l.offset, end: l.offset + l.length }, start, end: Math.max(start, end), l };
  });
  if (!moved.length || moved.some((x) => x === undefined)) {
    countSkip(
      skips,
      moved.some((x, i) => x === undefined && isObj(locations[i]) && isNum(locations[i].offset) && isNum(locations[i].length)) ? PAST_TEXT : NO_OFFSETS,
    );
    if (a.id !== undefined) dropped.add(String(a.id));
    return [];
  }
  const ok = moved as NonNullable<(typeof moved)[number]>[];
  extents.push({ start: Math.min(...ok.map((x) => x.old.start)), end: Math.max(...ok.map((x) => x.old.end)) });
  const out: Json = { ...a, locations: ok.map((x) => ({ ...x.l, offset: x.start, length: x.end - x.start })) };
  if ('text' in a) out.text = ok.map((x) => m.slice(x.start, x.end)).join(' ');
  return [out];
}

/** An i2b2 XML file cut short, or no i2b2 XML: refused whole. */
export class I2b2Unreadable extends Error {}

const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');
const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : +e.slice(1))
      : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()],
  );

/** An i2b2 2014 XML note de-identified (see the file comment). */
export function deidI2b2Xml(xml: string, deid: DeidText, skips: SkipCounts): string {
  const t = /(<TEXT>\s*<!\[CDATA\[)([\s\S]*?)(\]\]>\s*<\/TEXT>)/.exec(xml) ?? /(<TEXT>)([\s\S]*?)(<\/TEXT>)/.exec(xml);
  if (!t) {
    if (/<TEXT>/.test(xml)) throw new I2b2Unreadable('cut short: its <TEXT> is not closed');
    throw new I2b2Unreadable(
      /<collection[\s>]/.test(xml) ? 'BioC XML, which is not read here: convert it to BioC JSON (.bioc.json)' : 'no <TEXT> element: not i2b2 2014 XML',
    );
  }
  const tagsOpen = xml.indexOf('<TAGS>', t.index + t[0].length);
  const tagsClose = xml.indexOf('</TAGS>', t.index + t[0].length);
  if (tagsOpen >= 0 && tagsClose < 0) throw new I2b2Unreadable('cut short: its <TAGS> is not closed');
  if (!/<\/[\w:.-]+>\s*$/.test(xml)) throw new I2b2Unreadable('cut short: it does not end with a closing tag');
  const cdata = t[1] !== '<TEXT>';
  const text = cdata ? t[2] : unescapeXml(t[2]);
  const m = movePieces([{ offset: 0, text }], deid);
  const newText = cdata ? m.pieces[0].text.replace(/\]\]>/g, ']]]]><![CDATA[>') : escapeText(m.pieces[0].text);
  let tail = xml.slice(t.index + t[0].length);
  if (tagsOpen >= 0) {
    const from = tagsOpen - (t.index + t[0].length) + '<TAGS>'.length;
    const to = tagsClose - (t.index + t[0].length);
    const spans: { start: number; end: number }[] = [];
    // A tag dropped takes its line's end with it.
    const tags = tail.slice(from, to).replace(/<(\w+)(\s[^>]*?)?(\/?)>(\r?\n)?/g, (el, _name, attrs: string | undefined) => {
      const attr = (n: string) => new RegExp(`(\\s${n}=")([^"]*)(")`).exec(attrs ?? '');
      const start = attr('start')?.[2];
      const end = attr('end')?.[2];
      if (start === undefined || end === undefined || !/^\d+$/.test(start) || !/^\d+$/.test(end) || +end < +start) {
        countSkip(skips, 'tags without numeric start and end (dropped)');
        return '';
      }
      const s = m.map(+start, 'start');
      const e = m.map(+end, 'end');
      if (s === undefined || e === undefined) {
        countSkip(skips, PAST_TEXT);
        return '';
      }
      spans.push({ start: +start, end: +end });
      const set = (a: string, n: string, v: string) => a.replace(new RegExp(`(\\s${n}=")([^"]*)(")`), (_, p: string, __, q: string) => `${p}${v}${q}`);
      let a = set(set(attrs ?? '', 'start', String(s)), 'end', String(Math.max(s, e)));
      if (attr('text')) a = set(a, 'text', escapeAttr(m.slice(s, Math.max(s, e))));
      return attrs === undefined ? el : el.replace(attrs, () => a);
    });
    countOverlaps(spans, skips);
    tail = tail.slice(0, from) + tags + tail.slice(to);
  }
  return xml.slice(0, t.index) + t[1] + newText + t[3] + tail;
}
