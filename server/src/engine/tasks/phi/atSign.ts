/**
 * A place after an at sign, as terse notes write where something was done ("aicd placed 2001
 * @ mgh", "TAH 1961 @ Carney", "ERCP/STENT @ LAHEY", "PCP DR ABRAMS @ CODMAN SQ HEALTH CTR").
 *
 * Invariants: the at sign ends the gap before the place's first word, a space after it (a number may stand before it);
 * that word is no function or clinical word, nor one of the language unless capitalised where case tells (so "@ goal", "@ rest",
 * "@ bedside", "@ hs" name none, and a number after the sign is no word at all), and is a listed place, town or name,
 * or a word no list holds of two letters or more; up to three more words go on with it, joined by
 * spaces, each a descriptor of a place ("HEALTH CTR", "SQ") or such a word, capitalised where
 * case tells.
 */
import { isStopWord, isUnknownWord } from './clinicalWords';
import { DESCRIPTORS } from './institutions';
import { isEnglish, isName, isPlace, isTown } from './lists';
import { POSTAL_CODES } from './spelling';
import { PhiSpan } from './types';
import { bareSpace, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;

/** Abbreviations after an at sign that name no place: an outside hospital, midnight, a rate ("@ OSH", "@ mn", "@ KVO"). */
const NOT_PLACE = /^(?:osh|mn|kvo|tko|noc|hs|pm|am|bs|bsl)$/;
/** Short words of a place's name after its first ("CODMAN SQ HEALTH CTR"). */
const PLACE_TAIL = /^(?:sq|ctr|hosp|med|medical|health|center|centre|hospital|clinic|rehab|manor|home)$/;

export function atSignPlaceSpans(words: readonly Word[], tells: boolean): Found[] {
  const out: Found[] = [];
  // (Where case tells, a capitalised word of the language too, "@ Carney"; letters in capitals only as a hospital's, "@ MGH", not "@ MN", "@ KVO".)
  const placeWord = (w: Word) =>
    !isStopWord(w) &&
    w.text.length >= 2 &&
    !POSTAL_CODES.has(w.lower) &&
    !NOT_PLACE.test(w.lower) &&
    // ("@ R-BASE": each part of a hyphenated word a place's, none a letter, a clinical word or a word of the language.)
    w.lower.split('-').every((p) => p === w.lower || (p.length >= 2 && !isEnglish(p) && !isStopWord(p))) &&
    (isPlace(w) || isTown(w.lower) || isName(w) || isUnknownWord(w)) &&
    (tells ? w.cap && !(w.allCaps && w.text.length <= 4 && !isPlace(w) && !/(?:H|MC)$/.test(w.text)) : !isEnglish(w.lower));
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!/(?:^|[ \t])@[ \t]+$/.test(w.gap) || !placeWord(w)) continue;
    let k = i;
    while (k - i < 3 && words[k + 1] && bareSpace(words[k + 1].gap) && (!tells || words[k + 1].cap)) {
      const next = words[k + 1];
      if (!(PLACE_TAIL.test(next.lower) || DESCRIPTORS.has(next.lower) || placeWord(next))) break;
      k++;
    }
    out.push({ start: w.start, end: words[k].end, type: 'location', confidence: 0.7, why: 'a place after an at sign' });
    i = k;
  }
  return out;
}
