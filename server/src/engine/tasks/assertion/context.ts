/**
 * ConText (Harkema, Dowling, Thornblade, Chapman, J Biomed Inform 2009): a mention's
 * assertion status from trigger terms around it in its sentence and from its section.
 *
 * - A trigger has a category (negated, possible, historical, hypothetical, family) and a
 *   direction: forward triggers reach the words after them, backward ones the words before,
 *   bidirectional ones both; scope.ts says how far.
 * - The nearest trigger of a category is the status's cue. A negation trigger inside the
 *   mention's own words does not negate it: "NO ACUTE DISTRESS", "abdomen soft WITHOUT
 *   GUARDING" are findings whose name holds the word.
 * - Some conditions carry a status by what they are (terms.json conditions): substance use and
 *   allergies are historical, a standing fact of the record ("denies IV DRUG USE").
 * - Section context (roles.ts): under Past Medical History, Social History or Allergies an
 *   entity is historical, under Family History another person's; a section label inside the
 *   sentence ("SOCIAL HISTORY: ...") counts the same; the background clause of a presentation
 *   ("a 70-year-old man with GOUT who presents with ...") is history.
 * - Treatments and tests the note says are not given ("WARFARIN was held", "declined the FLU
 *   VACCINE", "METFORMIN is not indicated") are negated by triggers that reach those types only
 *   (terms.json `treatments`): the problem beside them is the reason, and stays affirmed.
 * - Findings answered as in a form (answers.ts): "Fever: No", "Edema: (-)" are negated; in a
 *   negated list, "cough present" is not.
 * - Negation wins over possible (the NegEx/ConText test sets have one negation value).
 *
 * Rules, not the model: cheap, deterministic, the same in every profile, and linear in the
 * sentence length. Mentions keep their offsets; only status fields are added.
 */
import { ASSERTION_STATUSES, AssertionCue, AssertionDetail, AssertionStatus, Mention } from '../../types';
import { affirmedItem, fieldAnswers } from './answers';
import { backgroundStretches, labelStretches, SECTION_STATUS, sectionTitle, Stretch } from './roles';
import { matchTerms, Tok, tokens, Trigger, triggersOf } from './scope';
import { CompiledTerms, defaultTerms } from './terms';
import { sectionOfSegment } from '../../text/sections';

export { sectionTitle } from './roles';
export type { Trigger } from './scope';

/** The types of what is given or done: a `treatments` trigger ("was held", "declined") reaches these only. */
const GIVEN_TYPES: ReadonlySet<string> = new Set(['treatment', 'test', 'chemical']);

export type AssertionSource = 'rules' | 'rules+model';
export const ASSERTION_SOURCES: readonly AssertionSource[] = ['rules', 'rules+model'];

/** The assertion part of a document's analysis configuration (config.ts builds it from the settings). */
export interface AssertionOptions {
  /** false: no statuses at all (biomedNlp.assertion.enabled). */
  enabled: boolean;
  /** The default terms merged with biomedNlp.assertion.extraTermsFile. */
  terms: CompiledTerms;
  /** rules+model: statuses the rules mark stand only where the model's answer (Mention.modelStatuses) confirms them. */
  source: AssertionSource;
  /** Why the extra terms file is not used, for the user to see (hover). */
  termsError?: string;
}

/** What marking a sentence needs beyond its text. */
export interface AssertionContext extends Partial<AssertionOptions> {
  /** The sentence's section (Segment.section: lower case, no colon). */
  section?: string;
  /**
   * The ConText test-set convention (biomed eval assertion): a condition in a family history
   * (its section, or a trigger that names it: "family history of") is also historical.
   */
  familyHistoryIsHistorical?: boolean;
}

/** Sentence triggers with their scopes, in sentence order, one entry per category a term triggers. */
export function findTriggers(sentence: string, terms: CompiledTerms = defaultTerms()): Trigger[] {
  const toks = tokens(sentence);
  return triggersOf(sentence, toks, matchTerms(toks, terms.root), terms);
}

/** Token index range [first, last] a mention covers, or undefined when it covers no token. */
function coverage(toks: readonly Tok[], m: Mention): [number, number] | undefined {
  let first = -1;
  let last = -1;
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].end <= m.start) continue;
    if (toks[i].start >= m.end) break;
    if (first < 0) first = i;
    last = i;
  }
  return first < 0 ? undefined : [first, last];
}

/** The statuses a condition carries by what it is: its longest last words that are a conditions term. */
function conditionCues(
  sentence: string,
  toks: readonly Tok[],
  first: number,
  last: number,
  terms: CompiledTerms,
): Partial<Record<AssertionStatus, AssertionCue>> {
  const cues: Partial<Record<AssertionStatus, AssertionCue>> = {};
  let key = '';
  let found = 0;
  let from = last;
  for (let k = last; k >= first && k > last - terms.conditionWords; k--) {
    key = key ? `${toks[k].norm} ${key}` : toks[k].norm;
    const mask = terms.conditions.get(key);
    if (mask) [found, from] = [mask, k];
  }
  const text = sentence.slice(toks[from].start, toks[last].end);
  ASSERTION_STATUSES.forEach((s, c) => {
    if (found & (1 << c)) cues[s] = { by: 'trigger', text };
  });
  return cues;
}

