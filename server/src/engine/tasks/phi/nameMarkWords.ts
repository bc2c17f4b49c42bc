/**
 * The words that the marks around a name are read by (nameMarks.ts): credentials after a name,
 * titles of other languages and of clergy, relatives, services and consults beside a name in
 * brackets, labels, closings, and the words that look like a name there and are none (dotted
 * abbreviations, endearments, words for people).
 */
import { isUnknownWord } from './clinicalWords';
import { isCommonName, isName } from './lists';
import { Word } from './words';
import { CLOSE_KIN, wordsPattern } from './contextWords';

/** A nurse covered for, a listed name that is a word too ("covering for judy"; "covering for lunch" names none). */
export function coveredFor(verb: Word | undefined, w: Word): boolean {
  return !!verb && /^cover/.test(verb.lower) && isCommonName(w) && !/^(?:lunch|dinner|breakfast|break|breaks|meals?|shift|now|today|tonight)$/.test(w.lower);
}
/** A drug's ending, on a word no list holds: no name though it stands in brackets after a consult ("id (ceftriaxone)"). */
const DRUG_ENDING = /(?:one|ine|mer|ide|cin|pril|olol|azole|statin|parin|pam|lam|cillin|vir|mab|nib|xime|dine|fen|oxin|ium|ate|ol|cet)$/;
/**
 * A name no list may hold, in brackets after a consult ("ep (mbeki)", "CT SURG (BAPTISTE-MOREAU)"): a listed name, or an
 * unknown word of five letters or more with no drug's ending; hyphenated, each part so (of two letters or more).
 */
export function unlistedName(x: Word | string): boolean {
  const lower = typeof x === 'string' ? x : x.lower;
  return lower.split('-').every((p) => p.length >= 2 && (isName(p) || (isUnknownWord(p) && !DRUG_ENDING.test(p) && (p.length >= 5 || lower.includes('-')))));
}

/** Credentials after a name ("PT" and "OT" are the patient and a time as often as therapists: not here). */
export const ROLES = /^(rn|rnc|md|np|pa|rrt|cns|lpn|cna|sn|bsn|ccrn|slp|msw|lcsw|licsw|do|pa-c|aprn|crnp)$/;
/** Titles of other languages and of clergy: a name follows. */
export const TITLES = new Set(
  'doña dona señora senora señor senor sra mme madame mlle monsieur herr frau rev reverend rabbi imam sheikh pastor bà ông fr sr der hno'.split(' '),
);
/** Relatives (and proxies) a name goes with: "Winter's wife", "ROB, PT'S SON". */
const KIN_WORDS = [...CLOSE_KIN, 'hcp', 'proxy'];
export const KIN = wordsPattern(KIN_WORDS);
/** The relatives a name is followed by after a comma ("Ines, her daughter"): no mom ("SINCE ADM, MOM GIVEN" is milk of magnesia), no boyfriend ("Driver, her boyfriend"). */
export const KIN_AFTER_COMMA = wordsPattern([...CLOSE_KIN.filter((w) => !/^(?:mom|dad|boyfriend|girlfriend)$/.test(w)), 'hcp', 'proxy']);
/** Words before a comma and a relative's word that name no one: a relative, a place's kind, a way of coming, a chart, a time, a cleric or a guardian ("on Spectacle Pond, wife", "by bus, dtr", "for 30 yrs, son", "their priest, father X"). */
export const NOT_BEFORE_KIN = wordsPattern([
  ...KIN_WORDS,
  ...'pond lake river mountain hill beach island bay st ave rd sq square park hospital bus car train cab taxi van phone chart file business yrs years'.split(
    ' ',
  ),
  ...'priest pastor chaplain rabbi guardian'.split(' '),
]);
/** Owners of a relative that name no one ("Baby's father", "Mom's boyfriend"). */
export const NOT_KIN_OWNER = wordsPattern([...KIN_WORDS, 'baby', 'infant', 'newborn', 'twin']);
/** Services and roles a name is written beside in brackets: "PT (Grant)", "kevin (pt)". */
export const SERVICES = new Set(
  `pt ot rt sw slp speech nutrition dietitian dietician rehab chaplain pharmacy pharmacist np pa md rn
  cm interpreter resident fellow attending intern nurse therapist social work mgr manager liaison perfusion perfusionist
  tech technician eeg ekg echo transport coordinator pct pca res cde cna lna sitter dialysis charge micro microbiology lab bank life pharm float`.split(/\s+/),
);
/** Abbreviations written with full stops that are no one's initials. */
export const DOTTED_WORDS = new Set('rn md do pa np rt am pm po iv im sq us bs ms ok dc ed er or ie eg ot pt pa vs bid tid qid prn npo dnr dni'.split(' '));
export const ASKED = new Set('asks asking asked calling calls called crying looking covering covered covers'.split(' '));
/** A message left for someone: "lm on machine for Carol", "left msg for carol". */
export const MESSAGE = new Set('lm message msg messages machine voicemail vm'.split(' '));
/** Consulting services by their short names, beside a consultant's name in brackets. */
export const CONSULTS = new Set(
  'ep renal cards pulm gi id ortho surg neuro nsurg nsgy neurosurg neurosurgery psych heme onc derm ent uro plastics vasc ctsurg cts ir endo rheum consult control mgmt aps anesthesia anesth anes svc geri gyn hepatology transplant ethics palliative'.split(
    ' ',
  ),
);
export const REPORTED = new Set('report given reported handed signed'.split(' '));
/** What a patient asks to be called that is no name ("calls me honey", "asking for nurse"). */
export const ENDEARMENTS = new Set(
  'honey hon sweetie sweetheart sweety dear darling babe baby love doll buddy pal mija mijo sir maam nurse doc doctor mom mommy mama dad daddy papa'.split(' '),
);
export const CLOSINGS = new Set(['sincerely', 'regards', 'respectfully', 'cordially', 'thanks', 'thank you', 'best', 'warmly', 'cheers']);
export const LABELS = /^(patient|pt|name|re|cc|patient name|pt name)$/;
/** An age, or an age and a sex, at the start of what follows a name (" 72M", "17F", " 45 yo"). */
export const AGE_SEX = /^[ \t]*\d{1,3}[ \t]*(?:y\/?o\b|yo\b|yrs?\b|year|[MF]\b)/i;
/** Words for people whose relatives a note names, no one's name ("Doctor's wife", "Mother's sister"). */
export const isEnglishKin = (w: string) =>
  /^(doctor|nurse|patient|pt|mother|father|wife|husband|son|daughter|sister|brother|friend|family|neighbor|neighbour|roommate|boyfriend|girlfriend|partner|everyone|someone|anyone|nobody|it|he|she|who|that|what|there|here|one|today|yesterday|tomorrow)$/.test(
    w,
  );
