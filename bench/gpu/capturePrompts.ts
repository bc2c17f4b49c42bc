/**
 * The model requests the engine makes over the fixture notes (as `biomed annotate` does: the
 * engine's default configuration, the medtuned profile), each with the answer a well-formed
 * model gives (the test server's oracle), written as JSON for the GPU machine:
 * bench/gpu/drive.py replays the raw prompts against llama-server, and
 * bench/gpu/embeddedReplay.ts replays the requests themselves (jump-forward needs their
 * `expected` answer layout) through the embedded engine.
 *
 * `after`: how many of its note's answers had come back when the request was sent. Captured
 * with every request allowed in flight, it is what the request waited for (relations wait for
 * their sentence's entities), so a replay keeps that order without the answers' content.
 *
 *   npm run build && npx tsc -b && node out/bench/gpu/capturePrompts.js .gpu/prompts.json
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_ENGINE_CONFIG } from '../../server/src/engine/config';
import { createEngine } from '../../server/src/engine/pipeline/engine';
import { ModelAnswer, ModelRequest } from '../../server/src/engine/types';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../../test/support/ollamaServer';
import { FIXTURES } from '../../test/support/paths';

export interface CapturedRequest {
  note: string;
  /** entities, relations or nli. */
  task: string;
  /** The raw prompt and stop strings (drive.py's replay through llama-server). */
  prompt: string;
  stop: string[];
  /** The request as the engine makes it (the embedded replay). */
  request: ModelRequest;
  /** The note's answers back when it was sent. */
  after: number;
  /** The oracle's answer: what a well-formed model says. */
  answer: string;
}

function taskOf(request: ModelRequest): string {
  if (request.kind === 'generate' && request.expected) return 'entities';
  const head = request.kind === 'generate' ? request.prompt.slice(0, 400) : '';
  // MedNLI's instructions speak of "the relationship between the two ... sentences": test it first.
  if (/two provided clinical sentences|two sentences|entail|contradict/i.test(head)) return 'nli';
  if (/relation/i.test(head)) return 'relations';
  return 'other';
}

async function main(): Promise<void> {
  const outFile = process.argv[2] ?? '.gpu/prompts.json';
  const notesDir = path.join(FIXTURES, 'notes');
  const server = await OllamaTestServer.start({ gold: loadGoldDocuments(notesDir) });
  const captured: CapturedRequest[] = [];
  try {
    const engine = createEngine({
      ...DEFAULT_ENGINE_CONFIG,
      engine: 'ollama',
      model: MEDTUNED_MODEL.name,
      ollama: { ...DEFAULT_ENGINE_CONFIG.ollama, host: server.url },
      // Every request the pipeline can send goes at once: what one waits for shows in `after`.
      maxConcurrentRequests: 256,
    });
    const backend = engine.ctx.backend;
    let note = '';
    let answered = 0;
    engine.ctx.backend = new Proxy(backend, {
      get(target, prop, receiver) {
        if (prop !== 'generate') return Reflect.get(target, prop, receiver) as unknown;
        return async (request: ModelRequest, signal: AbortSignal): Promise<ModelAnswer> => {
          const after = answered;
          const answer = await target.generate(request, signal);
          answered++;
          if (request.kind === 'generate' && request.raw) {
            captured.push({ note, task: taskOf(request), prompt: request.prompt, stop: request.stop, request, after, answer: answer.text });
          }
          return answer;
        };
      },
    });
    const config = await engine.analysisConfig();
    for (const file of fs.readdirSync(notesDir).filter((f) => f.endsWith('.note'))) {
      note = file;
      answered = 0;
      const analysis = engine.analyse(file, fs.readFileSync(path.join(notesDir, file), 'utf8'), config, {
        onInternalError: (e) => {
          throw e;
        },
      });
      analysis.start();
      await analysis.whenComplete();
      analysis.dispose();
    }
    await engine.dispose();
  } finally {
    await server.stop();
  }
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  fs.writeFileSync(outFile, JSON.stringify(captured, null, 1) + '\n');
  const byTask = new Map<string, number>();
  for (const c of captured) byTask.set(`${c.note} ${c.task}`, (byTask.get(`${c.note} ${c.task}`) ?? 0) + 1);
  console.log(`${captured.length} requests written to ${outFile}`);
  for (const [k, n] of byTask) console.log(`  ${k}: ${n}`);
}

void main();
