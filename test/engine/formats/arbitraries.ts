/**
 * What the format tests share: the fixture corpora's paths and fast-check arbitraries of
 * annotated documents (text with CRLF, tabs and emoji; entities, relations, findings, ids).
 */
import * as fc from 'fast-check';
import * as path from 'node:path';
import { AnnotatedDocument, DocEntity, DocFinding, DocRelation, setStatus } from '../../../server/src/engine/formats/document';
import { ASSERTION_STATUSES } from '../../../server/src/engine/types';
import { tokenize } from '../../../server/src/engine/text/tokenize';
import { ROOT } from '../../support/paths';

export const FIXTURES = path.join(ROOT, 'test/fixtures');
export const NCBI = path.join(FIXTURES, 'corpora/ncbi-disease/NCBIdevelopset_corpus.txt');
export const BC5CDR = path.join(FIXTURES, 'corpora/bc5cdr/devel.tsv');

export const RUNS = 200;

// ---------------------------------------------------------------------------------------
// Random documents

export const WORDS = [
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
export const PUNCT = ['.', ',', '-', '(', ')', ':', ';', '/', '%', '|', '"', '\\', '{', '}'];
export const EMOJI = ['😀', '😷', '💊', '🧬'];
export const SEPARATORS = [' ', ' ', ' ', '\n', '\r\n', '  ', '\t', '', '\r'];
export const TYPES = ['Chemical', 'Disease', 'Gene', 'problem', 'SpecificDisease'];

export const pieceArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 2, arbitrary: fc.constantFrom(...PUNCT) },
  { weight: 1, arbitrary: fc.constantFrom(...EMOJI) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 9999 }).map(String) },
);

/** A text with CRLF, lone CR, tabs, emoji and non-BMP letters; may begin or end with whitespace. */
export const textArb = fc
  .tuple(
    fc.constantFrom('', ' ', '\n', '\r\n'),
    fc.array(fc.tuple(pieceArb, fc.constantFrom(...SEPARATORS)), { minLength: 1, maxLength: 20 }),
    fc.constantFrom('', ' ', '\r\n'),
  )
  .map(([lead, parts, trail]) => lead + parts.map(([p, s]) => p + s).join('') + trail);

/** Non-overlapping runs of consecutive tokens, in order: [first, last] token indices. */
export function runsArb(count: number, max = 8): fc.Arbitrary<[number, number][]> {
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

export const flagArb = fc.constantFrom<boolean | undefined>(undefined, undefined, true, false);
export const idsArb = fc.option(fc.array(fc.constantFrom('D003920', 'MESH:D009369', 'OMIM:255800', 'C537849', '1956'), { minLength: 1, maxLength: 3 }), {
  nil: undefined,
});

/** A document over a random text: token-aligned entities, relations between them, findings, infons. */
export const docArb: fc.Arbitrary<AnnotatedDocument> = textArb.chain((text) => {
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
