/**
 * A plain vocabulary: `id<TAB>name[<TAB>type]`, one name a row; rows of one ID together make
 * one concept (its first row's name is the preferred one). Blank lines, `#` comments and a
 * header row `id<TAB>name...` are skipped. IDs are kept as written, with a known prefix
 * normalised (`mesh:D001281` → `MESH:D001281`, a bare MeSH code gets `MESH:`).
 */
import { normaliseId } from '../ids';
import { SourceConcept, VocabReader } from '../sourceConcept';
import { readLines, VocabInputError } from './lines';

export const readTsv: VocabReader = (file, options, sink) => {
  const name = file;
  let current: SourceConcept | undefined;
  for (const { text, number } of readLines(file, options.onBytes)) {
    if (!text.trim() || text.startsWith('#') || (number === 1 && /^id\tname\b/i.test(text))) continue;
    const f = text.split('\t');
    if (f.length < 2) throw new VocabInputError(name, number, 'one field where a row has id<TAB>name[<TAB>type] (is it tab-separated?)');
    const id = normaliseId(f[0], 'keep');
    const label = f[1].trim();
    if (!id) throw new VocabInputError(name, number, 'the ID (first field) is empty');
    if (!label) throw new VocabInputError(name, number, 'the name (second field) is empty');
    const type = f[2]?.trim();
    if (current?.id !== id) {
      if (current) sink(current);
      current = { id, name: label, names: [], altIds: [], types: [], file: name, line: number };
    } else current.names.push(label);
    if (type && !current.types.includes(type)) current.types.push(type);
  }
  if (current) sink(current);
};
