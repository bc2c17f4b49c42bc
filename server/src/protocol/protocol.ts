/**
 * The requests and notifications of this extension beyond standard LSP, typed with their
 * params and results, shared by the client and the server. Only types from the engine
 * (erased at build time), the names an entity type and a status may take (engine/types.ts,
 * which imports nothing) and plain descriptors, so the client bundle pulls in nothing else
 * of the server (test/package/clientImports.test.ts keeps it so). The descriptors (descriptors.ts) are structural rather than vscode-jsonrpc's RequestType
 * classes because the client and server libraries pin different vscode-jsonrpc versions,
 * whose classes TypeScript treats as different types; each side has a small typed
 * adapter (lsp/requests.ts, client/src/requests.ts).
 */

import { notification, request } from './descriptors';
import type { LspRange } from './descriptors';
export type { LspRange, NotificationType, RequestType } from './descriptors';
import type { EngineName } from '../engine/models/backend';
import type { WorkspaceState } from '../engine/pipeline/workspace';
import type { ServerWait } from '../engine/pipeline/clock/clockStatus';
import type { Score } from '../engine/eval/conlleval';
import type { AssertionStatus, NliLabel } from '../engine/types';

/** The entity types and statuses a curation edit may set (the client's quick picks), and where Ollama is installed from. */
export { ASSERTION_STATUSES, ENTITY_TYPES, INDEX_STATUSES, OLLAMA_DOWNLOAD_URL, VOCABULARY_DOMAINS } from '../engine/types';

// Concept linking's vocabularies: adding one, searching their names (protocol/linking.ts).
export * from './linking';

/** Language ids the client hands to the server unless biomedNlp.languages says otherwise. */
export const DEFAULT_LANGUAGES: readonly string[] = ['clinical-note'];

/** The engine's state, or `starting` before the server has said anything. */
export type EngineState = 'starting' | WorkspaceState;

export interface StatusParams {
  state: EngineState;
  /**
   * The engine that serves: Ollama, an OpenAI-compatible server (vLLM, llama.cpp, ...), or
   * the embedded engine (llama.cpp in the server process; `model` is then the GGUF file).
   * Always sent by the server; absent only in the client's own "starting" status.
   */
  engine?: EngineName;
  /** The model and the server's address (Ollama's host, or the OpenAI-compatible base URL). */
  model: string;
  host: string;
  profile: string;
  /** Sentences answered / all sentences of the open analysed documents. */
  done: number;
  total: number;
  /** Human-readable detail for error states and notices (never note text). */
  message?: string;
  /** Generation speed of recent model calls. */
  tokensPerSecond?: number;
  /** While `waiting` (the model server answered 429 or 503): its HTTP status and when the next try goes. */
  wait?: ServerWait;
  /** Model requests in flight and waiting for one of `slots` (biomedNlp.maxConcurrentRequests). */
  requests?: { inFlight: number; queued: number; slots: number };
}

/** Server to client: the engine's state changed. */
export const StatusNotification = notification<StatusParams>('biomedNlp/status');

export interface AnalyzeDocumentParams {
  uri: string;
}
export interface AnalyzeDocumentResult {
  analysed: boolean;
  /** Sentences of the analysed version. */
  sentences?: number;
}
/** Analyse a document now, without the cache (the *Analyze Document* command). */
export const AnalyzeDocumentRequest = request<AnalyzeDocumentParams, AnalyzeDocumentResult>('biomedNlp/analyzeDocument');

export interface RetryResult {
  state: EngineState;
  done: number;
  total: number;
  message?: string;
}
/** Probe the model server now and resume waiting work if it is back. */
export const RetryRequest = request<void, RetryResult>('biomedNlp/retry');

// The model server's models and the model cache: protocol/models.ts.
export * from './models';
// The workspace as a corpus: the note index's queries, a folder analysed (protocol/corpus.ts).
export * from './corpus';
// A de-identified copy of a note (protocol/deid.ts).
export * from './deid';

