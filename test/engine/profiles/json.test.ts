import * as assert from 'node:assert/strict';
import { extractEntities, JsonProfile, nerSchema, nerUserMessage } from '../../../server/src/engine/profiles/json';
import { NerGroup } from '../../../server/src/engine/profiles/profile';
import { ModelAnswer, Mention } from '../../../server/src/engine/types';

const profile = new JsonProfile();
const CLINICAL: NerGroup = { id: 'problem+test+treatment', types: ['problem', 'treatment', 'test'] };
const PROBLEM: NerGroup = { id: 'problem', types: ['problem'] };

function answer(text: string, doneReason = 'stop'): ModelAnswer {
  return { text, doneReason, promptTokens: 10, evalTokens: 10, evalMs: 1 };
}
function entitiesJson(...es: [string, string][]): string {
  return JSON.stringify({ entities: es.map(([text, type]) => ({ text, type })) });
}
function spans(ms: Mention[]): [number, number, string, string][] {
  return ms.map((m) => [m.start, m.end, m.type, m.text]);
}
function checkSlices(sentence: string, ms: Mention[]): void {
  for (const m of ms) assert.equal(m.text, sentence.slice(m.start, m.end));
}

describe('JsonProfile: request', () => {
  it('is a chat request with a system and a user message', () => {
    const req = profile.nerRequest('No chest pain.', CLINICAL);
    assert.equal(req.kind, 'chat');
    if (req.kind !== 'chat') return;
    assert.deepEqual(
      req.messages.map((m) => m.role),
      ['system', 'user'],
    );
    assert.ok(req.numPredict > 0);
  });

  it('the user turn is "Entity types: ...\\nText: ..."', () => {
    const req = profile.nerRequest('No chest pain.\r\nDenies fever.', CLINICAL);
    assert.ok(req.kind === 'chat');
    // Note text is fenced as data: a JSON string, line breaks and quotes escaped.
    assert.equal(req.messages[1].content, 'Entity types: problem, treatment, test\nText: "No chest pain.\\r\\nDenies fever."');
    assert.equal(nerUserMessage(['disease'], 'x'), 'Entity types: disease\nText: "x"');
    assert.equal(nerUserMessage(['disease'], 'a "quoted"\nline'), 'Entity types: disease\nText: "a \\"quoted\\"\\nline"');
  });

  it('the system prompt names each type of the group and asks JSON, in order, repeated mentions', () => {
    const req = profile.nerRequest('x', { id: 'chemical+gene', types: ['chemical', 'gene'] });
    assert.ok(req.kind === 'chat');
    const sys = req.messages[0].content;
    assert.match(sys, /chemical/);
    assert.match(sys, /gene/);
    assert.doesNotMatch(sys, /treatment/);
    assert.match(sys, /"entities"/);
  });

  it('format is a flat JSON schema with the type enum of the group', () => {
    const req = profile.nerRequest('x', CLINICAL);
    assert.ok(req.kind === 'chat');
    assert.deepEqual(req.format, {
      type: 'object',
      properties: {
        entities: {
          type: 'array',
          items: {
            type: 'object',
            properties: { text: { type: 'string' }, type: { type: 'string', enum: ['problem', 'treatment', 'test'] } },
            required: ['text', 'type'],
          },
        },
      },
      required: ['entities'],
    });
    assert.deepEqual(nerSchema(['disease']), {
      type: 'object',
      properties: {
        entities: {
          type: 'array',
          items: {
            type: 'object',
            properties: { text: { type: 'string' }, type: { type: 'string', enum: ['disease'] } },
            required: ['text', 'type'],
          },
        },
      },
      required: ['entities'],
    });
    // Flat: no $ref / definitions, which Ollama's grammar conversion handles poorly.
    assert.doesNotMatch(JSON.stringify(req.format), /\$ref|definitions|\$defs/);
  });

  it('the answer budget grows with the sentence', () => {
    const a = profile.nerRequest('x', CLINICAL);
    const b = profile.nerRequest('x'.repeat(500), CLINICAL);
    assert.ok(a.kind === 'chat' && b.kind === 'chat');
    assert.ok(b.numPredict > a.numPredict);
  });

  it('nerGroups asks every type in one group with a stable, sorted id', () => {
    assert.deepEqual(profile.nerGroups(['test', 'problem']), [{ id: 'problem+test', types: ['test', 'problem'] }]);
    assert.equal(profile.nerGroups(['problem', 'test'])[0].id, profile.nerGroups(['test', 'problem'])[0].id);
    assert.deepEqual(profile.nerGroups([]), []);
    assert.equal(profile.name, 'json');
    assert.ok(profile.promptVersion.length > 0);
  });
});

