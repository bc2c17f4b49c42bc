/**
 * Shops and chains by their brand alone (brands.ts; the sentences are written here, none from
 * a corpus): a pharmacy a prescription goes to, a patient's employer, a shop named as a
 * place; and what a brand's word means in a note besides (the cardiovascular system, a target
 * pressure, skin staples, the plural of up, a person's possessive).
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI: shops and chains by their brand', () => {
  it('a brand that is no word of a note, in any case', () => {
    has('Rx faxed to WALGREENS, pt aware.', 'location', 'WALGREENS');
    has('Works nights stocking shelves at Market Basket.', 'location', 'Market Basket');
    has("drives for domino's on weekends, lost job.", 'location', "domino's");
    has("Brother brings coffee from Dunkin' each am.", 'location', "Dunkin'");
  });

  it('a brand that is a word too, after a preposition of place or a work word', () => {
    has('RX TO CVS ON FILE.', 'location', 'CVS');
    has("Mother works at McDonald's on Route 1.", 'location', "McDonald's");
    has('Husband drives for UPS, home by 6.', 'location', 'UPS');
  });

  it("leaves the cardiovascular system, a target pressure, skin staples, follow-ups and a person's possessive", () => {
    none('CVS: RRR, no murmur.', 'location');
    none('Titrate levophed to target MAP > 65.', 'location');
    none('Incision closed with staples, dry.', 'location');
    none('FOLLOW UPS WITH PCP AND CARDIOLOGY.', 'location');
    lacks("Spoke with Wendy's husband, aware of plan.", "Wendy's", 0, 'location');
    lacks("Staying at Shaw's house tonight with her son.", "Shaw's", 0, 'location');
  });
});
