/**
 * A model's mention cut back to the entity (engine/text/spanEdges.ts), alone and through both
 * prompt layouts' parsers: signs, emoji, invisible characters and clause punctuation at the
 * edges go; what names hold at their edges stays; offsets stay exact (UTF-16, surrogate pairs).
 */
import * as assert from 'node:assert/strict';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { NerGroup } from '../../../server/src/engine/profiles/profile';
import { trimSpan } from '../../../server/src/engine/text/spanEdges';
import { tokenizeClinical } from '../../../server/src/engine/text/tokenize';
import { CLINICAL_TYPES, ModelAnswer } from '../../../server/src/engine/types';

const CLINICAL: NerGroup = { id: 'clinical', types: CLINICAL_TYPES };

/** What is left of the whole of `text`. */
function trimmed(text: string): string | undefined {
  const span = trimSpan(text, 0, text.length);
  return span && text.slice(span.start, span.end);
}

function answer(text: string): ModelAnswer {
  return { text, doneReason: 'stop', promptTokens: 1, evalTokens: 1, evalMs: 1 };
}

describe('span edges: a mention without what the answer carried around it', () => {
  it('signs, bullets, emoji (with modifiers and selectors), invisible characters and clause punctuation go', () => {
    assert.equal(trimmed('+cough'), 'cough');
    assert.equal(trimmed('• (+) cough'), 'cough');
    assert.equal(trimmed('pneumonia🧪'), 'pneumonia');
    assert.equal(trimmed('👍🏽fever'), 'fever');
    assert.equal(trimmed('❤️ failure'), 'failure');
    assert.equal(trimmed('cough\u200b'), 'cough');
    assert.equal(trimmed('\uFEFFasthma'), 'asthma');
    assert.equal(trimmed('fever,'), 'fever');
    assert.equal(trimmed('Dyspnea:'), 'Dyspnea');
    assert.equal(trimmed('"chest pain'), 'chest pain');
    assert.equal(trimmed('(sepsis'), 'sepsis');
    assert.equal(trimmed('sepsis)'), 'sepsis');
  });

  it('what names hold at their edges stays', () => {
    for (const name of ['Ca2+', 'Na+/K+ ATPase', 'x-ray', 'chest x-ray (CT)', '(CT) scan', '100%', 'p.o.', "Crohn's", 'COVID-19', '"flu" vaccine'])
      assert.equal(trimmed(name), name, name);
  });

  it('nothing left is no span; a span inside a text keeps its own offsets', () => {
    assert.equal(trimSpan('+', 0, 1), undefined);
    assert.equal(trimSpan('🧪\u200b', 0, 3), undefined);
    const text = 'Pt 🙂 has +cough😷 today';
    const start = text.indexOf('+');
    const end = text.indexOf(' today');
    assert.deepEqual(trimSpan(text, start, end), { start: start + 1, end: start + 6 });
  });

  it('the medtuned parser: a token that holds a sign or an emoji ("+cough", "pneumonia🧪") tags the entity alone; a lone "+" is dropped', () => {
    const profile = new MedtunedProfile();
    const sentence = 'No fever , +cough and pneumonia🧪 noted , + .';
    const tokens = tokenizeClinical(sentence);
    assert.ok(
      tokens.some((t) => t.text === '+cough'),
      'test set-up: the clinical tokens keep "+cough" whole',
    );
    const tags = new Map([
      ['+cough', 'B-PROBLEM'],
      ['pneumonia🧪', 'B-PROBLEM'],
      ['+', 'B-PROBLEM'],
    ]);
    const lines = tokens.map((t) => `${t.text} : ${tags.get(t.text) ?? 'O'}`);
    const r = profile.parseNer(sentence, CLINICAL, answer(` ${lines.join('\n')}\n`), tokens);
    assert.deepEqual(
      r.mentions.map((m) => [m.text, m.start]),
      [
        ['cough', sentence.indexOf('cough')],
        ['pneumonia', sentence.indexOf('pneumonia')],
      ],
    );
    assert.equal(r.dropped, 1);
  });

  it('the json parser: surfaces with a sign, an emoji or a comma land on the entity alone', () => {
    const profile = new JsonProfile();
    const sentence = 'No fever, +cough and pneumonia🧪 noted, fever,';
    const entities = [
      { text: '+cough', type: 'problem' },
      { text: 'pneumonia🧪', type: 'problem' },
      { text: 'fever,', type: 'problem' },
    ];
    const r = profile.parseNer(sentence, CLINICAL, answer(JSON.stringify({ entities })));
    assert.deepEqual(
      r.mentions.map((m) => [m.text, m.start]),
      [
        ['cough', sentence.indexOf('cough')],
        ['pneumonia', sentence.indexOf('pneumonia')],
        ['fever', sentence.lastIndexOf('fever')],
      ],
    );
    assert.equal(r.dropped, 0);
  });
});
