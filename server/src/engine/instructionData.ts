/**
 * Instruction-tuning rows from annotated corpora, built the way Llama2-MedTuned's data
 * was: about five paraphrased instructions per task (the model learns the task, not one
 * wording), the input in the corpus's own tokens, the output in the training layout.
 */
import { AnnotatedDocument } from './formats/document';
import { ChemProtPair } from './formats/chemprot';
import { engineType } from './eval/typeMap';
import { maskedInput, medtunedPrompt } from './profiles/medtuned';
import { mulberry32 } from './random';
import { CandidatePair, candidatePairs, noneLabel, relationUnits } from './tasks/relations';
import { segment } from './text/segment';
import { Token, tokenize } from './text/tokenize';
import { CLINICAL_TYPES, EntityType, Mention } from './types';

export type Layout = 'medtuned' | 'alpaca' | 'chat';

export interface InstructionRow {
  instruction: string;
  input: string;
  output: string;
  source: string;
  /** The whole training text in the layout (medtuned, alpaca). */
  text?: string;
  /** The conversation (chat). */
  messages?: { role: 'user' | 'assistant'; content: string }[];
}

const CLASS_NAME: Record<string, string> = { disease: 'disease', chemical: 'chemical', gene: 'gene/protein' };

export const PARAPHRASES = {
  nerClinical: [
    'In the clinical text provided, identify and tag each entity using the BIO scheme with the classes PROBLEM, TREATMENT, TEST, OCCURRENCE, EVIDENTIAL and CLINICAL_DEPT. Answer with one line per input word, in the form word : TAG.',
    'Label every word of the clinical sentence with B-CLASS for the first word of an entity, I-CLASS for the following words of it and O otherwise; the classes are PROBLEM, TREATMENT, TEST, OCCURRENCE, EVIDENTIAL and CLINICAL_DEPT. Write word : TAG on one line per word.',
    'Perform named entity recognition on this clinical text. Tag problems, treatments, tests, occurrences, evidentials and clinical departments in BIO format (B-PROBLEM, I-PROBLEM, B-TREATMENT, ...), one "word : TAG" line per word.',
    'Find the clinical concepts in the input and mark them word by word with BIO tags over PROBLEM, TREATMENT, TEST, OCCURRENCE, EVIDENTIAL and CLINICAL_DEPT, using O for words outside any concept. Output word : TAG lines.',
    'For each token of the clinical sentence, output the token, a colon and its tag: B- or I- followed by PROBLEM, TREATMENT, TEST, OCCURRENCE, EVIDENTIAL or CLINICAL_DEPT, or O.',
  ],
  nerLiterature: [
    'Your task is to label every {class} mention in the given text using the BIO format: B for the first word of a {class} phrase, I for the following words of that phrase, and O for all other words. Answer with one line per input word, in the form word : tag.',
    'Identify the {class} mentions in the sentence. Tag the first word of each mention B, its other words I, and every other word O, writing word : tag on one line per word.',
    'Mark {class} entities in this biomedical text with BIO tags (B = beginning of a {class} mention, I = inside it, O = outside), one "word : tag" line per word.',
    'In the following text, recognise the {class} names and tag each word as B, I or O accordingly. Output format: word : tag, one word per line.',
    'Perform {class} named entity recognition on the input: for each word give B if it starts a {class} mention, I if it continues one, and O otherwise, as word : tag lines.',
  ],
  reClinical: [
    'Determine the relation between the two clinical concepts masked in the sentence as @problem$, @treatment$ and @test$. Choose exactly one label: TrIP, TrWP, TrCP, TrAP, TrNAP, TeRP, TeCP, PIP, or No Relations. Answer with the label only.',
    'Classify how the masked concepts of the clinical sentence relate: TrIP (treatment improves problem), TrWP (worsens), TrCP (causes), TrAP (administered for), TrNAP (not administered because of), TeRP (test reveals problem), TeCP (test conducted for problem), PIP (problem indicates problem) or No Relations.',
    'The sentence has two concepts replaced by @problem$, @treatment$ or @test$. Which i2b2 relation holds between them? Answer one of TrIP, TrWP, TrCP, TrAP, TrNAP, TeRP, TeCP, PIP, No Relations.',
    'Read the clinical sentence with its two masked concepts and output the relation label (TrIP, TrWP, TrCP, TrAP, TrNAP, TeRP, TeCP, PIP) or No Relations if they are not related.',
    'Relation extraction: give the single label that describes the relation between the masked concepts (TrIP, TrWP, TrCP, TrAP, TrNAP, TeRP, TeCP, PIP, No Relations).',
  ],
  reChemicalDisease: [
    'The sentence mentions a chemical masked as @CHEMICAL$ and a disease masked as @DISEASE$. Answer CID if the chemical induces the disease according to the sentence, otherwise No Relations. Answer with the label only.',
    'Does the masked chemical (@CHEMICAL$) induce the masked disease (@DISEASE$) in this sentence? Answer CID or No Relations.',
    'Classify the chemical-disease pair masked in the text: CID when the chemical causes the disease, No Relations otherwise.',
  ],
  reGeneDisease: [
    'The sentence mentions a gene masked as @GENE$ and a disease masked as @DISEASE$. Answer Positive if the sentence states an association between the gene and the disease, otherwise Negative. Answer with the label only.',
    'Is the masked gene (@GENE$) associated with the masked disease (@DISEASE$) according to the text? Answer Positive or Negative.',
    'Decide whether the sentence reports a gene-disease association between @GENE$ and @DISEASE$: Positive or Negative.',
  ],
  reChemicalGene: [
    'The sentence mentions a chemical masked as @CHEMICAL$ and a gene or protein masked as @GENE$. Give the ChemProt relation between them: INHIBITOR, SUBSTRATE, INDIRECT-UPREGULATOR, INDIRECT-DOWNREGULATOR, ACTIVATOR, ANTAGONIST, PRODUCT-OF, AGONIST, DOWNREGULATOR, UPREGULATOR, AGONIST-ACTIVATOR, SUBSTRATE_PRODUCT-OF, or none.',
    'Classify the interaction between the masked chemical (@CHEMICAL$) and the masked gene (@GENE$) with one ChemProt label, or none.',
    'What does the chemical @CHEMICAL$ do to the gene product @GENE$ in this sentence? Answer with a ChemProt class (e.g. INHIBITOR, AGONIST, SUBSTRATE) or none.',
  ],
  nli: [
    'Read the two clinical sentences and decide how Sentence 2 relates to Sentence 1. Answer Entailment if Sentence 2 must be true given Sentence 1, Contradiction if Sentence 2 cannot be true given Sentence 1, and Neutral if Sentence 1 neither supports nor contradicts Sentence 2. Answer with the label only.',
    'Natural language inference: given the premise (Sentence 1) and the hypothesis (Sentence 2), answer Entailment, Contradiction or Neutral.',
    'Does Sentence 1 entail, contradict or say nothing about Sentence 2? Answer Entailment, Contradiction or Neutral.',
    'Determine the inference relation between the two sentences of the clinical note: Entailment (the second follows from the first), Contradiction (it cannot be true) or Neutral.',
    'Classify the sentence pair: Entailment if the hypothesis is implied by the premise, Contradiction if it is ruled out by it, Neutral otherwise.',
  ],
};

