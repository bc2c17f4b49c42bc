/**
 * PHI rules from the dev24 round (30 sparse Boston ICU nursing notes of the late 1990s, in
 * three cases, written blind; the sentences here are written here, none from a corpus): a
 * year before its apostrophe after an infarct's abbreviation, a relative "is also 90", a
 * clinician by an initial before what a clinician does, the town of a retired worker, a ward
 * after "call out to", an agency through which care comes; and the false friends: feet walked,
 * a wife's age under 90, an initial that is a word, "call out to the floor", the heart-failure
 * clinic, home care without a name.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from sparse nursing notes', () => {
  it("a year before its apostrophe after an infarct's abbreviation; a relative's age with also", () => {
    has("Hx IMI 94' per wife, no cath at that time", 'date', '94');
    has("PMH: NSTEMI 03', CRI", 'date', '03');
    has("PT'S HUSBAND WALTER IS ALSO 93, LIVES W/ DTR", 'age', '93');
  });

  it("leaves feet walked, a wife's age under 90 and a pressure", () => {
    none("AMBULATED 80' WITH PT, TOL WELL", 'date');
    none('WIFE IS ALSO 88, AT BEDSIDE', 'age');
    none('MAP 65 after IMI today', 'date');
  });

  it('a clinician by an initial before what a clinician does', () => {
    has('mild vasospasm on tcds, dr. k aware, may start triple h', 'name', 'k');
    has('Dr. R to see pt in am', 'name', 'R');
  });

  it('leaves "Dr. A" and a doctor without an initial', () => {
    lacks('dr. a aware', 'a', 3);
    none('called dr on call, aware', 'name');
  });

  it('the town of a retired worker, a ward after "call out to", an agency care comes through', () => {
    has('PT IS A RETIRED MAILMAN FROM CHELMSFORD, FOLLOWED HERE', 'location', 'CHELMSFORD');
    has('SWALLOW EVAL, ?CALL OUT TO WEXCOMBE 10 IN AM', 'location', 'WEXCOMBE');
    has('HAS VNA THRU BRIGHTWATER HOME CARE 2X/WK', 'location', 'BRIGHTWATER');
  });

  it('leaves a retired worker from home, the floor after "call out to", the HF clinic, home care alone', () => {
    none('RETIRED TEACHER FROM HOME, LIVES W/ WIFE', 'location');
    none('Call out to floor when bed avail', 'location');
    none('Followed in HF clinic, EF 20%', 'location');
    none('HAS VNA THRU HOME CARE 2X/WK', 'location');
  });
});
