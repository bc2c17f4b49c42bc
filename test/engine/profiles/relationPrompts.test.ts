import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { JsonProfile, relationSchema, relationUserMessage } from '../../../server/src/engine/profiles/json';
import { maskedInput, maskOf, MedtunedProfile, MEDTUNED_STOP } from '../../../server/src/engine/profiles/medtuned';
import { pairsId, RelationTask } from '../../../server/src/engine/profiles/profile';
import { CandidatePair, candidatePairs, I2B2_RELATIONS, LABELS, PairKind } from '../../../server/src/engine/tasks/relations';
import { tokenize } from '../../../server/src/engine/text/tokenize';
import { ENTITY_TYPES, EntityType, Mention, ModelAnswer, ModelRequest } from '../../../server/src/engine/types';
import { loadMedtunedReference, OFF_LAYOUT_ANSWER } from '../../support/ollamaServer';
import { SchemaNode } from '../../support/schemaNode';

function mention(sentence: string, text: string, type: EntityType, occurrence = 0): Mention {
  let start = -1;
  for (let i = 0; i <= occurrence; i++) start = sentence.indexOf(text, start + 1);
  assert.ok(start >= 0, `test set-up: "${text}" not in the sentence`);
  return { start, end: start + text.length, type, text };
}

function pair(kind: PairKind, head: Mention, tail: Mention): CandidatePair {
  return { kind, head, tail };
}

function answer(text: string, doneReason = 'stop'): ModelAnswer {
  return { text, doneReason, promptTokens: 10, evalTokens: 3, evalMs: 1 };
}

/** Instruction and input of a medtuned prompt, checking the training layout on the way (nothing after `### Output:`). */
function medtunedParts(req: ModelRequest): { instruction: string; input: string } {
  assert.equal(req.kind, 'generate');
  if (req.kind !== 'generate') throw new Error('unreachable');
  assert.equal(req.raw, true);
  assert.deepEqual(req.stop, ['</s>', '###']);
  assert.ok(!('system' in req), 'no system line');
  assert.ok(req.numPredict > 0);
  const m = /^### Instruction: ([\s\S]+?)\n ### Input: ([^\n]*)\n ### Output:$/.exec(req.prompt);
  assert.ok(m, `layout of ${JSON.stringify(req.prompt)}`);
  return { instruction: m[1], input: m[2] };
}

/** The i2b2-2010 relation instructions, verbatim from the reference file. */
function i2b2Variants(): string[] {
  const set = loadMedtunedReference().find((s) => s.dataset === 'i2b2-2010 relations');
  assert.ok(set);
  return set.variants;
}

/**
 * A clinical masked input, whichever clinical tokens (whitespace or punctuation-split) the
 * tokeniser gives: tokens joined by single spaces, the two masks whole tokens in text order,
 * and every other character of the sentence kept, in order.
 */
function checkClinicalMasked(input: string, sentence: string, p: CandidatePair): void {
  const [first, second] = [p.head, p.tail].sort((a, b) => a.start - b.start);
  assert.match(input, /^\S+( \S+)*$/, input);
  assert.deepEqual(
    input.split(' ').filter((t) => /^@\w+\$$/.test(t)),
    [maskOf(first.type), maskOf(second.type)],
    input,
  );
  const masked =
    sentence.slice(0, first.start) + maskOf(first.type) + sentence.slice(first.end, second.start) + maskOf(second.type) + sentence.slice(second.end);
  assert.equal(input.replace(/ /g, ''), masked.replace(/\s+/g, ''), input);
}

const WARFARIN = 'Warfarin was continued for atrial fibrillation with a goal INR of 2-3.';

