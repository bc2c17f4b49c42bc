/**
 * The *Biomed NLP* side panel: the active note's entities grouped by type (with counts, then
 * each mention), relations, NLI findings, the results of statement checks, and the colour
 * legend, and where curation is on for the note its Agreement (the model against the curated
 * entities, CurationAgreementRequest). A thin view over the server's NoteOverviewRequest; it follows the active editor and
 * asks again when the server says the note's results changed (AnalysisChangedNotification).
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CurationAgreementRequest,
  NoteOverviewRequest,
  type AgreementScore,
  type AgreementTable,
  type CurationAgreementResult,
  type LspRange,
  type NoteOverview,
  type OverviewEntity,
} from '../../server/src/protocol/protocol';
import { ENTITY_LEGEND, MODIFIER_LEGEND } from './legend';
import { sendRequest } from './requests';
import { CheckRecord, Node, treeItem } from './panelItems';
import { phiText } from './statusText';

export const VIEW_ID = 'biomedNlp.note';

/** Filter values for mentions with no status (affirmed, about the patient, now). */
export const STATUS_FILTERS = ['affirmed', 'negated', 'possible', 'historical', 'hypothetical', 'family'] as const;

export type StatusFilter = (typeof STATUS_FILTERS)[number];

const num = (x: number) => x.toFixed(1);

const prf = (s: AgreementScore) => `P ${num(s.precision)}  R ${num(s.recall)}  F1 ${num(s.f1)}`;

/** The Agreement rows of one scope (the note or its folder): one per type, then all types. */
function agreementRows(scope: 'note' | 'folder', t: AgreementTable): Node[] {
  // Only types with something reviewed or curated: a row of zeros over nothing says nothing.
  const seen = (s: AgreementScore | undefined) => !!s && s.tp + s.fp + s.fn > 0;
  const types = [...new Set([...Object.keys(t.strict.perType), ...Object.keys(t.overlap.perType)])]
    .filter((type) => seen(t.strict.perType[type]) || seen(t.overlap.perType[type]))
    .sort();
  const row = (type: string, s: AgreementScore | undefined, o: AgreementScore | undefined): Node => {
    const zero = { tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f1: 0 };
    const [st, ov] = [s ?? zero, o ?? zero];
    return {
      kind: 'info',
      id: `agreement-${scope}-${type}`,
      label: type,
      description: `${prf(st)} (strict) · ${prf(ov)} (overlap)`,
      tooltip: `${type}: strict ${st.tp} matched, ${st.fp} only the model's, ${st.fn} only curated; overlap ${ov.tp} matched, ${ov.fp} only the model's, ${ov.fn} only curated.`,
    };
  };
  return [...types.map((type) => row(type, t.strict.perType[type], t.overlap.perType[type])), row('all types', t.strict.micro, t.overlap.micro)];
}

/** Nothing to score: no mention reviewed and nothing curated. */
const nothingReviewed = (t: AgreementTable) => t.reviewed === 0 && t.curated === 0;
const reviewedText = (t: AgreementTable) => `${t.reviewed} of ${t.mentions} mention${t.mentions === 1 ? '' : 's'} reviewed`;

