/**
 * A note's entities linked to the user's vocabularies (the editor's
 * `biomedNlp.linking.vocabularies`): each `.vocab` file is opened once and read where it lies
 * (vocab/open.ts), opened again when the setting names another file or the file itself
 * changes (a rebuild renames a new file over it), and a file that is missing or not a
 * `.vocab` is a problem in words, never a crash: linking is then absent for its types.
 * Linking is a lookup (the linker's sieve over the vocabulary), never a model call; a
 * note's links are computed when first asked and kept while its entities stay the same.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LruCache } from '../lru';
import { firstFound, LinkableMention, servesType, takenConcepts } from './documentLinks';
export type { LinkableMention } from './documentLinks';
import { howMatched, LinkedConcept, LinkMethod, Linker, TieRule, whyChosen } from './linker';
import { NAME_MATCHES, NameMatch, searchNames } from './nameSearch';
import { servedTypes } from './domain';
import { fold } from './normalise';
import { Vocabulary } from './types';
import { openVocabulary } from './vocab/open';

/** One vocabulary of the setting: a `.vocab` file and the entity types it serves (empty: its domain's, domain.ts; `all`: every type). */
export interface VocabularySetting {
  path: string;
  types: readonly string[];
}

/** A concept an entity of a note is linked to, as plain data. */
export interface NoteConcept {
  /** `SOURCE:CODE` (`MESH:D001281`). */
  id: string;
  name: string;
  /** The vocabulary's label ("MEDIC"). */
  vocabulary: string;
  /** 0..1. */
  score: number;
  /** How the linker found it. */
  method: LinkMethod;
  /** How it meets the mention, in a few words ("exact name", "shares “bruising”": howMatched). */
  how: string;
  /** When other concepts held the same name: the rule that chose this one, in words ("a name you brought", "file order": whyChosen). */
  why?: string;
  /** Its other IDs in the vocabulary (none: absent): the note index finds it by any of them. */
  altIds?: readonly string[];
}

/** A concept found by searching the vocabularies' names (nameSearch.ts), as plain data. */
export interface FoundConcept {
  id: string;
  name: string;
  vocabulary: string;
  how: NameMatch;
  /** The name that started with the text, folded, when it is not the preferred name ("bruise" for Contusions). */
  matched?: string;
}

/** One entity of a note and its concepts (one per part of a composite mention; empty when none was found). */
export interface EntityLink {
  start: number;
  end: number;
  type: string;
  text: string;
  concepts: NoteConcept[];
  /** The linker's best candidates, the chosen first (a mention of one part; none for a composite): what a curator may pick instead. */
  candidates: NoteConcept[];
  /** Some open vocabulary serves its type (a search of the vocabularies may find its concept). */
  served: boolean;
}

interface Shelved {
  setting: VocabularySetting;
  file: string;
  /** The file's identity when opened (inode, size, modification time): another means a new file. */
  stamp?: string;
  vocabulary?: Vocabulary;
  linker?: Linker;
  /** The types it serves (servedTypes: the setting's, else its domain's; undefined: every type), found when opened. */
  types?: readonly string[];
  problem?: string;
}

/** `~/x` and relative paths (from the working directory) as an absolute path. */
function resolvePath(file: string): string {
  const f = file.trim();
  if (f === '~' || f.startsWith('~/')) return path.join(os.homedir(), f.slice(1));
  return path.resolve(f);
}

function stampOf(file: string): string | undefined {
  try {
    const s = fs.statSync(file);
    return s.isFile() ? `${s.ino}:${s.size}:${s.mtimeMs}` : 'not-a-file';
  } catch {
    return undefined;
  }
}

/** The vocabularies of the setting, open, and the links of notes' entities through them. */
/** Mentions linked (not found in the cache) since the process started: what tests count per keystroke. */
export const linkingStats = { mentions: 0 };

export class VocabularyShelf {
  private shelved: Shelved[] = [];
  /** Changes whenever a vocabulary is opened, closed or fails: links computed before are stale. */
  private generation = 0;
  /** Recent links by their mentions' places and types (a curated note's hover builds a new list each time). */
  private readonly cache = new LruCache<{ generation: number; text: string; links: EntityLink[] }>(CACHED_NOTES);

  /** The setting changed: vocabularies no longer named are closed, new ones opened. */
  configure(settings: readonly VocabularySetting[]): void {
    const key = (s: VocabularySetting) => `${resolvePath(s.path)}\u0000${[...s.types].sort().join(',')}`;
    const wanted = settings.filter((s) => s.path.trim() !== '');
    if (wanted.map(key).join('\n') === this.shelved.map((s) => key(s.setting)).join('\n')) return;
    const kept = new Map(this.shelved.map((s) => [key(s.setting), s]));
    const next: Shelved[] = [];
    for (const setting of wanted) {
      const old = kept.get(key(setting));
      kept.delete(key(setting));
      next.push(old ?? { setting, file: resolvePath(setting.path) });
    }
    for (const gone of kept.values()) gone.vocabulary?.close();
    this.shelved = next;
    this.generation++;
    this.refresh();
  }

