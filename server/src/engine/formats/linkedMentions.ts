/**
 * Mentions with concept IDs from an annotated corpus, for linking (gold mentions to score, or
 * a user's synonyms). Three layouts:
 * - `pubtator`: mention lines `PMID\tstart\tend\ttext\ttype\tID`; NCBI Disease joins the IDs
 *   of a composite mention with `|` or `+` (`D003110|D009369`), other corpora with `,`.
 * - `concept`: `PMID||start|end||type||text||ID` a line (BioSyn's layout of BC5CDR and NCBI
 *   Disease), `-1` for none and `|` between a composite's IDs.
 * - `brat`: one `.ann` text; each `N` line (`N1\tReference T1 MESH:D001281\tname`) becomes a
 *   mention with its T line's span, type and text (several N lines on one T: a composite).
 * PubTator's title, abstract and relation lines, and BRAT's other lines, are not mentions and are
 * passed over; a concept-layout line that is not a mention is counted (`skips`).
 */
import { countSkip, SkipCounts } from './document';

/** Declared here (formats sit below linking) and re-exported by linking/types.ts. */
export interface LinkedMention {
  document: string;
  start: number;
  end: number;
  text: string;
  type: string;
  /**
   * The gold concept IDs as written (`D001281`, `OMIM:613097`); more than one for a composite
   * mention (each part's ID, in order). Empty when the gold has none (`-1`).
   */
  ids: readonly string[];
  /** True when the corpus joined the IDs as a composite (`|` in the concept layout, `|`/`+` in NCBI Disease). */
  composite: boolean;
}

const INT = /^\d+$/;

/** The IDs of an ID column: none for empty or `-1`. */
function splitIds(field: string, separators: RegExp): string[] {
  return field
    .split(separators)
    .map((s) => s.trim())
    .filter((s) => s !== '' && s !== '-1');
}

function pubtator(text: string): LinkedMention[] {
  const out: LinkedMention[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cols = line.split('\t');
    if (cols.length < 5 || !INT.test(cols[1]) || !INT.test(cols[2])) continue;
    const ids = splitIds(cols[5] ?? '', /[|+,]/);
    out.push({ document: cols[0], start: Number(cols[1]), end: Number(cols[2]), text: cols[3], type: cols[4], ids, composite: ids.length > 1 });
  }
  return out;
}

function concept(text: string, skips?: SkipCounts): LinkedMention[] {
  const out: LinkedMention[] = [];
  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') continue;
    const cols = line.split('||');
    const span = cols.length >= 5 ? /^(\d+)\|(\d+)$/.exec(cols[1]) : null;
    // Every line of this layout is a mention: one that is not is counted, never passed over in silence.
    if (!span) {
      if (skips) countSkip(skips, cols.length < 5 ? 'truncated line' : 'bad offset');
      continue;
    }
    const ids = splitIds(cols.slice(4).join('||'), /[|+,]/);
    out.push({ document: cols[0], start: Number(span[1]), end: Number(span[2]), text: cols[3], type: cols[2], ids, composite: ids.length > 1 });
  }
  return out;
}

function brat(text: string): LinkedMention[] {
  const spans = new Map<string, { start: number; end: number; type: string; text: string }>();
  const refs: { target: string; id: string }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const cols = line.split('\t');
    if (/^T\d+$/.test(cols[0]) && cols.length >= 3) {
      // `Type start end[;start end]`: the mention runs from the first start to the last end.
      const m = /^(\S+) (\d+) .*?(\d+)$/.exec(cols[1]);
      if (m) spans.set(cols[0], { type: m[1], start: Number(m[2]), end: Number(m[3]), text: cols[2] });
    } else if (/^N\d+$/.test(cols[0]) && cols.length >= 2) {
      const m = /^Reference (T\d+) (\S+)$/.exec(cols[1].trim());
      if (m) refs.push({ target: m[1], id: m[2] });
    }
  }
  const byTarget = new Map<string, string[]>();
  for (const r of refs) {
    if (!spans.has(r.target)) continue;
    byTarget.set(r.target, [...(byTarget.get(r.target) ?? []), ...(r.id === '-1' ? [] : [r.id])]);
  }
  const out: LinkedMention[] = [];
  for (const [target, ids] of byTarget) {
    const t = spans.get(target)!;
    out.push({ document: '', start: t.start, end: t.end, text: t.text, type: t.type, ids, composite: ids.length > 1 });
  }
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}

/**
 * The linked mentions of a corpus text, in file order (BRAT: in text order, `document` empty).
 * The concept layout's lines that are not mentions are counted in `skips`.
 */
export function readLinkedMentions(text: string, format: 'pubtator' | 'concept' | 'brat', skips?: SkipCounts): LinkedMention[] {
  if (format === 'pubtator') return pubtator(text);
  if (format === 'concept') return concept(text, skips);
  return brat(text);
}
