/**
 * Places a note names from a list written in this project (brands, services, care providers,
 * fellowships, carriers): every match of each global expression is a location span, with the
 * confidence and the reason the list gives. The lists own their expressions (compiled once, at
 * load); this module only reads them.
 */
import type { PhiSpan } from './types';
import { allMatches } from '../../text/matches';

type Found = Omit<PhiSpan, 'text'>;

/** Every match of each of `patterns` (global expressions), a place. */
export function placesMatching(text: string, patterns: readonly RegExp[], confidence: number, why: string): Found[] {
  const out: Found[] = [];
  for (const re of patterns) for (const m of allMatches(re, text)) out.push({ start: m.index, end: m.index + m[0].length, type: 'location', confidence, why });
  return out;
}
