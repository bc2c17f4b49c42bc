/**
 * Assertion statuses in the editor, in process over the protocol: token modifiers and
 * hovers on a fixture note (CRLF, an emoji and a placeholder before the entities), with the
 * Ollama-protocol test server answering the note's gold entities.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadGoldDocuments, LLAMA31_MODEL, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { LspTestClient, waitFor } from '../support/lspClient';

const DIR = [path.resolve(__dirname, '../../../test/fixtures/assertion/notes'), path.resolve(__dirname, '../fixtures/assertion/notes')].find((d) =>
  fs.existsSync(d),
)!;
const NOTE = fs.readFileSync(path.join(DIR, 'statuses.note'), 'utf8');

/** What each gold entity of the note carries (uncertain is the old name of possible, set with it). */
const EXPECTED: Record<string, string[]> = {
  'chest pain': ['negated'],
  'dyspnea on exertion': [],
  pneumonia: ['uncertain', 'possible'],
  Hypertension: ['historical'],
  asthma: ['historical'],
  'Breast cancer': ['family'],
  fever: ['hypothetical'],
  'colon cancer': ['family'],
};

function settings(host: string, model: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { model, ollama: { host }, debounceMs: 0, retryIntervalMs: 100, relations: { enabled: false }, nli: { enabled: false }, ...extra };
}

describe('LSP: assertion status modifiers and hovers', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  let client: LspTestClient | undefined;
  let dir: string;

  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(DIR) });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-assertion-'));
  });
  after(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
  });

  /** Opens the note and returns its tokens once the analysis is complete. */
  async function analysed(uri: string) {
    await client!.open(uri, NOTE);
    await waitFor('the analysis', () => client!.server!.workspace.current(uri)?.isComplete === true);
    const tokens = await client!.tokens(uri);
    assert.deepEqual(tokens.map((t) => t.text).sort(), Object.keys(EXPECTED).sort(), 'the gold entities at exact offsets');
    for (const t of tokens) assert.equal(NOTE.slice(t.start, t.end), t.text);
    return Object.fromEntries(tokens.map((t) => [t.text, t.modifiers]));
  }

  async function hover(uri: string, text: string): Promise<string> {
    const offset = NOTE.indexOf(text) + 1;
    const before = NOTE.slice(0, offset).split(/\r\n|\n/);
    const h = await client!.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri },
      position: { line: before.length - 1, character: before[before.length - 1].length },
    });
    assert.ok(h, `a hover on ${text}`);
    return h!.contents.value;
  }

  for (const { profile, model } of [
    { profile: 'medtuned', model: MEDTUNED_MODEL.name },
    { profile: 'json', model: LLAMA31_MODEL.name },
  ]) {
    it(`${profile} profile: every status as its modifier, from triggers and sections`, async () => {
      client = await LspTestClient.inProcess(settings(server.url, model));
      assert.deepEqual(client.legend.tokenModifiers, [
        'negated',
        'uncertain',
        'related',
        'possible',
        'historical',
        'hypothetical',
        'family',
        'suggested',
        'curated',
      ]);
      const uri = `file:///assertion/${profile}.note`;
      assert.deepEqual(await analysed(uri), EXPECTED);
    });
  }

  it('hovers name the status and quote the trigger, or name the section', async () => {
    client = await LspTestClient.inProcess(settings(server.url, MEDTUNED_MODEL.name));
    const uri = 'file:///assertion/hover.note';
    await analysed(uri);
    assert.ok((await hover(uri, 'chest pain')).includes('- **negated** by *denies*'));
    assert.ok((await hover(uri, 'pneumonia')).includes('- **possible** by *suspicious for*'));
    assert.ok((await hover(uri, 'Hypertension')).includes('- **historical** (section: Past Medical History)'));
    assert.ok((await hover(uri, 'Breast cancer')).includes('- **someone other than the patient** (section: Family History)'));
    assert.ok((await hover(uri, 'colon cancer')).includes('- **someone other than the patient** by *mother*'));
    assert.ok((await hover(uri, 'fever')).includes('- **hypothetical** by *if*'));
    assert.equal(await hover(uri, 'dyspnea on exertion'), '**problem** “dyspnea on exertion”');
  });

  it('biomedNlp.assertion.enabled false: no status modifiers', async () => {
    client = await LspTestClient.inProcess(settings(server.url, MEDTUNED_MODEL.name, { assertion: { enabled: false } }));
    const modifiers = await analysed('file:///assertion/off.note');
    for (const [text, m] of Object.entries(modifiers)) assert.deepEqual(m, [], text);
  });

  it('biomedNlp.assertion.extraTermsFile: its terms are used; a bad file is said in the hover and the defaults are kept', async () => {
    const good = path.join(dir, 'extra.json');
    fs.writeFileSync(good, JSON.stringify({ remove: ['suspicious for'], categories: { negated: { forward: ['reports'] } } }));
    client = await LspTestClient.inProcess(settings(server.url, MEDTUNED_MODEL.name, { assertion: { extraTermsFile: good } }));
    const m = await analysed('file:///assertion/extra.note');
    assert.deepEqual(m.pneumonia, [], 'a removed trigger');
    assert.deepEqual(m['dyspnea on exertion'], ['negated'], 'an added trigger');
    await client.stop();

    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, '{"categories": {"negation": {}}}');
    client = await LspTestClient.inProcess(settings(server.url, MEDTUNED_MODEL.name, { assertion: { extraTermsFile: bad } }));
    const uri = 'file:///assertion/bad.note';
    assert.deepEqual(await analysed(uri), EXPECTED);
    const h = await hover(uri, 'chest pain');
    assert.ok(h.includes('categories\\.negation is not a ConText category'), h);
    assert.ok(h.includes('the default assertion terms are used'), h);
    await client.stop();

    // Any local file may be named: a hover says where it stops being JSON, never what it holds.
    const notJson = path.join(dir, 'notes.txt');
    fs.writeFileSync(notJson, 'Patient: Ann Lee, MRN 4471923\nkey sk-proj-Abc123Def456Ghi\n');
    client = await LspTestClient.inProcess(settings(server.url, MEDTUNED_MODEL.name, { assertion: { extraTermsFile: notJson } }));
    const uri2 = 'file:///assertion/not-json.note';
    assert.deepEqual(await analysed(uri2), EXPECTED);
    const h2 = await hover(uri2, 'chest pain');
    assert.ok(h2.includes('is not valid JSON at line 1 column 1'), h2);
    for (const piece of ['Patient', 'Ann', '4471923', 'sk\\-proj', 'sk-proj']) assert.ok(!h2.includes(piece), h2);
  });

  it("rules+model under the json profile: entity requests ask the statuses; without the model's statuses the rules decide", async () => {
    client = await LspTestClient.inProcess(settings(server.url, LLAMA31_MODEL.name, { assertion: { source: 'rules+model' } }));
    const before = server.generationRequests().length;
    const uri = 'file:///assertion/rules-model.note';
    assert.deepEqual(await analysed(uri), EXPECTED);
    const sent = server.generationRequests().slice(before);
    assert.ok(sent.length > 0);
    for (const r of sent) assert.deepEqual(r.body.format.properties.entities.items.required, ['text', 'type', 'statuses']);
    assert.ok((await hover(uri, 'chest pain')).includes('Assertion, rules (ConText):'));
  });
});
