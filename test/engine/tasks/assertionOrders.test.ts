/**
 * The assertion rules for sentences that misled a clinician: treatments and tests the note
 * says are not given, a modifier of one list item, long instruction lists, and "no sick
 * contacts". Each rule on a sentence written for it (the sentences that misled, sentences
 * invented for the rule, and more) and a counter-example that keeps its status, with the cue a
 * hover quotes.
 */
import * as assert from 'node:assert/strict';
import { findTriggers, markAssertions } from '../../../server/src/engine/tasks/assertion/context';
import { termsFromText } from '../../../server/src/engine/tasks/assertion/terms';
import { ASSERTION_STATUSES, AssertionStatus, EntityType, Mention } from '../../../server/src/engine/types';

type Context = Parameters<typeof markAssertions>[2];

function at(sentence: string, text: string, type: EntityType): Mention {
  const start = sentence.indexOf(text);
  assert.ok(start >= 0, `test set-up: ${text} not in ${sentence}`);
  return { start, end: start + text.length, type, text };
}

/** The statuses of `text`, a mention of `type`, in the sentence ([] = affirmed, the patient's, now). */
function statuses(sentence: string, text: string, type: EntityType = 'problem', context: Context = {}): AssertionStatus[] {
  const [m] = markAssertions(sentence, [at(sentence, text, type)], context);
  return ASSERTION_STATUSES.filter((s) => m[s]);
}

function cue(sentence: string, text: string, type: EntityType, status: AssertionStatus): string | undefined {
  return markAssertions(sentence, [at(sentence, text, type)])[0].assertion?.triggers[status]?.text;
}

