/**
 * An unexpected error inside the engine is a bug of the extension (engine/errors.ts): the
 * workspace reports it with its stack, the status says so (not that the model failed), and
 * it is never retried with backoff. Provoked through real code: a prompt profile whose
 * answer parser throws a TypeError, against the Ollama-protocol test server.
 */
import * as assert from 'node:assert/strict';
import { DEFAULT_ENGINE_CONFIG, EngineConfig } from '../../../server/src/engine/config';
import { InternalError } from '../../../server/src/engine/errors';
import { analysisConfig, createEngine } from '../../../server/src/engine/pipeline/engine';
import { Workspace, WorkspaceStatus } from '../../../server/src/engine/pipeline/workspace';
import type { Profile } from '../../../server/src/engine/profiles/profile';
import { MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';

const TEXT = 'Patient reports chest pain. Aspirin was given.\n';

/** The medtuned profile, except that reading an entity answer throws as a buggy parser would. */
function brokenParser(profile: Profile): Profile {
  const broken = Object.create(profile) as Profile;
  broken.parseNer = function parseNerWithABug() {
    throw new TypeError("Cannot read properties of undefined (reading 'tokens')");
  };
  return broken;
}

describe('unexpected errors in the workspace: a bug, not a model failure', function () {
  this.timeout(20_000);
  let server: OllamaTestServer;
  before(async () => (server = await OllamaTestServer.start()));
  after(async () => server.stop());

  it('reports the InternalError with the original stack, shows it as a bug, and sends nothing again', async () => {
    const config: EngineConfig = {
      ...DEFAULT_ENGINE_CONFIG,
      engine: 'ollama',
      ollama: { host: server.url, keepAlive: '5m' },
      model: MEDTUNED_MODEL.name,
      debounceMs: 0,
      retryIntervalMs: 20,
      relations: { ...DEFAULT_ENGINE_CONFIG.relations, enabled: false },
      nli: { ...DEFAULT_ENGINE_CONFIG.nli, enabled: false },
    };
    const engine = createEngine(config);
    const internal: InternalError[] = [];
    const statuses: WorkspaceStatus[] = [];
    const workspace = new Workspace(engine, { onInternalError: (e) => internal.push(e), onStatus: (s) => statuses.push(s) });
    try {
      const base = analysisConfig(config, MEDTUNED_MODEL.name);
      const before = server.generationRequests().length;
      const analysis = workspace.update('file:///bug.note', 1, TEXT, { ...base, profile: brokenParser(base.profile) }, { immediate: true })!;
      await analysis.whenComplete();
      const sent = server.generationRequests().length - before;
      assert.ok(sent > 0, 'the sentences were asked');

      assert.ok(internal.length > 0, 'the error was reported');
      assert.ok(internal.every((e) => e instanceof InternalError));
      assert.match(internal[0].stack ?? '', /TypeError: Cannot read properties of undefined/);
      assert.match(internal[0].stack ?? '', /parseNerWithABug/, 'the stack of the original error is kept');
      assert.equal(analysis.failed, sent, 'each failed item counts as failed');

      const status = workspace.status();
      assert.equal(status.state, 'error');
      assert.match(status.message ?? '', /^Internal error in Biomed NLP \(a bug, not the model\)/);
      assert.doesNotMatch(status.message ?? '', /Generation failed|retrying/);

      // A model failure would be checked again after 20 ms, then 40, 80, ...: a bug is not.
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(server.generationRequests().length - before, sent, 'no recovery check re-sent the request');
      assert.ok(!statuses.some((s) => /Generation failed/.test(s.message ?? '')), 'never shown as a model failure');
    } finally {
      workspace.dispose();
      await engine.dispose();
    }
  });
});
