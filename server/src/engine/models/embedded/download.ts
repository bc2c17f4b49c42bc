/**
 * Where the embedded engine's models are, and downloading the default one. The default model
 * (Llama2-MedTuned 7B, Q4_K_M) is downloaded only when the user agrees: `downloadModel`
 * below (the editor asks first; the CLI takes --download).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { httpFetch } from '../http';
import { checkModelFile, GGUF_MAGIC } from './gguf';

/**
 * The default model: mradermacher's static GGUF quantisations of Llama2-MedTuned-7b, which
 * that repository names `<model>.<quant>.gguf`. It is the file Ollama pulls for
 * `hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M`, the default Ollama model.
 */
export const DEFAULT_MODEL_REPO = 'mradermacher/Llama2-MedTuned-7b-GGUF';
export const DEFAULT_MODEL_FILE = 'Llama2-MedTuned-7b.Q4_K_M.gguf';
export const DEFAULT_MODEL_URL = `https://huggingface.co/${DEFAULT_MODEL_REPO}/resolve/main/${DEFAULT_MODEL_FILE}`;
/** About 4.1 GB (a 7B model at Q4_K_M); used for the disk-space check when the server sends no length. */
export const DEFAULT_MODEL_BYTES = 4_081_004_224;

/** Where the CLI keeps downloaded models and the optional runtime: $BIOMED_NLP_CACHE, else ~/.cache/biomed-nlp. */
export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const explicit = env.BIOMED_NLP_CACHE?.trim();
  if (explicit) return explicit;
  const xdg = env.XDG_CACHE_HOME?.trim();
  return path.join(xdg || path.join(os.homedir(), '.cache'), 'biomed-nlp');
}

/**
 * Where the default model comes from, and the name it is kept under: DEFAULT_MODEL_URL, or a
 * mirror of that same file named by $BIOMED_NLP_MODEL_URL (kept under the default's name).
 */
export function defaultModelSource(env: NodeJS.ProcessEnv = process.env): { url: string; fileName: string } {
  return { url: env.BIOMED_NLP_MODEL_URL?.trim() || DEFAULT_MODEL_URL, fileName: DEFAULT_MODEL_FILE };
}

/** The default model's place in `folder`. */
export function defaultModelPath(folder: string = cacheDir()): string {
  return path.join(folder, DEFAULT_MODEL_FILE);
}

/** The embedded engine's default model as an environment places it: the folder, the file in it, and where it is downloaded from. */
export interface DefaultModel {
  /** The cache folder ($BIOMED_NLP_CACHE, else $XDG_CACHE_HOME/biomed-nlp, else ~/.cache/biomed-nlp). */
  folder: string;
  /** The model's file in that folder. */
  path: string;
  /** Where it is downloaded from (DEFAULT_MODEL_URL, or the mirror $BIOMED_NLP_MODEL_URL names). */
  url: string;
  /** The name it is kept under. */
  fileName: string;
}

/** The default model for `env`: one answer for every front end's message, check and download. */
export function defaultModel(env: NodeJS.ProcessEnv = process.env): DefaultModel {
  const folder = cacheDir(env);
  return { folder, path: defaultModelPath(folder), ...defaultModelSource(env) };
}

/** `~/models/x.gguf` as a shell would read it; other paths as they are. */
export function expandHome(file: string): string {
  return file === '~' || file.startsWith('~/') || file.startsWith('~\\') ? path.join(os.homedir(), file.slice(1)) : file;
}

export interface DownloadProgress {
  received: number;
  /** From Content-Length; absent when the server does not say. */
  total?: number;
}

export interface DownloadOptions {
  /** The folder the model goes to (created if needed). */
  folder: string;
  /** Default: DEFAULT_MODEL_URL. */
  url?: string;
  /** Default: DEFAULT_MODEL_FILE for the default URL, else the URL's last path segment. */
  fileName?: string;
  /** Size assumed for the disk-space check when the server sends no Content-Length. */
  expectedBytes?: number;
  /** Called at most every `progressIntervalMs` (default 250) and once at the end. */
  onProgress?: (p: DownloadProgress) => void;
  progressIntervalMs?: number;
  signal?: AbortSignal;
}

export type DownloadFailure = 'network' | 'http' | 'disk-space' | 'incomplete' | 'not-gguf' | 'cancelled' | 'file';