describe('extractEntities', () => {
  const expected = [
    { text: 'chest pain', type: 'problem' },
    { text: 'aspirin', type: 'treatment' },
  ];
  const body = JSON.stringify({ entities: expected });

  it('reads a plain JSON object', () => {
    assert.deepEqual(extractEntities(body), { entities: expected, wellFormed: true });
  });

  it('reads JSON inside code fences', () => {
    assert.deepEqual(extractEntities('```json\n' + body + '\n```'), { entities: expected, wellFormed: true });
  });

  it('reads JSON with prose around it', () => {
    const r = extractEntities('Here are the entities I found:\n' + body + '\nLet me know if you need more.');
    assert.deepEqual(r.entities, expected);
  });

  it('reads a bare array', () => {
    assert.deepEqual(extractEntities(JSON.stringify(expected)), { entities: expected, wellFormed: true });
  });

  it('reads pretty-printed JSON', () => {
    assert.deepEqual(extractEntities(JSON.stringify({ entities: expected }, null, 2)).entities, expected);
  });

  it('salvages every complete object of truncated JSON', () => {
    const cut = '{"entities": [{"text": "chest pain", "type": "problem"}, {"text": "aspirin", "type": "treatment"}, {"text": "tropo';
    const r = extractEntities(cut);
    assert.deepEqual(r.entities, expected);
    assert.equal(r.wellFormed, false);
  });

  it('salvages nothing from JSON cut inside the first object', () => {
    assert.deepEqual(extractEntities('{"entities": [{"text": "che').entities, []);
  });

  it('skips items that lack a string text or type', () => {
    const r = extractEntities('{"entities": [{"text": "a"}, {"type": "problem"}, {"text": 3, "type": "problem"}, null, "x", {"text": "b", "type": "test"}]}');
    assert.deepEqual(r.entities, [{ text: 'b', type: 'test' }]);
  });

  it('returns nothing for no JSON at all', () => {
    assert.deepEqual(extractEntities('No entities found.').entities, []);
    assert.deepEqual(extractEntities('').entities, []);
    assert.deepEqual(extractEntities('{"entities": []}'), { entities: [], wellFormed: true });
  });
});

