/**
 * Real VS Code (code-server) with the packaged extension and no model at all:
 * `biomedNlp.engine` = `recorded` answers a bundled example note from the answers recorded
 * for it (examples/recorded/answers.json, shipped in the package). The status bar says
 * *Recorded answers*, the note is highlighted, and a hover ends with "recorded answer, not a
 * model's", so recorded answers are never taken for a model's. A live Ollama-protocol server
 * stands at the configured host and counts requests: none may reach it.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { OllamaTestServer } from '../support/ollamaServer';
import { ROOT } from '../support/paths';
import { poll, VsCode } from './support/vscode';
import { vscodeSession } from './support/session';

const NOTE = 'clinic-hypertension.note';

describe('e2e: recorded answers in VS Code (no model)', function () {
  this.timeout(180_000);
  const s = vscodeSession(async (s) => {
    s.server = await OllamaTestServer.start({ gold: [] });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-e2e-recorded-'));
    const folder = path.join(dir, 'examples');
    fs.mkdirSync(folder);
    fs.copyFileSync(path.join(ROOT, 'examples', NOTE), path.join(folder, NOTE));
    s.ws = { open: folder, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
    s.vscode = await VsCode.start({ workspace: folder, settings: { 'biomedNlp.engine': 'recorded', 'biomedNlp.ollama.host': s.server.url } });
    await s.vscode.openFile(NOTE);
  });

  it('the status bar says Recorded answers; the note is highlighted from them; nothing is sent to the model host', async () => {
    const text = await poll('a ready status with recorded answers', async () => {
      const t = (await s.vscode.statusItem())?.text ?? '';
      return /Biomed: ready/.test(t) && /Recorded answers/.test(t) ? t : undefined;
    });
    assert.match(text, /Recorded answers/);
    const note = fs.readFileSync(path.join(ROOT, 'examples', NOTE), 'utf8');
    const at = note.indexOf('amlodipine');
    const span = await poll('amlodipine highlighted as a treatment', async () =>
      (await s.vscode.highlightedSpans(note)).find((h) => h.start === at && h.end === at + 'amlodipine'.length),
    );
    assert.equal(span.type, 'treatment');
    await s.vscode.screenshot('recorded-status');
    assert.equal(s.server.requests.length, 0, `requests reached the model host: ${s.server.requests.map((r) => r.path).join(', ')}`);
  });

  it("a hover ends with: recorded answer, not a model's", async () => {
    const hover = await s.vscode.hover('amlodipine', (t) => /treatment/.test(t) && /recorded answer/.test(t));
    await s.vscode.screenshot('recorded-hover');
    assert.match(hover, /treatment/);
    assert.match(hover, /recorded answer, not a model's/);
    assert.equal(s.server.requests.length, 0);
  });
});
