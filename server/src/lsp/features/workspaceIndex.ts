/**
 * The workspace as a corpus: every note analysed (open ones as they complete, a folder's on
 * request in the background) goes into the note index (engine/noteIndex.ts), kept beside the
 * model cache (notes-index.json) and answered as LSP `workspace/symbol` (Ctrl+T in VS Code,
 * the symbol search of Neovim and Emacs) and as biomedNlp/findConcepts (the Concepts view).
 * A folder analysed again costs no model call for what the cache holds.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SymbolInformation, SymbolKind } from 'vscode-languageserver';
import { InternalError, notes } from '../../engine';
import type { NoteAnalysis } from '../../engine';
import {
  AnalyseFolderParams,
  AnalyseFolderRequest,
  AnalyseFolderResult,
  FindConceptsRequest,
  FolderProgressNotification,
  FolderProgressParams,
  IndexChangedNotification,
  INDEX_STATUSES,
} from '../../protocol/protocol';
import type { FoundMention } from '../../protocol/protocol';
import { ServerContext } from '../context';
import { canonicalUri, fileUri, localPath } from '../files';
import { logInternalError } from '../runner';
import { KIND_OF_TYPE } from '../symbols';

type IndexedMention = notes.IndexedMention;

const INDEX_FILE = 'notes-index.json';
/** Symbols one workspace/symbol answer holds at most (a client lists them all at once). */
const SYMBOL_LIMIT = 500;
/** A completed analysis of an open note is indexed this long after the last one, once typing pauses (sooner when a query asks). */
const INDEX_DELAY_MS = 1_000;
/** The index is written this long after its last change (and when the server stops). */
const SAVE_DELAY_MS = 2_000;
/** A folder's analysis waits while the user has typed within this long. */
export const TYPING_PAUSE_MS = 1_500;

/** `atrial fibrillation (problem, negated)`, then the concept where one is linked (so an ID query matches the name). */
export function symbolName(m: IndexedMention): string {
  const statuses = m.statuses.length ? m.statuses.join(', ') : 'affirmed';
  const concept = m.concepts[0] ? ` · ${m.concepts[0].id} ${m.concepts[0].name}` : '';
  return `${m.text} (${m.type}, ${statuses})${concept}`;
}

/** A query that reads as a concept ID (`MESH:D001281`, `D001281`, a UMLS CUI `C0004238`). */
function looksLikeId(q: string): boolean {
  return /^[A-Za-z][\w.-]*\s*:\s*\S+$/.test(q) || /^[A-Z]\d{4,}$/.test(q);
}

