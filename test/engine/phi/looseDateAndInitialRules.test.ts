/**
 * PHI rules from the misses left on the PhysioNet development notes (their sentences are not
 * copied: each here is written here): a day of the month after "it's the" (an orientation
 * answer said without "states"), a year of two digits after a date's comma or apostrophe, a
 * patient's initial "I" after Mr or Mrs, and a business's name after "his business". Each
 * positive case is one that only its rule finds; the false friends are the shapes each rule
 * must never swallow.
 */
import * as assert from 'node:assert/strict';
import { found, has, lacks, none } from '../../support/phiRules';

const dates = (text: string) =>
  found(text)
    .filter(([type]) => type === 'date')
    .map(([, t]) => t);

describe("PHI rules for loose dates, an initial I and an owner's business", () => {
  it('a day of the month after "it\'s the", but not a floor or a rib', () => {
    has('asked where she was: "a hotel, and it\'s the 4th."', 'date', '4th');
    has("Oriented x2, says today's the 19th", 'date', '19th');
    none("it's the 4th floor they want her on.", 'date');
    none('its the 5th rib that hurts', 'date');
  });

  it("a year of two digits after a date's comma or apostrophe, never a count or a dose", () => {
    has('Progress note 14 Mar, 19 1900-0700', 'date', '14 Mar, 19');
    has("PICC placed Oct 3, '07 per IR.", 'date', "Oct 3, '07");
    has('last seen 2 Feb, 04 by cardiology', 'date', '2 Feb, 04');
    has('k repleted 7 Jun, 40 meq given', 'date', '7 Jun');
    lacks('k repleted 7 Jun, 40 meq given', '40');
    lacks('lasix Jan 5, 20 mg iv', '20');
    lacks('PT 3 Dec, 15 minutes walking', '15');
    assert.deepEqual(dates('seen 9 Nov, 10 Nov and 12 Nov'), ['9 Nov', '10 Nov', '12 Nov']);
  });

  it('a capital I after Mr or Mrs is an initial; the pronoun after a title is not', () => {
    has('overnight mrs I slept in 2 hr stretches', 'name', 'I');
    none('Mr I am told is going home', 'name');
    none('Told Mrs I will call back', 'name');
  });

  it('a capitalised name after "his business" or "her company", not a lower-case word', () => {
    has('worried about her company Vantrell and the bills', 'location', 'Vantrell');
    none('worried about his business partner and the bills', 'location');
    none('his business is doing poorly', 'location');
  });
});
