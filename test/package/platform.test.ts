/**
 * The platform-specific package (`npm run package:target -- <target>`) for this machine's
 * platform: it holds node-llama-cpp and the llama.cpp binaries of that platform only, and the
 * language server unpacked from it runs the embedded engine with nothing installed.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeTinyLlamaGguf } from '../support/ggufWriter';
import { LspTestClient, waitFor } from '../support/lspClient';
import { extractZip, readZip } from './zip';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

/** This machine as a vsce target, and the @node-llama-cpp package of its CPU build. */
const TARGET = `${process.platform}-${process.arch === 'arm' ? 'armhf' : process.arch}`;
const BINARY: Record<string, string> = {
  'linux-x64': 'linux-x64',
  'linux-arm64': 'linux-arm64',
  'linux-armhf': 'linux-armv7l',
  'darwin-arm64': 'mac-arm64-metal',
  'darwin-x64': 'mac-x64',
  'win32-x64': 'win-x64',
  'win32-arm64': 'win-arm64',
};

describe(`package: the ${TARGET} .vsix with the embedded engine`, function () {
  this.timeout(120_000);
  let dir: string;
  let vsix: string;
  let names: string[];

  before(() => {
    assert.ok(BINARY[TARGET], `node-llama-cpp has a prebuilt binary for ${TARGET}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-target-'));
    vsix = path.join(dir, `biomed-nlp-${TARGET}.vsix`);
    execFileSync(process.execPath, [path.join(ROOT, 'scripts/package-target.mjs'), TARGET, '--out', vsix], { cwd: ROOT, stdio: 'pipe' });
    names = readZip(vsix).map((e) => e.name);
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('holds node-llama-cpp, its dependencies and the binaries of this platform, not of others', () => {
    assert.ok(names.includes('extension/dist/server.js'));
    assert.ok(names.includes('extension/node_modules/node-llama-cpp/package.json'));
    const nlc = JSON.parse(
      readZip(vsix)
        .find((e) => e.name === 'extension/node_modules/node-llama-cpp/package.json')!
        .data()
        .toString(),
    );
    assert.equal(nlc.version, manifest.dependencies['node-llama-cpp']);
    for (const dep of Object.keys(nlc.dependencies)) {
      assert.ok(
        names.some((n) => n.startsWith(`extension/node_modules/${dep}/`) || n.startsWith(`extension/node_modules/node-llama-cpp/node_modules/${dep}/`)),
        `${dep} is packaged`,
      );
    }
    const binaries = new Set(names.filter((n) => n.startsWith('extension/node_modules/@node-llama-cpp/')).map((n) => n.split('/')[3]));
    assert.deepEqual([...binaries], [BINARY[TARGET]]);
    assert.ok(names.some((n) => n.startsWith(`extension/node_modules/@node-llama-cpp/${BINARY[TARGET]}/bins/`) && n.endsWith('llama-addon.node')));
    // Bundled packages are not shipped again, nor source maps, nor the llama.cpp source bundle.
    for (const n of names) {
      assert.ok(!/^extension\/node_modules\/(ollama|vscode-languageclient|vscode-languageserver|undici)\//.test(n), `${n} is in the bundles`);
      assert.ok(!n.endsWith('.map') && !n.endsWith('gitRelease.bundle'), `${n} is left out`);
    }
    const vsixManifest = readZip(vsix)
      .find((e) => e.name === 'extension.vsixmanifest')!
      .data()
      .toString();
    assert.match(vsixManifest, new RegExp(`TargetPlatform="${TARGET}"`));
  });

  it('the server unpacked from it runs the embedded engine from the package, and without that folder cannot', async () => {
    const unpacked = path.join(dir, 'unpacked');
    extractZip(vsix, unpacked);
    const model = path.join(dir, 'tiny-llama.gguf');
    writeTinyLlamaGguf(model);
    const serverJs = path.join(unpacked, 'extension/dist/server.js');
    const previous = process.env.BIOMED_NLP_CACHE;
    // No runtime folder to fall back on: node-llama-cpp can only come from the package.
    process.env.BIOMED_NLP_CACHE = path.join(dir, 'cache');
    const run = async (until: (c: LspTestClient) => boolean) => {
      const client = await LspTestClient.start(
        { engine: 'embedded', embedded: { modelPath: model }, promptProfile: 'json', debounceMs: 0, retryIntervalMs: 60_000 },
        serverJs,
      );
      try {
        await client.open('file:///platform.note', 'The patient denies chest pain and was given aspirin.');
        await waitFor('the engine to settle', () => until(client), 60_000);
        return client.lastStatus()!;
      } finally {
        await client.stop();
      }
    };
    try {
      const ready = await run((c) => {
        const s = c.lastStatus();
        return !!s && (s.state === 'unreachable' || (s.state === 'ready' && s.total > 0 && s.done === s.total));
      });
      assert.equal(ready.state, 'ready', ready.message);
      assert.equal(ready.engine, 'embedded');
      fs.renameSync(path.join(unpacked, 'extension/node_modules'), path.join(unpacked, 'extension/node_modules.off'));
      const missing = await run((c) => c.lastStatus()?.state === 'unreachable');
      assert.match(missing.message ?? '', /node-llama-cpp.*not installed/);
    } finally {
      if (previous === undefined) delete process.env.BIOMED_NLP_CACHE;
      else process.env.BIOMED_NLP_CACHE = previous;
    }
  });
});
