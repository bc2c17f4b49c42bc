/**
 * The section vocabulary (text/sections.ts, sectionVocabulary.json) and what the segmenter
 * does with it: every report type's headers stay sections wherever they stand, a
 * condition's name over its plan stays a problem, spelling variants and transcription
 * artefacts are read as the headers they are. The rare case first: an operative report's
 * headers after its diagnosis sections.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { segment } from '../../../server/src/engine/text/segment';
import { canonicalSections, REPORT_TYPES, sectionOf, sectionOfSegment } from '../../../server/src/engine/text/sections';
import { ROOT } from '../../support/paths';

/** The header segments' texts. */
function headers(text: string): string[] {
  return segment(text)
    .filter((s) => s.kind === 'header')
    .map((s) => s.text);
}

/** [text, section] of each sentence. */
function sentences(text: string): Array<[string, string]> {
  return segment(text)
    .filter((s) => s.kind === 'sentence')
    .map((s) => [s.text, s.section]);
}

const OPERATIVE_AFTER_DIAGNOSIS = [
  'PREOPERATIVE DIAGNOSIS: Symptomatic cholelithiasis.',
  'POSTOPERATIVE DIAGNOSIS: Same.',
  'PROCEDURE PERFORMED: Laparoscopic cholecystectomy.',
  'SURGEON: Dr. Moreau.',
  'ANESTHESIA: General endotracheal.',
  'ESTIMATED BLOOD LOSS: 15 mL.',
  'FLUIDS: 1 L crystalloid.',
  'DRAINS: None.',
  'SPECIMENS: Gallbladder to pathology.',
  'COMPLICATIONS: None.',
  'TOURNIQUET TIME: Not applicable.',
  'INDICATIONS FOR PROCEDURE: Recurrent biliary colic with stones on ultrasound.',
  'INTRAOPERATIVE FINDINGS: Chronically inflamed gallbladder.',
  'DESCRIPTION OF PROCEDURE: The patient was placed supine and four ports were placed.',
].join('\n');

describe('sections: a header of any report type is never a problem', () => {
  it('an operative report: every header after PREOPERATIVE and POSTOPERATIVE DIAGNOSIS is a section, inline', () => {
    assert.deepEqual(
      headers(OPERATIVE_AFTER_DIAGNOSIS),
      OPERATIVE_AFTER_DIAGNOSIS.split('\n').map((l) => l.slice(0, l.indexOf(':') + 1)),
    );
    // The procedure's text is in its own section, not in the diagnoses.
    const description = sentences(OPERATIVE_AFTER_DIAGNOSIS).find(([t]) => t.startsWith('The patient was placed'));
    assert.equal(description?.[1], 'description of procedure');
  });

  it('the same headers on lines of their own, as many transcribed reports write them', () => {
    const text = OPERATIVE_AFTER_DIAGNOSIS.replace(/: /g, ':\n');
    assert.equal(headers(text).length, OPERATIVE_AFTER_DIAGNOSIS.split('\n').length);
    assert.ok(headers(text).includes('ESTIMATED BLOOD LOSS:'));
  });

  it("a condition's name over its plan stays a problem of the assessment: CHF:, Pneumonia:, Atrial fibrillation:", () => {
    const text = [
      'ASSESSMENT AND PLAN:',
      'CHF:',
      'Continue furosemide, daily weights.',
      'Pneumonia:',
      'Day 3 of ceftriaxone.',
      'Atrial fibrillation:',
      'Rate controlled on metoprolol.',
      'Weight loss:',
      'Dietitian to see.',
      'DISPOSITION:',
      'Home in 2 days.',
    ].join('\n');
    assert.deepEqual(headers(text), ['ASSESSMENT AND PLAN:', 'DISPOSITION:']);
    assert.deepEqual(
      sentences(text).map(([, section]) => section),
      [
        'assessment and plan',
        'assessment and plan',
        'assessment and plan',
        'assessment and plan',
        'assessment and plan',
        'assessment and plan',
        'assessment and plan',
        'assessment and plan',
        'disposition',
      ],
    );
  });

  it("an unknown label ending in a section's word is a section even in a problem list; a condition is not", () => {
    const text = [
      'DIAGNOSIS:',
      'Invasive ductal carcinoma.',
      'ACUTE KIDNEY INJURY:',
      'Resolved.',
      'ADDITIONAL PATHOLOGIC FINDINGS:',
      'Fibrocystic change.',
    ].join('\n');
    assert.deepEqual(headers(text), ['DIAGNOSIS:', 'ADDITIONAL PATHOLOGIC FINDINGS:']);
  });

  it('a note whose first line is CC: keeps that section; SOAP letters are sections, the pulse "P: 88" is not', () => {
    assert.deepEqual(headers('CC: Chest pain.\nHPI: 60M with pressure.'), ['CC:', 'HPI:']);
    const soap = 'S: Feels better.\nO: Afebrile.\nP: 88 regular.\nA: Improving.\nP:\nCHF: continue diuresis.';
    assert.deepEqual(headers(soap), ['S:', 'O:', 'A:', 'P:']);
    // Under "P:" (a plan), "CHF:" is a problem of it.
    assert.deepEqual(sentences(soap).at(-1), ['CHF: continue diuresis.', 'p']);
    assert.equal(sentences(soap).find(([t]) => t.startsWith('P: 88'))?.[1], 'o');
  });
});

