/**
 * Linking a whole annotated document's entities (what `biomed annotate --vocab` writes): each
 * vocabulary links the entities of the types it serves, a document at a time, so that the
 * abbreviations the document defines count. An entity takes the concepts of the first
 * vocabulary (in the order given) that finds any by a name, and only when none does, the
 * first approximate match (a later vocabulary that has the name beats an earlier one's look-
 * alike); an entity some vocabulary serves but none links gets an empty `concepts` list and
 * no `ids`; an entity no vocabulary serves is left as it is.
 */
import { AnnotatedDocument, DocConcept } from '../formats/document';
import { Linker, MentionLink } from './linker';
import { ChoiceCounts, ChoiceModel, chooseWithModel } from './modelChoice';
import type { ChoiceDocument } from './modelChoice';
import { servedTypes } from './domain';
import { Vocabulary } from './types';
import { openVocabulary } from './vocab/open';

/** What linking needs of a mention. */
export interface LinkableMention {
  start: number;
  end: number;
  type: string;
  text: string;
}

export interface EntityLinker {
  linker: Linker;
  /** The entity types it links; undefined or empty: every type. */
  types?: readonly string[];
}

/** Whether a linker of `types` links entities of `type` (compared without case). */
export function servesType(types: readonly string[] | undefined, type: string): boolean {
  return !types || types.length === 0 || types.some((t) => t.toLowerCase() === type.toLowerCase());
}

/**
 * Per mention, the link of the first linker (in their order) that serves its type and finds a
 * concept by a name (any step but approximate search), else the first approximate one;
 * undefined where none finds any. Each linker reads the whole text, so the abbreviations it
 * defines count. A linker that throws (a file damaged past its header) is passed over when
 * `failed` is given (it is told which), else the error goes on.
 */
export function firstFound(
  text: string,
  mentions: readonly LinkableMention[],
  linkers: readonly (EntityLinker | undefined)[],
  failed?: (index: number, err: unknown) => void,
): (MentionLink | undefined)[] {
  const best: (MentionLink | undefined)[] = mentions.map(() => undefined);
  linkers.forEach((l, k) => {
    // A mention only looked-alike so far is offered to the later vocabularies too.
    const served = l ? mentions.flatMap((m, i) => (servesType(l.types, m.type) && (!best[i] || unsure(best[i]!)) ? [i] : [])) : [];
    if (!l || served.length === 0) return;
    let found: MentionLink[];
    try {
      found = l.linker.linkDocument(
        text,
        served.map((i) => ({ text: mentions[i].text, start: mentions[i].start, end: mentions[i].end, type: mentions[i].type })),
      );
    } catch (err) {
      if (!failed) throw err;
      failed(k, err);
      return;
    }
    served.forEach((i, n) => {
      const link = found[n];
      // A link by a name beats a look-alike; a look-alike beats candidates alone (a mention left unlinked keeps them).
      if (
        link.concepts.length > 0
          ? !best[i] || best[i]!.method === 'none' || link.method !== 'approximate'
          : !best[i] && link.candidates.some((c) => c.length > 0)
      )
        best[i] = link;
    });
  });
  return best;
}

/** Found only by look-alike names, or not linked at all: later vocabularies may do better. */
function unsure(link: MentionLink): boolean {
  return link.method === 'approximate' || link.method === 'none';
}

/**
 * An approximate match scoring under this is offered as a candidate and never taken as the
 * entity's link: on BC5CDR-disease's development split (MEDIC, training synonyms), 4 of the
 * 28 first matches under 0.4 were right ("warfarin" found Aspirin at 0.27).
 */
export const APPROXIMATE_FLOOR = 0.4;

/** The concepts a link gives its entity: none for a weak approximate match (its candidates stay on offer). */
export function takenConcepts(link: MentionLink | undefined): MentionLink['concepts'] {
  if (!link) return [];
  if (link.method === 'approximate' && Math.min(...link.concepts.map((c) => c.score)) < APPROXIMATE_FLOOR) return [];
  return link.concepts;
}

/**
 * Chooses among the candidates of a document's links (one per mention, in order), as
 * `chooseWithModel` (modelChoice.ts) does with a model; returns the links to keep.
 */
