/**
 * Instruction-tuning rows from annotated corpora, exactly as Llama2-MedTuned's training data
 * holds them (nlpie-research/BioInstTune-LLM, preprocessing-datasets/preprocess_*.py;
 * medtuned-training-data.md): `{ instruction, input, output, source }` where
 * - `instruction` is one of the verbatim training variants of the row's dataset, chosen at
 *   random per row as the authors did (`random.choice`), reproducibly from a seed;
 * - `input` is the corpus's tokens joined by single spaces (`' '.join(tokens)`): literature
 *   text in the literature tokenisation (runs of letters/digits, each punctuation mark on its
 *   own), clinical text in the clinical whitespace tokenisation (tokenizeClinical), a corpus's
 *   own tokens (IOB) as they are; relations with the two mentions masked; MedNLI as
 *   `Sentence 1: {premise}\nSentence 2: {hypothesis}`, each part stripped;
 * - `output` is the training target: NER `token : tag` lines joined by `\n` (literature tags
 *   bare B/I/O, clinical B-PROBLEM ... O), stripped; one i2b2-2010 label; one MedNLI label;
 * - `source` is the training set whose instructions the row takes (`ncbi-disease`, ...).
 * Only the datasets of the final training mix get rows: relation pairs of other kinds
 * (chemical-disease, gene-disease, chemical-gene) have no training instructions and are
 * counted as left out.
 */
import { AnnotatedDocument } from './formats/document';
import { instructionDatasets } from './eval/datasets';
import { engineType } from './eval/typeMap';
import { maskedInput, medtunedTrainingText } from './profiles/medtuned';
import type { LiteratureDatasets } from './profiles/medtuned';
import { MEDTUNED_INSTRUCTIONS, MedtunedDataset, TRAINED_DATASETS } from './profiles/medtunedInstructions';
import { nliInput } from './profiles/profile';
import { mulberry32 } from './random';
import { candidatePairs, noneLabel, PairKind, relationUnits } from './tasks/relations';
import { segment } from './text/segment';
import { Token, tokenize, tokenizeClinical } from './text/tokenize';
import { CLINICAL_TYPES, EntityType, Mention } from './types';

/** One training row, its keys in the seed dataset's order. */
export interface InstructionRow {
  instruction: string;
  input: string;
  output: string;
  source: MedtunedDataset;
}

/** The whole training text of a row, as the seed authors' trainer formats it (ends ` \n</s>`). */
export function trainingText(row: InstructionRow): string {
  return medtunedTrainingText(row.instruction, row.input, row.output);
}

/** Chooses instruction variants reproducibly: the same corpus and seed give the same rows. */
class RowBuilder {
  private readonly random: () => number;
  /** Rows per source dataset. */
  readonly counts: Partial<Record<MedtunedDataset, number>> = {};
  /** Relation pairs left out per kind: not in the final training mix, no training instructions. */
  readonly leftOut: Partial<Record<PairKind, number>> = {};

  constructor(seed: number) {
    this.random = mulberry32(seed);
  }

  row(source: MedtunedDataset, input: string, output: string): InstructionRow {
    if (!TRAINED_DATASETS.has(source)) throw new Error(`${source} was not in the seed model's final training mix`);
    const variants = MEDTUNED_INSTRUCTIONS[source];
    const instruction = variants[Math.floor(this.random() * variants.length)];
    this.counts[source] = (this.counts[source] ?? 0) + 1;
    // The authors stripped input and output (`.strip()`).
    return { instruction, input: input.trim(), output: output.trim(), source };
  }

  leave(kind: PairKind): void {
    this.leftOut[kind] = (this.leftOut[kind] ?? 0) + 1;
  }
}

/** `token : tag` lines: typed `B-PROBLEM` for clinical rows, bare `B`/`I`/`O` for literature rows. */
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

interface Sentence {
  start: number;
  end: number;
  text: string;
  /** The corpus's own tokens (IOB), which every row of the sentence takes. */
  own?: readonly Token[];
}

function sentencesOf(doc: AnnotatedDocument): Sentence[] {
  if (doc.sentences) return doc.sentences.map((s) => ({ start: s.start, end: s.end, text: doc.text.slice(s.start, s.end), own: s.tokens }));
  return segment(doc.text)
    .filter((s) => s.kind === 'sentence')
    .map((s) => ({ start: s.start, end: s.end, text: s.text }));
}

/** A sentence's tokens for a row: the corpus's own, else the clinical or the literature tokenisation. */
function tokensFor(s: Sentence, clinical: boolean): readonly Token[] {
  if (s.own) return s.own;
  return clinical ? tokenizeClinical(s.text, s.start) : tokenize(s.text, s.start);
}

/** The engine types a corpus is annotated with: they decide which rows every sentence gets. */
function corpusTypes(docs: readonly AnnotatedDocument[]): EntityType[] {
  return [...new Set(docs.flatMap((d) => d.entities.map((e) => engineType(e.type)).filter((t): t is EntityType => !!t)))];
}

/**
 * NER rows: one i2b2-2012 row per sentence for the clinical classes, one row per sentence
 * and literature class (with the instructions of `datasets[class]`), over the corpus's
 * classes: a sentence without entities still teaches the model to answer O.
 */
