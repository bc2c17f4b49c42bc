/**
 * PHI rules from the dev20 round (30 ICU nursing notes from a Baltimore hospital, a third in
 * capitals, written blind; the sentences here are written here, none from a corpus): a
 * record's code after its word and a number sign or after MR, an alias of letters and digits,
 * a nickname or first name said again where a sentence opens with what the person does, a mall
 * or an AME church by its name; and the false friends: a room's number, a phone after "#",
 * strengths after "all ext" or "all 4", triple-H therapy.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from Baltimore nursing notes', () => {
  it("a record's code after its word and a number sign, or after MR; an alias", () => {
    has('Back to the floor when stable.\nHx # 4471-2290\nJo RN', 'id', '4471-2290');
    has('NH facesheet MA # 5510-872', 'id', '5510-872');
    has('MR 004-71-22\nT. OKAFOR RN', 'id', '004-71-22');
    has('Transplant list, UNOS # KTR4471.', 'id', 'KTR4471');
    has('Admitted as T02-7781 until family confirmed ID.', 'id', 'T02-7781');
    none('PT IN RM # B1234 NOW', 'id');
    none('MR 2+ on echo, TR mild.', 'id');
    lacks('Wife # 410-555-0123 (cell).', '410-555-0123', 0, 'id');
  });

  it('a name said again where a sentence opens with what the person does', () => {
    has('Plan confirmed with niece Ruth Ames ("Dottie"). Dottie is POA.', 'name', 'Dottie', 40);
    has('Son Paul Orr and fiancee Krista Vale here. Krista # 443-555-0190.', 'name', 'Krista', 40);
  });

  it('a mall or an AME church by its name; no strengths or therapy', () => {
    has('Syncope at Harborview Mall this am.', 'location', 'Harborview');
    has('Members of Mount Zion AME visited.', 'location', 'Zion');
    none('MOVES ALL EXT 5/5.', 'date');
    none('Moves all 4, 5/5. Ventric open.', 'date');
    none('HHH therapy, SBP goal 160-180.', 'location');
  });
});
