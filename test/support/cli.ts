/** Running the real `biomed` bundle (dist/cli.js) from tests, as a child process. */
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from './paths';

export { ROOT };
export const CLI = path.join(ROOT, 'dist', 'cli.js');

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the bundles when dist/cli.js is missing or older than the server sources. */
export function ensureCliBuilt(): void {
  const built = fs.existsSync(CLI) ? fs.statSync(CLI).mtimeMs : 0;
  if (built === 0 || built < newestSource(path.join(ROOT, 'server', 'src'))) {
    execFileSync(process.execPath, [path.join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'pipe' });
  }
  if (!fs.existsSync(CLI)) throw new Error('dist/cli.js was not built');
}

/**
 * `node dist/cli.js ...args`, asynchronously: the test server lives in this process, so a
 * synchronous child would deadlock it. The model host and API-key variables of the
 * environment are removed (every test names what it uses), then `env` is applied. The child
 * is killed after `timeoutMs` (110 s unless given).
 */
export function runCli(
  args: string[],
  opts: { env?: Record<string, string | undefined>; cwd?: string; cli?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const k of ['OLLAMA_HOST', 'CI', 'OPENAI_API_KEY', 'BIOMED_OPENAI_API_KEY', 'BIOMED_CACHE_DIR']) delete env[k];
  for (const [k, v] of Object.entries(opts.env ?? {})) if (v !== undefined) env[k] = v;
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      [opts.cli ?? CLI, ...args],
      { cwd: opts.cwd ?? ROOT, env, maxBuffer: 256 * 1024 * 1024, timeout: opts.timeoutMs ?? 110_000 },
      (err, stdout, stderr) => {
        if (err && typeof (err as NodeJS.ErrnoException).code !== 'number') return reject(err);
        resolve({ code: err ? ((err as unknown as { code: number }).code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** Every file below dir, relative paths, sorted. */
export function filesBelow(dir: string): string[] {
  return (fs.readdirSync(dir, { recursive: true, withFileTypes: true }) as fs.Dirent[])
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** A result as a failing assertion shows it: exit code, then stdout and stderr (each cut at `limit`). */
export function showResult(r: CliResult, limit = 3000): string {
  return `exit ${r.code}\n--- stdout ---\n${r.stdout.slice(0, limit)}\n--- stderr ---\n${r.stderr.slice(0, limit)}`;
}

/**
 * The CLI suites' sandbox, for use in a describe: builds the bundle and makes an ownership
 * state folder before the suite, removes every temporary folder after it. `biomed` runs the
 * CLI with that state folder (so runs never touch the user's).
 */
export function cliSandbox(prefix: string): { tmp(): string; state(): string; biomed(args: string[]): Promise<CliResult> } {
  const dirs: string[] = [];
  let state = '';
  const tmp = () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    dirs.push(d);
    return d;
  };
  before(function () {
    this.timeout(120_000);
    ensureCliBuilt();
    state = tmp();
  });
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });
  return { tmp, state: () => state, biomed: (args) => runCli(args, { env: { BIOMED_STATE_DIR: state } }) };
}
