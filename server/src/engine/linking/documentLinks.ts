/**
 * Linking a whole annotated document's entities (what `biomed annotate --vocab` writes): each
 * vocabulary links the entities of the types it serves, a document at a time, so that the
 * abbreviations the document defines count. An entity takes the concepts of the first
 * vocabulary (in the order given) that finds any; an entity some vocabulary serves but none
 * links gets an empty `concepts` list and no `ids`; an entity no vocabulary serves is left as it is.
 */
import { AnnotatedDocument, DocConcept } from '../formats/document';
import { Linker } from './linker';

export interface EntityLinker {
  linker: Linker;
  /** The entity types it links (as the document writes them); undefined: every type. */
  types?: readonly string[];
}

/** Sets `concepts` (and `ids`, one per concept) on the entities of `doc` the linkers serve. */
export function linkEntities(doc: AnnotatedDocument, linkers: readonly EntityLinker[]): void {
  for (const { linker, types } of linkers) {
    const served = doc.entities.filter((e) => (types === undefined || types.includes(e.type)) && !(e.concepts && e.concepts.length > 0));
    if (served.length === 0) continue;
    const links = linker.linkDocument(
      doc.text,
      served.map((e) => ({ text: e.text, start: e.start, end: e.end, type: e.type })),
    );
    served.forEach((e, i) => {
      const concepts: DocConcept[] = links[i].concepts.map((c) => ({
        id: c.id,
        name: c.name,
        vocabulary: c.vocabulary,
        score: round(c.score),
        method: c.method,
      }));
      e.concepts = concepts;
      if (concepts.length > 0) e.ids = concepts.map((c) => c.id);
    });
  }
}

/** Scores to three decimals: the file says what the linker decided, not float noise. */
const round = (x: number) => Math.round(x * 1000) / 1000;
