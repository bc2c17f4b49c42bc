/**
 * Published NER scores (F1) of the instruction-tuned models and the BioBERT baseline
 * (instruction-formats.md, from "Exploring the effectiveness of instruction tuning in
 * biomedical language processing", 2024), printed beside an evaluation of a known dataset.
 */
import { EntityType } from '../types';

export interface PublishedScores {
  dataset: string;
  type: EntityType;
  medtuned7b: number;
  medtuned13b: number;
  biobert: number;
}

export const PUBLISHED_NER: readonly PublishedScores[] = [
  { dataset: 'NCBI-disease', type: 'disease', medtuned7b: 87.18, medtuned13b: 85.69, biobert: 88.62 },
  { dataset: 'BC5CDR-disease', type: 'disease', medtuned7b: 83.92, medtuned13b: 85.46, biobert: 86.67 },
  { dataset: 'BC5CDR-chem', type: 'chemical', medtuned7b: 93.88, medtuned13b: 94.51, biobert: 94.73 },
  { dataset: 'BC2GM', type: 'gene', medtuned7b: 76.46, medtuned13b: 79.12, biobert: 87.62 },
  { dataset: 'JNLPBA', type: 'gene', medtuned7b: 82.3, medtuned13b: 81.31, biobert: 80.33 },
];

/** The published rows for a corpus, recognised by its path (or a --dataset name). */
export function knownDataset(pathOrName: string): PublishedScores[] {
  const p = pathOrName.toLowerCase();
  if (/ncbi/.test(p)) return PUBLISHED_NER.filter((r) => r.dataset === 'NCBI-disease');
  if (/bc5cdr/.test(p)) return PUBLISHED_NER.filter((r) => r.dataset.startsWith('BC5CDR'));
  if (/bc2gm/.test(p)) return PUBLISHED_NER.filter((r) => r.dataset === 'BC2GM');
  if (/jnlpba/.test(p)) return PUBLISHED_NER.filter((r) => r.dataset === 'JNLPBA');
  return [];
}
