/**
 * Decoding in the embedded engine: medtuned NER answers generated token by token (plain) or
 * jump-forward (only the tags sampled), on the test GGUF models (tiny random-weight llamas
 * written by test/support/ggufWriter.ts, run by the real llama.cpp of node-llama-cpp on the
 * CPU), over sentences of the fixture notes. Per sentence: sequential decode steps, wall time,
 * and whether the answer has the exact layout the parser reads. A random model never writes
 * `</s>`, so its plain answers run to numPredict; the row "plain, cut at the answer's length"
 * generates as many tokens as the well-formed answer has (what a trained model would take,
 * one step per token) for a like-for-like time. BENCH_DECODING_SENTENCES sets how many
 * sentences per group (default 10).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { EmbeddedBackend } from '../server/src/engine/models/embedded/backend';
import { EmbeddedRuntime } from '../server/src/engine/models/embedded/runtime';
import { MedtunedProfile, parseTagLine } from '../server/src/engine/profiles/medtuned';
import { NerGroup } from '../server/src/engine/profiles/profile';
import { alignTokenLines } from '../server/src/engine/text/align';
import { segment } from '../server/src/engine/text/segment';
import { CLINICAL_TYPES, ModelAnswer, ModelRequest, TaggingAnswer } from '../server/src/engine/types';
import { CLINICAL_NOTES, fixtureNote, LITERATURE_NOTES } from '../test/support/gold';
import { TinyModelOptions, writeTinyLlamaGguf } from '../test/support/ggufWriter';
import { table } from './common';

const PER_GROUP = Number(process.env.BENCH_DECODING_SENTENCES ?? 10);
const CLINICAL: NerGroup = { id: 'clinical', types: CLINICAL_TYPES };
const DISEASE: NerGroup = { id: 'disease', types: ['disease'] };

const MODELS: { name: string; options: TinyModelOptions }[] = [
  // The embedded engine tests' model: tags are spelled `▁` + letters.
  { name: 'test GGUF (letters)', options: { seed: 2 } },
  // Tags as Llama-2 spells them: ` B`, ` I`, ` O` one token each, a typed tag ` B` `-` CLASS.
  {
    name: 'test GGUF (tag tokens)',
    options: { seed: 12, bias: false, attentionScale: 16, words: ['B', 'I', 'O', 'PROBLEM', 'TREATMENT', 'TEST', 'OCCURRENCE', 'EVIDENTIAL', 'CLINICAL_DEPT'] },
  },
];

type Generate = Extract<ModelRequest, { kind: 'generate' }>;

/** Sentences of the fixture notes: clinical notes for the i2b2 prompt, the abstract for the disease prompt. */
function sentences(names: string[]): string[] {
  return names
    .flatMap((n) => segment(fixtureNote(n).text))
    .filter((s) => s.kind === 'sentence' && s.text.split(/\s+/).length >= 5)
    .map((s) => s.text)
    .slice(0, PER_GROUP);
}

/** Exactly the layout: ` tok : TAG` lines for every input token, in order, valid tags only, then ` \n`. */
function wellFormed(text: string, hint: TaggingAnswer): boolean {
  const expected = (tags: string[]) => hint.before + hint.tokens.map((t, i) => `${t}${hint.separator}${tags[i]}`).join(hint.between) + hint.after;
  const lines = text.slice(hint.before.length, text.length - hint.after.length).split(hint.between);
  if (lines.length !== hint.tokens.length) return false;
  const tags = lines.map((l, i) => l.slice(hint.tokens[i].length + hint.separator.length));
  return tags.every((t) => hint.tags.includes(t)) && text === expected(tags);
}

/** Share of input tokens the profile's parser labels from the answer. */
function labelled(profile: MedtunedProfile, sentence: string, group: NerGroup, answer: ModelAnswer): number {
  const tokens = profile.inputTokens(sentence, group);
  const lines = answer.text
    .split(/\r?\n/)
    .map(parseTagLine)
    .filter((l) => l !== undefined);
  return alignTokenLines(tokens, lines).matched / tokens.length;
}

