/**
 * The starts of a text's words by their first two characters in lower case, as `\b` sees
 * words: a word character ([A-Za-z0-9_], and under the `iu` flags `ſ` and `K` too, which case
 * folding reads as `s` and `k`) after none. `allMatches` looks up an expression's leading
 * words here (leadingWords.ts) instead of trying it at every position.
 *
 * Invariants: `placesOf` gives every position where `\b` is followed by a word character and
 * the two characters there read, ignoring case, as one of the keys; ascending, each once.
 * The index of the last text asked about is kept (one for each way of reading `ſ` and `K`):
 * the rules of a note ask about the same text in turn. Its tables are reused from text to
 * text (a generation stamp marks what is current), so that indexing a short note costs no
 * more than reading it.
 */
const KEYS = 128 * 128;

/** ASCII in lower case, and whether a word character: code + 128 for a word character. */
const ASCII = new Uint8Array(128).map((_, c) => {
  const lower = c >= 65 && c <= 90 ? c + 32 : c;
  const word = (lower >= 97 && lower <= 122) || (c >= 48 && c <= 57) || c === 95;
  return word ? lower + 128 : lower;
});

/** The key of two characters (codes), each in lower case (0: a character outside ASCII that folds to none). */
export function wordStartKey(a: number, b: number): number {
  return (code(a, true) & 127) * 128 + (code(b, true) & 127);
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
    const keys: number[] = [];
    let before = false;
    for (let i = 0; i < text.length; i++) {
      const c = code(text.charCodeAt(i), folded);
      const word = c >= 128;
      if (word && !before) {
        starts.push(i);
        keys.push((c & 127) * 128 + (i + 1 < text.length ? code(text.charCodeAt(i + 1), folded) & 127 : 0));
      }
      before = word;
    }
    // Lists linked back to front, so that each reads in ascending order.
    const next = new Array<number>(starts.length);
    for (let w = starts.length - 1; w >= 0; w--) {
      const k = keys[w];
      next[w] = stamp[k] === generation ? head[k] : -1;
      head[k] = w;
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
      for (let w = this.head[k]; w >= 0; w = this.next[w]) out.push(this.starts[w]);
    }
    return lists > 1 ? out.sort((a, b) => a - b) : out;
  }
}

const indexes = [new Index(false), new Index(true)];

/** Where in `text` a word begins with one of `keys` (wordStartKey); `folded`: read as under the `iu` flags. */
export function placesOf(text: string, folded: boolean, keys: readonly number[]): number[] {
  const index = indexes[folded ? 1 : 0];
  if (index.text !== text) index.build(text);
  return index.places(keys);
}
