/**
 * Opening a file in the running code-server by its path, as `code-server --reuse-window
 * FILE` does from a terminal: code-server's session socket (in the user-data folder) names
 * the window whose workspace holds the file, and that window opens it. No Quick Open: its
 * input closes when something else takes focus (the walkthrough, a notification), and its
 * file search may not have indexed a fresh workspace yet.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The absolute path of `name` (a path relative to a workspace folder, or absolute) in the workspace `open` (a folder or a .code-workspace). */
export function workspaceFile(open: string, name: string): string {
  if (path.isAbsolute(name)) return name;
  const folders = open.endsWith('.code-workspace')
    ? (JSON.parse(fs.readFileSync(open, 'utf8')) as { folders: { path: string }[] }).folders.map((f) => path.resolve(path.dirname(open), f.path))
    : [open];
  for (const folder of folders) {
    const direct = path.join(folder, name);
    if (fs.existsSync(direct)) return direct;
  }
  // A bare file name somewhere below a folder (the first found, breadth first).
  const queue = [...folders];
  while (queue.length) {
    const dir = queue.shift()!;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      if (e.isFile() && e.name === name) return path.join(dir, e.name);
      if (e.isDirectory() && !e.name.startsWith('.')) queue.push(path.join(dir, e.name));
    }
  }
  throw new Error(`no file ${name} in the workspace ${open}`);
}

/** One `code-server --reuse-window FILE`: its exit code and output. */
function reuseWindow(entry: string, userData: string, env: NodeJS.ProcessEnv, file: string): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [entry, '--user-data-dir', userData, '--reuse-window', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (out += d));
    p.on('error', reject);
    p.on('exit', (code) => resolve({ code, out }));
  });
}

/**
 * Asks the code-server started with `userData` to open `file` in its window; resolves when
 * the request is handed over. The window's extension host registers the window with
 * code-server's session socket once it has started: until then code-server knows no window
 * to open it in, and the request is made again.
 */
export async function openInCodeServer(entry: string, userData: string, env: NodeJS.ProcessEnv, file: string, timeoutMs = 60_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const { code, out } = await reuseWindow(entry, userData, env, file);
    if (code === 0) return;
    if (!/No opened code-server instances/.test(out) || Date.now() > until) throw new Error(`code-server --reuse-window ${file} exited with ${code}:\n${out}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}
