/**
 * `biomed eval link --model-choice` through the real bundle against the Ollama-protocol test
 * server: the links the sieve is least sure of are asked of a json-layout model, whose
 * answers (scripted here from the candidates the request lists) change the scores; the
 * medtuned layout is refused without a request; failed and unreadable answers keep the
 * sieve's choice. The vocabulary is an excerpt of MEDIC (test/fixtures/linking, with its
 * attribution); the document is this project's own.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { biomed, cliSuite, show, tmpDir } from '../support/cliSuite';
import { LLAMA31_MODEL, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { ROOT } from '../support/paths';

const VOCAB = path.join(ROOT, 'test/fixtures/linking/medic-excerpt.txt');

// A typo (right already), a spelling two concepts share (the sieve takes the wrong one), and
// a name no candidate is (MEDIC's Myotonic Dystrophy is not among its candidates).
const TITLE = 'Palpitations in a family with muscle disease.';
const ABSTRACT = 'Her brother had dystrofia myotonica and a steinert syndrome. She has athrial fibrilation.';
const TEXT = `${TITLE} ${ABSTRACT}`;
const GOLD: [string, string][] = [
  ['dystrofia myotonica', 'D009223'],
  ['steinert syndrome', 'D009223'],
  ['athrial fibrilation', 'D001281'],
];

function corpus(): string {
  const lines = [`80000001|t|${TITLE}`, `80000001|a|${ABSTRACT}`];
  for (const [mention, id] of GOLD) {
    const start = TEXT.indexOf(mention);
    lines.push(`80000001\t${start}\t${start + mention.length}\t${mention}\tSpecificDisease\t${id}`);
  }
  const file = path.join(tmpDir(), 'mine.pubtator');
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** The scripted model's choice per mention: an ID when it is among the candidates, else none. */
const WANTED: Record<string, string> = { 'dystrofia myotonica': 'MESH:D009223', 'steinert syndrome': 'MESH:D009223', 'athrial fibrilation': 'MESH:D001281' };

interface ChatBody {
  model: string;
  messages: { role: string; content: string }[];
  format?: { properties?: { choice?: { enum?: string[] } } };
}

function question(body: ChatBody): { mention: string; ids: string[] } {
  const user = body.messages[body.messages.length - 1].content;
  return { mention: JSON.parse(/^Mention: (.*)$/m.exec(user)![1]) as string, ids: [...user.matchAll(/^- ([^:]+:[^:]+): /gm)].map((m) => m[1]) };
}

describe('CLI: eval link --model-choice', function () {
  cliSuite();
  this.timeout(60_000);
  let server: OllamaTestServer;
  before(async () => (server = await OllamaTestServer.start()));
  after(async () => server.stop());
  beforeEach(() => server.script(undefined));

  const run = (file: string, extra: string[] = []) =>
    biomed(['eval', 'link', file, '--format', 'pubtator', '--vocab', VOCAB, '--json', '--host', server.url, '--model', LLAMA31_MODEL.name, ...extra]);

  it('the model takes the candidate it names or says none: the scores move, and the questions held to the candidates', async () => {
    const file = corpus();
    const plain = await biomed(['eval', 'link', file, '--format', 'pubtator', '--vocab', VOCAB, '--json']);
    assert.equal(plain.code, 0, show(plain));
    assert.deepEqual(JSON.parse(plain.stdout), { mentions: 3, scored: 3, accuracy1: 33.3, accuracy5: 66.7, unlinked: 0, wrong: 2 });

    const seen: { mention: string; ids: string[]; enum?: string[] }[] = [];
    server.script((req) => {
      if (req.path !== '/api/chat') return undefined;
      const body = req.body as unknown as ChatBody;
      const q = question(body);
      seen.push({ ...q, enum: body.format?.properties?.choice?.enum });
      const id = WANTED[q.mention];
      return { kind: 'text', text: JSON.stringify({ choice: q.ids.includes(id) ? id : 'none' }) };
    });
    const r = await run(file, ['--model-choice']);
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(JSON.parse(r.stdout), {
      mentions: 3,
      scored: 3,
      accuracy1: 66.7,
      accuracy5: 66.7,
      unlinked: 1,
      wrong: 0,
      modelChoice: { asked: 3, changed: 2, none: 1, unreadable: 0, failed: 0 },
    });
    assert.deepEqual(seen.map((s) => s.mention).sort(), GOLD.map(([m]) => m).sort());
    for (const s of seen) assert.deepEqual(s.enum, [...s.ids, 'none'], `${s.mention}: the answer is held to the listed candidates`);
    // The candidates near each mention (a vocabulary of a dozen concepts has one or two near it), never none.
    assert.ok(seen.every((s) => s.ids.length >= 1));
    assert.ok(seen.some((s) => s.ids.length >= 2));
  });

  it('unreadable answers and failed requests keep the sieve choice; the table says how many', async () => {
    const file = corpus();
    server.script((req) => {
      if (req.path !== '/api/chat') return undefined;
      const { mention } = question(req.body as unknown as ChatBody);
      if (mention === 'dystrofia myotonica') return { kind: 'http-error', status: 400, error: 'invalid format schema' };
      return { kind: 'text', text: 'I cannot tell which one it is.' };
    });
    const r = await run(file, ['--model-choice']);
    assert.equal(r.code, 0, show(r));
    assert.deepEqual(JSON.parse(r.stdout), {
      mentions: 3,
      scored: 3,
      accuracy1: 33.3,
      accuracy5: 66.7,
      unlinked: 0,
      wrong: 2,
      modelChoice: { asked: 3, changed: 0, none: 0, unreadable: 2, failed: 1 },
    });
    const table = await biomed([
      'eval',
      'link',
      file,
      '--format',
      'pubtator',
      '--vocab',
      VOCAB,
      '--host',
      server.url,
      '--model',
      LLAMA31_MODEL.name,
      '--model-choice',
    ]);
    assert.equal(table.code, 0, show(table));
    assert.match(table.stdout, /^model choice: 3 links asked, 0 changed \(0 to none\), 2 unreadable answers, 1 failed requests$/m);
  });

  it('the medtuned layout is refused before any request (its model was not trained on linking); without the flag no model is asked', async () => {
    const file = corpus();
    const before = server.generationRequests().length;
    const r = await run(file, ['--model-choice', '--model', MEDTUNED_MODEL.name]);
    assert.equal(r.code, 2, show(r));
    assert.match(
      r.stderr,
      /--model-choice asks a general instruction model in the json layout \(--profile json\); the medtuned layout's model was not trained on linking/,
    );
    const plain = await run(file);
    assert.equal(plain.code, 0, show(plain));
    assert.equal(server.generationRequests().length, before);
  });
});