describe('JsonProfile: parseNer', () => {
  it('locates each mention in the sentence and keeps its type', () => {
    const s = 'He denied chest pain and was given aspirin after an ECG.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['chest pain', 'problem'], ['aspirin', 'treatment'], ['ECG', 'test'])));
    assert.deepEqual(spans(r.mentions), [
      [10, 20, 'problem', 'chest pain'],
      [35, 42, 'treatment', 'aspirin'],
      [52, 55, 'test', 'ECG'],
    ]);
    assert.equal(r.dropped, 0);
    assert.equal(r.truncated, false);
  });

  it('an answer with no JSON and no salvageable object is unreadable; an empty list is an answer', () => {
    const s = 'He denied chest pain.';
    assert.equal(profile.parseNer(s, CLINICAL, answer('I am not sure.')).unreadable, true);
    assert.equal(profile.parseNer(s, CLINICAL, answer('{"entities": [{"text": "chest pa', 'length')).unreadable, true);
    assert.equal(profile.parseNer(s, CLINICAL, answer('{"entities": []}')).unreadable, false);
    assert.equal(profile.parseNer(s, CLINICAL, answer(entitiesJson(['chest pain', 'problem']))).unreadable, false);
  });

  it('keeps only types of the group; others are dropped and counted', () => {
    const s = 'Cisplatin caused nephrotoxicity.';
    const r = profile.parseNer(s, PROBLEM, answer(entitiesJson(['Cisplatin', 'treatment'], ['nephrotoxicity', 'problem'])));
    assert.deepEqual(spans(r.mentions), [[17, 31, 'problem', 'nephrotoxicity']]);
    assert.equal(r.dropped, 1);
  });

  it('drops unknown types and counts them', () => {
    const s = 'Cisplatin caused nephrotoxicity in the ICU.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['ICU', 'clinical_dept'], ['nephrotoxicity', 'problem'], ['caused', 'occurrence'])));
    assert.deepEqual(spans(r.mentions), [[17, 31, 'problem', 'nephrotoxicity']]);
    assert.equal(r.dropped, 2);
  });

  it('accepts type names in other casing and plural', () => {
    const s = 'Given aspirin for chest pain.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['aspirin', 'Treatment'], ['chest pain', 'PROBLEMS'])));
    assert.deepEqual(
      r.mentions.map((m) => [m.text, m.type]),
      [
        ['aspirin', 'treatment'],
        ['chest pain', 'problem'],
      ],
    );
  });

  it('drops mentions that are not in the text and counts them', () => {
    const s = 'No chest pain.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['chest pain', 'problem'], ['myocardial infarction', 'problem'], ['  ', 'problem'])));
    assert.deepEqual(spans(r.mentions), [[3, 13, 'problem', 'chest pain']]);
    assert.equal(r.dropped, 2);
  });

  it('falls back to a case-insensitive match and shows the text as written', () => {
    const s = 'Patient has Type 2 Diabetes Mellitus.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['type 2 diabetes mellitus', 'problem'])));
    assert.deepEqual(spans(r.mentions), [[12, 36, 'problem', 'Type 2 Diabetes Mellitus']]);
  });

  it('prefers an exact-case occurrence over an earlier case-insensitive one after the cursor', () => {
    const s = 'PAIN then pain.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['pain', 'problem'])));
    assert.deepEqual(spans(r.mentions), [[10, 14, 'problem', 'pain']]);
  });

  it('matches a mention across a line break inside the sentence', () => {
    const s = 'He denied chest\npain today.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['chest pain', 'problem'])));
    assert.deepEqual(spans(r.mentions), [[10, 20, 'problem', 'chest\npain']]);
  });

  it('matches a mention across a CRLF and doubled spaces', () => {
    const s = 'He denied chest\r\npain and  shortness   of breath.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['chest pain', 'problem'], ['shortness of breath', 'problem'])));
    assert.deepEqual(
      r.mentions.map((m) => m.text),
      ['chest\r\npain', 'shortness   of breath'],
    );
    assert.equal(r.mentions[0].start, 10);
    assert.equal(r.mentions[0].end, 21);
    checkSlices(s, r.mentions);
  });

  it('a mention written with a line break by the model matches a single space in the text', () => {
    const s = 'He denied chest pain.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['chest\npain', 'problem'])));
    assert.deepEqual(spans(r.mentions), [[10, 20, 'problem', 'chest pain']]);
  });

  it('a mention listed twice maps to two occurrences, in order', () => {
    const s = 'Pain in the knee; the pain is worse at night, and pain medication helps.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['pain', 'problem'], ['pain', 'problem'])));
    assert.deepEqual(spans(r.mentions), [
      [22, 26, 'problem', 'pain'],
      [50, 54, 'problem', 'pain'],
    ]);
  });

  it('repeated mentions of different types in between are located in order', () => {
    const s = 'fever, aspirin, fever, aspirin';
    const r = profile.parseNer(
      s,
      CLINICAL,
      answer(entitiesJson(['fever', 'problem'], ['aspirin', 'treatment'], ['fever', 'problem'], ['aspirin', 'treatment'])),
    );
    assert.deepEqual(
      r.mentions.map((m) => [m.start, m.type]),
      [
        [0, 'problem'],
        [7, 'treatment'],
        [16, 'problem'],
        [23, 'treatment'],
      ],
    );
  });

  it('a mention listed out of order is still found (earlier unused occurrence)', () => {
    const s = 'fever and cough';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['cough', 'problem'], ['fever', 'problem'])));
    assert.deepEqual(spans(r.mentions), [
      [0, 5, 'problem', 'fever'],
      [10, 15, 'problem', 'cough'],
    ]);
    assert.equal(r.dropped, 0);
  });

  it('more listings than occurrences: the extra one is dropped', () => {
    const s = 'He has pain.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['pain', 'problem'], ['pain', 'problem'])));
    assert.deepEqual(spans(r.mentions), [[7, 11, 'problem', 'pain']]);
    assert.equal(r.dropped, 1);
  });

  it('a mention does not match inside a longer word (pain in painful)', () => {
    const s = 'A painful knee.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['pain', 'problem'])));
    assert.deepEqual(r.mentions, []);
    assert.equal(r.dropped, 1);
  });

  it('skips a match inside a word and finds the whole-word one later', () => {
    const s = 'painful swelling, with pain at rest.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['pain', 'problem'])));
    assert.deepEqual(spans(r.mentions), [[23, 27, 'problem', 'pain']]);
  });

  it('does not match a word inside a longer one at the end (statin in atorvastatin)', () => {
    const s = 'On atorvastatin.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['statin', 'treatment'])));
    assert.deepEqual(r.mentions, []);
  });

  it('a mention next to punctuation is on token boundaries', () => {
    const s = 'Cisplatin-induced nephrotoxicity (AKI).';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['Cisplatin', 'treatment'], ['AKI', 'problem'])));
    assert.deepEqual(spans(r.mentions), [
      [0, 9, 'treatment', 'Cisplatin'],
      [34, 37, 'problem', 'AKI'],
    ]);
  });

  it('regex characters in a mention are literal', () => {
    const s = 'Troponin (hs) [x] was 0.04+/-0.01 ng/mL.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['Troponin (hs)', 'test'], ['0.04+/-0.01', 'test'], ['[x]', 'test'])));
    assert.deepEqual(
      r.mentions.map((m) => m.text),
      ['Troponin (hs)', '[x]', '0.04+/-0.01'],
    );
    checkSlices(s, r.mentions);
  });

  it('offsets are UTF-16 units after emoji and non-BMP letters', () => {
    const s = '😀 Took 𝐀spirin for 𠜎 pain';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['𝐀spirin', 'treatment'], ['pain', 'problem'])));
    assert.deepEqual(spans(r.mentions), [
      [8, 16, 'treatment', '𝐀spirin'],
      [24, 28, 'problem', 'pain'],
    ]);
  });

  it('mentions are sorted by offset and do not overlap', () => {
    const s = 'chest pain and chest tightness';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['chest tightness', 'problem'], ['chest pain', 'problem'], ['chest', 'problem'])));
    for (let i = 1; i < r.mentions.length; i++) assert.ok(r.mentions[i - 1].end <= r.mentions[i].start);
    assert.deepEqual(
      r.mentions.map((m) => m.text),
      ['chest pain', 'chest tightness'],
    );
    assert.equal(r.dropped, 1);
  });

  it('reads answers in code fences, with prose, and truncated', () => {
    const s = 'Denies fever; given aspirin.';
    const fenced = profile.parseNer(s, CLINICAL, answer('```json\n' + entitiesJson(['fever', 'problem'], ['aspirin', 'treatment']) + '\n```'));
    assert.deepEqual(
      fenced.mentions.map((m) => m.text),
      ['fever', 'aspirin'],
    );
    const cut = profile.parseNer(s, CLINICAL, answer('{"entities":[{"text":"fever","type":"problem"},{"text":"aspi', 'length'));
    assert.deepEqual(
      cut.mentions.map((m) => m.text),
      ['fever'],
    );
    assert.equal(cut.truncated, true);
  });

  it('a garbage answer gives no mentions', () => {
    for (const text of ['', 'I am not able to do that.', '[]', '{"entities": "none"}', 'fever : B-PROBLEM']) {
      const r = profile.parseNer('He has fever.', CLINICAL, answer(text));
      assert.deepEqual(r.mentions, [], JSON.stringify(text));
    }
  });

  it('every mention text equals the sentence slice', () => {
    const s = 'He denied chest\r\npain, PAIN and 😀 painful 𝐀spirin use.';
    const r = profile.parseNer(s, CLINICAL, answer(entitiesJson(['Chest Pain', 'problem'], ['pain', 'problem'], ['𝐀SPIRIN', 'treatment'], ['😀', 'problem'])));
    assert.ok(r.mentions.length >= 2);
    checkSlices(s, r.mentions);
  });
});