export function registerWorkspaceIndex(ctx: ServerContext) {
  const { connection, runner, workspace, documents } = ctx;
  let index = new notes.NoteIndex();
  let file: string | undefined;
  let saveTimer: NodeJS.Timeout | undefined;
  let lastEdit = 0;
  /** The analysis each open note was last indexed from (a completed one is indexed once). */
  const indexedFrom = new Map<string, NoteAnalysis>();

  function save(): void {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = undefined;
    if (!file) return;
    try {
      index.save(file);
    } catch (err) {
      connection.console.warn(`The note index cannot be written to ${file}: ${(err as Error).message}; it is kept in memory until the editor closes.`);
    }
  }
  function changed(): void {
    if (file) saveTimer ??= setTimeout(save, SAVE_DELAY_MS).unref();
    ctx.notify(IndexChangedNotification, { notes: index.size });
  }

  function put(uri: string, analysis: NoteAnalysis): void {
    index.put(notes.indexNote(canonicalUri(uri), analysis.text, analysis.entities(), analysis.links(), analysis.headers()));
    changed();
  }

  ctx.initializing.event(() => {
    const dir = ctx.storageDir;
    file = dir ? path.join(dir, INDEX_FILE) : undefined;
    if (!file) return;
    index = notes.NoteIndex.load(file);
    if (index.dropped)
      connection.console.warn(
        `The note index in ${dir}: ${index.dropped} entr${index.dropped === 1 ? 'y was' : 'ies were'} not well formed and dropped (analysed again when asked).`,
      );
  });
  ctx.shuttingDown.event(() => {
    indexWaiting();
    save();
  });
  documents.onDidChangeContent(() => (lastEdit = Date.now()));

  // A completed version is indexed once typing pauses (or when a query needs it): indexing a
  // 500 KB note walks all its text, entities and links, which must not follow a keystroke.
  // The pause is the folder analysis's (TYPING_PAUSE_MS without an edit of any note), so a
  // note typed slowly, each version complete before the next keystroke, is not indexed at each.
  const waiting = new Map<string, NoteAnalysis>();
  let indexTimer: NodeJS.Timeout | undefined;
  function indexWaiting(): void {
    if (indexTimer) clearTimeout(indexTimer);
    indexTimer = undefined;
    for (const [uri, analysis] of waiting) if (!analysis.isDisposed) put(uri, analysis);
    waiting.clear();
  }
  function indexWhenIdle(): void {
    indexTimer = undefined;
    const typed = Date.now() - lastEdit;
    if (typed < TYPING_PAUSE_MS) indexTimer = setTimeout(indexWhenIdle, TYPING_PAUSE_MS - typed).unref();
    else indexWaiting();
  }
  ctx.results.event(({ uri, analysis }) => {
    if (!analysis.isComplete || !analysis.isStarted || analysis.isDisposed || indexedFrom.get(uri) === analysis) return;
    indexedFrom.set(uri, analysis);
    waiting.set(uri, analysis);
    if (indexTimer) clearTimeout(indexTimer);
    indexTimer = setTimeout(indexWhenIdle, INDEX_DELAY_MS).unref();
  });
  documents.onDidClose((e) => indexedFrom.delete(e.document.uri));

  connection.onWorkspaceSymbol(
    runner.safe('workspace/symbol', (params): SymbolInformation[] => {
      const query = params.query.trim();
      if (!query) return [];
      indexWaiting();
      const hits = looksLikeId(query) ? index.find({ id: query, limit: SYMBOL_LIMIT }) : [];
      const byName = index.find({ name: query, limit: SYMBOL_LIMIT });
      const seen = new Set(hits.map((h) => `${h.uri}#${h.mention.start}`));
      for (const h of byName) if (!seen.has(`${h.uri}#${h.mention.start}`) && hits.length < SYMBOL_LIMIT) hits.push(h);
      return hits.map(({ uri, mention: m }) => ({
        name: symbolName(m),
        kind: KIND_OF_TYPE[m.type] ?? SymbolKind.Variable,
        location: { uri, range: { start: m.from, end: m.to } },
        containerName: `${path.basename(localPath(uri) ?? uri)}${m.section ? ` · ${m.section}` : ''}`,
      }));
    }),
  );

  runner.request(FindConceptsRequest, (params) => {
    indexWaiting();
    const query = params.query?.trim() ?? '';
    const filter = { types: params.types, statuses: params.statuses?.filter((s) => INDEX_STATUSES.includes(s)) };
    let groups = query && looksLikeId(query) ? index.concepts({ ...filter, id: query }) : [];
    if (!groups.length) groups = index.concepts({ ...filter, ...(query ? { name: query } : {}) });
    const found = (m: IndexedMention): FoundMention => ({
      range: { start: m.from, end: m.to },
      text: m.text,
      type: m.type,
      statuses: m.statuses.length ? m.statuses : ['affirmed'],
      section: m.section,
    });
    return {
      indexed: index.size,
      concepts: groups.map((g) => ({ ...g, notes: g.notes.map((n) => ({ uri: n.uri, mentions: n.mentions.map(found) })) })),
    };
  });

  runner.request(AnalyseFolderRequest, (params, token) =>
    analyseFolder(
      params,
      () => token.isCancellationRequested,
      (p) => ctx.notify(FolderProgressNotification, p),
    ),
  );

  /**
   * Every note of the folders not indexed for its present text, one after another, after all
   * open notes' work. Each note is counted once: analysed, current, open, skipped or failed
   * (a cancelled run: the rest were not reached). `report` is told before each note and at the end.
   */
  async function analyseFolder(params: AnalyseFolderParams, cancelled: () => boolean, report: (p: FolderProgressParams) => void): Promise<AnalyseFolderResult> {
    const files = (params.folders ?? []).flatMap((f) => noteFilesIn(f));
    const result: AnalyseFolderResult = { notes: files.length, analysed: 0, current: 0, open: 0, skipped: [], failed: [], cancelled: false };
    const config = workspace.engine.analysisConfigOf(ctx.engineConfig(ctx.settings));
    const open = () => new Set(documents.all().map((d) => localPath(d.uri)));
    for (let i = 0; i < files.length; i++) {
      report({ done: i, total: files.length, paused: false });
      while (Date.now() - lastEdit < TYPING_PAUSE_MS && !cancelled()) {
        report({ done: i, total: files.length, paused: true });
        await new Promise((r) => setTimeout(r, TYPING_PAUSE_MS / 3));
      }
      if (cancelled() || ctx.shutDown) return { ...result, cancelled: true };
      const uri = fileUri(files[i]);
      // An open note is analysed (and indexed) as the editor shows it.
      if (open().has(files[i])) {
        result.open++;
        continue;
      }
      let text: string;
      try {
        text = notes.readNoteText(files[i]);
      } catch (err) {
        result.skipped.push(`${files[i]}: ${(err as Error).message}`);
        continue;
      }
      if (index.isCurrent(uri, notes.NoteIndex.hash(text))) {
        result.current++;
        continue;
      }
      if (text.length > ctx.settings.engine.maxDocumentLength) {
        result.skipped.push(`${files[i]}: ${text.length} characters, more than biomedNlp.maxDocumentLength`);
        continue;
      }
      let bug: InternalError | undefined;
      const analysis = workspace.engine.analyse(uri, text, config, { background: true, onInternalError: (e) => (bug ??= e) });
      try {
        analysis.start();
        await Promise.race([analysis.whenComplete(), until(cancelled)]);
        if (cancelled()) return { ...result, cancelled: true };
        if (bug) logInternalError(connection, bug);
        if (analysis.failed > 0 || bug) result.failed.push(files[i]);
        else {
          put(uri, analysis);
          result.analysed++;
        }
      } finally {
        analysis.dispose();
      }
    }
    report({ done: files.length, total: files.length, paused: false });
    return result;
  }

  return {
    analyseFolder,
    /** The index, for tests and the bench. */
    get index() {
      return index;
    },
  };
}

/** Resolves once `cancelled()` holds (polled: a request's token gives no promise). */
function until(cancelled: () => boolean): Promise<void> {
  return new Promise((resolve) => {
    const timer = setInterval(() => {
      if (!cancelled()) return;
      clearInterval(timer);
      resolve();
    }, 200);
    timer.unref();
  });
}

/** The notes below `folder` (as biomed annotate reads a folder), skipping hidden folders and node_modules; sorted. */
function noteFilesIn(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && e.name !== 'node_modules') walk(full);
      } else if (e.isFile() && notes.isNoteInFolder(e.name)) out.push(full);
    }
  };
  walk(folder);
  return out.sort();
}
