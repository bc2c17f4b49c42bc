/** `biomed find --help`: the usage text, also shown with every usage error of the command. */
import { DEIDENTIFY_HELP } from './deidOutput';
import { MODEL_HELP } from './engineOptions';

export const FIND_HELP = `Usage: biomed find <annotated output or notes...> (--concept ID | --name TEXT) [options]

Finds the mentions of a concept or a name in a corpus, and counts them by assertion status.
What it searches is told by extension and content, and said: the output of biomed annotate
(a .jsonl, .json, .bioc.json or .pubtator file, or a folder of them or of BRAT .ann files
beside their .txt), read as it is, with no model; or notes (a folder of .txt, .note and .md
files, a note, a .jsonl of {"id","text"} lines), analysed by the same engine as biomed
annotate, entities only (with --cache DIR or $BIOMED_CACHE_DIR, a second find asks the model
nothing). A file that is not annotate output, or that annotate's readers skipped parts of,
is named on stderr; a CSV is refused (it holds no text).

Options:
  --concept ID           mentions with this concept ID or one of its alternate IDs
                         (case-insensitive; a SOURCE: prefix such as MESH: optional: D003920
                         finds MESH:D003920); notes get IDs only with --vocab
  --name TEXT            mentions whose text, or a concept's name, holds TEXT as whole words
                         (case-insensitive); with --concept, both must match
  --status S,S           only mentions with one of these statuses: affirmed (none of the
                         others), negated, possible, historical, hypothetical, family
  --type T               only mentions of this entity type (problem, treatment, test,
                         disease, chemical, gene, or a type the annotated files use)
  --format F             text | json | csv (default text): json is one object,
                         {"query","inputs","documents":[{"id","mentions":[{"start","end",
                         "text","type","statuses","ids","section"}]}],"counts":{"documents",
                         "mentions","searched","byStatus"}}; csv the rows of biomed annotate
                         --format csv for the matching mentions
  --json                 the same as --format json
  --vocab FILE.vocab[=T,T|=all]
                         notes: link their entities to a vocabulary's concepts, as biomed
                         annotate --vocab does, so that --concept finds them; any input:
                         --concept finds mentions stored under another ID of its concept
${DEIDENTIFY_HELP}
${MODEL_HELP}
  -h, --help             this help

Text output: per document the matching mentions (start-end offsets in UTF-16 code units,
text, type, statuses, section, IDs), then the counts by status and the number of documents.
When nothing matches it says so, and names the IDs and names of the data close to the query.

With --deidentify the query is answered on the documents as written (--name matches a
mention's words as the note holds them); what is printed is de-identified: each mention's
offsets point into the note's de-identified text, its words and section are read from that
text (in the text, JSON and CSV outputs alike), and so are the names suggested when nothing
matches. The PHI replaced in the documents printed is counted on stderr.

Exit codes: 0 something matched, 1 nothing matched (or some input could not be read or
analysed), 2 usage error (no such input, nothing to search in it, a wrong flag).`;