  /**
   * Opens what is not open and opens again a file that changed since (checked by its
   * identity on disk: a few stat calls). Returns the generation, which changes with it.
   */
  refresh(): number {
    for (const s of this.shelved) {
      const stamp = stampOf(s.file);
      if (stamp !== undefined && stamp === s.stamp) continue;
      if (stamp === undefined && s.stamp === undefined && s.problem) continue;
      s.vocabulary?.close();
      s.vocabulary = s.linker = s.types = s.problem = undefined;
      s.stamp = stamp;
      this.generation++;
      if (stamp === undefined) {
        s.problem = `The vocabulary ${s.file} (biomedNlp.linking.vocabularies) was not found: entities are not linked with it. Build one with "Biomed NLP: Add a Vocabulary…" or biomed vocab build.`;
        continue;
      }
      try {
        s.vocabulary = openVocabulary(s.file);
        s.linker = new Linker(s.vocabulary);
        s.types = servedTypes(s.setting.types, s.vocabulary);
      } catch (err) {
        s.problem = `The vocabulary ${s.file} (biomedNlp.linking.vocabularies) could not be opened: ${(err as Error).message}. Entities are not linked with it.`;
      }
    }
    return this.generation;
  }

  /** Why a vocabulary of the setting is not used, one message each (none when all are open). */
  problems(): string[] {
    return this.shelved.flatMap((s) => (s.problem ? [s.problem] : []));
  }

  /** The generation now, after opening again what changed on disk: links made at another are stale. */
  current(): number {
    return this.refresh();
  }

  /** Whether any vocabulary is configured (open or not). */
  get configured(): boolean {
    return this.shelved.length > 0;
  }

  /**
   * The links of a document's mentions, in their order, with the abbreviations the text
   * defines: each vocabulary (in the setting's order) links the mentions of the types it
   * serves that no earlier one linked by a name, so a mention takes the concepts of the first
   * vocabulary that has its name, else of the first approximate match (as `biomed annotate
   * --vocab` does: documentLinks.ts). Kept for the same text and mentions (places, types and
   * words) until a vocabulary changes.
   */
  links(text: string, mentions: readonly LinkableMention[]): EntityLink[] {
    const generation = this.refresh();
    const key = mentions.map((m) => `${m.start}:${m.end}:${m.type}:${m.text}`).join('\u0000');
    const cached = this.cache.get(key);
    if (cached && cached.generation === generation && cached.text === text) return cached.links;
    linkingStats.mentions += mentions.length;
    const best = firstFound(
      text,
      mentions,
      this.shelved.map((s) => s.linker && { linker: s.linker, types: s.types }),
      (k, err) => {
        // A file damaged after its header (cut short, overwritten) fails where it is read.
        const s = this.shelved[k];
        s.problem = `The vocabulary ${s.file} could not be read: ${(err as Error).message}. Entities are not linked with it.`;
        s.vocabulary?.close();
        s.vocabulary = s.linker = undefined;
        this.generation++;
      },
    );
    const links = mentions.map((m, i) => ({
      start: m.start,
      end: m.end,
      type: m.type,
      text: m.text,
      concepts: takenConcepts(best[i]).map((c) => plain(c, best[i]?.tie)),
      candidates: best[i]?.candidates.length === 1 ? best[i]!.candidates[0].map((c) => plain(c)) : [],
      served: this.shelved.some((s) => s.linker && servesType(s.types, m.type)),
    }));
    this.cache.set(key, { generation: this.generation, text, links });
    return links;
  }

  /**
   * The concepts of the open vocabularies (those serving `type`, when given) whose names match
   * `query`: every vocabulary's prefix matches first, then word matches, then look-alikes, in
   * the setting's order within each; a concept once, at most `limit`.
   */
  search(query: string, limit: number, type?: string): FoundConcept[] {
    this.refresh();
    const found: FoundConcept[] = [];
    for (const s of this.shelved) {
      if (!s.vocabulary || (type !== undefined && !servesType(s.types, type))) continue;
      for (const hit of searchNames(s.vocabulary, query, limit)) {
        const c = s.vocabulary.concept(hit.concept);
        const named = hit.how === 'prefix' && hit.matched !== fold(c.name) ? { matched: hit.matched } : {};
        found.push({ id: c.id, name: c.name, vocabulary: s.vocabulary.label, how: hit.how, ...named });
      }
    }
    const seen = new Set<string>();
    return found
      .sort((a, b) => NAME_MATCHES.indexOf(a.how) - NAME_MATCHES.indexOf(b.how))
      .filter((c) => !seen.has(c.id) && (seen.add(c.id), true))
      .slice(0, limit);
  }

  /** Closes every vocabulary. */
  close(): void {
    for (const s of this.shelved) s.vocabulary?.close();
    this.shelved = [];
    this.generation++;
  }
}

/** How many notes' links are kept. */
const CACHED_NOTES = 16;

const plain = (c: LinkedConcept, tie?: TieRule): NoteConcept => ({
  id: c.id,
  name: c.name,
  vocabulary: c.vocabulary,
  score: c.score,
  method: c.method,
  how: howMatched(c),
  ...(tie ? { why: whyChosen(tie) } : {}),
  ...(c.altIds.length ? { altIds: c.altIds } : {}),
});
