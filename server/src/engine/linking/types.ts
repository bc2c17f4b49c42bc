/**
 * Concept linking's plain data: a concept of a user's vocabulary, a candidate for a mention,
 * and the read-only vocabulary the linker asks. The `.vocab` file (vocab/) and the in-memory
 * vocabulary both implement `Vocabulary`, so the linker never knows which it has.
 */

/** A concept ID written `SOURCE:CODE` (`MESH:D001281`, `OMIM:613097`, `UMLS:C0004238`). */
export type ConceptId = string;

export interface Concept {
  /** Its own ID, `SOURCE:CODE`. */
  id: ConceptId;
  /** The preferred name. */
  name: string;
  /** Alternate IDs (MEDIC's ALT IDs, a UMLS concept's source codes), `SOURCE:CODE`. */
  altIds: readonly ConceptId[];
  /** Semantic types or categories when the vocabulary has them (MRSTY, a TSV's third column). */
  types: readonly string[];
}

/** One concept proposed for a mention, with how near its nearest name is (0..1, 1 = same key). */
export interface Candidate {
  /** The concept's ordinal in its vocabulary. */
  concept: number;
  /** The matched name in the form approximate search compares (`approxKey`): both vocabularies give it so. */
  name: string;
  score: number;
}

/** A concept holding a name key: through a preferred name (a source's preferred term; else its `name`), through several names. */
export interface KeyHolder {
  concept: number;
  preferred: boolean;
  several: boolean;
}

/** A name found by its start (`Vocabulary.startingWith`): folded, with its concepts' ordinals. */
export interface NamePrefixHit {
  name: string;
  concepts: readonly number[];
}

/** An ID and the names the user wrote for it, one per mention (repeats kept). */
export type UserNameEntry = readonly [id: string, names: readonly string[]];

/** A read-only vocabulary: the concepts, their names under normalised keys, approximate search. */
export interface Vocabulary {
  /** What a user calls it ("MEDIC", the file's name): shown beside a concept in a hover. */
  readonly label: string;
  /** Source prefixes (`MESH`, `SNOMEDCT_US`) in the order the user ranks them (--prefer, else --sab), for ties. */
  readonly sources?: readonly string[];
  /** UMLS: the source prefixes the user annotates in (`vocab build --own-sources`), for ties (userNames.ts). */
  readonly ownSources?: readonly string[];
  /** The names the build's synonym corpora brought (`vocab build --synonyms`), per ID, every mention's text; empty when none. */
  userNames?(): readonly UserNameEntry[];
  /** The number of concepts; ordinals are 0 .. size-1. */
  readonly size: number;
  /** How it was built (`medic`, `umls`, `obo`, ...: a .vocab's build format), when known: its domain (domain.ts). */
  readonly format?: string;
  /** The distinct type names its concepts have (UMLS semantic types, a TSV's types), when known. */
  readonly typeNames?: readonly string[];
  concept(ordinal: number): Concept;
  /** The concepts one of whose names has this key (a key from `nameKeys`), in ordinal order. */
  exact(key: string): readonly number[];
  /** `exact`'s concepts with how they hold the key, in ordinal order. */
  holders(key: string): readonly KeyHolder[];
  /** The concept with this ID, alternate ID or (UMLS) source code; `MESH:` is optional on input. */
  byId(id: string): number | undefined;
  /**
   * The names (as `fold` gives them) that start with a folded text, in string order, at most
   * `limit`, each with the concepts it names (ordinal order): a search as the user types.
   */
  startingWith(folded: string, limit: number): readonly NamePrefixHit[];
  /** Concepts whose names are near the text (typos, variants), best first, at most `limit`. */
  approximate(text: string, limit: number): readonly Candidate[];
  /** Releases the file or memory behind it. */
  close(): void;
}

/** A gold or synonym mention read from an annotated corpus: declared with its reader in formats/ (a lower layer). */
export type { LinkedMention } from '../formats/linkedMentions';

export interface LinkerOptions {
  /** The user's own names (synonyms, links accepted in curation), consulted before the vocabulary; default: those the `.vocab`'s build brought (synonyms.ts ownNames). */
  synonyms?: Vocabulary;
  /** How many candidates each link lists (default 5). */
  candidates?: number;
  /** Whether a concept with these types may name a mention of this type (default: their semantic groups meet, or either is unknown). */
  typeAllows?: (mentionType: string, conceptTypes: readonly string[]) => boolean;
}
