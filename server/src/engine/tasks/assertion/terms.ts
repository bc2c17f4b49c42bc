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
import { jsonErrorOffset, lineColumn } from '../../text/jsonPosition';
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
  /**
   * Triggers (also listed by direction) whose scope is one list item: it ends at a comma, a
   * semicolon, "with", "who" or after four words ("s/p cholecystectomy, anemia", "former smoker").
   */
  short?: string[];
  /** Words that end this category's scope running on over a list, beside the file's listEnds. */
  listEnds?: string[];
  /**
   * Triggers (also listed by direction) that reach treatments and tests only: what is not
   * given or not done ("WARFARIN was held", "declined the FLU VACCINE", "not indicated"). The
   * problem beside them is the reason, not what is withheld ("discontinued for COUGH").
   */
  treatments?: string[];
  /** Words that end a `treatments` trigger's scope: a reason ("for", "due") or another order ("started", "continue"). */
  treatmentEnds?: string[];
  /**
   * Forward triggers (also listed as forward) whose scope is the whole list after them, however
   * long its items, up to a stop or a termination term ("any of the following: fever over 101,
   * weight gain of more than 3 pounds in a day, or BLEEDING").
   */
  lists?: string[];
  /** Instructions ("call", "return", "page"): within six words of a link ("Call also FOR", "Call 911 IF") they open the whole list after it. */
  instructions?: string[];
  /** The words that close an instruction's opener: "for", "if", "with". Single words. */
  instructionLinks?: string[];
  /** Words a scope reaches from its trigger (default: the file's window); backward, at most the file's window. */
  window?: number;
}

/**
 * The background clause of a presentation: in "A 70-year-old man with GOUT who presents with a
 * swollen knee", what stands between the opener's "with" and the presentation is history.
 */
const BACKGROUND_LISTS = ['openers', 'presentations', 'complaints'] as const;

export interface BackgroundTerms {
  /** Who is presented: "year old", "yo", "gentleman"; the clause starts at the next "with". */
  openers?: string[];
  /** The presentation that ends the clause: "presents", "admitted", "now". */
  presentations?: string[];
  /** What must follow the presentation (within six words) for it to present a new complaint: "with", "c/o". */
  complaints?: string[];
}

/** The layout of terms.json and of a user's extra terms file. */
export interface TermsFile {
  window?: number;
  /** End every category's scope: conjunctions that change topic. */
  termination?: string[];
  categories?: Partial<Record<AssertionStatus, CategoryTerms>>;
  /** Normalised section names (lower case) and what an entity under them is; also read as labels inside a sentence ("SOCIAL HISTORY: ..."). */
  sections?: Partial<Record<SectionRole, string[]>>;
  /**
   * Conditions that carry a status by what they are: a mention whose last words are one of
   * these has it ("IV DRUG USE", "TOBACCO", "DRUG ALLERGIES" are historical: a standing fact).
   */
  conditions?: Partial<Record<AssertionStatus, string[]>>;
  background?: BackgroundTerms;
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
  /** Categories whose scope from this term is one list item. */
  short: number;
  /** Categories for which this term reaches treatments and tests only (CategoryTerms.treatments). */
  treatments: number;
  /** Categories whose forward scope from this term is the whole list after it (CategoryTerms.lists). */
  lists: number;
  /** Categories for which this term is an instruction (CategoryTerms.instructions). */
  instructs: number;
  /** BackgroundTerms: opener, presentation. */
  opener: boolean;
  presents: boolean;
  /** The role of a section the term names ("family history of" names Family History). */
  names?: SectionRole;
}

