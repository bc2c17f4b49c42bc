/**
 * detectPhi(text): the note's protected health information by rules and lists alone, no
 * model: shapes (patterns.ts, addresses.ts, ids.ts, ages.ts, socialHistory.ts, initials.ts, handovers.ts, whereabouts.ts, brands.ts;
 * where someone lives, eats or drinks, was recorded, was identified, studies or works: residences.ts, eateries.ts,
 * recordSources.ts, identifiedAs.ts, affiliations.ts, saints.ts), then context and lists (context.ts), the other names a found
 * name is given beside it (aliases.ts), the rest of each found name beside it (nameEdges.ts), the street a home or a found place is on and a square by its name (sideStreets.ts), its initials elsewhere (nameInitials.ts), then the words found with context again where the
 * note repeats them (propagate.ts). Spans that
 * overlap are merged into one, keeping the type of the surest; offsets are the note's own.
 * The rules read the note with its soft line breaks (a paragraph wrapped at a width) as spaces.
 */
import { addressSpans } from './addresses';
import { affiliationSpans } from './affiliations';
import { agesAfterNames, ageSpans } from './ages';
import { whereaboutSpans } from './whereabouts';
import { brandSpans } from './brands';
import { serviceSpans } from './services';
import { careProviderSpans } from './careProviders';
import { fellowshipSpans } from './fellowships';
import { carrierSpans } from './carriers';
import { aliasSpans, saidNameSpans } from './aliases';
import { idSpans } from './ids';
import { identifiedSpans } from './identifiedAs';
import { contextSpans } from './context';
import { eaterySpans } from './eateries';
import { fieldSpans } from './fields';
import { patternSpans } from './patterns';
import { procedurePlaceSpans } from './procedurePlaces';
import { propagatedSpans } from './propagate';
import { recordSourceSpans } from './recordSources';
import { residenceSpans } from './residences';
import { saintSpans } from './saints';
import { handoverSpans } from './handovers';
import { proxySpans } from './proxies';
import { funeralSpans } from './funerals';
import { initialSpans } from './initials';
import { kindInBracketsSpans } from './kindInBrackets';
import { nameEdgeSpans } from './nameEdges';
import { nameInitialSpans } from './nameInitials';
import { newbornSpans } from './newborns';
import { sideStreetSpans, squareSpans } from './sideStreets';
import { socialHistorySpans } from './socialHistory';
import { agedNameSpans } from './patientNames';
import { atSignPlaceSpans } from './atSign';
import { terseNameSpans } from './terseNames';
import { terseNumberSpans } from './terseNumbers';
import { PhiSpan } from './types';
import { caseTells, wordsOf } from './words';
import { repeatedWardSpans, wardBeforeKindSpans, wardSpans, weighedWardSpans } from './wards';
import { unwrapped } from './wraps';

export function detectPhi(note: string): PhiSpan[] {
  // The rules read the note with its soft line breaks as spaces (wraps.ts): the same offsets.
  const text = unwrapped(note);
  const words = wordsOf(text);
  const tells = caseTells(text);
  const spans = [
    ...patternSpans(text),
    ...addressSpans(text),
    ...idSpans(text),
    ...ageSpans(text),
    ...socialHistorySpans(text),
    ...initialSpans(text),
    ...handoverSpans(text, tells),
    ...proxySpans(text, tells),
    ...funeralSpans(text, words),
    ...wardSpans(text),
    ...wardBeforeKindSpans(text, words, tells),
    ...kindInBracketsSpans(text),
    ...procedurePlaceSpans(text, tells),
    ...residenceSpans(text, tells),
    ...eaterySpans(text, tells),
    ...recordSourceSpans(text, tells),
    ...identifiedSpans(text, tells),
    ...affiliationSpans(text, tells),
    ...saintSpans(text),
    ...whereaboutSpans(text),
    ...brandSpans(text),
    ...serviceSpans(text),
    ...careProviderSpans(text),
    ...fellowshipSpans(text),
    ...carrierSpans(text),
    ...saidNameSpans(text),
    ...newbornSpans(text, tells),
    ...contextSpans(text, words),
    ...squareSpans(words, tells),
    ...agedNameSpans(text, words, tells),
    ...atSignPlaceSpans(words, tells),
    ...terseNameSpans(text, tells),
    ...terseNumberSpans(text),
    ...fieldSpans(text, words, tells, new Set()),
  ];
  const aliased = [...spans, ...aliasSpans(text, words, spans, tells)];
  const edged = [...aliased, ...nameEdgeSpans(words, aliased, tells)];
  const streeted = [...edged, ...sideStreetSpans(words, edged, tells)];
  const named = [...streeted, ...nameInitialSpans(text, words, streeted)];
  const weighed = [...named, ...weighedWardSpans(text, words, named, tells)];
  const first = [...weighed, ...agesAfterNames(text, named), ...repeatedWardSpans(text, weighed)];
  const found = [...first, ...propagatedSpans(text, first, words)].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: PhiSpan[] = [];
  for (const f of found) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) {
      if (f.end > last.end) last.end = f.end;
      if (f.confidence > last.confidence) Object.assign(last, { type: f.type, confidence: f.confidence, why: f.why });
      last.text = note.slice(last.start, last.end);
      continue;
    }
    out.push({ ...f, text: note.slice(f.start, f.end) });
  }
  return out;
}
