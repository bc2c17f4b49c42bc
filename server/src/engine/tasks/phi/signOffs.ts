/**
 * Sign-offs ending a note: a short last line of names or initials ("J. Ames RN BSN", "DJ RD"),
 * a name alone after the last full stop ("... 1400U/HR. SUSAN"), and a sentence of its own
 * ending the note, a name and an initial or a credential ("... d/c home 11/24. nancy b. rn",
 * "mk rn cm", "kb pt", "... tomorrow. jk").
 *
 * Invariants: only the note's last line or last sentence is read; credentials after the name
 * are no part of it; two or three letters alone are initials only after a sentence's end with
 * nothing after them, and never a clinical word ("... BP OK. HR", "ck", "icd") but alone on the
 * last line, after a line that ends a sentence ("... TO EXTUBATE.\nDM").
 */
import { CLINICAL_WORDS, FUNCTION_WORDS, isUnknownWord, mayBeName } from './clinicalWords';
import { isCommonName, isEnglish, isName } from './lists';
import { initial, Word } from './words';

const set = (s: string) => new Set(s.trim().split(/\s+/));

/** Credentials and roles after a name ("X RN", "X, MD", "l. park pgy1"). */
export const ROLES_AFTER = set('rn md np pa rrt cns lpn cna resident fellow attending intern pharmd msw lcsw licsw dds pgy');
/** What follows a name on a sign-off's line besides a role: more credentials, a pager's word. */
const SIGN_OFF_TAIL = /^(?:bsn|ccrn|sn|rnc|msn|aprn|crnp|licsw|rd|ldn|pt|dpt|ot|otr|slp|crt|pgr|pager|beeper|ext)$/;

export interface SignOffContext {
  text: string;
  words: Word[];
  tells: boolean;
  taken: Set<number>;
  /** How sure a word is a name, with this much context (context.ts). */
  nameish: (w: Word | undefined, context: 'role' | 'near') => boolean;
  isStop: (w: Word) => boolean;
  add: (from: number, to: number, type: 'name', confidence: number, why: string) => void;
}

