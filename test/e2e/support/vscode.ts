/**
 * A real VS Code for end-to-end tests: code-server 4.100.0 (VS Code 1.100, installed by
 * scripts/e2e-setup.sh into .e2e/code-server) with the PACKAGED extension
 * (dist/biomed-nlp.vsix) installed into a fresh extensions folder, driven through Debian's
 * chromium by playwright-core. Everything is read from what VS Code renders: the editor's
 * DOM (semantic token colours), the hover widget, the Problems panel, notifications and
 * the status bar. Nothing is mocked; every wait polls for a state.
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { MODIFIER_LEGEND, THEME_KINDS, themeKey } from '../../../client/src/legend';
import { installExtension } from './installedExtension';
import { openInCodeServer, workspaceFile } from './openByPath';

export const ROOT = path.resolve(__dirname, '../../../..');
export const CODE_SERVER_ENTRY = path.join(ROOT, '.e2e/code-server/node_modules/code-server/out/node/entry.js');
export const VSIX = path.join(ROOT, 'dist/biomed-nlp.vsix');
export const RESULTS_DIR = path.join(ROOT, 'test-results');
export const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
const EXTENSION_ID = 'biomed-nlp.biomed-nlp';
export const STATUS_ITEM_ID = `${EXTENSION_ID}.biomedNlp.status`;

/**
 * One unique colour per token type (editor.semanticTokenColorCustomizations): a
 * highlighted span's computed colour names its type. Distinct to the eye for the
 * screenshots, and odd values that no built-in theme uses for other tokens.
 */
export const TOKEN_COLOURS: Record<string, string> = {
  problem: '#e3123b',
  treatment: '#1565c1',
  test: '#1b8a3f',
  disease: '#9c27b1',
  chemical: '#d9730d',
  gene: '#00838f',
};

/**
 * TOKEN_COLOURS as editor.semanticTokenColorCustomizations: the rules go under the manifest's
 * own theme-scoped keys too (they take precedence over plain `rules` there), and the dimmed
 * colour of historical mentions is replaced as well, so that a colour names only a type.
 */
export function identityColourCustomizations(): Record<string, unknown> {
  const rules: Record<string, string> = { ...TOKEN_COLOURS };
  for (const t of Object.keys(TOKEN_COLOURS)) {
    for (const m of MODIFIER_LEGEND) if (m.style.dim) rules[`${t}.${m.id}`] = TOKEN_COLOURS[t];
  }
  return { enabled: true, rules, ...Object.fromEntries(THEME_KINDS.map((k) => [themeKey(k), { rules }])) };
}

function rgb(hex: string): string {
  const n = parseInt(hex.slice(1), 16);
  return `rgb(${(n >> 16) & 255}, ${(n >> 8) & 255}, ${n & 255})`;
}
const TYPE_BY_RGB = new Map(Object.entries(TOKEN_COLOURS).map(([type, hex]) => [rgb(hex), type]));

