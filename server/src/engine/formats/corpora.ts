/**
 * The document formats by name, one reader and one writer for all (the front ends pick a
 * format, never a module): what a reader skipped is counted in `skips`, never lost silently.
 * BRAT (a .txt and an .ann per document) is read and written a document at a time
 * (bratDocument.ts); NLI pairs and ChemProt lines are not documents.
 */
import { parseBioC, writeBioC } from './bioc';
import { writeCsv } from './csv';
import { AnnotatedDocument, SkipCounts } from './document';
import { parseIob } from './iob';
import { parseJsonl, writeJsonl } from './jsonl';
import { parsePubTator, writePubTator } from './pubtator';

/** Formats a corpus of documents is read from. */
export type ReadFormat = 'pubtator' | 'iob' | 'bioc' | 'jsonl';
/** Formats documents are written in (csv: their mentions as rows, csv.ts; never read back). */
export type WriteFormat = 'pubtator' | 'bioc' | 'jsonl' | 'csv';

/** The documents of a text in `format`, and what the reader skipped (by reason). */
export function readDocuments(format: ReadFormat, text: string): { documents: AnnotatedDocument[]; skips: SkipCounts } {
  const read = format === 'pubtator' ? parsePubTator(text) : format === 'iob' ? parseIob(text) : format === 'bioc' ? parseBioC(text) : parseJsonl(text);
  return { documents: read.documents, skips: read.skips };
}

/** The documents written in `format` (PubTator and CSV: entities only, as the formats hold them). */
export function writeDocuments(format: WriteFormat, docs: AnnotatedDocument[]): string {
  if (format === 'csv') return writeCsv(docs);
  return format === 'pubtator' ? writePubTator(docs) : format === 'bioc' ? writeBioC(docs) : writeJsonl(docs);
}
