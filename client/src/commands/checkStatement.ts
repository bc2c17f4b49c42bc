/**
 * The command-palette NLI checks: a statement against the selection (or the whole note),
 * and the selected text against the rest of the note. The verdict is shown with its
 * evidence, and the evidence is selected in the editor.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CheckStatementRequest, type CheckStatementParams, type CheckStatementResult } from '../../../server/src/protocol/protocol';
import { onNotification, sendRequest } from '../requests';

const VERDICT: Record<CheckStatementResult['label'], string> = {
  entailment: 'Supported by the note',
  contradiction: 'Contradicted by the note',
  neutral: 'Not supported by the note',
};

function toRange(r: { start: { line: number; character: number }; end: { line: number; character: number } }): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

function toLsp(r: vscode.Range) {
  return { start: { line: r.start.line, character: r.start.character }, end: { line: r.end.line, character: r.end.character } };
}

async function run(client: LanguageClient, editor: vscode.TextEditor, params: CheckStatementParams): Promise<CheckStatementResult | undefined> {
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Biomed NLP: checking the statement…' },
    () => sendRequest(client, CheckStatementRequest, params),
  );
  if (!result) {
    void vscode.window.showWarningMessage('Biomed NLP: this document is not analysed yet (or not one of biomedNlp.languages).');
    return undefined;
  }
  if (result.evidence.length > 0) {
    editor.selections = result.evidence.map((e) => new vscode.Selection(toRange(e.range).start, toRange(e.range).end));
    editor.revealRange(toRange(result.evidence[0].range), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  }
  const quote = result.evidence.map((e) => `“${e.text}”`).join(' ');
  const text = `${VERDICT[result.label]}${quote ? `: ${quote}` : '.'}`;
  if (result.label === 'contradiction') void vscode.window.showWarningMessage(text);
  else void vscode.window.showInformationMessage(text);
  return result;
}

/** biomedNlp.checkStatement: asks for a statement; checks it against the selection or the note. */
export async function checkStatement(client: LanguageClient, statement?: string): Promise<CheckStatementResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const hypothesis =
    statement ?? (await vscode.window.showInputBox({ prompt: 'Statement to check against the note', placeHolder: 'e.g. Renal function is normal.' }));
  if (!hypothesis?.trim()) return undefined;
  const selection = editor.selection;
  return run(client, editor, {
    uri: editor.document.uri.toString(),
    hypothesis,
    range: selection.isEmpty ? undefined : toLsp(selection),
  });
}

/** biomedNlp.checkSelectionAgainstNote: the selected text against the rest of the note. */
export async function checkSelectionAgainstNote(client: LanguageClient): Promise<CheckStatementResult | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const selection = editor.selection;
  if (selection.isEmpty) {
    void vscode.window.showInformationMessage('Biomed NLP: select a statement in the note first.');
    return undefined;
  }
  return run(client, editor, {
    uri: editor.document.uri.toString(),
    hypothesis: editor.document.getText(selection),
    exclude: toLsp(selection),
  });
}
