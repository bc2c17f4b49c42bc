/**
 * The status bar item and the one-time messages for error states. Messages appear when
 * the state changes into an error, not for every failed request.
 */
import * as vscode from 'vscode';
import type { StatusParams } from '../../server/src/protocol/protocol';

const ICONS: Record<string, string> = {
  starting: '$(loading~spin)',
  idle: '$(beaker)',
  analysing: '$(loading~spin)',
  ready: '$(beaker)',
  unreachable: '$(debug-disconnect)',
  'model-missing': '$(cloud-download)',
  'remote-refused': '$(shield)',
  error: '$(warning)',
};

/** The model's short name: the last path segment, without the registry host. */
export function shortModel(model: string): string {
  return model.split('/').pop() ?? model;
}

export function statusText(s: StatusParams): string {
  const state = stateText(s);
  const speed = s.tokensPerSecond ? ` · ${s.tokensPerSecond.toFixed(0)} tok/s` : '';
  return s.model ? `${state} · ${shortModel(s.model)}${speed}` : state;
}

function stateText(s: StatusParams): string {
  const icon = ICONS[s.state] ?? '$(beaker)';
  switch (s.state) {
    case 'analysing':
      return `${icon} Biomed: analysing ${s.done}/${s.total} sentences`;
    case 'unreachable':
      return s.engine === 'embedded' ? `${icon} Biomed: embedded engine unavailable` : `${icon} Biomed: Ollama unreachable`;
    case 'model-missing':
      return `${icon} Biomed: model missing`;
    case 'remote-refused':
      return `${icon} Biomed: remote host refused`;
    case 'error':
      return `${icon} Biomed: errors`;
    case 'starting':
      return `${icon} Biomed: starting`;
    default:
      return `${icon} Biomed: ready`;
  }
}

export class StatusView implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('biomedNlp.status', vscode.StatusBarAlignment.Right, 100);
  private lastState = '';

  constructor(
    private readonly onRetry: () => void,
    private readonly onShowLog: () => void,
  ) {
    this.item.name = 'Biomed NLP';
    this.item.command = 'biomedNlp.showMenu';
    this.update({ state: 'starting', model: '', host: '', profile: '', done: 0, total: 0 });
    this.item.show();
  }

  update(s: StatusParams): void {
    this.item.text = statusText(s);
    const speed = s.tokensPerSecond ? `\n\nLast requests: ${s.tokensPerSecond.toFixed(1)} tokens/s` : '';
    const detail = s.message ? `\n\n${s.message}` : '';
    this.item.tooltip = new vscode.MarkdownString(
      `**Biomed NLP**: ${s.state}\n\nModel: \`${s.model}\` (${s.profile} profile) at ${s.host}${s.engine ? ` (${s.engine} engine)` : ''}${detail}${speed}`,
    );
    this.item.backgroundColor = ['unreachable', 'model-missing', 'remote-refused', 'error'].includes(s.state)
      ? new vscode.ThemeColor('statusBarItem.warningBackground')
      : undefined;
    if (s.state !== this.lastState) this.announce(s);
    this.lastState = s.state;
  }

  private async announce(s: StatusParams): Promise<void> {
    if (s.engine === 'embedded' && (s.state === 'unreachable' || s.state === 'model-missing')) {
      // The embedded engine: node-llama-cpp missing, or no usable GGUF file (the message says which).
      const options = s.state === 'model-missing' ? ['Download Default Model…', 'Choose a GGUF File…', 'Retry'] : ['Open Settings', 'Retry'];
      const choice = await vscode.window.showWarningMessage(`Biomed NLP: ${s.message ?? 'the embedded engine cannot run.'}`, ...options);
      if (choice === 'Download Default Model…') void vscode.commands.executeCommand('biomedNlp.downloadEmbeddedModel');
      if (choice === 'Choose a GGUF File…') void vscode.commands.executeCommand('biomedNlp.chooseEmbeddedModelFile');
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'biomedNlp.engine');
      if (choice === 'Retry') this.onRetry();
    } else if (s.state === 'unreachable') {
      const openai = s.engine === 'openai';
      const choice = await vscode.window.showWarningMessage(
        `Biomed NLP: ${s.message ?? `${openai ? 'The OpenAI-compatible server' : 'Ollama'} is not reachable at ${s.host}.`}`,
        'Retry',
        'Open Settings',
      );
      if (choice === 'Retry') this.onRetry();
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', openai ? 'biomedNlp.openai.baseUrl' : 'biomedNlp.ollama.host');
      }
    } else if (s.state === 'model-missing' && s.engine === 'openai') {
      // Pulling is Ollama's: an OpenAI-compatible server serves what it was started with.
      const choice = await vscode.window.showWarningMessage(
        `Biomed NLP: ${s.message ?? `the OpenAI-compatible server at ${s.host} does not serve "${s.model}".`}`,
        'Open Settings',
        'Retry',
      );
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'biomedNlp.openai.model');
      if (choice === 'Retry') this.onRetry();
    } else if (s.state === 'model-missing') {
      const choice = await vscode.window.showWarningMessage(
        `Biomed NLP: the model "${s.model}" is not installed. Install it with: ollama pull ${s.model}`,
        'Pull Model',
        'Select Model',
        'Retry',
      );
      if (choice === 'Pull Model') void vscode.commands.executeCommand('biomedNlp.pullModel', s.model);
      if (choice === 'Select Model') void vscode.commands.executeCommand('biomedNlp.selectModel');
      if (choice === 'Retry') this.onRetry();
    } else if (s.state === 'remote-refused') {
      const choice = await vscode.window.showErrorMessage(`Biomed NLP: ${s.message}`, 'Open Settings');
      if (choice === 'Open Settings') void vscode.commands.executeCommand('workbench.action.openSettings', 'biomedNlp.allowRemoteHost');
    }
  }

  dispose(): void {
    this.item.dispose();
  }
}

/** The status item's menu: the commands a person looks for when the status says something. */
export async function showMenu(): Promise<void> {
  const items = [
    { label: '$(list-selection) Select Model…', command: 'biomedNlp.selectModel' },
    { label: '$(cloud-download) Pull Model…', command: 'biomedNlp.pullModel' },
    { label: '$(server-process) Use the Embedded Engine (no Ollama)…', command: 'biomedNlp.downloadEmbeddedModel' },
    { label: '$(refresh) Analyse Document Again', command: 'biomedNlp.analyzeDocument' },
    { label: '$(export) Export Annotations…', command: 'biomedNlp.exportAnnotations' },
    { label: '$(book) Open a Sample Note', command: 'biomedNlp.openExample' },
    { label: '$(output) Show Log', command: 'biomedNlp.showLog' },
    { label: '$(gear) Settings', command: 'workbench.action.openSettings', args: ['biomedNlp'] },
  ];
  const picked = await vscode.window.showQuickPick(items, { title: 'Biomed NLP' });
  if (picked) await vscode.commands.executeCommand(picked.command, ...(picked.args ?? []));
}
