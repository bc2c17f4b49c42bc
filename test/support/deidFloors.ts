/**
 * The floors of a de-identification fixture (test/fixtures/deid): its size, and recall,
 * precision and per-type recall a little under what the rules measured when they last changed.
 * One check for the studied fixtures and the blind ones alike.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { evaluateDeid } from '../../server/src/engine/eval/deidEvaluation';
import { ROOT } from './paths';

export interface FixtureFloors {
  name: string;
  dir: string;
  documents: number;
  gold: number;
  recall: number;
  precision: number;
  /** Per gold type, its recall's floor (a floored type must be in the gold). */
  types: Record<string, number>;
}

/** One test per fixture: its counts as written, its scores above their floors. */
export function floorTests(fixtures: readonly FixtureFloors[]): void {
  for (const f of fixtures) {
    it(`${f.name}: recall, precision and each floored type's recall above their floors`, () => {
      const r = evaluateDeid({ corpus: path.join(ROOT, 'test/fixtures/deid', f.dir), format: 'brat' });
      assert.equal(r.documents, f.documents);
      assert.equal(r.scores.gold, f.gold);
      assert.ok(r.scores.recall >= f.recall, `recall ${r.scores.recall}`);
      assert.ok(r.scores.precision >= f.precision, `precision ${r.scores.precision}`);
      for (const [type, floor] of Object.entries(f.types)) {
        const t = r.scores.goldTypes.find((g) => g.type === type);
        assert.ok(t, `no ${type} in the gold of ${f.dir}`);
        assert.ok(t.hit / t.total >= floor, `${type} recall ${t.hit}/${t.total} under ${floor}`);
      }
    });
  }
}
