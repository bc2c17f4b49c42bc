/**
 * Which training set's instructions a literature entity type is asked with when a corpus is
 * evaluated (or turned into training rows): Llama2-MedTuned learnt one instruction set per
 * training corpus (medtuned-training-data.md), so a BC5CDR corpus is asked with the
 * BC5CDR-disease and BC5CDR-chem instructions, not NCBI-disease's.
 *
 * The rule, each step overriding the one before:
 * 1. defaults: disease -> NCBI-disease, chemical -> BC5CDR-chem, gene -> BC2GM;
 * 2. the corpus's own entity types: diseases annotated together with chemicals -> BC5CDR-disease
 *    (BC5CDR is the one training set with both); gene classes of JNLPBA (protein, DNA, RNA,
 *    cell_line, cell_type) -> JNLPBA;
 * 3. the corpus's name (`--dataset NAME`, else its path): `ncbi` -> NCBI-disease; `bc5cdr` ->
 *    BC5CDR-disease and BC5CDR-chem; `bc2gm` -> BC2GM; `jnlpba` -> JNLPBA.
 */
import type { LiteratureDatasets } from '../profiles/medtuned';
import { DEFAULT_LITERATURE_DATASETS } from '../profiles/medtuned';
import type { MedtunedDataset } from '../profiles/medtunedInstructions';
import { CLINICAL_TYPES, EntityType } from '../types';
import { engineType } from './typeMap';

/** The literature corpora the seed model was trained and published on. */
export type NamedCorpus = 'ncbi' | 'bc5cdr' | 'bc2gm' | 'jnlpba';

/** The known corpus a path or a `--dataset` name names, if any (first match in this order). */
export function namedCorpus(pathOrName: string): NamedCorpus | undefined {
  const p = pathOrName.toLowerCase();
  if (/ncbi/.test(p)) return 'ncbi';
  if (/bc5cdr/.test(p)) return 'bc5cdr';
  if (/bc2gm/.test(p)) return 'bc2gm';
  if (/jnlpba/.test(p)) return 'jnlpba';
  return undefined;
}

const BY_NAME: Record<NamedCorpus, Partial<LiteratureDatasets>> = {
  ncbi: { disease: 'ncbi-disease' },
  bc5cdr: { disease: 'bc5cdr-disease', chemical: 'bc5cdr-chem' },
  bc2gm: { gene: 'bc2gm' },
  jnlpba: { gene: 'jnlpba' },
};

const JNLPBA_CLASSES = new Set(['protein', 'dna', 'rna', 'cell_line', 'cell_type']);

export interface DatasetChoice {
  /** The training set per literature type (all three, whether the corpus has them or not). */
  datasets: LiteratureDatasets;
  /** What decided: the corpus's name, its types, or nothing (the defaults). */
  by: 'name' | 'types' | 'defaults';
}

/**
 * The training sets whose instructions ask for a corpus's literature types.
 * `nameHint`: the `--dataset` value or the corpus path; `corpusTypes`: the entity types as the
 * corpus writes them (`SpecificDisease`, `Chemical`, `protein`, ...).
 */
export function instructionDatasets(nameHint: string, corpusTypes: Iterable<string>): DatasetChoice {
  const raw = new Set([...corpusTypes].map((t) => t.trim().toLowerCase()));
  const types = new Set([...raw].map((t) => engineType(t)).filter((t) => t !== undefined));
  const datasets: LiteratureDatasets = { ...DEFAULT_LITERATURE_DATASETS };
  let by: DatasetChoice['by'] = 'defaults';
  if (types.has('disease') && types.has('chemical')) {
    datasets.disease = 'bc5cdr-disease';
    by = 'types';
  }
  if ([...raw].some((t) => JNLPBA_CLASSES.has(t))) {
    datasets.gene = 'jnlpba';
    by = 'types';
  }
  const named = namedCorpus(nameHint);
  if (named) {
    Object.assign(datasets, BY_NAME[named]);
    by = 'name';
  }
  return { datasets, by };
}

/** How the datasets are written for people: as the seed authors and the papers name them. */
export const DATASET_NAMES: Record<MedtunedDataset, string> = {
  'ncbi-disease': 'NCBI-disease',
  'bc5cdr-disease': 'BC5CDR-disease',
  'bc5cdr-chem': 'BC5CDR-chem',
  bc2gm: 'BC2GM',
  jnlpba: 'JNLPBA',
  'i2b2-2012': 'i2b2-2012',
  'i2b2-2010': 'i2b2-2010',
  mednli: 'MedNLI',
  gad: 'GAD',
};

/** The training set whose instructions ask for an entity type: i2b2-2012 for the clinical types. */
export function nerDatasetOf(type: EntityType, datasets: LiteratureDatasets): MedtunedDataset {
  return CLINICAL_TYPES.includes(type) ? 'i2b2-2012' : datasets[type as keyof LiteratureDatasets];
}
