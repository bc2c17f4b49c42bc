/**
 * The Llama2-MedTuned layout exactly as it was trained (Finetuning/training.py of the seed
 * authors; shared/reference/medtuned-training-data.md): raw prompts to /api/generate,
 * `### Instruction: {instruction}\n ### Input: {input}\n ### Output:` with nothing after
 * `### Output:`, no system line, the verbatim training instructions (medtunedInstructions.ts),
 * the input as space-joined tokens; the model answers ` {output} \n</s>`. NER answers are one
 * `token : TAG` line per input token.
 */
import { alignTokenLines } from '../text/align';
import { BioTag, decodeBio, parseBioTag } from '../text/bio';
import { trimSpan } from '../text/spanEdges';
import { Token, tokenize, tokenizeClinical } from '../text/tokenize';
import { allowedLabels, CandidatePair, matchLabel, PairKind } from '../tasks/relations';
import { CLINICAL_TYPES, EntityType, Mention, ModelAnswer, ModelRequest } from '../types';
import { matchNliLabel } from '../tasks/nli';
import { MedtunedDataset, medtunedInstruction } from './medtunedInstructions';
import { NerGroup, NerParse, NliParse, nliInput, pairsId, Profile, RelationParse, RelationTask } from './profile';
import { fitToContext } from './limits';

/** The model ends its answer with `</s>`; `###` would start a new turn it was never taught. */
export const MEDTUNED_STOP = ['</s>', '###'];

/** The training prompt up to where the loss began: nothing after `### Output:`. */
export function medtunedPrompt(instruction: string, input: string): string {
  return `### Instruction: ${instruction}\n ### Input: ${input}\n ### Output:`;
}

/** A whole training row as the model saw it (Finetuning/training.py). */
export function medtunedTrainingText(instruction: string, input: string, output: string): string {
  return `${medtunedPrompt(instruction, input)} ${output} \n</s>`;
}

const I2B2_CLASSES = new Set(['PROBLEM', 'TREATMENT', 'TEST', 'OCCURRENCE', 'EVIDENTIAL', 'CLINICAL_DEPT']);

/** The tags a task's training rows hold: i2b2-2012's typed B-/I- tags (all six classes) and O; bare B, I, O in literature sets. */
export function nerTags(group: NerGroup): string[] {
  if (group.id !== 'clinical') return ['B', 'I', 'O'];
  return ['O', ...[...I2B2_CLASSES].flatMap((c) => [`B-${c}`, `I-${c}`])];
}

/** Which training set's instructions a literature entity type is asked with, unless told otherwise. */
export type LiteratureDatasets = Record<'disease' | 'chemical' | 'gene', MedtunedDataset>;
export const DEFAULT_LITERATURE_DATASETS: LiteratureDatasets = { disease: 'ncbi-disease', chemical: 'bc5cdr-chem', gene: 'bc2gm' };

export interface MedtunedOptions {
  /** Which of the training instruction variants is asked (1-5; sets with fewer wrap around). */
  instructionVariant?: number;
  /** The training set per literature type, e.g. BC5CDR-disease when evaluating on BC5CDR. */
  datasets?: Partial<LiteratureDatasets>;
  /** The model's context (tokens): numPredict is capped so that prompt + answer fit (the prompt text is not changed). */
  numCtx?: number;
}

/** The mask a mention gets in relation prompts: i2b2 lower case, literature upper case. */
export function maskOf(type: EntityType): string {
  return CLINICAL_TYPES.includes(type) ? `@${type}$` : `@${type.toUpperCase()}$`;
}

/** The sentence as space-joined tokens with the two mentions replaced by their masks. */
export function maskedInput(sentence: string, pair: CandidatePair): string {
  const [first, second] = [pair.head, pair.tail].sort((a, b) => a.start - b.start);
  if (pair.kind === 'clinical') {
    // i2b2-2010 sentences were whitespace tokens. The masks stand apart as words of their
    // own, and each sentence (a pair across sentences joins several; the training rows were
    // single sentences) is tokenised whole, so that only its real end loses a final period.
    const cuts = [0, ...(pair.sentenceStarts ?? []), sentence.length];
    const words: string[] = [];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const parts: string[] = [];
      let at = cuts[i];
      for (const m of [first, second]) {
        if (m.start < cuts[i] || m.start >= cuts[i + 1]) continue;
        parts.push(sentence.slice(at, m.start), maskOf(m.type));
        at = m.end;
      }
      parts.push(sentence.slice(at, cuts[i + 1]));
      for (const t of tokenizeClinical(parts.join(' '))) words.push(t.text);
    }
    return words.join(' ');
  }
  const words = [
    ...tokenize(sentence.slice(0, first.start)).map((t) => t.text),
    maskOf(first.type),
    ...tokenize(sentence.slice(first.end, second.start)).map((t) => t.text),
    maskOf(second.type),
    ...tokenize(sentence.slice(second.end)).map((t) => t.text),
  ];
  return words.join(' ');
}

