/**
 * A real LSP client for tests: starts dist/server.js over stdio (or the server in this
 * process over in-memory streams) and speaks the protocol through
 * vscode-languageserver-protocol, answering the server's requests as VS Code would
 * (configuration, progress creation, semantic token refresh).
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import { PassThrough } from 'node:stream';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { RunningServer, startServer } from '../../server/src/lsp/server';
import { NOTES_DIR } from './gold';
import { loadGoldDocuments, OllamaTestServer } from './ollamaServer';
import { createProtocolConnection, ProtocolConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-languageserver-protocol/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { RelationsResult, StatusParams } from '../../server/src/protocol/protocol';

export const SERVER_JS = path.resolve(__dirname, '../../../dist/server.js');

export type { StatusParams };

export interface DecodedToken {
  start: number;
  end: number;
  text: string;
  type: string;
  modifiers: string[];
}

/**
 * What the client says at initialize, where a test stands for another editor: its
 * initializationOptions (by default `{ settings, biomedNlpClient: true }`, as Biomed NLP's
 * VS Code client sends them) and capabilities merged over VS Code's.
 */
export interface ClientOptions {
  initializationOptions?: Record<string, unknown>;
  capabilities?: { workspace?: object; window?: object; textDocument?: object };
  /** The workspace folders the client names at initialize (none by default). */
  workspaceFolders?: { uri: string; name: string }[];
}

export class LspTestClient {
  readonly statuses: StatusParams[] = [];
  /** window/showMessage, as the user would see them. */
  readonly messages: { type: number; message: string }[] = [];
  /** biomedNlp/curationChanged notifications: a note's curation store changed or turned on or off. */
  readonly curationChanges: { uri: string; enabled: boolean }[] = [];
  readonly logs: string[] = [];
  readonly progress: unknown[] = [];
  refreshRequests = 0;
  /** What the server registered dynamically (client/registerCapability), by method. */
  readonly registrations: { method: string; registerOptions?: unknown }[] = [];
  progressCreated = 0;
  /** What the server answered at initialize: its capabilities. */
  serverCapabilities: Record<string, unknown> = {};
  legend: { tokenTypes: string[]; tokenModifiers: string[] } = { tokenTypes: [], tokenModifiers: [] };
  private readonly docs = new Map<string, TextDocument>();
  /** Settings for one document (resource scope), overriding `settings`. */
  readonly resourceSettings = new Map<string, Record<string, unknown>>();
  exited: number | null = null;
  stderr = '';

  private constructor(
    /** The server process (stdio), or undefined for a server in this process. */
    readonly proc: ChildProcess | undefined,
    readonly conn: ProtocolConnection,
    public settings: Record<string, unknown>,
    /** The server in this process, whose Workspace a test may look into. */
    readonly server?: RunningServer,
    private readonly serverConnection?: { dispose(): void },
  ) {}

  /** Starts the server with `settings` as the `biomedNlp` configuration section. */
  static async start(settings: Record<string, unknown>, serverJs = SERVER_JS, options: ClientOptions = {}): Promise<LspTestClient> {
    return LspTestClient.spawn(settings, [serverJs, '--stdio'], options);
  }

