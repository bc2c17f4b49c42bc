/**
 * Mentions with concept IDs from an annotated corpus, for linking (synonyms, gold):
 * - `pubtator`: mention lines `PMID\tstart\tend\ttext\ttype\tID` (IDs joined by `|` or `+`
 *   in a composite, `-1` for none); title, abstract and relation lines are skipped;
 * - `concept`: `PMID||start|end||type||text||ID` (composites joined by `|`, `-1` for none);
 * - `brat`: an `.ann` file's `N` lines (`N1\tReference T1 MESH:D001281\tname`), each with
 *   its `T` line's type, offsets and text.
 * IDs are returned as written. A minimal reader: link-linker's branch has the full one.
 */

/**
 * The shape of linking/types.ts's LinkedMention, declared here because formats/ sits below
 * linking/ and may not import it (the layers of server/src/engine/README.md); TypeScript takes
 * one for the other.
 */
export interface LinkedMention {
  document: string;
  start: number;
  end: number;
  text: string;
  type: string;
  ids: readonly string[];
  composite: boolean;
}

const splitIds = (field: string) =>
  field
    .split(/[|+]/)
    .map((s) => s.trim())
    .filter((s) => s && s !== '-1');

export function readLinkedMentions(text: string, format: 'pubtator' | 'concept' | 'brat'): LinkedMention[] {
  const out: LinkedMention[] = [];
  const lines = text.split(/\r?\n/);
  if (format === 'pubtator') {
    for (const line of lines) {
      const f = line.split('\t');
      if (f.length < 5 || !/^\d+$/.test(f[1]) || !/^\d+$/.test(f[2])) continue;
      const ids = splitIds(f[5] ?? '');
      out.push({ document: f[0], start: Number(f[1]), end: Number(f[2]), text: f[3], type: f[4], ids, composite: ids.length > 1 });
    }
  } else if (format === 'concept') {
    for (const line of lines) {
      const f = line.split('||');
      if (f.length < 5) continue;
      const [start, end] = f[1].split('|').map(Number);
      const ids = splitIds(f[4]);
      out.push({ document: f[0], start, end, text: f[3], type: f[2], ids, composite: ids.length > 1 });
    }
  } else {
    const spans = new Map<string, { type: string; start: number; end: number; text: string }>();
    for (const line of lines) {
      const m = /^(T\d+)\t(\S+) (\d+) [\d; ]*?(\d+)\t(.*)$/.exec(line);
      if (m) spans.set(m[1], { type: m[2], start: Number(m[3]), end: Number(m[4]), text: m[5] });
    }
    for (const line of lines) {
      const m = /^N\d+\t\S+ (T\d+) (\S+)/.exec(line);
      const span = m && spans.get(m[1]);
      if (span) out.push({ document: '', ...span, ids: [m[2]], composite: false });
    }
  }
  return out;
}
