/**
 * `biomedNlp/curationAgreement` (lsp/curation.ts): the model's entities against the curated
 * ones, strict and overlap, for the note and its folder. The test server answers from the
 * fixture's gold, so the model's entities are known; the curation is built so that every
 * count is known: two suggestions accepted as they are (strict and overlap hits), one
 * rejected (a false positive), one adjusted to a shorter span (strict: a miss and a false
 * positive; overlap: a hit), one new entity where the model found none (a miss), and every
 * other suggestion left unreviewed: counted, not scored (no figures over nothing).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { AgreementScore, CurateResult, CurationAgreementResult } from '../../server/src/protocol/protocol';
import { fixtureNote } from '../support/gold';
import { curatedNoteSuite, openCurated, reviewOf } from '../support/curatedNote';
import { goldServer } from '../support/goldServer';

const NOTE = fixtureNote('ed-chest-pain');

const pct = (x: number) => Math.round(x * 1000) / 10;
function expected(tp: number, fp: number, fn: number): AgreementScore {
  const p = tp + fp ? tp / (tp + fp) : 0;
  const r = tp + fn ? tp / (tp + fn) : 0;
  return { tp, fp, fn, precision: pct(p), recall: pct(r), f1: pct(p + r ? (2 * p * r) / (p + r) : 0) };
}

describe('LSP: curation agreement', function () {
  this.timeout(30_000);
  const server = goldServer();
  const note = curatedNoteSuite('biomed-curation-agreement-', 'ed-chest-pain.note', NOTE.text);

  const review = () => reviewOf(note.client!, note.uri);
  const agreement = () => note.client!.request<CurationAgreementResult | null>('biomedNlp/curationAgreement', { uri: note.uri });

  async function start(enabled = true): Promise<void> {
    note.client = await openCurated(server, note.uri, NOTE.text, enabled);
  }

  it('off: nothing is scored', async () => {
    await start(false);
    assert.deepEqual(await agreement(), { enabled: false, pending: false });
  });

  it('nothing reviewed yet: the mentions are counted, none is scored', async () => {
    await start();
    const n = (await review())!.suggestions.length;
    assert.ok(n > 0);
    const r = await agreement();
    assert.equal(r!.note!.reviewed, 0);
    assert.equal(r!.note!.mentions, n);
    assert.equal(r!.note!.curated, 0);
    assert.deepEqual(r!.note!.strict.micro, expected(0, 0, 0));
    assert.deepEqual(r!.note!.strict.perType, {});
  });

  it('per type and over all types, strict and overlap, for the note and the folder', async () => {
    await start();
    const text = note.client!.text(note.uri);
    const doc = TextDocument.create(note.uri, 'clinical-note', 1, text);
    const model = (await review())!.suggestions.map((s) => ({ type: s.type, start: doc.offsetAt(s.range.start), end: doc.offsetAt(s.range.end) }));
    assert.ok(model.length >= 6, `the fixture gives ${model.length} entities`);
    const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;
    // Four suggestions that overlap no other one, the fourth at least two characters long.
    const alone = model.filter((m) => model.every((o) => o === m || !overlaps(m, o)));
    const [a1, a2, rejected] = alone;
    const adjusted = alone.slice(3).find((m) => m.end - m.start >= 2);
    assert.ok(rejected && adjusted, 'four suggestions apart from the others');
    const shorter = { start: adjusted.start, end: adjusted.end - 1 };
    assert.ok(model.every((m) => m.start !== shorter.start || m.end !== shorter.end));
    // A word no suggestion overlaps, annotated as a problem.
    const word = [...text.matchAll(/[a-z]{5,}/g)].map((m) => ({ start: m.index, end: m.index + m[0].length })).find((w) => model.every((m) => !overlaps(m, w)));
    assert.ok(word, 'a word the model left alone');

    const curate = async (action: string, s: { start: number; end: number }, type?: string) => {
      const r = await note.client!.request<CurateResult>('biomedNlp/curate', {
        uri: note.uri,
        action,
        range: { start: doc.positionAt(s.start), end: doc.positionAt(s.end) },
        ...(type ? { type } : {}),
      });
      assert.equal(r.changed, true, `${action}: ${r.message}`);
    };
    await curate('accept', a1);
    await curate('accept', a2);
    await curate('reject', rejected);
    await curate('adjustToSelection', shorter);
    await curate('annotateSelection', word, 'problem');
    // Another curated note of the folder that is not open: named, not scored.
    fs.writeFileSync(path.join(note.dir, 'other.ann'), 'T1\tproblem 0 4\tPain\n');

    // The expected counts, by construction.
    const gold = [a1, a2, { ...shorter, type: adjusted.type }, { ...word, type: 'problem' }];
    // Only the reviewed suggestions are scored; the others are only counted.
    const reviewed = [a1, a2, rejected, adjusted];
    const types = [...new Set([...reviewed.map((m) => m.type), ...gold.map((g) => g.type)])].sort();
    const count = (xs: { type: string }[], t: string) => xs.filter((x) => x.type === t).length;
    const strictHits = [a1, a2];
    const overlapHits = [a1, a2, adjusted];
    const table = (hits: { type: string }[]) => {
      const perType: Record<string, AgreementScore> = {};
      for (const t of types) perType[t] = expected(count(hits, t), count(reviewed, t) - count(hits, t), count(gold, t) - count(hits, t));
      return { perType, micro: expected(hits.length, reviewed.length - hits.length, gold.length - hits.length) };
    };

    const r = await agreement();
    assert.equal(r!.enabled, true);
    assert.equal(r!.pending, false);
    const scores = { notes: 1, reviewed: 4, mentions: model.length, curated: 4, strict: table(strictHits), overlap: table(overlapHits) };
    assert.deepEqual(r!.note, scores);
    assert.deepEqual(r!.folder, { ...scores, notOpen: ['other.ann'] });
    // The figures themselves, for the record: 2 of the 4 reviewed strict, 3 of 4 overlap.
    assert.equal(r!.note!.strict.micro.precision, 50);
    assert.equal(r!.note!.overlap.micro.precision, 75);
    assert.equal(r!.note!.strict.micro.recall, 50);
    assert.equal(r!.note!.overlap.micro.recall, 75);
  });
});
