/**
 * Jump-forward decoding of medtuned NER answers in the embedded engine, on the real
 * node-llama-cpp with tiny random-weight llama models this test writes (test/support/ggufWriter.ts).
 * Two vocabularies: the writer's default one, where a tag is spelled `▁` + letters, and one
 * with Llama-2-like tag tokens (`▁B`, `▁I`, `▁O`, and each i2b2 class as one token), where a
 * literature tag is one token and a typed tag is `▁B` `-` CLASS. The model's choices are noise;
 * what is checked is that the answer always has the layout the parser reads, only valid tags,
 * the step count the method promises, the KV cache holding the whole-text tokenization, and
 * that cancellation, the queue and every other request behave as before.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EmbeddedBackend, EmbeddedSettings } from '../../../server/src/engine/models/embedded/backend';
import { canJumpForward } from '../../../server/src/engine/models/embedded/jumpForward';
import { EmbeddedRuntime } from '../../../server/src/engine/models/embedded/runtime';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { MedtunedProfile, medtunedPrompt, nerTags, answerText, parseTagLines } from '../../../server/src/engine/profiles/medtuned';
import { NerGroup } from '../../../server/src/engine/profiles/profile';
import { alignTokenLines } from '../../../server/src/engine/text/align';
import { CLINICAL_TYPES, ModelAnswer, ModelError, ModelRequest, TaggingAnswer } from '../../../server/src/engine/types';
import { writeTinyLlamaGguf } from '../../support/ggufWriter';

const CLINICAL: NerGroup = { id: 'clinical', types: CLINICAL_TYPES };
const DISEASE: NerGroup = { id: 'disease', types: ['disease'] };
const I2B2_CLASSES = ['PROBLEM', 'TREATMENT', 'TEST', 'OCCURRENCE', 'EVIDENTIAL', 'CLINICAL_DEPT'];

/** Punctuation (a token `:` like the separator), a non-BMP letter and emoji, CRLF line breaks. */
const SENTENCES = [
  'BP: 120/80, HR 72; pt denies chest pain (non-radiating).',
  'Aspirin 😀 given for fever.\r\nNo chest pain : none.',
  '𝐀spirin😀for  pain',
  'Germline mutations in BRCA1 are responsible for most cases of inherited breast and ovarian cancer .',
];

const profile = new MedtunedProfile();

type Generate = Extract<ModelRequest, { kind: 'generate' }>;

function nerRequest(sentence: string, group: NerGroup): Generate {
  const r = profile.nerRequest(sentence, group);
  assert.equal(r.kind, 'generate');
  return r as Generate;
}

/** The answer's tags, checking it is exactly the layout: ` tok : TAG` lines joined by `\n`, then ` \n`. */
function tagsOf(answer: string, hint: TaggingAnswer, complete = true): string[] {
  assert.ok(answer.startsWith(' '), JSON.stringify(answer));
  const body = complete ? answer.slice(1, -2) : answer.slice(1);
  if (complete) assert.ok(answer.endsWith(' \n'), JSON.stringify(answer));
  const lines = body.split('\n');
  if (complete) assert.equal(lines.length, hint.tokens.length, JSON.stringify(answer));
  return lines.map((line, i) => {
    const prefix = `${hint.tokens[i]} : `;
    assert.ok(line.startsWith(prefix), `line ${i} ${JSON.stringify(line)} should start ${JSON.stringify(prefix)}`);
    const tag = line.slice(prefix.length);
    assert.ok(hint.tags.includes(tag), `${JSON.stringify(tag)} is not a valid tag of ${hint.tags.join(' ')}`);
    return tag;
  });
}

