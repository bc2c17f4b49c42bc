/**
 * The lists and patterns written so that allMatches tries them only at the words where a
 * match can begin (leadingWords.ts), or only where the note holds a character every match
 * needs (an at sign, an apostrophe): every way of writing each is still found, and what is
 * no such place or date is still left alone. Our own sentences.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI lists and patterns tried only where a match can begin', () => {
  it('a brand spelt with or without its marks, a Trailways line by the word before it, a state police by its initials', () => {
    for (const brand of ['K-Mart', 'Kmart', 'T.J. Maxx', 'TJ Maxx', 'T J Maxx', 'T.J.Maxx', 'TJ. Maxx', 'W.L. Gore', 'WL Gore', 'W.L Gore'])
      has(`Wife works days at ${brand} and visits after 5.`, 'location', brand);
    has('Son took concord trailways up from the city.', 'location', 'concord trailways');
    has('Daughter arrives on Trailways at noon.', 'location', 'Trailways');
    for (const state of ['N.H.', 'NH', 'R.I.', 'RI', 'Mass']) has(`Brought in by ${state} State Police after the crash.`, 'location', `${state} State Police`);
    none('Son took the bus up from the city.', 'location');
    none('bb 2 units given, k 4.1, mag 2.0', 'location');
  });

  it("a year after or before an apostrophe, an e-mail address, a newborn's surname, whose number it is", () => {
    has("CABG '98, stent ’01.", 'date', '98');
    has("CABG '98, stent ’01.", 'date', '01');
    has("STOPPED SMOKING 62', ambulated 50' with walker.", 'date', '62');
    lacks("STOPPED SMOKING 62', ambulated 50' with walker.", '50');
    has('Sister asks for updates at jo.ruiz@example.org when able.', 'email', 'jo.ruiz@example.org');
    none('Sister asks for updates by phone when able.', 'email');
    has('BB Lindqvist feeding well, 60 cc q3h.', 'name', 'Lindqvist');
    has("Luz's cell 781-555-0127 if needed.", 'name', 'Luz');
    has("Luz's cell 781-555-0127 if needed.", 'phone', '781-555-0127');
  });
});
