/**
 * The PHI rules that raise recall, on synthetic notes written for these tests: each rule
 * with a sentence it must find and one it must leave alone (vitals, drugs, clinical words).
 */
import * as assert from 'node:assert/strict';
import { detectPhi } from '../../../server/src/engine/tasks/phi/detect';
import { found, has, lacks } from '../../support/phiRules';

describe('PHI recall rules (synthetic notes)', () => {
  it('a name after a title stops before a lower-case word that is also a name where case tells (a parted first letter aside)', () => {
    const note = 'Dr. Okonkwo saw the patient on 7/22. Okonkwo case report reviewed. Seen by Dr. Grace Hill today.';
    has(note, 'name', 'Okonkwo');
    lacks(note, 'saw');
    lacks(note, 'case');
    has(note, 'name', 'Grace Hill');
    // Without case cues a name that is also a word still goes on with the name.
    has('dr. ames hill aware of k 3.1, repleted.', 'name', 'ames hill');
  });

  it('takes a name or place found with context where the note repeats it', () => {
    const note = 'ADMITTED FROM WEXBRIDGE HOSPITAL AFTER A FALL. 3/4 AT WEXBRIDGE GIVEN 2 FFP. DR. HALVORSTAD AWARE; HALVORSTAD TO CALL BACK.';
    has(note, 'location', 'WEXBRIDGE', note.indexOf('AT WEXBRIDGE'));
    has(note, 'name', 'HALVORSTAD', note.indexOf('; HALVORSTAD'));
    // A name that is also an English word, or a drug, does not spread.
    const plain = 'Wife Rose at bedside. Rose bengal stain neg. Dr. Lasix-Ordway aware, lasix 40 mg given.';
    lacks(plain, 'Rose', plain.indexOf('. Rose'));
    lacks(plain, 'lasix 40');
  });
});

describe('PHI recall rules for places (synthetic notes)', () => {
  it('finds regions before a region word, towns before a state, wards beside a care unit', () => {
    has('Family drove in from the Marrow Shore overnight and met with team.', 'location', 'Marrow Shore');
    has('DTR DROVE UP FROM THE WESTERN SHORE LAST NIGHT, UPDATED BY TEAM.', 'location', 'WESTERN SHORE');
    has('pt lives with daughter in dunmoor maryland, retired teacher.', 'location', 'dunmoor');
    has('HX OBTAINED FROM C-MICU/WEXFORTH/CCU NOTES.', 'location', 'WEXFORTH');
    has('Last week the patient went to Harbor for a rash, then home.', 'location', 'Harbor');
    has('came here by ambulance from mercy square hosp overnight.', 'location', 'mercy square');
    const ward = 'Will likely move to Wexcombe 2/3 in the morning.';
    has(ward, 'location', 'Wexcombe');
    has('bed requested, will move to wexcombe 2/3. dtr aware.', 'location', 'wexcombe 2/3');
    assert.ok(!detectPhi(ward).some((s) => s.type === 'date'), JSON.stringify(found(ward)));
    // Several places in one note: each ward number joins its own place, none another's.
    const several = 'Came from Keswold Nursing Home. Transferred to Wexcombe 2 overnight. Seen at GH ER. Moves to Quartermain 3/4 today.';
    has(several, 'location', 'Keswold');
    has(several, 'location', 'Wexcombe 2');
    has(several, 'location', 'Quartermain 3/4');
    assert.ok(!detectPhi(several).some((s) => s.type === 'date'), JSON.stringify(found(several)));
  });

  it('finds a care home by its name before Nursing Home, Nursing Agency, Health Center', () => {
    has('SW ARRANGING CARE THROUGH R. WEXFORD NURSING AGENCY NEXT WEEK.', 'location', 'R. WEXFORD');
    has('pt lives at Keswold Nursing Home, dtr visits daily.', 'location', 'Keswold');
    for (const note of ['pt lives in nursing home. needs skilled nursing facility, home care agency.', 'D/C TO NURSING HOME VS SKILLED NURSING FACILITY.'])
      assert.deepEqual(found(note), [], note);
  });

  it('takes an abbreviation before cath, not a device; a place after intubated at or evaluated at', () => {
    has('TRANSFERRED HERE AFTER HIS GH CATH, STENT TO LAD.', 'location', 'GH');
    has('pt was intubated at Wexbury and flown here.', 'location', 'Wexbury');
    for (const note of ['HD today through her perma cath, tolerated.', 'coude cath placed by urology, draining well.']) assert.deepEqual(found(note), [], note);
  });

  it('finds a hospital abbreviation by its shape, not a clinical one', () => {
    has('Records from UWMC reviewed, old echo there showed EF 30%.', 'location', 'UWMC');
    has('Old films at GH show the same nodule.', 'location', 'GH');
    const clinical = 'PMH: HTN, ICH, SAH, BPH, LVH. NPH 10 units given, ETOH abuse, was in USOH. Neuro checks QIH. FH and SH noncontributory, WIH family.';
    assert.deepEqual(found(clinical), [], clinical);
  });

  it("finds a saint's name as a place, not sinus tachycardia", () => {
    has('Pt was seen at St. Wexholm last week for cp.', 'location', 'St. Wexholm');
    has('PT WAS SEEN AT ST. BRIGIDA LAST WEEK.', 'location', 'ST. BRIGIDA');
    for (const note of ['CV: HR 90-110s ST. Stable BP, palpable pulses.', 'EKG: ST. ELEVATION IN V2-V4, ST 110S.']) assert.deepEqual(found(note), [], note);
  });

  it('leaves falls, window bays, unit pairs and sleep alone', () => {
    for (const note of [
      'PT AT RISK FOR FALLS, BED ALARM ON. NO FALLS THIS SHIFT.',
      'pt resting in bed 4 near the window bay, lungs clear.',
      'transferred from western maryland, 2 units prbc given.',
      'REPORT GIVEN TO MICU/CCU TEAMS. SICU/ANESTHESIA AWARE.',
      'Pt went to sleep at 2200. She went to Dialysis at 1400.',
      'returned to the hospital floor, day 3 in hospital.',
    ])
      assert.deepEqual(
        found(note).filter(([t]) => t === 'location' || t === 'name'),
        [],
        note,
      );
  });
});

