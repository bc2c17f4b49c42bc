import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isHeaderLine, segment, Segment, splitLong } from '../../../server/src/engine/text/segment';
import { mulberry32 } from '../../../server/src/engine/random';
import { ROOT } from '../../support/paths';

const NOTES = path.join(ROOT, 'test/fixtures/notes');
const FIXTURES = ['discharge-heart-failure.note', 'ed-chest-pain.note', 'progress-diabetes-ckd.note', 'abstract-cisplatin.txt'];

function read(name: string): string {
  return fs.readFileSync(path.join(NOTES, name), 'utf8');
}

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Invariants every segmentation must satisfy, whatever the text. */
function checkInvariants(text: string, segs: Segment[]): void {
  let prevEnd = 0;
  for (const s of segs) {
    const where = `${JSON.stringify(s)} in ${JSON.stringify(text)}`;
    assert.ok(s.start < s.end, `empty segment ${where}`);
    assert.ok(s.start >= prevEnd, `overlap or disorder ${where}`);
    assert.ok(s.end <= text.length, `past end ${where}`);
    assert.equal(text.slice(s.start, s.end), s.text, `slice mismatch ${where}`);
    assert.equal(s.text, s.text.trim(), `edge whitespace ${where}`);
    assert.ok(!/^[\r\n]|[\r\n]$/.test(s.text), `line break at edge ${where}`);
    assert.ok(s.kind === 'sentence' || s.kind === 'header', `kind ${where}`);
    for (const at of [s.start, s.end]) {
      assert.ok(!(at > 0 && isHigh(text.charCodeAt(at - 1)) && isLow(text.charCodeAt(at))), `surrogate pair split at ${at} ${where}`);
    }
    assert.equal(s.section, s.section.trim().toLowerCase(), `section not normalised ${where}`);
    assert.ok(!s.section.endsWith(':') && !/\s\s/.test(s.section), `section not normalised ${where}`);
    if (s.kind === 'header') {
      assert.equal(
        s.section,
        s.text
          .replace(/^\*\*\s*/, '')
          .replace(/(?:\s*[:,*])+$/, '')
          .replace(/\s+/g, ' ')
          .toLowerCase(),
        where,
      );
    }
    prevEnd = s.end;
  }
}

function texts(segs: Segment[]): string[] {
  return segs.map((s) => s.text);
}

function find(segs: Segment[], text: string): Segment {
  const hits = segs.filter((s) => s.text === text);
  assert.equal(hits.length, 1, `expected exactly one segment ${JSON.stringify(text)}, got ${JSON.stringify(texts(segs))}`);
  return hits[0];
}

const prng = mulberry32;