export type LinkChooser = (document: ChoiceDocument, links: readonly MentionLink[]) => Promise<readonly MentionLink[]>;

const UNLINKED: MentionLink = { concepts: [], method: 'none', candidates: [] };

/**
 * Sets `concepts` (and `ids`, one per concept) on the entities of `doc` the linkers serve;
 * with `choose` (annotate --model-choice), after it has chosen among their candidates.
 */
export async function linkEntities(doc: AnnotatedDocument, linkers: readonly EntityLinker[], choose?: LinkChooser): Promise<void> {
  const open = doc.entities.filter((e) => !(e.concepts && e.concepts.length > 0) && linkers.some((l) => servesType(l.types, e.type)));
  const found = firstFound(doc.text, open, linkers).map((l) => l ?? UNLINKED);
  const links = choose && open.length > 0 ? await choose({ text: doc.text, mentions: open }, found) : found;
  open.forEach((e, i) => {
    // The model's choice is taken as it is; the sieve's weak approximate match is not.
    const concepts: DocConcept[] = (choose ? (links[i]?.concepts ?? []) : takenConcepts(links[i])).map((c) => ({
      id: c.id,
      name: c.name,
      vocabulary: c.vocabulary,
      score: round(c.score),
      method: c.method,
      ...(c.altIds.length ? { altIds: [...c.altIds] } : {}),
    }));
    e.concepts = concepts;
    if (concepts.length > 0) e.ids = concepts.map((c) => c.id);
  });
}

/** Scores to three decimals: the file says what the linker decided, not float noise. */
const round = (x: number) => Math.round(x * 1000) / 1000;

/**
 * The vocabularies a command links whole documents with (`biomed annotate --vocab`), each
 * `.vocab` opened once for the run (a missing or damaged one: VocabFileError naming it), in
 * the order given, each serving its `types` (none given: its domain's, domain.ts; `all`: every type).
 */
export class DocumentLinking {
  /** What the model did over the documents linked with one (--model-choice), summed. */
  readonly choiceCounts: ChoiceCounts = { asked: 0, changed: 0, none: 0, unreadable: 0, failed: 0 };

  private constructor(
    private readonly vocabularies: readonly Vocabulary[],
    private readonly linkers: readonly EntityLinker[],
  ) {}

  static open(files: readonly { file: string; types?: readonly string[] }[]): DocumentLinking {
    const opened: Vocabulary[] = [];
    try {
      for (const { file } of files) opened.push(openVocabulary(file));
    } catch (err) {
      for (const v of opened) v.close();
      throw err;
    }
    return new DocumentLinking(
      opened,
      // The types the user gave, else those the vocabulary's domain fits (domain.ts).
      opened.map((v, i) => ({ linker: new Linker(v), types: servedTypes(files[i].types, v) })),
    );
  }

  /** Each vocabulary's label and the entity types it serves (undefined: every type), in order. */
  served(): { label: string; types?: readonly string[] }[] {
    return this.vocabularies.map((v, i) => ({ label: v.label, types: this.linkers[i].types }));
  }

  /** Links the entities of one document in place; with `model`, after it chose among the least sure links' candidates. */
  async link(doc: AnnotatedDocument, model?: ChoiceModel): Promise<void> {
    const choose: LinkChooser | undefined =
      model &&
      (async (document, links) => {
        const chosen = await chooseWithModel([document], links, (q) => model.ask(q), { width: model.width, onAnswer: model.onAnswer });
        for (const k of Object.keys(this.choiceCounts) as (keyof ChoiceCounts)[]) this.choiceCounts[k] += chosen.counts[k];
        return chosen.links;
      });
    await linkEntities(doc, this.linkers, choose);
  }

  /**
   * The concept that `id` names in the first vocabulary holding it (as its own ID, an
   * alternate or a source code): every ID of it, its own first, and its preferred name. A
   * search by any of a concept's IDs finds mentions stored under another of them.
   */
  conceptById(id: string): { ids: string[]; name: string } | undefined {
    for (const v of this.vocabularies) {
      const ordinal = v.byId(id);
      if (ordinal === undefined) continue;
      const c = v.concept(ordinal);
      return { ids: [c.id, ...c.altIds], name: c.name };
    }
    return undefined;
  }

  close(): void {
    for (const v of this.vocabularies) v.close();
  }
}
