/**
 * `biomed eval ner FOLDER --format brat` with a curated folder as the gold: the
 * curator removed one of the model's entities, rejected it in a `#` note and set an
 * attribute; the model (the test server answering the fixture's full gold) then has
 * exactly one false positive and nothing missed. `#` notes and `A` lines are not entities.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ensureCliBuilt, runCli } from '../support/cli';
import { NOTES_DIR } from '../support/gold';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

describe('biomed eval ner on a curated BRAT folder', function () {
  this.timeout(120_000);
  let server: OllamaTestServer;
  let dir: string;
  before(async () => {
    ensureCliBuilt();
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-curated-gold-'));
  });
  after(async () => {
    await server.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the curated .ann is the gold: one removed entity is one false positive, strict and overlap', async () => {
    const text = fs.readFileSync(path.join(NOTES_DIR, 'ed-chest-pain.note'), 'utf8');
    const lines = fs
      .readFileSync(path.join(NOTES_DIR, 'ed-chest-pain.ann'), 'utf8')
      .split('\n')
      .filter((l) => l.startsWith('T'));
    const removed = lines[1].split('\t');
    const [type, start, end] = removed[1].split(' ');
    const kept = [lines[0], ...lines.slice(2)];
    const curated = [...kept, `A1\tNegated ${kept[0].split('\t')[0]}`, `#1\tRejected ${type.toLowerCase()}:${start}-${end}\t${removed[2]}`];
    fs.writeFileSync(path.join(dir, 'ed-chest-pain.note'), text);
    fs.writeFileSync(path.join(dir, 'ed-chest-pain.ann'), curated.join('\n') + '\n');
    const r = await runCli(['eval', 'ner', dir, '--format', 'brat', '--json', '--host', server.url, '--model', MEDTUNED_MODEL.name]);
    assert.equal(r.code, 0, r.stderr);
    const res = JSON.parse(r.stdout) as { documents: number; score: { strict: { micro: Counts }; overlap: { micro: Counts } } };
    assert.equal(res.documents, 1);
    for (const kind of ['strict', 'overlap'] as const) {
      assert.deepEqual([res.score[kind].micro.tp, res.score[kind].micro.fp, res.score[kind].micro.fn], [kept.length, 1, 0], kind);
    }
  });
});
