/**
 * `biomed modelfile`: an Ollama Modelfile to serve a fine-tuned GGUF in the layout the
 * engine sends. The medtuned profile sends raw prompts, so the template passes them through.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { modelFiles } from '../engine';
import { choice, intOption, parse, UsageError } from './args';

const { MEDTUNED_STOP } = modelFiles;

export const MODELFILE_HELP = `Usage: biomed modelfile --gguf <path> [--profile medtuned|json] [--num-ctx N]

Prints an Ollama Modelfile that serves a GGUF file for this project. Save it and run
  ollama create my-medtuned -f Modelfile
then set biomedNlp.model (or --model) to my-medtuned.

Options:
  --gguf PATH       the model file (required)
  --profile P       medtuned (default: raw prompts in the training layout) or json
  --num-ctx N       context length (default 4096)
  -h, --help        this help`;

export function modelfile(argv: string[]): number {
  const { values } = parse(argv, { gguf: { type: 'string' }, profile: { type: 'string' }, 'num-ctx': { type: 'string' } }, MODELFILE_HELP);
  if (values.help) {
    console.log(MODELFILE_HELP);
    return 0;
  }
  const gguf = values.gguf as string | undefined;
  if (!gguf) throw new UsageError('--gguf is required: the path of the model file.', MODELFILE_HELP);
  const profile = choice(values.profile, 'profile', ['medtuned', 'json'] as const, MODELFILE_HELP) ?? 'medtuned';
  const numCtx = intOption(values['num-ctx'], 'num-ctx', 256, MODELFILE_HELP) ?? 4096;
  const file = path.resolve(gguf);
  if (!fs.existsSync(file)) throw new Error(`No such file: ${file}`);
  const magic = Buffer.alloc(4);
  const fd = fs.openSync(file, 'r');
  fs.readSync(fd, magic, 0, 4, 0);
  fs.closeSync(fd);
  if (magic.toString('latin1') !== 'GGUF') throw new Error(`${file} is not a GGUF file (it does not start with "GGUF").`);
  const lines = [
    `# Serves ${path.basename(file)} for Biomed NLP (${profile} profile).`,
    `FROM ${file}`,
    // The engine writes the whole prompt itself (medtuned: raw; json: one user turn).
    profile === 'medtuned' ? 'TEMPLATE """{{ .Prompt }}"""' : 'TEMPLATE """{{ if .System }}{{ .System }}\n\n{{ end }}{{ .Prompt }}"""',
    ...(profile === 'medtuned' ? MEDTUNED_STOP.map((s) => `PARAMETER stop "${s}"`) : []),
    'PARAMETER temperature 0',
    `PARAMETER num_ctx ${numCtx}`,
  ];
  console.log(lines.join('\n'));
  return 0;
}
