/**
 * A workplace's name after work words ("worked at Tolliver Mills", "EMPLOYED BY DUNMORE BOX CO",
 * "works nights at Wegmans", "worked 31 years as a pipefitter at the X shipyard", "Pt's employer
 * Boston Sand & Gravel"), for townSpans (towns.ts), which calls it in its order.
 *
 * Invariants: the name opens right after "at", "for", "by" or "from" (and an article before a
 * name), or right after "employer"; where case tells, its first word is capitalised or an
 * acronym, and in a note of one case no word of the language; a state alone, a clinical word,
 * a kind of workplace alone ("works at the shipyard") and descriptors alone are never one; at
 * most three words, joined by spaces or "&".
 */
import { isStopWord } from './clinicalWords';
import { DESCRIPTORS } from './institutions';
import { isEnglish } from './lists';
import { STATES } from './spelling';
import { PhiSpan } from './types';
import { NOT_WORKPLACE, OWNED, WORK } from './townWords';
import { bareSpace, capitalised as capital, Word } from './words';

type Found = Omit<PhiSpan, 'text'>;

/** Workplaces after work words; marks the words it takes. */
export function workplaceSpans(words: Word[], tells: boolean, taken: Set<number>): Found[] {
  const out: Found[] = [];
  const add = (from: number, to: number, confidence: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type: 'location', confidence, why });
  };
  const spaced = (i: number) => i < words.length && bareSpace(words[i].gap);
  // Worked at Tolliver Mills, EMPLOYED BY DUNMORE BOX CO: a workplace's name after work words.
  for (let i = 0; i + 2 < words.length; i++) {
    // ("at work at Friendly's": work as a place one is at; "social work for support" is a service.)
    // ("missing work at the Stop & Shop": after a word of going to or missing work too.)
    const l = words[i].lower;
    if (!WORK.has(l) && !OWNED.has(l)) continue;
    const atWork =
      words[i].lower === 'work' && /^(at|missing|missed|miss|from|to|after|before|left)$/.test(words[i - 1]?.lower ?? '') && words[i + 1]?.lower === 'at';
    // "concerned about his business Genentech": an owner's business or company, its name after the word.
    const owned = OWNED.has(l) && /^(his|her|their|own|family)$/.test(words[i - 1]?.lower ?? '');
    if (!WORK.has(words[i].lower) && !atWork && !owned) continue;
    // (Work as a verb only: "used to work for X", "moved here to work at X"; "social work for support" is a service.)
    if (words[i].lower === 'work' && !atWork && !/^(to|will|would|can|could|not|still|also)$/.test(words[i - 1]?.lower ?? '')) continue;
    let j = i + 1;
    // "Pt's employer Boston Sand & Gravel": an employer's name follows the word itself.
    const employer = words[i].lower === 'employer' || owned;
    // ("works 2nd shift at Polar", "works night shift at", "works the register at amrheins": the shift or the post between.)
    const shift =
      /^(shift|shifts)$/.test(words[j + 1]?.lower ?? '') && /^(?:st|nd|rd|th|first|second|third|night|day|evening|overnight|graveyard)$/.test(words[j].lower);
    const post =
      words[j].lower === 'the' &&
      !!words[j + 1] &&
      !isStopWord(words[j + 1]) &&
      !NOT_WORKPLACE.has(words[j + 1].lower) &&
      /^(at|for)$/.test(words[j + 2]?.lower ?? '');
    if (shift || post) j += 2;
    else if (/^(nights|days|evenings|weekends|part-time|full-time|there)$/.test(words[j].lower)) j++;
    else if (/^(part|full)$/.test(words[j].lower) && words[j + 1]?.lower === 'time') j += 2;
    // "worked 30 yrs at General Electric": how long, between the work and the place.
    else if (/^(yrs?|years?|months?|mos)$/.test(words[j].lower) && /\d[ \t]*$/.test(words[j].gap)) j++;
    // "worked 31 years as a pipefitter at the X shipyard", "works as a mechanic for the X": the job between;
    // "working construction for X": a trade's word between.
    const place = (k: number) => /^(at|for|by)$/.test(words[k]?.lower ?? '');
    // "worked 20 yrs in the mailroom at State Street": the part of the workplace between.
    if (words[j]?.lower === 'in' && words[j + 1]?.lower === 'the' && words[j + 2] && !isStopWord(words[j + 2]) && place(j + 3) && spaced(j + 3)) j += 3;
    // ("drives a cab for ambassador", "drove a truck for X": what is driven or worked, between.)
    const article = /^(a|an)$/.test(words[j]?.lower ?? '') && /^(?:drives|drove|driving|drive)$/.test(l);
    if ((words[j]?.lower === 'as' && /^(a|an)$/.test(words[j + 1]?.lower ?? '')) || article) {
      let k = article ? j + 1 : j + 2;
      while (k < j + 5 && words[k] && spaced(k) && !place(k) && !(tells && words[k].cap)) k++;
      if (place(k) && spaced(k)) j = k;
    } else if (!employer && words[j] && !place(j) && place(j + 1) && /^[a-z]+$/.test(words[j].text) && !isStopWord(words[j]) && spaced(j + 1)) j++;
    if (employer && /^(is|was)$/.test(words[j]?.lower ?? '')) j++;
    if (!employer && (!words[j] || !/^(at|for|by|from)$/.test(words[j].lower))) continue;
    if (!employer) j++;
    // "retired from the ford plant", "worked at the nassco shipyard": the article before a workplace's name.
    // (Then a name, not a noun: "works at the shipyard" names none.)
    // ("worked for the MBTA": an acronym of capitals where case tells.)
    const acronymOf = (w: Word) => w.allCaps && w.text.length >= 2 && w.text.length <= 5 && !isStopWord(w);
    const named = (w: Word | undefined) => !!w && !NOT_WORKPLACE.has(w.lower) && (tells ? capital(w) || acronymOf(w) : !isEnglish(w));
    // ("retired from the ford plant": a word before the kind of workplace names it.)
    const beforeKind =
      !!words[j + 2] && NOT_WORKPLACE.has(words[j + 2].lower) && !!words[j + 1] && !isStopWord(words[j + 1]) && !NOT_WORKPLACE.has(words[j + 1].lower);
    if (words[j]?.lower === 'the' && (named(words[j + 1]) || beforeKind)) j++;
    const first = words[j];
    // ("drove a truck for work", "drives a cab for extra money": what the driving is for names no employer.)
    if (
      article &&
      first &&
      /^(?:fun|work|money|extra|pleasure|exercise|years?|months?|hours?|days?|weeks?|life|a|his|her|their|family|friends?|church|charity|free|cash)$/.test(
        first.lower,
      )
    )
      continue;
    // ("worked for many years at the X": how long, no employer.)
    if (first && /^(?:many|several|some|most|decades?|years?|months?)$/.test(first.lower)) continue;
    // (A descriptor opens a name where a capitalised word of its own follows: "General Electric".)
    const opens = (w: Word) =>
      !DESCRIPTORS.has(w.lower) || (tells && !!words[j + 1] && spaced(j + 1) && capital(words[j + 1]) && !DESCRIPTORS.has(words[j + 1].lower));
    // ("Pt's employer, Raytheon in Andover": a comma after the word employer.)
    // ("Employer: Modern Continental": or its colon.)
    const gapOk = spaced(j) || (employer && j === i + 1 && /^[,:][ \t]+$/.test(words[j]?.gap ?? ''));
    // ("works at Home Depot": a word of the language opens a name where a capitalised name word follows it.)
    const opensName = tells && !!first && first.cap && !first.allCaps && !!words[j + 1] && spaced(j + 1) && capital(words[j + 1]) && !isStopWord(words[j + 1]);
    // ("a student from ohio": a state alone is none; "Texas Instruments", "Vermont Marble" are names.)
    const stateAlone = !!first && STATES.has(first.lower) && !(spaced(j + 1) && (tells ? capital(words[j + 1]) : !isStopWord(words[j + 1])));
    if (!first || !gapOk || taken.has(j) || stateAlone || ((isStopWord(first) || NOT_WORKPLACE.has(first.lower)) && !opensName) || !opens(first)) continue;
    // "RETIRED FROM TEACHING": in a note of one case a verb's form is no workplace.
    // ("to work at GE": a short name in capitals where case tells.)
    // ("a student at UMass Boston": a university's short form, U and a capitalised word.)
    const acronym = (first.allCaps && first.text.length <= 4 && !isStopWord(first)) || /^U[A-Z][a-z]{2,}$/.test(first.text);
    // (After "Employer:" a capital opens the name, though a colon opens a sentence too.)
    if (
      tells
        ? !capital(first) && !acronym && !(employer && first.cap && !first.allCaps)
        : /\d/.test(first.text) || (/(ing|ed)$/.test(first.lower) && isEnglish(first))
    )
      continue;
    // (Without a preposition only a capitalised name: "employer aware" names none.)
    if (employer && !first.cap && !first.allCaps) continue;
    let k = j;
    // (Joined by "&" too: "Boston Sand & Gravel".)
    while (
      k - j < 2 &&
      (spaced(k + 1) || (k + 1 < words.length && /^[ \t]*&[ \t]*$/.test(words[k + 1].gap))) &&
      !taken.has(k + 1) &&
      !isStopWord(words[k + 1]) &&
      (tells || employer ? words[k + 1].cap || (employer && words[k + 1].allCaps) : !NOT_WORKPLACE.has(words[k + 1].lower))
    )
      k++;
    if (words.slice(j, k + 1).every((w) => DESCRIPTORS.has(w.lower))) continue;
    add(j, k, 0.7, employer ? `after ${words[i].lower}` : `after ${words[i].lower} ${words[j - 1].lower}`);
    i = k;
  }
  return out;
}