describe('PHI recall rules for names (synthetic notes)', () => {
  it('takes a capital in a note of lower case as a name beside a role or a verb', () => {
    const note = 'report from Wendy Fields, RN at 0700. pt resting, vs stable. plan per Ortho and per Pharmacy, zyprexa given.';
    has(note, 'name', 'Wendy Fields');
    for (const word of ['Ortho', 'Pharmacy', 'zyprexa']) lacks(note, word);
  });

  it('finds a parted first letter after a title, a first name that is a word before a surname, callers, a relative named like an abbreviation', () => {
    has('Seen by Dr. o brannigan this am, plan unchanged.', 'name', 'o brannigan');
    has('wound team: will consult with patty wexholm tomorrow.', 'name', 'patty wexholm');
    const callers = 'family: joe called twice overnight, and george visited after supper.';
    has(callers, 'name', 'joe');
    has(callers, 'name', 'george');
    const ed = 'Plan discussed with her Son, Ed, at the bedside. Sent to ED for CT later.';
    has(ed, 'name', 'Ed');
    lacks(ed, 'ED', ed.indexOf('to ED'));
  });

  it('finds the names listed after Drs. or after Dr. X and, and a name said as one', () => {
    has('Drs. Ames, Quellan and Ruiz in to see pt.', 'name', 'Quellan');
    has('Drs. Ames, Quellan and Ruiz in to see pt.', 'name', 'Ruiz');
    has('Seen by Dr. Ames and Okonkwo this am.', 'name', 'Okonkwo');
    has('pt prefers to be called by a nickname, goes by Lou; her sister named Tess.', 'name', 'Lou');
    has('pt prefers to be called by a nickname, goes by Lou; her sister named Tess.', 'name', 'Tess');
    const drug = 'SBP 85, called Dr. Ames, Esmolol gtt held. Dr. Ames and Pharmacy aware.';
    lacks(drug, 'Esmolol');
    lacks(drug, 'Pharmacy');
  });

  it('finds a name after NP as after RN, and leaves a cough alone', () => {
    has('Line placed by NP Quistorff, cxr pending.', 'name', 'Quistorff');
    has('LINE PLACED BY NP WEXHOLM, CXR PENDING.', 'name', 'WEXHOLM');
    assert.deepEqual(found('np cough overnight, lungs clear, NP suctioned x2.'), []);
  });

  it('finds names after more relatives and carers, not a relative word after another', () => {
    const note = 'LEGAL GUARDIAN: Niece, Tessa Wexholm, lives out of state. Stepmother Ingrid and caregiver Marisol visited.';
    for (const name of ['Tessa', 'Ingrid', 'Marisol']) has(note, 'name', name);
    lacks(note, 'Niece');
  });

  it('finds a sign-off before its credentials', () => {
    has('Plan: cont to monitor, wean as tol.\nMarla Quist RN, BSN\n', 'name', 'Marla Quist');
    has('plan: wean vent as tol.\nk. wendle rn ccrn', 'name', 'wendle');
    assert.deepEqual(found('Plan: cont to monitor.\nfamily updated RN BSN'), []);
  });

  it('leaves relatives, services, care words and misspellings after md alone', () => {
    for (const note of [
      'son and grandson called today, lab called with k 6.1, pharmacy called re vanco level.',
      'discussed with case management, consult with wound care re sacral area.',
      'diet advanced per md verbl, ate half of lunch.',
      'Dr. A aware of K 3.1, repleted. Was afraid to miss a meeting with a counselor.',
    ])
      assert.deepEqual(
        found(note).filter(([t, w]) => t === 'name' && w !== 'A'),
        [],
        note,
      );
  });
});

