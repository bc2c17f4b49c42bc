/** Gold spans of the fixture notes, in the shape the LSP tests compare tokens with. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBrat } from '../../server/src/engine/formats/brat';

export const NOTES_DIR = path.resolve(__dirname, '../../../test/fixtures/notes');

export interface Span {
  start: number;
  end: number;
  type: string;
}

export interface GoldRelation {
  label: string;
  head: Span;
  tail: Span;
}

export interface FixtureNote {
  name: string;
  file: string;
  text: string;
  gold: Span[];
  relations: GoldRelation[];
  /** The types this note is annotated with. */
  types: string[];
}

export function fixtureNote(name: string): FixtureNote {
  const file = fs.readdirSync(NOTES_DIR).find((f) => f === `${name}.note` || f === `${name}.txt`);
  if (!file) throw new Error(`no fixture note ${name}`);
  const text = fs.readFileSync(path.join(NOTES_DIR, file), 'utf8');
  const ann = parseBrat(fs.readFileSync(path.join(NOTES_DIR, `${name}.ann`), 'utf8'));
  const gold = ann.entities.map((e) => ({ start: e.spans[0].start, end: e.spans[0].end, type: e.type.toLowerCase() })).sort((a, b) => a.start - b.start);
  const byId = new Map(ann.entities.map((e) => [e.id, { start: e.spans[0].start, end: e.spans[0].end, type: e.type.toLowerCase() }]));
  const relations = ann.relations.map((r) => ({ label: r.label, head: byId.get(r.arg1)!, tail: byId.get(r.arg2)! }));
  return { name, file, text, gold, relations, types: [...new Set(gold.map((g) => g.type))].sort() };
}

export const CLINICAL_NOTES = ['discharge-heart-failure', 'ed-chest-pain', 'ed-fall-anticoagulation', 'progress-diabetes-ckd'];
export const LITERATURE_NOTES = ['abstract-cisplatin'];

export function spans(tokens: { start: number; end: number; type: string }[]): Span[] {
  return tokens.map(({ start, end, type }) => ({ start, end, type }));
}

/**
 * Rewrites `text` (LF) with a prefix and CRLF line ends, and maps gold offsets along, so
 * tests can check exact offsets through such changes.
 */
export function transform(note: FixtureNote, prefix: string, crlf: boolean): { text: string; gold: Span[] } {
  const body = crlf ? note.text.replace(/\n/g, '\r\n') : note.text;
  const map = (o: number) => prefix.length + o + (crlf ? (note.text.slice(0, o).match(/\n/g)?.length ?? 0) : 0);
  return { text: prefix + body, gold: note.gold.map((g) => ({ ...g, start: map(g.start), end: map(g.end) })) };
}
