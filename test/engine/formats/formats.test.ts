import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chunks, parseTag, scoreSpans, scoreTags, Span } from '../../../server/src/engine/eval/conlleval';
import { parseBioC, readBioC, writeBioC } from '../../../server/src/engine/formats/bioc';
import { bratOmissions, readBratDocument, writeBratDocument } from '../../../server/src/engine/formats/bratDocument';
import { AnnotatedDocument, DocEntity, DocFinding, DocRelation, setStatus } from '../../../server/src/engine/formats/document';
import { ASSERTION_STATUSES } from '../../../server/src/engine/types';
import { parseIob, readIob, writeIob } from '../../../server/src/engine/formats/iob';
import { parseJsonl, readJsonl, writeJsonl } from '../../../server/src/engine/formats/jsonl';
import { parseNliPairs, readNliPairs, writeNliPairs } from '../../../server/src/engine/formats/nliPairs';
import { parsePubTator, readPubTator, writePubTator } from '../../../server/src/engine/formats/pubtator';
import { tokenize, Token } from '../../../server/src/engine/text/tokenize';
import { ROOT } from '../../support/paths';

const FIXTURES = path.join(ROOT, 'test/fixtures');
const NCBI = path.join(FIXTURES, 'corpora/ncbi-disease/NCBIdevelopset_corpus.txt');
const BC5CDR = path.join(FIXTURES, 'corpora/bc5cdr/devel.tsv');

const RUNS = 200;

// ---------------------------------------------------------------------------------------
// Random documents

const WORDS = [
  'chest',
  'pain',
  'Cisplatin',
  'induced',
  'nephrotoxicity',
  'BRCA1',
  'cafe\u0301',
  '𝐀spirin',
  '𠜎',
  'x𠜎y',
  '5mg',
  'α',
  'Sjögren',
  'IL',
  '6',
  'no',
];
const PUNCT = ['.', ',', '-', '(', ')', ':', ';', '/', '%', '|', '"', '\\', '{', '}'];
const EMOJI = ['😀', '😷', '💊', '🧬'];
const SEPARATORS = [' ', ' ', ' ', '\n', '\r\n', '  ', '\t', '', '\r'];
const TYPES = ['Chemical', 'Disease', 'Gene', 'problem', 'SpecificDisease'];

const pieceArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...PUNCT) },
  { weight: 1, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }).map(String) },
);

/** A text with CRLF, lone CR, tabs, emoji and non-BMP letters; may begin or end with whitespace. */
const textArb = fc
  .tuple(
    fc.constantFrom('', ' ', '\n', '\r\n'),
    fc.array(fc.tuple(pieceArb, fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 20 }),
    fc.constantFrom('', ' ', '\r\n'),
  )
  .map(([lead, parts, trail]) => lead + parts.map(([p, s]) => p + s).join('') + trail);

/** Non-overlapping runs of consecutive tokens, in order: [first, last] token indices. */
function runsArb(count: number, max = 8): fc.Arbitrary<[number, number][]> {
  return fc.array(fc.tuple(fc.nat({ max: 3 }), fc.integer({ min: 1, max: 3 })), { maxLength: max }).map((steps) => {
    const runs: [number, number][] = [];
    let i = 0;
    for (const [skip, len] of steps) {
      const first = i + skip;
      const last = first + len - 1;
      if (last >= count) break;
      runs.push([first, last]);
      i = last + 1;
    }
    return runs;
  });
}

const flagArb = fc.constantFrom<boolean | undefined>(undefined, undefined, true, false);
const idsArb = fc.option(fc.array(fc.constantFrom('D003920', 'MESH:D009369', 'OMIM:255800', 'C537849', '1956'), { minLength: 1, maxLength: 3 }), {
  nil: undefined,
});

/** A document over a random text: token-aligned entities, relations between them, findings, infons. */
const docArb: fc.Arbitrary<AnnotatedDocument> = textArb.chain((text) => {
  const tokens = tokenize(text);
  const spanOf = ([a, b]: [number, number]) => ({ start: tokens[a].start, end: tokens[b].end, text: text.slice(tokens[a].start, tokens[b].end) });
  return fc
    .record({
      id: fc.constantFrom('doc-1', '12345', 'note é', 'x'),
      runs: runsArb(tokens.length),
      types: fc.array(fc.tuple(fc.constantFrom(...TYPES), fc.array(flagArb, { minLength: 5, maxLength: 5 }), idsArb), { minLength: 8, maxLength: 8 }),
      rels: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.constantFrom('CID', 'TrAP', 'Positive')), { maxLength: 4 }),
      findings: fc.array(
        fc.tuple(fc.constantFrom<DocFinding['label']>('entailment', 'contradiction', 'neutral'), runsArb(tokens.length, 1), runsArb(tokens.length, 2)),
        { maxLength: 3 },
      ),
      infons: fc.option(
        fc.dictionary(fc.constantFrom('source', 'title_length', 'kind', 'ключ'), fc.string({ maxLength: 6 }), { minKeys: 1 }).map((d) => ({ ...d })),
        { nil: undefined },
      ),
    })
    .map(({ id, runs, types, rels, findings, infons }) => {
      const entities: DocEntity[] = runs.map((run, i) => {
        const [type, statuses, ids] = types[i];
        const e: DocEntity = { id: `T${i + 1}`, type, ...spanOf(run) };
        // Every assertion status; possible and its old name uncertain always agree (setStatus).
        ASSERTION_STATUSES.forEach((s, k) => statuses[k] !== undefined && setStatus(e, s, statuses[k]!));
        if (ids) e.ids = ids;
        return e;
      });
      const relations: DocRelation[] = entities.length
        ? rels.map(([h, t, label], i) => ({ id: `R${i + 1}`, label, head: entities[h % entities.length].id, tail: entities[t % entities.length].id }))
        : [];
      const finds = findings.filter(([, hyp]) => hyp.length > 0).map(([label, hyp, ev]) => ({ label, hypothesis: spanOf(hyp[0]), evidence: ev.map(spanOf) }));
      const doc: AnnotatedDocument = { id, text, entities, relations };
      if (finds.length) doc.findings = finds;
      if (infons) doc.infons = infons;
      return doc;
    });
});

