/**
 * PHI rules from the dev42 round (40 hurried, misspelt ICU nursing notes typed fast, written
 * blind; the sentences here are written here, none from a corpus): a clinician named by an
 * initial alone (glued to "Dr.", before what a clinician does, before the next label); where
 * someone lives said a few words before "in", a misspelt town there; an age over 89 said of a
 * name found; who did a task ("placed by Gemma RT"); FR before a listed surname in capitals; a
 * saint's name that is a word too after "from" or "thru"; Holy Ghost; the proxy named before
 * "is hcp"; a hospital's abbreviation after "arrived"; a relative's name that ends in s. Each
 * positive case is one that only its rule finds, and each false friend one it must leave.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from hurried, misspelt notes', () => {
  it('a clinician named by an initial alone: glued to Dr., before what a clinician does, before the next label', () => {
    has('Dr.k aware of K 3.2, repleting.', 'name', 'k');
    has('Dr J rounded at 0900, ok to advance diet.', 'name', 'J');
    has('dr w and dr halloran aware of hct.', 'name', 'w');
    const labelled = 'VS STABLE PER DR T.\nNEURO: A+OX3, MAE.';
    has(labelled, 'name', 'T', labelled.indexOf('DR T') + 3);
  });

  it('leaves "dr a few times", and keeps an initial with its surname', () => {
    none('pt has seen dr a few times this year.', 'name');
    has('Seen by Dr. K. Lin today.', 'name', 'K. Lin');
  });

  it('where someone lives, said a few words before "in": a misspelt town too, never a state, a country or a kind of home', () => {
    has('they live in leominstr w/ dtr, 2 flights of stairs.', 'location', 'leominstr');
    none('pt lives w/ wife in Florida half the year.', 'location');
    none('pt lives w/ wife in split-level home.', 'location');
    none('dtr lives in Ireland, calls daily.', 'location');
  });

  it('an age over 89 said of a name found, and never a percentage', () => {
    has('sister ida who is 94 visits daily.', 'age', '94');
    none('Dr. Ames is 95% sure of the plan.', 'age');
  });

  it('who did a task, by a listed first name; never a shift or a role', () => {
    has('Art line placed by Gemma RT at 1400.', 'name', 'Gemma');
    none('dsg changed by night shift.', 'name');
    none('labs drawn by resident, sent.', 'name');
  });

  it('FR before a listed surname in capitals, never FR before a place (from)', () => {
    has('FR DWYER VISITED, PRAYED W/ FAMILY.', 'name', 'DWYER');
    none('TRANSFERRED FR OSH, ADMITTED FR WORCESTER.', 'name');
  });

  it("a saint's name that is a word too after from or thru, and Holy Ghost; never an ordinal's st", () => {
    has('FR OCONNELL FROM ST DENIS TO VISIT.', 'location', 'ST DENIS');
    has('labs drawn thru St Vincents lab today.', 'location', 'St Vincents');
    has('Holy Ghost parish priest visited.', 'location', 'Holy Ghost');
    none('MARINES 1968 TO 1970, 1ST MARINE DIVISION.', 'location');
  });

  it('the proxy named before "is hcp"; never a relative, a pronoun or a state', () => {
    has('clarence is hcp, # on chart.', 'name', 'clarence');
    none('wife is hcp. she is hcp.', 'name');
    none('son from nashua, nh is hcp.', 'name');
    lacks('Ex-wife Joy is HCP per old records.', 'Ex-wife');
  });

  it('a hospital abbreviation after "arrived", and a relative\'s name ending in s', () => {
    has('arrived BCH by ambulance at 0200.', 'location', 'BCH');
    has("pt's neighbor gus called the ambulance.", 'name', 'gus');
  });
});
