/** The language server process: a connection over stdio or IPC (as the client starts it), and the server on it. */
import { Console } from 'node:console';
import { createConnection, ProposedFeatures, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver/node';
import { startServer } from './server';

/**
 * Over stdio, messages are framed by a Content-Length header. A header without it, with a
 * value that is not a number, or a length that cuts a message short leaves the stream out
 * of step for good (LSP has no way to find the next message), and vscode-jsonrpc only
 * reports it to the reader's error listeners: the server then neither answered nor exited.
 * It says why on stderr and exits. (VS Code starts it over IPC, which has no such framing.)
 * The reader is this module's, so what the library does for --stdio is done here too: exit
 * when the client closes the stream (0 after a shutdown request, else 1), and no console
 * method writes to stdout.
 */
function stdioConnection() {
  let shutdown = false;
  const reader = new StreamMessageReader(process.stdin);
  const listen = reader.listen.bind(reader);
  reader.listen = (callback) =>
    listen((message) => {
      if ((message as { method?: string }).method === 'shutdown') shutdown = true;
      callback(message);
    });
  reader.onError((err) => {
    // A body that is not JSON is described, not quoted (the message could quote note text).
    const why = err instanceof SyntaxError ? 'a message body is not JSON: its Content-Length does not match it' : err.message.split('\n')[0];
    process.stderr.write(`biomed language server: the message stream from the client is broken (${why}); exiting.\n`);
    process.exit(1);
  });
  for (const event of ['end', 'close']) process.stdin.on(event, () => process.exit(shutdown ? 0 : 1));
  const stderr = new Console(process.stderr);
  for (const m of ['assert', 'count', 'countReset', 'dir', 'dirxml', 'group', 'groupCollapsed', 'table', 'time', 'timeEnd', 'timeLog', 'trace'] as const)
    (console as unknown as Record<string, unknown>)[m] = (stderr[m] as (...args: unknown[]) => void).bind(stderr);
  return createConnection(ProposedFeatures.all, reader, new StreamMessageWriter(process.stdout));
}

const connection = process.argv.includes('--stdio') ? stdioConnection() : createConnection(ProposedFeatures.all);

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
