/**
 * The person a note names as the patient's proxy or guardian before saying so ("clarence is
 * hcp", "Marie Lund is the HCP", "JOAN IS PT'S HEALTH CARE PROXY").
 *
 * Invariants: the name is the word right before "is" (and the word before it where case tells
 * and both are capitalised); a word a name may be (mayBeName), never a function or clinical
 * word nor a relative's or a role's ("wife is hcp", "she is hcp", "sister is guardian" name
 * none), capitalised where case tells.
 */
import { isStopWord, mayBeName } from './clinicalWords';
import { KIN } from './nameMarkWords';
import { POSTAL_CODES, STATES } from './spelling';
import { PhiSpan } from './types';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

const PROXY =
  /(?<![\p{L}'-])(\p{L}[\p{L}'-]+)[ \t]+(?:is|was|remains|will[ \t]+be)[ \t]+(?:(?:the|pt'?s|patient'?s|her|his|their|now|also)[ \t]+)*(?:hcp|health[ \t]+care[ \t]+proxy|proxy|legal[ \t]+guardian|guardian|poa)(?![\p{L}])/giu;
const PROXY_WORD = /(?:hcp|proxy|guardian|poa)(?![\p{L}])/iu;
/** Words besides the relatives' (KIN) that stand before "is hcp" as often as a name: kin KIN lacks, roles, pronouns. */
const NOT_NAMED = /^(?:mom|dad|aunt|uncle|cousin|spouse|family|who|whom|one|nobody|noone|someone|sw|cm|rn|md|attorney|lawyer|court|state)$/i;

export function proxySpans(text: string, tells: boolean): Found[] {
  const out: Found[] = [];
  const named = (w: string) => {
    const lw = w.toLowerCase();
    // ("ex-wife Joy", "son-in-law": a relative's word with its prefix or suffix is none.)
    const kin = lw.replace(/^(?:ex|step|great|grand)-/, '').replace(/-in-law$/, '');
    return (
      !isStopWord(lw) &&
      !KIN.test(kin) &&
      !NOT_NAMED.test(kin) &&
      !STATES.has(lw) &&
      !POSTAL_CODES.has(lw) &&
      mayBeName(lw) &&
      (!tells || /^\p{Lu}\p{Ll}/u.test(w))
    );
  };
  // (The pattern opens at every word: looked for only in a note that names a proxy's word at all.)
  if (!PROXY_WORD.test(text)) return out;
  for (const m of allMatches(PROXY, text)) {
    const w = m[1];
    if (!named(w)) continue;
    let start = m.index;
    // "Marie Lund is the HCP": a given name before the surname, where case tells.
    const before = /(?<![\p{L}'-])(\p{L}[\p{L}'-]+)[ \t]+$/u.exec(text.slice(Math.max(0, start - 30), start));
    if (tells && before && named(before[1])) start -= before[0].length;
    out.push({ start, end: m.index + w.length, type: 'name', confidence: 0.75, why: 'a name before "is" and the proxy\'s word' });
  }
  return out;
}
