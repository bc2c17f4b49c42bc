/**
 * The other names a note gives a person it has just named: in brackets or quotes right after
 * the name ('Mr. Street (Albert, "Al")', 'Raymond Kessler ("Ray")', 'Mildred Sanders, 96 y/o
 * F, "Millie"'), or before it, after "pt", when the name follows in brackets ('pt bernie
 * (bernard costa)'), or a nickname in quotes between a first name and the found one ('JOSEPH
 * "JOE" NGUYEN'). Read after the other rules, from the names they found by any means.
 * Also a listed name joined to a found one by "and" ("Theresa and Joe"), and a name said as one
 * with no name found beside it (saidNameSpans: 'known only as "Sully"', 'says "call me Frank"').
 * And a found name's initials right after it ('PT HARRIET X HL', 'JOSEPHINE X J.C.'): the first
 * letters of its two or three words in order (a surname before its comma last, a middle initial after
 * the name counted: 'Lambert, George H. (GHL)'), bare (never a function or clinical word) or with full stops.
 * Invariants: only words next to a found name, on its line; never a function word, a
 * clinical word, or a word already found; quotes hold one word, brackets at most three; a
 * name said as one is one or two words in quotes after its words, or one after "call me"
 * ("call me back", "call me if" name none).
 */
import { CLINICAL_WORDS, FUNCTION_WORDS, isStopWord, mayBeName } from './clinicalWords';
import { CLOSE_KIN, RELATIVES, SPECIALTIES, wordsPattern } from './contextWords';
import { isCommonName, isEnglish, isName, isTown } from './lists';
import { STATES } from './spelling';
import { PhiSpan } from './types';
import { bareSpace, firstWordFrom, Word } from './words';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

/** Relatives' words, no names though a list holds some ("marilyn and daughters"). */
const RELATIVE_WORD = wordsPattern([
  ...CLOSE_KIN,
  ...'daughters sons sisters brothers kids children grandchildren grandkids friends family parents nieces nephews cousins'.split(' '),
  ...'guardian proxy hcp poa chaplain pastor priest interpreter nurse doctor therapist aide sitter pca res resident fellow'.split(' '),
  ...'intern attending bf gf grandmother grandfather'.split(' '),
]);

/** Words a person may go by: a word a name may be ("(Cardiology)", "(fellow)" are none), capitalised where case tells, listed where not. */
function aliasWord(w: Word | undefined, tells: boolean): boolean {
  if (!w || w.text.length < 2 || isStopWord(w)) return false;
  // ("Tom (PCT)": capitals in brackets are a role's abbreviation; without case only a listed name.)
  return tells ? w.cap && !w.allCaps && mayBeName(w) : isName(w) || isCommonName(w);
}

/** How far either side of a name its aliases are looked for (brackets of 40 characters, quotes within 30, a nickname within 60). */
const LOOK = 80;

