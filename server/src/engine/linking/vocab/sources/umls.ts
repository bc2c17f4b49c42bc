/**
 * UMLS MRCONSO.RRF: one name a row, `CUI|LAT|TS|LUI|STT|SUI|ISPREF|AUI|SAUI|SCUI|SDUI|SAB|TTY|CODE|STR|SRL|SUPPRESS|CVF|`.
 * A concept is a CUI (`UMLS:C…`) with its rows' names and source codes (`MESH:D…`,
 * `SNOMEDCT_US:…`) as alternate IDs; its preferred name is the row marked TS=P, STT=PF,
 * ISPREF=Y (else the first kept). The names a source prefers (TTY MH, PT or PN with ISPREF=Y)
 * are marked as such in the index, for ties among concepts holding a name (linking/ties.ts).
 * UMLS ships MRCONSO sorted by CUI, so a concept's rows are read together and MRSTY.RRF
 * beside it (sorted the same way) is joined as it goes, in bounded memory; a file out of CUI
 * order is refused rather than split into two concepts.
 * Names marked suppressible or obsolete (SUPPRESS O, E, Y: "NOS" forms, retired strings,
 * ambiguous abbreviations) are left out unless `suppressed` asks for them, as MetaMap and
 * scispaCy do by default; the build's notes count them.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { normaliseId, sabPrefix } from '../ids';
import { ReaderOptions, SourceConcept, VocabReader } from '../sourceConcept';
import { Line, readLines, VocabInputError } from './lines';

const FIELDS = 18;
const CUI = /^C\d+$/;
/** Term types of a source's preferred name (MeSH's main heading, a preferred term, a preferred name): ties go to the concept a name is preferred in. */
const PREFERRED_TTY = new Set(['MH', 'PT', 'PN']);

export const readUmls: VocabReader = (file, options, sink) => {
  const name = file;
  const sab = options.sab?.length ? new Set(options.sab) : undefined;
  const lang = options.lang?.length ? new Set(options.lang) : undefined;
  const types = semanticTypes(path.join(path.dirname(file), 'MRSTY.RRF'), options);
  let current: { cui: string; line: number; names: string[]; preferred?: string; sourcePreferred: string[]; codes: Set<string> } | undefined;
  let previous = '';
  let rows = 0;
  let kept = 0;
  let suppressed = 0;
  const flush = () => {
    if (!current || !current.names.length) return;
    const c: SourceConcept = {
      id: `UMLS:${current.cui}`,
      name: current.preferred ?? current.names[0],
      // A source's preferred terms; a concept none of whose rows is one has its display name.
      preferred: current.sourcePreferred.length > 0 ? current.sourcePreferred : [current.preferred ?? current.names[0]],
      names: current.names,
      altIds: [...current.codes],
      types: types?.(current.cui) ?? [],
      file: name,
      line: current.line,
    };
    sink(c);
  };
  for (const { text, number } of readLines(file, options.onBytes)) {
    if (!text) continue;
    const f = text.split('|');
    if (f.length < FIELDS)
      throw new VocabInputError(name, number, `${f.length} fields where MRCONSO.RRF rows have ${FIELDS} (CUI|LAT|TS|...|STR|...): is it MRCONSO.RRF?`);
    const cui = f[0];
    if (!CUI.test(cui)) throw new VocabInputError(name, number, `"${cui.slice(0, 20)}" is not a CUI (C followed by digits): is it MRCONSO.RRF?`);
    rows++;
    if (cui !== previous) {
      if (cui < previous)
        throw new VocabInputError(name, number, `${cui} comes after ${previous}: MRCONSO.RRF must be sorted by CUI, as UMLS ships it (sort -t'|' -k1,1)`);
      flush();
      current = { cui, line: number, names: [], sourcePreferred: [], codes: new Set() };
      previous = cui;
    }
    if ((sab && !sab.has(f[11])) || (lang && !lang.has(f[1]))) continue;
    if (!options.suppressed && f[16] !== 'N' && f[16] !== '') {
      suppressed++;
      continue;
    }
    const str = f[14];
    if (!str.trim()) throw new VocabInputError(name, number, 'the name (STR, the 15th field) is empty');
    kept++;
    current!.names.push(str);
    if (current!.preferred === undefined && f[2] === 'P' && f[4] === 'PF' && f[6] === 'Y') current!.preferred = str;
    if (f[6] === 'Y' && PREFERRED_TTY.has(f[12])) current!.sourcePreferred.push(str);
    if (f[13] && f[13] !== 'NOCODE') current!.codes.add(normaliseId(`${sabPrefix(f[11])}:${f[13]}`));
  }
  flush();
  if (suppressed)
    options.note?.(
      `${name}: ${suppressed} name${suppressed === 1 ? '' : 's'} marked suppressible or obsolete (SUPPRESS O, E, Y) left out (--suppressed keeps them)`,
    );
  if (rows && !kept) options.note?.(`${name}: no row kept by --sab/--lang${suppressed ? ' and the suppressible rows' : ''} (of ${rows})`);
};

/** The semantic types (STY) per CUI from MRSTY.RRF, read alongside MRCONSO; undefined without the file. */
function semanticTypes(file: string, options: ReaderOptions): ((cui: string) => string[]) | undefined {
  if (!fs.existsSync(file)) {
    options.note?.('no MRSTY.RRF beside MRCONSO.RRF: concepts have no semantic types');
    return undefined;
  }
  const lines: Generator<Line> = readLines(file);
  let pending: { cui: string; sty: string; line: number } | undefined;
  let last = '';
  const next = (): typeof pending => {
    for (;;) {
      const r = lines.next();
      if (r.done) return undefined;
      if (!r.value.text) continue;
      const f = r.value.text.split('|');
      if (f.length < 4) throw new VocabInputError(file, r.value.number, `${f.length} fields where MRSTY.RRF rows have 6 (CUI|TUI|STN|STY|ATUI|CVF)`);
      if (f[0] < last) throw new VocabInputError(file, r.value.number, `${f[0]} comes after ${last}: MRSTY.RRF must be sorted by CUI, as UMLS ships it`);
      last = f[0];
      return { cui: f[0], sty: f[3], line: r.value.number };
    }
  };
  pending = next();
  return (cui) => {
    const out: string[] = [];
    while (pending && pending.cui < cui) pending = next();
    while (pending && pending.cui === cui) {
      if (!out.includes(pending.sty)) out.push(pending.sty);
      pending = next();
    }
    return out;
  };
}