describe('relation prompts: medtuned', () => {
  const profile = new MedtunedProfile();

  it('maskOf: lower case i2b2 masks, upper case literature masks', () => {
    assert.equal(maskOf('treatment'), '@treatment$');
    assert.equal(maskOf('problem'), '@problem$');
    assert.equal(maskOf('test'), '@test$');
    assert.equal(maskOf('chemical'), '@CHEMICAL$');
    assert.equal(maskOf('disease'), '@DISEASE$');
    assert.equal(maskOf('gene'), '@GENE$');
  });

  it('maskedInput replaces exactly the two mentions and space-joins the other tokens', () => {
    const w = mention(WARFARIN, 'Warfarin', 'treatment');
    const af = mention(WARFARIN, 'atrial fibrillation', 'problem');
    const wp = pair('clinical', w, af);
    const a = maskedInput(WARFARIN, wp);
    assert.ok(a.startsWith('@treatment$ was continued for @problem$ with a goal INR of '), a);
    checkClinicalMasked(a, WARFARIN, wp);
    const inr = mention(WARFARIN, 'INR', 'test');
    const ip = pair('clinical', inr, af);
    const b = maskedInput(WARFARIN, ip);
    assert.ok(b.startsWith('Warfarin was continued for @problem$ with a goal @test$ of '), b);
    checkClinicalMasked(b, WARFARIN, ip);
    // The sentence's final period stands apart, as in the i2b2-2010 rows (`@problem$ demonstrated @test$ .`).
    assert.ok(a.endsWith(' .') && b.endsWith(' .'));
  });

  it('maskedInput works when the tail comes before the head', () => {
    const s = 'Chest pain resolved after nitroglycerin.';
    const nitro = mention(s, 'nitroglycerin', 'treatment');
    const pain = mention(s, 'Chest pain', 'problem');
    assert.equal(maskedInput(s, pair('clinical', nitro, pain)), '@problem$ resolved after @treatment$ .');
    const t = 'Pneumonia was seen on chest x-ray.';
    assert.equal(maskedInput(t, pair('clinical', mention(t, 'chest x-ray', 'test'), mention(t, 'Pneumonia', 'problem'))), '@problem$ was seen on @test$ .');
  });

  it('maskedInput uses upper-case masks for literature pairs, two masks for two problems', () => {
    const s = 'Cisplatin-induced nephrotoxicity in rats.';
    assert.equal(
      maskedInput(s, pair('chemical-disease', mention(s, 'Cisplatin', 'chemical'), mention(s, 'nephrotoxicity', 'disease'))),
      '@CHEMICAL$ - induced @DISEASE$ in rats .',
    );
    const g = 'Germline mutations in BRCA1 cause breast cancer.';
    assert.equal(
      maskedInput(g, pair('gene-disease', mention(g, 'BRCA1', 'gene'), mention(g, 'breast cancer', 'disease'))),
      'Germline mutations in @GENE$ cause @DISEASE$ .',
    );
    const p = 'Fever suggests pneumonia.';
    assert.equal(maskedInput(p, pair('clinical', mention(p, 'Fever', 'problem'), mention(p, 'pneumonia', 'problem'))), '@problem$ suggests @problem$ .');
  });

  it("property: maskedInput is the tokens with each mention's tokens replaced by one mask (clinical: whichever clinical tokens)", () => {
    const WORDS = ['the', 'pain', 'CT', 'scan', '2-3', 'mg.', 'x-ray', '(a)', 'IL-6', 'β-blocker', 'q.d.', 'no', 'fever', ',', ';', '5%'];
    const arb = fc
      .array(fc.constantFrom(...WORDS), { minLength: 3, maxLength: 14 })
      .chain((words) => {
        const n = tokenize(words.join(' ')).length;
        return fc.tuple(fc.constant(words), fc.uniqueArray(fc.integer({ min: 0, max: n }), { minLength: 4, maxLength: 4 }));
      })
      .filter(([, cuts]) => cuts.length === 4)
      .map(([words, cuts]) => {
        const [a, b, c, d] = [...cuts].sort((x, y) => x - y);
        return { sentence: words.join(' '), first: [a, b] as const, second: [c, d] as const };
      });
    fc.assert(
      fc.property(
        arb,
        fc.boolean(),
        fc.constantFrom<[EntityType, EntityType, PairKind]>(
          ['treatment', 'problem', 'clinical'],
          ['test', 'problem', 'clinical'],
          ['chemical', 'disease', 'chemical-disease'],
          ['gene', 'disease', 'gene-disease'],
        ),
        ({ sentence, first, second }, headFirst, [headType, tailType, kind]) => {
          const toks = tokenize(sentence);
          const mk = ([i, j]: readonly [number, number], type: EntityType): Mention => {
            const start = toks[i].start;
            const end = toks[j - 1].end;
            return { start, end, type, text: sentence.slice(start, end) };
          };
          const a = mk(first, headFirst ? headType : tailType);
          const b = mk(second, headFirst ? tailType : headType);
          const p = headFirst ? pair(kind, a, b) : pair(kind, b, a);
          const expected = [
            ...toks.slice(0, first[0]).map((t) => t.text),
            maskOf(a.type),
            ...toks.slice(first[1], second[0]).map((t) => t.text),
            maskOf(b.type),
            ...toks.slice(second[1]).map((t) => t.text),
          ].join(' ');
          // Literature pairs: the corpus-style tokens exactly. Clinical pairs: the i2b2 rows'
          // tokens are the clinical tokeniser's business; the masks and characters are checked.
          if (kind === 'clinical') checkClinicalMasked(maskedInput(sentence, p), sentence, p);
          else assert.equal(maskedInput(sentence, p), expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('relationRequest: a raw generate in the training layout; the instruction is the verbatim i2b2-2010 variant', () => {
    const w = mention(WARFARIN, 'Warfarin', 'treatment');
    const af = mention(WARFARIN, 'atrial fibrillation', 'problem');
    const p = pair('clinical', w, af);
    const req = profile.relationRequest(WARFARIN, { id: pairsId([p]), pairs: [p] });
    const { instruction, input } = medtunedParts(req);
    assert.equal(instruction, i2b2Variants()[0]);
    assert.ok(input.startsWith('@treatment$ was continued for @problem$ with a goal INR of '), input);
    checkClinicalMasked(input, WARFARIN, p);
    for (const label of [...I2B2_RELATIONS, 'No Relations']) assert.ok(instruction.includes(label), `instruction names ${label}`);
    for (const mask of ['@problem$', '@test$', '@treatment$']) assert.ok(instruction.includes(mask), `instruction names ${mask}`);
    assert.ok(!instruction.includes('CID'));
    assert.ok(!instruction.includes('Positive'));
    assert.deepEqual(req.kind === 'generate' && req.stop, MEDTUNED_STOP);
    // The variant option: i2b2-2010 has three, so 4 and 5 wrap to 1 and 2.
    const variants = i2b2Variants();
    assert.equal(variants.length, 3);
    for (const n of [1, 2, 3, 4, 5]) {
      const v = new MedtunedProfile({ instructionVariant: n });
      assert.equal(medtunedParts(v.relationRequest(WARFARIN, { id: pairsId([p]), pairs: [p] })).instruction, variants[(n - 1) % 3], `variant ${n}`);
    }
  });

  it('relationRequest throws for chemical-disease, gene-disease and chemical-gene pairs: no CID or GAD prompt', () => {
    const s = 'Cisplatin induced nephrotoxicity and BRCA1 loss.';
    const cis = mention(s, 'Cisplatin', 'chemical');
    const neph = mention(s, 'nephrotoxicity', 'disease');
    const brca = mention(s, 'BRCA1', 'gene');
    for (const p of [pair('chemical-disease', cis, neph), pair('gene-disease', brca, neph), pair('chemical-gene', cis, brca)]) {
      for (const n of [1, 2, 3, 4, 5]) {
        const v = new MedtunedProfile({ instructionVariant: n });
        assert.throws(() => v.relationRequest(s, { id: pairsId([p]), pairs: [p] }), /the medtuned layout was not trained on/, `${p.kind}, variant ${n}`);
        assert.throws(() => v.relationRequest(s, { id: pairsId([p]), pairs: [p] }), new RegExp(p.kind));
      }
    }
  });

  it('relationKinds is the trained i2b2-2010 kind only: literature mentions give no candidate pairs', () => {
    assert.deepEqual([...profile.relationKinds], ['clinical']);
    const s = 'Cisplatin induced nephrotoxicity and BRCA1 loss after aspirin for headache.';
    const ms = [
      mention(s, 'Cisplatin', 'chemical'),
      mention(s, 'nephrotoxicity', 'disease'),
      mention(s, 'BRCA1', 'gene'),
      mention(s, 'aspirin', 'treatment'),
      mention(s, 'headache', 'problem'),
    ];
    const pairs = candidatePairs(ms, 20, profile.relationKinds);
    assert.deepEqual(
      pairs.map((p) => [p.kind, p.head.text, p.tail.text]),
      [['clinical', 'aspirin', 'headache']],
    );
    // The same mentions without the limit: the literature kinds exist (asked only in the json layout).
    assert.deepEqual(new Set(candidatePairs(ms, 20).map((p) => p.kind)), new Set(['clinical', 'chemical-disease', 'gene-disease', 'chemical-gene']));
  });

  it('relationTasks: one task per pair, with distinct ids for different pairs of one sentence', () => {
    const w = mention(WARFARIN, 'Warfarin', 'treatment');
    const af = mention(WARFARIN, 'atrial fibrillation', 'problem');
    const inr = mention(WARFARIN, 'INR', 'test');
    const pairs = candidatePairs([w, af, inr], 10, profile.relationKinds);
    assert.equal(pairs.length, 2);
    const tasks = profile.relationTasks(pairs);
    assert.equal(tasks.length, 2);
    tasks.forEach((t, i) => {
      assert.deepEqual(t.pairs, [pairs[i]]);
      assert.equal(t.id, pairsId([pairs[i]]));
    });
    assert.notEqual(tasks[0].id, tasks[1].id);
    assert.deepEqual(profile.relationTasks([]), []);
    // The id is stable for the same pair, and changes with a type or a span.
    assert.equal(profile.relationTasks([pair('clinical', { ...w }, { ...af })])[0].id, tasks.find((t) => t.pairs[0].head === w)!.id);
    assert.notEqual(pairsId([pair('clinical', { ...w, type: 'test' }, af)]), pairsId([pair('clinical', w, af)]));
    assert.notEqual(pairsId([pair('clinical', { ...w, end: w.end - 1 }, af)]), pairsId([pair('clinical', w, af)]));
    assert.notEqual(pairsId([pair('clinical', af, w)]), pairsId([pair('clinical', w, af)]), 'direction counts');
  });

  describe('parseRelations', () => {
    const w = mention(WARFARIN, 'Warfarin', 'treatment');
    const af = mention(WARFARIN, 'atrial fibrillation', 'problem');
    const inr = mention(WARFARIN, 'INR', 'test');
    const tp: RelationTask = { id: 'tp', pairs: [pair('clinical', w, af)] };
    const te: RelationTask = { id: 'te', pairs: [pair('clinical', inr, af)] };

    it('reads a label from messy answers', () => {
      const cases: [string, string][] = [
        ['TrAP', 'TrAP'],
        [' trap\n', 'TrAP'],
        ['The answer is TrAP.', 'TrAP'],
        ['Output: TRNAP </s>', 'TrNAP'],
        ['No relation.', 'No Relations'],
        ['No Relations', 'No Relations'],
      ];
      for (const [text, label] of cases) assert.deepEqual(profile.parseRelations(tp, answer(text)), { labels: [label], dropped: 0 }, text);
      assert.deepEqual(profile.parseRelations(te, answer('Label: TeRP')), { labels: ['TeRP'], dropped: 0 });
    });

    it('counts a label not allowed for the pair as dropped', () => {
      assert.deepEqual(profile.parseRelations(tp, answer('TeRP')), { labels: [undefined], dropped: 1 });
      assert.deepEqual(profile.parseRelations(te, answer('TrAP')), { labels: [undefined], dropped: 1 });
      assert.deepEqual(profile.parseRelations(tp, answer('PIP')), { labels: [undefined], dropped: 1 });
      assert.deepEqual(profile.parseRelations(tp, answer('CID')), { labels: [undefined], dropped: 1 });
    });

    it('reads the answer as the model writes its training target: leading and trailing space, newline, with or without </s>', () => {
      for (const [text, task, label] of [
        [' TrAP \n', tp, 'TrAP'],
        [' TrAP \n</s>', tp, 'TrAP'],
        [' No Relations \n', tp, 'No Relations'],
        [' No Relations \n</s>### Instruction: more', te, 'No Relations'],
        [' TeRP ', te, 'TeRP'],
      ] as const) {
        assert.deepEqual(profile.parseRelations(task, answer(text)), { labels: [label], dropped: 0 }, JSON.stringify(text));
      }
    });

    it('an answer to a prompt off the training layout is no label (dropped)', () => {
      for (const text of [OFF_LAYOUT_ANSWER, ` ${OFF_LAYOUT_ANSWER} \n`]) {
        assert.deepEqual(profile.parseRelations(tp, answer(text)), { labels: [undefined], dropped: 1 });
        assert.deepEqual(profile.parseRelations(te, answer(text)), { labels: [undefined], dropped: 1 });
      }
    });
  });
});

describe('relation prompts: json', () => {
  const profile = new JsonProfile();
  const s = 'Aspirin was given for headache and fever after a CT scan.';
  const aspirin = mention(s, 'Aspirin', 'treatment');
  const headache = mention(s, 'headache', 'problem');
  const fever = mention(s, 'fever', 'problem');
  const ct = mention(s, 'CT scan', 'test');

  function strip(text: string): string {
    return text.replace(/<\/?e\d+>/g, '');
  }

  /** The sentence field of the user turn: note text fenced as data, a JSON string. */
  function textLine(msg: string): string {
    const m = /^Text: (.*)$/m.exec(msg);
    assert.ok(m, msg);
    assert.ok(m[1].startsWith('"'), `a quoted field: ${m[1]}`);
    return JSON.parse(m[1]);
  }

  it('relationUserMessage marks each mention once, in text order, and lists the pairs', () => {
    const pairs = [pair('clinical', aspirin, fever), pair('clinical', aspirin, headache), pair('clinical', ct, fever)];
    const msg = relationUserMessage(s, pairs);
    assert.equal(
      msg,
      'Text: "<e1>Aspirin</e1> was given for <e2>headache</e2> and <e3>fever</e3> after a <e4>CT scan</e4>."\n' +
        'Pairs:\n' +
        'P1: e1 (treatment) -> e3 (problem)\n' +
        'P2: e1 (treatment) -> e2 (problem)\n' +
        'P3: e4 (test) -> e3 (problem)',
    );
    assert.equal(strip(textLine(msg)), s);
  });

  it('relationUserMessage leaves unpaired mentions unmarked', () => {
    const msg = relationUserMessage(s, [pair('clinical', ct, headache)]);
    assert.equal(textLine(msg), 'Aspirin was given for <e1>headache</e1> and fever after a <e2>CT scan</e2>.');
    assert.ok(msg.endsWith('Pairs:\nP1: e2 (test) -> e1 (problem)'));
  });

  it('property: markers wrap each paired mention once, numbered in text order; stripping them gives the sentence back', () => {
    const WORDS = ['the', 'pain', 'CT', 'scan', '2-3', 'x-ray', 'IL-6', 'fever', ',', 'and', 'aspirin', 'β', '😷', 'e1', '5%'];
    const arb = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 14 }).chain((words) => {
      const sentence = words.join(' ');
      const n = tokenize(sentence).length;
      // Disjoint token ranges (what one NER answer yields), each with a type.
      return fc.tuple(
        fc.constant(sentence),
        fc.uniqueArray(fc.integer({ min: 0, max: n }), { maxLength: 10 }),
        fc.array(fc.constantFrom(...ENTITY_TYPES), { minLength: 5, maxLength: 5 }),
      );
    });
    fc.assert(
      fc.property(arb, ([sentence, cuts, types]) => {
        const toks = tokenize(sentence);
        const sorted = [...cuts].sort((a, b) => a - b);
        const mentions: Mention[] = [];
        for (let i = 0; i + 1 < sorted.length; i += 2) {
          const start = toks[sorted[i]].start;
          const end = toks[sorted[i + 1] - 1].end;
          mentions.push({ start, end, type: types[mentions.length], text: sentence.slice(start, end) });
        }
        const pairs = candidatePairs(mentions, 20);
        if (pairs.length === 0) return;
        const msg = relationUserMessage(sentence, pairs);
        const text = textLine(msg);
        assert.equal(strip(text), sentence);
        const paired = [...new Set(pairs.flatMap((p) => [p.head, p.tail]))].sort((a, b) => a.start - b.start);
        const marked = [...text.matchAll(/<e(\d+)>(.*?)<\/e\1>/g)];
        assert.deepEqual(
          marked.map((m) => [m[1], m[2]]),
          paired.map((m, i) => [String(i + 1), m.text]),
        );
        const id = new Map(paired.map((m, i) => [m, `e${i + 1}`]));
        const lines = msg.split('\n').slice(2);
        assert.equal(msg.split('\n')[1], 'Pairs:');
        assert.deepEqual(
          lines,
          pairs.map((p, i) => `P${i + 1}: ${id.get(p.head)} (${p.head.type}) -> ${id.get(p.tail)} (${p.tail.type})`),
        );
      }),
      { numRuns: 300 },
    );
  });

  /** Reads the marked text: the plain text, and each id's span in it; checks that tags nest and each id is used once. */
  function readMarks(text: string): { plain: string; spans: Map<string, [number, number]> } {
    const spans = new Map<string, [number, number]>();
    const open: { id: string; at: number }[] = [];
    let plain = '';
    let last = 0;
    for (const m of text.matchAll(/<(\/?)(e\d+)>/g)) {
      plain += text.slice(last, m.index);
      last = m.index! + m[0].length;
      if (m[1] === '') {
        assert.ok(!spans.has(m[2]) && !open.some((o) => o.id === m[2]), `${m[2]} opened once: ${text}`);
        open.push({ id: m[2], at: plain.length });
      } else {
        const top = open.pop();
        assert.equal(top?.id, m[2], `tags nest: ${text}`);
        spans.set(m[2], [top!.at, plain.length]);
      }
    }
    assert.equal(open.length, 0, `every tag closed: ${text}`);
    plain += text.slice(last);
    return { plain, spans };
  }

  it('relationUserMessage with overlapping mentions (separate NER prompts): one number per span, nested tags', () => {
    const t = 'Loss of BRCA1 function and cisplatin.';
    const gene = mention(t, 'BRCA1', 'gene');
    const disease = mention(t, 'Loss of BRCA1 function', 'disease');
    const chem = mention(t, 'cisplatin', 'chemical');
    const pairs = candidatePairs([gene, disease, chem], 10);
    assert.equal(pairs.length, 2, 'test set-up: chemical-disease and chemical-gene');
    const msg = relationUserMessage(t, pairs);
    const { plain, spans } = readMarks(textLine(msg));
    assert.equal(plain, t);
    assert.deepEqual(spans.get('e1'), [disease.start, disease.end]);
    assert.deepEqual(spans.get('e2'), [gene.start, gene.end]);
    assert.deepEqual(spans.get('e3'), [chem.start, chem.end]);
    assert.equal(textLine(msg), '<e1>Loss of <e2>BRCA1</e2> function</e1> and <e3>cisplatin</e3>.');
  });

  it('property: with nested or repeated mentions, tags nest, each span has one number in text order, and stripping them gives the sentence back', () => {
    const WORDS = ['the', 'pain', 'CT', 'scan', '2-3', 'x-ray', 'IL-6', 'fever', ',', 'and', 'aspirin', 'β', '😷', 'e1', '5%'];
    const arb = fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 12 }).chain((words) => {
      const sentence = words.join(' ');
      const n = tokenize(sentence).length;
      const range = fc
        .tuple(fc.integer({ min: 0, max: n - 1 }), fc.integer({ min: 1, max: n }), fc.constantFrom(...ENTITY_TYPES))
        .map(([a, len, type]) => [a, Math.min(n, a + len), type] as const);
      return fc.tuple(fc.constant(sentence), fc.array(range, { maxLength: 7 }));
    });
    fc.assert(
      fc.property(arb, ([sentence, ranges]) => {
        const toks = tokenize(sentence);
        const mentions: Mention[] = [];
        for (const [a, b, type] of ranges) {
          const start = toks[a].start;
          const end = toks[b - 1].end;
          // Disjoint, equal or nested spans only: crossing spans cannot be marked with nesting tags.
          const crosses = mentions.some((m) => m.start < end && start < m.end && !(m.start <= start && end <= m.end) && !(start <= m.start && m.end <= end));
          if (!crosses) mentions.push({ start, end, type, text: sentence.slice(start, end) });
        }
        const pairs = candidatePairs(mentions, 30);
        if (pairs.length === 0) return;
        const msg = relationUserMessage(sentence, pairs);
        const { plain, spans } = readMarks(textLine(msg));
        assert.equal(plain, sentence);
        // Distinct spans, in text order (an enclosing span before the spans inside it).
        const keyOf = (m: Mention) => `${m.start}:${m.end}`;
        const distinct = [...new Map(pairs.flatMap((p) => [p.head, p.tail]).map((m) => [keyOf(m), m])).values()].sort(
          (a, b) => a.start - b.start || b.end - a.end,
        );
        assert.deepEqual(
          [...spans.entries()].sort((a, b) => Number(a[0].slice(1)) - Number(b[0].slice(1))),
          distinct.map((m, i) => [`e${i + 1}`, [m.start, m.end]]),
        );
        const id = new Map(distinct.map((m, i) => [keyOf(m), `e${i + 1}`]));
        assert.deepEqual(
          msg.split('\n').slice(2),
          pairs.map((p, i) => `P${i + 1}: ${id.get(keyOf(p.head))} (${p.head.type}) -> ${id.get(keyOf(p.tail))} (${p.tail.type})`),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('relationSchema is flat, with the pair enum P1..Pn and the label enum', () => {
    const labels = LABELS.clinical;
    const schema = relationSchema(3, labels) as SchemaNode;
    assert.equal(schema.type, 'object');
    assert.deepEqual(schema.required, ['relations']);
    const items = schema.properties.relations.items;
    assert.equal(schema.properties.relations.type, 'array');
    assert.deepEqual(items.properties.pair, { type: 'string', enum: ['P1', 'P2', 'P3'] });
    assert.deepEqual(items.properties.label, { type: 'string', enum: [...labels] });
    assert.deepEqual(items.required, ['pair', 'label']);
    const json = JSON.stringify(schema);
    for (const word of ['$ref', 'anyOf', 'oneOf', 'allOf', '$defs', 'definitions']) assert.ok(!json.includes(word), word);
    assert.deepEqual((relationSchema(1, ['CID', 'No Relations']) as SchemaNode).properties.relations.items.properties.pair.enum, ['P1']);
  });

  it('relationTasks: one task per sentence with all its pairs; none without pairs', () => {
    const pairs = candidatePairs([aspirin, headache, fever, ct], 10, profile.relationKinds);
    assert.ok(pairs.length >= 3);
    const tasks = profile.relationTasks(pairs);
    assert.equal(tasks.length, 1);
    assert.deepEqual(tasks[0].pairs, pairs);
    assert.equal(tasks[0].id, pairsId(pairs));
    assert.deepEqual(profile.relationTasks([]), []);
    assert.ok(profile.relationKinds.has('chemical-gene'));
  });

  it('relationRequest: a chat with the marked sentence and a schema over the pairs and labels', () => {
    const pairs = [pair('clinical', aspirin, headache), pair('clinical', ct, fever)];
    const req = profile.relationRequest(s, { id: pairsId(pairs), pairs });
    assert.equal(req.kind, 'chat');
    if (req.kind !== 'chat') return;
    assert.equal(req.messages.length, 2);
    assert.equal(req.messages[0].role, 'system');
    assert.deepEqual(req.messages[1], { role: 'user', content: relationUserMessage(s, pairs) });
    const items = (req.format as SchemaNode).properties.relations.items.properties;
    assert.deepEqual(items.pair.enum, ['P1', 'P2']);
    assert.deepEqual(items.label.enum, [...LABELS.clinical]);
    assert.ok(req.numPredict > 0);
    // Mixed kinds: the label enum is the union.
    const t = 'Tamoxifen inhibits CYP2D6 after aspirin for headache.';
    const mixed = [
      pair('chemical-gene', mention(t, 'Tamoxifen', 'chemical'), mention(t, 'CYP2D6', 'gene')),
      pair('clinical', mention(t, 'aspirin', 'treatment'), mention(t, 'headache', 'problem')),
    ];
    const mreq = profile.relationRequest(t, { id: pairsId(mixed), pairs: mixed });
    const enumLabels: string[] = (mreq as { format: SchemaNode }).format.properties.relations.items.properties.label.enum;
    for (const l of [...LABELS['chemical-gene'], ...LABELS.clinical]) assert.ok(enumLabels.includes(l), l);
    assert.equal(new Set(enumLabels).size, enumLabels.length, 'no label twice');
  });

  describe('parseRelations', () => {
    const tp1 = pair('clinical', aspirin, headache);
    const tp2 = pair('clinical', aspirin, fever);
    const te = pair('clinical', ct, fever);
    const task: RelationTask = { id: 'x', pairs: [tp1, tp2, te] };

    it('maps an answer to its pair, in any casing; pairs without an answer stay undefined', () => {
      assert.deepEqual(profile.parseRelations(task, answer('{"relations":[{"pair":"P2","label":"trap"}]}')), {
        labels: [undefined, 'TrAP', undefined],
        dropped: 0,
      });
      assert.deepEqual(
        profile.parseRelations(task, answer('{"relations":[{"pair":"P3","label":"TeRP"},{"pair":"P1","label":"No Relations"},{"pair":"P2","label":"TrIP"}]}')),
        { labels: ['No Relations', 'TrIP', 'TeRP'], dropped: 0 },
      );
    });

    it('tolerates code fences and prose', () => {
      const fenced = 'Here you go:\n```json\n{"relations": [{"pair": "P1", "label": "TrAP"}, {"pair": "P3", "label": "TeCP"}]}\n```\nDone.';
      assert.deepEqual(profile.parseRelations(task, answer(fenced)), { labels: ['TrAP', undefined, 'TeCP'], dropped: 0 });
      const bare = '[{"pair":"P2","label":"TrWP"}]';
      assert.deepEqual(profile.parseRelations(task, answer(bare)), { labels: [undefined, 'TrWP', undefined], dropped: 0 });
    });

    it('salvages the complete objects of truncated JSON', () => {
      const cut = '{"relations":[{"pair":"P1","label":"TrAP"},{"pair":"P3","label":"TeRP"},{"pair":"P2","lab';
      assert.deepEqual(profile.parseRelations(task, answer(cut, 'length')), { labels: ['TrAP', undefined, 'TeRP'], dropped: 0 });
      assert.deepEqual(profile.parseRelations(task, answer('{"relations":[{"pa', 'length')), {
        labels: [undefined, undefined, undefined],
        dropped: 0,
      });
    });

    it('drops and counts unknown pairs and labels not allowed for their pair', () => {
      const text = JSON.stringify({
        relations: [
          { pair: 'P9', label: 'TrAP' },
          { pair: 'P1', label: 'TeRP' }, // a test label for a treatment-problem pair
          { pair: 'P3', label: 'TrAP' }, // a treatment label for a test-problem pair
          { pair: 'P2', label: 'Banana' },
          { pair: 'P0', label: 'TrAP' },
          { pair: 'P3', label: 'TeCP' },
        ],
      });
      assert.deepEqual(profile.parseRelations(task, answer(text)), { labels: [undefined, undefined, 'TeCP'], dropped: 5 });
    });

    it('ignores items that are not {pair, label} strings without crashing', () => {
      const text = '{"relations":[{"pair":1,"label":"TrAP"},{"label":"TrAP"},null,"P1",{"pair":"P2","label":"TrCP"}]}';
      const got = profile.parseRelations(task, answer(text));
      assert.deepEqual(got.labels, [undefined, 'TrCP', undefined]);
    });

    it('an empty or non-JSON answer gives no labels', () => {
      for (const text of ['', 'I cannot answer that.', '{}', '{"relations": []}']) {
        assert.deepEqual(profile.parseRelations(task, answer(text)).labels, [undefined, undefined, undefined], text);
      }
    });
  });
});
