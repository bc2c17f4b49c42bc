/**
 * Concept linking's vocabularies in the editor: a vocabulary file built into a `.vocab`
 * (biomedNlp/addVocabulary, the client's "Add a Vocabulary…"), in a worker thread so that
 * the server keeps answering, with window progress in percent; and a vocabulary of
 * biomedNlp.linking.vocabularies that is missing or not a `.vocab`, said once per change
 * (showMessage and the log); the vocabularies' names searched as the user types
 * (biomedNlp/searchVocabulary). The hover and the panel read the links themselves.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MessageType, ShowMessageNotification } from 'vscode-languageserver';
import { InputError, linking } from '../../engine';
import {
  AddVocabularyParams,
  AddVocabularyResult,
  AddVocabularyRequest,
  SearchVocabularyItem,
  SearchVocabularyParams,
  SearchVocabularyRequest,
} from '../../protocol/protocol';
import { ServerContext } from '../context';

const { buildInWorker, openVocabulary, VOCAB_FORMATS } = linking;
type BuildProgress = linking.BuildProgress;

/**
 * Where the `.vocab` of `source` goes: beside it (`CTD_diseases.tsv` -> `CTD_diseases.vocab`),
 * where the user chose to keep the vocabulary, is seen and can be deleted with it, and which
 * every workspace can name; in `fallbackDir` (the extension's storage) when that folder
 * cannot be written.
 */
export function vocabPathFor(source: string, fallbackDir: string | undefined): string {
  const base = path.basename(source).replace(/\.[^.]*$/, '') || path.basename(source);
  const beside = path.join(path.dirname(source), `${base}.vocab`);
  if (!fallbackDir || writable(path.dirname(source))) return beside;
  fs.mkdirSync(fallbackDir, { recursive: true });
  return path.join(fallbackDir, `${base}.vocab`);
}

function writable(dir: string): boolean {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return true;
  } catch {
    return false;
  }
}

/** Concepts a search answers by default, and at most. */
const SEARCH_LIMIT = 50;
const SEARCH_LIMIT_MAX = 200;

function progressWords(p: BuildProgress): string {
  const step = p.phase === 'reading' ? `reading ${path.basename(p.file ?? '')}` : p.phase === 'sorting' ? 'sorting names' : 'writing';
  return `${step} · ${p.concepts.toLocaleString('en-US')} concepts`;
}

/**
 * `workerScript`: the server's own bundle (dist/server.js, also what `biomed lsp` loads),
 * whose entry runs a build when started as its worker (lsp/entry.ts); without it (a server
 * started in process by its embedder), building is refused with a way forward.
 */
export function registerVocabularies(ctx: ServerContext, workerScript: string | undefined): { reportProblems(): void } {
  const { connection, runner } = ctx;

  async function build(params: AddVocabularyParams): Promise<AddVocabularyResult> {
    if (!workerScript) return { error: 'This server cannot build vocabularies: run biomed vocab build, then add the file to biomedNlp.linking.vocabularies.' };
    const { source, format } = params;
    if (!(VOCAB_FORMATS as readonly string[]).includes(format)) return { error: `Unknown vocabulary format "${format}": one of ${VOCAB_FORMATS.join(', ')}.` };
    if (!fs.existsSync(source)) return { error: `No such file: ${source}` };
    if (fs.statSync(source).isDirectory()) return { error: `${source} is a folder: choose the vocabulary file itself.` };
    // A `.vocab` already built is added as it is (building "beside" it would overwrite it as it is read).
    if (source.endsWith('.vocab')) return alreadyBuilt(source);
    const out = vocabPathFor(source, params.fallbackDir);
    const label = params.label?.trim() || path.basename(out).replace(/\.vocab$/, '');
    const progress = ctx.support.progress ? await connection.window.createWorkDoneProgress() : undefined;
    progress?.begin(`Building the vocabulary ${label}`, 0, path.basename(source));
    try {
      const summary = await buildInWorker(workerScript, { sources: [source], format, out, label }, (p, percent) => progress?.report(percent, progressWords(p)));
      connection.console.info(`[linking] built ${out}: ${summary.concepts} concepts, ${summary.names} names`);
      return { path: out, label, concepts: summary.concepts };
    } catch (err) {
      // The source's fault (a line it cannot read, with its file and line) or the disk's: the
      // user's to fix, and nothing is added. Anything else is a bug (the runner logs its stack).
      if (err instanceof InputError) return { error: err.message };
      throw err;
    } finally {
      progress?.done();
    }
  }
  runner.request(AddVocabularyRequest, build);

  /** The vocabularies' concepts whose names match what the user typed so far (the client's "Link: Search the Vocabulary…"). */
  function search(params: SearchVocabularyParams): SearchVocabularyItem[] {
    if (typeof params?.query !== 'string') return [];
    const limit = Math.max(1, Math.min(SEARCH_LIMIT_MAX, Math.floor(Number(params.limit) || SEARCH_LIMIT)));
    return ctx.workspace.engine.searchVocabularies(params.query, limit, typeof params.type === 'string' ? params.type : undefined);
  }
  runner.request(SearchVocabularyRequest, search);

  function alreadyBuilt(file: string): AddVocabularyResult {
    try {
      const v = openVocabulary(file);
      v.close();
      return { path: file, label: v.label, concepts: v.size };
    } catch (err) {
      return { error: (err as Error).message };
    }
  }

  // Each problem once while it lasts (settings are read again on every change).
  let reported = new Set<string>();
  function reportProblems(): void {
    if (ctx.shutDown) return;
    const problems = ctx.workspace.engine.linkingProblems();
    for (const p of problems) {
      if (reported.has(p)) continue;
      connection.console.warn(`[linking] ${p}`);
      // A notification (not showMessageRequest): no answer is awaited, every client shows it.
      void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message: p });
    }
    reported = new Set(problems);
  }
  return { reportProblems };
}
