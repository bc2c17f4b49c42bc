/**
 * PHI rules from the dev53 round (Maryland nursing notes about elderly patients, their families
 * and where they lived and worked): ages over 89 spelt beside a name, names before a spelt age or
 * around a nickname in quotes, years of a life after since or until, streets after a direction's
 * letter, the writer's initials after a dash, a case manager's name, a ZIP in brackets or after a
 * state with no comma; and what stays out. Our own sentences.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from notes about elderly patients and their lives', () => {
  it('an age over 89 spelt in brackets or between commas after a name; none where no age is', () => {
    has('Pt brother Emil (ninety-four) lives upstairs.', 'age', 'ninety-four');
    has('HUSBAND CONRAD (NINETY-ONE!) AT BEDSIDE.', 'age', 'NINETY-ONE');
    has('S: Mrs. Odile Brandvold, one hundred and two, CHF, DNR.', 'age', 'one hundred and two');
    lacks('She walked ninety feet with the walker.', 'ninety');
    lacks('Lost ninety-five percent of her hearing years ago.', 'ninety-five');
  });

  it('the patient named before a spelt age, around a nickname in quotes, or in three words before an age', () => {
    has('nsg 7p-7a pt wendell "skip" marchetti 93 yo, pleasant, hoh.', 'name', 'wendell "skip" marchetti');
    has('npn: pt hattie "dot" ruppersberger, 91 y/o f, from home.', 'name', 'hattie "dot" ruppersberger');
    has('ccu npn pt della mae virts, ninety-six y/o f w/ chf.', 'name', 'della mae virts');
    has('sicu npn pt oren blick, eighty-two yo m, s/p ex lap.', 'name', 'oren blick');
    lacks('pt states "very tired" 2 yo grandson visited', 'very');
  });

  it('a year after since or until where a life is told; a time of day after since stays out', () => {
    has('LIVED ON SAME FARM SINCE 1938, HUSBAND DECEASED.', 'date', '1938');
    has('smoked 1 ppd til 1987, quit cold turkey.', 'date', '1987');
    has('worked at the cannery on W. Pratt St until 1952.', 'date', '1952');
    lacks('npo since 1930, ngt to lcws.', '1930');
    lacks('on heparin gtt since 1945 per protocol.', '1945');
  });

  it('a range of years written in capitals', () => {
    has('HUSBAND SERVED AT FORT MEADE 1944 TO 1968.', 'date', '1968');
    has('HUSBAND SERVED AT FORT MEADE 1944 TO 1968.', 'date', '1944');
  });

  it("a street after a direction's letter; a kind of home is no town", () => {
    has('LIVES ALONE ON E. MONUMENT ST IN A ROWHOUSE.', 'address', 'E. MONUMENT ST');
    has('dtr lives on n. wolfe st, visits daily.', 'address', 'n. wolfe st');
    has('moved in w/ son on s. paca st in the fall.', 'address', 's. paca st');
    lacks('lives alone in rowhouse, 2 flights of stairs.', 'rowhouse');
    lacks('PT LIVES ALONE IN TOWNHOUSE, NEEDS DME.', 'TOWNHOUSE');
  });

  it("the writer's initials after a dash ending the note, though a title or a clinical word is spelt so", () => {
    has('Family updated at bedside. -mr', 'name', 'mr');
    has('will cont to monitor "for now". -ct', 'name', 'ct');
    has('CALLED DAUGHTER, NO ANSWER. -K.L. RN', 'name', 'K.L.');
    lacks('recheck lytes in the am. -RN', 'RN');
    lacks('lasix given as ordered. -am', 'am');
  });

  it("a case manager's name after cm, a surname between it and what they do; never centimetres", () => {
    has('cm nell pressley to set up home o2 thru lincare.', 'name', 'nell pressley');
    has('spoke w/ cm ruth ann kotek checking on snf beds.', 'name', 'ruth ann kotek');
    none('2 cm mass to r breast, 3 cm below the clavicle.', 'name');
  });

  it('a verb of arranging before home care names no agency; an agency after to is one', () => {
    lacks('sw to arrange home health at d/c.', 'arrange');
    has('referral faxed to gilchrist home care.', 'location', 'gilchrist');
  });

  it('a town after settled in; settling into a room is none', () => {
    has('CAME FROM ATHENS 1952, SETTLED IN CANTON, RAN A DINER.', 'location', 'CANTON');
    none('settled in to room, pain 2/10.', 'location');
  });

  it('a ZIP in brackets after a street, or after a town and its state with no comma', () => {
    has('home is 2 flights up on e. lombard st (21224), no elevator.', 'address', '21224');
    has('son lives in frederick md 21701, calls daily.', 'address', '21701');
    lacks('heparin given in 25000 units drip.', '25000');
  });
});
