/** The export command's files: the current analysis through the writers the CLI uses. */
import { NoteAnalysis, formats, toAnnotatedDocument } from '../engine';
import { ExportFormat, ExportResult } from '../protocol/protocol';

const { writeBratDocument, writeDocuments } = formats;

export function exportDocument(uri: string, analysis: NoteAnalysis, format: ExportFormat): ExportResult {
  const id = decodeURIComponent(uri.split('/').pop() ?? 'note').replace(/\.[^.]+$/, '');
  const doc = toAnnotatedDocument(id, analysis);
  const counts = { entities: doc.entities.length, relations: doc.relations.length, findings: doc.findings?.length ?? 0 };
  if (format === 'brat') {
    const { txt, ann, omitted } = writeBratDocument(doc);
    return {
      files: [
        { suffix: '.ann', content: ann },
        { suffix: '.txt', content: txt },
      ],
      ...counts,
      findings: 0,
      omitted,
    };
  }
  if (format === 'bioc') return { files: [{ suffix: '.bioc.json', content: writeDocuments('bioc', [doc]) }], ...counts };
  return { files: [{ suffix: '.jsonl', content: writeDocuments('jsonl', [doc]) }], ...counts };
}
