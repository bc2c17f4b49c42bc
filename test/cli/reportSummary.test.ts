/**
 * `biomed report`'s tally (cli/reportSummary.ts) and page (cli/reportHtml.ts) on documents
 * written here: what each count means, sections found from the text, and a page that
 * escapes the corpus's text and names nothing outside itself.
 */
import * as assert from 'node:assert/strict';
import { escapeHtml, renderReport } from '../../server/src/cli/reportHtml';
import { CorpusTally, NO_SECTION } from '../../server/src/cli/reportSummary';
import { AnnotatedDocument, DocEntity } from '../../server/src/engine/formats/document';

/** An entity at the first occurrence of `words` at or after `from`. */
function at(text: string, words: string, type: string, more: Partial<DocEntity> = {}, from = 0): DocEntity {
  const start = text.indexOf(words, from);
  assert.ok(start >= 0, words);
  return { id: `T${start}`, type, start, end: start + words.length, text: words, ...more };
}

const HOSTILE = `<script>"&'</script> 😀`;
const NOTE = 'HPI: Chest pain and no fever.\n\nASSESSMENT: Chest pain, resolved. Aspirin given.\n';
const A: AnnotatedDocument = {
  id: 'note-a',
  text: NOTE,
  entities: [
    at(NOTE, 'Chest pain', 'problem'),
    at(NOTE, 'fever', 'problem', { negated: true }),
    at(NOTE, 'Chest pain', 'problem', { historical: true }, 20),
    at(NOTE, 'Aspirin', 'treatment', {
      ids: ['MESH:D001241'],
      concepts: [{ id: 'MESH:D001241', name: 'Acetylsalicylic acid', vocabulary: 'mesh', score: 1, method: 'exact' }],
    }),
  ],
  relations: [{ id: 'R1', label: 'TrAP', head: '', tail: '' }],
};
const B_TEXT = `aspirin was held. ${HOSTILE} noted.`;
const B: AnnotatedDocument = {
  id: `b ${HOSTILE}`,
  text: B_TEXT,
  entities: [at(B_TEXT, 'aspirin', 'TREATMENT', { negated: true, ids: ['MESH:D001241'], concepts: [] }), at(B_TEXT, HOSTILE, 'problem', { possible: true })],
  relations: [],
};
const EMPTY: AnnotatedDocument = { id: 'empty', text: 'Nothing here.', entities: [], relations: [] };

describe('report: the tally and the page', () => {
  const tally = new CorpusTally();
  for (const d of [A, B, EMPTY]) tally.add(d);
  const s = tally.summary(3);

  it('counts entities by type and status: affirmed is no status, each status its own column; types case-folded', () => {
    assert.deepEqual([s.documents, s.entities, s.negated, s.relations], [3, 6, 2, 1]);
    const problem = s.types.find((t) => t.type === 'problem')!;
    assert.deepEqual(problem.byStatus, { affirmed: 1, negated: 1, possible: 1, historical: 1, hypothetical: 0, family: 0 });
    assert.equal(problem.total, 4);
    const treatment = s.types.find((t) => t.type === 'treatment')!;
    assert.deepEqual([treatment.total, treatment.byStatus.affirmed, treatment.byStatus.negated], [2, 1, 1]);
    assert.deepEqual(
      s.types.map((t) => t.type),
      ['problem', 'treatment'],
    );
  });

  it('a concept is its ID when linked (named by the vocabulary), else its words and type; the commonest first, --top kept', () => {
    assert.equal(s.distinctConcepts, 4, 'aspirin (linked, twice), chest pain (twice), fever, the hostile mention');
    assert.deepEqual(s.concepts.slice(0, 2), [
      { id: 'MESH:D001241', name: 'Acetylsalicylic acid', type: 'treatment', total: 2, affirmed: 1, negated: 1, other: 0 },
      { name: 'Chest pain', type: 'problem', total: 2, affirmed: 1, negated: 0, other: 1 },
    ]);
    assert.equal(s.concepts.length, 3, 'the top 3');
    assert.equal(new CorpusTally().summary(3).concepts.length, 0);
  });

  it('sections come from the text: a known header by its canonical name, text before any header apart', () => {
    const byName = Object.fromEntries(s.sections.map((r) => [r.name, [r.documents, r.total, r.negated]]));
    assert.deepEqual(byName, {
      'history of present illness': [1, 2, 1],
      assessment: [1, 2, 0],
      [NO_SECTION]: [1, 2, 1],
    });
  });

  it('a row per note, in the order read: entities, negated, distinct concepts, relations', () => {
    assert.deepEqual(
      s.notes.map((n) => [n.id, n.entities, n.negated, n.concepts, n.relations]),
      [
        ['note-a', 4, 1, 3, 1],
        [B.id, 2, 1, 2, 0],
        ['empty', 0, 0, 0, 0],
      ],
    );
  });

  it('the page escapes every text of the corpus, and names nothing outside itself', () => {
    const html = renderReport(s, `corpus/${HOSTILE}`);
    assert.equal(escapeHtml(HOSTILE), '&lt;script&gt;&quot;&amp;&#39;&lt;/script&gt; 😀');
    // The id in the note table, the mention in the chart (its label and its description).
    assert.ok(html.includes(`<th scope="row">b ${escapeHtml(HOSTILE)}</th>`), 'the document id, escaped');
    assert.ok(html.includes(`>${escapeHtml(HOSTILE)}</text>`), 'the mention as a chart label, escaped');
    assert.equal(/<script/i.test(html), false, 'no script element');
    assert.equal(html.includes('😀'), true, 'an emoji stays as it is');
    for (const outside of [/https?:/i, /\bsrc\s*=/i, /<link/i, /url\(/i, /@import/i, /<iframe|<object|<embed|<img/i])
      assert.equal(outside.test(html), false, `${outside} in the page`);
    // Accessible: the chart says what it is, tables have header cells.
    assert.match(html, /<svg role="img" aria-labelledby="chart-title chart-desc"[^>]*>\n<title id="chart-title">The 3 most frequent concepts/);
    assert.match(html, /<th scope="col">Entities<\/th>/);
  });
});
