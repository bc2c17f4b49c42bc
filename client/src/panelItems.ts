/**
 * How the side panel's nodes look: the node kinds of its tree, and the TreeItem of each
 * (label, description, tooltip, icon and the command that reveals it in the note).
 */
import * as vscode from 'vscode';
import { oneLine, type CheckStatementResult, type LspRange, type NoteOverview, type OverviewEntity } from '../../server/src/protocol/protocol';
import { colourId, ENTITY_LEGEND, MODIFIER_LEGEND } from './legend';
import { legendTypeWords, mentionRow, relationRow, verdictLabel, VERDICT_HEAD } from './rowText';

export const VERDICT: Record<string, string> = {
  entailment: 'supported by the note',
  contradiction: 'contradicted by the note',
  neutral: 'not supported by the note',
};

/** One statement check and its result, kept until the note is closed. */
export interface CheckRecord {
  uri: string;
  statement: string;
  /** What it was checked against, in words ("the whole note", "the selection, lines 3-5"). */
  scope: string;
  result: CheckStatementResult;
}

export type Node =
  | { kind: 'group'; id: 'entities' | 'relations' | 'findings' | 'agreement' | 'checks' | 'legend'; label: string; count?: number }
  | { kind: 'type'; type: string; mentions: OverviewEntity[] }
  | { kind: 'mention'; uri: string; mention: OverviewEntity }
  | { kind: 'relation'; uri: string; relation: NoteOverview['relations'][number] }
  | { kind: 'finding'; uri: string; finding: NoteOverview['findings'][number] }
  | { kind: 'check'; check: CheckRecord; index: number }
  | { kind: 'evidence'; uri: string; range: LspRange; text: string; id: string }
  | { kind: 'legendType'; type: (typeof ENTITY_LEGEND)[number] }
  | { kind: 'legendModifier'; modifier: (typeof MODIFIER_LEGEND)[number] }
  | { kind: 'info'; label: string; id: string; description?: string; tooltip?: string };

export function line(r: LspRange): number {
  return r.start.line + 1;
}

export function revealCommand(uri: string, range: LspRange): vscode.Command {
  return { command: 'biomedNlp.panel.reveal', title: 'Show in the note', arguments: [uri, range] };
}

/** What a node's look depends on beyond the node itself. */
export interface PanelState {
  /** The note's analysis is still running. */
  pending: boolean;
  /** What its undone work waits for (Ollama unreachable), from the status; undefined while it runs. */
  waitingFor?: string;
  /** Sentences whose entities are not known yet (failed requests leave the analysis not pending, but undone). */
  sentencesLeft?: number;
  /** A statement check's stable id in the tree. */
  checkId(check: CheckRecord): number;
}

export function treeItem(node: Node, view: PanelState): vscode.TreeItem {
  const C = vscode.TreeItemCollapsibleState;
  switch (node.kind) {
    case 'group': {
      const item = new vscode.TreeItem(node.label, node.id === 'legend' ? C.Collapsed : C.Expanded);
      item.id = `group:${node.id}`;
      if (node.count !== undefined) item.description = String(node.count);
      if (node.id === 'entities' && view.sentencesLeft && view.waitingFor) item.description = `${node.count ?? 0} (waiting for ${view.waitingFor})`;
      else if (node.id === 'entities' && view.pending) item.description = `${node.count ?? 0} (analysing…)`;
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
      const text = mentionRow(m);
      const item = new vscode.TreeItem(text.label, C.None);
      item.id = `mention:${m.type}:${m.range.start.line}:${m.range.start.character}`;
      item.description = text.description;
      item.tooltip = text.tooltip;
      item.iconPath = new vscode.ThemeIcon(m.statuses.includes('negated') ? 'circle-slash' : 'circle-small-filled', new vscode.ThemeColor(colourId(m.type)));
      item.command = revealCommand(node.uri, m.range);
      return item;
    }
    case 'relation': {
      const r = node.relation;
      const text = relationRow(r);
      const item = new vscode.TreeItem(text.label, C.None);
      item.id = `relation:${r.label}:${r.head.range.start.line}:${r.head.range.start.character}:${r.tail.range.start.line}:${r.tail.range.start.character}`;
      item.description = text.description;
      item.tooltip = text.tooltip;
      item.iconPath = new vscode.ThemeIcon('arrow-right');
      const [a, b] = [r.head.range, r.tail.range].sort((x, y) => x.start.line - y.start.line || x.start.character - y.start.character);
      item.command = revealCommand(node.uri, { start: a.start, end: b.end });
      return item;
    }
    case 'finding': {
      const f = node.finding;
      // While the model is away an unchecked statement waits: "failed" would read as a fault of the statement.
      const waiting = f.state !== 'done' && view.waitingFor ? `not checked yet: waiting for ${view.waitingFor}` : undefined;
      const verdict = waiting ?? (f.state === 'pending' ? 'checking…' : f.state === 'failed' ? 'check failed' : VERDICT[f.label ?? 'neutral']);
      const head = waiting
        ? 'Not checked yet'
        : f.state === 'pending'
          ? 'Checking…'
          : f.state === 'failed'
            ? 'Check failed'
            : VERDICT_HEAD[f.label ?? 'neutral'];
      // The verdict first: at the sidebar's default width the statement after it may be cut.
      const item = new vscode.TreeItem(verdictLabel(head, f.statement), f.evidence.length ? C.Collapsed : C.None);
      item.id = `finding:${f.range.start.line}:${f.range.start.character}`;
      const decides = f.state === 'done' && f.label !== 'neutral' ? f.evidence[0] : undefined;
      item.description = waiting ?? (decides ? `line ${line(decides.range)}: “${oneLine(decides.text, 60)}”` : `line ${line(f.range)}`);
      item.tooltip = `“${f.statement}”: ${verdict} (line ${line(f.range)})${decides ? `. Deciding sentence, line ${line(decides.range)}: “${decides.text}”` : ''}`;
      item.iconPath = new vscode.ThemeIcon(
        f.label === 'contradiction' ? 'warning' : f.label === 'entailment' ? 'pass' : waiting ? 'clock' : f.state === 'pending' ? 'loading~spin' : 'info',
      );
      item.command = revealCommand(node.uri, f.range);
      return item;
    }
    case 'check': {
      const c = node.check;
      const item = new vscode.TreeItem(verdictLabel(VERDICT_HEAD[c.result.label], c.statement), c.result.evidence.length ? C.Expanded : C.None);
      item.id = `check:${view.checkId(c)}`;
      item.description = c.scope;
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
      // What it covers, short enough to show whole at the default width (all of it in the tooltip).
      item.description = legendTypeWords(t);
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
