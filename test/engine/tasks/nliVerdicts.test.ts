/** NLI: answers aggregated into a verdict, and the prompts and parsing of each profile. */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { aggregate, matchNliLabel } from '../../../server/src/engine/tasks/nli';
import { MEDTUNED_STOP, MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { JsonProfile, NLI_SCHEMA } from '../../../server/src/engine/profiles/json';
import { nliInput } from '../../../server/src/engine/profiles/profile';
import { answer } from './nliNotes';

describe('nli: aggregation and labels', () => {
  it('contradiction wins over entailment over neutral; the evidence is the premises with that label', () => {
    assert.deepEqual(
      aggregate([
        { premise: 'a', label: 'entailment' },
        { premise: 'b', label: 'contradiction' },
        { premise: 'c', label: 'neutral' },
        { premise: 'd', label: 'contradiction' },
      ]),
      { label: 'contradiction', evidence: ['b', 'd'] },
    );
    assert.deepEqual(
      aggregate([
        { premise: 'a', label: 'neutral' },
        { premise: 'b', label: 'entailment' },
        { premise: 'c', label: 'entailment' },
      ]),
      { label: 'entailment', evidence: ['b', 'c'] },
    );
  });

  it('all neutral: neutral with every premise as evidence', () => {
    assert.deepEqual(
      aggregate([
        { premise: 1, label: 'neutral' },
        { premise: 2, label: 'neutral' },
      ]),
      { label: 'neutral', evidence: [1, 2] },
    );
  });

  it('no verdicts: neutral with no evidence', () => {
    assert.deepEqual(aggregate([]), { label: 'neutral', evidence: [] });
  });

  it('property: the label is the strongest present, the evidence exactly its premises in order', () => {
    const labelArb = fc.constantFrom('entailment' as const, 'contradiction' as const, 'neutral' as const);
    fc.assert(
      fc.property(fc.array(labelArb, { maxLength: 8 }), (labels) => {
        const verdicts = labels.map((label, premise) => ({ premise, label }));
        const got = aggregate(verdicts);
        const expected = labels.includes('contradiction') ? 'contradiction' : labels.includes('entailment') ? 'entailment' : 'neutral';
        assert.equal(got.label, expected);
        const evidence = expected === 'neutral' ? verdicts.map((v) => v.premise) : verdicts.filter((v) => v.label === expected).map((v) => v.premise);
        assert.deepEqual(got.evidence, evidence);
      }),
    );
  });

  it('matchNliLabel reads labels in any casing, with stray words and from JSON', () => {
    assert.equal(matchNliLabel('Entailment'), 'entailment');
    assert.equal(matchNliLabel('CONTRADICTION'), 'contradiction');
    assert.equal(matchNliLabel('neutral'), 'neutral');
    assert.equal(matchNliLabel('  Contradiction.\n'), 'contradiction');
    assert.equal(matchNliLabel('The answer is: Neutral'), 'neutral');
    assert.equal(matchNliLabel('Answer: entailment (sentence 2 follows)'), 'entailment');
    assert.equal(matchNliLabel('{"label": "contradiction", "evidence": "x"}'), 'contradiction');
    // The first label named is the answer.
    assert.equal(matchNliLabel('Entailment. Not a contradiction.'), 'entailment');
  });

  it('matchNliLabel: no label → undefined', () => {
    assert.equal(matchNliLabel(''), undefined);
    assert.equal(matchNliLabel('I am not sure.'), undefined);
    assert.equal(matchNliLabel('{"label": "unknown"}'), undefined);
  });
});

describe('nli: profiles', () => {
  const premise = 'Creatinine rose from 1.6 to 2.1 mg/dL.';
  const hypothesis = 'His renal function is normal.';

  it('nliInput is "Sentence 1: ...\\nSentence 2: ..."', () => {
    assert.equal(nliInput(premise, hypothesis), `Sentence 1: ${premise}\nSentence 2: ${hypothesis}`);
  });

  it('medtuned: a raw generate prompt in the ### Instruction / Input / Output layout with a stop', () => {
    const req = new MedtunedProfile().nliRequest(premise, hypothesis);
    assert.equal(req.kind, 'generate');
    if (req.kind !== 'generate') return;
    assert.equal(req.raw, true);
    const m = /^### Instruction: ([\s\S]+?)\n ### Input: ([\s\S]*)\n ### Output:$/.exec(req.prompt);
    assert.ok(m, JSON.stringify(req.prompt));
    assert.equal(m[2], `Sentence 1: ${premise}\nSentence 2: ${hypothesis}`);
    for (const label of ['Entailment', 'Contradiction', 'Neutral']) assert.ok(m[1].includes(label), label);
    assert.ok(req.stop.length > 0);
    assert.ok(req.stop.includes('###'));
    assert.deepEqual(req.stop, MEDTUNED_STOP);
    assert.ok(req.numPredict > 0);
  });

  it('json: a chat with a flat schema (label enum, evidence string) and the Sentence 1/2 user message', () => {
    const req = new JsonProfile().nliRequest(premise, hypothesis);
    assert.equal(req.kind, 'chat');
    if (req.kind !== 'chat') return;
    assert.deepEqual(
      req.messages.map((m) => m.role),
      ['system', 'user'],
    );
    // Both sentences fenced as data: JSON strings.
    assert.equal(req.messages[1].content, `Sentence 1: ${JSON.stringify(premise)}\nSentence 2: ${JSON.stringify(hypothesis)}`);
    assert.deepEqual(req.format, {
      type: 'object',
      properties: {
        label: { type: 'string', enum: ['entailment', 'contradiction', 'neutral'] },
        evidence: { type: 'string' },
      },
      required: ['label', 'evidence'],
    });
    assert.deepEqual(req.format, NLI_SCHEMA);
    assert.ok(req.numPredict > 0);
  });

  const profiles = [new MedtunedProfile(), new JsonProfile()];
  for (const profile of profiles) {
    it(`${profile.name}: parseNli reads messy answers`, () => {
      const cases: [string, string | undefined][] = [
        ['Contradiction.', 'contradiction'],
        ['The answer is entailment', 'entailment'],
        ['{"label":"neutral","evidence":""}', 'neutral'],
        ['```json\n{"label": "contradiction", "evidence": "creatinine rose"}\n```', 'contradiction'],
        ['  NEUTRAL  ', 'neutral'],
      ];
      for (const [text, label] of cases) {
        assert.deepEqual(profile.parseNli(answer(text)), { label, dropped: 0 }, text);
      }
    });

    it(`${profile.name}: parseNli on garbage gives no label and counts it dropped`, () => {
      for (const text of ['', 'Sentence 2 is about the kidneys.', '{"label": "maybe"}', '```\n```']) {
        assert.deepEqual(profile.parseNli(answer(text)), { label: undefined, dropped: 1 }, text);
      }
    });
  }

  it('json: the JSON label wins over label words quoted in the evidence', () => {
    const p = new JsonProfile();
    assert.equal(p.parseNli(answer('{"evidence": "no entailment here", "label": "contradiction"}')).label, 'contradiction');
    assert.equal(p.parseNli(answer('{"label": "neutral", "evidence": "contradiction of terms"}')).label, 'neutral');
    // A cut JSON answer still yields the label written before the cut.
    assert.equal(p.parseNli(answer('{"label": "entailment", "evidence": "ST elev')).label, 'entailment');
  });
});