describe('PHI rules for vent settings (synthetic notes)', () => {
  it('reads pressure support over PEEP as settings, across a wrapped line or before an oxygen fraction', () => {
    for (const note of ['weaning well. Vent \nnow at 8/5 since noon.', 'Resp: kept on 5/5, 40% overnight.', 'ABG fine on 10/5.'])
      assert.deepEqual(found(note), [], note);
    has('Seen in clinic 5/5, started on lasix 20 mg.', 'date', '5/5');
  });
});

describe('PHI rules for phone layouts (synthetic notes)', () => {
  it('finds three groups in parentheses, a digit too many in the last', () => {
    has('best number for the wife (410 555 01234) per the face sheet.', 'phone', '410 555 01234');
    assert.deepEqual(found('I/O (1200 800), HR (110 120 130s).'), []);
  });
});

describe('PHI rules for years (synthetic notes)', () => {
  it('reads 1960-1999 after in or since as a year, and a time of day as none', () => {
    has('s/p CABG in 1998, on insulin since 1987.', 'date', '1998');
    has('s/p CABG in 1998, on insulin since 1987.', 'date', '1987');
    assert.deepEqual(found('voided 300cc since 1930, next dose at 2000, intake in 1960 ml.'), []);
    has('PMH: CABG \u201901, knee repair \u201988.', 'date', '01');
    assert.deepEqual(found('Height 5\u201910, weight 80 kg.'), []);
  });
});

describe('PHI rules for dates, IDs, ages and addresses in more layouts (synthetic notes)', () => {
  it('a range of dates ends in a date; a range of fractions or a score is none', () => {
    has('Cefazolin 4/28-5/3, then keflex.', 'date', '5/3');
    has('Away for a wedding 12/29-1/3.', 'date', '1/3');
    assert.ok(!detectPhi('Lungs clear up 1/4-1/3 of the way.').some((s) => s.type === 'date'), 'fractions running back');
    assert.ok(!detectPhi('Pt reports headache 7/10, relieved to 3/10.').some((s) => s.type === 'date'), 'pain scores');
    has('STRESS ECHO ON 4/10 WAS NORMAL.', 'date', '4/10');
  });

  it('a month and year (11/2016), a month alone after in or since, a dashed date after s/p', () => {
    has('Last colonoscopy 11/2016, normal.', 'date', '11/2016');
    has('Symptoms since February, worse at night.', 'date', 'February');
    has('Had a flare in May that resolved.', 'date', 'May');
    assert.deepEqual(found('She may be discharged in the morning; this may help.'), []);
    has('pt is 61 yo m s/p fall 6-19, intubated at scene.', 'date', '6-19');
    assert.deepEqual(found('on 2-3 L nc, sats 95%. uo 40-60 cc/hr.'), []);
  });

  it("this century's years after in, since or from; a time of day on the hour after since is none", () => {
    has('Hip replaced in 2012, doing well.', 'date', '2012');
    has('Diabetic since 2008, on metformin.', 'date', '2008');
    assert.deepEqual(found('NPO since 2000, voided at 2015.'), []);
  });

  it('IDs after accession, job, claim and member labels, with letters and dashes', () => {
    has('Accession: QP-2291087 received.', 'id', 'QP-2291087');
    has('Job #: 5521907', 'id', '5521907');
    has('Claim no. LT-2011-55321 pending.', 'id', 'LT-2011-55321');
    has('member ID RBX-5520-1187 on file', 'id', 'RBX-5520-1187');
    assert.deepEqual(found('Case 2 of 3 today.'), []);
  });

  it('an age over 89 spelt out; an address with an abbreviated street and unit, in capitals too', () => {
    has('A lively ninety-two-year-old woman.', 'age', 'ninety-two');
    has('Lives at 42 Orchard Pl, Apt 3C with her son.', 'address', '42 Orchard Pl, Apt 3C');
    has('ADDRESS: 915 MILLBROOK AVENUE', 'address', '915 MILLBROOK AVENUE');
    assert.deepEqual(found('GU: 3 WAY FOLEY IN PLACE, DRAINING.'), []);
  });

  it('a house number and its street after a word of living, a direction letter, a unit after ST in capitals; a rhythm or leads before ST are none', () => {
    has('SON CALLED. HOME 27 W CHAPEL ST. PT WORKS NIGHTS.', 'address', '27 W CHAPEL ST');
    has('PT LIVES 118 LINDEN ST APT 4 WITH HIS SISTER.', 'address', '118 LINDEN ST APT 4');
    has('s/p fall at home 63 sumner st,east end, found by neighbor', 'address', '63 sumner st');
    has('lives alone at 9 hollis view ter, no elevator.', 'address', '9 hollis view ter');
    has('dad farms. home 310 quarry rd, no cell.', 'address', '310 quarry rd');
    // ("at 110 sinus ST", "on 2 leads st": a rate's rhythm and an ECG's leads; "on 3 leads st elevation".)
    lacks('HR at 110 sinus ST overnight, no ectopy.', 'sinus ST');
    lacks('new changes on 2 leads st, cardiology aware.', 'leads st');
    lacks('ekg with changes on 3 inferior leads st elevation 2mm.', 'leads st');
  });
});

