/**
 * Places by the words around them: a word before an institution word ("Dunmore Hospital",
 * "GH ER", "kernan hosp"), after a move or a stay ("transferred to X", "transplant at X",
 * "surgeon from X", "lives in X"), a ward's name before its number ("to Quartermain 2").
 * A word that is English counts only with a capital that is not a sentence's first, so
 * "returned to baseline" and "cont supportive medical care" are left alone.
 */
import { FUNCTION_WORDS, isStopWord, isUnknownWord, NOT_HOSPITAL_ABBREVIATION } from './clinicalWords';
import { bracketedPlaceSpans, DESCRIPTORS, institutionSpans, kindFirstSpans, namedHospitalSpans } from './institutions';
import { isCommonName, isCommonPlace, isEnglish, isName, isPlace, isTown } from './lists';
import { COUNTRIES, nearEnglish, POSTAL_CODES, STATES } from './spelling';
import { townSpans } from './towns';
import { atPlaceSpans, establishmentSpans, letterheadSpans } from './establishments';
import { organisationSpans } from './organisations';
import { townServiceSpans } from './services';
import { weighedPlaceSpans } from './weighedPlaces';
import { regionSpans, townBeforeStateSpans } from './regions';
import { unitHeaderSpans } from './unitHeaders';
import { PhiSpan } from './types';
import { bareSpace, tailOf, Word, wordEndingAt } from './words';
import { RELATIVES } from './contextWords';

type Found = Omit<PhiSpan, 'text'>;
const set = (s: string) => new Set(s.trim().split(/\s+/));

const INSTITUTIONS = set(`hospital hosp hospitals hospiatal rehab rehabilitation clinic campus center centre ctr memorial manor
  hospice healthcare medical university college institute infirmary sanatorium`);
/** Words after a place's name or abbreviation that say it is one ("GH ER", "GBMC nurse"): the word before must be unknown. */
const PLACE_AFTER = set(`er ed ew cath hosp nurse nurses ambulance ems icu micu ccu sicu csru clinic staff`);
/** Institution words that a care plan also uses ("medical care", "rehab", "hospice"). */
const CARE_WORDS = set('medical rehab rehabilitation hospice center centre ctr clinic healthcare');
/** The last words of a care home's kind ("nursing home", "assisted living"): the loop below looks further only at them. */
const CARE_HOME_LAST = set('home agency center centre facility care health living');
/** Institution words that name a hospital and nothing of a care plan: the word before may be a name that is a word too ("Mercy Hospital"). */
const HOSPITAL_WORDS = set('hospital hosp hospitals hospiatal memorial infirmary');
/** A hospital's abbreviation by its shape: letters then H or MC ("GH", "JMH", "UMMC"). */
const HOSPITAL_ABBREVIATION = /^(?:[A-Z]{1,3}H|[A-Z]{1,3}MC)$/;
const WARD_WORDS = new Set(['floor', 'step-down', 'stepdown', 'unit', 'ward', 'service', 'tele', 'telemetry']); // a ward's name in brackets follows
const TO_WARD = new Set(['to', 'on', 'from', 'at', 'onto']); // a ward's name and number follow
/** Clinical abbreviations of that shape: bleeds, hormones (GH, rare in a note, is left to mean a hospital), histories, insulin, nursing home. */
/** Words inside a place's name ("Greater Baltimore Med Ctr", "Dunmore Children's Hospital"): a name's word goes before them. */
const PLACE_INNER = set('med medical general memorial county community regional st saint mt mount children childrens women womens');
/** Words of a place's kind that name none alone ("the city", "a university") but go inside a capitalised name. */
const INNER_CASED = set('city university state regional valley');
/** Kinds of nurse and care before "nurse" or "staff" that no unknown word before them makes a place ("WOC nurse", "NH nurse"). */
const NOT_PLACE_BEFORE = set('woc wocn cwocn et iv picc vna nh snf ltc alf ltac lpn cna agency float triage charge tb ep');
export const NOT_PLACE = set(`outside osh other local community previous prior same another referring transferring nearest
  rehab nursing psych psychiatric medical teaching acute long term care city county state area general this that the
  a an our their his her your va childrens children university hospital home private public regional snf nh ltc alf ltac`);