describe('segment: fixture notes', () => {
  for (const name of FIXTURES) {
    it(`keeps offsets exact, ordered and disjoint in ${name}`, () => {
      const text = read(name);
      const segs = segment(text);
      assert.ok(segs.length > 5);
      checkInvariants(text, segs);
    });

    const ann = name.replace(/\.(note|txt)$/, '.ann');
    it(`puts every gold entity of ${ann} inside exactly one sentence`, () => {
      const text = read(name);
      const sentences = segment(text).filter((s) => s.kind === 'sentence');
      const entities = read(ann)
        .split(/\r?\n/)
        .filter((l) => /^T\d+\t/.test(l));
      assert.ok(entities.length > 10);
      for (const line of entities) {
        const [, info, surface] = line.split('\t');
        // Discontinuous BRAT spans look like "TYPE 1 5;8 12".
        const frags = info
          .slice(info.indexOf(' ') + 1)
          .split(';')
          .map((f) => f.split(' ').map(Number));
        const start = frags[0][0];
        const end = frags[frags.length - 1][1];
        assert.equal(text.slice(start, end), surface, `fixture span ${line}`);
        const inside = sentences.filter((s) => s.start <= start && end <= s.end);
        assert.equal(inside.length, 1, `entity ${line} is in ${inside.length} sentences`);
      }
    });
  }

  it('segments discharge-heart-failure.note', () => {
    const text = read('discharge-heart-failure.note');
    const segs = segment(text);
    // The title is analysed like a sentence (it is no section name) and still names a section.
    const title = find(segs, 'DISCHARGE SUMMARY');
    assert.equal(title.kind, 'sentence');
    assert.equal(title.start, 0);
    assert.equal(title.section, 'discharge summary');

    const adm = find(segs, 'Admission Date: [**2026-03-02**]    Discharge Date: [**2026-03-07**]');
    assert.equal(adm.kind, 'sentence');
    assert.equal(adm.section, 'discharge summary');

    const hpi = find(segs, 'HISTORY OF PRESENT ILLNESS:');
    assert.equal(hpi.kind, 'header');
    assert.equal(hpi.section, 'history of present illness');

    const ortho = find(segs, 'He reported orthopnea but denied chest pain.');
    assert.equal(ortho.kind, 'sentence');
    assert.equal(ortho.section, 'history of present illness');

    const furo = find(segs, 'Furosemide 40 mg by mouth twice daily');
    assert.equal(furo.kind, 'sentence');
    assert.equal(furo.start, text.indexOf('1. Furosemide') + 3);
    assert.equal(furo.section, 'discharge medications');
    assert.equal(find(segs, 'Atrial fibrillation').section, 'discharge diagnoses');

    const cause = find(segs, "The patient's heart failure exacerbation was caused by running out of diuretics.");
    assert.deepEqual(
      { start: cause.start, end: cause.end, kind: cause.kind, section: cause.section },
      { start: 1091, end: 1171, kind: 'sentence', section: 'assessment' },
    );
    const renal = find(segs, 'His renal function is normal.');
    assert.deepEqual([renal.start, renal.end], [1172, 1201]);
    assert.equal(find(segs, 'Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.').kind, 'sentence');
    assert.equal(segs.filter((s) => s.kind === 'header').length, 5);
  });

  it('segments progress-diabetes-ckd.note', () => {
    const segs = segment(read('progress-diabetes-ckd.note'));
    const title = find(segs, 'PROGRESS NOTE - ENDOCRINOLOGY CLINIC');
    assert.equal(title.kind, 'sentence');
    assert.equal(title.section, 'progress note - endocrinology clinic');

    const subj = find(segs, 'SUBJECTIVE:');
    assert.equal(subj.kind, 'header');
    assert.equal(subj.section, 'subjective');

    const summary = find(segs, 'Summary:');
    assert.equal(summary.kind, 'header');
    assert.equal(summary.section, 'summary');

    const gly = find(segs, 'Glycemic control has improved since the last visit.');
    assert.deepEqual([gly.start, gly.end, gly.section, gly.kind], [973, 1024, 'summary', 'sentence']);
    const kid = find(segs, 'Kidney function is declining.');
    assert.deepEqual([kid.start, kid.end, kid.section], [1025, 1054, 'summary']);

    // List item with several sentences: the marker is dropped, the sentences split.
    const t2d = find(segs, 'Type 2 diabetes, poorly controlled.');
    assert.equal(t2d.section, 'assessment and plan');
    find(segs, 'Because of the reduced eGFR, metformin is reduced to 500 mg twice daily.');
    // Decimals and a mixed-case opening word ("eGFR").
    find(segs, 'Hemoglobin A1c is 8.9%, up from 7.8% three months ago.');
    find(segs, 'eGFR is 38 mL/min/1.73m2.');
  });

  it('segments ed-chest-pain.note', () => {
    const segs = segment(read('ed-chest-pain.note'));
    assert.equal(find(segs, 'EMERGENCY DEPARTMENT NOTE').kind, 'sentence');
    const cc = find(segs, 'CHIEF COMPLAINT:');
    assert.deepEqual([cc.kind, cc.section], ['header', 'chief complaint']);
    const pain = find(segs, 'Chest pain.');
    assert.deepEqual([pain.kind, pain.section], ['sentence', 'chief complaint']);
    assert.equal(find(segs, 'HPI:').kind, 'header');
    const exam = find(segs, 'EXAM:');
    assert.equal(exam.kind, 'header');
    assert.equal(find(segs, 'BP 162/94, HR 98, SpO2 97% on room air.').section, 'exam');
    assert.equal(find(segs, 'ED COURSE:').section, 'ed course');
    const ami = find(segs, 'Acute inferior ST-elevation myocardial infarction.');
    assert.deepEqual([ami.start, ami.end], [779, 829]);
    const risk = find(segs, 'The patient has no cardiac risk factors.');
    assert.deepEqual([risk.start, risk.end, risk.section], [830, 870, 'impression']);
    const trop = find(segs, 'Troponin was within normal limits.');
    assert.deepEqual([trop.start, trop.end], [871, 905]);
  });

  it('splits the abstract into its title and seven sentences, with no section', () => {
    const segs = segment(read('abstract-cisplatin.txt'));
    assert.equal(segs.length, 8);
    assert.ok(segs.every((s) => s.kind === 'sentence' && s.section === ''));
    assert.equal(segs[0].text, 'Cisplatin-induced nephrotoxicity and ototoxicity in children with hepatoblastoma.');
    assert.equal(segs[2].text, 'We reviewed 112 children treated with cisplatin between 2010 and 2020.');
  });
});

