/**
 * PHI rules from the dev25 round (dev25: terse ICU and step-down notes by many writers; dev26:
 * social-work, case-management and therapy notes full of places; both written blind, wrapped
 * at a fixed width; the sentences here are written here, none from a corpus): a phrase that
 * runs on over a soft line break, a roster of clinicians and a slash between two, "d/w", a
 * sitter, a case manager, an initial and a surname before PGY, a writer's initials ending
 * the note, a date after a shift's hours, a parish, a visiting nurses' agency, a health plan
 * without its colon, an abbreviation in brackets after a hospital, a company by its kind, a
 * year a job ended; and the false friends of each.
 */
import * as assert from 'node:assert/strict';
import { detectPhi } from '../../../server/src/engine/tasks/phi/detect';
import { unwrapped } from '../../../server/src/engine/tasks/phi/wraps';
import { has, lacks, none } from '../../support/phiRules';

/** A paragraph wrapped at 60 columns, as a note printed or typed at a fixed width. */
const WRAPPED = [
  'Lives alone in a third floor walk-up since her husband died.',
  'Retired from the telephone company in 1994. Parish is',
  'Sts. Cyril and Methodius; her sister in law drives her there.',
  'Dtr works nights and calls daily. Pt originally from',
  'Pawtucket, moved up here after retiring. Son Ray lives in',
  'Cranston. Plan: home with services once she can do stairs.',
].join('\n');

