/**
 * A note's structure for the editor: `textDocument/documentSymbol` (the Outline and the
 * breadcrumbs: sections with their entities) and the side panel's overview (entities,
 * relations, NLI findings, progress). Both are read from the current version's analysis; the
 * entities are given (as curated where curation is on: curatedEntities.ts).
 */
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { formats, LABEL_WORDS, sectionOfSegment, segment } from '../engine';
import type { NoteAnalysis, Mention } from '../engine';

type Header = ReturnType<NoteAnalysis['headers']>[number];
import type { NoteOverview, NoteProgress, OverviewEntity } from '../protocol/protocol';
import { lspRange } from './ranges';
import { phiCounts } from './phi';

const { statusesOf } = formats;

/**
 * The Outline's icon for each entity type, chosen by the picture VS Code draws for the kind,
 * not by its programming meaning (the table in docs/guide/highlights-and-panel.md): a
 * condition is an event (lightning), what is given a pack (the method cube), a test a value
 * (#), a gene a structure.
 */
export const KIND_OF_TYPE: Record<string, SymbolKind> = {
  problem: SymbolKind.Event,
  disease: SymbolKind.Event,
  treatment: SymbolKind.Function,
  chemical: SymbolKind.Function,
  test: SymbolKind.Number,
  gene: SymbolKind.Struct,
};

/** A section of the note: a page (not the braces of a code namespace). */
export const SECTION_KIND = SymbolKind.File;

/** The headers of the note and where each section ends (the next header, or the end). */
function sections(text: string, headers: readonly Header[]): { name: string; header: string; start: number; end: number; headerEnd: number }[] {
  // Up to the end of the section's last non-blank character (trimEnd: the same blanks as the engine's).
  const trimmedEnd = (from: number, to: number) => from + text.slice(from, to).trimEnd().length;
  return headers.map((h, i) => ({
    name: h.section,
    header: h.text,
    start: h.start,
    headerEnd: h.end,
    end: trimmedEnd(h.start, i + 1 < headers.length ? headers[i + 1].start : text.length),
  }));
}

/**
 * Sections (by their header text) with their entities; entities before the first header are
 * top-level. An entity's detail is its type and statuses ("problem · negated"), with
 * `typeInName` also its name's end ("chest pain (problem · negated)"). Without an
 * analysis of this version (none yet), the sections of the text alone: the structure needs
 * no model, and the client asks again when entities come (biomedNlp/analysisChanged).
 */
export function documentSymbols(
  doc: TextDocument,
  analysis: NoteAnalysis | undefined,
  shown: readonly Mention[] | undefined = analysis?.entities(),
  options: { typeInName?: boolean } = {},
): DocumentSymbol[] {
  const entitySymbol = (m: Mention): DocumentSymbol => {
    const range = lspRange(doc, m);
    const detail = [m.type, ...statusesOf(m)].join(' · ');
    return {
      // Where a client shows no detail (Neovim's lists, imenu), the type is in the name: "warfarin (treatment)".
      name: options.typeInName ? `${m.text.replace(/\s+/g, ' ')} (${detail})` : m.text.replace(/\s+/g, ' '),
      detail,
      kind: KIND_OF_TYPE[m.type] ?? SymbolKind.Event,
      range,
      selectionRange: range,
    };
  };
  const text = doc.getText();
  const entities = shown ?? [];
  const out: DocumentSymbol[] = [];
  const secs = sections(text, analysis ? analysis.headers() : segment(text).filter((x) => x.kind === 'header'));
  for (const m of entities) if (!secs.length || m.start < secs[0].start) out.push(entitySymbol(m));
  for (const s of secs) {
    const children = entities.filter((m) => m.start >= s.start && m.start < Math.max(s.end, s.headerEnd)).map(entitySymbol);
    // The section as written ("PMH", without "**" or ":,"), and what it is where that differs ("past medical history").
    const canonical = sectionOfSegment(s.name);
    const count = `${children.length} ${children.length === 1 ? 'entity' : 'entities'}`;
    out.push({
      name: s.header.replace(/^\*\*\s*/, '').replace(/(?:\s*[:,*])+$/, ''),
      detail: canonical !== undefined && canonical !== s.name ? `${canonical} · ${count}` : count,
      kind: SECTION_KIND,
      range: lspRange(doc, { start: s.start, end: Math.max(s.end, s.headerEnd) }),
      selectionRange: lspRange(doc, { start: s.start, end: s.headerEnd }),
      children,
    });
  }
  return out;
}