  /** Starts the server as `node …args` (the CLI's `lsp --stdio`, say) and initializes it. */
  static async spawn(settings: Record<string, unknown>, args: string[], options: ClientOptions = {}): Promise<LspTestClient> {
    const proc = spawn(
      process.execPath,
      [
        ...(process.env.BENCH_SERVER_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROF}`] : []),
        // Node's own flags for the server (BENCH_SERVER_FLAGS, space-separated): heap settings, GC traces to stderr.
        ...(process.env.BENCH_SERVER_FLAGS?.split(' ').filter(Boolean) ?? []),
        ...args,
      ],
      { stdio: ['pipe', 'pipe', 'pipe'] },
    );
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    const client = new LspTestClient(proc, conn, settings);
    proc.stderr!.on('data', (d) => (client.stderr += String(d)));
    proc.on('exit', (code) => (client.exited = code ?? -1));
    return client.initialize(process.pid, true, options);
  }

  /**
   * The server in this process (`startServer`), over a pair of in-memory streams: the same
   * protocol as over stdio, with the server's Workspace at hand. `env` stands for the
   * server's environment (the API key). `configuration: false` stands for a client without
   * `workspace/configuration` (settings only at initialize and in didChangeConfiguration).
   */
  static async inProcess(
    settings: Record<string, unknown>,
    env: NodeJS.ProcessEnv = {},
    options: { configuration?: boolean } & ClientOptions = {},
  ): Promise<LspTestClient> {
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    // A reader and writer, not raw streams: given streams, the library exits the process when they end.
    const serverConnection = createConnection(ProposedFeatures.all, new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    const server = startServer(serverConnection, { env });
    const conn = createProtocolConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    const client = new LspTestClient(undefined, conn, settings, server, serverConnection);
    // No process id: the library would watch for our process to end, on a timer that never stops.
    return client.initialize(null, options.configuration ?? true, options);
  }

  private async initialize(processId: number | null, configuration = true, options: ClientOptions = {}): Promise<LspTestClient> {
    const conn = this.conn;
    const settings = this.settings;
    conn.onRequest('workspace/configuration', (params: { items: { section?: string; scopeUri?: string }[] }) =>
      params.items.map((item) => (item.section === 'biomedNlp' ? (item.scopeUri && this.resourceSettings.get(item.scopeUri)) || this.settings : null)),
    );
    conn.onRequest('client/registerCapability', (params: { registrations: { method: string; registerOptions?: unknown }[] }) => {
      this.registrations.push(...params.registrations);
      return null;
    });
    conn.onRequest('workspace/semanticTokens/refresh', () => {
      this.refreshRequests++;
      return null;
    });
    conn.onRequest('window/workDoneProgress/create', () => {
      this.progressCreated++;
      return null;
    });
    conn.onNotification('$/progress', (p) => void this.progress.push(p));
    conn.onNotification('biomedNlp/status', (s: StatusParams) => void this.statuses.push(s));
    conn.onNotification('window/logMessage', (m: { message: string }) => void this.logs.push(m.message));
    conn.onNotification('window/showMessage', (m: { type: number; message: string }) => void this.messages.push(m));
    conn.onNotification('biomedNlp/curationChanged', (p: { uri: string; enabled: boolean }) => void this.curationChanges.push(p));
    conn.listen();
    const result = (await conn.sendRequest('initialize', {
      processId,
      rootUri: null,
      workspaceFolders: options.workspaceFolders ?? null,
      capabilities: {
        workspace: {
          configuration,
          semanticTokens: { refreshSupport: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
          ...options.capabilities?.workspace,
        },
        window: { workDoneProgress: true, ...options.capabilities?.window },
        textDocument: {
          semanticTokens: {
            requests: { full: { delta: true }, range: true },
            tokenTypes: [],
            tokenModifiers: [],
            formats: ['relative'],
          },
          ...options.capabilities?.textDocument,
        },
      },
      initializationOptions: options.initializationOptions ?? { settings, biomedNlpClient: true },
    })) as { capabilities: { semanticTokensProvider: { legend: LspTestClient['legend'] } } };
    this.legend = result.capabilities.semanticTokensProvider.legend;
    this.serverCapabilities = result.capabilities;
    await conn.sendNotification('initialized', {});
    return this;
  }

  async open(uri: string, text: string, languageId = 'clinical-note'): Promise<void> {
    this.docs.set(uri, TextDocument.create(uri, languageId, 1, text));
    await this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  }

  /** Replaces [start, end) (offsets) by `newText` as an incremental change. */
  async edit(uri: string, start: number, end: number, newText: string): Promise<void> {
    const doc = this.docs.get(uri)!;
    const range = { start: doc.positionAt(start), end: doc.positionAt(end) };
    const version = doc.version + 1;
    TextDocument.update(doc, [{ range, text: newText }], version);
    await this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: [{ range, text: newText }],
    });
  }

  text(uri: string): string {
    return this.docs.get(uri)!.getText();
  }

  /** `offset` of the client's copy of the note as an LSP position. */
  position(uri: string, offset: number): { line: number; character: number } {
    return this.docs.get(uri)!.positionAt(offset);
  }

  async close(uri: string): Promise<void> {
    this.docs.delete(uri);
    await this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** A file watcher's report: `uri` was created (1), changed (2) or deleted (3). */
  async filesChanged(changes: { uri: string; type: 1 | 2 | 3 }[]): Promise<void> {
    await this.conn.sendNotification('workspace/didChangeWatchedFiles', { changes });
  }

  async changeSettings(settings: Record<string, unknown>): Promise<void> {
    this.settings = settings;
    await this.conn.sendNotification('workspace/didChangeConfiguration', { settings: { biomedNlp: settings } });
  }

  async tokens(uri: string, range?: { start: number; end: number }): Promise<DecodedToken[]> {
    const doc = this.docs.get(uri)!;
    const result = range
      ? await this.conn.sendRequest('textDocument/semanticTokens/range', {
          textDocument: { uri },
          range: { start: doc.positionAt(range.start), end: doc.positionAt(range.end) },
        })
      : await this.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
    return this.decode(doc, (result as { data: number[] }).data);
  }

  /** The whole note's tokens as the server encodes them, with the result id a delta request names. */
  async fullTokens(uri: string): Promise<{ resultId?: string; data: number[] }> {
    return this.conn.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } });
  }

  /** A delta request: the edits since `previousResultId`, or all the tokens when the server no longer has it. */
  async deltaTokens(
    uri: string,
    previousResultId: string,
  ): Promise<{ resultId?: string; data?: number[]; edits?: { start: number; deleteCount: number; data?: number[] }[] }> {
    return this.conn.sendRequest('textDocument/semanticTokens/full/delta', { textDocument: { uri }, previousResultId });
  }

  decode(doc: TextDocument, data: number[]): DecodedToken[] {
    const out: DecodedToken[] = [];
    let line = 0;
    let char = 0;
    const text = doc.getText();
    for (let i = 0; i + 4 < data.length; i += 5) {
      line += data[i];
      char = data[i] === 0 ? char + data[i + 1] : data[i + 1];
      const start = doc.offsetAt({ line, character: char });
      const end = start + data[i + 2];
      const modifiers = this.legend.tokenModifiers.filter((_, bit) => data[i + 4] & (1 << bit));
      out.push({ start, end, text: text.slice(start, end), type: this.legend.tokenTypes[data[i + 3]], modifiers });
    }
    return out;
  }

  lastStatus(): StatusParams | undefined {
    return this.statuses[this.statuses.length - 1];
  }

  /** A hover request at `offset` of the client's copy of the note. */
  async hover(uri: string, offset: number): Promise<unknown> {
    const doc = this.docs.get(uri)!;
    return this.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: doc.positionAt(offset) });
  }

  request<T>(method: string, params?: unknown): Promise<T> {
    return this.conn.sendRequest(method, params) as Promise<T>;
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, 2000))]);
      // In this process, `exit` would end the test run itself.
      if (this.proc) await this.conn.sendNotification('exit');
      // A profiled server (BENCH_SERVER_PROF) writes its profile as it exits: let it.
      if (this.proc && process.env.BENCH_SERVER_PROF && this.exited === null) await new Promise((r) => (this.proc!.once('exit', r), setTimeout(r, 60_000)));
    } catch {
      // already gone
    }
    this.conn.dispose();
    this.serverConnection?.dispose();
    if (this.proc && this.exited === null) this.proc.kill();
  }
}

/** Polls `check` every 25 ms until it returns a truthy value; fails with `what` after `timeoutMs`. */
/** Waits until every open note is analysed (status ready, all work done) and `uri`'s relations are no longer pending; its relations. */
export async function whenAnalysed(client: LspTestClient, uri: string): Promise<RelationsResult> {
  return waitFor('analysis and relations to finish', async () => {
    const s = client.lastStatus();
    if (!(s && s.state === 'ready' && s.done === s.total && s.total > 0)) return undefined;
    const r = await client.request<RelationsResult | null>('biomedNlp/relations', { uri });
    return r && !r.pending ? r : undefined;
  });
}

export async function waitFor<T>(what: string, check: () => T | Promise<T>, timeoutMs = 10_000): Promise<Exclude<T, false | undefined | null | 0 | ''>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as Exclude<T, false | undefined | null | 0 | ''>;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (last: ${String(last)})`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A suite's model stand-in and language server: a fresh test server for every test, at most one client. */
export interface LspSuite {
  server: OllamaTestServer;
  client: LspTestClient | undefined;
}

/** Registers the hooks that give every test of the calling suite a fresh test server with the fixture gold, and stop both after it. */
export function freshServerPerTest(): LspSuite {
  const s = {} as LspSuite;
  beforeEach(async () => {
    s.server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
  });
  afterEach(async () => {
    await s.client?.stop();
    s.client = undefined;
    await s.server.stop();
  });
  return s;
}
