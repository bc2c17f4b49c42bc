/**
 * PHI rules from the dev29 round (40 focus/DAR nursing notes of a community teaching hospital
 * in central and western Massachusetts, written blind; the sentences here are written here,
 * none from a corpus): a street before its town in small letters, the town and the ZIP after
 * it; a town after a place found by its kind and "in"; the house officer by name; a workplace
 * by its trade's word; a foreman's name; a priest's name after "fr" without its full stop; a
 * therapist's name before what a therapist does; an ID after "pt #"; a day of the month after
 * a procedure's verb; and the false friends of each: a country alone, a town before its state,
 * a muscle's strength after a drift, a catheter's size, a nursing home by its short word.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from focus/DAR nursing notes', () => {
  it('a street before a comma and a listed town, in small letters; the town and the ZIP after it', () => {
    has('d: slipped on ice at home, 17 birch ln, southwick, ma 01077. c/o hip pain', 'address', '17 birch ln');
    has('d: slipped on ice at home, 17 birch ln, southwick, ma 01077. c/o hip pain', 'location', 'southwick');
    has('d: slipped on ice at home, 17 birch ln, southwick, ma 01077. c/o hip pain', 'address', '01077');
    has('lives with son, 9 maple st, north adams. no stairs', 'location', 'north adams');
  });

  it('leaves a dose before a comma and a word that is no town', () => {
    none('given 40 mg lasix, 2 units ffp st, per protocol', 'address');
    none('pain 6/10 at 4 main st, then better.', 'location');
  });

  it('a town after a place found by its kind and "in", though the town is a word too', () => {
    has('admitted from birchwood manor in orange. bipap 12/5', 'location', 'orange');
    has('TRANSFERRED FROM MAPLEHURST MANOR IN WARE. INTUBATED', 'location', 'WARE');
  });

  it('leaves a word after "in" that follows no place', () => {
    none('pt stays at home in bed most of day', 'location');
  });

  it('the house officer by name; a workplace by its trade; a foreman and his name', () => {
    has('D: family notified by house officer Anand of plan.', 'name', 'Anand');
    has('HOUSE OFFICER PHIL AWARE OF UO 15 CC/HR.', 'name', 'PHIL');
    has("Pt's foreman Ray Dufresne from Granite State Roofing called.", 'name', 'Ray Dufresne');
    has("Pt's foreman Ray Dufresne from Granite State Roofing called.", 'location', 'Granite State');
  });

  it('leaves a trade without a name and the house officer without one', () => {
    none('Pt fell from a roof, no construction work since.', 'location');
    none('House officer notified, aware.', 'name');
  });

  it("a priest's name after \"fr\" without its full stop after a priest's word; a therapist's name before a therapist's work", () => {
    has('church in westfield; pastor fr ouellette visited.', 'name', 'ouellette');
    has('ABG 7.38/42/80. RT DALE SUCTIONED SMALL AMT.', 'name', 'DALE');
    lacks('ABG 7.38/42/80. RT DALE SUCTIONED SMALL AMT.', 'SUCTIONED');
  });

  it("leaves a catheter's size in French", () => {
    none('14 fr foley placed, draining clear urine.', 'name');
  });

  it('an ID after "pt #"; a day of the month after a procedure\'s verb', () => {
    has('hd at a dialysis center in holyoke, pt # hdc-4410.', 'id', 'hdc-4410');
    has('Trach placed the 11th. #8 Shiley, cuff up.', 'date', '11th');
    has('extubated the 12th, reintubated the 14th.', 'date', '14th');
  });

  it("leaves an ordinal before the thing it counts, a patient's count", () => {
    none('placed the 2nd piv in L forearm.', 'date');
    none('pt #2 of 3 today', 'id');
  });

  it('leaves a country alone, a strength after a drift, a nursing home by its short word; a town named like a country before its state is one', () => {
    none('Family from Colombia, both speak Spanish.', 'location');
    has('55 YO M FROM LEBANON, NH ADMITTED VIA ED', 'location', 'LEBANON');
    none('gcs 14. l arm drift, 4/5. inr 3.2', 'date');
    none('r: pt wants to go back to nh when able.', 'location');
  });
});
