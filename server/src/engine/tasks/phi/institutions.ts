/**
 * Institutions by the kind of place their last word names: a practice, a school, a church, a
 * pharmacy, a shelter, an airport ("Dunmere Family Practice", "Oakhurst Middle School", "St.
 * Brendan's Parish", "Pell Street Pharmacy"). The words before the kind are the name: where
 * case tells they are capitalised; in a note of one case they are words the lists hold as
 * names or places, or any word after a preposition of place or an owner's verb ("AT ROOK LANE
 * SCHOOL", "OWNS HARBOR PIZZA"; a house of worship's words back to its preposition, "OF MORNING
 * STAR BAPTIST CHURCH"), and at least one of them is more than a descriptor ("Family Practice",
 * "Middle School" are none). A cue word is never part of a name; a bank is only a food bank, a
 * program only a treatment's ("crossroads methadone program"; not "the day program").
 */
import { CLINICAL_WORDS, FUNCTION_WORDS, isStopWord, isUnknownWord } from './clinicalWords';
import { isCommonName, isCommonPlace, isEnglish, isName, isPlace, isTown } from './lists';
import { PhiSpan } from './types';
import { bareSpace, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;
const set = (s: string) => new Set(s.trim().split(/\s+/));

/** The last word of a place's name that says what kind of place it is. */
const KINDS =
  set(`inn lodge bar pub tavern diner club lounge taproom saloon grille cafe nightclub brewery rehab rehabilitation practice practices associates pharmacy drugstore school academy elementary parish church chapel cathedral
  synagogue temple mosque airport shelter respite vna institute residence apartments towers nh snf ltc ltac manor ctr
  cemetery restaurant theatre theater pizza pizzeria bakery tabernacle ministries hotel motel village medflight hospice
  cardiology counseling dermatology orthopedics urology gastroenterology pediatrics mall ame
  shipyard contractors textiles workshop industries airlines services roofing plumbing landscaping trucking construction
  company corp corporation fabrics council railroad mill mills quarry foundry cleaners lumber hardware
  baptist methodist lutheran episcopal presbyterian pentecostal convent monastery abbey priory rectory ltach
  center centre court bank pantry park liquors program farm farms building pavilion lobby library fisheries logging orchards dairy dialysis healthcare`);
/** Kinds written in lower case after a place's capitalised name ("the Golden Garden restaurant"). */
const LOWER_KINDS = set(
  'restaurant bar pub diner tavern lounge saloon cafe nightclub bakery pizzeria club hotel motel inn shelter pharmacy parish church liquors building pavilion lobby',
);
/** Kinds that a plain word also stands before ("the White House", "in house"): only capitalised, where case tells. */
const CASED_KINDS = set('house general health high');
/**
 * Words that describe a place without naming it: a name of these words alone is no place
 * ("Family Practice", "Occupational Health Clinic", "Cardiac Rehab", "Middle School").
 */
export const DESCRIPTORS = set(`family practice general community regional memorial medical health healthcare care primary urgent
  dental eye mental behavioral behavioural senior middle high elementary grade junior public private catholic baptist
  methodist lutheran episcopal presbyterian charter day night summer sunday law nursing cardiac heart cardiology
  cardiovascular vascular pediatric pediatrics children childrens women womens geriatric geriatrics internal medicine
  rehab rehabilitation physical therapy occupational sports orthopedic orthopaedic cancer oncology surgical surgery
  specialty specialists physicians physician associates group partners wellness home visiting nurse nurses association
  hospital clinic center centre institute university college school hospice outpatient inpatient acute subacute
  chronic long short term short-term long-term skilled assisted living emergency pulmonary neurology neuro psychiatric psych county city
  state national veterans university's unit department dept service services program student town hemo peritoneal dialysis renal
  district superior probate juvenile housing municipal food social trailer mobile methadone financial hospitality adult`);
/** Words before a name that say it is no particular place ("his old school", "the local pharmacy"). */
const NOT_NAME = set(`good poor fair excellent overall declining failing stable ill bad
  outside other local previous prior same another referring nearest usual regular new old current
  former usual her his their our your my its this that these those which what`);
/** Prepositions of place (and the verbs of a church, a school or an owner) after which a name in a note of one case may be any word ("AT KESTREL ROW SCHOOL", "attends trinity lutheran", "OWNS HARBOR PIZZA"). */
/** Verbs a note asks someone to do, after "to": no place's first word ("to ask cardiology", "to pay school fees"). */
const ASKED_TO = /^(?:ask|arrange|pay|give|get|see|call|discuss|set|make|take|help|check|find|keep|visit|talk|bring|attend|return|go|come|speak|meet)$/;
const PLACE_CUES = set('at to from in of near for with by outside attends attended attend owns owned runs ran');
const SAINT = /^(st|saint|ste|mt|mount)$/;
const WORSHIP = /^(church|chapel|temple|synagogue|mosque|parish|tabernacle)$/;
/** Peoples and languages, function words of a note ("speaks Hebrew") that name a place before its kind ("Hebrew Rehab", "Polish Club"). */
const PEOPLES = set(`hebrew polish chinese italian greek portuguese korean haitian german french russian irish armenian lithuanian ukrainian
  american vietnamese cambodian albanian lebanese dominican jamaican brazilian jewish swedish norwegian finnish canadian`);

export function institutionSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  // Capitalised words (one or two, none starting a sentence or a stop word) between "the" and word i.
  const theName = (i: number) => {
    for (let n = 1; n <= 2; n++) {
      const ws = words.slice(i - n, i);
      if (i - n - 1 < 0 || ws.length < n || !ws.every((w) => w.cap && !w.allCaps && !w.starts && !isStopWord(w))) return false;
      // (Or after an owner's verb or "at": "Family owns Pho Saigon restaurant".)
      // ("belongs to Taxiarchae church": or a house of worship's, after any preposition of place, of a word no list holds.)
      const opener =
        /^(the|owns|owned|runs|ran|at)$/.test(words[i - n - 1].lower) ||
        (WORSHIP.test(words[i].lower) && PLACE_CUES.has(words[i - n - 1].lower) && ws.some((w) => isUnknownWord(w)));
      if (opener && [...ws, words[i]].every((w) => bareSpace(w.gap))) return true;
    }
    return false;
  };
  // Words joined by spaces, "&" or "and" ("Nursing & Rehab"), or "St." before a name.
  const joined = (i: number) => /^[ \t]*&?[ \t]*$/.test(words[i].gap) || (/^\.[ \t]+$/.test(words[i].gap) && SAINT.test(words[i - 1].lower));
  // A word that may be part of a name: capitalised where case tells, else a listed or unknown word, or a word that is a name too.
  // A descriptor that is a function or clinical word too ("Family", "Heart") still joins a name.
  const nameWord = (w: Word) =>
    tells
      ? (w.cap || w.allCaps) && (!isStopWord(w) || SAINT.test(w.lower) || DESCRIPTORS.has(w.lower) || PEOPLES.has(w.lower))
      : DESCRIPTORS.has(w.lower) ||
        // ("hebrew rehab", "ST JOSEPH MANOR": a people's word, a saint's abbreviation.)
        PEOPLES.has(w.lower) ||
        SAINT.test(w.lower) ||
        // "FROM TEACHING MIDDLE SCHOOL": a verb's form is no name.
        // ("SALEM HOSPITAL": a town that names a device too, Salem's sump, before a kind.)
        (isTown(w.lower) && !FUNCTION_WORDS.has(w.lower)) ||
        (!isStopWord(w) &&
          !(/(ing|ed)$/.test(w.lower) && isEnglish(w) && !isCommonPlace(w)) &&
          (isUnknownWord(w) || isName(w) || isPlace(w) || isCommonName(w) || isCommonPlace(w)));
  const nameLike = (w: Word) => isCommonName(w) || isCommonPlace(w) || SAINT.test(w.lower);
  // "at Dunmore General": a hospital's name without its word, only after a preposition of place.
  // (And in a list of places: "referrals to vanderhoff rehab and hope valley nh".)
  // ("S/P TPA @ LOWELL GENERAL": an at sign is "at".)
  // ("STAYING AT THE HOLIDAY INN": the article between.)
  const cue = (k: number) =>
    k > 0 &&
    (/^[ \t]*@[ \t]*$/.test(words[k].gap) ||
      (bareSpace(words[k].gap) &&
        (PLACE_CUES.has(words[k - 1].lower) ||
          (words[k - 1].lower === 'the' && k > 1 && PLACE_CUES.has(words[k - 2].lower) && bareSpace(words[k - 1].gap)) ||
          (/^(and|or)$/.test(words[k - 1].lower) && k > 1 && KINDS.has(words[k - 2].lower)))));
  for (let i = 1; i < words.length; i++) {
    const kind = words[i];
    const cased = CASED_KINDS.has(kind.lower);
    // ("@ LOWELL GENERAL": in a note of one case too, a hospital's name without its word after a preposition of place.)
    // ("exams at Revere High": a school by its name and High, after a preposition of place too.)
    const cuedGeneral = /^(general|high)$/.test(kind.lower) && (cue(i - 1) || cue(i - 2));
    if (!(KINDS.has(kind.lower) || (cased && (tells || cuedGeneral))) || taken.has(i)) continue;
    // ("the Greater Boston Food Bank": a bank is a food bank's; "sent to blood bank", "Fleet Bank" are the other rules'.)
    if (kind.lower === 'bank' && words[i - 1]?.lower !== 'food') continue;
    // ("at crossroads methadone program": a program is a treatment's; "the transplant program" is the other rules'.)
    if (kind.lower === 'program' && !/^(methadone|suboxone|recovery|detox|treatment|day)$/.test(words[i - 1]?.lower ?? '')) continue;
    // ("owns the Golden Garden restaurant": a kind in lower case after a capitalised name after "the".)
    // ("from St. Mark parish": or after a saint's capitalised name.)
    const saintBefore = i >= 2 && words[i - 1].cap && SAINT.test(words[i - 2].lower) && /^\.?[ \t]+$/.test(words[i - 1].gap);
    if (tells && !kind.cap && !kind.allCaps && !(LOWER_KINDS.has(kind.lower) && (theName(i) || saintBefore))) continue;
    // "X Health Center", "X HEALTH CARE": the words after say what kind; the rules of those take it.
    if (
      kind.lower === 'health' &&
      /^(center|centre|ctr|care|clinic|system|services|partners|plan|dept|department|associates|hospital)$/.test(words[i + 1]?.lower ?? '')
    )
      continue;
    // "House Staff", "House Officer": a capitalised word after the kind goes on with another phrase.
    if (cased && !(cuedGeneral && !tells) && (kind.allCaps || (words[i + 1] && bareSpace(words[i + 1].gap) && words[i + 1].cap))) continue;
    if (/^(general|high)$/.test(kind.lower) && !cuedGeneral) continue;
    let from = i;
    // ("OF MORNING STAR BAPTIST CHURCH": in a note of one case, a house of worship's name is every word back to a
    // preposition of place or "attends", up to three, no article, pronoun or preposition among them.)
    let worshipCue = -1;
    for (let k = i - 1; !tells && WORSHIP.test(kind.lower) && k > 0 && i - k <= 4 && joined(k + 1) && !taken.has(k); k--) {
      if (PLACE_CUES.has(words[k].lower)) worshipCue = k;
      // (Nor a clinical word or a possessive: "priest from pt's parish".)
      const own = CLINICAL_WORDS.has(words[k].lower) || words[k].possessive;
      if (worshipCue >= 0 || own || NOT_NAME.has(words[k].lower) || /^(?:the|a|an|to|in|on|at|for|with|and|or|by|from|is|was)$/.test(words[k].lower)) break;
    }
    while (from > 0 && i - from < 5 && joined(from) && !taken.has(from - 1) && !NOT_NAME.has(words[from - 1].lower) && !PLACE_CUES.has(words[from - 1].lower)) {
      const prev = words[from - 1];
      // After "St." any capitalised word is a saint's name ("St. Mark's", where "mark" is a function word).
      const saintName = from >= 2 && SAINT.test(words[from - 2].lower) && /^\.?[ \t]+$/.test(prev.gap) && (prev.cap || prev.allCaps);
      // In a note of one case, right after a preposition of place, any word but a clinical or function one or a verb's form
      // ("FROM CRANBERRY COVE REHAB"; "from teaching middle school" names none).
      const cuedWord = !tells && cue(from - 1) && !isStopWord(prev) && !(/(ing|ed)$/.test(prev.lower) && isEnglish(prev));
      const worshipWord = from - 1 > worshipCue && worshipCue >= 0;
      if (
        !nameWord(prev) &&
        !saintName &&
        !cuedWord &&
        !worshipWord &&
        !(/^(and|of)$/.test(prev.lower) && from - 1 > 0 && DESCRIPTORS.has(words[from - 2].lower))
      )
        break;
      from--;
    }
    // Descriptors and joining words at the front are no name ("Family Practice"); the name must hold a word of its own.
    while (from < i && (DESCRIPTORS.has(words[from].lower) || /^(and|of)$/.test(words[from].lower))) from++;
    // ("SR TO ST. HIGH PRESSURES": a saint's abbreviation alone names no one.)
    if (from === i || (from + 1 === i && SAINT.test(words[from].lower))) continue;
    const first = words[from];
    // ("asking about hebrew rehab": a people's word names a rehab, a manor or a club.)
    const peoples = PEOPLES.has(first.lower) && /^(rehab|rehabilitation|manor|club|ctr)$/.test(kind.lower);
    const listed = isUnknownWord(first) || isName(first) || isPlace(first) || SAINT.test(first.lower) || peoples;
    // A letterhead: the name alone on its line.
    const alone = (from === 0 || /\n/.test(first.gap)) && (!words[i + 1] || /\n/.test(words[i + 1].gap));
    if (tells) {
      // A capital at a sentence's start says nothing: there the first word must be listed, a name-like word, or cued.
      if (first.starts && !listed && !nameLike(first) && !alone) continue;
      // "Clinical Pharmacy", "Inpatient Pharmacy": a department in capitals, words of the language and no name among them.
      // (A cemetery has no departments: "Waterside Cemetery", "Oak Hill Cemetery" are names of words of the language.)
      if (
        kind.lower !== 'cemetery' &&
        !words.slice(from, i).some((w) => !DESCRIPTORS.has(w.lower) && (nameLike(w) || PEOPLES.has(w.lower) || isUnknownWord(w) || isName(w) || isPlace(w)))
      )
        continue;
      // ("REFERRED TO ELDER SERVICES": in a note of one case, services only after a listed name.)
      // ("told to ask cardiology", "TO ARRANGE VNA": after "to", a verb a note asks of someone, no name.)
    } else if (!listed && (!cue(from) || kind.lower === 'services' || (words[from - 1].lower === 'to' && ASKED_TO.test(first.lower))) && !alone) continue;
    // The kind word stays (as "Hospital" does): a found word spreads through the note, and "VNA" alone is no place.
    for (let k = from; k < i; k++) taken.add(k);
    out.push({ start: first.start, end: words[i - 1].end, type: 'location', confidence: 0.8, why: `a name before ${kind.text}` });
  }
  return out;
}

