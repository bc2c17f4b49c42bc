import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { encode, sentenceTokens } from '../../server/src/lsp/semanticTokens';
import { NoteTokens, tokenWork } from '../../server/src/lsp/tokenSplice';
import { EntityType, Mention } from '../../server/src/engine/types';
import { mulberry32 } from '../../server/src/engine/random';

/** A sentence as an analysis holds it: its text, and mention and relation arrays kept while it is unchanged. */
interface Sentence {
  body: string;
  mentions: Mention[];
  related: boolean[];
}

const WORDS = ['fever', ' ', '\n', '\r\n', '\r', 'chest pain', '😀', '\t', 'no', 'é'];
const GAPS = [' ', '\n', '\r\n', '\r', '\n\n', ' \r', '😀 ', '', 'x. '];

function note(rand: () => number): { gaps: string[]; sentences: Sentence[] } {
  const sentences = Array.from({ length: 1 + Math.floor(rand() * 12) }, () => sentence(rand));
  return { sentences, gaps: [...sentences.map(() => pick(rand, GAPS)), pick(rand, GAPS)] };
}

function pick<T>(rand: () => number, xs: readonly T[]): T {
  return xs[Math.floor(rand() * xs.length)];
}

function sentence(rand: () => number, body = Array.from({ length: 1 + Math.floor(rand() * 8) }, () => pick(rand, WORDS)).join('')): Sentence {
  const mentions = freshMentions(rand, body);
  return { body, mentions, related: mentions.map(() => rand() < 0.5) };
}

function freshMentions(rand: () => number, body: string): Mention[] {
  return Array.from({ length: Math.floor(rand() * 4) }, () => {
    const start = Math.floor(rand() * body.length);
    const end = Math.min(body.length, start + 1 + Math.floor(rand() * 10));
    return { start, end, type: pick(rand, ['problem', 'test', 'treatment'] as EntityType[]), text: body.slice(start, end), negated: rand() < 0.3 };
    // Whole UTF-16 pairs only, as the engine's offsets are.
  }).filter((m) => !/[\uDC00-\uDFFF]/.test(body[m.start] ?? '') && !/[\uDC00-\uDFFF]/.test(body[m.end] ?? ''));
}

/** The text and what `sentenceEntities()` gives: sentences with mentions, in order, with their starts. */
function render(n: { gaps: string[]; sentences: Sentence[] }) {
  let text = n.gaps[0];
  const held: { start: number; mentions: Mention[]; related: boolean[] }[] = [];
  n.sentences.forEach((s, i) => {
    if (s.mentions.length) held.push({ start: text.length, mentions: s.mentions, related: s.related });
    text += s.body + n.gaps[i + 1];
  });
  return { text, held };
}

/**
 * `render`'s rows as the views give them: one row object per unchanged sentence, kept across
 * versions, its start moved in place where an edit moved the sentence (views.ts).
 */
function renderInPlace(n: { gaps: string[]; sentences: Sentence[] }, rows: WeakMap<Sentence, { start: number; mentions: Mention[]; related: boolean[] }>) {
  let text = n.gaps[0];
  const held: { start: number; mentions: Mention[]; related: boolean[] }[] = [];
  n.sentences.forEach((s, i) => {
    if (s.mentions.length) {
      let row = rows.get(s);
      if (!row) rows.set(s, (row = { start: text.length, mentions: s.mentions, related: s.related }));
      row.start = text.length;
      held.push(row);
    }
    text += s.body + n.gaps[i + 1];
  });
  return { text, held };
}

/** One random change, as an edit reaches the analysis: an edited sentence gets new arrays, others keep theirs. */
function change(rand: () => number, n: { gaps: string[]; sentences: Sentence[] }): void {
  const i = Math.floor(rand() * n.sentences.length);
  const r = rand();
  if (r < 0.3) {
    // A keystroke in a sentence: its text and arrays are new.
    const body = n.sentences[i].body;
    const at = Math.floor(rand() * (body.length + 1));
    const cut = at + Math.floor(rand() * 3);
    n.sentences[i] = sentence(rand, body.slice(0, at) + pick(rand, WORDS) + body.slice(cut));
  } else if (r < 0.5) {
    // Between sentences (a line break typed or removed): no sentence changes.
    const g = Math.floor(rand() * n.gaps.length);
    n.gaps[g] = rand() < 0.5 ? pick(rand, GAPS) : n.gaps[g] + pick(rand, GAPS);
  } else if (r < 0.6) {
    n.sentences.splice(i, 0, sentence(rand));
    n.gaps.splice(i, 0, pick(rand, GAPS));
  } else if (r < 0.7 && n.sentences.length > 1) {
    n.sentences.splice(i, 1);
    n.gaps.splice(i, 1);
  } else if (r < 0.85) {
    // An answer arrived: new mentions, the text unchanged.
    const s = n.sentences[i];
    const mentions = freshMentions(rand, s.body);
    n.sentences[i] = { body: s.body, mentions, related: mentions.map(() => rand() < 0.5) };
  } else {
    // A relation found or lost: new flags.
    const s = n.sentences[i];
    n.sentences[i] = { ...s, related: s.related.map((x) => (rand() < 0.5 ? !x : x)) };
  }
}

