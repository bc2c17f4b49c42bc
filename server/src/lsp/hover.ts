/**
 * Hover on an entity: its type, then how it relates to the other entities of its
 * sentence and its neighbours, in plain words, with the evidence sentences. Note text is escaped: a note
 * could contain markdown or links, and the hover is never trusted.
 */
import { Hover, MarkupKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { ASSERTION_STATUSES, AssertionCue, AssertionStatus, DocumentAnalysis, LABEL_WORDS, Mention, Relation } from '../engine';
import { lspRange } from './ranges';

/** Escapes every character markdown or HTML could read as syntax. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>~&:"'=$@]/g, (c) => `\\${c}`).replace(/\r?\n|\r/g, ' ');
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

function cueWords(status: AssertionStatus, cue: AssertionCue | undefined): string {
  const name = `**${STATUS_WORDS[status]}**`;
  if (!cue) return name;
  return cue.by === 'section' ? `${name} (section: ${escapeMarkdown(cue.text)})` : `${name} by *${escapeMarkdown(cue.text)}*`;
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
  for (const s of overruled) lines.push(`- not ${cueWords(s, detail!.overruled![s])}: the model did not confirm it`);
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

export function entityHover(
  doc: TextDocument,
  analysis: DocumentAnalysis,
  offset: number,
  options: { relationActions?: RelationActions } = {},
): Hover | undefined {
  const entity = analysis.entities().find((e) => e.start <= offset && offset < e.end);
  if (!entity) return undefined;
  const flags = ASSERTION_STATUSES.filter((s) => entity[s] || (s === 'possible' && entity.uncertain)).map((s) => STATUS_WORDS[s]);
  const lines = [`**${entity.type}** ${quote(entity.text)}${flags.length ? ` *(${flags.join(', ')})*` : ''}`];
  const assertion = assertionLines(entity);
  if (assertion.length) lines.push('', ...assertion);
  const termsError = analysis.config.assertion?.termsError;
  if (termsError) lines.push('', `*${escapeMarkdown(termsError)}*`);
  const relations = analysis.relations().filter((r) => sameSpan(r.head, entity) || sameSpan(r.tail, entity));
  const state = analysis.relationState(entity.start);
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
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: lspRange(doc, entity),
  };
}
