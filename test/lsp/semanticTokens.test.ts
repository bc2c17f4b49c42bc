import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { decode, encode, flatten, LEGEND, LineToken, sentenceTokens, toLineTokens, TOKEN_MODIFIERS } from '../../server/src/lsp/semanticTokens';
import { EntityType, Mention } from '../../server/src/engine/types';
import { mulberry32 } from '../../server/src/engine/random';
import { SemanticTokensBuilder } from 'vscode-languageserver/node';

function doc(text: string): TextDocument {
  return TextDocument.create('file:///note.note', 'clinical-note', 1, text);
}
function ent(text: string, sub: string, type: EntityType, extra: Partial<Mention> = {}, from = 0): Mention {
  const start = text.indexOf(sub, from);
  assert.ok(start >= 0, `test set-up: ${sub}`);
  return { start, end: start + sub.length, type, text: sub, ...extra };
}
const T = (name: EntityType) => LEGEND.tokenTypes.indexOf(name);

/** The text each token covers. */
function covered(d: TextDocument, tokens: LineToken[]): string[] {
  return tokens.map((t) => d.getText({ start: { line: t.line, character: t.character }, end: { line: t.line, character: t.character + t.length } }));
}

describe('semantic tokens: legend', () => {
  it('has the token types in the public order, PHI appended', () => {
    assert.deepEqual(LEGEND.tokenTypes, ['problem', 'treatment', 'test', 'disease', 'chemical', 'gene', 'phi']);
  });

  it('has the modifiers negated, uncertain, related, then the ConText statuses and the curation marks appended (old bits unchanged)', () => {
    const order = ['negated', 'uncertain', 'related', 'possible', 'historical', 'hypothetical', 'family', 'suggested', 'curated'];
    assert.deepEqual(LEGEND.tokenModifiers, order);
    assert.deepEqual([...TOKEN_MODIFIERS], order);
  });
});

describe('flatten', () => {
  const m = (start: number, end: number, type: EntityType = 'problem'): Mention => ({ start, end, type, text: '' });

  it('keeps disjoint entities, sorted by start', () => {
    assert.deepEqual(
      flatten([m(10, 12), m(0, 4), m(5, 8)]).map((e) => [e.start, e.end]),
      [
        [0, 4],
        [5, 8],
        [10, 12],
      ],
    );
  });

  it('drops an entity inside an earlier one', () => {
    assert.deepEqual(
      flatten([m(0, 10, 'problem'), m(2, 5, 'test')]).map((e) => [e.start, e.end, e.type]),
      [[0, 10, 'problem']],
    );
  });

  it('the longer of two entities with one start wins', () => {
    assert.deepEqual(
      flatten([m(0, 5, 'test'), m(0, 10, 'problem')]).map((e) => [e.start, e.end, e.type]),
      [[0, 10, 'problem']],
    );
  });

  it('a later overlapping entity keeps only what sticks out', () => {
    assert.deepEqual(
      flatten([m(0, 10, 'problem'), m(5, 15, 'treatment')]).map((e) => [e.start, e.end, e.type]),
      [
        [0, 10, 'problem'],
        [10, 15, 'treatment'],
      ],
    );
  });

  it('an entity contained in an earlier one does not shorten the reach', () => {
    assert.deepEqual(
      flatten([m(0, 20), m(2, 5), m(8, 25, 'test')]).map((e) => [e.start, e.end]),
      [
        [0, 20],
        [20, 25],
      ],
    );
  });

  it('the result never overlaps and does not modify the input', () => {
    const input = [m(3, 9), m(0, 4), m(8, 12), m(8, 9), m(11, 20), m(30, 31)];
    const copy = JSON.parse(JSON.stringify(input));
    const out = flatten(input);
    for (let i = 1; i < out.length; i++) assert.ok(out[i - 1].end <= out[i].start);
    for (const e of out) assert.ok(e.start < e.end);
    assert.deepEqual(input, copy);
  });
});

