/**
 * `biomed eval deid CORPUS [--format physionet|i2b2|brat] [--errors FILE] [--spans OUT]
 * [--json]`: the PHI rules (no model) scored on a de-identification corpus as the PhysioNet
 * `deid` package's stat.pm counts (a gold PHI found when a detected span overlaps it; a
 * detected span right when it overlaps a gold PHI): recall, precision and F1 overall, recall
 * per gold type, precision per detected type, the published figures beside.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deid, InputError } from '../../engine';
import { writeAtomically } from '../annotateOutputs';
import { choice, intOption, parse, refuseOutOverInput, reportSkips, STRICT_HELP, UsageError } from '../args';
import { pct, table } from './common';

const { evaluateDeid, DEID_PUBLISHED } = deid;

export const DEID_OPTIONS = {
  format: { type: 'string' as const },
  limit: { type: 'string' as const },
  json: { type: 'boolean' as const },
  strict: { type: 'boolean' as const },
  errors: { type: 'string' as const },
  spans: { type: 'string' as const },
};

export const DEID_HELP = `Usage: biomed eval deid <corpus> [--format physionet|i2b2|brat] [--errors FILE] [--spans OUT] [--json]

Finds the protected health information (PHI) of each note with the rules and lists alone
(no model) and scores it as the PhysioNet deid package's stat.pm counts: a gold PHI is found
when a detected span overlaps it; a detected span is right when it overlaps a gold PHI.
Prints recall, precision and F1 over all spans, recall per gold type, precision per detected
type, the rules' speed, and the deid package's published figures beside.

Options:
  --format F          physionet: the .text file (records START_OF_RECORD=P||||N||||), with
                      its -phi.phrase (types) or .deid beside it; i2b2: a folder of i2b2 2014
                      .xml files (<TEXT> and <TAGS> with start, end, TYPE); brat: a folder of
                      .ann files with the .txt beside each. Without it the layout is told by
                      the content
  --limit N           only the first N notes
  --json              print {"documents", "gold", "found", "detected", "right", "recall",
                      "precision", "f1", "goldTypes": [{"type", "total", "hit"}],
                      "detectedTypes": [...], "published"} (recall, precision, f1 as fractions)
${STRICT_HELP}
  --errors FILE       write each missed gold PHI and each spurious span as JSON Lines, in
                      corpus order: {"document", "start", "end", "text", "type", "error":
                      "missed"|"spurious", "context" (40 characters each side, the span in
                      [brackets]), "why" (the rule, for a spurious span)}
  --spans OUT         write the spans found in the corpus's own layout, for another scorer:
                      physionet: a file of "Patient P Note N" headers and "K START END"
                      lines, as id.deid; i2b2 and brat: a folder of .xml or .ann files

Bad input is counted and said on stderr (a record cut short, a span past its text, gold
spans overlapping each other, which are kept and each scored); files that are not UTF-8 are
read as Latin-1. A note without PHI is scored: what is found in it is spurious.

Exit codes: 0 evaluated, 2 usage error.`;

export async function evalDeid(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, DEID_OPTIONS, DEID_HELP);
  if (values.help) {
    console.log(DEID_HELP);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('biomed eval deid takes one corpus (a .text file, or a folder of .xml or .ann files).', DEID_HELP);
  const corpus = positionals[0];
  if (!fs.existsSync(corpus)) throw new UsageError(`No such file or folder: ${corpus}`, DEID_HELP);
  const format = choice(values.format, 'format', ['physionet', 'i2b2', 'brat'] as const, DEID_HELP);
  const limit = intOption(values.limit, 'limit', 1, DEID_HELP);
  const errorsFile = values.errors as string | undefined;
  const spansOut = values.spans as string | undefined;
  for (const [flag, out] of [
    ['--errors', errorsFile],
    ['--spans', spansOut],
  ] as const) {
    if (out === undefined) continue;
    if (out === '') throw new UsageError(`${flag}: name the file or folder to write.`, DEID_HELP);
    refuseOutOverInput(out, [corpus], DEID_HELP, flag);
  }
  let run: ReturnType<typeof evaluateDeid>;
  try {
    run = evaluateDeid({ corpus, format, limit, errors: errorsFile !== undefined, spans: spansOut !== undefined });
  } catch (err) {
    if (err instanceof InputError) throw new UsageError(err.message, DEID_HELP);
    throw err;
  }
  reportSkips(corpus, run.skips, 'spans', values.strict === true);
  for (const f of run.latin1) console.error(`${f}: not UTF-8, read as Latin-1`);
  if (errorsFile !== undefined) writeAtomically(errorsFile, (run.errors ?? []).map((e) => JSON.stringify(e) + '\n').join(''));
  if (spansOut !== undefined && run.spans) {
    if (run.format === 'physionet') writeAtomically(spansOut, run.spans.get('') ?? '');
    else {
      fs.mkdirSync(spansOut, { recursive: true });
      for (const [name, content] of run.spans) writeAtomically(path.join(spansOut, name), content);
    }
  }
  const s = run.scores;
  if (values.json) {
    const { gold, found, detected, right, recall, precision, f1, goldTypes, detectedTypes } = s;
    console.log(
      JSON.stringify({ documents: run.documents, gold, found, detected, right, recall, precision, f1, goldTypes, detectedTypes, published: DEID_PUBLISHED }),
    );
    return 0;
  }
  console.log(
    `${corpus}: ${run.documents} notes (${run.withoutPhi} without PHI), ${s.gold} gold PHI, ${s.detected} spans found; rules and lists, no model (${run.format} layout)\n`,
  );
  const rows: (string | number)[][] = [['this run', pct(100 * s.recall), pct(100 * s.precision), pct(100 * s.f1)]];
  for (const p of DEID_PUBLISHED) rows.push([p.system, pct(100 * p.recall), pct(100 * p.precision), '-']);
  console.log(table(['', 'recall', 'precision', 'F1'], rows));
  console.log('');
  console.log(
    table(
      ['gold type', 'gold', 'found', 'recall'],
      s.goldTypes.map((t) => [t.type, t.total, t.hit, pct((100 * t.hit) / t.total)]),
    ),
  );
  console.log('');
  console.log(
    table(
      ['detected type', 'spans', 'right', 'precision'],
      s.detectedTypes.map((t) => [t.type, t.total, t.hit, pct((100 * t.hit) / t.total)]),
    ),
  );
  console.log('');
  console.log(
    `${(run.characters / 1e6).toFixed(2)} MB of text in ${run.seconds.toFixed(2)} s (${(run.characters / 1e6 / Math.max(run.seconds, 1e-9)).toFixed(1)} MB/s)`,
  );
  if (errorsFile !== undefined) console.log(`${s.gold - s.found} missed and ${s.detected - s.right} spurious spans written to ${errorsFile}`);
  if (spansOut !== undefined) console.log(`spans found written to ${spansOut}`);
  console.log("Published figures are the deid package's own (Neamatullah et al. 2008), on the PhysioNet nursing notes.");
  return 0;
}
