/**
 * `biomed deid` over files that hold many documents (PhysioNet .text, JSON lines, PubTator,
 * BioC JSON): each document is a unit of its own (its shard by its id, as `biomed annotate`
 * reads it), written as a part under `<out>/<file>.parts/`; once every document of the file
 * has its part (written by any shard), the file is assembled in its own layout, atomically,
 * and the parts removed. i2b2 XML files are notes, one a file (deid.ts lists them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deid, formats } from '../engine';
import { OwnRecord, writeAtomically } from './annotateOutputs';

const { decodeText, readDeidCorpus } = deid;
type SkipCounts = formats.SkipCounts;
/** A text de-identified, as the engine's corpus layouts take it. */
export type DeidText = Parameters<typeof deid.deidI2b2Xml>[1];

/** One document to write: where it comes from, whose it is, where its copy goes. */
export interface Unit {
  /** Its id, which picks its shard. */
  id: string;
  /** How the summary names it (its id when absent). */
  label?: string;
  patient: string;
  /** The file it is read from. */
  source: string;
  /** What it writes, in the order written (a .txt after its .ann: the note there means its .ann is). */
  outputs: string[];
  /** A document of a corpus file: the file assembled from the parts, which holds it once written. */
  assembled?: string;
  /** The contents of `outputs` from the note de-identified by `deid`, and whether they are Latin-1; throws when unreadable. */
  produce(deid: DeidText, skips: SkipCounts): { contents: string[]; latin1: boolean };
}

/** A corpus file written once every document has its part: the parts joined in their order. */
export interface Assembly {
  final: string;
  parts: string[];
  encoding: 'latin1' | 'utf8';
  join(parts: string[]): string;
}

/**
 * A file's text: UTF-8, else Latin-1 (said by `latin1`). UTF-16 (a byte order mark) is
 * refused by name: read as Latin-1 it would be NUL characters between letters.
 */
export function readText(file: string): { text: string; latin1: boolean } {
  const bytes = fs.readFileSync(file);
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))
    throw new Error('UTF-16 (it begins with a byte order mark), which biomed deid does not write back: save it as UTF-8');
  return decodeText(bytes);
}

export type DeidCorpusKind = 'physionet' | 'jsonl' | 'pubtator' | 'bioc';

/** The corpus layout of a file, by its name; undefined for a note (or an i2b2 XML file, a note too). */
export function deidCorpusKind(file: string): DeidCorpusKind | undefined {
  if (/\.text$/.test(file)) return 'physionet';
  if (/\.jsonl$/i.test(file)) return 'jsonl';
  if (/\.pubtator$/i.test(file)) return 'pubtator';
  if (/\.bioc\.json$/i.test(file)) return 'bioc';
  return undefined;
}

const PART_EXT: Record<DeidCorpusKind, string> = { physionet: '.text', jsonl: '.json', pubtator: '.pubtator', bioc: '.json' };

/**
 * The documents of a corpus file as units, and its assembly into `final`; what the reader dropped goes
 * into `skips`. A file that cannot be read at all: the reason (nothing is written for it).
 */
export function corpusUnits(
  file: string,
  kind: DeidCorpusKind,
  final: string,
  units: Unit[],
  assemblies: Map<string, Assembly>,
  skips: SkipCounts,
): string | undefined {
  let read: { text: string; latin1: boolean };
  try {
    read = readText(file);
  } catch (err) {
    return (err as Error).message;
  }
  const corpus = readDeidCorpus(kind, read.text, skips);
  if (typeof corpus === 'string') return corpus;
  const parts: string[] = [];
  corpus.documents.forEach((doc, i) => {
    const part = path.join(`${final}.parts`, `${String(i + 1).padStart(6, '0')}${PART_EXT[kind]}`);
    parts.push(part);
    units.push({
      id: doc.id,
      label: kind === 'physionet' ? doc.id : `${file} document ${doc.id}`,
      patient: doc.patient ?? doc.id,
      source: file,
      outputs: [part],
      assembled: final,
      produce: (d, s) => ({ contents: [doc.deid(d, s)], latin1: read.latin1 }),
    });
  });
  assemblies.set(file, { final, parts, encoding: read.latin1 ? 'latin1' : 'utf8', join: (texts) => corpus.join(texts) });
  return undefined;
}

/** Each corpus file whose documents all have their part (written by any shard): the file, then the parts removed. */
export function assemble(assemblies: Map<string, Assembly>, own: OwnRecord, ours: (file: string) => boolean, failed: string[]): string[] {
  const written: string[] = [];
  for (const [file, { final, parts, encoding, join }] of assemblies) {
    if (!parts.every((p) => fs.existsSync(p) && ours(p))) continue;
    // A file of no document (all dropped) is written empty only when it had none to write: nothing to assemble from.
    if (!parts.length) continue;
    try {
      writeAtomically(final, Buffer.from(join(parts.map((p) => fs.readFileSync(p).toString(encoding))), encoding), own);
    } catch (err) {
      failed.push(`${file}: ${(err as Error).message}`);
      continue;
    }
    fs.rmSync(`${final}.parts`, { recursive: true, force: true });
    written.push(final);
  }
  return written;
}

/**
 * Says on stderr what was dropped from a file of a corpus layout ("x.jsonl: skipped 2 (lines
 * that are not JSON (cut short?) (dropped): 1, ...)") and, on a line of its own, what was
 * kept but is worth knowing (annotations overlapping another, records read apart).
 */
export function reportCorpusSkips(file: string, skips: SkipCounts): void {
  const entries = Object.entries(skips).filter(([, n]) => n > 0);
  // What the engine dropped says so at the end of its reason (deidLayouts.ts).
  const dropped = entries.filter(([reason]) => reason.endsWith(' (dropped)'));
  const kept = entries.filter(([reason]) => !reason.endsWith(' (dropped)'));
  const n = dropped.reduce((a, [, k]) => a + k, 0);
  const list = (l: [string, number][]) => l.map(([reason, k]) => `${reason}: ${k}`).join(', ');
  if (n) console.error(`${file}: skipped ${n} (${list(dropped)})`);
  if (kept.length) console.error(`${file}: noted ${list(kept)}`);
}
