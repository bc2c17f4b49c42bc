import * as assert from 'node:assert/strict';
import { MedtunedProfile, medtunedPrompt, MEDTUNED_STOP, parseTagLine } from '../../server/src/engine/profiles/medtuned';
import { NerGroup } from '../../server/src/engine/profiles/profile';
import { tokenize } from '../../server/src/engine/text/tokenize';
import { CLINICAL_TYPES, ModelAnswer, Mention } from '../../server/src/engine/types';

const profile = new MedtunedProfile();
const CLINICAL: NerGroup = { id: 'clinical', types: CLINICAL_TYPES };
const DISEASE: NerGroup = { id: 'disease', types: ['disease'] };
const CHEMICAL: NerGroup = { id: 'chemical', types: ['chemical'] };
const GENE: NerGroup = { id: 'gene', types: ['gene'] };

function answer(text: string, doneReason = 'stop'): ModelAnswer {
  return { text, doneReason, promptTokens: 10, evalTokens: 10, evalMs: 1 };
}

/** `token : TAG` lines for a sentence, from tags given per token. */
function lines(sentence: string, tagsPerToken: string[]): string[] {
  const toks = tokenize(sentence);
  assert.equal(toks.length, tagsPerToken.length, 'test set-up: one tag per token');
  return toks.map((t, i) => `${t.text} : ${tagsPerToken[i]}`);
}

function spans(ms: Mention[]): [string, string][] {
  return ms.map((m) => [m.text, m.type]);
}

function checkSlices(sentence: string, ms: Mention[]): void {
  for (const m of ms) assert.equal(m.text, sentence.slice(m.start, m.end), `mention ${JSON.stringify(m)}`);
}

const S1 = 'He reported orthopnea but denied chest pain .';
const S1_TAGS = ['O', 'O', 'B-PROBLEM', 'O', 'O', 'B-PROBLEM', 'I-PROBLEM', 'O'];

const S2 = 'Started on furosemide 40 mg after an echocardiogram showed heart failure.';
// tokens: Started on furosemide 40 mg after an echocardiogram showed heart failure .
const S2_TAGS = ['O', 'O', 'B-TREATMENT', 'O', 'O', 'O', 'B-TEST', 'I-TEST', 'O', 'B-PROBLEM', 'I-PROBLEM', 'O'];

const LIT = 'Germline mutations in BRCA1 are responsible for most cases of inherited breast and ovarian cancer .';
const LIT_TAGS = ['O', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'B', 'I', 'I', 'I', 'I', 'O'];

