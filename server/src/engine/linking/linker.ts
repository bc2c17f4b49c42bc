/**
 * The linker: a concept for each mention, the cheapest way first (a sieve):
 * 1. abbreviation: a short form the same document defines ("HH" after "hereditary
 *    hemochromatosis (HH)") is looked up as its long form through the steps below;
 * 2. synonym: the user's own names (a second vocabulary, consulted first);
 * 3. exact / normalised: the vocabulary's keys (normalise.ts), the folded text first, then
 *    word order, stems, generic words;
 * 4. composite: a mention read as parts ("breast and ovarian cancer"), each linked by 2-3;
 * 5. approximate: the nearest names by character n-grams (typos, variants); within a document,
 *    a candidate that a surer link of another mention found is preferred (coherence).
 * A candidate whose concept has types must be of the mention's semantic group (a disease
 * mention names no drug; semanticGroups.ts) unless another type test is given. Each link
 * carries its score (0..1) and how it was found. No model is asked here.
 */
import { abbreviationsFromMentions, abbreviationsFromPlacement, expandAbbreviations, findAbbreviations, PlacedMention, SHORT_FORM } from './abbreviations';
import { compositeReadings } from './composite';
import { approxKey, contentWords, fold, nameKeys, onlyGeneric } from './normalise';
import { COURSE, GENERAL_HEADS, IMPAIRMENT, LOST_FUNCTION, MODIFIERS, SUBTYPE } from './qualifiers';
import { groupsAllow, groupsFit } from './semanticGroups';
import { ambiguous, coherent, surelyFound } from './coherence';
import { dedupe, LinkedConcept, LinkMethod, lowered, MentionLink, relabel, TieRule } from './linkResult';
import { Nearest, nearestCandidates, NearestContext } from './nearest';
import { wordMatch } from './sharedWords';
import { headRule, meetsHead } from './heads';
import { SieveMemo } from './sieveMemo';
import { Hit, rankHits, sourceRank } from './ties';
import { ownNames } from './synonyms';
import { Concept, LinkerOptions, Vocabulary } from './types';
import { JOINED, UserNames } from './userNames';

export type { LinkedConcept, LinkMethod, MentionLink, TieRule } from './linkResult';
export { howMatched, TIE_RULES, whyChosen } from './linkResult';
export { ambiguous } from './coherence';
export type { LinkerOptions } from './types';

/** The score of a hit at each key level (1: folded text ... 5: tumour words as one). */
const LEVEL_SCORE: Record<string, number> = { '1': 1, '2': 0.97, '3': 0.94, '4': 0.9, '5': 0.85 };

/** An approximate score this high is a variant spelling of the name, preferred to a shorter name found inside the mention. */
const CLOSE = 0.7;

/** Key levels tried in both vocabularies before the looser ones. */
const STRICT_LEVELS = new Set(['1', '2']);

/** One reading of a mention: a concept, or the parts of a composite learnt whole from the synonyms. */
type Choice = LinkedConcept[];

/** The readings of a mention by its keys, best first, with the rule that chose the first among hits of its level. */
type Choices = Choice[] & { tie?: TieRule };

/** Concepts read per key: a key millions of names share says little past the first few hundred. */
const KEY_CONCEPTS = 500;

/** The vocabulary's ordinals come after the user's names in file order. */
const USER_FIRST = 1_000_000_000;

export class Linker {
  private readonly k: number;
  /** Concepts the document being linked names surely (set while its ambiguous mentions are linked again). */
  private context: ReadonlySet<string> = NO_CONTEXT;
  /** `context` as a key of the sieve results kept (its concepts, sorted). */
  private contextKey = '';
  /** What the approximate search asks of this linker (nearest.ts). */
  private readonly nearest: NearestContext;
  /** What the user's own names say of a concept (userNames.ts). */
  private readonly user: UserNames;
  /** The options, with the user's names: those given, else those the vocabulary's build brought. */
  private readonly options: LinkerOptions;
  private readonly sieved = new SieveMemo();

