/**
 * `biomed vocab build`: a vocabulary file (UMLS, MEDIC, CTD chemicals, MeSH XML, OBO, TSV)
 * into a read-only `.vocab` index for concept linking, with progress on a terminal and a
 * summary of what went in. Bad input stops the build with the file and line (exit 1).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { linking } from '../engine';
import { choice, parse, refuseOutOverInput, reportSkips, UsageError } from './args';
import { formatSeconds, Progress } from './progress';

const { buildVocabulary, VOCAB_FORMATS } = linking;

export const VOCAB_HELP = `Usage: biomed vocab build SOURCE... --format FORMAT --out FILE.vocab [options]

Builds a read-only vocabulary index (.vocab) for concept linking, once, from the
vocabulary files you have. Concept IDs are written SOURCE:CODE (MESH:D001281,
OMIM:613097, UMLS:C0004238).

Formats:
  umls           UMLS MRCONSO.RRF, sorted by CUI as shipped (MRSTY.RRF beside it adds
                 semantic types); concepts are CUIs, source codes their alternate IDs
  medic          CTD's MEDIC: CTD_diseases.tsv, or the ID|ALT||name|synonym|... layout
  ctd-chemicals  CTD_chemicals.tsv
  mesh-xml       MeSH descriptors (desc20XX.xml) or supplementary concepts (supp20XX.xml)
  obo            OBO ontologies: HPO, MONDO, DOID ([Term] stanzas; obsolete terms left out)
  tsv            id<TAB>name[<TAB>type], one name a row (rows of one ID together)

Options:
  --format FORMAT     the sources' format (required)
  --out FILE          the .vocab file to write (required; an older .vocab there is replaced when
                      the build ends; an input, or any other file there, is refused)
  --label NAME        the vocabulary's name in hovers (default: the output file's name)
  --sab SAB           umls: keep only these sources (repeat, or comma-separate: MSH,OMIM)
  --prefer SAB,SAB    umls: the sources whose concept takes a name several concepts hold
                      alike, first first (default: the --sab order)
  --own-sources SAB,SAB  umls: the sources you annotate in (MSH,OMIM): a concept with a code
                      in one of them is taken over one without, at every key level, as when
                      synonym corpora with such IDs are given (their IDs' sources count too)
  --lang LAT          umls: keep only these languages (ENG)
  --suppressed        umls: keep the names UMLS marks suppressible or obsolete (SUPPRESS
                      O, E, Y), which are left out by default
  --broad-synonyms    obo: keep BROAD synonyms (names of something broader than the
                      term), which are left out by default
  --synonyms CORPUS   add an annotated corpus's mentions as synonyms of their IDs: PubTator,
                      the concept layout (PMID||start|end||type||text||ID), or BRAT (an .ann
                      file or a folder, N lines); repeatable. An ID the vocabulary lacks
                      becomes a concept of its own; composite mentions are not added.
  --strict            refuse a synonym corpus with lines the reader skips (a mention line cut
                      short, bad offsets, text mismatches): exit 1 naming the file
  --tmp DIR           where the sort's temporary files go (default: the system's)
  -h, --help          this help`;

const OPTIONS = {
  format: { type: 'string' },
  out: { type: 'string' },
  label: { type: 'string' },
  sab: { type: 'string', multiple: true },
  lang: { type: 'string', multiple: true },
  prefer: { type: 'string', multiple: true },
  'own-sources': { type: 'string', multiple: true },
  suppressed: { type: 'boolean' },
  'broad-synonyms': { type: 'boolean' },
  synonyms: { type: 'string', multiple: true },
  strict: { type: 'boolean' },
  tmp: { type: 'string' },
} as const;

const list = (v: unknown) =>
  ((v as string[] | undefined) ?? [])
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);

export function vocab(argv: string[]): number {
  const [sub, ...rest] = argv;
  if (sub === undefined || sub === '-h' || sub === '--help') {
    console.log(VOCAB_HELP);
    return sub === undefined ? 2 : 0;
  }
  if (sub !== 'build') throw new UsageError(`Unknown vocab command "${sub}": use build.`, VOCAB_HELP);
  const { values, positionals } = parse(rest, OPTIONS, VOCAB_HELP);
  if (values.help) {
    console.log(VOCAB_HELP);
    return 0;
  }
  const format = choice(values.format, 'format', VOCAB_FORMATS, VOCAB_HELP);
  if (!format) throw new UsageError(`--format is required: one of ${VOCAB_FORMATS.join(', ')}.`, VOCAB_HELP);
  const out = values.out as string | undefined;
  if (!out) throw new UsageError('--out is required: the .vocab file to write.', VOCAB_HELP);
  if (!positionals.length) throw new UsageError('Give the vocabulary file(s) to build from.', VOCAB_HELP);
  const synonymCorpora = list(values.synonyms);
  for (const f of [...positionals, ...synonymCorpora]) if (!fs.existsSync(f)) throw new UsageError(`No such file: ${f}`, VOCAB_HELP);
  for (const f of positionals) if (fs.statSync(f).isDirectory()) throw new UsageError(`${f} is a folder: give the vocabulary file itself.`, VOCAB_HELP);
  refuseOutOverInput(out, [...positionals, ...synonymCorpora], VOCAB_HELP);
  // A build replaces an older .vocab; any other file that is there is not its to replace.
  if (fs.existsSync(out) && !/\.vocab$/i.test(out))
    throw new UsageError(`--out ${out} exists and is not a .vocab file: name the index FILE.vocab, or remove ${out} first.`, VOCAB_HELP);
  if ((values.sab || values.lang || values.suppressed || values.prefer || values['own-sources']) && format !== 'umls')
    throw new UsageError('--sab, --lang, --prefer, --own-sources and --suppressed are for UMLS (--format umls) only.', VOCAB_HELP);
  if (values['broad-synonyms'] && format !== 'obo') throw new UsageError('--broad-synonyms is for OBO ontologies (--format obo) only.', VOCAB_HELP);

  const started = Date.now();
  const progress = new Progress(100, process.stderr);
  let lastPhase = '';
  let lastDraw = 0;
  const summary = buildVocabulary({
    sources: positionals,
    format,
    out,
    label: values.label as string | undefined,
    sab: list(values.sab),
    lang: list(values.lang),
    prefer: list(values.prefer),
    ownSources: list(values['own-sources']),
    suppressed: values.suppressed === true,
    broadSynonyms: values['broad-synonyms'] === true,
    synonyms: synonymCorpora,
    onSkipped: (file, skips) => reportSkips(file, skips, 'lines', values.strict === true),
    tmpDir: values.tmp as string | undefined,
    onProgress: (p, percent) => {
      const step = p.phase === 'reading' ? `reading ${path.basename(p.file ?? '')}` : p.phase === 'sorting' ? 'sorting names' : 'writing';
      const detail = `${step} · ${p.concepts.toLocaleString('en-US')} concepts`;
      const event = `${p.phase}:${p.file ?? ''}` !== lastPhase ? step : undefined;
      lastPhase = `${p.phase}:${p.file ?? ''}`;
      if (!event && Date.now() - lastDraw < 200) return;
      lastDraw = Date.now();
      progress.update(percent, detail, event && !progress.isTty ? event : undefined);
    },
  });
  progress.finish();
  const n = (x: number) => x.toLocaleString('en-US');
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  console.log(
    `Wrote ${out} (${(summary.bytes / 1e6).toFixed(1)} MB) in ${seconds < 60 ? `${seconds} s` : formatSeconds(Math.round(seconds))}: ` +
      `${n(summary.concepts)} concepts, ${n(summary.names)} names, ${n(summary.keys)} name keys, ${n(summary.ids)} IDs.`,
  );
  if (synonymCorpora.length) {
    const extra = summary.synonymConcepts;
    console.log(`Synonyms: ${n(summary.synonymNames)} names added to concepts of the vocabulary.`);
    console.log(
      extra.length
        ? `${n(extra.length)} ID${extra.length === 1 ? '' : 's'} of the synonym corpora not in the vocabulary became concepts of their own: ${extra.slice(0, 20).join(', ')}${extra.length > 20 ? `, and ${n(extra.length - 20)} more` : ''}.`
        : 'Every ID of the synonym corpora is in the vocabulary.',
    );
  }
  for (const note of summary.notes) console.log(`Note: ${note}.`);
  return 0;
}
