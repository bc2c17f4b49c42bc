/**
 * PHI rules from the dev35 round (40 trauma, emergency and neuro ICU notes about injured
 * patients, written blind; the sentences here are written here, none from a corpus): a town's
 * police, fire or EMS in any case (two-word towns too); a private ambulance company by its
 * name before "ambulance", after a verb of transport and "by", or between a clause's start and
 * "to"; a state's police and public authorities; a police officer's, a trooper's, an EMT's or an
 * occupational therapist's name after the rank or role (an abbreviated rank and its full stop
 * too); a hospital written with "Mt."; a hospital's one word after "to" before ED; a business
 * whose last word is its trade; the patient's name after pt before asking or refusing; and the
 * false friends of each: an air service alone, police and fire as words, a rank before a word
 * of the language, the ED after "to the", OT as the therapy.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from trauma and emergency notes', () => {
  it("a town's police, fire or EMS, in capitals, in small letters and at a sentence's start", () => {
    has('Struck by a car on Friday. Boston EMS to our ED.', 'location', 'Boston');
    has('CPR BY LYNN FIRE, ROSC IN FIELD.', 'location', 'LYNN');
    has('found down by revere ems, narcan x2.', 'location', 'revere');
    has('extricated by north reading fd, 45 min.', 'location', 'north reading');
  });

  it('leaves police and fire as words, and a word of the language before them', () => {
    none('Police on scene; house fire with smoke inhalation, called the police.', 'location');
    none('state police report pending.', 'location');
  });

  it('an ambulance company by its name before its word, after a verb of transport, and before where it went', () => {
    has('Brought in by Lyons Ambulance at 0230.', 'location', 'Lyons Ambulance');
    has('pt transported by eascare to the osh.', 'location', 'eascare');
    has('ROLLOVER ON SCENE; ARMSTRONG TO WINCHESTER HOSP.', 'location', 'ARMSTRONG');
  });

  it("a state's police, and a transit or port authority", () => {
    has('NH State Police trooper at bedside.', 'location', 'NH State Police');
    has('retired mbta mechanic, lives alone.', 'location', 'mbta');
  });

  it('leaves an air service alone, and a surname after a title that is an ambulance company too', () => {
    none('Transferred from an outside hospital via Med Flight, intubated.', 'location');
    none('arrived by lifeflight at 1400.', 'location');
    lacks('Dr. Fallon to see pt in am.', 'Fallon', 0, 'location');
  });

  it("an officer's, a trooper's, a detective's, an EMT's and an OT's name after the rank or role", () => {
    has('Officer Okafor took a statement.', 'name', 'Okafor');
    has('TROOPER MCANDREWS CALLED FOR UPDATE.', 'name', 'MCANDREWS');
    has('Det. Lindqvist (617-555-0101) will return.', 'name', 'Lindqvist');
    has('sgt. ferrante here at 1500.', 'name', 'ferrante');
    has('report from emt yusuf at arrival.', 'name', 'yusuf');
    has('ot marisol made a splint.', 'name', 'marisol');
  });

  it('leaves a rank or a role before a word of the language, and OT as the therapy', () => {
    none('Officer on scene; detective unit aware. OT eval today, ot following.', 'name');
  });

  it('a hospital written with Mt., and one word of a hospital after to before ED', () => {
    has('Rescue squad took her to Mt. Auburn, then here.', 'location', 'Mt. Auburn');
    has('Medics to Carney ED, then here.', 'location', 'Carney');
    none('brought to the ED, then to main ED.', 'location');
  });

  it("a sign-off's two letters before a credential, though a clinical word is spelt so", () => {
    has('PT LAID OFF FROM THE MILL. PH RN\n', 'name', 'PH');
    has('PLAN: CONT CURRENT MGMT. CP, RN\n', 'name', 'CP');
  });

  it('leaves two letters before a credential that are no sign-off', () => {
    none('PH RN aware of the plan. Will recheck labs.', 'name');
  });

  it('a business whose last word is its trade, and the patient after pt before asking or refusing', () => {
    has('fell from a ladder at Harborview Lumber.', 'location', 'Harborview');
    has('pt okonkwo asked for his glasses.', 'name', 'okonkwo');
    none('pt refused meds; pt asked for water.', 'name');
  });

  it('a corner of two streets, each with its word, in any case', () => {
    has('pedestrian struck at mass ave and beacon st, GCS 14.', 'address', 'mass ave');
    has('pedestrian struck at mass ave and beacon st, GCS 14.', 'address', 'beacon st');
    has('FOUND DOWN AT DUDLEY ST & WARREN ST.', 'address', 'WARREN ST');
  });

  it('leaves a corner where a clinical word stands before a street word', () => {
    none('Rhythm went from SR to ST and back to ST overnight; HR 110 ST & afib.', 'address');
  });
});
