/**
 * NLI evidence retrieval in the engine: embeddings over real HTTP from the
 * Ollama-protocol test server (/api/embed, /v1/embeddings; its vectors are derived from the
 * notes' gold evidence links), the model's entities re-ranking premises, measured
 * quantities, and no silent zero. Nothing is mocked.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { FeatureCache } from '../../../server/src/engine/pipeline/features';
import { EngineContext } from '../../../server/src/engine/pipeline/modelCall';
import { OpenAiBackend } from '../../../server/src/engine/models/openai';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { DEFAULT_NLI_SECTIONS } from '../../../server/src/engine/tasks/nli';
import { ModelError } from '../../../server/src/engine/types';
import { NOTES_DIR } from '../../support/gold';
import { goldEmbedding, loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../../support/ollamaServer';
import { complete, engineContext, ollamaBackend } from '../../support/engine';

const NOTE = 'ed-fall-anticoagulation';
const EMBED_MODEL = 'nomic-embed-text:latest';

function readNote(name: string) {
  return {
    text: fs.readFileSync(path.join(NOTES_DIR, `${name}.note`), 'utf8'),
    gold: JSON.parse(fs.readFileSync(path.join(NOTES_DIR, `${name}.nli.json`), 'utf8')) as { hypothesis: string; label: string }[],
    evidence: JSON.parse(fs.readFileSync(path.join(NOTES_DIR, `${name}.nli-evidence.json`), 'utf8')) as { hypothesis: string; evidence: string[] }[],
  };
}

function config(embeddingModel = '', maxPremises = 6): AnalysisConfig {
  return {
    model: MEDTUNED_MODEL.name,
    profile: new MedtunedProfile(),
    entityTypes: ['problem', 'treatment', 'test'],
    nli: { enabled: true, sections: DEFAULT_NLI_SECTIONS, maxPremises, budgetChars: 8192, embeddingModel },
  };
}

describe('engine: NLI evidence retrieval', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  const ollama = (embeddingModel?: string) => ollamaBackend(server.url, MEDTUNED_MODEL.name, embeddingModel);
  const context = (backend = ollama(EMBED_MODEL)): EngineContext => ({ ...engineContext(backend, 2), features: new FeatureCache() });

  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
    server.addModel({ name: EMBED_MODEL, family: 'nomic-bert', parameterSize: '137M', quantization: 'F16' });
  });
  after(async () => server.stop());
  beforeEach(() => server.script(undefined));

  it('Ollama /api/embed and OpenAI /v1/embeddings give one vector per text, in order', async () => {
    const texts = ['Heart rate 128.', 'She was tachycardic on arrival.', 'Zebra.'];
    const a = await ollama(EMBED_MODEL).embed(texts, AbortSignal.timeout(5000));
    const openai = new OpenAiBackend({
      baseUrl: `${server.url}/v1`,
      model: MEDTUNED_MODEL.name,
      requestTimeoutMs: 5000,
      allowRemoteHost: false,
      embeddingModel: EMBED_MODEL,
    });
    const b = await openai.embed(texts, AbortSignal.timeout(5000));
    const gold = loadGoldDocuments(NOTES_DIR);
    assert.deepEqual(
      a,
      texts.map((t) => goldEmbedding(t, gold)),
    );
    assert.equal(b.length, 3);
    for (let i = 0; i < 3; i++) for (let k = 0; k < a[i].length; k++) assert.ok(Math.abs(a[i][k] - b[i][k]) < 1e-12);
    const bodies = server
      .embeddingRequests()
      .slice(-2)
      .map((r) => [r.path, r.body.model, r.body.input]);
    assert.deepEqual(bodies, [
      ['/api/embed', EMBED_MODEL, texts],
      ['/v1/embeddings', EMBED_MODEL, texts],
    ]);
  });

  it('a missing embedding model is a ModelError that says what to pull, for both protocols', async () => {
    await assert.rejects(
      ollama('no-such-embedder').embed(['x'], AbortSignal.timeout(5000)),
      (e: ModelError) => e.kind === 'model-missing' && /ollama pull no-such-embedder/.test(e.message),
    );
    const openai = new OpenAiBackend({
      baseUrl: `${server.url}/v1`,
      model: MEDTUNED_MODEL.name,
      requestTimeoutMs: 5000,
      allowRemoteHost: false,
      embeddingModel: 'no-such-embedder',
    });
    await assert.rejects(openai.embed(['x'], AbortSignal.timeout(5000)), (e: ModelError) => e.kind === 'model-missing' && /no-such-embedder/.test(e.message));
    await assert.rejects(ollama('').embed(['x'], AbortSignal.timeout(5000)), (e: ModelError) => e.kind === 'model-missing' && /embeddingModel/.test(e.message));
  });

  for (const embeddings of [false, true]) {
    it(`${NOTE}: every statement is judged against its gold evidence, which shares no word with it (embeddings ${embeddings ? 'on' : 'off'})`, async () => {
      const { text, gold, evidence } = readNote(NOTE);
      const ctx = context();
      const a = await complete(new DocumentAnalysis(`file:///${NOTE}.note`, 1, text, config(embeddings ? EMBED_MODEL : ''), ctx));
      const findings = a.nliFindings()!;
      assert.deepEqual(
        findings.map((f) => [f.hypothesis.text, f.label]),
        gold.map((g) => [g.hypothesis, g.label]),
      );
      for (const f of findings) {
        const premises = f.premises!.map((p) => p.sentence.text);
        for (const e of evidence.find((x) => x.hypothesis === f.hypothesis.text)!.evidence) assert.ok(premises.includes(e), `${f.hypothesis.text}: ${e} asked`);
        // Every premise carries its verdict and why it was chosen.
        for (const p of f.premises!) assert.ok(p.label && p.reasons && p.reasons.length > 0);
      }
      const reasons = findings.flatMap((f) => f.premises!.flatMap((p) => p.reasons!.map((r) => r.kind)));
      assert.equal(reasons.includes('embedding'), embeddings);
      assert.ok(reasons.includes('value') && reasons.includes('concepts'), 'quantities and concepts found evidence');
      // The model's entities were known when the final choice was made.
      assert.ok(reasons.includes('entity type') || reasons.includes('entity'));
      assert.equal(ctx.features!.embeddings.stats.requests > 0, embeddings);
    });
  }

  it('no silent zero: a note of at most maxPremises × 3 sentences asks every statement its full maxPremises', async () => {
    const { text } = readNote(NOTE);
    const a = await complete(new DocumentAnalysis('file:///z.note', 1, text, config(''), context()));
    const findings = a.nliFindings()!;
    const candidates = a.sentences.length - findings.length;
    assert.ok(a.sentences.length <= 6 * 3);
    for (const f of findings) assert.equal(f.premises!.length, Math.min(6, candidates), f.hypothesis.text);
    // "Her kidneys are failing." shares nothing with the note, yet is checked, and so unsupported.
    const kidneys = findings.find((f) => f.hypothesis.text === 'Her kidneys are failing.')!;
    assert.equal(kidneys.label, 'neutral');
    assert.equal(kidneys.premises!.length, 6);
  });

  it('a missing embedding model never fails NLI: the findings come from words, and the problem is kept for the status', async () => {
    const { text, gold } = readNote(NOTE);
    const ctx = context(ollama('no-such-embedder'));
    const a = await complete(new DocumentAnalysis('file:///m.note', 1, text, config('no-such-embedder'), ctx));
    assert.deepEqual(
      a.nliFindings()!.map((f) => f.label),
      gold.map((g) => g.label),
    );
    const problem = ctx.features!.embeddings.problem('no-such-embedder');
    assert.ok(problem instanceof ModelError, String(problem));
    assert.equal(problem.kind, 'model-missing');
    // A failing embedding server too (a 500): NLI carries on.
    server.script((r) => (r.path === '/api/embed' ? { kind: 'http-error', status: 500, error: 'boom' } : undefined));
    const ctx2 = context();
    const b = await complete(new DocumentAnalysis('file:///m2.note', 1, text, config(EMBED_MODEL), ctx2));
    assert.deepEqual(
      b.nliFindings()!.map((f) => f.label),
      gold.map((g) => g.label),
    );
    assert.match(ctx2.features!.embeddings.problem(EMBED_MODEL)!.message, /500/);
  });

  it('vectors are cached per sentence text: an edit embeds only the changed sentence', async () => {
    const { text } = readNote(NOTE);
    const ctx = context();
    const first = await complete(new DocumentAnalysis('file:///c.note', 1, text, config(EMBED_MODEL), ctx));
    const embedded = ctx.features!.embeddings.stats.texts;
    const edited = text.replace('Apixaban was continued.', 'Apixaban was resumed.');
    const second = new DocumentAnalysis('file:///c.note', 2, edited, config(EMBED_MODEL), ctx, {}, { previous: first });
    first.dispose();
    await complete(second);
    assert.equal(ctx.features!.embeddings.stats.texts - embedded, 1);
    const last = server.embeddingRequests().at(-1)!;
    assert.deepEqual(last.body.input, ['Apixaban was resumed.']);
  });
});