/**
 * Places whose kind comes first: "Temple Israel", "Templo Bethel", "Congregation Beth Shalom", "MCI Concord"
 * (a state prison by its town), "hotel commonwealth": the kind, then one or two name words, capitalised where case
 * tells; in a note of one case only after a preposition of place ("FROM TEMPLE ISRAEL").
 */
/** Words after a kind that say where, not which ("staying at hotel across st", "the hotel room"). */
const AFTER_KIND_NOT_NAME = /^(?:across|near|nearby|next|down|up|over|around|behind|room|rooms|lobby|stay|bill|downtown)$/;

/** Kinds of places written before their names ("Temple Emeth", "MCI Norfolk", "Hotel Vendome"). */
const KINDS_FIRST = new Set(['temple', 'templo', 'iglesia', 'congregation', 'mci', 'fci', 'hotel']);

export function kindFirstSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  for (let i = 0; i + 1 < words.length; i++) {
    const kind = words[i];
    if (!KINDS_FIRST.has(kind.lower) || taken.has(i) || taken.has(i + 1)) continue;
    // ("FAMILY'S TEMPLE (TEMPLE EMETH)": in brackets after a kind too.)
    const cued = i > 0 && (/^(at|from|to|of|in)$/.test(words[i - 1].lower) || /^[ \t]*\($/.test(kind.gap));
    if (tells ? !(kind.cap || kind.allCaps) : !cued) continue;
    const nameWord = (w: Word | undefined) =>
      !!w && /^[ \t-]+$/.test(w.gap) && !isStopWord(w) && !AFTER_KIND_NOT_NAME.test(w.lower) && w.text.length >= 3 && (!tells || w.cap || w.allCaps);
    if (!nameWord(words[i + 1])) continue;
    const end = nameWord(words[i + 2]) && (isName(words[i + 2]) || isUnknownWord(words[i + 2])) ? i + 2 : i + 1;
    for (let k = i; k <= end; k++) taken.add(k);
    out.push({ start: kind.start, end: words[end].end, type: 'location', confidence: 0.75, why: `a name after ${kind.text}` });
    i = end;
  }
  return out;
}

