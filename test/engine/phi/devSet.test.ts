/**
 * The PHI rules over the PhysioNet deid development part in ../shared/data/deid (GPL test
 * data, kept outside the repository): recall and precision no lower than a little under the
 * figures measured when the rules last changed (docs/guide/deidentification.md). Skips with
 * one line when the data is absent.
 */
import * as assert from 'node:assert/strict';
import { evaluateDeid } from '../../../server/src/engine/eval/deidEvaluation';
import { sharedFile, skipUnlessShared } from '../../support/sharedData';

const TEXT = sharedFile('deid/id.text');

describe('PHI rules on the PhysioNet deid development part', function () {
  this.timeout(60_000);
  before(function () {
    skipUnlessShared(this, 'The PhysioNet deid development part', [TEXT, sharedFile('deid/id-phi.phrase')]);
  });

  it('keeps recall and precision above their floors', () => {
    const r = evaluateDeid({ corpus: TEXT });
    assert.equal(r.documents, 891);
    assert.equal(r.scores.gold, 620);
    assert.ok(r.scores.recall >= 0.985, `recall ${r.scores.recall}`);
    assert.ok(r.scores.precision >= 0.96, `precision ${r.scores.precision}`);
    const recall = (type: string) => {
      const t = r.scores.goldTypes.find((g) => g.type === type)!;
      return t.hit / t.total;
    };
    assert.ok(recall('Date') >= 0.97, `Date recall ${recall('Date')}`);
    assert.ok(recall('HCPName') >= 0.98, `HCPName recall ${recall('HCPName')}`);
    assert.ok(recall('Location') >= 0.95, `Location recall ${recall('Location')}`);
    assert.ok(recall('DateYear') >= 0.96, `DateYear recall ${recall('DateYear')}`);
    assert.ok(recall('RelativeProxyName') >= 0.98, `RelativeProxyName recall ${recall('RelativeProxyName')}`);
    assert.ok(recall('Phone') >= 0.96, `Phone recall ${recall('Phone')}`);
  });
});
