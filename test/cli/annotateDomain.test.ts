/**
 * A vocabulary serves the entity types its domain fits: MEDIC links problems and
 * diseases, not a drug that shares a disease's name; `=all` is the user's choice, said with a
 * warning; `=T,T` as before. Through the real bundle against the Ollama-protocol test server.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJsonl } from '../../server/src/engine/formats/jsonl';
import { domainTypes } from '../../server/src/engine/linking/domain';
import { buildVocabulary } from '../../server/src/engine/linking/vocab/build';
import { cliSandbox, showResult } from '../support/cli';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';

const NOTE = 'Started warfarin for gout.\n';
const ANN = 'T1\tTREATMENT 8 16\twarfarin\nT2\tPROBLEM 21 25\tgout\n';
// MEDIC's layout: a disorder that holds a drug's name ("Warfarin Embryopathy": warfarin).
const MEDIC = 'D999001||Warfarin Embryopathy|Warfarin|Fetal Warfarin Syndrome\nD006073||Gout|Gouts\n';

describe('biomed annotate --vocab: a vocabulary serves the types its domain fits', function () {
  this.timeout(60_000);
  const { tmp, biomed } = cliSandbox('biomed-annotate-domain-');
  let server: OllamaTestServer;
  let notes: string;
  let vocab: string;
  before(async () => {
    notes = tmp();
    fs.writeFileSync(path.join(notes, 'w.txt'), NOTE);
    fs.writeFileSync(path.join(notes, 'w.ann'), ANN);
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(notes) });
    fs.rmSync(path.join(notes, 'w.ann'));
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'medic.txt'), MEDIC);
    vocab = path.join(dir, 'medic.vocab');
    buildVocabulary({ sources: [path.join(dir, 'medic.txt')], format: 'medic', out: vocab, label: 'MEDIC' });
  });
  after(async () => server.stop());

  const ids = async (...vocabArgs: string[]) => {
    const out = path.join(tmp(), 'out.jsonl');
    const r = await biomed(['annotate', notes, '--out', out, '--host', server.url, '--no-relations', '--no-nli', '--types', 'problem,treatment', ...vocabArgs]);
    assert.equal(r.code, 0, showResult(r));
    const [doc] = readJsonl(fs.readFileSync(out, 'utf8'));
    return { ids: Object.fromEntries(doc.entities.map((e) => [e.text, e.ids])), stderr: r.stderr };
  };

  it('MEDIC links the problem, not the drug that a disorder is named after; it says which types it links', async () => {
    const r = await ids('--vocab', vocab);
    assert.deepEqual(r.ids, { warfarin: undefined, gout: ['MESH:D006073'] });
    assert.match(r.stderr, /MEDIC: links problem, disease entities \(=T,T or =all to choose\)/);
  });

  it('=all links every type, with a warning; =T,T the types given', async () => {
    const all = await ids('--vocab', `${vocab}=all`);
    assert.deepEqual(all.ids, { warfarin: ['MESH:D999001'], gout: ['MESH:D006073'] });
    assert.match(all.stderr, /MEDIC: links every entity type \(drugs and tests may get concepts of another domain\)/);
    const chosen = await ids('--vocab', `${vocab}=treatment`);
    assert.deepEqual(chosen.ids, { warfarin: ['MESH:D999001'], gout: undefined });
  });

  it("a vocabulary's domain: by format, by its concepts' types, by its ontology's prefix; unknown: every type", () => {
    assert.deepEqual(domainTypes({ format: 'medic' }), ['problem', 'disease']);
    assert.deepEqual(domainTypes({ format: 'ctd-chemicals' }), ['treatment', 'chemical']);
    assert.deepEqual(domainTypes({ format: 'umls', typeNames: ['Pharmacologic Substance'] }), ['treatment', 'test', 'chemical', 'gene']);
    assert.deepEqual(domainTypes({ format: 'umls', typeNames: ['Disease or Syndrome', 'Sign or Symptom'] }), ['problem', 'disease']);
    assert.deepEqual(domainTypes({ format: 'obo', sampleId: 'DOID:0050156' }), ['problem', 'disease']);
    assert.deepEqual(domainTypes({ format: 'obo', sampleId: 'CHEBI:15365' }), ['treatment', 'chemical']);
    assert.equal(domainTypes({ format: 'obo', sampleId: 'GO:0008150' }), undefined);
    assert.equal(domainTypes({ format: 'mesh-xml' }), undefined);
    assert.equal(domainTypes({ format: 'tsv', typeNames: [] }), undefined);
  });
});
