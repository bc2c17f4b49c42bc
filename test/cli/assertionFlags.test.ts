/**
 * `biomed annotate --no-assertion` and `--assertion-terms FILE`: the editor's
 * biomedNlp.assertion.enabled and extraTermsFile on the command line, through the real
 * bundle (dist/cli.js) against the Ollama-protocol test server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { statusesOf } from '../../server/src/engine/formats/document';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { cliSandbox, ROOT, showResult } from '../support/cli';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

const NOTES = path.join(ROOT, 'test/fixtures/assertion/notes');

describe('CLI: annotate --no-assertion and --assertion-terms', function () {
  this.timeout(120_000);
  const { tmp, biomed } = cliSandbox('biomed-assertion-flags-');
  let server: OllamaTestServer;
  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
  });
  after(() => server.stop());

  const annotate = async (...flags: string[]) => {
    const dir = tmp();
    const r = await biomed(['annotate', NOTES, '--out', dir, '--host', server.url, '--model', MEDTUNED_MODEL.name, '--no-relations', '--no-nli', ...flags]);
    assert.equal(r.code, 0, showResult(r));
    const doc = readJsonl(fs.readFileSync(path.join(dir, 'statuses.json'), 'utf8'))[0];
    return Object.fromEntries(doc.entities.map((e) => [e.text, statusesOf(e)]));
  };

  it('by default the rules mark; --no-assertion marks nothing and keeps the entities', async () => {
    const marked = await annotate();
    assert.deepEqual(marked['chest pain'], ['negated']);
    assert.deepEqual(marked.Hypertension, ['historical']);
    const plain = await annotate('--no-assertion');
    assert.deepEqual(Object.keys(plain), Object.keys(marked));
    for (const [text, statuses] of Object.entries(plain)) assert.deepEqual(statuses, [], text);
  });

  it('--assertion-terms merges a terms file: a removed trigger no longer negates, an added one does', async () => {
    const file = path.join(tmp(), 'terms.json');
    fs.writeFileSync(file, JSON.stringify({ remove: ['denies'], categories: { possible: { forward: ['reports'] } } }));
    const marked = await annotate('--assertion-terms', file);
    assert.deepEqual(marked['chest pain'], []);
    assert.deepEqual(marked['dyspnea on exertion'], ['possible']);
    assert.deepEqual(marked.Hypertension, ['historical'], 'the defaults stay');
  });

  it('a terms file that cannot be used is a usage error (exit 2), named, before any note is read', async () => {
    const bad = path.join(tmp(), 'bad.json');
    fs.writeFileSync(bad, '{"categories": {"negation": {}}}');
    const cases: [string, RegExp][] = [
      [path.join(tmp(), 'missing.json'), /--assertion-terms .*missing\.json does not exist\./],
      [bad, /--assertion-terms .*bad\.json: categories\.negation is not a ConText category/],
    ];
    for (const [file, says] of cases) {
      const r = await biomed(['annotate', NOTES, '--out', tmp(), '--host', server.url, '--model', MEDTUNED_MODEL.name, '--assertion-terms', file]);
      assert.equal(r.code, 2, showResult(r));
      assert.match(r.stderr, says);
      assert.doesNotMatch(r.stderr, /default assertion terms are used/);
    }
  });

  it('the help names both flags', async () => {
    const r = await biomed(['annotate', '--help']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /--no-assertion {9}no statuses/);
    assert.match(r.stdout, /--assertion-terms FILE terms merged into the defaults/);
  });
});
