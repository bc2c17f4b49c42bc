import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { onTokenBoundaries } from '../../../server/src/engine/text/align';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { maskedInput, maskOf, MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { NerGroup } from '../../../server/src/engine/profiles/profile';
import { trimSpan } from '../../../server/src/engine/text/spanEdges';
import { tokenize, tokenizeClinical, Token } from '../../../server/src/engine/text/tokenize';
import { CLINICAL_TYPES, ENTITY_TYPES, EntityType, LITERATURE_TYPES, Mention, ModelAnswer } from '../../../server/src/engine/types';

const RUNS = 300;

const WORDS = [
  'chest',
  'pain',
  'Chest',
  'PAIN',
  'fever',
  'Cisplatin',
  'induced',
  'nephrotoxicity',
  'BRCA1',
  'cafe\u0301',
  '𝐀spirin',
  '𠜎',
  'x𠜎y',
  '5mg',
  '120',
  '80',
  'α',
  'no',
  'of',
  'pain',
  'Sjögren',
  'IL',
  '6',
];
const PUNCT = ['.', ',', '-', '(', ')', ':', ';', '/', '%', '+', '[', ']', '*', '?', '$', '\\', '"'];
const EMOJI = ['😀', '😷', '💊'];
const SEPARATORS = [' ', ' ', ' ', '\n', '\r\n', '  ', '\t', ''];

const pieceArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...PUNCT) },
  { weight: 1, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }).map(String) },
);

/** A sentence-like text; may begin or end with whitespace. */
const textArb = fc
  .tuple(
    fc.constantFrom('', ' ', '\n'),
    fc.array(fc.tuple(pieceArb, fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 18 }),
    fc.constantFrom('', ' ', '\r\n'),
  )
  .map(([lead, parts, trail]) => lead + parts.map(([p, s]) => p + s).join('') + trail);

/** Pieces of clinical notes: whitespace tokens with inner punctuation, abbreviations, quotes, placeholders. */
const CLINICAL_PIECES = [
  '4.6',
  '67-year-old',
  'x-ray',
  'p.o.',
  'b.i.d.',
  's/p',
  '9/7/93',
  '50%',
  'Dr.',
  'Mr.',
  'approx.',
  'etc.',
  'MS.',
  '10:30',
  'Na+',
  "patient's",
  '5\'10"',
  '...',
  '--',
  '+/-',
  '?',
  '!',
  '\u201C',
  '\u201D',
  '\u2018',
  '\u2019',
  "'",
  '{',
  '}',
  '[**Hospital1 18**]',
  '[**2101-10-20**]',
  '[**Last Name (NamePattern1) **]',
];

/** Clinical-looking text: the pieces of textArb and of clinical notes, glued or apart, any line ends. */
const clinicalTextArb = fc
  .tuple(
    fc.constantFrom('', ' ', '\r\n'),
    fc.array(
      fc.tuple(fc.oneof({ weight: 3, arbitrary: pieceArb }, { weight: 2, arbitrary: fc.constantFrom(...CLINICAL_PIECES) }), fc.constantFrom(...SEPARATORS)),
      { minLength: 1, maxLength: 18 },
    ),
    fc.constantFrom('', '.', ' .', '.)', '?', ' \r\n'),
  )
  .map(([lead, parts, trail]) => lead + parts.map(([p, s]) => p + s).join('') + trail);

type Tokenizer = (text: string, base?: number) => Token[];
const TOKENIZERS: [string, Tokenizer, fc.Arbitrary<string>][] = [
  ['tokenize', tokenize, textArb],
  ['tokenizeClinical', tokenizeClinical, clinicalTextArb],
];

interface Gold {
  first: number; // token index
  last: number; // token index, inclusive
  start: number;
  end: number;
  type: EntityType;
}

/** Non-overlapping runs of consecutive tokens, in order, with types drawn from `types`. */
function goldArb(tokens: Token[], types: readonly EntityType[]): fc.Arbitrary<Gold[]> {
  return fc.array(fc.tuple(fc.nat({ max: 3 }), fc.integer({ min: 1, max: 3 }), fc.constantFrom(...types)), { maxLength: 8 }).map((steps) => {
    const gold: Gold[] = [];
    let i = 0;
    for (const [skip, len, type] of steps) {
      const first = i + skip;
      const last = first + len - 1;
      if (last >= tokens.length) break;
      gold.push({ first, last, start: tokens[first].start, end: tokens[last].end, type });
      i = last + 1;
    }
    return gold;
  });
}

