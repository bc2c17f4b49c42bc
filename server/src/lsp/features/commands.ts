/**
 * Code actions and the commands they run: ignoring an NLI finding or showing how it was
 * checked (a command of Biomed NLP's client; another client sends it here, and the account
 * comes back as a message), and curation's quick fixes (one handler each: the connection
 * takes one per method); *Analyse All Notes in the Folder* for other clients (folderCommand.ts);
 * *Save a De-identified Copy* for every client (deidCopy.ts).
 */
import { MessageType, ShowMessageNotification } from 'vscode-languageserver';
import {
  AnalyseFolderCommand,
  ClearModelCacheCommand,
  CurateCommand,
  CurateParams,
  IgnoreFindingCommand,
  oneLine,
  SaveDeidentifiedCopyCommand,
  ShowNliCheckCommand,
} from '../../protocol/protocol';
import { ServerContext } from '../context';
import { curationCodeActions } from '../curationActions';
import { findingActions } from '../diagnostics';
import { CurationFeature } from './curation';
import { FolderCommand } from './folderCommand';
import { ModelCacheFeature } from './modelCache';
import { NliFeature } from './nli';
import { DeidCopyCommand } from './deidCopy';

export function registerCommands(
  ctx: ServerContext,
  nli: NliFeature,
  curation: CurationFeature,
  cache: ModelCacheFeature,
  analyseFolder: FolderCommand,
  deidCopy: DeidCopyCommand,
): void {
  const { connection, runner } = ctx;

  /**
   * "Show how this was checked" sent by a client that cannot run it itself (only Biomed
   * NLP's own client opens the account in a read-only view): the account as a message.
   */
  async function showCheck(uri: string, sentence: string): Promise<null> {
    const text = await nli.explain(uri, sentence);
    const message = text ?? `Biomed NLP: “${oneLine(sentence, 80)}” is no longer a finding of this note.`;
    void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
    return null;
  }
  connection.onCodeAction(
    runner.forNote(
      'textDocument/codeAction',
      (p) => p.textDocument.uri,
      [],
      (_session, params) => [
        ...findingActions(params.textDocument.uri, params.context.diagnostics),
        ...curationCodeActions(curation.curation, params, { search: ctx.support.custom }),
      ],
    ),
  );

  connection.onExecuteCommand(
    runner.safe('workspace/executeCommand', async (params, token) => {
      if (params.command === AnalyseFolderCommand) return analyseFolder(params.arguments ?? [], token);
      if (params.command === SaveDeidentifiedCopyCommand) return deidCopy(params.arguments ?? [], token);
      if (params.command === CurateCommand) return curation.curate((params.arguments ?? [])[0] as CurateParams);
      if (params.command === ClearModelCacheCommand) {
        const result = cache.clear();
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message: cache.clearedMessage(result) });
        return result;
      }
      if (params.command !== IgnoreFindingCommand && params.command !== ShowNliCheckCommand) return;
      const [uri, sentence] = (params.arguments ?? []) as [string, string];
      if (typeof uri !== 'string' || typeof sentence !== 'string') return;
      if (params.command === ShowNliCheckCommand) return showCheck(uri, sentence);
      // Published before the answer: a client may leave a notification that comes after the
      // answer unread until its next message (Emacs 28's jsonrpc), the finding would seem to stay.
      await nli.ignore(uri, sentence);
    }),
  );
}
