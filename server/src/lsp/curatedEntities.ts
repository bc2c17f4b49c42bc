/**
 * The entities a note's structure shows (the Outline, the breadcrumbs, the side panel): the
 * model's, or where curation is on, as curated (a rejected suggestion gone, a retyped one
 * with its curated type, an added one present) with the suggestions not yet reviewed. The
 * same list the semantic tokens and the hover show (Curation.mentions), in document order.
 */
import type { NoteAnalysis, Mention } from '../engine';
import type { Curation } from './curation';

export function shownEntities(curation: Curation, uri: string, analysis: NoteAnalysis | undefined): Mention[] | undefined {
  const curated = curation.mentions(uri);
  if (!curated) return analysis?.entities();
  // The model's `related` mark (a relation names it) stays on a curated entity of the same span.
  const related = new Set((analysis?.entities() ?? []).filter((m) => m.related).map((m) => `${m.start}:${m.end}`));
  return curated
    .map(({ suggested: _s, curated: _c, ...m }) => (related.has(`${m.start}:${m.end}`) ? { ...m, related: true } : m))
    .sort((a, b) => a.start - b.start || a.end - b.end);
}
