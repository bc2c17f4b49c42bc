/**
 * Numbers terse notes write with no other shape to tell what they are: a pager's number after
 * its word and up to three words ("PAGER DR. NGUYEN 2218", "pager for fellow 3391"), and a date
 * of six digits, month, day and year, after a note's heading word, a birth's or an admission's
 * ("NPN 030403 7a-7p", "dob 070311", "adm 030495").
 *
 * Invariants: the pager's number is four or five digits, no digit, slash, colon or dash glued
 * after, no decimal; the date's month is 1 to 12 and its day 1 to 31, and the six digits stand
 * alone ("lab note 123456" names none: no valid month).
 */
import { PhiSpan } from './types';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

const PAGER = /\b(?:pager|beeper|pgr)[ \t]+(?:[A-Za-z.'-]+[ \t]+){1,3}(\d{4,5})\b(?![\d/:-]|\.\d)/gi;
const SIX_DIGIT_DATE = /\b(?:npn|note|nsg|dob|adm)[ \t:]*(\d\d)(\d\d)\d\d\b(?![\d/:-]|\.\d)/gi;

export function terseNumberSpans(text: string): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(PAGER, text))
    out.push({ start: m.index + m[0].length - m[1].length, end: m.index + m[0].length, type: 'phone', confidence: 0.8, why: "a pager's number" });
  for (const m of allMatches(SIX_DIGIT_DATE, text)) {
    const [month, day] = [+m[1], +m[2]];
    if (month < 1 || month > 12 || day < 1 || day > 31) continue;
    out.push({ start: m.index + m[0].length - 6, end: m.index + m[0].length, type: 'date', confidence: 0.7, why: 'a date of six digits' });
  }
  return out;
}
