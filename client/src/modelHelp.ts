/**
 * What to tell the user, once, when no model can analyse notes, and the ways forward to
 * offer as buttons. Built from the status's fields (configured model and host), never
 * from note text. A toast is static text, so nothing here counts down: the status item
 * shows the live state.
 * No `vscode` import: unit tests load it (test/client/modelHelp.test.ts).
 */
import { OLLAMA_DOWNLOAD_URL, type StatusParams } from '../../server/src/protocol/protocol';
import { WALKTHROUGH_ID } from './menu';

/**
 * One button: open a web page, run a command, or ask the server to check again now. Labels
 * are short: a toast truncates three long ones (test/e2e/unreachable.test.ts checks).
 */
export type HelpAction = { label: string } & ({ url: string } | { command: string; args?: unknown[] } | { retry: true });

export interface ModelHelp {
  severity: 'warning' | 'error';
  message: string;
  actions: HelpAction[];
}

const EMBEDDED: HelpAction = { label: 'Use Embedded Engine', command: 'biomedNlp.downloadEmbeddedModel' };
const WALKTHROUGH: HelpAction = { label: 'Walkthrough', command: 'workbench.action.openWalkthrough', args: [WALKTHROUGH_ID, false] };
const RETRY: HelpAction = { label: 'Retry', retry: true };
const settings = (key: string): HelpAction => ({ label: 'Open Settings', command: 'workbench.action.openSettings', args: [key] });

/** The message and buttons for a status, or undefined when the state needs none. */
export function modelHelp(s: StatusParams): ModelHelp | undefined {
  const reason = s.message;
  if (s.engine === 'embedded' && (s.state === 'unreachable' || s.state === 'model-missing')) {
    // node-llama-cpp missing, or no usable GGUF file: the server's message says which.
    return {
      severity: 'warning',
      message: `Biomed NLP: ${reason ?? 'the embedded engine cannot run.'}`,
      actions:
        s.state === 'model-missing'
          ? [
              { label: 'Download Model…', command: 'biomedNlp.downloadEmbeddedModel' },
              { label: 'Choose GGUF File…', command: 'biomedNlp.chooseEmbeddedModelFile' },
              RETRY,
            ]
          : [settings('biomedNlp.engine'), RETRY],
    };
  }
  if (s.engine === 'openai') {
    // A server the user set up: its address or model is what to look at.
    if (s.state === 'unreachable') {
      return {
        severity: 'warning',
        message: `Biomed NLP: the OpenAI-compatible server is not reachable at ${s.host}.`,
        actions: [settings('biomedNlp.openai.baseUrl'), RETRY],
      };
    }
    if (s.state === 'model-missing') {
      // Pulling is Ollama's: an OpenAI-compatible server serves what it was started with.
      return {
        severity: 'warning',
        message: `Biomed NLP: ${reason ?? `the OpenAI-compatible server at ${s.host} does not serve "${s.model}".`}`,
        actions: [settings('biomedNlp.openai.model'), RETRY],
      };
    }
  }
  if (s.state === 'unreachable') {
    // Usually a first run: nothing serves yet. The server checks again by itself.
    return {
      severity: 'warning',
      message:
        `Biomed NLP: no model can analyse notes yet: Ollama is not reachable at ${s.host}. ` +
        'Install and start Ollama, or use the embedded engine (it runs inside VS Code). Notes are analysed as soon as a model answers.',
      actions: [{ label: 'Install Ollama', url: OLLAMA_DOWNLOAD_URL }, EMBEDDED, WALKTHROUGH],
    };
  }
  if (s.state === 'model-missing') {
    // Ollama answers: pulling can work (and resumes the notes when done).
    return {
      severity: 'warning',
      message: `Biomed NLP: Ollama answers at ${s.host}, but the model "${s.model}" is not installed. Pull it here, or run: ollama pull ${s.model}`,
      actions: [
        { label: 'Pull Model', command: 'biomedNlp.pullModel', args: [s.model] },
        { label: 'Select Model…', command: 'biomedNlp.selectModel' },
        WALKTHROUGH,
      ],
    };
  }
  if (s.state === 'remote-refused') {
    return { severity: 'error', message: `Biomed NLP: ${reason ?? `${s.host} is not on this machine.`}`, actions: [settings('biomedNlp.allowRemoteHost')] };
  }
  return undefined;
}

/**
 * Once per outage: whether `s` brings its message, given the outage last announced (its state,
 * engine, host and model; '' for none), and the outage to remember. A state between while the
 * server is still away (analysing a note again, waiting, starting) keeps the outage, so its
 * message is not shown twice; "ready" (a model answered) or "idle" (nothing left to ask) ends it.
 */
export function nextOutage(announced: string, s: StatusParams): { announce: boolean; outage: string } {
  const outage = modelHelp(s) ? [s.state, s.engine ?? 'ollama', s.host, s.model].join('|') : '';
  if (outage) return { announce: outage !== announced, outage };
  return { announce: false, outage: s.state === 'ready' || s.state === 'idle' ? '' : announced };
}
