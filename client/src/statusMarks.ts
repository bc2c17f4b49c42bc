/**
 * The marks a token style cannot draw (client/src/legend.ts, MODIFIER_LEGEND `mark`): a dashed
 * box around an unreviewed curation suggestion and a band behind a negated mention. They are
 * read from the very semantic tokens the editor gets (the client's middleware sees each full
 * result and delta), so a mark is where the token is, and goes when the token goes.
 */
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { MARKS, type MarkId, MODIFIER_LEGEND } from './legend';

/** The modifier bit of each mark (the token legend's order is MODIFIER_LEGEND's). */
const MARK_BITS: [MarkId, number][] = MODIFIER_LEGEND.flatMap((m, i) => (m.style.mark ? [[m.style.mark, 1 << i] as [MarkId, number]] : []));

interface Tokens {
  resultId?: string;
  data: number[];
}

export class StatusMarks implements vscode.Disposable {
  private readonly types = new Map<MarkId, vscode.TextEditorDecorationType>([
    [
      'box',
      vscode.window.createTextEditorDecorationType({ border: '1px dashed', borderColor: new vscode.ThemeColor(MARKS.box.colourId), borderRadius: '3px' }),
    ],
    ['band', vscode.window.createTextEditorDecorationType({ backgroundColor: new vscode.ThemeColor(MARKS.band.colourId), borderRadius: '3px' })],
  ]);
  /** The last tokens of each note, by uri: what a delta applies to. */
  private readonly tokens = new Map<string, Tokens>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.subscriptions.push(
      vscode.window.onDidChangeVisibleTextEditors((editors) => editors.forEach((e) => this.draw(e))),
      vscode.workspace.onDidCloseTextDocument((d) => this.tokens.delete(d.uri.toString())),
    );
  }

  /** The language client's middleware: passes every result on unchanged, keeping a copy. */
  readonly middleware: Pick<Middleware, 'provideDocumentSemanticTokens' | 'provideDocumentSemanticTokensEdits'> = {
    provideDocumentSemanticTokens: async (document, token, next) => {
      const result = await next(document, token);
      if (result) this.update(document.uri, { resultId: result.resultId, data: Array.from(result.data) });
      return result;
    },
    provideDocumentSemanticTokensEdits: async (document, previousResultId, token, next) => {
      const result = await next(document, previousResultId, token);
      if (!result) return result;
      if (result instanceof vscode.SemanticTokens) this.update(document.uri, { resultId: result.resultId, data: Array.from(result.data) });
      else {
        const before = this.tokens.get(document.uri.toString());
        // Edits apply to the result they name; without it the marks wait for the next full result.
        if (before && before.resultId === previousResultId)
          this.update(document.uri, { resultId: result.resultId, data: applyEdits(before.data, result.edits) });
      }
      return result;
    },
  };

  private update(uri: vscode.Uri, tokens: Tokens): void {
    const key = uri.toString();
    this.tokens.set(key, tokens);
    for (const editor of vscode.window.visibleTextEditors) if (editor.document.uri.toString() === key) this.draw(editor);
  }

  private draw(editor: vscode.TextEditor): void {
    const tokens = this.tokens.get(editor.document.uri.toString());
    if (!tokens) return;
    const ranges = new Map<MarkId, vscode.Range[]>(MARK_BITS.map(([mark]) => [mark, []]));
    const d = tokens.data;
    let line = 0;
    let char = 0;
    for (let i = 0; i + 4 < d.length; i += 5) {
      char = d[i] === 0 ? char + d[i + 1] : d[i + 1];
      line += d[i];
      for (const [mark, bit] of MARK_BITS) if (d[i + 4] & bit) ranges.get(mark)!.push(new vscode.Range(line, char, line, char + d[i + 2]));
    }
    for (const [mark, type] of this.types) editor.setDecorations(type, ranges.get(mark) ?? []);
  }

  dispose(): void {
    for (const s of this.subscriptions) s.dispose();
    for (const t of this.types.values()) t.dispose();
    this.tokens.clear();
  }
}

/** A delta's edits (each on the previous array, in any order) applied from the last to the first. */
function applyEdits(data: number[], edits: readonly vscode.SemanticTokensEdit[]): number[] {
  const out = data.slice();
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out.splice(e.start, e.deleteCount, ...Array.from(e.data ?? []));
  return out;
}