/** A sentence, its tokens by `tok`, and gold runs of those tokens. */
const sentenceWithGold = (types: readonly EntityType[], tok: Tokenizer = tokenize, texts: fc.Arbitrary<string> = textArb) =>
  texts
    .filter((t) => tok(t).length > 0)
    .chain((sentence) => {
      const tokens = tok(sentence);
      return goldArb(tokens, types).map((gold) => ({ sentence, tokens, gold }));
    });

function answer(text: string, doneReason = 'stop'): ModelAnswer {
  return { text, doneReason, promptTokens: 1, evalTokens: 1, evalMs: 1 };
}

/** One `token : TAG` line per token, as a perfect MedTuned model would answer. */
function perfectLines(tokens: Token[], gold: Gold[], typed: boolean): string[] {
  const tags = tokens.map(() => 'O');
  for (const g of gold) {
    for (let i = g.first; i <= g.last; i++) {
      const prefix = i === g.first ? 'B' : 'I';
      tags[i] = typed ? `${prefix}-${g.type.toUpperCase()}` : prefix;
    }
  }
  return tokens.map((t, i) => `${t.text} : ${tags[i]}`);
}

const triple = (ms: { start: number; end: number; type: string }[]) => ms.map((m) => [m.start, m.end, m.type]);

/** The gold spans as a parser gives them: cut back to the entity (text/spanEdges.ts); one with nothing left is dropped. */
function asParsed(sentence: string, gold: readonly Gold[]): { kept: Gold[]; dropped: number } {
  const kept: Gold[] = [];
  for (const g of gold) {
    const span = trimSpan(sentence, g.start, g.end);
    if (span) kept.push({ ...g, ...span });
  }
  return { kept, dropped: gold.length - kept.length };
}

/** Every mention is the text at its offsets, on token edges, in order, without overlaps. */
function checkSound(sentence: string, mentions: Mention[], types: readonly EntityType[]): void {
  const tokens = tokenize(sentence);
  const starts = new Set(tokens.map((t) => t.start));
  const ends = new Set(tokens.map((t) => t.end));
  let prevEnd = 0;
  for (const m of mentions) {
    assert.ok(m.start >= 0 && m.start < m.end && m.end <= sentence.length, `bounds ${JSON.stringify(m)}`);
    assert.equal(m.text, sentence.slice(m.start, m.end));
    assert.ok(starts.has(m.start), `start ${m.start} is no token start in ${JSON.stringify(sentence)}`);
    assert.ok(ends.has(m.end), `end ${m.end} is no token end in ${JSON.stringify(sentence)}`);
    assert.ok(onTokenBoundaries(sentence, m.start, m.end));
    assert.ok(m.start >= prevEnd, 'mentions overlap or are out of order');
    assert.ok(types.includes(m.type), `type ${m.type}`);
    prevEnd = m.end;
  }
}

