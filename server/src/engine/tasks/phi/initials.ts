/**
 * Initials that stand for a person: the patient's in brackets beside the name they abbreviate
 * ("Mr. Brown (WB)", "MRS. WOODS (M.W.)") or after the patient's word ("pt (mw)", "woman
 * (E.M.L.)", "pt RJM mrn 4471902"), and the writer's at the very end of the note ("-JD",
 * "--MLW", a last line "KMB", "... to monitor. jm", "--M.Winter,RN", "J. LANE, R.N."), and a
 * full name's initials in brackets after it ("Dorothy Ferris (DF)"); initials after re or labeled
 * ("re: E.H."), and a writer's after a time or on a dashed line ("1200 (dk):", "--- dk"); an
 * initial and a surname after per ("AS PER B. KARGAS"), initials after the word ("initials
 * G.A."), a writer's after the name and credential they abbreviate ("Pete Sciarra, RN, ps"), the
 * dictating writer's and the typist's after a credential at a line's end ("MD RO/JT").
 * Invariants: bracketed initials beside a name end with the surname's first letter; none is a
 * function or clinical word ("(DNR)", "-ok"), unless both words of the name they abbreviate are
 * names the lists hold ("Dennis Pelletier (DP)", not "Dorsalis Pedis (DP)"); a sign-off is read
 * on the note's last line only; a pair of initials alone on a line, only on the last.
 */
import { FUNCTION_WORDS, isStopWord } from './clinicalWords';
import { isCommonName, isEnglish, isName } from './lists';
import { PhiSpan } from './types';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

const plainLetters = (s: string) => s.replace(/[.\s]/g, '').toLowerCase();
/** The initials end with the surname's first letter, or a double surname's second part's ("Marsh-Whitley (EMW)"). */
const surnameLast = (letters: string, surname: string) =>
  [surname, surname.split('-').pop() ?? ''].some((p) => p[0]?.toLowerCase() === letters[letters.length - 1]);
/** Credentials and roles that end a sign-off after the name ("-Joan M. CM"): no one's initials. */
const CREDENTIALS = /^(?:rn|md|np|pa|do|cm|sw|rd|pt|ot|rt|msw|rrt|lpn|cna|bsn|slp|pct)$/;
/** Both words are names the lists hold and no words of the language ("Dennis Pelletier (DP)", not "Dorsalis Pedis (DP)"). */
const namesOnly = (a: string, b: string) =>
  [a, b].every((w) => isName(w.toLowerCase()) || isCommonName(w.toLowerCase())) && [a, b].some((w) => !isEnglish(w.toLowerCase()));
const noWord = (s: string) => !isStopWord(plainLetters(s)) && !CREDENTIALS.test(plainLetters(s));