/** Polls `check` until it returns a truthy value; fails with `what` and the last value. */
export async function poll<T>(what: string, check: () => T | Promise<T>, timeoutMs = 20_000, everyMs = 100): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v) return v as NonNullable<T>;
      last = v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) {
      const shown = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what} (last: ${shown})`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export interface HighlightedSpan {
  start: number;
  end: number;
  type: string;
}

export interface RenderedLine {
  /** 0-based line number. */
  line: number;
  text: string;
  /** Runs of text with one computed colour, columns in the line (adjacent equal colours merged). */
  runs: { start: number; end: number; color: string }[];
}

export interface Notification {
  message: string;
  buttons: string[];
}

export interface VsCodeOptions {
  /** A folder or a `.code-workspace` file to open. */
  workspace: string;
  /** User settings, merged over the defaults below. */
  settings?: Record<string, unknown>;
  viewport?: { width: number; height: number };
}

/** User settings that make the UI predictable for tests. */
export function baseSettings(ollamaHost: string): Record<string, unknown> {
  return {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'security.workspace.trust.enabled': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'update.mode': 'none',
    'chat.commandCenter.enabled': false,
    'editor.minimap.enabled': false,
    'editor.wordWrap': 'off',
    'editor.links': false,
    'editor.bracketPairColorization.enabled': false,
    'editor.renderWhitespace': 'none',
    'editor.occurrencesHighlight': 'off',
    'editor.selectionHighlight': false,
    'editor.hover.delay': 100,
    'editor.semanticTokenColorCustomizations': identityColourCustomizations(),
    // Notes wrap by default (configurationDefaults); the span readers need one row per line.
    '[clinical-note]': { 'editor.wordWrap': 'off' },
    'biomedNlp.ollama.host': ollamaHost,
    'biomedNlp.debounceMs': 20,
    'biomedNlp.retryIntervalMs': 200,
  };
}

/** `npm run package` must have built the .vsix (test:e2e does). */
export function assertPrerequisites(): void {
  if (!fs.existsSync(CODE_SERVER_ENTRY)) {
    throw new Error(`code-server is not installed at ${path.relative(ROOT, CODE_SERVER_ENTRY)}: run \`bash scripts/e2e-setup.sh\``);
  }
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no chromium at ${CHROMIUM}: run \`bash scripts/e2e-setup.sh\``);
  if (!fs.existsSync(VSIX)) throw new Error(`no ${path.relative(ROOT, VSIX)}: run \`npm run package\` (npm run test:e2e does)`);
}

export class VsCode {
  private constructor(
    readonly page: Page,
    private readonly browser: Browser,
    private readonly proc: ChildProcess,
    /** code-server's output so far, and its exit code once it exited. */
    private readonly log: { output: string; exited: number | null },
    readonly tmp: string,
    readonly port: number,
    /** The folder or .code-workspace opened. */
    readonly workspace: string,
  ) {}

  /**
   * Installs the packaged extension into a fresh extensions folder, writes the user
   * settings, starts code-server and opens the workspace in chromium.
   */
  static async start(opts: VsCodeOptions): Promise<VsCode> {
    assertPrerequisites();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-e2e-vscode-'));
    const userData = path.join(tmp, 'user-data');
    const extensions = path.join(tmp, 'extensions');
    fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
    fs.mkdirSync(extensions, { recursive: true });
    const settings = { ...baseSettings('http://127.0.0.1:11434'), ...opts.settings };
    fs.writeFileSync(path.join(userData, 'User/settings.json'), JSON.stringify(settings, null, 2));
    // CODE_SERVER_CONFIG: code-server would otherwise write ~/.config/code-server/config.yaml.
    const env = { ...process.env, CODE_SERVER_CONFIG: path.join(tmp, 'config.yaml') };
    const common = ['--user-data-dir', userData, '--extensions-dir', extensions];
    await installExtension(CODE_SERVER_ENTRY, VSIX, { extensions, userData, cacheRoot: path.join(ROOT, '.e2e/installed-extension') }, env);

    const port = await freePort();
    const proc = spawn(
      process.execPath,
      [
        CODE_SERVER_ENTRY,
        '--auth',
        'none',
        '--bind-addr',
        `127.0.0.1:${port}`,
        ...common,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        opts.workspace,
      ],
      { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true },
    );
    const log = { output: '', exited: null as number | null };
    proc.stdout!.on('data', (d) => (log.output += d));
    proc.stderr!.on('data', (d) => (log.output += d));
    proc.on('exit', (code) => (log.exited = code ?? -1));
    let browser: Browser | undefined;
    // The browser starts while code-server does (each takes about a second).
    const launching = chromium.launch({
      executablePath: CHROMIUM,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    launching.catch(() => undefined);
    try {
      await poll(
        'code-server to listen',
        () => {
          if (log.exited !== null) throw new Error(`code-server exited with ${log.exited}:\n${log.output}`);
          return log.output.includes('HTTP server listening');
        },
        30_000,
      );
      browser = await launching;
      const page = await browser.newPage({ viewport: opts.viewport ?? { width: 1800, height: 1300 } });
      const query = opts.workspace.endsWith('.code-workspace') ? 'workspace' : 'folder';
      await page.goto(`http://127.0.0.1:${port}/?${query}=${encodeURIComponent(opts.workspace)}`);
      await page.waitForSelector('.monaco-workbench', { timeout: 30_000 });
      const vscode = new VsCode(page, browser, proc, log, tmp, port, opts.workspace);
      // The explorer shows the workspace once the workbench is restored.
      await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 30_000 });
      return vscode;
    } catch (err) {
      browser ??= await launching.catch(() => undefined);
      await browser?.close().catch(() => undefined);
      killGroup(proc);
      fs.rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
  }

  /** code-server's own output (startup, extension host errors). */
  serverOutput(): string {
    return this.log.output;
  }

  /** The extension's output channel and the extension host log, for failure messages. */
  extensionLogs(): string {
    const logs = path.join(this.tmp, 'user-data/logs');
    const out: string[] = [];
    const walk = (dir: string) => {
      if (!fs.existsSync(dir)) return;
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (/exthost\.log$|Biomed NLP\.log$/.test(e.name)) out.push(`--- ${path.relative(logs, p)}\n${fs.readFileSync(p, 'utf8')}`);
      }
    };
    walk(logs);
    return out.join('\n');
  }

