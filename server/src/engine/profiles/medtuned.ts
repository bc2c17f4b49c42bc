/**
 * The Llama2-MedTuned layout (instruction-formats.md §1): raw prompts to /api/generate,
 * `### Instruction:` / `### Input:` / `### Output:`, the input as space-joined corpus
 * tokens, the answer one `token : TAG` line per input token.
 */
import { alignTokenLines } from '../text/align';
import { BioTag, decodeBio, parseBioTag } from '../text/bio';
import { Token, tokenize } from '../text/tokenize';
import { allowedLabels, CandidatePair, matchLabel, PairKind } from '../tasks/relations';
import { CLINICAL_TYPES, EntityType, Mention, ModelAnswer, ModelRequest } from '../types';
import { matchNliLabel } from '../tasks/nli';
import { NerGroup, NerParse, NliParse, nliInput, pairsId, Profile, RelationParse, RelationTask } from './profile';

export const MEDTUNED_STOP = ['###', '</s>'];

export function medtunedPrompt(instruction: string, input: string): string {
  return `### Instruction: ${instruction}\n ### Input: ${input}\n ### Output: `;
}

// The i2b2-2012 training data has six classes; asking for all six keeps the prompt as
// trained, and only the three this project shows are kept from the answer.
const CLINICAL_INSTRUCTION =
  'In the clinical text provided, identify and tag each entity using the BIO scheme with the classes ' +
  'PROBLEM, TREATMENT, TEST, OCCURRENCE, EVIDENTIAL and CLINICAL_DEPT: B-PROBLEM, B-TREATMENT, ... ' +
  'for the first word of an entity, I-PROBLEM, I-TREATMENT, ... for the following words of the same ' +
  'entity, and O for all other words. Answer with one line per input word, in the form word : TAG.';

const I2B2_CLASSES = new Set(['PROBLEM', 'TREATMENT', 'TEST', 'OCCURRENCE', 'EVIDENTIAL', 'CLINICAL_DEPT']);

const LITERATURE_CLASS: Record<string, string> = {
  disease: 'disease',
  chemical: 'chemical',
  gene: 'gene/protein',
};

function literatureInstruction(type: EntityType): string {
  const name = LITERATURE_CLASS[type];
  return (
    `Your task is to label every ${name} mention in the given text using the BIO format: ` +
    `B for the first word of a ${name} phrase, I for the following words of that phrase, and O for ` +
    `all other words. Answer with one line per input word, in the form word : tag.`
  );
}

const CLINICAL_RE_INSTRUCTION =
  'Determine the relation between the two clinical concepts masked in the sentence as @problem$, ' +
  '@treatment$ and @test$. Choose exactly one label: TrIP (the treatment improves the problem), ' +
  'TrWP (the treatment worsens the problem), TrCP (the treatment causes the problem), TrAP (the treatment ' +
  'is administered for the problem), TrNAP (the treatment is not administered because of the problem), ' +
  'TeRP (the test reveals the problem), TeCP (the test is conducted to investigate the problem), PIP (the ' +
  'problem indicates the other problem), or No Relations. Answer with the label only.';

const LITERATURE_RE_INSTRUCTION: Partial<Record<PairKind, string>> = {
  'chemical-disease':
    'The sentence mentions a chemical masked as @CHEMICAL$ and a disease masked as @DISEASE$. Answer CID if ' +
    'the chemical induces the disease according to the sentence, otherwise No Relations. Answer with the label only.',
  'gene-disease':
    'The sentence mentions a gene masked as @GENE$ and a disease masked as @DISEASE$. Answer Positive if the ' +
    'sentence states an association between the gene and the disease, otherwise Negative. Answer with the label only.',
};

const NLI_INSTRUCTION =
  'Read the two clinical sentences and decide how Sentence 2 relates to Sentence 1. Answer Entailment if ' +
  'Sentence 2 must be true given Sentence 1, Contradiction if Sentence 2 cannot be true given Sentence 1, and ' +
  'Neutral if Sentence 1 neither supports nor contradicts Sentence 2. Answer with the label only.';

/** The mask a mention gets in relation prompts: i2b2 lower case, literature upper case. */
export function maskOf(type: EntityType): string {
  return CLINICAL_TYPES.includes(type) ? `@${type}$` : `@${type.toUpperCase()}$`;
}

/** The sentence as space-joined tokens with the two mentions replaced by their masks. */
export function maskedInput(sentence: string, pair: CandidatePair): string {
  const [first, second] = [pair.head, pair.tail].sort((a, b) => a.start - b.start);
  const words = [
    ...tokenize(sentence.slice(0, first.start)).map((t) => t.text),
    maskOf(first.type),
    ...tokenize(sentence.slice(first.end, second.start)).map((t) => t.text),
    maskOf(second.type),
    ...tokenize(sentence.slice(second.end)).map((t) => t.text),
  ];
  return words.join(' ');
}

/** Tokens per answer line with some room: `word : B-TREATMENT` is about 6-8 model tokens. */
function answerBudget(tokenCount: number): number {
  return 32 + tokenCount * 10;
}

