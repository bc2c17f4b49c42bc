/**
 * docs/how-to/linking-vocabularies.md shows what `biomed vocab build` prints (its "What the
 * build says" block: the command, then its stdout). The block's command is run as written:
 *  - on the files it names (MEDIC and the NCBI-disease training set, shared data): stdout is
 *    the block line for line, the build's time masked;
 *  - everywhere, on the fixture slices of the same two files (test/fixtures/linking/slices):
 *    each line of the block has a line of the same words, numbers masked (the slices do not
 *    hold every ID of their synonyms, so the line that says so is one of its two forms).
 * (The bundle dist/cli.js must be built.)
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FIXTURES, ROOT } from '../support/paths';
import { sharedFile, skipUnlessShared } from '../support/sharedData';

const DOC = path.join(ROOT, 'docs/how-to/linking-vocabularies.md');

/** The block under "## What the build says": the command's arguments and the printed lines. */
function docSample(): { args: string[]; lines: string[] } {
  const doc = fs.readFileSync(DOC, 'utf8');
  const block = /^## What the build says\n+```text\n([\s\S]*?)\n```/m.exec(doc);
  assert.ok(block, 'the how-to has a "What the build says" block');
  const [command, ...lines] = block[1].split('\n');
  assert.match(command, /^\$ biomed vocab build /);
  return { args: command.slice('$ biomed '.length).split(' '), lines };
}

/** Runs dist/cli.js in `dir` with the block's arguments, its file names mapped to `files`; stdout's lines. */
function build(args: string[], files: Record<string, string>): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-vocab-doc-'));
  try {
    for (const [name, file] of Object.entries(files)) fs.symlinkSync(file, path.join(dir, name));
    const out = execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), ...args], { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    return out.trimEnd().split('\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const maskTime = (line: string) => line.replace(/ in [\d.]+ s:/, ' in … s:');
const maskNumbers = (line: string) => line.replace(/\d[\d,.]*/g, '#');
/** The line that says whether the synonym corpora's IDs are all in the vocabulary, in either form. */
const COVERAGE =
  /^(?:Every ID of the synonym corpora is in the vocabulary\.|[\d,]+ IDs? of the synonym corpora not in the vocabulary became concepts of their own: )/;

describe('package: the vocabulary build in docs/how-to/linking-vocabularies.md', function () {
  this.timeout(120_000);
  const { args, lines } = docSample();
  const sources = { medic: 'medic_06Jul2012.txt', synonyms: 'NCBItrainset_corpus.txt' };

  it('names the files it builds from', () => {
    assert.ok(args.includes(sources.medic) && args.includes(sources.synonyms), args.join(' '));
    assert.ok(lines.length >= 3, lines.join('\n'));
  });

  it("on the fixture slices of MEDIC and NCBI-disease: every printed line has the sample's words", () => {
    const out = build(args, {
      [sources.medic]: path.join(FIXTURES, 'linking/slices/medic-slice.txt'),
      [sources.synonyms]: path.join(FIXTURES, 'linking/slices/ncbi-disease-train-slice.txt'),
    });
    for (const line of lines) {
      const found = COVERAGE.test(line) ? out.some((o) => COVERAGE.test(o)) : out.some((o) => maskNumbers(o) === maskNumbers(line));
      assert.ok(found, `the build prints no line like the sample's "${line}":\n${out.join('\n')}`);
    }
    assert.equal(out.length, lines.length, `as many lines as the sample:\n${out.join('\n')}`);
  });

  it('on MEDIC and the NCBI-disease training set (shared data): exactly the sample, the time masked', function () {
    const files = { [sources.medic]: sharedFile('linking/medic_06Jul2012.txt'), [sources.synonyms]: sharedFile('linking/NCBItrainset_corpus.txt') };
    skipUnlessShared(this, 'MEDIC and the NCBI-disease training set', Object.values(files));
    assert.deepEqual(build(args, files).map(maskTime), lines.map(maskTime));
  });
});
