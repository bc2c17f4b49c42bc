import * as assert from 'node:assert/strict';
import { MedtunedProfile, medtunedPrompt, MEDTUNED_STOP, parseTagLine } from '../../../server/src/engine/profiles/medtuned';
import { NerGroup } from '../../../server/src/engine/profiles/profile';
import { Token, tokenize } from '../../../server/src/engine/text/tokenize';
import { CLINICAL_TYPES, ModelAnswer, ModelRequest, Mention } from '../../../server/src/engine/types';
import { loadMedtunedReference, OFF_LAYOUT_ANSWER } from '../../support/ollamaServer';

const profile = new MedtunedProfile();

/** Variant n of a training set's instructions, verbatim from the reference file. */
function reference(dataset: string, n = 1): string {
  const set = loadMedtunedReference().find((s) => s.dataset === dataset);
  assert.ok(set, `reference dataset ${dataset}`);
  return set.variants[(n - 1) % set.variants.length];
}

/** Instruction and input of a prompt in the training layout (nothing after `### Output:`). */
function promptParts(req: ModelRequest): { instruction: string; input: string } {
  assert.equal(req.kind, 'generate');
  if (req.kind !== 'generate') throw new Error('unreachable');
  const m = /^### Instruction: ([\s\S]+?)\n ### Input: ([\s\S]*)\n ### Output:$/.exec(req.prompt);
  assert.ok(m, `prompt layout: ${JSON.stringify(req.prompt)}`);
  assert.equal(req.prompt, medtunedPrompt(m[1], m[2]));
  return { instruction: m[1], input: m[2] };
}
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

/**
 * Clinical tests of alignment and BIO decoding give the tokens (punctuation split) as a
 * corpus would, so they hold whichever tokens a clinical sentence gets by default (that is
 * the clinical tokeniser's business); literature groups take the default tokens.
 */
function tokensFor(sentence: string, group: NerGroup): Token[] | undefined {
  return group.id === 'clinical' ? tokenize(sentence) : undefined;
}