export interface RelationsParams {
  uri: string;
}
export interface RelationEnd {
  range: LspRange;
  text: string;
  type: string;
}
export interface RelationsResult {
  /** The document version the relations belong to. */
  version: number;
  /**
   * `untrained`: asked in another layout than the model was trained on for this kind of pair.
   * `sentence`: the text the pair was asked in (across sentences: from the first sentence to
   * the second); `sentences`: the evidence, one sentence (or list item), or across sentences
   * the head's and the tail's sentence in document order.
   */
  relations: { label: string; head: RelationEnd; tail: RelationEnd; sentence: LspRange; sentences: LspRange[]; untrained?: boolean }[];
  /** True while relation work for this version is still running. */
  pending: boolean;
}
/** The relations found so far in the current version of a document (null: no analysis of it yet). */
export const RelationsRequest = request<RelationsParams, RelationsResult | null>('biomedNlp/relations');

export interface CheckStatementParams {
  uri: string;
  hypothesis: string;
  /** Check against this part of the note only; the whole note when absent. */
  range?: LspRange;
  /** Leave this part out of the premise (the statement's own place in the note). */
  exclude?: LspRange;
}
export interface CheckStatementResult {
  label: NliLabel;
  evidence: { range: LspRange; text: string }[];
}
/**
 * The error code of a statement check that no model answered (Ollama away, the model not
 * installed, a cut connection, ...): the model server's doing, not the statement's nor a bug.
 * `data` holds the failure's kind (ModelErrorKind); the client waits for a model and checks again.
 */
export const MODEL_UNAVAILABLE_CODE = -32050;
export interface ModelUnavailableData {
  kind: string;
}
/** Checks a statement against a note (null: the note is not analysed, or the statement is empty). */
export const CheckStatementRequest = request<CheckStatementParams, CheckStatementResult | null>('biomedNlp/checkStatement');

export interface IgnoredFindings {
  /** uri -> sentence texts. */
  ignored: Record<string, string[]>;
}
/** Server to client: the findings the user chose to ignore, for the client to keep. */
export const IgnoredFindingsNotification = notification<IgnoredFindings>('biomedNlp/ignoredFindings');
/** The quick fix's command: arguments [uri, sentence text]. */
export const IgnoreFindingCommand = 'biomedNlp.ignoreFinding';

/**
 * The client command of the "Show how this was checked" code action: arguments [uri,
 * sentence text]. The client asks NliCheckRequest and shows the answer read-only.
 */
export const ShowNliCheckCommand = 'biomedNlp.showNliCheck';
export interface NliCheckParams {
  uri: string;
  /** The statement's text (a diagnostic's `data.sentence`). */
  sentence: string;
}
export interface NliCheckResult {
  /** Plain text: the statement, its verdict, and every premise checked with its verdict and why it was chosen. */
  text: string;
}
/** How a summary statement of the note was checked (null: no such statement in the current analysis). */
export const NliCheckRequest = request<NliCheckParams, NliCheckResult | null>('biomedNlp/nliCheck');

