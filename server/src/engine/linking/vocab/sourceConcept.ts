/** What a vocabulary reader hands the build: one concept with its names, and where it was read. */

export interface SourceConcept {
  /** `SOURCE:CODE` (ids.ts). */
  id: string;
  name: string;
  /** Other names (the preferred name may be among them: repeats are indexed once). */
  names: string[];
  altIds: string[];
  types: string[];
  /** The names a source gives as its preferred term (UMLS: TTY MH, PT or PN with ISPREF=Y); default: `name` alone. */
  preferred?: string[];
  /** The file (its base name) and 1-based line the concept starts at, for messages. */
  file: string;
  line: number;
}

export type ConceptSink = (concept: SourceConcept) => void;

export interface ReaderOptions {
  /** UMLS: keep only these sources (SAB) and languages (LAT); empty keeps all. */
  sab?: readonly string[];
  lang?: readonly string[];
  /** UMLS: keep the names UMLS marks suppressible or obsolete (SUPPRESS O, E or Y), left out by default. */
  suppressed?: boolean;
  /** OBO: keep BROAD synonyms (names of something broader than the term), left out by default. */
  broadSynonyms?: boolean;
  /** Bytes of the current file read so far. */
  onBytes?: (read: number) => void;
  /** Things the build's summary should say (terms left out as obsolete, types not found). */
  note?: (message: string) => void;
}

/** A reader of one vocabulary format: calls `sink` once per concept, throws VocabInputError on bad input. */
export type VocabReader = (file: string, options: ReaderOptions, sink: ConceptSink) => void;
