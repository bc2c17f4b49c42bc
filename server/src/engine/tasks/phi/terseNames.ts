/**
 * Names that terse notes drop in after a dash or a comma with no other word of context: a
 * consultant after the service's word and a dash ("renal- adeyemi saw pt", "(renal- hsu)"), or a
 * colon after a consulting service that is no body system's heading ("ORTHO: BELL - S.W."); a
 * relative's name after who they are and what they did ("dtr here till 0100, patty, lives in
 * weymouth", "wife called x2 - joan, she is", "dtr here, priya, works at").
 *
 * Invariants: the name is one word, no function or clinical word, capitalised where case tells,
 * and then a mark or a word of what a consultant or a relative does follows it. A consultant's
 * name is a listed name or a word no list holds of five letters or more with no drug's ending
 * ("id- vanc", "renal: foley", "neuro- intact" name none); a relative's is a listed name, or a
 * word no list holds of four letters or more. After a colon only the services that head no
 * system of a note (ortho, surgery, EP, anesthesia ...; never "renal:", "neuro:", "gi:").
 */
import { isStopWord, isUnknownWord } from './clinicalWords';
import { isCommonName, isName } from './lists';
import { CONSULTS, unlistedName } from './nameMarkWords';
import { nearEnglish } from './spelling';
import { PhiSpan } from './types';
import { allMatches } from '../../text/matches';
import { CLOSE_KIN } from './contextWords';

type Found = Omit<PhiSpan, 'text'>;

/** Consulting services that head no system of a note, after which a colon may name the consultant. */
const COLON_CONSULTS = /^(?:ortho|surg|nsurg|nsgy|neurosurg|ctsurg|cts|ir|plastics|vasc|uro|ent|derm|onc|rheum|aps|anesthesia|anesth|ep)$/;
/** The services a dash may name a consultant after (those of nameMarkWords and the systems'), each spelt out so the pattern is tried only at them. */
const DASH_SERVICES = [...CONSULTS, 'renal', 'neuro', 'psych', 'pulm', 'cards', 'gi', 'id', 'heme'];
/** The services whose words head a system of a note too ("ID- AFEBRILE", "GI- soft"). */
const SYSTEMS = /^(?:renal|neuro|psych|pulm|cards|gi|id|heme|endo)$/;
const CONSULT_NAME = new RegExp(
  `\\b(${[...new Set(DASH_SERVICES)].join('|')})[ \\t]*(-|:)[ \\t]*([a-z][a-z'-]{1,30})(?=[ \\t]*[),.;]|[ \\t]+(?:saw|sees|seen|to|aware|following|rec|recs|recommends|called|notified|said|says|ok)\\b|[ \\t]+-[ \\t]|[ \\t]*$)`,
  'gim',
);
const KIN_NAME = new RegExp(
  `\\b(?:${CLOSE_KIN.join('|')})[ \\t]+(?:here|called|visited|in)(?:[ \\t]+x[ \\t]*\\d)?(?:[ \\t]+(?:till|until|til)[ \\t]+\\d{3,4})?[ \\t]*[,-][ \\t]*([a-z][a-z'-]{2,30})(?=[ \\t]*[,.;)]|[ \\t]+(?:lives|works|stayed|is|she|he)\\b)`,
  'gi',
);

export function terseNameSpans(text: string, tells: boolean): Found[] {
  const out: Found[] = [];
  const cased = (s: string) => !tells || /^[A-Z][a-z]/.test(s);
  // (The pattern is tried only where a service's word begins: no look of its own before it.)
  for (const m of allMatches(CONSULT_NAME, text)) {
    const service = m[1].toLowerCase();
    if (m[2] === ':' && !COLON_CONSULTS.test(service)) continue;
    // (The lists are asked of the lower-case word itself.)
    const w = m[3].toLowerCase();
    // (After a system's heading, "ID- AFBRILE.", a listed name only, before a bracket's end or what a consultant does: a finding is no one's.)
    const system = SYSTEMS.test(service);
    const end = m.index + m[0].length;
    if (system && /^[ \t]*[.,;]/.test(text.slice(end, end + 3))) continue;
    if (isStopWord(w) || !cased(m[3]) || !((isName(w) && !(system && nearEnglish(w))) || (!system && unlistedName(w)))) continue;
    const start = m.index + m[0].length - m[3].length;
    out.push({ start, end: start + m[3].length, type: 'name', confidence: 0.7, why: `a consultant after ${service}${m[2]}` });
  }
  for (const m of allMatches(KIN_NAME, text)) {
    const w = m[1].toLowerCase();
    if (isStopWord(w) || !cased(m[1]) || !(isName(w) || isCommonName(w) || (isUnknownWord(w) && m[1].length >= 4))) continue;
    const start = m.index + m[0].length - m[1].length;
    out.push({ start, end: start + m[1].length, type: 'name', confidence: 0.7, why: "a relative's name after what they did" });
  }
  return out;
}
