/**
 * Ages over 89 (HIPAA Safe Harbor's one age): "92 yo", "94M", "93m", "F/91", "aged 93", "ninety-four",
 * a relative's "(96)", a name's "Ottilie Brandt (96)", "turns 91", "died at 98", "her 100th birthday". Ages of 89 and
 * under are no PHI, and a number of the same shape is often a temperature ("tmax 99f"), a weight or a
 * rate: those are left.
 */
import type { PhiSpan } from './types';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

/** Words before a temperature in degrees Fahrenheit ("Tmax 99 F", "afebrile, 98 F", "VS: 99 F"): no age and sex. */
const TEMPERATURE_BEFORE =
  /\b(?:t|tc|tm|temp|tmax|temperature|febrile|afebrile|fever|oral|axillary|ax|rectal|core|bladder|vs|v\/s|vitals)\b[\s:=,]*(?:of|to|at|was|is)?[\s:=]*$/i;
/** The vital signs after a temperature ("99 F, HR 88"). */
const VITALS_AFTER = /^[ \t]*[,;/]?[ \t]*(?:hr|p|bp|rr|pulse|sbp|map|o2|sats?|spo2)\b/i;
/** An age over 89 spelt: "ninety-four", "one hundred and one". */
const SPELT = '(?:ninety|one hundred(?: and)?)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?';
/** Spelt ages over 89 before a word of age. */
const SPELT_AGE = new RegExp(`\\b(${SPELT})(?=[- ](?:years?|yrs?\\b|yo\\b|y\\/o|y\\.o\\.|year-old))`, 'gi');
/**
 * "sister Mabel (ninety-three)", "(NINETY-SEVEN!)": a spelt age over 89 alone in brackets (no
 * measure is spelt there); "Mr. Augustus Pettway, ninety-six, CHF": between commas after a name.
 * (Each opens at the age, behind a lookbehind: tried only where the note's words begin so.)
 */
const SPELT_IN_BRACKETS = new RegExp(`(?<=\\([ \\t]*)\\b(${SPELT})[ \\t]*!?[ \\t]*\\)`, 'gi');
const SPELT_AFTER_NAME = new RegExp(`(?<=\\b[A-Z][a-z]+[ \\t]+[A-Z][a-z]+,[ \\t]*)\\b(${SPELT}),[ \\t]*(?=[A-Za-z])`, 'g');

/** "aged 93", "age ninety-seven": an age over 89 after its word, in digits or spelt. */
const AGE_SAID = new RegExp(`\\b(?:age|aged|age of)\\s*:?\\s*(9\\d|1[0-2]\\d|${SPELT})\\b`, 'gi');
/** Right after a name, its initials in brackets between or not: ", 93," or, spelt, after a comma or a stop (agesAfterNames). */
const AGE_AFTER_NAME = new RegExp(
  `^(?:[ \\t]*\\([^()\\n]{1,10}\\))?["'\u201d)]{0,3}(?:,[ \\t]*(9\\d|1[01]\\d)[ \\t]*[,;]|[,.][ \\t]*(${SPELT})\\b[ \\t]*[,;.])`,
  'i',
);

