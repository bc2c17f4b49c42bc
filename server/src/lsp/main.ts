/** The language server process: a connection over stdio or IPC (as the client starts it), and the server on it. */
import { Console } from 'node:console';
import {
  createConnection,
  IPCMessageReader,
  IPCMessageWriter,
  Message,
  MessageReader,
  MessageWriter,
  ProposedFeatures,
  ResponseMessage,
  StreamMessageWriter,
} from 'vscode-languageserver/node';
import { messageArrived, requestAnswered } from '../engine';
import { MessageGuard } from './messageGuard';
import { FramedMessageReader } from './stdioReader';
import { startServer } from './server';

/**
 * Over stdio, messages are framed by a Content-Length header (stdioReader.ts). Broken
 * framing leaves the stream out of step for good: the server says why on stderr and exits
 * 1 instead of hanging; a body that does not arrive whole (a Content-Length longer than it)
 * is dropped, answered with a parse error, and the next message read. A message that is framed well but malformed (not JSON, not an
 * object, a cancel without an id) is answered or dropped as JSON-RPC says, and the server
 * goes on (messageGuard.ts). The reader is this module's, so what the library does for
 * --stdio is done here too: exit when the client closes the stream (0 after a shutdown
 * request, else 1), and no console method writes to stdout.
 */
function stdioConnection() {
  let shutdown = false;
  const writer = new StreamMessageWriter(process.stdout);
  const guard = new MessageGuard(answerer(writer), (line) => process.stderr.write(line + '\n'));
  const reader = guard.guard(new FramedMessageReader(process.stdin, () => guard.notJson(), reportBug, { onIncomplete: (detail) => guard.incomplete(detail) }));
  const listen = reader.listen.bind(reader);
  reader.listen = (callback) =>
    listen((message) => {
      if ((message as { method?: string }).method === 'shutdown') shutdown = true;
      callback(message);
    });
  reader.onError((err) => {
    process.stderr.write(`biomed language server: the message stream from the client is broken (${err.message.split('\n')[0]}); exiting.\n`);
    void guard.flushed().finally(() => process.exit(1));
  });
  for (const event of ['end', 'close']) process.stdin.on(event, () => process.exit(shutdown ? 0 : 1));
  const stderr = new Console(process.stderr);
  for (const m of ['assert', 'count', 'countReset', 'dir', 'dirxml', 'group', 'groupCollapsed', 'table', 'time', 'timeEnd', 'timeLog', 'trace'] as const)
    (console as unknown as Record<string, unknown>)[m] = (stderr[m] as (...args: unknown[]) => void).bind(stderr);
  return createConnection(ProposedFeatures.all, foreground(reader, writer), writer);
}

/** Over IPC (how VS Code starts it) messages arrive parsed; their shape is checked all the same. */
function ipcConnection() {
  const writer = new IPCMessageWriter(process);
  const guard = new MessageGuard(answerer(writer), (line) => process.stderr.write(line + '\n'));
  return createConnection(ProposedFeatures.all, foreground(guard.guard(new IPCMessageReader(process)), writer), writer);
}

/**
 * Tells the engine's background slices when the editor waits (engine/foreground.ts): each
 * message read, each request (a message with an id and a method) until its response is
 * written.
 */
function foreground<R extends MessageReader>(reader: R, writer: MessageWriter): R {
  const listen = reader.listen.bind(reader);
  reader.listen = (callback) =>
    listen((message) => {
      const m = message as Message & { id?: unknown; method?: unknown };
      messageArrived(m.id !== undefined && typeof m.method === 'string');
      callback(message);
    });
  const write = writer.write.bind(writer);
  writer.write = (message) => {
    const m = message as Message & { id?: unknown; method?: unknown };
    if (m.id !== undefined && m.method === undefined) requestAnswered();
    return write(message);
  };
  return reader;
}

function answerer(writer: MessageWriter) {
  return (response: ResponseMessage) => writer.write(response).catch(reportBug);
}

function reportBug(err: unknown) {
  process.stderr.write(`biomed language server: a bug: ${(err as Error)?.stack ?? err}\n`);
}

const connection = process.argv.includes('--stdio')
  ? stdioConnection()
  : process.argv.includes('--node-ipc')
    ? ipcConnection()
    : createConnection(ProposedFeatures.all);

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

// This very script runs a vocabulary build when started as a worker thread (entry.ts).
const server = startServer(connection, { workerScript: __filename });

process.on('uncaughtException', (err) => connection.console.error(`uncaught: ${err?.stack ?? err}`));
process.on('unhandledRejection', (err) => connection.console.error(`unhandled rejection: ${(err as Error)?.stack ?? err}`));
