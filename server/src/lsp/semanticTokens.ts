/**
 * Entities to LSP semantic tokens. VS Code supports neither multi-line nor overlapping
 * tokens, so entities are split per line and overlaps flattened; a token's characters are
 * UTF-16 units, as JS offsets already are.
 */
import { SemanticTokensLegend } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ENTITY_TYPES, Mention } from '../engine';

/**
 * The legend is a public contract: the order of types and modifiers must not change, so new
 * modifiers are appended. `uncertain` is the old name of `possible`, kept for one release
 * and set together with it.
 */
export const TOKEN_MODIFIERS = ['negated', 'uncertain', 'related', 'possible', 'historical', 'hypothetical', 'family', 'suggested', 'curated'] as const;
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];
export const LEGEND: SemanticTokensLegend = {
  // `phi` (lsp/phi.ts): protected health information the rules find, after the entity types.
  tokenTypes: [...ENTITY_TYPES, 'phi'],
  tokenModifiers: [...TOKEN_MODIFIERS],
};

/** A mention's token type: its entity type's place in the legend (or `phi`'s). */
export function tokenTypeOf(type: string): number {
  return LEGEND.tokenTypes.indexOf(type);
}

export interface LineToken {
  line: number;
  character: number;
  length: number;
  type: number;
  modifiers: number;
}

/** Keeps the earlier entity where two overlap; a later one keeps only what sticks out. */
export function flatten(entities: readonly Mention[]): Mention[] {
  const order = (a: Mention, b: Mention) => a.start - b.start || b.end - a.end;
  // The analysis gives its entities in this order already: sorted (a copy) only if not.
  let inOrder = true;
  for (let i = 1; i < entities.length && inOrder; i++) inOrder = order(entities[i - 1], entities[i]) <= 0;
  const sorted = inOrder ? entities : [...entities].sort(order);
  const out: Mention[] = [];
  let reach = 0;
  for (const e of sorted) {
    const start = Math.max(e.start, reach);
    if (start >= e.end) continue;
    out.push(start === e.start ? e : { ...e, start });
    reach = e.end;
  }
  return out;
}

/**
 * Where each line of `text` starts, as TextDocument counts lines (`\n`, `\r\n` or a lone
 * `\r` ends one). The last text's are kept: the editor asks for a version's tokens more than
 * once (full, then delta), and scanning is cheaper than positionAt's search per entity.
 */
let lastLines: { text: string; starts: Uint32Array } | undefined;
export function lineStarts(text: string): Uint32Array {
  if (lastLines?.text === text) return lastLines.starts;
  const found: number[] = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) found.push(i + 1);
  }
  lastLines = { text, starts: Uint32Array.from(found) };
  return lastLines.starts;
}

/**
 * Appends an entity's tokens, one a line it touches; `at.line` walks on (entities come in
 * order of start). `starts` may be a window of the text's line starts (from line `base`,
 * through the first line starting past the entities or the text's last line).
 */
export function pushLineTokens(
  out: LineToken[],
  text: string,
  starts: Uint32Array,
  at: { line: number },
  start: number,
  end: number,
  type: number,
  modifiers: number,
  base = 0,
): void {
  while (at.line + 1 < starts.length && starts[at.line + 1] <= start) at.line++;
  for (let l = at.line; l < starts.length && starts[l] < end; l++) {
    const lineStart = Math.max(start, starts[l]);
    let lineEnd = Math.min(end, l + 1 < starts.length ? starts[l + 1] : text.length);
    // Never colour the line break itself.
    while (lineEnd > lineStart && (text[lineEnd - 1] === '\n' || text[lineEnd - 1] === '\r')) lineEnd--;
    let s = lineStart;
    while (s < lineEnd && /\s/.test(text[s])) s++;
    if (lineEnd <= s) continue;
    out.push({ line: base + l, character: s - starts[l], length: lineEnd - s, type, modifiers });
  }
}

