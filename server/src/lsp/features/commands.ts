/**
 * Code actions and the commands they run: ignoring an NLI finding or showing how it was
 * checked (a client command), and curation's quick fixes (one handler each: the connection
 * takes one per method).
 */
import { CurateCommand, CurateParams, IgnoreFindingCommand } from '../../protocol/protocol';
import { ServerContext } from '../context';
import { curationCodeActions } from '../curationActions';
import { findingActions } from '../diagnostics';
import { CurationFeature } from './curation';
import { NliFeature } from './nli';

export function registerCommands(ctx: ServerContext, nli: NliFeature, curation: CurationFeature): void {
  const { connection, runner } = ctx;
  connection.onCodeAction(
    runner.forNote(
      'textDocument/codeAction',
      (p) => p.textDocument.uri,
      [],
      (_session, params) => [...findingActions(params.textDocument.uri, params.context.diagnostics), ...curationCodeActions(curation.curation, params)],
    ),
  );

  connection.onExecuteCommand(
    runner.safe('workspace/executeCommand', (params) => {
      if (params.command === CurateCommand) return curation.curate((params.arguments ?? [])[0] as CurateParams);
      if (params.command !== IgnoreFindingCommand) return;
      const [uri, sentence] = (params.arguments ?? []) as [string, string];
      if (typeof uri !== 'string' || typeof sentence !== 'string') return;
      nli.ignore(uri, sentence);
    }),
  );
}
