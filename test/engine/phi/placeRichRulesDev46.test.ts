/**
 * PHI rules from the dev46 round (40 place-rich New England nursing, case-management and
 * transfer notes, written blind; the sentences here are written here, none from a corpus): a
 * parish by its dedication ("Our Lady of ...", "Church of ..."), the town's Legion post, a
 * farm, library or fishery by its name, a grocery, thrift or dialysis chain after a cue, a
 * country's name before a state's (a town), a town a relative will call from; a clinician by
 * a role's word before the name (a speech pathologist, a midwife); a relative whose name is a
 * word before the relative's phone; a record number after MR; a month said alone after "in"
 * before a preposition; initials after "initials on <form>:"; a date N/10 right after "on" though another
 * N/10 is near. And the false friends: how long
 * someone did something is no age ("taught 30 yrs at"), a clergyman before what he does, a
 * verb after a doctor's title in a note of one case, "ON" after "initials", mitral
 * regurgitation's grade after MR, "church of his youth", a country alone, a pain score, an incentive
 * spirometer's volume ("ic 2000").
 */
import { has, lacks, none } from '../../support/phiRules';

describe('PHI rules from place-rich notes', () => {
  it('a parish by its dedication, the Legion, a farm, a library; never a church of a pronoun or a country alone', () => {
    has('She prays the rosary at Our Lady of Fatima most mornings.', 'location', 'Our Lady of Fatima');
    has('FUNERAL MASS PLANNED AT OUR LADY OF GOOD COUNSEL.', 'location', 'OUR LADY OF GOOD COUNSEL');
    // Her title in small letters in a note that has capitals: one reading, institutions.ts's, in every case.
    has('Mrs. Dunne says the rosary at our lady of fatima on Sundays.', 'location', 'our lady of fatima');
    has('Wake Friday; Mass at our lady of good counsel, Dr. Roy told.', 'location', 'our lady of good counsel');
    none('Mr. Dunne calls his wife our lady of his heart; she laughs.', 'location');
    none('pt calls his wife our lady of his heart, she laughs', 'location');
    has('deacon from church of the transfiguration called', 'location', 'church of the transfiguration');
    has('Drinks two beers at the Legion on Saturdays.', 'location', 'Legion');
    has('Raises heifers on the family farm, Birchwood Hollow Farm, with his son.', 'location', 'Birchwood Hollow');
    has('Volunteers at the Ashgrove Memorial Library.', 'location', 'Ashgrove');
    none('He left the church of his youth after the war.', 'location');
    none('Family emigrated from Greece in 1962.', 'location');
  });

  it('a chain after a cue, a country before a state, a town someone will call from', () => {
    has('Dialysis MWF at the Davita unit downtown.', 'location', 'Davita');
    has('husband drove a truck for big y for 20 yrs', 'location', 'big y');
    has('works mornings at goodwill sorting donations', 'location', 'goodwill');
    has('Son lives in Poland, OH; will fly in Friday.', 'location', 'Poland');
    has('BROTHER WILL CALL FROM WORCESTER TONIGHT.', 'location', 'WORCESTER');
  });

  it("a clinician after a role's word, a relative's name before the phone, a record after MR, initials after the form's name", () => {
    has('swallow eval at 1400 with slp colette, npo until then', 'name', 'colette');
    has("pt's midwife ingrid vasquez called from the birth center", 'name', 'ingrid');
    has('SON BILL PHONE 508-555-0142 IS HCP.', 'name', 'BILL');
    has('Pt: Edwin Rourke, MR 662-3180, HD 2, chest pain.', 'id', '662-3180');
    has('PATIENT NAME ON FILE. INITIALS ON MAR: WT. ALLERGIES NKDA.', 'name', 'WT');
    lacks('PATIENT NAME ON FILE. INITIALS ON MAR: WT. ALLERGIES NKDA.', 'ON');
    none('Echo: mild MR 2+, EF 55%.', 'id');
  });

  it('a date N/10 after "on", another N/10 near; a pain score stays one, a spirometer volume is no year', () => {
    has('Came over from the student clinic on 3/10. CXR 3/10 shows a LLL infiltrate.', 'date', '3/10');
    none('Pain 6/10 at 0800, 3/10 after dilaudid.', 'date');
    none('using ic 2000 q1h while awake, coughing', 'date');
  });

  it('a month alone after "in" before a preposition; never a verb after may', () => {
    has('PT WAS LAST ADMITTED IN MAY FOR CELLULITIS.', 'date', 'MAY');
    none('this may help with the pain at night', 'date');
    none('HE MAY FOR NOW STAY ON TELE.', 'date');
  });

  it('the false friends: a duration is no age, a clergyman visits, a doctor does something', () => {
    none('pt taught 30 yrs at the middle school, retired now.', 'name');
    none('pastor visited earlier, family at bedside.', 'name');
    none('DR SAYS OK TO ADVANCE DIET.', 'name');
    none('Dr. aware of the K of 3.1, repleted.', 'name');
    // What still holds: a patient's name before an age, a name after a title.
    has('pt roderick 79 yo in bed 4 resting', 'name', 'roderick');
    has('DR QUINTERO AWARE OF LABS.', 'name', 'QUINTERO');
  });
});