describe('assertion rules: treatments and tests the note says are not given', () => {
  it('"not indicated" negates the treatments before it; the problem that is the reason stays affirmed', () => {
    const s = 'Because of the renal failure, METFORMIN and CONTRAST are not indicated.';
    assert.deepEqual(statuses(s, 'METFORMIN', 'treatment'), ['negated']);
    assert.deepEqual(statuses(s, 'CONTRAST', 'treatment'), ['negated']);
    assert.equal(cue(s, 'METFORMIN', 'treatment', 'negated'), 'are not indicated');
    assert.deepEqual(statuses(s, 'renal failure'), []);
    assert.deepEqual(statuses('No indication for ANTICOAGULATION at this time.', 'ANTICOAGULATION', 'treatment'), ['negated']);
    // An indicated treatment is given.
    assert.deepEqual(statuses('ANTICOAGULATION is indicated for the new clot.', 'ANTICOAGULATION', 'treatment'), []);
  });

  it('"held" and "withheld" negate a drug; the reason after "for" or "until" is no drug held', () => {
    assert.deepEqual(statuses('WARFARIN was held.', 'WARFARIN', 'treatment'), ['negated']);
    assert.equal(cue('WARFARIN was held.', 'WARFARIN', 'treatment', 'negated'), 'was held');
    const s = 'Held APIXABAN for an INR of 4.2 until the HEMOGLOBIN is rechecked.';
    assert.deepEqual(statuses(s, 'APIXABAN', 'treatment'), ['negated']);
    assert.deepEqual(statuses(s, 'INR', 'test'), []);
    assert.deepEqual(statuses(s, 'HEMOGLOBIN', 'test'), []);
    assert.deepEqual(statuses('Insulin withheld while NPO; METOPROLOL given as usual.', 'METOPROLOL', 'treatment'), []);
  });

  it('"was held" holds the one treatment before it, not what an "and" or a comma put before that; "were held" holds the list', () => {
    const elevated = 'TROPONIN was elevated and HEPARIN was held.';
    assert.deepEqual(statuses(elevated, 'HEPARIN', 'treatment'), ['negated']);
    assert.deepEqual(statuses(elevated, 'TROPONIN', 'test'), []);
    assert.deepEqual(statuses('INR 4.5, WARFARIN held.', 'WARFARIN', 'treatment'), ['negated']);
    assert.deepEqual(statuses('INR 4.5, WARFARIN held.', 'INR', 'test'), []);
    const given = 'Given ASPIRIN and HEPARIN was held.';
    assert.deepEqual(statuses(given, 'ASPIRIN', 'treatment'), []);
    assert.deepEqual(statuses(given, 'HEPARIN', 'treatment'), ['negated']);
    const both = 'ASPIRIN and HEPARIN were held.';
    assert.deepEqual(statuses(both, 'ASPIRIN', 'treatment'), ['negated']);
    assert.deepEqual(statuses(both, 'HEPARIN', 'treatment'), ['negated']);
  });

  it('"declined" and "refused" by the patient negate what was offered; a lab value that declined is a result', () => {
    assert.deepEqual(statuses('She declined the FLU VACCINE.', 'FLU VACCINE', 'treatment'), ['negated']);
    assert.deepEqual(statuses('Patient refused the COLONOSCOPY again this year.', 'COLONOSCOPY', 'test'), ['negated']);
    assert.deepEqual(statuses('Offered but declined NICOTINE PATCH.', 'NICOTINE PATCH', 'treatment'), ['negated']);
    // A value that declines is measured, and the transfusion after it is given.
    assert.deepEqual(statuses('PLATELETS declined to 80, TRANSFUSION given.', 'PLATELETS', 'test'), []);
    assert.deepEqual(statuses('Platelets declined to 80, TRANSFUSION given.', 'TRANSFUSION', 'treatment'), []);
  });

  it('"discontinued" negates the drug, not the problem it was stopped for, nor the drug started instead', () => {
    assert.deepEqual(statuses('LISINOPRIL discontinued for cough.', 'LISINOPRIL', 'treatment'), ['negated']);
    assert.deepEqual(statuses('LISINOPRIL discontinued for COUGH.', 'COUGH'), []);
    const s = 'Discontinued LISINOPRIL and started LOSARTAN.';
    assert.deepEqual(statuses(s, 'LISINOPRIL', 'treatment'), ['negated']);
    assert.deepEqual(statuses(s, 'LOSARTAN', 'treatment'), []);
  });

  it('a test not done is negated; a test done stays affirmed', () => {
    assert.deepEqual(statuses('LUMBAR PUNCTURE was deferred given the platelet count.', 'LUMBAR PUNCTURE', 'test'), ['negated']);
    assert.deepEqual(statuses('A STRESS TEST was not performed.', 'STRESS TEST', 'test'), ['negated']);
    assert.deepEqual(statuses('A STRESS TEST was performed without complication.', 'STRESS TEST', 'test'), []);
  });

  it('the same words never negate a problem: they withhold only what is given or done', () => {
    // "held" beside a problem is no negation of it.
    assert.deepEqual(statuses('Diuretics held for HYPOTENSION overnight.', 'HYPOTENSION'), []);
    assert.deepEqual(statuses('Diuretics held for hypotension overnight.', 'Diuretics', 'treatment'), ['negated']);
  });

  it("a user's terms file may add its own treatments-only triggers", () => {
    const { terms, error } = termsFromText(JSON.stringify({ categories: { negated: { backward: ['on pause'], treatments: ['on pause'] } } }), 'x.json');
    assert.equal(error, undefined);
    const s = 'APIXABAN on pause, HEADACHE on pause too.';
    assert.deepEqual(statuses(s, 'APIXABAN', 'treatment', { terms }), ['negated']);
    assert.deepEqual(statuses(s, 'HEADACHE', 'problem', { terms }), []);
    assert.match(
      termsFromText('{"categories": {"negated": {"treatments": "held"}}}', 'x.json').error ?? '',
      /categories\.negated\.treatments must be a list of strings/,
    );
  });
});

describe('assertion rules: a modifier of one list item stays on it', () => {
  it('"as needed for pain and continued LEVOTHYROXINE": the standing order is no hypothetical', () => {
    const s = 'Discharge with ibuprofen as needed for pain and continued LEVOTHYROXINE.';
    assert.deepEqual(statuses(s, 'LEVOTHYROXINE', 'treatment'), []);
    assert.deepEqual(statuses(s, 'pain'), ['hypothetical']);
    assert.deepEqual(statuses('Oxycodone as needed for pain and resume METFORMIN at home.', 'METFORMIN', 'treatment'), []);
  });

  it('counter-example: the conditions of one "as needed" stay hypothetical together', () => {
    assert.deepEqual(statuses('Acetaminophen as needed for pain and FEVER.', 'FEVER'), ['hypothetical']);
    assert.deepEqual(statuses('Ondansetron as needed for nausea or VOMITING.', 'VOMITING'), ['hypothetical']);
  });
});

