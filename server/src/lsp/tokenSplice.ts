/**
 * A note's semantic tokens kept between requests and made again only where the note or its
 * analysis changed. Tokens are encoded relative to the token before, so the tokens of a
 * sentence that came through an edit unchanged (the same mentions array, the same relation
 * flags, its text untouched) encode the same, wherever it moved: the new data is the kept
 * data before the changed run, the changed run's sentences made afresh, and the kept data
 * after it, with only the first token after the run given a new delta. The result equals
 * `encode(sentenceTokens(doc, sentences))` (tested on random notes and edits). The data is
 * kept in a typed array: a keystroke in a note of 10,000 tokens copies 50,000 integers, one
 * memory copy there against an array built element by element (and the garbage it leaves).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { encode, flatSentence, LineToken, lineStarts, pushLineTokens, SentenceMentions, tokenWork } from './semanticTokens';
export { tokenWork } from './semanticTokens';

interface Kept {
  text: string;
  sentences: readonly SentenceMentions[];
  /** Per sentence, the index of its first token; one entry more, the number of tokens. */
  first: Int32Array;
  data: Uint32Array;
}

/**
 * A kept sentence must lie this far from the changed text: whether a line starts at an
 * offset depends on the character before it and the one at it (`\r\n`).
 */
const MARGIN = 2;

/** One note's tokens, kept from the last request. */
export class NoteTokens {
  private kept?: Kept;

  /** The encoded tokens of `sentences` (an analysis's `sentenceEntities()`, in order) over `doc`'s text. */
  encoded(doc: TextDocument, sentences: readonly SentenceMentions[]): Uint32Array {
    const text = doc.getText();
    this.kept = this.kept ? splice(doc, text, this.kept, sentences) : whole(text, sentences);
    return this.kept.data;
  }
}

/** Every sentence's tokens, and where each sentence's begin. */
function whole(text: string, sentences: readonly SentenceMentions[]): Kept {
  const starts = lineStarts(text);
  const tokens: LineToken[] = [];
  const first = new Int32Array(sentences.length + 1);
  const at = { line: 0 };
  sentences.forEach((sentence, i) => {
    first[i] = tokens.length;
    pushSentence(tokens, text, starts, at, sentence, 0);
  });
  first[sentences.length] = tokens.length;
  tokenWork.sentences += sentences.length;
  return { text, sentences, first, data: Uint32Array.from(encode(tokens)) };
}

function pushSentence(out: LineToken[], text: string, starts: Uint32Array, at: { line: number }, sentence: SentenceMentions, base: number): void {
  const flat = flatSentence(sentence);
  for (let i = 0; i < flat.starts.length; i++)
    pushLineTokens(out, text, starts, at, flat.starts[i] + sentence.start, flat.ends[i] + sentence.start, flat.types[i], flat.modifiers[i], base);
}

/** Where a sentence's tokens may lie, in document offsets. */
function extent(sentence: SentenceMentions): { start: number; end: number } {
  const flat = flatSentence(sentence);
  const n = flat.starts.length;
  return n ? { start: sentence.start + flat.starts[0], end: sentence.start + flat.ends[n - 1] } : { start: sentence.start, end: sentence.start };
}

function same(a: SentenceMentions, b: SentenceMentions, shift: number): boolean {
  return a.mentions === b.mentions && a.related === b.related && b.start === a.start + shift;
}

