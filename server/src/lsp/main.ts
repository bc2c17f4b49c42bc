/** The language server process: a connection over stdio or IPC (as the client starts it), and the server on it. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './server';

const connection = createConnection(ProposedFeatures.all);

// Libraries (the ollama client among them) may print to the console, and a line on
// stdout would corrupt the protocol; what they print may also quote model output.
console.log =
  console.info =
  console.warn =
  console.debug =
    (...args: unknown[]) => {
      if (server.settings().trace === 'verbose') connection.console.log(args.map(String).join(' '));
    };
console.error = (...args: unknown[]) => connection.console.error(args.map(String).join(' '));

const server = startServer(connection);

process.on('uncaughtException', (err) => connection.console.error(`uncaught: ${err?.stack ?? err}`));
process.on('unhandledRejection', (err) => connection.console.error(`unhandled rejection: ${(err as Error)?.stack ?? err}`));
