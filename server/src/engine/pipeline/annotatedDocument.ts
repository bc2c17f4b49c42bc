/**
 * An analysis as an AnnotatedDocument, the shape every writer takes: what the export
 * command of the editor and `biomed annotate` both write.
 */
import type { NoteAnalysis } from './noteAnalysis';
import { AnnotatedDocument, DocEntity, DocFinding, DocRelation, setStatus, statusesOf } from '../formats/document';
import { sectionAt } from '../text/sections';

export function toAnnotatedDocument(id: string, analysis: NoteAnalysis): AnnotatedDocument {
  const entities: DocEntity[] = analysis.entities().map((e, i) => {
    const d: DocEntity = { id: `T${i + 1}`, type: e.type, start: e.start, end: e.end, text: e.text };
    // Only the statuses that are set: an affirmed entity has none.
    for (const s of statusesOf(e)) setStatus(d, s, true);
    // From the analysis's own sentences: the sections its assertion rules saw.
    const section = sectionAt(analysis.sentences, e.start);
    if (section) d.section = section;
    return d;
  });
  const idOf = new Map(entities.map((e) => [`${e.start}:${e.end}:${e.type}`, e.id]));
  const relations: DocRelation[] = [];
  for (const r of analysis.relations()) {
    const head = idOf.get(`${r.head.start}:${r.head.end}:${r.head.type}`);
    const tail = idOf.get(`${r.tail.start}:${r.tail.end}:${r.tail.type}`);
    if (head && tail) relations.push({ id: `R${relations.length + 1}`, label: r.label, head, tail, ...(r.untrained ? { untrained: true } : {}) });
  }
  const findings: DocFinding[] = (analysis.nliFindings() ?? [])
    .filter((f) => f.state === 'done' && f.label)
    .map((f) => ({
      label: f.label!,
      hypothesis: { start: f.hypothesis.start, end: f.hypothesis.end, text: f.hypothesis.text },
      evidence: f.evidence.map((e) => ({ start: e.start, end: e.end, text: e.text })),
    }));
  return { id, text: analysis.text, entities, relations, findings };
}
