/**
 * What a client without Biomed NLP's status item is told, once per outage, when no model
 * can analyse notes (window/showMessage): what is wrong and the way forward, in words any
 * editor can show (settings by their names in the `biomedNlp` section, shell commands),
 * built from the status's fields and the engine's own message, never from note text.
 */
import { OLLAMA_DOWNLOAD_URL, type StatusParams } from '../protocol/protocol';

/** The states in which notes are not analysed until something changes. */
const OUTAGES: ReadonlySet<string> = new Set(['unreachable', 'model-missing', 'remote-refused', 'error']);

export function isOutage(state: string): boolean {
  return OUTAGES.has(state);
}

/** The message for `s`, or undefined when its state is no outage. */
export function outageMessage(s: StatusParams): string | undefined {
  if (!isOutage(s.state)) return undefined;
  const reason = s.message ? ` ${s.message.replace(/\.?$/, '.')}` : '';
  const again = ' The server checks again by itself: notes are analysed as soon as a model answers.';
  if (s.state === 'unreachable') {
    if (s.engine === 'embedded') return `Biomed NLP: the embedded engine cannot run.${reason} Set biomedNlp.embedded.modelPath to a GGUF file, or use Ollama.`;
    if (s.engine === 'openai')
      return `Biomed NLP: the OpenAI-compatible server is not reachable at ${s.host}. Start it, or set biomedNlp.openai.baseUrl in the settings.${again}`;
    return (
      `Biomed NLP: no model can analyse notes: Ollama is not reachable at ${s.host}. ` +
      `Start Ollama (${OLLAMA_DOWNLOAD_URL}), or set biomedNlp.ollama.host in the settings.${again}`
    );
  }
  if (s.state === 'model-missing') {
    if (s.engine === 'ollama' || s.engine === undefined)
      return `Biomed NLP: Ollama answers at ${s.host}, but the model "${s.model}" is not installed. Run: ollama pull ${s.model} (or set biomedNlp.model).${again}`;
    return `Biomed NLP: the model "${s.model}" is not available.${reason} Set biomedNlp.model${s.engine === 'embedded' ? ' or biomedNlp.embedded.modelPath' : ' or biomedNlp.openai.model'}.`;
  }
  if (s.state === 'remote-refused')
    return `Biomed NLP: ${s.host} is not on this machine, so notes are not sent there.${reason} Set biomedNlp.allowRemoteHost to true to allow it.`;
  return `Biomed NLP: the model could not analyse notes.${reason}`;
}
