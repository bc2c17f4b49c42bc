/** The embedded engine's default model download over HTTP from a server on 127.0.0.1: resume, checks, errors. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { DEFAULT_MODEL_FILE, DEFAULT_MODEL_URL, DownloadError, downloadModel } from '../../../server/src/engine/models/embedded/download';
import { NODE_LLAMA_CPP_VERSION, NOT_INSTALLED_MESSAGE } from '../../../server/src/engine/models/embedded/runtime';
import { tinyLlamaGguf } from '../../support/ggufWriter';
import { ensureCliBuilt, ROOT, runCli } from '../../support/cli';
import { SENTENCE, backend, chatRequest, tmpDir, useTinyModel } from './embeddedSuite';

describe('embedded engine (node-llama-cpp, a tiny GGUF written by the test)', function () {
  this.timeout(120_000);
  useTinyModel();

  describe('downloading the default model', () => {
    let server: http.Server;
    let base: string;
    let folder: string;
    const tiny = tinyLlamaGguf({ seed: 5 }).bytes;
    const requests: string[] = [];

    before(async () => {
      server = http.createServer((req, res) => {
        requests.push(req.url ?? '');
        if (req.url === '/ok/model.gguf') {
          res.writeHead(200, { 'content-length': tiny.length, 'content-type': 'application/octet-stream' });
          // In pieces, so progress is reported more than once.
          let at = 0;
          const next = () => {
            if (at >= tiny.length) return void res.end();
            res.write(tiny.subarray(at, at + 65536), () => setTimeout(next, 5));
            at += 65536;
          };
          next();
        } else if (req.url === '/cut/model.gguf') {
          // Promises 1 MB, sends a few bytes, then closes the connection.
          res.writeHead(200, { 'content-length': 1_000_000 });
          res.write(Buffer.from('GGUF\x03\x00\x00\x00 a few bytes'), () => setTimeout(() => res.socket?.destroy(), 20));
        } else if (req.url === '/slow/model.gguf') {
          res.writeHead(200, { 'content-length': 10_000_000 });
          res.write(Buffer.alloc(1000, 1));
        } else if (req.url === '/html/model.gguf') {
          const page = Buffer.from('<!doctype html><p>Sign in to download this file.</p>');
          res.writeHead(200, { 'content-length': page.length, 'content-type': 'text/html' });
          res.end(page);
        } else if (req.url?.startsWith('/redirect/')) {
          res.writeHead(302, { location: '/ok/model.gguf' });
          res.end();
        } else {
          res.writeHead(404);
          res.end('Entry not found');
        }
      });
      await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    beforeEach(() => (folder = tmpDir('biomed-download-')));
    afterEach(() => fs.rmSync(folder, { recursive: true, force: true }));
    after(() => {
      server.closeAllConnections();
      server.close();
    });

    async function failsWith(promise: Promise<unknown>, reason: string, message: RegExp): Promise<void> {
      try {
        await promise;
      } catch (err) {
        assert.ok(err instanceof DownloadError, String(err));
        assert.equal(err.reason, reason, err.message);
        assert.match(err.message, message);
        return;
      }
      assert.fail(`expected a DownloadError (${reason})`);
    }

    it('the install instructions name the node-llama-cpp version package.json depends on', () => {
      const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
      assert.equal(manifest.dependencies['node-llama-cpp'].replace(/^[\^~]/, ''), NODE_LLAMA_CPP_VERSION);
      assert.ok(NOT_INSTALLED_MESSAGE.includes(`node-llama-cpp@${NODE_LLAMA_CPP_VERSION}`));
    });

    it("the default is mradermacher's Q4_K_M file of Llama2-MedTuned-7b", () => {
      assert.equal(DEFAULT_MODEL_URL, 'https://huggingface.co/mradermacher/Llama2-MedTuned-7b-GGUF/resolve/main/Llama2-MedTuned-7b.Q4_K_M.gguf');
      assert.equal(DEFAULT_MODEL_FILE, 'Llama2-MedTuned-7b.Q4_K_M.gguf');
    });

    it('a connection that closes after a few bytes: an error, and no file left behind', async () => {
      await failsWith(downloadModel({ folder, url: `${base}/cut/model.gguf` }), 'incomplete', /broke off|ended after/);
      assert.deepEqual(fs.readdirSync(folder), []);
    });

    it('a 404, an HTML page instead of a model, a server that is not there: clear errors, no file', async () => {
      await failsWith(downloadModel({ folder, url: `${base}/missing/model.gguf` }), 'http', /answered 404/);
      await failsWith(downloadModel({ folder, url: `${base}/html/model.gguf` }), 'not-gguf', /not a GGUF file/);
      const closed = http.createServer();
      await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
      const port = (closed.address() as AddressInfo).port;
      await new Promise((r) => closed.close(r));
      await failsWith(
        downloadModel({ folder, url: `http://127.0.0.1:${port}/model.gguf` }),
        'network',
        /ECONNREFUSED.*GGUF file that is already on this machine/,
      );
      assert.deepEqual(fs.readdirSync(folder), []);
    });

    it('not enough disk space: said before anything is fetched', async () => {
      const before = requests.length;
      await failsWith(downloadModel({ folder, url: `${base}/ok/model.gguf`, expectedBytes: 1e18 }), 'disk-space', /Not enough free disk space.*needs .* GB/);
      assert.equal(requests.length, before);
      assert.deepEqual(fs.readdirSync(folder), []);
    });

    it('a cancelled download leaves no file', async () => {
      const controller = new AbortController();
      const pending = downloadModel({
        folder,
        url: `${base}/slow/model.gguf`,
        signal: controller.signal,
        onProgress: () => controller.abort(),
        progressIntervalMs: 0,
      });
      await failsWith(pending, 'cancelled', /cancelled/);
      assert.deepEqual(fs.readdirSync(folder), []);
    });

    it('biomed --download: a broken download fails the run and leaves nothing; a complete one is used', async function () {
      ensureCliBuilt();
      const note = path.join(ROOT, 'test/fixtures/notes/ed-chest-pain.note');
      const broken = await runCli(['annotate', note, '--out', path.join(folder, 'out'), '--download'], {
        env: { BIOMED_NLP_CACHE: folder, BIOMED_NLP_MODEL_URL: `${base}/cut/model.gguf` },
      });
      assert.equal(broken.code, 1, broken.stderr);
      assert.match(broken.stderr, /Downloading the default model from .*\/cut\/model\.gguf[\s\S]*broke off after/);
      assert.deepEqual(fs.readdirSync(folder), []);
      const ok = await runCli(['annotate', note, '--out', path.join(folder, 'out'), '--download', '--no-relations', '--no-nli'], {
        env: { BIOMED_NLP_CACHE: folder, BIOMED_NLP_MODEL_URL: `${base}/ok/model.gguf` },
      });
      assert.equal(ok.code, 0, ok.stderr);
      assert.deepEqual(fs.readFileSync(path.join(folder, DEFAULT_MODEL_FILE)), tiny);
      assert.deepEqual(fs.readdirSync(folder).sort(), [DEFAULT_MODEL_FILE, 'out'].sort());
    });

    it('a complete download (through a redirect) lands under its name, with progress, and loads', async () => {
      const progress: { received: number; total?: number }[] = [];
      const file = await downloadModel({
        folder,
        url: `${base}/redirect/model.gguf`,
        fileName: 'downloaded.gguf',
        onProgress: (p) => progress.push(p),
        progressIntervalMs: 0,
      });
      assert.equal(file, path.join(folder, 'downloaded.gguf'));
      assert.deepEqual(fs.readdirSync(folder), ['downloaded.gguf']);
      assert.deepEqual(fs.readFileSync(file), tiny);
      assert.ok(progress.length >= 2);
      assert.deepEqual(progress.at(-1), { received: tiny.length, total: tiny.length });
      // Already there: not fetched again.
      const before = requests.length;
      assert.equal(await downloadModel({ folder, url: `${base}/redirect/model.gguf`, fileName: 'downloaded.gguf' }), file);
      assert.equal(requests.length, before);
      const answer = await backend({ modelPath: file }).generate(chatRequest(SENTENCE), new AbortController().signal);
      // It loads and generates under the schema's grammar. A random-weight model may write one
      // string until numPredict cuts it: then the answer is a prefix of the schema's JSON.
      assert.ok(answer.evalTokens > 0);
      if (answer.doneReason === 'stop') JSON.parse(answer.text);
      else assert.match(answer.text, /^\{"entities":\[/);
    });
  });
});
