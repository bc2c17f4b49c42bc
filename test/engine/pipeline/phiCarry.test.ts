/**
 * PhiBySegment.takeOver: after an edit inside paragraphs, a version's PHI by segment is the
 * previous version's outside the edit window (moved) and the window's found again, and it is
 * exactly what a version built afresh finds. Checked over chains of random edits of a note
 * with PHI in most paragraphs: typing inside a name, deleting across one, adding and removing
 * blank lines, with the segments shifted in place as the language server shifts them.
 */
import * as assert from 'node:assert/strict';
import { PhiBySegment } from '../../../server/src/engine/pipeline/analysis/phiBySegment';
import { mulberry32 } from '../../../server/src/engine/random';
import { detectPhi } from '../../../server/src/engine/tasks/phi/detect';
import { EditWindow, resegmentEdit, Segmented, withOwnTexts } from '../../../server/src/engine/text/resegment';
import { segment, Segment } from '../../../server/src/engine/text/segment';

const PARAGRAPHS = [
  'Seen by Dr. Okafor on 3/14 with her daughter Lena.',
  'BP 132/80, HR 72. Lungs clear. Plan unchanged.',
  'Transferred from Brookline Rehab; wife called 617-555-0142.',
  'PT: ambulating with walker. Pain 2/10.',
  'Follow up with Dr. Marchetti in the Fenwick clinic on 4/2.',
];

describe('PHI by segment taken over across edits', function () {
  // (Twenty chains of edits, each checked against a fresh finding: about a second alone, more beside other work.)
  this.timeout(20_000);
  it('equals a fresh finding after every edit of a chain, for 20 chains', () => {
    const random = mulberry32(11);
    const phiOf = (text: string) => detectPhi(text);
    for (let chain = 0; chain < 20; chain++) {
      let text = Array.from({ length: 12 }, (_, i) => PARAGRAPHS[(i + chain) % PARAGRAPHS.length]).join('\n\n');
      let segmented: Segmented = { text, segments: withOwnTexts(segment(text)) };
      let segments = segmented.segments;
      let phi = new PhiBySegment(() => segments, phiOf);
      phi.of();
      for (let step = 0; step < 15; step++) {
        const at = Math.floor(random() * text.length);
        const kind = random();
        const cut = kind < 0.3 ? Math.min(text.length - at, 1 + Math.floor(random() * 12)) : 0;
        const put = kind < 0.3 ? '' : kind < 0.45 ? '\n\n' : kind < 0.6 ? 'Dr. Quill ' : 'x';
        const next = text.slice(0, at) + put + text.slice(at + cut);
        const edited = resegmentEdit(segmented, next, {}, true);
        const nextSegments = edited.segments;
        const carried = new PhiBySegment(() => nextSegments, phiOf);
        if (edited.window) carried.takeOver(phi, edited.window);
        const fresh = new PhiBySegment(() => nextSegments, phiOf).of();
        assert.deepEqual(carried.of(), fresh, `chain ${chain} step ${step}: ${JSON.stringify(put)} at ${at}, ${cut} cut`);
        text = next;
        segmented = { text, segments: nextSegments };
        segments = nextSegments;
        phi = carried;
      }
    }
  });
});

describe('PHI by segment found in slices', function () {
  this.timeout(20_000);
  it('a slice finds a prefix of the whole note’s entries; slices end with exactly what one pass finds', () => {
    const text = Array.from({ length: 400 }, (_, i) => PARAGRAPHS[i % PARAGRAPHS.length]).join('\n\n');
    const segments = withOwnTexts(segment(text));
    let looked = 0;
    const phiOf = (t: string) => (looked++, detectPhi(t));
    const whole = new PhiBySegment(() => segments, phiOf).of();
    looked = 0;
    const sliced = new PhiBySegment(() => segments, phiOf);
    // A budget of nothing still finds one clock check's worth of segments, then stops.
    assert.equal(sliced.fill(0), false);
    const first = sliced.soFar().length;
    assert.ok(looked > 0 && looked < segments.length, `one slice looked up ${looked} of ${segments.length} segments`);
    assert.deepEqual(sliced.soFar(), whole.slice(0, first), 'what a slice found is the whole’s first entries');
    assert.equal(sliced.known(), undefined, 'not known whole before the last slice');
    let slices = 1;
    while (!sliced.fill(0)) slices++;
    assert.ok(slices > 10, `${slices} slices`);
    assert.equal(looked, segments.length, 'each segment looked up once over all the slices');
    assert.deepEqual(sliced.known(), whole);
    assert.deepEqual(sliced.of(), whole);
  });

  it('a whole-note request in the middle of the slices finishes them, and the next version takes that over', () => {
    const text = Array.from({ length: 200 }, (_, i) => PARAGRAPHS[i % PARAGRAPHS.length]).join('\n\n');
    const segmented: Segmented = { text, segments: withOwnTexts(segment(text)) };
    const phi = new PhiBySegment(() => segmented.segments, detectPhi);
    phi.fill(0);
    const whole = phi.of();
    assert.deepEqual(whole, new PhiBySegment(() => segmented.segments, detectPhi).of());
    const next = text.slice(0, 10) + 'x' + text.slice(10);
    const edited = resegmentEdit(segmented, next, {}, true);
    const { carried, counter } = takenOver(phi, edited);
    assert.equal(carried.fill(0), true, 'taken over in one slice');
    assert.ok(counter.looked <= 3, `only the edit window looked up (${counter.looked})`);
    assert.deepEqual(carried.of(), new PhiBySegment(() => edited.segments, detectPhi).of());
  });
});