describe('segment: line endings', () => {
  for (const name of FIXTURES) {
    it(`gives the same segments for ${name} with CRLF`, () => {
      const lf = read(name).replace(/\r\n?/g, '\n');
      const crlf = lf.replace(/\n/g, '\r\n');
      const a = segment(lf);
      const b = segment(crlf);
      checkInvariants(crlf, b);
      assert.deepEqual(
        b.map((s) => [s.text.replace(/\r/g, ''), s.kind, s.section]),
        a.map((s) => [s.text, s.kind, s.section]),
      );
      // Offsets shift by one per earlier line break.
      const last = b[b.length - 1];
      assert.equal(crlf.slice(last.start, last.end), last.text);
      assert.ok(last.start > a[a.length - 1].start);
    });
  }

  it('treats a lone CR as a line break', () => {
    const segs = segment('HPI:\rHe is well.\r\rPLAN\rDischarge home');
    assert.deepEqual(texts(segs), ['HPI:', 'He is well.', 'PLAN', 'Discharge home']);
    assert.deepEqual(
      segs.map((s) => s.kind),
      ['header', 'sentence', 'header', 'sentence'],
    );
    assert.equal(segs[3].section, 'plan');
  });

  it('keeps wrapped prose together across CRLF with the break inside the text', () => {
    const text = 'He was started on\r\nfurosemide and\r\nimproved. Next line\r\nStarts here.';
    const segs = segment(text);
    checkInvariants(text, segs);
    assert.deepEqual(texts(segs), ['He was started on\r\nfurosemide and\r\nimproved.', 'Next line', 'Starts here.']);
  });
});