// ---------------------------------------------------------------------------------------

describe('formats: PubTator', () => {
  const title = 'Cisplatin-induced nephrotoxicity in rats.';
  const abstract = 'Cisplatin causes acute kidney injury 😷 and 𠜎 ototoxicity.';
  const text = `${title} ${abstract}`;
  const at = (s: string, from = 0) => [text.indexOf(s, from), text.indexOf(s, from) + s.length];
  const line = (s: string, type: string, id?: string, from = 0) => ['99', ...at(s, from), s, type, ...(id === undefined ? [] : [id])].join('\t');

  it('reads titles, abstracts, mentions, ids and relations (CRLF, blank lines, malformed lines)', () => {
    const file = [
      '',
      `99|t|${title}`,
      `99|a|${abstract}`,
      line('Cisplatin', 'Chemical', 'D002945'),
      line('nephrotoxicity', 'Disease', 'D007674|D006222'),
      line('Cisplatin', 'Chemical', '-1', 20),
      line('acute kidney injury', 'Disease', 'D058186,D007674'),
      line('ototoxicity', 'Disease'),
      '99\tnot\ta\tline\tat all',
      '98\t0\t5\tWrong\tChemical\tD1',
      '99\t10\t99999\tbeyond\tDisease\tD2',
      '99\tCID\tD002945\tD058186',
      '99\tCID\tD002945\tD999999',
      '',
      '',
      '100|t|Second',
      '100|a|',
      '100\t0\t6\tSecond\tDisease\tD3',
      '',
    ].join('\r\n');
    const { documents, skipped } = parsePubTator(file);
    assert.equal(skipped, 3);
    assert.equal(documents.length, 2);
    const [d, d2] = documents;
    assert.equal(d.id, '99');
    assert.equal(d.text, text);
    assert.equal(d.infons?.title_length, String(title.length));
    assert.deepEqual(
      d.entities.map((e) => [e.id, e.type, e.text, e.ids]),
      [
        ['T1', 'Chemical', 'Cisplatin', ['D002945']],
        ['T2', 'Disease', 'nephrotoxicity', ['D007674', 'D006222']],
        ['T3', 'Chemical', 'Cisplatin', undefined],
        ['T4', 'Disease', 'acute kidney injury', ['D058186', 'D007674']],
        ['T5', 'Disease', 'ototoxicity', undefined],
      ],
    );
    for (const e of d.entities) assert.equal(text.slice(e.start, e.end), e.text);
    // The first entity holding each id; the unmappable relation is kept in the infons.
    assert.deepEqual(d.relations, [{ id: 'R1', label: 'CID', head: 'T1', tail: 'T4' }]);
    assert.equal(d.infons?.pubtator_unmapped_relations, 'CID\tD002945\tD999999');
    assert.equal(d2.text, 'Second');
    assert.equal(d2.entities.length, 1);

    // Writing reproduces every line that was read (`-1` and `,` kept verbatim), in file order.
    const out = writePubTator(documents);
    const kept = file.split('\r\n').filter((l) => l !== '' && !/^9[89]\t(not|0\t5|10\t99999)/.test(l));
    assert.deepEqual(
      out.split('\n').filter((l) => l !== ''),
      kept,
    );
    assert.deepEqual(readPubTator(out), documents);
  });

  it('writes without title_length as a title only, and line breaks as spaces', () => {
    const doc: AnnotatedDocument = {
      id: '7',
      text: 'Fever\r\nand rash',
      entities: [{ id: 'a', type: 'Disease', start: 0, end: 5, text: 'Fever', ids: ['D1', 'D2'] }],
      relations: [],
    };
    const out = writePubTator([doc]);
    assert.equal(out, '7|t|Fever  and rash\n7|a|\n7\t0\t5\tFever\tDisease\tD1|D2\n');
    const [back] = readPubTator(out);
    assert.equal(back.text, 'Fever  and rash');
    assert.equal(back.infons?.title_length, '15');
    assert.deepEqual(back.entities, [{ id: 'T1', type: 'Disease', start: 0, end: 5, text: 'Fever', ids: ['D1', 'D2'] }]);
  });

  it('round-trips random documents (write → read → write is stable; read(write) equals the read documents)', () => {
    fc.assert(
      fc.property(fc.array(docArb, { minLength: 1, maxLength: 3 }), (docs) => {
        const once = readPubTator(writePubTator(docs.map((d, i) => ({ ...d, id: String(1000 + i) }))));
        assert.equal(once.length, docs.length);
        const twice = readPubTator(writePubTator(once));
        assert.deepEqual(twice, once);
        for (const d of once) for (const e of d.entities) assert.equal(d.text.slice(e.start, e.end), e.text.replace(/[\r\n\t]/g, ' '));
      }),
      { numRuns: RUNS },
    );
  });

  it('NCBI Disease (development): mention texts equal the text at their offsets; writing reproduces the file', () => {
    const file = fs.readFileSync(NCBI, 'utf8');
    const { documents, skipped } = parsePubTator(file);
    assert.equal(skipped, 0);
    const titles = file.split('\n').filter((l) => /^\d+\|t\|/.test(l)).length;
    const mentions = file.split('\n').filter((l) => /^\d+\t\d+\t\d+\t/.test(l)).length;
    assert.equal(documents.length, titles);
    assert.equal(titles, 100);
    assert.equal(
      documents.reduce((n, d) => n + d.entities.length, 0),
      mentions,
    );
    for (const d of documents) {
      for (const e of d.entities) assert.equal(d.text.slice(e.start, e.end), e.text, `${d.id} ${e.start}-${e.end}`);
    }
    const types = new Set(documents.flatMap((d) => d.entities.map((e) => e.type)));
    assert.deepEqual([...types].sort(), ['CompositeMention', 'DiseaseClass', 'Modifier', 'SpecificDisease']);
    const out = writePubTator(documents);
    const annotationLines = (s: string) => s.split(/\r?\n/).filter((l) => /^\d+\t/.test(l));
    assert.deepEqual(annotationLines(out), annotationLines(file));
    // The whole file comes back, but for the blank line it starts with.
    assert.ok(file.startsWith('\n'));
    assert.equal(out, file.slice(1));
    assert.deepEqual(readPubTator(out), documents);
  });
});

