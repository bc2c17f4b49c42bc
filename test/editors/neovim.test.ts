/**
 * The language server in a real Neovim (Debian's 0.7, headless), configured exactly as
 * docs/how-to/other-editors.md says (`vim.lsp.start_client`, `biomed lsp --stdio`), over
 * an invented note with the test server standing in for Ollama: what the user sees of the
 * findings, the hover float (on PHI too), the symbol list, the quick fixes, a de-identified
 * copy (workspace/executeCommand) and an unreachable model.
 * Needs `nvim` (scripts/editors-setup.sh installs it).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EDITOR_NOTE, editorNoteGold, STATEMENTS } from '../support/editorNote';
import { OllamaTestServer } from '../support/ollamaServer';
import { ROOT } from '../support/paths';
import { editorFolder, readResult, runEditor, testedConfig } from './editorRun';

interface NvimDiagnostic {
  lnum: number;
  col: number;
  end_col: number;
  message: string;
  severity: number;
}
interface NvimResult {
  error?: string;
  diagnostics?: NvimDiagnostic[];
  hover?: string[];
  hover_negated?: string[];
  hover_phi?: string[];
  deid_copy?: string;
  symbols?: string[];
  workspace_symbols?: { text: string; lnum: number; col: number }[];
  actions?: string[];
  messages?: string;
  after_ignore?: NvimDiagnostic[];
}

const DRIVER = path.join(ROOT, 'test/editors/neovim.lua');
const DEADLINE_MS = 60_000;

/** Runs nvim on the note with the documented configuration (for `host`) and the driver; what it wrote. */
async function nvim(host: string, mode: 'use' | 'unreachable'): Promise<NvimResult> {
  const folder = editorFolder('nvim');
  try {
    const config = testedConfig('neovim', host);
    // The documented command, on the PATH as npm link puts it (editorRun.ts); the default model name.
    assert.ok(config.includes("cmd = { 'biomed', 'lsp', '--stdio' }"), config);
    fs.writeFileSync(path.join(folder.dir, 'init.lua'), `${config}\ndofile(${JSON.stringify(DRIVER)})\n`);
    fs.writeFileSync(path.join(folder.dir, 'clinic-visit.note'), EDITOR_NOTE);
    const outFile = path.join(folder.dir, 'result.json');
    process.env.BIOMED_TEST_OUT = outFile;
    process.env.BIOMED_TEST_MODE = mode;
    const run = await runEditor('nvim', ['--headless', '-u', 'init.lua', 'clinic-visit.note'], { cwd: folder.dir, bin: folder.bin, deadlineMs: DEADLINE_MS });
    const result = readResult<NvimResult>(outFile, run);
    assert.equal(result.error, undefined, `${result.error}\n${run.stderr}`);
    return result;
  } finally {
    delete process.env.BIOMED_TEST_OUT;
    delete process.env.BIOMED_TEST_MODE;
    folder.cleanup();
  }
}

describe('Neovim 0.7 (headless) with the documented configuration', function () {
  this.timeout(DEADLINE_MS + 30_000);
  let server: OllamaTestServer;
  before(async () => {
    server = await OllamaTestServer.start({ gold: [editorNoteGold()] });
  });
  after(async () => server.stop());

  it('shows the findings, a plain hover float, symbols with their types, and the quick fixes work', async () => {
    const r = await nvim(server.url, 'use');
    const lines = EDITOR_NOTE.split('\n');
    const where = (s: string) => {
      const lnum = lines.findIndex((l) => l.includes(s));
      return { lnum, col: lines[lnum].indexOf(s), end_col: lines[lnum].indexOf(s) + s.length };
    };
    assert.deepEqual(
      r.diagnostics!.map(({ lnum, col, end_col }) => ({ lnum, col, end_col })),
      [where(STATEMENTS.potassium.hypothesis), where(STATEMENTS.fibrillation.hypothesis)],
    );
    assert.ok(r.diagnostics![0].message.includes(`contradicted by the note: “${STATEMENTS.potassium.evidence}”`), r.diagnostics![0].message);

    const hover = r.hover!.join('\n');
    assert.ok(hover.includes('Evidence: “He takes apixaban for atrial fibrillation (non-valvular).”'), hover);
    assert.ok(hover.includes('is administered for “atrial fibrillation”'), hover);
    assert.ok(!hover.includes('\\'), hover);
    assert.ok(r.hover_negated!.join('\n').includes('negated by denies'), r.hover_negated!.join('\n'));
    // PHI: the hover says what it is; the de-identified copy (executeCommand) holds none of it.
    assert.match(r.hover_phi!.join('\n'), /Probably a person's name \(a patient or a relative\)(\*\*)?: de-identify before sharing/);
    assert.equal(r.deid_copy, EDITOR_NOTE.replace('Okafor', '[**Name**]').replace(/\n$/, ''));
    assert.match(r.messages!, /Biomed NLP: wrote clinic-visit\.deid\.note with tags: 1 span of PHI replaced \(1 name\)/);

    // vim.lsp.buf.document_symbol()'s list: "[Kind] name", the type in the name.
    for (const s of ['[Function] apixaban (treatment)', '[Event] chest pain (problem · negated)', '[Number] potassium levels (test)', '[File] ASSESSMENT'])
      assert.ok(r.symbols!.includes(s), `${s} in ${JSON.stringify(r.symbols)}`);
    // :lua vim.lsp.buf.workspace_symbol('apixaban'): the entity across the indexed notes in the quickfix list, where it is.
    const before = EDITOR_NOTE.slice(0, EDITOR_NOTE.indexOf('apixaban')).split('\n');
    assert.deepEqual(r.workspace_symbols, [
      { text: '[Function] apixaban (treatment, affirmed)', lnum: before.length, col: before[before.length - 1].length + 1 },
    ]);

    assert.deepEqual(r.actions, [
      `Ignore this finding: “${STATEMENTS.potassium.hypothesis}”`,
      'Show how this was checked',
      `Ignore this finding: “${STATEMENTS.fibrillation.hypothesis}”`,
      'Show how this was checked',
    ]);
    assert.ok(r.messages!.includes(`Statement (line 10): “${STATEMENTS.potassium.hypothesis}”`), r.messages);
    assert.deepEqual(
      r.after_ignore!.map((d) => d.message.slice(0, STATEMENTS.fibrillation.hypothesis.length + 2)),
      [`“${STATEMENTS.fibrillation.hypothesis}”`],
    );
    assert.ok(server.generationRequests().length > 0);
  });

  it('says once that the model cannot be reached, with the way forward', async () => {
    const gone = await OllamaTestServer.start({ gold: [] });
    const host = gone.url;
    await gone.stop();
    const r = await nvim(host, 'unreachable');
    const shown = r.messages!.split('\n').filter((l) => l.includes('Biomed NLP: no model'));
    assert.equal(shown.length, 1, r.messages);
    assert.match(
      shown[0],
      new RegExp(
        `^LSP\\[biomed-nlp\\]\\[Warning\\] Biomed NLP: no model can analyse notes: Ollama is not reachable at ${host.replace(/\./g, '\\.')}\\. Start Ollama`,
      ),
    );
  });
});
