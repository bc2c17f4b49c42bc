/**
 * A UMLS-size stand-in with MEDIC inside it, seeded and reproducible: the logic of
 * the reference generator ../shared/tools/make-umls-scale.py, in TypeScript so that the bench
 * (bench/linkingStandIn.ts) and the CI test (test/cli/linkingScale.test.ts) need no Python.
 *
 * MRCONSO.RRF holds `rows` rows sorted by CUI, as UMLS ships it: first the distractors (CUIs
 * C0000001...), each 1 to 6 names built from MEDIC's own words with MEDIC's name-length shape
 * (30% of them lower-cased), under a random source, term type and semantic type; then every
 * MEDIC concept (CUIs C9000000...): its first name a row of term type MH, its other names ET,
 * each alternate ID a PT row of its first name (MSH for a D/C ID, else OMIM), under its first
 * ID as the code. A distractor never equals a MEDIC name under `key` (lower case, runs of
 * letters and digits) nor `loose` (the same without filler words, a plural "s" dropped, the
 * words sorted): in UMLS such a name would belong to the same concept. MRSTY.RRF beside it
 * gives MEDIC's concepts "Disease or Syndrome" and the distractors semantic types in roughly
 * UMLS's proportions (30 of 100 disorders, the rest chemicals, procedures, anatomy, genes,
 * organisms, devices), so a linker that reads types can rule out most of them.
 *
 * The random choices are the script's, drawn from mulberry32 (not Python's Mersenne Twister):
 * the same seed gives the same files here, not the script's files. Both files are written a
 * chunk at a time (10 million rows are about 1 GB); only MEDIC is held in memory.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { mulberry32 } from '../server/src/engine/random';

const SABS = ['SNOMEDCT_US', 'MDR', 'ICD10CM', 'NCI', 'MTH', 'LNC', 'RXNORM', 'MEDLINEPLUS', 'CHV', 'HPO'];
const TTYS = ['PT', 'SY', 'PN', 'FN', 'AB', 'LLT', 'ET'];
const NAMES_PER_CONCEPT = [1, 1, 2, 3, 4, 6];
const STYS: [tui: string, name: string, weight: number][] = [
  ['T047', 'Disease or Syndrome', 10],
  ['T033', 'Finding', 8],
  ['T184', 'Sign or Symptom', 3],
  ['T191', 'Neoplastic Process', 4],
  ['T019', 'Congenital Abnormality', 2],
  ['T037', 'Injury or Poisoning', 3],
  ['T109', 'Organic Chemical', 12],
  ['T121', 'Pharmacologic Substance', 10],
  ['T116', 'Amino Acid, Peptide, or Protein', 8],
  ['T061', 'Therapeutic or Preventive Procedure', 7],
  ['T060', 'Diagnostic Procedure', 5],
  ['T023', 'Body Part, Organ, or Organ Component', 8],
  ['T028', 'Gene or Genome', 8],
  ['T204', 'Eukaryote', 7],
  ['T074', 'Medical Device', 5],
];
const STY_POOL = STYS.flatMap(([tui, name, weight]) => Array<string>(weight).fill(`${tui}|A0|${name}`));
const FILLER = new Set(['of', 'the', 'and', 'in', 'with', 'to', 'a']);

/** The script's `key`: lower case, the runs of ASCII letters and digits joined by a space. */
export const standInKey = (s: string): string => (s.toLowerCase().match(/[a-z0-9]+/g) ?? []).join(' ');

/** The script's `loose`: `key`'s words without fillers, a plural "s" dropped (words over 3 letters), sorted. */
export function standInLoose(s: string): string {
  const words: string[] = [];
  for (const w of s.toLowerCase().match(/[a-z0-9]+/g) ?? []) {
    if (FILLER.has(w)) continue;
    words.push(w.length > 3 && w.endsWith('s') ? w.slice(0, -1) : w);
  }
  // Python's sorted(): by code point, as JavaScript's default sort of ASCII strings.
  return words.sort().join(' ');
}

const ENTITIES: Record<string, string> = { amp: '&', apos: "'", quot: '"', lt: '<', gt: '>' };

/** MEDIC's names are HTML-escaped (&apos;, &#233;), as Python's html.unescape reads them. */
function unescapeHtml(s: string): string {
  return s.replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);/g, (whole, body: string) => {
    if (body[0] === '#') return String.fromCodePoint(body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : Number(body.slice(1)));
    return ENTITIES[body] ?? whole;
  });
}

export interface MedicConcept {
  /** The first ID: a MeSH `D`/`C` ID, or `OMIM:NNNNNN` for a bare number. */
  code: string;
  alts: string[];
  names: string[];
}

/** MEDIC's lines (`ID[|ALT...]||name|synonym|...`), as the script reads them. */
export function readMedic(file: string): MedicConcept[] {
  const concepts: MedicConcept[] = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line) continue;
    const split = line.indexOf('||');
    const ids = (split < 0 ? line : line.slice(0, split)).split('|').filter(Boolean);
    const names =
      split < 0
        ? []
        : line
            .slice(split + 2)
            .split('|')
            .filter(Boolean)
            .map(unescapeHtml);
    if (ids.length === 0 || names.length === 0) continue;
    const [first, ...alts] = ids;
    concepts.push({ code: /^[DC]/.test(first) ? first : `OMIM:${first}`, alts, names });
  }
  return concepts;
}

