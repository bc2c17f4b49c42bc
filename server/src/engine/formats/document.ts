/**
 * The one in-memory shape that every corpus reader produces and every writer consumes:
 * a text with its entities, relations and NLI findings, offsets in UTF-16 code units into
 * `text`, end exclusive.
 */
import { ASSERTION_STATUSES, AssertionFlags, AssertionStatus, NliLabel } from '../types';

/** An entity of a corpus document; its assertion statuses are set only where the source says (setStatus keeps `uncertain` equal to `possible`). */
export interface DocEntity extends AssertionFlags {
  id: string;
  /** As in the source for readers (e.g. `SpecificDisease`, `Chemical`, `PROBLEM`); writers of this project emit engine types (`problem`, `chemical`, ...). */
  type: string;
  start: number;
  end: number;
  text: string;
  /**
   * Normalised identifiers where the corpus has them (PubTator's MeSH ids) or the linker found
   * them (`SOURCE:CODE`, one per part of a composite mention). An empty list is a curator's
   * decision that no concept fits (BRAT's `NoConcept` note); undefined: none known.
   */
  ids?: string[];
  /**
   * The linker's concepts, in the order of `ids` (`biomed annotate --vocab`): present on every
   * entity of a type a vocabulary serves, empty when none was found; JSON lines keep them.
   */
  concepts?: DocConcept[];
  /**
   * The section the entity stands in: the canonical name when the section vocabulary knows
   * its header ("past medical history" for "PMH:"), else the header as segments name it;
   * undefined before any header or where the source does not say (csv.ts derives it then).
   */
  section?: string;
}

/** A concept the linker chose for an entity, as JSON lines write it. */
export interface DocConcept {
  id: string;
  name: string;
  /** The vocabulary's label. */
  vocabulary: string;
  /** 0..1. */
  score: number;
  /** How it was found: abbreviation, synonym, exact, normalised, composite, approximate. */
  method: string;
  /**
   * The concept's other IDs in its vocabulary (MEDIC's row `OMIM:125853` holds `MESH:D003924`),
   * so that a search by any of them finds the mention without the vocabulary; none: absent.
   */
  altIds?: string[];
}

/** Sets a status a reader found; `uncertain` (the old name) sets `possible`, and the two stay equal. */
export function setStatus(e: DocEntity, status: AssertionStatus | 'uncertain', value: boolean): void {
  if (status === 'uncertain' || status === 'possible') {
    e.possible = value;
    e.uncertain = value;
  } else e[status] = value;
}

/** The statuses of an entity that are set (data with only `uncertain` counts as possible). */
export function statusesOf(e: AssertionFlags): AssertionStatus[] {
  return ASSERTION_STATUSES.filter((s) => e[s] === true || (s === 'possible' && e.possible === undefined && e.uncertain === true));
}

export interface DocRelation {
  id: string;
  label: string;
  /** Entity ids: head is Arg1 (treatment, test, chemical, gene), tail is Arg2. */
  head: string;
  tail: string;
  /** Asked in another prompt layout than the model was trained on for this kind of pair. */
  untrained?: boolean;
}

export interface DocFinding {
  label: NliLabel;
  hypothesis: { start: number; end: number; text: string };
  evidence: { start: number; end: number; text: string }[];
}

export interface DocToken {
  start: number;
  end: number;
  text: string;
}

export interface DocSentence {
  start: number;
  end: number;
  /** The corpus's own tokens, when it has them (IOB): the medtuned input follows them. */
  tokens?: DocToken[];
}

export interface AnnotatedDocument {
  id: string;
  text: string;
  entities: DocEntity[];
  relations: DocRelation[];
  findings?: DocFinding[];
  /** The corpus's sentence split, when it has one; otherwise the engine segments the text. */
  sentences?: DocSentence[];
  /** Free key-value metadata (BioC infons, source file). */
  infons?: Record<string, string>;
  /** The answers were recorded ones (engine recorded: the bundled examples), not a model's. */
  recorded?: boolean;
}

/**
 * What a reader skipped, by reason (`{ 'bad offset': 2, 'invalid tag': 1 }`). Every reader's
 * `parse*` function returns it as `skips`, beside `skipped` (their sum).
 */
export type SkipCounts = Record<string, number>;

export function countSkip(skips: SkipCounts, reason: string, n = 1): void {
  skips[reason] = (skips[reason] ?? 0) + n;
}

export function totalSkipped(skips: SkipCounts): number {
  return Object.values(skips).reduce((a, b) => a + b, 0);
}

/** Adds the counts of `more` into `into`. */
export function mergeSkips(into: SkipCounts, more: SkipCounts): SkipCounts {
  for (const [k, v] of Object.entries(more)) countSkip(into, k, v);
  return into;
}

/** A reason in the plural: "bad offsets", "text mismatches", "not documents" (of "not a document"); "bad JSON" stays. */
function plural(n: number, reason: string): string {
  // The noun is what comes before a trailing "cut short" and a parenthesis: "record cut short (no END)".
  const [, head, tail] = /^(.*?)((?: cut short)?(?: \(.*\))?)$/s.exec(reason)!;
  if (n === 1 || /[A-Z]$/.test(head)) return reason;
  const noun = head.replace(/^not an? /, 'not ');
  return (/(ch|sh|s|x)$/.test(noun) ? `${noun}es` : `${noun}s`) + tail;
}

/** "2 bad offsets, 1 invalid tag" (largest first, then by name). */
export function describeSkips(skips: SkipCounts): string {
  return Object.entries(skips)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([reason, n]) => `${n} ${plural(n, reason)}`)
    .join(', ');
}
