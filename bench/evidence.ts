/**
 * NLI evidence retrieval: for every statement of the fixture notes that has gold
 * evidence (test/fixtures/notes/*.nli-evidence.json), the share of its gold evidence
 * sentences among the premises it is asked against (recall@k, k = maxPremises), with and
 * without embeddings, and the NLI calls per statement. The Ollama-protocol test server plays
 * the model; its /api/embed vectors are derived from the gold evidence links (see
 * goldEmbedding), so "with embeddings" measures the engine's use of an embedder that finds
 * the evidence by meaning, not any real embedding model.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DocumentAnalysis } from '../server/src/engine/pipeline/analysis';
import { MemoryCache } from '../server/src/engine/pipeline/cache';
import { FeatureCache } from '../server/src/engine/pipeline/features';
import { newStats } from '../server/src/engine/pipeline/modelCall';
import { Scheduler } from '../server/src/engine/pipeline/scheduler';
import { OllamaBackend } from '../server/src/engine/models/ollama';
import { MedtunedProfile } from '../server/src/engine/profiles/medtuned';
import { DEFAULT_NLI_SECTIONS } from '../server/src/engine/tasks/nli';
import { NOTES_DIR } from '../test/support/gold';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../test/support/ollamaServer';
import { table } from './common';

const EMBED_MODEL = 'nomic-embed-text:latest';
const KS = [1, 2, 4, 6];

export async function evidence(): Promise<void> {
  const server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
  server.addModel({ name: EMBED_MODEL, family: 'nomic-bert' });
  try {
    const notes = fs
      .readdirSync(NOTES_DIR)
      .filter((f) => f.endsWith('.nli-evidence.json'))
      .map((f) => f.replace('.nli-evidence.json', ''))
      .sort();
    const rows: (string | number)[][] = [];
    const totals = new Map<string, { found: number; gold: number }>();
    for (const name of notes) {
      const file = fs.readdirSync(NOTES_DIR).find((f) => f === `${name}.note` || f === `${name}.txt`)!;
      const text = fs.readFileSync(path.join(NOTES_DIR, file), 'utf8');
      const gold = (
        JSON.parse(fs.readFileSync(path.join(NOTES_DIR, `${name}.nli-evidence.json`), 'utf8')) as { hypothesis: string; evidence: string[] }[]
      ).filter((g) => g.evidence.length > 0);
      for (const embeddings of [false, true]) {
        const cells: (string | number)[] = [name, embeddings ? 'on' : 'off'];
        let callsPerStatement = '';
        for (const k of KS) {
          const backend = new OllamaBackend({
            host: server.url,
            model: MEDTUNED_MODEL.name,
            numCtx: 4096,
            keepAlive: '30m',
            requestTimeoutMs: 20_000,
            allowRemoteHost: false,
            embeddingModel: EMBED_MODEL,
          });
          const ctx = { backend, scheduler: new Scheduler(4), cache: new MemoryCache(20_000), stats: newStats(), features: new FeatureCache() };
          const a = new DocumentAnalysis(
            `file:///${name}`,
            1,
            text,
            {
              model: MEDTUNED_MODEL.name,
              profile: new MedtunedProfile(),
              entityTypes: ['problem', 'treatment', 'test'],
              nli: { enabled: true, sections: DEFAULT_NLI_SECTIONS, maxPremises: k, budgetChars: 8192, embeddingModel: embeddings ? EMBED_MODEL : '' },
            },
            ctx,
          );
          a.start();
          await a.whenComplete();
          const findings = a.nliFindings() ?? [];
          let found = 0;
          let all = 0;
          for (const g of gold) {
            const f = findings.find((x) => x.hypothesis.text === g.hypothesis);
            const asked = new Set((f?.premises ?? []).map((p) => p.sentence.text));
            all += g.evidence.length;
            found += g.evidence.filter((e) => asked.has(e)).length;
          }
          const key = `${embeddings}:${k}`;
          const t = totals.get(key) ?? { found: 0, gold: 0 };
          totals.set(key, { found: t.found + found, gold: t.gold + all });
          cells.push(`${found}/${all}`);
          if (k === KS[KS.length - 1]) callsPerStatement = findings.length ? ((ctx.stats.byTask.nli?.calls ?? 0) / findings.length).toFixed(1) : '-';
          a.dispose();
        }
        cells.push(callsPerStatement);
        rows.push(cells);
      }
    }
    for (const embeddings of [false, true]) {
      rows.push([
        'all notes',
        embeddings ? 'on' : 'off',
        ...KS.map((k) => {
          const t = totals.get(`${embeddings}:${k}`)!;
          return `${((100 * t.found) / t.gold).toFixed(0)}%`;
        }),
        '',
      ]);
    }
    table(
      'NLI evidence recall@k: gold evidence sentences among the premises asked (k = maxPremises), and NLI calls per statement at k = 6',
      ['note', 'embeddings', ...KS.map((k) => `recall@${k}`), 'NLI calls/statement'],
      rows,
    );
  } finally {
    await server.stop();
  }
}
