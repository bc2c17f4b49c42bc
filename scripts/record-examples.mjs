// Records the answers of `--engine recorded` (examples/recorded/answers.json): runs
// `biomed annotate examples/` against the project's Ollama-protocol test server, whose
// oracle answers from the hand-written gold annotations of the example notes
// (examples/recorded/gold.json), and keeps every question asked with the answer given, in the
// layout the model answers in. Rerun it when the examples, the gold or the prompts change:
//   npm run build && npx tsc -b && node scripts/record-examples.mjs
// It fails (exit 1) when the gold does not place an entity, or when the engine asks about a
// summary statement the gold does not label (an answer would be made up).
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const EXAMPLES = path.join(root, 'examples');
const GOLD = path.join(EXAMPLES, 'recorded', 'gold.json');
const ANSWERS = path.join(EXAMPLES, 'recorded', 'answers.json');

function fail(message) {
  console.error(`record-examples: ${message}`);
  process.exit(1);
}

const compiled = (p) => {
  const file = path.join(root, 'out', p);
  if (!fs.existsSync(file)) fail(`${file} is missing: run npm run build && npx tsc -b first.`);
  return require(file);
};
const { OllamaTestServer, GoldOracle } = compiled('test/support/ollamaServer/index.js');
const { recordedKey, RECORDED_FORMAT } = compiled('server/src/engine/models/recorded.js');
if (!fs.existsSync(path.join(root, 'dist', 'cli.js'))) fail('dist/cli.js is missing: run npm run build first.');

/** The gold of one note as the oracle takes it: entities and relations at offsets, NLI labels. */
function goldDocument(file, gold) {
  const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8');
  const entities = [];
  const relations = [];
  let from = 0;
  for (const s of gold.sentences) {
    const at = text.indexOf(s.text, from);
    if (at < 0) fail(`${file}: the passage ${JSON.stringify(s.text)} is not in the note (after offset ${from}).`);
    from = at + s.text.length;
    let pos = at;
    const here = [];
    for (const [mention, type] of s.entities) {
      const start = text.indexOf(mention, pos);
      if (start < 0 || start + mention.length > at + s.text.length)
        fail(`${file}: ${JSON.stringify(mention)} is not in ${JSON.stringify(s.text)} after what comes before it.`);
      pos = start + mention.length;
      here.push({ mention, index: entities.length });
      entities.push({ type, start, end: pos });
    }
    for (const [label, a, b] of s.relations ?? []) {
      const arg = (m) =>
        here.find((e) => e.mention === m)?.index ?? fail(`${file}: relation argument ${JSON.stringify(m)} is no entity of ${JSON.stringify(s.text)}.`);
      relations.push({ label, arg1: arg(a), arg2: arg(b) });
    }
  }
  return { name: file, text, entities, relations, nli: gold.nli };
}

const goldFile = JSON.parse(fs.readFileSync(GOLD, 'utf8'));
const docs = Object.entries(goldFile.notes).map(([file, gold]) => goldDocument(file, gold));
const notes = fs.readdirSync(EXAMPLES).filter((f) => f.endsWith('.note'));
const missing = notes.filter((f) => !goldFile.notes[f]);
if (missing.length) fail(`no gold for ${missing.join(', ')}: add it to ${path.relative(root, GOLD)}.`);

const server = await OllamaTestServer.start({ gold: docs });
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'record-examples-'));
let code = 0;
try {
  // Not spawnSync: the server answers from this process's event loop.
  const args = [
    path.join(root, 'dist', 'cli.js'),
    'annotate',
    EXAMPLES,
    '--out',
    path.join(out, 'annotated.jsonl'),
    '--engine',
    'ollama',
    '--host',
    server.url,
  ];
  const child = spawn(process.execPath, args, { env: { ...process.env, BIOMED_CACHE_DIR: '' }, stdio: ['ignore', 'inherit', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const status = await new Promise((resolve) => child.on('close', resolve));
  if (status !== 0) fail(`annotate failed (exit ${status}):\n${stderr}`);

  // The answers again, from an oracle of the same gold (the server's is deterministic: no noise).
  const oracle = new GoldOracle(docs);
  const answers = {};
  const models = new Set();
  for (const r of server.generationRequests()) {
    const body = r.body;
    models.add(body.model);
    const request = r.path === '/api/generate' ? { kind: 'generate', prompt: body.prompt } : { kind: 'chat', messages: body.messages, format: body.format };
    answers[recordedKey(request)] = oracle.answer(r.path, body);
  }
  if (models.size !== 1) fail(`expected one model, got ${[...models].join(', ')}`);
  if (oracle.log.offLayout.length) fail(`${oracle.log.offLayout.length} prompts off the training layout: ${oracle.log.offLayout[0].reason}`);

  // Every summary statement asked about must be one the gold labels: otherwise the oracle guesses.
  const labelled = new Set(docs.flatMap((d) => (d.nli ?? []).map((n) => n.hypothesis.replace(/\s+/g, ' ').trim())));
  const unlabelled = new Set(
    oracle.log.medtuned
      .filter((m) => m.task === 'nli')
      .map((m) => GoldOracle.splitNliInput(m.input).hypothesis.replace(/\s+/g, ' ').trim())
      .filter((h) => !labelled.has(h)),
  );
  if (unlabelled.size)
    fail(`statements asked about without a gold label (add them to nli in ${path.relative(root, GOLD)}):\n  ${[...unlabelled].join('\n  ')}`);

  const sorted = Object.fromEntries(
    Object.keys(answers)
      .sort()
      .map((k) => [k, answers[k]]),
  );
  const file = { format: RECORDED_FORMAT, version: 1, model: [...models][0], answers: sorted };
  fs.writeFileSync(ANSWERS, JSON.stringify(file, null, 1) + '\n');
  console.log(`record-examples: ${Object.keys(sorted).length} answers for ${notes.length} notes written to ${path.relative(root, ANSWERS)}.`);
} catch (err) {
  console.error(err);
  code = 1;
} finally {
  await server.stop();
  fs.rmSync(out, { recursive: true, force: true });
}
process.exit(code);
