/** Waiting for a model before a statement check runs again (client/src/modelWait.ts). */
import * as assert from 'node:assert/strict';
import { ModelWait, statementWaitHelp } from '../../client/src/modelWait';
import type { StatusParams } from '../../server/src/protocol/protocol';

const base: StatusParams = { state: 'ready', engine: 'ollama', model: 'qwen2.5:7b', host: 'http://127.0.0.1:11500', profile: 'json', done: 0, total: 3 };
const settled = async (p: Promise<void>) => {
  let done = false;
  void p.then(() => (done = true));
  await new Promise((r) => setImmediate(r));
  return done;
};

describe('model wait (a statement check waits for a model)', () => {
  it('resolves at the first answering status after an away one, not before', async () => {
    const wait = new ModelWait();
    wait.update(base);
    // The failed request came before the status that says why: "ready" does not count yet.
    const back = wait.whenBack();
    wait.update({ ...base, state: 'analysing' });
    assert.equal(await settled(back), false);
    wait.update({ ...base, state: 'unreachable' });
    assert.equal(await settled(back), false);
    wait.update({ ...base, state: 'model-missing' });
    assert.equal(await settled(back), false);
    wait.update({ ...base, state: 'ready' });
    assert.equal(await settled(back), true);
  });

  it('asked while away: the next answering status resolves it; "starting" does not', async () => {
    const wait = new ModelWait();
    wait.update({ ...base, state: 'unreachable' });
    const back = wait.whenBack();
    wait.update({ ...base, state: 'starting' });
    assert.equal(await settled(back), false);
    wait.update({ ...base, state: 'idle' });
    assert.equal(await settled(back), true);
  });

  it('the message: the statement, then the first run ways forward, without "notes are analysed"', () => {
    const help = statementWaitHelp({ ...base, state: 'unreachable' }, 'Renal function is normal.');
    assert.equal(
      help.message,
      'Biomed NLP: “Renal function is normal.” will be checked as soon as a model answers. No model can analyse notes yet: ' +
        'Ollama is not reachable at http://127.0.0.1:11500. Install and start Ollama, or use the embedded engine (it runs inside VS Code).',
    );
    assert.deepEqual(
      help.actions.map((a) => a.label),
      ['Install Ollama', 'Use Embedded Engine', 'Walkthrough'],
    );
    const missing = statementWaitHelp({ ...base, state: 'model-missing' }, 'x');
    assert.match(missing.message, /will be checked as soon as a model answers\. Ollama answers at .* the model "qwen2\.5:7b" is not installed/);
    assert.equal(missing.actions[0].label, 'Pull Model');
  });
});