  constructor(
    private readonly vocabulary: Vocabulary,
    given: LinkerOptions = {},
  ) {
    const options = (this.options = { ...given, synonyms: given.synonyms ?? ownNames(vocabulary) });
    this.k = options.candidates ?? 5;
    this.user = new UserNames(options.synonyms, vocabulary.ownSources);
    this.nearest = {
      vocabulary,
      synonyms: options.synonyms,
      allows: (t, c) => this.allows(t, c),
      linked: (v, c, score) => this.linked(v, c, score, 'approximate'),
      used: (c) => this.user.used(c),
      ownSources: (c) => this.user.inSources(c),
    };
  }

  /**
   * Links the mentions of one document. Its text (when known) gives the abbreviations it
   * defines; a short-form mention that another mention spells out is read as that one too,
   * and so is one that follows a mention in parentheses (when the mentions' offsets are given).
   */
  linkDocument(text: string | undefined, mentions: readonly (PlacedMention & { type?: string })[]): MentionLink[] {
    const abbreviations = text ? new Map<string, string>() : abbreviationsFromMentions(mentions.map((m) => m.text));
    for (const a of text ? findAbbreviations(text) : []) abbreviations.set(a.short, a.long);
    // Placement is weaker evidence than spelling: a short form the text spells out keeps that
    // reading, and a placed one yields to the user's own synonyms for it (linkOne below).
    const placed = new Map<string, string>();
    for (const [short, long] of abbreviationsFromPlacement(mentions, text)) if (!abbreviations.has(short)) placed.set(short, long);
    const isPlaced = (m: PlacedMention) =>
      placed.size > 0 && expandAbbreviations(m.text, abbreviations) === undefined && expandAbbreviations(m.text, placed) !== undefined;
    const linkOne = (m: PlacedMention & { type?: string }): MentionLink => {
      const type = m.type ?? '';
      if (isPlaced(m)) {
        // The placement stands unless the user's synonyms name the short form; among the short form's
        // own concepts, the long form's is taken ("SJS" after "Schwartz-Jampel syndrome").
        const own = this.lookup(m.text, type, true);
        if (own && own[0][0].method === 'synonym') return this.chosen(own, m.text, type);
        const viaPlaced = this.link(m.text, type, placed);
        const agreeing = own?.find((choice) => choice.some((c) => viaPlaced.concepts.some((p) => p.id === c.id)));
        if (agreeing) return this.chosen([agreeing, ...own!.filter((c) => c !== agreeing)], m.text, type);
        return viaPlaced.concepts.length > 0 || !own ? viaPlaced : this.chosen(own, m.text, type);
      }
      return this.link(m.text, type, abbreviations);
    };
    const links = mentions.map(linkOne);
    // A key that several concepts share ("GLD") takes the one this document names surely elsewhere.
    const sure = surelyFound(links);
    if (sure.size === 0 || !links.some(ambiguous)) return coherent(links);
    this.context = sure;
    this.contextKey = [...sure].sort().join('\u0001');
    try {
      return coherent(links.map((l, i) => (ambiguous(l) ? linkOne(mentions[i]) : l)));
    } finally {
      this.context = NO_CONTEXT;
      this.contextKey = '';
    }
  }

  /** Links one mention. */
  link(mention: string, type = '', abbreviations: ReadonlyMap<string, string> = new Map()): MentionLink {
    const expanded = expandAbbreviations(mention, abbreviations);
    if (expanded !== undefined) {
      const viaLong = this.sieve(expanded, type);
      const own = this.sieve(mention, type, false);
      // The other concepts the short form names stay candidates ("SJS": Schwartz-Jampel, and Spondylo-Jugal).
      if (viaLong.concepts.length > 0 && viaLong.method !== 'approximate') return this.withCandidates(relabel(viaLong, 'abbreviation'), own);
      if (own.concepts.length > 0) return own;
      return viaLong.concepts.length > 0 ? relabel(viaLong, 'abbreviation') : viaLong;
    }
    return this.sieve(mention, type);
  }

