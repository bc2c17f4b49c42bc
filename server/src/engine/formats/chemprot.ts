/**
 * ChemProt as redistributed with SciBERT (allenai/scibert): JSON lines
 * `{"text": "... << chemical >> ... [[ gene ]] ...", "label": "INHIBITOR", "metadata": []}`,
 * one marked pair per line. Reading removes the markers together with the single space
 * just inside each (`<< Ang II >>-induced` → `Ang II-induced`) and gives the offsets of
 * both arguments in the clean text, in UTF-16 code units (JS string indices), end exclusive.
 *
 * Caution about the data: in the SciBERT copy `<< >>` marks the pair's FIRST argument in
 * text order and `[[ ]]` the second, whatever their types (`<< COX-2 >> ... [[ meloxicam ]]`
 * is a gene then a chemical). The field names here follow the documented format; which
 * argument really is the chemical cannot be told from a line alone.
 */
import { countSkip, SkipCounts, totalSkipped } from './document';
import { allMatches } from '../text/matches';

export interface ChemProtSpan {
  start: number;
  end: number;
}
export interface ChemProtPair {
  /** The sentence without markers. */
  text: string;
  /** The `<< >>` argument. */
  chemical: ChemProtSpan;
  /** The `[[ ]]` argument. */
  gene: ChemProtSpan;
  /** A ChemProt class (INHIBITOR, SUBSTRATE, ...), as written in the line. */
  label: string;
}

interface Marker {
  /** Offset of the marker (with its inner space) in the marked text, and its length. */
  at: number;
  length: number;
}

/**
 * The one `open ... close` span of a marker pair, preferring the spaced form (`<< x >>`) and
 * falling back to the bare one (`<<x>>`) when there is no spaced form. Chemical names often
 * hold brackets (`[[(1,1-dimethylethyl)amino]carbonyl]`), so a bare `[[` is trusted only
 * when no spaced marker exists; more than one candidate is ambiguous (undefined).
 */
function findMarked(text: string, open: string, close: string): { open: Marker; close: Marker } | undefined {
  const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  for (const space of [' ', '']) {
    const re = new RegExp(`${esc(open)}${space}([\\s\\S]+?)${space}${esc(close)}`, 'g');
    const found = allMatches(re, text);
    if (found.length === 0) continue;
    if (found.length > 1) return undefined;
    const m = found[0];
    const inner = m[1];
    if (inner.trim() === '') return undefined;
    const openLen = open.length + space.length;
    const closeLen = close.length + space.length;
    return {
      open: { at: m.index!, length: openLen },
      close: { at: m.index! + openLen + inner.length, length: closeLen },
    };
  }
  return undefined;
}

/** Parses one line; undefined for a blank or malformed line (not JSON, no label, markers missing or ambiguous). */
export function parseChemProtLine(line: string): ChemProtPair | undefined {
  const r = chemProtLine(line);
  return typeof r === 'object' ? r : undefined;
}

/** A pair, undefined for a blank line, or the reason a line is skipped. */
function chemProtLine(line: string): ChemProtPair | string | undefined {
  if (line.trim() === '') return undefined;
  let obj: unknown;
  try {
    obj = JSON.parse(line);
  } catch {
    return 'bad JSON line';
  }
  if (!obj || typeof obj !== 'object' || Array.isArray(obj)) return 'missing field';
  const { text, label } = obj as { text?: unknown; label?: unknown };
  if (typeof text !== 'string' || typeof label !== 'string') return 'missing field';

  const chem = findMarked(text, '<<', '>>');
  const gene = findMarked(text, '[[', ']]');
  if (!chem || !gene) return 'bad marker';

  // Remove the four markers (they must not overlap one another) and map offsets.
  const cuts = [chem.open, chem.close, gene.open, gene.close].sort((a, b) => a.at - b.at);
  for (let i = 1; i < cuts.length; i++) if (cuts[i].at < cuts[i - 1].at + cuts[i - 1].length) return 'bad marker';
  const clean = (rawOffset: number): number => {
    let removed = 0;
    for (const c of cuts) if (c.at < rawOffset) removed += Math.min(c.length, rawOffset - c.at);
    return rawOffset - removed;
  };
  let out = '';
  let at = 0;
  for (const c of cuts) {
    out += text.slice(at, c.at);
    at = c.at + c.length;
  }
  out += text.slice(at);
  const span = (m: { open: Marker; close: Marker }): ChemProtSpan => ({
    start: clean(m.open.at + m.open.length),
    end: clean(m.close.at),
  });
  return { text: out, chemical: span(chem), gene: span(gene), label };
}

export interface ChemProtReadResult {
  pairs: ChemProtPair[];
  /** Non-blank lines skipped. */
  skipped: number;
  /** The skipped lines by reason: bad JSON line, missing field, bad marker (markers missing, ambiguous or overlapping). */
  skips: SkipCounts;
}

/** Parses a file's text, counting the malformed lines it skips. */
export function parseChemProt(text: string): ChemProtReadResult {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const pairs: ChemProtPair[] = [];
  const skips: SkipCounts = {};
  for (const line of body.split(/\r\n|\r|\n/)) {
    const p = chemProtLine(line);
    if (typeof p === 'object') pairs.push(p);
    else if (typeof p === 'string') countSkip(skips, p);
  }
  return { pairs, skipped: totalSkipped(skips), skips };
}

/** Every well-formed line of a file's text; malformed lines are skipped. */
export function readChemProt(text: string): ChemProtPair[] {
  return parseChemProt(text).pairs;
}

/** The marked line of a pair, in the SciBERT file's layout; parseChemProtLine reads it back. */
export function writeChemProtLine(pair: ChemProtPair): string {
  type Insert = { at: number; mark: string; close: boolean; other: number };
  const inserts: Insert[] = [
    { at: pair.chemical.start, mark: '<< ', close: false, other: pair.chemical.end },
    { at: pair.chemical.end, mark: ' >>', close: true, other: pair.chemical.start },
    { at: pair.gene.start, mark: '[[ ', close: false, other: pair.gene.end },
    { at: pair.gene.end, mark: ' ]]', close: true, other: pair.gene.start },
  ];
  // At one offset: closings before openings; the outer span opens first and closes last.
  inserts.sort((a, b) => a.at - b.at || Number(b.close) - Number(a.close) || b.other - a.other);
  let text = '';
  let at = 0;
  for (const ins of inserts) {
    text += pair.text.slice(at, ins.at) + ins.mark;
    at = ins.at;
  }
  text += pair.text.slice(at);
  return `{"text": ${JSON.stringify(text)}, "label": ${JSON.stringify(pair.label)}, "metadata": []}`;
}
