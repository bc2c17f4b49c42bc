/**
 * The PHI rules' categories beyond the basic shapes, on synthetic notes written for these
 * tests: two-digit years after history events, hospital abbreviations and wards without an
 * institution word, names no list holds before a role, lists of relatives' names, vent
 * settings and US states left alone, misspelt words in a note without case left alone.
 */
import { has, none } from '../../support/phiRules';

describe('PHI rule categories (synthetic notes)', () => {
  it('finds two-digit years after history events, and no times after @ or ->', () => {
    has('PMH: MI 93, redo CABG 01, CVA 88, HTN.', 'date', '93');
    has('PMH: MI 93, redo CABG 01, CVA 88, HTN.', 'date', '01');
    has('PMH: MI 93, redo CABG 01, CVA 88, HTN.', 'date', '88');
    none('HR 93, MAP 65. Lasix given @ 2000, unclamp CT @1930, 0700->1930 uneventful. CPKs 2010.');
    none('CABG x3 in good position, MI 5 mm ST changes, repair 40% intact.');
  });

  it('finds hospitals and wards without an institution word', () => {
    has('Pt brought to TVMC ER for chest pain.', 'location', 'TVMC');
    has('medflight to Brackenhurst for emergent cath.', 'location', 'Brackenhurst');
    has('Heart transplant at Lantern Cove last year.', 'location', 'Lantern Cove');
    has('Surgeon from Harbor in to see pt this eve.', 'location', 'Harbor');
    has('Plan: transfer to Wexcombe 4 in the am.', 'location', 'Wexcombe');
    has('She went via ambulance to St. Brigid Hospital.', 'location', 'St. Brigid');
    has('Sent to GH via ambulance for further care.', 'location', 'GH');
  });

  it('leaves moves to clinical states, specimens and rhythms alone', () => {
    none('HR returned to baseline. Clot sent to blood bank. Went into AF with rates 140s.');
    none('plan- cont supportive medical care, will need rehab. Sister lives in California.');
    none('PS decreased to 8/5. Vent: remained on 5/5, 40%. Neuro: strength 5/5.');
  });

  it('finds names no list holds before a role, after a relative, in lists and sign-offs', () => {
    has('OK TO USE AS CENTRAL LINE PER WARREN QUOLVANIK NP', 'name', 'QUOLVANIK');
    has('OK TO USE AS CENTRAL LINE PER WARREN QUOLVANIK NP', 'name', 'WARREN');
    has('abg on above settings. Mary Zelbrecht, R.N.\n', 'name', 'Zelbrecht');
    has('sats down to 87% -> J. Okafor PA in to evaluate.', 'name', 'Okafor');
    has('Sons Tobin, Morris and Roger in to visit.', 'name', 'Roger');
    has('Sons Tobin, Morris and Roger in to visit.', 'name', 'Morris');
    has("social: pt's dtr-in-law Rita Vanterpool in to visit.", 'name', 'Rita');
    has('Family at bedside, supportive.\nMary Quendell\n', 'name', 'Quendell');
    has('INR 2.3. PREOP-DR. WILLIAMS SPOKE WITH FAMILY.', 'name', 'WILLIAMS');
  });

  it('takes no role, plural or capitalised common word for a name', () => {
    none("PER MD'S PT TO BE STARTED ON NIPRIDE, MD'S AWARE. Hemodynamics PA 54/18. SEEN BY EPS FELLOW.");
    none('Feeds to goal as tolerated per Nutrition note. Changes in MS. Aspiration precautions.');
  });

  it('leaves misspelt English words alone in a note written in one case', () => {
    none('bp slightly higer today, sxn for thich secretions, liquid stoll in rectal bag, tema notified.');
  });
});
