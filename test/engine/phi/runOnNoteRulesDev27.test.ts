/**
 * PHI rules from the dev27 round (40 run-on ICU nursing notes in the style of a Boston teaching
 * hospital's clinical system, mostly in capitals, written blind; the sentences here are
 * written here, none from a corpus): the patient's name after pt before a procedure's day,
 * initials in brackets or a comma, a listed name that ends like a verb's form, a therapist's
 * short name in capitals before "aware", a coordinator and a counselor by name, a ward a
 * transfer comes from after its floor, a town that names a device too before "Hospital", a part
 * of a town in brackets after it; and
 * the false friends of each.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from run-on nursing notes', () => {
  it("the patient's name after pt, before a procedure's day, the initials in brackets or a comma", () => {
    has('csru npn 7p-7a pt oswaldo reyes pod 0 s/p avr', 'name', 'oswaldo reyes');
    has('sicu npn 7a-7p pt bertoni pod 1 s/p renal tx', 'name', 'bertoni');
    has('CCU NSG 11P-7A PT WALDEMAR KOZIOL S/P ANT MI, IABP 1:1', 'name', 'WALDEMAR KOZIOL');
    has('MICU NSG 7P-7A PT HOWARD BUCKMINSTER (HB) ETOH CIRRHOSIS', 'name', 'HOWARD BUCKMINSTER');
    has('SICU 7A-7P PT WINIFRED OKONJO, LABEL READS OKONJO, 91 YO S/P EX LAP', 'name', 'WINIFRED OKONJO');
  });

  it('leaves what the patient is or does before those', () => {
    none('pt stable overnight, s/p fall', 'name');
    none('pt afebrile s/p lap chole', 'name');
    none('pt comfortable pod 2', 'name');
    none('PT STABLE, AFEBRILE', 'name');
    none('pt remains intubated s/p cabg', 'name');
    none('pt rested, no complaints', 'name');
  });

  it('a short name in capitals before "aware", a coordinator, a counselor', () => {
    has('PLAN SBT IN AM PER DR FEINGOLD, RT JOE AWARE. CV: HR 90', 'name', 'JOE');
    has('fellow dr brandt. transplant coord nora, pager 5-7731.', 'name', 'nora');
    has('METHADONE 80MG QD, COUNSELOR DENISE WU VERIFIED DOSE', 'name', 'DENISE WU');
  });

  it('leaves a blood gas after RT and the counselor without a name', () => {
    none('RT ABG AWARE', 'name');
    none('counselor to follow', 'name');
  });

  it('a ward a transfer comes from after its floor; a town that names a device too, before Hospital', () => {
    has('neutropenic fever, txf from 12 Halvorsen (BMT) on 4/22/00.', 'location', 'Halvorsen');
    has("PT'S GI DOC IS DR LEVESQUE AT SALEM HOSPITAL. RICH RN", 'location', 'SALEM');
  });

  it("leaves a sump before a tube's word, a number's ward by a unit", () => {
    none('NGT TO SALEM SUMP TO LIS', 'location');
    none('txf from 12 micu overnight', 'location');
  });

  it('a part of a town in brackets after it, its words capitalised', () => {
    has('Family lives in Dorchester (Savin Hill). Pt came to US in 1992', 'location', 'Savin Hill');
    has('Lives in Lowell (Centralville) with son', 'location', 'Centralville');
  });

  it('leaves words of the language, small letters and a hospital in brackets after a town', () => {
    lacks('Lives in Boston (Alone) now', 'Alone');
    lacks('lives in Quincy (daughter nearby)', 'daughter');
    lacks('Lives in Salem (Witch City)', 'Witch');
  });
});