describe('MedtunedProfile: prompts', () => {
  it('medtunedPrompt has the exact training layout', () => {
    assert.equal(medtunedPrompt('Do X.', 'a b .'), '### Instruction: Do X.\n ### Input: a b .\n ### Output: ');
  });

  it('a clinical request is a raw generate prompt with the space-joined tokens and the MedTuned stops', () => {
    const sentence = 'Cisplatin-induced  nephrotoxicity,\r\nno fever.';
    const req = profile.nerRequest(sentence, CLINICAL);
    assert.equal(req.kind, 'generate');
    if (req.kind !== 'generate') return;
    assert.equal(req.raw, true);
    assert.deepEqual(req.stop, ['###', '</s>']);
    assert.deepEqual(MEDTUNED_STOP, ['###', '</s>']);
    const m = /^### Instruction: ([^\n]+)\n ### Input: ([^\n]*)\n ### Output: $/.exec(req.prompt);
    assert.ok(m, `prompt layout: ${JSON.stringify(req.prompt)}`);
    assert.equal(m[2], 'Cisplatin - induced nephrotoxicity , no fever .');
    assert.equal(req.prompt, medtunedPrompt(m[1], m[2]));
    assert.ok(req.numPredict > 0);
  });

  it('the clinical instruction names the typed i2b2 tags', () => {
    const req = profile.nerRequest('No fever.', CLINICAL);
    assert.ok(req.kind === 'generate');
    const instruction = /^### Instruction: (.*)\n ### Input:/s.exec(req.prompt)![1];
    assert.match(instruction, /B-PROBLEM/);
    assert.match(instruction, /TREATMENT/);
    assert.match(instruction, /TEST/);
    assert.doesNotMatch(instruction, /\n/, 'the instruction is one line');
  });

  it('a literature instruction names its one class and asks bare B/I/O tags', () => {
    const get = (g: NerGroup) => {
      const req = profile.nerRequest('BRCA1 causes breast cancer .', g);
      assert.ok(req.kind === 'generate');
      return /^### Instruction: (.*)\n ### Input:/s.exec(req.prompt)![1];
    };
    const disease = get(DISEASE);
    assert.match(disease, /disease mention/);
    assert.doesNotMatch(disease, /B-PROBLEM/);
    assert.match(get(CHEMICAL), /chemical mention/);
    assert.match(get(GENE), /gene/);
    assert.notEqual(get(DISEASE), get(CHEMICAL));
  });

  it('the input of a sentence with emoji and non-BMP letters is its tokens joined by single spaces', () => {
    const req = profile.nerRequest('𝐀spirin😀for  pain', DISEASE);
    assert.ok(req.kind === 'generate');
    assert.ok(req.prompt.includes('\n ### Input: 𝐀spirin 😀 for pain\n ### Output: '));
  });

  it('the answer budget grows with the sentence length', () => {
    const short = profile.nerRequest('fever .', CLINICAL);
    const long = profile.nerRequest(S2 + ' ' + S2, CLINICAL);
    assert.ok(short.kind === 'generate' && long.kind === 'generate');
    assert.ok(long.numPredict > short.numPredict);
  });

  it('has a prompt version for the cache', () => {
    assert.equal(profile.name, 'medtuned');
    assert.ok(profile.promptVersion.length > 0);
  });
});

describe('MedtunedProfile: nerGroups', () => {
  it('puts all clinical types in one group "clinical" with every clinical type', () => {
    assert.deepEqual(profile.nerGroups(['problem']), [{ id: 'clinical', types: CLINICAL_TYPES }]);
    assert.deepEqual(profile.nerGroups(['problem', 'treatment', 'test']), [{ id: 'clinical', types: CLINICAL_TYPES }]);
  });

  it('gives each literature type a group of its own', () => {
    assert.deepEqual(profile.nerGroups(['disease', 'chemical', 'gene']), [
      { id: 'disease', types: ['disease'] },
      { id: 'chemical', types: ['chemical'] },
      { id: 'gene', types: ['gene'] },
    ]);
  });

  it('mixes both: one clinical group plus one per literature type', () => {
    const groups = profile.nerGroups(['test', 'gene', 'problem', 'disease']);
    assert.deepEqual(
      groups.map((g) => g.id),
      ['clinical', 'gene', 'disease'],
    );
  });

  it('no types: no groups', () => {
    assert.deepEqual(profile.nerGroups([]), []);
  });
});

describe('parseTagLine', () => {
  it('parses token : TAG lines, including a colon token', () => {
    assert.deepEqual(parseTagLine('cancer : I'), { token: 'cancer', label: { prefix: 'I', type: '' } });
    assert.deepEqual(parseTagLine(': : O'), { token: ':', label: { prefix: 'O', type: '' } });
    assert.deepEqual(parseTagLine('  pain\tI-PROBLEM  '), { token: 'pain', label: { prefix: 'I', type: 'PROBLEM' } });
  });

  it('returns undefined for prose and fences', () => {
    assert.equal(parseTagLine('Here are the tags for each word:'), undefined);
    assert.equal(parseTagLine('```'), undefined);
    assert.equal(parseTagLine(''), undefined);
    assert.equal(parseTagLine('pain : maybe'), undefined);
  });
});

