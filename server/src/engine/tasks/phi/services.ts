/**
 * Who brought the patient, as trauma and emergency notes name them: a private ambulance
 * company by its name ("Brewster Ambulance", "transported by cataldo", "BREWSTER TO GOOD SAM"),
 * a state's police ("Mass State Police") and public authorities that employ and police ("MBTA
 * police", "a Massport safety officer"). Each is a business or an agency by its name. The
 * companies are written here from general knowledge, those a Massachusetts note names most. A
 * town's own police, fire and EMS are read from the note's words (townServiceSpans, which the
 * place rules call in their order: "Quincy PD", "boston ems"; its veterans' hospital, "the
 * Jamaica Plain VA"). An air
 * service alone ("via Med Flight", "LIFEFLIGHT") is how the patient came, no name: the
 * PhysioNet gold and ten fixtures leave it, and a "Red Cross message" is a military family's.
 *
 * Invariants: matched whole, as words, in any case; a company's name that is a surname or a
 * town too (Brewster, Fallon, Cataldo, Armstrong) only before "ambulance" or "EMS", after
 * "by" or "via" and a verb of transport, or between a clause's start and "to"; a town before
 * "police" or "fire" is no word of the language unless capitalised where case tells; a town
 * before "rescue" or "ambulance" only on its way ("Bethel rescue to Rumford", "barre ambulance
 * to cvmc"), where a word of the language or one no list holds counts too.
 */
import type { PhiSpan } from './types';
import { placesMatching } from './namedPlaces';
import { FUNCTION_WORDS, isStopWord, isUnknownWord } from './clinicalWords';
import { isCommonName, isCommonPlace, isEnglish, isTown } from './lists';
import { bareSpace, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;

/** Companies whose names are surnames or towns too: named alone only where the transport is told. */
const ALONE = 'brewster|cataldo|fallon|armstrong|lyons|eascare|amr|rural[ -]metro';
/** Private ambulance companies by the names they go by (before "ambulance" or "EMS"). */
const COMPANIES = `${ALONE}|trinity|pro|patriot|atlantic|coastal|medstar|action`;

const NAMED = [
  // "Brewster Ambulance", "trinity ems", "Pro EMS".
  new RegExp(`(?<![\\w-])(?:${COMPANIES})[ \\t]+(?:ambulance|ems)(?![\\w-])`, 'gi'),
  // "transported by cataldo", "brought in via Fallon".
  new RegExp(
    `\\b(?=(?:${ALONE}))(?<=(?<![\\w-])(?:transported|transferred|brought|taken|flown|sent|came|arrived|transport|transfer)(?:[ \\t]+(?:in|over|here))?[ \\t]+(?:by|via)[ \\t]+)(?:${ALONE})(?![\\w-])`,
    'gi',
  ),
  // "...ON SCENE; BREWSTER TO GOOD SAM": the company between a clause's start and where it went.
  new RegExp(`\\b(?=(?:${ALONE}))(?<=(?:^|[;.][ \\t]*|\\bthen[ \\t]+))(?:${ALONE})(?=[ \\t]+to[ \\t])`, 'gim'),
  // "MASS STATE POLICE", "NH State Police".
  /(?<![\w-])(?:mass(?:achusetts)?|new hampshire|n\.h\.?|nh\.?|rhode island|r\.i\.?|ri\.?|conn(?:ecticut)?|maine|vermont|new york|ny)[ \t]+state[ \t]+(?:police|troopers?)(?![\w-])/gi,
  // "Officer X (District B-2)", "DISTRICT E-18 DETECTIVES": a city police district by its letter and number.
  /\bdistrict[ \t]+[A-Z]-?\d{1,2}\b/gi,
  // "mbta police", "retired MBTA bus driver", "Massport safety officer".
  /(?<![\w-])(?:mbta|massport)(?![\w-])/gi,
];

export function serviceSpans(text: string): Found[] {
  return placesMatching(text, NAMED, 0.75, 'a service by its name');
}

/** Words before police or fire that name a kind of force, no town, though a list holds them as towns. */
const GENERIC_FORCES = new Set(
  'call campus park capitol railroad village union river bay centre center north south east west lake beach harbor port state city county town transit university college hospital'.split(
    ' ',
  ),
);

/** A town's own services before their word ("Dunmore EMS", "boston ems", "QUINCY PD", "Bethel rescue to Rumford"); marks the words it takes. */
export function townServiceSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  const add = (from: number, to: number, confidence: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type: 'location', confidence, why });
  };
  for (let i = 1; i < words.length; i++) {
    const service = words[i].lower;
    if (!/^(ems|fire|police|ambulance|rescue|fd|pd|va)$/.test(service) || !bareSpace(words[i].gap) || taken.has(i - 1)) continue;
    // Dunmore EMS, Ashby Fire: a town's name that is a word too, capitalised where case tells, before its services.
    // ("Salem FD": a town a clinical word names too.)
    const w = words[i - 1];
    const placeName = isCommonName(w) || isCommonPlace(w) || isTown(w.lower);
    if (
      tells &&
      service !== 'va' &&
      words[i].cap &&
      w.cap &&
      !w.allCaps &&
      !w.starts &&
      !FUNCTION_WORDS.has(w.lower) &&
      (!isStopWord(w) || isTown(w.lower)) &&
      placeName
    ) {
      add(i - 1, i - 1, 0.7, `before ${words[i].text}`);
      continue;
    }
    // "boston ems", "QUINCY PD", "North Andover FD", "JAMAICA PLAIN VA": a listed town (of one or two words) before its services'
    // letters, in any case, at a sentence's start too; before "police" or "fire" a town that is a word of the language too only
    // in capitals or capitalised, never a kind of force's word.
    // ("Salem police were called": where case tells, a capitalised town before police or fire in small letters.)
    // ("Enosburg rescue to NMC", "barre ambulance to cvmc": a town's rescue or ambulance on its way to a hospital, at a
    // sentence's start too, though the town is a word.)
    const force = /^(police|fire|rescue|ambulance)$/.test(service);
    const toward = force && words[i + 1]?.lower === 'to' && bareSpace(words[i + 1].gap);
    if ((service === 'ambulance' && !toward) || (tells && !words[i].cap && !(force && w.cap && !w.allCaps && (!w.starts || toward)))) continue;
    const two = i >= 2 && bareSpace(w.gap) && !taken.has(i - 2) && isTown(`${words[i - 2].lower} ${w.lower}`);
    const town = two ? `${words[i - 2].lower} ${w.lower}` : w.lower;
    // ("Enosburg rescue to NMC": on its way, a word no list holds is the town too.)
    const unlistedTown = toward && isUnknownWord(w) && w.text.length >= 4;
    if (!two && ((!isTown(town) && !unlistedTown) || FUNCTION_WORDS.has(town) || (tells && !w.cap))) continue;
    // ("BOSTON POLICE NOTIFIED", "Salem police"; not "CAMPUS POLICE", "PARK POLICE".)
    // ("statement to hull police", "hull fire/ems on scene": in small letters after a preposition or opening a clause, a listed town that is a word too.)
    const opening = !tells && !w.allCaps && (w.starts || /^(?:to|by|from|and|w|with)$/.test(words[i - 2]?.lower ?? '') || /[.;:,]\s*$/.test(w.gap));
    if (!two && force && (GENERIC_FORCES.has(town) || ((isEnglish(town) || isStopWord(town)) && !(tells ? w.cap : w.allCaps || opening) && !toward))) continue;
    add(two ? i - 2 : i - 1, i - 1, 0.7, `a town before ${words[i].text}`);
  }
  return out;
}