describe('PHI rules from wrapped and terse notes', () => {
  it('reads a paragraph wrapped at a width as one: the same length, breaks inside it as spaces', () => {
    const flat = unwrapped(WRAPPED);
    assert.equal(flat.length, WRAPPED.length);
    assert.ok(flat.includes('Parish is Sts. Cyril'));
    assert.ok(flat.includes('originally from Pawtucket'));
    // CRLF: both characters of a soft break become spaces.
    const crlf = unwrapped(WRAPPED.replace(/\n/g, '\r\n'));
    assert.equal(crlf.length, WRAPPED.replace(/\n/g, '\r\n').length);
    assert.ok(crlf.includes('Parish is  Sts.'));
  });

  it('keeps the breaks of short lines, labels, list items, time-stamped entries and paragraphs', () => {
    const header = 'NPN 7A-7P (day 3 in MICU) - Pellerin, Leo\nSkin intact. Leo is more motivated today.';
    assert.equal(unwrapped(header), header);
    const listed = [
      'Pt comfortable overnight on current regimen, pain well controlled,',
      'Plan: continue current regimen, wean oxygen as tolerated today,',
      '- lasix 40 mg iv this morning with potassium repletion as needed,',
      '1900 arrived from the OR on the vent, sedated, family updated.',
    ].join('\n');
    assert.equal(unwrapped(listed), listed);
    const paragraphs = ['x'.repeat(200), 'y'.repeat(180), 'z'.repeat(190)].join('\n');
    assert.equal(unwrapped(paragraphs), paragraphs);
  });

  it('finds a parish, a town and a relative whose cue ended the line before', () => {
    has(WRAPPED, 'location', 'Sts. Cyril and Methodius');
    has(WRAPPED, 'location', 'Pawtucket');
    has(WRAPPED, 'location', 'Cranston');
    // Offsets are the note's own: each span's text is the note's at its offsets.
    for (const s of detectPhi(WRAPPED)) assert.equal(WRAPPED.slice(s.start, s.end), s.text);
  });

  it('a roster of clinicians after "covering:" and the other half of a slashed pair', () => {
    has('full code. covering: hagopian/lindqvist', 'name', 'hagopian');
    has('full code. covering: hagopian/lindqvist', 'name', 'lindqvist');
    has('Covering: Okafor, Brandt', 'name', 'Brandt');
    has('CABG 1981. MEDICARE 022-18-4471A R. TEMPLETON/J. ASARO', 'name', 'R. TEMPLETON');
  });

  it('leaves a service, units and a team after "covering:"', () => {
    none('covering: ortho', 'name');
    none('covering: micu/ccu', 'name');
    none('Covering: Team B', 'name');
  });

  it('"d/w" a surname, a sitter, a case manager, an initial and a surname before PGY', () => {
    has('ok to wean per rounds. d/w feinberg re: dopa', 'name', 'feinberg');
    has('SAFETY: BED ALARM, SITTER LATRICE WITH PT 0000-0400', 'name', 'LATRICE');
    has('needs rehab -> cm donna looking at options', 'name', 'donna');
    has('pcp aware. d/w team. j. moss pgy2', 'name', 'j. moss');
  });

  it('leaves "d/w team", a sitter without a name, "a. fib" before a credential and a full stop before a credential', () => {
    none('d/w team re plan', 'name');
    none('PSYCH: 1:1 SITTER, SECTION 12 IN PLACE.', 'name');
    none('s/p 2 units. a. fib rn aware', 'name');
    lacks('ok to wean. mc rn', 'wean');
  });

  it("the writer's initials ending the note, alone or before credentials", () => {
    has('discussed with family and dr. roth. mk rn cm', 'name', 'mk');
    has('wife aware, ph 508-555-0133. kb pt', 'name', 'kb');
    has('plan: may transfer to floor tomorrow. jw', 'name', 'jw');
    has('REHAB PER DR. PACHECO. JOANNE LIMA, LICSW', 'name', 'JOANNE LIMA');
  });

  it('leaves a clinical abbreviation ending the note and a device after a colon', () => {
    none('PT STABLE, BP OK. HR', 'name');
    none('plan: may transfer to floor tomorrow. ck', 'name');
    none('ep nurse teaching re: icd.', 'name');
    none('stable overnight. abg', 'name');
  });

  it("a day after a shift's hours", () => {
    has('CCU NURSING 3P-11P 4-9 PT: MCGRATH', 'date', '4-9');
    has('micu nsg 7p-7a 2-14 neuro: lethargic', 'date', '2-14');
    has('nsg 0700-1900 3-2 pt alert', 'date', '3-2');
  });

  it("leaves oxygen after a shift's hours, a rib range and a score out of 28", () => {
    none('7a-7p 2-3 L NC', 'date');
    none('admitted after MVC with R rib fx 4-8', 'date');
    none('Tinetti 12/28 - high fall risk', 'date');
    none('Tinetti 12/28 - high fall risk', 'name');
  });

  it('a parish after its label; a visiting nurses agency; a health plan without its colon', () => {
    has('He is a parishioner of Our Lady of the Rosary and asked for the sacrament', 'location', 'Our Lady of the Rosary');
    has('PARISH SACRED HEART. POLISH INTERPRETER USED.', 'location', 'SACRED HEART');
    has('PARISHIONERS OF SANTO CHRISTO; GO TO THE SENIOR CENTER', 'location', 'SANTO CHRISTO');
    has('d/c home with VNA of Rhode Island PT, then outpatient', 'location', 'VNA of Rhode Island');
    has('nursing via VNA Care Network. Wife aware', 'location', 'VNA Care Network');
    has('prior to admit had vna of vt and nh nursing 1x/wk', 'location', 'vna of vt and nh');
    has('Enfield, CT. Insurance Health New England, ID HNE448219-01; auth obtained', 'location', 'Health New England');
    has('Insurance: BCBS ID XJH884120577', 'location', 'BCBS');
  });

  it('leaves "the parish priest", "PARISH BROUGHT IN", a VNA without a name, Medicare without its colon', () => {
    none('the parish priest visited', 'location');
    none('HIS OLD FRIEND FROM THE PARISH BROUGHT IN MAIL', 'location');
    none('referral to VNA for wound care', 'location');
    none('VNA of choice', 'location');
    none('Insurance Medicare', 'location');
    // (The plan's name ends before its number's word.)
    assert.deepEqual(
      detectPhi('Insurance: BCBS ID XJH884120577').map((s) => s.text),
      ['BCBS', 'XJH884120577'],
    );
  });

  it('an abbreviation in brackets after a hospital on the next line, or after "General"', () => {
    has('transferred from North Adams Regional Hospital\n(NARH) with urosepsis', 'location', 'NARH');
    has('TRANSFERRED FROM NEW BRITAIN GENERAL (NBGH) WITH NSTEMI', 'location', 'NBGH');
  });

  it('a company, a mill, a council and a cleaners by the kind of place their last word names', () => {
    has('worked in the office at Vermont Marble Company until 1972', 'location', 'Vermont Marble');
    has('PT SEWED AT JOAN FABRICS UNTIL THE MILL CLOSED', 'location', 'JOAN');
    has('agreed to referral to the Hispanic Health Council. Spanish', 'location', 'Hispanic Health');
    has('mom worked for years at Riverside Cleaners. They asked', 'location', 'Riverside');
  });

  it('leaves cardiac output, an increase, a student council and the company doctor', () => {
    none('FICK CO/CI/SVR 10.1/4.72/230 c/w TD CO 5.17', 'location');
    none('TOOK 2 PERC FOR STERNAL INC DISCOMFORT', 'location');
    none('the Student Council', 'location');
    none('the company doctor saw him', 'location');
  });

  it('the year a job ended, the line wrapped or not', () => {
    has('Lives with wife in Warwick. Was a\nmachinist at Brown & Sharpe in North Kingstown until 2000;', 'date', '2000');
    has('Worked at Sikorsky in Stratford until\n2004. Medicaid pending.', 'date', '2004');
  });

  it('leaves a clock time after "until" in a note of care, a country and a hotline', () => {
    none('was a smoker, NPO until 2000 then sips', 'date');
    none('Ms. Joseph is a 46 yo woman from Haiti with rheumatic mitral stenosis', 'location');
    none('HOTLINE 802-555-0110 GIVEN.', 'name');
    none('Step-Down Resident Note', 'name');
  });

  it('a town after a place and its comma where a mark follows; a hospital known by one word after a preposition', () => {
    has('Lives with wife in Kelley Square, Worcester. Works nights', 'location', 'Worcester');
    has('s/p ptca 1994 at memorial. pcp in shrewsbury aware', 'location', 'memorial');
    has('hx cea 1997 at good sam. pcp dr. oneil.', 'location', 'good sam');
    has('outpt pt at mercy after that.', 'location', 'mercy');
    has('referred to Dr. Lindqvist at the Deaconess. Social: wife', 'location', 'Deaconess');
  });

  it('leaves a word after a hospital and its comma before more words, a memorial service, Mercy Hospital whole', () => {
    none('seen at Mass General Hospital, Early AM labs pending', 'date');
    lacks('seen at Mass General Hospital, Early AM labs pending', 'Early');
    none('family went to memorial service', 'location');
    lacks('transferred to Mercy Hospital today', 'today');
  });

  it("a hospital's abbreviation alone in a headed first line; a lower-case letterhead", () => {
    has('PT Evaluation - EMMC, 6 South 8/12/98\nPt seen for gait', 'location', 'EMMC');
    has('case management note 9/21/04 dhmc 4 west, bed 2\npt seen', 'location', 'dhmc');
    has("spiritual care note - ynhh 1/1/06 (new year's day)\nvisited pt", 'location', 'ynhh');
    has('sw note - cheshire medical center 2/14/03\npt seen', 'location', 'cheshire medical center');
  });

  it('leaves a unit, a record number, a history and a floor in a headed first line', () => {
    none('NPN 1900-0700 NSICU\nNEURO: ALERT', 'location');
    none('sicu npn 7p-7a mrn 6610-2273\npt alert', 'location');
    none('ADMISSION NOTE - SEE ADMISSION FORM FOR DETAILS OF ADMISSION & PMH\nNEURO: ALERT', 'location');
    none('NURSING ASSESSMENT - 5 CENTER 03/08/1999\nPT ALERT', 'location');
    none('review of system\nneuro- pt alert', 'location');
  });

  it('where someone grew up or is from, though no list holds it; where a relative comes from', () => {
    has('pt grew up in brackettville and cooked 40 yrs at the mill', 'location', 'brackettville');
    has('Grew up in So. Boston; worked 30 yrs on the line', 'location', 'So. Boston');
    has('grew up on tobin hill. retired from the railroad', 'location', 'tobin hill');
    has('FAMILY FROM SPENCER. PT RETIRED FROM THE SHOP', 'location', 'SPENCER');
    has('daughter terri from holden also in today', 'location', 'holden');
  });

  it('leaves how someone grew up, a territory and a friend from work', () => {
    none('grew up in foster care, no contact with family', 'location');
    none('Grew up in Puerto Rico. Neuro: A&O x3', 'location');
    none('grew up in Georgia and moved north', 'location');
    none('a friend from work visited', 'location');
  });

  it('an age over 89 said in capitals after who; a boss by his first name', () => {
    has('LIVES WITH HER SISTER EILEEN, WHO IS 93. PASTOR VISITS', 'age', '93');
    has('pt asked if his boss frank could be called re: work note', 'name', 'frank');
  });

  it('leaves a pressure in capitals and a boss without a name', () => {
    none('BP IS 92. HR 80', 'age');
    none('his boss called re: work note', 'name');
  });

  it("the patient's name after pt before an age glued to the sex; a word there before a distance is none", () => {
    // (A surname that is a word too: only its place between pt and the age says it is one.)
    has('sicu nsg 7a-7p pt marsh, 52m, etoh w/d. neuro: a+ox3', 'name', 'marsh');
    none('pt stable, 40 m, no distress', 'name');
    none('pt ambulated 40m, tolerated well', 'name');
  });

  it("a ward by its own name after the room a transfer goes to, or before its floor's number while a bed is awaited", () => {
    has('pt transferred to 412 wexcombe. report given', 'location', 'wexcombe');
    has('ASSESS: STABLE. PLAN: HALVORSEN 4 WHEN BED AVAIL.', 'location', 'HALVORSEN');
    has('plan: dunmere 7 once a bed opens', 'location', 'dunmere');
  });

  it('leaves a floor by its direction, a unit, a bed and a number alone', () => {
    none('transferred to 5 north, report given', 'location');
    none('PLAN: MICU 2 WHEN BED AVAIL', 'location');
    none('transfer to 209 when bed ready', 'location');
    none('sent back to 12 after cath', 'location');
  });
});