/**
 * End-of-turn marks a server may pass through as text: `</s>` (Llama 2, ` {output} \n</s>` in
 * training) and those of other chat templates, for models run in this layout.
 */
const END_MARK = /<\/s>|<\|eot_id\|>|<\|im_end\|>|<\|end\|>|<end_of_turn>|<\|endoftext\|>|<\|end_of_text\|>/;
/** An output marker the model echoed before its answer (`### Output:`, Alpaca's `### Response:`). */
const ECHOED_MARKER = /^\s*###\s*(?:Output|Response|Answer)\s*:/i;
/**
 * A new `### Instruction:` turn (a server not honouring the `###` stop): a section name and
 * its colon, so that a `###` token of a markdown note (`### : O`, `### O`) is not one.
 */
const NEW_TURN = /(?:^|\s)###\s*(?:Instruction|Input|Output|Response|Answer|Context|Question)\s*:/i;

/** The answer up to its end, and whether an end (a mark or a new turn) was seen: then nothing of it was cut. */
function answerPart(text: string): { text: string; ended: boolean } {
  const body = text.replace(ECHOED_MARKER, '');
  const ends = [body.search(END_MARK), body.search(NEW_TURN)].filter((i) => i >= 0);
  return ends.length ? { text: body.slice(0, Math.min(...ends)), ended: true } : { text: body, ended: false };
}

/**
 * The answer up to the end-of-sequence mark: ` {output} \n</s>` in training. Servers that do
 * not honour the stop strings return the mark and whatever follows it.
 */
export function answerText(text: string): string {
  return answerPart(text).text;
}

/** Tokens per answer line with some room: `word : B-TREATMENT` is about 6-8 model tokens. */
function answerBudget(tokenCount: number): number {
  return 32 + tokenCount * 10;
}

type TagLine = { token: string; label: BioTag };

/** `token : TAG`, also `token\tTAG`, `token = TAG`, `token | TAG`, `token -> TAG`; then `token TAG`. */
const TAG_LINE = /^(\S+)\s*(?:->|=>|[:\t=|])\s*(\S+)$/;
const SPACED_LINE = /^(\S+)\s+(\S+)$/;
/** Markdown and punctuation around a tag: `**B**`, `"B-PROBLEM"`, `(B)`, `B-PROBLEM.`; never `-`, so `B-` stays half a tag. */
const TAG_WRAP = /^[*`"'([]+|[*`"'.,;:)\]]+$/g;

/** A tag with the markdown and punctuation around it taken off. */
function readTag(raw: string): BioTag | undefined {
  return parseBioTag(raw.replace(TAG_WRAP, ''));
}
/** A list marker before an answer line (the model's own, not a note's: text/segment.ts LIST_MARKER). */
const ANSWER_LIST_MARKER = /^(?:[-*\u2022]|\d{1,3}[.)])\s+/;

function readTagLine(line: string): TagLine | undefined {
  const m = TAG_LINE.exec(line) ?? SPACED_LINE.exec(line);
  if (!m) return undefined;
  const label = readTag(m[2]);
  return label ? { token: m[1], label } : undefined;
}

/** A line of the answer, e.g. `cancer : I`, `: : O`, `- cancer : I`; undefined for prose around the answer. */
export function parseTagLine(line: string): TagLine | undefined {
  const trimmed = line.trim();
  // A `-` or `1.` token keeps its line (`- : O`); only a line that is no tag line as it stands loses a list marker.
  return readTagLine(trimmed) ?? (ANSWER_LIST_MARKER.test(trimmed) ? readTagLine(trimmed.replace(ANSWER_LIST_MARKER, '')) : undefined);
}

/**
 * Several `token : TAG` pairs on one line (`He : O denied : O chest : B-PROBLEM`, commas
 * allowed): only when the whole line is such pairs, so that a line listing phrases
 * (`chest pain : B-PROBLEM, fever : B-PROBLEM`) is not read as tokens.
 */
function parsePairsLine(line: string): TagLine[] {
  const words = line.trim().split(/\s+/);
  if (words.length < 6 || words.length % 3 !== 0) return [];
  const out: TagLine[] = [];
  for (let i = 0; i < words.length; i += 3) {
    const label = words[i + 1] === ':' ? readTag(words[i + 2]) : undefined;
    if (!label) return [];
    out.push({ token: words[i], label });
  }
  return out;
}

