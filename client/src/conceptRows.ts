/**
 * The words of the Concepts view's rows (concept → notes → mentions); the end of *Analyse
 * All Notes in the Folder* is protocol's analyseFolderMessage (the server's command says it
 * too). No `vscode` import: unit tests load it
 * (test/client/conceptRows.test.ts).
 */
import { counted as plural, oneLine, type FoundConceptGroup, type FoundMention } from '../../server/src/protocol/protocol';
import type { RowText } from './rowText';

/** The statuses in the order the rows name them. */
const ORDER = ['affirmed', 'negated', 'possible', 'historical', 'hypothetical', 'family'] as const;

/** "9 affirmed, 3 negated": only the statuses some mention has. */
export function statusCounts(counts: Partial<Record<string, number>>): string {
  return ORDER.filter((s) => (counts[s] ?? 0) > 0)
    .map((s) => `${counts[s]} ${s}`)
    .join(', ');
}

/** How many mentions of each status a list of mentions has. */
function countStatuses(mentions: FoundMention[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const m of mentions) for (const s of m.statuses) counts[s] = (counts[s] ?? 0) + 1;
  return counts;
}

/** A note's file name, from its URI. */
export function fileName(uri: string): string {
  const path = uri.replace(/[?#].*$/, '');
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1));
}

/**
 * A concept: its counts by status lead the label, then its name ("2 affirmed, 1 negated ·
 * atrial fibrillation"): VS Code cuts a row's description first and then the label's end, and
 * at the default side bar width a long name left no room for the counts. Its mentions and ID
 * follow in the description (the ID last: the part that may be cut), all of it in the tooltip.
 */
export function conceptRow(c: FoundConceptGroup): RowText {
  const mentions = c.notes.reduce((n, note) => n + note.mentions.length, 0);
  const counts = statusCounts(c.counts);
  return {
    label: `${counts} · ${oneLine(c.name, 60)}`,
    description: `${plural(mentions, 'mention')}${c.id ? ` · ${c.id}` : ''}`,
    tooltip: `${c.name} (${c.type}${c.id ? `, ${c.id}` : ''}): ${plural(mentions, 'mention')} in ${plural(c.notes.length, 'note')}; ${counts}.`,
  };
}

/** A note of a concept: the statuses of its mentions lead, then its file name; its number of mentions. */
export function conceptNoteRow(note: FoundConceptGroup['notes'][number]): RowText {
  const counts = statusCounts(countStatuses(note.mentions));
  return {
    label: `${counts} · ${fileName(note.uri)}`,
    description: plural(note.mentions.length, 'mention'),
    tooltip: `${decodeURIComponent(note.uri.replace(/^file:\/\//, ''))}: ${plural(note.mentions.length, 'mention')}; ${counts}.`,
  };
}

/** A mention: its text; its statuses first in the description, then its line and section (cut first). */
export function conceptMentionRow(m: FoundMention): RowText {
  const line = m.range.start.line + 1;
  const status = m.statuses.join(', ');
  return {
    label: oneLine(m.text, 60),
    description: `${status} · line ${line}${m.section ? ` · ${m.section}` : ''}`,
    tooltip: `${m.type}: “${m.text}”, line ${line}${m.section ? `, section ${m.section}` : ''}. Status: ${status}.`,
  };
}