const MOVES = set(`transfer transferred transfered trans txr tx transferring admitted came come coming arrived recieved placement accepted
  received returned return returns returning go going goes went sent discharged transported flown medflight medflighted flight brought taken
  followed lives living resides resident seen presented presenting referred enroute leave leaving visit visiting drive drives drove driving
  emigrated immigrated
  transplant cath surgery cabg done performed treated hospitalized hospitalization stay stayed admission dialysis
  surgeon surgeons doctor team nurse physician cardiologist ems ambulance
  intubated evaluated diagnosed cathed stented operated airlifted helicoptered referral referrals faxed services`);
export const DESTINATIONS = set(`home floor floors unit units rehab hospital hosp ward room bed bathroom chair commode lab labs
  radiology nursing snf facility hospice morgue stepdown step tcu service team office clinic house family er ew ed
  or pacu cath ir ct mri icu micu ccu sicu csru nicu picu ctic unit's area bedside church work school store surgery
  dialysis hd procedure suite endoscopy gi us echo holding ctscan scan cat xray x-ray angio cathlab mri's telemetry tele monitor vent pt ot another outside osh nh ltc
  them him her us me you it this that transfer go pcu ep noon baseline vicu blood bank sw cm slp rt social case scene site trauma ltac ltach
  pcp vna hmo asap dme hha dss dcf coa ssi ssdi md np`);

/** Verbs of arranging care, after "to" before an agency's words ("to arrange home health"): no agency's name. */
const ARRANGING =
  /^(?:arrange|set|setup|start|restart|resume|continue|get|have|need|use|call|contact|refer|provide|begin|obtain|discuss|coordinate|order|schedule|receive|accept|add|increase|decrease|d\/c|dc|stop|cancel)$/;

/** A word that may be (part of) a place's name: unknown or a list's name or place, or capitalised where a capital says so. */
export function placeWord(w: Word | undefined, tells: boolean): boolean {
  if (!w || isStopWord(w)) return false;
  if (isUnknownWord(w) || isName(w) || isPlace(w)) return !tells || w.cap || w.allCaps;
  return tells && (w.cap || w.allCaps) && !w.starts && !w.allCaps;
}

/** Words written short with a full stop inside a place's name (a saint, a mountain, a state, a hospital) or between two ("X vs. Y"). */
const ABBREVIATED =
  /^(?:[a-z]|st|ste|mt|mtn|ft|pt|lk|mass|univ|coll|gen|hosp|med|mem|reg|comm|ctr|cntr|inst|assoc|rehab|dept|ave|rd|blvd|ln|sq|hts|twp|cty|no|so|co|inc|jr|sr|vs)$/;

