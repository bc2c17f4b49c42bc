/**
 * A shop, a restaurant or a bar named by words of the language, in a note of one case: "the
 * jade garden restaurant", "CLOSING THE BLUE HERON DINER", "fell outside the golden anchor
 * pub". Where case tells, the capitals say so and institutions.ts finds it; in a note of one
 * case only the article before and the kind after say that the words between are a name.
 *
 * Invariants: one or two words between "the" and the kind, one space or tab between each,
 * none a function or clinical word, a people's or a cuisine's word, or a word that describes
 * without naming ("the local bar", "the hospital cafe", "the corner store", "the chinese
 * restaurant"); a note where case tells is left to the other rules.
 */
import { allMatches } from '../../text/matches';
import { isStopWord } from './clinicalWords';
import { PhiSpan } from './types';

type Found = Omit<PhiSpan, 'text'>;

/** "the", one or two words, and a kind of shop or place to eat (opening at "the": tried only where the note's words begin so). */
const THE_NAMED_KIND =
  /\bthe[ \t]+([a-z][a-z'-]+(?:[ \t]+[a-z][a-z'-]+)?)[ \t]+(?:restaurant|diner|bar|pub|tavern|cafe|bakery|pizzeria|lounge|saloon|deli|grill|package store|liquor store|donut shop|coffee shop|sub shop)\b/gi;
/** Words that describe a shop without naming it. */
const DESCRIBING =
  /^(?:local|corner|nearby|same|old|new|little|small|big|favorite|favourite|fast|food|hospital|cafeteria|coffee|snack|sports|hotel|neighborhood|neighbourhood|family|town|village|city|chinese|italian|mexican|thai|indian|greek|irish|japanese|vietnamese|korean|french|spanish|cuban|pizza|sub|salad|breakfast|gay|wine|cocktail|oyster|raw|hotel's|airport|downtown|street|strip|topless|karaoke|biker|dive|open|busy|crowded|empty|next|other|another|one|two|wet|dry|parallel|grab|side|call|monkey|sand|rest|lunch|dinner)$/;

export function eaterySpans(text: string, tells: boolean): Found[] {
  if (tells) return [];
  const out: Found[] = [];
  for (const m of allMatches(THE_NAMED_KIND, text)) {
    const words = m[1].split(/[ \t]+/);
    if (words.some((w) => DESCRIBING.test(w.toLowerCase()) || isStopWord(w.toLowerCase()))) continue;
    const start = m.index! + m[0].indexOf(m[1], 3);
    out.push({ start, end: start + m[1].length, type: 'location', confidence: 0.7, why: 'a name between the and a kind of shop' });
  }
  return out;
}
