/**
 * The PHI that has a shape of its own: dates in any layout, years, phone, fax and pager
 * numbers, e-mail addresses and URLs (street addresses and ZIP codes are in addresses.ts, record
 * numbers in ids.ts, ages over 89 in ages.ts). Vitals and lab values are numbers too: a rule checks the shape
 * (a month 1-12, a day 1-31) and the words beside it before it takes one.
 */
import { PhiSpan, PhiType } from './types';
import { yearRangeSpans } from './yearRanges';
import { allMatches } from '../../text/matches';
import { EXTENSION_AFTER_WORD, EXTENSION_NEEDS, YEAR_BEFORE_APOSTROPHE, YEAR_BEFORE_APOSTROPHE_NEEDS } from './patternNeeds';

type Found = Omit<PhiSpan, 'text'>;

const MONTH = '(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const ORD = '(?:st|nd|rd|th)';

/** Words before a slash pair that make it a ratio or a setting, not a date. */
const NOT_DATE_BEFORE =
  /(?:\b(?:bp|b\/p|sbp|nbp|abp|map|pap|pa|cvp|ps|peep|psv|cpap|bipap|ipap|epap|vent|ratio|i:e|grade|gr|strength|motor|score|gcs|ef|abg|vbg|abgs|trial|ventilation|mask|rales|crackles|cxs|up|drop|d5|d\s5|pain|cp|murmur|sem|perrla|perrl|perl|pupils?|tof|train\s+of\s+(?:4|four)|rate|mae|moves|grips|power|weak|weaker|weakness|hemiparesis|paresis|stronger|vs|apgars?|tinetti|berg|moca|mmse|braden|morse|phq-?9|fim|slums)\s*[:=(,]?\s*|(?:\b|\d)x\s*|[\d.][ \t]*[-/][ \t]*|\+\s*)$/i;
/** The words of NOT_DATE_BEFORE that stand before strengths, fractions and pain scores only (3/5, 1/2, 4/10): a day past 12 after them is a date's. */
const FRACTION_BEFORE =
  /\b(?:up|drop|pain|cp|weak|weaker|weakness|hemiparesis|paresis|stronger|strength|motor|grade|gr|moves|grips|power|mae|trial)\s*[:=(,]?\s*$/i;
/** Ventilator words shortly before a slash pair that make it settings. */
const VENT_BEFORE = /\b(?:vent|vented|ps|psv|cpap|bipap|peep|mode|settings|imv|simv|abg|abgs)\b[^.;]*$/i;
/** An oxygen fraction after a slash pair ("on 5/5, 40%"): pressure support over PEEP, then FiO2. */
const FIO2_AFTER = /^\s*,?\s*(?:and\s+|fio2\s*)?\d{2,3}\s*%/i;
/** Words after a slash pair that make it a fraction, a score or a setting. */
const NOT_DATE_AFTER =
  /^\s*(?:ns\b|bottles?\b|cultures?\b|sets?\b|intra-?op\b|up\b|amp\b|rate\b|of\b|hrs?\b|way\b|str|tab|dose|inch|cm\b|strength|pain|incisional|sem\b|murmur|(?:holo)?systolic|diastolic|hsm\b|dsm\b|psv|ps\b|cpap|peep|normal saline|ppd\b|packs?\b|(?:hla[ \t]*)?match(?:ed)?\b)/i;
/** Words after a number that make it a time or a quantity, not a year. */
const QUANTITY_AFTER =
  /^\s*(?:-\s*\d|hrs?\b|h\b|hours?\b|am\b|pm\b|ml\b|cc\b|mls\b|kcal|cal\b|mg\b|mcg|units?\b|u\b|g\b|gm|kg|lb|mmhg|mm\b|ms\b|meq|%|x\b|calories|steps|feet|ft\b|miles|ml\/)/i;
/** Words before a 4-digit number that make it a time, a dose or a count. */
const TIME_BEFORE =
  /(?:@\s*|->\s*|\bfrom\s+(?:or|pacu|ed|er|cath\s+lab)\s+|\b(?:at|around|about|approx\.?|aprox\.?|approximately|~|by|until|till|til|since|from|to|after|before|@|and|between|start(?:ed)?|given|due|of|x|q|noon|bolus|was|is|were|total|wbc|plt|plts|platelets|cpks?|cks?|ldh|glucose|bs|fs|fsbs|i\/o|in|out|uo|u\/o|intake|output|ivf|po|tf|ml|cc|ic|spirometer|spirometry|pulled|drawn|hung)\s*[:=]?\s*|[-–/]\s*)$/i;

/** A procedure or event of a history, then a two-digit year (no unit, no decimal, no ratio after). */
const HISTORY_YEAR =
  /\b(?:mi|ami|nstemi|stemi|imi|cabg|cabgx\d|cva|tia|avr|mvr|tvr|ppm|aicd|icd|pci|ptca|stents?|stented|dx|dx'd|diagnosed|bypass|repair|replacement|transplant|turp|orif|appy|chole|cholecystectomy|appendectomy|hysterectomy|mastectomy|lobectomy|colectomy|pacemaker|endarterectomy|cea|fem-pop|laminectomy|thr|tkr|thrombectomy)(?:\s*x\s*\d)?\s*(?:in\s+|-\s*|,\s*)?'?\d{2}(?![\d%./:'-]|\s*(?:%|mg|mm|cc|ml|hrs?|yo|y\/o|yr|years|min|bpm|beats|units?|x\b))/gi;

const valid = (m: number, d: number) => m >= 1 && m <= 12 && d >= 1 && d <= 31;
/** Words shortly before an N/10 that make it a score: a complaint or how strong it is. */
const SCORE_BEFORE =
  /(?:\b(?:c\/o|complains?|complaining|rates?|rated|reports?|relief|discomfort|pressure|ache|aching|angina|headache|ha|severe|mild|moderate|sore|soreness|tenderness|cramping|cramps|burning|hurts?|at|of|is|was|now|@)\b[^.;\n]{0,12}|#\s*)$/i;
/** Words just before a four-digit number that make it the time of an event ("called 2000", "note 1900", "eta 2000", "dhart -> us 1930"). */
const EVENT_BEFORE =
  /(?:->|>)\s*(?:us|here)\s*$|(?:^|[\s.;])[dar]:\s*$|\b(?:called|paged|returned|rec'd|received|arrived|seen|given|started|stopped|note|npn|nsg|events?|updated|notified|awoke|woke|extubated|intubated|reversed|sedated|bolused|visited|transfused|suctioned|repositioned|medicated|turned|pronounced|asystole|asystolic|apnea|apneic|expired|eta|arr|(?:by|on|via|over)\s+(?:the\s+)?phone|back\s+to\s+(?:the\s+)?(?:[a-z]+\s+)?(?:icu|unit|floor|room))\s*[:,]?\s*$/i;
/** A death's events after a time of day ("1902 apnea, asystole 1906", "1930 extubated"). */
const EVENT_AFTER = /^[ \t]*(?:apnea|apneic|asystole|asystolic|extubated|pronounced|expired)\b/i;
/** Procedures' and moves' verbs before "the Nth" ("trach placed the 9th."): a day of the month only where no noun follows. */
const EVENT_BEFORE_NTH =
  'placed|extubated|intubated|reintubated|admitted|discharged|transferred|performed|inserted|removed|drawn|due|fly|flies|flying|arrives|arriving';
const EVENT_VERB_FIRST = new RegExp(`^(?:${EVENT_BEFORE_NTH})\\b`, 'i');
/** Words before N/5 that make it a muscle's strength ("L grip 4/5, R 5/5", "rle 2/5"). */
const STRENGTH_BEFORE =
  /\b(?:grips?|rue|rle|lue|lle|bue|ble|ue|le|r|l|rt|lt|left|right|drift|deltoids?|biceps|triceps|quads?|hips?|df|pf|hg|strength|motor|mae|arms?|legs?|hands?|feet|foot|grip|ext|exts|extremities|all\s+(?:4|four)|moves\s+all)\s*[:,]?\s*$/i;
/** Words right before a slash pair that make it a date though a ventilator's word came earlier ("extubated to BiPAP 9/9, reintubated 9/11", "CPAP 5/5 since 2/4"). */
const DATE_CUE_BEFORE = new RegExp(`\\b(?:${EVENT_BEFORE_NTH}|since|until|till|thru|through|trached|started|stopped)[ \\t]*$`, 'i');
/** A dotted month.day ("4.15"): in a note a lab value's shape, a date only with an event's word before and two digits of the day, or a time glued after. */
const DOTTED_DATE =
  /(?<![\d.])(\d{1,2})\.(\d{1,2})(?:[ \t]*[-\u2013][ \t]*(\d{1,2})\.(\d{1,2}))?(?!\d|\.\d|[ \t]*(?:mg|mcg|u\b|units?|%|l\b|lpm|cc|ml|meq|mmol|g\b|gm|kg|cm|mm|x\b|\/))/g;
const DOTTED_CUE = new RegExp(`\\b(?:${EVENT_BEFORE_NTH}|since|until|thru|through|started|stopped|trached|tee|tte|echo|cath)[ \\t]*$`, 'i');
/** A month/day and a dash just before: the pair after it ends a range of dates. */
const DATE_RANGE_BEFORE = /(?<![\d/])(\d{1,2})\/(\d{1,2})\s*[-–]\s*$/;
/** Words before a month/day written with a dash ("s/p MVC 8-31", "on 9-3") that make it a date, not a range of values. */
const DASHED_DATE_BEFORE = /(?:\b(?:on|since|until|till|dated?|s\/p\s+[a-z]+)\s+)$/i;
/** A shift's hours before the day it was ("CCU NURSING 3P-11P 4-9", "micu nsg 7p-7a 2-14", "0700-1900 3-2"). */
const SHIFT_BEFORE = /(?:\b\d{1,2}(?::?\d\d)?[ \t]*[ap]m?[ \t]*-[ \t]*\d{1,2}(?::?\d\d)?[ \t]*[ap]m?|\b[012]\d[0-5]\d[ \t]*-[ \t]*[012]\d[0-5]\d)[ \t]+$/i;
/** Holidays by their names (a holiday is a date of the year it names). */
const HOLIDAYS =
  /\b(?:christmas(?:[ \t]+(?:eve|day))?|xmas|new[ \t]+year(?:'?s)?(?:[ \t]+(?:eve|day))?|thanksgiving(?:[ \t]+day)?|easter(?:[ \t]+sunday)?|halloween|independence[ \t]+day|memorial[ \t]+day|labor[ \t]+day|fourth[ \t]+of[ \t]+july|valentine'?s[ \t]+day|mother'?s[ \t]+day|father'?s[ \t]+day|st\.?[ \t]+patrick'?s[ \t]+day|passover|hanukk?ah|chanukk?ah|yom[ \t]+kippur|rosh[ \t]+hashanah?|ramadan|good[ \t]+friday|kwanzaa|veterans'?[ \t]+day|presidents'?[ \t]+day|columbus[ \t]+day|patriots'?[ \t]+day)\b/gi;
const FULL_MONTH = '(?:January|February|March|April|May|June|July|August|September|October|November|December)';
/** Words before a month's name alone that make it a date ("since March", "in early June"). */
const MONTH_ALONE = new RegExp(
  `\\b(?:in|since|until|till|by|around|through|during|from|last|next|this|of|early|late|mid|end of|beginning of|for|seen|before|after|planned|scheduled|every|each|dx'd|diagnosed|admitted)(?:\\s+(?:early|late|mid))?[\\s-]+(${FULL_MONTH})\\b(?!\\s*\\d)`,
  'gi',
);
/** A month's abbreviation alone after in, since or until ("referred him in Dec.", "seen in Oct for syncope"): before a stop or a few words only. */
const MONTH_ABBREVIATION_ALONE =
  /\b(?:in|since|until|till|by|during|from|last|early|late|mid|here)\s+(jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\.?(?=\s*(?:[.,;)]|$|\s+(?:for|and|to|with|w\/|when|after|at|of|this|last)\b))/gim;
const DAY_MONTH_HYPHENED = new RegExp(`(?<![\\d.])\\b(\\d{1,2})-${MONTH}(?:-(\\d{4}|\\d{2}))?\\b(?![-/]?\\d)`, 'gi');
const MONTH_DAY_HYPHENED = new RegExp(`\\b${MONTH}-(\\d{1,2})(?:-(\\d{4}|\\d{2}))?\\b(?![-/]?\\d)`, 'gi');
/** A year of two digits after a date's comma or apostrophe ("21 Apr, 21", "Jan 5, '98"): no count, dose or next day follows. */
/** What may follow a number and not a two-digit year: a unit or a count's noun. */
const UNIT_AFTER = `[ \\t]*(?:${ORD}|${MONTH}|%|mg|mcg|mm|cc|ml|l|meq|mmol|g|gm|kg|lbs?|cm|ng|u|iu|puffs?|tabs?|caps?|drops?|times|pts?|patients|people|hrs?|h|yo|y\\/o|yrs?|years?|min|mins|minutes?|secs?|seconds?|months?|mos?|bpm|beats|units?|x|breaths|days?|wks?|weeks?|pm|am)\\b`;
/** What may not follow a two-digit year: a digit or a mark that goes on a number, a unit, a count's noun. */
const NO_UNIT_AFTER = `(?![\\d%./:'-]|${UNIT_AFTER})`;
const SHORT_YEAR = `[ \\t]*(?:,[ \\t]*'?|')\\d{2}${NO_UNIT_AFTER}`;
const MONTH_DAY = new RegExp(`\\b${MONTH}\\.?\\s*(\\d{1,2})${ORD}?(?:\\s*,?\\s*\\d{4}|${SHORT_YEAR})?(?![\\d:])`, 'gi');
const MAY_DAY_YEAR = new RegExp(`^may[ \\t]+\\d{1,2}[ \\t]+\\d{2}${NO_UNIT_AFTER}`, 'i');
const MONTH_YEAR = new RegExp(`\\b(?!may\\b)${MONTH}\\.?\\s*,?\\s*(?:19|20)\\d\\d\\b`, 'gi');
/** "nov 98", "Sept 67": a month and a two-digit year that can be no day (32 to 99), no unit after it. */
// (A sentence's full stop may follow it, "oct 96.", a decimal's may not.)
const MONTH_SHORT_YEAR = new RegExp(`\\b(?!may\\b)${MONTH}\\.?[ \\t]+(?:3[2-9]|[4-9]\\d)(?!\\.\\d|[\\d%/:'-]|${UNIT_AFTER})`, 'gi');
const DAY_MONTH = new RegExp(`\\b(\\d{1,2})${ORD}?\\s*(?:of\\s+)?(?!may\\b)${MONTH}\\b\\.?(?:\\s*,?\\s*\\d{4}|${SHORT_YEAR})?`, 'gi');
const THE_NTH = new RegExp(
  `\\b(?:on|since|until|till|til|by|of|before|after|past|for|from|thru|through|recently|last|next|around|is|was|it's|it\u2019s|its|today's|starting|beginning|${EVENT_BEFORE_NTH}|monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thurs?|fri|sat|sun|up)\\s+the\\s+(\\d{1,2}${ORD})\\b(?!\\s*(?:floor|degree|day|time|dose|ics|intercostal|rib|toe|finger|digit|grade|percentile|generation|unit|hour|week|month|year|attempt|line)|\\s*(?:and|or|-|through|to)\\s*\\d{1,2}${ORD})`,
  'gi',
);
const RANGE_OF_NTHS = new RegExp(
  `\\bthe\\s+(\\d{1,2}${ORD})\\s*[-\u2013]\\s*(\\d{1,2}${ORD})\\b(?!\\s*(?:ribs?|ics|intercostal|vertebra|thoracic|grade|percentile|cranial|nerves?|toes?|fingers?|digits?|metatarsals?|floor|street|st\\b|ave))`,
  'gi',
);
const NTH_AT_TIME = new RegExp(`\\bthe\\s+(\\d{1,2}${ORD})\\s+at\\s+\\d{1,2}(?::\\d\\d|\\d\\d|\\s*[ap]\\.?m\\b)`, 'gi');
const ORIENTATION_DATE = new RegExp(
  `\\b(?:knows|knew|states|stated|says|said|thinks|thought|believes|answers|answered|reports)\\s+(?:that\\s+)?(?:it\\s+is|it's|its|it\\s+was|the\\s+(?:year|date|day)\\s+(?:is|was))\\s+(?:the\\s+)?((?:19|20)\\d\\d|\\d{1,2}${ORD}|(?!may\\b)${MONTH})\\b`,
  'gi',
);

/** Procedures before a dashed date ("lap chole 10-19", "stent 10-21"): the date of the procedure. */
const PROCEDURE_BEFORE =
  /\b(?:chole|cholecystectomy|stent|stented|cabg|cath|cathed|ercp|egd|colonoscopy|surgery|orif|repair|resection|transplant|intubated|extubated|admitted|admit|adm|adm'd|discharged|d\/c'?d|pulled|placed|trach'?d|trached|peg'?d|fell)\s+$/i;

export function patternSpans(text: string): Found[] {
  let logCount: number | undefined;
  const out: Found[] = [];
  const add = (start: number, end: number, type: PhiType, confidence: number, why: string) => out.push({ start, end, type, confidence, why });
  const each = (re: RegExp, f: (m: RegExpExecArray) => void) => {
    for (const m of allMatches(re, text)) f(m);
  };
  const before = (i: number, n = 24) => text.slice(Math.max(0, i - n), i);

  // m/d, m/d/yy, m/d/yyyy (and m-d-yy, m.d.yy with the year): month and day checked.
  // (After a word's full stop with no space too: "transferred to Quartermain.8/31.")
  // ("7a-7p 1/22/02.48 yo m": a date with its year before a full stop and a number, where no space follows a sentence.)
  each(/(?<![\d/:])(?<![^A-Za-z]\.|^\.)(\d{1,2})\/(\d{1,2})(?:\/(\d{4}|\d{2})(?![\d/]|%)|(?![\d/]|\.\d|%))/g, (m) => {
    // 8/87: a month and a two-digit year.
    const monthYear = !m[3] && +m[1] >= 1 && +m[1] <= 12 && m[2].length === 2 && +m[2] > 31;
    if (!valid(+m[1], +m[2]) && !monthYear) return;
    // "26 2/7 wk": sevenths of a week of gestation after the weeks, no date.
    if (!m[3] && +m[2] === 7 && +m[1] <= 6 && /^\s*(?:wks?|weeks?)\b/i.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8))) return;
    // The second date of a range ("12/30-1/2", "8/31 - 9/2"): after a date, not after a ratio's number.
    const rangeEnd = DATE_RANGE_BEFORE.exec(before(m.index, 12));
    // A range runs forward (12/30-1/2 across a new year); "1/3-1/2" runs back: fractions.
    const afterDate =
      !!rangeEnd &&
      valid(+rangeEnd[1], +rangeEnd[2]) &&
      (+m[1] > +rangeEnd[1] || (+m[1] === +rangeEnd[1] && +m[2] > +rangeEnd[2]) || (+rangeEnd[1] === 12 && +m[1] === 1));
    // ("first weakness 6/28", "flying up 7/25": after a word of strengths or fractions, a day past 12 is a date's.)
    const fractionOnly = +m[2] > 12 && FRACTION_BEFORE.test(before(m.index));
    if (
      !m[3] &&
      !afterDate &&
      ((NOT_DATE_BEFORE.test(before(m.index)) && !fractionOnly) || NOT_DATE_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 20)))
    )
      return;
    // (Or in a run of strengths: "UE 3/5 prox, 4/5 distal", "L SIDE 5/5".)
    const strengths = /\b[0-5][+-]?\/5\b/.test(`${before(m.index, 20)} ${text.slice(m.index + m[0].length, m.index + m[0].length + 20)}`);
    const limb = /^\s*(?:distal|dist|prox\w*|throughout|bilat\w*|all\s+ext\w*|strength|ue|le|bue|ble|rue|lue|rle|lle|uext|lext)\b/i.test(
      text.slice(m.index + m[0].length, m.index + m[0].length + 16),
    );
    if (!m[3] && m[2] === '5' && +m[1] <= 5 && (STRENGTH_BEFORE.test(before(m.index, 16)) || strengths || limb || /\bsides?\s*$/i.test(before(m.index, 8))))
      return;
    // 5/5, 8/5 on a ventilator: pressure support over PEEP (not after an event's word: "EXTUBATED 12/13, 50% FT").
    if (
      !m[3] &&
      +m[1] <= 20 &&
      +m[2] <= 20 &&
      (VENT_BEFORE.test(before(m.index, 30)) || FIO2_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12))) &&
      !DATE_CUE_BEFORE.test(before(m.index, 16))
    )
      return;
    // N/10 beside a pain score or another N/10 is a score (the pair itself is left out of the look).
    const around = `${text.slice(Math.max(0, m.index - 30), m.index)} ${text.slice(m.index + m[0].length, m.index + m[0].length + 30)}`;
    // A word of pain or its strength just before makes it a score ("pressure 6/10", "severe 10/10",
    // "#4/10"); otherwise a date ("test on 2/10", "via the ED 2/10").
    // ("to see him at HRC on 1/10": right after "on", with no pain's word about, a date.)
    // ("transferred on 4/10 ... cxr 4/10": after "on" another N/10 near makes no score either, a pain's word does.)
    const onBefore = /\bon[ \t]+$/i.test(before(m.index, 4));
    const scored = /pain|\bcp\b|scale|\brat(?:es?|ed|ing)\b/i.test(around) || (!onBefore && (/\d\/10/.test(around) || SCORE_BEFORE.test(before(m.index, 40))));
    if (!m[3] && m[2] === '10' && scored) return;
    // "SEPTIC SHOCK 2/2 PNA": 2/2 between words is "secondary to".
    const secondary =
      m[0] === '2/2' && /[A-Za-z][ \t]*$/.test(before(m.index, 4)) && !/\b(?:on|since|of|from|until|by|to|dated?)\s*$/i.test(before(m.index, 10));
    // (A date goes on with a preposition: "FROM WEXFORD GENERAL 2/2 IN CARDIOGENIC SHOCK".)
    if (
      secondary &&
      /^[ \t]+[A-Za-z]/.test(text.slice(m.index + 3, m.index + 6)) &&
      !/^[ \t]+(?:in|on|at|for|to|and|with|w\/?|from|by|via|@)\b/i.test(text.slice(m.index + 3, m.index + 12))
    )
      return;
    // "IVIG day 3/5", "abx day 4/7": a day of a course, not a date.
    if (!m[3] && +m[1] <= +m[2] && +m[2] <= 21 && /\bday[ \t]*#?[ \t]*$/i.test(before(m.index, 8))) return;
    // "ex-33 wk, now 35 2/7", "GA 29 4/7 wks": days of a gestational week after its weeks, not a date.
    if (!m[3] && m[2] === '7' && +m[1] <= 6 && /\b(?:[2-4]\d)[ \t]+$/.test(before(m.index, 4))) return;
    add(m.index, m.index + m[0].length, 'date', m[3] ? 0.95 : 0.8, m[3] ? 'date m/d/y' : 'date m/d');
  });
  each(/(?<![\d.:-])(\d{1,2})([-.])(\d{1,2})\2(\d{4}|\d{2})(?![\d-]|\.\d)/g, (m) => {
    if (valid(+m[1], +m[3])) add(m.index, m.index + m[0].length, 'date', 0.9, 'date m-d-y');
  });
  // yyyy-mm-dd
  each(/\b(19|20)\d\d-(\d\d)-(\d\d)\b/g, (m) => {
    if (valid(+m[2], +m[3])) add(m.index, m.index + m[0].length, 'date', 0.95, 'date y-m-d');
  });
  // 8-31, 9-3 after a word that dates it: a range of values has the same shape.
  each(/(?<![\d/.:-])(\d{1,2})-(\d{1,2})(?![\d/-]|\.\d|\s*(?:%|mg|mcg|cc|ml|l\b|lpm|hrs?|hours?|h\b|x\b|days?|weeks?|min|beats|bpm|units?|liters?))/gi, (m) => {
    // "on 2-4" is a range of values more often than a date: on only with a day past 12.
    const cue = DASHED_DATE_BEFORE.exec(before(m.index)) ?? PROCEDURE_BEFORE.exec(before(m.index)) ?? SHIFT_BEFORE.exec(before(m.index));
    if (valid(+m[1], +m[2]) && cue && (+m[2] > 12 || !/^on\b/i.test(cue[0]))) add(m.index, m.index + m[0].length, 'date', 0.75, 'date m-d');
  });
  // 12/2015, 3/2017: a month and a year.
  each(/(?<![\d/.:])(\d{1,2})\/((?:19|20)\d\d)(?![\d/]|\.\d)/g, (m) => {
    if (+m[1] >= 1 && +m[1] <= 12) add(m.index, m.index + m[0].length, 'date', 0.85, 'date m/yyyy');
  });
  // since March, in early June: a month's name alone (May only capitalised and not a verb's place).
  each(MONTH_ALONE, (m) => {
    const start = m.index + m[0].length - m[1].length;
    // ("LAST CT IN MAY.": in capitals or lower case, before a stop or a line's end.)
    // ("LAST HERE IN MAY FOR THE SAME LEG": or after in, since or until before a preposition, where no verb follows may.)
    const stopped =
      /^[ \t]*(?:[.,;)]|$)/m.test(text.slice(start + 3, start + 6)) ||
      (/^(?:in|since|until|till|during|last|next|early|late|mid)\b/i.test(m[0]) &&
        /^[ \t]+(?:for|and|to|with|when|at|of|after|before)\b/i.test(text.slice(start + 3, start + 12)));
    if (
      /^may$/i.test(m[1]) &&
      ((m[1] !== 'May' && !stopped) || /^\s+(?:be|have|need|not|also|help|require|benefit)\b/i.test(text.slice(start + 3, start + 20)))
    )
      return;
    add(start, start + m[1].length, 'date', 0.75, 'month name');
  });
  each(MONTH_ABBREVIATION_ALONE, (m) => {
    const start = m.index + m[0].length - m[1].length - (m[0].endsWith('.') ? 1 : 0);
    add(start, start + m[1].length, 'date', 0.7, 'month abbreviation');
  });
  // 14-Mar-02, 30-OCT, Mar-14-2002: a day and a month's abbreviation joined by hyphens, a year after.
  each(DAY_MONTH_HYPHENED, (m) => {
    if (+m[1] >= 1 && +m[1] <= 31) add(m.index, m.index + m[0].length, 'date', 0.9, 'date day-month');
  });
  each(MONTH_DAY_HYPHENED, (m) => {
    if (+m[1] >= 1 && +m[1] <= 31 && !/^may-/i.test(m[0])) add(m.index, m.index + m[0].length, 'date', 0.9, 'date month-day');
  });
  // "winter 97", "summer of '02", "FALL 1998": a season with its year.
  each(
    /\b(?:spring|summer|fall|autumn|winter)(?:[ \t]+of)?[ \t]+'?((?:19|20)\d\d|\d\d)\b(?![\d:/-]|\.\d|[ \t]*(?:%|mg|yo|y\/o|years?|yrs?|min|hrs?|lbs?|kg|pounds))/gi,
    (m) => add(m.index, m.index + m[0].length, 'date', 0.8, 'a season and its year'),
  );
  // Christmas Eve, New Year's Day, Thanksgiving: a holiday dates what happened on it (Safe Harbor's "all elements of dates").
  each(HOLIDAYS, (m) => add(m.index, m.index + m[0].length, 'date', 0.85, 'a holiday'));
  // Jan 5, Jan. 5th, January 5, 1998, January 1998
  each(MONTH_DAY, (m) => {
    if (+m[1] >= 1 && +m[1] <= 31 && !/^may\s/i.test(m[0])) add(m.index, m.index + m[0].length, 'date', 0.95, 'date month day');
    // ("May 13th": a capitalised May with a day's ordinal or a year after it is the month; "may 2 be" is no date.)
    // ("May 13th", "May 24, 2004", "clinic May 24 at 9 am": a capitalised May with a day, no verb or unit after it, is the month.)
    else if (
      /^may\s/i.test(m[0]) &&
      +m[1] >= 1 &&
      +m[1] <= 31 &&
      (/\d(st|nd|rd|th)/.test(m[0]) ||
        // ("ccu npn 7p-7a may 3 05": a day, then a two-digit year with no unit or digit after it; the year goes in the span.)
        MAY_DAY_YEAR.test(text.slice(m.index, m.index + 16)) ||
        // ("ON MAY 28" in capitals: after a date's preposition.)
        ((/^May/.test(m[0]) || /\b(?:on|since|until|till|by|from|before|after|appt)[ \t]+$/i.test(before(m.index, 8))) &&
          !/^[ \t]*(?:be|have|need|not|also|x|times|doses?|occasions?|episodes?|mg|weeks?|wks?|days?|hrs?|hours?|months?|%)\b/i.test(
            text.slice(m.index + m[0].length, m.index + m[0].length + 10),
          )))
    )
      add(m.index, m.index + (MAY_DAY_YEAR.exec(text.slice(m.index, m.index + 16))?.[0].length ?? m[0].length), 'date', 0.9, 'date month day');
  });
  each(MONTH_YEAR, (m) => add(m.index, m.index + m[0].length, 'date', 0.9, 'date month year'));
  // (A lower-case "dec" before a number is as often "decreased": "fio2 dec 50".)
  each(MONTH_SHORT_YEAR, (m) => !m[0].startsWith('dec') && add(m.index, m.index + m[0].length, 'date', 0.8, 'date month and two-digit year'));
  // 5 Jan, 5th of January, the 3rd
  each(DAY_MONTH, (m) => {
    // "nc 02 dec from 4": a lower-case "dec" or "inc" before a change is "decreased", no December.
    const change = /\b(?:dec|inc)\.?$/.test(m[0]) && /^\s*(?:from|to|->|by)\b/i.test(text.slice(m.index + m[0].length, m.index + m[0].length + 8));
    if (+m[1] >= 1 && +m[1] <= 31 && !change) add(m.index, m.index + m[0].length, 'date', 0.9, 'date day month');
  });
  each(THE_NTH, (m) => {
    const start = m.index + m[0].length - m[1].length;
    // ("trach placed the 9th.": after an event's verb only where no noun follows, "placed the 2nd piv".)
    const event = EVENT_VERB_FIRST.test(m[0]);
    if (event && !/^[ \t]*(?:[.,;:)]|\r?\n|$|(?:and|at|by|in|with|per|on|from|w\/)\b)/i.test(text.slice(m.index + m[0].length, m.index + m[0].length + 6)))
      return;
    if (+m[1].replace(/\D/g, '') <= 31) add(start, start + m[1].length, 'date', 0.8, 'date the Nth');
  });
  // "VF ARREST 4.9@0310", "AICD PLACED 4.15 BY EP", "intubated 3.12-3.18": a dotted month.day, with a time glued after it
  // or after an event's word with two digits of the day (both ends of a range).
  each(DOTTED_DATE, (m) => {
    const timed = /^@[ \t]*\d{3,4}/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 6));
    const cued = /\d\d/.test(m[2]) && DOTTED_CUE.test(before(m.index, 16)) && (!m[3] || /\d\d/.test(m[4]) || +m[3] > +m[1]);
    if (!valid(+m[1], +m[2]) || !(timed || cued) || (m[3] && !valid(+m[3], +m[4]))) return;
    add(m.index, m.index + m[1].length + 1 + m[2].length, 'date', 0.75, 'a dotted month.day');
    if (m[3]) add(m.index + m[0].length - m[4].length - 1 - m[3].length, m.index + m[0].length, 'date', 0.75, 'a dotted month.day');
  });
  // "fevers the 10th-12th": a range of days of the month (not of ribs, grades or nerves).
  each(RANGE_OF_NTHS, (m) => {
    if (+m[1].replace(/\D/g, '') > 31 || +m[2].replace(/\D/g, '') > 31) return;
    const first = m.index + m[0].indexOf(m[1], 3);
    add(first, first + m[1].length, 'date', 0.75, 'a range of days of the month');
    const second = m.index + m[0].length - m[2].length;
    add(second, second + m[2].length, 'date', 0.75, 'a range of days of the month');
  });
  // "the 17th at 1:00", "THE 4TH AT 1030": a day of the month with the time of an appointment.
  each(NTH_AT_TIME, (m) => {
    const start = m.index + m[0].indexOf(m[1], 3);
    if (+m[1].replace(/\D/g, '') <= 31) add(start, start + m[1].length, 'date', 0.8, 'date the Nth at a time');
  });
  // "knows it is 2020", "states it's the 11th", "thinks it is Feb": orientation answers, a date, a month or a year said loosely.
  each(ORIENTATION_DATE, (m) => {
    const start = m.index + m[0].length - m[1].length;
    add(start, start + m[1].length, 'date', 0.75, 'a date said in an orientation answer');
  });
  // '92, CA'88: a two-digit year after an apostrophe.
  // A typographic apostrophe too ("CABG ’01"), as word processors write it.
  // (The apostrophe first, what stands before it looked back at from there: V8 looks for a plain character quickly.)
  each(/['\u2019](?<=(?:[A-Za-z\s(,;:/-]|^)['\u2019])(\d{2})(?![\d'\u2019%])/g, (m) => add(m.index + 1, m.index + 3, 'date', 0.85, "year '92"));
  // "STOPPED SMOKING 62'", "L LUNG RESECTION 62'", "AAA REPAIR IN 14'": the apostrophe after the year, after a word of
  // an event or in/since (never after a walk: "ambulated 50'" is feet).
  // (Only where two digits after a space stand so before an apostrophe somewhere in the note: that part alone is looked for quickly.)
  if (YEAR_BEFORE_APOSTROPHE_NEEDS.test(text))
    each(YEAR_BEFORE_APOSTROPHE, (m) => add(m.index + m[0].length - 3, m.index + m[0].length - 1, 'date', 0.7, "year 92'"));
  // MI 92, CABG x3 '98, redo CABG 84, s/p AVR in 01: a two-digit year after an event of a history.
  each(HISTORY_YEAR, (m) => {
    const start = m.index + m[0].length - 2;
    add(start, start + 2, 'date', 0.8, 'year after a history event');
  });
  // 1992: a year unless the words beside make it a time or a quantity.
  for (const f of yearRangeSpans(text)) out.push(f);
  each(/(?<![\d.:/,-])(18[5-9]\d|19[0-9]\d|20[0-3]\d)(?![\d.:]\d|\d)/g, (m) => {
    const after = text.slice(m.index + 4, m.index + 14);
    // ("BORN 1898": a year before 1900 only after a word of birth, in or since; an age over 89 is plain from it.)
    if (m[1] < '1900' && !/\b(?:born|b\.|dob|in|since)[ \t:]*$/i.test(before(m.index, 12))) return;
    // "in the 1960s", "THE 1920'S": a decade names no year.
    if (/0$/.test(m[1]) && /^'?s\b/i.test(after)) return;
    // in 1992, since 1987: 1960-1999 is no time of day (no minute past 59), so a time's preposition does not make it one.
    // In 2017, since 2004: this century's years are times of day too (20:04), so after in or
    // a season (no time is said "in 2015"), or after since or from unless on the hour or a quarter
    // ("since 2000" is 8 pm), where no time range follows (QUANTITY_AFTER takes "2000-2200").
    const thisCentury = m[1] >= '2000' && m[1] < '2030' && !/^\s*(?:hrs?\b|h\b|-|to\b|and\b|until\b)/i.test(after);
    const yearAfterPreposition =
      (+m[1].slice(2) >= 60 && /\b(?:in|since|from|of|by|until|till|til|after|before)\s*$/i.test(before(m.index))) ||
      // ("LIVED IN SAME ROWHOUSE ON W. CROSS ST SINCE 1934", "smoked 2 ppd til 1990", "smoker since 1952": since or until after a life's verb in the sentence.)
      (m[1] < '2000' &&
        /\b(?:since|until|till|til)\s*$/i.test(before(m.index)) &&
        // (A street's direction letter is no sentence's end: "ON W. CROSS ST".)
        /\b(?:lived|lives|living|worked|works|working|married|member|owned|smoked|smokes|smoker|smoking|ppd|drank|drinker|drinking|sober|widowed|retired|moved|resided|resides|taught|served)\b[^.\n]{0,60}$/i.test(
          before(m.index, 90).replace(/\b([A-Za-z])\./g, '$1'),
        )) ||
      (thisCentury &&
        /\b(?:in|during|(?:early|late|mid|spring|summer|fall|autumn|winter)-?|(?:spring|summer|fall|autumn|winter)\s+of)\s*$/i.test(before(m.index))) ||
      // "came over in 1956": no time is said "in 1956" either.
      // ("born in Minsk in 1905 and came": "and" makes a range of times only before another number.)
      (m[1] < '2000' && /\bin\s*$/i.test(before(m.index)) && !/^\s*(?:hrs?\b|h\b|-|to\s*\d|and\s*\d|until\b|,\s*\d)/i.test(after)) ||
      (thisCentury && !/(00|15|30|45)$/.test(m[1]) && /\b(?:since|from)\s*$/i.test(before(m.index))) ||
      // "states year is 1985", "thinks the year was 2001": a year asked of a patient's orientation; "CLASS OF 2003", "born 1902".
      /\b(?:year\s+(?:is|was|as)|class\s+of|born|b\.|dob:?)\s*$/i.test(before(m.index));
    if (QUANTITY_AFTER.test(after) || (TIME_BEFORE.test(before(m.index)) && !yearAfterPreposition)) return;
    // "2030: ct output 250", "called 2000, she is hcp": a time stamp of an event, no year.
    // "1900 REC'D PT", "2000 hct 24.8": a time of day opening a line of a note that logs events by the clock.
    const lineStart = /(?:^|\n)[ \t]*$/.test(before(m.index, 4)) && /^[ \t]+[A-Za-z]/.test(after);
    if (lineStart && m[1] < '2400' && +m[1].slice(2) < 60 && (/(00|15|30|45)$/.test(m[1]) || logged())) return;
    // "10/22/03, 1900", "1900>>0700": a time of day after a date or before the shift's end.
    // ("Aug 29, 2006   1900": after a date's own year too.)
    const clock =
      /^\s*(?:[:-]|>{1,2}\s*\d)/.test(after) ||
      /\d{1,2}\/\d{1,2}(?:\/\d{2,4})?\s*,?\s*$/.test(before(m.index, 12)) ||
      /\b(?:19|20)\d\d[ \t]*,?[ \t]+$/.test(before(m.index, 10));
    if (m[1] < '2400' && +m[1].slice(2) < 60 && (clock || EVENT_BEFORE.test(before(m.index, 30)) || EVENT_AFTER.test(after))) return;
    // "CARE ASSUMED BY B.W. 1900": 1900 is 7 pm, a year only after a word of birth (2000 is as often a history's year).
    if (m[1] === '1900' && !/\b(?:born|b\.|dob|since|in)[ \t:]*$/i.test(before(m.index, 10))) return;
    // "CMO ~2000", "extubated @2100": about or at a time of day.
    if (m[1] < '2400' && +m[1].slice(2) < 60 && /[~@][ \t]*$/.test(before(m.index, 3))) return;
    add(m.index, m.index + 4, 'date', 0.7, 'year');
  });

  /** Whether two lines or more of the note open with a time of day (a log of events). */
  function logged(): boolean {
    logCount ??= allMatches(/(?:^|\n)[ \t]*([01]\d|2[0-3])[0-5]\d[ \t:]/g, text).length;
    return logCount >= 2;
  }
  // Phone and fax numbers: (301) 555-1212, 301-555-1212, 212- 476- 8356, 240444-1243, 555-1212.
  // (With its extension: "410 555 0780 x45", "ext. 112".)
  each(
    /(?<![\d/.-])(?:\+?1[ \t.-]?)?\(?\d{3}\)?[ \t.-]{0,2}\d{3}[ \t.-]{0,2}\d{4}(?![\d/.]\d|\d)(?:[ \t]*,?[ \t]*(?:x|ext\.?|extension)[ \t]*\d{1,5}\b)?/gi,
    (m) => add(m.index, m.index + m[0].length, 'phone', 0.9, 'phone number'),
  );
  // (410 555 01234): three groups in parentheses, the last mistyped with a digit too many.
  each(/\((\d{3}[ .-]{1,2}\d{3}[ .-]{1,2}\d{4,5})\)/g, (m) => add(m.index + 1, m.index + 1 + m[1].length, 'phone', 0.8, 'phone number in parentheses'));
  // x4-1122, pager #5-3321, beeper 2-7781, "RD #7-2261": an extension of one digit, a dash and four.
  // ("paged at 4-3310" too.)
  if (EXTENSION_NEEDS.test(text))
    each(EXTENSION_AFTER_WORD, (m) => {
      const start = m.index + m[0].length - m[1].length;
      add(start, start + m[1].length, 'phone', 0.85, 'an extension');
    });
  // cell 555 0198, tel. 555.0198: seven digits spaced or dotted where a phone is spoken of.
  each(/(?<![\d/.-])\d{3}[ .]\d{4}(?![\d/.]\d|\d)/g, (m) => {
    if (/(?:phone|ph|tel|cell|home|work|fax|pager|beeper|number|#|call|reach|contact)\b[^.\n]{0,12}$/i.test(before(m.index, 25)))
      add(m.index, m.index + m[0].length, 'phone', 0.75, 'phone number ddd dddd');
  });
  // 555-1212 only where a phone is spoken of: a range of values has the same shape.
  each(/(?<![\d/.-])\d{3}-\d{4}(?![\d/-]|\.\d)/g, (m) => {
    if (
      // ("sister Mrs. Yost phoned, 555-0111": a relative's or a friend's, or after phoned.)
      /(?:(?:phone|phoned|ph|tel|call|called|calls|reach|reached|number|cell|home|hm|work|fax|faxed|pager|pgr|beeper|bpr|son|daughter|dtr|wife|husband|sister|brother|mother|father|niece|nephew|friend|neighbor|neighbour|contact|at)\b|#)[^.\n]{0,20}$/i.test(
        before(m.index, 30),
      )
    )
      add(m.index, m.index + m[0].length, 'phone', 0.75, 'phone number ddd-dddd');
  });
  // "educator paged (3318)", "beeper 4471", "paged at 3385": a pager's number of four or five digits after its word.
  each(/\b(?:paged|pager|beeper|pgr|bpr)(?:[ \t]+at)?[ \t]*(?:#|no\.?)?[ \t]*\(?[ \t]*(\d{4,5})\)?(?![\d-/.]\d)/gi, (m) => {
    const start = m.index + m[0].lastIndexOf(m[1]);
    // ("dr Frank paged 2305": a time of day unless in brackets or after a number sign.)
    const clock = m[1].length === 4 && +m[1].slice(0, 2) < 24 && +m[1].slice(2) < 60;
    if (clock && !/[(#]/.test(m[0])) return;
    add(start, start + m[1].length, 'phone', 0.8, "a pager's number");
  });
  // "paged intern dr. okafor #2391", "paged cards fellow Dr. Kohler @ 6633", "@ 2-4410": a pager's number after
  // a number sign, an at sign or "at", where a page or a call is spoken of before it on the line ("@ 0840" is a time).
  each(/(?:[#@]|\bat\b)[ \t]*(\d{4,5}|\d-\d{4})(?![\d/.:-]?\d)/gi, (m) => {
    if (!/\b(?:paged|page|paging|beeped|beep|pager|beeper|called|call)\b[^\n]*$/i.test(before(m.index, 80))) return;
    const clock = m[1].length === 4 && +m[1].slice(0, 2) < 24 && +m[1].slice(2) < 60;
    if (clock && m[0][0] !== '#') return;
    const start = m.index + m[0].length - m[1].length;
    add(start, start + m[1].length, 'phone', 0.8, "a pager's number after # or @");
  });
  // "555-0177 ext 312", "work ext. 4410": an extension of three to five digits after its word.
  each(/\b(?:ext\.?|extension)\s*#?\s*(\d{3,5})\b(?![-/.]\d)/gi, (m) => {
    const start = m.index + m[0].length - m[1].length;
    add(start, start + m[1].length, 'phone', 0.8, 'an extension');
  });
  // (x apart, so that the other words' list is looked for at their words only; no match of one holds the other's word.)
  for (const re of [
    /\b(?:pager|pgr|pg|beeper|beep|page|ext|extension|tel|telephone|phone|ph|cell|fax|contact)\s*(?:number|no\.?|num)?\s*[:#.]*\s*#?\s*(\d{4,11})\b/gi,
    /\bx\s*(?:number|no\.?|num)?\s*[:#.]*\s*#?\s*(\d{4,11})\b/gi,
  ])
    each(re, (m) => {
      // "reoriented by wife on phone. 0100: afib": a sentence's end, then a time stamp.
      if (/\.\s/.test(m[0]) || /^\s*:/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 2))) return;
      // "spoke w/ dtr by phone 1900": a time of day after by or on the phone.
      if (
        /^\d{4}$/.test(m[1]) &&
        m[1] < '2400' &&
        +m[1].slice(2) < 60 &&
        /\b(?:by|on|via|over)[ \t]+(?:the[ \t]+)?phone[ \t]*$/i.test(text.slice(Math.max(0, m.index - 12), m.index + m[0].length - 4))
      )
        return;
      const start = m.index + m[0].length - m[1].length;
      add(start, start + m[1].length, 'phone', 0.85, 'number after pager, phone or fax');
    });

  // (No address without its at sign: a look for it first skips the scan of most notes.)
  if (text.includes('@')) each(/\b[\w.%+-]+@(?!\d+\.)[\w.-]+\.[A-Za-z]{2,}\b/g, (m) => add(m.index, m.index + m[0].length, 'email', 0.99, 'e-mail address'));
  each(/\b(?:https?:\/\/|www\.)[^\s<>"')\]]+/gi, (m) => add(m.index, m.index + m[0].replace(/[.,;:]+$/, '').length, 'url', 0.99, 'URL'));
  return out;
}
