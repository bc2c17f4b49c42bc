/**
 * What to do when no model can serve: the three ways forward (Ollama, an OpenAI-compatible
 * server, the embedded engine), in one place so that the command line and the editor name
 * the same ways, the same model and the same commands. Each way holds the commands a shell
 * runs; a caller adds its own (flags for the CLI, settings or buttons for the editor).
 */
import { OLLAMA_DOWNLOAD_URL } from '../types';
import { DEFAULT_MODEL_FILE, DEFAULT_MODEL_REPO } from './embedded/download';

/** An address an OpenAI-compatible server usually listens at (vLLM's default port). */
export const EXAMPLE_OPENAI_BASE_URL = 'http://127.0.0.1:8000/v1';

export interface WayForward {
  id: 'ollama' | 'openai' | 'embedded';
  /** One line: what this way is. */
  title: string;
  /** What it needs first, in words (a link, a size). */
  detail: string;
  /** Shell commands, in order. */
  commands: string[];
}

export interface WaysForwardOptions {
  /** The model Ollama is asked for (`ollama pull` takes the same name). */
  model: string;
  /** Where the embedded engine's downloaded model goes. */
  cacheDir: string;
  /**
   * How to run the same command again once a way is ready: the command line (the CLI's
   * own) for that way, with `flags` choosing its engine; without it, the ways name no rerun.
   */
  rerun?: (way: WayForward['id'], flags: string) => string;
}

export function waysForward(o: WaysForwardOptions): WayForward[] {
  const rerun = o.rerun;
  const again = (way: WayForward['id'], flags: string) => (rerun ? [rerun(way, flags)] : []);
  return [
    {
      id: 'ollama',
      title: 'Ollama',
      detail: `install it from ${OLLAMA_DOWNLOAD_URL}, start it, and pull the model (about 4 GB for the default)`,
      commands: ['ollama serve   # if it is not already running as a service', `ollama pull ${o.model}`, ...again('ollama', '')],
    },
    {
      id: 'openai',
      title: 'an OpenAI-compatible server you run (vLLM, llama.cpp server, LM Studio, TGI)',
      detail: 'give its address; the API key, if it needs one, from $BIOMED_OPENAI_API_KEY or $OPENAI_API_KEY',
      commands: again('openai', `--engine openai --base-url ${EXAMPLE_OPENAI_BASE_URL} --model NAME`),
    },
    {
      id: 'embedded',
      title: 'the embedded engine: llama.cpp in this process, no server',
      detail: `download the default model (${DEFAULT_MODEL_FILE} from huggingface.co/${DEFAULT_MODEL_REPO}, about 4.1 GB, once, into ${o.cacheDir}), or use a GGUF file you have`,
      commands: [...again('embedded', '--engine embedded --download'), ...again('embedded', '--engine embedded --model-path FILE.gguf')],
    },
  ];
}

/** The ways as plain text, numbered, commands indented: for a terminal or a log. */
export function formatWaysForward(o: WaysForwardOptions): string {
  return waysForward(o)
    .map((w, i) => [`  ${i + 1}. ${w.title}: ${w.detail}.`, ...w.commands.map((c) => `       ${c}`)].join('\n'))
    .join('\n');
}
