/**
 * biomed annotate says once, on stderr, which notes found no entity of the clinical types and
 * read as literature, with the flag that fits them; a clinical note that found none is not
 * named, and the literature types asked for say nothing. Through dist/cli.js against the
 * Ollama-protocol test server, whose oracle knows the fixture abstract's gold (diseases and
 * chemicals only).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSandbox, showResult } from '../support/cli';
import { FIXTURES } from '../support/paths';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';

const HINT = 'this looks like literature: try `--types disease,chemical`';
// A clinical note the oracle has no gold for: it finds no entity either.
const CLINICAL = 'Pt is a 67 y/o M s/p CABG, here for follow-up. Doing well. Continue current regimen, recheck lipids in 3 months prn.\n';

describe('biomed annotate: a note that reads as literature gets the hint', function () {
  this.timeout(60_000);
  const { tmp, biomed } = cliSandbox('biomed-literature-');
  let server: OllamaTestServer;
  let notes: string;
  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(path.join(FIXTURES, 'notes')) });
    notes = tmp();
    fs.copyFileSync(path.join(FIXTURES, 'notes', 'abstract-cisplatin.txt'), path.join(notes, 'abstract.txt'));
    fs.writeFileSync(path.join(notes, 'visit.txt'), CLINICAL);
  });
  after(async () => server.stop());

  const run = (...args: string[]) =>
    biomed(['annotate', notes, '--out', path.join(tmp(), 'out.jsonl'), '--host', server.url, '--no-relations', '--no-nli', ...args]);

  it('under the clinical types (the default) the abstract is named once with the hint; the clinical note is not', async () => {
    const r = await run();
    assert.equal(r.code, 0, showResult(r));
    assert.match(r.stdout, /^2 annotated, .*: \d+ sentences, 0 entities/, showResult(r));
    const lines = r.stderr.split('\n').filter((l) => l.includes('looks like literature'));
    assert.deepEqual(lines, [`abstract has no problem, treatment or test entities: ${HINT}`], showResult(r));
  });

  it('with --types disease,chemical the abstract has entities and nothing is hinted', async () => {
    const r = await run('--types', 'disease,chemical');
    assert.equal(r.code, 0, showResult(r));
    assert.doesNotMatch(r.stdout, /, 0 entities/, showResult(r));
    assert.doesNotMatch(r.stderr, /looks like literature/, showResult(r));
  });

  it('a folder of clinical notes alone gets no hint', async () => {
    fs.rmSync(path.join(notes, 'abstract.txt'));
    const r = await run();
    assert.equal(r.code, 0, showResult(r));
    assert.doesNotMatch(r.stderr, /looks like literature/, showResult(r));
  });
});
