/**
 * The ConText term lists: the default data file (terms.json), a user's file in the same
 * layout merged into it (biomedNlp.assertion.extraTermsFile), and their compiled form. Terms
 * are compiled once into a trie over normalised word tokens, so that marking a sentence
 * builds nothing: it walks the trie.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ASSERTION_STATUSES, AssertionStatus } from '../../types';
import DEFAULT_TERMS from './terms.json';

export const DIRECTIONS = ['forward', 'backward', 'bidirectional'] as const;
export type Direction = (typeof DIRECTIONS)[number];
export type SectionRole = 'historical' | 'family' | 'asWritten';
const SECTION_ROLES: readonly SectionRole[] = ['historical', 'family', 'asWritten'];

export interface CategoryTerms {
  forward?: string[];
  backward?: string[];
  bidirectional?: string[];
  /** Phrases that hold a trigger word but are no trigger ("no increase", "gram negative"). */
  pseudo?: string[];
  /** End this category's scopes only ("patient" ends a family member's). */
  termination?: string[];
  /** Words a scope reaches from its trigger (default: the file's window). */
  window?: number;
}

/** The layout of terms.json and of a user's extra terms file. */
export interface TermsFile {
  window?: number;
  /** End every category's scope: conjunctions that change topic. */
  termination?: string[];
  categories?: Partial<Record<AssertionStatus, CategoryTerms>>;
  /** Normalised section names (lower case) and what an entity under them is. */
  sections?: Partial<Record<SectionRole, string[]>>;
  /**
   * Words that end a forward scope running on over a list ("Denies fever, chills, ..."): an
   * item holding one reads as a clause of its own ("has had dyspnea", "CT showed a mass",
   * "skin intact", "mild tremor"). Single words.
   */
  listEnds?: string[];
  /** Terms taken out of every list (a user's file only). */
  remove?: string[];
}

/** A node of the term trie; `end` marks a whole term, the masks say what it does (bit i: ASSERTION_STATUSES[i]). */
export interface TrieNode {
  next: Map<string, TrieNode>;
  end: boolean;
  forward: number;
  backward: number;
  terminates: number;
}

export interface CompiledTerms {
  readonly root: TrieNode;
  /** Per category, in ASSERTION_STATUSES order. */
  readonly windows: readonly number[];
  readonly sections: ReadonlyMap<string, SectionRole>;
  /** TermsFile.listEnds, as token forms. */
  readonly listEnds: ReadonlySet<string>;
  /** How many distinct terms the trie holds. */
  readonly size: number;
  /** A digest of the terms: equal for equal terms (analyses compare configurations as JSON). */
  readonly id: string;
  toJSON(): string;
}

export const ALL_CATEGORIES = (1 << ASSERTION_STATUSES.length) - 1;
export const bit = (s: AssertionStatus) => 1 << ASSERTION_STATUSES.indexOf(s);

