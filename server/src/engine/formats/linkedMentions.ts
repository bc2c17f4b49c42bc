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
 * passed over; a PubTator or concept-layout line that should be a mention and is not is
 * counted (`skips`), so that `--strict` can refuse it.
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

const TITLE_OR_ABSTRACT = /^([^|\t]*)\|([ta])\|(.*)$/s;

/**
 * PubTator's mention lines (5 columns without an ID, 6 with one, 7 with BC5CDR's names of a
 * composite's parts). A line that is none of title, abstract, mention or relation
 * (`PMID\tCID\tID1\tID2`) is counted, never passed over in silence: a mention cut to
 * `PMID\tstart` or to four columns ('truncated line'), offsets that are not numbers ('bad
 * offset'), more columns than a mention has ('malformed line'), a line without a tab ('stray
 * line'), and a file that ends inside an abstract line, without its line end ('truncated
 * document': its mentions are gone).
 */
function pubtator(text: string, skips?: SkipCounts): LinkedMention[] {
  const out: LinkedMention[] = [];
  const skip = (reason: string) => skips && countSkip(skips, reason);
  const lines = text.split(/\r?\n/);
  lines.forEach((line, at) => {
    if (line.trim() === '') return;
    const head = TITLE_OR_ABSTRACT.exec(line);
    if (head) {
      // The last line of a file written whole ends with a line break; an abstract without one was cut.
      if (head[2] === 'a' && at === lines.length - 1) skip('truncated document');
      return;
    }
    const cols = line.split('\t');
    const offsets = cols.length >= 3 && INT.test(cols[1]) && INT.test(cols[2]);
    if (cols.length === 4 && !INT.test(cols[1])) return; // a relation
    if (cols.length === 1) return void skip('stray line');
    if (cols.length < 5) return void skip('truncated line');
    if (cols.length > 7) return void skip('malformed line');
    if (!offsets) return void skip('bad offset');
    // The mention's own text is what links: offsets that do not match the document are kept as written.
    const start = Number(cols[1]);
    const end = Number(cols[2]);
    const ids = splitIds(cols[5] ?? '', /[|+,]/);
    out.push({ document: cols[0], start, end, text: cols[3], type: cols[4], ids, composite: ids.length > 1 });
  });
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
 * The PubTator and concept layouts' lines that are not mentions are counted in `skips`.
 */
export function readLinkedMentions(text: string, format: 'pubtator' | 'concept' | 'brat', skips?: SkipCounts): LinkedMention[] {
  if (format === 'pubtator') return pubtator(text, skips);
  if (format === 'concept') return concept(text, skips);
  return brat(text);
}
