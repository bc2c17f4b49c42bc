/** The export's message: what was written, and a warning naming what BRAT could not hold. */
import * as assert from 'node:assert/strict';
import { exportMessage } from '../../client/src/exportMessage';

const written = { files: [], entities: 12, relations: 3, findings: 0 };

describe('export message', () => {
  it('says what was written, as information, when nothing was left out', () => {
    const m = exportMessage({ ...written, findings: 2 }, 'notes/a.jsonl');
    assert.deepEqual(m, { text: 'Biomed NLP: exported 12 entities, 3 relations and 2 NLI findings to notes/a.jsonl.', warning: false });
    assert.equal(exportMessage({ ...written, omitted: { findings: 0, identifiers: 0, untrained: 0 } }, 'a.ann').warning, false);
  });

  it("warns with BRAT's omissions, each counted, singular and plural, and the formats that keep them", () => {
    const m = exportMessage({ ...written, omitted: { findings: 2, identifiers: 1, untrained: 0 } }, 'notes/a.ann');
    assert.equal(m.warning, true);
    assert.equal(
      m.text,
      'Biomed NLP: exported 12 entities, 3 relations and 0 NLI findings to notes/a.ann. BRAT cannot hold 2 NLI findings, 1 concept identifier without a SOURCE: prefix: not written; export as BioC JSON or JSON lines to keep them.',
    );
    assert.match(
      exportMessage({ ...written, omitted: { findings: 0, identifiers: 0, untrained: 3 } }, 'a.ann').text,
      /3 relations' untrained marks: not written/,
    );
  });
});
