/** Which published linking figures `biomed eval link` prints beside a corpus, told by its path (eval/published.ts). */
import * as assert from 'node:assert/strict';
import { knownLinkingDataset } from '../../../server/src/engine/eval/published';

const datasets = (p: string) => [...new Set(knownLinkingDataset(p).map((r) => r.dataset))];

describe('eval link: published figures by corpus', () => {
  it('NCBI and BC5CDR corpora get their own rows, BC5CDR chemicals when the path says so', () => {
    assert.deepEqual(datasets('data/NCBIdevelopset_corpus.txt'), ['NCBI-disease']);
    assert.equal(knownLinkingDataset('NCBI.txt').length, 2, "D'Souza & Ng and BioSyn");
    assert.deepEqual(datasets('bc5cdr/bc5cdr-disease.dev.concept'), ['BC5CDR-disease']);
    assert.deepEqual(datasets('BC5CDR/bc5cdr-Chemical.dev.concept'), ['BC5CDR-chem']);
  });

  it('a corpus it cannot tell gets every row, as do the NER-only names', () => {
    assert.deepEqual(datasets('my-notes.concept'), ['NCBI-disease', 'BC5CDR-disease', 'BC5CDR-chem']);
    assert.equal(knownLinkingDataset('bc2gm-dev.txt').length, knownLinkingDataset('mine').length);
  });
});
