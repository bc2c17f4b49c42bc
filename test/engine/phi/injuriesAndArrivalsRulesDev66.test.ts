/**
 * The PHI rules of the dev66 round (trauma, surgical and neuro ICU notes about how patients got
 * hurt and got here), on sentences written for these tests: the patient named where a social
 * history opens or before "sedated"; a town's police or fire in small letters; a lake, a beach,
 * a mountain and a bridge by their names; a town after "between"; and the look-alikes each must
 * leave (a time after an arrival, a service in brackets after a doctor, a fracture's eponym, a
 * title after "parishioner", a season after "in").
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules of the dev66 round (synthetic notes)', () => {
  it('the patient named where a social history opens, or before "sedated"', () => {
    has('neuro: gcs 10t. soc: pt okafor, pmh htn, wife here.', 'name', 'okafor');
    has('soc: pt hwang, pmh cabg, lives in quincy.', 'name', 'hwang');
    has('PT GALLAGHER SEDATED ON PROPOFOL, NOT FOLLOWING.', 'name', 'GALLAGHER');
    none('social: pt fell from ladder at home, lives alone.', 'name');
  });

  it("a town's police or fire in small letters after a preposition or opening a clause", () => {
    has('friend gave statement to hull police at scene.', 'location', 'hull');
    has('found down in yard. hull fire on scene 0300.', 'location', 'hull');
    none('friend gave statement to the state police.', 'location');
  });

  it('a lake, a beach, a mountain and a bridge by their names; a town after "between"', () => {
    has('JET SKI VS DOCK ON LAKE SUNAPEE, NO LIFE VEST.', 'location', 'LAKE SUNAPEE');
    has('BODY SURFING OFF NANTASKET BEACH, STRUCK SANDBAR.', 'location', 'NANTASKET BEACH');
    has('snowboarder, fell on trail at wachusett mtn abt 1400.', 'location', 'wachusett mtn');
    has('MVC ON THE ZAKIM BRIDGE, RESTRAINED DRIVER.', 'location', 'ZAKIM BRIDGE');
    has('moped crash on the road between Vineyard Haven and Edgartown at dusk.', 'location', 'Vineyard Haven');
    none('porcelain bridge loose, nasal bridge abrasion. swims in the lake daily.', 'location');
  });

  it('a time after an arrival, a service in brackets, an eponym, a title, a season: no PHI', () => {
    none('intubated at osh, dhart -> us 1930. family eta 2000.', 'date');
    lacks('to or w/ dr yoon (spine) and dr amaral (burns) in am.', 'spine');
    lacks('to or w/ dr yoon (spine) and dr amaral (burns) in am.', 'burns');
    lacks('R distal radius fx (Colles), splinted.', 'Colles');
    lacks('no LOC per parishioner Mrs. Delaney at church.', 'Mrs');
    lacks('ski instructor at Sunapee in winter, lives in Newbury.', 'winter');
  });
});
