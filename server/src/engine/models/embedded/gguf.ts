/**
 * Checks of a GGUF model file before llama.cpp sees it: that it is there and starts like a
 * GGUF file, and that its tensors lie within it. The clear "model-missing" errors of the
 * embedded engine come from here, and broken files are kept away from node-llama-cpp's
 * native loader (see checkGgufLayout).
 */
import * as fs from 'node:fs';
import { ModelError } from '../../types';

// A type only: erased from the output, so nothing here loads node-llama-cpp.
type ReadGgufFileInfo = typeof import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).readGgufFileInfo;

export const GGUF_MAGIC = 'GGUF';

/** path, size and modification time: a changed file is loaded again. */
function fileKey(file: string, stat: fs.Stats): string {
  return `${file}\0${stat.size}\0${stat.mtimeMs}`;
}

/**
 * Checks the file is there (no read): its key (path, size, modification time) and stat.
 * What a request needs to know which model it goes to; the clear errors come from here.
 */
export function statModelFile(file: string): { key: string; stat: fs.Stats } {
  if (!file) {
    throw new ModelError(
      'model-missing',
      'No model file is set for the embedded engine: set biomedNlp.embedded.modelPath to a GGUF file (or pass --model-path FILE), or download the default model.',
    );
  }
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    throw new ModelError('model-missing', `The model file ${file} does not exist. Set biomedNlp.embedded.modelPath (or --model-path) to a GGUF file.`);
  }
  if (!stat.isFile()) throw new ModelError('model-missing', `The model path ${file} is not a file; it should name a GGUF file.`);
  return { key: fileKey(file, stat), stat };
}

/** Checks the file is there and starts like a GGUF file (before llama.cpp reads it). */
export function checkModelFile(file: string): { key: string; stat: fs.Stats } {
  const checked = statModelFile(file);
  const head = Buffer.alloc(8);
  let read: number;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      read = fs.readSync(fd, head, 0, 8, 0);
    } finally {
      fs.closeSync(fd);
    }
  } catch (err) {
    throw new ModelError('model-missing', `The model file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}).`);
  }
  if (read < 8 || head.toString('latin1', 0, 4) !== GGUF_MAGIC) {
    throw new ModelError(
      'model-missing',
      `The model file ${file} is not a GGUF file (it does not start with "GGUF"). The embedded engine loads GGUF models only.`,
    );
  }
  return checked;
}

/** Bytes per block and values per block of the GGML tensor types whose layout is certain; others are not size-checked. */
const GGML_BLOCKS: Readonly<Record<number, readonly [values: number, bytes: number]>> = {
  0: [1, 4], // F32
  1: [1, 2], // F16
  2: [32, 18], // Q4_0
  3: [32, 20], // Q4_1
  6: [32, 22], // Q5_0
  7: [32, 24], // Q5_1
  8: [32, 34], // Q8_0
  10: [256, 84], // Q2_K
  11: [256, 110], // Q3_K
  12: [256, 144], // Q4_K
  13: [256, 176], // Q5_K
  14: [256, 210], // Q6_K
  15: [256, 292], // Q8_K
  24: [1, 1], // I8
  25: [1, 2], // I16
  26: [1, 4], // I32
  27: [1, 8], // I64
  28: [1, 8], // F64
  30: [1, 2], // BF16
};

/**
 * Reads the GGUF header and tensor table in JavaScript and checks that every tensor lies
 * within the file, before llama.cpp sees it. A cut-short file (an interrupted copy or
 * download) is the usual broken model; this says so plainly, and it keeps such files away
 * from node-llama-cpp's native loader, whose failures (3.21.1, 3.22.1) leave the Llama instance
 * impossible to dispose. `nlc`: the loaded node-llama-cpp module (its GGUF reader).
 */
export async function checkGgufLayout(nlc: { readGgufFileInfo: ReadGgufFileInfo }, file: string, size: number): Promise<void> {
  let info;
  try {
    info = await nlc.readGgufFileInfo(file, { sourceType: 'filesystem' });
  } catch (err) {
    throw new ModelError('model-missing', `The model file ${file} is not a valid GGUF file: its header cannot be read (${(err as Error).message}).`);
  }
  const incomplete = (needed: number) =>
    new ModelError(
      'model-missing',
      `The model file ${file} is incomplete: it has ${size} bytes, its tensors need at least ${needed}. Was a download or copy cut short? Download or copy it again.`,
    );
  if (info.infoEndOffset !== undefined && info.infoEndOffset > size) throw incomplete(info.infoEndOffset);
  let needed = 0;
  for (const t of info.tensorInfo ?? []) {
    if ((t.filePart ?? 1) !== 1) continue;
    const start = Number(t.fileOffset);
    const block = GGML_BLOCKS[t.ggmlType];
    const values = t.dimensions.reduce<number>((a, d) => a * Number(d), 1);
    needed = Math.max(needed, block ? start + Math.ceil(values / block[0]) * block[1] : start + 1);
  }
  if (needed > size) throw incomplete(needed);
}
