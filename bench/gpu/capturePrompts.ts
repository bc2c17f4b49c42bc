/**
 * The model requests a real `biomed annotate` run makes over the fixture notes, with the
 * answer a well-formed model gives (the test server's oracle), written as JSON for
 * bench/gpu/drive.py: the GPU machine has no Node, so the prompts travel as data and are
 * replayed there against llama-server. Raw medtuned prompts (the training layout) only.
 *
 *   npm run build && npx tsc -b && node out/bench/gpu/capturePrompts.js bench/gpu/prompts.json
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../../test/support/ollamaServer';
import { FIXTURES, ROOT } from '../../test/support/paths';

interface Captured {
  note: string;
  /** entities, relations or nli, from the instruction. */
  task: string;
  prompt: string;
  stop: string[];
  answer: string;
}

function taskOf(prompt: string): string {
  const head = prompt.slice(0, 400);
  // MedNLI's instructions speak of "the relationship between the two ... sentences": test it first.
  if (/two provided clinical sentences|two sentences|entail|contradict/i.test(head)) return 'nli';
  if (/relation/i.test(head)) return 'relations';
  return 'entities';
}

async function main(): Promise<void> {
  const outFile = process.argv[2] ?? 'bench/gpu/prompts.json';
  const notesDir = path.join(FIXTURES, 'notes');
  const server = await OllamaTestServer.start({ gold: loadGoldDocuments(notesDir) });
  const captured: Captured[] = [];
  try {
    for (const file of fs.readdirSync(notesDir).filter((f) => f.endsWith('.note'))) {
      const out = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-capture-'));
      const before = server.generationRequests().length;
      await promisify(execFile)(process.execPath, [
        path.join(ROOT, 'dist/cli.js'),
        'annotate',
        path.join(notesDir, file),
        '--out',
        out,
        '--engine',
        'ollama',
        '--model',
        MEDTUNED_MODEL.name,
        '--host',
        server.url,
      ]);
      fs.rmSync(out, { recursive: true, force: true });
      for (const r of server.generationRequests().slice(before)) {
        const body = r.body as { prompt?: string; raw?: boolean; options?: { stop?: string[] } };
        if (typeof body.prompt !== 'string' || !body.raw) continue;
        // The oracle's answer to the same request: what a well-formed model says.
        const res = await fetch(`${server.url}/api/generate`, { method: 'POST', body: JSON.stringify({ ...body, stream: false }) });
        const answer = ((await res.json()) as { response: string }).response;
        captured.push({ note: file, task: taskOf(body.prompt), prompt: body.prompt, stop: body.options?.stop ?? [], answer });
      }
    }
  } finally {
    await server.stop();
  }
  fs.writeFileSync(outFile, JSON.stringify(captured, null, 1) + '\n');
  const byTask = new Map<string, number>();
  for (const c of captured) byTask.set(`${c.note} ${c.task}`, (byTask.get(`${c.note} ${c.task}`) ?? 0) + 1);
  console.log(`${captured.length} requests written to ${outFile}`);
  for (const [k, n] of byTask) console.log(`  ${k}: ${n}`);
}

void main();
