/**
 * Gold for the test server's oracle from documents read with the production corpus
 * readers (PubTator, IOB, BRAT, BioC, JSON lines): the oracle then answers the prompts
 * of a corpus evaluation or annotation from that corpus's own annotations.
 */
import type { AnnotatedDocument } from '../../server/src/engine/formats/document';
import type { GoldDocument, GoldRelation } from './ollamaServer';

/**
 * One GoldDocument per document: name = id, the same text, entities with the corpus's
 * types as written (`SpecificDisease`, `Chemical`, `PROBLEM`: the oracle maps them),
 * relations by index into the entities (relations naming an unknown entity are dropped).
 */
export function goldFromDocuments(docs: readonly AnnotatedDocument[]): GoldDocument[] {
  return docs.map((doc) => {
    const index = new Map<string, number>();
    doc.entities.forEach((e, i) => {
      if (!index.has(e.id)) index.set(e.id, i);
    });
    const relations: GoldRelation[] = [];
    for (const r of doc.relations) {
      const arg1 = index.get(r.head);
      const arg2 = index.get(r.tail);
      if (arg1 !== undefined && arg2 !== undefined) relations.push({ label: r.label, arg1, arg2 });
    }
    return {
      name: doc.id,
      text: doc.text,
      entities: doc.entities.map((e) => ({ type: e.type, start: e.start, end: e.end })),
      relations,
    };
  });
}