describe('toLineTokens', () => {
  it('one token per single-line entity with its type index and modifiers', () => {
    const text = 'He denied chest pain.\nGiven aspirin.';
    const d = doc(text);
    const toks = toLineTokens(d, [
      ent(text, 'chest pain', 'problem', { negated: true }),
      ent(text, 'aspirin', 'treatment', { possible: true, uncertain: true }),
    ]);
    // possible sets its bit (8) and the old uncertain bit (2).
    assert.deepEqual(toks, [
      { line: 0, character: 10, length: 10, type: T('problem'), modifiers: 1 },
      { line: 1, character: 6, length: 7, type: T('treatment'), modifiers: 2 | 8 },
    ]);
  });

  it('modifier bits: one per status in legend order; none gives 0; old data with only uncertain counts as possible', () => {
    const text = 'x fever y';
    const d = doc(text);
    const bits = (extra: Partial<Mention>) => toLineTokens(d, [ent(text, 'fever', 'problem', extra)])[0].modifiers;
    const bit = (name: string) => 1 << LEGEND.tokenModifiers.indexOf(name);
    assert.equal(bits({ negated: true, possible: true, uncertain: true }), bit('negated') | bit('possible') | bit('uncertain'));
    assert.equal(bits({ uncertain: true }), bit('possible') | bit('uncertain'));
    assert.equal(bits({ historical: true }), bit('historical'));
    assert.equal(bits({ hypothetical: true }), bit('hypothetical'));
    assert.equal(bits({ family: true, related: true }), bit('family') | bit('related'));
    assert.equal(bits({ negated: false, possible: false, historical: false, hypothetical: false, family: false }), 0);
    assert.equal(toLineTokens(d, [ent(text, 'fever', 'problem')])[0].modifiers, 0);
    assert.equal(toLineTokens(d, [ent(text, 'fever', 'gene')])[0].type, 5);
  });

  it('splits a multi-line entity into one token per line (LF), never covering the line break', () => {
    const text = 'Denies chest\npain today.';
    const d = doc(text);
    const toks = toLineTokens(d, [ent(text, 'chest\npain', 'problem')]);
    assert.deepEqual(toks, [
      { line: 0, character: 7, length: 5, type: 0, modifiers: 0 },
      { line: 1, character: 0, length: 4, type: 0, modifiers: 0 },
    ]);
    assert.deepEqual(covered(d, toks), ['chest', 'pain']);
  });

  it('splits a multi-line entity on CRLF without the \\r', () => {
    const text = 'Denies chest\r\npain today.';
    const d = doc(text);
    const toks = toLineTokens(d, [ent(text, 'chest\r\npain', 'problem')]);
    assert.deepEqual(toks, [
      { line: 0, character: 7, length: 5, type: 0, modifiers: 0 },
      { line: 1, character: 0, length: 4, type: 0, modifiers: 0 },
    ]);
    assert.deepEqual(covered(d, toks), ['chest', 'pain']);
  });

  it('an entity over three lines with indentation gives three tokens without the indentation', () => {
    const text = 'a shortness\r\n   of\r\n\tbreath b';
    const d = doc(text);
    const toks = toLineTokens(d, [ent(text, 'shortness\r\n   of\r\n\tbreath', 'problem')]);
    assert.deepEqual(covered(d, toks), ['shortness', 'of', 'breath']);
    assert.deepEqual(
      toks.map((t) => [t.line, t.character]),
      [
        [0, 2],
        [1, 3],
        [2, 1],
      ],
    );
    for (const c of covered(d, toks)) assert.doesNotMatch(c, /[\r\n]/);
  });

  it('an entity that spans an empty line gives no token for it', () => {
    const text = 'chest\n\npain';
    const d = doc(text);
    const toks = toLineTokens(d, [{ start: 0, end: text.length, type: 'problem', text }]);
    assert.deepEqual(covered(d, toks), ['chest', 'pain']);
    assert.deepEqual(
      toks.map((t) => t.line),
      [0, 2],
    );
  });

  it('characters count UTF-16 units after non-BMP text on the line', () => {
    const text = '😀𝐀 took 𝐀spirin for 𠜎 pain';
    const d = doc(text);
    const toks = toLineTokens(d, [ent(text, '𝐀spirin', 'treatment'), ent(text, 'pain', 'problem')]);
    assert.deepEqual(toks, [
      { line: 0, character: 10, length: 8, type: T('treatment'), modifiers: 0 },
      { line: 0, character: 26, length: 4, type: T('problem'), modifiers: 0 },
    ]);
    assert.deepEqual(covered(d, toks), ['𝐀spirin', 'pain']);
  });

  it('overlapping entities are flattened before splitting', () => {
    const text = 'chest pain radiating';
    const d = doc(text);
    const toks = toLineTokens(d, [
      { start: 0, end: 10, type: 'problem', text: 'chest pain' },
      { start: 6, end: 20, type: 'test', text: 'pain radiating' },
    ]);
    assert.deepEqual(
      toks.map((t) => [t.character, t.length, t.type]),
      [
        [0, 10, T('problem')],
        [11, 9, T('test')],
      ],
    );
  });

  it('range filtering keeps only entities that touch the range, whole', () => {
    const text = 'fever\ncough\nchest\npain\nrash';
    const d = doc(text);
    const es = [ent(text, 'fever', 'problem'), ent(text, 'cough', 'problem'), ent(text, 'chest\npain', 'problem'), ent(text, 'rash', 'problem')];
    // The range covers line 2 only (chest); the entity chest\npain still gives both its lines.
    const range = { start: d.offsetAt({ line: 2, character: 0 }), end: d.offsetAt({ line: 3, character: 0 }) };
    const toks = toLineTokens(d, es, range);
    assert.deepEqual(covered(d, toks), ['chest', 'pain']);
    // Touching edges do not count: the range [end of cough, start of chest) holds neither.
    const between = { start: text.indexOf('cough') + 5, end: text.indexOf('chest') };
    assert.deepEqual(toLineTokens(d, es, between), []);
    assert.equal(toLineTokens(d, es).length, 5);
  });

  it('no entities: no tokens', () => {
    assert.deepEqual(toLineTokens(doc('text'), []), []);
  });
});

