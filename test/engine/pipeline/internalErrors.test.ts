/**
 * A bug is not a model failure: an unexpected exception in a task's parser reaches the
 * listener as an InternalError with its stack, the item counts as failed, the model's
 * last error stays clear, and the workspace's recovery does not send the item again.
 * Real HTTP to the Ollama-protocol test server; the profile is a real one whose parser throws.
 */
import * as assert from 'node:assert/strict';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { InternalError, isBug } from '../../../server/src/engine/errors';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { NerGroup, NerParse } from '../../../server/src/engine/profiles/profile';
import { ModelAnswer, ModelError } from '../../../server/src/engine/types';
import type { Token } from '../../../server/src/engine/text/tokenize';
import { TaskKind } from '../../../server/src/engine/pipeline/taskTable';
import { MEDTUNED_MODEL } from '../../support/ollamaServer';
import { engineContext, ollamaBackend } from '../../support/engine';
import { goldServer } from '../../support/goldServer';

/** The medtuned profile with a parser bug: every entity answer throws a plain TypeError. */
class BrokenParser extends MedtunedProfile {
  readonly thrown: TypeError[] = [];
  override parseNer(sentence: string, group: NerGroup, answer: ModelAnswer, tokens?: readonly Token[]): NerParse {
    void [sentence, group, answer, tokens];
    const err = new TypeError("Cannot read properties of undefined (reading 'mentions')");
    this.thrown.push(err);
    throw err;
  }
}

describe('internal errors: a parser bug is not a model failure', function () {
  this.timeout(30_000);
  const server = goldServer();

  it('reaches onInternalError with its stack, counts as failed, and is not re-sent by recovery', async () => {
    const profile = new BrokenParser();
    const config: AnalysisConfig = { model: MEDTUNED_MODEL.name, profile, entityTypes: ['problem', 'treatment', 'test'] };
    const ctx = engineContext(ollamaBackend(server.url, MEDTUNED_MODEL.name));
    const internal: { error: InternalError; task: TaskKind }[] = [];
    const modelErrors: ModelError[] = [];
    const text = 'The patient has chest pain. Aspirin was given.';
    const a = new DocumentAnalysis('file:///bug.note', 1, text, config, ctx, {
      onError: (_a, error) => modelErrors.push(error),
      onInternalError: (_a, error, task) => internal.push({ error, task }),
    });
    a.start();
    await a.whenComplete();

    assert.ok(a.total > 0);
    assert.equal(a.failed, a.total, 'every entity item failed');
    assert.equal(a.failedOf('ner'), a.total);
    assert.deepEqual(modelErrors, [], 'onError is for the model');
    assert.equal(a.lastError, undefined, 'a bug is not the model last error');
    assert.equal(internal.length, a.total);
    for (const { error, task } of internal) {
      assert.ok(error instanceof InternalError);
      assert.equal(task, 'ner');
      assert.ok(error.cause instanceof TypeError);
      assert.ok(error.stack?.includes((error.cause as TypeError).stack!), 'the original stack is kept');
      assert.ok(profile.thrown.includes(error.cause as TypeError));
    }

    // The workspace's recovery sends failed work again: not an item a bug failed.
    const sent = server.generationRequests().length;
    a.start(undefined, { retryFailed: true });
    await a.whenComplete();
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(server.generationRequests().length, sent, 'recovery did not re-send the failed items');
    assert.equal(a.failed, a.total);
    assert.equal(internal.length, a.total, 'no second report');

    // An explicit new analysis runs them again.
    const again = new DocumentAnalysis('file:///bug.note', 2, text, config, ctx, {}, { ignoreCache: true });
    again.start();
    await again.whenComplete();
    assert.ok(server.generationRequests().length > sent, 'a new analysis sends the work again');
    a.dispose();
    again.dispose();
  });
});

describe('isBug: one judgement of what is a bug, for both front ends', () => {
  it("JavaScript's programming errors, an InternalError and a throw of a non-Error are bugs; a model failure and a refusal are not", () => {
    const bugs: unknown[] = [
      new TypeError('x'),
      new RangeError('x'),
      new ReferenceError('x'),
      new SyntaxError('x'),
      new EvalError('x'),
      new URIError('URI malformed'),
      new InternalError('parse', new Error('x')),
      'a string',
      undefined,
    ];
    for (const err of bugs) assert.equal(isBug(err), true, String(err));
    for (const err of [new ModelError('unreachable', 'Ollama is not reachable'), new Error('The file is not a .vocab file.')])
      assert.equal(isBug(err), false, String(err));
  });
});
