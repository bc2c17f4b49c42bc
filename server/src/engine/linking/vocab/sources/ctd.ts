/**
 * CTD's vocabularies. MEDIC (diseases) in two layouts: CTD's `CTD_diseases.tsv`
 * (`DiseaseName  DiseaseID  AltDiseaseIDs  Definition  ParentIDs  TreeNumbers  ParentTreeNumbers
 * Synonyms  SlimMappings`, `#` comments) and the `ID[|ALT…]||name|synonym|…` layout of older
 * releases (the one NCBI Disease was annotated against: bare OMIM numbers, HTML-escaped names).
 * Chemicals: `CTD_chemicals.tsv` (`ChemicalName  ChemicalID  CasRN  Definition  ParentIDs
 * TreeNumbers  ParentTreeNumbers  Synonyms`). The layout is told by a file's first row.
 */
import { normaliseId } from '../ids';
import { SourceConcept, VocabReader } from '../sourceConcept';
import { readLines, unescapeEntities, VocabInputError } from './lines';

const DISEASE_FIELDS = 8;
const CHEMICAL_FIELDS = 8;

const list = (field: string | undefined) =>
  (field ?? '')
    .split('|')
    .map((s) => unescapeEntities(s.trim()))
    .filter(Boolean);

export const readMedic: VocabReader = (file, options, sink) => {
  const name = file;
  let layout: 'tsv' | 'pipes' | undefined;
  for (const { text, number } of readLines(file, options.onBytes)) {
    if (!text.trim() || text.startsWith('#')) continue;
    layout ??= text.includes('\t') ? 'tsv' : 'pipes';
    if (layout === 'tsv') {
      const f = text.split('\t');
      if (f.length < DISEASE_FIELDS)
        throw new VocabInputError(
          name,
          number,
          `${f.length} fields where CTD_diseases.tsv rows have ${DISEASE_FIELDS} or more (DiseaseName, DiseaseID, AltDiseaseIDs, ..., Synonyms)`,
        );
      sink(ctdRow(name, number, f[0], f[1], list(f[2]), list(f[7]), list(f[8])));
      continue;
    }
    const at = text.indexOf('||');
    if (at < 0) throw new VocabInputError(name, number, 'no "||" where MEDIC rows are ID[|ALT...]||name|synonym|... (or tab-separated CTD_diseases.tsv)');
    const ids = text
      .slice(0, at)
      .split('|')
      .map((s) => s.trim());
    const names = list(text.slice(at + 2));
    if (!ids[0]) throw new VocabInputError(name, number, 'the ID before "||" is empty');
    if (!names.length) throw new VocabInputError(name, number, 'no name after "||"');
    sink({
      id: normaliseId(ids[0]),
      name: names[0],
      names: names.slice(1),
      altIds: ids
        .slice(1)
        .filter(Boolean)
        .map((id) => normaliseId(id)),
      types: [],
      file: name,
      line: number,
    });
  }
};

export const readCtdChemicals: VocabReader = (file, options, sink) => {
  const name = file;
  for (const { text, number } of readLines(file, options.onBytes)) {
    if (!text.trim() || text.startsWith('#')) continue;
    const f = text.split('\t');
    if (f.length < CHEMICAL_FIELDS)
      throw new VocabInputError(
        name,
        number,
        `${f.length} fields where CTD_chemicals.tsv rows have ${CHEMICAL_FIELDS} (ChemicalName, ChemicalID, CasRN, ..., Synonyms)`,
      );
    const cas = f[2].trim() ? [`CAS:${f[2].trim()}`] : [];
    sink(ctdRow(name, number, f[0], f[1], cas, list(f[7]), []));
  }
};

function ctdRow(file: string, line: number, label: string, id: string, altIds: string[], synonyms: string[], types: string[]): SourceConcept {
  const preferred = unescapeEntities(label.trim());
  if (!preferred) throw new VocabInputError(file, line, 'the name (first field) is empty');
  if (!id.trim()) throw new VocabInputError(file, line, 'the ID (second field) is empty');
  return { id: normaliseId(id), name: preferred, names: synonyms, altIds: altIds.map((a) => normaliseId(a)), types, file, line };
}
