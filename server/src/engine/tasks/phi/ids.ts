/**
 * Record numbers and other IDs (Safe Harbor's numbers): after MRN, MR#, SSN, an account's, a
 * claim's or a docket's word; a social security number, whole, masked or its last digits; a
 * code after a number sign; an alias; a long number. A bed's, a room's or a unit's number, a
 * phone's shape and a setting's short groups are none.
 */
import type { PhiSpan } from './types';
import { FUNCTION_WORDS } from './clinicalWords';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

export function idSpans(text: string): Found[] {
  const out: Found[] = [];
  const add = (start: number, end: number, confidence: number, why: string) => out.push({ start, end, type: 'id', confidence, why });
  const each = (re: RegExp, f: (m: RegExpExecArray) => void) => {
    for (const m of allMatches(re, text)) f(m);
  };

  // Record numbers and other IDs: after MRN, MR#, SSN, account, ...; a social security number; a long number.
  each(
    /\b(?:mrn|mr\s*#|mr(?=\s+(?:\d{3}-\d{4}|\d{6,9})\b)|mr\.?\s*no\.?|med(?:ical)?\s*rec(?:ord)?(?:\s*(?:number|no\.?|#))?|unit\s*(?:no\.?|number|#)|acct|account|ssn|social security(?:\s*number)?|id|patient id|pt id|(?:pt|patient)\s*#|record|hospital\s*(?:number|no\.?|#)|member id|policy|license|lic|dea|npi|serial|device|band|armband|wristband|accession|acc|job|batch|claim|case|inmate|medicare|medicaid|insurance|subscriber|specimen|requisition|encounter|fin|csn|(?:report|reference|ref|confirmation|order)\s*(?:no\.?|number|#))(?:\s*(?:no\.?|number|#))?\s*[:#]*\s*#?\s*((?:[A-Z]{1,5}-?)?\d[\dA-Z-]{3,}|[A-Z]{1,5}-[A-Z]{0,2}\d[\dA-Z-]{2,})\b/gi,
    (m) => {
      // An ID has four digits or more: "case 2 of 3", "job 12" are none.
      if ((m[1].match(/\d/g) ?? []).length < 4) return;
      const start = m.index + m[0].length - m[1].length;
      add(start, start + m[1].length, 0.9, 'number after MRN, ID or account');
    },
  );
  // "KEVIN   MR 880194": a record number after MR alone, five digits or more (mitral regurgitation takes a grade, "MR 2+").
  each(/\bMR[ \t]*:?[ \t]*(\d{5,})(?![\d.])/gi, (m) => {
    const start = m.index + m[0].length - m[1].length;
    add(start, start + m[1].length, 0.85, 'a record number after MR');
  });
  // "SSN on face sheet ends 4417", "last 4 of SS# 2210", "SSN (last 4) 4821", "SSN last 4 on face sheet: 2210": the last digits of a social security number.
  each(
    /\b(?:ssn|ss#|social security(?:\s+(?:number|no\.?|#))?)\b[^.;\n]{0,24}?\b(?:ends|ending|last\s+(?:4|four)(?:\s+digits)?)(?:\s+(?:in|with|is))?(?:[ \t]+(?:on|from|per|in)[ \t]+[a-z]+(?:[ \t]+[a-z]+)?)?\s*\)?\s*[:#=]?\s*(\d{4})\b/gi,
    (m) => {
      const at = m.index + m[0].length - 4;
      add(at, at + 4, 0.85, 'the last digits of a social security number');
    },
  );
  // "UNOS # 418-KQ-2290", "claim # C-22 418 097": after a number sign, a code of letters and digits in groups.
  each(/#[ \t]*((?=[A-Z0-9 -]*[A-Z])[A-Z0-9]+(?:[ -][A-Z0-9]+){1,3})\b/g, (m) => {
    if ((m[1].match(/\d/g) ?? []).length < 5 || /^\d+[A-Z]?$/.test(m[1])) return;
    // ("EXAM #1 AT 2200 BY DR X": a count, then words; no group of a code is a function word.)
    if (m[1].split(/[ -]/).some((g) => FUNCTION_WORDS.has(g.toLowerCase()))) return;
    const at = m.index + m[0].length - m[1].length;
    add(at, at + m[1].length, 0.7, 'a code after a number sign');
  });
  // "Hx # 2081-4476", "MA # 7720-115", "MR 003-88-41", "UNOS # DFB2290": a record's code after its word and a number sign
  // (or MR), six digits or more in groups, or letters run into digits; no phone's shape.
  // (Found from the sign or MR, the word before looked at after: a search from every word's start costs the whole note.)
  // ("BWH #: 0741-2268", "MR: BM-00418826": a form's label, its colon after the sign.)
  each(/(#|\bMRN?\b)[ \t]*:?[ \t]*((?:[A-Z]{1,4}[ -]?)?\d{1,7}(?:-\d{1,7})+|[A-Z]{1,4}-?\d{4,})(?![\d-]|\.\d)/g, (m) => {
    const code = m[2];
    const word = m[1] === '#' ? /\b([A-Za-z]{2,5})[ \t]*$/.exec(text.slice(Math.max(0, m.index - 8), m.index)) : null;
    if (m[1] === '#' && !word) return;
    // (A room's, a bed's or a unit's number is no record: "RM # B1234".)
    if (word && /^(?:rm|room|bed|unit|apt|pod|ext)$/i.test(word[1])) return;
    if ((code.match(/\d/g) ?? []).length < (/^[A-Z]/.test(code) ? 4 : 6) || /^(?:\d{3}-)?\d{3}-\d{4}$/.test(code)) return;
    const at = m.index + m[0].length - code.length;
    add(at, at + code.length, 0.75, "a record's code after its number sign");
  });
  // "Admitted as T01-3345", "ALIAS ZULU-4417": a trauma alias or a name kept back, letters and digits.
  each(/\b(?:admitted\s+as|registered\s+as|alias|aka)[ \t]+([A-Z][A-Z0-9]*-?\d{2,}[A-Z0-9-]*)\b/gi, (m) => {
    const at = m.index + m[0].length - m[1].length;
    add(at, at + m[1].length, 0.75, 'an alias of letters and digits');
  });
  // ("Medicare A 431-50-2288-A": with a letter after it too.)
  each(/(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d]|-\d)(?:-[A-Z]\b)?/g, (m) => add(m.index, m.index + m[0].length, 0.95, 'social security number'));
  // "SSN xxx-xx-5518": a social security number's last four with the rest masked.
  each(/\b[xX*#]{3}-[xX*#]{2}-(\d{4})\b/g, (m) => add(m.index + m[0].length - 4, m.index + m[0].length, 0.9, "a masked social security number's last four"));
  // NV-S16-0412, QX-2210-5581: a code of capitals and digits in dashed groups, six digits or more.
  // (Only where a digit, a hyphen and two more stand so in the note: a quick look first.)
  if (/\d-[A-Z0-9]{2}/.test(text))
    each(/\b[A-Z]{1,4}-[A-Z]{0,2}\d{2,}(?:-[A-Z0-9]{2,})+\b/g, (m) => {
      // Six digits or more, four in one group: settings ("AC-20-50-400") have short groups.
      if ((m[0].match(/\d/g) ?? []).length >= 6 && /\d{4}/.test(m[0])) add(m.index, m.index + m[0].length, 0.6, 'a code of dashed groups');
    });
  each(/(?<![\d.,/-])\d{7,}(?![\d.,/]\d|\d)/g, (m) => add(m.index, m.index + m[0].length, 0.6, 'a number of 7 digits or more'));
  // "guardianship docket SU03P2218GD", "claim # WC-448812", "serial no. PJN601244S": a code of letters and digits after its word.
  each(/\b(?:docket|claim|policy|serial|accession|ref|reference)[ \t]*(?:#|no\.?|number|num)?[ \t]*:?[ \t]*([A-Z0-9][A-Z0-9-]{5,19})\b/gi, (m) => {
    if ((m[1].match(/\d/g) ?? []).length < 3) return;
    const at = m.index + m[0].length - m[1].length;
    add(at, at + m[1].length, 0.75, 'a code after its word');
  });

  return out;
}
