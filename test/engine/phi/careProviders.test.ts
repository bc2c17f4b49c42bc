/**
 * Care providers, employers and places a Massachusetts note names by a short name with no kind
 * word (careProviders.ts, brands.ts, neighbourhoods.ts; the sentences are written here, none from a
 * corpus): a name no word of the language spells wherever it stands; one that is a word or a
 * surname too only after a preposition of place or means, "vs", "or", a bracket or a question
 * mark; the false friends: a bone, a surname after a title, words of the language; and the
 * organ bank's short name (NEOB), a place, as six fixtures' authors mark it (five leave it).
 */
import { has, lacks, none } from '../../support/phiRules';

describe('care providers, employers and places by a short name', () => {
  it('a provider no word of the language spells, wherever it stands and in any case', () => {
    has('Dispo: Youville screening today.', 'location', 'Youville');
    has('HOME O2 2L FROM LINCARE.', 'location', 'LINCARE');
    has('apria delivered the concentrator.', 'location', 'apria');
    has('Prior stent at UMass in 2001.', 'location', 'UMass');
  });

  it('a provider that is a word or a surname too, after a preposition, vs, or a bracket', () => {
    has('Likely d/c back to Kindred on Monday.', 'location', 'Kindred');
    has('psych bed search (?mclean vs arbour).', 'location', 'mclean');
    has('psych bed search (?mclean vs arbour).', 'location', 'arbour');
    has('prior admits at carney and here.', 'location', 'carney');
    has('ETOH admits x2 (bmc, here).', 'location', 'bmc');
  });

  it('leaves a bone, a surname after a title and words of the language; the organ bank is a place', () => {
    none('Distal radius fx, splinted. Radius and ulna intact on film.', 'location');
    lacks('Dr. Carney to see pt; Carney aware.', 'Carney', 0, 'location');
    none('Family of kindred spirits; the ethos of the unit.', 'location');
    has('Organ bank (NEOB) notified per protocol.', 'location', 'NEOB');
  });

  it('employers and the airport by name, Chinatown after a preposition of place', () => {
    has('retired Raytheon engineer.', 'location', 'Raytheon');
    has('Daughter works at State Street downtown.', 'location', 'State Street');
    has('son landing at Logan at 2200.', 'location', 'Logan');
    has('lived in Chinatown for 30 yrs.', 'location', 'Chinatown');
  });

  it("JP after in or to at a clause's end, never where a drain is told before it", () => {
    has('Partner lives with pt in jp.', 'location', 'jp');
    has('Assaulted outside a bar in JP early Sunday.', 'location', 'JP');
    none('JP x2 serosang; 30cc in jp. Blood in jp. Check amylase in JP drain.', 'location');
  });

  it('leaves Fidelity and Logan as a word and a name, away from a place or work cue', () => {
    none('Good fidelity of the waveform.', 'location');
    lacks('Logan, her grandson, visited.', 'Logan', 0, 'location');
  });
});
