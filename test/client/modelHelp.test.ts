/** The one message when no model can serve: the configured model and host, the ways forward, no countdown. */
import * as assert from 'node:assert/strict';
import { OLLAMA_DOWNLOAD_URL } from '../../server/src/protocol/protocol';
import { modelHelp, nextOutage } from '../../client/src/modelHelp';
import { WALKTHROUGH_ID } from '../../client/src/menu';
import type { StatusParams } from '../../server/src/protocol/protocol';

const base: StatusParams = { state: 'ready', engine: 'ollama', model: 'qwen2.5:7b', host: 'http://127.0.0.1:11500', profile: 'json', done: 0, total: 13 };
const labels = (s: Partial<StatusParams>) => modelHelp({ ...base, ...s })?.actions.map((a) => a.label);

describe('model help (the first-run message)', () => {
  it('Ollama unreachable: names the configured host, offers Ollama, the embedded engine and the walkthrough, never a countdown', () => {
    const help = modelHelp({
      ...base,
      state: 'unreachable',
      message: 'Generation failed: Ollama is not reachable at http://127.0.0.1:11500 (ECONNREFUSED). Is it running? (checking again automatically)',
    })!;
    assert.equal(help.severity, 'warning');
    assert.match(help.message, /^Biomed NLP: no model can analyse notes yet: Ollama is not reachable at http:\/\/127\.0\.0\.1:11500\. /);
    assert.doesNotMatch(help.message, /checking again|Generation failed/);
    assert.deepEqual(
      help.actions.map((a) => a.label),
      ['Install Ollama', 'Use Embedded Engine', 'Walkthrough'],
    );
    assert.deepEqual(help.actions[0], { label: 'Install Ollama', url: OLLAMA_DOWNLOAD_URL });
    assert.deepEqual(help.actions[1], { label: 'Use Embedded Engine', command: 'biomedNlp.downloadEmbeddedModel' });
    assert.deepEqual(help.actions[2], { label: 'Walkthrough', command: 'workbench.action.openWalkthrough', args: [WALKTHROUGH_ID, false] });
    // The status before the server named its engine (the client's own "starting") reads as Ollama too.
    assert.deepEqual(labels({ state: 'unreachable', engine: undefined }), ['Install Ollama', 'Use Embedded Engine', 'Walkthrough']);
  });

  it('Ollama without the model: offers to pull the configured model (no Install Ollama: it runs)', () => {
    const help = modelHelp({ ...base, state: 'model-missing' })!;
    assert.equal(
      help.message,
      'Biomed NLP: Ollama answers at http://127.0.0.1:11500, but the model "qwen2.5:7b" is not installed. Pull it here, or run: ollama pull qwen2.5:7b',
    );
    assert.deepEqual(help.actions[0], { label: 'Pull Model', command: 'biomedNlp.pullModel', args: ['qwen2.5:7b'] });
    assert.deepEqual(labels({ state: 'model-missing' }), ['Pull Model', 'Select Model…', 'Walkthrough']);
  });

  it('the embedded engine: the server says which part is missing', () => {
    const help = modelHelp({
      ...base,
      engine: 'embedded',
      state: 'model-missing',
      message: 'The GGUF file /m/x.gguf does not exist. (checking again automatically)',
    })!;
    assert.equal(help.message, 'Biomed NLP: The GGUF file /m/x.gguf does not exist. (checking again automatically)');
    assert.deepEqual(labels({ engine: 'embedded', state: 'model-missing' }), ['Download Model…', 'Choose GGUF File…', 'Retry']);
    assert.deepEqual(labels({ engine: 'embedded', state: 'unreachable' }), ['Open Settings', 'Retry']);
  });

  it('an OpenAI-compatible server: its own settings, never a pull', () => {
    assert.equal(
      modelHelp({ ...base, engine: 'openai', state: 'unreachable', host: 'http://127.0.0.1:8000/v1' })!.message,
      'Biomed NLP: the OpenAI-compatible server is not reachable at http://127.0.0.1:8000/v1.',
    );
    assert.deepEqual(labels({ engine: 'openai', state: 'unreachable' }), ['Open Settings', 'Retry']);
    assert.deepEqual(labels({ engine: 'openai', state: 'model-missing' }), ['Open Settings', 'Retry']);
  });

  it('a refused remote host is an error with its setting; other states say nothing', () => {
    const help = modelHelp({ ...base, state: 'remote-refused', message: 'http://10.0.0.5:11434 is not on this machine.' })!;
    assert.equal(help.severity, 'error');
    assert.deepEqual(help.actions, [{ label: 'Open Settings', command: 'workbench.action.openSettings', args: ['biomedNlp.allowRemoteHost'] }]);
    for (const state of ['ready', 'analysing', 'idle', 'starting', 'error'] as const) assert.equal(modelHelp({ ...base, state }), undefined, state);
  });
});

describe('model help: once per outage', () => {
  /** How many messages a run of states brings. */
  const shown = (states: Partial<StatusParams>[]) => {
    let outage = '';
    let count = 0;
    for (const s of states) {
      const next = nextOutage(outage, { ...base, ...s });
      if (next.announce) count++;
      outage = next.outage;
    }
    return count;
  };

  it('a state between while the server is still away brings no second message (a note analysed again, a wait)', () => {
    assert.equal(
      shown([
        { state: 'starting' },
        { state: 'unreachable' },
        { state: 'analysing' },
        { state: 'unreachable' },
        { state: 'waiting' },
        { state: 'unreachable' },
      ]),
      1,
    );
  });

  it('a model answering ends the outage: the next one brings its message again', () => {
    assert.equal(shown([{ state: 'unreachable' }, { state: 'analysing' }, { state: 'ready' }, { state: 'unreachable' }]), 2);
  });

  it('another outage, another host or another model brings its own message', () => {
    assert.equal(shown([{ state: 'unreachable' }, { state: 'model-missing' }]), 2);
    assert.equal(shown([{ state: 'unreachable' }, { state: 'unreachable', host: 'http://127.0.0.1:11600' }]), 2);
    assert.equal(shown([{ state: 'model-missing' }, { state: 'analysing' }, { state: 'model-missing', model: 'llama3.1:8b' }]), 2);
  });

  it('states that are no outage bring no message', () => {
    assert.equal(shown([{ state: 'starting' }, { state: 'analysing' }, { state: 'ready' }, { state: 'idle' }, { state: 'waiting' }]), 0);
    assert.equal(shown([{ state: 'unreachable' }, { state: 'idle' }, { state: 'unreachable' }]), 2, 'idle: nothing left to ask ends it');
  });
});
