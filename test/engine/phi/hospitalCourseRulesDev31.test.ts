/**
 * PHI rules from the dev31 round (40 notes retelling long ICU stays, dense with dates, written
 * blind; the sentences here are written here, none from a corpus): a date in a list after a
 * dash on its own line; a date right after an event's word though a ventilator's word came
 * earlier; a dotted month.day after an event's word or before a time; a range of days of the
 * month; an initial and a surname after a role; a lawyer's name; initials in brackets after
 * "mr." in small letters; a name after a summary's label before an age written "81m"; a name
 * that is a word too before RN in a note of one case; a saint's hospital with "medical
 * center"; a university by its town; an employer after "Employer:"; and the false friends of
 * each: lab values, vent settings, ribs, an operation named for its surgeons, a long-term acute
 * care hospital by its kind, a schedule of dialysis days, a role's word after a name.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from notes that retell a hospital course', () => {
  it('a date in a list after a dash, after a line that ends a sentence', () => {
    has('Course:\n- 6/2: admitted, lasix 20 mg iv.\n- 6/4: echo, EF 30%.', 'date', '6/4');
  });

  it('a date right after an event word though a ventilator word came earlier in the sentence', () => {
    has('weaned to CPAP 5/5, reintubated 6/14 for hypoxia.', 'date', '6/14');
    has('BIPAP 12/5 SINCE 6/3, TOLERATING.', 'date', '6/3');
  });

  it('leaves the settings themselves', () => {
    none('weaned to CPAP 5/5, PS 10/5 overnight.', 'date');
  });

  it('a dotted month.day after an event word with two digits of the day, or glued before a time; both ends of a range', () => {
    has('Extubated 5.14, reintubated 5.16.', 'date', '5.14');
    has('Intubated 2.10-2.19 for airway protection.', 'date', '2.19');
    has('PEA ARREST 7.3@0415, ROSC AFTER 6 MIN.', 'date', '7.3');
  });

  it('leaves lab values and doses written with a decimal point', () => {
    none('K 4.2, Mg 2.1, phos 3.12, started 2.5 mg iv.', 'date');
    none('INR 1.9 after vit K; cr 2.14 from 1.9.', 'date');
  });

  it('a range of days of the month after "the", but not of ribs', () => {
    has('Spiked fevers the 3rd-5th, blood cx negative.', 'date', '5th');
    none('Fractures of the 9th-11th ribs on the left.', 'date');
  });

  it('an initial and a surname after a role; a lawyer and his name; initials in brackets after mr. in small letters', () => {
    has('d/w cm j. okafor re placement.', 'name', 'j. okafor');
    has('SW: K. DUBOIS AWARE.', 'name', 'K. DUBOIS');
    has('family friend and lawyer dennis roarke called.', 'name', 'dennis roarke');
    has('mr. abernathy (g.a.) 77m, pna.', 'name', 'g.a');
  });

  it("a name after a summary's label before an age in years and sex; a name that is a word too before RN in a note of one case", () => {
    has('recap: walter pruett 79m, admitted 6/2 from home.', 'name', 'walter pruett');
    has('present: dr ng (attending), rose rn, son tom.', 'name', 'rose');
  });

  it('leaves a role or a post before RN, a role after a name and RN, and an operation named for surgeons', () => {
    lacks('report given to day rn, float rn aware.', 'day');
    lacks('nora rn, chaplain fr. dunne visited.', 'chaplain');
    none('Pt s/p Ivor Lewis esophagectomy 5/2.', 'name');
  });

  it("a saint's medical center in small letters; a university by its town; an employer after Employer:", () => {
    has("transferred from st. vincent's medical center 6/1.", 'location', 'st. vincent');
    has('pt was a sophomore at boston university.', 'location', 'boston');
    has('Employer: Northeast Shipping. Lives alone.', 'location', 'Northeast Shipping');
  });

  it("leaves a valve's maker, a long-term acute care hospital by its kind, days of dialysis and a unit's letters", () => {
    lacks('AVR (#23 St. Jude mechanical) 1999.', 'mechanical');
    none('Screening for Braintree Rehab vs LTAC.', 'name');
    lacks('Screening for Braintree Rehab vs LTAC.', 'LTAC');
    lacks('HD at Waltham Dialysis (TTS) to resume.', 'TTS');
    lacks('transfer from bmt unit 6/11.', 'bmt');
  });
});
