import { leadingWords, opensLines } from './leadingWords';
import { placesOf, wordStartKey } from './wordStartIndex';

/**
 * Every match of a global regular expression, as `String.prototype.matchAll` gives them,
 * read with `exec` on the expression itself.
 *
 * Why not `matchAll` (or `split` with an expression): both copy the expression on every
 * call, and V8 gives the copy its compiled code from a cache that two major collections
 * empty. After them, each copy is parsed and compiled again: the first keystroke after a
 * while of other work spent 20-29 ms compiling the PHI rules of one sentence, the second as
 * long again tiering them up. An expression kept by its module keeps its code. ESLint
 * forbids `matchAll` in the server (eslint.config.mjs).
 *
 * An expression whose every match begins a word with one of a few strings (leadingWords.ts)
 * is tried only at the words of the text that begin so (wordStartIndex.ts): V8 tries an
 * expression that opens with `\b` under the `iu` flags, or with five or more alternatives, at
 * every position, and most PHI rules open so. Its copy with the sticky flag, kept here by
 * source so that it keeps its code, is tried at each such word. An expression that opens a
 * line (`(?<=^|\n)`, `(?:^|\n)`) is tried so at the text's start and its line breaks.
 *
 * Invariants: the same matches in the same order as `matchAll` (tested against it on random
 * expressions and texts, empty matches and astral characters included, and case folding's
 * `ſ` and `K`); `re.lastIndex` is 0 afterwards, so a callback that runs `re` again on other
 * text cannot change what is returned.
 */
export function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  if (!re.global) throw new TypeError(`allMatches needs a global expression: /${re.source}/${re.flags}`);
  const gate = gateOf(re);
  if (gate) return gatedMatches(gate, text);
  const out: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    out.push(m);
    // An empty match leaves lastIndex where it was: step past it, a whole code point in unicode mode (as matchAll does).
    if (m[0] === '') re.lastIndex = advance(text, re.lastIndex, re.unicode || re.flags.includes('v'));
  }
  re.lastIndex = 0;
  return out;
}

/**
 * The keys of an expression's leading words' first two or three characters (wordStartIndex.ts),
 * or (`keys` null) an expression that opens a line (leadingWords.ts `opensLines`); and the
 * expression tried there (`at`).
 */
interface Gate {
  keys: number[] | null;
  at: RegExp;
  /** Whether the text is read as under the `iu` flags. */
  folded: boolean;
}

/**
 * The gates by source, then flags (null: none). By source, not by object: a literal in a
 * function is a new object on every call, with the same source. Bounded, in case expressions
 * are ever built from a note's words.
 */
const gates = new Map<string, Map<string, Gate | null>>();
const MAX_SOURCES = 4000;

/** The expressions tried at every position since the gates were made or forgotten, as `/source/flags` (a test keeps their number down). */
export function expressionsTriedEverywhere(): string[] {
  const out: string[] = [];
  for (const [source, byFlags] of gates) for (const [flags, gate] of byFlags) if (!gate) out.push(`/${source}/${flags}`);
  return out;
}

/** Forget every gate: each is made again when its expression is next asked about. */
export function forgetGates(): void {
  gates.clear();
}

function gateOf(re: RegExp): Gate | null {
  let byFlags = gates.get(re.source);
  if (!byFlags) {
    if (gates.size >= MAX_SOURCES) gates.clear();
    gates.set(re.source, (byFlags = new Map()));
  }
  let gate = byFlags.get(re.flags);
  if (gate === undefined) {
    const words = leadingWords(re);
    const keys = words ? [...new Set(words.map(wordStartKey))] : null;
    gate = keys || opensLines(re) ? { keys, at: new RegExp(re.source, `${re.flags}y`), folded: re.ignoreCase && re.unicode } : null;
    byFlags.set(re.flags, gate);
  }
  return gate;
}

/** Every match, each tried only at a word that begins like a leading word, or at a line's start: a match begins at one, so none is missed. */
function gatedMatches({ keys, at, folded }: Gate, text: string): RegExpExecArray[] {
  const out: RegExpExecArray[] = [];
  const places = keys ? placesOf(text, folded, keys) : lineEdges(text);
  let from = 0;
  for (const place of places) {
    if (place < from) continue;
    at.lastIndex = place;
    const m = at.exec(text);
    if (m) {
      out.push(m);
      // (A leading word has two characters or more; a line's pattern might match nothing, and the next try is further on.)
      from = m[0] === '' ? place + 1 : at.lastIndex;
    }
  }
  at.lastIndex = 0;
  return out;
}

/** The last text's line edges: 0, and each line break's place and the place after it (\n, \r, \u2028, \u2029), ascending. */
let edgesOf: { text: string; edges: number[] } | undefined;

function lineEdges(text: string): number[] {
  if (edgesOf?.text === text) return edgesOf.edges;
  const edges = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13 || c === 0x2028 || c === 0x2029) {
      if (edges[edges.length - 1] !== i) edges.push(i);
      edges.push(i + 1);
    }
  }
  edgesOf = { text, edges };
  return edges;
}

function advance(text: string, at: number, unicode: boolean): number {
  if (!unicode || at + 1 >= text.length) return at + 1;
  const c = text.charCodeAt(at);
  const d = text.charCodeAt(at + 1);
  return c >= 0xd800 && c <= 0xdbff && d >= 0xdc00 && d <= 0xdfff ? at + 2 : at + 1;
}