/** A place's kind before its name in brackets ("FAMILY'S CHURCH (EBENEZER BAPTIST)", "her school (Lincoln Middle)"). */
const KIND_BEFORE_BRACKET =
  /^(?:church|temple|synagogue|parish|mosque|school|college|rehab|hospital|nursing|shelter|pharmacy|practice|clinic|employer|agency)$/;

/** The name in brackets after a place's kind: one to four words, no stop word first, capitalised where case tells, up to the closing bracket. */
export function bracketedPlaceSpans(words: Word[], tells: boolean, taken: Set<number>, text: string): Found[] {
  const out: Found[] = [];
  for (let i = 1; i < words.length; i++) {
    // (The bracket may open the next line: "Hospital\n(Memorial)".)
    if (!words[i].gap.includes('(') || !KIND_BEFORE_BRACKET.test(words[i - 1].lower) || !/^[ \t]*\n?[ \t]*\([ \t]*$/.test(words[i].gap) || taken.has(i))
      continue;
    let k = i;
    while (k + 1 < words.length && k - i < 3 && /^[ \t]+$/.test(words[k + 1].gap) && !taken.has(k + 1)) k++;
    if (!/^[ \t]*\)/.test(text.slice(words[k].end, words[k].end + 3))) continue;
    const ws = words.slice(i, k + 1);
    // ("REHAB (NEAR DTR IN ROZZIE)": a phrase in brackets, not a name.)
    const joiner = (w: Word, m: number) => m > 0 && /^(of|and|st)$/.test(w.lower);
    if (ws.some((w, m) => isStopWord(w) && !joiner(w, m)) || ws.every((w) => DESCRIPTORS.has(w.lower)) || (tells && !ws.every((w) => w.cap || w.allCaps)))
      continue;
    for (let m = i; m <= k; m++) taken.add(m);
    out.push({ start: ws[0].start, end: ws[ws.length - 1].end, type: 'location', confidence: 0.75, why: `a name in brackets after ${words[i - 1].text}` });
  }
  return out;
}

