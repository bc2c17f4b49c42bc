/**
 * PHI rules from the dev28 round (40 CCU and cardiac-surgery nursing notes with a heading per
 * system, written blind; the sentences here are written here, none from a corpus): a place's
 * name ends at a sentence's end, two letters alone on the note's last line sign it, a surname no
 * list holds after PA, a year given in an orientation answer, a clock time after a clinical
 * verb, a relative's name that is a clinical word too before a clause's end, "Our Lady of" a
 * parish wherever it stands, a church's name after "attends"; and the false friends of each.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from cardiac unit nursing notes', () => {
  it("a place's name ends at a sentence's end; a full stop after an abbreviation goes on", () => {
    has('Social: lives in the North End. Walks daily.', 'location', 'North End');
    lacks('Social: lives in the North End. Walks daily.', 'Walks');
    has('Came from Mt. Auburn by ambulance.', 'location', 'Mt. Auburn');
    has('Was seen at Mass. General in 1998.', 'location', 'Mass. General');
  });

  it("two letters alone on the last line after a sentence's end sign the note, a clinical word's spelling too", () => {
    has('Plan: DIURESE, RECHECK LYTES.\nHR\n', 'name', 'HR');
    has('Plan: Continue heparin drip.\ntf\n', 'name', 'tf');
    has('Plan: Wean neo.\nTF, RN\n', 'name', 'TF');
  });

  it('leaves a problem list, a word of the language and three letters before a credential', () => {
    none('PMH: CAD, HTN\nDM\n', 'name');
    none('Plan: continue.\nok\n', 'name');
    none('Will follow.\nNPO RN\n', 'name');
    none('Pt stable. BP OK. HR\n', 'name');
    // (Credentials alone on their line sign nothing before them.)
    none('Plan: Wean neo.\nPT, RN\n', 'name');
  });

  it('a capitalised surname no list holds after PA in capitals, where case tells', () => {
    has('Wife updated by PA Thorvaldsen re plan.', 'name', 'Thorvaldsen');
  });

  it("leaves the pulmonary artery's words after PA", () => {
    none('PA Catheter pulled back 2 cm. PA Sats 68%.', 'name');
    none('PA Pressures 40s/20s on milrinone.', 'name');
  });

  it('a year in an orientation answer; a clock time after reversal or sedation is none', () => {
    has('Oriented to person only, says year is 1979.', 'date', '1979');
    has('Thinks the year was 2001.', 'date', '2001');
    none('Reversed 2015, extubated 2140. MAE.', 'date');
    none('Sedated 2030 for agitation.', 'date');
  });

  it("a relative's name that is a clinical word too, in capitals, before a clause's end", () => {
    has('SOCIAL: LIVES IN LYNN WITH WIFE PEG. HER CELL 781-555-0199.', 'name', 'PEG');
    has('lives with husband art, who drives.', 'name', 'art');
  });

  it("leaves a family history's diseases after a relative", () => {
    none('FHX: MOTHER MI, FATHER CAD.', 'name');
    none('Family history: father pad, mother dm.', 'name');
  });

  it('"Our Lady of" names a parish wherever it stands, her second name word too', () => {
    has('PEOPLE FROM HIS CHURCH OUR LADY OF PERPETUAL HELP VISITED.', 'location', 'OUR LADY OF PERPETUAL HELP');
    has('Parishioner at Our Lady of Fatima Hospital chapel.', 'location', 'Our Lady of Fatima');
    lacks('Parishioner at Our Lady of Fatima Hospital chapel.', 'Hospital');
  });

  it("a church's name after attends, in a note of one case", () => {
    has('pt lives in reading, attends grace methodist. son here.', 'location', 'grace');
  });

  it('leaves what is attended without a name', () => {
    none('pt attends cardiac rehab 3x/wk. attends church weekly.', 'location');
  });
});