export const EXPORT_FORMATS = ['bioc', 'brat', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export type ExportParams = { uri: string; format: ExportFormat };
export interface ExportResult {
  /** Files to write, named by the suffix to put after the note's base name; the counts are of what they hold. */
  files: { suffix: string; content: string }[];
  entities: number;
  relations: number;
  findings: number;
  /** What the format could not hold and left out (BRAT): NLI findings, entity identifiers without a `DB:` prefix, relations' untrained marks. */
  omitted?: { findings: number; identifiers: number; untrained: number };
}
/** The annotations of a note once its analysis is complete (null: the note is not open). */
export const ExportRequest = request<ExportParams, ExportResult | null>('biomedNlp/export');

// Curation (lsp/curation.ts, client/src/curation.ts): the model's entities as suggestions,
// reviewed into the note's `.ann` (engine/curation). Active where biomedNlp.curation.enabled.

/** The server-side command that code actions carry: its one argument is a CurateParams. */
export const CurateCommand = 'biomedNlp.curation.apply';

export type CurateAction =
  | 'accept'
  | 'reject'
  | 'changeType'
  | 'adjustToSelection'
  | 'annotateSelection'
  | 'acceptAllInSentence'
  | 'acceptRelation'
  | 'rejectRelation'
  | 'setStatus'
  | 'link';

export interface CurateParams {
  uri: string;
  action: CurateAction;
  /** The cursor (an empty range) or the selection. */
  range: LspRange;
  /** changeType, annotateSelection: the new type. */
  type?: string;
  /** setStatus: negated | possible | historical | hypothetical | family, and on or off (default on). */
  status?: string;
  on?: boolean;
  /** acceptRelation / rejectRelation: the relation suggestion (as biomedNlp/relations gives it). */
  relation?: { label: string; head: LspRange; tail: LspRange };
  /**
   * link: the entity's concepts (accepted from the linker or chosen among its candidates; one
   * per part of a composite), [] for "no concept fits", null to clear the decision. A
   * suggestion is accepted first. Stored as brat N lines (engine/curation/annFile.ts).
   */
  concepts?: { id: string; name: string }[] | null;
  /** The document version the range is of; a stale one is refused. */
  version?: number;
}
export interface CurateResult {
  /** What happened, for the status line ("Accepted problem “chest pain”"). */
  message: string;
  changed: boolean;
}
export const CurateRequest = request<CurateParams, CurateResult>('biomedNlp/curate');

export interface CurationReviewParams {
  uri: string;
}
export interface CurationItem {
  range: LspRange;
  type: string;
  text: string;
}
export interface CurationReviewResult {
  enabled: boolean;
  /** The model's entities of the current version that are reviewed (accepted, corrected or rejected), of all of them. */
  reviewed: number;
  total: number;
  /** The unreviewed suggestions in document order. */
  suggestions: CurationItem[];
  curated: CurationItem[];
  /** Curated entities whose text was deleted, kept as notes in the .ann. */
  deleted: { type: string; text: string }[];
  /** The model's analysis of this version is still running. */
  pending: boolean;
  annPath?: string;
}
export const CurationReviewRequest = request<CurationReviewParams, CurationReviewResult | null>('biomedNlp/curationReview');

/** Server to client: curated entities lost their text in an edit (kept as `Deleted` notes). */
export const CurationDeletedNotification = notification<{ uri: string; deleted: { type: string; text: string }[] }>('biomedNlp/curationDeleted');

/**
 * Server to client: curation was turned on or off for an open note (its store opened or
 * dropped), so the client asks for the review again: the keys apply only where it is on.
 */
export const CurationChangedNotification = notification<{ uri: string; enabled: boolean }>('biomedNlp/curationChanged');

// The side panel (client/src/panel.ts) and the status item's per-note counts.

export interface OverviewEntity {
  type: string;
  text: string;
  range: LspRange;
  /** Its assertion statuses, as the token modifiers name them; empty: affirmed, about the patient, now. */
  statuses: AssertionStatus[];
  related: boolean;
  /** The section the mention is in ('' before any header). */
  section: string;
  /** Its concepts in biomedNlp.linking.vocabularies (`MESH:D001281`, "Atrial Fibrillation", "MEDIC"; one per part of a composite); absent: none. */
  concepts?: { id: string; name: string; vocabulary: string }[];
}
export interface OverviewRelation {
  label: string;
  /** The label in plain words, read as "head <words> tail" (absent for unknown labels). */
  words?: string;
  head: RelationEnd;
  tail: RelationEnd;
  untrained?: boolean;
}
export interface OverviewFinding {
  statement: string;
  range: LspRange;
  state: 'pending' | 'done' | 'failed';
  label?: NliLabel;
  /** The sentences behind the verdict. */
  evidence: { range: LspRange; text: string }[];
}
/** What has been analysed of one note, by kind of work: done of total. */
export interface NoteProgress {
  /** Sentences whose entities are answered, of all the note's sentences. */
  sentences: { done: number; total: number };
  /**
   * Relations found so far; `pending` while any work of the note runs; `looked`: relation
   * questions answered (0: none has run yet, so "0 found" would claim work not done);
   * `failed`: relation questions that failed.
   */
  relations: { found: number; pending: boolean; looked: number; failed: number };
  /**
   * Summary statements with a verdict (NLI), of those planned; `failed`: checks that failed
   * (not counted as checked); `planned`: false until the statements are found (the work has
   * not started, e.g. while the model is unreachable), so 0 of 0 is not "nothing to check".
   */
  statements: { done: number; total: number; failed: number; planned: boolean };
  /** The PHI the rules find in the note (no model), in all and by type (name, date, ...); absent when biomedNlp.deidentify.show is off. */
  phi?: { total: number; byType: Partial<Record<string, number>> };
}
export interface NoteOverview {
  uri: string;
  version: number;
  /** True while any work of this version runs (more may come). */
  pending: boolean;
  progress: NoteProgress;
  entities: OverviewEntity[];
  relations: OverviewRelation[];
  findings: OverviewFinding[];
}
export interface NoteOverviewParams {
  uri: string;
}
/** Everything found in the current version of a note, for the side panel (null: not analysed / not yet). */
export const NoteOverviewRequest = request<NoteOverviewParams, NoteOverview | null>('biomedNlp/noteOverview');

/** Server to client: new results for `uri` (at most every 250 ms per note): ask NoteOverviewRequest again. */
export const AnalysisChangedNotification = notification<{ uri: string; version: number }>('biomedNlp/analysisChanged');

/** Server to client, with the status: the counts of each open analysed note, by uri. */
export interface NotesProgressParams {
  notes: Record<string, NoteProgress>;
}
export const NotesProgressNotification = notification<NotesProgressParams>('biomedNlp/notesProgress');

/** Precision, recall and F1 (percent, one decimal) of the model against the curated entities, with the counts. */
export type AgreementScore = Score;
/** Strict (same span and type) and overlap (overlapping span, same type) scores, per type and over all types (micro). */
export interface AgreementTable {
  /** Notes scored. */
  notes: number;
  /** The model's mentions an annotator reviewed (accepted, corrected or rejected): the only ones scored. */
  reviewed: number;
  /** The model's mentions in all, reviewed or not. */
  mentions: number;
  /** Curated entities (the reference the reviewed mentions are scored against). */
  curated: number;
  strict: { perType: Record<string, AgreementScore>; micro: AgreementScore };
  overlap: { perType: Record<string, AgreementScore>; micro: AgreementScore };
}
export interface CurationAgreementResult {
  /** Curation is on for the note; otherwise nothing is scored. */
  enabled: boolean;
  /** The model's analysis of this version is still running (the scores are over what it has found so far). */
  pending: boolean;
  /** The model's reviewed entities of the note against its curated entities (unreviewed suggestions are counted in `mentions`, not scored). */
  note?: AgreementTable;
  /**
   * The open notes of the note's folder with curation on and a `.ann` (the note itself
   * included), pooled. The model's entities of a note that is not open are not known:
   * those notes are listed in `notOpen` and are not scored.
   */
  folder?: AgreementTable & { notOpen: string[] };
}
export const CurationAgreementRequest = request<CurationReviewParams, CurationAgreementResult | null>('biomedNlp/curationAgreement');

export { counted } from './counted';

/**
 * Note text quoted in a message (a diagnostic, a toast): on one line, at most `max`
 * characters, cut with an ellipsis but never inside a surrogate pair (an emoji). In the
 * layer both the client and the server import, so that both quote alike.
 */
export function oneLine(text: string, max = 80): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = /[\ud800-\udbff]/.test(flat[max - 2]) ? max - 2 : max - 1;
  return `${flat.slice(0, cut)}…`;
}

/**
 * How long a statement may be and still be quoted whole in a finding's one line (the
 * diagnostic's message, which the editor's hover shows, and the side panel's rows): VS Code's
 * hover is at most 500 px wide at 13 px, some 80 characters of prose. A statement the hover
 * would show whole is never cut; a longer one is cut at a word to this width.
 */
export const STATEMENT_WIDTH = 80;

/**
 * A statement quoted for a one-line finding: whole up to `max` characters; beyond, as many
 * whole words as fit with an ellipsis (a first word longer than that is cut).
 */
export function claimWords(text: string, max = STATEMENT_WIDTH): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const parts = flat.split(' ');
  let n = parts.length;
  while (n > 1 && parts.slice(0, n).join(' ').length > max - 1) n--;
  const head = parts.slice(0, n).join(' ');
  if (head.length > max - 1) return oneLine(head + ' …', max);
  return `${head.replace(/[,;:.]$/, '')}…`;
}
