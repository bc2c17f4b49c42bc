/**
 * De-identification corpora: notes with their gold PHI spans, in three layouts.
 * - PhysioNet `deid`: `id.text` (records `START_OF_RECORD=P||||N||||`, newline, the text,
 *   `||||END_OF_RECORD`), `id.deid` (`Patient P Note N` headers, then `K START END` a PHI) and
 *   `id-phi.phrase` (`P N START END TYPE TEXT`, which also gives types). Offsets count
 *   characters of the record's text after its header line, end exclusive.
 * - i2b2 2014: an XML file a note, `<TEXT><![CDATA[...]]></TEXT>` and `<TAGS>` whose elements
 *   carry `start`, `end`, `TYPE` (and `text`).
 * - BRAT: `.ann` beside `.txt`, each text-bound annotation a PHI of its type.
 * Bad input is counted, never fatal: a record cut short, a span past its text or empty,
 * a gold span overlapping another (kept: each is scored), a line that is no span.
 */
import { parseBrat } from './brat';
import { countSkip, SkipCounts } from './document';
import { DeidEdit, mapOffset } from '../tasks/phi/deidentify';
import { allMatches } from '../text/matches';

export interface PhiGold {
  start: number;
  end: number;
  type: string;
  text: string;
}
export interface PhiDocument {
  /** `P N` for PhysioNet, the file's name otherwise. */
  id: string;
  text: string;
  gold: PhiGold[];
}

/** Spans checked against their text: past the end, empty or reversed ones are counted and dropped. */
function checked(id: string, text: string, spans: PhiGold[], skips: SkipCounts): PhiGold[] {
  const ok = spans.filter((s) => {
    if (!(s.start >= 0 && s.end > s.start)) return (countSkip(skips, 'empty or reversed spans'), false);
    if (s.end > text.length) return (countSkip(skips, 'spans past the end of their text'), false);
    return true;
  });
  ok.sort((a, b) => a.start - b.start || a.end - b.end);
  for (let i = 1; i < ok.length; i++) if (ok[i].start < ok[i - 1].end) countSkip(skips, 'gold spans overlapping another (kept, each scored)');
  return ok.map((s) => ({ ...s, text: text.slice(s.start, s.end) }));
}

/** The notes of a PhysioNet `.text` file, with the gold of its `.deid` and/or `-phi.phrase` beside. */
export function readPhysionet(textFile: string, deid: string | undefined, phrase: string | undefined, skips: SkipCounts): PhiDocument[] {
  const docs: PhiDocument[] = [];
  const byId = new Map<string, PhiDocument>();
  const re = /START_OF_RECORD=(\d+)\|\|\|\|(\d+)\|\|\|\|\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(textFile))) {
    const from = m.index + m[0].length;
    const end = textFile.indexOf('||||END_OF_RECORD', from);
    const nextStart = textFile.indexOf('START_OF_RECORD=', from);
    if (end < 0 || (nextStart >= 0 && nextStart < end)) {
      countSkip(skips, 'record cut short (no ||||END_OF_RECORD)');
      continue;
    }
    const doc = { id: `${m[1]} ${m[2]}`, text: textFile.slice(from, end), gold: [] };
    docs.push(doc);
    byId.set(doc.id, doc);
    re.lastIndex = end;
  }
  const raw = new Map<string, PhiGold[]>();
  const push = (id: string, g: PhiGold) => {
    if (!byId.has(id)) return countSkip(skips, 'gold spans of notes the text lacks');
    raw.set(id, [...(raw.get(id) ?? []), g]);
  };
  if (phrase !== undefined) {
    for (const line of phrase.split(/\r?\n/)) {
      if (!line.trim()) continue;
      const f = /^(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s+(\S+)(?:\s(.*))?$/.exec(line);
      if (!f) countSkip(skips, 'phrase lines that are no span');
      else push(`${f[1]} ${f[2]}`, { start: +f[3], end: +f[4], type: f[5], text: '' });
    }
  } else if (deid !== undefined) {
    let current: string | undefined;
    for (const line of deid.split(/\r?\n/)) {
      if (!line.trim()) continue;
      const h = /^Patient\s+(\d+)\s+Note\s+(\d+)\s*$/.exec(line);
      if (h) current = `${h[1]} ${h[2]}`;
      else {
        const f = /^\s*\d+\s+(\d+)\s+(\d+)\s*$/.exec(line);
        if (!f || current === undefined) countSkip(skips, '.deid lines that are no span');
        else push(current, { start: +f[1], end: +f[2], type: 'PHI', text: '' });
      }
    }
  }
  for (const doc of docs) doc.gold = checked(doc.id, doc.text, raw.get(doc.id) ?? [], skips);
  return docs;
}

