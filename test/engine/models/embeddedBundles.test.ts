/** The embedded engine through the bundles: the CLI and the language server in dist/ running the tiny model. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { NOT_INSTALLED_MESSAGE } from '../../../server/src/engine/models/embedded/runtime';
import { LspTestClient, waitFor } from '../../support/lspClient';
import { CLI, ensureCliBuilt, ROOT, runCli } from '../../support/cli';
import { NOTE, SENTENCE, modelFile, tmpDir, useTinyModel } from './embeddedSuite';

describe('embedded engine (node-llama-cpp, a tiny GGUF written by the test)', function () {
  this.timeout(120_000);
  useTinyModel();

  describe('the bundles', () => {
    before(() => ensureCliBuilt());

    it('keep node-llama-cpp out: imported at run time, not bundled', () => {
      for (const bundle of ['server.js', 'cli.js']) {
        const code = fs.readFileSync(path.join(ROOT, 'dist', bundle), 'utf8');
        assert.ok(code.includes('import("node-llama-cpp")'), `${bundle} imports node-llama-cpp at run time`);
        assert.ok(!/class LlamaCompletion\b/.test(code), `${bundle} does not bundle node-llama-cpp`);
      }
    });

    it('biomed annotate --engine embedded --model-path FILE annotates with the real engine', async () => {
      const out = tmpDir('biomed-embedded-cli-');
      const note = path.join(out, 'note.txt');
      fs.writeFileSync(note, NOTE);
      const r = await runCli(['annotate', note, '--out', path.join(out, 'result'), '--engine', 'embedded', '--model-path', modelFile, '--no-relations'], {
        env: { BIOMED_NLP_CACHE: out },
      });
      assert.equal(r.code, 0, r.stderr);
      const written = fs.readdirSync(path.join(out, 'result'));
      assert.ok(written.length > 0);
      const doc = JSON.parse(
        fs.readFileSync(
          path.join(
            out,
            'result',
            written.find((f) => f.endsWith('.json'))!,
          ),
          'utf8',
        ),
      );
      for (const e of doc.entities ?? []) assert.equal(NOTE.slice(e.start, e.end), e.text);
      fs.rmSync(out, { recursive: true, force: true });
    });

    it('the CLI says what to do without a model file, and refuses options of other engines', async () => {
      const cache = tmpDir();
      const none = await runCli(
        ['annotate', path.join(ROOT, 'test/fixtures/notes/ed-chest-pain.note'), '--out', path.join(cache, 'o'), '--engine', 'embedded'],
        { env: { BIOMED_NLP_CACHE: cache } },
      );
      assert.equal(none.code, 1, none.stderr);
      assert.match(none.stderr, /--model-path FILE.*--download/);
      const mixed = await runCli([
        'annotate',
        path.join(ROOT, 'test/fixtures/notes/ed-chest-pain.note'),
        '--out',
        path.join(cache, 'o'),
        '--model-path',
        modelFile,
        '--host',
        'http://127.0.0.1:11434',
      ]);
      assert.equal(mixed.code, 2);
      assert.match(mixed.stderr, /embedded engine runs in this process/);
      fs.rmSync(cache, { recursive: true, force: true });
    });

    it('a bundle without node-llama-cpp beside it still runs, and the engine says it is not installed', async () => {
      const alone = tmpDir('biomed-alone-');
      const cli = path.join(alone, 'cli.js');
      fs.copyFileSync(CLI, cli);
      const help = await runCli(['annotate', '--help'], { env: {}, cli });
      assert.equal(help.code, 0);
      assert.match(help.stdout, /--model-path FILE/);
      const r = await runCli(
        ['annotate', path.join(ROOT, 'test/fixtures/notes/ed-chest-pain.note'), '--out', path.join(alone, 'o'), '--model-path', modelFile],
        { env: { BIOMED_NLP_CACHE: alone }, cli },
      );
      assert.equal(r.code, 1, r.stderr);
      assert.ok(r.stderr.includes(NOT_INSTALLED_MESSAGE), r.stderr);
      // Installed in the runtime folder the README names, it is found there.
      const runtime = path.join(alone, 'runtime', 'node_modules');
      fs.mkdirSync(runtime, { recursive: true });
      fs.symlinkSync(path.join(ROOT, 'node_modules', 'node-llama-cpp'), path.join(runtime, 'node-llama-cpp'), 'dir');
      const found = await runCli(
        [
          'annotate',
          path.join(ROOT, 'test/fixtures/notes/ed-chest-pain.note'),
          '--out',
          path.join(alone, 'o'),
          '--model-path',
          modelFile,
          '--no-relations',
          '--no-nli',
        ],
        { env: { BIOMED_NLP_CACHE: alone }, cli },
      );
      assert.equal(found.code, 0, found.stderr);
      fs.rmSync(alone, { recursive: true, force: true });
    });

    it('the language server: engine embedded, the status names it, every highlight is the text at its offsets', async () => {
      const client = await LspTestClient.start({ engine: 'embedded', embedded: { modelPath: modelFile }, promptProfile: 'json', debounceMs: 0 });
      try {
        await client.open('file:///embedded.note', NOTE);
        await waitFor(
          'the analysis to finish',
          () => {
            const s = client.lastStatus();
            return s?.state === 'ready' && s.total > 0 && s.done === s.total;
          },
          60_000,
        );
        const status = client.lastStatus()!;
        assert.equal(status.engine, 'embedded');
        assert.equal(status.model, modelFile);
        assert.match(status.host, /this process/);
        for (const t of await client.tokens('file:///embedded.note')) assert.equal(NOTE.slice(t.start, t.end), t.text);
      } finally {
        await client.stop();
      }
    });

    it('the language server with engine auto: Ollama not answering, the embedded engine serves', async () => {
      const client = await LspTestClient.start({
        engine: 'auto',
        ollama: { host: 'http://127.0.0.1:9' },
        embedded: { modelPath: modelFile },
        promptProfile: 'json',
        debounceMs: 0,
      });
      try {
        await client.open('file:///auto.note', SENTENCE);
        await waitFor(
          'the analysis to finish',
          () => {
            const s = client.lastStatus();
            return s?.state === 'ready' && s.total > 0 && s.done === s.total;
          },
          60_000,
        );
        assert.equal(client.lastStatus()!.engine, 'embedded');
      } finally {
        await client.stop();
      }
    });

    it('the language server with engine embedded and no node-llama-cpp: "unreachable", saying how to install it', async () => {
      const alone = tmpDir('biomed-alone-server-');
      fs.copyFileSync(path.join(ROOT, 'dist', 'server.js'), path.join(alone, 'server.js'));
      const previous = process.env.BIOMED_NLP_CACHE;
      process.env.BIOMED_NLP_CACHE = alone; // inherited by the server process
      const client = await LspTestClient.start(
        { engine: 'embedded', embedded: { modelPath: modelFile }, debounceMs: 0, retryIntervalMs: 60_000 },
        path.join(alone, 'server.js'),
      );
      try {
        await client.open('file:///alone.note', SENTENCE);
        await waitFor('the unreachable status', () => client.lastStatus()?.state === 'unreachable', 30_000);
        assert.match(client.lastStatus()!.message ?? '', /node-llama-cpp.*not installed/);
        assert.equal(client.exited, null);
      } finally {
        await client.stop();
        if (previous === undefined) delete process.env.BIOMED_NLP_CACHE;
        else process.env.BIOMED_NLP_CACHE = previous;
        fs.rmSync(alone, { recursive: true, force: true });
      }
    });
  });
});
