/** Add a Vocabulary…'s message: the toast names the file built, the log holds its whole path. */
import * as assert from 'node:assert/strict';
import { fileName, vocabularyAddedMessage } from '../../client/src/vocabularyMessage';

describe('vocabulary added message', () => {
  const path = '/home/curator/projects/clinical-linking/vocabularies/ctd/2024-06/CTD_diseases.vocab';

  it('names the file in the toast, not its long path; the whole path goes to the log', () => {
    const m = vocabularyAddedMessage({ label: 'MEDIC', concepts: 13192, path, where: 'workspace', serves: 'problem, disease' });
    assert.equal(m.text, 'Biomed NLP: MEDIC (13192 concepts) built as CTD_diseases.vocab and added to the workspace settings for problem, disease.');
    assert.ok(!m.text.includes('/home/curator'), m.text);
    assert.equal(m.log, `Vocabulary MEDIC (13192 concepts) built at ${path} and added to the workspace settings for problem, disease.`);
  });

  it("a Windows path's file name too, and the file's name when the server gave no label", () => {
    assert.equal(fileName('C:\\Users\\curator\\vocab\\pharmacy.vocab'), 'pharmacy.vocab');
    const m = vocabularyAddedMessage({ concepts: 3, path: '/tmp/pharmacy.vocab', where: 'user', serves: 'treatment' });
    assert.equal(m.text, 'Biomed NLP: pharmacy.vocab (3 concepts) built as pharmacy.vocab and added to the user settings for treatment.');
  });
});
