/**
 * `biomed instructions`: instruction-tuning rows from annotated corpora, exactly as
 * Llama2-MedTuned's training data holds them (engine/instructionData.ts), so a group can
 * tune the seed model further on its own annotations; `--template` writes each row's
 * whole training text instead.
 */
import * as fs from 'node:fs';
import { evaluation, formats } from '../engine';
import { writeAtomically } from './annotateOutputs';
import { choice, intOption, parse, readCorpusFile, refuseOutOverInput, reportSkips, UsageError } from './args';
import { bratFolderDocuments } from './eval/common';

const { instructionRows, trainingText } = evaluation;
type InstructionSource = evaluation.InstructionSource;
const { parseNliPairs, readDocuments } = formats;
type AnnotatedDocument = formats.AnnotatedDocument;

export const INSTRUCTIONS_HELP = `Usage: biomed instructions <corpus...> --task ner|re|nli --out FILE [--seed N] [--template]

Writes instruction-tuning rows exactly as Llama2-MedTuned's training data holds them, one
JSON object a line: {"instruction", "input", "output", "source"}.
  instruction  one of the verbatim training instructions of the row's dataset, chosen at
               random per row as the seed authors did (reproducibly: --seed)
  input        the corpus's tokens joined by spaces (clinical text in whitespace tokens;
               IOB corpora in their own tokens); relations with the two concepts masked
               (@problem$, @treatment$, @test$); NLI as "Sentence 1: ...\\nSentence 2: ..."
  output       the training target: "token : tag" lines (literature B/I/O, clinical
               B-PROBLEM ... O); an i2b2-2010 label; Entailment, Contradiction or Neutral
  source       the training set whose instructions the row takes: ncbi-disease,
               bc5cdr-disease, bc5cdr-chem, bc2gm, jnlpba, i2b2-2012, i2b2-2010, mednli

Tasks:
  ner   per sentence, an i2b2-2012 row for the clinical types and a row per literature type,
        with the training set of the corpus as biomed eval ner chooses it (the corpus's name,
        --dataset or its path: ncbi, bc5cdr, bc2gm, jnlpba; else its types)
  re    an i2b2-2010 row for every clinical pair of a sentence or list item (its gold label,
        or No Relations). Chemical-disease (CID), gene-disease (GAD) and chemical-gene
        (ChemProt) pairs are left out and counted: the seed model's final training mix had
        none and there are no training instructions for them; a ChemProt file is refused.
  nli   a MedNLI row per pair

Corpora (by form):
  folder of .ann + .txt/.note/.md  BRAT standoff (ner, re)
  *.txt / *.pubtator with PMID|t| PubTator (ner)
  *.tsv / *.iob / *.conll          CoNLL IOB (ner; the corpus's own tokens)
  *.jsonl premise/hypothesis       NLI pairs (nli)

Options:
  --task T        ner | re | nli (required)
  --out FILE      the file to write (required; - writes to stdout; an input is refused)
  --seed N        the random choice of instruction variants (default 42)
  --dataset NAME  ner: name the training set when the corpus path does not (ncbi, bc5cdr, bc2gm, jnlpba)
  --strict        refuse a corpus with lines the reader skips (bad offsets, invalid tags,
                  truncated lines, text mismatches, bad JSON): exit 1 naming the file
  --template      write each row's whole training text instead of JSON, as the seed authors'
                  trainer formats it: "### Instruction: {instruction}\\n ### Input: {input}\\n
                  ### Output: {output} \\n</s>"; the texts follow one another, each ending at
                  </s> and a newline (to check a trainer's formatting against byte for byte)
  -h, --help      this help`;

function readDocs(corpus: string, strict: boolean): AnnotatedDocument[] {
  if (fs.statSync(corpus).isDirectory()) return bratFolderDocuments(corpus, strict);
  const text = fs.readFileSync(corpus, 'utf8');
  const counted = (read: { documents: AnnotatedDocument[]; skips: Record<string, number> }) => {
    reportSkips(corpus, read.skips, 'lines', strict);
    return read.documents;
  };
  if (/^\d+\|t\|/m.test(text)) return counted(readDocuments('pubtator', text));
  if (/\.(tsv|iob|conll)$/i.test(corpus)) return counted(readDocuments('iob', text));
  throw new UsageError(`Cannot tell the format of ${corpus} for NER or RE: use a BRAT folder, a PubTator file or an IOB .tsv.`, INSTRUCTIONS_HELP);
}

const KIND_NAMES: Record<string, string> = {
  'chemical-disease': 'chemical-disease (CID)',
  'gene-disease': 'gene-disease (GAD)',
  'chemical-gene': 'chemical-gene (ChemProt)',
};

