/**
 * The words that context.ts reads names by: titles, relatives, roles before a name, services
 * and specialties that are no name, verbs of talking to someone, what a person or a relative
 * does after the name, the shape of an age after a name, and words that look like names there
 * and are none.
 */
import { ROLES_AFTER } from './signOffs';
const set = (s: string) => new Set(s.trim().split(/\s+/));

/**
 * Close relatives and friends, singular: the words every rule about a relative reads (each adds its own,
 * plurals, proxies, roles), so a relative's word a rule learns is learnt by all.
 */
export const CLOSE_KIN = `wife husband son daughter dtr sister brother mother father mom dad niece nephew grandson granddaughter
  aunt uncle cousin friend partner fiance fiancee boyfriend girlfriend neighbor neighbour`
  .trim()
  .split(/\s+/);
/** A pattern of whole words, these and more ("^(?:wife|...|more)$"). */
export const wordsPattern = (words: readonly string[], flags = '') => new RegExp(`^(?:${words.join('|')})$`, flags);
export const TITLES = set('dr drs doctor mr mrs ms miss mister prof professor atty attorney hno');
export const RELATIVES = set(`wife husband hus son sons daughter daughters dtr dtrs dau sister sisters sis brother brothers bro fil mil
  mother mom mum father dad parent parents niece nephew grandson granddaughter grandchild grandmother grandfather
  aunt uncle cousin friend friends fiance fiancee partner spouse proxy hcp boyfriend girlfriend neighbor neighbour
  stepson stepdaughter sil dil in-law son-in-law daughter-in-law sister-in-law brother-in-law relative visitor visitors
  stepmother stepfather godmother godfather goddaughter godson grandparent grandparents granddaughters grandsons buddy
  grandchildren nieces nephews aunts uncles cousins husb companion caregiver guardian roommate poa kids lawyer attorney atty
  oldest youngest grandkids stepkids grandaughter grandaughters sponsor grandnephew grandniece great-grandson
  great-granddaughter ex-wife ex-husband boss supervisor foreman landlord landlady bf gf roommates partners mob fob sib sibs ggm mgm pgm stepmom stepdad`);
export const ROLES_BEFORE = set(`attending resident fellow intern rn np nurse rrt pharmacist pharmd sw manager therapist chaplain surgeon cardiologist
  physician pcp intensivist hospitalist housestaff staff ho liaison coordinator interpreter interp translator advocate priest mgr mgmt rep tech perfusionist
  perfusion residents fellows
  educator coworker co-worker coworkers co-workers colleague colleagues worker caseworker hha homemaker coord counselor counsellor trooper detective det officer sgt
  sergeant lieutenant capt captain patrolman emt paramedic firefighter lc nutritionist teacher coach slp midwife doula dietitian dietician
  cde res resid orientee preceptor clerk nf trainer dean harbormaster psychologist psychiatrist podiatrist audiologist neurologist oncologist nephrologist pulmonologist urologist hepatologist`);
/**
 * An age after a name, a nickname in brackets between ("JAMES X ("JIMMY"), 92 YO", "pt ramos, 38f, dka"), or spelt
 * ("ELMER DIEHL IS A ONE HUNDRED Y/O", "clara ennals, eighty-six y/o"); never how long ("taught 30 yrs at").
 */
export const AGE_AFTER =
  /^\s*(?:\(\s*["\u201c]?[\p{L}'-]+(?:[ \t]+[\p{L}'-]+){0,2}["\u201d]?\s*\))?\s*,?\s*(?:is\s+(?:an?\s+)?)?(?:\d{1,3}\s*-?\s*(?:yo\b|y\/o|y\.o\.|(?:years?\b|yrs?\b)(?![ \t]+(?:at|in|as|on|with|for|since|ago|of|before|after|until|w\/)\b))|\d{2,3}[mf](?=\s*[,;]|\s+(?:w\/|(?:pod|s\/p|with|admitted|adm|who|pmh|hx|h\/o|presents|presenting|transferred|tx|txd|from|c\/o|dx)\b))|(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[- ](?:one|two|three|four|five|six|seven|eight|nine))?|one hundred(?: and [a-z]+)?)[- ](?:yo\b|y\/o|y\.o\.|years?[- ]old|year-old))/iu;
/** Labels of a summary after which a line's patient is named ("recap: harold tsang 81m"). */
export const SUMMARY_LABELS = /^(?:recap|id|pt|patient|summary|name|re|identification|hpi|o)$/;
/** Function words that are given names too: after a relative, capitalised, they are names ("wife May"). */
export const NAMES_THAT_ARE_FUNCTION_WORDS = set('may will mark bill pat');
export const SERVICES_BEFORE_ROLE = set(`vasc vascular cards renal pulm neuro nsgy nsurg gi id ortho surg gyn ent heme onc psych trauma plastics uro
  derm endo endocrine rheum nephro ep ir anesthesia anes icu micu ccu sicu tsicu nsicu cvicu csru ctsurg cts medicine surgery night day float charge
  accepting admitting covering consulting referring receiving primary oncall`);