describe('sections: spellings and layouts', () => {
  it('(S)/(ES) suffixes, plurals and singulars, abbreviations name their canonical section', () => {
    const cases: Array<[string, string | undefined]> = [
      ['PROCEDURE(S) PERFORMED', 'procedure'],
      ['Diagnosis(es)', 'diagnoses'],
      ['FINDING(S)', 'findings'],
      ['Impressions', 'impression'],
      ['Complication', 'complications'],
      ['CC', 'chief complaint'],
      ['HPI', 'history of present illness'],
      ['PMH', 'past medical history'],
      ['ROS', 'review of systems'],
      ['EBL', 'estimated blood loss'],
      ['A/P', 'assessment and plan'],
      ['S', 'subjective'],
      // Lower-case one letter, a condition, a phrase that starts like a header: no section.
      ['s', undefined],
      ['Breast cancer', undefined],
      ['Weight loss', undefined],
      ['History of falls', undefined],
    ];
    assert.deepEqual(
      cases.map(([name]) => [name, sectionOf(name)]),
      cases,
    );
    assert.equal(sectionOfSegment('p'), 'plan');
  });

  it('transcription artefacts: a comma after the colon, a doubled colon, markdown bold', () => {
    assert.deepEqual(headers('FINDINGS:, Normal.\nIMPRESSION:,\nNo acute disease.'), ['FINDINGS:,', 'IMPRESSION:,']);
    assert.deepEqual(sentences('Pre-op Dx:: Chronic tonsillitis.'), [['Chronic tonsillitis.', 'pre-op dx']]);
    // A transcription run into one line: each header after a sentence's end, its comma with it.
    const run = 'HISTORY OF PRESENT ILLNESS:, A 67-year-old man with hematuria.  PAST MEDICAL HISTORY:, Gout.  OPERATIONS:, None.';
    assert.deepEqual(headers(run), ['HISTORY OF PRESENT ILLNESS:,', 'PAST MEDICAL HISTORY:,', 'OPERATIONS:,']);
    assert.deepEqual(sentences(run), [
      ['A 67-year-old man with hematuria.', 'history of present illness'],
      ['Gout.', 'past medical history'],
      ['None.', 'operations'],
    ]);
    const md = '**Chief Complaint:** Syncope.\n**Plan**: Observe overnight.\n**Important** take it with food.';
    assert.deepEqual(headers(md), ['**Chief Complaint:**', '**Plan**:']);
    assert.deepEqual(
      sentences(md).map(([, s]) => s),
      ['chief complaint', 'plan', 'plan'],
    );
  });

  it('in findings and examinations a Title Case label is a field of the section; a label in capitals or a known one is a section', () => {
    const text = ['FINDINGS:', 'Liver: Normal in size.', 'Gallbladder: Distended with stones.', 'IMPRESSION: Acute cholecystitis.'].join('\n');
    assert.deepEqual(headers(text), ['FINDINGS:', 'IMPRESSION:']);
    assert.deepEqual(headers('PHYSICAL EXAMINATION:\nGen: alert.\nHEENT: normocephalic.\nLabs: WBC 12.'), ['PHYSICAL EXAMINATION:', 'HEENT:', 'Labs:']);
  });
});

describe('sections: the vocabulary', () => {
  const file = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/src/engine/text/sectionVocabulary.json'), 'utf8')) as {
    sections: Record<string, { in: string[]; headers: string[] }>;
  };

  it('each header names exactly one canonical section; each canonical section names itself', () => {
    const seen = new Map<string, string>();
    for (const [canonical, entry] of Object.entries(file.sections)) {
      for (const header of [canonical, ...entry.headers]) {
        assert.equal(header, header.toLowerCase().trim(), `${header}: lower case, trimmed`);
        assert.ok(!seen.has(header), `${header}: under ${seen.get(header)} and ${canonical}`);
        seen.set(header, canonical);
        assert.equal(sectionOf(header.length === 1 ? header.toUpperCase() : header), canonical, header);
      }
    }
  });

  it('covers the eight report types (H&P, discharge, consult, progress, operative, radiology, pathology, ED), each with the sections such a report writes', () => {
    const byType = new Map<string, string[]>();
    for (const s of canonicalSections()) for (const t of s.in) byType.set(t, [...(byType.get(t) ?? []), s.name]);
    for (const t of byType.keys()) assert.ok(t in REPORT_TYPES, `${t}: no such report type`);
    for (const t of ['hp', 'discharge', 'consult', 'progress', 'operative', 'radiology', 'pathology', 'ed']) {
      assert.ok((byType.get(t)?.length ?? 0) >= 6, `${t}: ${byType.get(t)?.join(', ')}`);
    }
    for (const [type, name] of [
      ['operative', 'estimated blood loss'],
      ['operative', 'postoperative diagnosis'],
      ['radiology', 'comparison'],
      ['pathology', 'gross description'],
      ['ed', 'medical decision making'],
      ['progress', 'subjective'],
      ['discharge', 'hospital course'],
    ])
      assert.ok(byType.get(type)?.includes(name), `${type}: ${name}`);
  });
});