describe('segment: lines and headers', () => {
  it('returns nothing for empty or whitespace-only text', () => {
    assert.deepEqual(segment(''), []);
    assert.deepEqual(segment('   \n\t\r\n  \r \u00a0 '), []);
  });

  it('ends a segment at a blank line and at a plain line break', () => {
    assert.deepEqual(texts(segment('no period here\n\nanother line')), ['no period here', 'another line']);
    assert.deepEqual(texts(segment('Pain improved\nAmbulating well')), ['Pain improved', 'Ambulating well']);
  });

  it('continues wrapped prose only after an unterminated line and before lower case', () => {
    assert.deepEqual(texts(segment('He denied pain\nand fever.')), ['He denied pain\nand fever.']);
    assert.deepEqual(texts(segment('He denied pain.\nand fever.')), ['He denied pain.', 'and fever.']);
    assert.deepEqual(texts(segment('He denied pain;\nno fever.')), ['He denied pain;', 'no fever.']);
    assert.deepEqual(texts(segment('He denied pain:\nno fever.')), ['He denied pain:', 'no fever.']);
    assert.deepEqual(texts(segment('He denied pain\nNo fever.')), ['He denied pain', 'No fever.']);
    // A list item can wrap too.
    const item = segment('1. Furosemide 40 mg\n   by mouth daily\n2. Aspirin');
    assert.deepEqual(texts(item), ['Furosemide 40 mg\n   by mouth daily', 'Aspirin']);
  });

  it('recognises whole-line headers', () => {
    const headers = [
      'Hospital Course:',
      'ASSESSMENT AND PLAN:',
      'DISCHARGE SUMMARY',
      'PROGRESS NOTE - ENDOCRINOLOGY CLINIC',
      '  Plan:  ',
      'HOSPITAL COURSE BY PROBLEM',
    ];
    // A section's name alone in Title Case, without its colon.
    headers.push('Physical Exam', 'Review of Systems', 'Hospital Course', 'Assessment and Plan', 'Labs', 'Exam', 'Social History');
    for (const h of headers) assert.equal(isHeaderLine(h), true, h);
    for (const h of [
      '',
      '   ',
      'BP: 120/80',
      'NO ACUTE DISTRESS.',
      'He was seen today.',
      'OK',
      'Hospital course',
      'BP 120/80 HR 98',
      '1. ASPIRIN 81 MG DAILY',
      'WHY?',
      '12:',
      // Capitals in words no section is named with: a problem list, a finding, an exam system.
      'COPD',
      'CHF',
      'HYPERTENSION',
      'NO EDEMA',
      'MOTHER WITH BREAST CANCER',
      'MAJOR BLEEDING',
      'FAMILY HISTORY OF CAD',
      'NO MURMUR PRESENT',
      'CHEST EXAM NORMAL',
      'HEENT',
      'CT HEAD WITHOUT CONTRAST',
    ]) {
      assert.equal(isHeaderLine(h), false, h);
    }
  });

  it('a problem list in capitals under a header is sentences of its section; a section name alone ends the one before', () => {
    const pmh = segment('Past Medical History:\nCOPD\nCAD\nCHF\nDM\nHTN\n');
    assert.deepEqual(
      pmh.map((s) => [s.kind, s.text, s.section]),
      [['header', 'Past Medical History:', 'past medical history'], ...['COPD', 'CAD', 'CHF', 'DM', 'HTN'].map((t) => ['sentence', t, 'past medical history'])],
    );
    const exam = segment('Family History: Mother with breast cancer.\n\nPhysical Exam\nMurmur present.\n');
    assert.deepEqual(
      exam.filter((s) => s.kind === 'sentence').map((s) => [s.text, s.section]),
      [
        ['Mother with breast cancer.', 'family history'],
        ['Murmur present.', 'physical exam'],
      ],
    );
  });

  it('in an assessment and plan, a problem before its colon is a problem of the section, not a section of its own', () => {
    const plan = segment(
      'Assessment and Plan:\nPneumonia: improving on ceftriaxone.\nCHF: euvolemic.\nAtrial Fibrillation:\n- rate controlled\nDisposition: home.\n',
    );
    assert.deepEqual(
      plan.map((s) => [s.kind, s.text, s.section]),
      [
        ['header', 'Assessment and Plan:', 'assessment and plan'],
        ['sentence', 'Pneumonia: improving on ceftriaxone.', 'assessment and plan'],
        ['sentence', 'CHF: euvolemic.', 'assessment and plan'],
        ['sentence', 'Atrial Fibrillation:', 'assessment and plan'],
        ['sentence', 'rate controlled', 'assessment and plan'],
        // A section's name still starts its section.
        ['header', 'Disposition:', 'disposition'],
        ['sentence', 'home.', 'disposition'],
      ],
    );
    // Elsewhere such a label starts a section, as before.
    assert.equal(segment('Seen today.\nTreatment Goals: lower the A1c.\n')[1].kind, 'header');
  });

  it('in a problem section, a label that names a summary of the note starts its section; a problem stays a problem', () => {
    const segs = segment(
      'Discharge Diagnosis:\nCommunity-acquired pneumonia.\nClinical Impression:\nSepsis.\nFinal Assessment:\nImproving.\nCHF:\nEuvolemic.\n',
    );
    assert.deepEqual(
      segs.map((s) => [s.kind, s.text, s.section]),
      [
        ['header', 'Discharge Diagnosis:', 'discharge diagnosis'],
        ['sentence', 'Community-acquired pneumonia.', 'discharge diagnosis'],
        ['header', 'Clinical Impression:', 'clinical impression'],
        ['sentence', 'Sepsis.', 'clinical impression'],
        ['header', 'Final Assessment:', 'final assessment'],
        ['sentence', 'Improving.', 'final assessment'],
        ['sentence', 'CHF:', 'final assessment'],
        ['sentence', 'Euvolemic.', 'final assessment'],
      ],
    );
  });

  it('makes a header line a segment of its own and sets the section', () => {
    const text = 'Intro sentence.\n  Hospital   Course:  \nHe improved.\nDISCHARGE  SUMMARY\nDone.';
    const segs = segment(text);
    checkInvariants(text, segs);
    assert.deepEqual(
      segs.map((s) => [s.text, s.kind, s.section]),
      [
        ['Intro sentence.', 'sentence', ''],
        ['Hospital   Course:', 'header', 'hospital course'],
        ['He improved.', 'sentence', 'hospital course'],
        ['DISCHARGE  SUMMARY', 'header', 'discharge summary'],
        ['Done.', 'sentence', 'discharge summary'],
      ],
    );
  });

  it('splits inline headers from the text after them', () => {
    const text =
      'CHIEF COMPLAINT: Chest pain.\nHPI: 58-year-old woman. She is well.\n' +
      'Summary: Glycemic control has improved.\nEXAM: BP 162/94, HR 98.\nPhysical exam: Lungs clear.\n' +
      'A&P: Stable.\nROS:negative';
    const segs = segment(text);
    checkInvariants(text, segs);
    assert.deepEqual(
      segs.map((s) => [s.text, s.kind, s.section]),
      [
        ['CHIEF COMPLAINT:', 'header', 'chief complaint'],
        ['Chest pain.', 'sentence', 'chief complaint'],
        ['HPI:', 'header', 'hpi'],
        ['58-year-old woman.', 'sentence', 'hpi'],
        ['She is well.', 'sentence', 'hpi'],
        ['Summary:', 'header', 'summary'],
        ['Glycemic control has improved.', 'sentence', 'summary'],
        ['EXAM:', 'header', 'exam'],
        ['BP 162/94, HR 98.', 'sentence', 'exam'],
        ['Physical exam:', 'header', 'physical exam'],
        ['Lungs clear.', 'sentence', 'physical exam'],
        ['A&P:', 'header', 'a&p'],
        ['Stable.', 'sentence', 'a&p'],
        ['ROS:', 'header', 'ros'],
        ['negative', 'sentence', 'ros'],
      ],
    );
    const cc = segs[0];
    assert.deepEqual([cc.start, cc.end], [0, 16]);
  });

  it('does not take short or ordinary labels for inline headers', () => {
    const cases: Array<[string, string[]]> = [
      ['BP: 120/80', ['BP: 120/80']],
      ['Admission Date: [**2026-03-02**]', ['Admission Date: [**2026-03-02**]']],
      ['Time 10:30 seen.', ['Time 10:30 seen.']],
      ['NOTE 2: see chart', ['NOTE 2: see chart']],
      ['THIS IS A VERY LONG SHOUTED LABEL HERE: text', ['THIS IS A VERY LONG SHOUTED LABEL HERE: text']],
    ];
    for (const [text, want] of cases) {
      const segs = segment(text);
      assert.deepEqual(texts(segs), want, text);
      assert.ok(
        segs.every((s) => s.kind === 'sentence' && s.section === ''),
        text,
      );
    }
  });

  it('a title-case or capitals label and its colon at line start is a header whatever the word', () => {
    const text =
      'Treatment: Aspirin 81 mg daily.\nMedications: metoprolol.\nROS: negative.\nPast surgical history: appendectomy.\n' +
      'Pain Management: ice packs.\nWOUND CARE: daily dressing.\nTreatment:\nRest.';
    const segs = segment(text);
    checkInvariants(text, segs);
    assert.deepEqual(
      segs.filter((s) => s.kind === 'header').map((s) => s.section),
      ['treatment', 'medications', 'ros', 'past surgical history', 'pain management', 'wound care', 'treatment'],
    );
    assert.deepEqual(
      segs.filter((s) => s.kind === 'sentence').map((s) => [s.text, s.section]),
      [
        ['Aspirin 81 mg daily.', 'treatment'],
        ['metoprolol.', 'medications'],
        ['negative.', 'ros'],
        ['appendectomy.', 'past surgical history'],
        ['ice packs.', 'pain management'],
        ['daily dressing.', 'wound care'],
        ['Rest.', 'treatment'],
      ],
    );
  });

  it('prose, asides, fields and times with a colon are not headers: the section goes on', () => {
    for (const line of [
      'Note: the patient declined the flu vaccine.',
      'NOTE: family at bedside.',
      'He reports: "my chest hurts".',
      'The patient was given the following:',
      'CT showed: no bleed.',
      'Overall impression of the family: worried.',
      'Seen at 10:30 by cardiology.',
      'Time: 10:30 seen by cardiology.',
      'Weight: 98 kg.',
      'Admission Date: [**2026-03-02**]',
      'Dr Smith: agrees with the plan.',
      'Ratio 1:100 dilution.',
    ]) {
      const segs = segment(`ASSESSMENT:\nStable angina.\n${line}\nNo chest pain today.`);
      assert.ok(
        segs.filter((s) => s.kind === 'header').every((s) => s.text === 'ASSESSMENT:'),
        line,
      );
      assert.ok(
        segs.every((s) => s.section === 'assessment'),
        line,
      );
    }
  });

  it('an all-capitals first line that is no section name is a title, analysed as a sentence', () => {
    const mri = segment('MRI BRAIN WITHOUT CONTRAST\nFINDINGS: No acute infarct.\nIMPRESSION: Normal MRI.');
    assert.deepEqual(
      mri.map((s) => [s.text, s.kind]),
      [
        ['MRI BRAIN WITHOUT CONTRAST', 'sentence'],
        ['FINDINGS:', 'header'],
        ['No acute infarct.', 'sentence'],
        ['IMPRESSION:', 'header'],
        ['Normal MRI.', 'sentence'],
      ],
    );
    // A section name first is a header, as is a capitals line further down, and a first line with a colon.
    for (const first of ['HISTORY OF PRESENT ILLNESS', 'ASSESSMENT AND PLAN', 'IMPRESSION', 'CT CHEST:']) {
      assert.equal(segment(`${first}\nCough for a week.`)[0].kind, 'header', first);
    }
    // Further down, capitals in no section's words are analysed too: the examination is a test to highlight.
    assert.equal(segment('Seen today.\nCT HEAD WITHOUT CONTRAST\nNo bleed.')[1].kind, 'sentence');
    assert.equal(segment('Seen today.\nRADIOLOGY REPORT\nNo bleed.')[1].kind, 'header');
    // A title names its subject before a colon: on the first line only section names and capitals are labels.
    assert.deepEqual(
      segment('Kniest dysplasia: a type II collagenopathy.').map((s) => s.kind),
      ['sentence'],
    );
    assert.deepEqual(
      segment('Seen.\nKniest dysplasia: a type II collagenopathy.').map((s) => s.kind),
      ['sentence', 'header', 'sentence'],
    );
    // Blank lines before the title do not matter; a slice of a document has no title.
    assert.equal(segment('\n\n  ECHOCARDIOGRAM REPORT\nNormal.')[0].kind, 'sentence');
    assert.equal(segment('ECHOCARDIOGRAM REPORT\nNormal.', { notDocumentStart: true })[0].kind, 'header');
  });

  it('drops list markers and starts a segment at each item', () => {
    const text = '1. Furosemide 40 mg. Take daily\n12) Aspirin 81 mg\n- Lisinopril\n* Metoprolol\n\u2022 Warfarin 5 mg\n-5 is not a marker';
    const segs = segment(text);
    checkInvariants(text, segs);
    assert.deepEqual(texts(segs), ['Furosemide 40 mg.', 'Take daily', 'Aspirin 81 mg', 'Lisinopril', 'Metoprolol', 'Warfarin 5 mg', '-5 is not a marker']);
    assert.equal(segs[0].start, 3);
    assert.equal(segs[2].start, text.indexOf('Aspirin'));
    // Bare markers leave nothing behind.
    assert.deepEqual(segment('1.\n-\n*   '), []);
    // A list right after an inline header.
    assert.deepEqual(texts(segment('PLAN: 1. Continue aspirin.')), ['PLAN:', 'Continue aspirin.']);
  });
});

