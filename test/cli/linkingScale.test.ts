/**
 * Linking against MEDIC inside a UMLS-layout stand-in (bench/umlsStandIn.ts: distractor names
 * from MEDIC's own words first, MEDIC's concepts last, semantic types in MRSTY.RRF) stays near
 * linking against MEDIC alone, on the development splits of NCBI-disease and BC5CDR-disease
 * with their training mentions as synonyms. Both vocabularies are built and evaluated by the
 * real bundle (dist/cli.js).
 *
 * Twice: on slices kept in test/fixtures/linking/slices (409 lines of MEDIC, the whole
 * NCBI-disease development split, 25 abstracts of each BC5CDR-disease split, 30 of
 * NCBI-disease training), which run everywhere, and at scale, MEDIC whole inside 200,000
 * rows, read from the shared data folder (test/support/sharedData.ts: MEDIC may not be shipped
 * in the repository, CTD's terms). At scale both splits hold the one point (when this was
 * written, NCBI-disease 88.4 against 88.9, BC5CDR-disease 89.8 against 89.7):
 * docs/dev/performance.md has the figures. Without the folder that suite skips, saying so.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeUmlsStandIn } from '../../bench/umlsStandIn';
import { CliResult, ensureCliBuilt, runCli, showResult } from '../support/cli';
import { FIXTURES } from '../support/paths';
import { sharedFile, skipUnlessShared } from '../support/sharedData';

/** Not the reference script's default (7): the test should not hold for one draw only. */
const SEED = 46;
/** A child's limit: the BC5CDR-disease evaluation at scale alone takes about 45 s on an idle core. */
const CHILD_MS = 280_000;

interface Split {
  name: string;
  corpus: string;
  format: 'pubtator' | 'concept';
  synonyms: string;
  /** Points of acc@1 the stand-in may lose against MEDIC alone. */
  bound: number;
}

interface Data {
  medic: string;
  /** MRCONSO rows in all, MEDIC's among them. */
  rows: number;
  splits: Split[];
}

interface LinkJson {
  mentions: number;
  scored: number;
  accuracy1: number;
  accuracy5: number;
  unlinked: number;
}

const SLICES = path.join(FIXTURES, 'linking', 'slices');
const FIXTURE_DATA: Data = {
  medic: path.join(SLICES, 'medic-slice.txt'),
  // MEDIC's slice is 5,142 rows: about 1.5 distractor rows for each, as at scale.
  rows: 13_000,
  splits: [
    {
      name: 'NCBI-disease',
      corpus: path.join(FIXTURES, 'corpora', 'ncbi-disease', 'NCBIdevelopset_corpus.txt'),
      format: 'pubtator',
      synonyms: path.join(SLICES, 'ncbi-disease-train-slice.txt'),
      bound: 1.0,
    },
    {
      name: 'BC5CDR-disease',
      corpus: path.join(SLICES, 'bc5cdr-disease-dev-slice.concept'),
      format: 'concept',
      synonyms: path.join(SLICES, 'bc5cdr-disease-train-slice.concept'),
      bound: 1.0,
    },
  ],
};

const sharedData = (): Data => ({
  medic: sharedFile('linking/medic_06Jul2012.txt'),
  rows: 200_000,
  splits: [
    {
      name: 'NCBI-disease',
      corpus: sharedFile('corpora/ncbi-disease/NCBIdevelopset_corpus.txt'),
      format: 'pubtator',
      synonyms: sharedFile('linking/NCBItrainset_corpus.txt'),
      bound: 1.0,
    },
    {
      name: 'BC5CDR-disease',
      corpus: sharedFile('linking/bc5cdr/bc5cdr-disease.dev.concept'),
      format: 'concept',
      synonyms: sharedFile('linking/bc5cdr/bc5cdr-disease.train.concept'),
      bound: 1.0,
    },
  ],
});

/** The suite's tests, one per split, over `data()` (read when the suite starts). */
function standInTests(data: () => Data, check: (ctx: Mocha.Context, d: Data) => void): void {
  let dir = '';
  let d: Data;
  let prepared: Promise<{ medic: string; standIn: string }> | undefined;
  const biomed = async (args: string[]): Promise<CliResult> => {
    const r = await runCli(args, { timeoutMs: CHILD_MS });
    assert.equal(r.code, 0, `biomed ${args.join(' ')}\n${showResult(r)}`);
    return r;
  };

  before(function () {
    d = data();
    check(this, d);
  });

  /** The stand-in generated, both vocabularies built (side by side): once, by the first test. */
  const prepare = () =>
    (prepared ??= (async () => {
      ensureCliBuilt();
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-linking-scale-'));
      const standIn = writeUmlsStandIn(d.medic, path.join(dir, 'umls'), d.rows, SEED);
      assert.equal(standIn.rows, d.rows);
      const vocabs = { medic: path.join(dir, 'medic.vocab'), standIn: path.join(dir, 'stand-in.vocab') };
      await Promise.all([
        biomed(['vocab', 'build', d.medic, '--format', 'medic', '--out', vocabs.medic]),
        biomed(['vocab', 'build', standIn.mrconso, '--format', 'umls', '--out', vocabs.standIn, '--tmp', dir]),
      ]);
      fs.rmSync(path.join(dir, 'umls'), { recursive: true });
      return vocabs;
    })());

  after(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  for (const name of ['NCBI-disease', 'BC5CDR-disease']) {
    it(`${name} dev, training mentions as synonyms: the stand-in's acc@1 >= MEDIC alone's - 1.0`, async () => {
      const split = d.splits.find((s) => s.name === name)!;
      const vocabs = await prepare();
      const evaluate = async (vocab: string) =>
        JSON.parse(
          (await biomed(['eval', 'link', split.corpus, '--format', split.format, '--vocab', vocab, '--synonyms', split.synonyms, '--json'])).stdout,
        ) as LinkJson;
      const [medic, standIn] = await Promise.all([evaluate(vocabs.medic), evaluate(vocabs.standIn)]);
      assert.equal(standIn.scored, medic.scored, 'the same mentions are scored against both');
      assert.ok(medic.scored > 200, `${medic.scored} mentions scored`);
      assert.ok(
        standIn.accuracy1 >= medic.accuracy1 - split.bound,
        `${split.name}: acc@1 ${standIn.accuracy1} against MEDIC inside ${d.rows.toLocaleString('en-US')} stand-in rows (seed ${SEED}), ` +
          `${medic.accuracy1} against MEDIC alone (acc@5 ${standIn.accuracy5} and ${medic.accuracy5}; ${medic.scored} mentions scored)`,
      );
    });
  }
}

describe('CLI: MEDIC inside a UMLS-layout stand-in links nearly as well as MEDIC alone', function () {
  this.timeout(300_000);

  describe('slices of MEDIC and the splits (test/fixtures/linking/slices), 13,000 rows', () => {
    standInTests(
      () => FIXTURE_DATA,
      () => undefined,
    );
  });

  describe('at scale: MEDIC whole inside 200,000 rows, the whole splits (shared data)', () => {
    standInTests(sharedData, (ctx, d) =>
      skipUnlessShared(ctx, 'MEDIC and the NCBI-disease and BC5CDR-disease splits', [d.medic, ...d.splits.flatMap((s) => [s.corpus, s.synonyms])]),
    );
  });
});
