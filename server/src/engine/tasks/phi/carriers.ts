/**
 * How a family travels to the bedside, by the carrier's name: an airline ("flies back on US
 * Airways", "arrived on AER LINGUS"), a bus line ("takes the peter pan bus", "on Greyhound",
 * "concord trailways") or the train ("Amtrak"). Each is a business by its name. The carriers
 * are written here from general knowledge, those a New England note names most. An air
 * ambulance or a volunteer pilots' program ("via Med Flight", "Angel Flight") is how a
 * patient came, no business's name to the PhysioNet gold, and stays out as services.ts says.
 *
 * Invariants: matched whole, as words, in any case. A carrier whose name is a word or a
 * place too (United, Delta, Northwest, American, Continental, Southwest, Frontier, Spirit,
 * Peter Pan) only after "on", "via" or "by" where a verb of travel stands before it in the
 * sentence ("flew in on United"; "on delta wave", "by northwest wind" are none), or before
 * "Airlines", "Air Lines" or "bus".
 */
import type { PhiSpan } from './types';
import { placesMatching } from './namedPlaces';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

const OWN = [
  'jet ?blue',
  'us ?airways',
  'us ?air',
  'aer lingus',
  'air canada',
  'air france',
  'british airways',
  'lufthansa',
  'alitalia',
  'air ?tran',
  'cape air',
  'greyhound',
  'concord coach',
  'vermont transit',
  'bonanza bus',
  'amtrak',
];
/**
 * "concord trailways": a Trailways line by the word before it, apart from the list, which begins with two plain
 * characters each way and so is tried only at the words that begin so (leadingWords.ts); this one only where the note
 * names Trailways.
 */
const TRAILWAYS = /(?<![\w-])(?:[a-z]+[ \t]+)?trailways(?![\w-])/gi;
/** Names that are words or places too, as carriers only before their kind or after a verb of travel. */
const WORDS = 'united|delta|northwest|american|continental|southwest|frontier|spirit|peter[ \\t]+pan';

const NAMED = [
  new RegExp(`(?<![\\w-])(?:${OWN.join('|')})(?![\\w-])`, 'gi'),
  // "Delta Airlines", "United Air Lines", "peter pan bus".
  new RegExp(`(?<![\\w-])(?:${WORDS})(?=[ \\t]+(?:air[ \\t]?lines|bus)(?![\\w-]))`, 'gi'),
];
const CUED = new RegExp(`\\b(?=(?:${WORDS}))(?<=(?<![\\w-])(?:on|via|by)[ \\t]+(?:the[ \\t]+)?)(?:${WORDS})(?![\\w-])`, 'gi');
/** A verb of travel earlier in the sentence ("flew in from Chicago on United"). */
const TRAVEL =
  /\b(?:fl(?:y|ies|ying|ew|own)|arriv\w*|came|coming|comes|travel\w*|took|takes|taking|ride|rides|riding|rode|return\w*|heading|leaves|leaving|left)\b[^.;\n]*$/i;

export function carrierSpans(text: string): Found[] {
  const out = placesMatching(text, /trailways/i.test(text) ? [...NAMED, TRAILWAYS] : NAMED, 0.75, 'a carrier by its name');
  for (const m of allMatches(CUED, text))
    if (TRAVEL.test(text.slice(Math.max(0, m.index - 60), m.index)))
      out.push({ start: m.index, end: m.index + m[0].length, type: 'location', confidence: 0.7, why: 'a carrier after a verb of travel' });
  return out;
}