describe('segment: sentence ends', () => {
  it('splits on . ! ? before capitals, digits, quotes and brackets', () => {
    assert.deepEqual(texts(segment('Pain is better! He walks. 2 doses given? "Yes." (Confirmed.) Done')), [
      'Pain is better!',
      'He walks.',
      '2 doses given?',
      '"Yes."',
      '(Confirmed.)',
      'Done',
    ]);
    // Lower case after the period: the sentence goes on.
    assert.deepEqual(texts(segment('Given 5 mg. daily and p.r.n. for pain.')), ['Given 5 mg. daily and p.r.n. for pain.']);
    // A semicolon never ends a sentence.
    assert.deepEqual(texts(segment('No fever; No chills.')), ['No fever; No chills.']);
    // Closing quote after the period stays with the sentence.
    assert.deepEqual(texts(segment('He said "stop." Then left.')), ['He said "stop."', 'Then left.']);
  });

  it('does not split after titles, initials and continuing abbreviations', () => {
    const cases = [
      'Seen by Dr. Smith and Mrs. Jones today.',
      'Referred to Prof. Lee at St. Mary hospital.',
      'Dose per J. Smith et al. Results pending.',
      'Compare with Fig. 2 and cf. Table 3 vs. Baseline.',
      'Drugs e.g. Aspirin, i.e. NSAIDs, approx. 5 mg.',
      'Filed as No. 5 in the chart.',
      // Clinical abbreviations before a value or a name, and months before a year.
      'Temp. 38.5 C on arrival.',
      'Wt. 80 kg and Ht. 170 cm.',
      'Dispense Qty. 30 tablets.',
      'Admitted in Jan. 2026 for pneumonia.',
      'Takes Vit. D daily after Hep. B vaccine series.',
      'Nl. S1 S2 without murmur.',
    ];
    for (const c of cases) assert.deepEqual(texts(segment(c)), [c], c);
    // "No" is only an abbreviation before a digit; "etc" before a capital ends the sentence.
    assert.deepEqual(texts(segment('Any pain? No. Patient denies.')), ['Any pain?', 'No.', 'Patient denies.']);
    assert.deepEqual(texts(segment('Bring meds, lists etc. The clinic called.')), ['Bring meds, lists etc.', 'The clinic called.']);
    assert.deepEqual(texts(segment('Bring meds etc. to clinic.')), ['Bring meds etc. to clinic.']);
  });

  it('keeps dosage abbreviations inside the sentence and splits after them before a capital', () => {
    assert.deepEqual(texts(segment('Metformin 500 mg p.o. b.i.d. with meals.')), ['Metformin 500 mg p.o. b.i.d. with meals.']);
    assert.deepEqual(texts(segment('metformin 500 mg b.i.d. Lisinopril 10 mg q.d.')), ['metformin 500 mg b.i.d.', 'Lisinopril 10 mg q.d.']);
    assert.deepEqual(texts(segment('Take t.i.d. 2 weeks then q.i.d. 3 days at 9 a.m. or p.m. Recheck.')), [
      'Take t.i.d. 2 weeks then q.i.d. 3 days at 9 a.m. or p.m.',
      'Recheck.',
    ]);
    assert.deepEqual(texts(segment('Aspirin 81 mg. 2 tablets. Lisinopril 10 mg. Stop.')), ['Aspirin 81 mg. 2 tablets.', 'Lisinopril 10 mg.', 'Stop.']);
  });

  it('never splits decimals or times', () => {
    assert.deepEqual(texts(segment('Temp 98.6 at 10.30 and Cr 2.1. Pulse 80.')), ['Temp 98.6 at 10.30 and Cr 2.1.', 'Pulse 80.']);
  });

  it('never splits inside de-identification placeholders', () => {
    const text = 'Seen by [**Dr. Smith**] on [**2026-03-02**]. Called [**Hospital 1. Name A. B**] today. Then [** Unclosed. Placeholder';
    const segs = segment(text);
    checkInvariants(text, segs);
    assert.deepEqual(texts(segs), [
      'Seen by [**Dr. Smith**] on [**2026-03-02**].',
      'Called [**Hospital 1. Name A. B**] today.',
      'Then [** Unclosed.',
      'Placeholder',
    ]);
    // A placeholder can open the next sentence.
    assert.deepEqual(texts(segment('He left. [**Name**] came.')), ['He left.', '[**Name**] came.']);
  });

  it('keeps emoji and other non-BMP characters whole', () => {
    const text = 'Patient \u{1F600} reports pain. \u{1D400}spirin given.';
    const segs = segment(text);
    checkInvariants(text, segs);
    assert.deepEqual(texts(segs), ['Patient \u{1F600} reports pain.', '\u{1D400}spirin given.']);
    assert.deepEqual(
      segs.map((s) => [s.start, s.end]),
      [
        [0, 24],
        [25, 40],
      ],
    );
    const edge = '\u{1F600}\n\u{1F600} ok. \u{1F600}';
    const e = segment(edge);
    checkInvariants(edge, e);
    assert.deepEqual(texts(e), ['\u{1F600}', '\u{1F600} ok. \u{1F600}']);
  });
});