// ---------------------------------------------------------------------------------------

describe('formats: conlleval', () => {
  it('parses tags', () => {
    assert.deepEqual(parseTag('B-Chemical'), { prefix: 'B', type: 'Chemical' });
    assert.deepEqual(parseTag('I', 'Entity'), { prefix: 'I', type: 'Entity' });
    assert.deepEqual(parseTag('U-Gene'), { prefix: 'S', type: 'Gene' });
    assert.deepEqual(parseTag('O'), { prefix: 'O', type: '' });
    assert.equal(parseTag('X-Foo'), undefined);
    assert.equal(parseTag('O-Foo'), undefined);
    assert.equal(parseTag(''), undefined);
  });

  it('I- after O or after another type starts a chunk; B- after I- of the same type starts a new one', () => {
    assert.deepEqual(chunks(['O', 'I-X', 'I-X', 'O']), [{ start: 1, end: 3, type: 'X' }]);
    assert.deepEqual(chunks(['B-X', 'I-Y', 'I-Y']), [
      { start: 0, end: 1, type: 'X' },
      { start: 1, end: 3, type: 'Y' },
    ]);
    assert.deepEqual(chunks(['B-X', 'I-X', 'B-X']), [
      { start: 0, end: 2, type: 'X' },
      { start: 2, end: 3, type: 'X' },
    ]);
    assert.deepEqual(chunks(['I-X']), [{ start: 0, end: 1, type: 'X' }]);
    assert.deepEqual(chunks(['B', 'I', 'O', 'B'], 'E'), [
      { start: 0, end: 2, type: 'E' },
      { start: 3, end: 4, type: 'E' },
    ]);
    // IOBES: E ends a chunk, S is one on its own.
    assert.deepEqual(chunks(['B-X', 'E-X', 'I-X', 'S-Y', 'S-Y']), [
      { start: 0, end: 2, type: 'X' },
      { start: 2, end: 3, type: 'X' },
      { start: 3, end: 4, type: 'Y' },
      { start: 4, end: 5, type: 'Y' },
    ]);
    assert.deepEqual(chunks([]), []);
  });

  const span = (doc: string, start: number, end: number, type: string): Span => ({ doc, start, end, type });

  it('strict matching needs the same document, start, end and type', () => {
    const gold = [span('a', 0, 2, 'X'), span('a', 5, 6, 'X'), span('b', 0, 2, 'X')];
    const pred = [span('a', 0, 2, 'X'), span('a', 5, 7, 'X'), span('c', 0, 2, 'X')];
    const s = scoreSpans(gold, pred).strict;
    assert.deepEqual(s.micro, { tp: 1, fp: 2, fn: 2, precision: 33.3, recall: 33.3, f1: 33.3 });
  });

  it('a predicted chunk with the wrong type is a false positive of its type and the gold a false negative of its own', () => {
    const r = scoreSpans([span('a', 0, 2, 'Chemical')], [span('a', 0, 2, 'Disease')]);
    for (const m of [r.strict, r.overlap]) {
      assert.deepEqual(m.perType.Chemical, { tp: 0, fp: 0, fn: 1, precision: 0, recall: 0, f1: 0 });
      assert.deepEqual(m.perType.Disease, { tp: 0, fp: 1, fn: 0, precision: 0, recall: 0, f1: 0 });
      assert.deepEqual(m.micro, { tp: 0, fp: 1, fn: 1, precision: 0, recall: 0, f1: 0 });
    }
  });

  it('overlap matching credits partial overlaps of the same type, each span at most once', () => {
    const gold = [span('a', 0, 4, 'X'), span('a', 10, 12, 'X')];
    const pred = [span('a', 2, 6, 'X'), span('a', 3, 5, 'X'), span('a', 12, 14, 'X'), span('a', 10, 12, 'Y')];
    const r = scoreSpans(gold, pred);
    assert.deepEqual(r.overlap.perType.X, { tp: 1, fp: 2, fn: 1, precision: 33.3, recall: 50, f1: 40 });
    assert.deepEqual(r.strict.perType.X, { tp: 0, fp: 3, fn: 2, precision: 0, recall: 0, f1: 0 });
    // A maximum matching: the long prediction must go to the gold only it can reach.
    const g2 = [span('d', 0, 10, 'X'), span('d', 0, 2, 'X')];
    const p2 = [span('d', 0, 2, 'X'), span('d', 5, 10, 'X')];
    assert.equal(scoreSpans(g2, p2).overlap.micro.tp, 2);
    assert.equal(scoreSpans(g2, [...p2].reverse()).overlap.micro.tp, 2);
  });

  it('micro averages come from summed counts; zero division gives 0', () => {
    const gold = [span('a', 0, 1, 'X'), span('a', 2, 3, 'X'), span('a', 4, 5, 'X'), span('a', 6, 7, 'Y')];
    const pred = [span('a', 0, 1, 'X'), span('a', 6, 7, 'Y'), span('a', 8, 9, 'Y'), span('a', 10, 11, 'Y')];
    const s = scoreSpans(gold, pred).strict;
    assert.deepEqual(s.perType.X, { tp: 1, fp: 0, fn: 2, precision: 100, recall: 33.3, f1: 50 });
    assert.deepEqual(s.perType.Y, { tp: 1, fp: 2, fn: 0, precision: 33.3, recall: 100, f1: 50 });
    // Summed counts tp 2, fp 2, fn 2: precision 50, where the mean of the per-type precisions would be 66.7.
    assert.deepEqual(s.micro, { tp: 2, fp: 2, fn: 2, precision: 50, recall: 50, f1: 50 });
    const s2 = scoreSpans(gold, [span('a', 0, 1, 'X')]).strict.micro;
    assert.deepEqual(s2, { tp: 1, fp: 0, fn: 3, precision: 100, recall: 25, f1: 40 });
    const empty = scoreSpans([], []);
    assert.deepEqual(empty.strict.micro, { tp: 0, fp: 0, fn: 0, precision: 0, recall: 0, f1: 0 });
    assert.deepEqual(empty.strict.perType, {});
    assert.deepEqual(scoreSpans([span('a', 0, 1, 'X')], []).overlap.micro, { tp: 0, fp: 0, fn: 1, precision: 0, recall: 0, f1: 0 });
    assert.deepEqual(scoreSpans([], [span('a', 0, 1, 'X')]).overlap.micro, { tp: 0, fp: 1, fn: 0, precision: 0, recall: 0, f1: 0 });
  });

  it('scores tag sequences like conlleval', () => {
    const r = scoreTags(
      [
        ['B-X', 'I-X', 'O', 'B-Y'],
        ['O', 'B-X'],
      ],
      [
        ['B-X', 'I-X', 'O', 'I-Y'],
        ['B-X', 'O'],
      ],
    );
    assert.deepEqual(r.strict.micro, { tp: 2, fp: 1, fn: 1, precision: 66.7, recall: 66.7, f1: 66.7 });
    assert.throws(() => scoreTags([['O']], []));
  });
});

