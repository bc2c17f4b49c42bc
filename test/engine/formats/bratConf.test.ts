/**
 * brat's configuration of a folder (formats/bratConf.ts): everything the .ann files use is
 * declared, relation arguments by the types they join, whatever the order of the files.
 */
import * as assert from 'node:assert/strict';
import { bratConfiguration } from '../../../server/src/engine/formats/bratConf';

const A = [
  'T1\tdrug_class 0 8\twarfarin',
  'T2\tproblem 13 32\tatrial fibrillation',
  'R1\tTrAP Arg1:T1 Arg2:T2',
  'A1\tNegated T2',
  'A2\tSeverity T2 High',
  'N1\tReference T2 MESH:D001281\tAtrial Fibrillation',
  'N2\tReference T1 MyLexicon:42\twarfarin',
].join('\n');
const B = ['T1\ttest 0 3\tINR', 'T2\tproblem 10 14\tgout', 'R1\tTeRP Arg1:T1 Arg2:T2', 'R2\tTrAP Arg1:T2 Arg2:T1'].join('\n');

describe('brat configuration of an output folder', () => {
  it('declares every entity type, relation (with its argument types), attribute (with its values) and concept source', () => {
    const conf = bratConfiguration([A, B]);
    const lines = conf.annotation.split('\n');
    for (const t of ['drug_class', 'problem', 'test', 'treatment', 'gene']) assert.ok(lines.includes(t), t);
    assert.ok(lines.includes('TrAP\tArg1:drug_class|problem, Arg2:problem|test'), conf.annotation);
    assert.ok(lines.includes('TeRP\tArg1:test, Arg2:problem'));
    assert.ok(lines.includes('Severity\tArg:<ENTITY>, Value:High'));
    assert.ok(lines.includes('Negated\tArg:<ENTITY>'));
    assert.ok(lines.includes('Experiencer\tArg:<ENTITY>, Value:Other'), 'the project attributes, unused yet');
    assert.deepEqual(conf.sources, ['MESH', 'MyLexicon']);
    assert.match(conf.tools!, /^MESH\tDB:mesh, <URL>:https:\/\/meshb\.nlm\.nih\.gov\/, <URLBASE>:https:\/\/meshb\.nlm\.nih\.gov\/record\/ui\?ui=%s$/m);
    assert.match(conf.tools!, /^MyLexicon\tDB:mylexicon$/m);
  });

  it('is the same whatever the order of the files; no tools.conf without concepts', () => {
    assert.deepEqual(bratConfiguration([A, B]), bratConfiguration([B, A]));
    assert.equal(bratConfiguration([B]).tools, undefined);
  });
});