/** A line of the answer, e.g. `cancer : I`, `: : O`; undefined for prose around the answer. */
export function parseTagLine(line: string): { token: string; label: BioTag } | undefined {
  const m = /^\s*(\S+)\s*[:\t]\s*(\S+)\s*$/.exec(line) ?? /^\s*(\S+)\s+(\S+)\s*$/.exec(line);
  if (!m) return undefined;
  const label = parseBioTag(m[2]);
  return label ? { token: m[1], label } : undefined;
}

export class MedtunedProfile implements Profile {
  readonly name = 'medtuned' as const;
  readonly promptVersion = 'medtuned-ner-1';

  nerGroups(types: readonly EntityType[]): NerGroup[] {
    const groups: NerGroup[] = [];
    const clinical = types.filter((t) => CLINICAL_TYPES.includes(t));
    // One typed prompt covers all clinical classes; display filters by the user's types.
    if (clinical.length > 0) groups.push({ id: 'clinical', types: CLINICAL_TYPES });
    for (const t of types) if (!CLINICAL_TYPES.includes(t)) groups.push({ id: t, types: [t] });
    return groups;
  }

  nerRequest(sentence: string, group: NerGroup, corpusTokens?: readonly Token[]): ModelRequest {
    const tokens = corpusTokens ?? tokenize(sentence);
    const instruction = group.id === 'clinical' ? CLINICAL_INSTRUCTION : literatureInstruction(group.types[0]);
    return {
      kind: 'generate',
      prompt: medtunedPrompt(instruction, tokens.map((t) => t.text).join(' ')),
      raw: true,
      stop: MEDTUNED_STOP,
      numPredict: answerBudget(tokens.length),
    };
  }

  parseNer(sentence: string, group: NerGroup, answer: ModelAnswer, corpusTokens?: readonly Token[]): NerParse {
    const tokens = corpusTokens ?? tokenize(sentence);
    const truncated = answer.doneReason === 'length';
    const lines = answer.text
      .split(/\r?\n/)
      .map(parseTagLine)
      .filter((l): l is { token: string; label: BioTag } => l !== undefined);
    // The last line of a cut answer may hold half a tag (`I-PROB`, `I` of `I-PROBLEM`).
    const last = lines[lines.length - 1];
    if (truncated && last && !/\n\s*$/.test(answer.text) && !this.isCompleteTag(last.label, group)) lines.pop();
    const { labels, lastMatched } = alignTokenLines(tokens, lines);
    const tags = labels.map((l) => this.normaliseTag(l, group));
    const mentions: Mention[] = [];
    for (const chunk of decodeBio(tags)) {
      // The last labelled token of a cut answer may be the middle of an entity.
      if (truncated && chunk.last >= lastMatched) continue;
      const start = tokens[chunk.first].start;
      const end = tokens[chunk.last].end;
      mentions.push({ start, end, type: chunk.type as EntityType, text: sentence.slice(start, end) });
    }
    // A token answer cannot name text that is not there: nothing is dropped.
    return { mentions, dropped: 0, truncated };
  }

  private isCompleteTag(tag: BioTag, group: NerGroup): boolean {
    if (tag.prefix === 'O') return true;
    return group.id === 'clinical' ? I2B2_CLASSES.has(tag.type) : tag.type === '' || tag.type.toLowerCase() === group.types[0];
  }

  // No ChemProt data was in the MedTuned training mix: chemical-gene pairs are json-only.
  readonly relationKinds: ReadonlySet<PairKind> = new Set<PairKind>(['clinical', 'chemical-disease', 'gene-disease']);

  /** The training layout has one pair per prompt. */
  relationTasks(pairs: readonly CandidatePair[]): RelationTask[] {
    return pairs.map((p) => ({ id: pairsId([p]), pairs: [p] }));
  }

  relationRequest(sentence: string, task: RelationTask): ModelRequest {
    const pair = task.pairs[0];
    const instruction = pair.kind === 'clinical' ? CLINICAL_RE_INSTRUCTION : LITERATURE_RE_INSTRUCTION[pair.kind]!;
    return {
      kind: 'generate',
      prompt: medtunedPrompt(instruction, maskedInput(sentence, pair)),
      raw: true,
      stop: MEDTUNED_STOP,
      numPredict: 16,
    };
  }

  parseRelations(task: RelationTask, answer: ModelAnswer): RelationParse {
    const label = matchLabel(answer.text, allowedLabels(task.pairs[0]));
    return { labels: [label], dropped: label === undefined ? 1 : 0 };
  }

  nliRequest(premise: string, hypothesis: string): ModelRequest {
    return {
      kind: 'generate',
      prompt: medtunedPrompt(NLI_INSTRUCTION, nliInput(premise, hypothesis)),
      raw: true,
      stop: MEDTUNED_STOP,
      numPredict: 16,
    };
  }

  parseNli(answer: ModelAnswer): NliParse {
    const label = matchNliLabel(answer.text);
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
