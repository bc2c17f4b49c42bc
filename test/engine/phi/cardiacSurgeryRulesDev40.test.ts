/**
 * PHI rules from the dev40 round (40 cardiac-surgery, CSRU, CCU and cath-lab recovery notes,
 * written blind; the sentences here are written here, none from a corpus): a found name's
 * initials right after it (aliases.ts); a place's initials in small letters in brackets after
 * it; initials before a credential and a post to the line's end ("RB RN LIAISON"); and the
 * false friends of each: a credential's letters after a name, a tablet count after a drug, a
 * note's kind between a role and "Note", a country before a word that is a state's code.
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from cardiac-surgery and cath-lab notes', () => {
  it("a found name's initials right after it, bare or with full stops", () => {
    has('Pt Harriet Lindqvist HL transferred from OSH today.', 'name', 'HL');
    has('CSRU NOTE PT GERTRUDE HAAS G.H. POD 2, OOB TO CHAIR.', 'name', 'G.H.');
  });

  it("leaves a name's letters that are a word or a credential after it", () => {
    lacks('Seen by Dr. Mary Smith MS clinic today.', 'MS');
    lacks('Report from Dana Reyes RN at 0700.', 'RN');
  });

  it("a place's initials in small letters in brackets after it", () => {
    has('transferred from southern maine medical center (smmc) after cath.', 'location', 'smmc');
  });

  it('initials before a credential and a post at the line end', () => {
    has('Family updated by surgeon.\nTK RN LIAISON\n', 'name', 'TK');
    has('will call again when off pump. jd rn, or liaison\n', 'name', 'jd');
  });

  it('leaves a tablet count after a drug, a note kind after a role, and a country before IN', () => {
    none('Pain controlled on Roxicet 1 tab q4h.', 'location');
    none('Cardiology Fellow Accept Note -- CCU', 'name');
    none("PT CAME FROM PORTUGAL IN '71, RETIRED FISHERMAN.", 'location');
  });
});
