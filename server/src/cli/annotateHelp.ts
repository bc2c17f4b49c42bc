/** `biomed annotate --help`: the usage text, also shown with every usage error of the command. */
import { CLINICAL_TYPES, DEFAULT_ENGINE_CONFIG, EntityType, notes } from '../engine';
import { INSTRUCTION_VARIANT_HELP, MODEL_HELP, UNTRAINED_KINDS_HELP } from './engineOptions';
import { DEFAULT_MAX_WAIT_S } from './overloadWait';
import { DEIDENTIFY_HELP } from './deidOutput';

export const ANNOTATE_HELP = `Usage: biomed annotate <files or folders...> --out <dir|file> [options]

Annotates notes (folders: every .note, .txt and .md file below them but a folder's
README, LICENSE or CHANGELOG; the other files are skipped and counted on stderr) with
entities, relations and NLI findings. Corpus files hold many documents: .jsonl
({"id","text"} a line; - reads them from standard input), .pubtator (title and abstract)
and .bioc.json. With --out a folder, each document gets its own output there; with --out
a file (.jsonl, .json, .bioc.json, .pubtator, .csv, .txt), all go into it, in input order
(notes sorted by name, then each corpus file in its own order). Finished documents are skipped
when the command runs again, unless their text has changed since: those are annotated
again. A note that cannot be read as text (binary, not UTF-8 or UTF-16 with a byte order
mark, unreadable), a corpus file in neither encoding, a corpus line that holds no readable
document and a corpus document whose id cannot name an output (an id an earlier document
has, a path such as ../x) are skipped, named, and counted in the summary as unreadable; a
document longer than --max-document-length is skipped, named with its length, and counted
as too large; the other documents are written. Answers for entities that hold
nothing the prompt profile reads (prose, cut JSON: a model not made for the profile) give
their sentences no entities and are counted in a warning on stderr.

On a terminal, a bar, a count and an estimate of the time left, all three over the model's
questions (entities, then the relations and NLI planned after them; the notes not begun
counted at the average so far, hence ~), then the notes done
([#########.....] questions 37/~120 · ETA 40 s · notes 1/2); elsewhere (CI logs) one
line per note.

Corpus scale: documents are read, analysed and written a few at a time (twice
--concurrency in flight): JSON lines and PubTator are streamed, a BioC JSON file is parsed
whole. --shard K/N annotates only the documents of shard K of N (a hash of each document's
id), so N processes or machines given the same inputs split them without overlap.

Output safety: --out may not be an input file, an input folder or a folder holding one
(nothing below --out is read as input, so no note would be), nor (for outputs annotate
would read back as notes: brat's .txt, an output file ending in .txt) a folder inside an
input folder; any other --out folder inside an input folder is left out of the inputs. A
file that is already there and was not written by biomed annotate (it keeps a record of
what it wrote, with sizes and SHA-256, under $BIOMED_STATE_DIR, else
$XDG_STATE_HOME/biomed, else ~/.local/state/biomed) is refused, naming it, unless --force
replaces it.

Options:
  --out PATH             output folder or file (required)
  --format F             json | bioc | brat | pubtator | csv (default: from the --out file
                         name (.bioc.json, .pubtator, .csv), else json: JSON lines); brat has
                         no place for NLI findings, identifiers without a SOURCE: prefix or
                         relations' untrained mark: what it leaves out is counted on stderr;
                         csv is one row per mention (document, start, end, text, type,
                         statuses, ids, section; RFC 4180, CRLF, UTF-8; offsets in UTF-16 code
                         units as in the JSON), a .csv per document in a folder or all rows in
                         a .csv file; it holds no text, so a rerun annotates every document
                         again (give --cache DIR so that asks the model nothing)
  --types T,T            entity types (default problem,treatment,test; also disease,chemical,gene)
  --vocab FILE.vocab[=T,T|=all]
                         link the entities to concepts of a vocabulary built by biomed vocab
                         build (offline, no model; abbreviations the document defines count),
                         those of the types its domain fits (MEDIC and disease ontologies:
                         problem, disease; CTD chemicals, ChEBI: treatment, chemical; UMLS and
                         a TSV with types: by semantic group; others: every type);
                         =T,T: only entities of those types; =all: every type (drugs and
                         tests may get concepts of another domain); repeatable: an entity takes the
                         first vocabulary that has its name, else the first that finds a
                         name like it (approximate match). The IDs go into every format:
                         json "ids" and "concepts" ([] when none found), bioc's identifier
                         infon, brat's N lines, pubtator's ID column
  --model-choice         with --vocab and --profile json: the model chooses among the five
                         candidates of each link the linker is least sure of (an approximate
                         match, or a name several concepts share), or says none (the entity
                         is left unlinked); off by default. The medtuned layout is never
                         asked: its model was not trained on linking
  --no-relations         skip relation extraction
  --no-nli               skip NLI checks of summary sections
  --force                annotate again and replace output files biomed did not write
  --shard K/N            only shard K of N (1 <= K <= N): a document belongs to shard
                         1 + (first 4 bytes of SHA-256 of its id) mod N; give each shard its
                         own --out file, or one --out folder for all
  --shard auto           K/N from the job scheduler: a Slurm array task (SLURM_ARRAY_TASK_ID
                         less SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT) or a Kubernetes
                         Indexed Job (JOB_COMPLETION_INDEX, of BIOMED_SHARD_COUNT, which the
                         job file sets); says which it used
  --max-document-length N
                         documents longer than N characters are skipped (default
                         ${DEFAULT_ENGINE_CONFIG.maxDocumentLength}, as the editor's biomedNlp.maxDocumentLength)
  --max-wait SECONDS     give up after waiting this long on an overloaded model server (429 or
                         503) that answers nothing else (default ${DEFAULT_MAX_WAIT_S}); while it waits, stderr
                         says for what and until when; on giving up the unfinished documents are
                         named (exit 1) and a rerun finishes them
${DEIDENTIFY_HELP}
                         (the model server is still sent the notes as written; the --cache
                         keeps its answers: docs/guide/privacy.md)
${UNTRAINED_KINDS_HELP}
${INSTRUCTION_VARIANT_HELP}
${MODEL_HELP}
  -h, --help             this help

Exit codes: 0 all documents annotated, 1 some failed, were unreadable or too large, or were left
unfinished by --max-wait (see the summary), 2 usage error.`;

/**
 * Notes that found no entity of the clinical types and read as literature (engine
 * notes.looksLikeLiterature): named once on stderr after the summary, with the types that fit
 * them. An abstract among clinical notes is the usual cause.
 */
export class LiteratureHint {
  private readonly ids: string[] = [];
  private readonly clinicalOnly: boolean;
  constructor(types: readonly EntityType[]) {
    this.clinicalOnly = types.every((t) => CLINICAL_TYPES.includes(t));
  }
  note(id: string, text: string, entities: number): void {
    if (this.clinicalOnly && entities === 0 && notes.looksLikeLiterature(text)) this.ids.push(id);
  }
  report(): void {
    const ids = this.ids;
    if (ids.length === 0) return;
    const named = ids.slice(0, 5).join(', ') + (ids.length > 5 ? ` and ${ids.length - 5} more` : '');
    const which = ids.length === 1 ? `${named} has` : `${ids.length} notes have`;
    const list = ids.length === 1 ? '' : ` (${named})`;
    console.error(`${which} no problem, treatment or test entities${list}: this looks like literature: try \`--types disease,chemical\``);
  }
}
