import * as assert from 'node:assert/strict';
import { maskedInput, MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { NerGroup } from '../../../server/src/engine/profiles/profile';
import { tokenize, tokenizeClinical, Token } from '../../../server/src/engine/text/tokenize';
import { CLINICAL_TYPES, EntityType, Mention, ModelAnswer, ModelRequest } from '../../../server/src/engine/types';

const texts = (ts: Token[]) => ts.map((t) => t.text);

function isHigh(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
function isLow(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Every token is the slice at its offsets, tokens are ordered and never cut a surrogate pair. */
function checkInvariants(text: string, tokens: Token[], base = 0): void {
  let prev = base;
  for (const t of tokens) {
    assert.ok(t.start >= prev, `token ${JSON.stringify(t)} overlaps the previous one`);
    assert.ok(t.end > t.start);
    assert.equal(text.slice(t.start - base, t.end - base), t.text);
    assert.ok(!/\s/u.test(t.text), `token ${JSON.stringify(t.text)} holds whitespace`);
    assert.ok(!isLow(text.charCodeAt(t.start - base)) || !isHigh(text.charCodeAt(t.start - base - 1)), 'starts inside a pair');
    assert.ok(!isHigh(text.charCodeAt(t.end - base - 1)) || !isLow(text.charCodeAt(t.end - base)), 'ends inside a pair');
    prev = t.end;
  }
  // Tokens cover every non-whitespace character of the text.
  const covered = new Array(text.length).fill(false);
  for (const t of tokens) for (let i = t.start - base; i < t.end - base; i++) covered[i] = true;
  for (let i = 0; i < text.length; i++) {
    if (!covered[i]) assert.match(text[i], /\s/, `character ${i} (${JSON.stringify(text[i])}) is in no token`);
  }
}

describe('tokenize', () => {
  it('returns no tokens for empty or whitespace-only text', () => {
    assert.deepEqual(tokenize(''), []);
    assert.deepEqual(tokenize('  \n\t\r\n '), []);
  });

  it('splits punctuation off words like the corpora: Cisplatin-induced is three tokens', () => {
    const ts = tokenize('Cisplatin-induced');
    assert.deepEqual(ts, [
      { start: 0, end: 9, text: 'Cisplatin' },
      { start: 9, end: 10, text: '-' },
      { start: 10, end: 17, text: 'induced' },
    ]);
  });

  it('splits a sentence into words and single punctuation tokens', () => {
    const s = 'Germline mutations in BRCA1 are responsible for breast and ovarian cancer.';
    assert.deepEqual(texts(tokenize(s)), ['Germline', 'mutations', 'in', 'BRCA1', 'are', 'responsible', 'for', 'breast', 'and', 'ovarian', 'cancer', '.']);
  });

  it('makes each punctuation character its own token, even in runs', () => {
    assert.deepEqual(texts(tokenize('BP 120/80, HR 72...')), ['BP', '120', '/', '80', ',', 'HR', '72', '.', '.', '.']);
    assert.deepEqual(texts(tokenize('(x)')), ['(', 'x', ')']);
    assert.deepEqual(texts(tokenize('10:30')), ['10', ':', '30']);
  });

  it('keeps letters and digits of one run together (BRCA1, 5mg, IL-6 split only at the hyphen)', () => {
    assert.deepEqual(texts(tokenize('BRCA1 5mg IL-6')), ['BRCA1', '5mg', 'IL', '-', '6']);
  });

  it('gives offsets relative to the text plus base', () => {
    const ts = tokenize('  chest pain.', 100);
    assert.deepEqual(ts, [
      { start: 102, end: 107, text: 'chest' },
      { start: 108, end: 112, text: 'pain' },
      { start: 112, end: 113, text: '.' },
    ]);
    checkInvariants('  chest pain.', ts, 100);
  });

  it('base 0 is the default', () => {
    assert.deepEqual(tokenize('a b'), tokenize('a b', 0));
  });

  it('treats line breaks (LF, CRLF) and tabs as separators', () => {
    const s = 'chest\r\npain\nand\tfever';
    const ts = tokenize(s);
    assert.deepEqual(texts(ts), ['chest', 'pain', 'and', 'fever']);
    assert.equal(ts[1].start, 7);
    assert.equal(ts[2].start, 12);
    assert.equal(ts[3].start, 16);
    checkInvariants(s, ts);
  });

  it('keeps a non-BMP letter inside its word: 𝐀spirin is one token of 8 UTF-16 units', () => {
    const s = 'Take 𝐀spirin daily';
    const ts = tokenize(s);
    assert.deepEqual(texts(ts), ['Take', '𝐀spirin', 'daily']);
    assert.deepEqual(ts[1], { start: 5, end: 13, text: '𝐀spirin' });
    assert.deepEqual(ts[2], { start: 14, end: 19, text: 'daily' });
    checkInvariants(s, ts);
  });

  it('keeps CJK extension B letters (𠜎) as letters of a word', () => {
    const s = 'x𠜎y 𠜎';
    const ts = tokenize(s);
    assert.deepEqual(ts, [
      { start: 0, end: 4, text: 'x𠜎y' },
      { start: 5, end: 7, text: '𠜎' },
    ]);
  });

  it('makes an emoji one token of two UTF-16 units, never splitting the surrogate pair', () => {
    const s = 'pain😀fever 😀';
    const ts = tokenize(s);
    assert.deepEqual(ts, [
      { start: 0, end: 4, text: 'pain' },
      { start: 4, end: 6, text: '😀' },
      { start: 6, end: 11, text: 'fever' },
      { start: 12, end: 14, text: '😀' },
    ]);
    checkInvariants(s, ts);
  });

  it('makes consecutive emoji separate tokens, each a whole code point', () => {
    const ts = tokenize('😀😷');
    assert.deepEqual(ts, [
      { start: 0, end: 2, text: '😀' },
      { start: 2, end: 4, text: '😷' },
    ]);
  });

  it('offsets after non-BMP characters count UTF-16 units (string indices)', () => {
    const s = '😀 𝐀 chest';
    const ts = tokenize(s, 10);
    const chest = ts.find((t) => t.text === 'chest')!;
    assert.equal(chest.start, 10 + s.indexOf('chest'));
    assert.equal(chest.start, 16);
  });

  it('keeps combining marks with their base letter (decomposed é)', () => {
    const s = 'cafe\u0301 re\u0301sume\u0301.';
    const ts = tokenize(s);
    assert.deepEqual(texts(ts), ['cafe\u0301', 're\u0301sume\u0301', '.']);
    assert.deepEqual(ts[0], { start: 0, end: 5, text: 'cafe\u0301' });
    checkInvariants(s, ts);
  });

  it('keeps a keycap sequence (digit + variation selector + combining keycap) together', () => {
    const s = '1\uFE0F\u20E3 dose';
    const ts = tokenize(s);
    assert.deepEqual(texts(ts), ['1\uFE0F\u20E3', 'dose']);
  });

  it('keeps accented and non-Latin letters in words', () => {
    assert.deepEqual(texts(tokenize('Sjögren syndrome, α-synuclein')), ['Sjögren', 'syndrome', ',', 'α', '-', 'synuclein']);
  });

  it('satisfies the invariants on a mixed text', () => {
    const s = ' He denied 😀chest-pain\r\n(𝐀spirin 81mg) 𠜎;  cafe\u0301!\n';
    checkInvariants(s, tokenize(s));
    checkInvariants(s, tokenize(s, 7), 7);
  });
});

describe('tokenizeClinical (whitespace tokens as in i2b2-2010/2012)', () => {
  const clinical = (s: string) => texts(tokenizeClinical(s));

  it('returns no tokens for empty or whitespace-only text', () => {
    assert.deepEqual(tokenizeClinical(''), []);
    assert.deepEqual(tokenizeClinical('  \n\t\r\n '), []);
  });

  it('keeps a decimal and splits the sentence-final period: INR is 4.6.', () => {
    const ts = tokenizeClinical('INR is 4.6.');
    assert.deepEqual(ts, [
      { start: 0, end: 3, text: 'INR' },
      { start: 4, end: 6, text: 'is' },
      { start: 7, end: 10, text: '4.6' },
      { start: 10, end: 11, text: '.' },
    ]);
  });

  it('keeps hyphenated, slashed and percent tokens whole', () => {
    assert.deepEqual(clinical('A 67-year-old man'), ['A', '67-year-old', 'man']);
    assert.deepEqual(clinical('s/p CABG'), ['s/p', 'CABG']);
    assert.deepEqual(clinical('admitted 9/7/93 with 50% stenosis on x-ray'), ['admitted', '9/7/93', 'with', '50%', 'stenosis', 'on', 'x-ray']);
    assert.deepEqual(clinical('at 10:30 Na+ 120/80'), ['at', '10:30', 'Na+', '120/80']);
  });

  it('keeps dotted abbreviations whole, also at the sentence end', () => {
    assert.deepEqual(clinical('aspirin 81 mg p.o. daily'), ['aspirin', '81', 'mg', 'p.o.', 'daily']);
    assert.deepEqual(clinical('metoprolol 25 mg p.o. b.i.d.'), ['metoprolol', '25', 'mg', 'p.o.', 'b.i.d.']);
    assert.deepEqual(clinical('seen at 9 a.m.'), ['seen', 'at', '9', 'a.m.']);
  });

  it('keeps the period of titles and listed abbreviations; mid-sentence periods stay', () => {
    assert.deepEqual(clinical('Seen by Dr. Smith approx. 5 days ago.'), ['Seen', 'by', 'Dr.', 'Smith', 'approx.', '5', 'days', 'ago', '.']);
    assert.deepEqual(clinical('Discussed with Dr.'), ['Discussed', 'with', 'Dr.']);
    assert.deepEqual(clinical('fever, cough, etc.'), ['fever', ',', 'cough', ',', 'etc.']);
    // Titles are matched with their case: MS. is multiple sclerosis ending a sentence.
    assert.deepEqual(clinical('history of MS.'), ['history', 'of', 'MS', '.']);
    // Only the sentence's last token loses a period: mid-sentence periods belong to their word.
    assert.deepEqual(clinical('Given 5 mg. aspirin.'), ['Given', '5', 'mg.', 'aspirin', '.']);
  });

  it('splits brackets, commas and other edge punctuation, stacked: (BP 120/80),', () => {
    assert.deepEqual(clinical('(BP 120/80),'), ['(', 'BP', '120/80', ')', ',']);
    assert.deepEqual(clinical('(pain), [fever]; {x}: cough'), ['(', 'pain', ')', ',', '[', 'fever', ']', ';', '{', 'x', '}', ':', 'cough']);
    const ts = tokenizeClinical('(BP 120/80),');
    assert.deepEqual(
      ts.map((t) => [t.start, t.end]),
      [
        [0, 1],
        [1, 3],
        [4, 10],
        [10, 11],
        [11, 12],
      ],
    );
  });

  it('splits quotes at the edges but keeps an apostrophe inside a word', () => {
    assert.deepEqual(clinical('the patient\'s "chest pain"'), ['the', "patient's", '"', 'chest', 'pain', '"']);
    assert.deepEqual(clinical('\u201Cpain\u201D and \u2018fever\u2019'), ['\u201C', 'pain', '\u201D', 'and', '\u2018', 'fever', '\u2019']);
    assert.deepEqual(clinical('He said "pain."'), ['He', 'said', '"', 'pain', '.', '"']);
    // A straight quote after a digit is a unit mark (feet, inches), unless the token opened with it.
    assert.deepEqual(clinical('Ht 5\'10" and "10"'), ['Ht', '5\'10"', 'and', '"', '10', '"']);
  });

  it('splits a trailing ? or ! but keeps a leading ? (query)', () => {
    assert.deepEqual(clinical('?pneumonia vs. CHF?'), ['?pneumonia', 'vs.', 'CHF', '?']);
    assert.deepEqual(clinical('No pain!'), ['No', 'pain', '!']);
  });

  it('finds the final period inside closing brackets and before brackets standing apart', () => {
    assert.deepEqual(clinical('(see above.)'), ['(', 'see', 'above', '.', ')']);
    assert.deepEqual(clinical('seen (see above. )'), ['seen', '(', 'see', 'above', '.', ')']);
    assert.deepEqual(clinical('fever etc.).'), ['fever', 'etc.', ')', '.']);
  });

  it('keeps punctuation-only runs whole: ..., --, +/-; a lone period is one token', () => {
    assert.deepEqual(clinical('pain -- fever ... +/- cough .'), ['pain', '--', 'fever', '...', '+/-', 'cough', '.']);
    assert.deepEqual(clinical('no change...'), ['no', 'change...']);
    assert.deepEqual(clinical('),'), [')', ',']);
  });

  it('splits a de-identification placeholder at its whitespace and brackets', () => {
    assert.deepEqual(clinical('at [**Hospital1 18**] on [**2101-10-20**].'), ['at', '[', '**Hospital1', '18**', ']', 'on', '[', '**2101-10-20**', ']', '.']);
  });

  it('treats CRLF and LF line ends as whitespace, with offsets counting both units', () => {
    const s = 'INR 4.6,\r\nK 3.9\nstable.';
    const ts = tokenizeClinical(s);
    assert.deepEqual(texts(ts), ['INR', '4.6', ',', 'K', '3.9', 'stable', '.']);
    assert.equal(ts[3].start, 10);
    assert.equal(ts[5].start, 16);
    checkInvariants(s, ts);
  });

  it('keeps an emoji beside a word in that whitespace token, offsets in UTF-16 units', () => {
    const s = '😀pain 𝐀spirin, 💊.';
    const ts = tokenizeClinical(s, 5);
    assert.deepEqual(ts, [
      { start: 5, end: 11, text: '😀pain' },
      { start: 12, end: 20, text: '𝐀spirin' },
      { start: 20, end: 21, text: ',' },
      { start: 22, end: 24, text: '💊' },
      { start: 24, end: 25, text: '.' },
    ]);
    checkInvariants(s, ts, 5);
  });

  it('leaves tokenize unchanged for literature text', () => {
    assert.deepEqual(texts(tokenize('INR is 4.6.')), ['INR', 'is', '4', '.', '6', '.']);
  });

  it('satisfies the invariants on a mixed text', () => {
    const s = ' "He" denied 😀chest-pain\r\n(𝐀spirin 81mg), [**Name**] 𠜎;  cafe\u0301! p.o.\n';
    checkInvariants(s, tokenizeClinical(s));
    checkInvariants(s, tokenizeClinical(s, 7), 7);
  });
});

describe('medtuned: clinical inputs are whitespace tokens, literature inputs are not', () => {
  const profile = new MedtunedProfile();
  const CLINICAL: NerGroup = { id: 'clinical', types: CLINICAL_TYPES };
  const DISEASE: NerGroup = { id: 'disease', types: ['disease'] };

  function inputOf(req: ModelRequest): string {
    assert.ok(req.kind === 'generate');
    const m = /\n ### Input: ([^\n]*)\n ### Output:/.exec(req.prompt);
    assert.ok(m, `prompt layout: ${JSON.stringify(req.prompt)}`);
    return m[1];
  }

  function answer(text: string): ModelAnswer {
    return { text, doneReason: 'stop', promptTokens: 1, evalTokens: 1, evalMs: 1 };
  }

  function mention(sentence: string, text: string, type: EntityType): Mention {
    const start = sentence.indexOf(text);
    assert.ok(start >= 0, `test set-up: "${text}" not in the sentence`);
    return { start, end: start + text.length, type, text };
  }

  it('the clinical NER input of "INR is 4.6 today." is "INR is 4.6 today ."; a literature one still splits 4.6', () => {
    const s = 'INR is 4.6 today.';
    assert.equal(inputOf(profile.nerRequest(s, CLINICAL)), 'INR is 4.6 today .');
    assert.equal(inputOf(profile.nerRequest(s, DISEASE)), 'INR is 4 . 6 today .');
  });

  it('corpus tokens, when given, are sent as they are in either group', () => {
    const s = 'INR is 4.6 today.';
    const corpus = tokenize(s);
    assert.equal(inputOf(profile.nerRequest(s, CLINICAL, corpus)), 'INR is 4 . 6 today .');
  });

  it('parseNer aligns a clinical answer of whitespace tokens to exact offsets', () => {
    const s = 'INR 4.6 ; aspirin 81 mg p.o. daily (for CAD).';
    const body = [
      'INR : B-TEST',
      '4.6 : O',
      '; : O',
      'aspirin : B-TREATMENT',
      '81 : O',
      'mg : O',
      'p.o. : O',
      'daily : O',
      '( : O',
      'for : O',
      'CAD : B-PROBLEM',
      ') : O',
      '. : O',
    ].join('\n');
    const r = profile.parseNer(s, CLINICAL, answer(` ${body} \n`));
    assert.deepEqual(
      r.mentions.map((m) => [m.start, m.end, m.type, m.text]),
      [
        [0, 3, 'test', 'INR'],
        [10, 17, 'treatment', 'aspirin'],
        [40, 43, 'problem', 'CAD'],
      ],
    );
    for (const m of r.mentions) assert.equal(m.text, s.slice(m.start, m.end));
  });

  it('parseNer gives a multi-token clinical mention with inner punctuation its exact span', () => {
    const s = 'Chest x-ray showed 50% collapse.';
    const body = 'Chest : B-TEST\nx-ray : I-TEST\nshowed : O\n50% : B-PROBLEM\ncollapse : I-PROBLEM\n. : O';
    const r = profile.parseNer(s, CLINICAL, answer(body));
    assert.deepEqual(
      r.mentions.map((m) => [m.start, m.end, m.text]),
      [
        [0, 11, 'Chest x-ray'],
        [19, 31, '50% collapse'],
      ],
    );
  });

  it('clinical relation inputs are whitespace tokens with the masks as words; literature ones are unchanged', () => {
    const s = 'Warfarin was continued for atrial fibrillation with a goal INR of 2-3.';
    const w = mention(s, 'Warfarin', 'treatment');
    const af = mention(s, 'atrial fibrillation', 'problem');
    assert.equal(maskedInput(s, { kind: 'clinical', head: w, tail: af }), '@treatment$ was continued for @problem$ with a goal INR of 2-3 .');
    const t = 'Seen by Dr. Smith, given aspirin 81 mg p.o. (for chest pain).';
    assert.equal(
      maskedInput(t, { kind: 'clinical', head: mention(t, 'aspirin', 'treatment'), tail: mention(t, 'chest pain', 'problem') }),
      'Seen by Dr. Smith , given @treatment$ 81 mg p.o. ( for @problem$ ) .',
    );
    // A mention at the end: the period after it is still the sentence's own.
    const u = 'Pain improved with 5 mg. morphine.';
    assert.equal(
      maskedInput(u, { kind: 'clinical', head: mention(u, 'morphine', 'treatment'), tail: mention(u, 'Pain', 'problem') }),
      '@problem$ improved with 5 mg. @treatment$ .',
    );
    const c = 'Cisplatin-induced nephrotoxicity in rats.';
    assert.equal(
      maskedInput(c, { kind: 'chemical-disease', head: mention(c, 'Cisplatin', 'chemical'), tail: mention(c, 'nephrotoxicity', 'disease') }),
      '@CHEMICAL$ - induced @DISEASE$ in rats .',
    );
  });
});
