/**
 * Shops, pharmacies and chains by their brand alone ("RX TO WALGREENS", "works the register at
 * Market Basket", "drives for Domino's"): a patient's employer or the store a note sends them
 * to is PHI (a business by its name), and a brand names no kind of place that the
 * institution rules could read. The brands are written here from general knowledge, the
 * chains and employers a Massachusetts note names most (`retired Raytheon engineer`, `works at
 * State Street`), and its airports (`landing at Logan`, `flew into BWI`). A brand that is a word of a note too (`CVS` is the
 * cardiovascular system, `UPS` the plural of up, `McDonald's` and `Wendy's` a person's, `whole
 * foods` a diet, `Fidelity` and `Logan` a word and a name) counts only right after a
 * preposition of place or a work word; `Target`, `Staples` and `Subway` are left out (titrate to
 * target, closed with staples, took the subway).
 *
 * Invariants: a brand is matched whole, as words (never inside a longer word), in any case;
 * the cued ones only after one of the cue words and an optional "the", on the same line; `UPS`
 * only in capitals.
 */
import type { PhiSpan } from './types';
import { placesMatching } from './namedPlaces';

type Found = Omit<PhiSpan, 'text'>;

const BRANDS = [
  'walgreens',
  'rite[ -]aid',
  "dunkin(?:['\u2019]?(?:[ \\t]+donuts)?)",
  'starbucks',
  'burger king',
  'home depot',
  "lowe['\u2019]?s home improvement",
  'wal-?mart',
  // (Spelt out with and without its marks, so that each way begins with two plain characters: allMatches then tries the
  // list only at the words that begin so, leadingWords.ts.)
  'k-mart',
  'kmart',
  'costco',
  "bj['\u2019]s wholesale",
  'stop (?:&|and) shop',
  'star market',
  'market basket',
  "trader joe['\u2019]?s",
  "papa gino['\u2019]?s",
  "domino['\u2019]?s",
  "friendly['\u2019]?s",
  'best buy',
  't\\. ?j\\.? ?maxx',
  't j\\.? ?maxx',
  'tj\\.? ?maxx',
  '7-eleven',
  'fed ?ex',
  'raytheon',
  'polaroid',
  'state street',
  'jordan marsh',
  "filene['\u2019]?s(?:[ \\t]+basement)?",
  'boston edison',
  'boston globe',
  'boston herald',
  'au bon pain',
  'us postal service',
  'usps',
  'nstar',
  'verizon',
  'comcast',
  // Employers of New England's mills, yards and plants.
  'pratt (?:&|and) whitney',
  'sikorsky',
  'electric boat',
  'general dynamics',
  'bath iron works',
  'hp hood',
  'boston scientific',
  'w\\.l\\.? gore',
  'wl\\.? gore',
  // Airports by their names and codes that are no word or name of a note.
  'bwi',
  'la ?guardia',
];
const CUED = [
  'cvs',
  'amazon',
  'sears',
  'osco',
  'whole foods',
  'marshalls',
  'fidelity',
  'logan',
  'town taxi',
  "howard johnson['\u2019]?s?",
  'big y',
  'goodwill',
  'fresenius',
  'davita',
  // Airports whose names are a person's or a word too (JFK the president, O'Hare a surname, Dulles a town).
  'jfk',
  // (Each way spelt out in ASCII, so that each begins with two plain characters: leadingWords.ts.)
  'ohare',
  "o'hare",
  'dulles',
];
const CUES =
  '(?:at|@|from|to|for|with|works|worked|working|employed by|job at|shift at|manager at|arriving|arrives|arrived|lands|landed|landing at|into)[ \\t]+(?:the[ \\t]+)?';
/** Brands that read as a person's possessive ("Wendy's husband"): after "at" or a work word only, and not before a home's word. */
const POSSESSIVE = ["macy['\u2019]s", "shaw['\u2019]s", "mc ?donald['\u2019]s", "wendy['\u2019]s"];
const WORK_CUES = '(?:at|works at|worked at|working at|employed by|job at|shift at|manager at)[ \\t]+';
const NOT_HOME = '(?![ \\t]+(?:house|home|apt|apartment|place|bedside|room|side|request|number|phone|cell))';

const PLAIN = new RegExp(`(?<![\\w-])(?:${BRANDS.join('|')})(?![\\w-])`, 'gi');
const AFTER_CUE = new RegExp(`\\b(?=(?:${CUED.join('|')}))(?<=(?<![\\w-])${CUES})(?:${CUED.join('|')})(?![\\w-])`, 'gi');
const AFTER_WORK = new RegExp(`\\b(?=(?:${POSSESSIVE.join('|')}))(?<=(?<![\\w-])${WORK_CUES})(?:${POSSESSIVE.join('|')})(?![\\w-])${NOT_HOME}`, 'gi');
const UPS = new RegExp(`\\b(?=UPS)(?<=(?<![\\w-])(?:at|for|with|drives for|works at)[ \\t]+)UPS(?![\\w-])`, 'g');

export function brandSpans(text: string): Found[] {
  return placesMatching(text, [PLAIN, AFTER_CUE, AFTER_WORK, UPS], 0.8, 'a brand');
}
