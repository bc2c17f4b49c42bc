/**
 * Learning from curation: what curated examples cost in the json entity
 * prompt. Each clinical fixture note is analysed with the other notes' gold `.ann` as the
 * curated folder (leave one out), with biomedNlp.curation.fewShot 0, 1 and 3; the table gives
 * the prompt tokens per sentence (as the test server counts them: characters / 4) and the
 * examples per sentence. The test server's oracle answers from gold whatever the prompt, so
 * this measures cost only, not what examples do to a real model's answers.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FewShotExample, FolderExamples } from '../server/src/engine/curation/fewShot';
import { OllamaBackend } from '../server/src/engine/models/ollama';
import { DocumentAnalysis } from '../server/src/engine/pipeline/analysis';
import { MemoryCache } from '../server/src/engine/pipeline/cache';
import { newStats } from '../server/src/engine/pipeline/modelCall';
import { Scheduler } from '../server/src/engine/pipeline/scheduler';
import { JsonProfile } from '../server/src/engine/profiles/json';
import { NOTES_DIR } from '../test/support/gold';
import { LLAMA31_MODEL, loadGoldDocuments, OllamaTestServer, RecordedRequest } from '../test/support/ollamaServer';
import { promptTokens, table } from './common';

const SHOTS = [0, 1, 3];

export async function fewShot(): Promise<void> {
  const server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
  const notes = fs
    .readdirSync(NOTES_DIR)
    .filter((f) => f.endsWith('.note') && fs.existsSync(path.join(NOTES_DIR, f.replace(/\.note$/, '.ann'))))
    .sort();
  const json = new JsonProfile({ numCtx: 4096 });
  const rows: (string | number)[][] = [];
  const totals = SHOTS.map(() => ({ tokens: 0, examples: 0, sentences: 0 }));
  try {
    for (const file of notes) {
      const name = file.replace(/\.note$/, '');
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-fewshot-'));
      let pool: readonly FewShotExample[];
      try {
        for (const other of notes.filter((f) => f !== file)) {
          for (const ext of ['.note', '.ann'])
            fs.copyFileSync(path.join(NOTES_DIR, other.replace(/\.note$/, ext)), path.join(dir, other.replace(/\.note$/, ext)));
        }
        pool = new FolderExamples(dir).examples();
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
      const text = fs.readFileSync(path.join(NOTES_DIR, file), 'utf8');
      const cells: (string | number)[] = [name, pool.length];
      let sentences = 0;
      for (const [i, k] of SHOTS.entries()) {
        const mark = server.generationRequests().length;
        const ctx = {
          backend: new OllamaBackend({
            host: server.url,
            model: LLAMA31_MODEL.name,
            numCtx: 4096,
            keepAlive: '30m',
            requestTimeoutMs: 20_000,
            allowRemoteHost: false,
          }),
          scheduler: new Scheduler(4),
          cache: new MemoryCache(20_000),
          stats: newStats(),
        };
        const a = new DocumentAnalysis(
          `file:///${file}`,
          1,
          text,
          { model: LLAMA31_MODEL.name, profile: json, entityTypes: ['problem', 'treatment', 'test'], curation: { examples: pool, fewShot: k } },
          ctx,
        );
        a.start();
        await a.whenComplete();
        const ner = server.generationRequests().slice(mark);
        sentences = a.sentences.length;
        const examples = ner.reduce((n, r: RecordedRequest) => n + r.body.messages.filter((m: { role: string }) => m.role === 'assistant').length, 0);
        const tokens = promptTokens(ner);
        totals[i].tokens += tokens;
        totals[i].examples += examples;
        totals[i].sentences += ner.length;
        cells.push((tokens / ner.length).toFixed(0), (examples / ner.length).toFixed(2));
      }
      rows.push([cells[0], sentences, ...cells.slice(1)]);
    }
    rows.push(['all', totals[0].sentences, '', ...totals.flatMap((t) => [(t.tokens / t.sentences).toFixed(0), (t.examples / t.sentences).toFixed(2)])]);
    table(
      'Few-shot examples from curation (json profile, numCtx 4096): prompt tokens per entity request and examples per request, by biomedNlp.curation.fewShot',
      ['note', 'sentences', 'curated sentences', ...SHOTS.flatMap((k) => [`tokens (${k})`, `examples (${k})`])],
      rows,
    );
    const [none, , three] = totals;
    console.log(`\nfewShot 3 costs ${(three.tokens / none.tokens).toFixed(2)}x the prompt tokens of no examples.`);
  } finally {
    await server.stop();
  }
}