/** Chooses paraphrases reproducibly: the same corpus and seed give the same rows. */
export class RowBuilder {
  private readonly random: () => number;
  readonly counts: Record<string, number> = {};

  constructor(
    readonly layout: Layout,
    seed: number,
  ) {
    this.random = mulberry32(seed);
  }

  row(task: string, paraphrases: readonly string[], input: string, output: string, source: string, vars: Record<string, string> = {}): InstructionRow {
    let instruction = paraphrases[Math.floor(this.random() * paraphrases.length)];
    for (const [k, v] of Object.entries(vars)) instruction = instruction.split(`{${k}}`).join(v);
    this.counts[task] = (this.counts[task] ?? 0) + 1;
    const row: InstructionRow = { instruction, input, output, source };
    if (this.layout === 'medtuned') row.text = medtunedPrompt(instruction, input) + output;
    else if (this.layout === 'alpaca') row.text = `### Instruction:\n${instruction}\n\n### Input:\n${input}\n\n### Response:\n${output}`;
    else {
      row.messages = [
        { role: 'user', content: `${instruction}\n\n${input}` },
        { role: 'assistant', content: output },
      ];
    }
    return row;
  }
}

function tagLines(tokens: readonly Token[], spans: readonly { start: number; end: number; type: string }[], typed: boolean): string {
  return tokens
    .map((t) => {
      const span = spans.find((s) => t.start < s.end && s.start < t.end);
      if (!span) return `${t.text} : O`;
      const prefix = t.start <= span.start ? 'B' : 'I';
      return `${t.text} : ${typed ? `${prefix}-${span.type.toUpperCase()}` : prefix}`;
    })
    .join('\n');
}

function sentencesOf(doc: AnnotatedDocument): { start: number; end: number; tokens: Token[] }[] {
  if (doc.sentences) {
    return doc.sentences.map((s) => ({ start: s.start, end: s.end, tokens: s.tokens ? [...s.tokens] : tokenize(doc.text.slice(s.start, s.end), s.start) }));
  }
  return segment(doc.text)
    .filter((s) => s.kind === 'sentence')
    .map((s) => ({ start: s.start, end: s.end, tokens: tokenize(s.text, s.start) }));
}

