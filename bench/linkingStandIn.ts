/**
 * Part of `BENCH_ONLY=linking`: MEDIC inside a UMLS-size stand-in
 * (bench/umlsStandIn.ts, seed 7: distractor names from MEDIC's own words first, MEDIC's
 * concepts last, semantic types in MRSTY.RRF) at 1,000,000 and 10,000,000 MRCONSO rows
 * (`BENCH_LINKING_STANDIN_ROWS`; rows above BENCH_LINKING_MAX_ROWS, default 1,000,000, are
 * left out as in the generated-vocabulary table), beside MEDIC alone. Each is built with
 * `biomed vocab build` (wall seconds, peak RSS, .vocab size), then `biomed eval link` runs
 * NCBI-disease dev and BC5CDR-disease dev against it with their training mentions as
 * synonyms (acc@1 / acc@5, the difference in acc@1 from MEDIC alone, peak RSS), both splits
 * side by side. Peak RSS is GNU time's (-); the CLI is the bundle (dist/cli.js).
 *
 * MEDIC and the corpora are read from the shared data folder, BIOMED_SHARED_DATA (default
 * ../shared/data beside the repository; test/support/sharedData.ts): MEDIC may not be
 * shipped. Without them the table is left out, saying why.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { ROOT } from '../test/support/paths';
import { absentLine, missingShared, sharedDataDir } from '../test/support/sharedData';
import { table } from './common';
import { writeUmlsStandIn } from './umlsStandIn';

const CLI = path.join(ROOT, 'dist', 'cli.js');
const SIZES = (process.env.BENCH_LINKING_STANDIN_ROWS ?? '1000000,10000000')
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const TIMED = fs.existsSync('/usr/bin/time');

interface Run {
  stdout: string;
  seconds: number;
  /** GNU time's maximum resident set size, MB (undefined without /usr/bin/time). */
  peakMb?: number;
}

/** `biomed ARGS` through the bundle, timed, with its peak RSS. */
function biomed(args: string[], statsFile: string): Promise<Run> {
  const [file, argv] = TIMED ? ['/usr/bin/time', ['-f', '%M', '-o', statsFile, process.execPath, CLI, ...args]] : [process.execPath, [CLI, ...args]];
  const t0 = performance.now();
  return new Promise((resolve, reject) =>
    execFile(file, argv, { encoding: 'utf8', maxBuffer: 1 << 26 }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`biomed ${args.join(' ')}: ${err.message}\n${stderr.slice(-2000)}`));
      const seconds = (performance.now() - t0) / 1000;
      if (!TIMED) return resolve({ stdout, seconds });
      const kb = Number(fs.readFileSync(statsFile, 'utf8').trim().split('\n').pop());
      fs.rmSync(statsFile);
      resolve({ stdout, seconds, peakMb: Math.round(kb / 1024) });
    }),
  );
}

interface Split {
  name: string;
  corpus: string;
  format: string;
  synonyms: string;
}

interface Accuracy {
  accuracy1: number;
  accuracy5: number;
  peakMb?: number;
}

export async function linkingStandIn(maxRows: number): Promise<void> {
  const data = sharedDataDir();
  const linking = path.join(data, 'linking');
  const medic = path.join(linking, 'medic_06Jul2012.txt');
  const splits: Split[] = [
    {
      name: 'NCBI-disease',
      corpus: path.join(data, 'corpora', 'ncbi-disease', 'NCBIdevelopset_corpus.txt'),
      format: 'pubtator',
      synonyms: path.join(linking, 'NCBItrainset_corpus.txt'),
    },
    {
      name: 'BC5CDR-disease',
      corpus: path.join(linking, 'bc5cdr', 'bc5cdr-disease.dev.concept'),
      format: 'concept',
      synonyms: path.join(linking, 'bc5cdr', 'bc5cdr-disease.train.concept'),
    },
  ];
  const missing = missingShared([medic, ...splits.flatMap((s) => [s.corpus, s.synonyms])]);
  if (missing.length) {
    console.log(`\nMEDIC inside a UMLS-size stand-in: left out, ${absentLine('MEDIC and the splits', missing)}`);
    return;
  }
  const load = () =>
    os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ');
  const loadBefore = load();
  const sizes = SIZES.filter((s) => s <= maxRows);
  const skipped = SIZES.filter((s) => s > maxRows);
  const dir = fs.mkdtempSync(path.join(process.env.BENCH_LINKING_TMP ?? os.tmpdir(), 'bench-linking-standin-'));
  const out: (string | number)[][] = [];
  try {
    const evaluate = (vocab: string) =>
      Promise.all(
        splits.map(async (s, i): Promise<Accuracy> => {
          const r = await biomed(
            ['eval', 'link', s.corpus, '--format', s.format, '--vocab', vocab, '--synonyms', s.synonyms, '--json'],
            path.join(dir, `eval-${i}.time`),
          );
          return { ...(JSON.parse(r.stdout) as Accuracy), peakMb: r.peakMb };
        }),
      );
    const mb = (file: string) => (fs.statSync(file).size / 1e6).toFixed(1);
    const peak = (r: { peakMb?: number }) => (r.peakMb === undefined ? '-' : r.peakMb);
    const cells = (acc: Accuracy[], alone?: Accuracy[]) =>
      acc.map((a, i) => {
        const delta = alone ? a.accuracy1 - alone[i].accuracy1 : undefined;
        const sign = delta === undefined ? '' : ` (${delta >= 0 ? '+' : ''}${delta.toFixed(1)})`;
        return `${a.accuracy1}${sign} / ${a.accuracy5}, ${peak(a)} MB`;
      });

    const medicVocab = path.join(dir, 'medic.vocab');
    const built = await biomed(['vocab', 'build', medic, '--format', 'medic', '--out', medicVocab], path.join(dir, 'build.time'));
    const alone = await evaluate(medicVocab);
    out.push(['MEDIC alone', '-', `${built.seconds.toFixed(1)} / ${peak(built)} / ${mb(medicVocab)}`, ...cells(alone)]);

    for (const rows of sizes) {
      const t0 = performance.now();
      const standIn = writeUmlsStandIn(medic, path.join(dir, 'umls'), rows, 7);
      const genSeconds = (performance.now() - t0) / 1000;
      const vocab = path.join(dir, 'stand-in.vocab');
      const b = await biomed(['vocab', 'build', standIn.mrconso, '--format', 'umls', '--out', vocab, '--tmp', dir], path.join(dir, 'build.time'));
      fs.rmSync(path.join(dir, 'umls'), { recursive: true });
      const acc = await evaluate(vocab);
      out.push([
        `stand-in, ${standIn.rows.toLocaleString('en-US')} rows (${standIn.concepts.toLocaleString('en-US')} concepts)`,
        genSeconds.toFixed(1),
        `${b.seconds.toFixed(1)} / ${peak(b)} / ${mb(vocab)}`,
        ...cells(acc, alone),
      ]);
      fs.rmSync(vocab);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  table(
    `MEDIC inside a UMLS-size stand-in (seed 7, MEDIC's concepts last), dev splits with training mentions as synonyms, ${os.cpus().length} CPUs, ` +
      `load average ${loadBefore} before, ${load()} after` +
      (skipped.length ? `; left out above BENCH_LINKING_MAX_ROWS=${maxRows}: ${skipped.join(', ')}` : ''),
    [
      'vocabulary',
      'generate s',
      'build wall s / peak RSS MB / .vocab MB',
      ...splits.map((s) => `${s.name} dev: acc@1 (vs MEDIC alone) / acc@5, eval peak RSS`),
    ],
    out,
  );
}
