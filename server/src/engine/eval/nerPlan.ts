/**
 * What `biomed eval ner` scores on a corpus, decided before any model call: the engine types
 * (those asked for, else those the corpus has), the gold spans of those types, the training
 * set whose instructions ask each type (medtuned: the corpus's name decides, else its types,
 * else the defaults) and the published figures for the corpus.
 */
import { AnnotatedDocument } from '../formats/document';
import type { LiteratureDatasets } from '../profiles/medtuned';
import { MedtunedDataset } from '../profiles/medtunedInstructions';
import { EntityType } from '../types';
import { Span } from './conlleval';
import { DATASET_NAMES, DatasetChoice, instructionDatasets, nerDatasetOf } from './datasets';
import { knownDataset, PublishedScores } from './published';
import { engineType } from './typeMap';

export interface NerPlan {
  /** The engine types scored. */
  types: EntityType[];
  /** The gold spans of those types (`doc`: the document's ID). */
  gold: Span[];
  /** The training set per literature type, for the medtuned profile's requests. */
  literature: LiteratureDatasets;
  /** The training set whose instructions ask each scored type. */
  datasets: Record<string, MedtunedDataset>;
  /** What chose them: the corpus's name, its types, or the defaults. */
  chosenBy: DatasetChoice['by'];
  /** The datasets as people name them, with their types: "BC5CDR-disease (disease), BC5CDR-chem (chemical)". */
  described: string;
  /** The published rows for the corpus (none when its name is not known). */
  published: PublishedScores[];
}

/** The engine types a corpus's entities have, in first-seen order. */
export function corpusEngineTypes(docs: readonly AnnotatedDocument[]): EntityType[] {
  return [...new Set(docs.flatMap((d) => d.entities.map((e) => engineType(e.type)).filter((t): t is EntityType => !!t)))];
}

/**
 * The plan for `docs`: `types` (undefined: the corpus's own), `nameHint` the --dataset value or
 * the corpus's path. No types at all gives a plan with none: the caller says so.
 */
export function nerPlan(docs: readonly AnnotatedDocument[], nameHint: string, types?: readonly EntityType[]): NerPlan {
  const scored = types ? [...types] : corpusEngineTypes(docs);
  const chosen = instructionDatasets(
    nameHint,
    docs.flatMap((d) => d.entities.map((e) => e.type)),
  );
  const datasets = Object.fromEntries(scored.map((t) => [t, nerDatasetOf(t, chosen.datasets)])) as Record<string, MedtunedDataset>;
  const gold: Span[] = [];
  for (const doc of docs) {
    for (const e of doc.entities) {
      const type = engineType(e.type);
      if (type && scored.includes(type)) gold.push({ doc: doc.id, start: e.start, end: e.end, type });
    }
  }
  const groups = new Map<MedtunedDataset, string[]>();
  for (const [type, d] of Object.entries(datasets)) groups.set(d, [...(groups.get(d) ?? []), type]);
  const described = [...groups].map(([d, ts]) => `${DATASET_NAMES[d]} (${ts.join(', ')})`).join(', ');
  return { types: scored, gold, literature: chosen.datasets, datasets, chosenBy: chosen.by, described, published: knownDataset(nameHint) };
}