// ---------------------------------------------------------------------------------------

describe('formats: IOB', () => {
  it('reads tab- and space-separated lines, bare tags, CRLF; skips and counts malformed lines', () => {
    const file = [
      '-DOCSTART-\tO',
      '',
      'Cisplatin\tB-Chemical',
      'induced\tO',
      'acute\tI-Disease',
      'kidney\tI-Disease',
      'injury\tB-Disease',
      '.\tO',
      '  ',
      'bad',
      'Fever B',
      'and I',
      '😷 O',
      'x\tQ-Foo',
      'rash B',
      '',
    ].join('\r\n');
    const { documents, skipped } = parseIob(file, { defaultType: 'Problem' });
    assert.equal(skipped, 2);
    assert.equal(documents.length, 2);
    const [a, b] = documents;
    assert.equal(a.id, 's1');
    assert.equal(a.text, 'Cisplatin induced acute kidney injury .');
    assert.deepEqual(
      a.entities.map((e) => [e.id, e.type, e.text]),
      [
        ['T1', 'Chemical', 'Cisplatin'],
        ['T2', 'Disease', 'acute kidney'],
        ['T3', 'Disease', 'injury'],
      ],
    );
    assert.deepEqual(a.sentences?.[0].tokens?.[1], { start: 10, end: 17, text: 'induced' });
    assert.equal(b.text, 'Fever and 😷 rash');
    assert.deepEqual(
      b.entities.map((e) => [e.type, e.start, e.end, e.text]),
      [
        ['Problem', 0, 9, 'Fever and'],
        ['Problem', 13, 17, 'rash'],
      ],
    );
    assert.deepEqual(b.sentences, [
      {
        start: 0,
        end: 17,
        tokens: [
          { start: 0, end: 5, text: 'Fever' },
          { start: 6, end: 9, text: 'and' },
          { start: 10, end: 12, text: '😷' },
          { start: 13, end: 17, text: 'rash' },
        ],
      },
    ]);
    assert.deepEqual(readIob(writeIob(documents), { defaultType: 'Problem' }), documents);
  });

  it('writes tokenised text, widening entities to the tokens they touch', () => {
    const text = 'Pt has chest-pain,\r\nno fever.';
    const doc: AnnotatedDocument = {
      id: 'n1',
      text,
      entities: [
        { id: 'a', type: 'problem', start: text.indexOf('est'), end: text.indexOf('-pain') + 3, text: 'est-pa' },
        { id: 'b', type: 'problem', start: text.indexOf('fever'), end: text.indexOf('fever') + 5, text: 'fever' },
        { id: 'c', type: 'other', start: text.indexOf('fever') + 1, end: text.indexOf('fever') + 2, text: 'e' },
      ],
      relations: [],
    };
    assert.equal(writeIob([doc]), 'Pt\tO\nhas\tO\nchest\tB-problem\n-\tI-problem\npain\tI-problem\n,\tO\nno\tO\nfever\tB-problem\n.\tO\n\n');
  });

  it('round-trips random token sequences with token-aligned entities', () => {
    const tokenArb = fc.oneof(fc.constantFrom(...WORDS, ...PUNCT, ...EMOJI), fc.integer({ min: 0, max: 999 }).map(String));
    const sentenceArb = fc
      .array(tokenArb, { minLength: 1, maxLength: 15 })
      .chain((tokens) =>
        fc.tuple(
          fc.constant(tokens),
          runsArb(tokens.length),
          fc.array(fc.constantFrom('Chemical', 'Disease', 'B', 'Gene_or_protein'), { minLength: 8, maxLength: 8 }),
        ),
      );
    fc.assert(
      fc.property(fc.array(sentenceArb, { minLength: 1, maxLength: 4 }), (sentences) => {
        const docs: AnnotatedDocument[] = sentences.map(([toks, runs, types], i) => {
          const tokens: Token[] = [];
          let text = '';
          for (const t of toks) {
            if (text) text += ' ';
            tokens.push({ start: text.length, end: text.length + t.length, text: t });
            text += t;
          }
          const entities = runs.map(([a, b], k) => ({
            id: `T${k + 1}`,
            type: types[k],
            start: tokens[a].start,
            end: tokens[b].end,
            text: text.slice(tokens[a].start, tokens[b].end),
          }));
          return { id: `s${i + 1}`, text, entities, relations: [], sentences: [{ start: 0, end: text.length, tokens }] };
        });
        const out = writeIob(docs);
        const { documents, skipped } = parseIob(out);
        assert.equal(skipped, 0);
        assert.deepEqual(documents, docs);
        assert.equal(writeIob(documents), out);
      }),
      { numRuns: RUNS },
    );
  });

  it('writes random texts (CRLF, emoji) as their tokens, entities keeping their tokens and types', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const tokens = tokenize(doc.text);
        const docs = readIob(writeIob([doc]));
        if (tokens.length === 0) return assert.equal(docs.length, 0);
        assert.equal(docs.length, 1);
        const [back] = docs;
        assert.deepEqual(
          back.sentences?.[0].tokens?.map((t) => t.text),
          tokens.map((t) => t.text),
        );
        assert.deepEqual(
          back.entities.map((e) => e.type),
          doc.entities.map((e) => e.type),
        );
        assert.deepEqual(
          back.entities.map((e) => e.text),
          doc.entities.map((e) =>
            tokenize(e.text)
              .map((t) => t.text)
              .join(' '),
          ),
        );
      }),
      { numRuns: RUNS },
    );
  });

  it('BC5CDR (development): sentence and chunk counts, round trip', () => {
    const file = fs.readFileSync(BC5CDR, 'utf8');
    // Counted from the raw lines, independently of the reader.
    let sentences = 0;
    let chunkCount = 0;
    let inSentence = false;
    let prevTag = 'O';
    const byType: Record<string, number> = {};
    for (const line of file.split('\n')) {
      if (line.trim() === '') {
        if (inSentence) sentences++;
        inSentence = false;
        prevTag = 'O';
        continue;
      }
      inSentence = true;
      const tag = line.split('\t')[1];
      const type = tag.slice(2);
      if (tag.startsWith('B-') || (tag.startsWith('I-') && prevTag.slice(2) !== type)) {
        chunkCount++;
        byType[type] = (byType[type] ?? 0) + 1;
      }
      prevTag = tag;
    }
    if (inSentence) sentences++;
    const { documents, skipped } = parseIob(file);
    assert.equal(skipped, 0);
    assert.equal(documents.length, sentences);
    assert.equal(sentences, 4581);
    assert.equal(
      documents.reduce((n, d) => n + d.entities.length, 0),
      chunkCount,
    );
    const types: Record<string, number> = {};
    for (const d of documents) for (const e of d.entities) types[e.type] = (types[e.type] ?? 0) + 1;
    assert.deepEqual(types, byType);
    assert.deepEqual(Object.keys(types).sort(), ['Chemical', 'Disease']);
    for (const d of documents) for (const e of d.entities) assert.equal(d.text.slice(e.start, e.end), e.text);
    const out = writeIob(documents);
    assert.deepEqual(readIob(out), documents);
    assert.equal(out, file);
  });
});