/** What follows the pronoun I, not an initial after a title ("Mr I am", "Mrs I'll"). */
export const FIRST_PERSON_AFTER = /^(?:['\u2019]|[ \t]+(?:am|was|have|had|will|would|can|could|do|did|think|feel|told|said|called|spoke)\b)/i;

/** Two or three letters of one case that no list of words or abbreviations holds. */
export function initials(w: Word | undefined): boolean {
  if (!w || w.text.length > 3 || !/^(?:[a-z]{2,3}|[A-Z]{2,3})$/.test(w.text)) return false;
  // (isUnknownWord holds no function or clinical word.)
  return !ROLES.test(w.lower) && isUnknownWord(w);
}
/** What a priest named just before does ("FR HEALY VISITED"): his title before it is no "from". */
export const PRIEST_DOES = /^[ \t]+(?:visited|visits|came|here|called|anointed|prayed|gave|will)\b/i;
/** "w/ speech laura", "jk rn by": the words before a name that a service or a signature follows. */
export const WITH_BY = new Set(['w', 'with', 'by', 'per']);
/** "ROB, PT'S SON", "Ines, her daughter": whose relative a name is. */
export const WHOSE = new Set(['pt', 'patient', 'his', 'her', 'their']);
/** A preposition of place, or "of" or "all", before a word: what follows a comma there is no name before a relative. */
export const PLACED_AFTER = new Set(['in', 'from', 'near', 'at', 'to', 'of', 'all']);

/** The words before a name that some rule of markedNames reads (asked for, reported to or from). */
const CUES_BEFORE = new Set(['for', 'me', 'to', 'from']);
const DOCTOR = new Set(['dr', 'drs', 'doctor']);
/**
 * A word from which no rule of markedNames can take anything: one space before it and after it,
 * more than one letter, no possessive, no role or "from" after it, no cue word before it (for,
 * me, to, from; with, by or per two words before) and no title or doctor's word itself. Every
 * rule needs one of these (each rule's first condition in nameMarks.ts, say so there when adding
 * one), so that the rules skip such a word and nothing changes.
 */
export function plainWord(words: readonly Word[], i: number): boolean {
  const w = words[i];
  const next = words[i + 1];
  return (
    w.gap === ' ' &&
    w.text.length !== 1 &&
    !w.possessive &&
    next !== undefined &&
    next.gap === ' ' &&
    next.lower !== 'from' &&
    !ROLES.test(next.lower) &&
    !CUES_BEFORE.has(words[i - 1]?.lower ?? '') &&
    !WITH_BY.has(words[i - 2]?.lower ?? '') &&
    !TITLES.has(w.lower) &&
    !DOCTOR.has(w.lower)
  );
}