  /** `link` with the candidates of `more` after its own, each concept once, to `k` (a link of one part). */
  private withCandidates(link: MentionLink, more: MentionLink): MentionLink {
    if (link.candidates.length !== 1 || more.candidates.length !== 1) return link;
    const seen = new Set<string>();
    const merged = [...link.candidates[0], ...more.candidates[0]].filter((c) => !seen.has(c.id) && seen.add(c.id));
    return { ...link, candidates: [merged.slice(0, this.k)] };
  }

  private sieve(text: string, type: string, approximate = true): MentionLink {
    return this.sieved.of(`${approximate ? 1 : 0}\u0000${type}\u0000${text}\u0000${this.contextKey}`, () => this.sieveAfresh(text, type, approximate));
  }

  private sieveAfresh(text: string, type: string, approximate: boolean): MentionLink {
    const whole = this.readings(text, type);
    if (whole instanceof Array && whole[0].every((c) => this.user.inSources(c))) return this.chosen(whole, text, type);
    if (whole && !(whole instanceof Array)) return whole;
    // Only concepts outside the user's sources hold the name: a reading in their sources, where one is found, comes first (ties.ts).
    const further = this.furtherReadings(text, type, approximate);
    if (!whole || (further.concepts.length > 0 && further.concepts.every((c) => this.user.inSources(c)))) return further;
    return this.chosen(whole, text, type);
  }

  /** The composite, general-head and approximate readings of a mention that its keys did not find. */
  private furtherReadings(text: string, type: string, approximate: boolean): MentionLink {
    for (const parts of compositeReadings(text)) {
      const found = parts.map((p) => this.lookup(p, type) ?? this.withoutModifiers(p, type));
      if (found.every((f) => f !== undefined)) {
        const chosen = dedupe(found.flatMap((f) => f![0]).map((c) => ({ ...c, method: 'composite' as const })));
        if (chosen.length === 1) return this.chosen([[chosen[0]]], text, type);
        return { concepts: chosen, method: 'composite', candidates: found.map((f, i) => this.fill(f!, parts[i], type)) };
      }
    }
    if (!approximate) return { concepts: [], method: 'none', candidates: [] };
    const general = this.generalHead(text, type);
    if (general) return general;
    const ranked = this.nearRanked(text, type);
    // Candidates share a word with the mention, as an approximate link must (sharedWords.ts): letters in common are no meaning.
    const near = ranked.filter((r) => r.match.shares).map((r) => r.concept);
    // A close spelling first (a typo of the whole, its head word kept); else the head of the
    // phrase; else the nearest name that shares a word with the mention; else no link, only candidates.
    // A name the user brought meets the mention by a shared word; any other by the mention's head (heads.ts).
    const rule = headRule(text);
    const meets = (r: Nearest) => r.mine || meetsHead(rule, r.name, r.concept.score >= CLOSE);
    const close = ranked.length > 0 && ranked[0].concept.score >= CLOSE && ranked[0].match.head && meets(ranked[0]);
    const tail = close ? undefined : this.tail(text, type);
    if (tail && tail[0].every((c) => this.user.inSources(c))) return this.chosen(tail, text, type, near);
    // In the user's sources first (ranked puts them first), then any.
    const headed = ranked.filter(meets);
    const sharing =
      headed.find((r) => r.own && r.match.specific) ??
      headed.find((r) => r.own && r.match.shares) ??
      (tail ? undefined : (headed.find((r) => r.match.specific) ?? headed.find((r) => r.match.shares)));
    if (tail && !sharing) return this.chosen(tail, text, type, near);
    if (!sharing) return { concepts: [], method: 'none', candidates: near.length > 0 ? [near.slice(0, this.k)] : [] };
    return { concepts: [sharing.concept], method: 'approximate', candidates: [dedupe([sharing.concept, ...near]).slice(0, this.k)] };
  }

