/**
 * A corpus file for `biomed deid`, read as documents that are de-identified one by one (each
 * its own unit of work: a shard, a part written) and joined again in the file's layout:
 * PhysioNet `.text` records, JSON lines, PubTator records, BioC JSON documents
 * (deidLayouts.ts, deidMarkup.ts say what is replaced and moved). A document's id is the one
 * `biomed annotate` reads: a JSON line's `id` (its line number without), the PMID, the BioC
 * document's `id` (its place without), `P N` for a PhysioNet record. What the reader drops is
 * counted in `skips`; a file that cannot be read at all gives the reason instead.
 */
import { biocPatient, deidBioCDocument, splitBioC } from './deidMarkup';
import { DeidText, deidJsonlDocument, deidPubTatorRecord, jsonlId, jsonlPatient, readJsonlDocument, splitPubTator } from './deidLayouts';
import { SkipCounts } from './document';
import { readPhysionet, writePhysionetRecords } from './phiCorpus';

export type DeidCorpusLayout = 'physionet' | 'jsonl' | 'pubtator' | 'bioc';

export interface DeidCorpusDocument {
  id: string;
  /** The patient the document names (a PhysioNet record: its P), if any. */
  patient?: string;
  /** The document de-identified, in its layout (a part: `join` makes the file of them). */
  deid(deid: DeidText, skips: SkipCounts): string;
}

export interface DeidCorpus {
  documents: DeidCorpusDocument[];
  /** The file of the documents' parts, in their order. */
  join(parts: readonly string[]): string;
}

export function readDeidCorpus(layout: DeidCorpusLayout, text: string, skips: SkipCounts): DeidCorpus | string {
  if (layout === 'physionet') {
    const records = readPhysionet(text, undefined, undefined, skips);
    return {
      documents: records.map((r) => ({ id: r.id, patient: r.id.split(' ')[0], deid: (d) => d(r.text).text })),
      join: (parts) => writePhysionetRecords(parts.map((t, i) => ({ id: records[i].id, text: t }))),
    };
  }
  if (layout === 'jsonl') {
    const documents: DeidCorpusDocument[] = [];
    text.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === '') return;
      const o = readJsonlDocument(line, skips);
      if (o) documents.push({ id: jsonlId(o, i + 1), patient: jsonlPatient(o), deid: (d, s) => deidJsonlDocument(o, d, s) });
    });
    return { documents, join: (parts) => parts.map((p) => `${p}\n`).join('') };
  }
  if (layout === 'pubtator') {
    const documents = splitPubTator(text, skips).map((r) => ({ id: r.id, deid: (d: DeidText, s: SkipCounts) => deidPubTatorRecord(r, d, s) }));
    // Each record ends with its newline: a blank line between two.
    return { documents, join: (parts) => parts.join('\n') };
  }
  const bioc = splitBioC(text, skips);
  if (typeof bioc === 'string') return bioc;
  return {
    documents: bioc.documents.map((doc, i) => ({
      id: typeof doc.id === 'string' || typeof doc.id === 'number' ? String(doc.id) : String(i + 1),
      patient: biocPatient(doc),
      deid: (d, s) => JSON.stringify(deidBioCDocument(doc, d, s)),
    })),
    join: (parts) => bioc.write(parts.map((p) => JSON.parse(p) as Record<string, unknown>)),
  };
}
