/**
 * The entity types a vocabulary serves unless the user says otherwise: a vocabulary
 * knows its domain, and linking every type by default gave drugs and tests disease concepts
 * (warfarin -> "Warfarin syndrome", biopsy -> "Edema"). MEDIC and disease ontologies serve
 * problems and diseases; CTD's chemicals and ChEBI serve treatments and chemicals; a
 * vocabulary whose concepts have types (UMLS's MRSTY, a TSV's type column) serves the entity
 * types its types' semantic groups fit. A vocabulary whose domain is not known (MeSH, a TSV
 * without types, an ontology of another prefix) serves every type, as before.
 *
 * Invariant: the answer depends on what the vocabulary holds (its format, its concepts' type
 * names, its IDs' prefix), never on the entities to link.
 */
import { ENTITY_TYPES, VOCABULARY_DOMAINS } from '../types';
import { groupsFit } from './semanticGroups';
import { Vocabulary } from './types';

/** What names a vocabulary's domain: its build format, the distinct type names of its concepts, an ID. */
export interface VocabularyDomain {
  format?: string;
  typeNames?: readonly string[];
  /** An ID of its concepts (the first), whose prefix names an ontology ("DOID:0050156"). */
  sampleId?: string;
}

/** The entity types this vocabulary serves by default; undefined: every type (its domain is not known). */
export function domainTypes(domain: VocabularyDomain): readonly string[] | undefined {
  const byFormat = domain.format !== undefined ? VOCABULARY_DOMAINS.formats[domain.format] : undefined;
  if (byFormat) return byFormat;
  if (domain.typeNames && domain.typeNames.length > 0) {
    const types = ENTITY_TYPES.filter((t) => domain.typeNames!.some((name) => groupsFit(t, [name])));
    return types.length > 0 ? types : undefined;
  }
  const prefix = /^([A-Za-z]+)[:_]/.exec(domain.sampleId ?? '')?.[1].toUpperCase();
  if (domain.format === 'obo' && prefix) return VOCABULARY_DOMAINS.ontologies[prefix];
  return undefined;
}

/** `domainTypes` of an open vocabulary. */
export function vocabularyTypes(v: Vocabulary): readonly string[] | undefined {
  return domainTypes({ format: v.format, typeNames: v.typeNames, sampleId: v.size > 0 ? v.concept(0).id : undefined });
}

/** The word a user writes for "every entity type" (`--vocab FILE=all`, `"types": ["all"]`). */
export const EVERY_TYPE = VOCABULARY_DOMAINS.every;

/**
 * The types a vocabulary serves: those the user chose (EVERY_TYPE among them: every type,
 * undefined), else, when none were chosen, its domain's.
 */
export function servedTypes(chosen: readonly string[] | undefined, v: Vocabulary): readonly string[] | undefined {
  if (chosen && chosen.length > 0) return chosen.some((t) => t.toLowerCase() === EVERY_TYPE) ? undefined : chosen;
  return vocabularyTypes(v);
}
