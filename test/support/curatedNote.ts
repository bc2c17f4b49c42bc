/**
 * A note under curation as the LSP curation tests use it: copied into a fresh folder (its
 * `.ann` goes beside it), opened in the server in process, analysed to the end.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CurationReviewResult } from '../../server/src/protocol/protocol';
import { LspTestClient, waitFor, whenAnalysed } from './lspClient';
import { MEDTUNED_MODEL, OllamaTestServer } from './ollamaServer';

/** `text` written as `name` in a new temporary folder. */
export function noteInFolder(prefix: string, name: string, text: string): { dir: string; file: string; uri: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return { dir, file, uri: pathToFileURL(file).href };
}

/** A suite's note under curation: a fresh folder per test, its client stopped and the folder removed after. */
export interface CuratedNoteSuite {
  dir: string;
  file: string;
  uri: string;
  /** The language server the test opened the note in, if any (stopped after the test). */
  client?: LspTestClient;
}

/**
 * For the enclosing `describe`: before each test, `text` written as `name` in a new folder
 * (`prefix`); after it, the test's client stopped and the folder removed.
 */
export function curatedNoteSuite(prefix: string, name: string, text: string): CuratedNoteSuite {
  const suite = {} as CuratedNoteSuite;
  beforeEach(() => {
    Object.assign(suite, noteInFolder(prefix, name, text));
  });
  afterEach(async () => {
    await suite.client?.stop();
    suite.client = undefined;
    fs.rmSync(suite.dir, { recursive: true, force: true });
  });
  return suite;
}

/** The review of `uri` (biomedNlp/curationReview). */
export function reviewOf(client: LspTestClient, uri: string): Promise<CurationReviewResult | null> {
  return client.request<CurationReviewResult | null>('biomedNlp/curationReview', { uri });
}

/** The server with curation `enabled` or not, `uri` open with `text`, its entities and relations all answered. */
export async function openCurated(server: OllamaTestServer, uri: string, text: string, enabled: boolean): Promise<LspTestClient> {
  const client = await LspTestClient.inProcess({
    model: MEDTUNED_MODEL.name,
    ollama: { host: server.url },
    debounceMs: 10,
    retryIntervalMs: 100,
    curation: { enabled },
  });
  await client.open(uri, text);
  await whenAnalysed(client, uri);
  if (enabled) await waitFor('curation to be on', async () => (await reviewOf(client, uri))?.enabled);
  return client;
}
