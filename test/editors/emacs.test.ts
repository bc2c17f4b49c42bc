/**
 * The language server in a real Emacs (Debian's 28.2 with eglot 1.9, batch), configured
 * exactly as docs/how-to/other-editors.md says (`eglot-server-programs` with `biomed lsp
 * --stdio`, `eglot-workspace-configuration`), over an invented note with the test server
 * standing in for Ollama: what the user sees of the findings (Flymake), the hover (eldoc's
 * text, on PHI too), imenu, the quick fixes, a de-identified copy (workspace/executeCommand)
 * and an unreachable model (`*Messages*`). Needs `emacs` with
 * eglot (scripts/editors-setup.sh installs them).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EDITOR_NOTE, editorNoteGold, STATEMENTS } from '../support/editorNote';
import { OllamaTestServer } from '../support/ollamaServer';
import { ROOT } from '../support/paths';
import { editorFolder, readResult, runEditor, testedConfig } from './editorRun';

interface Flymake {
  beg: number;
  end: number;
  text: string;
}
interface EmacsResult {
  error?: string;
  managed?: boolean;
  diagnostics?: Flymake[];
  hover?: string;
  hover_negated?: string;
  hover_phi?: string;
  deid_copy?: string;
  imenu?: string[];
  apropos?: { text: string; line: number }[];
  actions?: string[];
  after_ignore?: Flymake[];
  messages?: string;
}

const DRIVER = path.join(ROOT, 'test/editors/eglot-driver.el');
const DEADLINE_MS = 90_000;

/** Runs emacs on the note with the documented configuration (for `host`) and the driver; what it wrote. */
async function emacs(host: string, mode: 'use' | 'unreachable', edit: (config: string) => string = (c) => c): Promise<EmacsResult> {
  const folder = editorFolder('emacs');
  try {
    const config = edit(testedConfig('eglot', host));
    assert.ok(config.includes('("biomed" "lsp" "--stdio"'), config);
    fs.writeFileSync(path.join(folder.dir, 'init.el'), config);
    fs.writeFileSync(path.join(folder.dir, 'clinic-visit.note'), EDITOR_NOTE);
    const outFile = path.join(folder.dir, 'result.json');
    process.env.BIOMED_TEST_OUT = outFile;
    process.env.BIOMED_TEST_MODE = mode;
    // -q: no user init (HOME is the test's folder anyway); the site's startup activates Debian's elpa-eglot.
    const args = ['-q', '--batch', '-l', 'init.el', '-l', DRIVER];
    const run = await runEditor('emacs', args, { cwd: folder.dir, bin: folder.bin, deadlineMs: DEADLINE_MS });
    const result = readResult<EmacsResult>(outFile, run);
    assert.equal(result.error, undefined, `${result.error}\n${run.stderr.slice(-3000)}`);
    assert.equal(result.managed, true, run.stderr.slice(-3000));
    return result;
  } finally {
    delete process.env.BIOMED_TEST_OUT;
    delete process.env.BIOMED_TEST_MODE;
    folder.cleanup();
  }
}