/** What has been analysed of the note, by kind of work; with `phi`, the PHI the rules find counted (phi.ts). */
export function noteProgress(analysis: NoteAnalysis, phi: boolean | 'known' = false): NoteProgress {
  // 'known' (the status, sent with every change of state): counted only where found already, never found here.
  const found = phi === 'known' ? analysis.knownPhi() : phi ? analysis.sentencePhi() : undefined;
  const planned = analysis.nliFindings();
  const findings = planned ?? [];
  return {
    // The note's own segments (headers are asked like sentences), not those of every open note.
    sentences: { done: analysis.sentencesDone(), total: analysis.sentences.length },
    relations: {
      found: analysis.relationCount(),
      pending: !analysis.isComplete || !analysis.isStarted,
      looked: analysis.answeredOf('re'),
      failed: analysis.failedOf('re'),
    },
    // A failed check is not a checked statement: it is counted apart.
    statements: {
      done: findings.filter((f) => f.state === 'done').length,
      total: findings.length,
      failed: findings.filter((f) => f.state === 'failed').length,
      // Unplanned at the end: NLI is off (nothing to check); before it, not started yet.
      planned: planned !== undefined || analysis.isComplete,
    },
    ...(found ? { phi: phiCounts(found) } : {}),
  };
}

/** `shown`: the entities to list (as curated, where curation is on: curatedEntities.ts); the model's by default. */
export function noteOverview(doc: TextDocument, analysis: NoteAnalysis, shown: readonly Mention[] = analysis.entities(), phi = false): NoteOverview {
  const secs = sections(doc.getText(), analysis.headers());
  // Entities are in document order: the section moves forward with them.
  let k = -1;
  const sectionAt = (offset: number) => {
    while (k + 1 < secs.length && secs[k + 1].start <= offset) k++;
    return k >= 0 ? secs[k].name : '';
  };
  // One link per shown entity, in their order (a lookup in the user's vocabularies, no model call).
  const links = analysis.links(shown);
  const entities: OverviewEntity[] = shown.map((m, i) => {
    const concepts = (links[i]?.concepts ?? []).map(({ id, name, vocabulary }) => ({ id, name, vocabulary }));
    return {
      type: m.type,
      text: m.text,
      range: lspRange(doc, m),
      statuses: statusesOf(m),
      related: !!m.related,
      section: sectionAt(m.start),
      ...(concepts.length ? { concepts } : {}),
    };
  });
  const end = (m: Mention) => ({ range: lspRange(doc, m), text: m.text, type: m.type });
  return {
    uri: doc.uri,
    version: doc.version,
    pending: !analysis.isComplete,
    progress: noteProgress(analysis, phi),
    entities,
    relations: analysis.relations().map((r) => ({
      label: r.label,
      ...(LABEL_WORDS[r.label] ? { words: LABEL_WORDS[r.label] } : {}),
      head: end(r.head),
      tail: end(r.tail),
      ...(r.untrained ? { untrained: true } : {}),
    })),
    findings: (analysis.nliFindings() ?? []).map((f) => ({
      statement: f.hypothesis.text,
      range: lspRange(doc, f.hypothesis),
      state: f.state,
      ...(f.label ? { label: f.label } : {}),
      evidence: f.evidence.map((e) => ({ range: lspRange(doc, e), text: e.text })),
    })),
  };
}
