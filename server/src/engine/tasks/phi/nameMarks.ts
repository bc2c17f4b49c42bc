/**
 * Names told by the marks a note puts around them rather than by the words before them:
 * - initials signing: "jk rn", "LK RN" at a line's end or after "by", "-mk" or "/ jd" ending
 *   the note, a dictation mark "RAG/mlt" (the dictating clinician's and the typist's initials);
 * - a name after a label: "Patient: KANELLOPOULOS, THEODORA", "PT: WALSH, ELLEN", "Re:", "cc:";
 * - a name in quotes after a name or a relative: William ("Bill"), a friend ("Tony");
 * - a name after a title of another language: Doña Carmen, Señora Ruiz, Mme Aubert, Rev. Kline.
 * Invariants: a word another rule took is never taken again (`taken`); a clinical word, a
 * function word or a unit is never an initial; initials are two or three letters, one case.
 */
import { CLINICAL_WORDS, FUNCTION_WORDS, isStopWord, isUnknownWord, mayBeName } from './clinicalWords';
import { SHIFT_WORDS } from './handovers';
import { isCommonName, isEnglish, isName, isTown } from './lists';
import { PhiSpan } from './types';
import { bareSpace, Word } from './words';
import { ROLES, TITLES, KIN, KIN_AFTER_COMMA, NOT_KIN_OWNER, SERVICES, DOTTED_WORDS, ASKED, MESSAGE, CONSULTS, REPORTED } from './nameMarkWords';
import { ENDEARMENTS, CLOSINGS, LABELS, AGE_SEX, PRIEST_DOES, WITH_BY, WHOSE, PLACED_AFTER, NOT_BEFORE_KIN } from './nameMarkWords';
import { unlistedName, coveredFor, isEnglishKin, initials, plainWord } from './nameMarkWords';