  /**
   * The mention read by its keys; where that finds only concepts without the user's evidence
   * at a looser key than the written name, a looser reading of the mention (without its
   * modifiers, the broader type, the general head) that finds a concept the user's names use
   * is taken instead: among millions of names, some unrelated concept holds almost any phrase.
   */
  private readings(text: string, type: string): Choices | MentionLink | undefined {
    const whole = this.lookup(text, type);
    if (whole && (whole[0][0].score >= 1 || this.evidenced(whole[0]))) return whole;
    const looser = this.withoutModifiers(text, type) ?? this.broaderType(text, type);
    if (!whole) return looser;
    if (looser && this.evidenced(looser[0])) return looser;
    const general = this.generalHead(text, type);
    if (general && general.concepts.every((c) => this.user.used(c) > 0)) return general;
    return whole;
  }

  /** Whether the user's names give or use every concept of a choice, or the document names it surely. */
  private evidenced(choice: Choice): boolean {
    return choice.every((c) => c.method === 'synonym' || this.user.used(c) > 0 || this.context.has(c.id));
  }

  /** The first choice; a composite learnt whole lists its parts, each its own candidate. `near`: the text's approximate candidates when already found. */
  private chosen(choices: Choices, text: string, type: string, near?: LinkedConcept[]): MentionLink {
    const first = choices[0];
    const tie = choices.tie ? { tie: choices.tie } : {};
    if (first.length > 1) return { concepts: first, method: first[0].method, candidates: first.map((c) => [c]), ...tie };
    return { concepts: first, method: first[0].method, candidates: [this.fill(choices, text, type, near)], ...tie };
  }

  /** The single-concept choices, then approximate candidates (`near`, else searched now), to `k` distinct concepts. */
  private fill(choices: Choice[], text: string, type: string, near?: LinkedConcept[]): LinkedConcept[] {
    const out = dedupe(choices.filter((c) => c.length === 1).map((c) => c[0]));
    if (out.length < this.k) out.push(...(near ?? this.near(text, type)));
    return dedupe(out).slice(0, this.k);
  }

  /**
   * A mention whose leading words only qualify it ("sporadic aniridia", "isolated
   * thrombocytopenia"): looked up without them when it is not found with them.
   */
  private withoutModifiers(text: string, type: string): Choice[] | undefined {
    const words = text.trim().split(/\s+/);
    let i = 0;
    while (i < words.length - 1 && MODIFIERS.has(words[i].toLowerCase())) i++;
    if (i === 0) return undefined;
    const found = this.lookup(words.slice(i).join(' '), type);
    return found?.map((choice) => choice.map((c) => ({ ...c, score: c.score * 0.9, method: 'normalised' as const })));
  }

  /**
   * A condition named by a general head ("skin lesion", "liver damage", "neurological
   * abnormalities", "venous complications"): what its words before the head name as a
   * disease ("skin disease": Skin Diseases), found by a name (never approximately), scored
   * below the exact keys; undefined when the words name no disease.
   */
  private generalHead(text: string, type: string): MentionLink | undefined {
    // "decreased renal function", "renal impairment": the organ's insufficiency, where the vocabulary names one.
    const lost = LOST_FUNCTION.exec(text.trim());
    const organ = lost ? lost[1] : IMPAIRMENT.test(text.trim()) ? text.trim().replace(IMPAIRMENT, '') : undefined;
    if (organ && !/\s(?:and|or)\s/.test(organ)) {
      const insufficiency = this.sieve(`${organ} insufficiency`, type, false);
      if (insufficiency.concepts.length > 0) return lowered(insufficiency);
    }
    const words = text.trim().split(/\s+/);
    if (words.length < 2 || !GENERAL_HEADS.test(words[words.length - 1])) return undefined;
    // A name that keeps the head ("acute liver injury": liver injury) is nearer: the approximate step's tail finds it.
    for (let i = 1; i < words.length - 1; i++) if (this.lookup(words.slice(i).join(' '), type)) return undefined;
    const link = this.sieve([...words.slice(0, -1), 'disease'].join(' '), type, false);
    return link.concepts.length > 0 ? lowered(link) : undefined;
  }

