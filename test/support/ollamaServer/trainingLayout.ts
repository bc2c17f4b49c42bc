/**
 * Llama2-MedTuned's training layout, byte for byte: which raw /api/generate prompts are
 * written as its training rows were (matchMedtunedLayout), and what each asks (NER, i2b2
 * relations, MedNLI, or GAD which the final training mix left out).
 */
import type { WireJson } from './http';
import { loadMedtunedReference, MedtunedTask, MedtunedVariantSet } from './referenceParser';

/**
 * The i2b2-2010 relation masks (medtuned-training-data.md § Relation rows) and the type each
 * stands for: the only masks of the final training mix.
 */
export const MASKS: Record<string, string> = {
  '@problem$': 'problem',
  '@treatment$': 'treatment',
  '@test$': 'test',
};
/** Anything written like a mask: `@problem$`, `@GENE$`, `@CHEMICAL$`, ... */
export const MASK_LIKE = /^@[A-Za-z_]+\$$/;

/** A verbatim instruction → the set(s) it belongs to and its variant number there (BC2GM and JNLPBA share theirs). */
let instructionIndex: Map<string, Array<{ set: MedtunedVariantSet; variant: number }>> | undefined;

function medtunedInstructionIndex(): Map<string, Array<{ set: MedtunedVariantSet; variant: number }>> {
  if (instructionIndex) return instructionIndex;
  const index = new Map<string, Array<{ set: MedtunedVariantSet; variant: number }>>();
  for (const set of loadMedtunedReference()) {
    set.variants.forEach((v, i) => {
      const list = index.get(v) ?? [];
      if (list.some((x) => x.set.task !== set.task)) throw new Error(`reference: one instruction for two tasks (${list[0].set.dataset}, ${set.dataset})`);
      list.push({ set, variant: i + 1 });
      index.set(v, list);
    });
  }
  return (instructionIndex = index);
}

/** The training template up to where the loss began (Finetuning/training.py): nothing after `### Output:`. */
const LAYOUT_HEAD = '### Instruction: ';
const LAYOUT_INPUT = '\n ### Input: ';
const LAYOUT_TAIL = '\n ### Output:';

/** A prompt in the training layout with a verbatim training instruction. */
export interface MedtunedMatch {
  /** The first set the instruction is a variant of (BC2GM for the gene variants JNLPBA shares). */
  dataset: string;
  /** Every set it is a variant of, e.g. [BC2GM, JNLPBA]. */
  datasets: string[];
  variant: number;
  task: MedtunedTask;
  instruction: string;
  input: string;
}

/** A raw generate prompt the oracle did not recognise as the training layout, and why. */
export interface OffLayoutPrompt {
  endpoint: string;
  prompt: unknown;
  system: unknown;
  raw: unknown;
  reason: string;
}

/** What the oracle answers a prompt off the training layout: nothing any parser can use. */
export const OFF_LAYOUT_ANSWER = 'I am not sure.';
/** What MedTuned answers a GAD prompt (left out of training): the i2b2-2010 none label, no GAD label. */
export const UNTRAINED_ANSWER = ' No Relations \n';

/** Tokens joined by single spaces (`' '.join(tokens)`), as every NER and relation input was built. */
const SPACE_JOINED = /^(\S+( \S+)*)?$/;

/**
 * Reads a raw /api/generate body as the medtuned training layout, byte for byte:
 * `### Instruction: {instruction}\n ### Input: {input}\n ### Output:` ending the prompt,
 * `raw: true`, no system text, the instruction one of the reference file's verbatim
 * variants, and the input as the training rows built it (NER and relations: tokens joined
 * by single spaces, relations with exactly two i2b2 masks; MedNLI: `Sentence 1: {premise}\n
 * Sentence 2: {hypothesis}`, each part stripped). Anything else is `{ reason }`.
 */
