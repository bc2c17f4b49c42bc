/**
 * Concept linking's request beyond standard LSP (protocol.ts's conventions): a vocabulary
 * file built into a `.vocab` by the server (lsp/features/vocabularies.ts), which the client
 * (client/src/vocabularies.ts) then adds to biomedNlp.linking.vocabularies.
 */
import type { VocabFormat } from '../engine/linking/vocab/sources/readers';
import type { RequestType } from './protocol';

/** The formats a vocabulary may be read in (engine's VOCAB_FORMATS), with what each is, for the client's quick pick. */
export const VOCAB_FORMAT_CHOICES: Record<VocabFormat, string> = {
  medic: "CTD's MEDIC diseases (CTD_diseases.tsv, or ID|ALT||name|synonym|…)",
  'ctd-chemicals': "CTD's chemicals (CTD_chemicals.tsv)",
  'mesh-xml': 'MeSH descriptors or supplementary concepts (desc20XX.xml, supp20XX.xml)',
  obo: 'An OBO ontology: HPO, MONDO, DOID',
  umls: 'UMLS MRCONSO.RRF (MRSTY.RRF beside it adds semantic types)',
  tsv: 'Your own list: id<TAB>name[<TAB>type], one name a row',
};
export interface AddVocabularyParams {
  /** The vocabulary file to build from (a local path). */
  source: string;
  format: VocabFormat;
  /** Shown beside each concept in hovers ("MEDIC"); default: the source file's name. */
  label?: string;
  /** Where the `.vocab` goes when the source's folder cannot be written (the extension's storage folder). */
  fallbackDir?: string;
}
/** The `.vocab` written (`path`, `concepts`), or why none was (`error`: the build's message, with the file and line). */
export interface AddVocabularyResult {
  path?: string;
  label?: string;
  concepts?: number;
  error?: string;
}
/** Client to server: build a `.vocab` from a vocabulary file, with window progress (window/workDoneProgress). */
export const AddVocabularyRequest: RequestType<AddVocabularyParams, AddVocabularyResult> = { method: 'biomedNlp/addVocabulary' };