export function signOffSpans({ text, words, tells, taken, nameish, isStop, add }: SignOffContext): void {
  // Sign-off: a short last line of names or initials.
  // (trimEnd takes what \s takes: white space and line breaks.)
  const trimmed = text.trimEnd();
  const lastLine = trimmed.slice(trimmed.lastIndexOf('\n') + 1);
  const lineStart = trimmed.length - lastLine.length;
  const tail = words.filter((w) => w.start >= lineStart);
  // "J. Ames RN BSN", "Ames, RN, CCRN": the credentials after a sign-off's name are no part of it.
  // ("A. Ames, PT, DPT  pgr 3-4471", "DJ RD": a therapist's or a dietitian's credentials, the pager after them.)
  const signed = tail.length;
  while (tail.length > 1 && (ROLES_AFTER.has(tail[tail.length - 1].lower) || SIGN_OFF_TAIL.test(tail[tail.length - 1].lower))) tail.pop();
  // ("DJ RD": initials run together, before a credential.)
  const runTogether = (w: Word) => tail.length < signed && /^[A-Z]{2,3}$/.test(w.text) && !CLINICAL_WORDS.has(w.lower);
  const tailFrom = words.findIndex((w) => w.start >= lineStart);
  if (
    tailFrom >= 0 &&
    tail.length >= 1 &&
    tail.length <= 3 &&
    tail.every((w) => initial(w) || runTogether(w) || (nameish(w, 'role') && mayBeName(w))) &&
    tail.some((w) => !initial(w))
  )
    add(tailFrom, tailFrom + tail.length - 1, 'name', 0.7, 'sign-off');
  // A name at the very end after a full stop (a sign-off on the last line): "... 1400U/HR. SUSAN"
  const lastWord = words[words.length - 1];
  // Nothing but space after the note's last word.
  const nothingAfter = !!lastWord && text.slice(lastWord.end).trim() === '';
  if (
    lastWord &&
    !taken.has(words.length - 1) &&
    /[.!-]\s*$/.test(lastWord.gap) &&
    nothingAfter &&
    // (In a note of one case a name that is also a word signs it too: "... UPDATED. DEB", "- hope".)
    (nameish(lastWord, 'near') || (!tells && !isStop(lastWord) && lastWord.text.length >= 3)) &&
    (isName(lastWord) || isCommonName(lastWord))
  )
    add(words.length - 1, words.length - 1, 'name', 0.6, 'sign-off');

  // "... d/c home 11/24. nancy b. rn", "NPO AFTER MN. DONNA F", "floor tomorrow. peg rn": a sentence
  // of its own ending the note, a name and an initial or a credential (after one, a name that is a word too).
  let end = words.length;
  // ("mk rn cm", "kb pt": up to two credentials, a therapist's or a case manager's too.)
  const credential = (w: Word) => ROLES_AFTER.has(w.lower) || SIGN_OFF_TAIL.test(w.lower) || w.lower === 'cm';
  while (
    end > 0 &&
    credential(words[end - 1]) &&
    end > words.length - 3 &&
    (end === words.length || ROLES_AFTER.has(words[end - 1].lower) || end > words.length - 2)
  )
    end--;
  const credentialled = end < words.length;
  let from = end;
  while (from > 0 && end - from < 3 && !taken.has(from - 1) && !FUNCTION_WORDS.has(words[from - 1].lower)) {
    from--;
    if (/[.!?;:]\s|\n/.test(words[from].gap) || from === 0) break;
  }
  // ("Plan: Wean neo.\nPT, RN": credentials alone on their line, after a sentence's end, sign no words before them.)
  const own = from < end && (from === 0 || /[.!?;:]\s|\n/.test(words[from].gap)) && !(credentialled && /[.!?;:][ \t]*\n\s*$/.test(words[end].gap));
  const closing = words.slice(from, end);
  // ("... WEAN TO EXTUBATE.\nDM", "... in am.\nhb": two or three letters of one case alone on the last line, after a
  // sentence's end, sign the note though a clinical word is spelt so ("TF, RN" too); a word of the language ("ok", "yes")
  // does not, nor three letters before a credential, "NPO RN".)
  const lastLineAlone =
    closing.length === 1 &&
    (credentialled ? /^(?:[a-z]{2}|[A-Z]{2})$/ : /^(?:[a-z]{2,3}|[A-Z]{2,3})$/).test(closing[0].text) &&
    /[.!?][ \t]*\n\s*$/.test(closing[0].gap) &&
    nothingAfter &&
    !isEnglish(closing[0]);
  // ("... 802-555-0108. -CAROL K.", "--PAM R.": after a dash, a first name that is a word too, with an initial, signs.)
  const dashed = closing.length > 0 && /(?:^|[\s.])-{1,2}[ \t]*$/.test(closing[0].gap);
  const signs = (w: Word) =>
    initial(w)
      ? !/^[ai]$/i.test(w.text) || closing.length > 1
      : isName(w) ||
        (isUnknownWord(w) && w.text.length >= 3) ||
        (isCommonName(w) && (credentialled || (closing.some(initial) && !isStop(w) && (!isEnglish(w) || dashed)))) ||
        // ("... tomorrow. jk", "kb pt": two or three letters run together, alone, are the writer's initials, where they
        // are no clinical word: "... BP OK. HR" is no one's.)
        (closing.length === 1 &&
          /^[a-z]{2,3}$/i.test(w.text) &&
          (!tells || credentialled) &&
          // ("... if stable. PH RN", "cp rn": two letters before a credential are initials though a clinical word is spelt so.)
          (!isStop(w) || (credentialled && w.text.length === 2 && !FUNCTION_WORDS.has(w.lower))) &&
          !isEnglish(w) &&
          // (After a sentence's end, nothing after: "teaching re: icd." is a device's name.)
          /[.!?]\s+$|\n\s*$/.test(w.gap) &&
          nothingAfter);
  if (
    own &&
    text
      .slice(words[words.length - 1].end)
      .trim()
      .replace(/^\./, '') === '' &&
    (lastLineAlone || closing.every(signs)) &&
    closing.some((w) => !initial(w)) &&
    (credentialled ||
      lastLineAlone ||
      closing.some(initial) ||
      (closing.length === 1 && closing[0].text.length <= 3 && !isStop(closing[0]) && /[.!?]\s+$|\n\s*$/.test(closing[0].gap) && nothingAfter))
  )
    add(from, end - 1, 'name', 0.7, 'a sign-off ending the note');
}
