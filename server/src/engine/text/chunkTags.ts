/**
 * Chunks of IOB-style tag sequences, by conlleval's rules.
 *
 * Tags: `O`, `B-TYPE`, `I-TYPE`, and the IOBES / BILOU variants `E-`, `S-`, `L-` (= E),
 * `U-` (= S); a bare `B` / `I` / `E` / `S` takes the default type. A chunk starts at B or S,
 * at I or E after O / E / S, and at any tag whose type differs from the previous tag's; so
 * `O I-X` and `B-Y I-X` both start a chunk at the I-X. A tag that is none of these is read
 * as O. Corpus readers (formats/iob.ts) and scoring (eval/conlleval.ts) both read tags here.
 */

export interface Chunk {
  /** First token index. */
  start: number;
  /** Index just past the last token. */
  end: number;
  type: string;
}

/** A span to score: token indices or character offsets, end exclusive, in document `doc`. */
export interface ParsedTag {
  /** `B`, `I`, `E`, `S` or `O`. */
  prefix: 'B' | 'I' | 'E' | 'S' | 'O';
  /** `''` for O. */
  type: string;
}

const PREFIX: Record<string, ParsedTag['prefix']> = { B: 'B', I: 'I', E: 'E', S: 'S', L: 'E', U: 'S', O: 'O' };

/**
 * A tag's prefix and type; undefined when it is not a tag (`X-Foo`, `''`). `O` takes no
 * type (`O-Foo` is not a tag); a bare or empty-typed `B`/`I`/`E`/`S` takes `defaultType`.
 */
export function parseTag(tag: string, defaultType = ''): ParsedTag | undefined {
  const t = tag.trim();
  const dash = t.indexOf('-');
  const head = dash < 0 ? t : t.slice(0, dash);
  const prefix = PREFIX[head];
  if (!prefix) return undefined;
  const type = dash < 0 ? '' : t.slice(dash + 1);
  if (prefix === 'O') return type === '' && dash < 0 ? { prefix, type: '' } : undefined;
  return { prefix, type: type === '' ? defaultType : type };
}

/** The chunks of a tag sequence (token indices, end exclusive), in order. */
export function chunks(tags: string[], defaultType = ''): Chunk[] {
  const out: Chunk[] = [];
  let prev: ParsedTag = { prefix: 'O', type: '' };
  let open: Chunk | undefined;
  for (let i = 0; i <= tags.length; i++) {
    const cur: ParsedTag = i < tags.length ? (parseTag(tags[i], defaultType) ?? { prefix: 'O', type: '' }) : { prefix: 'O', type: '' };
    const p = prev.prefix;
    const c = cur.prefix;
    const ends = p === 'E' || p === 'S' || ((p === 'B' || p === 'I') && (c === 'B' || c === 'S' || c === 'O')) || (p !== 'O' && prev.type !== cur.type);
    const starts = c === 'B' || c === 'S' || ((c === 'I' || c === 'E') && (p === 'E' || p === 'S' || p === 'O')) || (c !== 'O' && prev.type !== cur.type);
    if (open && (ends || starts)) {
      open.end = i;
      out.push(open);
      open = undefined;
    }
    if (starts) open = { start: i, end: i + 1, type: cur.type };
    prev = cur;
  }
  return out;
}
