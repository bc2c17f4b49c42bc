/**
 * A range of years ("a teacher there 1961-1994", "lived in Sarasota 1990-1995", "from 1952 to
 * 1990", "1958 through 1992", "1943 TO 1970"): both years, where one of them is no time of day
 * (a shift's "1900-2300" is) or, written with digits and a dash, a word of the past comes before.
 * A range runs forward: "1995-1990" is none.
 */
import { allMatches } from '../../text/matches';
import { PhiSpan } from './types';

type Found = Omit<PhiSpan, 'text'>;

const RANGE = /(?<![\d.:/,-])(19\d\d|20[0-3]\d)[ \t]*(?:[-\u2013]|to|until|till|through|thru)[ \t]*(19\d\d|20[0-3]\d)(?![\d.:]\d|\d)/gi;
/** A year that cannot be a time of day (no minute past 59, no hour past 23). */
const noTime = (y: string) => +y.slice(2) >= 60 || +y.slice(0, 2) >= 24;

export function yearRangeSpans(text: string): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(RANGE, text)) {
    const [a, b] = [m[1], m[2]];
    if (+b <= +a) continue;
    // ("from 1930 to 1945" in words is a time of day's range as often: there one must be no time.)
    const inWords = /[a-z]/i.test(m[0]);
    const past = /\b(?:in|from|between|during|lived|worked|served|taught|married)\b[^.\n]{0,40}$/i.test(text.slice(Math.max(0, m.index - 50), m.index));
    if (!noTime(a) && !noTime(b) && (inWords || !past)) continue;
    const second = m.index + m[0].length - 4;
    out.push({ start: m.index, end: m.index + 4, type: 'date', confidence: 0.75, why: 'a range of years' });
    out.push({ start: second, end: second + 4, type: 'date', confidence: 0.75, why: 'a range of years' });
  }
  return out;
}