/** Markdown or quotes wrapping a token on both sides: `**cancer**`, `` `cancer` ``, `"cancer"`. */
const TOKEN_WRAP = /^(\*\*|`|")(.+)\1$/;

/** A token the model wrapped in markdown or quotes, unwrapped unless the input has it so (`[**2101-10-20**]` de-id tokens). */
function unwrapToken(line: TagLine, own: ReadonlySet<string>): TagLine {
  const inner = TOKEN_WRAP.exec(line.token)?.[2];
  if (inner === undefined || own.has(line.token)) return line;
  return { token: inner, label: line.label };
}

/** The tag lines of an answer, in order; prose, fences and blank lines give none. */
export function parseTagLines(text: string): TagLine[] {
  return text.split(/\r?\n|\r/).flatMap((line) => {
    const one = parseTagLine(line);
    return one ? [one] : parsePairsLine(line);
  });
}

export class MedtunedProfile implements Profile {
  readonly name = 'medtuned' as const;
  readonly nerLayout = '"word : TAG" line';
  readonly promptVersion: string;
  readonly instructionVariant: number;
  readonly datasets: LiteratureDatasets;
  readonly numCtx: number | undefined;

  constructor(options: MedtunedOptions = {}) {
    this.numCtx = options.numCtx;
    this.instructionVariant = Math.max(1, Math.floor(options.instructionVariant ?? 1));
    this.datasets = { ...DEFAULT_LITERATURE_DATASETS, ...options.datasets };
    // Version 2: the training layout and instructions. The variant and datasets are part of
    // it, so answers to one wording are never reused for another.
    const d = this.datasets;
    this.promptVersion = `medtuned-2:v${this.instructionVariant}:${d.disease},${d.chemical},${d.gene}`;
  }

  /** The instruction for a training set, in this profile's variant. */
  instruction(dataset: MedtunedDataset): string {
    return medtunedInstruction(dataset, this.instructionVariant);
  }

  nerGroups(types: readonly EntityType[]): NerGroup[] {
    const groups: NerGroup[] = [];
    const clinical = types.filter((t) => CLINICAL_TYPES.includes(t));
    // One typed prompt covers all clinical classes; display filters by the user's types.
    if (clinical.length > 0) groups.push({ id: 'clinical', types: CLINICAL_TYPES });
    for (const t of types) if (!CLINICAL_TYPES.includes(t)) groups.push({ id: t, types: [t] });
    return groups;
  }

  /** The tokens the model is sent and answers over: whitespace tokens for i2b2-2012 text. */
  inputTokens(sentence: string, group: NerGroup, corpusTokens?: readonly Token[]): readonly Token[] {
    if (corpusTokens) return corpusTokens;
    return group.id === 'clinical' ? tokenizeClinical(sentence) : tokenize(sentence);
  }

  nerRequest(sentence: string, group: NerGroup, corpusTokens?: readonly Token[]): ModelRequest {
    const tokens = this.inputTokens(sentence, group, corpusTokens);
    const instruction = this.instruction(group.id === 'clinical' ? 'i2b2-2012' : this.datasets[group.types[0] as keyof LiteratureDatasets]);
    const words = tokens.map((t) => t.text);
    return fitToContext<ModelRequest>(
      {
        kind: 'generate',
        prompt: medtunedPrompt(instruction, words.join(' ')),
        raw: true,
        stop: MEDTUNED_STOP,
        numPredict: answerBudget(tokens.length),
        // The training answer ` {tok : TAG lines} \n</s>`: only the tags are unknown (engines that
        // control decoding sample just those; the prompt above is unchanged).
        expected: { kind: 'tagging', tokens: words, tags: nerTags(group), before: ' ', separator: ' : ', between: '\n', after: ' \n' },
      },
      this.numCtx,
    );
  }

  parseNer(sentence: string, group: NerGroup, answer: ModelAnswer, corpusTokens?: readonly Token[]): NerParse {
    const tokens = this.inputTokens(sentence, group, corpusTokens);
    const truncated = answer.doneReason === 'length';
    const { text, ended } = answerPart(answer.text);
    // Cut by the budget inside the answer itself (not after an end mark or a new turn).
    const cut = truncated && !ended;
    const own = new Set(tokens.map((t) => t.text));
    const lines = parseTagLines(text).map((l) => unwrapToken(l, own));
    // The last line of a cut answer may hold half a tag (`I-PROB`, `I` of `I-PROBLEM`).
    const last = lines[lines.length - 1];
    if (cut && last && !/\n\s*$/.test(text) && !this.isCompleteTag(last.label, group)) lines.pop();
    const { labels, lastMatched } = alignTokenLines(tokens, lines, {
      outside: (l) => l.prefix === 'O',
      inside: (l): BioTag => (l.prefix === 'O' ? l : { prefix: 'I', type: l.type }),
    });
    const tags = labels.map((l) => this.normaliseTag(l, group));
    const mentions: Mention[] = [];
    let dropped = 0;
    for (const chunk of decodeBio(tags)) {
      // The last labelled token of a cut answer may be the middle of an entity, unless it ends the sentence.
      if (cut && chunk.last >= lastMatched && lastMatched < tokens.length - 1) continue;
      // "+" before "cough", an emoji or a zero-width space tagged with it: not the entity's.
      const span = trimSpan(sentence, tokens[chunk.first].start, tokens[chunk.last].end);
      if (!span) {
        dropped++;
        continue;
      }
      mentions.push({ start: span.start, end: span.end, type: chunk.type as EntityType, text: sentence.slice(span.start, span.end) });
    }
    // A token answer cannot name text that is not there; only an entity of no word (a lone "+") is dropped. Not one tag line for words: unreadable.
    return { mentions, dropped, truncated, unreadable: tokens.length > 0 && lines.length === 0 };
  }

  private isCompleteTag(tag: BioTag, group: NerGroup): boolean {
    if (tag.prefix === 'O') return true;
    return group.id === 'clinical' ? I2B2_CLASSES.has(tag.type) : tag.type === '' || tag.type.toLowerCase() === group.types[0];
  }

  // Only i2b2-2010 relations were in the final training mix: no BC5CDR CID, no ChemProt,
  // and GAD (gene-disease) was commented out. Other pairs are skipped or asked in the json
  // layout (biomedNlp.relations.untrainedKinds).
  readonly relationKinds: ReadonlySet<PairKind> = new Set<PairKind>(['clinical']);

  /** The training layout has one pair per prompt. */
  relationTasks(pairs: readonly CandidatePair[]): RelationTask[] {
    // Where the sentences of a joined input begin changes its tokens, so the id holds it.
    return pairs.map((p) => ({ id: pairsId([p]) + (p.sentenceStarts?.length ? `|sentences@${p.sentenceStarts.join(',')}` : ''), pairs: [p] }));
  }

  relationRequest(sentence: string, task: RelationTask): ModelRequest {
    const pair = task.pairs[0];
    if (pair.kind !== 'clinical') throw new Error(`the medtuned layout was not trained on ${pair.kind} relations`);
    return fitToContext<ModelRequest>(
      {
        kind: 'generate',
        prompt: medtunedPrompt(this.instruction('i2b2-2010'), maskedInput(sentence, pair)),
        raw: true,
        stop: MEDTUNED_STOP,
        numPredict: 16,
      },
      this.numCtx,
    );
  }

  parseRelations(task: RelationTask, answer: ModelAnswer): RelationParse {
    const label = matchLabel(answerText(answer.text), allowedLabels(task.pairs[0]));
    return { labels: [label], dropped: label === undefined ? 1 : 0 };
  }

  nliRequest(premise: string, hypothesis: string): ModelRequest {
    return fitToContext<ModelRequest>(
      {
        kind: 'generate',
        prompt: medtunedPrompt(this.instruction('mednli'), nliInput(premise.trim(), hypothesis.trim())),
        raw: true,
        stop: MEDTUNED_STOP,
        numPredict: 16,
      },
      this.numCtx,
    );
  }

  parseNli(answer: ModelAnswer): NliParse {
    const label = matchNliLabel(answerText(answer.text));
    return { label, dropped: label ? 0 : 1 };
  }

  /** Maps a model tag to a tag over our entity types; classes we do not show become O. */
  private normaliseTag(tag: BioTag | undefined, group: NerGroup): BioTag {
    const outside: BioTag = { prefix: 'O', type: '' };
    if (!tag || tag.prefix === 'O') return outside;
    if (group.id === 'clinical') {
      const type = tag.type.toLowerCase() as EntityType;
      return group.types.includes(type) ? { prefix: tag.prefix, type } : outside;
    }
    // Literature prompts ask one class with bare tags; accept a typed tag of that class too.
    const own = group.types[0];
    if (tag.type === '' || tag.type.toLowerCase() === own) return { prefix: tag.prefix, type: own };
    return outside;
  }
}
