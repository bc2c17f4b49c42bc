/**
 * `biomed agreement A B`: inter-annotator agreement of two BRAT folders. The `.ann` files are
 * matched by name; each pair is read against the note beside the `.ann` in A (`.txt`,
 * `.note` or `.md`, engine/noteFiles.ts; B's own note, when it has one, must have the same
 * text). Entities of B are scored against A: strict (same span and type) and overlap
 * (overlapping span, same type), each entity matched at most once (engine/eval/folderAgreement.ts
 * with the scorer the editor's curation agreement uses too, engine/eval/agreement.ts).
 * Cohen's kappa is computed on per-token labels over all matched documents: the tokens are
 * the whitespace-separated tokens of the text, a token's label is the type of the entity
 * that overlaps it (several: the one starting first, then the longest, then the type name)
 * or `none`. Types are compared as written in the files. `#` lines (notes, and the
 * rejections and orphaned entities the editor's curation store keeps there) are not entities.
 * Link agreement, when either folder has link decisions (brat's N lines, the curation
 * store's NoConcept notes): over the entities with the same span and type in both that both
 * decided, how often the concept IDs are the same.
 */
import * as fs from 'node:fs';
import { compareBratFolders } from '../engine';
import { parse, reportSkips, STRICT_HELP, UsageError } from './args';
import { pct, table } from './eval/common';

export const AGREEMENT_HELP = `Usage: biomed agreement <folder A> <folder B> [--json] [--strict]

Agreement of two annotators' BRAT folders (.ann files matched by name, read against the
.txt, .note or .md beside them in A). Entity precision, recall and F1 of B against A per
type and micro-averaged, strict (same span and type) and overlap (overlapping span, same
type), and Cohen's kappa on per-token labels (the whitespace tokens of the text; a
token's label is the type of the entity over it, or none). When the files hold link
decisions (N lines: an entity's concept IDs; a "#<n> NoConcept T<a>" note: none fits),
link agreement too: over the entities with the same span and type in both that both
decided, the share whose IDs are the same (a composite's in any order). .ann files found in
only one folder are listed on stderr and not scored. A note of B's that differs from A's
only in line endings (CRLF, LF) or a byte order mark is compared, B's offsets moved onto
A's text; either .ann may count offsets in UTF-16 units or in code points (brat).

Options:
  --json                 print exactly {"documents", "strict": {"precision", "recall", "f1"},
                         "overlap": {...}, "kappa"} (percent with one decimal; kappa with three,
                         null when the notes hold no token),
                         and "links": {"compared", "agreed", "accuracy", "decidedA",
                         "decidedB"} when either folder has link decisions
${STRICT_HELP}
  -h, --help             this help

Exit codes: 0 compared, 1 a pair could not be compared (its texts differ), 2 usage error.`;

/** Agreement of the annotations of folder B against those of folder A (what a reader skipped on stderr; with `strict`, an error). */
export function compareFolders(a: string, b: string, strict: boolean) {
  return compareBratFolders(a, b, (file, skips) => reportSkips(file, skips, 'lines', strict));
}

const three = (k: number) => Number(k.toFixed(3));

export function agreement(argv: string[]): number {
  const { values, positionals } = parse(argv, { json: { type: 'boolean' }, strict: { type: 'boolean' } }, AGREEMENT_HELP);
  if (values.help) {
    console.log(AGREEMENT_HELP);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError('biomed agreement takes two folders: A (the reference) and B.', AGREEMENT_HELP);
  for (const f of positionals) {
    if (!fs.existsSync(f) || !fs.statSync(f).isDirectory()) throw new UsageError(`Not a folder: ${f}`, AGREEMENT_HELP);
  }
  const [a, b] = positionals;
  const r = compareFolders(a, b, values.strict === true);
  if (r.documents === 0 && r.failed.length === 0) throw new UsageError(`No .ann file of ${a} has one of the same name in ${b}.`, AGREEMENT_HELP);
  for (const n of r.onlyInA) console.error(`only in ${a}: ${n}.ann (not scored)`);
  for (const n of r.onlyInB) console.error(`only in ${b}: ${n}.ann (not scored)`);
  for (const f of r.failed) console.error(`failed: ${f}`);
  // Every pair failed: there is nothing to score, and zeros and a kappa of 1 would say otherwise.
  if (r.documents === 0) {
    console.error(`No pair of ${a} and ${b} could be compared: no scores.`);
    return 1;
  }
  // No token at all (empty notes): kappa is not defined.
  const kappa = r.tokens > 0 ? three(r.kappa) : null;
  const { strict, overlap } = r.score;
  if (values.json) {
    const prf = (s: { precision: number; recall: number; f1: number }) => ({ precision: s.precision, recall: s.recall, f1: s.f1 });
    const links = r.links.decidedA + r.links.decidedB > 0 ? { links: r.links } : {};
    console.log(JSON.stringify({ documents: r.documents, strict: prf(strict.micro), overlap: prf(overlap.micro), kappa, ...links }));
  } else {
    const rows: (string | number)[][] = [];
    for (const type of [...Object.keys(strict.perType), 'micro']) {
      const s = type === 'micro' ? strict.micro : strict.perType[type];
      const o = type === 'micro' ? overlap.micro : overlap.perType[type];
      rows.push([type, s.tp + s.fn, s.tp + s.fp, pct(s.precision), pct(s.recall), pct(s.f1), pct(o.precision), pct(o.recall), pct(o.f1)]);
    }
    console.log(`${b} against ${a}: ${r.documents} documents, ${r.tokens} tokens`);
    console.log('');
    console.log(table(['type', 'A', 'B', 'strict P', 'strict R', 'strict F1', 'overlap P', 'overlap R', 'overlap F1'], rows));
    console.log(`\nCohen's kappa (per-token labels): ${kappa === null ? '- (no tokens)' : kappa.toFixed(3)}`);
    const l = r.links;
    if (l.decidedA + l.decidedB > 0)
      console.log(
        `Concept links: ${l.agreed} of ${l.compared} agree (${pct(l.accuracy)}%): entities with the same span and type that both linked or marked none; ${l.decidedA} decided in A, ${l.decidedB} in B.`,
      );
  }
  return r.failed.length > 0 ? 1 : 0;
}
