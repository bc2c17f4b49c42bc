/**
 * Entity types against a vocabulary's concept types, through the UMLS semantic groups
 * (McCray, Burgun & Bodenreider 2001; the groups of the UMLS's SemGroups.txt): a disease
 * mention may name a "Disease or Syndrome" or a "Finding" but not a "Pharmacologic Substance"
 * of the same name. Concept types come as UMLS semantic type names (MRSTY.RRF, MeSH XML) or
 * as plain entity types (a TSV's third column); both map to groups. When either side maps to
 * no group (an entity type or a vocabulary type this table does not know), nothing is
 * excluded: a missing table row must not hide a right concept.
 */

export type SemanticGroup = 'DISO' | 'CHEM' | 'GENE' | 'PROC' | 'ANAT' | 'DEVI' | 'PHEN' | 'PHYS' | 'LIVB';

/** UMLS semantic type names (lower case) in each group used here. */
const GROUP_TYPES: Record<SemanticGroup, string[]> = {
  DISO: [
    'acquired abnormality',
    'anatomical abnormality',
    'cell or molecular dysfunction',
    'congenital abnormality',
    'disease or syndrome',
    'experimental model of disease',
    'finding',
    'injury or poisoning',
    'mental or behavioral dysfunction',
    'neoplastic process',
    'pathologic function',
    'sign or symptom',
  ],
  CHEM: [
    'amino acid, peptide, or protein',
    'antibiotic',
    'biologically active substance',
    'biomedical or dental material',
    'carbohydrate',
    'chemical',
    'chemical viewed functionally',
    'chemical viewed structurally',
    'clinical drug',
    'eicosanoid',
    'element, ion, or isotope',
    'enzyme',
    'hazardous or poisonous substance',
    'hormone',
    'immunologic factor',
    'indicator, reagent, or diagnostic aid',
    'inorganic chemical',
    'lipid',
    'neuroreactive substance or biogenic amine',
    'nucleic acid, nucleoside, or nucleotide',
    'organic chemical',
    'organophosphorus compound',
    'pharmacologic substance',
    'receptor',
    'steroid',
    'vitamin',
  ],
  GENE: ['amino acid sequence', 'carbohydrate sequence', 'gene or genome', 'molecular sequence', 'nucleotide sequence'],
  PROC: [
    'diagnostic procedure',
    'educational activity',
    'health care activity',
    'laboratory procedure',
    'molecular biology research technique',
    'research activity',
    'therapeutic or preventive procedure',
  ],
  ANAT: [
    'anatomical structure',
    'body location or region',
    'body part, organ, or organ component',
    'body space or junction',
    'body substance',
    'body system',
    'cell',
    'cell component',
    'embryonic structure',
    'fully formed anatomical structure',
    'tissue',
  ],
  DEVI: ['drug delivery device', 'medical device', 'research device'],
  PHEN: [
    'biologic function',
    'environmental effect of humans',
    'human-caused phenomenon or process',
    'laboratory or test result',
    'natural phenomenon or process',
    'phenomenon or process',
  ],
  PHYS: [
    'cell function',
    'clinical attribute',
    'genetic function',
    'mental process',
    'molecular function',
    'organ or tissue function',
    'organism attribute',
    'organism function',
    'physiologic function',
  ],
  LIVB: ['archaeon', 'bacterium', 'eukaryote', 'fungus', 'human', 'organism', 'virus'],
};

const TYPE_GROUP = new Map<string, SemanticGroup>(
  (Object.entries(GROUP_TYPES) as [SemanticGroup, string[]][]).flatMap(([group, types]) => types.map((t) => [t, group] as const)),
);

/**
 * The groups an entity type may name. Keys are entity types as the project's tasks and the
 * corpora spell them (lower case): i2b2's problem, treatment and test; BC5CDR's and
 * NCBI-disease's disease classes; chemicals, drugs, genes and proteins.
 */
const ENTITY_GROUPS: Record<string, SemanticGroup[]> = {
  problem: ['DISO'],
  disease: ['DISO'],
  diseases: ['DISO'],
  specificdisease: ['DISO'],
  diseaseclass: ['DISO'],
  modifier: ['DISO'],
  compositemention: ['DISO'],
  disorder: ['DISO'],
  phenotype: ['DISO'],
  symptom: ['DISO'],
  finding: ['DISO'],
  treatment: ['CHEM', 'PROC', 'DEVI'],
  test: ['PROC', 'PHEN', 'PHYS', 'CHEM'],
  chemical: ['CHEM'],
  chemicals: ['CHEM'],
  drug: ['CHEM'],
  medication: ['CHEM'],
  gene: ['GENE', 'CHEM'],
  protein: ['GENE', 'CHEM'],
  geneorgeneproduct: ['GENE', 'CHEM'],
  procedure: ['PROC'],
  anatomy: ['ANAT'],
  species: ['LIVB'],
};

/** The semantic groups of an entity type, empty when it is not one this table knows. */
export function entityGroups(entityType: string): readonly SemanticGroup[] {
  return ENTITY_GROUPS[entityType.toLowerCase().replace(/[\s_-]+/g, '')] ?? [];
}

/** The groups of a concept type: a UMLS semantic type name's, else an entity type's (a TSV's "disease"). */
function conceptGroups(conceptType: string): readonly SemanticGroup[] {
  const group = TYPE_GROUP.get(conceptType.trim().toLowerCase());
  return group ? [group] : entityGroups(conceptType);
}

/** How a concept's types meet an entity type: their known groups meet, or they are apart, or either side's groups are unknown. */
function meeting(entityType: string, conceptTypes: readonly string[]): 'fits' | 'apart' | 'unknown' {
  if (conceptTypes.length === 0 || !entityType) return 'unknown';
  const want = entityGroups(entityType);
  if (want.length === 0) return 'unknown';
  const have = conceptTypes.flatMap(conceptGroups);
  if (have.length === 0) return 'unknown';
  return have.some((g) => want.includes(g)) ? 'fits' : 'apart';
}

/**
 * Whether a concept with these types may name a mention of this entity type: yes when their
 * groups meet, and yes when either side's groups are unknown (no types, or names this table
 * lacks); no only when both are known and apart.
 */
export function groupsAllow(entityType: string, conceptTypes: readonly string[]): boolean {
  return meeting(entityType, conceptTypes) !== 'apart';
}

/** Whether a concept's known groups meet the entity type's known groups (a tie goes to such a concept over one of no known group). */
export function groupsFit(entityType: string, conceptTypes: readonly string[]): boolean {
  return meeting(entityType, conceptTypes) === 'fits';
}
