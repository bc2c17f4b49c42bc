/**
 * PHI kept from a model host that is not on this machine (engine/pipeline/phiShield.ts): the
 * test server listens on one of this machine's addresses that is not loopback, so the
 * engine (allowRemoteHost on) takes it for a remote host. Every request body it receives
 * must hold none of the note's PHI, and the entities the model names on the surrogate text
 * must come back at the note's own offsets, exactly. With the setting off, or on a loopback
 * host, the note goes as it is.
 */
import * as assert from 'node:assert/strict';
import { networkInterfaces } from 'node:os';
import { DEFAULT_ENGINE_CONFIG, EngineConfig } from '../../../server/src/engine/config';
import { createEngine, Engine } from '../../../server/src/engine/pipeline/engine';
import { isRemoteHost, shieldedCall } from '../../../server/src/engine/pipeline/phiShield';
import { detectPhi } from '../../../server/src/engine/tasks/phi/detect';
import { deidentify, mapOffset, originalOffset } from '../../../server/src/engine/tasks/phi/deidentify';
import { GoldDocument, LLAMA31_MODEL, MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';
import { FAIL_ON_BUG } from '../../support/engine';

const NOTE =
  'Pt seen by Dr. Ramirez on 3/14/2019 with fever and cough. Wife Gloria Alvarez called from 410-555-0199.\n' +
  'Chest x-ray showed pneumonia; started ceftriaxone. MRN 4417829 noted.';
const SEED = 7;

/** The model's gold, written on the text the model will see: entities by their words there. */
function goldOn(text: string): GoldDocument {
  const at = (words: string, type: string) => {
    const start = text.indexOf(words);
    assert.ok(start >= 0, words);
    return { type, start, end: start + words.length };
  };
  const mrn = /MRN (\d+)/.exec(text)!;
  return {
    name: 'surrogate-note',
    text,
    entities: [
      at('fever', 'PROBLEM'),
      at('cough', 'PROBLEM'),
      at('Chest x-ray', 'TEST'),
      at('pneumonia', 'PROBLEM'),
      at('ceftriaxone', 'TREATMENT'),
      // An entity that is a surrogate: it must come back as the original number's span.
      at(`MRN ${mrn[1]}`, 'TEST'),
    ],
  };
}

function nonLoopbackAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4' && !a.address.startsWith('127.')) return a.address;
  return undefined;
}