describe('segment: properties', () => {
  const FRAGMENTS = [
    'word',
    'Word',
    'pain',
    'The',
    'He',
    ' ',
    ' ',
    '  ',
    '\t',
    '.',
    '. ',
    '! ',
    '? ',
    ';',
    ':',
    ',',
    '\n',
    '\n',
    '\r\n',
    '\r',
    '\n\n',
    'Dr. ',
    'J. ',
    'b.i.d. ',
    'q.d. ',
    'mg. ',
    '2.1',
    '98.6',
    '[**',
    '**]',
    '[**Dr. X**]',
    '1. ',
    '12) ',
    '- ',
    '* ',
    '\u2022 ',
    'HPI: ',
    'PLAN:',
    'DISCHARGE SUMMARY',
    'BP: ',
    '"',
    ')',
    '(',
    '\u{1F600}',
    '\u{1D400}',
    '\ud83d',
    '\ude00',
    '\u00a0',
    '\u2028',
    'e\u0301',
    'eGFR',
    'No. ',
    '5',
  ];

  function generate(rand: () => number, pool: string[]): string {
    const n = Math.floor(rand() * 60);
    let s = '';
    for (let i = 0; i < n; i++) s += pool[Math.floor(rand() * pool.length)];
    return s;
  }

  it('holds the invariants on generated texts', () => {
    const rand = prng(20260302);
    for (let i = 0; i < 500; i++) {
      const text = generate(rand, FRAGMENTS);
      const segs = segment(text);
      checkInvariants(text, segs);
      if (text.trim() === '') assert.deepEqual(segs, [], JSON.stringify(text));
    }
  });

  it('covers every visible character when the text has no list markers', () => {
    // Without markers, nothing visible may be dropped: each non-space character is in a segment.
    // A bare digit could be glued to '. ' into a marker, so it goes too.
    const pool = FRAGMENTS.filter((f) => !/^(\d+[.)]|[-*\u2022]) $/.test(f) && f !== '5');
    const rand = prng(7);
    for (let i = 0; i < 300; i++) {
      const text = generate(rand, pool);
      const segs = segment(text);
      checkInvariants(text, segs);
      const covered = new Uint8Array(text.length);
      for (const s of segs) covered.fill(1, s.start, s.end);
      for (let k = 0; k < text.length; k++) {
        if (!covered[k]) assert.match(text[k], /\s/, `char ${k} of ${JSON.stringify(text)} dropped`);
      }
    }
  });

  it('is deterministic and independent of text before a blank line', () => {
    const rand = prng(99);
    for (let i = 0; i < 100; i++) {
      const body = generate(rand, FRAGMENTS).replace(/[\r\n]/g, ' ');
      const tail = 'Tail sentence here. Another one.';
      const a = segment(`${body}\n\nDISCHARGE SUMMARY\n${tail}`);
      const last = a.slice(-2);
      assert.deepEqual(texts(last), ['Tail sentence here.', 'Another one.']);
      assert.deepEqual(segment(`${body}\n\nDISCHARGE SUMMARY\n${tail}`), a);
    }
  });
});

