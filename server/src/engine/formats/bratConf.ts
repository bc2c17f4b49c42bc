/**
 * brat's configuration of a folder of annotations: `annotation.conf` (the entity, relation and
 * attribute types the `.ann` files use) and, when they name concepts, `tools.conf` (a
 * `[normalization]` entry for each concept source, `MESH:D001281` naming source `MESH`), so
 * that brat opens the folder as it is: brat refuses a type its configuration does not declare.
 *
 * Invariants: every entity type, relation label (with the types of its arguments), attribute
 * (with its values) and normalisation source written in any of the `.ann` files is declared;
 * the project's entity types and assertion attributes are declared even where no file uses them
 * yet, so that an annotator can add them in brat; the output is the same whatever the order of
 * the files (sorted names).
 */
import { parseBrat } from './brat';
import { ATTRIBUTE } from './bratDocument';

/** The entity types the engine writes (lsp legend order does not matter here: sorted). */
const PROJECT_TYPES = ['problem', 'treatment', 'test', 'disease', 'chemical', 'gene'];

/** Home pages and concept pages of common concept sources, for brat's links (`%s`: the ID after the source). */
const SOURCE_URLS: Record<string, [string, string]> = {
  MESH: ['https://meshb.nlm.nih.gov/', 'https://meshb.nlm.nih.gov/record/ui?ui=%s'],
  OMIM: ['https://omim.org/', 'https://omim.org/entry/%s'],
  UMLS: ['https://uts.nlm.nih.gov/uts/umls/', 'https://uts.nlm.nih.gov/uts/umls/concept/%s'],
  DOID: ['https://disease-ontology.org/', 'http://purl.obolibrary.org/obo/DOID_%s'],
  HP: ['https://hpo.jax.org/', 'http://purl.obolibrary.org/obo/HP_%s'],
  MONDO: ['https://mondo.monarchinitiative.org/', 'http://purl.obolibrary.org/obo/MONDO_%s'],
  CHEBI: ['https://www.ebi.ac.uk/chebi/', 'http://purl.obolibrary.org/obo/CHEBI_%s'],
  NCBIGENE: ['https://www.ncbi.nlm.nih.gov/gene/', 'https://www.ncbi.nlm.nih.gov/gene/%s'],
};

export interface BratConfiguration {
  /** annotation.conf's text. */
  annotation: string;
  /** tools.conf's text; undefined when no file names a concept. */
  tools?: string;
  /** The concept sources named (tools.conf's entries). */
  sources: string[];
}

/** The configuration declaring everything the `.ann` texts use. */
export function bratConfiguration(anns: Iterable<string>): BratConfiguration {
  const entities = new Set(PROJECT_TYPES);
  const relations = new Map<string, { arg1: Set<string>; arg2: Set<string> }>();
  const attributes = new Map<string, Set<string>>(Object.values(ATTRIBUTE).map((name) => [name, new Set<string>()]));
  // The project writes the family experiencer as Experiencer Other.
  attributes.get(ATTRIBUTE.family)!.add('Other');
  const sources = new Set<string>();
  for (const ann of anns) {
    const doc = parseBrat(ann);
    const typeOf = new Map(doc.entities.map((e) => [e.id, e.type]));
    for (const e of doc.entities) entities.add(e.type);
    for (const r of doc.relations) {
      const rel = relations.get(r.label) ?? { arg1: new Set<string>(), arg2: new Set<string>() };
      relations.set(r.label, rel);
      rel.arg1.add(typeOf.get(r.arg1) ?? '<ENTITY>');
      rel.arg2.add(typeOf.get(r.arg2) ?? '<ENTITY>');
    }
    for (const a of doc.attributes) {
      const values = attributes.get(a.name) ?? new Set<string>();
      attributes.set(a.name, values);
      if (a.value !== undefined) values.add(a.value);
    }
    for (const n of doc.normalizations ?? []) sources.add(n.concept.slice(0, n.concept.indexOf(':')));
  }
  const sorted = (s: Iterable<string>) => [...s].sort();
  const lines = ['# Written by biomed for brat: the types these .ann files use.', '[entities]', ...sorted(entities), '', '[relations]'];
  for (const label of sorted(relations.keys())) {
    const { arg1, arg2 } = relations.get(label)!;
    lines.push(`${label}\tArg1:${sorted(arg1).join('|')}, Arg2:${sorted(arg2).join('|')}`);
  }
  // Mentions may overlap or nest ("breast cancer" and "cancer"): brat refuses them unless allowed.
  lines.push('<OVERLAP>\tArg1:<ENTITY>, Arg2:<ENTITY>, <OVL-TYPE>:<ANY>', '', '[events]', '', '[attributes]');
  for (const name of sorted(attributes.keys())) {
    const values = sorted(attributes.get(name)!);
    lines.push(`${name}\tArg:<ENTITY>${values.length ? `, Value:${values.join('|')}` : ''}`);
  }
  const named = sorted(sources).filter((s) => s !== '');
  const tools = named.length
    ? [
        '# Written by biomed for brat: a normalisation entry for each concept source the .ann files name.',
        '[normalization]',
        ...named.map((s) => {
          const urls = SOURCE_URLS[s.toUpperCase()];
          return `${s}\tDB:${s.toLowerCase()}${urls ? `, <URL>:${urls[0]}, <URLBASE>:${urls[1]}` : ''}`;
        }),
        '',
      ].join('\n')
    : undefined;
  return { annotation: lines.join('\n') + '\n', tools, sources: named };
}
