/**
 * Assertion statuses in the editor, over the protocol: the negated status reaches treatments
 * and tests (their token modifier and hover), not only problems, and a disease known before
 * this visit is historical with a hover that says what that means. The Ollama-protocol test
 * server answers the note's gold entities.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { LspTestClient, waitFor } from '../support/lspClient';
import { FIXTURES } from '../support/paths';

const DIR = path.join(FIXTURES, 'assertion', 'orders');
const NOTE = fs.readFileSync(path.join(DIR, 'orders.note'), 'utf8');

/** Each gold entity: its type and its modifiers. */
const EXPECTED: Record<string, [string, string[]]> = {
  asthma: ['problem', ['historical']],
  wheezing: ['problem', []],
  'renal failure': ['problem', []],
  metformin: ['treatment', ['negated']],
  contrast: ['treatment', ['negated']],
  Warfarin: ['treatment', ['negated']],
  'flu vaccine': ['treatment', ['negated']],
  Lisinopril: ['treatment', ['negated']],
  cough: ['problem', []],
  'CT angiogram': ['test', ['negated']],
  albuterol: ['treatment', []],
};

describe('LSP: treatments and tests not given are negated; historical says "known before this visit"', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  let client: LspTestClient | undefined;
  const uri = 'file:///assertion/orders.note';

  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(DIR) });
    client = await LspTestClient.inProcess({
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url },
      debounceMs: 0,
      retryIntervalMs: 100,
      relations: { enabled: false },
      nli: { enabled: false },
    });
    await client.open(uri, NOTE);
    await waitFor('the analysis', () => client!.server!.workspace.current(uri)?.isComplete === true);
  });
  after(async () => {
    await client?.stop();
    await server.stop();
  });

  async function hover(text: string): Promise<string> {
    const offset = NOTE.indexOf(text) + 1;
    const before = NOTE.slice(0, offset).split('\n');
    const h = await client!.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: before.length - 1, character: before[before.length - 1].length },
    });
    assert.ok(h, `a hover on ${text}`);
    return h!.contents.value;
  }

  it('the token of each treatment and test the note withholds carries negated; the reason and the standing order do not', async () => {
    const tokens = await client!.tokens(uri);
    const got = Object.fromEntries(tokens.map((t) => [t.text, [t.type, t.modifiers]]));
    assert.deepEqual(got, EXPECTED);
  });

  it('the hover of a withheld drug and test names the trigger; a problem stays affirmed', async () => {
    assert.ok((await hover('Warfarin')).includes('- **negated** by *was held*'), await hover('Warfarin'));
    assert.ok((await hover('metformin')).includes('- **negated** by *are not indicated*'));
    assert.ok((await hover('flu vaccine')).includes('- **negated** by *She declined*'));
    assert.ok((await hover('CT angiogram')).includes('- **negated** by *was deferred*'));
    assert.doesNotMatch(await hover('cough'), /negated/);
  });

  it('the hover of a historical disease says it was known before this visit and may still be active', async () => {
    const h = await hover('asthma');
    assert.ok(h.includes('- **historical** by *presents* — known before this visit; it may still be active'), h);
  });
});
