/** biomedNlp.openExample: the sample notes shipped under examples/. */
import * as vscode from 'vscode';

export async function openExample(context: vscode.ExtensionContext): Promise<void> {
  const folder = vscode.Uri.joinPath(context.extensionUri, 'examples');
  let entries: [string, vscode.FileType][] = [];
  try {
    entries = await vscode.workspace.fs.readDirectory(folder);
  } catch {
    // no examples packaged
  }
  const notes = entries.filter(([name]) => name.endsWith('.note')).map(([name]) => name);
  if (notes.length === 0) {
    void vscode.window.showWarningMessage('Biomed NLP: no sample notes are packaged with this extension.');
    return;
  }
  const picked = notes.length === 1 ? notes[0] : await vscode.window.showQuickPick(notes, { title: 'Biomed NLP: open a sample note' });
  if (!picked) return;
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, picked));
  await vscode.window.showTextDocument(doc);
}