export function placeSpans(words: Word[], tells: boolean, taken: Set<number>, text: string): Found[] {
  const out: Found[] = [];
  const wordTail = (i: number) => tailOf(words, i, text);
  const add = (from: number, to: number, confidence: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type: 'location', confidence, why });
  };
  // (A full stop between only after an abbreviation, "Mt. Auburn", "Mass. General": after a word it ends a sentence, "the South End. Lives".)
  const spaced = (i: number) =>
    i < words.length && /^[ \t]*[.,]?[ \t]*$/.test(words[i].gap) && (!words[i].gap.includes('.') || ABBREVIATED.test(words[i - 1].lower));
  const loose = (w: Word | undefined) => !!w && !isStopWord(w) && (tells ? w.cap || w.allCaps : true);

  // U of MD Med Center, Univ. of Vermont Hospital: a university's short form only before an institution word.
  for (let i = 0; i + 3 < words.length; i++) {
    if ((words[i].lower !== 'u' && words[i].lower !== 'univ') || words[i + 1].lower !== 'of' || taken.has(i + 2)) continue;
    if (!(placeWord(words[i + 2], tells) || stateWord(words[i + 2])) || !(INSTITUTIONS.has(words[i + 3].lower) || words[i + 3].lower === 'med')) continue;
    add(i, i + 2, 0.85, `${words[i].text} of`);
  }
  // ("Elm City University Hospital", "Capitol City Medical Center": where case tells, a capitalised word of a place's
  // kind inside a name, after another capitalised word of the name.)
  const innerCased = (k: number) =>
    tells &&
    k > 0 &&
    INNER_CASED.has(words[k].lower) &&
    words[k].cap &&
    !words[k].allCaps &&
    spaced(k) &&
    words[k - 1].cap &&
    !words[k - 1].allCaps &&
    !isStopWord(words[k - 1]) &&
    !NOT_PLACE.has(words[k - 1].lower);
  // X Hospital, X Rehab, Greater X Med Ctr, University of X: the name's first word must be a place word.
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (!INSTITUTIONS.has(w.lower)) continue;
    if (w.lower === 'university' && words[i + 1]?.lower === 'of' && (placeWord(words[i + 2], tells) || stateWord(words[i + 2]))) {
      add(i, i + 2, 0.9, 'University of');
      continue;
    }
    const hospital = HOSPITAL_WORDS.has(w.lower);
    // "Salem Hospital": before a hospital's word where case tells, a capitalised word a clinical list holds too ("salem sump") names it.
    // (In a note of one case, a listed town so: "AT SALEM HOSPITAL".)
    // (Only right before the hospital's word: "salem sump, hospital day 3" is none.)
    const cased = (x: Word) =>
      hospital &&
      (tells ? x.cap && !x.allCaps : isTown(x.lower) && x === words[i - 1] && bareSpace(w.gap)) &&
      !FUNCTION_WORDS.has(x.lower) &&
      !DESCRIPTORS.has(x.lower);
    let from = i;
    while (
      from > 0 &&
      i - from < 4 &&
      spaced(from) &&
      (PLACE_INNER.has(words[from - 1].lower) ||
        (!NOT_PLACE.has(words[from - 1].lower) && (loose(words[from - 1]) || cased(words[from - 1]))) ||
        innerCased(from - 1))
    )
      from--;
    // ("a junior at boston university": a town names a university or a college too.)
    // ("AT SAINTS MEMORIAL", "from mercy infirmary": in a note of one case, the one word between a preposition of place and a hospital's word.)
    const cuedName = (x: Word) =>
      hospital &&
      !tells &&
      x === words[i - 1] &&
      i > 1 &&
      bareSpace(w.gap) &&
      // (Where more of the name follows, "from saints memorial medical center", the rules of the longer name take it.)
      !INSTITUTIONS.has(words[i + 1]?.lower ?? '') &&
      /^(at|from|to|via|thru|through)$/.test(words[i - 2].lower) &&
      x.text.length >= 3 &&
      !isStopWord(x) &&
      !NOT_PLACE.has(x.lower) &&
      !DESCRIPTORS.has(x.lower);
    const first = (x: Word) =>
      cuedName(x) ||
      placeWord(x, tells) ||
      (hospital && (isCommonName(x) || isCommonPlace(x)) && (!tells || x.cap)) ||
      cased(x) ||
      (/^(university|college|institute)$/.test(w.lower) && isTown(x.lower) && (!tells || x.cap));
    while (from < i && !first(words[from]) && !(/^(st|saint|mt|mount)$/.test(words[from].lower) && placeWord(words[from + 1], tells))) from++;
    // ("Phase II rehab": a program's phase names no place.)
    while (from < i && /^(?:phase|i{1,3}|iv)$/.test(words[from].lower)) from++;
    // ("95 yo M, hospital day 3": a letter alone names no place; "A 57-YEAR-OLD MAN, HOSPITAL DAY 4": nor a person, before its day.)
    if (from < i && (words[from].text.length < 2 || (w.lower === 'hospital' && words[i + 1]?.lower === 'day'))) continue;
    // "cont supportive medical care", "will need rehab": without case, only a listed name or place starts these.
    if (!tells && CARE_WORDS.has(w.lower) && from < i && !isName(words[from]) && !isPlace(words[from])) continue;
    // "Occupational Health Clinic": descriptors alone name no place ("the General Hospital" is one's name).
    if (from < i && (hospital || !words.slice(from, i).every((x) => DESCRIPTORS.has(x.lower)))) add(from, i - 1, 0.85, `before ${w.text}`);
  }
  // Keswick Nursing Home, R. Wexford Nursing Agency, Ferndale Health Center: a name before a care home's words.
  for (let i = 2; i < words.length; i++) {
    if (!CARE_HOME_LAST.has(words[i].lower)) continue;
    const kind = `${words[i - 1].lower} ${words[i].lower}`;
    // (And "Dolan Funeral Home", "Androscoggin Home Care", "Maple Assisted Living", "Notre Dame Convalescent Home".)
    if (
      !/^(?:(nursing|health|care|home|convalescent|rest) (home|agency|center|centre|facility)|funeral home|home care|home health|assisted living|senior living)$/.test(
        kind,
      ) ||
      !spaced(i) ||
      !spaced(i - 1)
    )
      continue;
    let from = i - 2;
    // ("from maple grove nursing home": in a note of one case, after a preposition of place any word no stop word names it.)
    // ("HAS VNA THRU CARITAS HOME CARE": through or via the agency too.)
    // ("to arrange home health": a verb of arranging after to is no agency's name; "referral to caritas home care" is one.)
    const cuedAt = (k: number) =>
      !tells &&
      k > 0 &&
      /^(at|from|to|thru|through|via)$/.test(words[k - 1].lower) &&
      !isStopWord(words[k]) &&
      !NOT_PLACE.has(words[k].lower) &&
      !(words[k - 1].lower === 'to' && ARRANGING.test(words[k].lower));
    const nameAt = (k: number) =>
      placeWord(words[k], tells) || cuedAt(k) || (k > 0 && cuedAt(k - 1) && !isStopWord(words[k]) && !NOT_PLACE.has(words[k].lower));
    // ("M/W/F. Home care": a letter alone names no agency.)
    if (taken.has(from) || NOT_PLACE.has(words[from].lower) || !nameAt(from) || words[from].text.length < 2) continue;
    if (from > 0 && spaced(from) && !NOT_PLACE.has(words[from - 1].lower) && (placeWord(words[from - 1], tells) || cuedAt(from - 1))) from--;
    if (from > 0 && /^[A-Za-z]$/.test(words[from - 1].text) && /^\.[ \t]+$/.test(words[from].gap)) from--;
    add(from, i - 2, 0.8, `before ${words[i - 1].text} ${words[i].text}`);
  }
  out.push(...townServiceSpans(words, tells, taken));
  // GH ER, GBMC nurse: an unknown word before a word that follows a hospital's name.
  for (let i = 1; i < words.length; i++) {
    const w = words[i - 1];
    if (!PLACE_AFTER.has(words[i].lower)) continue;
    // ("via mercy er", "from Scripps Mercy ED": after via or from, a word of the language names the hospital too.)
    const via = /^(er|ed|ew)$/.test(words[i].lower) && /^(via|from|thru|through|to)$/.test(words[i - 2]?.lower ?? '') && !isStopWord(w) && w.text.length >= 3;
    // (Only a space between: "S/P IMI, CATH 2/2" lists a diagnosis, then a procedure.)
    // (Nor a number's ending: "3rd icu adm".)
    if (taken.has(i - 1) || !bareSpace(words[i].gap) || !(isUnknownWord(w) || via) || (tells && !w.cap) || /\d$/.test(w.gap)) continue;
    if (NOT_PLACE_BEFORE.has(w.lower)) continue;
    // Cath follows devices too ("perma cath", "coude cath"): there an abbreviation in capitals ("GH cath") or a listed name or place.
    if (words[i].lower === 'cath' && !(w.allCaps && w.text.length <= 5) && !isName(w) && !isPlace(w)) continue;
    add(i - 1, i - 1, 0.7, `before ${words[i].text}`);
  }
  out.push(...bracketedPlaceSpans(words, tells, taken, text));
  out.push(...institutionSpans(words, tells, taken));
  out.push(...namedHospitalSpans(words, tells, taken));
  out.push(...kindFirstSpans(words, tells, taken));
  // Moves and stays: transferred to X, admitted from X, transplant at X, lives in X.
  // ("went to follow-up": a hyphenated word of the language is no place.)
  const englishCompound = (x: Word) => x.text.includes('-') && x.lower.split('-').every((p) => isEnglish(p) || isStopWord(p));
  // (Each weighed place may say its town: "placement at Radius in Roxbury vs Kindred in Peabody".)
  const town = (v: number) => (words[v]?.lower === 'in' && words[v + 1] && (!tells || words[v + 1].cap) ? v + 2 : v);
  // ("d/c to Kindred": a discharge written d/c is a move.)
  const dc = (i: number) => words[i].lower === 'c' && words[i - 1]?.lower === 'd' && words[i].gap === '/';
  // ("?CALL OUT TO REISMAN 10": called out of the unit to a ward.)
  const callOut = (i: number) => words[i].lower === 'out' && /^(call|called|calling)$/.test(words[i - 1]?.lower ?? '');
  // ("home care via Springwell": an agency's service, a move of care to the agency.)
  const homeCare = (i: number) => words[i].lower === 'care' && words[i - 1]?.lower === 'home';
  for (let i = 0; i < words.length - 1; i++) {
    if (!MOVES.has(words[i].lower) && !dc(i) && !callOut(i) && !homeCare(i)) continue;
    let j = i + 1;
    // "transferred back to", "TRANSFER TODAY TO": a word of when between the move and its place.
    while (j - i < 3 && words[j] && /^(back|today|tonight|tomorrow|now|soon|later|again|directly|emergently|over|up|down)$/.test(words[j].lower)) j++;
    // ("services through Springwell", "home care via Springwell": an agency gives them.)
    const through = (words[i].lower === 'services' || homeCare(i)) && /^(through|thru|via)$/.test(words[j]?.lower ?? '');
    if (!words[j] || !(/^(to|from|at|in)$/.test(words[j].lower) || through)) continue;
    if (words[j].lower === 'in' && !/^(lives|living|resides|resident)$/.test(words[i].lower)) continue;
    j++;
    if (words[j]?.lower === 'the') j++;
    const t = words[j];
    // After a transfer, in a note of one case, any word that is no clinical word is the place's ("transferred from hillcrest").
    const strong =
      !tells &&
      ((/^(transfer|transferred|transfered|txr|tx|txd|tx'd|admitted|arrived|flown|medflighted|airlifted|came|come|coming|referred|transported)$/.test(
        words[i].lower,
      ) &&
        words[j - 1].lower === 'from') ||
        (/^(transfer|transferred|transfered|txr|tx|txd|tx'd)$/.test(words[i].lower) && words[j - 1].lower === 'to'));
    // (Not a region by its direction: "from western maryland".)
    const anyName = (x: Word) =>
      !isStopWord(x) &&
      !NOT_PLACE.has(x.lower) &&
      x.text.length >= 3 &&
      !/(?:ing|ly)$/.test(x.lower) &&
      !COUNTRIES.has(x.lower) &&
      !/^(north|south|east|west)(ern)?$|^(central|upstate|downstate|midwest|northern|southern|eastern|western)$/.test(x.lower);
    if (
      !t ||
      taken.has(j) ||
      !bareSpace(t.gap) ||
      DESTINATIONS.has(t.lower) ||
      stateWord(t) ||
      // ("daughter lives in Israel", "came from Lebanon in 1978": a country alone, not "Lebanon, NH"; "IRELAND IN '58" is no Indiana.)
      (COUNTRIES.has(t.lower) &&
        !(words[j + 1] && /^,?[ \t]+$/.test(words[j + 1].gap) && stateWord(words[j + 1]) && (words[j + 1].gap.includes(',') || !isStopWord(words[j + 1])))) ||
      englishCompound(t) ||
      // ("transfer to F6", "tx to CC7": a unit's code, letters with its number written on.)
      (t.text.length <= 3 && /^\d/.test(words[j + 1]?.gap ?? '')) ||
      !(placeWord(t, tells) || (strong && anyName(t)))
    )
      continue;
    // Sent (a specimen) and went (into a rhythm) move a patient only to an unknown or listed place.
    // Went to a capitalised word in a note whose case tells ("went to Harbor") is a place too.
    const named = words[i].lower === 'went' && tells && t.cap && !t.allCaps && !t.starts;
    if (/^(sent|went)$/.test(words[i].lower) && (words[j - 1].lower !== 'to' || (isEnglish(t) && !named))) continue;
    let k = j;
    while (
      k + 1 < words.length &&
      k - j < 2 &&
      spaced(k + 1) &&
      !DESTINATIONS.has(words[k + 1].lower) &&
      // ("lives in saugus, dtr in town", "LIVES IN TAUNTON, DOESN'T DRIVE": after a comma, a word of the language or a relative's ends it.)
      (tells
        ? loose(words[k + 1])
        : placeWord(words[k + 1], tells) && !(words[k + 1].gap.includes(',') && (isEnglish(words[k + 1]) || RELATIVES.has(words[k + 1].lower))))
    )
      k++;
    add(j, k, 0.75, `after ${words[i].lower} ${words[i + 1].lower}`);
    // "d/c to Kindred vs Radius": the places weighed against it, capitalised where case tells.
    for (let v = town(k + 1); v + 1 < words.length && /^(vs|or|versus)$/.test(words[v].lower) && spaced(v) && spaced(v + 1); v = town(v + 2)) {
      const alt = words[v + 1];
      if (taken.has(v + 1) || DESTINATIONS.has(alt.lower) || stateWord(alt) || !placeWord(alt, tells) || (tells && !alt.cap)) break;
      add(v + 1, v + 1, 0.7, `a place weighed against ${words[j].text}`);
    }
  }
  // A ward: to Quartermain 2, ON QUARTERMAIN 3 (a place word, then one digit).
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    // (Wards are often named for people: "Farr 9", "to Cushing 3"; a listed surname counts too.)
    // (A name that is a word too, "to baker 4 bed 12", "TO WHITE 7 WHEN STABLE", only before a bed, a wait or the sentence's end.)
    // ("on Stanhope 3": where case tells, a capitalised name that is a word too; "transfer to Pratt 4": after a transfer, a
    // clinical word of five letters or more that names no unit.)
    const transfer = /^(?:transfer|transferred|transfered|tx|txr|txd|tx'd)$/.test(words[i - 2]?.lower ?? '') && words[i - 1].lower === 'to';
    const named =
      isUnknownWord(w) ||
      isName(w) ||
      (isCommonName(w) && !isStopWord(w) && (WARD_WAIT.test(wordTail(i)) || (tells && w.cap && !w.allCaps && !w.starts && !NOT_WARD.test(w.lower)))) ||
      (transfer && w.text.length >= 5 && !FUNCTION_WORDS.has(w.lower) && !NOT_WARD.test(w.lower));
    if (!TO_WARD.has(words[i - 1].lower) || taken.has(i) || !named || (tells && !w.cap)) continue;
    // (In capitals a word of four letters only where a surname list holds it and no clinical list does: "TO FARR 4", not "TO MICU 6".)
    // ("on PSVof 15": capitals run into small letters, a setting's name fused to a word, no ward's.)
    if (w.text.length < 4 || /^[A-Z]{2,}[a-z]/.test(w.text) || (w.allCaps && w.text.length < 5 && !(!tells && isName(w) && isUnknownWord(w)))) continue;
    if (WARD_NUMBER.test(wordTail(i))) add(i, i, 0.75, 'a ward before its number');
  }
  // FLOOR (FARR 9), step-down (Cushing 3): a ward in brackets after the word for where a patient goes,
  // its name whatever word it is (a surname, an eponym).
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (!WARD_WORDS.has(words[i - 1].lower) || taken.has(i) || !/\([ \t]*$/.test(w.gap)) continue;
    if (w.text.length >= 3 && !FUNCTION_WORDS.has(w.lower) && /^[ \t]+\d[ \t]*\)/.test(wordTail(i))) add(i, i, 0.75, 'a ward in brackets');
  }
  // The number is the ward's too: "Wexcombe 2/3" is no date.
  for (const f of out) {
    const last = wordEndingAt(words, f.end);
    const number = last === undefined ? null : WARD_NUMBER.exec(wordTail(last));
    // Surer than the date the number alone would read as, so the merged span stays a place.
    if (number) Object.assign(f, { end: f.end + number[0].length, confidence: Math.max(f.confidence, 0.85) });
  }
  // GBMC, UMMC, JMH: an abbreviation in capitals shaped as a hospital's, that no list holds and no clinical
  // abbreviation is; a misspelt word ("WIH") and a dosing interval (Q1H, QIH) are none.
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    // ("ob dr feldman at bwh": in a note of lower case, after at, from or to, in lower case too.)
    const lower =
      !tells && i > 0 && /^(at|from|to)$/.test(words[i - 1].lower) && /^[a-z]{2,4}$/.test(w.text) && HOSPITAL_ABBREVIATION.test(w.text.toUpperCase());
    // ("3RD-4TH": an ordinal's letters after its digit are no abbreviation.)
    if (
      taken.has(i) ||
      !((w.allCaps && HOSPITAL_ABBREVIATION.test(w.text)) || lower) ||
      !isUnknownWord(w) ||
      NOT_HOSPITAL_ABBREVIATION.has(w.lower) ||
      /\d$/.test(w.gap)
    )
      continue;
    // "at DGH", "from JMH", "arrived BCH by EMS": after a preposition of place or an arrival, one letter from a word ("high") is no misspelling.
    const cued = i > 0 && /^(at|from|to|arrived)$/.test(words[i - 1].lower) && bareSpace(w.gap);
    if (/^q/.test(w.lower) || (nearEnglish(w.lower) && !cued)) continue;
    add(i, i, cued ? 0.7 : 0.6, 'a hospital abbreviation');
  }
  // "at osh (wgh)", "OSH (JMH)": the outside hospital's abbreviation in brackets after it.
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (taken.has(i) || words[i - 1].lower !== 'osh' || !/^[ \t]*\([ \t]*$/.test(w.gap) || !/^[a-z]{2,6}$/i.test(w.text)) continue;
    if (!isUnknownWord(w) || isEnglish(w) || !/^[ \t]*\)/.test(wordTail(i))) continue;
    add(i, i, 0.75, 'an outside hospital in brackets');
  }
  // "last adm at Children's", "FROM CHILDREN'S": the children's hospital by its short name after a preposition of place.
  for (let i = 1; i < words.length; i++) {
    const w = words[i];
    if (w.lower !== 'children' || taken.has(i) || !/^(at|from|to)$/.test(words[i - 1].lower) || !bareSpace(w.gap) || (tells && !w.cap)) continue;
    if (w.possessive) add(i, i, 0.75, `Children's after ${words[i - 1].lower}`);
  }
  out.push(...regionSpans(words, tells, taken, placeWord));
  out.push(...letterheadSpans(words, text, taken));
  out.push(...organisationSpans(words, tells, taken));
  out.push(...establishmentSpans(words, tells, taken));
  out.push(...atPlaceSpans(words, tells, taken));
  out.push(...townSpans(words, tells, taken));
  out.push(...townBeforeStateSpans(words, tells, taken, placeWord));
  out.push(...unitHeaderSpans(words, tells, taken));
  out.push(...weighedPlaceSpans(words, tells, taken, out, placeWord, DESTINATIONS));
  out.push(...abbreviationSpans(words, out, taken, text));
  return out;
}