function toRange(r: LspRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

export function mentionStatuses(m: OverviewEntity): StatusFilter[] {
  return m.statuses.length ? m.statuses : ['affirmed'];
}

export class NotePanel implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  readonly view: vscode.TreeView<Node>;
  private overview: NoteOverview | null = null;
  private agreement: CurationAgreementResult | null = null;
  private uri: string | undefined;
  private types: Set<string> | undefined;
  private statuses: Set<StatusFilter> | undefined;
  private readonly checks: CheckRecord[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private requestSeq = 0;
  private readonly groups = new Map<string, Node>();

  constructor(
    /** The running client, if the server has started. */
    private readonly client: () => LanguageClient | undefined,
    /** Whether a document is one the server analyses (biomedNlp.languages). */
    private readonly analysed: (doc: vscode.TextDocument) => boolean,
    /** What undone work waits for (the status: Ollama unreachable), so the panel does not say "analysing" meanwhile. */
    private readonly waitingFor: () => string | undefined = () => undefined,
  ) {
    this.view = vscode.window.createTreeView(VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changed,
      vscode.window.onDidChangeActiveTextEditor(() => void this.refresh()),
      vscode.workspace.onDidCloseTextDocument((d) => {
        // Checks belong to the open note.
        const uri = d.uri.toString();
        for (let i = this.checks.length - 1; i >= 0; i--) if (this.checks[i].uri === uri) this.checks.splice(i, 1);
      }),
      this.view.onDidChangeVisibility(() => void this.refresh()),
    );
    void this.refresh();
  }

  /** The note shown: the active editor's, or the last analysed one while another panel has focus. */
  private target(): string | undefined {
    const doc = vscode.window.activeTextEditor?.document;
    if (doc && this.analysed(doc)) return doc.uri.toString();
    if (doc) return undefined;
    // Focus in the panel itself or another non-editor part: keep showing the note.
    return this.uri;
  }

  /** The latest refresh, so that a reveal can wait for the rows it replaces. */
  private refreshing: Promise<void> = Promise.resolve();

  /** Asks the server again; called on editor changes and when the server says results changed. */
  refresh(changedUri?: string): Promise<void> {
    // Results of another note change nothing shown (and must not stand for the refresh a reveal waits for).
    if (changedUri && changedUri !== this.target()) return Promise.resolve();
    const done = this.load();
    this.refreshing = done;
    return done;
  }

  private async load(): Promise<void> {
    const uri = this.target();
    this.uri = uri;
    const client = this.client();
    const seq = ++this.requestSeq;
    let overview: NoteOverview | null = null;
    let agreement: CurationAgreementResult | null = null;
    if (uri && client && this.view.visible) {
      [overview, agreement] = await Promise.all([
        sendRequest(client, NoteOverviewRequest, { uri }).catch(() => null),
        sendRequest(client, CurationAgreementRequest, { uri }).catch(() => null),
      ]);
      // A later refresh has begun meanwhile: its answer is the one to show.
      if (seq !== this.requestSeq) return;
    }
    this.overview = overview;
    this.agreement = agreement?.enabled ? agreement : null;
    this.view.message = !uri
      ? 'Open a clinical note (a language of biomedNlp.languages) to see its entities, relations and findings.'
      : !overview
        ? 'Analysing the note…'
        : undefined;
    this.view.description = this.filterText();
    this.changed.fire(undefined);
  }

  /** The server's state changed: what the rows say about waiting may have. */
  statusChanged(): void {
    if (this.overview) this.changed.fire(undefined);
  }

  /** A check's number, stable while newer checks are added above it. */
  private checkId(check: CheckRecord): number {
    return this.checks.length - this.checks.indexOf(check);
  }

  addCheck(check: CheckRecord): void {
    this.checks.unshift(check);
    this.changed.fire(undefined);
  }

  setTypeFilter(types: string[] | undefined): void {
    this.types = types && types.length < ENTITY_LEGEND.length ? new Set(types) : undefined;
    this.view.description = this.filterText();
    this.changed.fire(undefined);
  }

  setStatusFilter(statuses: StatusFilter[] | undefined): void {
    this.statuses = statuses && statuses.length < STATUS_FILTERS.length ? new Set(statuses) : undefined;
    this.view.description = this.filterText();
    this.changed.fire(undefined);
  }

  get filters(): { types?: string[]; statuses?: StatusFilter[] } {
    return { types: this.types && [...this.types], statuses: this.statuses && [...this.statuses] };
  }

  private filterText(): string | undefined {
    const parts = [...(this.types ? [[...this.types].join(', ')] : []), ...(this.statuses ? [[...this.statuses].join(', ')] : [])];
    return parts.length ? `filtered: ${parts.join(' · ')}` : undefined;
  }

  private visibleMentions(): OverviewEntity[] {
    return (this.overview?.entities ?? []).filter(
      (m) => (!this.types || this.types.has(m.type)) && (!this.statuses || mentionStatuses(m).some((s) => this.statuses!.has(s))),
    );
  }

  /** Reveals the legend group (the status menu's *Show the Colour Legend*). */
  async revealLegend(): Promise<void> {
    await vscode.commands.executeCommand(`${VIEW_ID}.focus`);
    const legend = this.group('legend', 'Colour legend');
    // Focusing the view refreshes it; a reveal that reaches the workbench while it is still
    // replacing the rows fails with "Data tree node not found", so wait and try again.
    for (let attempt = 1; ; attempt++) {
      await this.refreshing;
      try {
        const quiet = { focus: false, select: false };
        await this.view.reveal(legend, { ...quiet, expand: true });
        // Below the note's groups the legend's rows may lie past the view's bottom: scroll to
        // its last row, then back to its header, so that as much of it shows as fits.
        const rows = this.getChildren(legend);
        if (rows.length) await this.view.reveal(rows[rows.length - 1], quiet);
        await this.view.reveal(legend, quiet);
        return;
      } catch (err) {
        if (attempt === 5) throw err;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }

  /** Group nodes are kept so that reveal() finds the same element. */
  private group(id: Extract<Node, { kind: 'group' }>['id'], label: string, count?: number): Node {
    let g = this.groups.get(id) as Extract<Node, { kind: 'group' }> | undefined;
    if (!g) {
      g = { kind: 'group', id, label };
      this.groups.set(id, g);
    }
    g.count = count;
    return g;
  }

  getParent(node: Node): Node | undefined {
    if (node.kind === 'legendType' || node.kind === 'legendModifier') return this.groups.get('legend');
    return undefined;
  }

  getChildren(node?: Node): Node[] {
    const o = this.overview;
    if (!node) {
      const roots: Node[] = [];
      if (o) {
        const mentions = this.visibleMentions();
        roots.push(this.group('entities', 'Entities', mentions.length));
        roots.push(this.group('relations', 'Relations', this.visibleRelations().length));
        roots.push(this.group('findings', 'NLI findings', o.findings.length));
        // The PHI the rules find (biomedNlp.deidentify.show), counted.
        if (o.progress.phi)
          roots.push({
            kind: 'info',
            id: 'phi',
            label: 'PHI',
            description: phiText(o.progress.phi),
            tooltip: 'Protected health information the rules find, no model: de-identify before sharing (Biomed NLP: Save a De-identified Copy).',
          });
        if (this.agreement) roots.push(this.group('agreement', 'Agreement'));
      }
      const checks = this.checks.filter((c) => c.uri === this.uri);
      roots.push(this.group('checks', 'Checks', checks.length));
      roots.push(this.group('legend', 'Colour legend'));
      return roots;
    }
    const uri = this.uri ?? '';
    switch (node.kind) {
      case 'group':
        switch (node.id) {
          case 'entities': {
            const mentions = this.visibleMentions();
            return ENTITY_LEGEND.map((t) => ({ kind: 'type' as const, type: t.id, mentions: mentions.filter((m) => m.type === t.id) })).filter(
              (t) => t.mentions.length > 0,
            );
          }
          case 'relations':
            return this.visibleRelations().map((relation) => ({ kind: 'relation' as const, uri, relation }));
          case 'findings':
            return (o?.findings ?? []).map((finding) => ({ kind: 'finding' as const, uri, finding }));
          case 'agreement': {
            const a = this.agreement;
            if (!a?.note) return [];
            const nodes: Node[] = [
              {
                kind: 'info',
                id: 'agreement-note',
                label: 'This note',
                description: `${reviewedText(a.note)}${a.pending ? ' (analysing…)' : ''}`,
                tooltip: 'Only the mentions you reviewed (accepted, corrected or rejected) are scored, against your curated entities.',
              },
            ];
            if (nothingReviewed(a.note)) {
              nodes.push({ kind: 'info', id: 'agreement-none', label: 'Nothing reviewed yet: accept, correct or reject suggestions to score the model.' });
              return nodes;
            }
            nodes.push(...agreementRows('note', a.note));
            if (a.folder) {
              const skipped = a.folder.notOpen.length;
              nodes.push({
                kind: 'info',
                id: 'agreement-folder',
                label: 'Folder',
                description: `${a.folder.notes} open curated note${a.folder.notes === 1 ? '' : 's'} · ${reviewedText(a.folder)}${skipped ? ` · ${skipped} not open: open the note${skipped === 1 ? '' : 's'} to compare` : ''}`,
                tooltip: skipped ? `Not scored (the model's entities of a note are known only while it is open): ${a.folder.notOpen.join(', ')}` : undefined,
              });
              if (!nothingReviewed(a.folder)) nodes.push(...agreementRows('folder', a.folder));
            }
            return nodes;
          }
          case 'checks': {
            const checks = this.checks.filter((c) => c.uri === this.uri);
            return checks.length
              ? checks.map((check, index) => ({ kind: 'check' as const, check, index }))
              : [{ kind: 'info', id: 'checks-empty', label: 'Run “Check a Statement Against the Note” to check a statement.' }];
          }
          case 'legend':
            return [
              ...ENTITY_LEGEND.map((type) => ({ kind: 'legendType' as const, type })),
              ...MODIFIER_LEGEND.filter((m) => m.id !== 'uncertain').map((modifier) => ({ kind: 'legendModifier' as const, modifier })),
            ];
        }
        return [];
      case 'type':
        return node.mentions.map((mention) => ({ kind: 'mention' as const, uri, mention }));
      case 'finding':
        return node.finding.evidence.map((e, i) => ({
          kind: 'evidence' as const,
          uri,
          range: e.range,
          text: e.text,
          // Ids are unique in the whole tree: several findings can share a line.
          id: `f${node.finding.range.start.line}:${node.finding.range.start.character}-${i}`,
        }));
      case 'check':
        return node.check.result.evidence.map((e, i) => ({
          kind: 'evidence' as const,
          uri: node.check.uri,
          range: e.range,
          text: e.text,
          id: `c${this.checkId(node.check)}-${i}`,
        }));
      default:
        return [];
    }
  }

  /** Relations whose head or tail passes the filters. */
  private visibleRelations(): NoteOverview['relations'] {
    const ok = (type: string) => !this.types || this.types.has(type);
    return (this.overview?.relations ?? []).filter((r) => ok(r.head.type) || ok(r.tail.type));
  }

  getTreeItem(node: Node): vscode.TreeItem {
    const o = this.overview;
    const sentencesLeft = o ? o.progress.sentences.total - o.progress.sentences.done : 0;
    return treeItem(node, { pending: !!o?.pending, waitingFor: this.waitingFor(), sentencesLeft, checkId: (c) => this.checkId(c) });
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

/** biomedNlp.panel.reveal: shows `range` of the note in its editor, selected. */
export async function revealInNote(uri: string, range: LspRange): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false, preview: false });
  const r = toRange(range);
  editor.selection = new vscode.Selection(r.start, r.end);
  editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

/** The filter pickers of the panel's title bar. */
export async function pickTypeFilter(panel: NotePanel): Promise<void> {
  const current = panel.filters.types;
  const picked = await vscode.window.showQuickPick(
    ENTITY_LEGEND.map((t) => ({ label: t.label, description: t.domain, id: t.id, picked: !current || current.includes(t.id) })),
    { canPickMany: true, title: 'Biomed NLP: show the entities of these types' },
  );
  if (picked) panel.setTypeFilter(picked.map((p) => p.id));
}

export async function pickStatusFilter(panel: NotePanel): Promise<void> {
  const current = panel.filters.statuses;
  const words: Record<StatusFilter, string> = {
    affirmed: 'no status: present, about the patient, now',
    negated: 'the text says it is absent',
    possible: 'hedged',
    historical: 'known before this visit (may still be active)',
    hypothetical: 'may happen',
    family: 'someone other than the patient',
  };
  const picked = await vscode.window.showQuickPick(
    STATUS_FILTERS.map((s) => ({ label: s, description: words[s], picked: !current || current.includes(s) })),
    { canPickMany: true, title: 'Biomed NLP: show the mentions with these statuses' },
  );
  if (picked) panel.setStatusFilter(picked.map((p) => p.label as StatusFilter));
}
