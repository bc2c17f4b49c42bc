/**
 * Makes VS Code's Outline and breadcrumbs ask for a note's symbols again when its results
 * change (biomedNlp/analysisChanged): the server answers documentSymbol at once with what it
 * knows (the sections first), and entities come later. VS Code asks once per document
 * version and keeps the answer while its list of symbol providers stays the same (its
 * OutlineModelService); neither LSP nor the API has a refresh for symbols. Replacing an
 * empty provider of our own changes that list, so the Outline asks again; the empty answer
 * adds nothing to what it shows.
 */
import * as vscode from 'vscode';

/** At most one new question per this many ms, however often results change. */
const REFRESH_MS = 400;

export class OutlineRefresh implements vscode.Disposable {
  private provider: vscode.Disposable | undefined;
  private timer: NodeJS.Timeout | undefined;

  /** `selector`: the analysed languages, read at each refresh (biomedNlp.languages may change). */
  constructor(private readonly selector: () => vscode.DocumentSelector) {}

  /** The results of `uri` changed: if an editor shows it, its Outline asks again soon. */
  changed(uri: string): void {
    if (this.timer || !vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri)) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.swap();
    }, REFRESH_MS);
  }

  private swap(): void {
    const old = this.provider;
    this.provider = vscode.languages.registerDocumentSymbolProvider(this.selector(), { provideDocumentSymbols: () => [] });
    old?.dispose();
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.provider?.dispose();
  }
}
