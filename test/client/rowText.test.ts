/**
 * The side panel's row words and the tooltips' lines: what identifies a
 * row (the entity, the pair, the verdict) comes first in its label, the rest in the
 * description and tooltip.
 */
import * as assert from 'node:assert/strict';
import { ENTITY_LEGEND } from '../../client/src/legend';
import { legendTypeWords, mentionRow, relationRow, verdictLabel, VERDICT_HEAD } from '../../client/src/rowText';
import { STATEMENT_WIDTH, type LspRange, type OverviewEntity } from '../../server/src/protocol/protocol';

const at = (line: number, character: number, length: number): LspRange => ({ start: { line, character }, end: { line, character: character + length } });

describe('side panel rows: what matters first', () => {
  it('a relation: the pair as the label, the relation in words and its kind in the description', () => {
    const r = {
      label: 'TrAP',
      words: 'is administered for',
      head: { text: 'amiodarone', type: 'treatment', range: at(11, 4, 10) },
      tail: { text: 'rapid ventricular response', type: 'problem', range: at(11, 20, 26) },
    };
    const row = relationRow(r);
    assert.equal(row.label, 'amiodarone → rapid ventricular response');
    assert.equal(row.description, 'is administered for · TrAP · line 12');
    assert.equal(row.tooltip, '“amiodarone” (treatment) is administered for “rapid ventricular response” (problem): TrAP, line 12');
    // A kind the model was not trained on says so after the kind, not in the label.
    const untrained = relationRow({ ...r, untrained: true });
    assert.equal(untrained.label, row.label);
    assert.match(untrained.description, /^is administered for · TrAP · line 12 · untrained for this model$/);
    // No words for an unknown label: the label itself stands for them.
    assert.equal(relationRow({ ...r, words: undefined, label: 'CPR:4' }).description, 'CPR:4 · CPR:4 · line 12');
  });

  it("an entity: the entity as the label, its concept's name first in the description, then line and status, its ID last", () => {
    const m: OverviewEntity = {
      type: 'problem',
      text: 'atrial fibrillation',
      range: at(3, 10, 19),
      statuses: [],
      related: true,
      section: 'History',
      concepts: [{ id: 'MESH:D001281', name: 'Atrial Fibrillation', vocabulary: 'MEDIC' }],
    };
    const row = mentionRow(m);
    assert.equal(row.label, 'atrial fibrillation');
    assert.equal(row.description, 'Atrial Fibrillation · line 4 · affirmed · related · MESH:D001281');
    assert.equal(row.tooltip, 'problem: “atrial fibrillation”, line 4, section History. Status: affirmed. Concept: MESH:D001281 Atrial Fibrillation, MEDIC.');
    // Without a concept the description starts with the line; statuses are named.
    const plain = mentionRow({ ...m, concepts: undefined, related: false, statuses: ['negated', 'historical'] });
    assert.equal(plain.description, 'line 4 · negated, historical');
  });

  it('a finding or check: the verdict first, then the statement, whole up to the hover width', () => {
    assert.equal(verdictLabel(VERDICT_HEAD.contradiction, 'His renal function is normal.'), 'Contradicted: “His renal function is normal.”');
    // Seven words, 40 characters: once cut after six words ("The INR is within the therapeutic…").
    const inr = 'The INR is within the therapeutic range.';
    assert.equal(verdictLabel(VERDICT_HEAD.neutral, inr), `Not supported: “${inr}”`);
    const exactly = 'x'.repeat(STATEMENT_WIDTH - 10) + ' 123456789';
    assert.equal(verdictLabel('Supported', exactly), `Supported: “${exactly}”`);
  });

  it('a legend type: what it covers, short enough for the default width (some 40 characters with the label)', () => {
    assert.equal(legendTypeWords(ENTITY_LEGEND.find((t) => t.id === 'problem')!), 'disease, symptom, finding');
    assert.equal(legendTypeWords(ENTITY_LEGEND.find((t) => t.id === 'gene')!), 'literature');
    for (const t of ENTITY_LEGEND) assert.ok(`${t.label} ${legendTypeWords(t)}`.length <= 40, `${t.label}: ${legendTypeWords(t)}`);
  });
});
