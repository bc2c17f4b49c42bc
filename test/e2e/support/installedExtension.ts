/**
 * The packaged extension installed once per .vsix and copied into each test's fresh
 * extensions folder: code-server's own install (a second Node process unpacking the
 * .vsix) took about 1.5 s of every end-to-end file's start. The copy is what that install
 * would write: the unpacked extension and an extensions.json whose paths name the new folder.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Installs `vsix` with code-server into `extensions` (a cached install of the same .vsix, kept in `cacheRoot`, is copied). */
export async function installExtension(
  codeServerEntry: string,
  vsix: string,
  to: { extensions: string; userData: string; cacheRoot: string },
  env: NodeJS.ProcessEnv,
): Promise<void> {
  const { extensions, userData, cacheRoot } = to;
  const stat = fs.statSync(vsix);
  const cached = path.join(cacheRoot, `${stat.size}-${Math.floor(stat.mtimeMs)}`);
  if (!fs.existsSync(path.join(cached, 'extensions.json'))) {
    fs.rmSync(cacheRoot, { recursive: true, force: true });
    const fresh = `${cached}.partial`;
    fs.mkdirSync(fresh, { recursive: true });
    const out = await run(process.execPath, [codeServerEntry, '--user-data-dir', userData, '--extensions-dir', fresh, '--install-extension', vsix], env);
    if (!/successfully installed/i.test(out)) throw new Error(`installing ${vsix} failed:\n${out}`);
    // extensions.json names the folder it was installed into: written for the cache's own name.
    rewritePaths(path.join(fresh, 'extensions.json'), fresh, cached);
    fs.renameSync(fresh, cached);
  }
  fs.cpSync(cached, extensions, { recursive: true });
  rewritePaths(path.join(extensions, 'extensions.json'), cached, extensions);
}

function rewritePaths(file: string, from: string, to: string): void {
  fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll(from, to));
}

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${out}`))));
  });
}
