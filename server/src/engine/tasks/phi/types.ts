/**
 * A span of protected health information found in a note: plain data with exact offsets
 * (UTF-16 code units of the note's own string, end exclusive), so that a front end can
 * mask, replace or underline it without reading the note again.
 */

/** The HIPAA Safe Harbor identifiers the rules look for. */
export type PhiType = 'name' | 'date' | 'age' | 'location' | 'address' | 'phone' | 'email' | 'url' | 'id';

export const PHI_TYPES: readonly PhiType[] = ['name', 'date', 'age', 'location', 'address', 'phone', 'email', 'url', 'id'];

export interface PhiSpan {
  start: number;
  end: number;
  type: PhiType;
  /** The note's text at [start, end). */
  text: string;
  /** How sure the rule is: 0.9 and above for a pattern or strong context, lower for a list alone. */
  confidence: number;
  /** Which rule found it, in words ("after Dr.", "date m/d", "in the name list"). */
  why: string;
}
