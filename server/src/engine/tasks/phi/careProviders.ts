/**
 * Care providers a Massachusetts note names by one word or a short name, with no kind word
 * after it: rehabs and long-term hospitals (`to Youville tomorrow`, `back to KINDRED 7/25`),
 * home-oxygen and infusion companies (`home O2 via Lincare`, `from APRIA`), elder services
 * (`thru Ethos`, `Old Colony elder services`), psychiatric and specialty hospitals (`McLean vs
 * Arbour`, `Joslin referral`, `at DFCI`, `UMass`), hospitals by a short name (`at carney`,
 * `(bmc, st. e's)`) and a detox's agency (`Bay Cove`). Each is a business or an institution by
 * its name. The names are written here from general knowledge, the providers Boston's notes
 * send patients to most.
 *
 * Invariants: matched whole, as words, in any case. A name no word of the language spells
 * (Youville, Lincare, Apria, Joslin, DFCI, Vinfen, UMass) counts wherever it stands; one that
 * is a word or a surname too (kindred, arbour, ethos, carney, mclean, bmc) only right after a
 * preposition of place or of means, "vs", "or", "for", "by", or an opening bracket, comma or
 * question mark. "radius" is left out, a bone as often. The organ bank ("NEOB notified") is
 * a place: six fixtures' authors mark it and five leave it as a step of the protocol, and a
 * name left in costs more than a word taken out.
 */
import type { PhiSpan } from './types';
import { placesMatching } from './namedPlaces';

type Found = Omit<PhiSpan, 'text'>;

const OWN = ['youville', 'lincare', 'apria', 'joslin', 'dfci', 'jimmy fund', 'vinfen', 'hebrew senior ?life', 'option care', 'umass', 'bay cove', 'old colony'];
/** The eye and ear infirmary by its name and its letters ("at mass eye and ear", "f/u at MEEI"). */
const EYE_AND_EAR = ['mass(?:achusetts)? eye (?:and|&) ear(?: infirmary)?', 'meei'];
/** Agencies that serve the homeless, the poor and families by their names. */
const AGENCIES = [
  // (Each way begins with its own words, so that allMatches tries the list only at the words that begin so: leadingWords.ts.)
  'boston health ?care for the homeless',
  'health ?care for the homeless',
  'bhchp',
  "jewish family (?:(?:&|and) children['\u2019]?s )?services?",
  'catholic charities',
  'aids action(?: committee)?',
  'salvation army',
  // The region's organ and tissue bank, called after every death in an ICU.
  'new england organ bank',
  'neob',
];
const CUED = ['kindred', 'arbour', 'ethos', 'carney', 'mc ?lean', 'bmc', 'coram', 'genesis', 'mt\\.? auburn', 'mount auburn'];
const CUE = '(?:(?<![\\w-])(?:at|to|from|via|thru|through|vs\\.?|or|for|by|about|is)[ \\t]+(?:the[ \\t]+)?|[?(,][ \\t]*)';

const NAMES = [
  new RegExp(`(?<![\\w-])(?:${[...OWN, ...EYE_AND_EAR, ...AGENCIES].join('|')})(?![\\w-])`, 'gi'),
  new RegExp(`\\b(?=(?:${CUED.join('|')}))(?<=${CUE})(?:${CUED.join('|')})(?![\\w-])`, 'gi'),
];

export function careProviderSpans(text: string): Found[] {
  return placesMatching(text, NAMES, 0.75, 'a care provider by its name');
}
