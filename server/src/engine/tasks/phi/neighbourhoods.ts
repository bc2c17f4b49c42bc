/**
 * Boston's neighbourhoods by the names the city calls them, after a preposition of place ("family
 * from eastie", "lives in the North End", "lived in Chinatown"): none is a town of the ZIP codes'
 * list, so the town rules (towns.ts, which call these in their order) cannot read them. JP only
 * after in or to, where no drain is told before it: a Jackson-Pratt drain as often.
 *
 * Invariants: the nickname follows the preposition (and "the" for a two-word name), an opening
 * bracket after its town, or a street's word and its comma; where case
 * tells it is capitalised and starts no sentence, or is in capitals; a word taken by an earlier
 * rule is never taken again.
 */
import { PhiSpan } from './types';
import { bareSpace, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;

const NICKNAMES = new Set(['southie', 'eastie', 'rozzie', 'dot', 'chinatown', 'ashmont', 'neponset', 'squantum', 'wollaston']);
const NICKNAME_PHRASES = new Set([
  'north end',
  'south end',
  'back bay',
  'west end',
  'seaport district',
  'leather district',
  // Parts of neighbourhoods and of Quincy, by the names their people give them.
  'savin hill',
  'fields corner',
  'uphams corner',
  'codman square',
  'lower mills',
  'grove hall',
  'mission hill',
  'beacon hill',
  'egleston square',
  'hyde square',
  'forest hills',
  'houghs neck',
  'adams village',
]);
/** A street's word, after which a neighbourhood follows its comma ("203 Commonwealth Ave, Back Bay"). */
/** The prepositions a neighbourhood's name follows. */
const NEAR = new Set(['in', 'from', 'to', 'near', 'at', 'of', 'around']);
const STREET = /^(?:st|street|ave|avenue|rd|road|blvd|boulevard|terrace|ter|place|pl|way|lane|ln|drive|dr)$/;

export function neighbourhoodSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  const add = (from: number, to: number, confidence: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type: 'location', confidence, why });
  };
  const spaced = (i: number) => i < words.length && bareSpace(words[i].gap);
  for (let i = 0; i + 1 < words.length; i++) {
    // (Or in brackets after its town, "dorchester (savin hill)", or after a street and its comma.)
    const gap = words[i + 1].gap;
    const bracket = (gap.includes('(') && /\([ \t]*$/.test(gap)) || (gap.charCodeAt(0) === 44 && /^,[ \t]*$/.test(gap) && STREET.test(words[i].lower));
    if (!NEAR.has(words[i].lower) && !bracket) continue;
    const j = words[i + 1].lower === 'the' && words[i + 2] && !bracket ? i + 2 : i + 1;
    const two = words[j + 1] && spaced(j + 1) ? `${words[j].lower} ${words[j + 1].lower}` : '';
    const cased = (w: Word) => !tells || (w.cap && !w.starts) || w.allCaps;
    if (NICKNAME_PHRASES.has(two) && !taken.has(j) && cased(words[j])) add(j, j + 1, 0.75, 'a neighbourhood by the name the city calls it');
    else if (j === i + 1 && NICKNAMES.has(words[j].lower) && !taken.has(j) && cased(words[j]) && spaced(j))
      add(j, j, 0.75, 'a neighbourhood by the name the city calls it');
    else if (j === i + 1 && words[j].lower === 'jp' && /^(in|to)$/.test(words[i].lower) && !taken.has(j) && jamaicaPlain(words, j))
      add(j, j, 0.7, 'Jamaica Plain by its letters');
  }
  return out;
}

/**
 * "lives in jp", "a bar in JP.", "went home to jp", "cook in JP as": Jamaica Plain by its letters after in or to, at a clause's end or before
 * a word of when or where; never where a drain is told before it (`JP x2`, `40cc in jp`, `stripped drain in jp`).
 */
function jamaicaPlain(words: Word[], j: number): boolean {
  const next = words[j + 1];
  const ends =
    !next || /[.,;)\n]/.test(next.gap) || /^(once|early|late|with|and|since|where|who|last|for|area|as|to|till|until|w|by|off|near|on)$/.test(next.lower);
  const drain = words
    .slice(Math.max(0, j - 6), j)
    .some((w) => /\d|^(drains?|drainage|output|amylase|cc|ml|fluid|blood|bloody|bulb|serous|serosang|bilious|stripped|emptied|site)$/.test(w.lower));
  return ends && !drain;
}
