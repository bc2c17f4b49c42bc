/**
 * Words a note uses that the name and place lists also hold, or that stand where a name
 * could: clinical vocabulary (drugs, devices, anatomy, eponyms of diseases, signs and
 * scores), note abbreviations, units and function words. Such a word is never taken for a
 * name or place by a list alone; after a title ("Dr.") it still is, unless it is a function word.
 */

import { isAnyName, isEnglish } from './lists';
import { Word } from './words';

const words = (s: string) => new Set(s.trim().split(/\s+/));

/** Words that never start or continue a name or place, whatever the context. */
export const FUNCTION_WORDS = words(`
a an the and or but nor so of to in on at by for from with without within into onto upon over under near never always
after before during since until till per via as is are was were be been being has have had do does did
this that these those it its he she him her his hers they them their we us our you your i me my
who whom whose which what when where why how all any some no not none each every both either neither
will would shall should can could may might must am pm re vs etc also then than there here now today
tonight yesterday tomorrow very well up down out off again still yet just only even more most less
please thanks thank note notes noted see seen call called calls calling spoke speak speaking
aware updated update informed notified paged page per made make given gave md rn np pa do dr mr mrs ms atty attorney number
nsurg dialysis
monday tuesday wednesday thursday friday saturday sunday english spanish russian chinese french italian
greek portuguese polish korean haitian creole vietnamese arabic hebrew german american african
team teams resident residents ho house staff line lines numbers present flow mds husband wife son daughter
family brother sister friend friends other patient carevue aline orders order ss lab speech stroke
home wall open mark area said came met med good last eve night morning transfer doctor doctors nurse nurses attending fellow intern surgeon consult service
ok okay cell phone mobile works worked working signed sincerely regards winter summer autumn apt apartment age back
`);

/** Clinical and note words that the name or place lists hold (eponyms, drugs, devices, abbreviations). */
export const CLINICAL_WORDS = words(`
parkinson parkinsons alzheimer alzheimers crohn crohns hodgkin hodgkins cushing cushings addison addisons
graves hashimoto bell bells babinski glasgow trendelenburg heimlich foley hickman swan ganz groshong
bili escort mrn dob acct si hi eval evals etoh npn aps chief nf pain
broviac port portacath permacath perma picc quinton mahurkar pratt hemovac penrose salem dobhoff corpak miami
philadelphia aspen yankauer ambu bair hugger venodyne pneumoboots kerlix kling tegaderm duoderm xeroform
allevyn mepilex coban ace levin sengstaken blakemore minnesota cordis arrow tenckhoff sheridan
whipple nissen billroth roux hartmann hartmanns kocher pfannenstiel mcburney
apgar braden morse tinetti moca mmse ramsay riker richmond rass cam kussmaul cheyne stokes biot korotkoff
killip ranson unna hf
barrett barretts wernicke korsakoff guillain barre stevens kawasaki marfan
raynaud raynauds sjogren behcet wegener takayasu kaposi ewing wilms burkitt hirschsprung meckel
mallory weiss boerhaave zenker dressler prinzmetal wolff osler janeway roth quincke
homan homans chvostek trousseau brudzinski kernig romberg lhermitte tinel phalen
coumadin lasix levophed heparin lovenox insulin ativan haldol morphine fentanyl versed propofol diprivan
dilaudid tylenol motrin zofran reglan protonix pepcid zantac colace senna dulcolax lactulose kayexalate
vancomycin vanco zosyn cefazolin ancef levaquin flagyl bactrim cipro gentamicin tobramycin
dopamine dobutamine milrinone neo neosynephrine vasopressin nitro nitroglycerin ntg amiodarone
lopressor metoprolol captopril lisinopril digoxin diltiazem cardizem labetalol hydralazine
solumedrol prednisone decadron albuterol atrovent combivent flovent
potassium kcl calcium magnesium phosphorus sodium bicarb glucose dextrose saline lr ns
iv po pr sl sq sc im ng og ngt ogt peg ett trach vent cpap bipap ps peep fio2 sat sats spo2 abg
hr bp rr temp tmax wbc hct hgb plt inr ptt pt bun cr na ca mg ck cpk mb tsh ast alt
icu micu sicu ccu csru ed er ew or pacu cath ir ct cta mri mra cxr ekg ecg echo eeg emg us kub
lll lul rll rul rml
neuro cv resp gi gu id heme skin social dispo plan assessment response action
abd ext neuro psych pulm renal endo lungs heart chest
sob cp cad chf copd dm htn afib mi cabg cva tia pe dvt uti gerd esrd ckd
am pm prn qd bid tid qid qhs hs ac pc stat npo
ml cc mcg mg kg gm mmhg meq units unit
mon tue tues wed thu thur thurs fri sat sun
mmse perl perla perrla pearla riss doppler contin maint mech huo bil fic fick genta apap asa ros sys supp brady spiro
cont con't nsg ho rt bb cs ph ci co hd cvp imv simv rca lad lcx pvc pvcs av tlc raf cvvh cvvhf cvvhd
sx bs ls tf ivf uo vss mae perrl dsg nsr st sb pac pacs gtt gtts sbp dbp map pcwp svo fs fsbs ssi abx
csurg ctsurg resp'y pcw pad ppm aicd vfib vtach svt afl aflutter lytes hemodynamics pts pt's kefzol
hosp amio amiod shiley dec chol prox situ sero sang svr tol min mins vea sao pao pap ota nad esp ent deline dat zoll vap tyl vit
hb bm ua dp vbg tte rrr wnl bnp dnr dni cmo tpn ppn cvl iabp lvad ecmo crrt pd ams loc nv tv fio prvc
allegra afrin hasson triage pager stoma skincare ostomy woc moca fr ciwa
medicine emergency surgery cardiology neurology radiology pathology oncology nephrology psychiatry orthopedics
urology anesthesia dermatology gastroenterology geriatrics pediatrics obstetrics gynecology
surg onc cards ortho uro gyn derm nephro rheum wound charge float agency resource covering admitting evh rehab bogota sci rvr
outpt inpt outpatient inpatient mwf tts tth tths nsicu bmt retic neurosurg spine nonop osha colles ali ards hbss hbsc hbsa
`);