  /**
   * A subtype the vocabulary lacks, as its type ("type IID von Willebrand disease": type II,
   * "von Willebrand Disease, Type 2"), or a condition's course as the condition ("COPD
   * exacerbation": COPD): the broader concept, scored below the exact keys.
   */
  private broaderType(text: string, type: string): Choice[] | undefined {
    const words = text.trim().split(/\s+/);
    const broader = words.length > 1 && COURSE.test(words[words.length - 1]) ? words.slice(0, -1).join(' ') : text.replace(SUBTYPE, '$1');
    if (broader === text) return undefined;
    const found = this.lookup(broader, type);
    return found?.map((choice) => choice.map((c) => ({ ...c, score: c.score * 0.9, method: 'normalised' as const })));
  }

  /**
   * The longest run of the mention's last words that is a name ("masseter muscle rigidity":
   * "muscle rigidity"): the head of a noun phrase names a broader concept, nearer than a
   * misspelt neighbour. Scored below exact keys, as approximate. A run that names nothing in
   * particular is not a head: generic words only ("glomerular diseases": "diseases"), or a lone
   * short form the document does not define ("elevated ICP": "ICP"), which in a large vocabulary
   * is some concept's initialism.
   */
  private tail(text: string, type: string): Choice[] | undefined {
    const words = text.trim().split(/\s+/);
    for (let i = 1; i < words.length; i++) {
      const run = words.slice(i).join(' ');
      if (onlyGeneric(run) || COURSE.test(run) || (contentWords(fold(run)).length === 1 && SHORT_FORM.test(words[words.length - 1]))) continue;
      const found = this.lookup(run, type);
      const shares = fold(run)
        .split(' ')
        .filter((w) => contentWords(w).length > 0);
      if (found) return found.map((choice) => choice.map((c) => ({ ...c, score: c.score * 0.8, method: 'approximate' as const, shares })));
    }
    return undefined;
  }

  /**
   * The user's names and the vocabulary at every key level of the mention (only the strict
   * ones with `strictOnly`), ranked as ties.ts says; undefined when no key finds a concept.
   */
  private lookup(text: string, type: string, strictOnly = false): Choices | undefined {
    const keys = nameKeys(text).filter((k) => !strictOnly || STRICT_LEVELS.has(k[0]));
    const hits: Hit<Choice>[] = [];
    const { synonyms } = this.options;
    if (synonyms) {
      // Each of the user's concepts (or composites) once, at the strictest level that finds it,
      // in the synonyms' own order (the name given most often first): only that order ranks them.
      const seen = new Set<string>();
      for (const key of keys) {
        for (const choice of this.fromSynonyms(synonyms.exact(key), type, LEVEL_SCORE[key[0]] ?? 0.9)) {
          const id = choice.map((c) => c.id).join('|');
          if (seen.has(id)) continue;
          seen.add(id);
          const level = Number(key[0]);
          hits.push({
            value: choice,
            id,
            level,
            // The user's own name as written comes first (ties.ts).
            written: level === 1,
            user: 2,
            ownSources: true,
            document: false,
            groupFits: false,
            preferred: false,
            sourceRank: 0,
            several: false,
            order: hits.length,
          });
        }
      }
    }
    // Each concept read once (from a .vocab, a file read), at the strictest level that finds it;
    // a concept the type rules out is remembered as such (null).
    const found = new Map<number, Hit<Choice> | null>();
    for (const key of keys) {
      const level = Number(key[0]);
      for (const { concept: o, preferred, several } of this.vocabulary.holders(key).slice(0, KEY_CONCEPTS)) {
        const had = found.get(o);
        if (had !== undefined) {
          if (had && several) had.several = true;
          continue;
        }
        const c = this.vocabulary.concept(o);
        if (!this.allows(type, c)) {
          found.set(o, null);
          continue;
        }
        const method = level === 1 ? 'exact' : 'normalised';
        found.set(o, {
          value: [this.linked(this.vocabulary, c, LEVEL_SCORE[key[0]] ?? 0.9, method)],
          id: c.id,
          level,
          user: this.user.used(c),
          ownSources: this.user.inSources(c),
          document: this.context.has(c.id),
          groupFits: this.fits(type, c),
          preferred,
          sourceRank: sourceRank(this.vocabulary.sources, [c.id, ...c.altIds]),
          several,
          // After the user's names: their concepts come first when all else is equal.
          order: USER_FIRST + o,
        });
      }
    }
    // The one concept holding the name as written, where it is that concept's own name: its
    // preferred name, or one sharing a word with it (a random concept holding the phrase among
    // its lesser names is no better than a looser reading).
    const written = [...found.values()].filter((h) => h?.level === 1);
    if (written.length === 1 && (written[0]!.preferred || wordMatch(approxKey(text), approxKey(written[0]!.value[0].name)).shares)) written[0]!.written = true;
    for (const h of found.values()) if (h) hits.push(h);
    if (hits.length === 0) return undefined;
    const { ranked, tie } = rankHits(hits);
    // A concept the user's names gave is listed once, as theirs (a composite's ID joins its parts').
    const listed = new Set<string>();
    const choices: Choices = ranked
      .filter((h) => !listed.has(h.id) && (listed.add(h.id), true))
      .slice(0, Math.max(1, this.k))
      .map((h) => h.value);
    if (tie) choices.tie = tie;
    return choices;
  }

