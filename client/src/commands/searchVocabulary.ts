/**
 * biomedNlp.searchVocabulary, "Link: Search the Vocabulary…": a quick pick over the
 * vocabularies' names, its items asked of the server as the user types (names that start
 * with the text, then names with its words, then look-alikes: engine/linking/nameSearch.ts).
 * The concept chosen is stored as a Link quick fix stores it: the same server command
 * (biomedNlp.curation.apply, action `link`). Offered as a code action on an entity (with its
 * place, type and text), or run from the palette on the entity at the cursor.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { CurateCommand, SearchVocabularyRequest } from '../../../server/src/protocol/protocol';
import type { CurateParams, CurateResult, SearchVocabularyArgs, SearchVocabularyItem } from '../../../server/src/protocol/protocol';
import { sendRequest } from '../requests';

/** Concepts listed at a time. */
const LIMIT = 50;

const HOW: Record<SearchVocabularyItem['how'], string> = {
  prefix: 'name starts with the text',
  word: 'has the words',
  approximate: 'looks alike',
};

type Item = vscode.QuickPickItem & { concept: SearchVocabularyItem };

function itemOf(c: SearchVocabularyItem): Item {
  return {
    label: c.name,
    description: `${c.id} · ${c.vocabulary}`,
    detail: c.matched ? `${HOW[c.how]}: “${c.matched}”` : HOW[c.how],
    // The server ranked and filtered them: the quick pick's own filter would hide a word match.
    alwaysShow: true,
    concept: c,
  };
}

export async function searchVocabulary(client: LanguageClient, args?: SearchVocabularyArgs): Promise<void> {
  const target = args ?? atCursor();
  if (!target) {
    void vscode.window.showInformationMessage('Biomed NLP: put the cursor on an entity of a note to link it.');
    return;
  }
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Biomed NLP: Link to a Concept';
  pick.placeholder = 'Type a name of the concept (a name’s start, its words, or a spelling near it)';
  pick.matchOnDescription = false;
  pick.matchOnDetail = false;
  // Answers come back in any order: only the one for the latest text is shown.
  let asked = 0;
  const ask = async (query: string) => {
    const n = ++asked;
    pick.busy = true;
    try {
      const found = query.trim() ? await sendRequest(client, SearchVocabularyRequest, { query, limit: LIMIT, type: target.type }) : [];
      if (n !== asked) return;
      pick.items = found.map(itemOf);
    } catch (err) {
      if (n === asked) pick.items = [{ label: `The search failed: ${(err as Error).message}`, alwaysShow: true } as Item];
    } finally {
      if (n === asked) pick.busy = false;
    }
  };
  const chosen = await new Promise<SearchVocabularyItem | undefined>((resolve) => {
    pick.onDidChangeValue((value) => void ask(value));
    pick.onDidAccept(() => {
      const c = pick.selectedItems[0]?.concept;
      if (c) resolve(c);
    });
    pick.onDidHide(() => resolve(undefined));
    pick.value = target.text ?? '';
    pick.show();
    void ask(pick.value);
  });
  pick.dispose();
  if (!chosen) return;
  const params: CurateParams = {
    uri: target.uri,
    range: target.range,
    ...(target.version !== undefined ? { version: target.version } : {}),
    action: 'link',
    concepts: [{ id: chosen.id, name: chosen.name }],
  };
  try {
    const r = (await vscode.commands.executeCommand<CurateResult>(CurateCommand, params)) ?? undefined;
    if (r) vscode.window.setStatusBarMessage(r.message, 3000);
  } catch (err) {
    void vscode.window.showErrorMessage(`Biomed NLP: ${(err as Error).message}`);
  }
}

/** The palette's target: the active note's cursor or selection. */
function atCursor(): SearchVocabularyArgs | undefined {
  const editor = vscode.window.activeTextEditor;
  if (!editor) return undefined;
  const { start, end } = editor.selection;
  const word = editor.document.getWordRangeAtPosition(start);
  return {
    uri: editor.document.uri.toString(),
    range: { start: { line: start.line, character: start.character }, end: { line: end.line, character: end.character } },
    version: editor.document.version,
    text: editor.selection.isEmpty ? (word ? editor.document.getText(word) : '') : editor.document.getText(editor.selection),
  };
}