// ---------------------------------------------------------------------------------------

describe('formats: BioC JSON', () => {
  it('reads passages at their offsets, identifiers, role names, concept-id relations and findings', () => {
    const collection = {
      source: 'PubTator',
      date: '20240101',
      key: 'BioC.key',
      infons: {},
      documents: [
        {
          id: '123',
          infons: { journal: 'J', year: 2020, nested: { no: 1 } },
          passages: [
            {
              offset: 0,
              infons: { type: 'title' },
              text: 'Cisplatin nephrotoxicity.',
              annotations: [
                { id: '1', infons: { type: 'Chemical', identifier: 'D002945' }, text: 'Cisplatin', locations: [{ offset: 0, length: 9 }] },
                { id: '2', infons: { type: 'Disease', identifier: 'D007674,D006222' }, text: 'nephrotoxicity', locations: [{ offset: 10, length: 14 }] },
              ],
              relations: [],
            },
            {
              offset: 30,
              infons: { type: 'abstract' },
              text: 'Renal 😷 failure was seen.',
              annotations: [
                {
                  id: '3',
                  infons: { type: 'Disease', identifier: 'D051437', negated: 'true' },
                  text: 'Renal 😷 failure',
                  locations: [
                    { offset: 30, length: 5 },
                    { offset: 39, length: 7 },
                  ],
                },
                { id: '4', infons: { type: 'Disease' }, text: 'bad', locations: [{ offset: 'x', length: 3 }] },
                { id: '5', infons: { type: 'Disease' }, text: 'far', locations: [{ offset: 900, length: 3 }] },
              ],
              relations: [
                {
                  id: 'R1',
                  infons: { type: 'CID' },
                  nodes: [
                    { refid: '1', role: 'Arg1' },
                    { refid: '2', role: 'Arg2' },
                  ],
                },
                {
                  id: 'R2',
                  infons: { relation: 'CID' },
                  nodes: [
                    { refid: 'D051437', role: 'Disease' },
                    { refid: 'D002945', role: 'Chemical' },
                  ],
                },
                { id: 'R3', infons: { relation: 'CID', Chemical: 'D002945', Disease: 'D006222' }, nodes: [] },
                {
                  id: 'R4',
                  infons: { type: 'CID' },
                  nodes: [
                    { refid: '1', role: 'head' },
                    { refid: 'nowhere', role: 'tail' },
                  ],
                },
              ],
            },
          ],
        },
      ],
    };
    const { documents, skipped } = parseBioC(JSON.stringify(collection));
    assert.equal(skipped, 3);
    const [d] = documents;
    assert.equal(d.id, '123');
    assert.equal(d.text, 'Cisplatin nephrotoxicity.     Renal 😷 failure was seen.');
    assert.deepEqual(d.infons, { journal: 'J', year: '2020', title_length: '25' });
    assert.deepEqual(d.entities, [
      { id: '1', type: 'Chemical', start: 0, end: 9, text: 'Cisplatin', ids: ['D002945'] },
      { id: '2', type: 'Disease', start: 10, end: 24, text: 'nephrotoxicity', ids: ['D007674', 'D006222'] },
      { id: '3', type: 'Disease', start: 30, end: 46, text: 'Renal 😷 failure', ids: ['D051437'], negated: true },
    ]);
    assert.deepEqual(d.relations, [
      { id: 'R1', label: 'CID', head: '1', tail: '2' },
      { id: 'R2', label: 'CID', head: '1', tail: '3' },
      { id: 'R3', label: 'CID', head: '1', tail: '2' },
    ]);
    assert.deepEqual(readBioC('not json'), []);
  });

  it('writes one passage, findings as nli_finding / nli_evidence annotations linked by relations', () => {
    const text = 'No fever. Patient is afebrile.';
    const doc: AnnotatedDocument = {
      id: 'n',
      text,
      entities: [{ id: 'F1', type: 'problem', start: 3, end: 8, text: 'fever', negated: true }],
      relations: [],
      findings: [{ label: 'entailment', hypothesis: { start: 10, end: 30, text: text.slice(10, 30) }, evidence: [{ start: 0, end: 9, text: 'No fever.' }] }],
    };
    const json = writeBioC([doc], { source: 'biomed', date: '20250101' });
    const parsed = JSON.parse(json);
    assert.equal(parsed.source, 'biomed');
    assert.equal(parsed.documents[0].passages.length, 1);
    const anns = parsed.documents[0].passages[0].annotations;
    assert.deepEqual(
      anns.map((a: { id: string; infons: { type: string } }) => [a.id, a.infons.type]),
      [
        ['F1', 'problem'],
        ['F2', 'nli_finding'],
        ['V1', 'nli_evidence'],
      ],
    );
    assert.deepEqual(parsed.documents[0].passages[0].relations[0], {
      id: 'N1',
      infons: { type: 'nli_evidence' },
      nodes: [
        { refid: 'F2', role: 'hypothesis' },
        { refid: 'V1', role: 'evidence' },
      ],
    });
    assert.deepEqual(readBioC(json), [doc]);
  });

  it('round-trips random documents (emoji, non-BMP, CRLF; entities, relations, findings, infons)', () => {
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 3 }), (docs) => {
        const { documents, skipped } = parseBioC(writeBioC(docs));
        assert.equal(skipped, 0);
        assert.deepEqual(documents, docs);
      }),
      { numRuns: RUNS },
    );
  });
});