/** Specialties and services a signature names after its role. */
export const SPECIALTIES =
  /^(?:care|ethics|progress|critical|neurocritical|palliative|pulmonary|cardiac|cardiology|surgery|surgical|vascular|medicine|medical|oncology|neurology|neurosurgery|psychiatry|geriatrics|geriatric|hepatology|nephrology|infectious|critical|emergency|radiology|anesthesiology|orthopedics|orthopaedics|urology|hospice|hospitalist|internal|general|transplant|thoracic|trauma|neuromuscular|electrophysiology|interventional|stroke|epilepsy|burn|pediatrics|rheumatology|endocrinology|gastroenterology|hematology)$/;
export const VERBS = set('called paged per notified informed updated told asked phoned contacted reach reached attn');
/** What a person named just before does ("husband tunde brings baby"): a name never goes on over it, save with its capital where case tells. */
export const DOES_AFTER_NAME = set(
  "brings comes takes visits calls lives wants says states feels works goes gets knows thinks plans needs stays helps drives gave sx'd suctioned drew weaned changed found brought",
);
/** What a doctor does, said right after the title ("DR AWARE", "dr says ok"). */
/** What a title is followed by that names no one: what a doctor does ("Dr. aware"), two letters no surname spells ("MR No."). */
export const TITLE_VERBS = new Set([
  ...DOES_AFTER_NAME,
  ...set('says said aware agrees agreed ok okay notified updated called paged ordered wants'),
  ...set('no to of in on at is or by if as it be we he me my so up us am pm'),
]);
/** What relatives do, said right after their word ("pt and wife live at"): in a note of one case, no name. */
export const RELATIVES_DO = set(
  'live lives lived living stay stays stayed visit visits visited want wants wanted agree agrees agreed owns owned runs manages went came left drove flew took',
);
export const VERBS_WITH = set('spoke speak spoken talked talk discussed met meeting d/w consult consulted');

/** Verbs whose object is a drug, a device or a food: a listed name alone after them is a misspelt one ("receiving Vano", "d/cing Swann"). */
export const THING_BEFORE =
  /\b(?:d\/c(?:'?d|ing)?|dc(?:'?d|ing)?|receiv(?:e|es|ed|ing)|consider|start(?:ed|ing)?|cont(?:inue[ds]?)?|hold(?:ing)?|held|given?|eat(?:s|ing)?|ate|drink(?:s|ing)?)\s+$/i;

export const NOT_NAMES =
  /^(?:first|second|third|last|next|alt|alternate|full|mon|tues?|weds?|thur?s?|fri|muslim|catholic|jewish|hindu|buddhist|baptist|protestant|methodist|lutheran|canadian|american|brought|brings|found|ks|new|week|ccrn|priest|guardian|[a-z]+(?:able|ible))$/;
/** The words that open a rule of contextSpans's first loop, and the words after a name that do (below). */
export const OPENS = new Set([
  ...[TITLES, RELATIVES, ROLES_BEFORE, VERBS, VERBS_WITH].flatMap((s) => [...s]),
  ...'pt patient officer law md named is name by rt cm pa ot sitter d float o'.split(' '),
]);
/** What "rt" (right) names on the body: no therapist's name after it. */
export const BODY_SIDE_PARTS = /^(?:arm|arms|leg|legs|hand|foot|side|eye|ear|knee|hip|chest|neck|groin|lung|wrist|heel|toe|shoulder|elbow|ankle|flank|thigh)$/;
/** A unit's or a task's word a nurse's name may stand before, then RN. */
export const UNITS_BEFORE_RN = new Set(
  'hd icu micu sicu tsicu nsicu ccu csru cvicu ed er pacu cath float charge iv picc wound ostomy dialysis transplant resource triage'.split(' '),
);
export const AFTER_OPENS = new Set([...ROLES_AFTER, ...UNITS_BEFORE_RN, ...'called phoned visited calls visits phones aware notified paged'.split(' ')]);
/** The kind of a relative's phone ("DAUGHTER PAULINE IS HCP, WORK # 978-..."): no name after a relative's word. */
export const PHONE_KINDS = set('work home cell mobile phone pager beeper number');
/** What a clinician named after their role's word does next ("cm gloria following", "rt bob suctioned"), right after the name. */
export const ROLE_DOES =
  /^[ \t]+(?:following|aware|updated|to|will|gave|called|notified|looking|arranging|working|is|has|sx'd|suctioned|drew|weaned|changed|checked|reviewed|examined|placed|ordered|saw|did|checking|weaning|suctioning|at|sending|sent|faxing|faxed|screening)\b/i;
/** What a clinician does, after a short name in capitals that is then no acronym ("RT JOE AWARE", "SITTER LOU AT BEDSIDE"). */
export const SHORT_CAPS_NAME_DOES =
  /^[ \t]+(?:aware|following|updated|notified|called|did|suctioned|extubated|changed|sending|sent|faxing|faxed|screening|arranging|at[ \t]+(?:the[ \t]+)?(?:bedside|bs))\b/i;
/** What is drawn, after "drew" (a verb then, not the name Drew: "resident drew abg", "RN DREW AM LABS"). */
export const DRAWN = /^[ \t]+(?:blood|bld|labs?|lytes|cultures?|cx|bcx|gas(?:es)?|abgs?|vbgs?|samples?|specimens?|am\b|k\b|coags?|cbc|chem|up)/i;
/** The same after a case manager's first name and up to two more ("cm pam yoder to arrange", "cm lou anne grady checking"). */
export const CASE_MANAGER_DOES = new RegExp(`^(?:[ \\t]+[a-z'-]{2,}){0,2}${ROLE_DOES.source.slice(1)}`, 'i');
