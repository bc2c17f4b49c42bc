/**
 * The ChemProt development pairs through the engine: the json profile builds each
 * relation prompt, the Ollama backend sends it over HTTP to the test server (whose oracle
 * knows the gold labels), and the profile parses the answer. Every label must come back.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readChemProt } from '../../../server/src/engine/formats/chemprot';
import { OllamaBackend } from '../../../server/src/engine/models/ollama';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { CandidatePair } from '../../../server/src/engine/tasks/relations';
import { chemProtGold, LLAMA31_MODEL, OllamaTestServer } from '../../support/ollamaServer';
import { ROOT } from '../../support/paths';

const DEV = path.join(ROOT, 'test/fixtures/chemprot/dev.jsonl');

describe('engine: ChemProt development pairs under the oracle', function () {
  this.timeout(120_000);

  it('labels every pair correctly through prompt, HTTP and parsing', async () => {
    const pairs = readChemProt(fs.readFileSync(DEV, 'utf8'));
    assert.ok(pairs.length > 2000, `${pairs.length} pairs read`);
    const server = await OllamaTestServer.start({ gold: chemProtGold(pairs) });
    const backend = new OllamaBackend({
      host: server.url,
      model: LLAMA31_MODEL.name,
      numCtx: 4096,
      keepAlive: '30m',
      requestTimeoutMs: 10_000,
      allowRemoteHost: false,
    });
    const profile = new JsonProfile();
    // ChemProt gives some pairs two labels in two lines with the same marked text (e.g.
    // tamoxifen is both AGONIST and ANTAGONIST of ER): one input has one answer, and any
    // of its gold labels is right.
    const inputKey = (p: (typeof pairs)[number]) => `${p.text}|${p.chemical.start}|${p.gene.start}`;
    const goldLabels = new Map<string, Set<string>>();
    for (const p of pairs) goldLabels.set(inputKey(p), new Set([...(goldLabels.get(inputKey(p)) ?? []), p.label]));
    let correct = 0;
    const wrong: string[] = [];
    try {
      let next = 0;
      const worker = async () => {
        while (next < pairs.length) {
          const p = pairs[next++];
          const candidate: CandidatePair = {
            kind: 'chemical-gene',
            head: { ...p.chemical, type: 'chemical', text: p.text.slice(p.chemical.start, p.chemical.end) },
            tail: { ...p.gene, type: 'gene', text: p.text.slice(p.gene.start, p.gene.end) },
          };
          const [task] = profile.relationTasks([candidate]);
          const answer = await backend.generate(profile.relationRequest(p.text, task), new AbortController().signal);
          const got = profile.parseRelations(task, answer).labels[0] ?? '(none)';
          if (goldLabels.get(inputKey(p))!.has(got)) correct++;
          else wrong.push(`${p.label} -> ${got}: ${p.text}`);
        }
      };
      await Promise.all([worker(), worker(), worker(), worker()]);
    } finally {
      await server.stop();
    }
    assert.deepEqual(wrong, [], 'every gold label comes back');
    assert.equal(correct, pairs.length);
    assert.equal([...goldLabels.values()].filter((l) => l.size > 1).length, 15, 'the 15 doubly labelled pairs of the dev set');
  });
});