export function aliasSpans(text: string, words: readonly Word[], found: readonly Found[], tells: boolean): Found[] {
  const names = found.filter((f) => f.type === 'name').sort((a, b) => a.start - b.start);
  if (!names.length) return [];
  const out: Found[] = [];
  const covered = (w: Word) => found.some((f) => f.start < w.end && w.start < f.end) || out.some((f) => f.start < w.end && w.start < f.end);
  const add = (w: Word, why: string) => {
    if (!covered(w)) out.push({ start: w.start, end: w.end, type: 'name', confidence: 0.7, why });
  };
  for (const name of names) {
    const i = firstWordFrom(words, name.end);
    // (The rules below read at most 60 characters either side of the name: a line is looked for that far only,
    // so a note of one long line costs each name its window, not the rest of the note.)
    const ahead = text.slice(name.end, name.end + LOOK);
    const lineEnd = ahead.indexOf('\n');
    const line = lineEnd < 0 ? ahead : ahead.slice(0, lineEnd);
    // JOSEPH "JOE" NGUYEN: before a found surname, a nickname in quotes and the name before it.
    const behind = text.slice(Math.max(0, name.start - LOOK), name.start);
    const lineStart = name.start - behind.length + behind.lastIndexOf('\n') + 1;
    const nick = /([\p{L}][\p{L}'-]*)[ \t]+["\u201c]([\p{L}][\p{L}'-]*)["\u201d][ \t]+$/u.exec(text.slice(Math.max(lineStart, name.start - 60), name.start));
    if (nick) {
      const at = name.start - nick[0].length;
      const first = words[firstWordFrom(words, at)];
      const quoted = words[firstWordFrom(words, at + nick[0].indexOf(nick[2], nick[1].length))];
      // ('Margaret "Peg" Lindholm': between a first name and a found one, a clinical word in quotes is a nickname too.)
      const nickname = (w: Word) => aliasWord(w, tells) || (!FUNCTION_WORDS.has(w.lower) && (!tells || (w.cap && !w.allCaps)) && w.text.length >= 2);
      if (quoted && nickname(quoted)) {
        add(quoted, 'a name in quotes before a name');
        if (first && first.start === at && aliasWord(first, tells)) add(first, 'a name before a nickname and a name');
      }
    }
    // "PER DR. ABERNATHY/CHEN": a second clinician's name after a slash.
    if (
      words[i] &&
      words[i].gap === '/' &&
      words[i].start === name.end + 1 &&
      // ("Drs Patel/Ng": after a title's name, any word a name may be, a clinical one too where case tells.)
      (/^after drs?\b/i.test(name.why ?? '')
        ? !FUNCTION_WORDS.has(words[i].lower) && (tells ? words[i].cap && !words[i].allCaps : mayBeName(words[i]))
        : aliasWord(words[i], tells) && (isName(words[i]) || isCommonName(words[i])))
    )
      add(words[i], 'a name after a name and a slash');
    // "Theresa and Joe": a listed name joined to a found one, capitalised where case tells.
    const joined = words[i]?.lower === 'and' && bareSpace(words[i].gap) && bareSpace(words[i + 1]?.gap ?? '');
    // ("HUSBAND EMEKA AND DAU CHINWE", "faith and bro gerry": a relative's word, abbreviated too, is none.)
    const relative = (w: Word) => RELATIVE_WORD.test(w.lower) || RELATIVES.has(w.lower);
    if (joined && aliasWord(words[i + 1], tells) && !relative(words[i + 1]) && (isName(words[i + 1]) || isCommonName(words[i + 1])))
      add(words[i + 1], 'a name joined to a name');
    // "PT HARRIET LINDSTROM HL AGE 77", "JOSEPHINE CARUSO (J.C.)": a found name of two or three words, then its initials.
    const initialsAfter = initialsOf(words, firstWordFrom(words, name.start), i, text);
    if (initialsAfter && !out.some((f) => f.start < initialsAfter.end && initialsAfter.start < f.end) && !covered(words[i]))
      out.push({ ...initialsAfter, type: 'name', confidence: 0.7, why: "a name's initials after it" });
    // Albert ("Al"), Street (Albert, "Al"): brackets right after the name, holding names alone.
    const bracket = /^[ \t]*\(([^()\n]{1,40})\)/.exec(line);
    if (bracket) {
      const inside: Word[] = [];
      for (let k = i; k < words.length && words[k].end <= name.end + bracket[0].length; k++) inside.push(words[k]);
      const parts = bracket[1].split(',').map((p) => p.trim());
      const quotedOrPlain = parts.every((p) => /^["\u201c']?[\p{L}][\p{L}'-]*(?:[ \t]+[\p{L}][\p{L}'-]*){0,2}["\u201d']?$/u.test(p));
      // ("dr amaral (burns)": a service in brackets is none; "Ruth (Vermont)", "helen (andover)": a state is none, a listed town a place.)
      const named = (w: Word) =>
        aliasWord(w, tells) && !RELATIVE_WORD.test(w.lower) && !SPECIALTIES.test(w.lower) && !/^(?:burns|spine)$/.test(w.lower) && !STATES.has(w.lower);
      const town =
        inside.length === 1 &&
        bracket[1].trim() === inside[0].text &&
        isTown(inside[0].lower) &&
        !isName(inside[0]) &&
        !isEnglish(inside[0].lower) &&
        !isStopWord(inside[0]) &&
        !STATES.has(inside[0].lower) &&
        (!tells || inside[0].cap);
      if (town && !covered(inside[0]))
        out.push({ start: inside[0].start, end: inside[0].end, type: 'location', confidence: 0.7, why: 'a town in brackets after a name' });
      else if (quotedOrPlain && inside.length && inside.length <= 3 && inside.every(named)) for (const w of inside) add(w, 'another name beside a name');
      continue;
    }
    // Mildred Sanders, 96 y/o F, "Millie": one word in quotes later on the name's line, within a few words.
    const quoted = /^[^"\u201c\n]{0,30}?["\u201c]([\p{L}][\p{L}'-]*)["\u201d]/u.exec(line);
    if (quoted && !/[.;:]/.test(line.slice(0, quoted.index + quoted[0].length - quoted[1].length - 2))) {
      const at = name.end + quoted.index + quoted[0].length - quoted[1].length - 1;
      const w = words[firstWordFrom(words, at)];
      if (w && w.start === at && aliasWord(w, tells)) add(w, 'a name in quotes beside a name');
    }
  }
  // pt bernie (bernard costa): a name before the brackets that hold a found name, after "pt".
  for (let k = 1; k + 1 < words.length; k++) {
    const w = words[k];
    // ("pt's guardian (frank dimauro)": after the patient's, a relative's word.)
    if (!/^(pt|patient)$/.test(words[k - 1].lower) || !bareSpace(text.slice(words[k - 1].end, w.start)) || !/^[ \t]*\($/.test(words[k + 1].gap)) continue;
    if (names.some((n) => n.start === words[k + 1].start) && aliasWord(w, tells)) add(w, 'a name before a name in brackets');
  }
  return out;
}

/**
 * Where the words `from` to `to` (a found name, two or three words) are followed by their own initials, in
 * either case, bare ("HL", not a function or clinical word: "MS") or with full stops ("J.C."), maybe in a bracket.
 */
function initialsOf(words: readonly Word[], from: number, to: number, text: string): { start: number; end: number } | undefined {
  // ("Lambert, George H. GHL": a middle initial and its full stop after the name belong to it.)
  const middle =
    !!words[to] && /^[a-z]$/.test(words[to].lower) && text[words[to].end] === '.' && !!words[to + 1] && /^\.[ \t]+\(?[ \t]*$/.test(words[to + 1].gap);
  if (middle) to++;
  const own = words.slice(from, to);
  const w = words[to];
  if (own.length < 2 || own.length > 3 || !w || !(middle || /^[ \t]*\(?[ \t]*$/.test(w.gap))) return undefined;
  // ("Lambert, George H. (GHL)": a surname before its comma comes last in the initials.)
  const order = own.length > 1 && own[1].gap.includes(',') ? [...own.slice(1), own[0]] : own;
  const letters = order.map((x) => x.lower[0]).join('');
  if (w.lower === letters && !isStopWord(w)) return { start: w.start, end: w.end };
  for (let k = 0; k < letters.length; k++) {
    const x = words[to + k];
    if (!x || x.lower !== letters[k] || (k > 0 && x.gap !== '.')) return undefined;
  }
  const last = words[to + letters.length - 1];
  if (text[last.end] !== '.') return undefined;
  return { start: w.start, end: last.end + 1 };
}

/** A name said as one, in quotes: 'known only as "Sully"', 'goes by "Tee"', 'aka "Bud"', 'nicknamed "Red"' (one or two words, any case). */
const SAID_NAME =
  /(?<![\w-])(?:known(?:[ \t]+only)?[ \t]+as|goes[ \t]+by|aka|a\.k\.a\.?|nicknamed|calls[ \t]+(?:him|her)self|called)[ \t]*["\u201c]([A-Za-z][A-Za-z'-]{1,20}(?:[ \t][A-Za-z][A-Za-z'-]{1,20})?)["\u201d]/gi;

/** 'says "call me Frank"', 'her name is "rosie", not rosa': a name asked for, after "call me", or in quotes after "name is". */
const CALL_ME = /(?<![\w-])(call[ \t]+me|name[ \t]+is)[ \t]+(["\u201c])?([A-Za-z][A-Za-z'-]{1,20})(?![\w'-])/gi;

export function saidNameSpans(text: string): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(CALL_ME, text)) {
    // ("call me back", "call me if", "name is on the list"; an unquoted name after "name is" is the context rules'.)
    const word = m[3].toLowerCase();
    if (
      (!m[2] && /^name/i.test(m[1])) ||
      FUNCTION_WORDS.has(word) ||
      CLINICAL_WORDS.has(word) ||
      /^(?:back|if|when|anytime|later|again|tomorrow|tonight|asap|at|on|with|and|or)$/.test(word)
    )
      continue;
    const start = m.index + m[0].length - m[3].length;
    out.push({ start, end: start + m[3].length, type: 'name', confidence: 0.75, why: 'a name asked for' });
  }
  for (const m of allMatches(SAID_NAME, text)) {
    // ('called "the boss"', 'known as "DNR"': a function or clinical word in the quotes is no name.)
    if (m[1].split(/[ \t]/).some((w) => isStopWord(w.toLowerCase()))) continue;
    const start = m.index + m[0].length - m[1].length - 1;
    out.push({ start, end: start + m[1].length, type: 'name', confidence: 0.8, why: 'a name said in quotes' });
  }
  return out;
}