describe('PHI by segment half found, then edited', function () {
  this.timeout(30_000);
  it('a version takes over what the previous one found before the edit and ends with what a fresh finding gives, for 10 chains', () => {
    const random = mulberry32(29);
    for (let chain = 0; chain < 10; chain++) {
      let text = Array.from({ length: 40 }, (_, i) => PARAGRAPHS[(i + chain) % PARAGRAPHS.length]).join('\n\n');
      let segmented: Segmented = { text, segments: withOwnTexts(segment(text)) };
      let phi = new PhiBySegment(() => segmented.segments, detectPhi);
      for (let step = 0; step < 10; step++) {
        // Some slices of this version, never all of them (a slice finds at least a clock check's worth).
        const slices = Math.floor(random() * 4);
        for (let k = 0; k < slices; k++) phi.fill(0);
        const at = Math.floor(random() * text.length);
        const next = text.slice(0, at) + (random() < 0.3 ? '\n\nDr. Quill saw pt. ' : 'x') + text.slice(at);
        const edited = resegmentEdit(segmented, next, {}, true);
        const nextSegments = edited.segments;
        const carried = new PhiBySegment(() => nextSegments, detectPhi);
        if (edited.window) carried.takeOver(phi, edited.window);
        const fresh = new PhiBySegment(() => nextSegments, detectPhi).of();
        const soFar = carried.soFar(true);
        assert.deepEqual(soFar, fresh.slice(0, soFar.length), `chain ${chain} step ${step}: what is found so far is a prefix`);
        text = next;
        segmented = { text, segments: nextSegments };
        phi = carried;
      }
      const fresh = new PhiBySegment(() => segmented.segments, detectPhi).of();
      assert.deepEqual(phi.of(), fresh, `chain ${chain}: the last version's whole equals a fresh finding`);
    }
  });

  it('after an edit late in a half-found note, the fill goes on from where the previous one stopped', () => {
    const text = Array.from({ length: 300 }, (_, i) => PARAGRAPHS[i % PARAGRAPHS.length]).join('\n\n');
    const segmented: Segmented = { text, segments: withOwnTexts(segment(text)) };
    const phi = new PhiBySegment(() => segmented.segments, detectPhi);
    for (let k = 0; k < 5; k++) phi.fill(0);
    const found = phi.soFar().length;
    assert.ok(found > 0 && !phi.known(), 'half found');
    const at = text.length - 20;
    const edited = resegmentEdit(segmented, text.slice(0, at) + 'x' + text.slice(at), {}, true);
    const { carried, counter } = takenOver(phi, edited);
    carried.fill(0);
    assert.ok(carried.soFar().length > found, 'the entries found before go on');
    assert.ok(counter.looked <= 32, `one slice looked up only new segments (${counter.looked})`);
    assert.deepEqual(carried.of(), new PhiBySegment(() => edited.segments, detectPhi).of());
  });

  it('after an edit early in a half-found note, the fill goes on from where it stopped, not from the edit', () => {
    const text = Array.from({ length: 300 }, (_, i) => PARAGRAPHS[i % PARAGRAPHS.length]).join('\n\n');
    const segmented: Segmented = { text, segments: withOwnTexts(segment(text)) };
    const phi = new PhiBySegment(() => segmented.segments, detectPhi);
    for (let k = 0; k < 8; k++) phi.fill(0);
    const found = phi.soFar();
    assert.ok(found.length > 20 && !phi.known(), `half found (${found.length} entries)`);
    // A name typed into the third paragraph, long since looked up.
    const at = text.indexOf('Transferred') + 'Transferred'.length;
    const next = text.slice(0, at) + ' with Dr. Quill' + text.slice(at);
    const edited = resegmentEdit(segmented, next, {}, true);
    const { carried, counter } = takenOver(phi, edited);
    const resumed = [...carried.soFar(true)];
    assert.ok(counter.looked <= 3, `only the edit window looked up before any slice (${counter.looked})`);
    assert.ok(resumed.length >= found.length, `what was found goes on (${resumed.length} of ${found.length})`);
    const fresh = new PhiBySegment(() => edited.segments, detectPhi).of();
    assert.deepEqual(resumed, fresh.slice(0, resumed.length), 'a prefix of a fresh finding, the edited name in it');
    assert.ok(
      resumed.some((e) => e.spans.some((s) => next.slice(e.start + s.start, e.start + s.end).includes('Quill'))),
      'the name typed is found',
    );
    counter.looked = 0;
    assert.deepEqual(carried.of(), fresh);
    const lastStart = resumed[resumed.length - 1].start;
    const after = edited.segments.filter((s) => s.start > lastStart).length;
    assert.ok(counter.looked <= after, `only segments after the last found looked up (${counter.looked} of ${after})`);
  });

  it('versions that nobody asked between keep what the first found', () => {
    const text = Array.from({ length: 100 }, (_, i) => PARAGRAPHS[i % PARAGRAPHS.length]).join('\n\n');
    let segmented: Segmented = { text, segments: withOwnTexts(segment(text)) };
    let looked = 0;
    const phiOf = (t: string) => (looked++, detectPhi(t));
    const first = segmented.segments;
    let phi = new PhiBySegment(() => first, phiOf);
    phi.of();
    // Five keystrokes typed in one paragraph, each version built from the last with no request in between.
    const at = text.length - 30;
    for (let k = 0; k < 5; k++) {
      const next = segmented.text.slice(0, at + k) + 'x' + segmented.text.slice(at + k);
      const edited = resegmentEdit(segmented, next, {}, true);
      const carried = new PhiBySegment(() => edited.segments, phiOf);
      carried.takeOver(phi, edited.window!);
      segmented = { text: next, segments: edited.segments };
      phi = carried;
    }
    looked = 0;
    assert.deepEqual(phi.of(), new PhiBySegment(() => segmented.segments, detectPhi).of());
    assert.ok(looked <= 3, `only the typed paragraph looked up when asked (${looked})`);
  });

  it('equals a fresh finding after chains of random edits asked only now and then, whole or half found', () => {
    const random = mulberry32(47);
    for (let chain = 0; chain < 12; chain++) {
      const text = Array.from({ length: 30 }, (_, i) => PARAGRAPHS[(i + chain) % PARAGRAPHS.length]).join('\n\n');
      let segmented: Segmented = { text, segments: withOwnTexts(segment(text)) };
      const first = segmented.segments;
      let phi = new PhiBySegment(() => first, detectPhi);
      if (chain % 2) phi.of();
      else phi.fill(0);
      for (let step = 0; step < 12; step++) {
        const at = Math.floor(random() * segmented.text.length);
        const cut = random() < 0.3 ? Math.min(segmented.text.length - at, 1 + Math.floor(random() * 30)) : 0;
        const put = random() < 0.2 ? '\n\nDr. Quill saw pt. ' : random() < 0.5 ? 'x' : '';
        const next = segmented.text.slice(0, at) + put + segmented.text.slice(at + cut);
        const edited = resegmentEdit(segmented, next, {}, true);
        const nextSegments = edited.segments;
        const carried = new PhiBySegment(() => nextSegments, detectPhi);
        if (edited.window) carried.takeOver(phi, edited.window);
        segmented = { text: next, segments: nextSegments };
        phi = carried;
        const ask = random();
        const fresh = () => new PhiBySegment(() => nextSegments, detectPhi).of();
        if (ask < 0.2) assert.deepEqual(phi.of(), fresh(), `chain ${chain} step ${step}: asked whole`);
        else if (ask < 0.4) {
          const soFar = [...phi.soFar(true)];
          assert.deepEqual(soFar, fresh().slice(0, soFar.length), `chain ${chain} step ${step}: a prefix so far`);
        }
      }
      assert.deepEqual(phi.of(), new PhiBySegment(() => segmented.segments, detectPhi).of(), `chain ${chain}: at its end`);
    }
  });
});

/** A version taken over from `phi` across `edited`, counting the segments it looks up. */
function takenOver(phi: PhiBySegment, edited: { segments: Segment[]; window?: EditWindow }) {
  const counter = { looked: 0 };
  const carried = new PhiBySegment(
    () => edited.segments,
    (t) => (counter.looked++, detectPhi(t)),
  );
  carried.takeOver(phi, edited.window!);
  return { carried, counter };
}