/**
 * Entities as tokens of one line each, in order. Invariants: a token never covers a line
 * break or starts with white space; an entity over several lines gives one token a line;
 * overlaps are flattened first (the earlier entity keeps its characters).
 */
export function toLineTokens(doc: TextDocument, entities: readonly Mention[], range?: { start: number; end: number }): LineToken[] {
  const text = doc.getText();
  const starts = lineStarts(text);
  const tokens: LineToken[] = [];
  const at = { line: 0 };
  for (const e of flatten(entities)) {
    if (range && (e.end <= range.start || e.start >= range.end)) continue;
    pushLineTokens(tokens, text, starts, at, e.start, e.end, tokenTypeOf(e.type), modifierBits(e));
  }
  return tokens;
}

/** The work done, for tests: sentences whose tokens were made (each one a request makes counts). */
export const tokenWork = { sentences: 0 };

/** One sentence's mentions as an analysis holds them (sentence offsets, any order) and which a relation joins. */
export interface SentenceMentions {
  start: number;
  mentions: readonly Mention[];
  related: readonly boolean[];
}

/** A sentence's entities flattened, in sentence offsets: what its tokens need, computed once per mentions array. */
export interface FlatSentence {
  related: readonly boolean[];
  starts: Int32Array;
  ends: Int32Array;
  types: Int8Array;
  modifiers: Int32Array;
}
const flatSentences = new WeakMap<readonly Mention[], FlatSentence>();

export function flatSentence({ mentions, related }: SentenceMentions): FlatSentence {
  const known = flatSentences.get(mentions);
  if (known?.related === related) return known;
  const flat = flatten(mentions.map((m, i) => ({ ...m, related: related[i] })));
  const out: FlatSentence = {
    related,
    starts: Int32Array.from(flat, (m) => m.start),
    ends: Int32Array.from(flat, (m) => m.end),
    types: Int8Array.from(flat, (m) => tokenTypeOf(m.type)),
    modifiers: Int32Array.from(flat, (m) => modifierBits(m)),
  };
  flatSentences.set(mentions, out);
  return out;
}

/**
 * The tokens of an analysis's sentences (`DocumentAnalysis.sentenceEntities`), the same as
 * `toLineTokens` over its entities in document offsets (sentences do not overlap): each
 * sentence's flattened entities are kept for its mentions array, which an edit carries over
 * wherever the sentence came unchanged, so a keystroke in a 500 KB note copies no mention.
 */
export function sentenceTokens(doc: TextDocument, sentences: readonly SentenceMentions[], range?: { start: number; end: number }): LineToken[] {
  const text = doc.getText();
  const starts = lineStarts(text);
  const tokens: LineToken[] = [];
  const at = { line: 0 };
  for (const sentence of sentences) {
    tokenWork.sentences++;
    const flat = flatSentence(sentence);
    for (let i = 0; i < flat.starts.length; i++) {
      const start = flat.starts[i] + sentence.start;
      const end = flat.ends[i] + sentence.start;
      if (range && (end <= range.start || start >= range.end)) continue;
      pushLineTokens(tokens, text, starts, at, start, end, flat.types[i], flat.modifiers[i]);
    }
  }
  return tokens;
}

const BIT = Object.fromEntries(TOKEN_MODIFIERS.map((m, i) => [m, 1 << i])) as Record<TokenModifier, number>;

/** An entity's modifier bits; `possible` (or data that has only the old `uncertain`) sets both possible and uncertain. */
export function modifierBits(e: Mention & { suggested?: boolean; curated?: boolean }): number {
  const possible = e.possible || e.uncertain;
  return (
    // Curation (lsp/curation.ts): a model entity not yet reviewed, or one in the note's .ann.
    (e.suggested ? BIT.suggested : 0) |
    (e.curated ? BIT.curated : 0) |
    (e.negated ? BIT.negated : 0) |
    (possible ? BIT.possible | BIT.uncertain : 0) |
    (e.related ? BIT.related : 0) |
    (e.historical ? BIT.historical : 0) |
    (e.hypothetical ? BIT.hypothetical : 0) |
    (e.family ? BIT.family : 0)
  );
}