/** A ward's number after its name: "2", "2 or 3", "2/3" (no dose, no rate, no count of years: "from minas gerais 6 yrs ago"). */
/** A ward's floor and what follows a move there: a bed, a wait, a day, the sentence's end. */
const WARD_WAIT = /^[ \t]+1?\d[ \t]+(?:bed|when|once|after|tomorrow|today|tonight|later|asap|step-?down|tele(?:metry)?|floor|overflow)\b/i;
/** Words of a hospital's parts, kinds and counts before a number, no ward's own name ("to Floor 6", "Stepdown 4", "Day 3"). */
export const NOT_WARD =
  /icu|ccu|csru|unit|^(?:step-?down|trauma|medicine|medical|surgery|surgical|cardiac|cardiology|neuro|ortho|oncology|psych|burn|room|rm|bed|day|week|level|pod|bay|suite|station|floor|ward|wing|tower|building|bldg|pacu|telemetry|tele|rehab|cath|route|rte|rt|highway|hwy|exit|interstate|line|page|post|local|gate|terminal|pier|dock|lot|garage|platform|track|channel|grade|stage|class|type|phase|zone|group)$/;
// (A floor of two digits only before a clause's end or what a ward's name goes with: "to Reisman 12 neuro floor", "BAKER 10 STEP-DOWN";
// a dose, a score or a setting has two digits far more often: "lantus 18 u", "nihss 18 on arrival".)
export const WARD_NUMBER =
  /^[ \t]+(?:\d(?:\s*(?:or|\/)\s*\d)?(?![\d:%/]|\.\d|\s*(?:g\b|gm|mg|mcg|l\b|lpm|liters?|units?|cc|ml|hrs?|x\b|%|tabs?\b|caps?\b|pills?\b|puffs?\b|drops?\b|yrs?\b|years?\b|yo\b|y\/o|mos?\b|months?\b|wks?\b|weeks?\b|days?\b|ago\b))|1\d(?=[ \t]*(?:[,;)]|\.(?!\d)|\r?\n|$|(?:step-?down|tele(?:metry)?|floor|overflow|when|once|if|tomorrow|today|tonight|in|bed|vs|or|then|neuro|renal|ortho|vasc|surg|cardiology|cards|medicine|onc)\b)))/i;

