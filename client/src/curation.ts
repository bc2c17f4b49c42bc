/**
 * Curation commands (the keyboard side of lsp/curation.ts): each sends `biomedNlp/curate`
 * with the editor's cursor or selection; Next / Previous Suggestion move through the
 * unreviewed suggestions of `biomedNlp/curationReview` in order and show the progress
 * ("12 of 40 reviewed") in the status bar.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  ASSERTION_STATUSES,
  CurateAction,
  CurateParams,
  CurateRequest,
  CurationChangedNotification,
  CurationDeletedNotification,
  CurationReviewRequest,
  CurationReviewResult,
  ENTITY_TYPES,
} from '../../server/src/protocol/protocol';
import { onNotification, sendRequest } from './requests';

type WithClient = <A extends unknown[], R>(command: (c: LanguageClient, ...args: A) => R) => (...args: A) => Promise<Awaited<R>>;

/** The progress of the active note, asked again; set by registerCuration, used by watchCuration. */
let reviewActive: ((c: LanguageClient) => void) | undefined;

const toLsp = (r: vscode.Range) => ({ start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } });

export function registerCuration(context: vscode.ExtensionContext, withClient: WithClient, client: () => LanguageClient | undefined): void {
  const progress = vscode.window.createStatusBarItem('biomedNlp.curation', vscode.StatusBarAlignment.Left, 99);
  progress.name = 'Biomed NLP Curation';
  progress.command = 'biomedNlp.curation.nextSuggestion';
  context.subscriptions.push(progress);

  let again: ReturnType<typeof setTimeout> | undefined;
  async function review(c: LanguageClient, editor: vscode.TextEditor): Promise<CurationReviewResult | null> {
    const r = await sendRequest(c, CurationReviewRequest, { uri: editor.document.uri.toString() });
    // While the model still runs the total grows: asked again until it is complete.
    if (r?.enabled && r.pending && !again) {
      again = setTimeout(() => {
        again = undefined;
        if (vscode.window.activeTextEditor === editor) void review(c, editor).catch(() => undefined);
      }, 1000);
    }
    // The keybindings apply only where curation is on (package.json: when biomedNlp.curating).
    void vscode.commands.executeCommand('setContext', 'biomedNlp.curating', r?.enabled === true);
    if (r?.enabled) {
      progress.text = `$(checklist) ${r.reviewed} of ${r.total} reviewed`;
      progress.tooltip = `Biomed NLP curation: ${r.suggestions.length} suggestions left, ${r.curated.length} curated entities in ${r.annPath ?? 'the .ann'}${r.deleted.length ? `; ${r.deleted.length} deleted (kept as notes)` : ''}`;
      progress.show();
    } else progress.hide();
    return r;
  }

  async function curate(c: LanguageClient, action: CurateAction, extra: Partial<CurateParams> = {}): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    try {
      const r = await sendRequest(c, CurateRequest, {
        uri: editor.document.uri.toString(),
        action,
        range: toLsp(editor.selection),
        version: editor.document.version,
        ...extra,
      });
      vscode.window.setStatusBarMessage(r.message, 3000);
    } catch (err) {
      void vscode.window.showErrorMessage(`Biomed NLP: ${(err as Error).message}`);
    }
    await review(c, editor);
  }

  reviewActive = (c) => {
    const editor = vscode.window.activeTextEditor;
    if (editor) void review(c, editor).catch(() => progress.hide());
  };
  context.subscriptions.push({ dispose: () => (reviewActive = undefined) });

  const pick = (items: readonly string[], placeHolder: string) => vscode.window.showQuickPick([...items], { placeHolder });

  async function move(c: LanguageClient, forward: boolean): Promise<void> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) return;
    const r = await review(c, editor);
    if (!r?.enabled) {
      void vscode.window.showInformationMessage('Curation is off for this note: run "Biomed NLP: Enable Curation for This Folder".');
      return;
    }
    if (r.suggestions.length === 0) {
      vscode.window.setStatusBarMessage(r.pending ? 'Suggestions are still being computed' : `All ${r.total} suggestions reviewed`, 3000);
      return;
    }
    const here = editor.document.offsetAt(editor.selection.active);
    const offsets = r.suggestions.map((s) => editor.document.offsetAt(new vscode.Position(s.range.start.line, s.range.start.character)));
    // In order, wrapping around (Prodigy's stream): the next one after the cursor, or the one before it.
    let i = forward
      ? offsets.findIndex((o) => o > here)
      : (offsets
          .map((o, k) => [o, k])
          .filter(([o]) => o < here)
          .pop()?.[1] ?? -1);
    if (i < 0) i = forward ? 0 : offsets.length - 1;
    const s = r.suggestions[i].range;
    const range = new vscode.Range(s.start.line, s.start.character, s.end.line, s.end.character);
    // The cursor goes to the start of the suggestion, nothing selected: Accept and Reject act on it.
    editor.selection = new vscode.Selection(range.start, range.start);
    editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }

  const cmd = (id: string, f: (c: LanguageClient) => Promise<void>) => context.subscriptions.push(vscode.commands.registerCommand(id, withClient(f)));
  cmd('biomedNlp.curation.accept', (c) => curate(c, 'accept'));
  cmd('biomedNlp.curation.reject', (c) => curate(c, 'reject'));
  cmd('biomedNlp.curation.changeType', async (c) => {
    const type = await pick(ENTITY_TYPES, 'Change the type to…');
    if (type) await curate(c, 'changeType', { type });
  });
  cmd('biomedNlp.curation.adjustToSelection', (c) => curate(c, 'adjustToSelection'));
  cmd('biomedNlp.curation.annotateSelection', async (c) => {
    const type = await pick(ENTITY_TYPES, 'Annotate the selection as…');
    if (type) await curate(c, 'annotateSelection', { type });
  });
  cmd('biomedNlp.curation.acceptAllInSentence', (c) => curate(c, 'acceptAllInSentence'));
  cmd('biomedNlp.curation.setStatus', async (c) => {
    const status = await pick(ASSERTION_STATUSES, 'Set or clear a status…');
    if (status) await curate(c, 'setStatus', { status });
  });
  cmd('biomedNlp.curation.nextSuggestion', (c) => move(c, true));
  cmd('biomedNlp.curation.previousSuggestion', (c) => move(c, false));
  context.subscriptions.push(
    // Accept / Reject Relation come as code actions (with the relation in their arguments); these run them from the hover's links.
    vscode.commands.registerCommand(
      'biomedNlp.curation.acceptRelation',
      withClient((c, p?: CurateParams) => (p ? curate(c, 'acceptRelation', p) : Promise.resolve())),
    ),
    vscode.commands.registerCommand(
      'biomedNlp.curation.rejectRelation',
      withClient((c, p?: CurateParams) => (p ? curate(c, 'rejectRelation', p) : Promise.resolve())),
    ),
    vscode.commands.registerCommand('biomedNlp.curation.enableForFolder', async () => {
      const editor = vscode.window.activeTextEditor;
      const folder = editor && vscode.workspace.getWorkspaceFolder(editor.document.uri);
      const target = folder ?? (await vscode.window.showWorkspaceFolderPick({ placeHolder: 'Curate the notes of which folder?' }));
      if (!target) {
        // No folder open: the setting goes to the user settings.
        await vscode.workspace.getConfiguration('biomedNlp').update('curation.enabled', true, vscode.ConfigurationTarget.Global);
      } else {
        await vscode.workspace.getConfiguration('biomedNlp', target.uri).update('curation.enabled', true, vscode.ConfigurationTarget.WorkspaceFolder);
      }
      vscode.window.setStatusBarMessage('Biomed NLP: curation on; suggestions are shown lighter, curated entities go to the .ann beside each note', 5000);
      const c = client();
      // The server opens the note's store on the settings change; the progress follows.
      if (editor && c) setTimeout(() => void review(c, editor).catch(() => undefined), 500);
    }),
    vscode.window.onDidChangeActiveTextEditor((e) => {
      const c = client();
      if (e && c) void review(c, e).catch(() => progress.hide());
      else progress.hide();
    }),
  );
}

/**
 * After the client starts: deleted curated text is said once, not silently dropped; and the
 * review of the active note is asked again when curation turns on or off for it (the store
 * of a note open at startup opens after the client's first question). Called before the
 * client starts: nothing is sent here.
 */
export function watchCuration(c: LanguageClient): vscode.Disposable {
  return vscode.Disposable.from(
    onNotification(c, CurationDeletedNotification, (p) => {
      const what = p.deleted.map((d) => `${d.type} “${d.text.split(';')[0]}”`).join(', ');
      void vscode.window.showWarningMessage(`Biomed NLP: the text of curated ${what} was deleted; kept as a Deleted note in the .ann.`);
    }),
    onNotification(c, CurationChangedNotification, (p) => {
      if (vscode.window.activeTextEditor?.document.uri.toString() === p.uri) reviewActive?.(c);
    }),
  );
}