/** The engine types a corpus is annotated with: they decide which rows every sentence gets. */
export function corpusTypes(docs: readonly AnnotatedDocument[]): EntityType[] {
  return [...new Set(docs.flatMap((d) => d.entities.map((e) => engineType(e.type)).filter((t): t is EntityType => !!t)))];
}

/**
 * NER rows: one typed row per sentence for the clinical classes, one row per sentence and
 * class for the literature classes, over the corpus's classes (a sentence without
 * entities still teaches the model to answer O).
 */
export function nerRows(doc: AnnotatedDocument, source: string, b: RowBuilder, types: readonly EntityType[]): InstructionRow[] {
  const entities = doc.entities.map((e) => ({ ...e, type: engineType(e.type) })).filter((e): e is typeof e & { type: EntityType } => !!e.type);
  const clinical = types.some((t) => CLINICAL_TYPES.includes(t));
  const literature = types.filter((t) => !CLINICAL_TYPES.includes(t));
  const rows: InstructionRow[] = [];
  for (const s of sentencesOf(doc)) {
    if (s.tokens.length === 0) continue;
    const input = s.tokens.map((t) => t.text).join(' ');
    const inside = entities.filter((e) => e.start >= s.start && e.end <= s.end);
    if (clinical) {
      const spans = inside.filter((e) => CLINICAL_TYPES.includes(e.type));
      rows.push(b.row('ner', PARAPHRASES.nerClinical, input, tagLines(s.tokens, spans, true), source));
    }
    for (const type of literature) {
      const spans = inside.filter((e) => e.type === type);
      rows.push(b.row('ner', PARAPHRASES.nerLiterature, input, tagLines(s.tokens, spans, false), source, { class: CLASS_NAME[type] }));
    }
  }
  return rows;
}

const RE_PARAPHRASES: Record<CandidatePair['kind'], readonly string[]> = {
  clinical: PARAPHRASES.reClinical,
  'chemical-disease': PARAPHRASES.reChemicalDisease,
  'gene-disease': PARAPHRASES.reGeneDisease,
  'chemical-gene': PARAPHRASES.reChemicalGene,
};

/** RE rows from gold entities and relations: every candidate pair of a sentence or list item, with "no relation" rows too. */
export function relationRows(doc: AnnotatedDocument, source: string, b: RowBuilder): InstructionRow[] {
  const gold = new Map(doc.relations.map((r) => [`${r.head}>${r.tail}`, r.label]));
  const sentences = segment(doc.text).filter((s) => s.kind === 'sentence');
  const rows: InstructionRow[] = [];
  for (const unit of relationUnits(doc.text, sentences)) {
    const text = doc.text.slice(unit.start, unit.end);
    const mentions = doc.entities
      .filter((e) => e.start >= unit.start && e.end <= unit.end && engineType(e.type))
      .map((e) => ({ id: e.id, start: e.start - unit.start, end: e.end - unit.start, type: engineType(e.type)!, text: e.text }) as Mention & { id: string });
    for (const pair of candidatePairs(mentions, Number.MAX_SAFE_INTEGER)) {
      const h = (pair.head as Mention & { id: string }).id;
      const t = (pair.tail as Mention & { id: string }).id;
      const label = gold.get(`${h}>${t}`) ?? (pair.kind === 'clinical' ? gold.get(`${t}>${h}`) : undefined) ?? noneLabel(pair.kind);
      rows.push(b.row('re', RE_PARAPHRASES[pair.kind], maskedInput(text, pair), label, source));
    }
  }
  return rows;
}

export function chemProtRows(pairs: readonly ChemProtPair[], source: string, b: RowBuilder): InstructionRow[] {
  return pairs.map((p) => {
    const pair: CandidatePair = {
      kind: 'chemical-gene',
      head: { ...p.chemical, type: 'chemical', text: p.text.slice(p.chemical.start, p.chemical.end) },
      tail: { ...p.gene, type: 'gene', text: p.text.slice(p.gene.start, p.gene.end) },
    };
    return b.row('re', PARAPHRASES.reChemicalGene, maskedInput(p.text, pair), p.label, source);
  });
}

const NLI_OUTPUT: Record<string, string> = { entailment: 'Entailment', contradiction: 'Contradiction', neutral: 'Neutral' };

export function nliRows(pairs: readonly { premise: string; hypothesis: string; label: string }[], source: string, b: RowBuilder): InstructionRow[] {
  return pairs.map((p) => b.row('nli', PARAPHRASES.nli, `Sentence 1: ${p.premise}\nSentence 2: ${p.hypothesis}`, NLI_OUTPUT[p.label], source));
}
