/** The words towns.ts reads a town by: prepositions, work words, street words, states, the words that are no town. */
const set = (s: string) => new Set(s.trim().split(/\s+/));

/** Prepositions after which a town stands; after the weaker ones ("to", "at": "changed to Ambien") only a listed one. */
export const PREPOSITIONS = set('in from near outside');
export const WEAK_PREPOSITIONS = set('to at toward towards around between');
/** Capitalised words after a preposition that are no places: months, departments, care words, the note's headings. */
export const NOT_TOWN = set(`council foster parish january february march april may june july august september october november december
  cantonese mandarin creole khmer hmong tagalog somali amharic tigrinya farsi urdu
  jan feb mar apr jun jul aug sep sept oct nov dec room bed rest floor care pain progress rehab unit ward
  will there here time place order addition total general fact view light touch part line normal
  radiology cardiology neurology oncology surgery medicine psychiatry pathology dermatology urology nephrology
  emergency ambulance clinic office hospital hospice home house school church work hand osh alot army navy marines military scene`);
/** States' postal codes that are no English word, credential or clinical abbreviation (MS, MD, PA, OR, IN, CA, MI, VA are). */
export const PLAIN_CODES = set('ma nh ri ct vt ny nj fl tx az nm nv wy ks mn wi il ky wv ak tn ut nd sd');
/** The states whose names are two words. */
export const STATE_PHRASE = /^(?:new (?:hampshire|jersey|mexico)|(?:north|south) (?:carolina|dakota)|rhode island|west virginia)$/;
/** Kinds of places a town follows with "in" ("Country Manor in Ware"). */
export const PLACE_KINDS_BEFORE_IN =
  /^(?:manor|hospital|memorial|medical|center|centre|ctr|rehab|home|house|village|residence|commons|clinic|dialysis|nursing|health|healthcare|care|hospice|vna)$/;
/** The last words of states of two words, towns of their own alone ("lives in York"). */
export const STATE_TAILS = set('york hampshire');
/** Where someone lives, said a few words before "in": "lives w/ them in worcester". */
export const LIVES = set('lives living live resides reside');
/** Relatives whose town a note says ("son Nick in Providence"). */
export const RELATIVE_BEFORE = set(`son sons daughter daughters dtr dtrs wife husband sister sisters brother brothers mother father mom dad
  niece nephew aunt uncle cousin friend grandson granddaughter family law hcp proxy guardian parents kids children grandchildren
  grandkids grandsons granddaughters nieces nephews cousins aunts uncles friends fiance fiancee boyfriend girlfriend bf gf partner
  stepson stepdaughter grandmother grandfather relatives inlaws in-laws`);
/** Kin of RELATIVE_BEFORE whose town counts only in the same clause ("parents in worcester"; not "with inlaws, numbers in Green chart"). */
export const KIN_GROUPS = set(`parents kids children grandchildren grandkids grandsons granddaughters nieces nephews cousins aunts uncles friends
  fiance fiancee boyfriend girlfriend bf gf partner stepson stepdaughter grandmother grandfather relatives inlaws in-laws`);
/** Words that open a town's name and need the next word ("South Dunmore", "Fort Tolland"). */
export const TOWN_OPENERS = set('north south east west new fort port mount mt lake glen');
/** Street words: a town's name begins after them ("12 Pell Rd Dunmore, MA"). */
export const STREET = set(`street st road rd avenue ave av boulevard blvd lane ln drive dr way pike terrace ter place pl court ct
  highway hwy square sq circle cir parkway pkwy floor fl unit apt suite ste box`);
/** Work words before a workplace ("worked at", "employed by", "teaches at"). */
export const WORK = set(`work works worked working job employer employed employee teaches taught teacher retired volunteers volunteered worker
  student studies attends pcp detox dialysis engineer accountant designer roofer barista mechanic clerk cashier
  secretary programmer janitor manager foreman machinist electrician plumber carpenter driver technician analyst
  librarian professor lawyer attorney chef cook waitress waiter bartender salesman saleswoman guard custodian welder aide
  firefighter laborer trucker miner farmer owner drove drives drive driving bookkeeper pilot dentist pharmacist therapist realtor banker pastor minister officer
  stationed fought served`);
/** Workplaces no name makes particular ("works at night", "worked at a bank" takes its article). */
export const NOT_WORKPLACE = set(`home night nights day days time times school hospital bank store factory office restaurant company
  plant shop mill farm post mall construction sea desk computer same least present scene fbi cia irs fda cdc nih nasa
  salon barbershop diner bakery garage warehouse yard laundromat deli pharmacy`);
export const OWNED = set('business company firm'); // what an owner's employer is called before its name ("his business Genentech")
export const CUES = set('in from to near of'); // the prepositions a town follows (cued)
/** Work said before "out of" and a town ("FISHED OUT OF GLOUCESTER", "DRIVES OUT OF WORCESTER"), and the workplace or employer between. */
export const WORKS_OUT = set(`work works worked working fish fishes fished fishing lobster lobsters lobstered drive drives drove driving truck
  trucks trucking operate operates operated based sail sails sailed commute commutes commuted company co inc llc erectors contractor
  contractors builders roofing construction shipyard boat trawler dragger`);
/** Kinds of home, no town's name though no list holds them ("lives alone in rowhouse"). */
export const HOMES = /^(?:(?:row|town|farm|group)?(?:house|home)|apartment|condo|condominium|trailer|duplex|bungalow|cottage|highrise|high-rise)s?$/;