function parse(sentence: string, group: NerGroup, text: string, doneReason = 'stop') {
  return profile.parseNer(sentence, group, answer(text, doneReason), tokensFor(sentence, group));
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
  it('medtunedPrompt has the exact training layout: nothing after ### Output:', () => {
    assert.equal(medtunedPrompt('Do X.', 'a b .'), '### Instruction: Do X.\n ### Input: a b .\n ### Output:');
  });

  it('a clinical request is a raw generate prompt with the space-joined tokens and the MedTuned stops', () => {
    const sentence = 'Cisplatin-induced  nephrotoxicity,\r\nno fever.';
    const req = profile.nerRequest(sentence, CLINICAL);
    assert.equal(req.kind, 'generate');
    if (req.kind !== 'generate') return;
    assert.equal(req.raw, true);
    assert.deepEqual(req.stop, ['</s>', '###']);
    assert.deepEqual(MEDTUNED_STOP, ['</s>', '###']);
    assert.ok(!('system' in req), 'no system line');
    const { instruction, input } = promptParts(req);
    assert.equal(instruction, reference('i2b2-2012'));
    // Tokens joined by single spaces, holding exactly the sentence's characters (which
    // clinical tokens, whitespace or punctuation-split, is the tokeniser's business).
    assert.match(input, /^\S+( \S+)*$/);
    assert.equal(input.replace(/ /g, ''), sentence.replace(/\s+/g, ''));
    assert.ok(req.numPredict > 0);
  });

  it('the clinical instruction is the i2b2-2012 training variant, naming its six typed classes', () => {
    const { instruction } = promptParts(profile.nerRequest('No fever.', CLINICAL));
    assert.equal(instruction, reference('i2b2-2012', 1));
    for (const cls of ['PROBLEM', 'TREATMENT', 'TEST', 'OCCURRENCE', 'EVIDENTIAL', 'CLINICAL_DEPT']) assert.match(instruction, new RegExp(`\\n${cls}: `));
    assert.ok(instruction.endsWith("\nO: If the entity doesn't fit into any of the above categories."));
  });

  it("a literature instruction is its training set's variant, one class with bare B/I/O", () => {
    const get = (g: NerGroup, p = profile) => promptParts(p.nerRequest('BRCA1 causes breast cancer .', g)).instruction;
    const disease = get(DISEASE);
    assert.equal(disease, reference('NCBI-disease'));
    assert.match(disease, /disease-related phrase as B \(Begin\)/);
    assert.doesNotMatch(disease, /PROBLEM/);
    assert.equal(get(CHEMICAL), reference('BC5CDR-chem'));
    assert.equal(get(GENE), reference('BC2GM'));
    assert.notEqual(get(DISEASE), get(CHEMICAL));
    // The training set per type is an option: BC5CDR-disease, JNLPBA (whose variants are BC2GM's).
    const bc5cdr = new MedtunedProfile({ datasets: { disease: 'bc5cdr-disease' } });
    assert.equal(get(DISEASE, bc5cdr), reference('BC5CDR-disease'));
    assert.equal(get(CHEMICAL, bc5cdr), reference('BC5CDR-chem'));
    assert.equal(get(GENE, new MedtunedProfile({ datasets: { gene: 'jnlpba' } })), reference('JNLPBA'));
  });

  it('instructionVariant chooses the variant of every training set, wrapping around i2b2-2010', () => {
    for (const n of [1, 2, 3, 4, 5]) {
      const p = new MedtunedProfile({ instructionVariant: n });
      assert.equal(p.instructionVariant, n);
      assert.equal(promptParts(p.nerRequest('No fever.', CLINICAL)).instruction, reference('i2b2-2012', n));
      assert.equal(promptParts(p.nerRequest('No fever.', DISEASE)).instruction, reference('NCBI-disease', n));
      assert.equal(promptParts(p.nliRequest('a', 'b')).instruction, reference('MedNLI', n));
    }
    assert.equal(reference('i2b2-2010 relations', 4), reference('i2b2-2010 relations', 1));
  });

  it('the input of a sentence with emoji and non-BMP letters is its tokens joined by single spaces', () => {
    const req = profile.nerRequest('𝐀spirin😀for  pain', DISEASE);
    assert.ok(req.kind === 'generate');
    assert.ok(req.prompt.endsWith('\n ### Input: 𝐀spirin 😀 for pain\n ### Output:'));
    assert.equal(promptParts(req).input, '𝐀spirin 😀 for pain');
  });

  it('the answer budget grows with the sentence length', () => {
    const short = profile.nerRequest('fever .', CLINICAL);
    const long = profile.nerRequest(S2 + ' ' + S2, CLINICAL);
    assert.ok(short.kind === 'generate' && long.kind === 'generate');
    assert.ok(long.numPredict > short.numPredict);
  });

  it('has a prompt version for the cache: version 2, one per variant and datasets', () => {
    assert.equal(profile.name, 'medtuned');
    assert.match(profile.promptVersion, /^medtuned-2:/);
    assert.notEqual(new MedtunedProfile({ instructionVariant: 2 }).promptVersion, profile.promptVersion);
    assert.notEqual(new MedtunedProfile({ datasets: { disease: 'bc5cdr-disease' } }).promptVersion, profile.promptVersion);
    assert.equal(new MedtunedProfile({ instructionVariant: 1 }).promptVersion, profile.promptVersion);
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
  it('an answer with no "word : TAG" line for a sentence of words is unreadable; one tag line is an answer', () => {
    assert.equal(parse(S1, CLINICAL, 'I am not sure.').unreadable, true);
    assert.equal(parse(S1, CLINICAL, '').unreadable, true);
    assert.equal(parse(S1, CLINICAL, lines(S1, S1_TAGS).join('\n')).unreadable, false);
    assert.equal(parse(S1, CLINICAL, lines(S1, S1_TAGS)[0]).unreadable, false);
  });

  it('a perfect clinical answer gives exactly the entities', () => {
    const r = parse(S1, CLINICAL, lines(S1, S1_TAGS).join('\n'));
    assert.deepEqual(r.mentions, [
      { start: 12, end: 21, type: 'problem', text: 'orthopnea' },
      { start: 33, end: 43, type: 'problem', text: 'chest pain' },
    ]);
    assert.equal(r.dropped, 0);
    assert.equal(r.truncated, false);
  });

  it('maps typed tags to the three clinical types', () => {
    const r = parse(S2, CLINICAL, lines(S2, S2_TAGS).join('\n'));
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
    const r = parse(s, CLINICAL, lines(s, ['O', 'B-PROBLEM', 'I-PROBLEM', 'O', 'O', 'O', 'B-PROBLEM', 'O']).join('\n'));
    assert.deepEqual(spans(r.mentions), [
      ['chest\r\npain', 'problem'],
      ['fever', 'problem'],
    ]);
    assert.equal(r.mentions[1].start, s.indexOf('fever'));
    checkSlices(s, r.mentions);
  });

  it('ignores prose before and after the answer', () => {
    const text = ['Sure! Here are the BIO tags for the given text:', '', ...lines(S1, S1_TAGS), '', 'I hope this helps.'].join('\n');
    const r = parse(S1, CLINICAL, text);
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('ignores code fences around the answer', () => {
    const text = ['```', ...lines(S1, S1_TAGS), '```'].join('\n');
    const r = parse(S1, CLINICAL, text);
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('reads CRLF answers', () => {
    const r = parse(S1, CLINICAL, lines(S1, S1_TAGS).join('\r\n'));
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('tolerates missing lines: the other tokens still align by position', () => {
    const ls = lines(S2, S2_TAGS);
    // Leave out "on", "40" and "mg".
    const kept = ls.filter((_, i) => i !== 1 && i !== 3 && i !== 4);
    const r = parse(S2, CLINICAL, kept.join('\n'));
    assert.deepEqual(spans(r.mentions), [
      ['furosemide', 'treatment'],
      ['an echocardiogram', 'test'],
      ['heart failure', 'problem'],
    ]);
  });

  it('a missing B line leaves the I tokens as their own chunk (I after O)', () => {
    const ls = lines(S1, S1_TAGS).filter((l) => !l.startsWith('chest'));
    const r = parse(S1, CLINICAL, ls.join('\n'));
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['pain', 'problem'],
    ]);
  });

  it('ignores repeated lines', () => {
    const ls = lines(S1, S1_TAGS);
    const repeated = [...ls.slice(0, 6), ls[5], ls[5], ...ls.slice(6), ls[7]];
    const r = parse(S1, CLINICAL, repeated.join('\n'));
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('aligns repeated tokens by position, not by token text', () => {
    const s = 'pain in the chest and pain in the leg .';
    const tags = ['B-PROBLEM', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O'];
    const r = parse(s, CLINICAL, lines(s, tags).join('\n'));
    assert.deepEqual(r.mentions, [{ start: 0, end: 4, type: 'problem', text: 'pain' }]);
    const tags2 = ['O', 'O', 'O', 'O', 'O', 'B-PROBLEM', 'O', 'O', 'O', 'O'];
    const r2 = parse(s, CLINICAL, lines(s, tags2).join('\n'));
    assert.deepEqual(r2.mentions, [{ start: 22, end: 26, type: 'problem', text: 'pain' }]);
  });

  it('accepts other casing of tags and tokens', () => {
    const text = ['he : o', 'REPORTED : O', 'Orthopnea : b-problem', 'but : O', 'denied : O', 'chest : B-problem', 'pain : i-Problem', '. : O'].join('\n');
    const r = parse(S1, CLINICAL, text);
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('accepts lines without the colon (token TAG) and with a tab', () => {
    const text = lines(S1, S1_TAGS)
      .map((l, i) => (i % 2 === 0 ? l.replace(' : ', ' ') : l.replace(' : ', '\t')))
      .join('\n');
    const r = parse(S1, CLINICAL, text);
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('reads bare B/I for a literature group as that group type', () => {
    const r = parse(LIT, DISEASE, lines(LIT, LIT_TAGS).join('\n'));
    assert.deepEqual(r.mentions, [{ start: LIT.indexOf('inherited'), end: LIT.indexOf(' .'), type: 'disease', text: 'inherited breast and ovarian cancer' }]);
  });

  it('bare B/I for the chemical and gene groups', () => {
    const s = 'Cisplatin - induced nephrotoxicity in BRCA1 carriers';
    const chem = parse(s, CHEMICAL, lines(s, ['B', 'O', 'O', 'O', 'O', 'O', 'O']).join('\n'));
    assert.deepEqual(spans(chem.mentions), [['Cisplatin', 'chemical']]);
    const gene = parse(s, GENE, lines(s, ['O', 'O', 'O', 'O', 'O', 'B', 'O']).join('\n'));
    assert.deepEqual(spans(gene.mentions), [['BRCA1', 'gene']]);
  });

  it('a literature group accepts a typed tag of its own class and ignores other classes', () => {
    const s = 'cisplatin causes nephrotoxicity';
    const r = parse(s, DISEASE, ['cisplatin : B-Chemical', 'causes : O', 'nephrotoxicity : B-Disease'].join('\n'));
    assert.deepEqual(spans(r.mentions), [['nephrotoxicity', 'disease']]);
  });

  it('bare B/I are not clinical types', () => {
    const r = parse(S1, CLINICAL, lines(S1, ['O', 'O', 'B', 'O', 'O', 'B', 'I', 'O']).join('\n'));
    assert.deepEqual(r.mentions, []);
  });

  it('ignores i2b2 classes the project does not show (OCCURRENCE, EVIDENTIAL, CLINICAL_DEPT)', () => {
    const s = 'He was admitted to the ICU and reported chest pain .';
    const tags = ['O', 'O', 'B-OCCURRENCE', 'O', 'O', 'B-CLINICAL_DEPT', 'O', 'B-EVIDENTIAL', 'B-PROBLEM', 'I-PROBLEM', 'O'];
    const r = parse(s, CLINICAL, lines(s, tags).join('\n'));
    assert.deepEqual(spans(r.mentions), [['chest pain', 'problem']]);
  });

  it('an I of a shown class right after an unknown class starts a fresh chunk', () => {
    const s = 'admitted for pain';
    const r = parse(s, CLINICAL, ['admitted : B-OCCURRENCE', 'for : I-PROBLEM', 'pain : I-PROBLEM'].join('\n'));
    assert.deepEqual(spans(r.mentions), [['for pain', 'problem']]);
  });

  it('handles punctuation tokens such as ":" (line ": : O") and entities after them', () => {
    const s = 'Diagnosis: pneumonia; Plan: ceftriaxone.';
    // tokens: Diagnosis : pneumonia ; Plan : ceftriaxone .
    const ls = lines(s, ['O', 'O', 'B-PROBLEM', 'O', 'O', 'O', 'B-TREATMENT', 'O']);
    assert.equal(ls[1], ': : O');
    const r = parse(s, CLINICAL, ls.join('\n'));
    assert.deepEqual(spans(r.mentions), [
      ['pneumonia', 'problem'],
      ['ceftriaxone', 'treatment'],
    ]);
    checkSlices(s, r.mentions);
  });

  it('an entity spanning a punctuation token keeps the exact sentence text', () => {
    const s = 'Cisplatin-induced nephrotoxicity was seen.';
    const r = parse(s, CLINICAL, lines(s, ['B-PROBLEM', 'I-PROBLEM', 'I-PROBLEM', 'I-PROBLEM', 'O', 'O', 'O']).join('\n'));
    assert.deepEqual(r.mentions, [{ start: 0, end: 32, type: 'problem', text: 'Cisplatin-induced nephrotoxicity' }]);
  });

  it('truncation (done_reason length) drops an entity cut at the end but keeps earlier ones', () => {
    const ls = lines(S2, S2_TAGS);
    // The answer stops after "heart : B-PROBLEM": "heart failure" may go on.
    const cut = ls.slice(0, 10).join('\n');
    const r = parse(S2, CLINICAL, cut, 'length');
    assert.equal(r.truncated, true);
    assert.deepEqual(spans(r.mentions), [
      ['furosemide', 'treatment'],
      ['an echocardiogram', 'test'],
    ]);
  });

  it('truncation right after an O keeps the entity before it', () => {
    const ls = lines(S2, S2_TAGS);
    const cut = ls.slice(0, 9).join('\n'); // up to "showed : O"
    const r = parse(S2, CLINICAL, cut, 'length');
    assert.deepEqual(spans(r.mentions), [
      ['furosemide', 'treatment'],
      ['an echocardiogram', 'test'],
    ]);
  });

  it('truncation inside the last line (tag half written) does not show the entity that may go on', () => {
    const ls = lines(S2, S2_TAGS);
    const cut = ls.slice(0, 10).join('\n') + '\nfailure : I-PROB';
    const r = parse(S2, CLINICAL, cut, 'length');
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
    const r = parse(S1, CLINICAL, cut, 'length');
    assert.deepEqual(spans(r.mentions), [['orthopnea', 'problem']]);
  });

  it('the same answer with done_reason stop keeps the last entity', () => {
    const ls = lines(S2, S2_TAGS);
    const r = parse(S2, CLINICAL, ls.slice(0, 10).join('\n'), 'stop');
    assert.equal(r.truncated, false);
    assert.deepEqual(
      spans(r.mentions).map((m) => m[0]),
      ['furosemide', 'an echocardiogram', 'heart'],
    );
  });

  it('a garbage answer gives no mentions', () => {
    for (const text of [
      '',
      'I cannot help with that.',
      OFF_LAYOUT_ANSWER,
      ` ${OFF_LAYOUT_ANSWER} \n</s>`,
      '{"entities": []}',
      '###',
      'B-PROBLEM I-PROBLEM O',
      'chest pain : B-PROBLEM',
    ]) {
      const r = parse(S1, CLINICAL, text);
      assert.deepEqual(r.mentions, [], `answer ${JSON.stringify(text)}`);
      assert.equal(r.dropped, 0);
    }
  });

  it('lines naming tokens not in the sentence are ignored', () => {
    const r = parse(S1, CLINICAL, ['tachycardia : B-PROBLEM', ...lines(S1, S1_TAGS)].join('\n'));
    assert.deepEqual(spans(r.mentions), [
      ['orthopnea', 'problem'],
      ['chest pain', 'problem'],
    ]);
  });

  it('emoji and non-BMP tokens align and offsets count UTF-16 units', () => {
    const s = '😀 𝐀spirin for 𠜎 fever';
    const r = parse(s, CLINICAL, lines(s, ['O', 'B-TREATMENT', 'O', 'O', 'B-PROBLEM']).join('\n'));
    assert.deepEqual(r.mentions, [
      { start: 3, end: 11, type: 'treatment', text: '𝐀spirin' },
      { start: 19, end: 24, type: 'problem', text: 'fever' },
    ]);
  });

  it('reads the answer as the model writes its training target: a leading space, a trailing space and newline, with or without </s>', () => {
    for (const [s, tags, g, expected] of [
      [
        S2,
        S2_TAGS,
        CLINICAL,
        [
          ['furosemide', 'treatment'],
          ['an echocardiogram', 'test'],
          ['heart failure', 'problem'],
        ],
      ],
      [LIT, LIT_TAGS, DISEASE, [['inherited breast and ovarian cancer', 'disease']]],
    ] as const) {
      const output = lines(s, [...tags]).join('\n');
      for (const text of [` ${output} \n`, ` ${output} \n</s>`, ` ${output} \n</s>\n### Instruction: more`, ` ${output} `]) {
        const r = parse(s, g, text);
        assert.deepEqual(spans(r.mentions), expected, JSON.stringify(text.slice(-12)));
        assert.equal(r.truncated, false);
        checkSlices(s, r.mentions);
      }
    }
    // Cut by the budget inside the training target: the leading space changes nothing.
    const cut = parse(S2, CLINICAL, ' ' + lines(S2, S2_TAGS).slice(0, 10).join('\n'), 'length');
    assert.deepEqual(spans(cut.mentions), [
      ['furosemide', 'treatment'],
      ['an echocardiogram', 'test'],
    ]);
  });

  it('default clinical tokens: an answer over the tokens the request sent gives the entities', () => {
    // Entities away from the punctuation where whitespace and punctuation-split tokens differ.
    const s = 'Started metoprolol 25 mg p.o. b.i.d. for AF.';
    const req = profile.nerRequest(s, CLINICAL);
    assert.ok(req.kind === 'generate');
    const input = /\n ### Input: (.*)\n ### Output:$/.exec(req.prompt)![1].split(' ');
    const tag: Record<string, string> = { metoprolol: 'B-TREATMENT', AF: 'B-PROBLEM' };
    const output = input.map((t) => `${t} : ${tag[t] ?? 'O'}`).join('\n');
    const r = profile.parseNer(s, CLINICAL, answer(` ${output} \n`));
    assert.deepEqual(r.mentions, [
      { start: 8, end: 18, type: 'treatment', text: 'metoprolol' },
      { start: 41, end: 43, type: 'problem', text: 'AF' },
    ]);
    assert.equal(r.truncated, false);
  });

  it('every mention text equals the sentence slice at its offsets', () => {
    for (const [s, tags, g] of [
      [S1, S1_TAGS, CLINICAL],
      [S2, S2_TAGS, CLINICAL],
      [LIT, LIT_TAGS, DISEASE],
    ] as const) {
      const r = parse(s, g, lines(s, [...tags]).join('\n'));
      assert.ok(r.mentions.length > 0);
      checkSlices(s, r.mentions);
    }
  });
});
