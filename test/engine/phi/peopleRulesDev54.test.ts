/**
 * PHI rules from the dev54 round (terse Maryland ICU nursing notes rich in people): a street
 * after "on" capitalised in a note of mixed case, a phone of seven digits after a relative or
 * "phoned", a unit clerk's or a night float's name, a helicopter by its call sign, an
 * interstate after a preposition of place, a facility before its kind in brackets; and what
 * stays out: murmur grades and strengths, iodine's isotopes, a kind of facility in brackets
 * after a place. Our own sentences.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from terse notes rich in people', () => {
  it('a street after on, capitalised in a note of mixed case; not a weekday or a month', () => {
    has('Pt was found down on Lexington St near the market.', 'address', 'Lexington St');
    has('Lives alone in a rowhouse on N. Milton Ave, 3 steps in.', 'address', 'N. Milton Ave');
    lacks('Seen on Monday St. Agnes called back.', 'Monday');
  });

  it('a phone of seven digits after a relative or phoned', () => {
    has("Pt's niece Mrs. Dorsey phoned, 555-0127, will visit.", 'phone', '555-0127');
    has('Neighbor Walt, 555-0163, has a key.', 'phone', '555-0163');
    lacks('Plts 120-140 over the shift, hct stable.', '120-140');
  });

  it("a unit clerk's or a night float's name", () => {
    has('unit clerk odessa called transport for mri at 2100.', 'name', 'odessa');
    has('nf priya aware of low uo.', 'name', 'priya');
    none('NF aware of low uo, clerk aware of bed change.', 'name');
  });

  it('a helicopter by its call sign and an interstate after a preposition of place; not an isotope', () => {
    has('MVC near Frederick, flown in by Trooper 5. Inj: L tib fx.', 'location', 'Trooper 5');
    has('rollover on i-70 west of hagerstown, +seatbelt.', 'address', 'i-70');
    lacks('hx graves s/p treatment with i-131 in 1998.', 'i-131', 0, 'address');
  });

  it('a facility before its kind in brackets; the kind itself, and a word of the language, name none', () => {
    has('96 y/o f from brightwood manor (ltc) w/ fever.', 'location', 'brightwood manor');
    has('Plan: back to Elmcrest (SNF) when stable.', 'location', 'Elmcrest');
    lacks('Plan: back to Elmcrest (SNF) when stable.', 'SNF');
    none('pt came from home (ltc pending).', 'location');
  });

  it('a murmur grade or a strength is no date', () => {
    none('4/6 holosystolic murmur at apex, 2/6 diastolic at lsb.', 'date');
    none('neuro: R hemiparesis 3/5, L 5/5, follows commands.', 'date');
  });
});
