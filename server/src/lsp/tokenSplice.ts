/**
 * A note's semantic tokens kept between requests and made again only where the note or its
 * analysis changed. Tokens are encoded relative to the token before, so the tokens of a
 * sentence that came through an edit unchanged (the same mentions array, the same relation
 * flags, its text untouched) encode the same, wherever it moved: the new data is the kept
 * data of every unchanged run of sentences, the changed sentences (the edited ones, and those
 * whose answers arrived since, wherever they lie) made afresh, and only the first token after
 * each changed run given a new delta. The result equals `encode(sentenceTokens(doc,
 * sentences))` (tested on random notes and edits). The data is kept in a typed array: a
 * keystroke in a note of 10,000 tokens copies 50,000 integers, one memory copy there against
 * an array built element by element (and the garbage it leaves).
 *
 * Invariants: a kept run never crosses the changed text (the lines between its tokens either
 * side may differ); rows are paired by where they lie after the edit, never by index (a
 * sentence's first answer adds a row); a kept row's start is the one it had when kept, read
 * from `starts`, never from the row (the analysis moves a row where an edit moved its sentence).
 */
import { TextDocument } from 'vscode-languageserver-textdocument';
import { commonEnds } from '../engine';
import { encode, flatSentence, LineToken, lineStarts, pushLineTokens, SentenceMentions, tokenWork } from './semanticTokens';
export { tokenWork } from './semanticTokens';

interface Kept {
  text: string;
  sentences: readonly SentenceMentions[];
  /** Each row's start when kept: a later version moves the same row objects (views.ts). */
  starts: Float64Array;
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
  return { text, sentences, starts: startsOf(sentences), first, data: Uint32Array.from(encode(tokens)) };
}

function pushSentence(out: LineToken[], text: string, starts: Uint32Array, at: { line: number }, sentence: SentenceMentions, base: number): void {
  const flat = flatSentence(sentence);
  for (let i = 0; i < flat.starts.length; i++)
    pushLineTokens(out, text, starts, at, flat.starts[i] + sentence.start, flat.ends[i] + sentence.start, flat.types[i], flat.modifiers[i], base);
}

function startsOf(rows: readonly SentenceMentions[]): Float64Array {
  const out = new Float64Array(rows.length);
  for (let i = 0; i < rows.length; i++) out[i] = rows[i].start;
  return out;
}

/** Where a sentence's tokens may end, in document offsets, the sentence starting at `start`. */
function extentEnd(sentence: SentenceMentions, start: number): number {
  const flat = flatSentence(sentence);
  const n = flat.starts.length;
  return n ? start + flat.ends[n - 1] : start;
}

/**
 * Where each row of `rows` lies after the edit, when its tokens cannot have changed by it:
 * its start (shifted by `shift` after the changed text), or -1 for a row the change reaches.
 * Rows are in order and do not overlap, so a row's tokens end before the next row starts:
 * only the last row before the change needs its extent looked at.
 */
function clearOf(rows: readonly SentenceMentions[], starts: Float64Array, changeStart: number, changeEnd: number, shift: number): Int32Array | Float64Array {
  const at = rows.length > 0 && starts[rows.length - 1] + Math.max(0, shift) > 2 ** 31 - 1 ? new Float64Array(rows.length) : new Int32Array(rows.length);
  for (let i = 0; i < rows.length; i++) {
    const start = starts[i];
    if (start < changeStart && ((i + 1 < rows.length && starts[i + 1] + MARGIN <= changeStart) || extentEnd(rows[i], start) + MARGIN <= changeStart))
      at[i] = start;
    else if (start >= changeEnd + MARGIN) at[i] = start + shift;
    else at[i] = -1;
  }
  return at;
}

/**
 * The new tokens from the kept ones: every row the edit could not reach and whose arrays are
 * the same as before keeps its encoded tokens; the others (the edited sentences, those whose
 * answers arrived since, wherever they lie) are made afresh, and the first token after each
 * made run gets a new delta. An answer far from the edit costs its own sentence, not the
 * stretch between them.
 */