describe('jump-forward decoding of medtuned NER answers (embedded engine)', function () {
  this.timeout(30_000);
  let dir: string;
  let letters: EmbeddedRuntime;
  let tagWords: EmbeddedRuntime;
  let lettersFile: string;
  let tagWordsFile: string;

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-jump-'));
    lettersFile = path.join(dir, 'letters.gguf');
    tagWordsFile = path.join(dir, 'tag-words.gguf');
    writeTinyLlamaGguf(lettersFile, { seed: 2 });
    // Strong attention, so that its tags vary with the text (B and I, several classes).
    writeTinyLlamaGguf(tagWordsFile, { seed: 12, bias: false, attentionScale: 16, words: ['B', 'I', 'O', ...I2B2_CLASSES] });
    letters = new EmbeddedRuntime();
    tagWords = new EmbeddedRuntime();
  });
  after(async () => {
    await letters?.dispose();
    await tagWords?.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const settings = (modelPath: string, overrides: Partial<EmbeddedSettings> = {}): EmbeddedSettings => ({
    modelPath,
    contextSize: 2048,
    requestTimeoutMs: 60_000,
    gpu: false,
    ...overrides,
  });
  const onLetters = () => new EmbeddedBackend(settings(lettersFile), letters);
  const onTagWords = () => new EmbeddedBackend(settings(tagWordsFile), tagWords);
  const never = () => new AbortController().signal;

  async function generate(backend: EmbeddedBackend, request: ModelRequest): Promise<{ answer: ModelAnswer; steps: number; jumped: number; plain: number }> {
    const before = { ...backend.decodeStats };
    const answer = await backend.generate(request, never());
    return {
      answer,
      steps: backend.decodeStats.steps - before.steps,
      jumped: backend.decodeStats.jumpForward - before.jumpForward,
      plain: backend.decodeStats.plain - before.plain,
    };
  }

  it('the medtuned NER request says what its answer looks like; its prompt is unchanged and other requests carry nothing', () => {
    const sentence = SENTENCES[0];
    const req = nerRequest(sentence, CLINICAL);
    const words = profile.inputTokens(sentence, CLINICAL).map((t) => t.text);
    assert.equal(req.prompt, medtunedPrompt(profile.instruction('i2b2-2012'), words.join(' ')));
    assert.deepEqual(req.expected, { kind: 'tagging', tokens: words, tags: nerTags(CLINICAL), before: ' ', separator: ' : ', between: '\n', after: ' \n' });
    assert.equal(nerTags(CLINICAL).length, 13);
    assert.ok(nerTags(CLINICAL).includes('B-CLINICAL_DEPT') && nerTags(CLINICAL).includes('O'));
    assert.deepEqual(nerRequest(SENTENCES[2], DISEASE).expected?.tags, ['B', 'I', 'O']);
    assert.equal((profile.nliRequest('a', 'b') as Generate).expected, undefined);
  });

  for (const [vocabulary, backendOf] of [
    ['letters', onLetters],
    ['tag-word', onTagWords],
  ] as const) {
    it(`${vocabulary} vocabulary: every answer has the layout the parser reads, with valid tags only`, async () => {
      const backend = backendOf();
      for (const sentence of SENTENCES) {
        for (const group of [CLINICAL, DISEASE]) {
          const req = nerRequest(sentence, group);
          const { answer, jumped, plain } = await generate(backend, req);
          assert.deepEqual({ jumped, plain }, { jumped: 1, plain: 0 }, 'decoded jump-forward');
          assert.equal(answer.doneReason, 'stop');
          const tags = tagsOf(answer.text, req.expected!);
          // The profile's own parser labels every input token with the tag given.
          const tokens = profile.inputTokens(sentence, group);
          const lines = parseTagLines(answerText(answer.text));
          const aligned = alignTokenLines(tokens, lines);
          assert.equal(aligned.matched, tokens.length, answer.text);
          assert.deepEqual(
            aligned.labels.map((l) => (l!.prefix === 'O' ? 'O' : l!.type ? `${l!.prefix}-${l!.type}` : l!.prefix)),
            tags,
          );
          const parsed = profile.parseNer(sentence, group, answer);
          assert.equal(parsed.truncated, false);
          for (const m of parsed.mentions) assert.equal(sentence.slice(m.start, m.end), m.text);
          assert.ok(answer.evalTokens > tokens.length, `${answer.evalTokens} answer tokens`);
        }
      }
    });
  }

  it('one decode step per input token where tags are one token; a typed tag adds one to choose its class', async () => {
    const backend = onTagWords();
    let typed = 0;
    const seen = new Set<string>();
    for (const sentence of SENTENCES) {
      const lit = nerRequest(sentence, DISEASE);
      const a = await generate(backend, lit);
      assert.equal(a.steps, lit.expected!.tokens.length, 'B, I, O are single tokens: one step each');
      const clin = nerRequest(sentence, CLINICAL);
      const c = await generate(backend, clin);
      const tags = tagsOf(c.answer.text, clin.expected!);
      const entityTags = tags.filter((t) => t !== 'O').length;
      typed += entityTags;
      for (const t of [...tags, ...tagsOf(a.answer.text, lit.expected!)]) seen.add(t);
      assert.equal(c.steps, clin.expected!.tokens.length + entityTags, `${tags.join(' ')}: ▁B/▁I/▁O, then the class after "-"`);
    }
    assert.ok(typed > 0, 'the random model chose some typed tags, so the second step was exercised');
    assert.ok(seen.size >= 4, `the choices vary: ${[...seen].join(' ')}`);
    // With letters only, a literature tag is `▁` (shared, no step) then B, I or O (one step).
    const letterBackend = onLetters();
    const lit = nerRequest(SENTENCES[3], DISEASE);
    assert.equal((await generate(letterBackend, lit)).steps, lit.expected!.tokens.length);
  });

  it('each tag is the valid tag the model finds most likely after the whole known text', async () => {
    const backend = onTagWords();
    const model = (await tagWords.load(settings(tagWordsFile))).model;
    const tok = (text: string) => [model.tokens.bos!, ...model.tokenize(text, false, 'trimLeadingSpace')];
    const one = (text: string) => {
      const ids = model.tokenize(text, false, 'trimLeadingSpace');
      assert.equal(ids.length, 1, `${JSON.stringify(text)} is one token in this vocabulary`);
      return ids[0];
    };
    // A typed tag is ` B` `-` CLASS: two choices, each among the allowed tokens there.
    const firsts = new Map(['B', 'I', 'O'].map((t) => [one(` ${t}`), t]));
    const classes = new Map(I2B2_CLASSES.map((c) => [one(c), c]));
    const chosen: string[] = [];
    for (const sentence of [SENTENCES[3], SENTENCES[1]]) {
      const req = nerRequest(sentence, CLINICAL);
      const { answer } = await generate(backend, req);
      const tags = tagsOf(answer.text, req.expected!);
      // Where each choice was made, as a count of tokens of the answer so far.
      const choices: { at: number; among: Map<ReturnType<typeof one>, string>; chose: string }[] = [];
      let at = 1;
      for (const [i, token] of req.expected!.tokens.entries()) {
        const known = at + token.length + 2;
        choices.push({ at: tok(req.prompt + answer.text.slice(0, known)).length, among: firsts, chose: tags[i][0] });
        if (tags[i] !== 'O') choices.push({ at: tok(req.prompt + answer.text.slice(0, known + 3)).length, among: classes, chose: tags[i].slice(2) });
        at += `${token} : ${tags[i]}\n`.length;
      }
      const all = tok(req.prompt + answer.text);
      for (const c of choices) assert.deepEqual(tok(req.prompt + answer.text).slice(0, c.at), all.slice(0, c.at));
      const context = await model.createContext({ contextSize: 2048 });
      try {
        const wanted = new Set(choices.map((c) => c.at - 1));
        const out = await context.getSequence().controlledEvaluate(all.map((t, i) => (wanted.has(i) ? [t, { generateNext: { probabilities: true } }] : t)));
        for (const c of choices) {
          const p = out[c.at - 1]!.next.probabilities!;
          const best = [...c.among.keys()].reduce((a, b) => ((p.get(b) ?? 0) > (p.get(a) ?? 0) ? b : a));
          assert.equal(c.among.get(best), c.chose, `at token ${c.at}`);
        }
      } finally {
        await context.dispose();
      }
      chosen.push(...tags);
    }
    assert.ok(new Set(chosen).size >= 3, `the choices vary: ${chosen.join(' ')}`);
  });

  it('plain generation of the same prompt takes a step per answer token', async () => {
    const backend = onTagWords();
    const req = nerRequest(SENTENCES[0], DISEASE);
    const plain = await generate(backend, { ...req, expected: undefined });
    assert.deepEqual({ jumped: plain.jumped, plain: plain.plain }, { jumped: 0, plain: 1 });
    assert.equal(plain.steps, plain.answer.evalTokens);
    assert.ok(plain.steps > req.expected!.tokens.length, `${plain.steps} steps`);
  });

  it('the KV cache holds the whole known text tokenized at once, and a repeated prompt is not evaluated again', async () => {
    const backend = onTagWords();
    const req = nerRequest(SENTENCES[1], CLINICAL);
    const first = await generate(backend, req);
    const l = await tagWords.load(settings(tagWordsFile));
    // Evaluated: everything up to the last ` :`, tokenized whole, then the last tag's tokens
    // before its last choice (` B` `-` of a typed tag; its last token is never needed as input).
    const cut = first.answer.text.lastIndexOf(' : ') + 2;
    const lastTag = first.answer.text.slice(cut + 1, -2);
    const model = l.model;
    const known = [model.tokens.bos!, ...model.tokenize(req.prompt + first.answer.text.slice(0, cut), false, 'trimLeadingSpace')];
    const held = l.sequence.contextTokens;
    assert.deepEqual(held.slice(0, known.length), known);
    const rest = model.detokenize(held.slice(known.length), false, known);
    assert.ok((' ' + lastTag).startsWith(rest) && rest.length < lastTag.length + 1, `${JSON.stringify(rest)} of ${lastTag}`);
    assert.ok(first.answer.promptTokens > 0);
    const again = await generate(backend, req);
    assert.equal(again.answer.text, first.answer.text, 'greedy: the same answer');
    assert.equal(again.answer.promptTokens, 0, 'the prompt was kept in the KV cache');
  });

  it('an answer that would pass numPredict stops after its last whole line, doneReason length', async () => {
    const backend = onTagWords();
    const req = nerRequest(SENTENCES[3], DISEASE);
    const { answer } = await generate(backend, { ...req, numPredict: 20 });
    assert.equal(answer.doneReason, 'length');
    const tags = tagsOf(answer.text, req.expected!, false);
    assert.ok(tags.length > 0 && tags.length < req.expected!.tokens.length, answer.text);
    assert.ok(answer.evalTokens <= 20, `${answer.evalTokens} tokens`);
    assert.equal(profile.parseNer(SENTENCES[3], DISEASE, answer).truncated, true);
  });

  it('a cancel mid-sentence rejects "cancelled" before the next step, and the next request answers as if nothing happened', async () => {
    const backend = onTagWords();
    const req = nerRequest(SENTENCES[3], DISEASE);
    const whole = (await generate(backend, req)).answer.text;
    await generate(backend, nerRequest(SENTENCES[0], CLINICAL)); // something else in the KV cache
    const controller = new AbortController();
    const seen: number[] = [];
    backend.onTag = (i) => {
      seen.push(i);
      if (i === 2) controller.abort();
    };
    const steps = backend.decodeStats.steps;
    await assert.rejects(backend.generate(req, controller.signal), (err: unknown) => err instanceof ModelError && err.kind === 'cancelled');
    assert.deepEqual(seen, [0, 1, 2]);
    assert.equal(backend.decodeStats.steps - steps, 3, 'no step after the abort');
    backend.onTag = undefined;
    assert.equal((await generate(backend, req)).answer.text, whole);
  });

  it('requests take turns in the runtime queue: one answer is decoded whole before the next begins', async () => {
    const a = onTagWords();
    const b = onTagWords();
    const order: string[] = [];
    a.onTag = () => order.push('a');
    b.onTag = () => order.push('b');
    const ra = nerRequest(SENTENCES[0], CLINICAL);
    const rb = nerRequest(SENTENCES[3], DISEASE);
    await Promise.all([a.generate(ra, never()), b.generate(rb, never())]);
    assert.equal(order.join(''), 'a'.repeat(ra.expected!.tokens.length) + 'b'.repeat(rb.expected!.tokens.length));
  });

  it('other requests are generated as before: NLI, relations, json chat, and NER without the hint', async () => {
    const backend = onTagWords();
    const nli = profile.nliRequest('No chest pain.', 'The patient has chest pain.');
    const sentence = 'Aspirin was given for fever .';
    const aspirin = { start: 0, end: 7, type: 'treatment' as const, text: 'Aspirin' };
    const fever = { start: 22, end: 27, type: 'problem' as const, text: 'fever' };
    const relation = profile.relationRequest(sentence, { id: 'p', pairs: [{ kind: 'clinical', head: aspirin, tail: fever }] });
    const json = new JsonProfile();
    const chat = json.nerRequest('No chest pain.', json.nerGroups(CLINICAL_TYPES)[0]);
    const bare = { ...nerRequest(SENTENCES[0], CLINICAL), expected: undefined };
    for (const request of [nli, relation, chat, bare]) {
      const r = await generate(backend, request);
      assert.deepEqual({ jumped: r.jumped, plain: r.plain }, { jumped: 0, plain: 1 }, request.kind);
      assert.equal(r.steps, r.answer.evalTokens);
    }
  });

  it('a tag set it cannot jump-forward (one tag the start of another) is generated as usual', async () => {
    const backend = onTagWords();
    const req = nerRequest(SENTENCES[2], DISEASE);
    const odd = { ...req, expected: { ...req.expected!, tags: ['B', 'B-X', 'O'] } };
    const l = await tagWords.load(settings(tagWordsFile));
    assert.equal(canJumpForward(l.model, odd.expected), false);
    assert.equal(canJumpForward(l.model, req.expected!), true);
    const r = await generate(backend, odd);
    assert.deepEqual({ jumped: r.jumped, plain: r.plain }, { jumped: 0, plain: 1 });
  });
});
