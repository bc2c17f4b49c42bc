/**
 * Learning from curation (json profile only): the curated sentences of a folder become
 * examples in the entity prompt. For each sentence analysed, the `fewShot` curated sentences
 * that share the most word stems with it (retrieval/stem.ts, a cheap similarity) are given
 * to the model as earlier user/assistant turns, as many as the context budget allows. The
 * chosen examples go into the cache key (examplesId), so curating a sentence re-asks only
 * the sentences whose choice it changes. The medtuned layout has no examples (its training
 * rows had none), so the analysis never selects any for it.
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { noteBeside, readNoteText } from '../noteFiles';
import { contentStems } from '../retrieval/stem';
import { segment } from '../text/segment';
import { EntityType, isEntityType } from '../types';
import { inUtf16 } from '../formats/bratDocument';
import { parseCuration } from './annFile';

/** One curated sentence and its curated entities, in text order. */
export interface FewShotExample {
  text: string;
  entities: { text: string; type: EntityType }[];
}

/** What the analysis is given: the folder's curated sentences and how many to show per prompt. */
export interface CurationConfig {
  examples: readonly FewShotExample[];
  fewShot: number;
}

export const DEFAULT_FEW_SHOT = 3;

/** The curated sentences of one note: each sentence holding at least one curated entity. */
export function examplesOfNote(text: string, ann: string): FewShotExample[] {
  // Types as other BRAT tools write them too (PROBLEM, Chemical).
  // Offsets as the editor writes them (UTF-16) or as brat does (code points).
  const entities = inUtf16(text, parseCuration(ann).entities)
    .map((e) => ({ ...e, type: e.type.toLowerCase() }))
    .filter((e) => isEntityType(e.type) && text.slice(e.start, e.end) === e.text)
    .sort((a, b) => a.start - b.start || a.end - b.end);
  const out: FewShotExample[] = [];
  for (const s of segment(text)) {
    if (s.kind !== 'sentence') continue;
    const inside = entities.filter((e) => s.start <= e.start && e.end <= s.end);
    if (inside.length) out.push({ text: s.text, entities: inside.map((e) => ({ text: e.text, type: e.type as EntityType })) });
  }
  return out;
}

/** A short, stable id of examples in their order: the part of a cache key they decide. */
export function examplesId(examples: readonly FewShotExample[]): string {
  const h = createHash('sha256');
  for (const e of examples) h.update(JSON.stringify([e.text, e.entities.map((m) => [m.text, m.type])])).update('\u0000');
  return h.digest('hex').slice(0, 16);
}

// Stems of each pool, computed once per pool array (the language server keeps one per folder state).
const POOL_STEMS = new WeakMap<readonly FewShotExample[], Set<string>[]>();

function stemsOf(pool: readonly FewShotExample[]): Set<string>[] {
  let stems = POOL_STEMS.get(pool);
  if (!stems) POOL_STEMS.set(pool, (stems = pool.map((e) => contentStems(e.text))));
  return stems;
}

/**
 * The examples for `sentence`: at most `k` from `pool` with at least one entity of `types`
 * (others' entities are left out of the answer shown) sharing at least one stem with it, most
 * shared stems first (pool order breaks ties), kept while their `cost` (tokens) stays within
 * `budgetTokens`. The sentence itself is never its own example, so curating a sentence does
 * not change its own prompt. Returned least similar first: the closest example sits just
 * before the question.
 */
export function selectExamples(
  sentence: string,
  pool: readonly FewShotExample[],
  options: { k: number; types: readonly EntityType[]; budgetTokens: number; cost: (e: FewShotExample) => number; stems?: Set<string> },
): FewShotExample[] {
  if (options.k <= 0 || pool.length === 0 || options.budgetTokens <= 0) return [];
  const own = options.stems ?? contentStems(sentence);
  const poolStems = stemsOf(pool);
  const scored: { example: FewShotExample; score: number; index: number }[] = [];
  const seen = new Set<string>();
  pool.forEach((e, index) => {
    if (e.text === sentence || seen.has(e.text)) return;
    const entities = e.entities.filter((m) => options.types.includes(m.type));
    if (!entities.length) return;
    let score = 0;
    for (const s of poolStems[index]) if (own.has(s)) score++;
    if (score === 0) return;
    seen.add(e.text);
    scored.push({ example: entities.length === e.entities.length ? e : { text: e.text, entities }, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  const chosen: FewShotExample[] = [];
  let left = options.budgetTokens;
  for (const { example } of scored) {
    if (chosen.length >= options.k) break;
    const c = options.cost(example);
    if (c > left) continue;
    left -= c;
    chosen.push(example);
  }
  return chosen.reverse();
}

/**
 * The curated sentences of a folder: each `.ann` with its note beside it. `texts` gives the
 * editor's text of open notes (their `.ann` is written against it, not the file on disk).
 * Files are read again only when their size or time changes; the same array is returned
 * while nothing changed, so prepared stems and the analysis signature stay as they were.
 */
export class FolderExamples {
  private readonly files = new Map<string, { stamp: string; examples: FewShotExample[] }>();
  private last: { stamp: string; examples: FewShotExample[] } | undefined;

  constructor(readonly folder: string) {}

  examples(texts: ReadonlyMap<string, string> = new Map()): readonly FewShotExample[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.folder).sort();
    } catch {
      return (this.last = { stamp: '', examples: [] }).examples;
    }
    const stamps: string[] = [];
    const all: FewShotExample[] = [];
    for (const name of names) {
      // Each .ann once, with the note it belongs to (noteFiles.ts: .txt before .note before .md).
      if (!name.endsWith('.ann')) continue;
      const ann = path.join(this.folder, name);
      const note = noteBeside(ann.slice(0, -'.ann'.length));
      if (note === undefined) continue;
      let stamp: string;
      try {
        const a = fs.statSync(ann);
        const open = texts.get(note);
        const n = open === undefined ? fs.statSync(note) : undefined;
        stamp = `${note}:${a.mtimeMs}:${a.size}:${open === undefined ? `${n!.mtimeMs}:${n!.size}` : examplesId([{ text: open, entities: [] }])}`;
      } catch {
        continue; // gone since it was listed
      }
      let entry = this.files.get(note);
      if (!entry || entry.stamp !== stamp) {
        try {
          const text = texts.get(note) ?? readNoteText(note);
          entry = { stamp, examples: examplesOfNote(text, fs.readFileSync(ann, 'utf8')) };
          this.files.set(note, entry);
        } catch {
          continue;
        }
      }
      stamps.push(stamp);
      all.push(...entry.examples);
    }
    const stamp = stamps.join('\n');
    if (this.last && this.last.stamp === stamp) return this.last.examples;
    this.last = { stamp, examples: all };
    return all;
  }
}
