/**
 * A hospital or a home named as the source of records: "per Hebrew Rehab records", "PER
 * CARNEY RECORDS FROM NOV 2002", "baseline per sherrill house records". The words between
 * "per" and "records" name where the patient was before, in a note of any case.
 *
 * Invariants: one to three words between "per" and "record(s)", one space or tab between
 * each, on the line; none a function or clinical word or a word that says whose or which
 * records without naming a place ("per old records", "per OSH records", "per nh records",
 * "per family's records"); where case tells, the first word capitalised.
 */
import { allMatches } from '../../text/matches';
import { isStopWord } from './clinicalWords';
import { PhiSpan } from './types';

type Found = Omit<PhiSpan, 'text'>;

/** "per", one to three words, "records" (opening at "per": tried only where the note's words begin so). */
const PER_RECORDS = /\bper[ \t]+([A-Za-z][A-Za-z'&.-]*(?:[ \t]+[A-Za-z][A-Za-z'&.-]*){0,2})[ \t]+records?\b/gi;
/** Words that say whose or which records without naming a place. */
const UNNAMED =
  /^(?:old|osh|nh|snf|rehab|ltc|hcp|pcp|family|family's|pt|pt's|patient|patient's|his|her|their|prior|previous|outside|ems|ed|er|clinic|hospital|nursing|home|office|medical|available|transfer|referring|all|the|a|an|these|those|my|our|paper|electronic|computer|online|va|vna|dental|school|court|police|state|chart|lab|labs|al|alf|code|arrest|ambulance|run|trip|dialysis|cath|rn|md|nursing|vaccination|immunization)$/i;

export function recordSourceSpans(text: string, tells: boolean): Found[] {
  const out: Found[] = [];
  for (const m of allMatches(PER_RECORDS, text)) {
    const words = m[1].split(/[ \t]+/);
    if (words.some((w) => UNNAMED.test(w) || isStopWord(w.toLowerCase().replace(/'s$/, '')))) continue;
    if (tells && !/^[A-Z]/.test(words[0])) continue;
    const start = m.index! + m[0].indexOf(m[1], 3);
    out.push({ start, end: start + m[1].length, type: 'location', confidence: 0.7, why: 'where records came from, after per' });
  }
  return out;
}
