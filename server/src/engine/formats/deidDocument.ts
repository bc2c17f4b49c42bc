/**
 * An annotated document moved onto its de-identified text (`biomed annotate`, `export` and
 * `report --deidentify`; the language server can use it as well): the text replaced as
 * deidentify.ts replaces it, and every span that points into it (entities, sentences and
 * their tokens, NLI hypotheses and evidence) moved past the replacements (mapOffset), its
 * words read from the new text, never kept from the old one. So an output holds the
 * de-identified text and offsets that point into it exactly, and no quoted field keeps a
 * string the replacement took out.
 */
import { segment } from '../text/segment';
import { sectionAt } from '../text/sections';
import { DeidEdit, Deidentified, DeidOptions, deidentify, mapOffset, touchesEdit } from '../tasks/phi/deidentify';
import { AnnotatedDocument, DocEntity, DocSentence } from './document';
import { TITLE_LENGTH } from './pubtator';

/** Infons whose value is no note text: kept as they are. */
const PLAIN_INFONS = new Set(['answers']);

/** A span of the old text on the new one: its offsets moved, its words those of the new text. */
export function projectSpan(edits: readonly DeidEdit[], newText: string, span: { start: number; end: number }): { start: number; end: number; text: string } {
  const start = mapOffset(edits, span.start, 'start');
  const end = Math.max(start, mapOffset(edits, span.end, 'end'));
  return { start, end, text: newText.slice(start, end) };
}

/**
 * The document on a de-identified text (`deid`: deidentify's result for `doc.text`). An
 * entity's text is the new text's words at its new offsets when it touches a replacement;
 * one that touches none keeps its text (a BRAT fragment entity's joined words stay as they
 * are). Sections are read again from the new text. Infon values are de-identified with the
 * same options (a title length moves with the title).
 */
export function projectDocument(doc: AnnotatedDocument, deid: Deidentified, options: DeidOptions): AnnotatedDocument {
  const { edits, text } = deid;
  let segments: ReturnType<typeof segment> | undefined;
  const entities = doc.entities.map((e): DocEntity => {
    const moved = projectSpan(edits, text, e);
    const out: DocEntity = { ...e, start: moved.start, end: moved.end };
    out.text = touchesEdit(edits, e.start, e.end) || e.text === doc.text.slice(e.start, e.end) ? moved.text : e.text;
    if (e.section !== undefined) {
      const section = sectionAt((segments ??= segment(text)), moved.start);
      if (section) out.section = section;
      else delete out.section;
    }
    return out;
  });
  const findings = doc.findings?.map((f) => ({
    label: f.label,
    hypothesis: projectSpan(edits, text, f.hypothesis),
    evidence: f.evidence.map((e) => projectSpan(edits, text, e)),
  }));
  const sentences = doc.sentences?.map((s): DocSentence => {
    const moved = projectSpan(edits, text, s);
    return { start: moved.start, end: moved.end, ...(s.tokens ? { tokens: s.tokens.map((t) => projectSpan(edits, text, t)) } : {}) };
  });
  let infons: Record<string, string> | undefined;
  if (doc.infons) {
    infons = {};
    for (const [k, v] of Object.entries(doc.infons)) {
      if (k === TITLE_LENGTH && /^\d+$/.test(v)) infons[k] = String(mapOffset(edits, Number(v), 'end'));
      else infons[k] = PLAIN_INFONS.has(k) ? v : deidentify(v, options).text;
    }
  }
  return {
    ...doc,
    text,
    entities,
    ...(findings ? { findings } : {}),
    ...(sentences ? { sentences } : {}),
    ...(infons ? { infons } : {}),
  };
}

/**
 * The document de-identified: its text by deidentify (detectPhi's spans), its spans moved onto
 * it. `done`: deidentify's result for this text and options, when the caller has it already.
 */
export function deidentifyDocument(doc: AnnotatedDocument, options: DeidOptions, done?: Deidentified): { document: AnnotatedDocument; deid: Deidentified } {
  const deid = done ?? deidentify(doc.text, options);
  return { document: projectDocument(doc, deid, options), deid };
}
