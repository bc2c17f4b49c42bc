/**
 * PHI rules from the dev33 round (40 ICU nursing and social-work notes about young patients
 * called by their first names, written blind; the sentences here are written here, none from a
 * corpus): the patient named right after the note's header and its shift; Boston's
 * neighbourhoods by the names the city calls them; a parole officer's name; a boyfriend's and
 * roommates' names; an extension after "paged at"; and the false friends of each: a diagnosis
 * or a record number's label after the header, a Jackson-Pratt drain, a fraction of packs a
 * day, an exploratory laparotomy, a relative's word joined to a name.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from notes that call the patient by a first name', () => {
  it("the patient right after the note's header and its shift, by a listed name or a word no list holds before a word", () => {
    has('TSICU NPN 7P-7A RAFE AGITATED EARLY, PULLING AT LINES.', 'name', 'RAFE');
    has('sicu npn 7a-7p marisol, goes by "mari", 22 yo s/p mvc.', 'name', 'marisol');
  });

  it("leaves a diagnosis, a record number's label and a word of the language after the header", () => {
    none('MICU NSG NOTE 1900-0700 DKA. PT ALERT.', 'name');
    none('sicu npn 7p-7a mrn 4410-2231 pt resting.', 'name');
    none('MICU Nursing Progress Note 7a-7p Quiet night, no events.', 'name');
  });

  it("Boston's neighbourhoods by their nicknames after a preposition of place", () => {
    has('family from eastie, 2 kids.', 'location', 'eastie');
    has('STAYING WITH SISTER IN ROZZIE.', 'location', 'ROZZIE');
    has('Mom lives in the North End.', 'location', 'North End');
  });

  it('leaves a Jackson-Pratt drain and a fraction of packs a day', () => {
    none('amylase from jp sent, JP site clean.', 'location');
    none('pt smokes 1/2 ppd, drinks 2 beers/day.', 'date');
  });

  it("a parole officer's, a boyfriend's and roommates' names; an extension after paged at", () => {
    has('PAROLE OFFICER DANTE RUIZ CALLED ASKING ABOUT D/C.', 'name', 'DANTE RUIZ');
    has('bf jaylen called x3, not to visit per pt.', 'name', 'jaylen');
    has('roommates theo and sam at bedside.', 'name', 'theo');
    has('Case worker paged at 4-3310, will call back.', 'phone', '4-3310');
  });

  it("leaves an exploratory laparotomy and a relative's word joined to a name", () => {
    lacks('pod 1 s/p ex lap for sbo.', 'lap');
    lacks('dad rick and mom linda arrived 1300.', 'mom');
  });
});
