/**
 * `biomed instructions`: instruction-tuning data (JSON lines) from annotated corpora, as
 * the seed papers built theirs, so a group can tune a model on its own annotations.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readBratDocument } from '../engine/formats/bratDocument';
import { readChemProt } from '../engine/formats/chemprot';
import { AnnotatedDocument } from '../engine/formats/document';
import { readIob } from '../engine/formats/iob';
import { readNliPairs } from '../engine/formats/nliPairs';
import { readPubTator } from '../engine/formats/pubtator';
import { chemProtRows, corpusTypes, InstructionRow, nerRows, nliRows, relationRows, RowBuilder } from '../engine/instructionData';
import { writeAtomically } from './annotate';
import { choice, intOption, parse, UsageError } from './args';

export const INSTRUCTIONS_HELP = `Usage: biomed instructions <corpus...> --task ner|re|nli --layout medtuned|alpaca|chat --out file.jsonl [--seed N]

Builds instruction-tuning rows {instruction, input, output, source} from corpora, with
several paraphrased instructions per task chosen reproducibly by the seed, and the whole
training text in the layout ("text" for medtuned and alpaca, "messages" for chat).

Corpora (by form):
  folder of .txt/.note + .ann     BRAT standoff (ner, re)
  *.txt / *.pubtator with PMID|t| PubTator (ner)
  *.tsv / *.iob / *.conll          CoNLL IOB (ner; the corpus's own tokens)
  *.jsonl with "<< >>" markers     ChemProt (re)
  *.jsonl premise/hypothesis       NLI pairs (nli)

Options:
  --task T        ner | re | nli (required)
  --layout L      medtuned (default) | alpaca | chat
  --out FILE      output JSON lines file (required)
  --seed N        paraphrase choice (default 42)
  -h, --help      this help`;

function readDocs(corpus: string): AnnotatedDocument[] {
  if (fs.statSync(corpus).isDirectory()) {
    const docs: AnnotatedDocument[] = [];
    for (const name of fs.readdirSync(corpus).sort()) {
      const m = /^(.*)\.(txt|note)$/.exec(name);
      if (m && fs.existsSync(path.join(corpus, `${m[1]}.ann`))) {
        docs.push(readBratDocument(m[1], fs.readFileSync(path.join(corpus, name), 'utf8'), fs.readFileSync(path.join(corpus, `${m[1]}.ann`), 'utf8')));
      }
    }
    return docs;
  }
  const text = fs.readFileSync(corpus, 'utf8');
  if (/^\d+\|t\|/m.test(text)) return readPubTator(text);
  if (/\.(tsv|iob|conll)$/i.test(corpus)) return readIob(text);
  throw new UsageError(`Cannot tell the format of ${corpus} for NER or RE: use a BRAT folder, a PubTator file or an IOB .tsv.`, INSTRUCTIONS_HELP);
}

export function instructions(argv: string[]): number {
  const { values, positionals } = parse(argv, { task: { type: 'string' }, layout: { type: 'string' }, out: { type: 'string' }, seed: { type: 'string' } }, INSTRUCTIONS_HELP);
  if (values.help) {
    console.log(INSTRUCTIONS_HELP);
    return 0;
  }
  const task = choice(values.task, 'task', ['ner', 're', 'nli'] as const, INSTRUCTIONS_HELP);
  if (!task) throw new UsageError('--task is required: ner, re or nli.', INSTRUCTIONS_HELP);
  const layout = choice(values.layout, 'layout', ['medtuned', 'alpaca', 'chat'] as const, INSTRUCTIONS_HELP) ?? 'medtuned';
  const out = values.out as string | undefined;
  if (!out) throw new UsageError('--out is required: the JSON lines file to write.', INSTRUCTIONS_HELP);
  const seed = intOption(values.seed, 'seed', 0, INSTRUCTIONS_HELP) ?? 42;
  if (positionals.length === 0) throw new UsageError('Give at least one corpus.', INSTRUCTIONS_HELP);
  const builder = new RowBuilder(layout, seed);
  const rows: InstructionRow[] = [];
  for (const corpus of positionals) {
    if (!fs.existsSync(corpus)) throw new UsageError(`No such file or folder: ${corpus}`, INSTRUCTIONS_HELP);
    const source = path.basename(corpus).replace(/\.[^.]+$/, '');
    if (task === 'nli') {
      const pairs = readNliPairs(fs.readFileSync(corpus, 'utf8'));
      if (pairs.length === 0) throw new UsageError(`No NLI pairs in ${corpus}.`, INSTRUCTIONS_HELP);
      rows.push(...nliRows(pairs, source, builder));
    } else if (task === 're' && /\.jsonl$/i.test(corpus)) {
      rows.push(...chemProtRows(readChemProt(fs.readFileSync(corpus, 'utf8')), source, builder));
    } else {
      const docs = readDocs(corpus);
      const types = corpusTypes(docs);
      for (const doc of docs) rows.push(...(task === 'ner' ? nerRows(doc, source, builder, types) : relationRows(doc, source, builder)));
    }
  }
  writeAtomically(out, rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : ''));
  const counts = Object.entries(builder.counts).map(([t, n]) => `${t}: ${n}`).join(', ') || 'no rows';
  console.log(`${rows.length} rows written to ${out} (${counts}; layout ${layout}, seed ${seed}).`);
  return 0;
}