/** Spans in the `.deid` layout: a `Patient P Note N` header for each note, then `K START END` a span. */
export function writePhysionetSpans(notes: readonly { id: string; spans: readonly { start: number; end: number }[] }[]): string {
  return notes
    .map((n) => {
      const [p, note] = n.id.split(' ');
      return [`Patient ${p} Note ${note}`, ...n.spans.map((s) => `${s.start} ${s.start} ${s.end}`)].join('\n') + '\n';
    })
    .join('');
}

const unescapeXml = (s: string) =>
  s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_, e: string) =>
    e[0] === '#'
      ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : +e.slice(1))
      : ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()],
  );

/** One i2b2 2014 XML note. */
export function readI2b2Xml(id: string, xml: string, skips: SkipCounts): PhiDocument | undefined {
  const t = /<TEXT>\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*<\/TEXT>/.exec(xml) ?? /<TEXT>([\s\S]*?)<\/TEXT>/.exec(xml);
  if (!t) return (countSkip(skips, 'XML files without <TEXT>'), undefined);
  const text = t[0].includes('CDATA') ? t[1] : unescapeXml(t[1]);
  const tags = /<TAGS>([\s\S]*?)<\/TAGS>/.exec(xml);
  if (!tags) countSkip(skips, 'XML files without <TAGS> (read as a note without PHI)');
  const gold: PhiGold[] = [];
  for (const el of allMatches(/<(\w+)\s([^>]*?)\/?>/g, tags?.[1] ?? '')) {
    const attr = (n: string) => new RegExp(`\\b${n}="([^"]*)"`).exec(el[2])?.[1];
    const start = attr('start');
    const end = attr('end');
    if (start === undefined || end === undefined || !/^\d+$/.test(start) || !/^\d+$/.test(end)) {
      countSkip(skips, 'tags without numeric start and end');
      continue;
    }
    gold.push({ start: +start, end: +end, type: attr('TYPE') ?? el[1], text: '' });
  }
  return { id, text, gold: checked(id, text, gold, skips) };
}

/** One BRAT note: each text-bound annotation of the .ann a PHI (discontinuous ones by their extent). */
export function readBratPhi(id: string, text: string, ann: string, skips: SkipCounts): PhiDocument {
  const doc = parseBrat(ann, skips);
  const gold = doc.entities.map((e) => ({ start: e.spans[0].start, end: e.spans[e.spans.length - 1].end, type: e.type, text: '' }));
  return { id, text, gold: checked(id, text, gold, skips) };
}

/** A de-identification corpus file's bytes as text: UTF-8, else Latin-1 (PhysioNet's files may be), which is said. */
export function decodeText(bytes: Uint8Array): { text: string; latin1: boolean } {
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), latin1: false };
  } catch {
    return { text: Buffer.from(bytes).toString('latin1'), latin1: true };
  }
}

/** Notes in the PhysioNet `.text` layout: each `START_OF_RECORD=P||||N||||`, its text, `||||END_OF_RECORD`. */
export function writePhysionetRecords(notes: readonly { id: string; text: string }[]): string {
  return notes
    .map((n) => {
      const [p, note] = n.id.split(' ');
      return `START_OF_RECORD=${p}||||${note}||||\n${n.text}||||END_OF_RECORD\n`;
    })
    .join('');
}

/**
 * A BRAT `.ann` moved onto a de-identified text: each text-bound annotation's fragments moved
 * past the replacements (`edits`; deidentify.ts mapOffset) and its text read
 * from the new text, so it points at the same words. Annotations past the old text are
 * dropped and counted; annotator notes (`#` lines) are dropped, as they may quote PHI; the
 * other lines are kept.
 */
export function rebaseBratAnn(ann: string, oldLength: number, newText: string, edits: readonly DeidEdit[], skips: SkipCounts): string {
  const map = (offset: number, side: 'start' | 'end') => mapOffset(edits, offset, side);
  const out: string[] = [];
  for (const line of ann.split(/\r?\n/)) {
    if (!line.trim()) continue;
    if (line.startsWith('#')) {
      countSkip(skips, 'annotator notes dropped (they may quote PHI)');
      continue;
    }
    const t = /^(T\S*)\t(\S+) ([\d; ]+)\t/.exec(line);
    if (!t) {
      out.push(line);
      continue;
    }
    const fragments = t[3].split(';').map((f) => f.trim().split(/\s+/).map(Number));
    if (fragments.some(([s, e]) => !(s >= 0 && e >= s && e <= oldLength))) {
      countSkip(skips, 'annotations past the end of their text (dropped)');
      continue;
    }
    const moved = fragments.map(([s, e]) => [map(s, 'start'), Math.max(map(s, 'start'), map(e, 'end'))]);
    const words = moved.map(([s, e]) => newText.slice(s, e).replace(/[\r\n\t]/g, ' ')).join(' ');
    out.push(`${t[1]}\t${t[2]} ${moved.map(([s, e]) => `${s} ${e}`).join(';')}\t${words}`);
  }
  return out.length ? out.join('\n') + '\n' : '';
}
