/**
 * Issue 46: linking against MEDIC inside a UMLS-layout stand-in of about 200,000 rows
 * (bench/umlsStandIn.ts: distractor names from MEDIC's own words first, MEDIC's concepts
 * last, semantic types in MRSTY.RRF) stays near linking against MEDIC alone, on the
 * development splits of NCBI-disease and BC5CDR-disease with their training mentions as
 * synonyms. Both vocabularies are built and evaluated by the real bundle (dist/cli.js).
 *
 * The issue asks for one point on both, and both hold it (when this was written, NCBI-disease
 * 88.4 against 88.9, BC5CDR-disease 89.8 against 89.7; with ties decided by file order, 87.9
 * and 87.8 against 88.8 and 89.6): docs/dev/performance.md has the figures.
 *
 * MEDIC may not be shipped in the repository (CTD's terms): it and the corpora are read from
 * ../shared/data beside the repository, where CI has them. Without them the tests fail,
 * naming the path.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeUmlsStandIn } from '../../bench/umlsStandIn';
import { CliResult, ensureCliBuilt, ROOT, runCli, showResult } from '../support/cli';

const DATA = path.resolve(ROOT, '..', 'shared', 'data');
const LINKING = path.join(DATA, 'linking');
const MEDIC = path.join(LINKING, 'medic_06Jul2012.txt');
const ROWS = 200_000;
/** Not the reference script's default (7): the test should not hold for one draw only. */
const SEED = 46;
/** A child's limit: the BC5CDR-disease evaluation alone takes about 45 s on an idle core. */
const CHILD_MS = 280_000;

const SPLITS = [
  {
    name: 'NCBI-disease',
    corpus: path.join(DATA, 'corpora', 'ncbi-disease', 'NCBIdevelopset_corpus.txt'),
    format: 'pubtator',
    synonyms: path.join(LINKING, 'NCBItrainset_corpus.txt'),
    /** Points of acc@1 the stand-in may lose against MEDIC alone. */
    bound: 1.0,
  },
  {
    name: 'BC5CDR-disease',
    corpus: path.join(LINKING, 'bc5cdr', 'bc5cdr-disease.dev.concept'),
    format: 'concept',
    synonyms: path.join(LINKING, 'bc5cdr', 'bc5cdr-disease.train.concept'),
    bound: 1.0,
  },
];

interface LinkJson {
  mentions: number;
  scored: number;
  accuracy1: number;
  accuracy5: number;
  unlinked: number;
}

describe('CLI: MEDIC inside a UMLS-size stand-in links nearly as well as MEDIC alone (issue 46)', function () {
  this.timeout(300_000);
  let dir = '';
  let prepared: Promise<{ medic: string; standIn: string }> | undefined;
  const biomed = async (args: string[]): Promise<CliResult> => {
    const r = await runCli(args, { timeoutMs: CHILD_MS });
    assert.equal(r.code, 0, `biomed ${args.join(' ')}\n${showResult(r)}`);
    return r;
  };

  /** The data checked, the stand-in generated, both vocabularies built (side by side): once, by the first test. */
  const prepare = () =>
    (prepared ??= (async () => {
      const missing = [MEDIC, ...SPLITS.flatMap((s) => [s.corpus, s.synonyms])].filter((f) => !fs.existsSync(f));
      if (missing.length) {
        throw new Error(
          `linking data not found under ${DATA} (MEDIC and the NCBI-disease and BC5CDR-disease splits; CI has them at ../shared/data beside the repository): ${missing.join(', ')}`,
        );
      }
      ensureCliBuilt();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-linking-scale-'));
      const standIn = writeUmlsStandIn(MEDIC, path.join(dir, 'umls'), ROWS, SEED);
      assert.equal(standIn.rows, ROWS);
      const vocabs = { medic: path.join(dir, 'medic.vocab'), standIn: path.join(dir, 'stand-in.vocab') };
      await Promise.all([
        biomed(['vocab', 'build', MEDIC, '--format', 'medic', '--out', vocabs.medic]),
        biomed(['vocab', 'build', standIn.mrconso, '--format', 'umls', '--out', vocabs.standIn, '--tmp', dir]),
      ]);
      fs.rmSync(path.join(dir, 'umls'), { recursive: true });
      return vocabs;
    })());

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const split of SPLITS) {
    it(`${split.name} dev, training mentions as synonyms: the stand-in's acc@1 >= MEDIC alone's - ${split.bound.toFixed(1)}`, async () => {
      const vocabs = await prepare();
      const evaluate = async (vocab: string) =>
        JSON.parse(
          (await biomed(['eval', 'link', split.corpus, '--format', split.format, '--vocab', vocab, '--synonyms', split.synonyms, '--json'])).stdout,
        ) as LinkJson;
      const [medic, standIn] = await Promise.all([evaluate(vocabs.medic), evaluate(vocabs.standIn)]);
      assert.equal(standIn.scored, medic.scored, 'the same mentions are scored against both');
      assert.ok(
        standIn.accuracy1 >= medic.accuracy1 - split.bound,
        `${split.name}: acc@1 ${standIn.accuracy1} against MEDIC inside ${ROWS.toLocaleString('en-US')} stand-in rows (seed ${SEED}), ` +
          `${medic.accuracy1} against MEDIC alone (acc@5 ${standIn.accuracy5} and ${medic.accuracy5}; ${medic.scored} mentions scored)`,
      );
    });
  }
});
