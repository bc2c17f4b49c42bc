/**
 * The no-model message's commands (cli/noModel.ts, engine/models/waysForward.ts): the
 * user's own command line again, with the flags that choose a server replaced, quoted as a
 * shell reads it back; the editor's use of the ways names the same model and link.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { programName, rerunCommand } from '../../server/src/cli/noModel';
import { OLLAMA_DOWNLOAD_URL } from '../../server/src/engine/types';
import { waysForward } from '../../server/src/engine/models/waysForward';

describe('CLI: the commands of the ways forward', () => {
  it('a rerun drops the flags that choose a server (both --flag value and --flag=value) and keeps the rest, quoted', () => {
    const args = ['annotate', 'my notes/', '--out=out', '--engine=auto', '--host', 'http://127.0.0.1:9', '--model', 'x:7b', '--download', '--no-nli', "it's"];
    assert.equal(
      rerunCommand('biomed', args, '--engine embedded --download'),
      `biomed annotate 'my notes/' --out=out --no-nli 'it'\\''s' --engine embedded --download`,
    );
    // Ollama's way: the command as it was.
    assert.equal(
      rerunCommand('biomed', args, ''),
      `biomed annotate 'my notes/' --out=out --engine=auto --host http://127.0.0.1:9 --model x:7b --download --no-nli 'it'\\''s'`,
    );
  });

  it('the program as it was started: node and the bundle, or biomed from the path', () => {
    assert.equal(programName(['node', path.join(process.cwd(), 'dist', 'cli.js')]), `node ${path.join('dist', 'cli.js')}`);
    assert.equal(programName(['node', '/usr/local/bin/biomed']), 'biomed');
  });

  it('without a rerun (the editor), each way still names what to install or run', () => {
    const ways = waysForward({ model: 'llama3.1:8b', cacheDir: '/c' });
    assert.deepEqual(
      ways.map((w) => w.id),
      ['ollama', 'openai', 'embedded'],
    );
    assert.ok(ways[0].detail.includes(OLLAMA_DOWNLOAD_URL));
    assert.ok(ways[0].commands.includes('ollama pull llama3.1:8b'));
    assert.ok(ways[2].detail.includes('/c'));
  });
});
