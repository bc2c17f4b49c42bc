/**
 * docs/reference/cli.md quotes each command's `--help` in full: every command that
 * `biomed --help` lists must have its section, holding exactly what its `--help` prints
 * now, so that a flag added to the CLI without its word in the reference fails here.
 * (The bundle dist/cli.js must be built.)
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';

const CLI = path.join(ROOT, 'dist/cli.js');
const DOC = path.join(ROOT, 'docs/reference/cli.md');
const help = (...args: string[]) => execFileSync(process.execPath, [CLI, ...args, '--help'], { encoding: 'utf8' });

describe('package: the command-line reference (docs/reference/cli.md)', () => {
  it('has a section for every command, quoting what its --help prints now', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    const commands = [...help().matchAll(/^ {2}([a-z]+) {2,}/gm)].map((m) => m[1]);
    assert.ok(commands.length >= 6, commands.join(' '));
    for (const command of commands) {
      assert.match(doc, new RegExp(`^## \`?biomed ${command}\`?$`, 'm'), `a section for biomed ${command}`);
      const text = help(command).trim();
      assert.ok(/^ +--[a-z]/m.test(text), `biomed ${command} --help lists options`);
      assert.ok(doc.includes(text), `docs/reference/cli.md quotes biomed ${command} --help as it is now`);
    }
    // Subcommands with a help of their own.
    for (const sub of [
      ['eval', 'link'],
      ['eval', 'deid'],
    ]) {
      assert.match(doc, new RegExp(`^### \`biomed ${sub.join(' ')}\`$`, 'm'), `a section for biomed ${sub.join(' ')}`);
      assert.ok(doc.includes(help(...sub).trim()), `docs/reference/cli.md quotes biomed ${sub.join(' ')} --help as it is now`);
    }
  });
});
