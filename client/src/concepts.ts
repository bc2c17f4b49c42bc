/**
 * The *Concepts* view of the Biomed NLP side bar: the concepts of the workspace's indexed
 * notes (concept → notes → mentions, with counts per status), filtered by type, status and a
 * query (*Find a Concept in Notes…*). A thin view over the server's FindConceptsRequest; it
 * asks again when the server says the index changed (IndexChangedNotification).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  FindConceptsRequest,
  type FindConceptsResult,
  type FoundConceptGroup,
  type FoundMention,
  type FindConceptsParams,
} from '../../server/src/protocol/protocol';
import { conceptMentionRow, conceptNoteRow, conceptRow } from './conceptRows';
import { colourId, ENTITY_LEGEND } from './legend';
import { STATUS_FILTERS, type StatusFilter } from './panel';
import { revealCommand } from './panelItems';
import { sendRequest } from './requests';

export const CONCEPTS_VIEW_ID = 'biomedNlp.concepts';

type ConceptNode =
  | { kind: 'concept'; concept: FoundConceptGroup }
  | { kind: 'note'; key: string; note: FoundConceptGroup['notes'][number] }
  | { kind: 'mention'; key: string; uri: string; mention: FoundMention };

export class ConceptsView implements vscode.TreeDataProvider<ConceptNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ConceptNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<ConceptNode>;
  private result: FindConceptsResult | null = null;
  private types: string[] | undefined;
  private statuses: StatusFilter[] | undefined;
  private query: string | undefined;
  /** The query in words: the concept's name where it is an ID. */
  private shown: string | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private requestSeq = 0;

  constructor(
    /** The running client, if the server has started. */
    private readonly client: () => LanguageClient | undefined,
  ) {
    this.view = vscode.window.createTreeView(CONCEPTS_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      this.view.onDidChangeVisibility(() => void this.refresh()),
    );
    void this.refresh();
  }

  /** Asks the server again: at start, when the index or a filter changed, when the view shows. */
  async refresh(): Promise<void> {
    const client = this.client();
    const seq = ++this.requestSeq;
    let result: FindConceptsResult | null = null;
    if (client && this.view.visible) {
      result = await sendRequest(client, FindConceptsRequest, {
        query: this.query,
        types: this.types,
        statuses: this.statuses as FindConceptsParams['statuses'],
      }).catch(() => null);
      // A later refresh has begun meanwhile: its answer is the one to show.
      if (seq !== this.requestSeq) return;
    }
    this.result = result;
    this.describe();
    this.changed.fire(undefined);
  }

  /**
   * The view's description and its message; none while the index is empty, so that the welcome
   * shows. The title bar holds few characters beside its actions (it once showed "Sh…"): it
   * says "filtered" at most, and the message says what is shown and which filters hold.
   */
  private describe(): void {
    const r = this.result;
    const filters = [...(this.types ? [this.types.join(', ')] : []), ...(this.statuses ? [this.statuses.join(', ')] : [])];
    this.view.description = filters.length ? 'filtered' : undefined;
    const notes = r ? `${r.indexed} note${r.indexed === 1 ? '' : 's'} indexed` : '';
    const filtered = filters.length ? ` Filtered: ${filters.join(' · ')}.` : '';
    this.view.message =
      !r || r.indexed === 0
        ? undefined
        : this.query
          ? `Showing “${this.shown}” in ${notes}${r.concepts.length ? '' : ': no mention matches'}.${filtered}`
          : r.concepts.length
            ? filtered.trim() || undefined
            : `No concept of these types and statuses in ${notes}.${filtered}`;
  }

  get filters(): { types?: string[]; statuses?: StatusFilter[]; query?: string } {
    return { types: this.types, statuses: this.statuses, query: this.query };
  }

  setTypeFilter(types: string[] | undefined): Promise<void> {
    this.types = types && types.length < ENTITY_LEGEND.length ? types : undefined;
    return this.refresh();
  }

  setStatusFilter(statuses: StatusFilter[] | undefined): Promise<void> {
    this.statuses = statuses && statuses.length < STATUS_FILTERS.length ? statuses : undefined;
    return this.refresh();
  }

  /** *Find a Concept in Notes…*: shows the concepts matching `query` (a name or an ID); undefined shows them all. */
  async setQuery(query: string | undefined, shown?: string): Promise<void> {
    this.query = query?.trim() || undefined;
    this.shown = this.query && (shown?.trim() || this.query);
    await vscode.commands.executeCommand('setContext', 'biomedNlp.conceptsQuery', !!this.query);
    await vscode.commands.executeCommand(`${CONCEPTS_VIEW_ID}.focus`);
    await this.refresh();
  }

  getParent(): undefined {
    return undefined;
  }

  getChildren(node?: ConceptNode): ConceptNode[] {
    if (!node) return (this.result?.concepts ?? []).map((concept) => ({ kind: 'concept' as const, concept }));
    if (node.kind === 'concept') return node.concept.notes.map((note) => ({ kind: 'note' as const, key: node.concept.key, note }));
    if (node.kind === 'note') return node.note.mentions.map((mention) => ({ kind: 'mention' as const, key: node.key, uri: node.note.uri, mention }));
    return [];
  }

  getTreeItem(node: ConceptNode): vscode.TreeItem {
    const C = vscode.TreeItemCollapsibleState;
    switch (node.kind) {
      case 'concept': {
        const text = conceptRow(node.concept);
        // One concept found: open it at once.
        const single = (this.result?.concepts.length ?? 0) === 1;
        const item = new vscode.TreeItem(text.label, single ? C.Expanded : C.Collapsed);
        item.id = `concept:${node.concept.key}:${node.concept.type}`;
        item.description = text.description;
        item.tooltip = text.tooltip;
        item.iconPath = new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor(colourId(node.concept.type)));
        return item;
      }
      case 'note': {
        const text = conceptNoteRow(node.note);
        const item = new vscode.TreeItem(text.label, C.Collapsed);
        item.id = `concept:${node.key}:${node.note.uri}`;
        item.description = text.description;
        item.tooltip = text.tooltip;
        item.resourceUri = vscode.Uri.parse(node.note.uri);
        item.iconPath = vscode.ThemeIcon.File;
        return item;
      }
      case 'mention': {
        const m = node.mention;
        const text = conceptMentionRow(m);
        const item = new vscode.TreeItem(text.label, C.None);
        item.id = `concept:${node.key}:${node.uri}:${m.range.start.line}:${m.range.start.character}`;
        item.description = text.description;
        item.tooltip = text.tooltip;
        item.iconPath = new vscode.ThemeIcon(m.statuses.includes('negated') ? 'circle-slash' : 'circle-small-filled', new vscode.ThemeColor(colourId(m.type)));
        item.command = revealCommand(node.uri, m.range);
        return item;
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** The filter pickers of the view's title bar. */
export async function pickConceptTypes(view: ConceptsView): Promise<void> {
  const current = view.filters.types;
  const picked = await vscode.window.showQuickPick(
    ENTITY_LEGEND.map((t) => ({ label: t.label, description: t.domain, id: t.id, picked: !current || current.includes(t.id) })),
    { canPickMany: true, title: 'Biomed NLP: show the concepts of these types' },
  );
  if (picked) await view.setTypeFilter(picked.map((p) => p.id));
}

export async function pickConceptStatuses(view: ConceptsView): Promise<void> {
  const current = view.filters.statuses;
  const picked = await vscode.window.showQuickPick(
    STATUS_FILTERS.map((s) => ({ label: s, picked: !current || current.includes(s) })),
    { canPickMany: true, title: 'Biomed NLP: show the mentions with these statuses' },
  );
  if (picked) await view.setStatusFilter(picked.map((p) => p.label));
}
