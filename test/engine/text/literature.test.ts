/**
 * looksLikeLiterature (engine/text/literature.ts): an abstract reads as literature; a clinical
 * note, with headers or without, does not, even where it writes "we", "significant" or
 * "associated with" as notes do.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { looksLikeLiterature } from '../../../server/src/engine/text/literature';
import { FIXTURES } from '../../support/paths';

const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, 'notes', name), 'utf8');

const STRUCTURED_ABSTRACT = [
  'Metformin and lactic acidosis in chronic kidney disease: a cohort study.',
  '',
  'BACKGROUND: Metformin is avoided in advanced kidney disease for fear of lactic acidosis.',
  'METHODS: We analysed 4,210 adults with an eGFR below 45 who started metformin.',
  'RESULTS: Lactic acidosis occurred in 0.3% of patients (hazard ratio 1.1, 95% CI 0.7 to 1.6).',
  'CONCLUSIONS: Metformin was not associated with lactic acidosis at these levels.',
].join('\n');

const PLAIN_ABSTRACT =
  'Tamoxifen-associated endometrial changes in postmenopausal women.\n\n' +
  'We studied 61 women taking tamoxifen for breast cancer. Endometrial thickening was seen in 40% of women and polyps in 12. ' +
  'These findings suggest that transvaginal ultrasound should be offered to symptomatic patients.';

const DISCHARGE = [
  'DISCHARGE SUMMARY',
  '',
  'HISTORY OF PRESENT ILLNESS: 72-year-old man admitted with dyspnoea and leg oedema.',
  'HOSPITAL COURSE: He was diuresed with furosemide. We found a significantly reduced ejection fraction.',
  'RESULTS: BNP 1,840. Troponin negative.',
  'DISCHARGE MEDICATIONS: Furosemide 40 mg daily.',
].join('\n');

const SHORT_NOTE = 'Pt is a 67 y/o M s/p CABG, here for follow-up. BP 132/78. Continue ASA 81 mg daily, metoprolol bid prn.';
const NOTE_WITHOUT_HEADERS = 'Seen today for cough. We will start amoxicillin. No significant change in the chest film. Fever was associated with chills.';

describe('looksLikeLiterature', () => {
  it('an abstract with a title line and a research "we" reads as literature', () => assert.equal(looksLikeLiterature(PLAIN_ABSTRACT), true));
  it('a structured abstract (BACKGROUND, METHODS, RESULTS, CONCLUSIONS) reads as literature', () =>
    assert.equal(looksLikeLiterature(STRUCTURED_ABSTRACT), true));
  it("the fixtures' abstract reads as literature", () => assert.equal(looksLikeLiterature(fixture('abstract-cisplatin.txt')), true));
  it('a discharge summary does not, though it writes RESULTS: and a research-like "we found"', () => assert.equal(looksLikeLiterature(DISCHARGE), false));
  it('a short clinical note without headers does not (shorthand: pt, y/o, s/p, bid, prn)', () => assert.equal(looksLikeLiterature(SHORT_NOTE), false));
  it('a note without headers or shorthand that writes "we will", "no significant" and "associated with" does not', () =>
    assert.equal(looksLikeLiterature(NOTE_WITHOUT_HEADERS), false));
  it("none of the fixtures' clinical notes does", () => {
    for (const name of ['discharge-heart-failure.note', 'ed-chest-pain.note', 'ed-fall-anticoagulation.note', 'progress-diabetes-ckd.note'])
      assert.equal(looksLikeLiterature(fixture(name)), false, name);
  });
  it('a single sentence is not enough', () => assert.equal(looksLikeLiterature('Cisplatin causes hearing loss.'), false));
});
