/**
 * What starts analyses: a note opening or changing, a settings change, curated examples
 * changing (few-shot), the user's "analyse now" and "retry". Each goes to the engine's
 * Workspace with the note's own settings; the features read the results from there.
 */
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AnalyzeDocumentRequest, RetryRequest } from '../../protocol/protocol';
import { ServerContext } from '../context';
import { Curation } from '../curation';
import { localPath } from '../files';
import { sectionOf } from '../settings';
import { ExamplePools, folderOf } from './examples';
import { StatusFeature } from './status';

export interface AnalysisFeature {
  /** A curated `.ann` of `folder` changed (an action, another tool): its notes follow their new examples. */
  examplesChanged(folder: string | undefined): void;
  /** Reads the settings again and analyses every open note with them. */
  reloadSettings(): Promise<void>;
}

export function registerAnalysis(ctx: ServerContext, curation: Curation, status: StatusFeature): AnalysisFeature {
  const { connection, documents, workspace } = ctx;
  const pools = new ExamplePools(ctx, (uri) => curation.isActive(uri));

  async function analyse(doc: TextDocument, opts: { immediate?: boolean; ignoreCache?: boolean } = {}): Promise<void> {
    const s = await ctx.settingsFor(doc.uri);
    // With engine auto, the serving engine (and so the model name the profile follows) is known first.
    await workspace.engine.serving();
    // Stale-version check after the await: a newer change has its own analysis on the way.
    const session = ctx.sessions.get(doc.uri);
    if (!session || session.doc?.version !== doc.version || ctx.shutDown) return;
    const curated = pools.config(doc.uri, s);
    session.plannedWith(curated?.examples);
    // The note's settings go to the engine, which derives the rest (and gives examples only to the json layout).
    workspace.updateNote(doc.uri, doc.version, doc.getText(), s.engine, { ...opts, curation: curated });
  }

  async function analyseChangedExamples(folder: string): Promise<void> {
    for (const doc of documents.all()) {
      // (A note analysed with the current pool already is skipped: examplesUsed is set by analyse.)
      if (folderOf(doc.uri) !== folder) continue;
      const examples = pools.config(doc.uri, await ctx.settingsFor(doc.uri))?.examples;
      const session = ctx.sessions.get(doc.uri);
      if (!session?.isPlannedWith(examples)) await analyse(doc);
    }
  }

  /** Only a folder whose pool was read has notes analysed with its examples. */
  function examplesChanged(folder: string | undefined): void {
    if (folder !== undefined && pools.forget(folder)) void analyseChangedExamples(folder);
  }

  /**
   * A note opens: its store first, so that its first analysis already has the folder's
   * curated examples (analysed before, it would be analysed again once the store opened).
   * Its `.ann` may change the folder's pool: the other notes of the folder follow.
   */
  async function opened(doc: TextDocument): Promise<void> {
    // A store that fails to open must not keep the note from being analysed.
    await curation.update(doc).catch((err) => connection.console.error(`[curation] ${doc.uri}: ${(err as Error).message}`));
    const folder = folderOf(doc.uri);
    if (folder) pools.forget(folder);
    await analyse(doc);
    if (folder) await analyseChangedExamples(folder);
  }

  async function reloadSettings(): Promise<void> {
    ctx.settingsChanged(await ctx.readWorkspaceSettings());
    // Stores first (curation may have been switched), then one analysis per note with the
    // pools read again once per folder.
    for (const doc of documents.all()) await curation.update(doc);
    pools.clear();
    for (const doc of documents.all()) await analyse(doc);
    status.sendStatus(workspace.status());
  }

  documents.onDidOpen((e) => void opened(e.document));
  documents.onDidChangeContent((e) => {
    curation.changed(e.document);
    void analyse(e.document);
  });

  connection.onInitialized(async () => {
    // .ann files written by other tools (another annotator, a sync): the curated entities
    // shown and the folder's few-shot examples follow them without an edit.
    if (ctx.support.watch)
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.ann' }] }).catch(() => undefined);
    // Settings read again log the model in use (ctx.settingsChanged); else the first settings are logged here.
    if (ctx.support.configuration) await reloadSettings();
    else ctx.logModelInUse();
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const change of changes) {
      if (!change.uri.endsWith('.ann')) continue;
      const file = localPath(change.uri);
      if (file === undefined) continue;
      // The .ann of an open curated note: its store tells whether it really changed (its own
      // writes come back here too, and must not re-plan the folder on every pause in typing).
      if (!curation.annChanged(file)) examplesChanged(path.dirname(file));
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    // The same shape as everywhere, { biomedNlp: {…} }; a client that only pulls sends none (or, malformed, no params).
    const section = sectionOf(change?.settings);
    if (section) ctx.layers.changed = section;
    await reloadSettings();
  });

  ctx.runner.noteRequest(AnalyzeDocumentRequest, { analysed: false }, async (session) => {
    const doc = session.doc!;
    await analyse(doc, { immediate: true, ignoreCache: true });
    return { analysed: true, sentences: workspace.current(doc.uri)?.sentences.length ?? 0 };
  });

  ctx.runner.request(RetryRequest, () => workspace.retry());

  return { examplesChanged, reloadSettings };
}