describe('segment: speed', () => {
  it('segments a 2,000-sentence note in milliseconds', () => {
    const parts: string[] = [];
    for (let i = 0; i < 200; i++) {
      parts.push(`SECTION ${String.fromCharCode(65 + (i % 26))}${String.fromCharCode(65 + ((i >> 3) % 26))}:`);
      for (let j = 0; j < 10; j++) {
        parts.push(`${j + 1}. Patient ${i} takes [**Dr. X**] drug ${j} 500 mg p.o. b.i.d. with meals and 2.5 units.`);
      }
      parts.push('');
    }
    const text = parts.join('\n');
    // Speed is measured by `npm run bench`, not asserted here.
    const segs = segment(text);
    assert.equal(segs.filter((s) => s.kind === 'sentence').length, 2000);
    assert.equal(segs.filter((s) => s.kind === 'header').length, 200);
  });

  it('keeps its invariants on large pathological input', () => {
    for (const unit of ['[** a. B ', 'a.a.a.a. ', 'x\n', 'Dr. ', 'wrapped\nline ']) {
      const text = unit.repeat(Math.ceil(200_000 / unit.length));
      const segs = segment(text);
      assert.ok(segs.length > 0);
      let prevEnd = 0;
      for (const seg of segs) {
        assert.equal(text.slice(seg.start, seg.end), seg.text);
        assert.ok(seg.start >= prevEnd);
        prevEnd = seg.end;
      }
    }
  });
});

