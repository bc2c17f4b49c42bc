/**
 * Published scores of the instruction-tuned models and their baselines
 * (instruction-formats.md, from "Exploring the effectiveness of instruction tuning in
 * biomedical language processing", 2024), printed beside an evaluation of a known dataset.
 */
import { EntityType } from '../types';
import { namedCorpus } from './datasets';

export interface PublishedScores {
  dataset: string;
  type: EntityType;
  medtuned7b: number;
  medtuned13b: number;
  biobert: number;
}

const PUBLISHED_NER: readonly PublishedScores[] = [
  { dataset: 'NCBI-disease', type: 'disease', medtuned7b: 87.18, medtuned13b: 85.69, biobert: 88.62 },
  { dataset: 'BC5CDR-disease', type: 'disease', medtuned7b: 83.92, medtuned13b: 85.46, biobert: 86.67 },
  { dataset: 'BC5CDR-chem', type: 'chemical', medtuned7b: 93.88, medtuned13b: 94.51, biobert: 94.73 },
  { dataset: 'BC2GM', type: 'gene', medtuned7b: 76.46, medtuned13b: 79.12, biobert: 87.62 },
  { dataset: 'JNLPBA', type: 'gene', medtuned7b: 82.3, medtuned13b: 81.31, biobert: 80.33 },
];

/**
 * MedNLI accuracy: the references give MedTuned-13b and BioClinicalBERT (and untuned
 * Llama 2), no MedTuned-7b figure. It is the one NLI set the model was trained on, so
 * `eval nli --instruction-variant all` prints it beside any NLI corpus, named as MedNLI's.
 */
interface PublishedNli {
  dataset: 'MedNLI';
  metric: 'accuracy';
  medtuned13b: number;
  bioclinicalbert: number;
  llama2: number;
}
export const PUBLISHED_NLI: PublishedNli = { dataset: 'MedNLI', metric: 'accuracy', medtuned13b: 89.46, bioclinicalbert: 82.41, llama2: 37.2 };

// No i2b2-2010 relation figure of Llama2-MedTuned is in the project's references: `eval re`
// prints none rather than a number from memory.

/** The published rows for a corpus, recognised by its path (or a --dataset name). */
export function knownDataset(pathOrName: string): PublishedScores[] {
  switch (namedCorpus(pathOrName)) {
    case 'ncbi':
      return PUBLISHED_NER.filter((r) => r.dataset === 'NCBI-disease');
    case 'bc5cdr':
      return PUBLISHED_NER.filter((r) => r.dataset.startsWith('BC5CDR'));
    case 'bc2gm':
      return PUBLISHED_NER.filter((r) => r.dataset === 'BC2GM');
    case 'jnlpba':
      return PUBLISHED_NER.filter((r) => r.dataset === 'JNLPBA');
    default:
      return [];
  }
}

/**
 * Published concept-linking accuracy (percent, gold mentions, each system with its corpus's
 * training data). BioSyn's figures are its repository's trained models (dmis-lab/BioSyn
 * README, "Trained models", BioBERT-based); D'Souza & Ng's is their paper's (ACL-IJCNLP 2015,
 * "Sieve-Based Entity Linking for the Biomedical Domain", NCBI-disease test).
 */
export interface PublishedLinking {
  dataset: 'NCBI-disease' | 'BC5CDR-disease' | 'BC5CDR-chem';
  system: string;
  accuracy1: number;
  /** Absent where the source gives none. */
  accuracy5?: number;
  source: string;
}

const PUBLISHED_LINKING: readonly PublishedLinking[] = [
  { dataset: 'NCBI-disease', system: "D'Souza & Ng 2015 (sieve)", accuracy1: 84.65, source: "D'Souza & Ng, ACL-IJCNLP 2015" },
  { dataset: 'NCBI-disease', system: 'BioSyn (Sung et al. 2020)', accuracy1: 91.1, accuracy5: 93.9, source: 'dmis-lab/BioSyn README' },
  { dataset: 'BC5CDR-disease', system: 'BioSyn (Sung et al. 2020)', accuracy1: 93.2, accuracy5: 96.0, source: 'dmis-lab/BioSyn README' },
  { dataset: 'BC5CDR-chem', system: 'BioSyn (Sung et al. 2020)', accuracy1: 96.6, accuracy5: 97.2, source: 'dmis-lab/BioSyn README' },
];

/** The published linking rows for a corpus recognised by its path (all of them when it is not). */
export function knownLinkingDataset(pathOrName: string): PublishedLinking[] {
  switch (namedCorpus(pathOrName)) {
    case 'ncbi':
      return PUBLISHED_LINKING.filter((r) => r.dataset === 'NCBI-disease');
    case 'bc5cdr':
      return PUBLISHED_LINKING.filter((r) => r.dataset === (/chem/i.test(pathOrName) ? 'BC5CDR-chem' : 'BC5CDR-disease'));
    default:
      return [...PUBLISHED_LINKING];
  }
}