function splice(doc: TextDocument, text: string, kept: Kept, sentences: readonly SentenceMentions[]): Kept {
  // The changed text is [prefix, changeEnd) in new offsets; none when the text is the same.
  let prefix = commonPrefix(kept.text, text);
  let changeEnd = text.length - commonSuffix(kept.text, text, Math.min(kept.text.length, text.length) - prefix);
  if (prefix === text.length && text.length === kept.text.length) [prefix, changeEnd] = [Infinity, -Infinity];
  const shift = text.length - kept.text.length;
  const old = kept.sentences;
  const [n, m] = [old.length, sentences.length];
  // The sentences kept as they were, then back to those clear of the changed text (sentences
  // come in order and do not overlap, so only the last few kept can reach it).
  let p = 0;
  while (p < n && p < m && same(old[p], sentences[p], 0)) p++;
  while (p > 0 && extent(sentences[p - 1]).end + MARGIN > prefix) p--;
  let q = 0;
  while (q < n - p && q < m - p && same(old[n - 1 - q], sentences[m - 1 - q], shift)) q++;
  while (q > 0 && extent(sentences[m - q]).start < changeEnd + MARGIN) q--;

  const run = runTokens(doc, text, sentences.slice(p, m - q));
  const keptBefore = kept.first[p];
  const keptAfter = kept.first[n - q];
  // The last token before the run and the first after it, where they lie now.
  let anchor: LineToken | undefined;
  if (keptBefore > 0) {
    let i = p - 1;
    while (kept.first[i] === kept.first[i + 1]) i--;
    const own = runTokens(doc, text, [sentences[i]]).tokens;
    anchor = own[own.length - 1];
  }
  let next: LineToken | undefined;
  if (keptAfter < kept.first[n]) {
    let j = n - q;
    while (kept.first[j] === kept.first[j + 1]) j++;
    next = runTokens(doc, text, [sentences[j - n + m]]).tokens[0];
  }

  const encoded = encodeAfter(anchor, next ? [...run.tokens, next] : run.tokens);
  const tail = next ? kept.data.subarray((keptAfter + 1) * 5) : kept.data.subarray(0, 0);
  const data = new Uint32Array(keptBefore * 5 + encoded.length + tail.length);
  data.set(kept.data.subarray(0, keptBefore * 5));
  data.set(encoded, keptBefore * 5);
  data.set(tail, keptBefore * 5 + encoded.length);
  const first = new Int32Array(m + 1);
  first.set(kept.first.subarray(0, p + 1));
  run.counts.forEach((c, k) => (first[p + k + 1] = first[p + k] + c));
  const moved = first[m - q] - keptAfter;
  for (let k = 0; k <= q; k++) first[m - q + k] = kept.first[n - q + k] + moved;
  return { text, sentences, first, data };
}

/** `tokens` encoded as if they followed `anchor`. */
function encodeAfter(anchor: LineToken | undefined, tokens: readonly LineToken[]): number[] {
  if (!anchor) return encode(tokens);
  const data = encode([anchor, ...tokens]);
  return data.slice(5);
}

/** The tokens of a run of sentences in order, with absolute lines, from a window of the line table. */
function runTokens(doc: TextDocument, text: string, run: readonly SentenceMentions[]): { tokens: LineToken[]; counts: number[] } {
  tokenWork.sentences += run.length;
  const tokens: LineToken[] = [];
  if (run.length === 0) return { tokens, counts: [] };
  const from = run[0].start;
  const to = Math.max(...run.map((s) => extent(s).end));
  const base = doc.positionAt(from).line;
  const found = [doc.offsetAt({ line: base, character: 0 })];
  for (let i = found[0]; i < text.length && found[found.length - 1] < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
    if (c === 10 || c === 13) found.push(i + 1);
  }
  const starts = Uint32Array.from(found);
  const at = { line: 0 };
  const counts = run.map((sentence) => {
    const before = tokens.length;
    pushSentence(tokens, text, starts, at, sentence, base);
    return tokens.length - before;
  });
  return { tokens, counts };
}

const CHUNK = 4096;

/** The length of the start `a` and `b` share (compared a chunk at a time, then a character). */
function commonPrefix(a: string, b: string): number {
  if (a === b) return a.length;
  const max = Math.min(a.length, b.length);
  let i = 0;
  while (i + CHUNK <= max && a.slice(i, i + CHUNK) === b.slice(i, i + CHUNK)) i += CHUNK;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

/** The length of the end `a` and `b` share, at most `max`. */
function commonSuffix(a: string, b: string, max: number): number {
  let i = 0;
  while (i + CHUNK <= max && a.slice(a.length - i - CHUNK, a.length - i) === b.slice(b.length - i - CHUNK, b.length - i)) i += CHUNK;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(b.length - 1 - i)) i++;
  return i;
}
