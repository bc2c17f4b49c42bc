/**
 * A seeded generator of UMLS-layout vocabularies (MRCONSO.RRF and MRSTY.RRF) for the linking
 * bench: CUIs in order, each with 1 to 8 names (about 3 on average, as in UMLS) drawn from a
 * Zipf-weighted lexicon of invented words and common clinical words, 1 to 8 words a name
 * (about 33 characters on average; UMLS English names average about 35): a preferred name,
 * case and word-order variants, plurals, initialisms and other synonyms, from sources MSH,
 * SNOMEDCT_US, RXNORM, OMIM, MDR and NCI with their codes. It also picks query names (with the
 * CUI they belong to) for the lookups.
 */
import * as fs from 'node:fs';
import { mulberry32 } from '../server/src/engine/random';

const SYLLABLES = (
  'ab ac ad al an ar ba be bi ca ce ci co cy da de di do du el em en ep er es ex fa fe fi ga ge gi gly he hy id il im in ir ' +
  'ka la le li lo lu ly ma me mi mo mu my na ne ni no nu ol om on op or os ox pa pe phe pi po pro pu ra re ri ro ru sa se si ' +
  'so sta ta te th ti to tri tu ty ul um un ur va ve vi vo xa ze zo'
).split(' ');
const COMMON = (
  'disease syndrome acid protein cell type chronic acute deficiency receptor tablet oral of the and with left right ' +
  'carcinoma neoplasm injury fracture infection inhibitor kinase factor gene hydrochloride sodium mg ml solution ' +
  'structure disorder finding procedure congenital primary secondary familial malignant benign'
).split(' ');
const SOURCES: [sab: string, code: (n: number) => string][] = [
  ['MSH', (n) => `D${String(n % 1e6).padStart(6, '0')}`],
  ['SNOMEDCT_US', (n) => String(100000 + n * 7)],
  ['RXNORM', (n) => String(1000 + n)],
  ['OMIM', (n) => String(100000 + (n % 900000))],
  ['MDR', (n) => String(10000000 + n)],
  ['NCI', (n) => `C${1000 + n}`],
];
const TYPES = [
  'Disease or Syndrome',
  'Pharmacologic Substance',
  'Finding',
  'Neoplastic Process',
  'Organic Chemical',
  'Gene or Genome',
  'Body Part, Organ, or Organ Component',
];
const WORDS_PER_NAME = [0.12, 0.25, 0.22, 0.15, 0.1, 0.07, 0.05, 0.04];

export interface Query {
  cui: string;
  name: string;
}

export interface Generated {
  rows: number;
  concepts: number;
  bytes: number;
  queries: Query[];
}

/** Writes `rows` MRCONSO rows (and MRSTY.RRF beside) into `dir`; returns query names, one per `every` concepts. */
export function generateMrconso(dir: string, rows: number, seed = 42, queries = 2000): Generated {
  const rand = mulberry32(seed);
  const lexicon = Array.from({ length: 200_000 }, () => {
    let w = '';
    for (let n = 2 + Math.floor(rand() * 3); n > 0; n--) w += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
    return w;
  });
  // Zipf-like: low indexes much more often, as real names reuse a few words heavily.
  const word = () => (rand() < 0.25 ? COMMON[Math.floor(rand() * COMMON.length)] : lexicon[Math.floor(lexicon.length * rand() ** 3)]);
  const wordCount = () => {
    let r = rand();
    for (let i = 0; i < WORDS_PER_NAME.length; i++) if ((r -= WORDS_PER_NAME[i]) < 0) return i + 1;
    return WORDS_PER_NAME.length;
  };
  const newName = () => {
    const words = Array.from({ length: wordCount() }, word);
    if (rand() < 0.1) words.push(String(Math.floor(rand() * 500)));
    return words.map((w, i) => (i === 0 && rand() < 0.6 ? w[0].toUpperCase() + w.slice(1) : w)).join(' ');
  };
  const variant = (base: string): string => {
    const r = rand();
    const words = base.split(' ');
    if (r < 0.2) return base.toUpperCase();
    if (r < 0.4 && words.length > 1) return `${words.slice(1).join(' ')}, ${words[0]}`;
    if (r < 0.55) return `${base}s`;
    if (r < 0.65 && words.length > 1) return words.map((w) => w[0].toUpperCase()).join('');
    return newName();
  };
  const every = Math.max(1, Math.floor(rows / 3 / queries));
  const picked: Query[] = [];
  const conso = fs.openSync(`${dir}/MRCONSO.RRF`, 'w');
  const sty = fs.openSync(`${dir}/MRSTY.RRF`, 'w');
  let out: string[] = [];
  let styOut: string[] = [];
  let written = 0;
  let bytes = 0;
  let concept = 0;
  let atom = 0;
  const flush = () => {
    const text = out.join('');
    bytes += Buffer.byteLength(text);
    fs.writeSync(conso, text);
    fs.writeSync(sty, styOut.join(''));
    out = [];
    styOut = [];
  };
  while (written < rows) {
    concept++;
    const cui = `C${String(concept).padStart(7, '0')}`;
    const n = Math.min(rows - written, 1 + Math.min(7, Math.floor(-Math.log(1 - rand()) * 2)));
    const base = newName();
    const [sab, code] = SOURCES[Math.floor(rand() * SOURCES.length)];
    for (let i = 0; i < n; i++) {
      atom++;
      const name = i === 0 ? base : variant(base);
      const pref = i === 0 ? 'P|L|PF|S|Y' : 'S|L|VO|S|N';
      const [ts, , stt, , ispref] = pref.split('|');
      const lat = rand() < 0.93 ? 'ENG' : 'SPA';
      out.push(`${cui}|${lat}|${ts}|L${atom}|${stt}|S${atom}|${ispref}|A${atom}||||${sab}|${i ? 'SY' : 'PT'}|${code(concept)}|${name}|0|N|256|\n`);
      written++;
    }
    styOut.push(`${cui}|T047|B2.2.1.2.1|${TYPES[concept % TYPES.length]}|AT${concept}|256|\n`);
    if (concept % every === 0 && picked.length < queries) picked.push({ cui, name: base });
    if (out.length >= 50_000) flush();
  }
  flush();
  fs.closeSync(conso);
  fs.closeSync(sty);
  return { rows: written, concepts: concept, bytes, queries: picked };
}

/** The query with one letter changed or dropped in its longest word (a typo approximate search should forgive). */
export function typo(name: string, rand: () => number): string {
  const words = name.split(' ');
  let longest = 0;
  for (let i = 1; i < words.length; i++) if (words[i].length > words[longest].length) longest = i;
  const w = words[longest];
  if (w.length < 5) return name;
  const at = 1 + Math.floor(rand() * (w.length - 2));
  words[longest] = rand() < 0.5 ? w.slice(0, at) + w.slice(at + 1) : w.slice(0, at) + (w[at] === 'e' ? 'a' : 'e') + w.slice(at + 1);
  return words.join(' ');
}
