/**
 * Through dist/cli.js: a model the server does not have is named with
 * both ways on (`ollama pull NAME`, or `--model NAME` with the models the server has), and
 * `biomed --help` lists every eval, `eval assertion` too.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { cliSandbox, ROOT, showResult } from '../support/cli';
import { CLINICAL_NOTES, fixtureNote } from '../support/gold';
import { DEFAULT_MODELS, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

describe('biomed: a model that is not pulled, and the eval commands in --help', function () {
  this.timeout(60_000);
  const { tmp, biomed } = cliSandbox('biomed-hints-');
  let server: OllamaTestServer;
  before(async () => (server = await OllamaTestServer.start({})));
  after(async () => server.stop());

  const notes = () => {
    const dir = tmp();
    const name = CLINICAL_NOTES[0];
    fs.copyFileSync(path.join(ROOT, 'test/fixtures/notes', fixtureNote(name).file), path.join(dir, `${name}.note`));
    return dir;
  };

  it('Ollama without the model: the pull command for that model and --model with the models Ollama has; nothing is written', async () => {
    const out = tmp();
    const r = await biomed(['annotate', notes(), '--out', out, '--host', server.url, '--model', 'meditron:7b']);
    assert.equal(r.code, 1, showResult(r));
    assert.match(r.stderr, /The model "meditron:7b" is not installed in Ollama at http:\/\/127\.0\.0\.1:\d+\./, showResult(r));
    assert.match(r.stderr, /^ {2}Pull it: +ollama pull meditron:7b {3}\(then run this command again\)$/m, showResult(r));
    const use = r.stderr.match(/^ {2}Or use a model it has: +--model NAME {3}\(Ollama has: (.*)\)$/m);
    assert.ok(use, showResult(r));
    assert.deepEqual(use[1].split(', ').sort(), DEFAULT_MODELS.map((m) => m.name).sort());
    assert.ok(use[1].includes(MEDTUNED_MODEL.name));
    assert.deepEqual(fs.readdirSync(out), []);
  });

  it('the same for an eval, and with --engine ollama; a model it has runs', async () => {
    const pairs = path.join(ROOT, 'test/fixtures/nli/clinical-nli-dev.jsonl');
    const r = await biomed(['eval', 'nli', pairs, '--engine', 'ollama', '--host', server.url, '--model', 'nosuch', '--limit', '1']);
    assert.equal(r.code, 1, showResult(r));
    assert.match(r.stderr, /Pull it: +ollama pull nosuch /, showResult(r));
    assert.match(r.stderr, /Or use a model it has: +--model NAME/, showResult(r));
    const ok = await biomed(['eval', 'nli', pairs, '--engine', 'ollama', '--host', server.url, '--model', MEDTUNED_MODEL.name, '--limit', '1']);
    assert.equal(ok.code, 0, showResult(ok));
    assert.doesNotMatch(ok.stderr, /Pull it/);
  });

  it('biomed --help lists eval assertion beside eval ner, re and nli', async () => {
    const r = await biomed(['--help']);
    assert.equal(r.code, 0, showResult(r));
    const evalLine = r.stdout.slice(r.stdout.indexOf('  eval '), r.stdout.indexOf('  export '));
    for (const sub of ['eval ner', 'eval re', 'eval nli', 'eval assertion']) assert.ok(evalLine.includes(sub), `${sub} in: ${evalLine}`);
    // And it is a command that runs.
    const help = await biomed(['eval', 'assertion', '--help']);
    assert.equal(help.code, 0, showResult(help));
    assert.match(help.stdout, /biomed eval assertion <file\.tsv> --format context-tsv/);
  });
});