export function matchMedtunedLayout(body: WireJson): MedtunedMatch | { reason: string } {
  if (!body || typeof body !== 'object') return { reason: 'no request body' };
  if (typeof body.prompt !== 'string' || body.prompt === '') return { reason: 'no prompt' };
  if (body.raw !== true) return { reason: 'not raw: the server would wrap the prompt in a template' };
  if (body.system !== undefined && body.system !== null && body.system !== '') return { reason: 'a system line' };
  const prompt: string = body.prompt;
  if (!prompt.startsWith(LAYOUT_HEAD)) return { reason: `does not begin with "${LAYOUT_HEAD}"` };
  if (!prompt.endsWith(LAYOUT_TAIL)) {
    const cut = prompt.lastIndexOf('### Output:');
    if (cut < 0) return { reason: 'no "### Output:"' };
    const after = prompt.slice(cut + '### Output:'.length);
    return { reason: after !== '' ? `${JSON.stringify(after)} after "### Output:"` : 'another separator before "### Output:"' };
  }
  const sep = prompt.indexOf(LAYOUT_INPUT);
  if (sep < 0) return { reason: 'no "\\n ### Input: " separator' };
  const instruction = prompt.slice(LAYOUT_HEAD.length, sep);
  const input = prompt.slice(sep + LAYOUT_INPUT.length, prompt.length - LAYOUT_TAIL.length);
  const found = medtunedInstructionIndex().get(instruction);
  if (!found) return { reason: 'the instruction is not a verbatim training variant' };
  const { set, variant } = found[0];
  const match: MedtunedMatch = { dataset: set.dataset, datasets: found.map((f) => f.set.dataset), variant, task: set.task, instruction, input };
  if (set.task === 'nli') {
    const q = splitNliInput(input);
    if (!q) return { reason: 'MedNLI input is not "Sentence 1: {premise}\\nSentence 2: {hypothesis}"' };
    if (q.premise !== q.premise.trim() || q.hypothesis !== q.hypothesis.trim()) return { reason: 'MedNLI premise or hypothesis not stripped' };
    return match;
  }
  if (!SPACE_JOINED.test(input)) return { reason: 'the input is not tokens joined by single spaces' };
  if (set.task === 'clinical-relation' || set.task === 'untrained') {
    const masks = input.split(' ').filter((t) => MASK_LIKE.test(t));
    const trained = set.task === 'clinical-relation' ? masks.every((t) => t in MASKS) : masks.every((t) => t === '@GENE$' || t === '@DISEASE$');
    if (masks.length !== 2 || !trained) return { reason: `${set.dataset} input needs two of its masks (got ${masks.join(', ') || 'none'})` };
  }
  return match;
}

const NLI_PREMISE = 'Sentence 1: ';
const NLI_HYPOTHESIS = '\nSentence 2: ';

/** A premise and a hypothesis, as a prompt of either layout holds them. */
export interface NliQuery {
  premise: string;
  hypothesis: string;
}

/** The NLI input of both layouts (instruction-formats.md § NLI): `Sentence 1: {premise}\nSentence 2: {hypothesis}`, split at the last `\nSentence 2: `. */
export function splitNliInput(input: string): NliQuery | undefined {
  if (!input.startsWith(NLI_PREMISE)) return undefined;
  const cut = input.lastIndexOf(NLI_HYPOTHESIS);
  if (cut < 0) return undefined;
  return { premise: input.slice(NLI_PREMISE.length, cut), hypothesis: input.slice(cut + NLI_HYPOTHESIS.length) };
}

/** An NER prompt of the training layout. */
export interface MedtunedNer {
  instruction: string;
  input: string;
  /** 'clinical' for typed i2b2-2012 tags (B-PROBLEM, ...), else the one literature class (bare B/I/O). */
  task: 'clinical' | 'disease' | 'chemical' | 'gene';
}

/** A relation prompt of the training layout. */
export interface MedtunedRelation {
  instruction: string;
  /** The input split at its single spaces: words and the two mask tokens. */
  tokens: string[];
  /** 'clinical' for i2b2-2010; 'untrained' for GAD, which the final training mix left out. */
  task: 'clinical' | 'untrained';
}

/** A MedNLI prompt exactly in the training layout (matchMedtunedLayout): its premise and hypothesis. */
export function parseMedtunedNli(body: WireJson): NliQuery | undefined {
  const m = matchMedtunedLayout(body);
  return 'reason' in m || m.task !== 'nli' ? undefined : splitNliInput(m.input);
}

/** An NER prompt exactly in the training layout (matchMedtunedLayout), with the task its instruction's training set asks. */
export function parseMedtunedNer(body: WireJson): MedtunedNer | undefined {
  const m = matchMedtunedLayout(body);
  if ('reason' in m) return undefined;
  const t = m.task;
  return t === 'clinical' || t === 'disease' || t === 'chemical' || t === 'gene' ? { instruction: m.instruction, input: m.input, task: t } : undefined;
}

/** A relation prompt exactly in the training layout (i2b2-2010, or GAD which training left out). */
export function parseMedtunedRelation(body: WireJson): MedtunedRelation | undefined {
  const m = matchMedtunedLayout(body);
  if ('reason' in m) return undefined;
  if (m.task === 'clinical-relation') return { instruction: m.instruction, tokens: m.input.split(' '), task: 'clinical' };
  if (m.task === 'untrained') return { instruction: m.instruction, tokens: m.input.split(' '), task: 'untrained' };
  return undefined;
}
