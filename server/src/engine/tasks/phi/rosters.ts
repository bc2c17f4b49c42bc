/**
 * Clinicians listed together: the names after a roster's label ("covering: patel/ruiz",
 * "cross-cover: Kim/O'Leary"), and the other half of a pair joined by a slash whose one half
 * is already a name ("D. SEGAL/M. FINN" signing a note, "J. Ames/K. Roy"), and a co-signer after a
 * nurse's role and a slash at a line's end ("GLORIA RN / TESS").
 *
 * Invariants: only a slash or a comma joins a roster's names, and the roster ends at the line's
 * end or at any other mark; every name is a word of two letters or more that is no function or
 * clinical word, and, where case tells, capitalised. A pair's other half has the same shape as
 * the found one (an initial, its full stop, a surname); a unit ("MICU/CCU") is never a name, as
 * no such word passes.
 */
import { FUNCTION_WORDS, isStopWord, mayBeName } from './clinicalWords';
import { isName } from './lists';
import { PhiSpan } from './types';
import { Word } from './words';

/** Credentials after a nurse's role and a slash, no co-signer's name. */
const CREDENTIALS = /^(?:bsn|msn|ccrn|cnl|rn|lpn|np|aprn|cns|phd|dnp|ma|ms|ba|bs)$/;
type Found = Omit<PhiSpan, 'text'>;

/** Labels a roster of clinicians follows (with a colon). */
/** The roles a co-signer follows after a slash. */
const CO_SIGNERS = new Set(['rn', 'lpn', 'sn', 'np']);
const ROSTER_LABEL = new Set(['covering', 'cover', 'cross-cover', 'crosscover', 'xcover', 'coverage', 'oncall', 'on-call']);

export function rosterSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  const add = (from: number, to: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type: 'name', confidence: 0.7, why });
  };
  const nameWord = (w: Word) => w.text.length >= 2 && !isStopWord(w) && mayBeName(w.lower.replace(/'/g, '')) && (!tells || w.cap);
  for (let i = 0; i + 1 < words.length; i++) {
    // ("team (nakamura/o'leary)", "TEAM KOWALSKI/BARRETT": a team's clinicians, joined by a slash, the colon or bracket optional.)
    const l = words[i].lower;
    const team = (l === 'team' || l === 'teams') && /^[ \t]*[:(]?[ \t]*$/.test(words[i + 1].gap);
    if (!team && (!ROSTER_LABEL.has(l) || !/^[ \t]*:[ \t]*$/.test(words[i + 1].gap))) continue;
    // The names, joined by slashes or commas, up to the line's end or another mark (a team's by slashes only).
    let k = i + 1;
    const names: number[] = [];
    const joined = team ? /^[ \t]*\/[ \t]*$/ : /^[ \t]*[/,][ \t]*$/;
    // (After the first, a listed surname that a disease is named for too: "KOWALSKI/BARRETT".)
    const member = (w: Word) => nameWord(w) || (names.length > 0 && isName(w) && !FUNCTION_WORDS.has(w.lower) && (!tells || w.cap));
    while (k < words.length && !taken.has(k) && member(words[k]) && (k === i + 1 || joined.test(words[k].gap))) names.push(k++);
    // (One name alone needs the slash's company: "covering: ortho" is a service.)
    if (names.length < 2) continue;
    for (const n of names) add(n, n, `a roster after ${words[i].text}${team ? '' : ':'}`);
    i = k - 1;
  }
  // An initial, its full stop and a surname beside a slash, when the other side is such a name already.
  const initialled = (k: number) =>
    k + 1 < words.length &&
    words[k].text.length === 1 &&
    /^\.[ \t]*$/.test(words[k + 1].gap) &&
    words[k + 1].text.length >= 2 &&
    !FUNCTION_WORDS.has(words[k + 1].lower);
  for (let i = 0; i + 3 < words.length; i++) {
    if (!initialled(i) || !initialled(i + 2) || !/^[ \t]*\/[ \t]*$/.test(words[i + 2].gap)) continue;
    const left = taken.has(i) || taken.has(i + 1);
    const right = taken.has(i + 2) || taken.has(i + 3);
    if (left === right) continue;
    const [from, to] = left ? [i + 2, i + 3] : [i, i + 1];
    if (tells && !words[to].cap) continue;
    add(from, to, 'beside a name across a slash');
  }
  // "GLORIA RN / TESS", "M. BELL RN / JEN (ORIENTEE)": a co-signer after a nurse's role and a slash, ending the line or before a bracket.
  for (let i = 1; i < words.length; i++) {
    if (!CO_SIGNERS.has(words[i - 1].lower)) continue;
    const after = words[i + 1]?.gap;
    const ends = after === undefined || after.includes('\n') || /^[ \t]*\($/.test(after);
    // ("M.O'Connell RN/BSN": a second credential is no co-signer.)
    if (!ends || taken.has(i) || !/^[ \t]*\/[ \t]*$/.test(words[i].gap) || !nameWord(words[i]) || CREDENTIALS.test(words[i].lower)) continue;
    add(i, i, 'a co-signer after a slash');
  }
  return out;
}