// ---------------------------------------------------------------------------------------

describe('formats: JSON lines', () => {
  it('round-trips random documents (emoji, non-BMP, CRLF; entities, relations, findings, infons, sentences)', () => {
    fc.assert(
      fc.property(fc.array(docArb, { maxLength: 3 }), fc.boolean(), (docs, withSentences) => {
        if (withSentences) docs = docs.map((d) => ({ ...d, sentences: [{ start: 0, end: d.text.length, tokens: tokenize(d.text) }] }));
        const out = writeJsonl(docs);
        assert.equal(out.split('\n').length, docs.length + 1);
        const { documents, skipped } = parseJsonl(out.replace(/\n/g, '\r\n'));
        assert.equal(skipped, 0);
        assert.deepEqual(documents, docs);
      }),
      { numRuns: RUNS },
    );
  });

  it('writes the documented keys and skips malformed lines and parts', () => {
    const doc: AnnotatedDocument = { id: 'a', text: 'abc def', entities: [{ id: 'T1', type: 'problem', start: 0, end: 3, text: 'abc' }], relations: [] };
    assert.equal(
      writeJsonl([doc]),
      '{"id":"a","text":"abc def","entities":[{"id":"T1","type":"problem","start":0,"end":3,"text":"abc"}],"relations":[],"findings":[]}\n',
    );
    const text = [
      writeJsonl([doc]).trim(),
      '',
      'not json',
      '[1,2]',
      '{"id": 7, "text": "xy", "entities": [{"id": "T1", "type": "t", "start": 0, "end": 9}, {"id": "T2", "type": "t", "start": 1, "end": 2}], "relations": [{"id": "R1", "label": "L", "head": "T1", "tail": "T2"}], "findings": [{"label": "Neutral", "hypothesis": {"start": 0, "end": 1}}, {"label": "maybe", "hypothesis": {"start": 0, "end": 1}}]}',
    ].join('\n');
    const { documents, skipped } = parseJsonl(text);
    assert.equal(skipped, 5);
    assert.deepEqual(documents[0], doc);
    assert.deepEqual(documents[1], {
      id: '7',
      text: 'xy',
      entities: [{ id: 'T2', type: 't', start: 1, end: 2, text: 'y' }],
      relations: [],
      findings: [{ label: 'neutral', hypothesis: { start: 0, end: 1, text: 'x' }, evidence: [] }],
    });
    assert.deepEqual(readJsonl(''), []);
  });

  it('keeps the untrained mark of a relation, and writes it only when set', () => {
    const entities = [
      { id: 'T1', type: 'chemical' as const, start: 0, end: 9, text: 'cisplatin' },
      { id: 'T2', type: 'disease' as const, start: 17, end: 28, text: 'ototoxicity' },
    ];
    const doc: AnnotatedDocument = {
      id: 'u',
      text: 'cisplatin causes ototoxicity',
      entities,
      relations: [
        { id: 'R1', label: 'CID', head: 'T1', tail: 'T2', untrained: true },
        { id: 'R2', label: 'CID', head: 'T1', tail: 'T2' },
      ],
    };
    const line = writeJsonl([doc]);
    assert.match(line, /"label":"CID","head":"T1","tail":"T2","untrained":true\},\{"id":"R2","label":"CID","head":"T1","tail":"T2"\}/);
    assert.deepEqual(readJsonl(line)[0].relations, doc.relations);
    // Only `true` marks a relation: anything else reads as trained.
    assert.deepEqual(readJsonl(line.replace('"untrained":true', '"untrained":"yes"'))[0].relations[0], { id: 'R1', label: 'CID', head: 'T1', tail: 'T2' });
  });
});

