/** `biomed modelfile`: an Ollama Modelfile for a GGUF in the training layout's template. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { biomed, cliSuite, show, tmpDir } from '../support/cliSuite';

describe('CLI: modelfile', function () {
  cliSuite();
  this.timeout(30_000);

  it('a GGUF file: exit 0 and a Modelfile with the absolute path, the raw template, the stops, temperature 0 and num_ctx 4096', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'tuned.gguf'), Buffer.concat([Buffer.from('GGUF', 'latin1'), Buffer.alloc(60, 1)]));
    const r = await biomed(['modelfile', '--gguf', 'tuned.gguf'], { cwd: dir });
    assert.equal(r.code, 0, show(r));
    const lines = r.stdout.trim().split('\n');
    const real = fs.realpathSync(dir);
    assert.ok(lines.includes(`FROM ${path.join(dir, 'tuned.gguf')}`) || lines.includes(`FROM ${path.join(real, 'tuned.gguf')}`), r.stdout);
    const from = lines.find((l) => l.startsWith('FROM '))!;
    assert.ok(path.isAbsolute(from.slice(5)));
    for (const l of ['TEMPLATE """{{ .Prompt }}"""', 'PARAMETER stop "###"', 'PARAMETER stop "</s>"', 'PARAMETER temperature 0', 'PARAMETER num_ctx 4096']) {
      assert.ok(lines.includes(l), `missing ${l}:\n${r.stdout}`);
    }
    assert.ok(lines.indexOf(from) < lines.findIndex((l) => l.startsWith('PARAMETER')), 'FROM comes first');
    assert.equal(r.stderr, '');

    const big = await biomed(['modelfile', '--gguf', path.join(dir, 'tuned.gguf'), '--num-ctx', '8192']);
    assert.equal(big.code, 0, show(big));
    assert.match(big.stdout, /^PARAMETER num_ctx 8192$/m);
    assert.doesNotMatch(big.stdout, /num_ctx 4096/);
    assert.match(big.stdout, new RegExp(`^FROM ${path.join(dir, 'tuned.gguf').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`, 'm'));
  });

  it('a file that is not GGUF: exit 1 saying so; a missing file: exit 1', async () => {
    const dir = tmpDir();
    const notGguf = path.join(dir, 'model.bin');
    fs.writeFileSync(notGguf, 'PK\u0003\u0004 not a model');
    const r = await biomed(['modelfile', '--gguf', notGguf]);
    assert.equal(r.code, 1, show(r));
    assert.match(r.stderr, /is not a GGUF file/);
    assert.equal(r.stdout, '');
    const gone = await biomed(['modelfile', '--gguf', path.join(dir, 'missing.gguf')]);
    assert.equal(gone.code, 1, show(gone));
    assert.match(gone.stderr, /No such file: .*missing\.gguf/);
    assert.equal(gone.stdout, '');
  });

  it('a --num-ctx that is not a whole number is a usage error', async () => {
    const dir = tmpDir();
    fs.writeFileSync(path.join(dir, 'm.gguf'), 'GGUF....');
    const r = await biomed(['modelfile', '--gguf', path.join(dir, 'm.gguf'), '--num-ctx', 'lots']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /--num-ctx must be a whole number/);
  });
});
