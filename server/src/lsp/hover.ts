/**
 * Hover on an entity: its type, then how it relates to the other entities of its
 * sentence, in plain words, with the evidence sentence. Note text is escaped: a note
 * could contain markdown or links, and the hover is never trusted.
 */
import { Hover, MarkupKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { DocumentAnalysis, Relation } from '../engine/pipeline/analysis';
import { LABEL_WORDS } from '../engine/tasks/relations';
import { Mention } from '../engine/types';

/** Escapes every character markdown or HTML could read as syntax. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\\`*_{}[\]()#+\-.!|<>~&:"'=$@]/g, (c) => `\\${c}`)
    .replace(/\r?\n|\r/g, ' ');
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
  return `- ${quote(r.head.text)} (${r.head.type}, line ${line(r.head)}) **${words}** ${quote(r.tail.text)} (${r.tail.type}, line ${line(r.tail)}) \`${r.label}\`${untrained}`;
}

export function entityHover(doc: TextDocument, analysis: DocumentAnalysis, offset: number): Hover | undefined {
  const entity = analysis.entities().find((e) => e.start <= offset && offset < e.end);
  if (!entity) return undefined;
  const flags = [entity.negated ? 'negated' : '', entity.uncertain ? 'uncertain' : ''].filter(Boolean);
  const lines = [`**${entity.type}** ${quote(entity.text)}${flags.length ? ` *(${flags.join(', ')})*` : ''}`];
  const relations = analysis.relations().filter((r) => sameSpan(r.head, entity) || sameSpan(r.tail, entity));
  const state = analysis.relationState(entity.start);
  if (relations.length > 0) {
    lines.push('', ...relations.map((r) => describe(doc, r)));
    const sentence = relations[0].sentence;
    lines.push('', `Evidence: ${quote(doc.getText().slice(sentence.start, sentence.end))}`);
  }
  if (state === 'pending') lines.push('', '*Relations of this sentence are still being computed…*');
  if (state === 'failed') lines.push('', '*Relations of this sentence could not be computed (see Biomed NLP: Show Log).*');
  return {
    contents: { kind: MarkupKind.Markdown, value: lines.join('\n') },
    range: { start: doc.positionAt(entity.start), end: doc.positionAt(entity.end) },
  };
}