export class DownloadError extends Error {
  constructor(
    readonly reason: DownloadFailure,
    message: string,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

function gb(bytes: number): string {
  return `${(bytes / 1e9).toFixed(1)} GB`;
}

/** Room left on the file system of `folder`, or undefined where it cannot be told. */
async function freeBytes(folder: string): Promise<number | undefined> {
  try {
    const s = await fs.promises.statfs(folder);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return undefined;
  }
}

/**
 * Downloads a GGUF model into `folder` and returns its path. The bytes go to a temporary
 * file beside the target, renamed only once complete (the length the server announced, and
 * the GGUF magic); on any failure the temporary file is removed. Checks free disk space
 * before writing. A file already at the target is taken as it is.
 */
export async function downloadModel(options: DownloadOptions): Promise<string> {
  const url = options.url ?? DEFAULT_MODEL_URL;
  const fileName =
    options.fileName ?? (url === DEFAULT_MODEL_URL ? DEFAULT_MODEL_FILE : decodeURIComponent(new URL(url).pathname.split('/').pop() || 'model.gguf'));
  const target = path.join(options.folder, fileName);
  try {
    checkModelFile(target);
    return target;
  } catch {
    // not there (or not a GGUF file): download it
  }
  try {
    await fs.promises.mkdir(options.folder, { recursive: true });
  } catch (err) {
    throw new DownloadError('file', `Cannot create the folder ${options.folder} for the model: ${(err as Error).message}`);
  }
  const expected = options.expectedBytes ?? (url === DEFAULT_MODEL_URL ? DEFAULT_MODEL_BYTES : undefined);
  const margin = 64 * 1024 * 1024;
  const checkSpace = async (needed: number | undefined) => {
    if (needed === undefined) return;
    const free = await freeBytes(options.folder);
    if (free !== undefined && free < needed + margin) {
      throw new DownloadError(
        'disk-space',
        `Not enough free disk space in ${options.folder}: the model needs ${gb(needed)}, and ${gb(free)} is free. Free some space or choose a GGUF file that is already on this machine.`,
      );
    }
  };
  await checkSpace(expected);

  const temp = path.join(options.folder, `.${fileName}.${process.pid}.${Date.now()}.part`);
  let response;
  try {
    response = await httpFetch(url, { signal: options.signal, redirect: 'follow' });
  } catch (err) {
    if (options.signal?.aborted) throw new DownloadError('cancelled', 'The download was cancelled.');
    const cause = (err as { cause?: { code?: string; errors?: { code?: string }[] } })?.cause;
    const code = cause?.code ?? cause?.errors?.[0]?.code;
    throw new DownloadError(
      'network',
      `Cannot download ${url}: ${code ?? (err as Error).message}. Without a connection to it, set a GGUF file that is already on this machine.`,
    );
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    const hint =
      response.status === 401 || response.status === 403
        ? ' (the model may need a login or may not be public)'
        : response.status === 404
          ? ' (no such file)'
          : '';
    throw new DownloadError('http', `Downloading ${url} failed: the server answered ${response.status} ${response.statusText}${hint}.`);
  }
  const lengthHeader = response.headers.get('content-length');
  const total = lengthHeader !== null && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
  try {
    await checkSpace(total);
  } catch (err) {
    await response.body.cancel().catch(() => undefined);
    throw err;
  }

  let received = 0;
  let lastReport = 0;
  const interval = options.progressIntervalMs ?? 250;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      const now = Date.now();
      if (options.onProgress && now - lastReport >= interval) {
        lastReport = now;
        options.onProgress({ received, total });
      }
      done(null, chunk);
    },
  });
  try {
    // The file is created before the copy starts: a write stream opens it later, so a
    // cancellation could otherwise remove the file first and see it created after.
    const file = await fs.promises.open(temp, 'wx');
    await pipeline(Readable.fromWeb(response.body as never), counter, file.createWriteStream(), { signal: options.signal });
    if (total !== undefined && received !== total) {
      throw new DownloadError('incomplete', `The download of ${url} ended after ${received} of ${total} bytes.`);
    }
    const head = Buffer.alloc(4);
    const fd = await fs.promises.open(temp, 'r');
    try {
      await fd.read(head, 0, 4, 0);
    } finally {
      await fd.close();
    }
    if (head.toString('latin1') !== GGUF_MAGIC) throw new DownloadError('not-gguf', `What ${url} sent is not a GGUF file.`);
    await fs.promises.rename(temp, target);
  } catch (err) {
    await fs.promises.rm(temp, { force: true }).catch(() => undefined);
    if (err instanceof DownloadError) throw err;
    if (options.signal?.aborted) throw new DownloadError('cancelled', 'The download was cancelled.');
    const e = err as NodeJS.ErrnoException & { cause?: { code?: string } };
    if (e.code === 'ENOSPC') throw new DownloadError('disk-space', `The disk holding ${options.folder} is full; the model was not saved.`);
    const code = e.cause?.code ?? e.code;
    throw new DownloadError(
      'incomplete',
      `The download of ${url} broke off after ${received}${total ? ` of ${total}` : ''} bytes (${code ?? e.message}). Nothing was kept; try again.`,
    );
  }
  options.onProgress?.({ received, total });
  return target;
}
