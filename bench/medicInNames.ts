/**
 * Whether linking keeps its accuracy against MEDIC alone in a vocabulary of millions of names,
 * as docs/dev/performance.md reports it: the seeded generator's MRCONSO rows
 * (bench/linkingVocab.ts; their MSH and OMIM codes prefixed with G, so that none is a real
 * MeSH ID or OMIM number) with MEDIC appended as MRCONSO rows (a made-up CUI per concept, its
 * names under its first ID's source, each alternate ID a row of its preferred name, "Disease
 * or Syndrome" in MRSTY.RRF), built with `biomed vocab build --format umls`; MEDIC alone
 * built with `--format medic`; then `biomed eval link` on both development splits, the
 * training mentions as synonyms, against each, with the peak RSS of each run (GNU time).
 *
 * Not part of `npm run bench`: it reads ../shared/data (MEDIC may not be shipped) and takes
 * minutes per million rows and about 150 bytes a row of disk:
 *   node out/bench/medicInNames.js ../shared/data WORK_DIR [ROWS, default 10000000]
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { table } from './common';
import { generateMrconso } from './linkingVocab';

const CLI = path.join(__dirname, '..', '..', 'dist', 'cli.js');

/** MEDIC's names are HTML-escaped (&apos;). */
const unescape = (s: string) =>
  s
    .replace(/&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

/** The generated rows with their codes renamed, then MEDIC's concepts as MRCONSO rows; MRSTY.RRF beside. */
function writeUmls(generated: string, medicFile: string, out: string): number {
  fs.mkdirSync(out, { recursive: true });
  const fd = fs.openSync(path.join(out, 'MRCONSO.RRF'), 'w');
  // Read and renamed a chunk at a time: the file is over a gigabyte at 10 million rows.
  const input = fs.openSync(path.join(generated, 'MRCONSO.RRF'), 'r');
  const buffer = Buffer.alloc(1 << 24);
  const decoder = new StringDecoder('utf8');
  let carry = '';
  for (let n = fs.readSync(input, buffer); n > 0; n = fs.readSync(input, buffer)) {
    const text = carry + decoder.write(buffer.subarray(0, n));
    const end = text.lastIndexOf('\n') + 1;
    fs.writeSync(fd, text.slice(0, end).replace(/^((?:[^|\n]*\|){11})(MSH|OMIM)\|([^|\n]*\|)([^|\n]*)\|/gm, '$1$2|$3G$4|'));
    carry = text.slice(end);
  }
  fs.closeSync(input);
  let cui = 9_000_000;
  let atom = 90_000_000;
  const sty: string[] = [];
  const lines: string[] = [];
  for (const text of fs.readFileSync(medicFile, 'utf8').split('\n')) {
    if (!text.trim() || text.startsWith('#')) continue;
    const split = text.indexOf('||');
    const ids = text
      .slice(0, split)
      .split('|')
      .map((s) => s.trim())
      .filter(Boolean);
    const names = text
      .slice(split + 2)
      .split('|')
      .map((s) => unescape(s.trim()))
      .filter(Boolean);
    const concept = `C${++cui}`;
    const row = (name: string, synonym: boolean, id: string) => {
      const [sab, code] = /^\d+$/.test(id) ? ['OMIM', id] : ['MSH', id.replace(/^MESH:/, '')];
      atom++;
      const [ts, tty] = synonym ? ['S', 'SY'] : ['P', 'PT'];
      return `${concept}|ENG|${ts}|L${atom}|${synonym ? 'VO' : 'PF'}|S${atom}|${synonym ? 'N' : 'Y'}|A${atom}||||${sab}|${tty}|${code}|${name}|0|N|256|`;
    };
    names.forEach((n, i) => lines.push(row(n, i > 0, ids[0])));
    for (const id of ids.slice(1)) lines.push(row(names[0], true, id));
    sty.push(`${concept}|T047|B2.2.1.2.1|Disease or Syndrome|AT${cui}|256|`);
  }
  fs.writeSync(fd, lines.join('\n') + '\n');
  fs.closeSync(fd);
  fs.writeFileSync(path.join(out, 'MRSTY.RRF'), fs.readFileSync(path.join(generated, 'MRSTY.RRF'), 'utf8') + sty.join('\n') + '\n');
  return cui - 9_000_000;
}

/** `biomed ARGS` with its peak RSS in MB (GNU time's %M; undefined where /usr/bin/time is not installed). */
function biomed(args: string[]): { stdout: string; peakMb?: number } {
  const timed = fs.existsSync('/usr/bin/time');
  const stats = path.join(path.dirname(CLI), '.medic-in-names.time');
  const stdout = timed
    ? execFileSync('/usr/bin/time', ['-f', '%M', '-o', stats, process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 })
    : execFileSync(process.execPath, [CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
  if (!timed) return { stdout };
  const kb = Number(fs.readFileSync(stats, 'utf8').trim().split('\n').pop());
  fs.rmSync(stats);
  return { stdout, peakMb: Math.round(kb / 1024) };
}

function main(): void {
  const [data, work, rowsArg] = process.argv.slice(2);
  if (!data || !work) throw new Error('usage: node out/bench/medicInNames.js DATA_DIR WORK_DIR [ROWS]');
  const rows = Number(rowsArg ?? 10_000_000);
  const linking = path.join(data, 'linking');
  const medic = path.join(linking, 'medic_06Jul2012.txt');
  const generated = path.join(work, `generated-${rows}`);
  if (!fs.existsSync(path.join(generated, 'MRSTY.RRF'))) {
    fs.mkdirSync(generated, { recursive: true });
    generateMrconso(generated, rows);
  }
  const umls = path.join(work, 'umls');
  const concepts = writeUmls(generated, medic, umls);
  const vocabs = { 'MEDIC alone': path.join(work, 'medic.vocab'), [`MEDIC in ${rows.toLocaleString('en-US')} names`]: path.join(work, 'big.vocab') };
  biomed(['vocab', 'build', medic, '--format', 'medic', '--out', vocabs['MEDIC alone']]);
  const t0 = Date.now();
  const built = biomed(['vocab', 'build', path.join(umls, 'MRCONSO.RRF'), '--format', 'umls', '--out', Object.values(vocabs)[1], '--tmp', work]);
  const buildSeconds = (Date.now() - t0) / 1000;
  fs.rmSync(umls, { recursive: true });
  const corpora = [
    ['NCBI-disease', path.join(data, 'corpora', 'ncbi-disease', 'NCBIdevelopset_corpus.txt'), 'pubtator', path.join(linking, 'NCBItrainset_corpus.txt')],
    ['BC5CDR-disease', path.join(linking, 'bc5cdr', 'bc5cdr-disease.dev.concept'), 'concept', path.join(linking, 'bc5cdr', 'bc5cdr-disease.train.concept')],
  ];
  const out: (string | number)[][] = [];
  for (const [name, corpus, format, synonyms] of corpora) {
    const cells: (string | number)[] = [name];
    for (const vocab of Object.values(vocabs)) {
      const r = biomed(['eval', 'link', corpus, '--format', format, '--vocab', vocab, '--synonyms', synonyms, '--json']);
      const s = JSON.parse(r.stdout) as { accuracy1: number; accuracy5: number };
      cells.push(`${s.accuracy1} / ${s.accuracy5}${r.peakMb === undefined ? '' : `, ${r.peakMb} MB`}`);
    }
    out.push(cells);
  }
  table(
    `MEDIC (${concepts.toLocaleString('en-US')} concepts) inside ${rows.toLocaleString('en-US')} generated rows: built in ${buildSeconds.toFixed(0)} s` +
      (built.peakMb ? `, peak ${built.peakMb} MB` : ''),
    ['corpus (dev)', ...Object.keys(vocabs).map((k) => `${k}: acc@1 / @5, peak RSS`)],
    out,
  );
}

main();
