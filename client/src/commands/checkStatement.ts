/**
 * The command-palette NLI checks: a statement against the whole note, and the selected text
 * against the rest of the note. Only the second command reads the selection. The verdict is
 * shown with the statement it is about and its evidence, kept in the side panel's *Checks* section, and the evidence is
 * highlighted and scrolled into view without moving the user's selection (a selection left
 * on the evidence would silently become the scope of the next selection check). With no model
 * answering, the check says so with the first run's ways forward and waits for one (modelWait.ts).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CheckStatementRequest,
  MODEL_UNAVAILABLE_CODE,
  oneLine,
  RetryRequest,
  type CheckStatementParams,
  type CheckStatementResult,
  type ModelUnavailableData,
  type StatusParams,
} from '../../../server/src/protocol/protocol';
import { isAway, isAwayKind, modelWait, statementWaitHelp } from '../modelWait';
import type { CheckRecord } from '../panelItems';
import { sendRequest } from '../requests';
import { showModelHelp } from '../showModelHelp';

const VERDICT: Record<CheckStatementResult['label'], string> = {
  entailment: 'Supported by the note',
  contradiction: 'Contradicted by the note',
  neutral: 'Not supported by the note',
};

/**
 * The toast of a check: the verdict and the statement it is about (several checks leave
 * several toasts), then the deciding sentence with its line; an unsupported statement has none.
 */
export function resultMessage(statement: string, result: CheckStatementResult): string {
  const head = `${VERDICT[result.label]}: “${oneLine(statement, 100)}”`;
  const [first, ...more] = result.label === 'neutral' ? [] : result.evidence;
  if (!first) return head;
  const rest = more.length ? ` (and ${more.length} more sentence${more.length > 1 ? 's' : ''})` : '';
  return `${head} — line ${first.range.start.line + 1}: “${oneLine(first.text, 200)}”${rest}`;
}

/** Where the evidence of the last check is shown; cleared when the user moves the cursor. */
const evidenceDecoration = vscode.window.createTextEditorDecorationType({
  backgroundColor: new vscode.ThemeColor('editor.findMatchHighlightBackground'),
  borderColor: new vscode.ThemeColor('editor.findMatchBorder'),
  borderStyle: 'solid',
  borderWidth: '1px',
  overviewRulerColor: new vscode.ThemeColor('editorOverviewRuler.findMatchForeground'),
  overviewRulerLane: vscode.OverviewRulerLane.Center,
});
let clearOnMove: vscode.Disposable | undefined;

function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function toLsp(r: vscode.Range) {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

/** Highlights and reveals the evidence; the selections are exactly as they were before. */
function showEvidence(editor: vscode.TextEditor, result: CheckStatementResult): void {
  const selections = editor.selections;
  clearOnMove?.dispose();
  const ranges = result.evidence.map((e) => toRange(e.range));
  editor.setDecorations(evidenceDecoration, ranges);
  if (ranges.length) editor.revealRange(ranges[0], vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  editor.selections = selections;
  clearOnMove = vscode.window.onDidChangeTextEditorSelection((e) => {
    if (e.textEditor !== editor) return;
    editor.setDecorations(evidenceDecoration, []);
    clearOnMove?.dispose();
    clearOnMove = undefined;
  });
}

async function run(
  client: LanguageClient,
  editor: vscode.TextEditor,
  params: CheckStatementParams,
  scope: string,
  onResult: (check: CheckRecord) => void,
): Promise<CheckStatementResult | undefined> {
  let result: CheckStatementResult | null;
  try {
    result = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Biomed NLP: checking the statement…' }, () =>
      sendRequest(client, CheckStatementRequest, params),
    );
  } catch (err) {
    // No model answered: the ways forward, not a modal error; the check runs again once one answers.
    const failure = err as { code?: number; message?: string; data?: ModelUnavailableData };
    if (failure?.code !== MODEL_UNAVAILABLE_CODE) throw err;
    const kind = failure.data?.kind;
    if (isAway(modelWait.current) || isAwayKind(kind)) {
      await waitForModel(client, params.hypothesis, kind);
      return run(client, editor, params, scope, onResult);
    }
    // A passing failure (a cut answer, a timeout): the model is there, the user may ask again.
    const again = await vscode.window.showWarningMessage(
      `Biomed NLP: “${oneLine(params.hypothesis, 60)}” could not be checked: ${failure.message ?? kind}`,
      'Check Again',
    );
    return again ? run(client, editor, params, scope, onResult) : undefined;
  }
  if (!result) {
    void vscode.window.showWarningMessage('Biomed NLP: this document is not analysed yet (or not one of biomedNlp.languages).');
    return undefined;
  }
  onResult({ uri: params.uri, statement: params.hypothesis, scope, result });
  showEvidence(editor, result);
  const text = resultMessage(params.hypothesis, result);
  const show = result.label === 'contradiction' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(text, 'Show in Panel').then((choice) => {
    if (choice) void vscode.commands.executeCommand('biomedNlp.showPanel');
  });
  return result;
}

/**
 * Shows the first run's message with its ways forward (non-modal, modelWait.ts says it) and
 * resolves once the server's status says a model answers again.
 */
async function waitForModel(client: LanguageClient, statement: string, kind: string | undefined): Promise<void> {
  const back = modelWait.whenBack();
  const now = modelWait.current;
  // The status may not have said it yet: the request's own failure stands for it.
  const state = isAway(now) ? now!.state : isAwayKind(kind) ? kind : 'unreachable';
  const status: StatusParams = { ...(now ?? { model: '', host: '', profile: '', done: 0, total: 0 }), state };
  void showModelHelp(statementWaitHelp(status, statement), () => void sendRequest(client, RetryRequest));
  await back;
}

/** biomedNlp.checkStatement: asks for a statement and checks it against the whole note (never the selection). */
export async function checkStatement(
  client: LanguageClient,
  onResult: (check: CheckRecord) => void,
  statement?: string,
): Promise<CheckStatementResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const hypothesis =
    statement ?? (await vscode.window.showInputBox({ prompt: 'Statement to check against the note', placeHolder: 'e.g. Renal function is normal.' }));
  if (!hypothesis?.trim()) return undefined;
  return run(client, editor, { uri: editor.document.uri.toString(), hypothesis }, 'the whole note', onResult);
}

/** biomedNlp.checkSelectionAgainstNote: the selected text against the rest of the note. */
export async function checkSelectionAgainstNote(client: LanguageClient, onResult: (check: CheckRecord) => void): Promise<CheckStatementResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const selection = editor.selection;
  if (selection.isEmpty) {
    void vscode.window.showInformationMessage('Biomed NLP: select a statement in the note first.');
    return undefined;
  }
  const lines =
    selection.start.line === selection.end.line ? `line ${selection.start.line + 1}` : `lines ${selection.start.line + 1}-${selection.end.line + 1}`;
  return run(
    client,
    editor,
    { uri: editor.document.uri.toString(), hypothesis: editor.document.getText(selection), exclude: toLsp(selection) },
    `the rest of the note (selection, ${lines})`,
    onResult,
  );
}
