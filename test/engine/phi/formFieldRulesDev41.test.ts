/**
 * PHI rules from the dev41 round (40 admission assessments, transfer data sheets and intake forms
 * written as filled-in fields, written blind; the sentences here are written here, none from a
 * corpus): a pharmacy's or a house of worship's name after its label, and the town after its
 * comma; a facility, a hospice or an agency after its label; a practice after a clinician's
 * label; a record's code after a label's number sign and colon; a rural route's box; a name that
 * stops before the next label; and the false friends of each: a value that says there is none, a
 * faith, a lower-case phrase where case tells, a unit after the facility, a generic place.
 */
import { has, lacks, none } from '../../support/phiRules';

describe("PHI rules from notes written as a form's fields", () => {
  it("a pharmacy's or a church's name after its label, and the town after its comma", () => {
    has('Pharmacy: Bellmont Drug, Hyde Park\nInsurance: BCBS', 'location', 'Bellmont Drug');
    has('PHARMACY: OWENS APOTHECARY, GARDNER', 'location', 'GARDNER');
    has('CHURCH: IGREJA ASSEMBLEIA DE DEUS. CODE: FULL', 'location', 'IGREJA ASSEMBLEIA DE DEUS');
    has('allergies: nka pharmacy: kappy, somerville code: full', 'location', 'kappy');
  });

  it('leaves a value that says there is none, a faith, and a lower-case phrase where case tells', () => {
    none('Pharmacy: N/A. Church: none. Religion: Catholic.', 'location');
    none('Church: attends weekly with daughter. Code: DNR.', 'location');
  });

  it('a facility, a hospice or an agency after its label, up to its unit', () => {
    has('Transferring facility: Copley Regional Hospital, ED\n', 'location', 'Copley Regional Hospital');
    has('From: Milford Regional ED, Milford MA', 'location', 'Milford Regional');
    lacks('From: Milford Regional ED, Milford MA', 'ED');
    has('HOSPICE: KORVALD HOUSE. CODE: DNR', 'location', 'KORVALD HOUSE');
  });

  it('leaves a generic place or a phrase after a facility label', () => {
    none('From: Rehab. Hospice: referral pending.', 'location');
    none('FROM: NURSING HOME. VNA: NONE.', 'location');
  });

  it("a practice after a clinician's label, alone or after the clinician's name and a comma", () => {
    has('PCP: Dr. Abernathy, Harborview Family Practice\nCode: full', 'location', 'Harborview Family Practice');
    has('Code: full. Dentist: Tri-River Dental Associates of Uxbridge\n', 'location', 'Tri-River Dental Associates of Uxbridge');
  });

  it("a record's code after a label's number sign and colon, a rural route's box, and a name before the next label", () => {
    has('Pt: Wexler, Anna  MGH #: 3-118-406  Age: 71', 'id', '3-118-406');
    has('Home: RR 1 Box 47, Peacham VT', 'address', 'RR 1 Box 47');
    has('PCP: Dr. Ostrowski Insurance: Medicare', 'name', 'Ostrowski');
    lacks('PCP: Dr. Ostrowski Insurance: Medicare', 'Insurance');
  });
});

describe("PHI rules from notes written as a form's fields: labels of a name", () => {
  it("initials after a label, a surname-first name's initials after its middle initial, and a name that ends before MRN", () => {
    has('Armband checked. Label: D.V. Name: Dolores Vieira', 'name', 'D.V');
    has('Pt: Okafor, Nneka B. (NBO) Acct 4471-002', 'name', 'NBO');
    has('Name: Ingrid Solvang MRN 40017723 Age 71', 'name', 'Ingrid Solvang');
    lacks('Name: Ingrid Solvang MRN 40017723 Age 71', 'MRN');
  });
});