  async stop(): Promise<void> {
    await this.browser.close().catch(() => undefined);
    if (this.log.exited === null) {
      const gone = new Promise<void>((r) => this.proc.once('exit', () => r()));
      killGroup(this.proc);
      await Promise.race([gone, new Promise((r) => setTimeout(r, 5000))]);
      if (this.log.exited === null) killGroup(this.proc, 'SIGKILL');
    }
    fs.rmSync(this.tmp, { recursive: true, force: true });
  }

  async screenshot(scenario: string): Promise<string> {
    fs.mkdirSync(RESULTS_DIR, { recursive: true });
    const file = path.join(RESULTS_DIR, `${scenario}.png`);
    // Let fade-ins (hovers, notifications) finish so that the picture shows them clearly;
    // endless animations (spinners) do not count.
    await poll(
      'animations to finish',
      () => this.page.evaluate(() => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getComputedTiming().iterations === Infinity)),
      2_000,
      50,
    ).catch(() => undefined);
    await this.page.screenshot({ path: file });
    return file;
  }

  // ------------------------------------------------------------------------------------
  // Quick input: files, commands, input boxes

  private async quickInputVisible(): Promise<boolean> {
    return this.page.locator('.quick-input-widget').isVisible();
  }

  /**
   * Opens a file of the workspace by its path (openByPath.ts: as `code-server --reuse-window
   * FILE`), not through Quick Open; `name` is relative to a workspace folder, a bare file
   * name below one, or absolute. Resolves once it is the active editor.
   */
  async openFile(name: string): Promise<void> {
    await this.closeQuickInput();
    const file = workspaceFile(this.workspace, name);
    const env = { ...process.env, CODE_SERVER_CONFIG: path.join(this.tmp, 'config.yaml') };
    await openInCodeServer(CODE_SERVER_ENTRY, path.join(this.tmp, 'user-data'), env, file);
    const label = path.basename(file);
    await poll(`${label} to be the active editor`, async () =>
      this.page.evaluate((n: string) => {
        const tab = document.querySelector('.editor-group-container.active .tab.active');
        return (
          !!tab &&
          (tab.getAttribute('aria-label') ?? tab.textContent ?? '').includes(n) &&
          !!document.querySelector('.editor-group-container.active .monaco-editor .view-line')
        );
      }, label),
    );
  }

  async closeQuickInput(): Promise<void> {
    if (await this.quickInputVisible()) {
      await this.page.keyboard.press('Escape');
      await poll('quick input to close', async () => !(await this.quickInputVisible()));
    }
  }

  /** Runs a command from the command palette by its title, as a user types it. */
  async runCommand(title: string): Promise<void> {
    await this.closeQuickInput();
    await this.page.keyboard.press('Control+Shift+P');
    const input = this.page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${title}`);
    const row = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await row.waitFor({ state: 'visible' });
    await row.click();
  }

  /** Types into the input box a command opened (showInputBox) and accepts it. */
  async answerInputBox(text: string, expectedPrompt?: string): Promise<void> {
    const widget = this.page.locator('.quick-input-widget');
    await widget.waitFor({ state: 'visible' });
    if (expectedPrompt) {
      await poll(`the input box "${expectedPrompt}"`, async () => (await widget.innerText()).includes(expectedPrompt));
    }
    await this.page.locator('.quick-input-widget input').fill(text);
    await this.page.keyboard.press('Enter');
    await poll('the input box to close', async () => !(await this.quickInputVisible()));
  }

  // ------------------------------------------------------------------------------------
  // The editor

  /** The rendered lines of the active editor: text and runs of equal computed colour. */
  async renderedLines(): Promise<RenderedLine[]> {
    return this.page.evaluate(() => {
      const viewLines = document.querySelector('.editor-group-container.active .monaco-editor .lines-content > .view-lines');
      if (!viewLines) return [];
      const lines: { line: number; text: string; runs: { start: number; end: number; color: string }[] }[] = [];
      for (const el of Array.from(viewLines.querySelectorAll<HTMLElement>(':scope > .view-line'))) {
        const lineHeight = parseFloat(el.style.height);
        const line = Math.round(parseFloat(el.style.top) / lineHeight);
        let col = 0;
        const runs: { start: number; end: number; color: string }[] = [];
        let text = '';
        for (const span of Array.from(el.querySelectorAll(':scope > span > span'))) {
          const t = String(span.textContent ?? '').replace(/\u00a0/g, ' ');
          if (!t.length) continue;
          const color = getComputedStyle(span).color;
          const prev = runs[runs.length - 1];
          if (prev && prev.color === color && prev.end === col) prev.end = col + t.length;
          else runs.push({ start: col, end: col + t.length, color });
          col += t.length;
          text += t;
        }
        lines.push({ line, text, runs });
      }
      return lines.sort((a, b) => a.line - b.line);
    });
  }

  /**
   * The highlighted entities of the active editor as offsets into `text` (the document's
   * text, LF line ends), typed through the unique colour table. Fails if the editor does
   * not render exactly `text` (a note must fit the viewport).
   */
  async highlightedSpans(text: string): Promise<HighlightedSpan[]> {
    const docLines = text.split('\n');
    const rendered = await this.renderedLines();
    const starts: number[] = [];
    let o = 0;
    for (const l of docLines) {
      starts.push(o);
      o += l.length + 1;
    }
    const seen = new Set<number>();
    const spans: HighlightedSpan[] = [];
    for (const r of rendered) {
      if (r.line >= docLines.length || r.text !== docLines[r.line]) {
        throw new Error(`rendered line ${r.line + 1} is ${JSON.stringify(r.text)}, the document has ${JSON.stringify(docLines[r.line])}`);
      }
      seen.add(r.line);
      for (const run of r.runs) {
        const type = TYPE_BY_RGB.get(run.color);
        if (type) spans.push({ start: starts[r.line] + run.start, end: starts[r.line] + run.end, type });
      }
    }
    const missing = docLines.map((_, i) => i).filter((i) => !seen.has(i));
    if (missing.length) throw new Error(`lines ${missing.map((i) => i + 1).join(', ')} are not rendered: make the viewport bigger`);
    return spans.sort((a, b) => a.start - b.start);
  }

  /** Moves the cursor to a 1-based line and column through Quick Open (`:line:column`). */
  async goTo(line: number, column: number): Promise<void> {
    const input = this.page.locator('.quick-input-widget input');
    // The quick input can close again before it is typed into (focus taken by a view that
    // just updated): opened again, up to three times.
    for (let attempt = 1; ; attempt++) {
      await this.closeQuickInput();
      await this.page.keyboard.press('Control+P');
      try {
        await input.waitFor({ state: 'visible' });
        await input.fill(`:${line}:${column}`, { timeout: 5_000 });
        break;
      } catch (err) {
        if (attempt === 3) throw err;
      }
    }
    await this.page.keyboard.press('Enter');
    await poll('quick open to close', async () => !(await this.quickInputVisible()));
  }

  /**
   * Where the `occurrence`-th (0-based) rendered occurrence of `word` is in the active
   * editor: its 1-based line and column, its middle on screen, and whether that is inside
   * the editor's visible text area.
   */
  private async locateWord(word: string, occurrence: number) {
    return this.page.evaluate(
      ([w, n]: [string, number]) => {
        const editor = document.querySelector('.editor-group-container.active .monaco-editor');
        const viewLines = editor?.querySelector('.lines-content > .view-lines');
        const scrollable = editor?.querySelector('.overflow-guard .monaco-scrollable-element');
        if (!viewLines || !scrollable) return undefined;
        const area = scrollable.getBoundingClientRect();
        const lines = Array.from(viewLines.querySelectorAll<HTMLElement>(':scope > .view-line')).sort(
          (a, b) => parseFloat(a.style.top) - parseFloat(b.style.top),
        );
        let seen = 0;
        for (const line of lines) {
          const walker = document.createTreeWalker(line, 4 /* NodeFilter.SHOW_TEXT */);
          // An occurrence may span several token spans: search the line's text, then map back.
          const nodes: { node: Node; at: number }[] = [];
          let all = '';
          for (let t = walker.nextNode(); t; t = walker.nextNode()) {
            nodes.push({ node: t, at: all.length });
            all += String(t.textContent).replace(/\u00a0/g, ' ');
          }
          for (let i = all.indexOf(w); i >= 0; i = all.indexOf(w, i + 1)) {
            if (seen++ < n) continue;
            const mid = i + Math.floor(w.length / 2);
            const hit = nodes.filter((x) => x.at <= mid).pop();
            if (!hit) continue;
            const range = document.createRange();
            range.setStart(hit.node, mid - hit.at);
            range.setEnd(hit.node, mid - hit.at + 1);
            const rect = range.getBoundingClientRect();
            const x = rect.left + rect.width / 2;
            const y = rect.top + rect.height / 2;
            const lineNumber = Math.round(parseFloat(line.style.top) / parseFloat(line.style.height)) + 1;
            const visible = x > area.left + 2 && x < area.right - 20 && y > area.top + 2 && y < area.bottom - 20;
            return { line: lineNumber, column: i + 1, lineLength: all.length, x, y, visible };
          }
        }
        return undefined;
      },
      [word, occurrence] as [string, number],
    );
  }

  /** Moves the mouse over the `occurrence`-th (0-based) occurrence of `word`, scrolling it into view. */
  async hoverWord(word: string, occurrence = 0): Promise<void> {
    let at = await this.locateWord(word, occurrence);
    if (!at) throw new Error(`"${word}" (occurrence ${occurrence}) is not rendered in the active editor`);
    if (!at.visible) {
      // Put the cursor a little past the word: revealing it scrolls the whole word in.
      await this.goTo(at.line, Math.min(at.column + word.length + 30, at.lineLength + 1));
      at = await poll(`"${word}" to scroll into view`, async () => {
        const a = await this.locateWord(word, occurrence);
        return a?.visible ? a : undefined;
      });
    }
    // Move away first so that the hover is asked again.
    await this.page.mouse.move(at.x, Math.max(5, at.y - 300));
    await this.page.mouse.move(at.x, at.y, { steps: 3 });
  }

  /** The text of the visible editor hover. */
  async hoverText(): Promise<string> {
    return this.page.evaluate(() => {
      const hovers = Array.from(document.querySelectorAll<HTMLElement>('.monaco-editor .monaco-hover:not(.hidden)'));
      return hovers
        .filter((h) => h.offsetParent !== null)
        .map((h) => String(h.innerText))
        .join('\n');
    });
  }

  /** Hovers `word` and polls until the hover text satisfies `until`; returns that text. */
  async hover(word: string, until: (text: string) => boolean, opts: { occurrence?: number; timeoutMs?: number } = {}): Promise<string> {
    let last = '';
    let moved = 0;
    return poll(
      `the hover of "${word}" to match`,
      async () => {
        // Re-hover now and then: a hover opened before the answer came stays as it was.
        if (moved++ % 20 === 0) await this.hoverWord(word, opts.occurrence ?? 0);
        last = await this.hoverText();
        return until(last) ? last : undefined;
      },
      opts.timeoutMs ?? 20_000,
    ).catch((err: Error) => {
      throw new Error(`${err.message}\nlast hover text: ${JSON.stringify(last)}`);
    });
  }

  // ------------------------------------------------------------------------------------
  // Workbench parts

  /** Opens the Problems panel (Ctrl+Shift+M) and returns its marker rows' texts. */
  async problems(): Promise<string[]> {
    if (!(await this.page.locator('.markers-panel').isVisible())) {
      await this.page.keyboard.press('Control+Shift+M');
      await this.page.locator('.markers-panel').waitFor({ state: 'visible' });
    }
    return this.page.evaluate(() => {
      const rows = Array.from(document.querySelectorAll<HTMLElement>('.markers-panel .monaco-list-row'));
      return rows.filter((r) => r.querySelector('.marker-message-details, .marker-icon')).map((r) => String(r.innerText).replace(/\s+/g, ' ').trim());
    });
  }

  /** Text and tooltip (aria-label) of a status bar entry by id. */
  async statusItem(id = STATUS_ITEM_ID): Promise<{ text: string; ariaLabel: string } | undefined> {
    return this.page.evaluate((i: string) => {
      const el = document.getElementById(i);
      if (!el) return undefined;
      return { text: String(el.innerText).trim(), ariaLabel: el.getAttribute('aria-label') ?? '' };
    }, id);
  }

  /** Hovers a status bar entry and returns the text of its tooltip. */
  async statusTooltip(id = STATUS_ITEM_ID, until: (text: string) => boolean = (t) => t.length > 0): Promise<string> {
    const item = this.page.locator(`[id="${id}"]`);
    let n = 0;
    return poll(`the tooltip of ${id}`, async () => {
      if (n++ % 20 === 0) {
        await this.page.mouse.move(10, 10);
        await item.hover();
      }
      const text = await this.page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLElement>('.workbench-hover, .monaco-hover'))
          .filter((h) => h.offsetParent !== null && !h.closest('.monaco-editor'))
          .map((h) => String(h.innerText))
          .join('\n'),
      );
      return until(text) ? text : undefined;
    });
  }

  /** The notification toasts on screen (message and button labels). */
  async notifications(): Promise<Notification[]> {
    return this.page.evaluate(() =>
      Array.from(document.querySelectorAll<HTMLElement>('.notifications-toasts .notification-toast'))
        .filter((t) => t.offsetParent !== null)
        .map((t) => ({
          message: String(t.querySelector<HTMLElement>('.notification-list-item-message')?.innerText ?? '').trim(),
          buttons: Array.from(t.querySelectorAll<HTMLElement>('.notification-list-item-buttons-container .monaco-button')).map((b) =>
            String(b.innerText).trim(),
          ),
        })),
    );
  }

  /** Polls until a toast whose message contains `text` is shown; returns it. */
  async waitForNotification(text: string, timeoutMs = 20_000): Promise<Notification> {
    return poll(`a notification "${text}"`, async () => (await this.notifications()).find((n) => n.message.includes(text)), timeoutMs);
  }

  /**
   * The notification whose message contains `text`, read from the notification centre (opened
   * for the read, then closed): VS Code keeps every notification there, also one it does not
   * show as a toast (seen with an information message following a warning toast).
   */
  async notificationInCentre(text: string, timeoutMs = 20_000): Promise<Notification> {
    await this.runCommand('Notifications: Show Notifications');
    try {
      return await poll(
        `a notification "${text}" in the notification centre`,
        async () => {
          const items = await this.page.evaluate(() =>
            Array.from(document.querySelectorAll<HTMLElement>('.notifications-center .notification-list-item')).map((t) => ({
              message: String(t.querySelector<HTMLElement>('.notification-list-item-message')?.innerText ?? '').trim(),
              buttons: Array.from(t.querySelectorAll<HTMLElement>('.notification-list-item-buttons-container .monaco-button')).map((b) =>
                String(b.innerText).trim(),
              ),
            })),
          );
          return items.find((n) => n.message.includes(text));
        },
        timeoutMs,
      );
    } finally {
      await this.runCommand('Notifications: Hide Notifications');
    }
  }

  /** The labels of the toast's buttons (message contains `text`) that do not fit and show cut with an ellipsis. */
  async cutNotificationButtons(text: string): Promise<string[]> {
    const toast = this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
    return toast
      .locator('.notification-list-item-buttons-container .monaco-button')
      .evaluateAll((buttons) => buttons.filter((b) => b.scrollWidth > b.clientWidth + 1).map((b) => String((b as HTMLElement).innerText).trim()));
  }

  /** Clicks the button `label` of the toast whose message contains `text` (which closes it). */
  async clickNotificationButton(text: string, label: string): Promise<void> {
    const toast = this.page.locator('.notifications-toasts .notification-toast').filter({ hasText: text });
    await toast.locator('.notification-list-item-buttons-container .monaco-button').filter({ hasText: label }).first().click();
  }

  /**
   * Counts, from now on, every notification toast that appears whose text contains
   * `text` (VS Code replaces a duplicate notification, so the notification centre alone
   * cannot tell how often one was shown). Read the count with countedNotifications().
   */
  async countNotifications(text: string): Promise<void> {
    await this.page.evaluate((t: string) => {
      // The count lives on the page between two evaluate calls.
      const w = window as unknown as { __e2eCount: number; __e2eObserver?: MutationObserver };
      w.__e2eCount = 0;
      const seen = new WeakSet();
      const check = (node: Node) => {
        if (!(node instanceof Element)) return;
        const toasts = node.matches('.notification-toast') ? [node] : Array.from(node.querySelectorAll('.notification-toast'));
        for (const toast of toasts) {
          if (!seen.has(toast) && String(toast.textContent).includes(t)) {
            seen.add(toast);
            w.__e2eCount++;
          }
        }
      };
      w.__e2eObserver?.disconnect();
      w.__e2eObserver = new MutationObserver((records) => {
        for (const r of records) {
          for (const n of Array.from(r.addedNodes)) check(n);
          // A toast element can be filled in after it was added.
          const el = r.target instanceof Element ? r.target : r.target.parentElement;
          const toast = el?.closest('.notification-toast');
          if (toast) check(toast);
        }
      });
      w.__e2eObserver.observe(document.body, { childList: true, subtree: true, characterData: true });
    }, text);
  }

  async countedNotifications(): Promise<number> {
    return this.page.evaluate(() => (window as unknown as { __e2eCount: number }).__e2eCount);
  }
}

function killGroup(proc: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): void {
  if (proc.pid === undefined) return;
  try {
    process.kill(-proc.pid, signal);
  } catch {
    try {
      proc.kill(signal);
    } catch {
      // gone
    }
  }
}

/**
 * For an afterEach hook: when the test failed, saves a screenshot as
 * test-results/<test title>-failed.png and prints the extension's logs.
 */
export async function reportFailure(ctx: Mocha.Context, vscode: VsCode | undefined): Promise<void> {
  const test = ctx.currentTest;
  if (!vscode || !test || test.state !== 'failed') return;
  const name = test
    .fullTitle()
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .slice(0, 120);
  try {
    const file = await vscode.screenshot(`${name}-failed`);
    console.log(`    screenshot: ${path.relative(ROOT, file)}`);
  } catch (err) {
    console.log(`    no screenshot: ${String(err)}`);
  }
  console.log(`    --- extension logs\n${vscode.extensionLogs().slice(-6000)}`);
  console.log(`    --- code-server output\n${vscode.serverOutput().slice(-2000)}`);
}