export interface CompiledTerms {
  readonly root: TrieNode;
  /** Per category, in ASSERTION_STATUSES order. */
  readonly windows: readonly number[];
  /** The file's window: the most words a backward scope reaches (what a backward trigger qualifies is the clause before it). */
  readonly backwardWindow: number;
  readonly sections: ReadonlyMap<string, SectionRole>;
  /** The section names as token forms joined by spaces, for labels inside a sentence. */
  readonly sectionWords: ReadonlyMap<string, SectionRole>;
  /** Per list-ending word (token form), the categories whose lists it ends. */
  readonly listEnds: ReadonlyMap<string, number>;
  /** Per word (token form), the categories whose `treatments` scopes it ends. */
  readonly treatmentEnds: ReadonlyMap<string, number>;
  /** Per word (token form), the categories whose instructions it closes (CategoryTerms.instructionLinks). */
  readonly instructionLinks: ReadonlyMap<string, number>;
  /** TermsFile.conditions: token forms joined by spaces, with the categories they carry. */
  readonly conditions: ReadonlyMap<string, number>;
  /** The most words of a condition term. */
  readonly conditionWords: number;
  /** BackgroundTerms.complaints, as token forms. */
  readonly complaints: readonly (readonly string[])[];
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
// Spelled-out numbers read as numbers: "two years ago" is "2 years ago", "three-day" "3-day".
const NUMBER_WORDS = new Set(
  'one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety'.split(
    ' ',
  ),
);

/** A token's form for matching: lower case, any number (digits or a number word) as `#`. */
export function normaliseWord(text: string): string {
  const lower = text.toLowerCase();
  return DIGITS.test(text) || NUMBER_WORDS.has(lower) ? '#' : lower;
}

/** A term word that matches a year only ("in <YEAR>"): a date places a condition in the past. */
export const YEAR = '<year>';
const YEAR_DIGITS = /^(?:19|20)\p{N}\p{N}$/u;
export const isYear = (text: string) => YEAR_DIGITS.test(text);

/** A term as the words the trie holds (the same tokens the sentence gets). */
export function termWords(term: string): string[] {
  const words: string[] = [];
  TOKEN_PATTERN.lastIndex = 0;
  for (let m = TOKEN_PATTERN.exec(term); m; m = TOKEN_PATTERN.exec(term)) {
    if (!IGNORED.has(m[0])) words.push(m[0] === '#' ? '#' : m[0].toLowerCase() === YEAR ? YEAR : normaliseWord(m[0]));
  }
  return words;
}

/** A new node's masks: no category yet. */
const NO_CATEGORIES = { forward: 0, backward: 0, terminates: 0, short: 0, treatments: 0, lists: 0, instructs: 0 };

function newNode(): TrieNode {
  return { next: new Map(), end: false, ...NO_CATEGORIES, opener: false, presents: false };
}

const sectionKey = (name: string) =>
  name
    .trim()
    .replace(/(?:\s*:)+$/, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();

/** The defaults with `extra` merged in: lists added, windows replaced, `remove` taken out. */
export function mergeTerms(base: TermsFile, extra: TermsFile | undefined): TermsFile {
  if (!extra) return base;
  const removed = new Set((extra.remove ?? []).map((t) => termWords(t).join(' ')));
  const keep = (list: string[] | undefined) => (list ?? []).filter((t) => !removed.has(termWords(t).join(' ')));
  const join = (a: string[] | undefined, b: string[] | undefined) => [...keep(a), ...keep(b)];
  const categories: Partial<Record<AssertionStatus, CategoryTerms>> = {};
  const conditions: Partial<Record<AssertionStatus, string[]>> = {};
  for (const status of ASSERTION_STATUSES) {
    const a = base.categories?.[status] ?? {};
    const b = extra.categories?.[status] ?? {};
    categories[status] = {
      forward: join(a.forward, b.forward),
      backward: join(a.backward, b.backward),
      bidirectional: join(a.bidirectional, b.bidirectional),
      pseudo: join(a.pseudo, b.pseudo),
      termination: join(a.termination, b.termination),
      short: join(a.short, b.short),
      listEnds: join(a.listEnds, b.listEnds),
      treatments: join(a.treatments, b.treatments),
      treatmentEnds: join(a.treatmentEnds, b.treatmentEnds),
      lists: join(a.lists, b.lists),
      instructions: join(a.instructions, b.instructions),
      instructionLinks: join(a.instructionLinks, b.instructionLinks),
      window: b.window ?? a.window,
    };
    conditions[status] = join(base.conditions?.[status], extra.conditions?.[status]);
  }
  const sections: Partial<Record<SectionRole, string[]>> = {};
  for (const role of SECTION_ROLES) sections[role] = join(base.sections?.[role], extra.sections?.[role]);
  const bg = (k: keyof BackgroundTerms) => join(base.background?.[k], extra.background?.[k]);
  return {
    window: extra.window ?? base.window,
    termination: join(base.termination, extra.termination),
    categories,
    sections,
    conditions,
    background: { openers: bg('openers'), presentations: bg('presentations'), complaints: bg('complaints') },
    listEnds: join(base.listEnds, extra.listEnds),
  };
}

/** The trie and tables of a terms file. */
export function compileTerms(file: TermsFile): CompiledTerms {
  const root = newNode();
  let size = 0;
  const sectionWords = new Map<string, SectionRole>();
  const sections = new Map<string, SectionRole>();
  for (const role of SECTION_ROLES) {
    for (const name of file.sections?.[role] ?? []) {
      sections.set(sectionKey(name), role);
      sectionWords.set(termWords(name).join(' '), role);
    }
  }
  const add = (term: string, apply: (n: TrieNode) => void) => {
    const words = termWords(term);
    if (words.length === 0) return;
    let node = root;
    for (const w of words) {
      let child = node.next.get(w);
      if (!child) node.next.set(w, (child = newNode()));
      node = child;
    }
    if (!node.end) {
      size++;
      // A term that holds a section's name names that section ("no family history of").
      for (let i = 0; i < words.length && !node.names; i++)
        for (let j = words.length; j > i && !node.names; j--) node.names = sectionWords.get(words.slice(i, j).join(' '));
    }
    node.end = true;
    apply(node);
  };
  for (const t of file.termination ?? []) add(t, (n) => (n.terminates |= ALL_CATEGORIES));
  const fallback = file.window ?? 8;
  const windows: number[] = [];
  /** Adds the categories `mask` to the end word `w` in `ends` (list ends, treatment ends). */
  const endsWith = (ends: Map<string, number>, w: string, mask: number) => ends.set(termWords(w).join(' '), (ends.get(termWords(w).join(' ')) ?? 0) | mask);
  const listEnds = new Map<string, number>();
  for (const w of file.listEnds ?? []) endsWith(listEnds, w, ALL_CATEGORIES);
  const treatmentEnds = new Map<string, number>();
  const instructionLinks = new Map<string, number>();
  const conditions = new Map<string, number>();
  let conditionWords = 0;
  for (const status of ASSERTION_STATUSES) {
    const c = file.categories?.[status] ?? {};
    const b = bit(status);
    for (const t of c.forward ?? []) add(t, (n) => (n.forward |= b));
    for (const t of c.backward ?? []) add(t, (n) => (n.backward |= b));
    for (const t of c.bidirectional ?? []) add(t, (n) => ((n.forward |= b), (n.backward |= b)));
    for (const t of c.pseudo ?? []) add(t, () => undefined);
    for (const t of c.termination ?? []) add(t, (n) => (n.terminates |= b));
    for (const t of c.short ?? []) add(t, (n) => (n.short |= b));
    for (const w of c.listEnds ?? []) endsWith(listEnds, w, b);
    for (const t of c.treatments ?? []) add(t, (n) => (n.treatments |= b));
    for (const t of c.lists ?? []) add(t, (n) => (n.lists |= b));
    for (const w of c.treatmentEnds ?? []) endsWith(treatmentEnds, w, b);
    for (const t of c.instructions ?? []) add(t, (n) => (n.instructs |= b));
    for (const w of c.instructionLinks ?? []) endsWith(instructionLinks, w, b);
    windows.push(c.window ?? fallback);
    for (const t of file.conditions?.[status] ?? []) {
      const words = termWords(t);
      if (words.length === 0) continue;
      conditions.set(words.join(' '), (conditions.get(words.join(' ')) ?? 0) | b);
      conditionWords = Math.max(conditionWords, words.length);
    }
  }
  for (const t of file.background?.openers ?? []) add(t, (n) => (n.opener = true));
  // A presentation starts a clause of the present: it ends every scope, as "presents" does.
  for (const t of file.background?.presentations ?? []) add(t, (n) => ((n.presents = true), (n.terminates |= ALL_CATEGORIES)));
  const complaints = (file.background?.complaints ?? []).map(termWords).filter((w) => w.length > 0);
  const id = createHash('sha256').update(JSON.stringify(file)).digest('hex').slice(0, 16);
  return {
    root,
    windows,
    backwardWindow: fallback,
    sections,
    sectionWords,
    listEnds,
    treatmentEnds,
    instructionLinks,
    conditions,
    conditionWords,
    complaints,
    size,
    id,
    toJSON: () => `terms:${id}`,
  };
}

let defaults: CompiledTerms | undefined;

/** The compiled default terms (terms.json), built once. */
export function defaultTerms(): CompiledTerms {
  return (defaults ??= compileTerms(DEFAULT_TERMS as TermsFile));
}

/**
 * A key of the file as a message names it: a key that reads as a name is shown, any other
 * is not (the message names the place, never the file's text).
 */
const key = (k: string) => (/^[A-Za-z_$][\w$-]{0,39}$/.test(k) ? k : '(a key)');

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks a parsed file against the layout; returns the first problem, in words, or undefined. */
export function checkTermsFile(v: unknown): string | undefined {
  if (!isObj(v)) return 'it is not a JSON object in the layout of terms.json';
  const list = (x: unknown, where: string) =>
    x === undefined || (Array.isArray(x) && x.every((t) => typeof t === 'string')) ? undefined : `${where} must be a list of strings`;
  const window = (x: unknown, where: string) =>
    x === undefined || (typeof x === 'number' && Number.isInteger(x) && x >= 1 && x <= 100) ? undefined : `${where} must be a whole number from 1 to 100`;
  const known = ['$comment', 'window', 'termination', 'categories', 'sections', 'conditions', 'background', 'listEnds', 'remove'];
  const unknown = Object.keys(v).find((k) => !known.includes(k));
  if (unknown !== undefined) return `"${key(unknown)}" is not a field of the terms layout (${known.slice(1).join(', ')})`;
  const problems = [window(v.window, 'window'), list(v.termination, 'termination'), list(v.listEnds, 'listEnds'), list(v.remove, 'remove')];
  const lists = [...DIRECTIONS, 'pseudo', 'termination', 'short', 'listEnds', 'treatments', 'treatmentEnds', 'lists', 'instructions', 'instructionLinks'];
  if (v.categories !== undefined) {
    if (!isObj(v.categories)) return 'categories must be an object';
    for (const [name, c] of Object.entries(v.categories)) {
      if (!(ASSERTION_STATUSES as readonly string[]).includes(name))
        return `categories.${key(name)} is not a ConText category (${ASSERTION_STATUSES.join(', ')})`;
      if (!isObj(c)) return `categories.${key(name)} must be an object`;
      const extra = Object.keys(c).find((k) => ![...lists, 'window'].includes(k));
      if (extra) return `categories.${key(name)}.${key(extra)} is not a list of the layout (${lists.join(', ')}, window)`;
      for (const k of lists) problems.push(list(c[k], `categories.${name}.${k}`));
      problems.push(window(c.window, `categories.${name}.window`));
    }
  }
  // Objects of named lists: the names allowed, each a list of strings.
  const named = (field: 'sections' | 'conditions' | 'background', names: readonly string[], what: string) => {
    const o = v[field];
    if (o === undefined) return undefined;
    if (!isObj(o)) return `${field} must be an object`;
    for (const [name, l] of Object.entries(o)) {
      if (!names.includes(name)) return `${field}.${key(name)} is not one of ${names.join(', ')}${what}`;
      problems.push(list(l, `${field}.${name}`));
    }
    return undefined;
  };
  const wrong =
    named('sections', SECTION_ROLES, '') ?? named('conditions', ASSERTION_STATUSES, ' (ConText categories)') ?? named('background', BACKGROUND_LISTS, '');
  if (wrong) return wrong;
  return problems.find((p) => p !== undefined);
}

export interface LoadedTerms {
  terms: CompiledTerms;
  /** Why the extra terms file was not used (the defaults are used instead). */
  error?: string;
}

/** Extra terms from text: the defaults merged with it, or the defaults and a message. */
export function termsFromText(text: string, name: string): LoadedTerms {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Where, never what: V8's message quotes the file's text, and any local file could be named.
    const at = jsonErrorOffset(body);
    const where = at === undefined ? '' : ((p) => ` at line ${p.line} column ${p.column}`)(lineColumn(body, at));
    return { terms: defaultTerms(), error: `${name} is not valid JSON${where}; the default assertion terms are used.` };
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
    if (!st.isFile())
      return { terms: defaultTerms(), error: `biomedNlp.assertion.extraTermsFile ${file} is not a file; the default assertion terms are used.` };
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
    result = {
      terms: defaultTerms(),
      error: `biomedNlp.assertion.extraTermsFile ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message}); the default assertion terms are used.`,
    };
  }
  loaded.set(file, { stamp, result });
  return result;
}
