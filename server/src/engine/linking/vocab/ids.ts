/**
 * Concept IDs as `SOURCE:CODE`. Sources name their codes in their own ways (UMLS's `MSH`, a
 * corpus's bare `D001281`, MEDIC's bare OMIM numbers): every ID is written one way, so that
 * a vocabulary, a synonym corpus and a gold corpus agree on it.
 */

/** UMLS source abbreviations (SAB) whose usual prefix is another name. */
const SAB_PREFIX: Record<string, string> = { MSH: 'MESH', MDR: 'MEDDRA', NCI: 'NCIT' };

/** The prefix a UMLS source's codes get (`MSH` → `MESH`, `SNOMEDCT_US` as it is). */
export function sabPrefix(sab: string): string {
  return SAB_PREFIX[sab] ?? sab;
}

/** A MeSH descriptor (D + 6 or 9 digits) or supplementary concept (C + 6 or 9 digits). */
const BARE_MESH = /^[CD](\d{6}|\d{9})$/;
/** A UMLS CUI: C + 7 digits. */
const BARE_CUI = /^C\d{7}$/;
const BARE_NUMBER = /^\d+$/;

/**
 * An ID written `SOURCE:CODE`: a bare MeSH code gets `MESH:`, a bare CUI `UMLS:`, a bare number
 * `OMIM:` (MEDIC's and NCBI Disease's; a TSV's are kept), a known prefix is upper-cased (`mesh:` → `MESH:`,
 * `MSH:` → `MESH:`). Anything else is kept as written (trimmed).
 */
export function normaliseId(raw: string, bareNumbers: 'OMIM' | 'keep' = 'OMIM'): string {
  const id = raw.trim();
  const colon = id.indexOf(':');
  if (colon < 0) {
    const upper = id.toUpperCase();
    if (BARE_MESH.test(upper)) return `MESH:${upper}`;
    if (BARE_CUI.test(upper)) return `UMLS:${upper}`;
    if (BARE_NUMBER.test(id) && bareNumbers === 'OMIM') return `OMIM:${id}`;
    return id;
  }
  const prefix = id.slice(0, colon).toUpperCase();
  const code = id.slice(colon + 1).trim();
  if (prefix === 'MESH' || prefix === 'MSH') return `MESH:${code.toUpperCase()}`;
  if (prefix === 'OMIM' || prefix === 'MIM') return `OMIM:${code}`;
  if (prefix === 'UMLS' || prefix === 'CUI') return `UMLS:${code.toUpperCase()}`;
  return `${sabPrefix(prefix)}:${code}`;
}
