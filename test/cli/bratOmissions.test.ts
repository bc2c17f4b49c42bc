/**
 * Through dist/cli.js: `--format brat` says what BRAT cannot hold (NLI
 * findings) on stderr, counted, instead of dropping it silently; a format that holds them
 * says nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { CLINICAL_NOTES, fixtureNote } from '../support/gold';
import { cliSandbox, ROOT, showResult } from '../support/cli';
import { loadGoldDocuments, loadNliPairs, OllamaTestServer } from '../support/ollamaServer';

const FIXTURES = path.join(ROOT, 'test', 'fixtures');
const NOTES = path.join(FIXTURES, 'notes');

describe('biomed annotate --format brat: what BRAT cannot hold is said, not dropped silently', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  const { tmp, biomed } = cliSandbox('biomed-brat-omit-');
  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES), nliPairs: loadNliPairs(path.join(FIXTURES, 'nli', 'clinical-nli-dev.jsonl')) });
  });
  after(async () => server.stop());

  it('NLI findings: counted with the notes they were in, and the flag that keeps them', async () => {
    const notes = tmp();
    for (const name of CLINICAL_NOTES.slice(0, 2)) {
      const file = fixtureNote(name).file;
      fs.copyFileSync(path.join(NOTES, file), path.join(notes, file));
    }
    const args = (out: string, format: string) => ['annotate', notes, '--out', out, '--format', format, '--host', server.url, '--no-relations'];
    // The same notes as JSON lines: the findings BRAT is given.
    const jsonOut = tmp();
    const json = await biomed(args(jsonOut, 'json'));
    assert.equal(json.code, 0, showResult(json));
    assert.doesNotMatch(json.stderr, /cannot hold/);
    const findings = fs.readdirSync(jsonOut).map((f) => readJsonl(fs.readFileSync(path.join(jsonOut, f), 'utf8'))[0].findings?.length ?? 0);
    const total = findings.reduce((a, b) => a + b, 0);
    const notesWith = findings.filter((n) => n > 0).length;
    assert.ok(total > 0, 'the notes have NLI findings');

    const r = await biomed(args(tmp(), 'brat'));
    assert.equal(r.code, 0, showResult(r));
    assert.match(r.stdout, new RegExp(` ${total} NLI findings;`));
    const lines = r.stderr.split('\n').filter((l) => l.startsWith('BRAT cannot hold'));
    assert.deepEqual(lines, [
      `BRAT cannot hold NLI findings: ${total} findings in ${notesWith} ${notesWith === 1 ? 'document' : 'documents'} not written; use --format json or --format bioc to keep them.`,
    ]);
  });

  it('no findings asked for (--no-nli): nothing is left out, nothing is said', async () => {
    const r = await biomed([
      'annotate',
      path.join(NOTES, fixtureNote(CLINICAL_NOTES[0]).file),
      '--out',
      tmp(),
      '--format',
      'brat',
      '--host',
      server.url,
      '--no-nli',
    ]);
    assert.equal(r.code, 0, showResult(r));
    assert.doesNotMatch(r.stderr, /cannot hold/);
  });
});