export async function instructions(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      task: { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      dataset: { type: 'string' },
      template: { type: 'boolean' },
      layout: { type: 'string' },
      strict: { type: 'boolean' },
    },
    INSTRUCTIONS_HELP,
  );
  if (values.help) {
    console.log(INSTRUCTIONS_HELP);
    return 0;
  }
  if (values.layout !== undefined) {
    throw new UsageError(
      '--layout is gone: rows are written as the seed dataset holds them ({instruction, input, output, source}, its verbatim instructions); --template writes the medtuned training text.',
      INSTRUCTIONS_HELP,
    );
  }
  const task = choice(values.task, 'task', ['ner', 're', 'nli'] as const, INSTRUCTIONS_HELP);
  if (!task) throw new UsageError('--task is required: ner, re or nli.', INSTRUCTIONS_HELP);
  const out = values.out as string | undefined;
  if (!out) throw new UsageError('--out is required: the file to write (- for stdout).', INSTRUCTIONS_HELP);
  const seed = intOption(values.seed, 'seed', 0, INSTRUCTIONS_HELP) ?? 42;
  if (positionals.length === 0) throw new UsageError('Give at least one corpus.', INSTRUCTIONS_HELP);
  if (out !== '-') refuseOutOverInput(out, positionals, INSTRUCTIONS_HELP);
  const sources: InstructionSource[] = [];
  for (const corpus of positionals) {
    if (!fs.existsSync(corpus)) throw new UsageError(`No such file or folder: ${corpus}`, INSTRUCTIONS_HELP);
    if (task === 'nli') {
      const read = parseNliPairs(readCorpusFile(corpus, INSTRUCTIONS_HELP));
      reportSkips(corpus, read.skips, 'lines', values.strict === true);
      if (read.pairs.length === 0) throw new UsageError(`No NLI pairs in ${corpus}.`, INSTRUCTIONS_HELP);
      sources.push({ name: corpus, pairs: read.pairs });
    } else if (task === 're' && /\.jsonl$/i.test(corpus)) {
      throw new UsageError(
        `${corpus}: ChemProt (chemical-gene) relations were not in the seed model's final training mix and have no training instructions, so no rows are written for them. Relation rows are i2b2-2010's: give a BRAT folder of clinical notes.`,
        INSTRUCTIONS_HELP,
      );
    } else sources.push({ name: corpus, documents: readDocs(corpus, values.strict === true) });
  }
  const dataset = values.dataset === undefined ? undefined : String(values.dataset);
  const { rows, counts: perSource, leftOut: leftOutKinds } = instructionRows(sources, { seed, dataset, relations: task === 're' });
  const leftOut = Object.entries(KIND_NAMES)
    .filter(([k]) => leftOutKinds[k as keyof typeof leftOutKinds])
    .map(([k, name]) => `${leftOutKinds[k as keyof typeof leftOutKinds]} ${name}`);
  if (rows.length === 0 && leftOut.length > 0) {
    throw new UsageError(
      `No i2b2-2010 (clinical) pairs in ${positionals.join(', ')}; left out ${leftOut.join(', ')} pairs: the seed model's final training mix had none and there are no training instructions for them.`,
      INSTRUCTIONS_HELP,
    );
  }
  // An empty training file is never what was asked for: say so instead of writing one.
  if (rows.length === 0)
    throw new UsageError(`No ${task} rows from ${positionals.join(', ')}: no documents, or none with annotated entities; nothing written.`, INSTRUCTIONS_HELP);
  const content = values.template ? rows.map((r) => `${trainingText(r)}\n`).join('') : rows.map((r) => `${JSON.stringify(r)}\n`).join('');
  // A pipe takes what it can at once: wait until all of it is written before the exit.
  if (out === '-') await new Promise<void>((resolve, reject) => process.stdout.write(content, (err) => (err ? reject(err) : resolve())));
  else writeAtomically(out, content);
  const counts =
    Object.entries(perSource)
      .map(([source, n]) => `${source}: ${n}`)
      .join(', ') || 'no rows';
  const report = out === '-' ? (line: string) => console.error(line) : (line: string) => console.log(line);
  report(`${rows.length} ${values.template ? 'training texts' : 'rows'} written to ${out === '-' ? 'stdout' : out} (${counts}; seed ${seed}).`);
  if (leftOut.length > 0) report(`Left out ${leftOut.join(', ')} pairs: not in the seed model's final training mix, no training instructions.`);
  return 0;
}