describe('PHI kept from a remote model host', function () {
  this.timeout(30_000);

  it('originalOffset is mapOffset undone, and a span inside a surrogate covers the whole original', () => {
    const d = deidentify(NOTE, { style: 'surrogates', seed: SEED });
    for (let i = 0; i <= NOTE.length; i++) {
      const inside = d.edits.some((e) => i > e.start && i < e.end);
      if (!inside) {
        assert.equal(originalOffset(d.edits, mapOffset(d.edits, i, 'start'), 'start'), i);
        assert.equal(originalOffset(d.edits, mapOffset(d.edits, i, 'end'), 'end'), i);
      }
    }
    for (const e of d.edits) {
      assert.equal(originalOffset(d.edits, e.newStart + 1, 'start'), e.start);
      assert.equal(originalOffset(d.edits, e.newEnd - 1, 'end'), e.end);
    }
  });

  it('a host is remote unless loopback as written', () => {
    assert.equal(isRemoteHost('http://127.0.0.1:11434'), false);
    assert.equal(isRemoteHost('http://localhost:11434'), false);
    assert.equal(isRemoteHost('http://[::1]:8000/v1'), false);
    assert.equal(isRemoteHost('http://192.0.2.10:11434'), true);
    assert.equal(isRemoteHost('https://models.example.org/v1'), true);
    assert.equal(isRemoteHost(undefined), false);
    // With remote hosts allowed nothing checks what a localhost name resolves to: only a loopback address is local.
    assert.equal(isRemoteHost('http://localhost:11434', true), true);
    assert.equal(isRemoteHost('http://127.0.0.1:11434', true), false);
    assert.equal(isRemoteHost('http://[::1]:8000/v1', true), false);
  });

  it('is up only for a network server at a remote host (any member of an auto chain), and only when on', async () => {
    const up = (config: Partial<EngineConfig>) => {
      const engine = createEngine({ ...DEFAULT_ENGINE_CONFIG, allowRemoteHost: true, ...config });
      const active = engine.ctx.phiShield!.active();
      void engine.dispose();
      return active;
    };
    assert.equal(up({ engine: 'ollama' }), false, 'the default loopback host');
    assert.equal(up({ engine: 'ollama', ollama: { host: 'http://192.0.2.10:11434', keepAlive: '5m' } }), true);
    assert.equal(up({ engine: 'ollama', ollama: { host: 'http://192.0.2.10:11434', keepAlive: '5m' }, deidentify: { beforeRemote: false } }), false);
    assert.equal(up({ engine: 'auto', openai: { baseUrl: 'https://gpu.example.org/v1', model: 'm' } }), true, 'a remote member of the chain');
    // Answers from a file and the engine in this process send nothing: their "host" is no address.
    assert.equal(up({ engine: 'recorded', recorded: { file: '/some/where/answers.json' } }), false);
    assert.equal(up({ engine: 'embedded', embedded: { modelPath: '/models/x.gguf' } }), false);
  });

  it("a corpus's own tokens: those of one replaced span become its one surrogate, none of the PHI asked", () => {
    const engine = createEngine({ ...DEFAULT_ENGINE_CONFIG, engine: 'ollama', model: MEDTUNED_MODEL.name });
    try {
      const profile = engine.profile();
      const text = 'Wife Gloria Alvarez called.';
      const tokens = [...text.matchAll(/\w+|\S/g)].map((m) => ({ start: m.index!, end: m.index! + m[0].length, text: m[0] }));
      const task = { kind: 'ner' as const, text, group: profile.nerGroups(['problem'])[0], tokens };
      const { request } = shieldedCall(task, profile, { seed: SEED });
      assert.equal(request.kind, 'generate');
      const prompt = request.kind === 'generate' ? request.prompt : '';
      const surrogate = deidentify(text, { style: 'surrogates', seed: SEED }).text.slice('Wife '.length, -' called.'.length);
      assert.ok(!prompt.includes('Gloria') && !prompt.includes('Alvarez'), prompt);
      // "Gloria" and "Alvarez" were two tokens: the surrogate is one, asked once.
      assert.equal(prompt.split(surrogate).length, 2, `${surrogate} once in ${prompt}`);
    } finally {
      void engine.dispose();
    }
  });

  describe('over HTTP', () => {
    const address = nonLoopbackAddress();
    let server: OllamaTestServer;
    let engine: Engine | undefined;
    const phi = detectPhi(NOTE).map((s) => s.text);

    before(async function () {
      if (!address) {
        console.log('      (skipped: this machine has no address that is not loopback to play a remote host)');
        this.skip();
      }
      const surrogate = deidentify(NOTE, { style: 'surrogates', seed: SEED }).text;
      server = await OllamaTestServer.start({ host: address, gold: [goldOn(surrogate)], models: [MEDTUNED_MODEL, LLAMA31_MODEL] });
    });
    afterEach(async () => {
      await engine?.dispose();
      engine = undefined;
    });
    after(async () => server?.stop());

    async function analyse(config: Partial<EngineConfig>) {
      engine = createEngine({
        ...DEFAULT_ENGINE_CONFIG,
        engine: 'ollama',
        model: MEDTUNED_MODEL.name,
        ollama: { host: server.url, keepAlive: '5m' },
        allowRemoteHost: true,
        debounceMs: 0,
        ...config,
      });
      const before = server.generationRequests().length;
      const analysis = engine.analyse('note', NOTE, await engine.analysisConfig(), FAIL_ON_BUG);
      analysis.start();
      await analysis.whenComplete();
      const bodies = server
        .generationRequests()
        .slice(before)
        .map((r) => JSON.stringify(r.body));
      return { entities: analysis.entities(), bodies };
    }

    it('sends surrogates, never the PHI, and reads the entities back at the note offsets', async () => {
      assert.ok(phi.length >= 5, `the rules find the note's PHI: ${phi.join(' | ')}`);
      const { entities, bodies } = await analyse({ deidentify: { beforeRemote: true, seed: SEED } });
      assert.ok(bodies.length > 0);
      for (const body of bodies) for (const p of phi) assert.ok(!body.includes(p), `"${p}" sent in ${body.slice(0, 300)}`);
      const got = entities.map((e) => `${e.type} ${e.start}-${e.end} ${e.text}`).sort();
      const want = (
        [
          ['fever', 'problem'],
          ['cough', 'problem'],
          ['Chest x-ray', 'test'],
          ['pneumonia', 'problem'],
          ['ceftriaxone', 'treatment'],
          ['MRN 4417829', 'test'],
        ] as const
      )
        .map(([words, type]) => {
          const start = NOTE.indexOf(words);
          return `${type} ${start}-${start + words.length} ${words}`;
        })
        .sort();
      assert.deepEqual(got, want);
      for (const e of entities) assert.equal(NOTE.slice(e.start, e.end), e.text);
    });

    it('with biomedNlp.deidentify.beforeRemote off, the note goes as it is', async () => {
      const { bodies } = await analyse({ deidentify: { beforeRemote: false } });
      assert.ok(
        bodies.some((b) => b.includes('Ramirez')),
        'the name sent',
      );
    });
  });

  it('a loopback host gets the note as it is', async () => {
    const server = await OllamaTestServer.start({ models: [MEDTUNED_MODEL] });
    const engine = createEngine({
      ...DEFAULT_ENGINE_CONFIG,
      engine: 'ollama',
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url, keepAlive: '5m' },
      debounceMs: 0,
      relations: { ...DEFAULT_ENGINE_CONFIG.relations, enabled: false },
      nli: { ...DEFAULT_ENGINE_CONFIG.nli, enabled: false },
    });
    try {
      const analysis = engine.analyse('note', NOTE, await engine.analysisConfig(), FAIL_ON_BUG);
      analysis.start();
      await analysis.whenComplete();
      const bodies = server.generationRequests().map((r) => JSON.stringify(r.body));
      assert.ok(bodies.some((b) => b.includes('Ramirez')));
    } finally {
      await engine.dispose();
      await server.stop();
    }
  });
});
