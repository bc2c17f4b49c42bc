/** Corpus entity types to the engine's: NCBI's four disease classes are diseases, JNLPBA's five classes one gene-related class. */
import { EntityType, isEntityType } from '../types';

const MAP: Record<string, EntityType> = {
  specificdisease: 'disease',
  diseaseclass: 'disease',
  compositemention: 'disease',
  modifier: 'disease',
  diseaseorphenotypicfeature: 'disease',
  chemicalentity: 'chemical',
  simplechemical: 'chemical',
  drug: 'chemical',
  geneorgeneproduct: 'gene',
  gene: 'gene',
  protein: 'gene',
  dna: 'gene',
  rna: 'gene',
  cell_line: 'gene',
  cell_type: 'gene',
};

export function engineType(corpusType: string): EntityType | undefined {
  const t = corpusType.trim().toLowerCase();
  return isEntityType(t) ? t : MAP[t];
}