/** Words of the language that are names too ("Will", "Grace", "Rose"): only context makes them names. */
export const isStopWord = (w: string | Word): boolean => {
  if (typeof w !== 'string') return w.stop >= 0 ? w.stop === 1 : (w.stop = isStopWord(w.lower) ? 1 : 0) === 1;
  return FUNCTION_WORDS.has(w) || CLINICAL_WORDS.has(w);
};

/**
 * A word that no list of safe words holds (English, clinical, function words): in a place
 * where a name or a place can stand, such a word likely is one (a surname no name list has,
 * a hospital's abbreviation). Misspellings are unknown too, so it takes a context to count.
 */
export const isUnknownWord = (w: string | Word) => {
  const lower = typeof w === 'string' ? w : w.lower;
  return lower.length >= 2 && !isStopWord(w) && !isEnglish(w);
};
/** A word (lower case) that may be a name: a listed name, a name that is a word too, or a word no list holds. */
export const mayBeName = (w: string | Word) => isAnyName(w) || isUnknownWord(w);

/** Clinical abbreviations shaped like a hospital's (letters then H or MC): bleeds, hormones (GH, rare in a note, is left to mean a hospital), histories, insulin, nursing home. */
export const NOT_HOSPITAL_ABBREVIATION = new Set(
  `ich sah sdh edh ivh lvh rvh bph pph ugih lgih nph pth tsh ldh adh acth fsh lh doh hh bbh fhh dh uh ah oh eh
  pmh osh etoh tah usoh fh sh nh mh rh ph hhh vh`
    .trim()
    .split(/\s+/),
);
/** Seasons and their plurals: no town, though lists hold some ("in winter", "SUMMERS ON BLOCK ISLAND"). */
export const SEASON = /^(?:spring|summer|fall|autumn|winter)s?$/;
