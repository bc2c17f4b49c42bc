/**
 * Street addresses, post-office boxes and ZIP codes by their shape: a house number and a
 * street's word ("22 Elm St", "418 E. Fourth St, Apt 3"), a street named after on, off, at or a
 * word of going ("toward East St", "VIA MASS AVE"), a street before a listed town's comma and
 * that town ("Park St, Hartford"), a square by its capitalised name ("Post Office Square"), a
 * road by its number (Route 9), a box's number ("PO Box 412"), a ZIP after a state's postal
 * code (", ma 01840" too) or a street.
 * In small letters a street needs more: a listed town after it, or "address" or "at" before.
 */
import { FUNCTION_WORDS, isStopWord, SEASON } from './clinicalWords';
import { isEnglish, isTown } from './lists';
import { POSTAL_CODES, STATES } from './spelling';
import { PhiSpan, PhiType } from './types';
import { caseTells } from './words';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

const STREET_WORD = '(?:st|street|ave|avenue|rd|road|blvd|boulevard|pkwy|parkway|hwy|highway)';
/** Two streets joined at a corner, each of one or two words before its street word. */
const CORNER = new RegExp(
  `(?<![\\w.])((?:[a-z]+\\.?[ \\t]+){1,2}${STREET_WORD})\\.?[ \\t]*(?:and|&|/|@)[ \\t]*((?:[a-z]+\\.?[ \\t]+){1,2}${STREET_WORD})(?![\\w])`,
  'gi',
);
/** What every corner holds (a street word after a space, then the joining word): a cheap look that spares most notes CORNER's scan. */
const CORNER_HINT = new RegExp(`[ \\t]${STREET_WORD}\\.?[ \\t]*(?:and|&|/|@)`, 'i');

/** A street word before a comma (or a space) and a word: found at the note's words first (a pattern that opens with a space is tried everywhere). */
const STREET_COMMA_WORD = `(?:st|street|ave|avenue|rd|road|blvd|boulevard|hwy|highway|ln|lane)\\.?(?:[ \\t]*,[ \\t]*|[ \\t]+)(?=[A-Za-z])`;
const STREET_COMMA_AT_WORDS = new RegExp(`\\b(?<=[ \\t])${STREET_COMMA_WORD}`, 'gi');
const STREET_COMMA = new RegExp(`[ \\t]${STREET_COMMA_WORD}`, 'gi');

/** A heart rate's rhythm or an ECG's leads before ST (a segment, sinus tachycardia) after a number: no street. */
const RHYTHM_BEFORE_ST = /\b(?:sinus|tach\w*|brady\w*|rhythm|nsr|sr|afib|a-?fib|aflutter|leads?|beats?|bpm|hr)\b[ \t.]+st$/i;

/** A street named after on, off, near, a word of going or an article, in a note of small letters (no ST rate, rhythm or segment after). */
const LOWER_STREET_AFTER =
  /\b(?:on|off|toward|towards|via|near|along|across|down|the|or|from|of|to|by)[ \t]+(?:the[ \t]+)?(?!(?:on|off|toward|towards|via|near|along|across|down)[ \t])((?:(?:n|s|e|w|ne|nw|se|sw)[ \t]+)?[a-z]{3,}(?:[ \t]+[a-z]{3,})?[ \t]+(?:st|ave|rd|blvd|pkwy|ln|hwy|street|avenue|road|boulevard|parkway|lane|highway))\b(?![ \t]*(?:\d|to\b|with\b|w\/|-|elev|depress|chang|segment|seg\b|wave|abn|flat|rate|rhythm|tach))/g;