// ---------------------------------------------------------------------------------------

describe('formats: NLI pairs', () => {
  it('reads the fixture pairs and round-trips them', () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'nli/clinical-nli-dev.jsonl'), 'utf8');
    const pairs = readNliPairs(text);
    assert.equal(pairs.length, 24);
    assert.deepEqual(readNliPairs(writeNliPairs(pairs)), pairs);
  });

  it('lower-cases labels, reads SNLI field names, skips other labels and malformed lines', () => {
    const text = [
      '{"premise": "P", "hypothesis": "H", "label": "Entailment"}',
      '{"sentence1": "P2", "sentence2": "H2", "gold_label": "contradiction"}',
      '{"premise": "P", "hypothesis": "H", "label": "-"}',
      '{"premise": "P", "label": "neutral"}',
      'oops',
      '',
    ].join('\r\n');
    const { pairs, skipped } = parseNliPairs(text);
    assert.equal(skipped, 3);
    assert.deepEqual(pairs, [
      { premise: 'P', hypothesis: 'H', label: 'entailment' },
      { premise: 'P2', hypothesis: 'H2', label: 'contradiction' },
    ]);
    assert.equal(writeNliPairs(pairs), '{"premise":"P","hypothesis":"H","label":"entailment"}\n{"premise":"P2","hypothesis":"H2","label":"contradiction"}\n');
  });
});

// ---------------------------------------------------------------------------------------