export function ageSpans(text: string): Found[] {
  const out: Found[] = [];
  const add = (start: number, end: number, confidence: number, why: string) => out.push({ start, end, type: 'age', confidence, why });
  const each = (re: RegExp, f: (m: RegExpExecArray) => void) => {
    for (const m of allMatches(re, text)) f(m);
  };
  const before = (i: number, n = 24) => text.slice(Math.max(0, i - n), i);

  // Ages over 89: 92 yo, 95 y/o, 101-year-old, aged 93.
  each(/\b(9\d|1[0-2]\d)\s*-?\s*(?:y\/?o\b|yo[mf]?\b|y\.o\.|yr?s?\b|years?\b|-?years?-old|year old|yom\b|yof\b)/gi, (m) =>
    add(m.index, m.index + m[1].length, 0.9, 'age over 89'),
  );
  each(SPELT_AGE, (m) => add(m.index, m.index + m[1].length, 0.85, 'age over 89, spelt'));
  if (/ninety|hundred/i.test(text)) {
    for (const re of [SPELT_IN_BRACKETS, SPELT_AFTER_NAME])
      each(re, (m) => {
        const start = m.index + m[0].indexOf(m[1]);
        add(start, start + m[1].length, 0.8, 'age over 89, spelt, beside a name');
      });
  }
  // "94M w/ CHF", "a 96 F from home": an age and a sex in capitals (no temperature: "Tmax 99 F", "98.6 F").
  each(/(?<![\d.°])\b(9\d|1[01]\d)[ \t]?([MF])\b(?![\d./-]|[ \t]*(?:°|deg))/g, (m) => {
    if (TEMPERATURE_BEFORE.test(before(m.index, 24)) || VITALS_AFTER.test(text.slice(m.index + m[0].length, m.index + m[0].length + 12))) return;
    add(m.index, m.index + m[1].length, 0.8, 'age over 89 and sex');
  });
  // "(e.k.) 91f admitted", "rosa f/90 pod 0", "Bed 12 F/91": glued to a small letter of sex, or after a sex and a slash.
  each(/(?<![\d.°])\b(?:(9\d|1[01]\d)[mf]|[MFmf]\/(9\d|1[01]\d))\b(?![\d./-]|[ \t]*(?:°|deg))/g, (m) => {
    if (TEMPERATURE_BEFORE.test(before(m.index, 24))) return;
    const age = m[1] ?? m[2];
    const start = m.index + m[0].indexOf(age);
    add(start, start + age.length, 0.8, 'age over 89 and sex');
  });
  // "her 100th birthday", "HIS 95TH BDAY": an age over 89 told by its birthday.
  if (/b(?:irth|-)?day/i.test(text))
    each(/\b(9\d|1[01]\d)(?:st|nd|rd|th)[ \t]+(?:birthday|bday|b-day)/gi, (m) => add(m.index, m.index + m[1].length, 0.85, 'age over 89, a birthday'));
  // "Mrs. Lind, 92, is the HCP", "Agnes Pell, 94, lives alone": an age between commas after a title's or a full name.
  // ("Pt: Hildegard Baumann (92) Bed 2": or in brackets after the name.)
  each(
    /\b(?:(?:Mr|Mrs|Ms|Miss|Dr)\.?[ \t]+[A-Z][a-z]+|[A-Z][a-z]+[ \t]+[A-Z][a-z]+)(?:,[ \t]*(9\d|1[01]\d)[ \t]*,[ \t]*(?=[A-Za-z])|[ \t]*\([ \t]*(9\d|1[01]\d)[ \t]*\))/g,
    (m) => {
      const age = m[1] ?? m[2];
      const start = m.index + m[0].lastIndexOf(age);
      add(start, start + age.length, 0.8, 'age over 89 after a name');
    },
  );
  // "his mother (96)", "WIFE ROSE (92)", "HUSBAND WALTER, 94, AT BEDSIDE", "mother Mrs. X, 93,", "mother, 102,":
  // a relative's age over 89 beside them, in brackets, or between commas after the relative (or their name).
  each(
    /\b(?:mother|father|mom|dad|wife|husband|grandmother|grandfather|great-grandmother|great-grandfather|grandma|grandpa|ggm|ggf|mgm|pgm|aunt|uncle|sister|brother|spouse)(?:(?:\s+[A-Za-z]+){0,2}\s*\(\s*(9\d|1[01]\d)\s*\)|(?:\s+(?:mrs?|ms)\.?)?(?:\s+[A-Za-z]+)?\s*,\s*(9\d|1[01]\d)\s*,)/gi,
    (m) => {
      const age = m[1] ?? m[2];
      const start = m.index + m[0].lastIndexOf(age);
      add(start, start + age.length, 0.8, "a relative's age over 89");
    },
  );
  // "HER BROTHER FRANCIS DIED LAST YEAR AT 98", "husband passed away at 91": the age someone died at.
  each(/\b(?:died|passed(?:[ \t]+away)?)\b[^.;\n\d]{0,30}?\bat[ \t]+(?:age[ \t]+)?(9\d|1[01]\d)\b(?![./:]?\d|\s*(?:%|mg|kg|lb|bpm|min|hr|am|pm|\/))/gi, (m) => {
    const start = m.index + m[0].length - m[1].length;
    add(start, start + m[1].length, 0.8, 'an age over 89 at death');
  });
  // "Pt turns 91 on 9/4", "wife Esther is 92 and lives w/ pt": an age over 89 said of someone.
  // ("PT WILL BE 96 ON ROSH HASHANAH": or will be.)
  each(/\b(?:turns|turned|turning|(?:will|would)\s+be)\s+(9\d|1[01]\d)\b(?![./]?\d|\s*(?:%|mg|kg|lb|min|hr|\/))/gi, (m) => {
    const start = m.index + m[0].length - m[1].length;
    add(start, start + m[1].length, 0.8, 'age over 89');
  });
  each(
    // ("WIFE HELEN IS ALSO 90": also, now or nearly between.)
    // ("MOTHER-IN-LAW IS 96": an in-law too; "MOTHER 92 LIVES W/ HIM": or the age right after the relative, before what they do.)
    /\b(?:mother|father|mom|dad|wife|husband|sister|brother|spouse)(?:-in-law)?(?:(?:\s+[A-Za-z]+)?\s+is\s+(?:(?:also|now|nearly|almost)\s+)?(9\d|1[01]\d)\b(?![./]?\d|\s*(?:%|mg|kg|lb|bpm|min|hr|\/))|[ \t]+(9\d|1[01]\d)(?=[ \t]+(?:lives|living|still|and|who|resides|has|is)\b))/gi,
    (m) => {
      const age = m[1] ?? m[2];
      const start = m.index + m[0].length - age.length;
      add(start, start + age.length, 0.8, "a relative's age over 89");
    },
  );
  // "Pt is 97, remains full code": a patient's age said alone.
  each(/\b(?:pt|patient|she|he)\s+is\s+(9\d|1[01]\d)\b(?![./]?\d|\s*(?:%|mg|kg|lb|bpm|min|hr|\/))/gi, (m) => {
    const start = m.index + m[0].length - m[1].length;
    add(start, start + m[1].length, 0.8, 'age over 89');
  });
  // "Mother lived to 97", "father died at 94": the age a relative reached.
  each(
    /\b(?:lived\s+to(?:\s+be)?|died\s+at(?:\s+age)?|passed\s+(?:away\s+)?at(?:\s+age)?)\s+(9\d|1[01]\d)\b(?![./:]?\d|\s*(?:%|mg|kg|lb|min|hr|bpm|am|pm))/gi,
    (m) => {
      const start = m.index + m[0].length - m[1].length;
      add(start, start + m[1].length, 0.8, 'an age a relative reached');
    },
  );
  // ("age ninety-seven": spelt too.)
  each(AGE_SAID, (m) => {
    const start = m.index + m[0].length - m[1].length;
    add(start, start + m[1].length, 0.9, 'age over 89');
  });

  return out;
}

