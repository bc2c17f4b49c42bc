/**
 * PHI rules from the dev75 round (`test/fixtures/deid/dev75`: the patients' outside doctors and
 * their practices; `dev76`: patients from far from New England and the places of their lives).
 * The sentences here are written here, none from a corpus: a doctor's town after the name's
 * comma, a listed town after "near" before a mark or a number, where the patient came from after the
 * age and the sex's letter alone; and the false friends: a state
 * before a phone number, a town's word run into a neighbourhood's name after "near".
 */
import { has, lacks } from '../../support/phiRules';

describe('PHI rules from the dev75 round: outside doctors and places far away', () => {
  it("a doctor's town after the name's comma, before a clause's end", () => {
    has('vasc surg did his fem-pop in 2004.pcp dr ames,dedham. neuro:a&ox3, pain 7/10.', 'location', 'dedham');
    // ("Dr. Ames, aware": a word of the language names no town; nor a practice's words.)
    lacks('Spoke with Dr. Ames, aware of labs.', 'aware');
    lacks('PCP Dr. Ames, Cardiology Associates, aware.', 'Cardiology');
  });

  it('a listed town after "near" before a mark or a number; a neighbourhood after "near" read whole', () => {
    has('mvc on the pike near palmer 1/16, ejected.', 'location', 'palmer');
    lacks('lives near fields corner w/ dtr.', 'fields', 0, 'name');
  });

  it("where the patient came from after the age and the sex's letter alone", () => {
    has('micu npn. pt: angus roy, 48m from glace bay, cape breton, fishes scallops.', 'location', 'glace bay');
    has('CSRU NPN 0700-1900 PT ROSA DIAZ, 56F, FROM SANTURCE, SAN JUAN, POD 2 S/P CABG.', 'location', 'SANTURCE');
    // (A distance, or "the" and a kind of place, is no place: "fell 3 m from the roof".)
    lacks('fell 3 m from the roof onto concrete, no loc.', 'roof');
  });

  it('no name for a state before a phone number', () => {
    lacks('Their home # in Florida (305) 555-0189, per wife.', 'Florida');
  });
});
