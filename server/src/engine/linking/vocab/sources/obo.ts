/**
 * OBO ontologies (HPO, MONDO, DOID): `[Term]` stanzas with `id:`, `name:`, `synonym: "text"
 * SCOPE [xrefs]`, `alt_id:` and `is_obsolete: true`. IDs are kept as the ontology writes them
 * (`HP:0001250`, `MONDO:0005148`, `DOID:9352`). Obsolete terms are left out and counted in
 * the build's notes; other stanzas (`[Typedef]`) are skipped. A BROAD synonym names something
 * broader than the term ("cancer" for a kind of carcinoma), so a mention of it is not the
 * term: left out and counted unless `broadSynonyms` asks for them. EXACT, RELATED (lay
 * words, old names) and NARROW synonyms (a kind of the term) are names of it.
 */
import { SourceConcept, VocabReader } from '../sourceConcept';
import { readLines, VocabInputError } from './lines';

const QUOTED = /^"((?:[^"\\]|\\.)*)"\s*([A-Z]+)?/;

export const readObo: VocabReader = (file, options, sink) => {
  const name = file;
  let term: (Partial<SourceConcept> & { line: number; obsolete?: boolean; names: string[]; altIds: string[] }) | undefined;
  let terms = 0;
  let obsolete = 0;
  let broad = 0;
  const flush = () => {
    if (!term) return;
    if (!term.id) throw new VocabInputError(name, term.line, '[Term] without an "id:" line');
    if (term.obsolete) obsolete++;
    else {
      if (!term.name) throw new VocabInputError(name, term.line, `[Term] ${term.id} without a "name:" line`);
      sink({ id: term.id, name: term.name, names: term.names, altIds: term.altIds, types: [], file: name, line: term.line });
    }
    term = undefined;
  };
  for (const { text, number } of readLines(file, options.onBytes)) {
    const line = text.trim();
    if (line.startsWith('[')) {
      flush();
      if (line === '[Term]') {
        terms++;
        term = { line: number, names: [], altIds: [] };
      }
      continue;
    }
    if (!term || !line || line.startsWith('!')) continue;
    const colon = line.indexOf(':');
    if (colon < 0) throw new VocabInputError(name, number, 'a line without "tag: value" inside a [Term]');
    const tag = line.slice(0, colon);
    const value = line.slice(colon + 1).trim();
    // A `! comment` ends a value (`alt_id: HP:0000001 ! All`, `name: Headache ! old label`); `\!` is a `!` of the value.
    if (tag === 'id') term.id = value.replace(/\s!.*$/, '');
    else if (tag === 'name') term.name = value.replace(/\s+!.*$/, '').replace(/\\(.)/g, '$1');
    else if (tag === 'alt_id') term.altIds.push(value.replace(/\s!.*$/, ''));
    else if (tag === 'is_obsolete') term.obsolete = value === 'true';
    else if (tag === 'synonym') {
      const m = QUOTED.exec(value);
      if (!m) throw new VocabInputError(name, number, 'a synonym not in quotes (synonym: "text" EXACT [])');
      if (m[2] === 'BROAD' && !options.broadSynonyms) broad++;
      else term.names.push(m[1].replace(/\\(.)/g, '$1'));
    }
  }
  flush();
  if (!terms) throw new VocabInputError(name, undefined, 'no [Term] stanza: is it an OBO file?');
  if (obsolete) options.note?.(`${name}: ${obsolete} obsolete term${obsolete === 1 ? '' : 's'} left out`);
  if (broad) options.note?.(`${name}: ${broad} BROAD synonym${broad === 1 ? '' : 's'} left out (--broad-synonyms keeps them)`);
};