describe('encode / decode', () => {
  it('encode gives relative LSP data', () => {
    const data = encode([
      { line: 0, character: 10, length: 10, type: 0, modifiers: 1 },
      { line: 0, character: 25, length: 3, type: 1, modifiers: 0 },
      { line: 2, character: 4, length: 5, type: 2, modifiers: 2 },
    ]);
    assert.deepEqual(data, [0, 10, 10, 0, 1, 0, 15, 3, 1, 0, 2, 4, 5, 2, 2]);
  });

  it('decode inverts encode', () => {
    const tokens: LineToken[] = [
      { line: 0, character: 3, length: 4, type: 0, modifiers: 0 },
      { line: 0, character: 9, length: 2, type: 3, modifiers: 3 },
      { line: 1, character: 0, length: 7, type: 5, modifiers: 1 },
      { line: 4, character: 12, length: 1, type: 2, modifiers: 2 },
      { line: 4, character: 14, length: 6, type: 4, modifiers: 0 },
    ];
    assert.deepEqual(decode(encode(tokens)), tokens);
  });

  it('round trip from a document with multi-line, CRLF and non-BMP entities', () => {
    const text = '😀 Denies chest\r\npain and fever.\n𝐀spirin given;\nno\r\nrash';
    const d = doc(text);
    const toks = toLineTokens(d, [
      ent(text, 'chest\r\npain', 'problem', { negated: true }),
      ent(text, 'fever', 'problem', { negated: true }),
      ent(text, '𝐀spirin', 'chemical'),
      ent(text, 'rash', 'problem', { negated: true }),
    ]);
    assert.equal(toks.length, 5);
    assert.deepEqual(decode(encode(toks)), toks);
    assert.deepEqual(covered(d, decode(encode(toks))), ['chest', 'pain', 'fever', '𝐀spirin', 'rash']);
  });

  it('empty data decodes to no tokens', () => {
    assert.deepEqual(encode([]), []);
    assert.deepEqual(decode([]), []);
  });
});