/** The LSP encoding: five integers a token, its line and start relative to the token before. */
export function encode(tokens: readonly LineToken[]): number[] {
  const data = new Array<number>(tokens.length * 5);
  let line = 0;
  let character = 0;
  let i = 0;
  for (const t of tokens) {
    data[i++] = t.line - line;
    data[i++] = t.line === line ? t.character - character : t.character;
    data[i++] = t.length;
    data[i++] = t.type;
    data[i++] = t.modifiers;
    line = t.line;
    character = t.character;
  }
  return data;
}

/** One edit of a semantic tokens delta (`textDocument/semanticTokens/full/delta`). */
export interface TokenEdit {
  start: number;
  deleteCount: number;
  data: number[];
}

/**
 * The edit turning `before` into `after`, both encoded: what lies between their common
 * prefix and suffix, in whole tokens (five integers each). Positions are relative to the
 * previous token, so an edit in the text changes a short run of tokens: after a keystroke
 * the editor gets that run instead of every token of the note.
 */
export function tokenEdits(before: ArrayLike<number>, after: ArrayLike<number>): TokenEdit[] {
  const max = Math.min(before.length, after.length);
  let prefix = sameStart(before, after, max);
  prefix -= prefix % 5;
  let suffix = sameEnd(before, after, max - prefix);
  suffix -= suffix % 5;
  if (prefix === before.length && prefix === after.length) return [];
  return [{ start: prefix, deleteCount: before.length - prefix - suffix, data: plainArray(after, prefix, after.length - suffix) }];
}

/**
 * How many leading integers `a` and `b` share, at most `max`. Two token arrays (the kept
 * typed arrays, tokenSplice.ts) are compared as memory, in blocks that halve from 16 K
 * integers (a keystroke in a note of 60,000 tokens costs a few native comparisons, not a
 * loop over 300,000 integers).
 */
function sameStart(a: ArrayLike<number>, b: ArrayLike<number>, max: number): number {
  let p = 0;
  if (a instanceof Uint32Array && b instanceof Uint32Array) {
    const [x, y] = [bytesOf(a), bytesOf(b)];
    for (let block = BLOCK; block >= 16; block >>= 1) while (p + block <= max && x.compare(y, 4 * p, 4 * (p + block), 4 * p, 4 * (p + block)) === 0) p += block;
  }
  while (p < max && a[p] === b[p]) p++;
  return p;
}

/** How many trailing integers `a` and `b` share, at most `max` (as sameStart). */
function sameEnd(a: ArrayLike<number>, b: ArrayLike<number>, max: number): number {
  let q = 0;
  if (a instanceof Uint32Array && b instanceof Uint32Array) {
    const [x, y] = [bytesOf(a), bytesOf(b)];
    const [m, n] = [a.length, b.length];
    for (let block = BLOCK; block >= 16; block >>= 1)
      while (q + block <= max && x.compare(y, 4 * (n - q - block), 4 * (n - q), 4 * (m - q - block), 4 * (m - q)) === 0) q += block;
  }
  while (q < max && a[a.length - 1 - q] === b[b.length - 1 - q]) q++;
  return q;
}

const BLOCK = 1 << 14;
const bytesOf = (a: Uint32Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/** `data[from, to)` as the plain array JSON writes as a list (a typed array would go as an object). */
export function plainArray(data: ArrayLike<number>, from = 0, to = data.length): number[] {
  const out = new Array<number>(to - from);
  for (let i = from; i < to; i++) out[i - from] = data[i];
  return out;
}

/** The inverse of `encode`, for tests and tools. */
export function decode(data: readonly number[]): LineToken[] {
  const out: LineToken[] = [];
  let line = 0;
  let character = 0;
  for (let i = 0; i + 4 < data.length; i += 5) {
    line += data[i];
    character = data[i] === 0 ? character + data[i + 1] : data[i + 1];
    out.push({ line, character, length: data[i + 2], type: data[i + 3], modifiers: data[i + 4] });
  }
  return out;
}
