/**
 * The json layout (instruction-formats.md): chat prompts with a `format` that general
 * instruct models answer as JSON. Which task a /api/chat body asks, and its fields.
 */
import type { WireJson } from './http';
import { canonicalType } from './goldIndex';
import { NliQuery, splitNliInput } from './trainingLayout';

/** A relation prompt of the json layout: the marked sentence and the pairs it asks. */
export interface JsonRelationQuery {
  /** The text of the user turn after `Text: `, markers included. */
  marked: string;
  pairs: Array<{ id: string; head: string; headType: string; tail: string; tailType: string }>;
}

/** The user turn of a json NER prompt: `Entity types: a, b\nText: {text}`. */
const JSON_NER_MESSAGE = /^Entity types: ([^\n]*)\nText: ([\s\S]*)$/;

/**
 * A field of note text in a json-layout user turn: a JSON string when the client fences
 * note text as data (quotes and escapes), else the raw text.
 */
function dataField(field: string): string {
  if (!field.startsWith('"')) return field;
  try {
    const v = JSON.parse(field);
    return typeof v === 'string' ? v : field;
  } catch {
    return field;
  }
}

/** The json NLI layout: /api/chat with a `format`, the last user turn `Sentence 1: ...\nSentence 2: ...`. */
export function parseJsonNli(body: WireJson): NliQuery | undefined {
  if (!body || body.format === undefined || body.format === null || body.format === '') return undefined;
  if (!Array.isArray(body.messages)) return undefined;
  const users = body.messages.filter((m: WireJson) => m && m.role === 'user' && typeof m.content === 'string');
  if (users.length === 0) return undefined;
  const q = splitNliInput(users[users.length - 1].content);
  return q && { premise: dataField(q.premise), hypothesis: dataField(q.hypothesis) };
}

/** The json layout: /api/chat with a `format`, the last user message naming types and text. */
export function parseJsonNer(body: WireJson): { types: string[]; text: string } | undefined {
  if (!body || body.format === undefined || body.format === null || !Array.isArray(body.messages)) return undefined;
  const users = body.messages.filter((m: WireJson) => m && m.role === 'user' && typeof m.content === 'string');
  if (users.length === 0) return undefined;
  const m = JSON_NER_MESSAGE.exec(users[users.length - 1].content);
  if (!m) return undefined;
  const types = m[1]
    .split(',')
    .map((t) => t.trim().toLowerCase())
    .filter((t) => t !== '');
  return { types, text: dataField(m[2]) };
}

/**
 * The json relation layout: /api/chat with a `format`, the last user turn
 * `Text: {sentence with <e1>..</e1> markers}\nPairs:\nP1: e1 (type) -> e2 (type)\n...`.
 */
export function parseJsonRelation(body: WireJson): JsonRelationQuery | undefined {
  if (!body || body.format === undefined || body.format === null || body.format === '') return undefined;
  if (!Array.isArray(body.messages)) return undefined;
  const users = body.messages.filter((m: WireJson) => m && m.role === 'user' && typeof m.content === 'string');
  if (users.length === 0) return undefined;
  const content: string = users[users.length - 1].content;
  if (!content.startsWith('Text: ')) return undefined;
  // The sentence may hold line breaks; the pair lines never hold this one.
  const cut = content.lastIndexOf('\nPairs:\n');
  if (cut < 0) return undefined;
  const pairs: JsonRelationQuery['pairs'] = [];
  for (const line of content.slice(cut + '\nPairs:\n'.length).split('\n')) {
    if (line.trim() === '') continue;
    const p = /^\s*(P\d+): (e\d+) \(([^)]*)\) -> (e\d+) \(([^)]*)\)\s*$/.exec(line);
    if (!p) return undefined;
    pairs.push({ id: p[1], head: p[2], headType: canonicalType(p[3]), tail: p[4], tailType: canonicalType(p[5]) });
  }
  return { marked: dataField(content.slice('Text: '.length, cut)), pairs };
}

/** The sentence without `<eN>`/`</eN>` markers, and each marked span's offsets in it. */
export function stripMarkers(marked: string): { text: string; spans: Map<string, { start: number; end: number }> } {
  let text = '';
  let at = 0;
  const open = new Map<string, number>();
  const spans = new Map<string, { start: number; end: number }>();
  for (const m of marked.matchAll(/<(\/?)(e\d+)>/g)) {
    text += marked.slice(at, m.index!);
    at = m.index! + m[0].length;
    if (m[1] === '') open.set(m[2], text.length);
    else if (open.has(m[2])) {
      spans.set(m[2], { start: open.get(m[2])!, end: text.length });
      open.delete(m[2]);
    }
  }
  text += marked.slice(at);
  return { text, spans };
}
