/**
 * What the `--deidentify` tests look for in every file a command wrote: PHI strings, whole
 * words and case as written, in the file as it reads (JSON strings decoded, HTML entities
 * undone, runs of whitespace as one space, since PubTator writes line breaks as spaces), and
 * whether each document read back from an output points into its own text exactly.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnnotatedDocument } from '../../server/src/engine/formats/document';
import { parseCsv } from './csvParse';
import { GoldDocument } from './ollamaServer';

const squeeze = (s: string) => s.replace(/\s+/g, ' ');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The string values of a JSON value (keys are the format's own; numbers are offsets and counts). */
function jsonStrings(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) jsonStrings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) jsonStrings(x, out);
}

const NUMERIC = /^[\d\s.,:;%()+/-]*$/;

/**
 * A file's words as a reader sees them, without the format's offsets and counts (an offset
 * 1992 is no year): JSON string values decoded; BRAT and PubTator annotation lines without
 * their offsets; CSV fields but start and end; an HTML page's text (entities undone), its
 * numeric cells left out. Runs of whitespace as one space (PubTator writes line breaks so).
 */
export function readable(file: string): string {
  const raw = fs.readFileSync(file, 'utf8');
  let parts = [raw];
  if (/\.jsonl?$/.test(file)) {
    const strings: string[] = [];
    // BioC: one JSON value; annotate's JSON: one document a line.
    for (const value of /\.bioc\.json$/.test(file) ? [raw] : raw.split('\n').filter((l) => l.trim())) jsonStrings(JSON.parse(value), strings);
    parts = strings;
  } else if (/\.ann$/.test(file)) parts = raw.split('\n').map((l) => l.replace(/^(T\S*\t\S+) [\d; ]+\t/, '$1\t'));
  else if (/\.pubtator$/.test(file)) parts = raw.split('\n').map((l) => l.replace(/^([^\t|]+)\t\d+\t\d+\t/, '$1\t'));
  else if (/\.csv$/.test(file)) {
    const [header, ...rows] = parseCsv(raw);
    const numeric = new Set([header.indexOf('start'), header.indexOf('end')]);
    parts = rows.map((r) => r.filter((_, i) => !numeric.has(i)).join('\t'));
  } else if (/\.html$/.test(file))
    parts = raw
      .replace(/<style[\s\S]*?<\/style>/g, '')
      .split(/<[^>]*>/)
      .filter((t) => !NUMERIC.test(t))
      .map((t) =>
        t
          .replace(/&lt;/g, '<')
          .replace(/&gt;/g, '>')
          .replace(/&quot;/g, '"')
          .replace(/&#39;/g, "'")
          .replace(/&amp;/g, '&'),
      );
  return squeeze(parts.join('\n'));
}

/** Which of `strings` occur in `text` as whole words (no letter or digit either side), case as written. */
export function wholeWords(strings: Iterable<string>, text: string): Set<string> {
  const found = new Set<string>();
  for (const s of new Set([...strings].map(squeeze))) {
    if (!s.trim() || !text.includes(s)) continue;
    if (new RegExp(`(?<![\\p{L}\\p{N}])${escape(s)}(?![\\p{L}\\p{N}])`, 'u').test(text)) found.add(s);
  }
  return found;
}

/** Every file below a folder (or the file itself). */
export function outputFiles(p: string): string[] {
  if (!fs.statSync(p).isDirectory()) return [p];
  return fs
    .readdirSync(p, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** Each document's spans point at their words in its own text (PubTator's line breaks read as spaces). */
export function assertExact(d: AnnotatedDocument, where: string): void {
  for (const e of d.entities) assert.equal(squeeze(d.text.slice(e.start, e.end)), squeeze(e.text), `${where}: ${d.id} ${e.id} points at its words`);
  for (const f of d.findings ?? [])
    for (const s of [f.hypothesis, ...f.evidence]) assert.equal(squeeze(d.text.slice(s.start, s.end)), squeeze(s.text), `${where}: ${d.id} an NLI span`);
}

/** A CSV of mentions checked against the documents' texts: each row's offsets give its text. */
export function assertCsvExact(csv: string, texts: Map<string, string>, where: string): number {
  const [header, ...rows] = parseCsv(csv);
  const col = (n: string) => header.indexOf(n);
  for (const r of rows) {
    const text = texts.get(r[col('document')]);
    assert.ok(text !== undefined, `${where}: a row of ${r[col('document')]}`);
    assert.equal(text.slice(Number(r[col('start')]), Number(r[col('end')])), r[col('text')], `${where}: row ${r.join(',')}`);
  }
  return rows.length;
}

/** An entity the gold test server answers for a note: its words where the note writes them. */
export interface GoldMention {
  words: string;
  type: string;
  start: number;
  end: number;
}

/**
 * The gold test server's documents for notes written for a `--deidentify` test: each entity
 * wherever its words stand in a note (`flags`: the search's, 'gi' to ignore case), in order;
 * `relations` gives a note's relations between them (by index).
 */
export function goldNotes(
  notes: Record<string, string>,
  entities: readonly [string, string][],
  flags = 'g',
  relations: (mentions: GoldMention[]) => GoldDocument['relations'] = () => [],
): GoldDocument[] {
  return Object.entries(notes).map(([id, text]) => {
    const mentions = entities
      .flatMap(([words, type]) => [...text.matchAll(new RegExp(words, flags))].map((m) => ({ words, type, start: m.index!, end: m.index! + words.length })))
      .sort((a, b) => a.start - b.start);
    return { name: id, text, entities: mentions.map(({ type, start, end }) => ({ type, start, end })), relations: relations(mentions) };
  });
}
