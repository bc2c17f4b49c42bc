/**
 * The PHI rules for institutions and towns, on synthetic sentences written for these tests:
 * each rule with what it must find and the clinical look-alikes it must leave alone.
 */
import * as assert from 'node:assert/strict';
import { found, lacks as lacksAny, overlaps } from '../../support/phiRules';

const has = (text: string, phrase: string, from = 0) => overlaps(text, 'location', phrase, from);
const lacks = (text: string, phrase: string, from = 0) => lacksAny(text, phrase, from, 'location');

describe('PHI rules for institutions (synthetic notes)', () => {
  it('finds a name before a kind of place: a practice, a school, a church, a pharmacy, a shelter', () => {
    has('PCP is Dr. Lund at Copperfield Family Practice; records requested.', 'Copperfield');
    has('Her son teaches at Oakhurst Middle School and visits daily.', 'Oakhurst');
    has('Prescriptions go to Pell Lane Pharmacy as before.', 'Pell Lane');
    has('Deacon from St. Bartholomew Parish visited this evening.', 'St. Bartholomew');
    has('Staying nights at Tamsin House until housing opens up.', 'Tamsin');
    has('Pt referred to Quarry Ridge Respite for a bed next week.', 'Quarry Ridge');
    has('Cardiology follow up with Greywater Heart Associates in two weeks.', 'Greywater');
  });

  it('finds them in a note written in capitals, after a preposition of place or as a letterhead', () => {
    has('PT WORKED AS A JANITOR AT ELMBROOK STREET SCHOOL. NO TOBACCO.', 'ELMBROOK STREET');
    has('HOME WITH VNA (DUNSTABLE VNA). FOLLOW UP IN CLINIC.', 'DUNSTABLE');
    has('REFERRAL SENT TO GRANITE HILL CARDIAC REHAB. CALL WITH QUESTIONS.', 'GRANITE HILL');
    has('96 YO M SENT FROM WILLOWMERE NURSING & REHAB FOR FEVER AND COUGH.', 'WILLOWMERE');
    has('SOUTH RIDGE LUNG ASSOCIATES\n12 Tern Way\nDear Dr. Ames,', 'SOUTH RIDGE');
  });

  it('leaves descriptors, departments and care plans alone', () => {
    lacks('Seen at the Family Practice clinic last month.', 'Family');
    lacks('Retired from teaching middle school, lives alone.', 'middle school');
    lacks('Clinical Pharmacy recommends renal dosing of cefepime.', 'Clinical');
    lacks('PT WILL NEED CARDIAC REHAB AFTER DISCHARGE.', 'CARDIAC');
    lacks('PT REFUSED REHAB, PREFERS HOME WITH VNA.', 'VNA');
    lacks('Discussed with House Staff overnight.', 'House');
    lacks('Followed in the Occupational Health Clinic for a needle stick.', 'Health');
  });

  it('finds a hospital named at a line start, before its abbreviation in brackets, and the abbreviation again', () => {
    has('DISCHARGE NOTE - Pellham General Hospital\nPatient seen today.', 'Pellham');
    const note = 'TX FROM BRAMWELL GENERAL HOSPITAL (BGH) YESTERDAY. CT AT BGH NEGATIVE.';
    has(note, 'BRAMWELL');
    has(note, 'BGH');
    has(note, 'BGH', note.indexOf('AT BGH'));
    has('Ablation at Pellham General last spring, no recurrence.', 'Pellham');
    has('Fixation of the wrist at DMH on 3/4 by ortho.', 'DMH');
  });

  it('takes no nurse kind or cognitive test for a place', () => {
    lacks('WOC nurse saw the stoma today.', 'WOC');
    lacks('PER NH NURSE PT AT BASELINE.', 'NH');
    lacks('Exam: MoCA 26/30, alert.', 'MoCA');
  });
});

