/**
 * One oracle, two protocols: the test server answers Ollama's /api and the
 * OpenAI-compatible /v1 from the same gold. The engine must give IDENTICAL annotations
 * through OllamaBackend and OpenAiBackend for every fixture note in both profiles, and
 * `biomed annotate --engine openai --base-url <server>/v1` the same output files as with
 * Ollama. Nothing is mocked: everything goes over HTTP.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { EngineContext, newStats } from '../../../server/src/engine/pipeline/modelCall';
import { MemoryCache } from '../../../server/src/engine/pipeline/cache';
import { OllamaBackend } from '../../../server/src/engine/models/ollama';
import { OpenAiBackend } from '../../../server/src/engine/models/openai';
import { DEFAULT_NLI_SECTIONS } from '../../../server/src/engine/tasks/nli';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { Profile } from '../../../server/src/engine/profiles/profile';
import { Scheduler } from '../../../server/src/engine/pipeline/scheduler';
import { EntityType, ModelBackend } from '../../../server/src/engine/types';
import { CLINICAL_NOTES, fixtureNote, LITERATURE_NOTES, NOTES_DIR, spans } from '../../support/gold';
import { LspTestClient, waitFor } from '../../support/lspClient';
import { LLAMA31_MODEL, MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';
import { CliResult, ensureCliBuilt, filesBelow, runCli } from '../../support/cli';
import { goldServer } from '../../support/goldServer';

const NOTES = [...CLINICAL_NOTES, ...LITERATURE_NOTES].sort();
const PROFILES: { name: string; model: string; profile: Profile }[] = [
  { name: 'medtuned', model: MEDTUNED_MODEL.name, profile: new MedtunedProfile() },
  { name: 'json', model: LLAMA31_MODEL.name, profile: new JsonProfile() },
];

/** What an analysis found, in a comparable shape: entities, relations, NLI labels with their evidence. */
interface Annotations {
  entities: unknown[];
  relations: unknown[];
  nli: unknown[];
}

async function annotate(backend: ModelBackend, model: string, profile: Profile, name: string): Promise<Annotations> {
  const note = fixtureNote(name);
  // A fresh context per run: nothing may come from the other engine's cache.
  const ctx: EngineContext = { backend, scheduler: new Scheduler(4), cache: new MemoryCache(20_000), stats: newStats() };
  const config: AnalysisConfig = {
    model,
    profile,
    entityTypes: note.types as EntityType[],
    relations: { enabled: true, maxPairsPerSentence: 12 },
    nli: { enabled: true, sections: DEFAULT_NLI_SECTIONS, maxPremises: 4, budgetChars: 8192 },
  };
  const analysis = new DocumentAnalysis(`file:///${name}`, 1, note.text, config, ctx);
  analysis.start();
  await analysis.whenComplete();
  assert.equal(analysis.failed, 0, `${name}: ${analysis.lastError?.message}`);
  return {
    entities: analysis.entities(),
    relations: analysis
      .relations()
      .map((r) => ({ label: r.label, head: [r.head.start, r.head.end, r.head.type], tail: [r.tail.start, r.tail.end, r.tail.type] })),
    nli: (analysis.nliFindings() ?? []).map((f) => ({
      hypothesis: [f.hypothesis.start, f.hypothesis.end],
      state: f.state,
      label: f.label,
      evidence: f.evidence.map((e) => [e.start, e.end]),
    })),
  };
}