interface Row {
  steps: number;
  ms: number;
  words: number;
  wellFormed: number;
  labelled: number;
  sentences: number;
}

export async function decoding(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-bench-decoding-'));
  const profile = new MedtunedProfile();
  const groups: [string, NerGroup, string[]][] = [
    ['clinical (i2b2, 13 tags)', CLINICAL, sentences(CLINICAL_NOTES)],
    ['literature (disease, B/I/O)', DISEASE, sentences(LITERATURE_NOTES)],
  ];
  const rows: (string | number)[][] = [];
  try {
    for (const m of MODELS) {
      const file = path.join(dir, `${m.name.replace(/\W+/g, '-')}.gguf`);
      writeTinyLlamaGguf(file, m.options);
      const runtime = new EmbeddedRuntime();
      const backend = new EmbeddedBackend({ modelPath: file, contextSize: 4096, requestTimeoutMs: 600_000, gpu: false }, runtime);
      const run = async (request: ModelRequest): Promise<{ answer: ModelAnswer; steps: number; ms: number }> => {
        const steps = backend.decodeStats.steps;
        const started = performance.now();
        const answer = await backend.generate(request, new AbortController().signal);
        return { answer, steps: backend.decodeStats.steps - steps, ms: performance.now() - started };
      };
      try {
        await run(profile.nerRequest('Warm up .', DISEASE)); // loads the model
        for (const [groupName, group, texts] of groups) {
          const modes: Record<string, Row> = {};
          const add = (mode: string, words: number, r: { answer: ModelAnswer; steps: number; ms: number }, sentence: string, hint: TaggingAnswer) => {
            const row = (modes[mode] ??= { steps: 0, ms: 0, words: 0, wellFormed: 0, labelled: 0, sentences: 0 });
            row.steps += r.steps;
            row.ms += r.ms;
            row.words += words;
            row.wellFormed += wellFormed(r.answer.text, hint) ? 1 : 0;
            row.labelled += labelled(profile, sentence, group, r.answer);
            row.sentences++;
          };
          // One mode at a time over all sentences, so that each finds the KV cache as the one before left it.
          const requests = texts.map((s) => ({ sentence: s, request: profile.nerRequest(s, group) as Generate }));
          const answerTokens: number[] = [];
          for (const { sentence, request } of requests) {
            const r = await run(request);
            add('jump-forward', request.expected!.tokens.length, r, sentence, request.expected!);
            answerTokens.push(r.answer.evalTokens);
          }
          for (const { sentence, request } of requests) {
            add('plain, to numPredict', request.expected!.tokens.length, await run({ ...request, expected: undefined }), sentence, request.expected!);
          }
          for (const [i, { sentence, request }] of requests.entries()) {
            // + 1: the end-of-sequence token a trained model writes after ` \n`.
            const cut = { ...request, expected: undefined, stop: [], numPredict: answerTokens[i] + 1 };
            add("plain, cut at the answer's length", request.expected!.tokens.length, await run(cut), sentence, request.expected!);
          }
          for (const [mode, r] of Object.entries(modes)) {
            rows.push([
              m.name,
              groupName,
              mode,
              r.sentences,
              (r.words / r.sentences).toFixed(1),
              (r.steps / r.sentences).toFixed(1),
              (r.steps / r.words).toFixed(2),
              (r.ms / r.sentences).toFixed(1),
              `${Math.round((100 * r.wellFormed) / r.sentences)}%`,
              `${Math.round((100 * r.labelled) / r.sentences)}%`,
            ]);
          }
        }
      } finally {
        await runtime.dispose();
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  table(
    'Embedded engine, medtuned NER: plain generation vs jump-forward decoding (tiny random-weight test GGUF, llama.cpp on the CPU)',
    ['model', 'prompt', 'decoding', 'sentences', 'words/sentence', 'decode steps/sentence', 'steps/word', 'ms/sentence', 'well-formed', 'tokens labelled'],
    rows,
  );
}