/**
 * Hospitals whose well-known names carry no kind word ("went to Holy Cross", "transfer back
 * to beth israel"): names that many hospitals share, after a preposition of place.
 */
const NAMED_HOSPITALS = new Set(
  `holy cross|holy family|holy name|holy redeemer|holy spirit|good samaritan|good sam|good shepherd|sacred heart|mount sinai|mt sinai|cedars sinai|beth israel|johns hopkins|mass general|dana farber|sloan kettering|md anderson|kaiser permanente|mount auburn|mt auburn|boston city|addison gilbert`.split(
    '|',
  ),
);
/** The first words of NAMED_HOSPITALS, and Our Lady's. */
const NAMED_FIRST = new Set(['our', ...[...NAMED_HOSPITALS].map((pair) => pair.split(' ')[0])]);

/** A word that says whose (or which) a thing is: never Our Lady's name ("our lady of his heart"). */
const OWNERS = /^(?:his|her|their|my|our|your|its|a|an|this|that|which|whom)$/;

/** Hospitals known by one word that many share ("at Memorial", "from Mercy", "the Deaconess"). */
const ONE_WORD_HOSPITALS = new Set(['memorial', 'mercy', 'deaconess', 'presbyterian', 'general', 'hebrew']);
/** Of those, the words of the language that are a hospital only after "the" ("brought to the general by ems", "back to the hebrew"). */
const AFTER_THE = new Set(['general', 'hebrew']);