/** A US state by its name or, in capitals, its postal code ("returning to NC"): Safe Harbor keeps a state. */
function stateWord(w: Word | undefined): boolean {
  return !!w && (STATES.has(w.lower) || (w.text.length === 2 && w.text === w.text.toUpperCase() && POSTAL_CODES.has(w.lower)));
}

/**
 * A place's abbreviation in brackets after its name ("Dunmore General Hospital (DGH)"): the
 * abbreviation is the place's too, and found with context it spreads where the note repeats it.
 */
function abbreviationSpans(words: Word[], found: Found[], taken: Set<number>, text: string): Found[] {
  const out: Found[] = [];
  if (!found.length) return out;
  for (const f of found) {
    let i = wordEndingAt(words, f.end);
    if (i === undefined) continue;
    // "Dunmore General Hospital (DGH)": the span stops before its institution word.
    // (Or before "General": "New Britain General (NBGH)".)
    if ((INSTITUTIONS.has(words[i + 1]?.lower ?? '') || words[i + 1]?.lower === 'general') && bareSpace(words[i + 1].gap)) i++;
    i++;
    const w = words[i];
    // (The bracket may open the next line: "Regional Hospital\n(NARH)".)
    // ("Fairhaven (SNF)": a kind of facility in brackets names none, nor a proxy's word, "Randolph (HCP)".)
    if (!w || taken.has(i) || !/^[ \t]*\n?[ \t]*\([ \t]*$/.test(w.gap) || isStopWord(w) || NOT_PLACE.has(w.lower) || RELATIVES.has(w.lower)) continue;
    // ("eastern maine medical center (emmc)": in small letters, the initials of the words before it, the place's among them.)
    const n = w.text.length;
    const initials =
      /^[a-z]{2,6}$/.test(w.text) &&
      i >= n &&
      words[i - n].start <= f.start &&
      words
        .slice(i - n, i)
        .map((x) => x.lower[0])
        .join('') === w.text;
    if ((/^[A-Z]{2,6}$/.test(w.text) || initials) && !isEnglish(w) && /^[ \t]*\)/.test(tailOf(words, i, text))) {
      taken.add(i);
      out.push({ start: w.start, end: w.end, type: 'location', confidence: 0.8, why: 'an abbreviation after a place' });
      continue;
    }
    // "Dorchester (Fields Corner)": a part of a town in brackets after it, its words capitalised, in a note in mixed case.
    let k = i;
    while (k + 1 < words.length && k - i < 2 && bareSpace(words[k + 1].gap) && words[k + 1].cap && !words[k + 1].allCaps) k++;
    const part = words.slice(i, k + 1);
    if (!isTown(text.slice(f.start, f.end).toLowerCase()) || !/^[ \t]*\)/.test(tailOf(words, k, text))) continue;
    if (!part.every((x, m) => x.cap && !x.allCaps && !isStopWord(x) && !taken.has(i + m)) || part.every((x) => isEnglish(x) && !isTown(x.lower))) continue;
    for (let m = i; m <= k; m++) taken.add(m);
    out.push({ start: part[0].start, end: part[part.length - 1].end, type: 'location', confidence: 0.7, why: 'a part of a town in brackets after it' });
  }
  return out;
}
