/**
 * PHI rules from the dev39 round (40 night-shift, cross-cover and telephone-encounter notes full
 * of calls, pages and messages, written blind; the sentences here are written here, none from a
 * corpus): a pager's number after # or @ where a page is spoken of on the line; "the 15th" after
 * a verb of arriving or a weekday's short form; initials signing for a doctor ("KLW RN FOR DR.
 * X"), two small letters alone on the last line before RN; a message left for someone; and the
 * false friends of each: a time after @, a number after # with no page, a nurses' station's
 * phone, all day before a phone, neurosurgery before its resident, the VNA on Saturday, re: inside
 * a line, a rabbi's title after a message.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from notes of calls, pages and messages', () => {
  it("a pager's number after # or @ where a page or a call is spoken of on the line", () => {
    has('0210 paged night float dr. amundsen #4471 re: uop 15/hr.', 'phone', '4471');
    has('BEEPED RENAL FELLOW @ 5529 X2, NO ANSWER.', 'phone', '5529');
    has('Called covering PA Brennan @ 3-7712, will come see pt.', 'phone', '3-7712');
    has('PAGED ATTENDING @ 0315 #6290, CALLED BACK.', 'phone', '6290');
  });

  it('leaves a time after @, and a number after # where no one is paged', () => {
    lacks('PAGED ATTENDING @ 0315 #6290, CALLED BACK.', '0315');
    none('Foley #1618 placed, 400 cc out. Suction @ 2000 cc/day.', 'phone');
  });

  it('the day of the month after a verb of arriving, a weekday short form or up', () => {
    has('Daughter arriving the 12th from Phoenix.', 'date', '12th');
    has('Repeat lytes due Thurs the 8th.', 'date', '8th');
    has('son will fly up the 20th.', 'date', '20th');
    has('cx drawn the 3rd, no growth.', 'date', '3rd');
  });

  it('leaves an ordinal of a floor, a dose or a rib after those words', () => {
    none('Moved up the 2nd floor corridor. Vanc due the 3rd dose at 2200.', 'date');
  });

  it('initials signing for a doctor, and two small letters alone on the last line before RN', () => {
    has('Faxed report to the NH.\nDMC RN FOR DR. PETROSYAN\n', 'name', 'DMC');
    has('Plan per ortho. mh, RN for Dr. Salcedo\n', 'name', 'mh');
    has('Lytes repleted.\n0400 K 4.1.\nss RN\n', 'name', 'ss');
    has('Slept after 0300.\nmr rn\n', 'name', 'mr');
  });

  it('leaves a role alone on the last line, and a function word ending a sentence before RN', () => {
    none('Pt resting, will pass on to RN\n', 'name');
    none('Report given.\nnp rn\n', 'name');
  });

  it('a name a message was left for', () => {
    has('0915 Called home, no answer; lm on machine for Carol re: family meeting. Pt resting.', 'name', 'Carol');
    has('Called home and left msg for Hope, will retry in the morning.', 'name', 'Hope');
  });

  it("leaves a title a message was left for to the title's rule, and the words around a phone that name no one", () => {
    lacks('lm for Rabbi Feldstein at the temple.', 'Rabbi');
    has('lm for Rabbi Feldstein at the temple.', 'name', 'Feldstein');
    none('Unit desk 617-555-0140. NURSES STATION 617-555-0142.', 'name');
    none('sister tried to reach him all day (555-0161), no answer.', 'name');
    none('1930 NSGY RESIDENT PAGED RE: ICP 22.', 'name');
    none('Plan: home w/ VNA Sat if stable.', 'location');
    none('0300 paged surgery x2 re: anticoag plan, no call back.', 'name');
  });
});

describe('PHI rules from notes of calls, pages and messages: where the family drives', () => {
  it('a town after a verb of driving and to or from', () => {
    has('Sister visited, left at 2045 to drive back to Hull. 2200 Pt resting.', 'location', 'Hull');
    has('Wife left at 2100 to drive back to Malden.', 'location', 'Malden');
  });

  it('leaves a destination that is no place after driving', () => {
    none('Family will drive to the hospital in am; son driving home now.', 'location');
  });
});