describe('PHI rules for towns (synthetic notes)', () => {
  it('finds a town after a preposition of place where case tells, and its neighbourhood', () => {
    has('She lives with her niece in Brindlemoor Heath and walks daily.', 'Brindlemoor Heath');
    has('Family drove down from Dunmoor this morning.', 'Dunmoor');
    has('Spent the summer on the Vineyard with family.', 'Vineyard');
    has('Brought in by Ashford EMS after a fall.', 'Ashford');
  });

  it('finds a town before a comma and its state with no cue before it, in any case, of up to three words', () => {
    // (Nothing before the town says it is one: no preposition, no move.)
    has('Moved Dunmoor, Maryland last year; no local family.', 'Dunmoor');
    has('MOVED DUNMOOR, MARYLAND LAST YEAR. NO LOCAL FAMILY.', 'DUNMOOR');
    has('moved to dunmoor, maryland last year. no local family.', 'dunmoor');
    // A state of two words after the comma, a town of two before it.
    has('Retired Pelham Falls, New Hampshire machinist, here with his wife.', 'Pelham Falls');
    // The town's first word is no preposition and no word of the sentence before it.
    lacks('Moved Dunmoor, Maryland last year; no local family.', 'Moved');
    // A clinical word or a drug before a comma is no town.
    lacks('Pain, Maryland protocol followed for the block.', 'Pain');
    lacks('Atenolol, Maryland formulary substitute given.', 'Atenolol');
    lacks('tylenol, maryland formulary substitute given.', 'tylenol');
  });

  it('finds a listed town in a note of one case', () => {
    has('A 70 YEAR OLD MAN FROM BROCKTON WITH CHEST PAIN.', 'BROCKTON');
    has('pt transferred from st. brigid in lowell overnight.', 'lowell');
  });

  it('leaves clinical words after a preposition alone', () => {
    lacks('Remains in A-fib with rates 110s.', 'A-fib');
    lacks('Specimen placed in Endocatch bag and removed.', 'Endocatch');
    lacks('Changed from Ambien to melatonin.', 'Ambien');
    lacks('Bleeding from hemrroids, small amount.', 'hemrroids');
    lacks('ls coarse in upper lobes, diminished at bases.', 'upper lobes');
    lacks('Follow up in Cardiology in March.', 'Cardiology');
    lacks('Follow up in Cardiology in March.', 'March');
    lacks('PT IN ST NOW, RATE 110.', 'ST NOW');
  });

  it('finds a town before a state code and ZIP, a workplace after work words', () => {
    has('Mailing address: 4 Fern Ct, Ashby Falls, NH 03431. Phone on file.', 'Ashby Falls');
    has('Pellham, MA 02111\nRe: follow up', 'Pellham');
    lacks('Signed: Lena Ortiz, MD 02111 on file', 'Lena Ortiz');
    has('HE WORKED AT TOLLIVER MILLWORKS UNTIL 2001.', 'TOLLIVER MILLWORKS');
    has('She works nights at Marlow Freight as a dispatcher.', 'Marlow Freight');
    lacks('Husband works at night, daughter at home.', 'night');
    lacks('meeting w/ social work for emotional support due to stress.', 'emotional');
  });

  it("a US town from the ZIP codes' list after in or from, of one word or several; a town that is an English word needs its capital", () => {
    has('pt lives w/ dtr in mattapan, she visits daily.', 'mattapan');
    has('Drove up from Woods Hole this morning with her son.', 'Woods Hole');
    has('DAUGHTER DRIVING IN FROM SOUTH BOSTON TONIGHT.', 'SOUTH BOSTON');
    assert.deepEqual(found('cont ivf in normal saline at 75/hr. in hope of diuresis.'), []);
  });
});

describe('PHI rule for a place named by where it stands (establishments.ts)', () => {
  it('a store, a clinic or a court before the town or the street it is in, after a preposition of place', () => {
    has('He slipped in the aisle at the Pennywhistle Grocer in Quincy this am.', 'Pennywhistle Grocer');
    has('wife works nights at the Market Basket in Dedham, call after 7', 'Market Basket');
    has('Gets HD three times a week at Brightwater in Medford.', 'Brightwater');
    has('Guardianship papers came from Probate and Family Court in Dedham today.', 'Probate and Family Court');
    has('PT FOUND DOWN IN THE LOT OF THE GOLDEN KETTLE ON HANCOCK ST, EMS CALLED', 'GOLDEN KETTLE');
    has('last drink at the rusty anchor in quincy per pt', 'rusty anchor');
  });

  it('leaves a generic place, a gathering, a relative or a title before a town alone', () => {
    lacks('He fell at the mall in Braintree and was brought in.', 'mall');
    lacks('Pt was at a wedding in Newton over the weekend.', 'wedding');
    lacks('pt staying at sister in quincy until dc', 'sister');
    lacks('records faxed from the hospital in Lynn', 'hospital');
    lacks('seen at rehab in lynn last month', 'rehab');
    lacks('Referred from Dr. Pell in Quincy for eval.', 'Dr');
    // No town after "in": "at the desk in the hall" names no place.
    lacks('Pt seen at the Nurses Station in the hall, then back to bed.', 'Nurses Station');
    lacks('pt at baseline in am per family', 'baseline');
  });
});
