/**
 * What the tests in real third-party editors share: the configurations of
 * docs/how-to/other-editors.md (the blocks marked `<!-- tested: NAME -->`, run as written
 * with the test server's address in place of Ollama's), a folder with the note and a
 * `biomed` command on the PATH as `npm link` makes it (a link to dist/cli.js), and an
 * editor process that is killed, with its children, at a deadline.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../support/paths';

export const OTHER_EDITORS_DOC = path.join(ROOT, 'docs/how-to/other-editors.md');
const DEFAULT_HOST = 'http://127.0.0.1:11434';

/** The fenced block after `<!-- tested: name -->` in the how-to, with `host` for Ollama's default address. */
export function testedConfig(name: string, host: string): string {
  const doc = fs.readFileSync(OTHER_EDITORS_DOC, 'utf8');
  const m = new RegExp(`<!-- tested: ${name} -->\\n\`\`\`\\w*\\n([\\s\\S]*?)\\n\`\`\``).exec(doc);
  if (!m) throw new Error(`no block marked "tested: ${name}" in ${OTHER_EDITORS_DOC}`);
  if (!m[1].includes(DEFAULT_HOST)) throw new Error(`the ${name} block names no ${DEFAULT_HOST}`);
  return m[1].split(DEFAULT_HOST).join(host);
}

/** A fresh folder for one editor run, with `bin/biomed` linked to dist/cli.js. */
export function editorFolder(prefix: string): { dir: string; bin: string; cleanup(): void } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `biomed-${prefix}-`));
  const bin = path.join(dir, 'bin');
  fs.mkdirSync(bin);
  fs.symlinkSync(path.join(ROOT, 'dist/cli.js'), path.join(bin, 'biomed'));
  return { dir, bin, cleanup: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

export interface EditorResult {
  code: number | null;
  stdout: string;
  stderr: string;
  killed: boolean;
}

/**
 * Runs `command args` in `cwd` with `bin` first on the PATH and HOME in the folder (no
 * user configuration), in its own process group; kills the group after `deadlineMs`.
 */
export function runEditor(command: string, args: string[], opts: { cwd: string; bin: string; deadlineMs: number }): Promise<EditorResult> {
  return new Promise((resolve, reject) => {
    const env = {
      ...process.env,
      PATH: `${opts.bin}${path.delimiter}${process.env.PATH ?? ''}`,
      HOME: opts.cwd,
      XDG_CONFIG_HOME: path.join(opts.cwd, '.config'),
      XDG_DATA_HOME: path.join(opts.cwd, '.local/share'),
      XDG_STATE_HOME: path.join(opts.cwd, '.local/state'),
    };
    const child = spawn(command, args, { cwd: opts.cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d) => (stdout += String(d)));
    child.stderr.on('data', (d) => (stderr += String(d)));
    const kill = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const timer = setTimeout(() => {
      killed = true;
      kill();
    }, opts.deadlineMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      // The language server it started, if the editor left it behind.
      kill();
      resolve({ code, stdout, stderr, killed });
    });
  });
}

/** The JSON an editor run wrote to `file`, or a failure that shows what the editor said. */
export function readResult<T>(file: string, run: EditorResult): T {
  if (!fs.existsSync(file))
    throw new Error(
      `the editor wrote no result (exit ${run.code}${run.killed ? ', killed at its deadline' : ''})\nstdout: ${run.stdout.slice(-3000)}\nstderr: ${run.stderr.slice(-3000)}`,
    );
  return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}
