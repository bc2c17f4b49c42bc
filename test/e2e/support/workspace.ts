/**
 * Temporary workspaces for the end-to-end tests, and the Ollama test server in oracle mode.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NOTES_DIR } from '../../support/gold';
import { loadGoldDocuments, loadNliPairs, OllamaTestServer } from '../../support/ollamaServer';

export const NLI_PAIRS = path.resolve(__dirname, '../../../../test/fixtures/nli/clinical-nli-dev.jsonl');

/** The test server answering from the fixture notes' gold and the MedNLI-style pairs. */
export function startOracle(): Promise<OllamaTestServer> {
  return OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR), nliPairs: loadNliPairs(NLI_PAIRS) });
}

export interface NoteWorkspace {
  /** What VS Code opens: the folder, or the .code-workspace file of a multi-root workspace. */
  open: string;
  dir: string;
  remove(): void;
}

function copyNote(name: string, toDir: string): void {
  const file = fs.readdirSync(NOTES_DIR).find((f) => f === `${name}.note` || f === `${name}.txt`);
  if (!file) throw new Error(`no fixture note ${name}`);
  fs.mkdirSync(toDir, { recursive: true });
  fs.copyFileSync(path.join(NOTES_DIR, file), path.join(toDir, `${name}.note`));
}

/** One folder with the given fixture notes copied in as `<name>.note`. */
export function folderWorkspace(notes: string[]): NoteWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-e2e-ws-'));
  const folder = path.join(dir, 'notes');
  for (const n of notes) copyNote(n, folder);
  return { open: folder, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A multi-root workspace: `clinical/` with the clinical notes, and `literature/` with the
 * literature notes and folder settings choosing the literature entity types
 * (biomedNlp.entityTypes is resource-scoped).
 */
export function clinicalAndLiteratureWorkspace(clinical: string[], literature: string[]): NoteWorkspace {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-e2e-ws-'));
  for (const n of clinical) copyNote(n, path.join(dir, 'clinical'));
  for (const n of literature) copyNote(n, path.join(dir, 'literature'));
  fs.mkdirSync(path.join(dir, 'literature/.vscode'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'literature/.vscode/settings.json'), JSON.stringify({ 'biomedNlp.entityTypes': ['disease', 'chemical', 'gene'] }, null, 2));
  const open = path.join(dir, 'notes.code-workspace');
  fs.writeFileSync(open, JSON.stringify({ folders: [{ path: 'clinical' }, { path: 'literature' }], settings: {} }, null, 2));
  return { open, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
}