/**
 * The mentions (sentence offsets) with their assertion statuses: `negated`, `possible`
 * (and its alias `uncertain`), `historical`, `hypothetical`, `family`, and `assertion`, the
 * cue behind each. Offsets, types and texts are never changed; new objects are returned.
 */
export function markAssertions(sentence: string, mentions: readonly Mention[], context: AssertionContext = {}): Mention[] {
  if (mentions.length === 0) return [];
  if (context.enabled === false) return mentions.map(({ modelStatuses: _, ...m }) => m);
  const terms = context.terms ?? defaultTerms();
  const toks = tokens(sentence);
  const matches = matchTerms(toks, terms.root);
  const fields = fieldAnswers(sentence, toks);
  // A trigger that is a field's answer ("Fever: No", "Pain: denies") negates its label only, through the field's stretch.
  const triggers = triggersOf(sentence, toks, matches, terms).filter((t) => !fields.answers.has(t.last));
  const stretches: Stretch[] = [...labelStretches(sentence, toks, terms), ...backgroundStretches(sentence, toks, matches, terms), ...fields.stretches];
  const section = context.section
    ?.trim()
    .replace(/(?:\s*:)+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();
  // By its name, else by the canonical section it names ("Past Medical Hx", "Fam Hx", "Significant Past Medical History").
  const sectionRole = section ? (terms.sections.get(section) ?? terms.sections.get(sectionOfSegment(section) ?? '')) : undefined;
  const sectionStatus = sectionRole && SECTION_STATUS[sectionRole];
  const askModel = context.source === 'rules+model';
  return mentions.map(({ modelStatuses, ...m }) => {
    let cues: Partial<Record<AssertionStatus, AssertionCue>> = {};
    const distance: Partial<Record<AssertionStatus, number>> = {};
    /** A family trigger that names the family history section ("family history of"), covering the mention. */
    let familyHistory: AssertionCue | undefined;
    const span = coverage(toks, m);
    if (span) {
      const [first, last] = span;
      for (const t of triggers) {
        // "held", "declined", "not indicated" withhold a treatment or a test, never a problem (the reason beside it).
        if (t.treatments && !GIVEN_TYPES.has(m.type)) continue;
        let d: number | undefined;
        if (t.first <= last && first <= t.last) {
          // The trigger is part of the mention: it names it, and a negation in a finding's name ("no acute distress") negates nothing.
          if (t.category === 'negated' && first <= t.first && t.last <= last) continue;
          // A mention that is no more than who else it names ("SICK CONTACTS") is nobody else's condition.
          if (t.category === 'family' && t.first <= first && last <= t.last) continue;
          d = 0;
        } else if (t.last < first && first < t.to) {
          // "No fever, cough present": a later item of the list that a word of presence follows is there.
          if (t.category === 'negated' && affirmedItem(toks, t.last, first, last)) continue;
          d = first - t.last;
        } else if (last < t.first && last >= t.from) d = t.first - last;
        if (d === undefined) continue;
        if (t.category === 'family' && t.names === 'family') familyHistory ??= { by: 'trigger', text: t.text };
        if (d < (distance[t.category] ?? Infinity)) {
          distance[t.category] = d;
          cues[t.category] = { by: 'trigger', text: t.text };
        }
      }
      // A trigger is the nearer cue; what the condition is, then the stretch it stands in, then the section.
      cues = { ...conditionCues(sentence, toks, first, last, terms), ...cues };
      for (const st of stretches) if (st.from <= first && last < st.to) cues[st.status] ??= st.cue;
    }
    if (cues.negated) delete cues.possible;
    if (sectionStatus && !cues[sectionStatus]) cues[sectionStatus] = { by: 'section', text: sectionTitle(context.section!.trim()) };
    if (context.familyHistoryIsHistorical && cues.family && !cues.historical) {
      if (cues.family.by === 'section') cues.historical = cues.family;
      else if (familyHistory) cues.historical = familyHistory;
    }
    let overruled: Partial<Record<AssertionStatus, AssertionCue>> | undefined;
    if (askModel && modelStatuses) {
      for (const s of ASSERTION_STATUSES) {
        if (cues[s] && !modelStatuses.includes(s)) {
          (overruled ??= {})[s] = cues[s];
          delete cues[s];
        }
      }
    }
    const out: Mention = {
      ...m,
      negated: !!cues.negated,
      possible: !!cues.possible,
      uncertain: !!cues.possible,
      historical: !!cues.historical,
      hypothetical: !!cues.hypothetical,
      family: !!cues.family,
    };
    const set = Object.keys(cues).length > 0;
    if (set || overruled || (askModel && modelStatuses)) {
      const detail: AssertionDetail = { triggers: cues, source: overruled ? 'model' : 'rules' };
      if (askModel && modelStatuses) {
        if (overruled) detail.overruled = overruled;
        else detail.confirmed = true;
      }
      out.assertion = detail;
    } else delete out.assertion;
    return out;
  });
}