describe('semantic tokens against their definition, on random notes', () => {
  /**
   * The definition, one character at a time: a token is a run of an entity's characters on
   * one line (TextDocument's lines: LF, CRLF or a lone CR), without line breaks and without
   * the white space that starts it; entities already flattened.
   */
  function reference(d: TextDocument, entities: Mention[]): LineToken[] {
    const text = d.getText();
    const out: LineToken[] = [];
    for (const e of flatten(entities)) {
      let run: { line: number; character: number; length: number } | undefined;
      const close = () => {
        if (run) out.push({ ...run, type: LEGEND.tokenTypes.indexOf(e.type), modifiers: 0 });
        run = undefined;
      };
      for (let i = e.start; i < e.end; i++) {
        const p = d.positionAt(i);
        if (text[i] === '\n' || text[i] === '\r') close();
        else if (run && run.line === p.line) run.length++;
        else {
          close();
          if (!/\s/.test(text[i])) run = { line: p.line, character: p.character, length: 1 };
        }
      }
      close();
    }
    return out;
  }

  it('every token where the definition puts it, through LF, CRLF, lone CR, blank lines, tabs and pairs above U+FFFF; encoded as the LSP library encodes', () => {
    const rand = mulberry32(5);
    const pieces = ['a', 'b', ' ', '\t', '\n', '\r\n', '\r', '😀', 'é', 'fever', '\n\n'];
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 1 + Math.floor(rand() * 40) }, () => pieces[Math.floor(rand() * pieces.length)]).join('');
      const d = doc(text);
      const entities: Mention[] = Array.from({ length: Math.floor(rand() * 8) }, () => {
        const start = Math.floor(rand() * text.length);
        // Whole UTF-16 pairs only, as the engine's offsets are.
        const end = Math.min(text.length, start + 1 + Math.floor(rand() * 12));
        return { start, end, type: 'problem' as EntityType, text: text.slice(start, end) };
      }).filter((e) => !/[\uDC00-\uDFFF]/.test(text[e.start] ?? '') && !/[\uDC00-\uDFFF]/.test(text[e.end] ?? ''));
      const tokens = toLineTokens(d, entities);
      assert.deepEqual(tokens, reference(d, entities), JSON.stringify({ text, entities: entities.map((e) => [e.start, e.end]) }));
      const builder = new SemanticTokensBuilder();
      for (const t of tokens) builder.push(t.line, t.character, t.length, t.type, t.modifiers);
      assert.deepEqual(encode(tokens), builder.build().data);
    }
  });

  it('the same tokens when asked again for the same text and after the text changed (the line table is the text’s)', () => {
    const a = doc('fever\nand cough');
    const b = doc('and cough\nfever');
    const fever = (d: TextDocument) => [
      { start: d.getText().indexOf('fever'), end: d.getText().indexOf('fever') + 5, type: 'problem' as EntityType, text: 'fever' },
    ];
    assert.deepEqual(toLineTokens(a, fever(a))[0].line, 0);
    assert.deepEqual(toLineTokens(b, fever(b))[0].line, 1);
    assert.deepEqual(toLineTokens(a, fever(a))[0].line, 0);
  });
});

describe('semantic tokens per sentence (what an analysis holds)', () => {
  it('the same tokens as over the entities in document offsets; a sentence whose arrays came unchanged is not flattened again', () => {
    const rand = mulberry32(9);
    const words = ['fever', ' ', '\n', '\r\n', 'chest pain', '😀', '\t', 'no'];
    for (let round = 0; round < 200; round++) {
      // Sentences side by side, each with mentions in sentence offsets, in any order, overlapping.
      const sentences: { start: number; mentions: Mention[]; related: boolean[] }[] = [];
      let text = '';
      for (let k = 0; k < 1 + Math.floor(rand() * 5); k++) {
        const body = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => words[Math.floor(rand() * words.length)]).join('');
        const mentions: Mention[] = Array.from({ length: Math.floor(rand() * 4) }, () => {
          const start = Math.floor(rand() * body.length);
          const end = Math.min(body.length, start + 1 + Math.floor(rand() * 10));
          return {
            start,
            end,
            type: (['problem', 'test', 'treatment'] as EntityType[])[Math.floor(rand() * 3)],
            text: body.slice(start, end),
            negated: rand() < 0.3,
          };
        }).filter((m) => !/[\uDC00-\uDFFF]/.test(body[m.start] ?? '') && !/[\uDC00-\uDFFF]/.test(body[m.end] ?? ''));
        sentences.push({ start: text.length, mentions, related: mentions.map(() => rand() < 0.5) });
        text += body + ' ';
      }
      const d = doc(text);
      const inDocument = sentences.flatMap((s) =>
        s.mentions
          .map((m, i) => ({ ...m, start: m.start + s.start, end: m.end + s.start, related: s.related[i] }))
          .sort((a, b) => a.start - b.start || b.end - a.end),
      );
      const expected = toLineTokens(d, inDocument);
      assert.deepEqual(sentenceTokens(d, sentences), expected);
      const range = { start: Math.floor(rand() * text.length), end: text.length };
      assert.deepEqual(sentenceTokens(d, sentences, range), toLineTokens(d, inDocument, range));
      // The same arrays again (an edit elsewhere): the same tokens; new flags: new modifiers.
      assert.deepEqual(sentenceTokens(d, sentences), expected);
      const flipped = sentences.map((s) => ({ ...s, related: s.related.map((r) => !r) }));
      const flippedDoc = sentences.flatMap((s) =>
        s.mentions
          .map((m, i) => ({ ...m, start: m.start + s.start, end: m.end + s.start, related: !s.related[i] }))
          .sort((a, b) => a.start - b.start || b.end - a.end),
      );
      assert.deepEqual(sentenceTokens(d, flipped), toLineTokens(d, flippedDoc));
    }
  });
});
