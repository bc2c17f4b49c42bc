/**
 * BIO chunk decoding with conlleval's rules: a chunk starts at B-X, at I-X after O, or at
 * I-X after a chunk of another type; it ends before O, B-*, or a tag of another type.
 */
export interface BioChunk {
  /** Index of the first token. */
  first: number;
  /** Index of the last token (inclusive). */
  last: number;
  type: string;
}

export interface BioTag {
  prefix: 'B' | 'I' | 'O';
  type: string;
}

export function decodeBio(tags: readonly BioTag[]): BioChunk[] {
  const chunks: BioChunk[] = [];
  let open: BioChunk | undefined;
  tags.forEach((tag, i) => {
    const continues = tag.prefix === 'I' && open !== undefined && open.type === tag.type && open.last === i - 1;
    if (continues) {
      open!.last = i;
      return;
    }
    open = undefined;
    if (tag.prefix === 'O') return;
    open = { first: i, last: i, type: tag.type };
    chunks.push(open);
  });
  return chunks;
}

/** Parses a tag such as `B-PROBLEM`, `i-problem`, `B_Disease`, `B`, `O`; undefined when it is no tag. */
export function parseBioTag(raw: string): BioTag | undefined {
  const m = /^([BIO])(?:[-_ ]([A-Za-z][A-Za-z_]*))?$/i.exec(raw.trim());
  if (!m) return undefined;
  const prefix = m[1].toUpperCase() as 'B' | 'I' | 'O';
  return prefix === 'O' ? { prefix, type: '' } : { prefix, type: (m[2] ?? '').toUpperCase() };
}
