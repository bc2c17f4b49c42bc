/**
 * Measured quantities: a statement about one ("tachycardic on arrival", "renal function is
 * normal", "not anticoagulated") should be checked against the sentences that report its
 * value ("Heart rate 128.", "Creatinine rose to 2.1.", "INR 1.1."), which rarely share a
 * word with it. A small lexicon of the quantities clinical notes report most, each with
 * its names, abbreviations, units and the words that describe its state. Not a
 * terminology: it only decides which sentences are worth asking the model about.
 */

export interface Quantity {
  id: string;
  /** How the quantity is named in a note, lower case; several words are matched in sequence. */
  aliases: string[];
}

export const QUANTITIES: readonly Quantity[] = [
  { id: 'heart rate', aliases: ['heart rate', 'hr', 'pulse', 'bpm', 'tachycardia', 'tachycardic', 'bradycardia', 'bradycardic'] },
  {
    id: 'blood pressure',
    aliases: [
      'blood pressure',
      'bp',
      'sbp',
      'dbp',
      'systolic blood pressure',
      'mmhg',
      'map',
      'hypotension',
      'hypotensive',
      'hypertension',
      'hypertensive',
      'normotensive',
    ],
  },
  { id: 'respiratory rate', aliases: ['respiratory rate', 'rr', 'resp rate', 'respirations', 'breaths', 'tachypnea', 'tachypneic'] },
  { id: 'temperature', aliases: ['temperature', 'temp', 'tmax', 'fever', 'febrile', 'afebrile', 'pyrexia', 'hypothermia', 'hypothermic'] },
  {
    id: 'oxygen saturation',
    aliases: [
      'oxygen saturation',
      'o2 sat',
      'o2 saturation',
      'spo2',
      'sao2',
      'sat',
      'sats',
      'saturation',
      'saturating',
      'pulse oximetry',
      'room air',
      'hypoxia',
      'hypoxic',
      'hypoxemia',
      'hypoxemic',
      'desaturation',
      'desaturated',
    ],
  },
  {
    id: 'inr',
    aliases: ['inr', 'prothrombin time', 'pt', 'anticoagulated', 'anticoagulation', 'supratherapeutic', 'subtherapeutic', 'coagulopathy', 'coagulopathic'],
  },
  { id: 'potassium', aliases: ['potassium', 'k', 'hypokalemia', 'hypokalemic', 'hyperkalemia', 'hyperkalemic'] },
  { id: 'sodium', aliases: ['sodium', 'na', 'hyponatremia', 'hyponatremic', 'hypernatremia', 'hypernatremic'] },
  {
    id: 'creatinine',
    aliases: [
      'creatinine',
      'cr',
      'creat',
      'renal function',
      'kidney function',
      'egfr',
      'gfr',
      'bun',
      'acute kidney injury',
      'aki',
      'renal failure',
      'renal insufficiency',
      'azotemia',
    ],
  },
  { id: 'glucose', aliases: ['glucose', 'blood sugar', 'blood sugars', 'fingerstick', 'bg', 'hyperglycemia', 'hyperglycemic', 'hypoglycemia', 'hypoglycemic'] },
  { id: 'a1c', aliases: ['a1c', 'hba1c', 'hemoglobin a1c', 'glycated hemoglobin', 'glycemic control'] },
  { id: 'hemoglobin', aliases: ['hemoglobin', 'hgb', 'hb', 'hematocrit', 'hct', 'anemia', 'anemic'] },
  { id: 'white cell count', aliases: ['wbc', 'white count', 'white blood cell', 'white cell count', 'leukocytosis', 'leukopenia'] },
  { id: 'platelets', aliases: ['platelets', 'platelet count', 'plt', 'thrombocytopenia', 'thrombocytosis'] },
  { id: 'troponin', aliases: ['troponin', 'trop', 'tni', 'tnt', 'myocardial injury'] },
  { id: 'bnp', aliases: ['bnp', 'probnp', 'nt probnp', 'natriuretic peptide'] },
  { id: 'lactate', aliases: ['lactate', 'lactic acid', 'lactic acidosis'] },
  { id: 'ejection fraction', aliases: ['ejection fraction', 'ef', 'lvef', 'systolic function'] },
  { id: 'weight', aliases: ['weight', 'weighs', 'kg', 'lbs', 'bmi', 'obese', 'obesity'] },
  { id: 'magnesium', aliases: ['magnesium', 'hypomagnesemia', 'hypermagnesemia'] },
  { id: 'calcium', aliases: ['calcium', 'ca', 'hypocalcemia', 'hypercalcemia'] },
];

/** Abbreviations that are other words too ("K", "PT", "HR" for hours, "sat up"): they name the quantity only next to a value. */
const NEEDS_VALUE = new Set(['k', 'pt', 'hr', 'rr', 'na', 'cr', 'ca', 'hb', 'bg', 'ef', 'sat', 'sats', 'map', 'tni', 'tnt', 'temp']);
/** A value: a number, a ratio (162/94), a percentage. */
const VALUE = /^\d+(?:[.,]\d+)?(?:\/\d+(?:[.,]\d+)?)?%?$/;
/** How far (in tokens) a value may be from its quantity's name: "creatinine rose from 1.6 to 2.1". */
const BEFORE = 2;
const AFTER = 5;

interface Alias {
  id: string;
  tokens: string[];
}

/** Aliases by their first token, longest first, so "blood pressure" wins over a shorter alias at the same place. */
const BY_FIRST = new Map<string, Alias[]>();
for (const q of QUANTITIES) {
  for (const a of q.aliases) {
    const tokens = tokenize(a);
    const list = BY_FIRST.get(tokens[0]) ?? [];
    list.push({ id: q.id, tokens });
    BY_FIRST.set(tokens[0], list);
  }
}
for (const list of BY_FIRST.values()) list.sort((a, b) => b.tokens.length - a.tokens.length);

/** Lower-case words and values ("2.1", "162/94", "97%") in order. */
function tokenize(text: string): string[] {
  return text.toLowerCase().match(/\d+(?:[.,]\d+)?(?:\/\d+(?:[.,]\d+)?)?%?|[\p{L}\p{N}]+/gu) ?? [];
}

export interface QuantityMentions {
  /** Quantities the text names or describes. */
  mentioned: Set<string>;
  /** Quantities the text gives a value of (a subset of `mentioned`). */
  reported: Set<string>;
}

export function quantitiesOf(text: string): QuantityMentions {
  const tokens = tokenize(text);
  const mentioned = new Set<string>();
  const reported = new Set<string>();
  for (let i = 0; i < tokens.length; i++) {
    const candidates = BY_FIRST.get(tokens[i]);
    if (!candidates) continue;
    const alias = candidates.find((a) => a.tokens.every((t, k) => tokens[i + k] === t));
    if (!alias) continue;
    const end = i + alias.tokens.length;
    let valued = false;
    for (let k = Math.max(0, i - BEFORE); k < Math.min(tokens.length, end + AFTER) && !valued; k++) {
      if ((k < i || k >= end) && VALUE.test(tokens[k])) valued = true;
    }
    if (!valued && alias.tokens.length === 1 && NEEDS_VALUE.has(alias.tokens[0])) continue;
    mentioned.add(alias.id);
    if (valued) reported.add(alias.id);
    i = end - 1;
  }
  return { mentioned, reported };
}
