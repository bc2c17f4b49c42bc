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
import { resegmentEdit, Segmented, withOwnTexts } from '../../../server/src/engine/text/resegment';
import { segment } from '../../../server/src/engine/text/segment';

const PARAGRAPHS = [
  'Seen by Dr. Okafor on 3/14 with her daughter Lena.',
  'BP 132/80, HR 72. Lungs clear. Plan unchanged.',
  'Transferred from Brookline Rehab; wife called 617-555-0142.',
  'PT: ambulating with walker. Pain 2/10.',
  'Follow up with Dr. Marchetti in the Fenwick clinic on 4/2.',
];

describe('PHI by segment taken over across edits', () => {
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
