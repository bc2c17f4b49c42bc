/**
 * The starts of a text's words by their first two characters in lower case, and by their first
 * three (a leading word of three letters or more is looked up by three), as `\b` sees
 * words: a word character ([A-Za-z0-9_], and under the `iu` flags `ſ` and `K` too, which case
 * folding reads as `s` and `k`) after none. `allMatches` looks up an expression's leading
 * words here (leadingWords.ts) instead of trying it at every position.
 *
 * Invariants: `placesOf` gives every position where `\b` is followed by a word character and
 * the two or three characters there read, ignoring case, as one of the keys (a key of three
 * may stand for other triples too, which only adds places to try); ascending, each once.
 * The index of the last text asked about is kept (one for each way of reading `ſ` and `K`, one
 * for both where the text holds neither):
 * the rules of a note ask about the same text in turn. Its tables are reused from text to
 * text (a generation stamp marks what is current), so that indexing a short note costs no
 * more than reading it.
 */
const PAIRS = 128 * 128;
/** Triples share 2^16 keys after the pairs' (a shared key only adds places to try). */
const KEYS = PAIRS + (1 << 16);

/** ASCII in lower case, and whether a word character: code + 128 for a word character. */
const ASCII = new Uint8Array(128).map((_, c) => {
  const lower = c >= 65 && c <= 90 ? c + 32 : c;
  const word = (lower >= 97 && lower <= 122) || (c >= 48 && c <= 57) || c === 95;
  return word ? lower + 128 : lower;
});

/** The key a leading word is looked up by: its first three characters (two if it has two), each in lower case (0: a character outside ASCII that folds to none). */
export function wordStartKey(word: string): number {
  const pair = (code(word.charCodeAt(0), true) & 127) * 128 + (code(word.charCodeAt(1), true) & 127);
  return word.length >= 3 ? tripleKey(pair, code(word.charCodeAt(2), true) & 127) : pair;
}

function tripleKey(pair: number, third: number): number {
  return PAIRS + (Math.imul(pair * 128 + third, 0x9e3779b1) >>> 16);
}

/** A character's code in lower case, + 128 for a word character; 0 outside ASCII, save `ſ` and `K` where folded. */
function code(c: number, folded: boolean): number {
  if (c < 128) return ASCII[c];
  if (folded && c === 0x17f) return 115 + 128;
  if (folded && c === 0x212a) return 107 + 128;
  return 0;
}

class Index {
  text: string | undefined;
  private generation = 0;
  private readonly stamp = new Int32Array(KEYS);
  private readonly head = new Int32Array(KEYS);
  private starts: number[] = [];
  private next: number[] = [];

  constructor(private readonly folded: boolean) {}

  build(text: string): void {
    this.text = text;
    this.generation++;
    const { folded, stamp, head, generation } = this;
    const starts: number[] = [];
    // Two keys a word (its pair's, then its triple's): entry e is word e >> 1's.
    const keys: number[] = [];
    let before = false;
    for (let i = 0; i < text.length; i++) {
      const c = code(text.charCodeAt(i), folded);
      const word = c >= 128;
      if (word && !before) {
        starts.push(i);
        const pair = (c & 127) * 128 + (i + 1 < text.length ? code(text.charCodeAt(i + 1), folded) & 127 : 0);
        keys.push(pair, tripleKey(pair, i + 2 < text.length ? code(text.charCodeAt(i + 2), folded) & 127 : 0));
      }
      before = word;
    }
    // Lists linked back to front, so that each reads in ascending order.
    const next = new Array<number>(keys.length);
    for (let e = keys.length - 1; e >= 0; e--) {
      const k = keys[e];
      next[e] = stamp[k] === generation ? head[k] : -1;
      head[k] = e;
      stamp[k] = generation;
    }
    this.starts = starts;
    this.next = next;
  }

  places(keys: readonly number[]): number[] {
    const out: number[] = [];
    let lists = 0;
    for (const k of keys) {
      if (this.stamp[k] !== this.generation) continue;
      lists++;
      for (let e = this.head[k]; e >= 0; e = this.next[e]) out.push(this.starts[e >> 1]);
    }
    // (A word is in one pair's list and one triple's: with both kinds of key it may come twice.)
    return lists > 1 ? ascendingOnce(out) : out;
  }
}

/** The places in ascending order, each once: a few sorted in place by insertion, more as a typed array (no comparison function). */
function ascendingOnce(places: number[]): number[] {
  let sorted: ArrayLike<number> = places;
  if (places.length > 24) sorted = Int32Array.from(places).sort();
  else
    for (let i = 1; i < places.length; i++) {
      const p = places[i];
      let j = i - 1;
      for (; j >= 0 && places[j] > p; j--) places[j + 1] = places[j];
      places[j + 1] = p;
    }
  const out: number[] = [];
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) out.push(sorted[i]);
  return out;
}

const indexes = [new Index(false), new Index(true)];

/** The last text asked about, and whether it holds `ſ` or `K` (only there do the two ways of reading differ). */
let foldText: string | undefined;
let foldsApart = false;

/** Where in `text` a word begins with one of `keys` (wordStartKey); `folded`: read as under the `iu` flags. */
export function placesOf(text: string, folded: boolean, keys: readonly number[]): number[] {
  if (folded && foldText !== text) {
    foldText = text;
    foldsApart = text.includes('\u017f') || text.includes('\u212a');
  }
  // (A text without them is indexed once for both.)
  const index = indexes[folded && foldsApart ? 1 : 0];
  if (index.text !== text) index.build(text);
  return index.places(keys);
}