  /** Synonym hits as the main vocabulary's concepts where it has their IDs; a joined ID is one choice of several parts. */
  private fromSynonyms(ordinals: readonly number[], type: string, score: number): Choice[] {
    const synonyms = this.options.synonyms!;
    const out: Choice[] = [];
    for (const o of ordinals) {
      const own = synonyms.concept(o);
      const parts: LinkedConcept[] = [];
      for (const id of own.id.split(JOINED)) {
        const main = this.vocabulary.byId(id);
        if (main !== undefined) {
          const c = this.vocabulary.concept(main);
          if (this.allows(type, c)) parts.push(this.linked(this.vocabulary, c, score, 'synonym'));
        } else if (!JOINED.test(own.id) && this.allows(type, own)) parts.push(this.linked(synonyms, own, score, 'synonym'));
      }
      const choice = dedupe(parts);
      if (choice.length > 0) out.push(choice);
    }
    return out;
  }

  /**
   * Approximate candidates from both vocabularies that share a word with the mention, best first, distinct concepts. The
   * n-gram score is adjusted by the share of the mention's word stems the matched name has
   * (a name that keeps the words beats one that only looks alike) and by whether the user's
   * synonyms use the concept. Both sides are compared as `approxKey` words: a candidate's name
   * comes in that form already (stemming it again would change it: "diseas" -> "disea").
   */
  private near(text: string, type: string): LinkedConcept[] {
    return this.nearRanked(text, type)
      .filter((r) => r.match.shares)
      .map((r) => r.concept);
  }

  /** `near`'s candidates with how each one's matched name meets the mention's words (nearest.ts). */
  private nearRanked(text: string, type: string): Nearest[] {
    return nearestCandidates(this.nearest, text, type);
  }

  /** Whether the concept may name a mention of this type. */
  private allows(type: string, concept: Concept): boolean {
    return (this.options.typeAllows ?? groupsAllow)(type, concept.types);
  }

  /** Whether the concept's semantic group is known to fit the type (never with the caller's own type test). */
  private fits(type: string, concept: Concept): boolean {
    return this.options.typeAllows === undefined && groupsFit(type, concept.types);
  }

  /** A concept of `vocabulary` (already read) as a link. */
  private linked(vocabulary: Vocabulary, c: Concept, score: number, method: LinkMethod): LinkedConcept {
    return { id: c.id, name: c.name, vocabulary: vocabulary.label, altIds: c.altIds, score, method };
  }
}

const NO_CONTEXT: ReadonlySet<string> = new Set();
