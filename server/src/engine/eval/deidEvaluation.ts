/**
 * `biomed eval deid`'s run: a de-identification corpus read (PhysioNet, i2b2 2014 XML or
 * BRAT, told by --format or by content), the PHI rules run on each note (no model), the
 * spans scored as stat.pm does; the misses and spurious spans in context, and the spans
 * found in the corpus's own layout, when asked.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { InputError } from '../errors';
import { countSkip, SkipCounts } from '../formats/document';
import { decodeText, PhiDocument, readBratPhi, readI2b2Xml, readPhysionet, writePhysionetSpans } from '../formats/phiCorpus';
import { detectPhi } from '../tasks/phi/detect';
import { PhiSpan } from '../tasks/phi/types';
import { DeidScorer, DeidScores } from './deidScores';

export type DeidFormat = 'physionet' | 'i2b2' | 'brat';

export const DEID_PUBLISHED = [
  { system: 'deid package (Neamatullah et al. 2008), held-out part', recall: 0.965, precision: 0.76 },
  { system: 'deid package, published on the whole set', recall: 0.967, precision: 0.749 },
];

export interface DeidError {
  document: string;
  start: number;
  end: number;
  text: string;
  type: string;
  error: 'missed' | 'spurious';
  /** The text around the span, the span in [brackets]. */
  context: string;
  why?: string;
}

export interface DeidEvaluation {
  format: DeidFormat;
  documents: number;
  scores: DeidScores;
  skips: SkipCounts;
  /** Notes that had no gold PHI (scored: what is found in them is spurious). */
  withoutPhi: number;
  /** Files read as Latin-1 because they were not UTF-8. */
  latin1: string[];
  /** Seconds the rules took over all notes, and the characters they read. */
  seconds: number;
  characters: number;
  errors?: DeidError[];
  /** The spans found, in the corpus's own layout: relative path -> content. */
  spans?: Map<string, string>;
}

/** A file's text: UTF-8, or Latin-1 when its bytes are not UTF-8 (PhysioNet's files may be). */
function readText(file: string, latin1: string[]): string {
  const read = decodeText(fs.readFileSync(file));
  if (read.latin1) latin1.push(file);
  return read.text;
}

export function deidFormatOf(corpus: string): DeidFormat | undefined {
  if (fs.statSync(corpus).isDirectory()) {
    const names = fs.readdirSync(corpus);
    if (names.some((n) => n.endsWith('.xml'))) return 'i2b2';
    if (names.some((n) => n.endsWith('.ann'))) return 'brat';
    return undefined;
  }
  const head = fs.readFileSync(corpus).subarray(0, 200).toString('latin1');
  if (head.includes('START_OF_RECORD=')) return 'physionet';
  if (/<TEXT>|<\?xml/.test(head)) return 'i2b2';
  return undefined;
}

function readCorpus(corpus: string, format: DeidFormat, skips: SkipCounts, latin1: string[]): { docs: PhiDocument[]; files: string[] } {
  if (format === 'physionet') {
    if (fs.statSync(corpus).isDirectory())
      throw new InputError(`${corpus} is a folder: the PhysioNet layout is read from its .text file (the .deid and -phi.phrase beside it).`);
    const base = corpus.replace(/\.text$/, '');
    const beside = (f: string) => (fs.existsSync(f) ? readText(f, latin1) : undefined);
    const phrase = beside(`${base}-phi.phrase`);
    const deid = beside(`${base}.deid`);
    if (phrase === undefined && deid === undefined) throw new InputError(`No gold beside ${corpus}: expected ${base}-phi.phrase or ${base}.deid.`);
    return { docs: readPhysionet(readText(corpus, latin1), deid, phrase, skips), files: [corpus] };
  }
  const files = fs.statSync(corpus).isDirectory()
    ? fs
        .readdirSync(corpus)
        .sort()
        .map((n) => path.join(corpus, n))
    : [corpus];
  const docs: PhiDocument[] = [];
  for (const f of files) {
    if (format === 'i2b2' && f.endsWith('.xml')) {
      const d = readI2b2Xml(path.basename(f), readText(f, latin1), skips);
      if (d) docs.push(d);
    } else if (format === 'brat' && f.endsWith('.ann')) {
      const txt = f.replace(/\.ann$/, '.txt');
      if (!fs.existsSync(txt)) countSkip(skips, '.ann files without their .txt');
      else docs.push(readBratPhi(path.basename(txt), readText(txt, latin1), readText(f, latin1), skips));
    }
  }
  return { docs, files };
}

