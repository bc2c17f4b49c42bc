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

const squeeze = (s: string) => s.replace(/\s+/g, ' ');
const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The strings of a JSON value, one a line. */
function jsonStrings(v: unknown, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) jsonStrings(x, out);
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (out.push(k), jsonStrings(x, out));
}

/** A file's text as a reader sees it: raw, plus its JSON strings decoded, HTML entities undone. */
export function readable(file: string): string {
  const raw = fs.readFileSync(file, 'utf8');
  const parts = [raw];
  if (/\.jsonl?$/.test(file)) {
    for (const line of /\.jsonl$/.test(file) ? raw.split('\n') : [raw]) {
      if (!line.trim()) continue;
      const strings: string[] = [];
      jsonStrings(JSON.parse(line), strings);
      parts.push(strings.join('\n'));
    }
  }
  if (/\.html$/.test(file))
    parts.push(raw.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&'));
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
  return fs.readdirSync(p, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
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