/**
 * "PT LEOPOLD HASKINS, 93, ADMITTED 12/3", "ida greenbaum, 93, adm 3/3/99": an age over 89
 * between commas right after a name the rules found, or said of it ("who is 96"), in a note of any case (the shape alone,
 * two words and a number between commas, is a list of findings as often in capitals).
 */
export function agesAfterNames(text: string, found: readonly Found[]): Found[] {
  const out: Found[] = [];
  for (const f of found) {
    if (f.type !== 'name') continue;
    // (Or said of the name: "husband leo who is 96!", "gma yvette boisvert is 92 and lives w/ them".)
    const m =
      // ("mr. gianelli (l.g.), 93, came", "MACKENZIE, ALASTAIR. NINETY-FIVE.": the initials in brackets between; spelt after a stop too.)
      AGE_AFTER_NAME.exec(text.slice(f.end, f.end + 40)) ??
      /^,?[ \t]+(?:who[ \t]+)?(?:is|was)[ \t]+(?:now[ \t]+)?(9\d|1[01]\d)\b(?![./]?\d|[ \t]*(?:%|mg|kg|lb|bpm|min|hr|\/|lbs|pounds|kilos))/i.exec(
        text.slice(f.end, f.end + 24),
      );
    if (!m) continue;
    const age = m[1] ?? m[2];
    const start = f.end + m[0].lastIndexOf(age);
    out.push({ start, end: start + age.length, type: 'age', confidence: 0.8, why: 'age over 89 after a name found' });
  }
  return out;
}
