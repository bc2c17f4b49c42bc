/** The test server's model pulls: progress lines as Ollama streams them. */
import * as assert from 'node:assert/strict';
import { PULLABLE, client, post, server, useSuiteServer } from './suite';

describe('OllamaTestServer', () => {
  useSuiteServer();

  describe('pull', () => {
    it('streams progress with totals, then success; the model then appears in tags', async () => {
      const rows = [];
      for await (const p of await client.pull({ model: PULLABLE.name, stream: true })) rows.push(p);
      assert.equal(rows[0].status, 'pulling manifest');
      const layer = rows.filter((r) => r.digest);
      assert.ok(layer.length >= 4);
      assert.match(layer[0].status, /^pulling [0-9a-f]{12}$/);
      assert.equal(layer[0].total, PULLABLE.size);
      assert.equal(layer[0].completed, undefined);
      assert.ok(layer.some((r) => r.completed === r.total && r.total === PULLABLE.size));
      assert.deepEqual(
        rows.slice(-4).map((r) => r.status),
        ['verifying sha256 digest', 'writing manifest', 'removing any unused layers', 'success'],
      );
      assert.ok((await client.list()).models.some((m) => m.name === PULLABLE.name));
      assert.deepEqual(await client.pull({ model: PULLABLE.name }), { status: 'success' });
      server.removeModel(PULLABLE.name);
    });

    it('streams by default with the `model` key (fetch)', async () => {
      const res = await post(server, '/api/pull', { model: PULLABLE.name });
      assert.equal(res.headers.get('content-type'), 'application/x-ndjson');
      const rows = (await res.text())
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      assert.equal(rows[rows.length - 1].status, 'success');
      server.removeModel(PULLABLE.name);
    });

    it('an unknown model: 200, pulling manifest, then an error line', async () => {
      const statuses: string[] = [];
      await assert.rejects(
        (async () => {
          for await (const p of await client.pull({ model: 'no-such-model:1b', stream: true })) statuses.push(p.status);
        })(),
        { message: 'pull model manifest: file does not exist' },
      );
      assert.deepEqual(statuses, ['pulling manifest']);
    });
  });
});