// Words, de-identification placeholders, and single other characters; shared with context.ts.
// Placeholders: [**Name**] (MIMIC), ***NAME***, **NAME[AAA], [NAME], <NAME>.
export const TOKEN_PATTERN =
  /\[\*\*[^\]\n]{0,100}?\*\*\]|\*\*\*[^*\n]{1,60}?\*\*\*|\*\*[A-Z][A-Z_]*\[[^\]\n]{0,60}\]|\[[A-Z][A-Z0-9 _./-]{0,40}\]|<[A-Z][A-Z0-9_]{1,30}>|[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu;
/** Joiners that matching ignores: "gram-negative" is "gram negative", "x-ray" is "x ray". */
export const IGNORED = new Set(['-', '\u2010', '\u2011']);
const DIGITS = /^\p{N}+$/u;

/** A token's form for matching: lower case, any number as `#`. */
export function normaliseWord(text: string): string {
  return DIGITS.test(text) ? '#' : text.toLowerCase();
}

/** A term as the words the trie holds (the same tokens the sentence gets). */
export function termWords(term: string): string[] {
  const words: string[] = [];
  TOKEN_PATTERN.lastIndex = 0;
  for (let m = TOKEN_PATTERN.exec(term); m; m = TOKEN_PATTERN.exec(term)) {
    if (!IGNORED.has(m[0])) words.push(m[0] === '#' ? '#' : normaliseWord(m[0]));
  }
  return words;
}

function newNode(): TrieNode {
  return { next: new Map(), end: false, forward: 0, backward: 0, terminates: 0 };
}

const sectionKey = (name: string) => name.trim().replace(/(?:\s*:)+$/, '').replace(/\s+/g, ' ').toLowerCase();

/** The defaults with `extra` merged in: lists added, windows replaced, `remove` taken out. */
export function mergeTerms(base: TermsFile, extra: TermsFile | undefined): TermsFile {
  if (!extra) return base;
  const removed = new Set((extra.remove ?? []).map((t) => termWords(t).join(' ')));
  const keep = (list: string[] | undefined) => (list ?? []).filter((t) => !removed.has(termWords(t).join(' ')));
  const join = (a: string[] | undefined, b: string[] | undefined) => [...keep(a), ...keep(b)];
  const categories: Partial<Record<AssertionStatus, CategoryTerms>> = {};
  for (const status of ASSERTION_STATUSES) {
    const a = base.categories?.[status] ?? {};
    const b = extra.categories?.[status] ?? {};
    categories[status] = {
      forward: join(a.forward, b.forward),
      backward: join(a.backward, b.backward),
      bidirectional: join(a.bidirectional, b.bidirectional),
      pseudo: join(a.pseudo, b.pseudo),
      termination: join(a.termination, b.termination),
      window: b.window ?? a.window,
    };
  }
  const sections: Partial<Record<SectionRole, string[]>> = {};
  for (const role of SECTION_ROLES) sections[role] = join(base.sections?.[role], extra.sections?.[role]);
  return {
    window: extra.window ?? base.window,
    termination: join(base.termination, extra.termination),
    categories,
    sections,
    listEnds: join(base.listEnds, extra.listEnds),
  };
}

/** The trie and tables of a terms file. */
export function compileTerms(file: TermsFile): CompiledTerms {
  const root = newNode();
  let size = 0;
  const add = (term: string, apply: (n: TrieNode) => void) => {
    const words = termWords(term);
    if (words.length === 0) return;
    let node = root;
    for (const w of words) {
      let child = node.next.get(w);
      if (!child) node.next.set(w, (child = newNode()));
      node = child;
    }
    if (!node.end) size++;
    node.end = true;
    apply(node);
  };
  for (const t of file.termination ?? []) add(t, (n) => (n.terminates |= ALL_CATEGORIES));
  const fallback = file.window ?? 8;
  const windows: number[] = [];
  for (const status of ASSERTION_STATUSES) {
    const c = file.categories?.[status] ?? {};
    const b = bit(status);
    for (const t of c.forward ?? []) add(t, (n) => (n.forward |= b));
    for (const t of c.backward ?? []) add(t, (n) => (n.backward |= b));
    for (const t of c.bidirectional ?? []) add(t, (n) => ((n.forward |= b), (n.backward |= b)));
    for (const t of c.pseudo ?? []) add(t, () => undefined);
    for (const t of c.termination ?? []) add(t, (n) => (n.terminates |= b));
    windows.push(c.window ?? fallback);
  }
  const sections = new Map<string, SectionRole>();
  for (const role of SECTION_ROLES) for (const name of file.sections?.[role] ?? []) sections.set(sectionKey(name), role);
  const listEnds = new Set((file.listEnds ?? []).map((w) => termWords(w).join(' ')));
  const id = createHash('sha256').update(JSON.stringify(file)).digest('hex').slice(0, 16);
  return { root, windows, sections, listEnds, size, id, toJSON: () => `terms:${id}` };
}

let defaults: CompiledTerms | undefined;

/** The compiled default terms (terms.json), built once. */
export function defaultTerms(): CompiledTerms {
  return (defaults ??= compileTerms(DEFAULT_TERMS as TermsFile));
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed file against the layout; returns the first problem, in words, or undefined. */
export function checkTermsFile(v: unknown): string | undefined {
  if (!isObj(v)) return 'it is not a JSON object in the layout of terms.json';
  const list = (x: unknown, where: string) =>
    x === undefined || (Array.isArray(x) && x.every((t) => typeof t === 'string')) ? undefined : `${where} must be a list of strings`;
  const window = (x: unknown, where: string) =>
    x === undefined || (typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 100) ? undefined : `${where} must be a whole number from 1 to 100`;
  const known = ['$comment', 'window', 'termination', 'categories', 'sections', 'listEnds', 'remove'];
  const unknown = Object.keys(v).find((k) => !known.includes(k));
  if (unknown) return `"${unknown}" is not a field of the terms layout (${known.slice(1).join(', ')})`;
  const problems = [window(v.window, 'window'), list(v.termination, 'termination'), list(v.listEnds, 'listEnds'), list(v.remove, 'remove')];
  if (v.categories !== undefined) {
    if (!isObj(v.categories)) return 'categories must be an object';
    for (const [name, c] of Object.entries(v.categories)) {
      if (!(ASSERTION_STATUSES as readonly string[]).includes(name)) return `categories.${name} is not a ConText category (${ASSERTION_STATUSES.join(', ')})`;
      if (!isObj(c)) return `categories.${name} must be an object`;
      const extra = Object.keys(c).find((k) => ![...DIRECTIONS, 'pseudo', 'termination', 'window'].includes(k));
      if (extra) return `categories.${name}.${extra} is not a list of the layout (forward, backward, bidirectional, pseudo, termination, window)`;
      for (const k of [...DIRECTIONS, 'pseudo', 'termination']) problems.push(list(c[k], `categories.${name}.${k}`));
      problems.push(window(c.window, `categories.${name}.window`));
    }
  }
  if (v.sections !== undefined) {
    if (!isObj(v.sections)) return 'sections must be an object';
    for (const [name, s] of Object.entries(v.sections)) {
      if (!(SECTION_ROLES as readonly string[]).includes(name)) return `sections.${name} is not one of ${SECTION_ROLES.join(', ')}`;
      problems.push(list(s, `sections.${name}`));
    }
  }
  return problems.find((p) => p !== undefined);
}

export interface LoadedTerms {
  terms: CompiledTerms;
  /** Why the extra terms file was not used (the defaults are used instead). */
  error?: string;
}

/** Extra terms from text: the defaults merged with it, or the defaults and a message. */
export function termsFromText(text: string, name: string): LoadedTerms {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (err) {
    return { terms: defaultTerms(), error: `${name} is not valid JSON (${(err as Error).message}); the default assertion terms are used.` };
  }
  const problem = checkTermsFile(parsed);
  if (problem) return { terms: defaultTerms(), error: `${name}: ${problem}; the default assertion terms are used.` };
  return { terms: compileTerms(mergeTerms(DEFAULT_TERMS as TermsFile, parsed as TermsFile)) };
}

/** `~/x` and relative paths (from the working directory) to an absolute path. */
export function resolveTermsPath(file: string): string {
  const f = file.trim();
  if (f === '~' || f.startsWith('~/')) return path.join(os.homedir(), f.slice(1));
  return path.resolve(f);
}

// One entry per file: re-read only when the file changes (analyses ask for it on every edit).
const loaded = new Map<string, { stamp: string; result: LoadedTerms }>();

/**
 * The terms for `extraTermsFile` ('' for the defaults). Never throws: a missing, unreadable
 * or malformed file gives the defaults and a message saying why.
 */
export function loadTerms(extraTermsFile: string | undefined): LoadedTerms {
  if (!extraTermsFile || extraTermsFile.trim() === '') return { terms: defaultTerms() };
  const file = resolveTermsPath(extraTermsFile);
  let stamp: string;
  try {
    const st = fs.statSync(file);
    if (!st.isFile()) return { terms: defaultTerms(), error: `biomedNlp.assertion.extraTermsFile ${file} is not a file; the default assertion terms are used.` };
    stamp = `${st.mtimeMs}:${st.size}`;
  } catch {
    return { terms: defaultTerms(), error: `biomedNlp.assertion.extraTermsFile ${file} does not exist; the default assertion terms are used.` };
  }
  const hit = loaded.get(file);
  if (hit && hit.stamp === stamp) return hit.result;
  let result: LoadedTerms;
  try {
    result = termsFromText(fs.readFileSync(file, 'utf8'), `biomedNlp.assertion.extraTermsFile ${file}`);
  } catch (err) {
    result = { terms: defaultTerms(), error: `biomedNlp.assertion.extraTermsFile ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the default assertion terms are used.` };
  }
  loaded.set(file, { stamp, result });
  return result;
}
