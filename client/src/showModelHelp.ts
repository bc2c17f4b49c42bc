/**
 * Shows a message of modelHelp.ts with its ways forward as buttons, and does what the chosen
 * one says: open a page, run a command, or ask the server to check again now. One place for
 * the status item's announcement (status.ts) and a waiting statement check
 * (commands/checkStatement.ts), so that a button does the same from either.
 */
import * as vscode from 'vscode';
import type { HelpAction, ModelHelp } from './modelHelp';

/** Resolves once the message is closed or its chosen action started. */
export async function showModelHelp(help: ModelHelp, onRetry: () => void): Promise<void> {
  const labels = help.actions.map((a) => a.label);
  const label =
    help.severity === 'error' ? await vscode.window.showErrorMessage(help.message, ...labels) : await vscode.window.showWarningMessage(help.message, ...labels);
  const action = help.actions.find((a) => a.label === label);
  if (action) runHelpAction(action, onRetry);
}

function runHelpAction(action: HelpAction, onRetry: () => void): void {
  if ('retry' in action) onRetry();
  else if ('url' in action) void vscode.env.openExternal(vscode.Uri.parse(action.url));
  else void vscode.commands.executeCommand(action.command, ...(action.args ?? []));
}