describe('Emacs 28 with eglot 1.9 (batch) with the documented configuration', function () {
  this.timeout(DEADLINE_MS + 30_000);
  let server: OllamaTestServer;
  before(async () => {
    server = await OllamaTestServer.start({ gold: [editorNoteGold()] });
  });
  after(async () => server.stop());

  it('shows the findings in Flymake, plain hovers, imenu with types, and the quick fixes work', async () => {
    const r = await emacs(server.url, 'use');
    const span = (s: string) => ({ beg: EDITOR_NOTE.indexOf(s), end: EDITOR_NOTE.indexOf(s) + s.length });
    assert.deepEqual(
      r.diagnostics!.map(({ beg, end }) => ({ beg, end })),
      [span(STATEMENTS.potassium.hypothesis), span(STATEMENTS.fibrillation.hypothesis)],
    );
    assert.ok(r.diagnostics![0].text.includes(`contradicted by the note: “${STATEMENTS.potassium.evidence}”`), r.diagnostics![0].text);

    assert.ok(r.hover!.includes('Evidence: “He takes apixaban for atrial fibrillation (non-valvular).”'), r.hover);
    assert.ok(r.hover!.includes('is administered for “atrial fibrillation”'), r.hover);
    assert.ok(!r.hover!.includes('\\'), r.hover);
    assert.ok(r.hover_negated!.includes('negated by denies'), r.hover_negated);
    // PHI: the hover says what it is; the de-identified copy (executeCommand) holds none of it.
    assert.match(r.hover_phi!, /Probably a person's name \(a patient or a relative\): de-identify before sharing/);
    assert.equal(r.deid_copy, EDITOR_NOTE.replace('Okafor', '[**Name**]'));
    assert.match(r.messages!, /Biomed NLP: wrote clinic-visit\.deid\.note with tags: 1 span of PHI replaced \(1 name\)/);

    // M-x imenu: kind, then section, then the entity named with its type.
    for (const s of ['Function > HISTORY > apixaban (treatment)', 'Event > HISTORY > chest pain (problem · negated)', 'Number > ASSESSMENT > potassium (test)'])
      assert.ok(r.imenu!.includes(s), `${s} in ${JSON.stringify(r.imenu)}`);

    // M-x xref-find-apropos (workspace/symbol): the entity across the indexed notes, one item
    // where it is; eglot 1.9 shows each match as its line of the note (the name stays the server's).
    const before = EDITOR_NOTE.slice(0, EDITOR_NOTE.indexOf('apixaban')).split('\n');
    const lineText = EDITOR_NOTE.split('\n')[before.length - 1];
    assert.deepEqual(r.apropos, [{ text: lineText, line: before.length }]);

    assert.deepEqual(r.actions, [
      `Ignore this finding: “${STATEMENTS.potassium.hypothesis}”`,
      'Show how this was checked',
      `Ignore this finding: “${STATEMENTS.fibrillation.hypothesis}”`,
      'Show how this was checked',
    ]);
    assert.ok(r.messages!.includes(`Statement (line 10): “${STATEMENTS.potassium.hypothesis}”`), r.messages);
    assert.deepEqual(
      r.after_ignore!.map(({ beg, end }) => ({ beg, end })),
      [span(STATEMENTS.fibrillation.hypothesis)],
    );
  });

  it('with the settings only in eglot-workspace-configuration (no :initializationOptions), the same findings', async () => {
    const withoutInit = (config: string) => {
      const edited = config.replace(/\s*:initializationOptions\s*\(:biomedNlp \(:ollama \(:host "[^"]*"\)\)\)/, '');
      assert.notEqual(edited, config, 'the block has :initializationOptions to remove');
      return edited;
    };
    const r = await emacs(server.url, 'use', withoutInit);
    assert.deepEqual(
      r.diagnostics!.map((d) => d.text.replace(/:.*/, '')),
      [`biomed-nli [contradiction]`, `biomed-nli [contradiction]`],
    );
    assert.ok(r.diagnostics![1].text.includes(`“${STATEMENTS.fibrillation.hypothesis}”: contradicted by the note`), r.diagnostics![1].text);
  });

  it('says once in *Messages* that the model cannot be reached, with the way forward', async () => {
    const gone = await OllamaTestServer.start({ gold: [] });
    const host = gone.url;
    await gone.stop();
    const r = await emacs(host, 'unreachable');
    const shown = r.messages!.split('\n').filter((l) => l.includes('Biomed NLP: no model'));
    assert.equal(shown.length, 1, r.messages);
    assert.ok(shown[0].includes(`Biomed NLP: no model can analyse notes: Ollama is not reachable at ${host}. Start Ollama`), shown[0]);
  });
});