function nerRows(doc: AnnotatedDocument, b: RowBuilder, types: readonly EntityType[], datasets: LiteratureDatasets): InstructionRow[] {
  const entities = doc.entities.map((e) => ({ ...e, type: engineType(e.type) })).filter((e): e is typeof e & { type: EntityType } => !!e.type);
  const clinical = types.some((t) => CLINICAL_TYPES.includes(t));
  const literature = types.filter((t) => !CLINICAL_TYPES.includes(t)) as (keyof LiteratureDatasets)[];
  const rows: InstructionRow[] = [];
  for (const s of sentencesOf(doc)) {
    const inside = entities.filter((e) => e.start >= s.start && e.end <= s.end);
    if (clinical) {
      const tokens = tokensFor(s, true);
      const spans = inside.filter((e) => CLINICAL_TYPES.includes(e.type));
      if (tokens.length > 0) rows.push(b.row('i2b2-2012', tokens.map((t) => t.text).join(' '), tagLines(tokens, spans, true)));
    }
    if (literature.length === 0) continue;
    const tokens = tokensFor(s, false);
    if (tokens.length === 0) continue;
    for (const type of literature) {
      const spans = inside.filter((e) => e.type === type);
      rows.push(b.row(datasets[type], tokens.map((t) => t.text).join(' '), tagLines(tokens, spans, false)));
    }
  }
  return rows;
}

/**
 * i2b2-2010 rows from gold entities and relations: every clinical candidate pair of a
 * sentence or list item, masked as the engine asks it (maskedInput: clinical whitespace
 * tokens), labelled with its gold relation or No Relations. Pairs of other kinds are left
 * out (counted in the builder): the final training mix had no CID, ChemProt or GAD data.
 */
function relationRows(doc: AnnotatedDocument, b: RowBuilder): InstructionRow[] {
  const gold = new Map(doc.relations.map((r) => [`${r.head}>${r.tail}`, r.label]));
  const sentences = segment(doc.text).filter((s) => s.kind === 'sentence');
  const rows: InstructionRow[] = [];
  for (const unit of relationUnits(doc.text, sentences)) {
    const text = doc.text.slice(unit.start, unit.end);
    const mentions = doc.entities
      .filter((e) => e.start >= unit.start && e.end <= unit.end && engineType(e.type))
      .map((e) => ({ id: e.id, start: e.start - unit.start, end: e.end - unit.start, type: engineType(e.type)!, text: e.text }) as Mention & { id: string });
    for (const pair of candidatePairs(mentions, Number.MAX_SAFE_INTEGER)) {
      if (pair.kind !== 'clinical') {
        b.leave(pair.kind);
        continue;
      }
      const h = (pair.head as Mention & { id: string }).id;
      const t = (pair.tail as Mention & { id: string }).id;
      const label = gold.get(`${h}>${t}`) ?? gold.get(`${t}>${h}`) ?? noneLabel(pair.kind);
      rows.push(b.row('i2b2-2010', maskedInput(text, pair), label));
    }
  }
  return rows;
}

const NLI_OUTPUT: Record<string, string> = { entailment: 'Entailment', contradiction: 'Contradiction', neutral: 'Neutral' };

/** MedNLI rows: `Sentence 1: {premise}\nSentence 2: {hypothesis}`, each stripped, and the capitalised label. */
function nliRows(pairs: readonly { premise: string; hypothesis: string; label: string }[], b: RowBuilder): InstructionRow[] {
  return pairs.map((p) => b.row('mednli', nliInput(p.premise.trim(), p.hypothesis.trim()), NLI_OUTPUT[p.label]));
}

/** One corpus as `biomed instructions` read it: annotated documents (ner, re) or NLI pairs (nli). */
export interface InstructionSource {
  /** Its path or name: for NER, it names the training set whose instructions the rows take (ncbi, bc5cdr, ...). */
  name: string;
  documents?: readonly AnnotatedDocument[];
  pairs?: readonly { premise: string; hypothesis: string; label: string }[];
}

/** The rows of a task over some corpora, what each training set got and what was left out. */
export interface InstructionSet {
  rows: InstructionRow[];
  /** Rows per training set (its name as the rows' `source`). */
  counts: Partial<Record<MedtunedDataset, number>>;
  /** Relation pairs of kinds with no training instructions (chemical-disease, gene-disease, chemical-gene), counted. */
  leftOut: Partial<Record<PairKind, number>>;
}

/**
 * The instruction-tuning rows of `sources`, in their order, instruction variants chosen
 * reproducibly from `seed`: NLI rows from a source's pairs; from its documents, relation rows
 * with `relations`, else NER rows, with the training set of each corpus as `eval ner` chooses
 * it (`dataset`, else the corpus's name, else its types).
 */
export function instructionRows(sources: readonly InstructionSource[], options: { seed: number; dataset?: string; relations?: boolean }): InstructionSet {
  const builder = new RowBuilder(options.seed);
  const rows: InstructionRow[] = [];
  for (const source of sources) {
    if (source.pairs) rows.push(...nliRows(source.pairs, builder));
    const docs = source.documents ?? [];
    if (options.relations) {
      for (const doc of docs) rows.push(...relationRows(doc, builder));
      continue;
    }
    const types = corpusTypes(docs);
    const { datasets } = instructionDatasets(
      options.dataset ?? source.name,
      docs.flatMap((d) => d.entities.map((e) => e.type)),
    );
    for (const doc of docs) rows.push(...nerRows(doc, builder, types, datasets));
  }
  return { rows, counts: builder.counts, leftOut: builder.leftOut };
}