describe('formats: BRAT documents', () => {
  it('bratOmissions counts what the .ann cannot hold: findings, entity identifiers, untrained marks', () => {
    const text = 'Cisplatin caused nephrotoxicity; no fever.';
    const doc: AnnotatedDocument = {
      id: 'x',
      text,
      entities: [
        { id: 'T1', type: 'chemical', start: 0, end: 9, text: 'Cisplatin', ids: ['D002945'] },
        { id: 'T2', type: 'disease', start: 17, end: 31, text: 'nephrotoxicity', ids: ['D007674', 'C536128'] },
      ],
      relations: [{ id: 'R1', label: 'CID', head: 'T1', tail: 'T2', untrained: true }],
      findings: [{ label: 'contradiction', hypothesis: { start: 33, end: 41, text: 'no fever' }, evidence: [] }],
    };
    assert.deepEqual(bratOmissions(doc), { findings: 1, identifiers: 3, untrained: 1 });
    const back = readBratDocument('x', writeBratDocument(doc).txt, writeBratDocument(doc).ann);
    // What was counted is indeed not in the .ann.
    assert.deepEqual(bratOmissions(back), { findings: 0, identifiers: 0, untrained: 0 });
    assert.equal(back.entities.length, 2);
    assert.equal(back.relations.length, 1);
  });

  it('reads the note fixtures and round-trips them', () => {
    const dir = path.join(FIXTURES, 'notes');
    let n = 0;
    for (const f of fs.readdirSync(dir).filter((f) => f.endsWith('.ann'))) {
      const base = f.slice(0, -4);
      const txtFile = ['.note', '.txt'].map((e) => path.join(dir, base + e)).find((p) => fs.existsSync(p))!;
      const text = fs.readFileSync(txtFile, 'utf8');
      const ann = fs.readFileSync(path.join(dir, f), 'utf8');
      const doc = readBratDocument(base, text, ann);
      assert.ok(doc.entities.length > 0);
      for (const e of doc.entities) assert.equal(text.slice(e.start, e.end), e.text);
      const { txt, ann: out } = writeBratDocument(doc);
      assert.equal(txt, text);
      assert.deepEqual(readBratDocument(base, txt, out), doc);
      n++;
    }
    assert.ok(n >= 4);
  });

  it('maps attributes and discontinuous spans; writes fresh ids where needed', () => {
    const text = 'No chest\r\npain or fever 😷 today.';
    const ann = [
      'T3\tPROBLEM 3 8;10 14\tchest pain',
      'T4\tPROBLEM 18 23\tfever',
      'T5\tPROBLEM 18 999\tbeyond',
      'A1\tNegated T3',
      'A2\tUncertain T4',
      'A3\tAssertion T4 absent',
      'A4\tExperiencer T3 Family_member',
      'A5\tTemporality T4 Historical',
      'A6\tAssertion T3 hypothetical',
      'R1\tTrAP Arg1:T3 Arg2:T4',
      'R2\tTrAP Arg1:T3 Arg2:T5',
      'junk line',
    ].join('\r\n');
    const doc = readBratDocument('x', text, ann);
    assert.deepEqual(doc.entities, [
      { id: 'T3', type: 'PROBLEM', start: 3, end: 14, text: 'chest\r\npain', negated: true, family: true, hypothetical: true },
      { id: 'T4', type: 'PROBLEM', start: 18, end: 23, text: 'fever', possible: true, uncertain: true, negated: true, historical: true },
    ]);
    assert.deepEqual(doc.relations, [{ id: 'R1', label: 'TrAP', head: 'T3', tail: 'T4' }]);
    const { ann: out } = writeBratDocument({
      ...doc,
      entities: doc.entities.map((e, i) => ({ ...e, id: i ? 'e2' : 'T3' })),
      relations: [{ id: 'rel', label: 'TrAP', head: 'T3', tail: 'e2' }],
    });
    assert.equal(
      out,
      'T3\tPROBLEM 3 14\tchest pain\nT1\tPROBLEM 18 23\tfever\nR1\tTrAP Arg1:T3 Arg2:T1\n' +
        'A1\tNegated T3\nA2\tHypothetical T3\nA3\tExperiencer T3 Other\nA4\tNegated T1\nA5\tPossible T1\nA6\tHistorical T1\n',
    );
    const back = readBratDocument('x', text, out);
    assert.deepEqual(
      back.entities.map((e) => [e.id, e.negated, e.possible, e.uncertain, e.historical, e.hypothetical, e.family]),
      [
        ['T3', true, undefined, undefined, undefined, true, true],
        ['T1', true, true, true, true, undefined, undefined],
      ],
    );
    // Experiencer Patient, and a false value, set the status false.
    const patient = readBratDocument('x', text, 'T1\tPROBLEM 18 23\tfever\nA1\tExperiencer T1 Patient\nA2\tPossible T1 false\n');
    assert.deepEqual([patient.entities[0].family, patient.entities[0].possible, patient.entities[0].uncertain], [false, false, false]);
  });

  it('round-trips random documents (entities without ids, relations; findings are not written)', () => {
    fc.assert(
      fc.property(docArb, (doc) => {
        const { txt, ann } = writeBratDocument(doc);
        const back = readBratDocument(doc.id, txt, ann);
        const expected: AnnotatedDocument = {
          id: doc.id,
          text: doc.text,
          entities: doc.entities.map((e) => {
            const x: DocEntity = { id: e.id, type: e.type, start: e.start, end: e.end, text: e.text };
            // BRAT writes set statuses only: false reads back as absent.
            for (const s of ASSERTION_STATUSES) if (e[s]) setStatus(x, s, true);
            return x;
          }),
          relations: doc.relations,
        };
        assert.deepEqual(back, expected);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('formats: assertion statuses', () => {
  const text = 'Mother had 😷 breast cancer; no fever.';
  const at = (s: string) => ({ start: text.indexOf(s), end: text.indexOf(s) + s.length, text: s });

  it('JSON lines: every status is written when set, possible without its old name uncertain; reading uncertain sets possible', () => {
    const doc: AnnotatedDocument = {
      id: 'a',
      text,
      entities: [
        { id: 'T1', type: 'problem', ...at('breast cancer'), family: true, historical: true },
        { id: 'T2', type: 'problem', ...at('fever'), negated: true, possible: false, uncertain: false, hypothetical: false },
      ],
      relations: [],
    };
    const line = JSON.parse(writeJsonl([doc]));
    assert.deepEqual(line.entities[0], { id: 'T1', type: 'problem', start: 14, end: 27, text: 'breast cancer', historical: true, family: true });
    assert.deepEqual(line.entities[1], {
      id: 'T2',
      type: 'problem',
      start: 32,
      end: 37,
      text: 'fever',
      negated: true,
      possible: false,
      hypothetical: false,
    });
    assert.deepEqual(readJsonl(writeJsonl([doc])), [doc]);
    // Data written before `possible` existed.
    const old = readJsonl(JSON.stringify({ id: 'b', text, entities: [{ id: 'T1', type: 'problem', start: 32, end: 37, uncertain: true }] }))[0];
    assert.deepEqual([old.entities[0].possible, old.entities[0].uncertain], [true, true]);
  });

  it('BioC: status infons (possible, not its old name uncertain); reading uncertain or experiencer sets possible or family', () => {
    const doc: AnnotatedDocument = {
      id: 'a',
      text,
      entities: [{ id: 'T1', type: 'problem', ...at('breast cancer'), family: true, possible: true, uncertain: true }],
      relations: [],
    };
    const json = JSON.parse(writeBioC([doc]));
    assert.deepEqual(json.documents[0].passages[0].annotations[0].infons, { type: 'problem', possible: 'true', family: 'true' });
    assert.deepEqual(readBioC(writeBioC([doc]))[0].entities, doc.entities);
    const annotation = (infons: Record<string, string>) =>
      JSON.stringify({
        documents: [
          {
            id: 'x',
            passages: [{ offset: 0, text, annotations: [{ id: '1', infons: { type: 'problem', ...infons }, locations: [{ offset: 32, length: 5 }] }] }],
          },
        ],
      });
    const e = readBioC(annotation({ uncertain: 'true', experiencer: 'Family member' }))[0].entities[0];
    assert.deepEqual([e.possible, e.uncertain, e.family], [true, true, true]);
    assert.equal(readBioC(annotation({ experiencer: 'patient' }))[0].entities[0].family, false);
  });
});
