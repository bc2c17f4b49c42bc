/**
 * `biomed annotate --allow-remote-host` against a host that is not loopback (the test server
 * on one of this machine's other addresses): the command line keeps the PHI the rules find
 * from it as the editor does (engine/pipeline/phiShield.ts), with no setting to turn that off.
 * Every request body holds surrogates, none of the note's PHI; the output is the note's own text.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { networkInterfaces } from 'node:os';
import * as path from 'node:path';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { detectPhi } from '../../server/src/engine/tasks/phi/detect';
import { MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { biomed, cliSuite, show, tmpDir } from '../support/cliSuite';

const NOTE = 'Pt seen by Dr. Ramirez on 3/14/2019 with fever and cough.\nWife Gloria Alvarez called from 410-555-0199. MRN 4417829.\n';

function nonLoopbackAddress(): string | undefined {
  for (const list of Object.values(networkInterfaces()))
    for (const a of list ?? []) if (!a.internal && a.family === 'IPv4' && !a.address.startsWith('127.')) return a.address;
  return undefined;
}

describe('CLI: a remote model host gets no PHI', function () {
  cliSuite();
  this.timeout(60_000);
  const address = nonLoopbackAddress();
  let server: OllamaTestServer;
  before(async function () {
    if (!address) {
      console.log('      (skipped: this machine has no address that is not loopback to play a remote host)');
      this.skip();
    }
    server = await OllamaTestServer.start({ host: address, models: [MEDTUNED_MODEL] });
  });
  after(async () => server?.stop());

  it('annotate --allow-remote-host sends surrogates in place of every PHI span and writes the note as it is', async () => {
    const dir = tmpDir();
    const note = path.join(dir, 'visit.txt');
    fs.writeFileSync(note, NOTE);
    const out = path.join(dir, 'out');
    const r = await biomed(['annotate', note, '--out', out, '--host', server.url, '--allow-remote-host', '--model', MEDTUNED_MODEL.name]);
    assert.equal(r.code, 0, show(r));
    const bodies = server.generationRequests().map((q) => JSON.stringify(q.body));
    assert.ok(bodies.length > 0, 'the model was asked');
    const phi = detectPhi(NOTE).map((s) => s.text);
    assert.ok(phi.length >= 5, phi.join(' | '));
    for (const b of bodies) for (const p of phi) assert.ok(!b.includes(p), `"${p}" sent: ${b.slice(0, 300)}`);
    assert.ok(
      bodies.some((b) => b.includes('with fever and cough')),
      'the rest of the sentence goes as written',
    );
    const [doc] = readJsonl(fs.readFileSync(path.join(out, 'visit.json'), 'utf8'));
    assert.equal(doc.text, NOTE);
  });
});
