/**
 * Hover on an entity: its type, then how it relates to the other entities of its
 * sentence and its neighbours, in plain words, with the evidence sentences. Where curation is
 * on, the hover follows the annotator: a curated entity shows its curated type and says it
 * is curated, an unreviewed one says it is a suggestion, a rejected one is no entity. An
 * entity linked to a concept of the user's vocabularies names it (`MESH:D001281 Atrial
 * Fibrillation, MEDIC`) and the note's other mentions of the same concept. Note
 * text is escaped: a note could contain markdown or links, and the hover is never trusted.
 */
import { Hover, MarkupContent, MarkupKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import {
  ASSERTION_STATUSES,
  AssertionCue,
  AssertionStatus,
  CurationStore,
  NoteAnalysis,
  isEntityType,
  LABEL_WORDS,
  linking,
  Mention,
  Relation,
} from '../engine';
import { lspRange } from './ranges';

/** Escapes every character markdown or HTML could read as syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:"'=$@]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, ' ');
}

/**
 * A hover of ours in plain text, for a client that asks for it (hover.contentFormat): the
 * emphasis and code marks go, and what escapeMarkdown escaped is shown as written. Exact,
 * because every character of note text in a hover went through escapeMarkdown: an
 * unescaped `*`, `_` or backtick is always our own mark.
 */
function markdownToPlainText(markdown: string): string {
  return markdown.replace(/\\([\s\S])|\*\*|[*_`]/g, (_, escaped: string | undefined) => escaped ?? '');
}

/** `hover` with its markdown contents in plain text. */
export function plainTextHover(hover: Hover): Hover {
  const c = hover.contents;
  if (!MarkupContent.is(c) || c.kind !== MarkupKind.Markdown) return hover;
  return { ...hover, contents: { kind: MarkupKind.PlainText, value: markdownToPlainText(c.value) } };
}

type EntityLink = linking.EntityLink;
type NoteConcept = linking.NoteConcept;

/** The other mentions of the same concept listed at most (then "and N more"). */
export const MAX_ALSO = 5;

/** `MESH:D001281 Atrial Fibrillation, MEDIC`, with how it was found when not by its name, and the rule that chose it among concepts holding the name. */
export function conceptLine(c: NoteConcept): string {
  const how =
    c.method === 'abbreviation'
      ? ' *(an abbreviation this note defines)*'
      : c.method === 'approximate'
        ? ` *(approximate match: ${escapeMarkdown(c.how)}, score ${c.score.toFixed(2)})*`
        : c.method === 'composite'
          ? ' *(one part of the mention)*'
          : '';
  // Other concepts held the same name: which rule chose this one, so that a stranger that won by file order shows.
  const why = c.why ? ` *(of the concepts holding this name, chosen by: ${escapeMarkdown(c.why)})*` : '';
  return `${escapeMarkdown(c.id)} ${escapeMarkdown(c.name)}, ${escapeMarkdown(c.vocabulary)}${how}${why}`;
}

/** The concept lines of the link at `span`, and "Also in this note: …"; empty when it has no concept. */
export function conceptLines(doc: TextDocument, links: readonly EntityLink[], span: { start: number; end: number }): string[] {
  const own = links.find((l) => l.start === span.start && l.end === span.end);
  if (!own || own.concepts.length === 0) return [];
  const ids = new Set(own.concepts.map((c) => c.id));
  const others = links.filter((l) => l !== own && !(l.start === span.start && l.end === span.end) && l.concepts.some((c) => ids.has(c.id)));
  // A paragraph each: markdown would join lines of one paragraph into one.
  const lines = own.concepts.flatMap((c, i) => [...(i ? [''] : []), `Concept: ${conceptLine(c)}`]);
  if (others.length === 0) return lines;
  const line = (offset: number) => doc.positionAt(offset).line + 1;
  const listed = others.slice(0, MAX_ALSO).map((l) => `“${escapeMarkdown(l.text)}” (line ${line(l.start)})`);
  const more = others.length > MAX_ALSO ? `, and ${others.length - MAX_ALSO} more` : '';
  return [...lines, '', `Also in this note: ${listed.join(', ')}${more}`];
}

function quote(text: string): string {
  return `“${escapeMarkdown(text)}”`;
}

function sameSpan(a: Mention, b: Mention): boolean {
  return a.start === b.start && a.end === b.end;
}

function describe(doc: TextDocument, r: Relation): string {
  const words = LABEL_WORDS[r.label] ?? r.label;
  const line = (m: Mention) => doc.positionAt(m.start).line + 1;
  // The model's own layout was not trained on this kind of pair: say so beside the answer.
  const untrained = r.untrained ? ' *(untrained for this model: asked in the json layout)*' : '';
  // The model was trained on single sentences: a pair across two is read with that in mind.
  const across = r.sentences.length > 1 ? ' *(across sentences)*' : '';
  return `- ${quote(r.head.text)} (${r.head.type}, line ${line(r.head)}) **${words}** ${quote(r.tail.text)} (${r.tail.type}, line ${line(r.tail)}) \`${r.label}\`${across}${untrained}`;
}

/** The evidence of the relations shown: each sentence once, in document order; one quoted inline, more as a list with lines. */
function evidenceLines(doc: TextDocument, relations: readonly Relation[]): string[] {
  const spans = new Map<string, { start: number; end: number }>();
  for (const r of relations) for (const s of r.sentences) spans.set(`${s.start}:${s.end}`, s);
  const sorted = [...spans.values()].sort((a, b) => a.start - b.start || a.end - b.end);
  const text = (s: { start: number; end: number }) => quote(doc.getText().slice(s.start, s.end));
  if (sorted.length === 1) return [`Evidence: ${text(sorted[0])}`];
  return ['Evidence:', ...sorted.map((s) => `- ${text(s)} (line ${doc.positionAt(s.start).line + 1})`)];
}

/** How a hover names each status. */
const STATUS_WORDS: Record<AssertionStatus, string> = {
  negated: 'negated',
  possible: 'possible',
  historical: 'historical',
  hypothetical: 'hypothetical',
  family: 'someone other than the patient',
};

/** What a status means where its name alone misleads: historical is ConText's "known before this visit", not "over". */
const STATUS_MEANING: Partial<Record<AssertionStatus, string>> = {
  historical: 'known before this visit; it may still be active',
};

function cueWords(status: AssertionStatus, cue: AssertionCue | undefined, explain = true): string {
  const name = `**${STATUS_WORDS[status]}**`;
  const meaning = explain && STATUS_MEANING[status] ? ` — ${STATUS_MEANING[status]}` : '';
  if (!cue) return name + meaning;
  return (cue.by === 'section' ? `${name} (section: ${escapeMarkdown(cue.text)})` : `${name} by *${escapeMarkdown(cue.text)}*`) + meaning;
}

/**
 * The assertion status of an entity: each status with the trigger that set it ("negated by
 * *denies*") or its section, and which decided under rules+model. Empty for an affirmed entity.
 */
export function assertionLines(entity: Mention): string[] {
  const detail = entity.assertion;
  const set = ASSERTION_STATUSES.filter((s) => entity[s] || (s === 'possible' && entity.uncertain));
  const lines = set.map((s) => `- ${cueWords(s, detail?.triggers[s])}`);
  const overruled = detail?.overruled ? ASSERTION_STATUSES.filter((s) => detail.overruled![s]) : [];
  for (const s of overruled) lines.push(`- not ${cueWords(s, detail!.overruled![s], false)}: the model did not confirm it`);
  if (lines.length === 0) return [];
  const decided = detail?.source === 'model' ? 'decided by the model (rules+model)' : detail?.confirmed ? 'rules, confirmed by the model' : 'rules (ConText)';
  return [`Assertion, ${decided}:`, ...lines];
}

/** Markdown links to append to a relation's line (curation: accept / reject it), or undefined for none. */
export type RelationActions = (r: Relation) => string | undefined;

/**
 * Curation's links for a relation: command URIs of the client's Accept / Reject Relation
 * commands, with the same parameters their code actions carry (the client trusts exactly
 * these two commands in hovers).
 */
export function relationCommandLinks(doc: TextDocument): RelationActions {
  const link = (title: string, action: 'acceptRelation' | 'rejectRelation', r: Relation) => {
    const params = {
      uri: doc.uri,
      action,
      range: lspRange(doc, { start: r.head.start, end: r.head.start }),
      relation: { label: r.label, head: lspRange(doc, r.head), tail: lspRange(doc, r.tail) },
    };
    return `[${title}](command:biomedNlp.curation.${action}?${encodeURIComponent(JSON.stringify([params]))} "${title} this relation")`;
  };
  return (r) => `${link('Accept', 'acceptRelation', r)} · ${link('Reject', 'rejectRelation', r)}`;
}

/** The relations of `span` (an entity), their evidence, and whether they are still being computed. */
function relationLines(doc: TextDocument, analysis: NoteAnalysis, span: Mention, options: { relationActions?: RelationActions }): string[] {
  const lines: string[] = [];
  // Only the units around the entity: building the whole note's relations costs a keystroke the note.
  const relations = analysis.relations(span).filter((r) => sameSpan(r.head, span) || sameSpan(r.tail, span));
  const state = analysis.relationState(span.start);
  if (relations.length > 0) {
    lines.push(
      '',
      ...relations.map((r) => {
        const actions = options.relationActions?.(r);
        return actions ? `${describe(doc, r)} — ${actions}` : describe(doc, r);
      }),
    );
    lines.push('', ...evidenceLines(doc, relations));
  }
  if (state === 'pending') lines.push('', '*Relations of this sentence are still being computed…*');
  if (state === 'failed') lines.push('', '*Relations of this sentence could not be computed (see Biomed NLP: Show Log).*');
  return lines;
}

/** The curated entity of a known type under `offset` (the innermost; a discontinuous one only on its fragments). */
function curatedAt(store: CurationStore, offset: number) {
  return store
    .entities()
    .filter((e) => isEntityType(e.type) && (e.fragments ?? [e]).some((f) => f.start <= offset && offset < f.end))
    .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
}

/** A curated entity: the annotator's type and statuses, what the annotator did, then its relations. */
function curatedHover(
  doc: TextDocument,
  analysis: NoteAnalysis,
  store: CurationStore,
  offset: number,
  options: { relationActions?: RelationActions },
): Hover | undefined {
  const e = curatedAt(store, offset);
  if (!e) return undefined;
  const span: Mention = { start: e.start, end: e.end, type: e.type as Mention['type'], text: e.text };
  const model = analysis.entities(span).find((m) => sameSpan(m, span));
  const flags = ASSERTION_STATUSES.filter((s) => e.statuses.includes(s)).map((s) => STATUS_WORDS[s]);
  // Said from what the model suggested at the same span: accepted as it was, retyped, or added by hand.
  const what = !model
    ? 'added by an annotator'
    : model.type === e.type
      ? 'accepted by an annotator'
      : `an annotator changed the type from **${model.type}** (the model's) to **${e.type}**`;
  const lines = [`**${e.type}** ${quote(e.text)}${flags.length ? ` *(${flags.join(', ')})*` : ''}`, '', `Curated: ${what}.`];
  // The concept, and its other mentions among the curated entities (what the note holds).
  const concepts = conceptLines(doc, analysis.links(store.entities().filter((c) => isEntityType(c.type))), span);
  if (concepts.length) lines.push('', ...concepts);
  lines.push(...relationLines(doc, analysis, span, options));
  const at = e.fragments?.find((f) => f.start <= offset && offset < f.end) ?? e;
  return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: lspRange(doc, at) };
}

export function entityHover(
  doc: TextDocument,
  analysis: NoteAnalysis,
  offset: number,
  options: { relationActions?: RelationActions; curation?: CurationStore } = {},
): Hover | undefined {
  const store = options.curation;
  if (store) {
    const curated = curatedHover(doc, analysis, store, offset, options);
    if (curated) return curated;
  }
  // The entities of the sentence at `offset` only: the whole note's would cost a keystroke the note.
  const entity = analysis.entities({ start: offset, end: offset + 1 }).find((e) => e.start <= offset && offset < e.end);
  if (!entity) return undefined;
  if (store?.isReviewed(entity)) {
    const rejected = store.rejected().some((r) => sameSpan(r as Mention, entity));
    // A rejected suggestion is no entity (the note shows none there): no type, no relations.
    // One line says why, so that an annotator does not take it for something the model missed.
    // Otherwise a curated entity overlaps it elsewhere, and that one is what the note holds.
    if (!rejected) return undefined;
    return {
      contents: { kind: MarkupKind.Markdown, value: '*Rejected suggestion: an annotator rejected this; it is not an entity of this note.*' },
      range: lspRange(doc, entity),
    };
  }
  const flags = ASSERTION_STATUSES.filter((s) => entity[s] || (s === 'possible' && entity.uncertain)).map((s) => STATUS_WORDS[s]);
  const lines = [`**${entity.type}** ${quote(entity.text)}${flags.length ? ` *(${flags.join(', ')})*` : ''}`];
  // Where curation is on, a model entity not yet reviewed is a suggestion, and says so.
  if (store) lines.push('', 'Suggestion from the model, not yet reviewed.');
  const assertion = assertionLines(entity);
  if (assertion.length) lines.push('', ...assertion);
  const termsError = analysis.config.assertion?.termsError;
  if (termsError) lines.push('', `*${escapeMarkdown(termsError)}*`);
  const concepts = conceptLines(doc, analysis.linksAround(entity), entity);
  if (concepts.length) lines.push('', ...concepts);
  lines.push(...relationLines(doc, analysis, entity, options));
  // Engine recorded serves its answers as the model "recorded" (engine/models/recorded.ts): never taken for a model's.
  if (analysis.config.model === 'recorded') lines.push('', "*recorded answer, not a model's*");
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: lspRange(doc, entity),
  };
}
