/**
 * Where a patient belongs outside work and home, by the names such places go by with no kind
 * word a rule reads: a veterans' post ("VFW Post 639", "the American Legion"), a fraternal
 * lodge or hall ("plays bingo at the elks", "Knights of Columbus", "Sons of Italy"), a union
 * local by its number ("a retired Teamster, Local 25", "LOCAL 537"), and a parish by a
 * devotion's name ("attend Sacred Heart", "Holy Family parish"). Each is a named place or
 * organisation of a town.
 *
 * Invariants: matched whole, as words, in any case. A veterans' post only with its word or its
 * number ("a VFW member", "the American Legion" alone name the nation's). A local's number is hers only after the
 * capitalised word ("Local 25"; "local 2% lidocaine" and "lidocaine local 10 ml" are none) or
 * after a union's word in the 40 characters before it; a number followed by a unit is a dose.
 * A devotion's name only after a verb of attending or a preposition of place, or before
 * church, parish, school or rectory; the Holy Spirit and the Holy Ghost are prayed to, never named
 * so ("prayed to the holy spirit" names none).
 */
import type { PhiSpan } from './types';
import { placesMatching } from './namedPlaces';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

const POSTS = [
  // "VFW Post 639", "american legion post #12", "AMVETS 41": a post by its word or its number ("a VFW member" is the nation's).
  /(?<![\w-])(?:vfw|amvets|american[ \t]+legion)(?:[ \t]+post(?:[ \t]+#?[ \t]*\d{1,4})?|[ \t]+#?[ \t]*\d{1,4})(?![\w-])/gi,
  // ("goes to the American Legion for breakfast": the Legion by its whole name needs no post.)
  /(?<![\w-])american[ \t]+legion(?![\w-])/gi,
  // "the Elks", "elks lodge", "Knights of Columbus", "K of C hall", "Sons of Italy", "Moose Lodge", "masonic lodge".
  // (K of C apart: a word of one letter first would have the others tried at every position.)
  /(?<![\w-])(?:elks|knights[ \t]+of[ \t]+columbus|sons[ \t]+of[ \t]+italy|(?:moose|masonic|oddfellows|odd[ \t]+fellows)[ \t]+(?:lodge|hall|club|temple))(?![\w-])/gi,
  /(?<![\w-])k[ \t]+of[ \t]+c(?![\w-])/gi,
  // "beers at the Legion", "LEGION HALL": the town's post of the American Legion.
  /(?<=(?<![\w-])the[ \t]+)\blegion(?:[ \t]+(?:hall|post))?(?![\w-])|(?<![\w-])legion[ \t]+(?:hall|post)(?![\w-])/gi,
];

/** A devotion's name a parish goes by. */
const DEVOTION =
  '(?:sacred[ \\t]+heart|holy[ \\t]+(?:family|name|trinity|cross|redeemer|rosary|ghost)|immaculate[ \\t]+conception|blessed[ \\t]+sacrament|gate[ \\t]+of[ \\t]+heaven|most[ \\t]+precious[ \\t]+blood)';
const PARISHES = [
  new RegExp(
    `\\b(?=${DEVOTION})(?<=(?<![\\w-])(?:attends?|attended|attending|at|from|of|to|parishioners?|member)[ \\t]+(?:the[ \\t]+)?)${DEVOTION}(?![\\w-])`,
    'gi',
  ),
  new RegExp(`(?<![\\w-])${DEVOTION}(?=[ \\t]+(?:church|parish|school|rectory|chapel)(?![\\w-]))`, 'gi'),
  // "Church of the Nativity", "CHURCH OF ST. ANNE": a parish by its dedication, capitalised where the note has capitals; in
  // small letters one word after it. (Our Lady's title, in any case, is institutions.ts's to read.)
  /(?<![\w-])(?:Church|CHURCH)[ \t]+(?:of|OF)[ \t]+(?:(?:the|THE)[ \t]+)?\p{Lu}[\p{L}'-]+(?:[ \t]+\p{Lu}[\p{L}'-]+)?/gu,
  /(?<![\w-])church[ \t]+of[ \t]+(?:the[ \t]+)?(?!(?:his|her|their|my|our|your|its|a|an|this|that|which|whom|god)\b)[a-z][a-z'-]+/g,
];

/** "Local 25", "LOCAL 537": a local's capitalised word and its number, no unit after it. */
const LOCAL = /(?<![\w-])(?:Local|LOCAL)[ \t]+#?[ \t]*\d{1,4}(?![\d.,]?\d)(?![ \t]*(?:%|(?:mg|mcg|ml|cc|units?|u)\b))/g;
/** "member of local 7": in small letters only after a union's word shortly before. */
const LOWER_LOCAL = /(?<![\w-])local[ \t]+#?[ \t]*\d{1,4}(?![\d.,]?\d)(?![ \t]*(?:%|(?:mg|mcg|ml|cc|units?|u)\b))/g;
const UNION =
  /(?:union|teamsters?|ibew|pipefitters?|electricians?|carpenters?|laborers?|ironworkers?|plumbers?|steamfitters?|seiu|ufcw|afscme|longshorem[ae]n|member)/i;

export function fellowshipSpans(text: string): Found[] {
  const out = placesMatching(text, [...POSTS, ...PARISHES, LOCAL], 0.75, 'a post, lodge, parish or local by its name');
  for (const m of allMatches(LOWER_LOCAL, text))
    if (UNION.test(text.slice(Math.max(0, m.index - 40), m.index)))
      out.push({ start: m.index, end: m.index + m[0].length, type: 'location', confidence: 0.7, why: 'a local after a union' });
  return out;
}
