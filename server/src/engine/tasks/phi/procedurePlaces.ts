/**
 * Where a past procedure was done: a hospital after its date and "at" ("mi 1996 at suburban",
 * "AICD PLACED OCT 2000 AT MCV", "s/p AVR '01 at GWU", "ptca to rca 8-30-95 at franklin sq"). A
 * procedure's or an event's word before the date, in the same sentence, says the place is where
 * it was done; the name runs to the first word of the language ("at Suburban cardiac rehab": no
 * "cardiac"), and a time or a stop word names none ("MI 1996 at home", "cabg 1995 at age 60").
 *
 * And where a patient was sent for one: one or two words after "to" or "then" right before "for"
 * and a procedure ("sent to concord for cath", "THEN KENT FOR CATH", "to Lahey for CABG"); no
 * clinical or function word, no ward or destination ("to cath lab for", "then home for",
 * "to OR for"), capitalised where case tells.
 */
import { allMatches } from '../../text/matches';
import { isStopWord } from './clinicalWords';
import { DESTINATIONS, NOT_PLACE } from './places';
import { PhiSpan } from './types';

type Found = Omit<PhiSpan, 'text'>;

const MONTH = '(?:jan|feb|mar|apr|may|jun|jul|aug|sept?|oct|nov|dec)[a-z]*\\.?';
/** A date or a year. */
const DATE = `(?:\\b(?:19|20)\\d\\d|'\\d\\d|\\b\\d{1,2}[/-]\\d{1,2}(?:[/-]\\d{2,4})?|\\b${MONTH}(?:[ \\t]+'?\\d{2,4})?)`;
/** "at" and up to three words after a date (opening at "at": tried only where the note's words begin so). */
const AT_AFTER_DATE = new RegExp(`(?<=${DATE}[ \\t]+)\\bat[ \\t]+([A-Za-z][A-Za-z'&.-]*(?:[ \\t]+[A-Za-z][A-Za-z'&.-]*){0,2})`, 'gi');
/** The date before "at", to find where it starts. */
const DATE_BEFORE_AT = new RegExp(`${DATE}[ \\t]+$`, 'i');
/** A procedure's or an event's word before the date. */
const PROCEDURE_BEFORE =
  /\b(?:cabg|ptca|pci|stents?|stented|cath|cathed|avr|mvr|tvr|aicd|icd|ppm|pacer|pacemaker|mi|nstemi|stemi|surgery|bypass|angioplasty|valve|placed|repair|ablation|dx'?d|diagnosed|s\/p)\b[^.;\n]{0,40}$/i;
/** Words that go on a hospital's name though the lists hold them as words. */
const NAME_WORDS = /^(?:university|general|memorial|regional|community|medical|center|hospital|sq|square|county|st|saint|mt)\.?$/i;

/** Where something was done without naming a place. */
const UNNAMED = /^(?:work|home|school|church|rest|bedside|night|noon|midnight|baseline|age|time|least|first|last|that|this)$/;

/** "for" and a procedure a patient is sent to another hospital for (opening at "for": tried only where the note's words begin so). */
const FOR_PROCEDURE =
  /\bfor[ \t]+(?:an?[ \t]+)?(?:cath|cardiac[ \t]+cath|cabg|ptca|pci|angioplasty|angio|stent|surgery|ercp|ep[ \t]+study|ablation|eval|evaluation|transplant|lvad|ecmo|hyperbarics?)\b/gi;
/** One or two words after "to" or "then" before it. */
const SENT_TO = /\b(?:to|then)[ \t]+([A-Za-z][A-Za-z'&-]*(?:[ \t]+[A-Za-z][A-Za-z'&-]*)?)[ \t]+$/i;

export function procedurePlaceSpans(text: string, tells: boolean): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(FOR_PROCEDURE, text)) {
    const sent = SENT_TO.exec(text.slice(Math.max(0, m.index - 40), m.index));
    if (!sent) continue;
    const named = sent[1].split(/[ \t]+/);
    const bad = (w: string) => stop(w) || DESTINATIONS.has(w.toLowerCase()) || (tells && !/^[A-Z]/.test(w));
    if (named.some(bad)) continue;
    // (The words end where the spaces before "for" begin.)
    const end = m.index - (sent[0].length - sent[0].trimEnd().length);
    out.push({ start: end - sent[1].length, end, type: 'location', confidence: 0.7, why: 'where a patient was sent for a procedure' });
  }
  if (!/[ \t]at[ \t]/i.test(text)) return out;
  for (const m of allMatches(AT_AFTER_DATE, text)) {
    // (The procedure's word within 40 characters before the date: "peg was placed ... secured at 21/2 at level" is too far.)
    const before = text.slice(Math.max(0, m.index - 80), m.index);
    const date = DATE_BEFORE_AT.exec(before);
    if (!date || !PROCEDURE_BEFORE.test(before.slice(0, date.index))) continue;
    const named = m[1].split(/[ \t]+/);
    let n = 0;
    while (n < named.length && (NAME_WORDS.test(named[n]) || !stop(named[n]))) n++;
    // (The first word names it: no stop word, no time of day, not "home" or "age".)
    if (n === 0 || (stop(named[0]) && !NAME_WORDS.test(named[0]))) continue;
    const start = m.index + m[0].length - m[1].length;
    // (A sentence's full stop or a quote after the last word is no part of the name: "at Brigham.")
    const end =
      start +
      named
        .slice(0, n)
        .join(' ')
        .replace(/[.']+$/, '').length;
    // (The words were split on spaces and tabs: the span is read back from the text, so only a single space between counts.)
    if (!named.slice(0, n).join(' ').startsWith(text.slice(start, end))) continue;
    out.push({ start, end, type: 'location', confidence: 0.75, why: 'where a past procedure was done' });
  }
  return out;
}

function stop(word: string): boolean {
  const w = word.toLowerCase().replace(/[.']+$/, '');
  // ("placed 2/11 at OSH", "10/12/02 at work": an outside hospital, a workplace unnamed.)
  return isStopWord(w) || NOT_PLACE.has(w) || UNNAMED.test(w);
}
