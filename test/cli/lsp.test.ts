/**
 * `biomed lsp`: its help and usage errors (the server it runs is tested through it in
 * test/lsp/settingsChannels.test.ts and in real editors in test/editors).
 */
import * as assert from 'node:assert/strict';
import { ensureCliBuilt, runCli, showResult } from '../support/cli';

describe('biomed lsp', function () {
  this.timeout(30_000);
  before(() => ensureCliBuilt());

  it('--help prints its usage and exits 0; the overview lists the command', async () => {
    const r = await runCli(['lsp', '--help']);
    assert.equal(r.code, 0, showResult(r));
    assert.match(r.stdout, /^Usage: biomed lsp --stdio\n/);
    assert.match(r.stdout, /--stdio {7}speak LSP over stdin and stdout/);
    const overview = await runCli(['--help']);
    assert.match(overview.stdout, /^ {2}lsp {12}run the language server over stdio \(lsp --stdio\)/m);
  });

  it('without --stdio, or with another argument, exits 2 and says why; no server starts', async () => {
    for (const [args, why] of [
      [['lsp'], /biomed lsp: --stdio is required: the server speaks LSP over stdin and stdout\./],
      [['lsp', '--stdio', 'notes/'], /biomed lsp: unexpected argument "notes\/"\./],
      [['lsp', '--socket=5000'], /biomed lsp: Unknown option '--socket'/],
    ] as const) {
      const r = await runCli([...args]);
      assert.equal(r.code, 2, showResult(r));
      assert.match(r.stderr, why);
      assert.match(r.stderr, /Run "biomed lsp --help" for usage\./);
      assert.equal(r.stdout, '');
    }
  });
});