export function addressSpans(text: string): Found[] {
  const out: Found[] = [];
  const add = (start: number, end: number, type: PhiType, confidence: number, why: string) => out.push({ start, end, type, confidence, why });
  const each = (re: RegExp, f: (m: RegExpExecArray) => void) => {
    for (const m of allMatches(re, text)) f(m);
  };
  // Street addresses and ZIP codes.
  each(
    /\b\d{1,6}\s+(?:[NSEW]\.?\s+)?(?:(?:[A-Z][a-z]+|[A-Z]{3,})\.?\s+){1,3}(?:(?:Street|St\.?|Avenue|Ave\.?|Road|Rd\.?|Boulevard|Blvd\.?|Lane|Ln\.?|Drive|Court|Place|Pl\.?|Way|Terrace|Ter\.?|Parkway|Pkwy\.?|Circle|Cir\.?|Highway|Hwy\.?|Square|Sq\.?|Pike|Turnpike|Row|Trail|Alley)(?![A-Za-z])|(?:STREET|AVENUE|AVE|ROAD|RD|BOULEVARD|BLVD|LANE|TERRACE|PARKWAY|PKWY|HIGHWAY|HWY|SQUARE|PIKE|TURNPIKE)\b|(?:ST|LN|PL|TER|CIR|SQ)(?=[ \t]*(?:[,.\n]|$|(?:APT|UNIT)\b|#)))(?:,?\s+(?:Apt|Apartment|Unit|Suite|Ste|#|APT|UNIT|SUITE|apt|unit|ste)\.?\s*#?\s*[\dA-Z]{1,5}\b)?/g,
    (m) => {
      add(m.index, m.index + m[0].replace(/\.$/, '').length, 'address', 0.85, 'street address');
      // "... Adams St #3F,02122", "Hancock St apt 4C Dorchester, MA 02125": a ZIP code shortly after the street.
      const rest = text.slice(m.index + m[0].length, m.index + m[0].length + 40);
      const zip = /^(?:[ \t]*,?[ \t]*(?:\p{Lu}[\p{L}'-]*[ \t]*){0,3},?[ \t]*(?:[A-Z]{2}[ \t]*)?)(\d{5})(?:-\d{4})?(?!\d)/u.exec(rest);
      if (zip) {
        const at = m.index + m[0].length + zip[0].length - zip[1].length;
        add(at, at + 5, 'address', 0.8, 'a ZIP code after a street');
      }
    },
  );
  // "fell at home, 22 elm st, belchertown, ma 01007": in any case, a street before a comma and a listed town; the town and a ZIP after.
  each(
    /\b(\d{1,6}[ \t]+(?:[a-z]+[ \t]+){1,2}(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|ter|boulevard|blvd|highway|hwy))[ \t]*,[ \t]*([a-z]+(?:[ \t][a-z]+)?)\b/gi,
    (m) => {
      const town = [m[2], m[2].split(/[ \t]/)[0]].find((t) => isTown(t.toLowerCase()));
      if (!town) return;
      add(m.index, m.index + m[1].length, 'address', 0.8, 'a street before its town');
      const at = m.index + m[0].length - m[2].length;
      add(at, at + town.length, 'location', 0.8, 'a town after its street');
      const zip = /^[ \t]*,?[ \t]*[a-z]{2}[ \t]+(\d{5})(?:-\d{4})?(?!\d)/i.exec(text.slice(at + town.length, at + town.length + 20));
      const zipAt = zip ? at + town.length + zip[0].search(/\d{5}/) : -1;
      if (zip) add(zipAt, zipAt + 5, 'address', 0.8, 'a ZIP code after a street');
    },
  );
  // "home address 1142 palm ave", "office on Ocean Pkwy", "on NW Market St": a street in lower case after its word, or named after on.
  // ("at home 41 adams st", "LIVES 214 ORANGE ST": a house number and its street after a word of living too; no ST segment's words after.)
  each(
    /\b(?:address:?\s+(\d{1,6}\s+(?:[a-z0-9]+\.?\s+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|court|ct|place|pl|way|terrace|parkway|pkwy|circle|highway|hwy)\b)|(?:at|on|home|lives|living|resides|near)\s+(\d{1,6}\s+(?:[a-z0-9]+\.?\s+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|way|terrace|ter|square|sq|parkway|pkwy|highway|hwy)\b(?![ \t]*(?:elev|depress|chang|segment|seg\b|wave|abn))))/gi,
    (m) => {
      const street = m[1] ?? m[2];
      // ("HR at 110 sinus ST", "on 2 leads st": a rate's rhythm or an ECG's leads before ST, no street.)
      if (!m[1] && RHYTHM_BEFORE_ST.test(street)) return;
      const start = m.index + m[0].length - street.length;
      add(start, start + street.length, 'address', 0.8, 'street address');
    },
  );
  // ("toward East St", "VIA MASS AVE ENTRANCE": after a word of going too, and in capitals where the whole note is.)
  // ("off the Stud Mill Rd", "ON THE SUCCESS POND RD", "out of the Dewar St yard", "OR PINE ST": a road of three words, after "the",
  // "or", "from", "of", "to" or "by" too.)
  const tells = caseTells(text);
  const caps = !tells && /[A-Z]{4}/.test(text);
  each(
    caps
      ? /\b(?:ON|OFF|AT|TOWARDS?|VIA|NEAR|ALONG|ACROSS|DOWN|THE|OR|FROM|OF|TO|BY)\s+(?:THE\s+)?((?:(?:N|S|E|W|NE|NW|SE|SW)\s+)?[A-Z]{2,}(?:\s+[A-Z]{2,}){0,2}\s+(?:ST|AVE|RD|BLVD|PKWY|LN|HWY|STREET|AVENUE|ROAD|BOULEVARD|PARKWAY|LANE|HIGHWAY)\b)/g
      : /\b(?:on|off|at|toward|towards|via|near|along|across|down|the|or|from|of|to|by)\s+(?:the\s+)?((?:(?:N|S|E|W|NE|NW|SE|SW)\s+)?[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\s+(?:St|Ave|Rd|Blvd|Pkwy|Ln|Hwy|Street|Avenue|Road|Boulevard|Parkway|Lane|Highway)\b)/g,
    (m) => {
      const start = m.index + m[0].length - m[1].length;
      // "HR 110 on Dilt St": a drug or a clinical word before ST (sinus tachycardia) names no street (in capitals one word never);
      // ("AT HOTEL ACROSS ST": nor a word of going.)
      const words = m[1].split(/\s+/).slice(0, -1);
      if (
        words.some(
          (w) => (w.length > 2 && isStopWord(w.toLowerCase())) || /^(?:across|along|down|near|towards?|via|off|on|at|to|of|or|by|from|in)$/i.test(w),
        ) ||
        (/\bST$/.test(m[1]) && words.length === 1) ||
        // ("of Aurora St. Luke's": a saint's possessive name after St is a hospital's.)
        (/\bS[Tt]$/.test(m[1]) && /^\.?[ \t]+[A-Z][A-Za-z]*['\u2019][Ss]\b/.test(text.slice(m.index + m[0].length, m.index + m[0].length + 30))) ||
        (/\bSt$/.test(m[1]) && words.length === 1 && !/^[A-Z][a-z]{3,}$/.test(words[0]))
      )
        return;
      add(start, start + m[1].length, 'address', 0.75, `a street named after ${m[0].split(/\s/)[0].toLowerCase()}`);
    },
  );
  // ("monks from the temple on washington st may visit": in a note of small letters too, the street's words no clinical
  // word, no rhythm or rate after ST, no ST segment's words.)
  if (!tells && !caps)
    each(LOWER_STREET_AFTER, (m) => {
      const words = m[1].split(/\s+/).slice(0, -1);
      if (words.some((w) => isStopWord(w) || /^(?:across|along|down|near|towards?|via|off|on|at)$/.test(w)) || RHYTHM_BEFORE_ST.test(m[1])) return;
      if (/\bst$/.test(m[1]) && words.length === 1 && words[0].length < 4) return;
      const start = m.index + m[0].length - m[1].length;
      add(start, start + m[1].length, 'address', 0.7, `a street named after ${m[0].split(/\s/)[0]}`);
    });
  // "last known Park St, Hartford", "BLUE HILL AVE, MATTAPAN": a street of one to three words before a listed town's comma.
  // ("LIVES BOWDOIN ST DORCHESTER.": or before a listed town with no comma that ends its clause.)
  // (Where the same, less its space, is found at the note's words first: a pattern that opens with a space is tried everywhere.)
  if (allMatches(STREET_COMMA_AT_WORDS, text).length)
    each(STREET_COMMA, (m) => {
      const after = /^([A-Za-z]+)(?:[ \t]+([A-Za-z]+))?/.exec(text.slice(m.index + m[0].length, m.index + m[0].length + 30));
      const towns = after ? [after[2] && `${after[1]} ${after[2]}`, after[1]].filter((t): t is string => !!t).map((t) => t.toLowerCase()) : [];
      // (No season: "LIVES ON OCEAN RD, SUMMERS ON BLOCK ISLAND".)
      const town = towns.find((t) => isTown(t) && !STATES.has(t) && !isStopWord(t) && !SEASON.test(t));
      const townEnd = m.index + m[0].length + (town?.length ?? 0);
      // (Without the comma, no full stop after the street's word: "Bernadette St. Pierre" is a saint's name.)
      const code = /^[ \t]*,?[ \t]*([a-z]{2})\b/i.exec(text.slice(townEnd, townEnd + 6));
      const ends = /^[ \t]*(?:[.,;)]|\r?\n|$)/.test(text.slice(townEnd, townEnd + 3)) || (!!code && POSTAL_CODES.has(code[1].toLowerCase()));
      if (!town || (!m[0].includes(',') && (m[0].includes('.') || !ends))) return;
      const before = /((?:[A-Za-z][A-Za-z']*\.?[ \t]+){0,2}[A-Za-z][A-Za-z']*)$/.exec(text.slice(Math.max(0, m.index - 40), m.index));
      if (!before) return;
      // (The street's own words only: back to a function or clinical word, capitalised where case tells.)
      const named = before[1].split(/[ \t]+/);
      let k = named.length;
      // (Nor a word of living: "LIVES BOWDOIN ST"; nor a rhythm before ST, "SINUS ST".)
      const own = (w: string) => !isStopWord(w.replace(/\.$/, '').toLowerCase()) && !/^(?:lives|lived|living|resides|home)$/i.test(w);
      while (k > 0 && own(named[k - 1]) && (!tells || /^[A-Z]/.test(named[k - 1]))) k--;
      if (k === named.length || RHYTHM_BEFORE_ST.test(`${named.slice(k).join(' ')} st`)) return;
      const start = m.index - named.slice(k).join(' ').length;
      if (text.slice(start, m.index) !== named.slice(k).join(' ')) return;
      const end = m.index + 1 + /^[A-Za-z]+/.exec(m[0].slice(1))![0].length;
      add(start, end, 'address', 0.75, 'a street before a town');
      add(m.index + m[0].length, m.index + m[0].length + town.length, 'location', 0.75, 'a town after its street');
    });
  // ("in Brighton on Washington St, 02135": a ZIP code right after a street's word and a comma.)
  each(/\b(?:st|street|ave|avenue|rd|road|blvd|ln|lane|dr|drive|ter|terrace|pl|place|ct|court|way)\.?[ \t]*,[ \t]*(\d{5})(?:-\d{4})?(?![\d.])/gi, (m) => {
    const at = m.index + m[0].lastIndexOf(m[1]);
    add(at, at + 5, 'address', 0.75, 'a ZIP code after a street');
  });
  // "at mass ave and beacon st", "Dudley St & Warren St": a corner, two streets each with its word, in any case.
  if (CORNER_HINT.test(text))
    each(CORNER, (m) => {
      for (const street of [m[1], m[2]]) {
        // (A function or clinical word before a street is not its name: "at", "the"; "runs of ST" names none.)
        const words = street.split(/[ \t]+/);
        const from = words.findIndex((w, k) => k < words.length - 1 && !isStopWord(w.replace(/\.$/, '').toLowerCase()));
        if (from < 0) return;
      }
      for (const street of [m[1], m[2]]) {
        const words = street.split(/[ \t]+/);
        const from = words.findIndex((w) => !isStopWord(w.replace(/\.$/, '').toLowerCase()));
        const start = m.index + m[0].indexOf(street) + street.indexOf(words[from]);
        add(start, m.index + m[0].indexOf(street) + street.length, 'address', 0.75, 'a corner of two streets');
      }
    });
  // "140 BROADWAY", "12 Broadway": a house number on a street whose name has no street's word.
  // (Each pattern below only where what it cannot do without is in the note: a quick look first.)
  if (/broadway/i.test(text)) each(/\b\d{1,6}[ \t]+broadway\b/gi, (m) => add(m.index, m.index + m[0].length, 'address', 0.8, 'street address'));
  // Route 9, Rte 128, I-93: a road by its number (where an accident happened, what a family drives).
  each(/\b(?:route|rte|highway|hwy|interstate)\.?[ \t]*#?\d{1,3}[A-Za-z]?\b|\bI-\d{1,3}\b/gi, (m) => {
    // (In small letters it is the interstate rule's below; iodine's I-123, I-125 and I-131 are no roads.)
    if (/^i-/.test(m[0]) || /^I-(?:123|125|131)$/.test(m[0])) return;
    add(m.index, m.index + m[0].length, 'address', 0.75, 'a road by its number');
  });
  // "lawrence, ma 01840": a ZIP after a listed town, its comma and a state's postal code in small letters
  // (", or 25000 units": a code that is a word too needs the town).
  // ("ocean city md 21842": or with no comma, the town listed all the same.)
  each(/(?:,[ \t]*|(?<=[a-z])[ \t]+)([a-z]{2})\.?[ \t]+(\d{5})(?:-\d{4})?(?![\d.])/g, (m) => {
    if (!POSTAL_CODES.has(m[1])) return;
    // (With no comma, no code that is a common word too: "given in 25000 units", "or 25000".)
    if (!m[0].startsWith(',') && /^(?:in|or|me|ok|hi|oh|id|de|la|co|al|pa|ga)$/.test(m[1])) return;
    // (The town is looked for back from the comma: a pattern opening at every letter would cost the whole note.)
    const before = /([a-z]+(?:[ \t][a-z]+)?)[ \t]*$/i.exec(text.slice(Math.max(0, m.index - 40), m.index));
    if (!before || ![before[1], before[1].split(/[ \t]/).pop() ?? ''].some((t) => isTown(t.toLowerCase()))) return;
    const start = m.index + m[0].lastIndexOf(m[2]);
    add(start, start + 5, 'address', 0.8, 'ZIP code after a postal code');
  });
  // "flown in by Trooper 2": a state police helicopter by its call sign; "mvc on i-95": an interstate after a
  // preposition of place (iodine's I-123, I-125 and I-131 are none).
  each(/\b(?:by|via|on)[ \t]+(trooper[ \t]+\d{1,2})\b/gi, (m) => {
    const start = m.index + m[0].length - m[1].length;
    add(start, start + m[1].length, 'location', 0.8, 'a helicopter by its call sign');
  });
  each(/\b(?:on|off|near|via|from)[ \t]+(i-?[ \t]?(\d{2,3}))\b(?![%.]?\d)/gi, (m) => {
    if (/^(?:123|125|131)$/.test(m[2])) return;
    const start = m.index + m[0].length - m[1].length;
    add(start, start + m[1].length, 'address', 0.75, 'an interstate by its number');
  });
  // "PO Box 412", "P.O. BOX 77": a post-office box by its number.
  each(/\bP\.?[ \t]?O\.?[ \t]+Box[ \t]+#?\d{1,6}\b/gi, (m) => add(m.index, m.index + m[0].length, 'address', 0.85, 'a post-office box'));
  // "RR 2 BOX 114", "Rural Route 3, Box 9": a rural route's box.
  each(/\b(?:RR|R\.R\.|rural[ \t]+route)[ \t]*#?\d{1,3},?[ \t]+Box[ \t]+#?\d{1,6}\b/gi, (m) =>
    add(m.index, m.index + m[0].length, 'address', 0.85, "a rural route's box"),
  );
  // "(Post Office Square)", "in Kenmore Square": a square by its capitalised name.
  if (text.includes('Square'))
    each(/\b(?:[A-Z][a-z]+[ \t]+){1,3}Square\b/g, (m) => {
      const words = m[0].split(/[ \t]+/).slice(0, -1);
      // (A function or clinical word before the name stays out: "at Kenmore Square"; "The Square" alone names none.)
      const from = words.findIndex((w) => !isStopWord(w.toLowerCase()) && !/^(?:The|A|An|At|In|On|To|From|Near|And|Or|Of|By)$/.test(w));
      if (from < 0) return;
      const start = m.index + m[0].indexOf(words[from], 0);
      add(start, m.index + m[0].length, 'location', 0.75, 'a square by its name');
    });
  // "greenmount ave (21218)": a ZIP in brackets after a street's word.
  if (/\([ \t]*\d{5}/.test(text))
    each(
      /\b(?:st|street|ave|avenue|rd|road|blvd|boulevard|lane|ln|hwy|highway|dr|drive|way|pkwy|parkway|ct|court|pl|place|ter|terrace|pike)\.?[ \t]*\([ \t]*(\d{5})(?:-\d{4})?[ \t]*\)/gi,
      (m) => {
        const start = m.index + m[0].lastIndexOf(m[1]);
        add(start, start + 5, 'address', 0.8, 'a ZIP code in brackets after a street');
      },
    );
  if (/\s\d{5}/.test(text))
    each(/\b(?:[A-Z]{2}|zip(?:\s*code)?:?)\s+(\d{5}(?:-\d{4})?)\b/g, (m) => {
      // ("HEPARIN GTT, OR 25000 UNITS": a code that is a word too needs a town before it, no clinical or other word.)
      const code = m[0].slice(0, 2).toLowerCase();
      if (FUNCTION_WORDS.has(code) && /^[A-Z]{2}$/.test(m[0].slice(0, 2))) {
        const x = /([A-Za-z]+)[ \t]*,?[ \t]*$/.exec(text.slice(Math.max(0, m.index - 30), m.index))?.[1].toLowerCase();
        if (!x || isStopWord(x) || (isEnglish(x) && !isTown(x))) return;
      }
      const start = m.index + m[0].length - m[1].length;
      add(start, start + m[1].length, 'address', 0.8, 'ZIP code');
    });
  return out;
}