describe('segment: sentences too long for the context', () => {
  const seg = segment;
  const strictEqual = (a: unknown, b: unknown, m?: string) => assert.equal(a, b, m);
  const ok = (v: unknown, m?: string) => assert.ok(v, m);

  function checkPieces(text: string, max: number, pieces: { start: number; end: number; text: string }[], from = 0) {
    for (const p of pieces) {
      strictEqual(text.slice(p.start, p.end), p.text, 'exact offsets');
      ok(p.text.length <= max, `piece of ${p.text.length} > ${max}`);
      ok(p.text.length > 0 && p.text.trim() === p.text, 'trimmed, not empty');
      const c = text.charCodeAt(p.end - 1);
      ok(!(c >= 0xd800 && c <= 0xdbff), 'never ends inside a surrogate pair');
    }
    // Every non-whitespace character is covered, in order, once.
    ok(
      pieces
        .map((p) => p.text)
        .join('')
        .replace(/\s+/g, '') === text.slice(from).replace(/\s+/g, ''),
      'covers the text',
    );
    for (let i = 1; i < pieces.length; i++) ok(pieces[i].start >= pieces[i - 1].end, 'in order, no overlap');
  }

  it('a 30,000-character run-on line is split at whitespace into pieces under the limit', () => {
    const words = ['patient', 'denies', 'chest', 'pain', 'hydrochlorothiazide', 'and', 'dyspnea'];
    const line = Array.from({ length: 4000 }, (_, i) => words[i % words.length]).join(' ');
    const text = `HPI:\n${line}\n`;
    ok(line.length >= 30_000);
    const out = seg(text, { maxSentenceChars: 1258 }).filter((s) => s.kind === 'sentence');
    ok(out.length >= 24, `${out.length} pieces`);
    checkPieces(text, 1258, out, 5);
    for (const p of out) {
      ok(p.start === 5 || /\s/.test(text[p.start - 1]), 'starts after whitespace: no word cut');
      ok(/\s/.test(text[p.end] ?? ' '), 'ends before whitespace: no word cut');
      strictEqual(p.section, 'hpi');
    }
  });

  it('prefers a clause boundary (, ; :) in the second half of the window', () => {
    const text = 'aaaa bbbb cccc dddd, eeee ffff gggg hhhh iiii';
    const out = seg(text, { maxSentenceChars: 24 });
    strictEqual(out[0].text, 'aaaa bbbb cccc dddd,');
    checkPieces(text, 24, out);
  });

  it('a word longer than the limit is cut inside, never inside a surrogate pair', () => {
    const text = '\u{1F600}'.repeat(100) + ' x ' + 'a'.repeat(70);
    for (const max of [7, 8, 33, 64]) checkPieces(text, max, seg(text, { maxSentenceChars: max }));
  });

  it('without a limit, or under it, sentences are unchanged', () => {
    const text = 'Patient has chest pain. No fever.';
    strictEqual(JSON.stringify(seg(text, { maxSentenceChars: 1000 })), JSON.stringify(seg(text)));
    strictEqual(splitLong(text, 0, text.length, 1000).length, 1);
  });
});