const context = (text: string, start: number, end: number) =>
  `${text.slice(Math.max(0, start - 40), start)}[${text.slice(start, end)}]${text.slice(end, end + 40)}`.replace(/\s+/g, ' ');

export function evaluateDeid(options: { corpus: string; format?: DeidFormat; limit?: number; errors?: boolean; spans?: boolean }): DeidEvaluation {
  const format = options.format ?? deidFormatOf(options.corpus);
  if (!format) throw new InputError(`Cannot tell the layout of ${options.corpus}: give --format physionet, i2b2 or brat.`);
  const skips: SkipCounts = {};
  const latin1: string[] = [];
  let { docs } = readCorpus(options.corpus, format, skips, latin1);
  if (options.limit !== undefined) docs = docs.slice(0, options.limit);
  if (!docs.length) throw new InputError(`No notes in the ${format} layout in ${options.corpus}.`);
  const scorer = new DeidScorer();
  const errors: DeidError[] = [];
  const found: { doc: PhiDocument; spans: PhiSpan[] }[] = [];
  let seconds = 0;
  let characters = 0;
  for (const doc of docs) {
    const t0 = process.hrtime.bigint();
    const spans = detectPhi(doc.text);
    seconds += Number(process.hrtime.bigint() - t0) / 1e9;
    characters += doc.text.length;
    found.push({ doc, spans });
    const m = scorer.add(doc.gold, spans);
    if (!options.errors) continue;
    doc.gold.forEach((g, i) => {
      if (!m.goldFound[i])
        errors.push({ document: doc.id, start: g.start, end: g.end, text: g.text, type: g.type, error: 'missed', context: context(doc.text, g.start, g.end) });
    });
    spans.forEach((s, i) => {
      if (!m.detectedRight[i])
        errors.push({
          document: doc.id,
          start: s.start,
          end: s.end,
          text: s.text,
          type: s.type,
          error: 'spurious',
          context: context(doc.text, s.start, s.end),
          why: s.why,
        });
    });
  }
  const result: DeidEvaluation = {
    format,
    documents: docs.length,
    scores: scorer.scores(),
    skips,
    withoutPhi: docs.filter((d) => !d.gold.length).length,
    latin1,
    seconds,
    characters,
  };
  if (options.errors) result.errors = errors;
  if (options.spans) result.spans = spansInLayout(format, found);
  return result;
}

/** The spans found, written as the corpus writes its gold, so another scorer can read them. */
function spansInLayout(format: DeidFormat, found: { doc: PhiDocument; spans: PhiSpan[] }[]): Map<string, string> {
  if (format === 'physionet') return new Map([['', writePhysionetSpans(found.map((f) => ({ id: f.doc.id, spans: f.spans })))]]);
  const out = new Map<string, string>();
  for (const { doc, spans } of found) {
    if (format === 'brat')
      out.set(
        doc.id.replace(/\.txt$/, '.ann'),
        spans.map((s, i) => `T${i + 1}\t${s.type} ${s.start} ${s.end}\t${s.text.replace(/[\r\n\t]/g, ' ')}\n`).join(''),
      );
    else {
      const esc = (v: string) => v.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r?\n/g, ' ');
      const tags = spans.map(
        (s, i) => `<${s.type.toUpperCase()} id="P${i}" start="${s.start}" end="${s.end}" text="${esc(s.text)}" TYPE="${s.type.toUpperCase()}" comment="" />`,
      );
      out.set(
        doc.id,
        `<?xml version="1.0" encoding="UTF-8" ?>\n<deIdi2b2>\n<TEXT><![CDATA[${doc.text}]]></TEXT>\n<TAGS>\n${tags.join('\n')}\n</TAGS>\n</deIdi2b2>\n`,
      );
    }
  }
  return out;
}