describe('properties', function () {
  this.timeout(60000);
  const medtuned = new MedtunedProfile();
  const json = new JsonProfile();
  const CLINICAL: NerGroup = { id: 'clinical', types: CLINICAL_TYPES };

  for (const [name, tok] of TOKENIZERS) {
    it(`${name}: tokens are the text at their offsets, cover all non-whitespace, never cut a surrogate pair`, () => {
      // Both tokenisers on both kinds of text: literature text may reach the clinical one and vice versa.
      fc.assert(
        fc.property(fc.oneof(textArb, clinicalTextArb), fc.nat({ max: 1000 }), (text, base) => {
          const tokens = tok(text, base);
          let prev = base;
          let rebuilt = '';
          for (const t of tokens) {
            assert.ok(t.start >= prev);
            assert.ok(t.end > t.start);
            assert.equal(text.slice(t.start - base, t.end - base), t.text);
            assert.equal(t.text.length, t.end - t.start);
            assert.ok(!/\s/u.test(t.text));
            assert.ok(!/\p{Cs}/u.test(t.text), 'a token holds a lone surrogate');
            rebuilt += t.text;
            prev = t.end;
          }
          assert.equal(rebuilt, text.replace(/\s/gu, ''));
        }),
        { numRuns: RUNS },
      );
    });
  }

  it('tokenizeClinical: every token edge is a tokenize edge, so clinical spans are on word boundaries too', () => {
    fc.assert(
      fc.property(fc.oneof(textArb, clinicalTextArb), (text) => {
        const fine = tokenize(text);
        const starts = new Set(fine.map((t) => t.start));
        const ends = new Set(fine.map((t) => t.end));
        for (const t of tokenizeClinical(text)) {
          assert.ok(starts.has(t.start) && ends.has(t.end), `${JSON.stringify(t)} in ${JSON.stringify(text)}`);
          assert.ok(onTokenBoundaries(text, t.start, t.end));
        }
      }),
      { numRuns: RUNS },
    );
  });

  it('tokenizeClinical: inner punctuation is never split, only edges and the final period', () => {
    const SPLIT = /^[,;:()[\]{}"'\u201C\u201D\u2018\u2019?!.]$/u;
    fc.assert(
      fc.property(clinicalTextArb, (text) => {
        const tokens = tokenizeClinical(text);
        for (let i = 1; i < tokens.length; i++) {
          // Two tokens touch only where one of them is a split punctuation mark.
          if (tokens[i].start === tokens[i - 1].end) {
            assert.ok(SPLIT.test(tokens[i].text) || SPLIT.test(tokens[i - 1].text), `${tokens[i - 1].text}|${tokens[i].text} in ${JSON.stringify(text)}`);
          }
        }
        // A period split off a word is the sentence's final one: nothing but edge punctuation
        // follows it. (A `.` left over when edge marks came off, as in `[.`, was never part of a word.)
        tokens.forEach((t, i) => {
          if (t.text === '.' && i > 0 && tokens[i - 1].end === t.start && !SPLIT.test(tokens[i - 1].text)) {
            assert.ok(
              tokens.slice(i + 1).every((u) => /^[,;:()[\]{}"'\u201C\u201D\u2018\u2019?!]$/u.test(u.text)),
              JSON.stringify(text),
            );
          }
        });
      }),
      { numRuns: RUNS },
    );
  });

  it('onTokenBoundaries agrees with tokenize at code point boundaries', () => {
    fc.assert(
      fc.property(textArb, fc.nat(), fc.nat(), (text, a, b) => {
        const points: number[] = [];
        for (let i = 0; i < text.length; i += text.codePointAt(i)! > 0xffff ? 2 : 1) points.push(i);
        points.push(text.length);
        let start = points[a % points.length];
        let end = points[b % points.length];
        if (start > end) [start, end] = [end, start];
        if (start === end || /\s/.test(text[start]) || /\s/.test(text[end - 1])) return;
        const tokens = tokenize(text);
        const aligned = tokens.some((t) => t.start === start) && tokens.some((t) => t.end === end);
        assert.equal(onTokenBoundaries(text, start, end), aligned, `${JSON.stringify(text)} [${start}, ${end})`);
      }),
      { numRuns: RUNS },
    );
  });

  it('medtuned: the prompt input is the tokens joined by single spaces (clinical: tokenizeClinical, literature: tokenize)', () => {
    const DISEASE: NerGroup = { id: 'disease', types: ['disease'] };
    fc.assert(
      fc.property(
        clinicalTextArb.filter((t) => tokenize(t).length > 0),
        (sentence) => {
          for (const [group, tok] of [
            [CLINICAL, tokenizeClinical],
            [DISEASE, tokenize],
          ] as const) {
            const req = medtuned.nerRequest(sentence, group);
            assert.ok(req.kind === 'generate');
            const m = /\n ### Input: (.*?)\n ### Output:/s.exec(req.prompt);
            assert.ok(m, JSON.stringify(req.prompt));
            assert.deepEqual(
              m[1].split(' '),
              tok(sentence).map((t) => t.text),
            );
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('A, clinical: a perfect typed answer over the clinical tokens gives exactly the gold spans', () => {
    let withGold = 0;
    let withNonBmpGold = 0;
    fc.assert(
      fc.property(sentenceWithGold(CLINICAL_TYPES, tokenizeClinical, clinicalTextArb), ({ sentence, tokens, gold }) => {
        if (gold.length > 0) withGold++;
        if (gold.some((g) => /[\u{10000}-\u{10FFFF}]/u.test(sentence.slice(0, g.end)))) withNonBmpGold++;
        const r = medtuned.parseNer(sentence, CLINICAL, answer(perfectLines(tokens, gold, true).join('\n')));
        const expected = asParsed(sentence, gold);
        assert.deepEqual(triple(r.mentions), triple(expected.kept));
        for (const m of r.mentions) assert.equal(m.text, sentence.slice(m.start, m.end));
        assert.equal(r.dropped, expected.dropped);
      }),
      { numRuns: RUNS },
    );
    // The generator is not vacuous: most runs have gold, many after non-BMP characters.
    assert.ok(withGold > RUNS / 2, `only ${withGold} runs with gold`);
    assert.ok(withNonBmpGold > RUNS / 10, `only ${withNonBmpGold} runs with non-BMP text before gold`);
  });

  it('A, literature: a perfect bare B/I answer gives exactly the gold spans of that one type', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...LITERATURE_TYPES).chain((type) => sentenceWithGold([type]).map((x) => ({ ...x, type }))),
        ({ sentence, tokens, gold, type }) => {
          const group: NerGroup = { id: type, types: [type] };
          const r = medtuned.parseNer(sentence, group, answer(perfectLines(tokens, gold, false).join('\n')));
          assert.deepEqual(triple(r.mentions), triple(asParsed(sentence, gold).kept));
          for (const m of r.mentions) assert.equal(m.text, sentence.slice(m.start, m.end));
        },
      ),
      { numRuns: RUNS },
    );
  });

  it('A, soundness: with lines deleted or duplicated, every span is on token edges and shows the text', () => {
    const edit = fc.array(fc.constantFrom('keep', 'keep', 'keep', 'drop', 'dup'), { minLength: 40, maxLength: 40 });
    // Answers are built over either tokenisation and parsed by either group: mismatched
    // lines must still never give a span off the token edges.
    const goldArb = fc.oneof(sentenceWithGold(CLINICAL_TYPES), sentenceWithGold(CLINICAL_TYPES, tokenizeClinical, clinicalTextArb));
    fc.assert(
      fc.property(fc.boolean(), goldArb, edit, fc.constantFrom('stop', 'length'), (typed, { sentence, tokens, gold }, edits, doneReason) => {
        const lines = perfectLines(tokens, gold, typed);
        const edited: string[] = [];
        lines.forEach((l, i) => {
          const e = edits[i % edits.length];
          if (e !== 'drop') edited.push(l);
          if (e === 'dup') edited.push(l);
        });
        const group: NerGroup = typed ? CLINICAL : { id: 'disease', types: ['disease'] };
        const r = medtuned.parseNer(sentence, group, answer(edited.join('\n'), doneReason));
        checkSound(sentence, r.mentions, group.types);
        assert.equal(r.truncated, doneReason === 'length');
      }),
      { numRuns: RUNS },
    );
  });

  it("maskedInput, clinical: the clinical tokens with each mention's tokens replaced by its mask", () => {
    const WORDY = /[\p{L}\p{N}]/u;
    fc.assert(
      fc.property(
        sentenceWithGold(CLINICAL_TYPES, tokenizeClinical, clinicalTextArb).filter(({ gold }) => gold.length >= 2),
        fc.boolean(),
        ({ sentence, tokens, gold }, headFirst) => {
          const [a, b] = gold;
          // Mentions are words: they begin and end on a token with a letter or digit.
          fc.pre([a, b].every((g) => WORDY.test(tokens[g.first].text) && WORDY.test(tokens[g.last].text)));
          const mk = (g: Gold): Mention => ({ start: g.start, end: g.end, type: g.type, text: sentence.slice(g.start, g.end) });
          const [head, tail] = headFirst ? [mk(a), mk(b)] : [mk(b), mk(a)];
          const expected = [
            ...tokens.slice(0, a.first).map((t) => t.text),
            maskOf(a.type),
            ...tokens.slice(a.last + 1, b.first).map((t) => t.text),
            maskOf(b.type),
            ...tokens.slice(b.last + 1).map((t) => t.text),
          ].join(' ');
          assert.equal(maskedInput(sentence, { kind: 'clinical', head, tail }), expected);
        },
      ),
      { numRuns: RUNS },
    );
  });

  /** Whether gold `g`'s tokens occur again, with the same spacing, as the tokens starting at k. */
  function sameSurfaceAt(tokens: Token[], g: Gold, k: number): boolean {
    const n = g.last - g.first + 1;
    if (k + n > tokens.length) return false;
    for (let m = 0; m < n; m++) {
      if (tokens[k + m].text !== tokens[g.first + m].text) return false;
      if (m > 0) {
        const gapHere = tokens[k + m].start > tokens[k + m - 1].end;
        const gapGold = tokens[g.first + m].start > tokens[g.first + m - 1].end;
        if (gapHere !== gapGold) return false;
      }
    }
    return true;
  }

  it('B, json: an answer listing the gold texts in order gives exactly the gold spans', () => {
    const GROUP: NerGroup = { id: [...ENTITY_TYPES].sort().join('+'), types: ENTITY_TYPES };
    let multi = 0;
    fc.assert(
      fc.property(sentenceWithGold(ENTITY_TYPES), ({ sentence, tokens, gold }) => {
        // A surface string cannot tell occurrences apart: when the same text (up to
        // whitespace) also stands on token boundaries between the previous mention and
        // this one, the first occurrence is as good an answer as the gold one. Such cases
        // are genuinely ambiguous and left out.
        let prevEndToken = 0;
        for (const g of gold) {
          for (let k = prevEndToken; k < g.first; k++) fc.pre(!sameSurfaceAt(tokens, g, k));
          prevEndToken = g.last + 1;
        }
        const body = JSON.stringify({
          entities: gold.map((g) => ({ text: sentence.slice(g.start, g.end), type: g.type })),
        });
        const r = json.parseNer(sentence, GROUP, answer(body));
        const expected = asParsed(sentence, gold);
        assert.deepEqual(triple(r.mentions), triple(expected.kept));
        for (const m of r.mentions) assert.equal(m.text, sentence.slice(m.start, m.end));
        assert.equal(r.dropped, expected.dropped);
        if (gold.length >= 2) multi++;
      }),
      { numRuns: RUNS },
    );
    // (Not vacuous: usually 82 to 127 of the 300 runs hold two or more gold spans; one CI run, with no fixed seed,
    // got 71 and failed a bound of a quarter. A sixth still fails a generator that rarely makes two.)
    assert.ok(multi > RUNS / 6, `only ${multi} runs with two or more gold spans`);
  });

  it('B, json: the same holds when the model writes the mentions with other whitespace', () => {
    const GROUP: NerGroup = { id: 'problem', types: ['problem'] };
    fc.assert(
      fc.property(sentenceWithGold(['problem']), fc.constantFrom(' ', '\n', '  '), ({ sentence, tokens, gold }, ws) => {
        let prevEndToken = 0;
        for (const g of gold) {
          for (let k = prevEndToken; k < g.first; k++) fc.pre(!sameSurfaceAt(tokens, g, k));
          prevEndToken = g.last + 1;
        }
        const body = JSON.stringify({
          entities: gold.map((g) => ({ text: sentence.slice(g.start, g.end).replace(/\s+/g, ws), type: 'problem' })),
        });
        const r = json.parseNer(sentence, GROUP, answer(body));
        assert.deepEqual(triple(r.mentions), triple(asParsed(sentence, gold).kept));
      }),
      { numRuns: RUNS },
    );
  });

  it('C, json: for any answer, every mention shows exactly the text at its offsets, and all are accounted for', () => {
    const GROUP: NerGroup = { id: 'problem+test+treatment', types: CLINICAL_TYPES };
    const surfaceArb = (sentence: string) =>
      fc.oneof(
        fc.string(),
        fc.string({ unit: 'grapheme', maxLength: 6 }),
        fc.string({ unit: 'binary', maxLength: 4 }),
        fc.constantFrom(...WORDS, ...PUNCT, ...EMOJI, '\uD83D', '\uDE00', '\u0301', ' ', ''),
        fc.tuple(fc.nat({ max: sentence.length }), fc.nat({ max: 12 })).map(([s, n]) => sentence.slice(s, s + n)),
        fc
          .tuple(fc.nat({ max: sentence.length }), fc.nat({ max: 12 }), fc.boolean())
          .map(([s, n, up]) => (up ? sentence.slice(s, s + n).toUpperCase() : sentence.slice(s, s + n).toLowerCase())),
      );
    const typeArb = fc.constantFrom('problem', 'treatment', 'test', 'Problems', 'disease', 'occurrence', '');
    let found = 0;
    fc.assert(
      fc.property(
        textArb.chain((sentence) =>
          fc.record({
            sentence: fc.constant(sentence),
            entities: fc.array(fc.record({ text: surfaceArb(sentence), type: typeArb }), { maxLength: 8 }),
          }),
        ),
        ({ sentence, entities }) => {
          const r = json.parseNer(sentence, GROUP, answer(JSON.stringify({ entities })));
          checkSound(sentence, r.mentions, CLINICAL_TYPES);
          assert.equal(r.mentions.length + r.dropped, entities.length);
          if (r.mentions.length > 0) found++;
        },
      ),
      { numRuns: RUNS },
    );
    // (The generator is not vacuous. Usually 37 to 52 of 300 random answers name text the sentence holds, and one
    // CI run, with no fixed seed, fell to 30; a twentieth still fails a generator that locates nothing.)
    assert.ok(found > RUNS / 20, `only ${found} runs located any mention`);
  });
});
