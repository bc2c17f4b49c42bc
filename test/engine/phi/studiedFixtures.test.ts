/**
 * The PHI rules over the studied fixtures: test/fixtures/deid/dev2 (40 synthetic notes, 599
 * gold PHI), dev3 (50 nursing notes, 509) and dev4 (45 nursing notes, 494), each written by someone who never saw the
 * rules, then studied (the rules were changed on their errors). Their floors sit a little
 * under the figures measured when the rules last changed, so a change that loses what was
 * learnt from them fails here; how the rules do on unseen notes is the blind fixture's test.
 * Runs everywhere (the fixtures are the project's own).
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { evaluateDeid } from '../../../server/src/engine/eval/deidEvaluation';
import { ROOT } from '../../support/paths';

const DEV2 = path.join(ROOT, 'test/fixtures/deid/dev2');
const DEV3 = path.join(ROOT, 'test/fixtures/deid/dev3');
const DEV4 = path.join(ROOT, 'test/fixtures/deid/dev4');

describe('PHI rules on the studied fixtures (dev2, dev3, dev4)', function () {
  this.timeout(60_000);

  it('keeps recall and precision above their floors, and each type with 15 PHI or more above its own', () => {
    const r = evaluateDeid({ corpus: DEV2, format: 'brat' });
    assert.equal(r.documents, 40);
    assert.equal(r.scores.gold, 599);
    assert.ok(r.scores.recall >= 0.9, `recall ${r.scores.recall}`);
    assert.ok(r.scores.precision >= 0.97, `precision ${r.scores.precision}`);
    const floors: Record<string, number> = {
      HCPName: 0.95,
      RelativeProxyName: 0.94,
      PTName: 0.95,
      Date: 0.97,
      DateYear: 0.9,
      ID: 0.9,
      Phone: 0.97,
      Address: 0.9,
      Location: 0.65,
    };
    for (const t of r.scores.goldTypes) {
      if (t.total < 15) continue;
      assert.ok(t.hit / t.total >= floors[t.type], `${t.type} recall ${t.hit}/${t.total} under ${floors[t.type]}`);
    }
  });

  it('dev3 (nursing notes): recall and precision above their floors, clinicians, relatives and places above theirs', () => {
    const r = evaluateDeid({ corpus: DEV3, format: 'brat' });
    assert.equal(r.documents, 50);
    assert.equal(r.scores.gold, 509);
    assert.ok(r.scores.recall >= 0.94, `recall ${r.scores.recall}`);
    assert.ok(r.scores.precision >= 0.97, `precision ${r.scores.precision}`);
    const floors: Record<string, number> = { HCPName: 0.96, RelativeProxyName: 0.96, Location: 0.86, Date: 0.96, Phone: 0.96, DateYear: 0.95 };
    for (const t of r.scores.goldTypes) {
      if (!(t.type in floors)) continue;
      assert.ok(t.hit / t.total >= floors[t.type], `${t.type} recall ${t.hit}/${t.total} under ${floors[t.type]}`);
    }
  });

  it('dev4 (nursing notes): recall and precision above their floors, clinicians, relatives and places above theirs', () => {
    const r = evaluateDeid({ corpus: DEV4, format: 'brat' });
    assert.equal(r.documents, 45);
    assert.equal(r.scores.gold, 494);
    assert.ok(r.scores.recall >= 0.93, `recall ${r.scores.recall}`);
    assert.ok(r.scores.precision >= 0.98, `precision ${r.scores.precision}`);
    const floors: Record<string, number> = { HCPName: 0.96, RelativeProxyName: 0.94, Location: 0.82, Date: 0.97 };
    for (const t of r.scores.goldTypes) {
      if (!(t.type in floors)) continue;
      assert.ok(t.hit / t.total >= floors[t.type], `${t.type} recall ${t.hit}/${t.total} under ${floors[t.type]}`);
    }
  });
});