export function initialSpans(text: string): Found[] {
  const out: Found[] = [];
  const add = (start: number, end: number, why: string) => out.push({ start, end, type: 'name', confidence: 0.75, why });
  const each = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    for (const m of allMatches(re, text)) fn(m);
  };
  const inner = (m: RegExpExecArray, group: string) => m.index + m[0].lastIndexOf(group);

  // (Initials in brackets after a name: looked for only in a note that has two or three letters in brackets at all.)
  const bracketed = /\((?:\p{L}\.?[ \t]?){2,4}\)/u.test(text);
  const eachBracketed = (re: RegExp, fn: (m: RegExpExecArray) => void) => bracketed && each(re, fn);
  // Mr. Brown (WB), MR. STREET (J.S.): initials whose last letter is the surname's first.
  // (And after the patient's word: "PT LAROCHE (R.L.)", where the surname is marked too.)
  // ("mr. pellegrino (j.p.)": in small letters too.)
  eachBracketed(
    /\b(Mr|Mrs|Ms|Miss|MR|MRS|MS|MISS|mr|mrs|ms|Pt|PT|pt|Patient|PATIENT|patient)\.?[ \t]+(\p{L}[\p{L}'-]+)[ \t]*\(((?:\p{L}\.?[ \t]?){2,4})\)/gu,
    (m) => {
      const letters = plainLetters(m[3]);
      // ("ms o'brien (so)", "mr diforio (pd)": after a title, two or three letters that spell a word too.)
      const titled = /^m/i.test(m[1]) && letters.length <= 3;
      if (!surnameLast(letters, m[2]) || !(titled || noWord(m[3]))) return;
      const at = inner(m, m[3]);
      add(at, at + m[3].trimEnd().replace(/\.$/, '').length, 'initials in brackets beside the name');
      if (/^p/i.test(m[1]) && noWord(m[2])) {
        const name = m.index + m[0].indexOf(m[2], m[1].length);
        add(name, name + m[2].length, 'a surname before its initials in brackets');
      }
    },
  );
  // "Pt Dorothy Ferris (DF)", "lucille broussard (l.b.)": initials in brackets that are the first letters of the name before them.
  eachBracketed(/\b(\p{L}[\p{L}'-]+)[ \t]+(\p{L}[\p{L}'-]+)[ \t]*\(((?:\p{L}\.?[ \t]?){2,4})\)/gu, (m) => {
    const letters = plainLetters(m[3]);
    // ("per Anand (PA)": a function word before the name is none of its letters.)
    if (
      FUNCTION_WORDS.has(m[1].toLowerCase()) ||
      letters[0] !== m[1][0].toLowerCase() ||
      !surnameLast(letters, m[2]) ||
      !(noWord(m[3]) || namesOnly(m[1], m[2]))
    )
      return;
    const at = inner(m, m[3]);
    add(at, at + m[3].trimEnd().replace(/\.$/, '').length, 'initials in brackets beside the name');
  });
  // "Costa, Manuel (M.C.)", "Vasquez, Rafael A. (RAV)": initials in brackets after a surname, its comma, the given name
  // and a middle initial; with full stops they are initials though the letters spell a clinical word ("Chhim, Sokha (S.C.)").
  eachBracketed(/\b(\p{L}[\p{L}'-]+),[ \t]+(\p{L}[\p{L}'-]+)(?:[ \t]+(\p{L})\.?)?[ \t]*\(((?:\p{L}\.?[ \t]?){2,3})\)/gu, (m) => {
    const letters = plainLetters(m[4]);
    const middle = m[3] ? letters.length === 3 && letters[1] === m[3].toLowerCase() : true;
    const dotted = /^(?:\p{L}\.[ \t]?){2,3}$/u.test(m[4].trim());
    if (letters[0] !== m[2][0].toLowerCase() || letters[letters.length - 1] !== m[1][0].toLowerCase() || !middle) return;
    if (!(noWord(m[4]) || namesOnly(m[1], m[2]) || dotted)) return;
    const at = inner(m, m[4]);
    add(at, at + m[4].trimEnd().replace(/\.$/, '').length, 'initials in brackets after a surname and a given name');
  });
  // "CXR DONE-AS PER B. KARGAS", "per J. Molloy": an initial and a surname after per (whose word a plan follows).
  each(/\b(?:per|Per|PER)[ \t]+(\p{Lu}\.[ \t]?\p{Lu}[\p{L}']+)/gu, (m) => {
    const surname = m[1].replace(/^\p{Lu}\.[ \t]?/u, '');
    if (surname.length < 3 || !noWord(surname)) return;
    const at = inner(m, m[1]);
    add(at, at + m[1].length, 'an initial and a surname after per');
  });
  // "Gerald Ashby (initials G.A. on the census)", "INITIALS ON MAR: RG": initials after the word itself, never a function word ("ON").
  each(/\b(?:initials|INITIALS)(?:[ \t]+(?:on|in|ON|IN)[ \t]+\p{L}+)?[ \t]*:?[ \t]+((?:\p{Lu}\.){2,3}|\p{Lu}{2,3}\b)/gu, (m) => {
    if (FUNCTION_WORDS.has(plainLetters(m[1]))) return;
    const at = inner(m, m[1]);
    add(at, at + m[1].replace(/\.$/, '').length, 'initials after the word initials');
  });
  // "Pete Sciarra, RN, ps.": a writer's initials after the name and credential they abbreviate.
  // (Looked for only in a note with a credential, a comma and two or three letters: the pattern tries every pair of words.)
  const credentialled = /(?:RN|R\.N\.|MD|M\.D\.|NP|PA|LPN|rn|md|np),[ \t]+\p{L}{2,3}\b/u.test(text);
  if (credentialled)
    each(/\b(\p{L}[\p{L}'-]+)[ \t]+(\p{L}[\p{L}'-]+),?[ \t]+(?:RN|R\.N\.|MD|M\.D\.|NP|PA|LPN|rn|md|np),[ \t]+(\p{Ll}{2,3}|\p{Lu}{2,3})\b/gu, (m) => {
      const letters = plainLetters(m[3]);
      if (letters[0] !== m[1][0].toLowerCase() || letters[letters.length - 1] !== m[2][0].toLowerCase()) return;
      const at = inner(m, m[3]);
      add(at, at + m[3].length, "the writer's initials after the name and credential");
    });
  // "OUELLETTE, MD RO/JT", "Jonathan Ames, M.D. / ja:dkw": the dictating writer's and the typist's initials
  // after a credential at a line's end, or alone on the note's last line.
  each(/(?:\b(?:M\.?D|D\.?O|N\.?P|P\.?A(?:-C)?|R\.?N)\.?[ \t]*\/?|(\n))[ \t]*([A-Za-z]{2,4})[ \t]*[/:][ \t]*([A-Za-z]{2,4})[ \t]*(?=\n|$)/g, (m) => {
    // (Alone on a line only at the note's end; "PS/PA" or "and/or" are words.)
    if (m[1] !== undefined && !/^\s*$/.test(text.slice(m.index + m[0].length))) return;
    if (!noWord(m[2]) || !noWord(m[3])) return;
    const end = m.index + m[0].replace(/[ \t]*$/, '').length;
    const second = end - m[3].length;
    const firstAt = text.lastIndexOf(m[2], second - 1);
    add(firstAt, firstAt + m[2].length, "a dictating writer's initials");
    add(second, end, "a typist's initials");
  });
  // "pt (mw) is a 41 yo f", "a ninety-three year old woman (E.M.L.)": initials after the patient's word.
  // ("PT IS A 45 YO M (J.G.)": after an age's sex letter too.)
  each(/\b(?:pt|patient|woman|man|lady|gentleman|female|male|(?:yo|y\/o|y\.o\.)[ \t]*[mf])[ \t]*\(((?:[A-Za-z]\.?){2,3})\)/gi, (m) => {
    if (!noWord(m[1])) return;
    const at = inner(m, m[1]);
    add(at, at + m[1].replace(/\.$/, '').length, "the patient's initials in brackets");
  });
  // "Pt RT is a 71 yo", "PT WM, 81 YO M", "pt TC, s/p AAA repair": two or three letters between the patient's word
  // and an age name the patient, even where they spell a credential or a clinical word (which no age follows);
  // before s/p only letters that spell no word ("pt npo, s/p egd").
  each(/\b(?:pt|patient)[ \t]+([A-Za-z]{2,3})(?:[ \t]*,[ \t]*|[ \t]+is[ \t]+(?:an?[ \t]+)?)(\d{1,3}[ \t]*-?[ \t]*(?:yo\b|y\.o\.|y\/o|year)|s\/p\b)/gi, (m) => {
    if (FUNCTION_WORDS.has(m[1].toLowerCase())) return;
    if (/^s/i.test(m[2]) && (!noWord(m[1]) || isEnglish(m[1].toLowerCase()))) return;
    const at = inner(m, m[1]);
    add(at, at + m[1].length, "the patient's initials before an age");
  });
  // "cm p. allard", "CASE MGR T. RUSSO", "sw: k. obi": an initial and a surname after a clinician's role.
  each(
    /\b(?:cm|rt|pa|np|sw|rn|mgr|manager|coordinator|chaplain|interpreter|sitter|attending|resident|fellow|intern|pcp)[ \t]*[:,]?[ \t]+([A-Za-z])\.[ \t]*([A-Za-z][A-Za-z'-]{2,})\b/gi,
    (m) => {
      if (isStopWord(m[2].toLowerCase()) || /^[ai]$/i.test(m[1])) return;
      const at = m.index + m[0].lastIndexOf(`${m[1]}.`);
      add(at, m.index + m[0].length, 'an initial and a surname after a role');
    },
  );
  // "MD JK to call micro", "md j.k. (night float) notified", "D/W DR. T. WHO AGREES": a doctor's initials after the role or the
  // title, before what a doctor does or a bracket (no word, credential or clinical abbreviation: "md aware", "dr. b. smith" is a name's).
  each(
    /\b(?:md|dr\.?|doctor|fellow|res|resident|intern|attending|attg)[ \t]+((?:[A-Za-z]\.){1,3}|[A-Za-z]{2,3})(?=[ \t]+(?:to[ \t]+call|notified|aware|called|paged|updated|who|at[ \t]+(?:bedside|bs))\b|[ \t]*\()/gi,
    (m) => {
      const letters = m[1].replace(/\./g, '');
      if (!m[1].includes('.') && (!noWord(m[1]) || isStopWord(letters.toLowerCase()))) return;
      if (m[1].includes('.') && letters.length === 1 && !/^dr/i.test(m[0])) return;
      const at = inner(m, m[1]);
      add(at, at + m[1].replace(/\.$/, '').length, "a doctor's initials after the role");
    },
  );
  // "7p-7a J.M. is 55M adm 1/5", "R.T. is a 71 yo", "visited pt d.c., 67 yo m": initials with their full stops before "is"
  // or a comma and an age.
  each(
    /(?<![\p{L}.])((?:\p{L}\.){2,3})(?:[ \t]+is[ \t]+(?:an?[ \t]+)?|,[ \t]*)\d{1,3}[ \t]*-?[ \t]*(?:yo\b|y\.o\.|y\/o|years?\b|[mf]\b)/giu,
    (m) =>
      // (Before a comma only letters that spell no word or credential.)
      (/[ \t]is[ \t]/i.test(m[0]) || noWord(m[1])) && add(m.index, m.index + m[1].length - 1, "the patient's initials before an age"),
  );
  // "pt RJM mrn 4471902": the patient's initials before the record number.
  each(/\b(?:pt|patient)[ \t]+([A-Z]{2,3})[ \t]*,?[ \t]+(?:mrn|mr#|mr #|unit #|#)/gi, (m) => {
    if (!noWord(m[1])) return;
    const at = inner(m, m[1]);
    add(at, at + m[1].length, "the patient's initials before the record number");
  });

  // "CSRU NPN 0700-1900 re: E.H.", "blood bank called re G.P. crossmatch", "belongings labeled J.R.":
  // initials with full stops after re or labeled (whom the note or the call is about).
  // ("re: s.k." in a note of lower case too; "re: a.m. labs" is a time.)
  each(/\b(?:re|Re|RE|labeled|labelled|LABELED)[ \t]*:?[ \t]+((?:\p{Lu}\.){2,3}|(?:\p{Ll}\.){2,3})(?![\p{L}\d])/gu, (m) => {
    if (!noWord(m[1]) || /^(?:a\.m\.|p\.m\.|e\.g\.|i\.e\.)$/i.test(m[1])) return;
    const at = inner(m, m[1]);
    add(at, at + m[1].length - 1, 'initials after re or labeled');
  });
  // "1200 (dk): vent AC", "1830 addendum (RMc):": the writer's initials in brackets after a time, before a colon.
  each(/(?:^|\n)[ \t]*\d{4}[ \t]+(?:addendum[ \t]+|note[ \t]+)?\(([a-z]{2,3}|\p{Lu}\p{L}{1,2})\)[ \t]*:?/gu, (m) => {
    if (!noWord(m[1])) return;
    const at = inner(m, m[1]);
    add(at, at + m[1].length, "the writer's initials after a time");
  });
  // "--- dk" on a line of its own in the middle of a note: one writer's part ends.
  each(/(?:^|\n)[ \t]*-{2,3}[ \t]*([a-z]{2,3}|[A-Z]{2,3})[ \t]*(?=\n)/g, (m) => {
    if (!noWord(m[1])) return;
    const at = inner(m, m[1]);
    add(at, at + m[1].length, "initials ending a writer's part");
  });

  // The writer at the end: "-JD", "--MLW", "... near home. -sh", a last line "KMB" or "mb".
  const body = text.trimEnd();
  const dashed = /(?:^|[\s.])-{1,2}[ \t]*([A-Za-z]{2,3})$/.exec(body);
  const alone = /\n[ \t]*([A-Za-z]{2,3})$/.exec(body);
  // "... will cont to monitor. jm", "... FULL CODE AT THIS TIME. JGB": after the last sentence, on its line.
  const trailing = /[.!][ \t]+([a-z]{2,3}|[A-Z]{2,3})$/.exec(body);
  // ("... back home w/ dtr + home pt. -mr", "... \"for church\". -ct": after the last sentence a dash and two or three
  // letters sign the note though a title or a clinical word is spelt so; no credential, no word of the language.)
  const afterSentence = /[.!?"'\u201d)][ \t]+-{1,2}[ \t]*([A-Za-z]{2,3})$/.exec(body);
  const lower = afterSentence?.[1].toLowerCase() ?? '';
  const signedAfterSentence = !!afterSentence && !CREDENTIALS.test(lower) && !isEnglish(lower) && !/^(?:ok|am|pm)$/.test(lower);
  // ("... WILL THINK OVER. -A.M. RN": initials with their stops before a credential, after a dash.)
  const dottedSigned = /(?:^|\s)-{1,2}[ \t]*((?:[A-Z]\.[ \t]?){1,2}[A-Z]\.)[ \t]*,?[ \t]*(?:RN|R\.N\.|LPN|SN|NP)[ \t]*$/.exec(body);
  // ("... NE SINAI). -MB/JK": two writers' initials joined by a slash after a dash, ending the note.)
  // (Read from the note's last 40 characters: an expression ending at the note's end is tried at every place of what it is given.)
  const tailAt = Math.max(0, body.length - 40);
  const tail = body.slice(tailAt);
  const cosigned = /(?:^|[\s.])-{1,2}[ \t]*([A-Za-z]{2,3})\/([A-Za-z]{2,3})$/.exec(tail);
  // (The shape says initials, though a pair of letters is a clinical abbreviation too: only no credential.)
  if (cosigned && ![cosigned[1], cosigned[2]].some((i) => CREDENTIALS.test(i.toLowerCase())))
    for (const initials of [cosigned[1], cosigned[2]]) {
      const at = tailAt + cosigned.index + cosigned[0].lastIndexOf(initials);
      add(at, at + initials.length, 'initials signing the note after a dash');
    }
  // ('... like bridgeview". -a. ngata', "... stable. -J. Okafor": an initial and a surname after a dash, ending the note.)
  const initialled = /(?:[.!?"'\u201d)][ \t]+|\n[ \t]*)-{1,2}[ \t]*([A-Za-z]\.[ \t]?[A-Za-z][A-Za-z'-]{1,20})$/.exec(tail);
  if (initialled && !CREDENTIALS.test(initialled[1].slice(-2).toLowerCase())) {
    const at = tailAt + initialled.index + initialled[0].lastIndexOf(initialled[1]);
    add(at, at + initialled[1].length, 'an initial and a surname signing the note after a dash');
  }
  for (const m of [afterSentence, dottedSigned]) {
    if (!m || (m === afterSentence && !signedAfterSentence)) continue;
    const at = m.index + m[0].lastIndexOf(m[1]);
    add(at, at + m[1].length, 'initials signing the note after a dash');
  }
  for (const m of [dashed, alone, trailing]) {
    if (!m || !noWord(m[1])) continue;
    // (A word of two or three letters alone is a sign-off in capitals or small letters, not Capitalised: "Ok", "Dad".)
    if (m === alone && !/^(?:[A-Z]+|[a-z]+)$/.test(m[1])) continue;
    // (A last sentence's last word in capitals is a sign-off only where the note is not in capitals: "PT IS STABLE. JGB" is, "BP OK. HR" is not.)
    if (m === trailing && /^[A-Z]+$/.test(m[1]) && !/[a-z]/.test(body.slice(-200)) && !/^[A-Z]{3}$/.test(m[1])) continue;
    const at = m.index + m[0].length - m[1].length;
    add(at, at + m[1].length, 'initials signing the note');
    break;
  }
  // "--M.Winter,RN", "J. LANE, R.N.": an initial and a surname before RN on the last line.
  const last = body.slice(body.lastIndexOf('\n') + 1);
  const signed = /^[ \t]*-{0,2}[ \t]*([A-Z]\.[ \t]?[A-Za-z][A-Za-z'-]+)[ \t]*,?[ \t]*(?:RN|R\.N\.|rn)[ \t]*$/.exec(last);
  // (The surname may be a word too: "--M.Winter,RN".)
  if (signed) {
    const at = body.length - last.length + signed[0].indexOf(signed[1]);
    add(at, at + signed[1].length, 'an initial and a surname signing the note');
  }
  return out;
}