describe('MedtunedProfile: parseNer', () => {
  it('a perfect clinical answer gives exactly the entities', () => {
    const r = profile.parseNer(S1, CLINICAL, answer(lines(S1, S1_TAGS).join('\n')));
    assert.deepEqual(r.mentions, [
      { start: 12, end: 21, type: 'problem', text: 'orthopnea' },
      { start: 33, end: 43, type: 'problem', text: 'chest pain' },
    ]);
    assert.equal(r.dropped, 0);
    assert.equal(r.truncated, false);
  });

  it('maps typed tags to the three clinical types', () => {
    const r = profile.parseNer(S2, CLINICAL, answer(lines(S2, S2_TAGS).join('\n')));
    assert.deepEqual(spans(r.mentions), [
      ['furosemide', 'treatment'],
      ['an echocardiogram', 'test'],
      ['heart failure', 'problem'],
    ]);
    checkSlices(S2, r.mentions);
  });

  it('offsets are sentence offsets even when the sentence is not tokenised with single spaces', () => {
    const s = 'Denied  chest\r\npain, no 😀 fever.';
    // tokens: Denied chest pain , no 😀 fever .
    const r = profile.parseNer(s, CLINICAL, answer(lines(s, ['O', 'B-PROBLEM', 'I-PROBLEM', 'O', 'O', 'O', 'B-PROBLEM', 'O']).join('\n')));
    assert.deepEqual(spans(r.mentions), [
      ['chest\r\npain', 'problem'],
      ['fever', 'problem'],
    ]);
    assert.equal(r.mentions[1].start, s.indexOf('fever'));
    checkSlices(s, r.mentions);
  });

  it('ignores prose before and after the answer', () => {
    const text = ['Sure! Here are the BIO tags for the given text:', '', ...lines(S1, S1_TAGS), '', 'I hope this helps.'].join('\n');
    const r = profile.parseNer(S1, CLINICAL, answer(text));
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('ignores code fences around the answer', () => {
    const text = ['```', ...lines(S1, S1_TAGS), '```'].join('\n');
    const r = profile.parseNer(S1, CLINICAL, answer(text));
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('reads CRLF answers', () => {
    const r = profile.parseNer(S1, CLINICAL, answer(lines(S1, S1_TAGS).join('\r\n')));
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('tolerates missing lines: the other tokens still align by position', () => {
    const ls = lines(S2, S2_TAGS);
    // Leave out "on", "40" and "mg".
    const kept = ls.filter((_, i) => i !== 1 && i !== 3 && i !== 4);
    const r = profile.parseNer(S2, CLINICAL, answer(kept.join('\n')));
    assert.deepEqual(spans(r.mentions), [
      ['furosemide', 'treatment'],
      ['an echocardiogram', 'test'],
      ['heart failure', 'problem'],
    ]);
  });

  it('a missing B line leaves the I tokens as their own chunk (I after O)', () => {
    const ls = lines(S1, S1_TAGS).filter((l) => !l.startsWith('chest'));
    const r = profile.parseNer(S1, CLINICAL, answer(ls.join('\n')));
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['pain', 'problem'],
    ]);
  });

  it('ignores repeated lines', () => {
    const ls = lines(S1, S1_TAGS);
    const repeated = [...ls.slice(0, 6), ls[5], ls[5], ...ls.slice(6), ls[7]];
    const r = profile.parseNer(S1, CLINICAL, answer(repeated.join('\n')));
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('aligns repeated tokens by position, not by token text', () => {
    const s = 'pain in the chest and pain in the leg .';
    const tags = ['B-PROBLEM', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O'];
    const r = profile.parseNer(s, CLINICAL, answer(lines(s, tags).join('\n')));
    assert.deepEqual(r.mentions, [{ start: 0, end: 4, type: 'problem', text: 'pain' }]);
    const tags2 = ['O', 'O', 'O', 'O', 'O', 'B-PROBLEM', 'O', 'O', 'O', 'O'];
    const r2 = profile.parseNer(s, CLINICAL, answer(lines(s, tags2).join('\n')));
    assert.deepEqual(r2.mentions, [{ start: 22, end: 26, type: 'problem', text: 'pain' }]);
  });

  it('accepts other casing of tags and tokens', () => {
    const text = ['he : o', 'REPORTED : O', 'Orthopnea : b-problem', 'but : O', 'denied : O', 'chest : B-problem', 'pain : i-Problem', '. : O'].join('\n');
    const r = profile.parseNer(S1, CLINICAL, answer(text));
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('accepts lines without the colon (token TAG) and with a tab', () => {
    const text = lines(S1, S1_TAGS).map((l, i) => (i % 2 === 0 ? l.replace(' : ', ' ') : l.replace(' : ', '\t'))).join('\n');
    const r = profile.parseNer(S1, CLINICAL, answer(text));
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('reads bare B/I for a literature group as that group type', () => {
    const r = profile.parseNer(LIT, DISEASE, answer(lines(LIT, LIT_TAGS).join('\n')));
    assert.deepEqual(r.mentions, [
      { start: LIT.indexOf('inherited'), end: LIT.indexOf(' .'), type: 'disease', text: 'inherited breast and ovarian cancer' },
    ]);
  });

  it('bare B/I for the chemical and gene groups', () => {
    const s = 'Cisplatin - induced nephrotoxicity in BRCA1 carriers';
    const chem = profile.parseNer(s, CHEMICAL, answer(lines(s, ['B', 'O', 'O', 'O', 'O', 'O', 'O']).join('\n')));
    assert.deepEqual(spans(chem.mentions), [['Cisplatin', 'chemical']]);
    const gene = profile.parseNer(s, GENE, answer(lines(s, ['O', 'O', 'O', 'O', 'O', 'B', 'O']).join('\n')));
    assert.deepEqual(spans(gene.mentions), [['BRCA1', 'gene']]);
  });

  it('a literature group accepts a typed tag of its own class and ignores other classes', () => {
    const s = 'cisplatin causes nephrotoxicity';
    const r = profile.parseNer(s, DISEASE, answer(['cisplatin : B-Chemical', 'causes : O', 'nephrotoxicity : B-Disease'].join('\n')));
    assert.deepEqual(spans(r.mentions), [['nephrotoxicity', 'disease']]);
  });

  it('bare B/I are not clinical types', () => {
    const r = profile.parseNer(S1, CLINICAL, answer(lines(S1, ['O', 'O', 'B', 'O', 'O', 'B', 'I', 'O']).join('\n')));
    assert.deepEqual(r.mentions, []);
  });

  it('ignores i2b2 classes the project does not show (OCCURRENCE, EVIDENTIAL, CLINICAL_DEPT)', () => {
    const s = 'He was admitted to the ICU and reported chest pain .';
    const tags = ['O', 'O', 'B-OCCURRENCE', 'O', 'O', 'B-CLINICAL_DEPT', 'O', 'B-EVIDENTIAL', 'B-PROBLEM', 'I-PROBLEM', 'O'];
    const r = profile.parseNer(s, CLINICAL, answer(lines(s, tags).join('\n')));
    assert.deepEqual(spans(r.mentions), [['chest pain', 'problem']]);
  });

  it('an I of a shown class right after an unknown class starts a fresh chunk', () => {
    const s = 'admitted for pain';
    const r = profile.parseNer(s, CLINICAL, answer(['admitted : B-OCCURRENCE', 'for : I-PROBLEM', 'pain : I-PROBLEM'].join('\n')));
    assert.deepEqual(spans(r.mentions), [['for pain', 'problem']]);
  });

  it('handles punctuation tokens such as ":" (line ": : O") and entities after them', () => {
    const s = 'Diagnosis: pneumonia; Plan: ceftriaxone.';
    // tokens: Diagnosis : pneumonia ; Plan : ceftriaxone .
    const ls = lines(s, ['O', 'O', 'B-PROBLEM', 'O', 'O', 'O', 'B-TREATMENT', 'O']);
    assert.equal(ls[1], ': : O');
    const r = profile.parseNer(s, CLINICAL, answer(ls.join('\n')));
    assert.deepEqual(spans(r.mentions), [
      ['pneumonia', 'problem'],
      ['ceftriaxone', 'treatment'],
    ]);
    checkSlices(s, r.mentions);
  });

  it('an entity spanning a punctuation token keeps the exact sentence text', () => {
    const s = 'Cisplatin-induced nephrotoxicity was seen.';
    const r = profile.parseNer(s, CLINICAL, answer(lines(s, ['B-PROBLEM', 'I-PROBLEM', 'I-PROBLEM', 'I-PROBLEM', 'O', 'O', 'O']).join('\n')));
    assert.deepEqual(r.mentions, [{ start: 0, end: 32, type: 'problem', text: 'Cisplatin-induced nephrotoxicity' }]);
  });

  it('truncation (done_reason length) drops an entity cut at the end but keeps earlier ones', () => {
    const ls = lines(S2, S2_TAGS);
    // The answer stops after "heart : B-PROBLEM": "heart failure" may go on.
    const cut = ls.slice(0, 10).join('\n');
    const r = profile.parseNer(S2, CLINICAL, answer(cut, 'length'));
    assert.equal(r.truncated, true);
    assert.deepEqual(spans(r.mentions), [
      ['furosemide', 'treatment'],
      ['an echocardiogram', 'test'],
    ]);
  });

  it('truncation right after an O keeps the entity before it', () => {
    const ls = lines(S2, S2_TAGS);
    const cut = ls.slice(0, 9).join('\n'); // up to "showed : O"
    const r = profile.parseNer(S2, CLINICAL, answer(cut, 'length'));
    assert.deepEqual(spans(r.mentions), [
      ['furosemide', 'treatment'],
      ['an echocardiogram', 'test'],
    ]);
  });

  it('truncation inside the last line (tag half written) does not show the entity that may go on', () => {
    const ls = lines(S2, S2_TAGS);
    const cut = ls.slice(0, 10).join('\n') + '\nfailure : I-PROB';
    const r = profile.parseNer(S2, CLINICAL, answer(cut, 'length'));
    // "heart" is followed by a cut tag: whether "heart failure" continues is unknown, so
    // "heart" alone must not be shown; the earlier entities stay.
    assert.deepEqual(spans(r.mentions), [
      ['furosemide', 'treatment'],
      ['an echocardiogram', 'test'],
    ]);
  });

  it('truncation with a bare I cut from I-PROBLEM does not show half an entity', () => {
    const ls = lines(S1, S1_TAGS);
    const cut = ls.slice(0, 6).join('\n') + '\npain : I';
    const r = profile.parseNer(S1, CLINICAL, answer(cut, 'length'));
    assert.deepEqual(spans(r.mentions), [['orthopnea', 'problem']]);
  });

  it('the same answer with done_reason stop keeps the last entity', () => {
    const ls = lines(S2, S2_TAGS);
    const r = profile.parseNer(S2, CLINICAL, answer(ls.slice(0, 10).join('\n'), 'stop'));
    assert.equal(r.truncated, false);
    assert.deepEqual(spans(r.mentions).map((m) => m[0]), ['furosemide', 'an echocardiogram', 'heart']);
  });

  it('a garbage answer gives no mentions', () => {
    for (const text of ['', 'I cannot help with that.', '{"entities": []}', '###', 'B-PROBLEM I-PROBLEM O', 'chest pain : B-PROBLEM']) {
      const r = profile.parseNer(S1, CLINICAL, answer(text));
      assert.deepEqual(r.mentions, [], `answer ${JSON.stringify(text)}`);
      assert.equal(r.dropped, 0);
    }
  });

  it('lines naming tokens not in the sentence are ignored', () => {
    const r = profile.parseNer(S1, CLINICAL, answer(['tachycardia : B-PROBLEM', ...lines(S1, S1_TAGS)].join('\n')));
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('emoji and non-BMP tokens align and offsets count UTF-16 units', () => {
    const s = '😀 𝐀spirin for 𠜎 fever';
    const r = profile.parseNer(s, CLINICAL, answer(lines(s, ['O', 'B-TREATMENT', 'O', 'O', 'B-PROBLEM']).join('\n')));
    assert.deepEqual(r.mentions, [
      { start: 3, end: 11, type: 'treatment', text: '𝐀spirin' },
      { start: 19, end: 24, type: 'problem', text: 'fever' },
    ]);
  });

  it('every mention text equals the sentence slice at its offsets', () => {
    for (const [s, tags, g] of [
      [S1, S1_TAGS, CLINICAL],
      [S2, S2_TAGS, CLINICAL],
      [LIT, LIT_TAGS, DISEASE],
    ] as const) {
      const r = profile.parseNer(s, g, answer(lines(s, [...tags]).join('\n')));
      assert.ok(r.mentions.length > 0);
      checkSlices(s, r.mentions);
    }
  });
});
