/**
 * Patterns of patterns.ts looked for first by a part that every match holds (a look V8 makes
 * quickly), each pair built from one piece so that the look can never miss what the pattern finds.
 */
const YEAR_APOSTROPHE = `(\\d{2})['\\u2019](?![\\d'\\u2019"A-Za-z])`;
export const YEAR_BEFORE_APOSTROPHE_NEEDS = new RegExp(`[ \\t]${YEAR_APOSTROPHE}`, 'i');
export const YEAR_BEFORE_APOSTROPHE = new RegExp(
  `\\b(?:since|quit|stopped|smoking|repair|resection|surgery|dx|dx'd|diagnosed|cabg|mi|ami|imi|nstemi|stemi|cva|tia|avr|mvr|pci|ptca|\\w+ectomy|\\w+otomy|\\w+plasty)(?:[ \\t]+in)?[ \\t]+${YEAR_APOSTROPHE}`,
  'gi',
);
const EXTENSION = `(\\d-\\d{4})(?![\\d-])`;
export const EXTENSION_NEEDS = new RegExp(EXTENSION);
export const EXTENSION_AFTER_WORD = new RegExp(
  `(?:\\b(?:x|ext\\.?|extension|pager|pgr|pg|beeper|bpr|page|paged(?:\\s+(?:at|to))?)\\s*#?|(?<![\\w#])#)\\s*${EXTENSION}`,
  'gi',
);