describe('PHI rules for names told by marks (synthetic notes)', () => {
  it('initials signing a line or a note, and a dictation mark; abbreviations are none', () => {
    has('pt resting, vss.\njl rn', 'name', 'jl');
    has('Drain placed under US guidance, witnessed by tq rn today.', 'name', 'tq');
    has('lytes repleted, plan to wean. -kv', 'name', 'kv');
    const dictated = 'Impression: stable.\nPAL/wrt\nD: 03/04';
    has(dictated, 'name', 'PAL');
    has(dictated, 'name', 'wrt');
    assert.deepEqual(found('P: DNR/DNI, COMFORT CARE.'), []);
  });

  it('a name after a label, in a nickname in quotes, after a title of another language', () => {
    has('PATIENT: BRANNIGAN, ROSALEEN  MRN: 2287419', 'name', 'BRANNIGAN, ROSALEEN');
    has('Accompanied by her nephew Lorenzo ("Enzo") today.', 'name', 'Enzo');
    has('Lives with her grandmother, Doña Remedios, in a second-floor apartment.', 'name', 'Remedios');
    has('cc: Fiona Kettering, MD', 'name', 'Fiona Kettering');
  });

  it('a name then who it is; a letter or message signed; initials alone ending the note; Fr. before a name', () => {
    has("LEFT MESSAGE FOR TERRY, PT'S NEPHEW, TO CALL BACK.", 'name', 'TERRY');
    has('Spoke at length with Odile, her daughter, by phone.', 'name', 'Odile');
    has('Please call with questions.\n\nSincerely,\nHollis Brandt, NP', 'name', 'Hollis Brandt');
    has('can we move it to friday? thanks! - Wren', 'name', 'Wren');
    has('PT TURNED Q2H, SKIN INTACT.\nVQ', 'name', 'VQ');
    has('family requests chaplain, fr. kavanagh paged.', 'name', 'kavanagh');
    assert.deepEqual(found('14 Fr. catheter placed without difficulty.'), []);
  });

  it('a name that is also a word: after a relative where case tells, and again where the note repeats it capitalised', () => {
    const text = 'Met with his wife May and sons Declan and Rory. Later Declan said the family agrees; Rory will visit.';
    has(text, 'name', 'May');
    has(text, 'name', 'Declan', text.indexOf('Later'));
    assert.ok(!detectPhi('Staff Has received the blood. RN Note: stable.').some((s) => /Has|Note/.test(s.text)));
    assert.deepEqual(
      found('Daughter Ann and son-in-law visited.').map(([, t]) => t),
      ['Ann'],
    );
  });

  it('an ID of dashed groups with no label; ventilator settings are none', () => {
    has('Biopsy reviewed (QX-R22-5581).', 'id', 'QX-R22-5581');
    assert.deepEqual(found('Placed on AC-18-40-450 overnight.'), []);
    assert.ok(!detectPhi('Fixation of the 2nd and 3rd ribs.').some((s) => s.type === 'date'));
    assert.deepEqual(found('NEURO: MAE 5/5, FOLLOWS COMMANDS.'), []);
  });

  it('a name with an accent is one word (José, Inês), not cut at its letter', () => {
    const text = 'Seen with interpreter Inês and son José Antônio.';
    has(text, 'name', 'Inês');
    has(text, 'name', 'José Antônio');
  });
});