function splice(doc: TextDocument, text: string, kept: Kept, sentences: readonly SentenceMentions[]): Kept {
  // The changed text is [prefix, changeEnd) in new offsets; none when the text is the same.
  const ends = commonEnds(kept.text, text);
  let prefix = ends.prefix;
  let changeEnd = text.length - ends.suffix;
  if (prefix === text.length && text.length === kept.text.length) [prefix, changeEnd] = [Infinity, Infinity];
  const shift = text.length - kept.text.length;
  const old = kept.sentences;
  const [n, m] = [old.length, sentences.length];
  // Each new row's kept row (its index in `old`), or -1: rows paired by where they lie now.
  const starts = startsOf(sentences);
  const oldAt = clearOf(old, kept.starts, prefix, changeEnd - shift, shift);
  const newAt = clearOf(sentences, starts, prefix, changeEnd, 0);
  const pair = new Int32Array(m).fill(-1);
  for (let i = 0, j = 0; i < n && j < m;) {
    if (oldAt[i] < 0) i++;
    else if (newAt[j] < 0 || newAt[j] < oldAt[i]) j++;
    else if (newAt[j] > oldAt[i]) i++;
    else {
      // (Where they lie now is the same: the same arrays make the same tokens.)
      if (old[i].mentions === sentences[j].mentions && old[i].related === sentences[j].related) pair[j] = i;
      i++;
      j++;
    }
  }

  const chunks: ArrayLike<number>[] = [];
  const first = new Int32Array(m + 1);
  let total = 0;
  // The last token so far (the row it ends; the token itself once made, made only when a later token is encoded after it).
  let prevRow = -1;
  let prevToken: LineToken | undefined;
  const prev = (): LineToken | undefined => {
    if (prevRow < 0 || prevToken) return prevToken;
    const own = runTokens(doc, text, [sentences[prevRow]]).tokens;
    return (prevToken = own[own.length - 1]);
  };
  const tokenCount = (i: number) => kept.first[i + 1] - kept.first[i];
  for (let j = 0; j < m;) {
    let e = j + 1;
    if (pair[j] >= 0) {
      // Kept rows, one after another in the old list too: their data is copied, the first token encoded again
      // (Never across the changed text: the line between two tokens either side of it may differ.)
      while (e < m && pair[e] === pair[e - 1] + 1 && newAt[e] < prefix === newAt[e - 1] < prefix) e++;
      const [t0, t1] = [kept.first[pair[j]], kept.first[pair[e - 1] + 1]];
      for (let k = j; k < e; k++) first[k] = total + kept.first[pair[k]] - t0;
      if (t1 > t0) {
        // (The note's first tokens, before the change, encode as they did: where they lie is unchanged.)
        if (prevRow < 0 && t0 === 0 && newAt[j] < prefix) chunks.push(kept.data.subarray(0, t1 * 5));
        else {
          let a = j;
          while (tokenCount(pair[a]) === 0) a++;
          chunks.push(encodeAfter(prev(), [runTokens(doc, text, [sentences[a]]).tokens[0]]));
          chunks.push(kept.data.subarray((t0 + 1) * 5, t1 * 5));
        }
        prevRow = e - 1;
        while (tokenCount(pair[prevRow]) === 0) prevRow--;
        prevToken = undefined;
        total += t1 - t0;
      }
    } else {
      while (e < m && pair[e] < 0) e++;
      const run = runTokens(doc, text, sentences.slice(j, e));
      run.counts.forEach((c, k) => ((first[j + k] = total), (total += c)));
      if (run.tokens.length) {
        chunks.push(encodeAfter(prev(), run.tokens));
        prevRow = j + run.counts.length - 1;
        prevToken = run.tokens[run.tokens.length - 1];
      }
    }
    j = e;
  }
  first[m] = total;
  const data = new Uint32Array(total * 5);
  let at = 0;
  for (const c of chunks) {
    data.set(c, at);
    at += c.length;
  }
  return { text, sentences, starts, first, data };
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
  const to = Math.max(...run.map((s) => extentEnd(s, s.start)));
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
