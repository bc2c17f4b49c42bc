/**
 * The rows of the *Biomed NLP* side panel (panel.ts): what each row holds (Node) and how it
 * looks (its TreeItem: label, description, tooltip, icon, and the reveal command that shows
 * its text in the note). The provider decides which rows there are; this module only draws them.
 */
import * as vscode from 'vscode';
import type { AgreementScore, AgreementTable, CheckStatementResult, LspRange, NoteOverview, OverviewEntity } from '../../server/src/protocol/protocol';
import { colourId, ENTITY_LEGEND, MODIFIER_LEGEND } from './legend';

/** One statement check and its result, kept until the note is closed. */
export interface CheckRecord {
  uri: string;
  statement: string;
  /** What it was checked against, in words ("the whole note", "the selection, lines 3-5"). */
  scope: string;
  result: CheckStatementResult;
}

export type Node =
  | GroupNode
  | { kind: 'type'; type: string; mentions: OverviewEntity[] }
  | { kind: 'mention'; uri: string; mention: OverviewEntity }
  | { kind: 'relation'; uri: string; relation: NoteOverview['relations'][number] }
  | { kind: 'finding'; uri: string; finding: NoteOverview['findings'][number] }
  | { kind: 'check'; check: CheckRecord; index: number }
  | { kind: 'evidence'; uri: string; range: LspRange; text: string; id: string }
  | { kind: 'legendType'; type: (typeof ENTITY_LEGEND)[number] }
  | { kind: 'legendModifier'; modifier: (typeof MODIFIER_LEGEND)[number] }
  | { kind: 'info'; label: string; id: string; description?: string; tooltip?: string };

export interface GroupNode {
  kind: 'group';
  id: 'entities' | 'relations' | 'findings' | 'agreement' | 'checks' | 'legend';
  label: string;
  count?: number;
}

/** What a row's looks depend on beyond the row itself: the panel's state. */
export interface RowContext {
  /** The note's analysis is still running. */
  pending: boolean;
  /** A check's number, stable while newer checks are added above it. */
  checkId(check: CheckRecord): number;
}

const VERDICT: Record<string, string> = {
  entailment: 'supported by the note',
  contradiction: 'contradicted by the note',
  neutral: 'not supported by the note',
};

const num = (x: number) => x.toFixed(1);
const prf = (s: AgreementScore) => `P ${num(s.precision)}  R ${num(s.recall)}  F1 ${num(s.f1)}`;

