/**
 * The status bar item and the one-time messages for error states (modelHelp.ts says what
 * they offer). Messages appear when the state changes into an error, not for every failed
 * request.
 */
import * as vscode from 'vscode';
import type { NoteProgress, NotesProgressParams, StatusParams } from '../../server/src/protocol/protocol';
import { MENU, NOT_IN_MENU } from './menu';
import { modelHelp, nextOutage } from './modelHelp';
import { isAway, modelWait } from './modelWait';
import { showModelHelp } from './showModelHelp';
import { progressText, shortModel, statusText, tooltipParagraphs, tooltipTitle } from './statusText';

export class StatusView implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('biomedNlp.status', vscode.StatusBarAlignment.Right, 100);
  /** The outage last announced, until a model answers (nextOutage). */
  private outage = '';

  constructor(
    private readonly onRetry: () => void,
    private readonly onShowLog: () => void,
    /** The extension's version (package.json), named in the tooltip: what a bug report needs first. */
    private readonly version = '',
  ) {
    this.item.name = 'Biomed NLP';
    this.item.command = 'biomedNlp.showMenu';
    this.update({ state: 'starting', model: '', host: '', profile: '', done: 0, total: 0 });
    this.item.show();
  }

  private last: StatusParams = { state: 'starting', model: '', host: '', profile: '', done: 0, total: 0 };
  private notes: NotesProgressParams['notes'] = {};
  private readonly listeners = [vscode.window.onDidChangeActiveTextEditor(() => this.render())];

  /** The latest status, for the menu (model and engine). */
  get current(): StatusParams {
    return this.last;
  }

  /** Each open note's counts (NotesProgressNotification). */
  updateNotes(p: NotesProgressParams): void {
    this.notes = p.notes;
    this.render();
  }

  /** The active note's counts, when it is an analysed note. */
  private activeNote(): NoteProgress | undefined {
    const uri = vscode.window.activeTextEditor?.document.uri.toString();
    return uri ? this.notes[uri] : undefined;
  }

  update(s: StatusParams): void {
    this.last = s;
    modelWait.update(s);
    this.render();
    const next = nextOutage(this.outage, s);
    if (next.announce) void this.announce(s);
    this.outage = next.outage;
  }

  private render(): void {
    const s = this.last;
    const note = this.activeNote();
    this.item.text = statusText(s, note);
    // Server messages may quote an error text: appended as plain text, never markdown. Each
    // line is ours (broken at spaces): appendText's spaces are &nbsp;, which the hover would
    // otherwise break inside a word.
    const tooltip = new vscode.MarkdownString();
    tooltip.appendMarkdown(`**${tooltipTitle(this.version)}**: `).appendText(s.state);
    for (const lines of tooltipParagraphs(s, note)) {
      tooltip.appendMarkdown('\n\n');
      lines.forEach((l, i) => (i ? tooltip.appendMarkdown('\\\n') : tooltip).appendText(l));
    }
    this.item.tooltip = tooltip;
    // Screen readers hear the note's counts too (the text alone says only the state).
    this.item.accessibilityInformation = {
      label: [this.item.text.replace(/\$\([^)]*\)\s*/g, ''), ...(note ? [`This note: ${progressText(note, s)}`] : [])].join('. '),
    };
    this.item.backgroundColor = isAway(s) || s.state === 'error' ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  /** The state's one message with its ways forward (modelHelp.ts), shown when the state begins. */
  private async announce(s: StatusParams): Promise<void> {
    const help = modelHelp(s);
    if (help) await showModelHelp(help, this.onRetry);
  }

  dispose(): void {
    this.item.dispose();
    for (const l of this.listeners) l.dispose();
  }
}

/**
 * The status item's menu: the current model and engine first, then every command of the
 * extension (menu.ts orders and labels the known ones; any other contributed command
 * follows with its title), the walkthrough, the legend and the settings.
 */
export async function showMenu(status: StatusParams | undefined): Promise<void> {
  type Item = vscode.QuickPickItem & { command?: string; args?: unknown[] };
  const items: Item[] = [];
  if (status?.model) {
    items.push({
      label: `$(hubot) ${shortModel(status.model)}`,
      description: `${status.engine ?? 'ollama'} engine · ${status.profile} profile`,
      detail: `${status.model} at ${status.host} · ${status.state} (choose another model)`,
      command: 'biomedNlp.selectModel',
    });
    items.push({ label: '', kind: vscode.QuickPickItemKind.Separator });
  }
  for (const e of MENU) items.push({ label: e.label, command: e.command, args: e.args });
  const known = new Set([...MENU.map((e) => e.command), ...NOT_IN_MENU]);
  const contributed = (vscode.extensions.getExtension('biomed-nlp.biomed-nlp')?.packageJSON?.contributes?.commands ?? []) as {
    command: string;
    title: string;
    category?: string;
  }[];
  for (const c of contributed) {
    if (!known.has(c.command) && !c.command.startsWith('biomedNlp.panel.')) items.push({ label: c.title, description: c.category, command: c.command });
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Biomed NLP', matchOnDescription: true });
  if (picked?.command) await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
}
