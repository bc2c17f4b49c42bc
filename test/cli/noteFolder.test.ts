/**
 * Through dist/cli.js: a folder run reads its notes only. Files that
 * are not notes (a folder's README.md, .ann, .json outputs) are skipped and counted on
 * stderr, and the README's first command annotates exactly the bundled example notes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSandbox, ROOT, runCli, showResult } from '../support/cli';
import { OllamaTestServer } from '../support/ollamaServer';

describe('biomed annotate over a folder: notes only', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  const { tmp, state } = cliSandbox('biomed-folder-');
  const biomed = (args: string[]) => runCli(args, { env: { BIOMED_STATE_DIR: state() } });

  before(async () => (server = await OllamaTestServer.start({ gold: [] })));
  after(async () => server.stop());

  it('reads the .note, .txt and .md notes of a folder; README.md, LICENSE.txt, .ann and .json are skipped and counted on stderr', async () => {
    const dir = tmp();
    fs.mkdirSync(path.join(dir, 'ward'));
    const files: Record<string, string> = {
      'a.note': 'Patient denies chest pain.',
      'ward/b.txt': 'Started on aspirin.',
      'c.md': 'CT of the chest was clear.',
      'README.md': '# These notes\nWhere they came from.',
      'ward/LICENSE.txt': 'CC BY 4.0',
      'a.ann': 'T1\tProblem 15 25\tchest pain\n',
      'old.json': '{}',
    };
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    const out = tmp();
    const r = await biomed(['annotate', dir, '--out', out, '--host', server.url, '--no-relations', '--no-nli']);
    assert.equal(r.code, 0, showResult(r));
    assert.deepEqual(
      fs
        .readdirSync(out, { recursive: true })
        .filter((f) => String(f).endsWith('.json'))
        .sort(),
      ['a.json', 'c.json', path.join('ward', 'b.json')],
    );
    assert.match(r.stdout, /^3 annotated,/);
    const line = r.stderr.split('\n').find((l) => l.startsWith('Skipped '));
    assert.ok(line, r.stderr);
    assert.match(line, /^Skipped 4 files that are not notes /);
    for (const name of ['README.md', 'ward/LICENSE.txt', 'a.ann', 'old.json']) assert.ok(line.includes(path.join(dir, name)), `${name} named: ${line}`);
  });

  it('a README named on its own is read: the user asked for that file', async () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'README.md'), 'Patient denies chest pain.');
    const out = tmp();
    const r = await biomed(['annotate', path.join(dir, 'README.md'), '--out', out, '--host', server.url, '--no-relations', '--no-nli']);
    assert.equal(r.code, 0, showResult(r));
    assert.deepEqual(fs.readdirSync(out), ['README.json']);
    assert.doesNotMatch(r.stderr, /Skipped/);
  });

  it("the README's first command annotates the three bundled example notes, not examples/README.md nor the recorded answers' files", async () => {
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
    const command = readme.match(/`npm ci && npm run build && (node dist\/cli\.js annotate [^`]+)`/)?.[1];
    assert.ok(command, "the README's first command block runs node dist/cli.js annotate");
    const args = command.split(/\s+/).slice(2);
    assert.deepEqual(args.slice(0, 4), ['annotate', 'examples/', '--out', 'annotated/']);
    const out = tmp();
    // As the README runs it, from the repository root, with the test server as Ollama.
    const r = await runCli([...args.map((a) => (a === 'annotated/' ? out : a)), '--host', server.url], { env: { BIOMED_STATE_DIR: state() } });
    assert.equal(r.code, 0, showResult(r));
    const notes = fs.readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.note'));
    assert.equal(notes.length, 3);
    assert.deepEqual(fs.readdirSync(out).sort(), notes.map((n) => n.replace(/\.note$/, '.json')).sort());
    assert.match(r.stderr, /Skipped 3 files that are not notes .*examples\/README\.md, examples\/recorded\/answers\.json, examples\/recorded\/gold\.json/);
  });
});
