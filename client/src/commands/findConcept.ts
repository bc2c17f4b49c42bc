/**
 * *Biomed NLP: Find a Concept in Notes…*: a name or concept ID to show in the Concepts view.
 * The quick pick offers what was typed, the concepts of the index whose names start so
 * (biomedNlp/findConcepts) and those of the user's vocabularies (biomedNlp/searchVocabulary).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { FindConceptsRequest, SearchVocabularyRequest } from '../../../server/src/protocol/protocol';
import type { ConceptsView } from '../concepts';
import { sendRequest } from '../requests';

interface Item extends vscode.QuickPickItem {
  query: string;
}

/** What the quick pick offers for `value`; the typed text first. */
async function itemsFor(client: LanguageClient, value: string): Promise<Item[]> {
  const typed = value.trim();
  if (!typed) return [];
  const [found, vocabulary] = await Promise.all([
    sendRequest(client, FindConceptsRequest, { query: typed }).catch(() => null),
    sendRequest(client, SearchVocabularyRequest, { query: typed, limit: 20 }).catch(() => []),
  ]);
  const items: Item[] = [{ label: typed, description: 'find these words in the notes', query: typed, alwaysShow: true }];
  const seen = new Set([typed.toLowerCase()]);
  for (const c of found?.concepts ?? []) {
    if (seen.has(c.name.toLowerCase())) continue;
    seen.add(c.name.toLowerCase());
    const notes = c.notes.length;
    items.push({
      label: c.name,
      description: `${c.id ? `${c.id} · ` : ''}${c.type} · in ${notes} note${notes === 1 ? '' : 's'}`,
      query: c.id ?? c.name,
      alwaysShow: true,
    });
  }
  for (const v of vocabulary) {
    if (seen.has(v.name.toLowerCase())) continue;
    seen.add(v.name.toLowerCase());
    items.push({ label: v.name, description: `${v.id} · ${v.vocabulary}`, query: v.name, alwaysShow: true });
  }
  return items;
}

export function findConcept(client: LanguageClient, view: ConceptsView): Promise<void> {
  const pick = vscode.window.createQuickPick<Item>();
  pick.title = 'Biomed NLP: Find a Concept in Notes';
  pick.placeholder = 'A name (“heart failure”) or a concept ID (MESH:D006333)';
  pick.value = view.filters.query ?? '';
  // The server orders the items; the quick pick must not filter them out.
  pick.matchOnDescription = false;
  let seq = 0;
  const update = async (value: string): Promise<void> => {
    const mine = ++seq;
    pick.busy = true;
    const items = await itemsFor(client, value);
    if (mine !== seq) return;
    pick.items = items;
    pick.busy = false;
  };
  return new Promise<void>((resolve) => {
    pick.onDidChangeValue((value) => {
      // What was typed is offered at once; the rest follows.
      const typed = value.trim();
      pick.items = typed ? [{ label: typed, description: 'find these words in the notes', query: typed, alwaysShow: true }] : [];
      void update(value);
    });
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0] ?? pick.activeItems[0];
      const query = chosen?.query ?? pick.value.trim();
      pick.hide();
      if (query) void view.setQuery(query, chosen?.label ?? query);
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve();
    });
    pick.show();
    void update(pick.value);
  });
}
