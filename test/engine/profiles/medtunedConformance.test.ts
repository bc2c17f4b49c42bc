/**
 * Conformance of the medtuned prompts with Llama2-MedTuned's training data: every prompt the
 * real MedtunedProfile builds, for every task and every instruction variant, is compared
 * byte for byte with the training layout and the verbatim instruction variant, both read
 * here from test/fixtures/reference/medtuned-training-data.md (not from the engine's
 * constants, so that a wrong constant cannot agree with itself).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  DEFAULT_LITERATURE_DATASETS,
  LiteratureDatasets,
  MedtunedProfile,
  MEDTUNED_STOP,
  medtunedTrainingText,
} from '../../../server/src/engine/profiles/medtuned';
import { NerGroup, pairsId } from '../../../server/src/engine/profiles/profile';
import { CandidatePair, candidatePairs, PairKind } from '../../../server/src/engine/tasks/relations';
import { CLINICAL_TYPES, EntityType, Mention, ModelAnswer, ModelRequest } from '../../../server/src/engine/types';
import { loadMedtunedReference, matchMedtunedLayout, MedtunedMatch } from '../../support/ollamaServer';
import { ROOT } from '../../support/paths';

const REFERENCE = path.join(ROOT, 'test/fixtures/reference/medtuned-training-data.md');
const MARKDOWN = fs.readFileSync(REFERENCE, 'utf8').replace(/\r\n/g, '\n');

/** A `## ` section of the reference file, without its heading. */
function section(title: string): string {
  const start = MARKDOWN.indexOf(`\n## ${title}\n`);
  assert.ok(start >= 0, `reference section "${title}"`);
  const body = MARKDOWN.slice(start + title.length + 5);
  const next = body.search(/^## /m);
  return next < 0 ? body : body.slice(0, next);
}

/**
 * The instruction variants per dataset (the `### ` heading up to its first ` (`), read with a
 * parser of its own (the oracle has another; the two are compared below).
 */
function readVariants(): Map<string, string[]> {
  const sets = new Map<string, string[]>();
  for (const chunk of section('The instruction variants, verbatim').split(/^### /m).slice(1)) {
    const heading = chunk.slice(0, chunk.indexOf('\n'));
    const variants: string[] = [];
    for (const m of chunk.matchAll(/^(\d+)\.\n```\n([\s\S]*?)\n```$/gm)) {
      assert.equal(Number(m[1]), variants.length + 1, `${heading}: variants numbered 1..n`);
      variants.push(m[2]);
    }
    // No fenced block was skipped by the pattern: two fence lines per variant.
    assert.equal(chunk.split('\n').filter((l) => l === '```').length, 2 * variants.length, `${heading}: every fenced block read`);
    sets.set(heading.split(' (')[0], variants);
  }
  return sets;
}

// Read when the tests run (not when the file loads), so that a broken file fails the tests, not the run.
let variantCache: Map<string, string[]> | undefined;
function allVariants(): Map<string, string[]> {
  return (variantCache ??= readVariants());
}

function variantsOf(dataset: string): string[] {
  const v = allVariants().get(dataset);
  assert.ok(v, `reference dataset ${dataset}`);
  return v;
}

/** The training template of Finetuning/training.py, as the reference file quotes it (`\n` written out). */
function template(): string {
  const m = /```\n(### Instruction: .*)\n```/.exec(section('The training template (Finetuning/training.py)'));
  assert.ok(m, 'the training template');
  return m[1].replace(/\\n/g, '\n');
}

/** The prompt: the template up to where the model's answer begins (` {output}`): nothing after `### Output:`. */
function layout(instruction: string, input: string): string {
  const t = template();
  const end = t.indexOf(' {output}');
  assert.ok(end > 0);
  return t
    .slice(0, end)
    .replace('{instruction}', () => instruction)
    .replace('{input}', () => input);
}

/** The layout's text before the instruction, between instruction and input, and after the input. */
function parts(): { head: string; middle: string; tail: string } {
  const l = layout('\u0000', '\u0001');
  return { head: l.split('\u0000')[0], middle: l.split('\u0000')[1].split('\u0001')[0], tail: l.split('\u0001')[1] };
}

const CLINICAL: NerGroup = { id: 'clinical', types: CLINICAL_TYPES };
const group = (t: EntityType): NerGroup => ({ id: t, types: [t] });
const VARIANT_NUMBERS = [1, 2, 3, 4, 5];

/** Variant n of a set, wrapping around a set with fewer (i2b2-2010 has 3). */
function variant(dataset: string, n: number): string {
  const v = variantsOf(dataset);
  return v[(n - 1) % v.length];
}

function generate(req: ModelRequest): Extract<ModelRequest, { kind: 'generate' }> {
  assert.equal(req.kind, 'generate');
  if (req.kind !== 'generate') throw new Error('unreachable');
  return req;
}

/** The request settings of the layout: raw, the two stops exactly, no system text, a budget. */
function checkRequest(req: Extract<ModelRequest, { kind: 'generate' }>): void {
  assert.equal(req.raw, true);
  assert.deepEqual(req.stop, ['</s>', '###']);
  assert.ok(!('system' in req), 'no system text');
  assert.ok(!('messages' in req), 'no chat turns');
  assert.ok(Number.isInteger(req.numPredict) && req.numPredict > 0);
  assert.ok(req.prompt.endsWith('### Output:'), 'nothing after ### Output:');
}

/** The input of a prompt that is the layout around `instruction`; fails on any other byte. */
function inputOf(prompt: string, instruction: string): string {
  const { head: h, middle, tail } = parts();
  const head = h + instruction + middle;
  assert.ok(prompt.startsWith(head), `prompt begins with the layout and the instruction: ${JSON.stringify(prompt.slice(0, 120))}`);
  assert.ok(prompt.endsWith(tail), `prompt ends the layout: ${JSON.stringify(prompt.slice(-40))}`);
  const input = prompt.slice(head.length, prompt.length - tail.length);
  assert.equal(prompt, layout(instruction, input));
  return input;
}

/** Tokens joined by single spaces (`' '.join(tokens)`), covering exactly the text's non-space characters. */
function checkTokens(input: string, text: string): void {
  assert.match(input, /^\S+( \S+)*$/, `space-joined tokens: ${JSON.stringify(input)}`);
  assert.equal(input.replace(/ /g, ''), text.replace(/\s+/g, ''), 'the tokens are the text');
}

function mention(sentence: string, text: string, type: EntityType): Mention {
  const start = sentence.indexOf(text);
  assert.ok(start >= 0, `test set-up: ${text}`);
  return { start, end: start + text.length, type, text };
}

/** The oracle agrees: the prompt is the layout, with this set's variant n. */
function checkOracle(req: Extract<ModelRequest, { kind: 'generate' }>, dataset: string, n: number): MedtunedMatch {
  const m = matchMedtunedLayout({ prompt: req.prompt, raw: req.raw, options: { stop: req.stop } });
  assert.ok(!('reason' in m), `oracle: ${'reason' in m ? m.reason : ''}`);
  assert.ok(m.datasets.includes(dataset), `${m.datasets} has ${dataset}`);
  assert.equal(m.variant, ((n - 1) % variantsOf(dataset).length) + 1);
  return m;
}

// Sample sentences. The literature one is the reference's own NCBI-disease row.
const NCBI_ROW = 'Germline mutations in BRCA1 are responsible for most cases of inherited breast and ovarian cancer .';
const LITERATURE = 'Germline mutations in BRCA1 are responsible for most cases of inherited breast and ovarian cancer.';
const CLINICAL_SENTENCE = 'Pt s/p CABG, started on metoprolol 25 mg p.o. b.i.d.; Cr 1.6 (baseline 1.2), chest x-ray clear.';
const WARFARIN = 'Warfarin was continued for atrial fibrillation with a goal INR of 2-3.';
const PREMISE = '  The patient was started on lisinopril 10 mg p.o. daily.\n';
const HYPOTHESIS = '\tThe patient is taking an antihypertensive medication. ';

describe('medtuned conformance with the training data (reference file)', () => {
  it('the reference file: the template, nine variant sets, five variants each but i2b2-2010 (3), JNLPBA = BC2GM', () => {
    const VARIANTS = allVariants();
    assert.equal(template(), '### Instruction: {instruction}\n ### Input: {input}\n ### Output: {output} \n</s>');
    assert.equal(layout('I', 'x y'), '### Instruction: I\n ### Input: x y\n ### Output:');
    assert.deepEqual(
      [...VARIANTS.keys()],
      ['NCBI-disease', 'BC5CDR-disease', 'BC5CDR-chem', 'BC2GM', 'JNLPBA', 'i2b2-2012', 'i2b2-2010 relations', 'MedNLI', 'GAD gene-disease relations'],
    );
    for (const [dataset, v] of VARIANTS) {
      assert.equal(v.length, dataset.startsWith('i2b2-2010') ? 3 : 5, dataset);
      assert.equal(new Set(v).size, v.length, `${dataset}: distinct variants`);
      for (const text of v) assert.equal(text, text.trim(), `${dataset}: no stray whitespace`);
    }
    assert.deepEqual(variantsOf('JNLPBA'), variantsOf('BC2GM'));
    assert.ok(MARKDOWN.replace(/\s+/g, ' ').includes(`input \`${NCBI_ROW}\``), 'the NCBI row as quoted');
  });

  it("the oracle's reading of the reference file is the same as this test's", () => {
    const oracle = loadMedtunedReference(REFERENCE);
    assert.deepEqual(
      oracle.map((s) => [s.dataset, s.variants]),
      [...allVariants().entries()],
    );
    assert.deepEqual(
      oracle.map((s) => s.task),
      ['disease', 'disease', 'chemical', 'gene', 'gene', 'clinical', 'clinical-relation', 'nli', 'untrained'],
    );
  });

  it('stop strings exactly </s> and ###', () => {
    assert.deepEqual(MEDTUNED_STOP, ['</s>', '###']);
  });

  it('medtunedTrainingText is the template filled in', () => {
    const instruction = variant('NCBI-disease', 1);
    const output = 'Germline : O\ncancer : I\n. : O';
    assert.equal(
      medtunedTrainingText(instruction, NCBI_ROW, output),
      template()
        .replace('{instruction}', () => instruction)
        .replace('{input}', () => NCBI_ROW)
        .replace('{output}', () => output),
    );
  });

  for (const n of VARIANT_NUMBERS) {
    describe(`variant ${n}`, () => {
      const profile = new MedtunedProfile({ instructionVariant: n });

      it('clinical NER: the i2b2-2012 variant, the sentence as space-joined tokens', () => {
        const req = generate(profile.nerRequest(CLINICAL_SENTENCE, CLINICAL));
        checkRequest(req);
        // Which clinical tokens (whitespace or punctuation-split) is the tokeniser's business;
        // here: exactly the sentence's characters, joined by single spaces.
        checkTokens(inputOf(req.prompt, variant('i2b2-2012', n)), CLINICAL_SENTENCE);
        assert.equal(checkOracle(req, 'i2b2-2012', n).task, 'clinical');
        // Every clinical type asks the same one prompt.
        for (const t of CLINICAL_TYPES) {
          const [g] = profile.nerGroups([t]);
          assert.equal(generate(profile.nerRequest(CLINICAL_SENTENCE, g)).prompt, req.prompt);
        }
      });

      const literature: Array<[EntityType, Partial<LiteratureDatasets>, string]> = [
        ['disease', {}, 'NCBI-disease'],
        ['disease', { disease: 'bc5cdr-disease' }, 'BC5CDR-disease'],
        ['chemical', {}, 'BC5CDR-chem'],
        ['gene', {}, 'BC2GM'],
        ['gene', { gene: 'jnlpba' }, 'JNLPBA'],
      ];
      for (const [type, datasets, dataset] of literature) {
        it(`${type} NER${Object.keys(datasets).length ? ` (datasets ${JSON.stringify(datasets)})` : ''}: the ${dataset} variant, the corpus-style tokens`, () => {
          const p = Object.keys(datasets).length ? new MedtunedProfile({ instructionVariant: n, datasets }) : profile;
          const req = generate(p.nerRequest(LITERATURE, group(type)));
          checkRequest(req);
          assert.equal(req.prompt, layout(variant(dataset, n), NCBI_ROW));
          assert.equal(checkOracle(req, dataset, n).task, type);
        });
      }

      it('clinical relation pairs: the i2b2-2010 variant, the sentence with the two masks', () => {
        const w = mention(WARFARIN, 'Warfarin', 'treatment');
        const af = mention(WARFARIN, 'atrial fibrillation', 'problem');
        const inr = mention(WARFARIN, 'INR', 'test');
        const pairs = candidatePairs([w, af, inr], 10, profile.relationKinds);
        assert.deepEqual(
          pairs.map((p) => [p.kind, p.head.text, p.tail.text]),
          [
            ['clinical', 'INR', 'atrial fibrillation'],
            ['clinical', 'Warfarin', 'atrial fibrillation'],
          ],
        );
        for (const p of pairs) {
          const tasks = profile.relationTasks([p]);
          assert.equal(tasks.length, 1);
          const req = generate(profile.relationRequest(WARFARIN, tasks[0]));
          checkRequest(req);
          const input = inputOf(req.prompt, variant('i2b2-2010 relations', n));
          const [first, second] = [p.head, p.tail].sort((a, b) => a.start - b.start);
          const mask = (m: Mention) => `@${m.type}$`;
          const masked =
            WARFARIN.slice(0, first.start) + ` ${mask(first)} ` + WARFARIN.slice(first.end, second.start) + ` ${mask(second)} ` + WARFARIN.slice(second.end);
          checkTokens(input, masked);
          assert.deepEqual(
            input.split(' ').filter((t) => t.startsWith('@')),
            [mask(first), mask(second)],
          );
          assert.equal(checkOracle(req, 'i2b2-2010 relations', n).task, 'clinical-relation');
        }
      });

      it('NLI: the MedNLI variant, "Sentence 1: {premise}\\nSentence 2: {hypothesis}", each stripped', () => {
        const req = generate(profile.nliRequest(PREMISE, HYPOTHESIS));
        checkRequest(req);
        assert.equal(
          req.prompt,
          layout(
            variant('MedNLI', n),
            'Sentence 1: The patient was started on lisinopril 10 mg p.o. daily.\nSentence 2: The patient is taking an antihypertensive medication.',
          ),
        );
        assert.equal(checkOracle(req, 'MedNLI', n).task, 'nli');
      });
    });
  }

  it('i2b2-2010 has three variants: variants 4 and 5 wrap to 1 and 2', () => {
    const s = 'Chest pain resolved after nitroglycerin.';
    const p: CandidatePair = { kind: 'clinical', head: mention(s, 'nitroglycerin', 'treatment'), tail: mention(s, 'Chest pain', 'problem') };
    const prompt = (n: number) => generate(new MedtunedProfile({ instructionVariant: n }).relationRequest(s, { id: pairsId([p]), pairs: [p] })).prompt;
    const [v1, v2, v3] = variantsOf('i2b2-2010 relations');
    assert.equal(inputOf(prompt(4), v1), inputOf(prompt(1), v1));
    assert.equal(prompt(4), prompt(1));
    assert.equal(inputOf(prompt(5), v2), inputOf(prompt(2), v2));
    assert.equal(prompt(5), prompt(2));
    assert.equal(new Set([prompt(1), prompt(2), prompt(3)]).size, 3);
    assert.ok(prompt(3).startsWith(parts().head + v3 + parts().middle));
    // Sets of five do not wrap: variants 4 and 5 are their own.
    const nli = (n: number) => generate(new MedtunedProfile({ instructionVariant: n }).nliRequest('a', 'b')).prompt;
    assert.equal(new Set(VARIANT_NUMBERS.map(nli)).size, 5);
  });

  it('no chemical-disease, gene-disease or chemical-gene pair is asked: relationKinds is clinical only, relationRequest throws', () => {
    const s = 'Cisplatin induced nephrotoxicity in BRCA1 carriers with deafness.';
    const cis = mention(s, 'Cisplatin', 'chemical');
    const neph = mention(s, 'nephrotoxicity', 'disease');
    const brca = mention(s, 'BRCA1', 'gene');
    const deaf = mention(s, 'deafness', 'disease');
    for (const n of VARIANT_NUMBERS) {
      const profile = new MedtunedProfile({ instructionVariant: n, datasets: { disease: 'bc5cdr-disease', gene: 'jnlpba' } });
      assert.deepEqual([...profile.relationKinds], ['clinical']);
      assert.deepEqual(candidatePairs([cis, neph, brca, deaf], 20, profile.relationKinds), []);
      const literature: Array<[PairKind, Mention, Mention]> = [
        ['chemical-disease', cis, neph],
        ['gene-disease', brca, deaf],
        ['chemical-gene', cis, brca],
      ];
      for (const [kind, head, tail] of literature) {
        const p: CandidatePair = { kind, head, tail };
        assert.throws(() => profile.relationRequest(s, { id: pairsId([p]), pairs: [p] }), new RegExp(kind), `${kind}, variant ${n}`);
      }
    }
  });

  it('promptVersion differs between variants and datasets, so an answer to one wording is never reused for another', () => {
    const versions = VARIANT_NUMBERS.map((n) => new MedtunedProfile({ instructionVariant: n }).promptVersion);
    assert.equal(new Set(versions).size, 5, versions.join(' '));
    assert.equal(new MedtunedProfile().promptVersion, versions[0], 'variant 1 by default');
    assert.equal(new MedtunedProfile({ instructionVariant: 3 }).promptVersion, versions[2], 'stable for the same wording');
    const withDatasets = [
      new MedtunedProfile({ datasets: { disease: 'bc5cdr-disease' } }),
      new MedtunedProfile({ datasets: { gene: 'jnlpba' } }),
      new MedtunedProfile({ datasets: { ...DEFAULT_LITERATURE_DATASETS } }),
    ].map((p) => p.promptVersion);
    assert.equal(new Set([...versions, withDatasets[0], withDatasets[1]]).size, 7);
    assert.equal(withDatasets[2], versions[0]);
  });

  it("the training target of the reference's NCBI row, as the model writes it, parses to its disease", () => {
    const profile = new MedtunedProfile();
    const tags = ['O', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'O', 'B', 'I', 'I', 'I', 'I', 'O'];
    const output = NCBI_ROW.split(' ')
      .map((t, i) => `${t} : ${tags[i]}`)
      .join('\n');
    assert.ok(
      MARKDOWN.replace(/\s+/g, ' ').includes('output ends `inherited : B\\nbreast : I\\nand : I\\novarian : I\\ncancer : I\\n. : O`'),
      'the row as quoted',
    );
    assert.ok(output.endsWith('inherited : B\nbreast : I\nand : I\novarian : I\ncancer : I\n. : O'));
    // The model writes ` {output} \n</s>`; a server honouring the stop returns up to `</s>`, one that does not returns it all.
    for (const text of [` ${output} \n`, ` ${output} \n</s>`, ` ${output} `]) {
      const answer: ModelAnswer = { text, doneReason: 'stop', promptTokens: 1, evalTokens: 1, evalMs: 1 };
      assert.deepEqual(
        profile.parseNer(LITERATURE, group('disease'), answer).mentions.map((m) => [m.text, m.type]),
        [['inherited breast and ovarian cancer', 'disease']],
        JSON.stringify(text.slice(-8)),
      );
    }
  });
});