/** (`everyWord`: read the plain words too, as the test of plainWord does, to show that skipping them changes nothing.) */
export function markedNames(text: string, words: Word[], tells: boolean, taken: Set<number>, everyWord = false): Omit<PhiSpan, 'text'>[] {
  const out: Omit<PhiSpan, 'text'>[] = [];
  const add = (from: number, to: number, confidence: number, why: string) => {
    for (let k = from; k <= to; k++) taken.add(k);
    out.push({ start: words[from].start, end: words[to].end, type: 'name', confidence, why });
  };
  const free = (i: number) => i >= 0 && i < words.length && !taken.has(i);
  // Nothing but spaces and a full stop or comma between the word and the line's end.
  const endsLine = (w: Word) => /^[ \t.,]*(?:\r?\n|$)/.test(text.slice(w.end, w.end + 4));
  const trimmedLength = text.trimEnd().length;
  const endsNote = (w: Word) => w.end + 200 >= trimmedLength && /^[\s.,]*$/.test(text.slice(w.end, w.end + 200));
  const stop = (w: Word | undefined) => !w || isStopWord(w);
  const nameWord = (w: Word | undefined) => !!w && !stop(w) && w.text.length >= 2 && mayBeName(w) && (!tells || w.cap);
  // (The helpers below take what they read as arguments: made once, not for every word.)
  const roleAfter = (k: number) => !!words[k] && /^,?[ \t]+$/.test(words[k].gap) && ROLES.test(words[k].lower);
  const surnameLike = (x: Word) => mayBeName(x) || CLINICAL_WORDS.has(x.lower);
  // ("APS [LOWRY]", "nsurg (baptiste/oduya)": a square bracket, or a slash before a second name.)
  const closes = (k: number) => /^[ \t]*[),\]/]/.test(text.slice(words[k].end, words[k].end + 3));
  const service = (x: Word | undefined) => !!x && SERVICES.has(x.lower);
  // (A consulting service by its short name: "Weiss (EP)", "Plastic surg (Morrow)": a listed name only.)
  const consult = (x: Word | undefined) => !!x && (CONSULTS.has(x.lower) || (x.lower.includes('-') && x.lower.split('-').every((p) => CONSULTS.has(p))));
  const listed = (x: Word) => isName(x) || isCommonName(x);
  const forDoctor = (x: Word) =>
    /^(?:[ \t]+for[ \t]+(?:dr\.?|doctor)[ \t]+[\p{L}'-]+\.?|,?[ \t]+(?:or[ \t]+)?(?:liaison|cm|case[ \t]+manager|coordinator|educator))[ \t]*(?:\r?\n|$)/iu.test(
      text.slice(x.end, x.end + 40),
    );
  for (let i = 0; i < words.length; i++) {
    // (Most words are plain: no rule below can start from them. A new rule must need what plainWord refuses.)
    if (!everyWord && plainWord(words, i)) continue;
    const w = words[i];
    const next = words[i + 1];
    // M. FOLEY RN, B. STORY, RN, -k. lin rn: an initial, a surname (a word or a clinical one too), a role.
    if (
      w.text.length === 1 &&
      /^[A-Za-z]$/.test(w.text) &&
      // ("BP 110-130/60S. SWAN-GANZ PA": a letter glued to a number is its unit or plural, no initial.)
      !/[\d/]/.test(text.charAt(w.start - 1)) &&
      next &&
      /^\.[ \t]*$/.test(next.gap) &&
      free(i + 1) &&
      next.text.length >= 2 &&
      !FUNCTION_WORDS.has(next.lower) &&
      surnameLike(next) &&
      roleAfter(i + 2)
    ) {
      add(i, i + 1, 0.8, `initial and name before ${words[i + 2].text}`);
      i++;
      continue;
    }
    // GRAY, RN ending the note: a sign-off, whatever else the word is, where a sign-off starts
    // (the note's or a line's start, after a sentence, after another signer's "/" or "&").
    if (
      free(i) &&
      w.text.length >= 3 &&
      !stop(w) &&
      !ROLES.test(w.lower) &&
      (i === 0 || /\n[ \t]*$|[.!]\s+$|[/&][ \t]*$/.test(w.gap)) &&
      roleAfter(i + 1) &&
      endsNote(words[i + 1])
    ) {
      add(i, i, 0.7, 'sign-off before its role');
      continue;
    }
    // pt asks for tommy, CALLING FOR MARGIE: a person asked for (not "asks for water": a name's word).
    const prev = words[i - 1]?.lower;
    // ... or called by ("call me Sully"): the name a person asks to be called; a nurse covered for ("covering for judy": a listed name that is a word too).
    const askedFor =
      (prev === 'for' && (ASKED.has(words[i - 2]?.lower ?? '') || MESSAGE.has(words[i - 2]?.lower ?? ''))) ||
      (prev === 'me' && /^(call|calls|called)$/.test(words[i - 2]?.lower ?? ''));
    const callMe = prev === 'me' && tells && w.cap && !w.allCaps;
    if (
      askedFor &&
      free(i) &&
      !stop(w) &&
      w.text.length >= 3 &&
      !ENDEARMENTS.has(w.lower) &&
      !TITLES.has(w.lower) &&
      (callMe || (tells ? w.cap && (isName(w) || isCommonName(w)) : isName(w) || coveredFor(words[i - 2], w)))
    ) {
      add(i, i, 0.7, `after ${words[i - 2].lower} ${prev}`);
      continue;
    }
    // REPORT GIVEN TO SUE RN, report from deb: a name that takes or gives the report.
    // ("report given to day rn": a shift's word before RN gives or takes it, no name; "forms given to case mgmt": nor an office's.)
    const reportTo =
      (prev === 'to' || prev === 'from') &&
      REPORTED.has(words[i - 2]?.lower ?? '') &&
      !(SHIFT_WORDS.test(w.lower) && /^(rn|lpn|nurse|shift)$/.test(words[i + 1]?.lower ?? '')) &&
      !/^(?:mgmt|management|manager|mgr|managers|worker|workers|work|services|svcs)$/.test(words[i + 1]?.lower ?? '');
    if (reportTo && free(i) && !stop(w) && w.text.length >= 3 && mayBeName(w) && (!tells || w.cap)) {
      add(i, i, 0.75, `after ${words[i - 2].lower} ${words[i - 1].lower}`);
      continue;
    }
    // NUTRITION (ROSE), rt (brian), PT (Grant): a name in brackets after a service; kevin (pt), ellen (cardiac np): before one.
    // PT (JOANNE LOVE), CASE MGR (PHYLLIS, X5-2210): one to three words, then the bracket or a comma.
    let last = i;
    const opened = (w.gap.includes('(') || w.gap.includes('[')) && /[([][ \t]*$/.test(w.gap);
    while (opened && last - i < 2 && words[last + 1] && bareSpace(words[last + 1].gap) && !stop(words[last + 1])) last++;
    while (opened && last > i && !closes(last)) last--;
    const inBrackets = opened && closes(last);
    if (
      inBrackets &&
      free(i) &&
      !stop(w) &&
      w.text.length >= 3 &&
      // ("Ortho (Sundqvist)": after a consult, a listed name, or a word no list holds, capitalised where case tells;
      // "ep (mbeki)", "CT SURG (BAPTISTE-MOREAU)": in a note of one case too, of five letters or more, or hyphenated of such parts.)
      (service(words[i - 1]) || (consult(words[i - 1]) && (listed(w) || (tells ? w.cap && isUnknownWord(w) : unlistedName(w))))) &&
      (mayBeName(w) || unlistedName(w)) &&
      (!tells || w.cap)
    ) {
      add(i, last, 0.75, `after ${words[i - 1].text}`);
      i = last;
      continue;
    }
    const roleInBrackets =
      next &&
      next.gap.includes('(') &&
      /^[ \t]*\($/.test(next.gap) &&
      (service(next) || consult(next) || (service(words[i + 2]) && bareSpace(words[i + 2].gap))) &&
      /\)/.test(text.slice(next.end, next.end + 12));
    if (roleInBrackets && free(i) && !stop(w) && w.text.length >= 3 && mayBeName(w) && (!tells || w.cap) && (!consult(next) || listed(w))) {
      add(i, i, 0.75, `before (${next.text})`);
      continue;
    }
    // "w/ speech laura", "changed by Hank from dialysis": a name after a service, or before "from" one, after with or by.
    const withBy = WITH_BY.has(words[i - 1]?.lower ?? '');
    const fromService = !!next && next.lower === 'from' && service(words[i + 2]) && bareSpace(next.gap);
    // ("per nutrition's reccomendations": the service's own word is no name.)
    const afterService =
      WITH_BY.has(words[i - 2]?.lower ?? '') &&
      /^(speech|nutrition|chaplain|pharmacist|dietitian|dietician|interpreter)$/.test(words[i - 1]?.lower ?? '') &&
      !words[i - 1].possessive;
    // (In a note of one case, after a service only a listed first name: "W/ SPEECH THERAPY".)
    // ("jen from sw will see him": without with or by, a listed first name.)
    const listedFrom = fromService && (isName(w) || isCommonName(w)) && !isEnglish(w);
    if (
      (fromService || afterService) &&
      free(i) &&
      !stop(w) &&
      w.text.length >= 3 &&
      (tells ? w.cap && mayBeName(w) : fromService ? mayBeName(w) : isName(w)) &&
      ((fromService && (withBy || listedFrom)) || afterService) &&
      (/^\/?[ \t]+$/.test(w.gap) || listedFrom)
    ) {
      add(i, i, 0.7, fromService ? `before from ${words[i + 2].text}` : `after ${words[i - 1].text}`);
      continue;
    }
    // "Joy (cell 508-555-0147) asks": a name before its phone number in brackets.
    if (
      (next ? next.gap.includes('(') : text.includes('(', w.end)) &&
      free(i) &&
      !stop(w) &&
      w.text.length >= 3 &&
      (tells ? w.cap && !w.allCaps && mayBeName(w) : isName(w) || isCommonName(w)) &&
      !/^(fax|tel|phone|cell|home|work|pager|beeper|office|main|direct|mobile|day|night|evening|morning|week|today)$/.test(w.lower) &&
      /^[ \t]*\((?:cell|home|work|ph|phone|tel|mobile|c|h|w)?[:#.]?[ \t]*(?:\d{3}[ .-]?)?\d{3}[ .-]\d{4}[ \t]*\)/i.test(text.slice(w.end, w.end + 28))
    ) {
      add(i, i, 0.7, 'before a phone number in brackets');
      continue;
    }
    // J SMITH ORDERED, k. lin aware: an initial and a listed surname before what a clinician does.
    if (
      w.text.length === 1 &&
      /^[A-Za-z]$/.test(w.text) &&
      !/^[ai]$/i.test(w.text) &&
      free(i) &&
      free(i + 1) &&
      next &&
      /^\.?[ \t]+$/.test(next.gap) &&
      !stop(next) &&
      next.text.length >= 3 &&
      (isName(next) || isCommonName(next)) &&
      (!tells || (w.text === w.text.toUpperCase() && next.cap)) &&
      /^(?:[\s,]*)(?:ordered|aware|notified|paged|made aware|in to see|saw|examined|evaluated|recommends|recommended|wants|requested|consulted|informed|updated|called)\b/i.test(
        text.slice(next.end, next.end + 16),
      ) &&
      !/\d[ \t]*$/.test(w.gap)
    ) {
      add(i, i + 1, 0.75, 'an initial and a surname before what a clinician does');
      i++;
      continue;
    }
    // B.K., r.k. rn, T.M. RN: initials with their full stops, signing the note or before a credential.
    if (w.text.length === 1 && next && next.gap === '.' && /^[A-Za-z]$/.test(w.text) && /^[A-Za-z]$/.test(next.text) && free(i) && free(i + 1)) {
      let j = i + 1;
      if (words[j + 1]?.gap === '.' && /^[A-Za-z]$/.test(words[j + 1].text)) j++;
      // (R.N., M.D., A.M., P.O.: credentials and abbreviations written with full stops are no initials.)
      const letters = words
        .slice(i, j + 1)
        .map((x) => x.lower)
        .join('');
      const dotted = text[words[j].end] === '.' && !DOTTED_WORDS.has(letters);
      const credential = !!words[j + 1] && /^\.?,?[ \t]+$/.test(words[j + 1].gap) && ROLES.test(words[j + 1].lower);
      // (After pt or a title too: "PT J.B. REMAINS INTUBATED"; or in brackets after it: "pt (R.S.) c/o cp".)
      const patient = /^(pt|patient|mr|mrs|ms|label|initials)$/.test(words[i - 1]?.lower ?? '') && /^[ \t]*[(:]?[ \t]*$/.test(w.gap);
      // "W.T. 72M s/p CABG": initials opening a line before an age and sex.
      const aged = (i === 0 || /\n[ \t]*$/.test(w.gap)) && AGE_SEX.test(text.slice(words[j].end, words[j].end + 16).replace(/^\.?[ \t]*,?/, ''));
      if (dotted && (credential || patient || aged || endsNote(words[j]) || (/[-\u2013]\s*$/.test(w.gap) && endsLine(words[j])))) {
        add(i, j, 0.7, 'initials with full stops');
        i = j;
        continue;
      }
    }
    // "kim, soo-jin 34f", "NGUYEN, LINH 67 F": a surname and a given name opening a line before an age and sex.
    if (
      next?.gap[0] === ',' &&
      (i === 0 || /\n[ \t]*$/.test(w.gap)) &&
      /^,[ \t]*$/.test(next.gap) &&
      free(i) &&
      free(i + 1) &&
      !stop(w) &&
      !stop(next) &&
      (tells ? w.cap && next.cap : mayBeName(w) && mayBeName(next)) &&
      AGE_SEX.test(text.slice(next.end, next.end + 16))
    ) {
      add(i, i + 1, 0.75, 'a surname and a given name before an age and sex');
      i++;
      continue;
    }
    // per dr. p, Dr. K, Dr.v: a clinician named by an initial alone.
    if (
      w.lower.charCodeAt(0) === 100 &&
      /^(dr|drs|doctor)$/.test(w.lower) &&
      next &&
      /^\.?[ \t]*$/.test(next.gap) &&
      next.gap !== '' &&
      /^[A-Za-z]$/.test(next.text) &&
      free(i + 1)
    ) {
      const after = text.slice(next.end, next.end + 3);
      // ("dr. k aware", "Dr. K to see", "DR A PAGED X2", "dr m and dr sorensen": or before what a clinician does; A and I only there.)
      const does =
        /^\.?[ \t]+(?:aware|notified|informed|paged|called|updated|made|here|saw|said|says|wants|agrees|following|to|will|at|in|rounded|ordered|tomorrow|and|&|\+)(?![\w-])/i.test(
          text.slice(next.end, next.end + 14),
        );
      // ("PER DR L. GU:FOLEY": a form's next label after the initial's full stop.)
      const label = /^\.\s*[A-Za-z]+:/.test(text.slice(next.end, next.end + 16));
      const alone = (/^(?:\.?\s*[,;)]|\.?\s*$|\.?\s*\n)/.test(after) && !/^\.\s*[A-Za-z]/.test(after)) || label;
      // (A and I only in capitals before a clinician's verb: "dr. a aware" is no one.)
      if ((does && !/^[ai]$/.test(next.text)) || (alone && !/^[ai]$/i.test(next.text))) {
        add(i + 1, i + 1, 0.8, `an initial after ${w.text}`);
        i++;
        continue;
      }
    }
    // -mb rn, -DEB W, RN: after a dash at a line's end, initials (whatever they spell) or a name and an initial, then a credential.
    if (w.gap !== ' ' && free(i) && /(?:^|\s)[-\u2013]{1,2}[ \t]*$/.test(w.gap) && !FUNCTION_WORDS.has(w.lower) && w.text.length >= 2) {
      const initialAfter = next && /^[A-Za-z]$/.test(next.text) && bareSpace(next.gap) && free(i + 1);
      const to = initialAfter ? i + 1 : i;
      const credential = !!words[to + 1] && /^,?[ \t]+$/.test(words[to + 1].gap) && ROLES.test(words[to + 1].lower) && endsLine(words[to + 1]);
      if (credential && (w.text.length <= 3 || initialAfter)) {
        add(i, to, 0.7, 'a sign-off after a dash');
        i = to;
        continue;
      }
    }
    // jk rn, LK RN at the end of a line or after "by": initials signing it.
    const by = withBy;
    // (Ending the note after a sentence, two small letters that spell a clinical word too: "... x221. dm rn"; "NPO RN" is none.)
    // (Alone on the note's last line, any two small letters but a role's: "ss RN", "mr rn".)
    const lastSign =
      !!next &&
      w.text.length === 2 &&
      /^[a-z]{2}$/.test(w.text) &&
      endsNote(next) &&
      ((!FUNCTION_WORDS.has(w.lower) && /(?:[.;!]|\n)[ \t]*$/.test(w.gap)) || (/\n[ \t]*$/.test(w.gap) && !ROLES.test(w.lower)));
    // ("KLW RN FOR DR. ISAACSON", "ws, RN for Dr. Lindqvist", "RB RN LIAISON": signing for a doctor, or with a post, to the line's end: forDoctor.)
    if (
      free(i) &&
      (initials(w) || lastSign) &&
      next &&
      /^(?:[ \t,]+|[ \t]*\/[ \t]*)$/.test(next.gap) &&
      ROLES.test(next.lower) &&
      (endsLine(next) || by || forDoctor(next))
    ) {
      add(i, i, 0.7, `initials before ${next.text}`);
      continue;
    }
    // -mk, / jd ending the note; RAG/mlt (the dictating clinician's initials, then the typist's in the other case).
    // ("3-4 BM/day": a word of the language after the slash is a rate.)
    const dictation = w.gap === '/' && /^[a-z]{2,4}$/.test(w.text) && /^[A-Z]{2,4}$/.test(words[i - 1]?.text ?? '') && endsLine(w) && !isEnglish(w);
    // (In capitals only where the note's case tells: in a note of capitals "-BM" is a bowel movement.)
    // ("enc c/db": a slash glued to the word before joins an abbreviation, it parts no initials.)
    if (
      free(i) &&
      (dictation ||
        (initials(w) &&
          (/^[a-z]+$/.test(w.text) || tells) &&
          endsNote(w) &&
          /(?:^|\s)[-\u2013/][ \t]*$/.test(w.gap) &&
          (i === 0 || /\s/.test(w.gap) || !/\//.test(w.gap))))
    ) {
      add(i, i, 0.7, 'initials signing the note');
      if (dictation && free(i - 1) && !stop(words[i - 1]) && !ROLES.test(words[i - 1].lower)) add(i - 1, i - 1, 0.7, 'dictation initials');
      continue;
    }
    // Patient: SURNAME, GIVEN / Re: Given Surname / cc: Given Surname
    const labelled = !!next && next.gap.startsWith(':') && /^:[ \t]*$/.test(next.gap);
    const label = labelled && words[i - 1] && bareSpace(w.gap) ? `${words[i - 1].lower} ${w.lower}` : w.lower;
    // ("paged ortho x2 re: anticoag post-op": re: opens a letter's line; inside a line a subject follows.)
    const reInLine = w.lower === 're' && i > 0 && !/\n[ \t]*$/.test(w.gap);
    if (labelled && !reInLine && (LABELS.test(w.lower) || LABELS.test(label)) && free(i + 1) && nameWord(next)) {
      let j = i + 1;
      while (j + 1 < words.length && j - i < 3 && /^,?[ \t]+$/.test(words[j + 1].gap) && free(j + 1) && nameWord(words[j + 1]) && !/\n/.test(words[j + 1].gap))
        j++;
      // One word alone after a label is a name only where a list knows it ("Re: Falls" is a subject).
      // (Or where an age follows it: "pt: Jasmine, 17F".)
      const rest = text.slice(words[j].end, words[j].end + 16);
      const aged = /^[ \t]*,/.test(rest) && AGE_SEX.test(rest.replace(/^[ \t]*,/, ''));
      // ("f/u w/ family re: health care proxy form": a subject's words before its noun, no one's name.)
      if (/^(proxy|form|forms|plan|plans|planning|issues|needs|services|meeting|placement)$/.test(words[j + 1]?.lower ?? '') && bareSpace(words[j + 1].gap)) {
        i = j;
        continue;
      }
      if (j > i + 1 || isName(next) || aged) add(i + 1, j, 0.75, `after ${w.text}:`);
      i = j;
      continue;
    }
    // Winter's wife Rose: a name whose relative the note speaks of, capitalised where case tells.
    // (Where case tells, any capitalised word but a clinical or function one: only a person has a wife.)
    if (
      w.possessive &&
      free(i) &&
      (tells ? w.cap && !w.allCaps && !CLINICAL_WORDS.has(w.lower) && !isEnglishKin(w.lower) : nameWord(w)) &&
      w.text.length >= 3 &&
      // ("Baby's father", "Mom's boyfriend": the newborn's, a relative's, no name.)
      !NOT_KIN_OWNER.test(w.lower) &&
      bareSpace(words[i + 1]?.gap ?? '') &&
      KIN.test(words[i + 1]?.lower ?? '')
    ) {
      add(i, i, 0.7, `before 's ${words[i + 1].text}`);
      continue;
    }
    // ROB, PT'S SON / Ines, her daughter: a name, then who it is.
    const commaAfter = words[i + 1]?.gap.charCodeAt(0) === 44 && /^,[ \t]+$/.test(words[i + 1].gap);
    const whose = commaAfter && WHOSE.has(words[i + 1].lower) ? i + 2 : i + 1;
    // ("lives in dedham, sister nearby": after a preposition of place it is a place.)
    // ("MOST OF DAY, SON KEVIN": after of it is a phrase's end; "on Spectacle Pond, wife" a place's kind; "by bus, dtr" a way of coming.)
    if (
      commaAfter &&
      free(i) &&
      !PLACED_AFTER.has(words[i - 1]?.lower ?? '') &&
      nameWord(w) &&
      w.text.length >= 3 &&
      !NOT_BEFORE_KIN.test(w.lower) &&
      KIN_AFTER_COMMA.test(words[whose]?.lower ?? '') &&
      whose - i <= 2
    ) {
      add(i, i, 0.75, `before ${words[whose].text}`);
      continue;
    }
    // Sincerely, Grant Bishop / Thanks!! - Ale: a name signing a letter or a message.
    const closing = w.lower === 'you' && words[i - 1]?.lower === 'thank' ? 'thank you' : w.lower;
    if (
      CLOSINGS.has(closing) &&
      next &&
      /^[!.,]*\s*(?:[-\u2013][ \t]*)?$/.test(next.gap) &&
      /[,!\n-]/.test(next.gap) &&
      free(i + 1) &&
      nameWord(next) &&
      next.cap
    ) {
      let j = i + 1;
      while (j + 1 < words.length && j - i < 3 && bareSpace(words[j + 1].gap) && free(j + 1) && nameWord(words[j + 1]) && words[j + 1].cap) j++;
      add(i + 1, j, 0.75, `after ${w.text}`);
      i = j;
      continue;
    }
    // CG alone on the note's last line: initials signing it.
    if (free(i) && initials(w) && /\n[ \t]*$/.test(w.gap) && endsNote(w)) {
      add(i, i, 0.65, 'initials ending the note');
      continue;
    }
    // Doña Carmen, Mme Aubert, Rev. Kline, Fr. Doyle (Fr with its full stop: "14 Fr" is a catheter's size).
    // (Without it after a priest's word: "pastor fr gendron".)
    const sized = w.lower === 'fr' && /\d\s*$/.test(text.slice(Math.max(0, w.start - 3), w.start));
    // ("FR KIELY FROM ST DENIS": or before a listed surname, where FR is "from" before a place, a town's only before what a priest does, "FR HEALY VISITED".)
    const frOk =
      w.lower !== 'fr' ||
      (/^\.[ \t]+$/.test(next?.gap ?? '') && !sized) ||
      /\b(?:pastor|priest|chaplain|parish)[ \t]*$/i.test(text.slice(Math.max(0, w.start - 10), w.start)) ||
      (!!next && bareSpace(next.gap) && isName(next) && !sized && (!isTown(next.lower) || PRIEST_DOES.test(text.slice(next.end, next.end + 10))));
    // Sr. Agnes, a religious sister: with its full stop and a listed name (SR is sinus rhythm).
    const srOk = w.lower !== 'sr' || (/^\.[ \t]+$/.test(next?.gap ?? '') && !!next && (isName(next) || isCommonName(next)));
    // ("pastor Rev. Hal X": a title after a title is none; the name follows it.)
    if (
      TITLES.has(w.lower) &&
      frOk &&
      srOk &&
      next &&
      /^\.?[ \t]+$/.test(next.gap) &&
      free(i + 1) &&
      !stop(next) &&
      !TITLES.has(next.lower) &&
      (!tells || next.cap) &&
      // ("IMAM RECITED PRAYERS", "the pastor chose": a clergy word is a noun too; a word of the language after it, only capitalised where case tells.)
      (!/^(?:imam|rabbi|pastor|reverend)$/.test(w.lower) || !isEnglish(next) || isCommonName(next) || (tells && next.cap))
    ) {
      add(i + 1, i + 1, 0.85, `after ${w.text}`);
      continue;
    }
    // William ("Bill"), a friend ("Tony"): a capitalised word in quotes after a name or a relative's word.
    // (In a note of one case, any word a name could be: friend "smitty", calling out for "EDDIE".)
    const quoted = w.gap !== ' ' && /["\u201c'][ \t]*$/.test(w.gap) && /^[.,!?]?["\u201d']/.test(text.slice(w.end, w.end + 2));
    // (A clinical word too after a name in brackets: margaret ("peg").)
    const k = i - 1;
    const afterName = k >= 0 && taken.has(k) && /^[ \t]*\([ \t]*["\u201c]$/.test(w.gap);
    if (quoted && free(i) && (tells ? w.cap : mayBeName(w)) && (!stop(w) || afterName) && w.text.length >= 2) {
      // Calls pt "Bud", known as "sonny", friends call him "Mac".
      const after =
        k >= 0 &&
        (taken.has(k) ||
          /^(friend|son|daughter|wife|husband|brother|sister|mother|father|prefers|aka|nickname|for|called|calls|named|me|by|name|pt|patient|granddaughter|grandson|girlfriend|boyfriend|partner|niece|nephew|aunt|uncle|cousin|fiance|fiancee)$/.test(
            words[k].lower,
          ) ||
          (/^(pt|patient|him|her)$/.test(words[k].lower) && /^(call|calls|called|calling)$/.test(words[k - 1]?.lower ?? '')) ||
          (words[k].lower === 'as' && /^(known|goes|go|referred)$/.test(words[k - 1]?.lower ?? '')));
      if (after && /^[ \t]*\(?["\u201c'][ \t]*$/.test(w.gap)) {
        add(i, i, 0.75, 'a name in quotes');
        // Cornelius "Neil" Shea: after a name and its nickname, the surname (capitalised where case tells, else listed).
        const sur = words[i + 1];
        if (k >= 0 && taken.has(k) && sur && /^["\u201d'][ \t]+$/.test(sur.gap) && free(i + 1) && !stop(sur) && (tells ? sur.cap && !sur.allCaps : isName(sur)))
          add(i + 1, i + 1, 0.75, 'a surname after a nickname in quotes');
      }
    }
  }
  return out;
}
