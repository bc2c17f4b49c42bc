/**
 * The medtuned training instructions, read from the reference file itself
 * (test/fixtures/reference/medtuned-training-data.md), never from the engine's constants:
 * the oracle must not share a bug with the code under test.
 */
import * as fs from 'fs';
import * as path from 'path';
import { FIXTURES } from '../paths';

/** test/fixtures/reference/medtuned-training-data.md. */
export const MEDTUNED_REFERENCE_FILE = path.join(FIXTURES, 'reference', 'medtuned-training-data.md');

/**
 * What a training set's instructions ask: an NER class (bare B/I/O), the typed i2b2-2012
 * tags, i2b2-2010 relations, MedNLI, or a set the final training mix left out (GAD).
 */
export type MedtunedTask = 'disease' | 'chemical' | 'gene' | 'clinical' | 'clinical-relation' | 'nli' | 'untrained';

export interface MedtunedVariantSet {
  /** The `### ` heading as written, e.g. "NCBI-disease (literature, disease) — `preprocess_ncbi.py`". */
  heading: string;
  /** The heading up to its first ` (`: NCBI-disease, BC5CDR-chem, i2b2-2010 relations, GAD gene-disease relations, ... */
  dataset: string;
  task: MedtunedTask;
  /** Variant n is variants[n - 1], verbatim (lines joined by `\n`, no trailing newline). */
  variants: string[];
}

/** The task of a training set, by the start of its heading (an unknown heading is an error). */
const TASK_OF_DATASET: ReadonlyArray<[RegExp, MedtunedTask]> = [
  [/^NCBI-disease$/, 'disease'],
  [/^BC5CDR-disease$/, 'disease'],
  [/^BC5CDR-chem$/, 'chemical'],
  [/^BC2GM$/, 'gene'],
  [/^JNLPBA$/, 'gene'],
  [/^i2b2-2012$/, 'clinical'],
  [/^i2b2-2010\b/, 'clinical-relation'],
  [/^MedNLI$/, 'nli'],
  [/^GAD\b/, 'untrained'],
];

const VARIANTS_HEADING = '## The instruction variants, verbatim';

/**
 * The `## The instruction variants, verbatim` section of the reference file: one set per
 * `### <dataset>` heading, each variant a numbered (`1.`, `2.`, ...) fenced block. Throws
 * when the section is missing, a heading names no known dataset, the numbers are not 1..n
 * in order, or a fence is not closed, so that a changed file is noticed, not half read.
 */
export function parseMedtunedReference(markdown: string): MedtunedVariantSet[] {
  const lines = markdown.replace(/\r\n/g, '\n').split('\n');
  const at = lines.indexOf(VARIANTS_HEADING);
  if (at < 0) throw new Error(`reference: no "${VARIANTS_HEADING}" section`);
  const sets: MedtunedVariantSet[] = [];
  let set: MedtunedVariantSet | undefined;
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i];
    if (/^## /.test(line)) break; // the next section
    const heading = /^### (.+)$/.exec(line);
    if (heading) {
      const dataset = heading[1].split(' (')[0].trim();
      const task = TASK_OF_DATASET.find(([re]) => re.test(dataset))?.[1];
      if (!task) throw new Error(`reference: unknown dataset heading "${heading[1]}"`);
      set = { heading: heading[1], dataset, task, variants: [] };
      sets.push(set);
      continue;
    }
    const numbered = /^(\d+)\.$/.exec(line);
    if (!numbered) {
      if (line.trim() !== '' && set) throw new Error(`reference: unexpected line ${i + 1} in ${set.dataset}: ${line}`);
      continue;
    }
    if (!set) throw new Error(`reference: variant before any dataset heading (line ${i + 1})`);
    if (Number(numbered[1]) !== set.variants.length + 1) throw new Error(`reference: ${set.dataset} variant ${numbered[1]} out of order`);
    if (lines[i + 1] !== '```') throw new Error(`reference: ${set.dataset} variant ${numbered[1]} has no fenced block`);
    const end = lines.indexOf('```', i + 2);
    if (end < 0) throw new Error(`reference: ${set.dataset} variant ${numbered[1]}: fence not closed`);
    set.variants.push(lines.slice(i + 2, end).join('\n'));
    i = end;
  }
  if (sets.length === 0) throw new Error('reference: no instruction variants');
  for (const s of sets) if (s.variants.length === 0) throw new Error(`reference: ${s.dataset} has no variants`);
  return sets;
}

let referenceCache: { file: string; sets: MedtunedVariantSet[] } | undefined;

/** The variant sets of the reference file (read once per file). */
export function loadMedtunedReference(file = MEDTUNED_REFERENCE_FILE): MedtunedVariantSet[] {
  if (referenceCache?.file !== file) referenceCache = { file, sets: parseMedtunedReference(fs.readFileSync(file, 'utf8')) };
  return referenceCache.sets;
}