export interface StandIn {
  /** MRCONSO rows written. */
  rows: number;
  medicConcepts: number;
  /** Concepts in all (distractors and MEDIC's); each has an MRSTY row. */
  concepts: number;
  mrconso: string;
  mrsty: string;
}

/** A file written a chunk at a time. */
class ChunkWriter {
  private readonly fd: number;
  private parts: string[] = [];
  private length = 0;
  constructor(file: string) {
    this.fd = fs.openSync(file, 'w');
  }
  write(s: string): void {
    this.parts.push(s);
    this.length += s.length;
    if (this.length >= 1 << 20) this.flush();
  }
  flush(): void {
    if (this.parts.length) fs.writeSync(this.fd, this.parts.join(''));
    this.parts = [];
    this.length = 0;
  }
  close(): void {
    this.flush();
    fs.closeSync(this.fd);
  }
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * Writes `dir`/MRCONSO.RRF (`rows` rows: distractors, then all of MEDIC's rows, which count
 * among the `rows`) and `dir`/MRSTY.RRF from MEDIC's file `medicFile`, seeded by `seed`.
 */
export function writeUmlsStandIn(medicFile: string, dir: string, rows: number, seed = 7): StandIn {
  const rand = mulberry32(seed);
  const choice = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
  const concepts = readMedic(medicFile);
  const words: string[] = [];
  const lengths: number[] = [];
  const real = new Set<string>();
  for (const c of concepts) {
    for (const name of c.names) {
      real.add(standInKey(name));
      real.add(standInLoose(name));
      const tokens = name.split(/\s+/).filter(Boolean);
      lengths.push(tokens.length);
      words.push(...tokens);
    }
  }
  fs.mkdirSync(dir, { recursive: true });
  const mrconso = path.join(dir, 'MRCONSO.RRF');
  const mrsty = path.join(dir, 'MRSTY.RRF');
  const conso = new ChunkWriter(mrconso);
  const sty = new ChunkWriter(mrsty);
  let n = 0;
  const row = (cui: string, sab: string, tty: string, code: string, name: string) => {
    n++;
    conso.write(`${cui}|ENG|P|L${pad(n, 7)}|PF|S${pad(n, 7)}|Y|A${pad(n, 8)}||${code}|${code}|${sab}|${tty}|${code}|${name}|0|N||\n`);
  };
  const medicRows = concepts.reduce((s, c) => s + c.names.length + c.alts.length, 0);
  const distractorRows = rows - medicRows;
  let cuiN = 0;
  while (n < distractorRows) {
    cuiN++;
    const cui = `C${pad(cuiN, 7)}`;
    const sab = choice(SABS);
    sty.write(`${cui}|${choice(STY_POOL)}|AT${pad(cuiN, 8)}|256|\n`);
    for (let k = choice(NAMES_PER_CONCEPT); k > 0; k--) {
      const length = choice(lengths);
      let name = choice(words);
      for (let w = 1; w < length; w++) name += ' ' + choice(words);
      // A name that is some MEDIC name under either key is dropped (the concept may end with fewer names).
      if (real.has(standInKey(name)) || real.has(standInLoose(name))) continue;
      if (rand() < 0.3) name = name.toLowerCase();
      row(cui, sab, choice(TTYS), `X${cuiN}`, name);
      if (n >= distractorRows) break;
    }
  }
  concepts.forEach((c, i) => {
    const cui = `C9${pad(i, 6)}`;
    const sab = c.code.startsWith('OMIM:') ? 'OMIM' : 'MSH';
    const code = c.code.replace('OMIM:', '');
    sty.write(`${cui}|T047|B2.2.1.2.1|Disease or Syndrome|AT9${pad(i, 7)}|256|\n`);
    c.names.forEach((name, j) => row(cui, sab, j === 0 ? 'MH' : 'ET', code, name));
    // MEDIC's alternate IDs (OMIM numbers, some MeSH IDs) as atoms of the same CUI, as UMLS holds them.
    for (const alt of c.alts) row(cui, /^[DC]/.test(alt) ? 'MSH' : 'OMIM', 'PT', alt, c.names[0]);
  });
  conso.close();
  sty.close();
  return { rows: n, medicConcepts: concepts.length, concepts: cuiN + concepts.length, mrconso, mrsty };
}

/** `node out/bench/umlsStandIn.js MEDIC.txt OUT_DIR [ROWS=10000000] [SEED=7]`: the script's command line. */
if (require.main === module) {
  const [medic, out, rowsArg, seedArg] = process.argv.slice(2);
  if (!medic || !out) {
    console.error('usage: node out/bench/umlsStandIn.js MEDIC.txt OUT_DIR [ROWS=10000000] [SEED=7]');
    process.exit(2);
  }
  const s = writeUmlsStandIn(medic, out, Number(rowsArg ?? 10_000_000), Number(seedArg ?? 7));
  console.log(`${s.rows} rows, ${s.medicConcepts} MEDIC concepts, ${s.concepts} concepts in all -> ${s.mrconso}`);
}