/** Of those, the names that are no phrase of the language: hospitals wherever they stand. */
const OWN_NAMES = new Set('beth israel|johns hopkins|mass general|dana farber|sloan kettering|md anderson|kaiser permanente|cedars sinai'.split('|'));

export function namedHospitalSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  // "s/p ptca 1994 at memorial", "referred to Dr. X at the Deaconess": a hospital by one word many share, after a preposition of place.
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (!ONE_WORD_HOSPITALS.has(w.lower) || taken.has(i) || (tells && !w.cap) || !bareSpace(w.gap)) continue;
    const at = words[i - 1].lower === 'the' && i >= 2 ? i - 2 : i - 1;
    if (!/^(at|from|to|via)$/.test(words[at].lower) || (AFTER_THE.has(w.lower) && at === i - 1)) continue;
    // ("at memorial service", "to Mercy Hospital": a word after it says what it is, or names the place whole.)
    const next = words[i + 1];
    // ("taken to mercy then sent here", "eloped once at mercy per osh notes", "from mercy er": what happened there follows.)
    if (next && bareSpace(next.gap) && !/^(in|on|for|with|and|after|before|since|until|x|times|then|per|by|where|when|last|er|ed|ew|icu|w)$/.test(next.lower))
      continue;
    taken.add(i);
    out.push({ start: w.start, end: w.end, type: 'location', confidence: 0.7, why: 'a hospital known by one word' });
  }
  for (let i = 0; i + 1 < words.length; i++) {
    // (Only a pair's first word, or Our Lady's, begins one: the rest is read there only.)
    if (!NAMED_FIRST.has(words[i].lower)) continue;
    const a = words[i];
    const b = words[i + 1];
    // ("to Mt. Auburn": a mount's abbreviation and its full stop.)
    const gapOk = /^[ \t-]+$/.test(b.gap) || (/^(?:mt|st)$/.test(a.lower) && /^\.[ \t]+$/.test(b.gap));
    // ("our lady of fatima" in a note that has capitals: her title in small letters, her name in small letters too.)
    const small = tells && a.text === 'our' && b.text === 'lady';
    if (taken.has(i) || taken.has(i + 1) || !gapOk || (tells && !(a.cap && b.cap) && !small)) continue;
    // "Our Lady of Lourdes": the saint's title and the name after it.
    // ("Our Lady of the Rosary": the article before her name takes no capital; no pronoun is her name, "our lady of the house".)
    const named = (k: number): boolean => {
      const w = words[k];
      if (w?.lower === 'the') return !!words[k + 1] && (tells && !small ? words[k + 1].cap : !OWNERS.test(words[k + 1].lower));
      return !!w && !OWNERS.test(w.lower) && (!tells || small || w.cap);
    };
    const lady = a.lower === 'our' && b.lower === 'lady' && words[i + 2]?.lower === 'of' && named(i + 3);
    if (!lady && !NAMED_HOSPITALS.has(`${a.lower} ${b.lower}`)) continue;
    // After a preposition of place only: "a holy cross necklace" is no hospital.
    // ("Hospice of the Good Shepherd": the article between.)
    const at = words[i - 1]?.lower === 'the' ? i - 2 : i - 1;
    // (Or before its kind: "attends Sacred Heart church".)
    const kindAfter = /^(church|parish|school|hospital|rehab|home)$/.test(words[i + 2]?.lower ?? '');
    // (A hospital's name that is no phrase of the language needs no cue: "on Mass General transplant list".)
    const own = OWN_NAMES.has(`${a.lower} ${b.lower}`);
    // ("prior adms: Good Samaritan 6/99", "adm Mount Auburn 5/12/01": a stay's date right after.)
    const dated = /^[ \t,]+\d{1,2}\/\d{2}(?:\/\d{2,4})?\b/.test(
      words[i + 2] ? words[i + 2].gap + words[i + 2].text + (words[i + 3] ? words[i + 3].gap + words[i + 3].text : '') : '',
    );
    // ("Our Lady of Good Voyage": the title names a parish or a hospital wherever it stands.)
    if (!own && !dated && !lady && !/^(to|from|at|in|via|of|by|about|attends|attended)$/.test(words[at]?.lower ?? '') && !kindAfter) continue;
    let end = lady ? (words[i + 3].lower === 'the' && words[i + 4] ? i + 4 : i + 3) : i + 1;
    // (Her name's second word: "of Good Voyage", "of Perpetual Help", not the kind after it, "of Lourdes Hospital".)
    const more = words[end + 1];
    if (lady && more && bareSpace(more.gap) && (tells && !small ? more.cap : !isStopWord(more)) && !KINDS.has(more.lower) && !DESCRIPTORS.has(more.lower))
      end++;
    for (let k = i; k <= end; k++) taken.add(k);
    out.push({ start: a.start, end: words[end].end, type: 'location', confidence: 0.8, why: 'a hospital known by its name' });
    i = end;
  }
  return out;
}
