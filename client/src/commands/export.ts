/**
 * biomedNlp.exportAnnotations: the current note's entities, relations and NLI findings as
 * BioC JSON, BRAT standoff (an .ann beside a .txt copy) or JSON lines, through the same
 * writers as `biomed annotate`.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { ExportRequest, type ExportFormat } from '../../../server/src/protocol/protocol';
import { exportMessage } from '../exportMessage';
import { sendRequest } from '../requests';

const FORMATS: { label: string; format: ExportFormat; description: string }[] = [
  { label: 'BioC JSON', format: 'bioc', description: '.bioc.json' },
  { label: 'BRAT standoff', format: 'brat', description: '.ann beside a .txt copy' },
  { label: 'JSON lines', format: 'jsonl', description: '.jsonl' },
];

export async function exportAnnotations(client: LanguageClient, format?: ExportFormat, target?: vscode.Uri): Promise<vscode.Uri | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const chosen = format ?? (await vscode.window.showQuickPick(FORMATS, { title: 'Biomed NLP: export annotations as' }))?.format;
  if (!chosen) return undefined;
  const note = editor.document.uri;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Biomed NLP: exporting (waiting for the analysis to finish)…' },
    () => sendRequest(client, ExportRequest, { uri: note.toString(), format: chosen }),
  );
  if (!result) {
    void vscode.window.showWarningMessage('Biomed NLP: this document is not analysed (is its language in biomedNlp.languages?).');
    return undefined;
  }
  const base = note.path.replace(/\.[^./]+$/, '');
  const main = result.files[0];
  const destination = target ?? (await vscode.window.showSaveDialog({ defaultUri: note.with({ path: `${base}${main.suffix}` }), title: 'Export annotations' }));
  if (!destination) return undefined;
  const stem = destination.path.endsWith(main.suffix) ? destination.path.slice(0, -main.suffix.length) : destination.path.replace(/\.[^./]+$/, '');
  for (const file of result.files) {
    const uri = file === main ? destination : destination.with({ path: `${stem}${file.suffix}` });
    // The BRAT text copy of a .txt note would be the note itself: leave the note alone.
    if (uri.toString() === note.toString()) continue;
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(file.content));
  }
  const message = exportMessage(result, vscode.workspace.asRelativePath(destination));
  if (message.warning) void vscode.window.showWarningMessage(message.text);
  else void vscode.window.showInformationMessage(message.text);
  return destination;
}
