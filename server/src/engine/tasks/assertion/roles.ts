/**
 * Roles that a stretch of a sentence gives the mentions in it, beside the triggers:
 *
 * - A section label inside the sentence: "SOCIAL HISTORY: chews tobacco daily; denies IV drug
 *   use." Everything after a label whose name has a role (terms.json sections) has that role,
 *   up to the next label, across semicolons: a list under a label is one section. Labels are
 *   read where a sentence starts (the text's start, or after a full stop before a capital).
 * - The background clause of a presentation: "A 70-year-old man with GOUT who presents with a
 *   swollen knee." Between the opener's "with" and a presentation followed by a new complaint,
 *   the conditions are history. A duration or a word of the present ("a 3-day history of",
 *   "new", "since this morning") ends the background before its list item: that is the
 *   complaint.
 */
import { AssertionCue, AssertionStatus } from '../../types';
import { Match, Tok } from './scope';
import { ALL_CATEGORIES, bit, CompiledTerms, SectionRole } from './terms';

/** Tokens [from, to) whose mentions have `status`, with the cue that says why. */
export interface Stretch {
  from: number;
  to: number;
  status: AssertionStatus;
  cue: AssertionCue;
}

export const SECTION_STATUS: Record<SectionRole, AssertionStatus | undefined> = { historical: 'historical', family: 'family', asWritten: undefined };

const SMALL_WORDS = new Set(['and', 'of', 'the', 'or']);

/** "family history" -> "Family History", "pmh" -> "PMH": how a hover names a section. */
export function sectionTitle(name: string): string {
  return name.replace(/[\p{L}]+/gu, (w) => (SMALL_WORDS.has(w) ? w : w.length <= 4 && !/[aeiouy]/.test(w) ? w.toUpperCase() : w[0].toUpperCase() + w.slice(1)));
}

/** The most tokens of a label before its colon ("past medical / surgical history" is five). */
const LABEL_TOKENS = 6;
/** A label the rules do not know ("HEENT:", "PROCEDURE:") has at most this many words; it still ends a known one. */
const OTHER_LABEL_WORDS = 4;

/** Section labels inside the sentence, as stretches of their role. */
export function labelStretches(sentence: string, toks: readonly Tok[], terms: CompiledTerms): Stretch[] {
  const labels: { at: number; body: number; role?: SectionRole; title: string }[] = [];
  for (let p = 0; p < toks.length; p++) {
    if (p > 0 && !(toks[p - 1].stop && toks[p - 1].norm !== ';')) continue;
    let colon = -1;
    for (let k = p; k < toks.length && k < p + LABEL_TOKENS; k++) {
      if (toks[k].norm === ':') {
        colon = k;
        break;
      }
    }
    if (colon <= p) continue;
    const words = toks.slice(p, colon);
    const role = terms.sectionWords.get(words.map((t) => t.norm).join(' '));
    if (role === undefined && (words.length > OTHER_LABEL_WORDS || !words.every((t) => t.word))) continue;
    const title = sectionTitle(
      sentence
        .slice(toks[p].start, toks[colon - 1].end)
        .toLowerCase()
        .replace(/\s+/g, ' '),
    );
    labels.push({ at: p, body: colon + 1, role, title });
  }
  const out: Stretch[] = [];
  labels.forEach((l, i) => {
    const status = l.role && SECTION_STATUS[l.role];
    if (status)
      out.push({ from: l.body, to: sectionEnd(toks, l.body, labels[i + 1]?.at ?? toks.length, terms), status, cue: { by: 'section', text: l.title } });
  });
  return out;
}

/**
 * Where a labelled section ends before the next label: at a full stop followed by a clause
 * ("ALLERGIES: NKDA. The patient presents with..."), not by a list item ("PMH: Asthma. Gout.").
 * A clause holds a word that ends a list (terms.json listEnds: "has", "was", "patient").
 */
function sectionEnd(toks: readonly Tok[], from: number, to: number, terms: CompiledTerms): number {
  let stop = -1;
  for (let k = from; k < to; k++) {
    if (toks[k].stop && toks[k].norm !== ';') stop = k;
    else if (stop >= 0 && toks[k].word && terms.listEnds.get(toks[k].norm) === ALL_CATEGORIES) return stop;
  }
  return to;
}

/** Words a list item ends at, going back from a word of the present to find where its item starts. */
const ITEM_STARTS = new Set([',', ';', 'and', 'or', 'who', 'which', 'that']);
/** A relative pronoun joins the presentation to the background ("with gout who is admitted"); it cuts nothing. */
const RELATIVES = new Set(['who', 'which', 'that']);
/** How far the opener's "with" and the complaint after a presentation may be. */
const NEAR = 8;
/** The most tokens of a background clause (a bound that keeps marking linear). */
const CLAUSE = 60;

function isWith(toks: readonly Tok[], i: number): boolean {
  return toks[i].norm === 'with' || (toks[i].norm === 'w' && toks[i + 1]?.norm === '/');
}

/** Whether one of `terms` (token forms) starts at token i. */
function startsAt(toks: readonly Tok[], i: number, terms: readonly (readonly string[])[]): boolean {
  return terms.some((words) => words.every((w, k) => toks[i + k]?.norm === w));
}

/** The background clause of a presentation, as a historical stretch (or none). */
export function backgroundStretches(sentence: string, toks: readonly Tok[], matches: readonly Match[], terms: CompiledTerms): Stretch[] {
  const out: Stretch[] = [];
  const historical = bit('historical');
  for (let o = 0; o < matches.length; o++) {
    if (!matches[o].node.opener) continue;
    let w = -1;
    for (let j = matches[o].end; j < toks.length && j < matches[o].end + NEAR && !toks[j].stop; j++) {
      if (isWith(toks, j)) {
        w = j;
        break;
      }
    }
    if (w < 0) continue;
    // The first presentation after "with" in the same sentence (within reach), and the first word of the present before it.
    let end = w + 1;
    while (end < toks.length && end < w + CLAUSE && !toks[end].stop) end++;
    let present: Match | undefined;
    let cut: Match | undefined;
    for (let q = o + 1; q < matches.length && !present && matches[q].first < end; q++) {
      const m = matches[q];
      if (m.first <= w) continue;
      if (m.node.presents) present = m;
      else if (!cut && m.node.terminates & historical && !(m.end - m.first === 1 && RELATIVES.has(toks[m.first].norm))) cut = m;
    }
    if (!present) continue;
    let complaint = false;
    for (let j = present.end; j < toks.length && j < present.end + NEAR && !toks[j].stop && !complaint; j++) complaint = startsAt(toks, j, terms.complaints);
    if (!complaint) continue;
    let to = cut ? cut.first : present.first;
    if (cut) while (to > w + 1 && !ITEM_STARTS.has(toks[to - 1].norm)) to--;
    const text = sentence.slice(toks[present.first].start, toks[present.end - 1].end);
    if (to > w + 1) out.push({ from: w + 1, to, status: 'historical', cue: { by: 'trigger', text } });
    // One background per presentation: a later opener starts after this one.
    while (o + 1 < matches.length && matches[o + 1].first < present.end) o++;
  }
  return out;
}
