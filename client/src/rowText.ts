/**
 * The words of the side panel's rows (label, description, tooltip). At VS Code's default sidebar width (about 300 px) a row shows some 30
 * characters: the label holds what identifies the row (the entity, the pair, the verdict),
 * the description what follows (cut first), the tooltip all of it.
 * No `vscode` import: unit tests load it (test/client/rowText.test.ts).
 */
import { claimWords, oneLine, type NoteOverview, type OverviewEntity } from '../../server/src/protocol/protocol';

export interface RowText {
  label: string;
  description: string;
  tooltip: string;
}

/** A finding's or check's verdict as a row's first word. */
export const VERDICT_HEAD: Record<string, string> = {
  entailment: 'Supported',
  contradiction: 'Contradicted',
  neutral: 'Not supported',
};

/** A finding's or check's row label: the verdict first, then the statement quoted (whole up to the hover's width). */
export function verdictLabel(verdict: string, statement: string): string {
  return `${verdict}: “${claimWords(statement)}”`;
}

/** The line of a range, counted from 1. */
const lineOf = (r: { start: { line: number } }) => r.start.line + 1;

/** A relation: the pair as the label, the relation in words and its kind in the description. */
export function relationRow(r: NoteOverview['relations'][number]): RowText {
  const words = r.words ?? r.label;
  return {
    label: `${oneLine(r.head.text, 40)} → ${oneLine(r.tail.text, 40)}`,
    description: `${words} · ${r.label} · line ${lineOf(r.head.range)}${r.untrained ? ' · untrained for this model' : ''}`,
    tooltip: `“${r.head.text}” (${r.head.type}) ${words} “${r.tail.text}” (${r.tail.type}): ${r.label}, line ${lineOf(r.head.range)}${r.untrained ? '; a relation kind this model was not trained on' : ''}`,
  };
}

/** A mention: the entity as the label; its concept's name first in the description, then line and status, its ID last. */
export function mentionRow(m: OverviewEntity): RowText {
  const status = m.statuses.length ? m.statuses.join(', ') : 'affirmed';
  // Its concept(s) in the user's vocabularies (biomedNlp.linking.vocabularies), ID and name.
  // The name leads (the ID left it no room at the default width); the IDs end the description.
  const concepts = (m.concepts ?? []).map((c) => c.name).join(' + ');
  const ids = (m.concepts ?? []).map((c) => c.id).join(' + ');
  const inVocabulary = (m.concepts ?? []).map((c) => `${c.id} ${c.name}, ${c.vocabulary}`).join('; ');
  return {
    label: oneLine(m.text, 60),
    description: `${concepts ? `${concepts} · ` : ''}line ${lineOf(m.range)} · ${status}${m.related ? ' · related' : ''}${ids ? ` · ${ids}` : ''}`,
    tooltip: `${m.type}: “${m.text}”, line ${lineOf(m.range)}${m.section ? `, section ${m.section}` : ''}. Status: ${status}.${inVocabulary ? ` Concept: ${inVocabulary}.` : ''}`,
  };
}

/** A legend type's row description: what it covers ("disease, symptom, finding"), or its domain; short enough to show whole. */
export function legendTypeWords(t: { description: string; domain: string }): string {
  const covers = /: (.*?)(?: \(.*\))?$/.exec(t.description)?.[1];
  return covers ?? t.domain;
}
