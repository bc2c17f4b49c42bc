/**
 * Why a concept won over others holding the same name, in a curator's words: the note's links
 * carry the rule (`why`), the hover's concept line and the linker's quick fix say it, and
 * a link that no tie decided says nothing more. Vocabularies written for this project.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { VocabularyShelf } from '../../server/src/engine/linking/noteLinks';
import { chosenHow } from '../../server/src/lsp/curationActions';
import { conceptLine } from '../../server/src/lsp/hover';
import { buildTsvVocabulary } from '../support/linkingNote';

const NOTE = 'Seen for a cold. Also a polyp.';

describe('linking: why a concept was chosen, in the hover and the quick fix', () => {
  let tmp: string;
  let shelf: VocabularyShelf;
  before(() => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-why-'));
    // "cold": a finding's preferred name, the common cold's lesser one. "polyp": two concepts' preferred names alike.
    const vocab = buildTsvVocabulary(tmp, 'why', 'X:1\tCold\nX:2\tCommon Cold\nX:2\tCold\nX:3\tPolyp\nX:4\tPolyp\nX:5\tAsthma\n');
    shelf = new VocabularyShelf();
    shelf.configure([{ path: vocab, types: [] }]);
  });
  after(() => {
    shelf.close();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  const link = (text: string) => {
    const start = NOTE.indexOf(text);
    return shelf.links(NOTE, [{ start, end: start + text.length, type: 'problem', text }])[0].concepts[0];
  };

  it('the preferred name and file order are named where they decided', () => {
    const cold = link('cold');
    assert.deepEqual([cold.id, cold.why], ['X:1', 'preferred name']);
    assert.match(conceptLine(cold), /X\\:1 Cold, why \*\(of the concepts holding this name, chosen by: preferred name\)\*$/);
    assert.equal(chosenHow(cold), 'exact name; chosen by preferred name');
    const polyp = link('polyp');
    assert.deepEqual([polyp.id, polyp.why], ['X:3', 'file order']);
    assert.equal(chosenHow(polyp), 'exact name; chosen by file order');
  });

  it('a name one concept holds says nothing more', () => {
    const lone = shelf.links('asthma', [{ start: 0, end: 6, type: 'problem', text: 'asthma' }])[0].concepts[0];
    assert.equal(lone.why, undefined);
    assert.equal(conceptLine(lone), 'X\\:5 Asthma, why', '(the colon escaped for markdown)');
    assert.equal(chosenHow(lone), 'exact name');
  });
});
