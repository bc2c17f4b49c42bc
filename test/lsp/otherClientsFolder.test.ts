/**
 * *Analyse All Notes in the Folder* for clients other than Biomed NLP's (features/folderCommand.ts):
 * the workspace/executeCommand command biomedNlp.analyseFolder, advertised to them only; LSP
 * work-done progress (window/workDoneProgress/create, then $/progress begin, "N of M notes"
 * reports, end) for a client that takes it and none for one that does not; the summary
 * VS Code's command shows as the result and as a message, its counts adding up to the notes.
 * dist/server.js over stdio against the gold test server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { AnalyseFolderCommandResult } from '../../server/src/protocol/protocol';
import { CLINICAL_NOTES, NOTES_DIR } from '../support/gold';
import { goldServer } from '../support/goldServer';
import { ClientOptions, LspTestClient, SERVER_JS } from '../support/lspClient';
import { MEDTUNED_MODEL } from '../support/ollamaServer';

interface Progress {
  token: string | number;
  value: { kind: 'begin' | 'report' | 'end'; title?: string; message?: string; percentage?: number; cancellable?: boolean };
}

const COMMAND = 'biomedNlp.analyseFolder';
const NOTES = CLINICAL_NOTES.length + 1;
const commands = (c: LspTestClient) => (c.serverCapabilities.executeCommandProvider as { commands: string[] }).commands;

describe('LSP: biomedNlp.analyseFolder, the folder command of other editors', function () {
  this.timeout(60_000);
  const server = goldServer();
  let folder: string;
  let storage: string;
  let client: LspTestClient | undefined;
  beforeEach(() => {
    folder = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-folder-command-'));
    storage = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-folder-storage-'));
    for (const n of CLINICAL_NOTES) fs.copyFileSync(path.join(NOTES_DIR, `${n}.note`), path.join(folder, `${n}.note`));
    // A note that is binary data: skipped and named.
    fs.writeFileSync(path.join(folder, 'scan.txt'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff, 0xfe]));
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    for (const d of [folder, storage]) fs.rmSync(d, { recursive: true, force: true });
  });

  const settings = () => ({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 20, retryIntervalMs: 100 });
  async function start(window: { workDoneProgress: boolean }, extra: ClientOptions = {}): Promise<{ c: LspTestClient; folderProgress: unknown[] }> {
    const c = await LspTestClient.start(null as never, SERVER_JS, {
      initializationOptions: { biomedNlp: settings(), cacheDir: storage },
      capabilities: { window },
      ...extra,
    });
    client = c;
    const folderProgress: unknown[] = [];
    c.conn.onNotification('biomedNlp/folderProgress', (p) => void folderProgress.push(p));
    return { c, folderProgress };
  }
  const run = (c: LspTestClient, ...args: unknown[]) =>
    c.request<AnalyseFolderCommandResult | null>('workspace/executeCommand', { command: COMMAND, arguments: args });
  const adds = (r: AnalyseFolderCommandResult) => r.analysed + r.current + r.open + r.skipped.length + r.failed.length;

  it('a client with work-done progress: create, then begin, "N of M notes" reports and end on its token; the result and the message are the summary', async () => {
    const { c, folderProgress } = await start({ workDoneProgress: true }, { workspaceFolders: [{ uri: pathToFileURL(folder).href, name: 'notes' }] });
    assert.ok(commands(c).includes(COMMAND), commands(c).join(' '));
    const result = await run(c);
    assert.ok(result);
    const message = `Biomed NLP: ${NOTES} notes in the folder: ${CLINICAL_NOTES.length} analysed, 0 already indexed, 1 skipped (named in the log).`;
    assert.deepEqual(
      { ...result, skipped: result.skipped.length },
      { notes: NOTES, analysed: CLINICAL_NOTES.length, current: 0, open: 0, skipped: 1, failed: [], cancelled: false, message },
    );
    assert.equal(adds(result), result.notes);
    assert.match(result.skipped[0], /scan\.txt/);
    assert.ok(
      c.logs.some((l) => l.includes('skipped') && l.includes('scan.txt')),
      c.logs.join('\n'),
    );
    assert.deepEqual(
      c.messages.map((m) => m.message),
      [message],
    );

    assert.equal(c.progressCreated, 1);
    const progress = c.progress as Progress[];
    assert.equal(new Set(progress.map((p) => p.token)).size, 1, 'one token');
    assert.equal(progress[0].value.kind, 'begin');
    assert.equal(progress[0].value.title, 'Biomed NLP: analysing the notes of the folder');
    assert.equal(progress.at(-1)!.value.kind, 'end');
    const reports = progress.filter((p) => p.value.kind === 'report').map((p) => p.value.message);
    for (let i = 0; i <= NOTES; i++) assert.ok(reports.includes(`${i} of ${NOTES} notes`), `"${i} of ${NOTES} notes" among ${reports.join(', ')}`);
    assert.equal(progress.filter((p) => p.value.kind === 'report').at(-1)!.value.percentage, 100);
    assert.deepEqual(folderProgress, [], "no biomedNlp/folderProgress: another editor's client has no handler for it");
  });

  it('a client without work-done progress: no progress request, the same counts; a folder URI as the argument; the second run costs nothing', async () => {
    const { c } = await start({ workDoneProgress: false });
    const first = await run(c, pathToFileURL(folder).href);
    assert.ok(first);
    assert.equal(first.analysed, CLINICAL_NOTES.length);
    assert.equal(adds(first), NOTES);
    const calls = server.generationRequests().length;
    const again = await run(c, pathToFileURL(folder).href);
    assert.ok(again);
    assert.deepEqual([again.analysed, again.current, again.skipped.length, adds(again)], [0, CLINICAL_NOTES.length, 1, NOTES]);
    assert.equal(server.generationRequests().length, calls, 'no model request the second time');
    assert.equal(c.progressCreated, 0);
    assert.deepEqual(c.progress, []);
  });

  it('no folder: neither an argument nor workspace folders, or an argument that is not a folder URI: a message, no run', async () => {
    const { c } = await start({ workDoneProgress: true });
    assert.equal(await run(c), null);
    assert.match(c.messages.at(-1)!.message, /open a folder of notes first/);
    assert.equal(await run(c, '/not/a/uri'), null);
    assert.match(c.messages.at(-1)!.message, /is not a folder's file URI/);
    assert.equal(c.progressCreated, 0);
  });

  it("Biomed NLP's own client is not offered the command (it registers its own; VS Code refuses a command named twice)", async () => {
    const s = settings();
    client = await LspTestClient.start(s, SERVER_JS, { initializationOptions: { settings: s, biomedNlpClient: true, cacheDir: storage } });
    assert.ok(!commands(client).includes(COMMAND), commands(client).join(' '));
  });
});