/** The Agreement rows of one scope (the note or its folder): one per type, then all types. */
export function agreementRows(scope: 'note' | 'folder', t: AgreementTable): Node[] {
  const types = [...new Set([...Object.keys(t.strict.perType), ...Object.keys(t.overlap.perType)])].sort();
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

function line(r: LspRange): number {
  return r.start.line + 1;
}

function oneLine(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function toRange(r: LspRange): vscode.Range {
  return new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character);
}

/** The TreeItem of a row. */
export function treeItem(node: Node, panel: RowContext): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  switch (node.kind) {
    case 'group': {
      const item = new vscode.TreeItem(node.label, node.id === 'legend' ? C.Collapsed : C.Expanded);
      item.id = `group:${node.id}`;
      if (node.count !== undefined) item.description = String(node.count);
      if (node.id === 'entities' && panel.pending) item.description = `${node.count ?? 0} (analysing…)`;
      item.contextValue = `group-${node.id}`;
      return item;
    }
    case 'type': {
      const legend = ENTITY_LEGEND.find((t) => t.id === node.type);
      const item = new vscode.TreeItem(legend?.label ?? node.type, C.Collapsed);
      item.id = `type:${node.type}`;
      item.description = String(node.mentions.length);
      item.iconPath = new vscode.ThemeIcon('circle-filled', new vscode.ThemeColor(colourId(node.type)));
      item.tooltip = legend?.description;
      return item;
    }
    case 'mention': {
      const m = node.mention;
      const item = new vscode.TreeItem(oneLine(m.text, 60), C.None);
      item.id = `mention:${m.type}:${m.range.start.line}:${m.range.start.character}`;
      const status = m.statuses.length ? m.statuses.join(', ') : 'affirmed';
      item.description = `line ${line(m.range)} · ${status}${m.related ? ' · related' : ''}`;
      item.tooltip = `${m.type}: “${m.text}”, line ${line(m.range)}${m.section ? `, section ${m.section}` : ''}. Status: ${status}.`;
      item.iconPath = new vscode.ThemeIcon(m.statuses.includes('negated') ? 'circle-slash' : 'circle-small-filled', new vscode.ThemeColor(colourId(m.type)));
      item.command = revealCommand(node.uri, m.range);
      return item;
    }
    case 'relation': {
      const r = node.relation;
      const item = new vscode.TreeItem(`${oneLine(r.head.text, 40)} → ${oneLine(r.tail.text, 40)}`, C.None);
      item.id = `relation:${r.label}:${r.head.range.start.line}:${r.head.range.start.character}:${r.tail.range.start.line}:${r.tail.range.start.character}`;
      item.description = `${r.words ?? r.label} (${r.label}) · line ${line(r.head.range)}${r.untrained ? ' · untrained for this model' : ''}`;
      item.tooltip = `“${r.head.text}” (${r.head.type}) ${r.words ?? r.label} “${r.tail.text}” (${r.tail.type})`;
      item.iconPath = new vscode.ThemeIcon('arrow-right');
      const [a, b] = [r.head.range, r.tail.range].sort((x, y) => x.start.line - y.start.line || x.start.character - y.start.character);
      item.command = revealCommand(node.uri, { start: a.start, end: b.end });
      return item;
    }
    case 'finding': {
      const f = node.finding;
      const item = new vscode.TreeItem(oneLine(f.statement), f.evidence.length ? C.Collapsed : C.None);
      item.id = `finding:${f.range.start.line}:${f.range.start.character}`;
      const verdict = f.state === 'pending' ? 'checking…' : f.state === 'failed' ? 'check failed' : VERDICT[f.label ?? 'neutral'];
      item.description = `${verdict} · line ${line(f.range)}`;
      item.tooltip = `“${f.statement}”: ${verdict}`;
      item.iconPath = new vscode.ThemeIcon(
        f.label === 'contradiction' ? 'warning' : f.label === 'entailment' ? 'pass' : f.state === 'pending' ? 'loading~spin' : 'info',
      );
      item.command = revealCommand(node.uri, f.range);
      return item;
    }
    case 'check': {
      const c = node.check;
      const item = new vscode.TreeItem(oneLine(c.statement), c.result.evidence.length ? C.Expanded : C.None);
      item.id = `check:${panel.checkId(c)}`;
      item.description = `${VERDICT[c.result.label]} · ${c.scope}`;
      item.tooltip = `“${c.statement}”: ${VERDICT[c.result.label]} (checked against ${c.scope})`;
      item.iconPath = new vscode.ThemeIcon(c.result.label === 'contradiction' ? 'warning' : c.result.label === 'entailment' ? 'pass' : 'info');
      return item;
    }
    case 'evidence': {
      const item = new vscode.TreeItem(oneLine(node.text), C.None);
      item.id = `evidence:${node.id}`;
      item.description = `evidence · line ${line(node.range)}`;
      item.tooltip = node.text;
      item.iconPath = new vscode.ThemeIcon('quote');
      item.command = revealCommand(node.uri, node.range);
      return item;
    }
    case 'legendType': {
      const t = node.type;
      const item = new vscode.TreeItem(t.label, C.None);
      item.id = `legend:${t.id}`;
      item.description = `${t.description.replace(/ \(.*\)$/, '')} · ${t.domain}`;
      item.tooltip = `${t.label}: ${t.description}. Example: “${t.example}”. Change it with editor.semanticTokenColorCustomizations (rule "${t.id}").`;
      item.iconPath = new vscode.ThemeIcon('circle-large-filled', new vscode.ThemeColor(colourId(t.id)));
      return item;
    }
    case 'legendModifier': {
      const m = node.modifier;
      const item = new vscode.TreeItem(m.id, C.None);
      item.id = `legend:${m.id}`;
      item.description = m.looks;
      item.tooltip = m.description;
      item.iconPath = new vscode.ThemeIcon('symbol-text');
      return item;
    }
    case 'info': {
      const item = new vscode.TreeItem(node.label, C.None);
      item.id = `info:${node.id}`;
      if (node.description) item.description = node.description;
      if (node.tooltip) item.tooltip = node.tooltip;
      return item;
    }
  }
}

function revealCommand(uri: string, range: LspRange): vscode.Command {
  return { command: 'biomedNlp.panel.reveal', title: 'Show in the note', arguments: [uri, range] };
}

/** biomedNlp.panel.reveal: shows `range` of the note in its editor, selected. */
export async function revealInNote(uri: string, range: LspRange): Promise<void> {
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.parse(uri));
  const editor = await vscode.window.showTextDocument(doc, { preserveFocus: false, preview: false });
  const r = toRange(range);
  editor.selection = new vscode.Selection(r.start, r.end);
  editor.revealRange(r, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}
