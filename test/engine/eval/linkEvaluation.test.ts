/**
 * eval link's run in the engine (engine/eval/linkEvaluation.ts), called as the command line
 * calls it: what the user gave that cannot be read is a VocabInputError naming the file, said
 * before any model is set up; the model's part is asked only about the links least sure.
 * MEDIC excerpt and mentions: test/fixtures/linking (attribution in its README).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { evaluateLinking } from '../../../server/src/engine/eval/linkEvaluation';
import { VocabInputError } from '../../../server/src/engine/linking/vocab';
import { ROOT } from '../../support/paths';

const DIR = path.join(ROOT, 'test/fixtures/linking');
const VOCAB = path.join(DIR, 'medic-excerpt.txt');
const MENTIONS = path.join(DIR, 'mentions.pubtator');

describe('eval link in the engine (evaluateLinking)', () => {
  it('scores the gold mentions and says how each scored link was found', async () => {
    const run = await evaluateLinking({ corpus: MENTIONS, format: 'pubtator', vocab: VOCAB });
    assert.deepEqual(run.scores, { mentions: 14, scored: 13, accuracy1: 92.3, accuracy5: 92.3, unlinked: 0, wrong: 1 });
    assert.deepEqual(run.given, { precision: 92.3, coverage: 100 }, '12 of the 13 links given right, every scored mention given one');
    assert.equal(run.vocabulary.label, 'medic-excerpt.txt');
    assert.equal(
      run.methods.reduce((n, [, k]) => n + k, 0),
      13,
      'every scored mention is counted under one method',
    );
    assert.ok(run.methods.some(([m, k]) => m === 'abbreviation' && k === 2));
    assert.equal(run.modelChoice, undefined);
    assert.equal(run.synonymConcepts, undefined);
  });

  it('a missing vocabulary, a missing synonym corpus, a corpus without mentions: VocabInputError, and the model is never set up', async () => {
    let setUp = 0;
    const modelChoice = async () => {
      setUp++;
      return { ask: async () => 0, width: 1 };
    };
    const empty = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-linkeval-')), 'empty.pubtator');
    fs.writeFileSync(empty, '1|t|Nothing here.\n\n');
    const cases: [Parameters<typeof evaluateLinking>[0], RegExp][] = [
      [{ corpus: MENTIONS, format: 'pubtator', vocab: path.join(DIR, 'none.txt'), modelChoice }, /none\.txt: no such vocabulary/],
      [
        { corpus: MENTIONS, format: 'pubtator', vocab: VOCAB, synonyms: [path.join(DIR, 'none.concept')], modelChoice },
        /none\.concept: no such synonym corpus/,
      ],
      [{ corpus: empty, format: 'pubtator', vocab: VOCAB, modelChoice }, /empty\.pubtator: no mentions read as pubtator/],
      [{ corpus: MENTIONS, format: 'brat', vocab: VOCAB, modelChoice }, /not a folder/],
    ];
    for (const [options, message] of cases)
      await assert.rejects(evaluateLinking(options), (err: Error) => err instanceof VocabInputError && message.test(err.message));
    assert.equal(setUp, 0);
  });

  it("the model's part: asked only about the approximate links, and an answer of none unlinks the mention", async () => {
    const asked: string[] = [];
    const run = await evaluateLinking({
      corpus: MENTIONS,
      format: 'pubtator',
      vocab: VOCAB,
      modelChoice: async () => ({
        width: 2,
        ask: async (q) => {
          asked.push(q.mention);
          return null;
        },
      }),
    });
    // The two found approximately (a typo, a name the excerpt lacks); a phrase of no disease
    // ("older adults") has no candidate that shares a word with it, so nothing to ask about;
    // every other link is by a name, an abbreviation or a composite's parts.
    assert.deepEqual(asked.sort(), ['athrial fibrilation', 'steinert syndrome']);
    assert.deepEqual(run.modelChoice, { asked: 2, changed: 2, none: 2, unreadable: 0, failed: 0 });
    // Both are scored: both now unlinked, the typo's right link lost.
    assert.equal(run.scores.unlinked, 2);
    assert.equal(run.scores.wrong, 0, 'the steinert syndrome link, wrong before, is none now');
    assert.equal(run.scores.accuracy1, 84.6);
  });
});
