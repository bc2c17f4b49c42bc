/**
 * Words of a mention that say little of which concept it names, for the linker's looser
 * steps (linker.ts): leading words that only qualify ("sporadic aniridia"), a subtype letter
 * ("type IID"), and head nouns that say only that something is wrong with what the words
 * before them name ("skin lesion").
 */

/** Leading words that only qualify a disease ("sporadic aniridia"): tried without when not found with them. */
export const MODIFIERS = new Set([
  'sporadic',
  'isolated',
  'idiopathic',
  'bilateral',
  'unilateral',
  'primary',
  'adult',
  'fatal',
  'classic',
  'classical',
  'severe',
  'mild',
  'typical',
  'atypical',
  'human',
  'clinical',
  'overt',
  'apparent',
  'true',
  'complete',
  'partial',
  'recurrent',
  'multiple',
  'early',
  'late',
  'onset',
  'some',
  'other',
  'various',
  'certain',
  'several',
  'many',
  'these',
  'such',
]);

/** Head nouns that say only that something is wrong with what the words before them name. */
export const GENERAL_HEADS =
  /^(?:lesions?|injur(?:y|ies)|damage|dysfunctions?|impairments?|complications?|symptoms?|abnormalit(?:y|ies)|problems?|events?|deficits?|toxicit(?:y|ies)|manifestations?|involvement|sequelae)$/i;

/** Head nouns that say only how a condition goes ("heart failure exacerbation", "asthma flare"): the words before them name it. */
export const COURSE = /^(?:exacerbations?|flares?|flare-ups?|relapses?|worsening|decompensation)$/i;

/** A type numbered with a subtype letter: "type IID", "type 2A" (the letter dropped: the type). */
export const SUBTYPE = /\b((?:sub)?types?\s+(?:[IVX]+|\d+))[a-d]\b/gi;

/** A function lost or lessened ("decreased renal function", "loss of kidney function"): group 1 is what lost it. */
export const LOST_FUNCTION =
  /^(?:decreased|reduced|impaired|diminished|poor|reduction (?:in|of)|loss of|deterioration (?:in|of)|worsening (?:in|of)|decline (?:in|of))\s+(.+?)\s+functions?$/i;

/** An impairment of what the words before it name ("renal impairment"). */
export const IMPAIRMENT = /\s+impairments?$/i;
