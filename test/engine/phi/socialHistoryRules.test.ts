/**
 * PHI rules for social histories, discharge planning and therapy notes (synthetic sentences
 * written here, none from a corpus): union locals and veterans' posts, ZIP codes after a
 * town, prisons by a hyphenated town, ages said of a person, years of a life event, contacts
 * before their phones, lists of who came, jobs between work and the workplace, streets after
 * "on", a town after a street, sign-offs with a therapist's credentials, names joined by
 * "and", dates after "recently" and "May 13th". Each rule has its look-alikes beside it.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules for social histories: places by their shapes', () => {
  it('a union local or a veterans post with its number; a post-operative day or a bare "Post 2" is none', () => {
    has('Retired boilermaker, member of Boilermakers Local 29 since the 70s.', 'location', 'Boilermakers Local 29');
    has('Goes to the AMVETS Post 41 for coffee most mornings.', 'location', 'AMVETS Post 41');
    has('He is a union member, Local 103, electrician.', 'location', 'Local 103');
    lacks('Post 2 day, ambulating in hall.', 'Post 2');
    lacks('POD 3, post op pain controlled.', 'post');
  });

  it('a ZIP code after a listed town, in any case; a count or a lab value after a word is none', () => {
    has('Lives at 7 Orchard Rd, Braintree 02184 with her sister.', 'address', '02184');
    has('Lives at 7 Orchard Rd, Braintree 02184 with her sister.', 'location', 'Braintree');
    has('home: 33 pond st, weymouth 02188', 'address', '02188');
    none('Plt 15000 this am, WBC 12000.', 'address');
    // (A town that is a word too, before a number, is no address: Day is a town in the ZIP list.)
    none('Day 10000 he was treated with furosemide.', 'address');
    has('Lives at 9 Elm Lane, Canton 02021 with his wife.', 'address', '02021');
    none('Tidal volume 450, total volume 12500 since midnight.', 'address');
  });

  it('a state prison by a hyphenated town; the hyphen alone names none', () => {
    has('Son is incarcerated at MCI-Shirley Medium, visits monthly by phone.', 'location', 'MCI-Shirley');
    has('Pt paroled from MCI-Framingham last spring.', 'location', 'MCI-Framingham');
    none('MCI- not applicable here.', 'location');
  });

  it('an age over 89 said of a person; a vital sign or a lab value in the nineties is none', () => {
    has('Her father Walter Prentiss is 94 and still drives.', 'age', '94');
    has('Lives with her aunt, who is 97, in an in-law apt.', 'age', '97');
    none('Sat is 94 and stable on 2L.', 'age');
    none('HR was 96 and regular, temp is 99.', 'age');
  });

  it('a year of a life event after since or until; a time of day after since is none', () => {
    has('Married to Agnes since 1951, no children.', 'date', '1951');
    has('Rented an apt from his cousin on Oak St until 2002, then shelters.', 'date', '2002');
    none('NPO since 1930 for the procedure.', 'date');
    none('Levophed off since 2015, MAPs 70s.', 'date');
  });
});

describe('PHI rules for social histories: names by their company', () => {
  it('a contact before the phone she is reached at; a word before a phone is none', () => {
    has('Contacts: Gretchen cell 617-555-0144; son 781-555-0120.', 'name', 'Gretchen');
    has('Call Doreen (h) 508-555-0191 after 5.', 'name', 'Doreen');
    lacks('Call back 617-555-0144 with results.', 'back');
  });

  it('a list of who came to a meeting: a name, a dash and a role or a relative; a heading before a dash is none', () => {
    const text = 'Present:\nDr. Oyelaran - attending\nBeverly - RN\nTomas Quiroga - SW\nIrene Walsh - daughter, HCP\n';
    has(text, 'name', 'Beverly');
    has(text, 'name', 'Tomas Quiroga');
    has(text, 'name', 'Irene Walsh');
    lacks('Neuro - intact\nResp - RN suctioned x2\n', 'Resp');
  });

  it("the patient's initials alone after a label; a clinical abbreviation there is none", () => {
    has('Respiratory Care\nPt: RKW\nOn PS 10/5.', 'name', 'RKW');
    lacks('Pt: NAD\nResting comfortably.', 'NAD');
  });

  it('a listed name joined to a found one by "and"; a service joined to a doctor is none', () => {
    has('Thanks to the nurses, especially Maureen and Sal, for their care.', 'name', 'Sal');
    lacks('Seen by Dr. Ruiz and Cardiology this am.', 'Cardiology');
  });

  it("a sign-off with a therapist's or a dietitian's credentials and a pager; a clinical word before a credential is none", () => {
    has('Will follow for gait training.\nB. Okonkwo, PT, DPT  pgr 2-4410\n', 'name', 'B. Okonkwo');
    has('Encourage PO intake.\nKW RD\n', 'name', 'KW');
    lacks('Will follow.\nNPO RN\n', 'NPO');
    lacks('Family updated.\nRegina Alves, MSW, LICSW\n', 'MSW');
  });

  it('a lawyer after Atty.; the title itself is never the name', () => {
    has('Guardian is Atty. Pellegrino, office 617-555-0101.', 'name', 'Pellegrino');
    lacks('Guardian is Atty. Pellegrino, office 617-555-0101.', 'Atty');
  });
});

describe('PHI rules for social histories: workplaces, streets and dates', () => {
  it('a job between the work word and the workplace; a workplace with no name is none', () => {
    has('Worked 25 years as a welder at the Quonset Point yard.', 'location', 'Quonset Point');
    has('pt works as a driver for Brightline Couriers, days.', 'location', 'Brightline Couriers');
    has('injured working construction for Delvecchio Builders in 1998.', 'location', 'Delvecchio Builders');
    none('Works as a nurse at the hospital nights.', 'location');
  });

  it('a street after on, in capitals or small letters; a drip or a setting after on is none', () => {
    has('LIVES WITH WIFE IN REVERE, ON SHIRLEY AVE.', 'address', 'SHIRLEY AVE');
    has('lives w/ her son on blue hill ave in a 3-decker', 'address', 'blue hill ave');
    none('ON LEVO ST 110S, MAPS 60S.', 'address');
    none('kept on the street for hours', 'address');
  });

  it('a town after a street named by its number or after on; a sentence after a street is none', () => {
    has('Lives alone at 12 Elm Terrace, Canton; no stairs.', 'location', 'Canton');
    has('They rent on Highland St, Fall River, 2nd floor.', 'location', 'Fall River');
    lacks('Lives at 12 Elm Terrace, Has stairs.', 'Has');
  });

  it('a day after "recently the" and a capitalised May with an ordinal; "may" as a verb is none', () => {
    has('Fell at home, most recently the 17th, no LOC.', 'date', '17th');
    has('Lawyer will come in May 13th to sign.', 'date', 'May 13th');
    lacks('She may 2x weekly need dialysis.', 'may');
    lacks('the 2nd time this week', '2nd');
  });

  it('a cemetery, a restaurant or a theatre by its name; the kind word alone is none', () => {
    has('Burial at Linwood Cemetery on Saturday.', 'location', 'Linwood');
    has('Ushered at the Orpheum Theatre for years.', 'location', 'Orpheum');
    has('Dinner out at the Kowloon Restaurant weekly.', 'location', 'Kowloon');
    none('Family went to the cemetery and then a restaurant.', 'location');
  });

  it('an extension after # in a sign-off; a count after # is none', () => {
    has('Dietitian: M. Ferrante, RD #4-7712', 'phone', '4-7712');
    none('IV #2 flushed, 20g.', 'phone');
  });
});

describe('PHI rules of the dev13 round', () => {
  it('where the patient came from, between the age and what brought them; home, an OSH or a unit there is none', () => {
    has('88 YO M FROM MAPLEWOOD MANOR W/ FEVER.', 'location', 'MAPLEWOOD MANOR');
    has('pt is a 71 yo f from lakeview w/ sob', 'location', 'lakeview');
    none('77 YO M FROM HOME W/ CP.', 'location');
    none('60 yo f from osh with sepsis', 'location');
    none('55 yo m from micu for the floor', 'location');
  });

  it('going back to a named place; back to a word of the note is none', () => {
    has('Pt wants to go back to Meadowbrook after this.', 'location', 'Meadowbrook');
    none('Pt wants to go back to Home after this.', 'location');
  });

  it('a year of a life event after in; a time of day after in is none', () => {
    has('she told me she was born in 1911 and married in 1933.', 'date', '1911');
    has('she told me she was born in 1911 and married in 1933.', 'date', '1933');
    none('family meeting at 1930 with SW.', 'date');
  });

  it('the name a patient goes by in quotes; an endearment a patient calls the nurse is none', () => {
    has('CALLS HIMSELF "SKIP" AND PREFERS IT.', 'name', 'SKIP');
    has('pt gave name as "ronnie" on arrival', 'name', 'ronnie');
    has('Pt is "Bucky" to everyone on the unit.', 'name', 'Bucky');
    none('Pt prefers "quiet" at night.', 'name');
  });

  it('streets by their number after on, streets in small letters before a place, roads by number; a drip after on is none', () => {
    has('LIVES W/ SISTER ON W. 3RD ST, 617-555-0190.', 'address', 'W. 3RD ST');
    has('lives w/ her son on elm st in lowell', 'address', 'elm st');
    has('MVC on Rt 9 in Framingham.', 'address', 'Rt 9');
    none('on neo st 110s this am', 'address');
    none('rt 20g in L hand', 'address');
  });

  it('a referral number; "season of" a year; lowercase may with an ordinal; a relative\'s word joined by and is none', () => {
    has('VNA REFERRAL # VN-31045 SENT.', 'id', 'VN-31045');
    has("dx'd summer of 2003, s/p chemo.", 'date', '2003');
    has('grandson graduates on may 24th.', 'date', 'may 24th');
    lacks('wife Marilyn and daughters visited.', 'daughters');
  });
});