describe('engines: Ollama and OpenAI-compatible give identical annotations', function () {
  this.timeout(120_000);
  const server = goldServer();

  for (const { name: profileName, model, profile } of PROFILES) {
    it(`${profileName} profile (${model}): every fixture note, entities, relations and NLI findings`, async () => {
      const ollama = new OllamaBackend({ host: server.url, model, numCtx: 4096, keepAlive: '30m', requestTimeoutMs: 20_000, allowRemoteHost: false });
      const openai = new OpenAiBackend({ baseUrl: `${server.url}/v1`, model, requestTimeoutMs: 20_000, allowRemoteHost: false });
      let entities = 0;
      let relations = 0;
      let contradictions = 0;
      for (const name of NOTES) {
        const before = server.requests.length;
        const viaOllama = await annotate(ollama, model, profile, name);
        const ollamaPaths = new Set(
          server.requests
            .slice(before)
            .filter((r) => server.generationRequests().includes(r))
            .map((r) => r.path),
        );
        const middle = server.requests.length;
        const viaOpenAi = await annotate(openai, model, profile, name);
        const openAiPaths = new Set(
          server.requests
            .slice(middle)
            .filter((r) => server.generationRequests().includes(r))
            .map((r) => r.path),
        );
        assert.ok([...ollamaPaths].every((p) => p.startsWith('/api/')) && ollamaPaths.size > 0, `${name}: Ollama sent ${[...ollamaPaths]}`);
        assert.ok([...openAiPaths].every((p) => p.startsWith('/v1/')) && openAiPaths.size > 0, `${name}: OpenAI sent ${[...openAiPaths]}`);
        assert.deepEqual(openAiPaths, new Set([profileName === 'medtuned' ? '/v1/completions' : '/v1/chat/completions']));
        assert.deepEqual(viaOpenAi.entities, viaOllama.entities, `${name}: entities`);
        assert.deepEqual(viaOpenAi.relations, viaOllama.relations, `${name}: relations`);
        assert.deepEqual(viaOpenAi.nli, viaOllama.nli, `${name}: NLI findings`);
        entities += viaOllama.entities.length;
        relations += viaOllama.relations.length;
        contradictions += viaOllama.nli.filter((f) => (f as { label?: string }).label === 'contradiction').length;
        // The notes are found at all: the comparison is not one of empty results.
        assert.ok(viaOllama.entities.length > 0, `${name}: entities found`);
      }
      assert.ok(relations > 0, 'relations found');
      assert.ok(contradictions > 0, 'NLI contradictions found');
      assert.ok(entities > 50, `${entities} entities`);
    });
  }

  describe('biomed annotate --engine openai', function () {
    before(function () {
      this.timeout(120_000);
      ensureCliBuilt();
    });
    afterEach(() => server.requireApiKey(undefined));

    for (const model of [MEDTUNED_MODEL.name, LLAMA31_MODEL.name]) {
      it(`writes the same output files as with Ollama (${model}), with the API key from the environment`, async () => {
        const viaOllama = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-engine-ollama-'));
        const viaOpenAi = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-engine-openai-'));
        try {
          const a = await runCli(['annotate', NOTES_DIR, '--out', viaOllama, '--model', model, '--host', server.url]);
          assert.equal(a.code, 0, a.stdout + a.stderr);
          server.requireApiKey('k-123');
          const before = server.requests.length;
          const b = await runCli(
            ['annotate', NOTES_DIR, '--out', viaOpenAi, '--model', model, '--engine', 'openai', '--base-url', `${server.url}/v1`, '--concurrency', '8'],
            {
              env: { BIOMED_OPENAI_API_KEY: 'k-123' },
            },
          );
          assert.equal(b.code, 0, b.stdout + b.stderr);
          const sent = server.requests.slice(before);
          assert.ok(sent.length > 0 && sent.every((r) => r.path.startsWith('/v1/')), `only /v1 requests: ${[...new Set(sent.map((r) => r.path))]}`);
          assert.deepEqual(filesBelow(viaOpenAi), filesBelow(viaOllama));
          assert.deepEqual(
            filesBelow(viaOllama),
            NOTES.map((n) => `${n}.json`),
          );
          for (const f of filesBelow(viaOllama)) {
            assert.equal(fs.readFileSync(path.join(viaOpenAi, f), 'utf8'), fs.readFileSync(path.join(viaOllama, f), 'utf8'), f);
          }
          // The same summary, model calls and prompt tokens (usage) included; only the time differs.
          const summary = (r: CliResult) => r.stdout.replace(/ in [\d.]+ s:/, ' in T s:');
          assert.equal(summary(b), summary(a));
        } finally {
          fs.rmSync(viaOllama, { recursive: true, force: true });
          fs.rmSync(viaOpenAi, { recursive: true, force: true });
        }
      });
    }

    it('without the key: exit 1 with a message that names the API key variable; bad engine options are usage errors', async () => {
      server.requireApiKey('k-123');
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-engine-nokey-'));
      try {
        const r = await runCli(['annotate', NOTES_DIR, '--out', out, '--engine', 'openai', '--base-url', `${server.url}/v1`]);
        assert.equal(r.code, 1, r.stdout + r.stderr);
        assert.match(r.stdout + r.stderr, /API key.*BIOMED_OPENAI_API_KEY/);
        assert.deepEqual(filesBelow(out), []);
        for (const [args, says] of [
          [['--engine', 'openai'], /--engine openai needs --base-url/],
          [['--engine', 'vllm'], /--engine must be ollama or openai/],
          [['--engine', 'openai', '--base-url', `${server.url}/v1`, '--host', server.url], /--host is the Ollama server/],
          [['--engine', 'ollama', '--base-url', `${server.url}/v1`], /--base-url is for --engine openai/],
          [['--base-url', 'http://10.9.8.7:8000/v1'], /not on this machine.*--allow-remote-host/],
        ] as const) {
          const u = await runCli(['annotate', NOTES_DIR, '--out', out, ...args]);
          assert.equal(u.code, 2, `${args.join(' ')}: ${u.stdout}${u.stderr}`);
          assert.match(u.stdout + u.stderr, says);
        }
        const help = await runCli(['annotate', '--help']);
        assert.match(help.stdout, /--engine E\s+auto \| ollama \| openai \| embedded \| recorded \(default auto/);
        assert.match(help.stdout, /--base-url URL/);
      } finally {
        fs.rmSync(out, { recursive: true, force: true });
      }
    });
  });
  describe('the language server: biomedNlp.engine', function () {
    let dead: string;
    const savedKey = process.env.BIOMED_OPENAI_API_KEY;
    before(async function () {
      this.timeout(120_000);
      ensureCliBuilt();
      const gone = await OllamaTestServer.start();
      dead = gone.url;
      await gone.stop();
      // The server process inherits this environment: the key as the client passes it.
      process.env.BIOMED_OPENAI_API_KEY = 'k-lsp';
    });
    after(() => {
      if (savedKey === undefined) delete process.env.BIOMED_OPENAI_API_KEY;
      else process.env.BIOMED_OPENAI_API_KEY = savedKey;
      server.requireApiKey(undefined);
    });

    const cases = [
      { name: 'openai', settings: () => ({ engine: 'openai', ollama: { host: dead } }), engine: 'openai', prefix: '/v1/' },
      { name: 'auto, Ollama not answering', settings: () => ({ engine: 'auto', ollama: { host: dead } }), engine: 'openai', prefix: '/v1/' },
      { name: 'auto, Ollama answering', settings: () => ({ engine: 'auto', ollama: { host: server.url } }), engine: 'ollama', prefix: '/api/' },
    ];
    for (const c of cases) {
      it(`${c.name}: the gold highlights, every request to ${c.prefix}, the status names the engine`, async () => {
        server.requireApiKey('k-lsp');
        const note = fixtureNote('progress-diabetes-ckd');
        const before = server.requests.length;
        const client = await LspTestClient.start({
          model: MEDTUNED_MODEL.name,
          openai: { baseUrl: `${server.url}/v1` },
          debounceMs: 0,
          ...c.settings(),
        });
        try {
          const uri = `file:///engine-${c.engine}.note`;
          await client.open(uri, note.text);
          const status = await waitFor(
            'analysis done',
            () => {
              const s = client.lastStatus();
              return s?.state === 'ready' && s.total > 0 && s.done === s.total && s;
            },
            30_000,
          );
          assert.equal(status.engine, c.engine);
          assert.equal(status.host, c.engine === 'openai' ? `${server.url}/v1` : server.url);
          assert.equal(status.profile, 'medtuned');
          assert.deepEqual(spans(await client.tokens(uri)), note.gold);
          const sent = server.requests.slice(before).filter((r) => server.generationRequests().includes(r));
          assert.ok(sent.length > 0 && sent.every((r) => r.path.startsWith(c.prefix)), [...new Set(sent.map((r) => r.path))].join(', '));
        } finally {
          await client.stop();
        }
      });
    }
  });
});
