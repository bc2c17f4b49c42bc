/**
 * The workspace as a corpus (protocol.ts re-exports it): finding a concept across the
 * indexed notes, and analysing a whole folder for the index in the background.
 */
import { notification, request } from './descriptors';
import type { LspRange } from './descriptors';
import type { IndexStatus } from '../engine/types';
import { counted as plural } from './counted';

export interface FoundMention {
  range: LspRange;
  text: string;
  type: string;
  /** ["affirmed"] when it has none of the assertion statuses. */
  statuses: IndexStatus[];
  /** The canonical section, "" before the first header. */
  section: string;
}
export interface FoundConceptGroup {
  /** The concept ID, else `text:` and the mention's words. */
  key: string;
  id?: string;
  name: string;
  type: string;
  counts: Record<IndexStatus, number>;
  notes: { uri: string; mentions: FoundMention[] }[];
}
export interface FindConceptsParams {
  /** A name (whole-word prefix) or a concept ID; empty: every concept. */
  query?: string;
  types?: string[];
  statuses?: IndexStatus[];
}
export interface FindConceptsResult {
  /** Notes in the index (open ones and those analysed in the background). */
  indexed: number;
  concepts: FoundConceptGroup[];
}
/** The Concepts view and *Find a Concept in Notes…*: concept → notes → mentions, with counts per status. */
export const FindConceptsRequest = request<FindConceptsParams, FindConceptsResult>('biomedNlp/findConcepts');

export interface AnalyseFolderParams {
  /** Folders (file system paths) whose notes are analysed; open notes are analysed as they are. */
  folders: string[];
}
export interface AnalyseFolderResult {
  notes: number;
  /** Notes analysed now; the rest were indexed for their present text already. */
  analysed: number;
  current: number;
  /** Notes open in the editor: analysed and indexed as the editor shows them, not read from disk. */
  open: number;
  /** Files that are not notes one can read (binary, too long): skipped, named. */
  skipped: string[];
  failed: string[];
  cancelled: boolean;
}
/** *Analyse All Notes in the Folder*: in the background at the lowest priority, paused while the user types; cancellable. */
export const AnalyseFolderRequest = request<AnalyseFolderParams, AnalyseFolderResult>('biomedNlp/analyseFolder');
/**
 * The same as a workspace/executeCommand command, for clients other than Biomed NLP's (Neovim,
 * Emacs): its one optional argument a folder's file URI (default the workspace folders); work-done
 * progress where the client takes it; the result is AnalyseFolderCommandResult.
 */
export const AnalyseFolderCommand = 'biomedNlp.analyseFolder';
export interface AnalyseFolderCommandResult extends AnalyseFolderResult {
  /** What the run found, in words (analyseFolderMessage), as the server also shows it. */
  message: string;
}

/** The message at the end of *Analyse All Notes in the Folder* (the client's command and the server's). */
export function analyseFolderMessage(r: AnalyseFolderResult): string {
  const parts = [`${r.analysed} analysed`, `${r.current} already indexed`];
  // Every note is in one part: the parts add up to the notes of the folder.
  if (r.open) parts.push(`${r.open} open in the editor (indexed as shown)`);
  if (r.skipped.length) parts.push(`${r.skipped.length} skipped (named in the log)`);
  if (r.failed.length) parts.push(`${r.failed.length} failed (named in the log)`);
  const rest = r.notes - r.analysed - r.current - r.open - r.skipped.length - r.failed.length;
  if (r.cancelled && rest > 0) parts.push(`${rest} not reached`);
  const head = r.cancelled ? `Analysing the folder (${plural(r.notes, 'note')}) was cancelled` : `${plural(r.notes, 'note')} in the folder`;
  return `Biomed NLP: ${head}: ${parts.join(', ')}.`;
}
export interface FolderProgressParams {
  done: number;
  total: number;
  /** Waiting for the user to stop typing. */
  paused: boolean;
}
export const FolderProgressNotification = notification<FolderProgressParams>('biomedNlp/folderProgress');
/** The index changed (a note analysed, a folder's note indexed): the Concepts view asks again. */
export const IndexChangedNotification = notification<{ notes: number }>('biomedNlp/indexChanged');
