/**
 * Through dist/cli.js: `--engine auto` is the default. Ollama serves
 * when it answers; else an OpenAI-compatible server that is configured; else the embedded
 * engine when its model is on disk; with none of them one message names the three ways,
 * with the commands, and the run exits 1 having sent and written nothing.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ENGINE_CONFIG } from '../../server/src/engine/config';
import { shortDocuments } from '../support/shortDocuments';
import { cliSandbox, runCli, showResult } from '../support/cli';
import { MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

describe('biomed annotate: --engine auto is the default', function () {
  this.timeout(60_000);
  const docs = shortDocuments(2, { stride: 3, digits: 1 });
  let server: OllamaTestServer;
  let deadHost: string;
  const { tmp, state } = cliSandbox('biomed-auto-');
  // An empty model cache: the embedded engine has no model on this machine, whatever the user's cache holds.
  const biomed = (args: string[], env: Record<string, string> = {}) => runCli(args, { env: { BIOMED_STATE_DIR: state(), BIOMED_NLP_CACHE: tmp(), ...env } });

  before(async () => {
    server = await OllamaTestServer.start({ gold: docs });
    const gone = await OllamaTestServer.start({ gold: [] });
    deadHost = gone.url;
    await gone.stop();
  });
  after(async () => server.stop());

  function notesFolder(): string {
    const dir = tmp();
    for (const d of docs) fs.writeFileSync(path.join(dir, `${d.name}.note`), d.text);
    return dir;
  }
  const annotateArgs = (out: string) => ['annotate', notesFolder(), '--out', out, '--model', MEDTUNED_MODEL.name, '--no-relations', '--no-nli'];
  const sentSince = (before: number) => server.generationRequests().slice(before);

  it('Ollama answers at --host: it annotates, with no --engine given', async () => {
    const out = tmp();
    const before = server.generationRequests().length;
    const r = await biomed([...annotateArgs(out), '--host', server.url], { BIOMED_OPENAI_BASE_URL: `${deadHost}/v1` });
    assert.equal(r.code, 0, showResult(r));
    const paths = new Set(sentSince(before).map((q) => q.path));
    assert.ok(paths.size > 0 && [...paths].every((p) => p.startsWith('/api/')), [...paths].join(', '));
    assert.equal(fs.readdirSync(out).filter((f) => f.endsWith('.json')).length, 2);
  });

  it('Ollama does not answer: the OpenAI-compatible server of $BIOMED_OPENAI_BASE_URL annotates', async () => {
    const out = tmp();
    const before = server.generationRequests().length;
    const r = await biomed([...annotateArgs(out), '--host', deadHost], { BIOMED_OPENAI_BASE_URL: `${server.url}/v1` });
    assert.equal(r.code, 0, showResult(r));
    const paths = new Set(sentSince(before).map((q) => q.path));
    assert.ok(paths.size > 0 && [...paths].every((p) => p.startsWith('/v1/')), [...paths].join(', '));
    assert.equal(fs.readdirSync(out).filter((f) => f.endsWith('.json')).length, 2);
  });

  it('nothing answers and no model is on disk: one message with the three ways and their commands, exit 1, nothing written', async () => {
    const out = tmp();
    const r = await biomed(['annotate', notesFolder(), '--out', out, '--host', deadHost]);
    assert.equal(r.code, 1, showResult(r));
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /no model to run \(--engine auto\): Ollama is not reachable at http:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
    assert.match(r.stderr, /Three ways forward:/);
    // 1. Ollama: where to get it, and the pull of the real default model.
    assert.ok(r.stderr.includes('https://ollama.com/download'), r.stderr);
    assert.ok(r.stderr.includes(`ollama pull ${DEFAULT_ENGINE_CONFIG.model}\n`), r.stderr);
    // 2. and 3.: the same command again, with the flags that choose the other engines.
    const rerun = `node dist/cli.js annotate ${r.stderr.match(/annotate (\S+) --out/)![1]} --out ${out}`;
    assert.ok(r.stderr.includes(`${rerun} --host ${deadHost}\n`), 'Ollama: the command as it was');
    assert.ok(r.stderr.includes(`${rerun} --engine openai --base-url http://127.0.0.1:8000/v1 --model NAME\n`), r.stderr);
    assert.ok(r.stderr.includes(`${rerun} --engine embedded --download\n`), r.stderr);
    assert.ok(r.stderr.includes(`${rerun} --engine embedded --model-path FILE.gguf`), r.stderr);
    // 4.: no model at all, the bundled examples with their recorded answers.
    assert.ok(r.stderr.includes('node dist/cli.js annotate examples/ --out annotated/ --engine recorded'), r.stderr);
    assert.equal(r.stderr.match(/no model to run/g)?.length, 1, 'one message');
    assert.deepEqual(fs.readdirSync(out), []);
  });

  it('an explicit --engine ollama says only what Ollama said, as before', async () => {
    const r = await biomed(['annotate', notesFolder(), '--out', tmp(), '--host', deadHost, '--engine', 'ollama']);
    assert.equal(r.code, 1, showResult(r));
    assert.match(r.stderr, /Ollama is not reachable at .*Is it running\?/);
    assert.doesNotMatch(r.stderr, /ways forward/);
  });

  it('a configured server that is not on this machine is refused before anything is sent (privacy); the message names --allow-remote-host', async () => {
    const before = server.requests.length;
    const r = await biomed(['annotate', notesFolder(), '--out', tmp(), '--host', server.url], { BIOMED_OPENAI_BASE_URL: 'http://10.1.2.3:8000/v1' });
    assert.equal(r.code, 2, showResult(r));
    assert.match(r.stderr, /10\.1\.2\.3.*--allow-remote-host|--allow-remote-host.*10\.1\.2\.3/s);
    assert.equal(server.requests.length, before, 'not even Ollama was asked');
  });
});
