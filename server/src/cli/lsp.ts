/**
 * `biomed lsp --stdio`: the language server for editors other than VS Code, from the same
 * install as the CLI. The server is its own bundle (dist/server.js, the one the VS Code
 * extension starts) beside this one; it is loaded into this process, where it reads
 * `--stdio` from the command line like any server, and the process lives until the editor
 * closes the stream.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse, UsageError } from './args';

export const LSP_HELP = `Usage: biomed lsp --stdio

Runs the Biomed NLP language server over standard input and output, for editors
other than VS Code (Neovim, Emacs eglot, Helix...): the server the VS Code
extension starts. Settings come from the editor, as { "biomedNlp": { ... } } in
initializationOptions or workspace/configuration (docs/how-to/other-editors.md).

Options:
  --stdio       speak LSP over stdin and stdout (the only transport; required)
  -h, --help    this help`;

export function lsp(argv: string[]): number | Promise<number> {
  const { values, positionals } = parse(argv, { stdio: { type: 'boolean' } }, LSP_HELP);
  if (values.help) {
    console.log(LSP_HELP);
    return 0;
  }
  if (positionals.length) throw new UsageError(`unexpected argument "${positionals[0]}".`, LSP_HELP);
  if (!values.stdio) throw new UsageError('--stdio is required: the server speaks LSP over stdin and stdout.', LSP_HELP);
  const server = path.join(__dirname, 'server.js');
  if (!fs.existsSync(server)) {
    console.error(`biomed lsp: the language server is not at ${server} (run npm run build in a checkout).`);
    return 1;
  }
  // A path, not a module name: the bundles stay apart, and the CLI's layer imports no lsp/ code.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require(server);
  // The server exits by itself when the editor closes the stream.
  return new Promise<number>(() => undefined);
}
