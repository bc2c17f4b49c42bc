/**
 * `biomed agreement A B` through the real bundle (dist/cli.js) on test/fixtures/curation/
 * agreement: two annotators' BRAT folders. Every expected figure is computed here from
 * counts read off the fixture by hand (written out below), never copied from a run.
 *
 * doc1 (LF):  A: problem "chest pain", problem "shortness of breath", treatment "aspirin 81 mg"
 *             B: problem "chest pain" (strict), problem "shortness of" (overlap only),
 *                test "aspirin" (wrong type: B's false positive, A's miss), a # note
 * doc2 (CRLF, an emoji before CBC: UTF-16 offsets): A: problem "fever", test "CBC"
 *             B: the same two (other ids, other order) and problem "normal" (extra)
 * doc3: only in A, not scored.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { compareFolders } from '../../server/src/cli/agreement';
import { cohensKappa, tokenLabels } from '../../server/src/engine/eval/agreement';
import { ensureCliBuilt, ROOT, runCli } from '../support/cli';

const DIR = path.join(ROOT, 'test/fixtures/curation/agreement');
const A = path.join(DIR, 'a');
const B = path.join(DIR, 'b');

const r1 = (x: number) => Math.round(x * 10) / 10;
const prf = (tp: number, fp: number, fn: number) => {
  const p = (100 * tp) / (tp + fp);
  const r = (100 * tp) / (tp + fn);
  return { precision: r1(p), recall: r1(r), f1: r1((2 * p * r) / (p + r)) };
};

describe('CLI: agreement', function () {
  this.timeout(120_000);
  const tmp: string[] = [];
  before(() => ensureCliBuilt());
  after(() => {
    for (const d of tmp) fs.rmSync(d, { recursive: true, force: true });
  });

  it('--json: exactly documents, strict, overlap and kappa, figures from the hand counts', async () => {
    const r = await runCli(['agreement', A, B, '--json']);
    assert.equal(r.code, 0, r.stderr);
    // A has 5 entities in the matched docs, B has 6. Strict matches: chest pain, fever, CBC.
    const strict = prf(3, 6 - 3, 5 - 3);
    // Overlap adds "shortness of" against "shortness of breath" (same type, overlapping).
    const overlap = prf(4, 6 - 4, 5 - 4);
    // Tokens (18): doc1 Patient has chest pain and shortness of breath. Started aspirin 81 mg daily.
    //              doc2 Denies fever 🙂. CBC normal.
    // Agreeing tokens: 9 in doc1 (all but breath., aspirin, 81, mg), 4 in doc2 (all but normal.).
    // Labels of A: none 8, problem 6, treatment 3, test 1. Of B: none 10, problem 6, test 2.
    const n = 18;
    const po = (9 + 4) / n;
    const pe = (8 * 10 + 6 * 6 + 3 * 0 + 1 * 2) / (n * n);
    const kappa = Number(((po - pe) / (1 - pe)).toFixed(3));
    assert.deepEqual(JSON.parse(r.stdout), { documents: 2, strict, overlap, kappa });
    // And the printed object has exactly these keys in this order.
    assert.deepEqual(Object.keys(JSON.parse(r.stdout)), ['documents', 'strict', 'overlap', 'kappa']);
    assert.deepEqual(strict, { precision: 50, recall: 60, f1: 54.5 });
    assert.equal(kappa, 0.563);
    assert.match(r.stderr, /only in .*a: doc3\.ann \(not scored\)/);
  });

  it('the table: per type counts of A and B, strict and overlap figures, kappa', async () => {
    const r = await runCli(['agreement', A, B]);
    assert.equal(r.code, 0, r.stderr);
    const rows = r.stdout.split('\n').map((l) => l.trim().split(/\s{2,}/));
    const row = (name: string) => rows.find((x) => x[0] === name);
    // problem: A 3 (chest pain, shortness of breath, fever), B 4; strict 2, overlap 3.
    const f = (s: { precision: number; recall: number; f1: number }) => [s.precision, s.recall, s.f1].map((x) => x.toFixed(1));
    assert.deepEqual(row('problem'), ['problem', '3', '4', ...f(prf(2, 2, 1)), ...f(prf(3, 1, 0))]);
    // test: A 1 (CBC), B 2 (CBC, aspirin); treatment: A 1, B 0 (precision 0 by convention).
    assert.deepEqual(row('test'), ['test', '1', '2', ...f(prf(1, 1, 0)), ...f(prf(1, 1, 0))]);
    assert.deepEqual(row('treatment'), ['treatment', '1', '0', '0.0', '0.0', '0.0', '0.0', '0.0', '0.0']);
    assert.deepEqual(row('micro'), ['micro', '5', '6', ...f(prf(3, 3, 2)), ...f(prf(4, 2, 1))]);
    assert.match(r.stdout, /: 2 documents, 18 tokens/);
    assert.match(r.stdout, /Cohen's kappa \(per-token labels\): 0\.563/);
  });

  it('identical folders agree fully: 100 everywhere and kappa 1', async () => {
    const r = await runCli(['agreement', A, A, '--json']);
    assert.equal(r.code, 0, r.stderr);
    const full = { precision: 100, recall: 100, f1: 100 };
    assert.deepEqual(JSON.parse(r.stdout), { documents: 3, strict: full, overlap: full, kappa: 1 });
  });

  it('a pair whose texts differ is reported and not scored (exit 1); usage errors exit 2', async () => {
    const d = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-agreement-'));
    tmp.push(d);
    fs.copyFileSync(path.join(B, 'doc1.ann'), path.join(d, 'doc1.ann'));
    fs.writeFileSync(path.join(d, 'doc1.txt'), 'another text altogether, long enough for the offsets of doc1.\n\n\n');
    fs.copyFileSync(path.join(B, 'doc2.ann'), path.join(d, 'doc2.ann'));
    const r = await runCli(['agreement', A, d, '--json']);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /failed: doc1: the text in .* is not the text in/);
    assert.equal(JSON.parse(r.stdout).documents, 1);
    // Only that pair: nothing could be compared, so no scores (no zeros, no kappa of 1).
    fs.rmSync(path.join(d, 'doc2.ann'));
    const nothing = await runCli(['agreement', A, d]);
    assert.equal(nothing.code, 1, nothing.stderr);
    assert.equal(nothing.stdout, '');
    assert.match(nothing.stderr, /No pair of .* could be compared: no scores\./);
    // Empty notes: compared, but with no token kappa is not defined (null), not 1.
    const [ea, eb] = [0, 1].map(() => fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-agreement-')));
    tmp.push(ea, eb);
    for (const f of [ea, eb]) {
      fs.writeFileSync(path.join(f, 'e.txt'), '');
      fs.writeFileSync(path.join(f, 'e.ann'), '');
    }
    const blank = await runCli(['agreement', ea, eb, '--json']);
    assert.equal(blank.code, 0, blank.stderr);
    assert.deepEqual([JSON.parse(blank.stdout).documents, JSON.parse(blank.stdout).kappa], [1, null]);
    assert.match((await runCli(['agreement', ea, eb])).stdout, /Cohen's kappa \(per-token labels\): - \(no tokens\)/);
    const one = await runCli(['agreement', A]);
    assert.equal(one.code, 2);
    assert.match(one.stderr, /takes two folders/);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-agreement-'));
    tmp.push(empty);
    const none = await runCli(['agreement', A, empty]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /No \.ann file of .* has one of the same name/);
    const help = await runCli(['agreement', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: biomed agreement <folder A> <folder B>/);
    const top = await runCli(['--help']);
    assert.match(top.stdout, /^\s+agreement\s/m);
  });

  it('a note saved as .md is read beside its .ann (the editor curates markdown too); .txt comes first', () => {
    // A: doc1's text as doc1.md (the curation store writes doc1.ann beside any note); B: doc1.ann alone.
    const a = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-agreement-md-'));
    const b = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-agreement-md-'));
    tmp.push(a, b);
    fs.copyFileSync(path.join(A, 'doc1.txt'), path.join(a, 'doc1.md'));
    fs.copyFileSync(path.join(A, 'doc1.ann'), path.join(a, 'doc1.ann'));
    fs.copyFileSync(path.join(B, 'doc1.ann'), path.join(b, 'doc1.ann'));
    const md = compareFolders(a, b, false);
    assert.deepEqual(md.failed, []);
    assert.equal(md.documents, 1);
    // doc1 by hand: chest pain strict; shortness of overlap only; aspirin of another type.
    assert.deepEqual([md.score.strict.micro.tp, md.score.overlap.micro.tp], [1, 2]);
    // The same figures as with the fixture's .txt.
    const txt = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-agreement-md-'));
    tmp.push(txt);
    for (const f of ['doc1.txt', 'doc1.ann']) fs.copyFileSync(path.join(A, f), path.join(txt, f));
    assert.deepEqual(compareFolders(txt, b, false), md);
    // Both beside it: the .txt (BRAT's own text) is read, so the .md's other text changes nothing.
    fs.writeFileSync(path.join(txt, 'doc1.md'), 'another text altogether\n');
    assert.deepEqual(compareFolders(txt, b, false), md);
  });

  it('token labels: whitespace tokens, the first overlapping entity, UTF-16 offsets', () => {
    const text = 'a 🙂b cd\r\nef';
    // Tokens: "a" 0-1, "🙂b" 2-5 (the emoji is two code units), "cd" 6-8, "ef" 10-12.
    assert.deepEqual(
      tokenLabels(text, [
        { start: 4, end: 7, type: 'x' },
        { start: 7, end: 12, type: 'y' },
      ]),
      ['none', 'x', 'x', 'y'],
    );
    assert.deepEqual(tokenLabels(text, []), ['none', 'none', 'none', 'none']);
  });

  it("Cohen's kappa: the textbook table and its limits", () => {
    // 50 items: both yes 20, A yes B no 5, A no B yes 10, both no 15: po 0.7, pe 0.5, kappa 0.4.
    const a = [...Array(20).fill('y'), ...Array(5).fill('y'), ...Array(10).fill('n'), ...Array(15).fill('n')];
    const b = [...Array(20).fill('y'), ...Array(5).fill('n'), ...Array(10).fill('y'), ...Array(15).fill('n')];
    assert.ok(Math.abs(cohensKappa(a, b) - 0.4) < 1e-12);
    assert.equal(cohensKappa(['x', 'x'], ['x', 'x']), 1);
    assert.equal(cohensKappa(['x', 'y'], ['y', 'x']), -1);
  });
});