describe('assertion rules: long instruction lists are hypothetical to their end', () => {
  it('"Call your doctor for any of the following:" reaches every condition, however long each item', () => {
    const s =
      'Call your doctor for any of the following: fever over 101, new rash, nausea, vomiting, increasing leg swelling, weight gain of more than 3 pounds in a day, or BLEEDING.';
    for (const c of ['fever', 'new rash', 'vomiting', 'increasing leg swelling', 'weight gain', 'BLEEDING'])
      assert.deepEqual(statuses(s, c), ['hypothetical'], c);
    assert.equal(cue(s, 'BLEEDING', 'problem', 'hypothetical'), 'any of the following');
    const ours =
      'Please seek care for any of the following: a temperature above 38.5 that lasts more than a day, redness that spreads past the marked border of the incision, pus or cloudy fluid draining from the wound, or CALF PAIN.';
    assert.deepEqual(statuses(ours, 'CALF PAIN'), ['hypothetical']);
    assert.deepEqual(statuses(ours, 'redness'), ['hypothetical']);
  });

  it('"return if there is any ..." reaches the last item', () => {
    const s = 'He will return if there is any new chest pain, shortness of breath, lightheadedness, fainting, or ANKLE SWELLING.';
    assert.deepEqual(statuses(s, 'ANKLE SWELLING'), ['hypothetical']);
    assert.deepEqual(statuses(s, 'new chest pain'), ['hypothetical']);
    const long =
      'She will see us again if she develops any chest pain that wakes her at night or keeps her from walking to the mailbox, fainting, or PALPITATIONS.';
    assert.deepEqual(statuses(long, 'PALPITATIONS'), ['hypothetical']);
  });

  it('counter-examples: the list ends at a new sentence and at "but"', () => {
    assert.deepEqual(statuses('Call your doctor for any of the following: fever or rash. She has a HEADACHE today.', 'HEADACHE'), []);
    assert.deepEqual(statuses('Return for any of the following: fever or chills, but her COUGH is already better.', 'COUGH'), []);
  });

  it('the scope of such a list is bounded, so marking stays linear in the sentence length', () => {
    const sentence = `Call for any of the following: ${'fever, '.repeat(5000)}or rash.`;
    const [t] = findTriggers(sentence).filter((x) => x.text === 'any of the following');
    assert.ok(t.to - t.last < 1000, `${t.to - t.last} tokens`);
    assert.ok(t.to - t.last > 500, 'far past any real list');
  });
});

describe('assertion rules: "no sick contacts"', () => {
  it('"sick contacts" is negated, and nobody else\'s condition', () => {
    assert.deepEqual(statuses('No fever, no sick contacts, no cough.', 'sick contacts'), ['negated']);
    assert.deepEqual(statuses('Denies sick contacts.', 'sick contacts'), ['negated']);
    // Affirmed, it is still no relative's condition: the patient was exposed.
    assert.deepEqual(statuses('Several SICK CONTACTS at daycare this week.', 'SICK CONTACTS'), []);
  });

  it('the patient stays the experiencer of the conditions around it', () => {
    assert.deepEqual(statuses('Vomiting and DIARRHEA, no sick contacts.', 'DIARRHEA'), []);
    assert.deepEqual(statuses('No sick contacts at home and she has a SORE THROAT.', 'SORE THROAT'), []);
    assert.deepEqual(statuses('No sick contacts or recent TRAVEL.', 'TRAVEL'), ['negated']);
  });

  it("counter-example: a relative's condition is still another person's", () => {
    assert.deepEqual(statuses('Her brother has INFLUENZA; no other sick contacts.', 'INFLUENZA'), ['family']);
    assert.deepEqual(statuses('His brother has diabetes and he has ASTHMA.', 'ASTHMA'), []);
  });
});

describe('assertion rules: historical is "known before this visit"', () => {
  it('the background of a presentation stays historical (the ConText convention); the complaint is current', () => {
    const s = 'A 9-year-old with moderate persistent ASTHMA presents with WHEEZING.';
    assert.deepEqual(statuses(s, 'ASTHMA'), ['historical']);
    assert.deepEqual(statuses(s, 'WHEEZING'), []);
  });
});