/** The edit turning `a` into `b`, as one incremental change of TextDocument. */
function update(doc: TextDocument, b: string): TextDocument {
  const a = doc.getText();
  let p = 0;
  while (p < Math.min(a.length, b.length) && a[p] === b[p]) p++;
  let s = 0;
  while (s < Math.min(a.length, b.length) - p && a[a.length - 1 - s] === b[b.length - 1 - s]) s++;
  // A position never falls between the \r and \n of a line break.
  if (p > 0 && a[p - 1] === '\r') p--;
  if (s > 0 && a[a.length - s - 1] === '\r' && a[a.length - s] === '\n') s--;
  const range = { start: doc.positionAt(p), end: doc.positionAt(a.length - s) };
  return TextDocument.update(doc, [{ range, text: b.slice(p, b.length - s) }], doc.version + 1);
}

/** 2,000 like sentences, five to a line. */
function longNote(rand: () => number): { gaps: string[]; sentences: Sentence[] } {
  const sentences = Array.from({ length: 2000 }, () => sentence(rand, 'Patient has fever and chest pain today.'));
  return { sentences, gaps: [...sentences.map((_, i) => (i % 5 === 4 ? '\n' : ' ')), '\n'] };
}

describe('semantic tokens made only where the note changed (tokenSplice)', () => {
  it('equal to the whole computation after random edits and answers: LF, CRLF, lone CR, pairs above U+FFFF, tokens over line breaks', () => {
    const rand = mulberry32(17);
    for (let round = 0; round < 300; round++) {
      const n = note(rand);
      let { text, held } = render(n);
      let doc = TextDocument.create('file:///n.note', 'clinical-note', 1, text);
      const tokens = new NoteTokens();
      assert.deepEqual([...tokens.encoded(doc, held)], encode(sentenceTokens(doc, held)));
      for (let step = 0; step < 30; step++) {
        const steps = 1 + Math.floor(rand() * 2);
        for (let k = 0; k < steps; k++) change(rand, n);
        ({ text, held } = render(n));
        doc = update(doc, text);
        assert.equal(doc.getText(), text);
        assert.deepEqual([...tokens.encoded(doc, held)], encode(sentenceTokens(doc, held)), JSON.stringify({ round, step, text }));
      }
    }
  });

  it('equal to the whole computation where the rows are the same objects across versions, their starts moved in place', () => {
    const rand = mulberry32(29);
    for (let round = 0; round < 200; round++) {
      const n = note(rand);
      const rows = new WeakMap<Sentence, { start: number; mentions: Mention[]; related: boolean[] }>();
      let { text, held } = renderInPlace(n, rows);
      let doc = TextDocument.create('file:///n.note', 'clinical-note', 1, text);
      const tokens = new NoteTokens();
      tokens.encoded(doc, held);
      for (let step = 0; step < 30; step++) {
        // (A line break typed before a sentence moves its row: the kept tokens' start must be the one they had.)
        change(rand, n);
        ({ text, held } = renderInPlace(n, rows));
        doc = update(doc, text);
        assert.deepEqual([...tokens.encoded(doc, held)], encode(sentenceTokens(doc, held)), JSON.stringify({ round, step, text }));
      }
    }
  });

  /** Twenty keystrokes in sentences 1000 to 1019 of a long note, rendered by `view`: each makes the tokens of a few sentences. */
  function keystrokesInLongNote(seed: number, view: (n: { gaps: string[]; sentences: Sentence[] }) => ReturnType<typeof render>): void {
    const rand = mulberry32(seed);
    const n = longNote(rand);
    let { text, held } = view(n);
    let doc = TextDocument.create('file:///n.note', 'clinical-note', 1, text);
    const tokens = new NoteTokens();
    tokens.encoded(doc, held);
    for (let k = 0; k < 20; k++) {
      const i = 1000 + k;
      n.sentences[i] = sentence(rand, n.sentences[i].body.replace('fever', 'feverx'));
      ({ text, held } = view(n));
      doc = update(doc, text);
      const before = tokenWork.sentences;
      const spliced = tokens.encoded(doc, held);
      const made = tokenWork.sentences - before;
      // The edited sentence and the two either side of the run.
      assert.ok(made <= 3, `${made} sentences' tokens made for one keystroke`);
      assert.deepEqual([...spliced], encode(sentenceTokens(doc, held)));
    }
  }

  it('rows moved in place by a keystroke before them are spliced, not made again', () => {
    const rows = new WeakMap<Sentence, { start: number; mentions: Mention[]; related: boolean[] }>();
    keystrokesInLongNote(31, (n) => renderInPlace(n, rows));
  });

  it('a keystroke in a long note makes the tokens of a few sentences, not of the note', () => {
    keystrokesInLongNote(3, render);
  });

  it('answers far from the keystroke cost their own sentences, not the stretch between them', () => {
    const rand = mulberry32(5);
    const n = longNote(rand);
    let { text, held } = render(n);
    let doc = TextDocument.create('file:///n.note', 'clinical-note', 1, text);
    const tokens = new NoteTokens();
    tokens.encoded(doc, held);
    for (let k = 0; k < 10; k++) {
      // An answer for a sentence near the start (the analysis's front) and one near the end, a keystroke in the middle.
      for (const i of [10 + k, 1900 - k]) {
        const s = n.sentences[i];
        const mentions = freshMentions(rand, s.body);
        n.sentences[i] = { body: s.body, mentions, related: mentions.map(() => rand() < 0.5) };
      }
      n.sentences[1000] = sentence(rand, n.sentences[1000].body.replace('fever', 'feverx'));
      ({ text, held } = render(n));
      doc = update(doc, text);
      const before = tokenWork.sentences;
      const spliced = tokens.encoded(doc, held);
      const made = tokenWork.sentences - before;
      // Three sentences made afresh, and for each the last token before it and the first after it at most.
      assert.ok(made <= 9, `${made} sentences' tokens made for a keystroke and two answers`);
      assert.deepEqual([...spliced], encode(sentenceTokens(doc, held)));
    }
  });
});
