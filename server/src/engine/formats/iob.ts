/**
 * CoNLL / IOB: one token per line, `token\tTAG` (or `token TAG`, whitespace separated),
 * a blank line between sentences. With more than two columns the token is the first and
 * the tag the last (CoNLL-2003 layout). `-DOCSTART-` lines end a sentence and are dropped.
 *
 * Reading gives one document per sentence: `text` = the tokens joined by single spaces,
 * `sentences: [{start: 0, end: text.length, tokens}]` (the corpus's own tokens, UTF-16
 * offsets), no relations, entities `T1`, `T2`, ... from the tags by conlleval's chunk rules
 * (see eval/conlleval.ts: I- after O or after another type starts a chunk; IOBES / BILOU
 * prefixes are read too; a bare `B`/`I` takes `opts.defaultType`, by default `Entity`).
 * Document ids are `opts.idPrefix` (default `s`) + the sentence number from 1. A line that
 * is not `token TAG` with a valid tag is skipped and counted (its token is lost).
 *
 * Writing: for each document, each sentence's tokens (the sentence's own `tokens`, else the
 * sentence's text tokenised with text/tokenize; a document without sentences is one
 * sentence, tokenised) as `token\tTAG` lines, a blank line after each sentence. An entity
 * is tagged B-/I- over every token it touches (widened to token boundaries); an entity
 * that touches a token already tagged by an earlier one (entities taken by start, longer
 * first) is left out, since IOB cannot nest. Tabs and line breaks in tokens and types are
 * written as spaces (in types: `_`), an empty type as a bare `B`/`I`. A document with
 * several sentences reads back as several documents.
 */
import { chunks, parseTag } from '../text/chunkTags';
import { tokenize } from '../text/tokenize';
import { AnnotatedDocument, countSkip, DocEntity, DocToken, SkipCounts, totalSkipped } from './document';

export interface IobOptions {
  /** Type of bare `B` / `I` tags; default `Entity`. */
  defaultType?: string;
  /** Document ids are this prefix + the sentence number from 1; default `s`. */
  idPrefix?: string;
}

export interface IobReadResult {
  documents: AnnotatedDocument[];
  /** Malformed lines skipped. */
  skipped: number;
  /** The skipped lines by reason: invalid tag, truncated line. */
  skips: SkipCounts;
}

function sentenceDocument(id: string, rows: { token: string; tag: string }[], defaultType: string): AnnotatedDocument {
  const tokens: DocToken[] = [];
  let text = '';
  for (const r of rows) {
    if (text !== '') text += ' ';
    tokens.push({ start: text.length, end: text.length + r.token.length, text: r.token });
    text += r.token;
  }
  const entities: DocEntity[] = chunks(
    rows.map((r) => r.tag),
    defaultType,
  ).map((c, i) => {
    const start = tokens[c.start].start;
    const end = tokens[c.end - 1].end;
    return { id: `T${i + 1}`, type: c.type, start, end, text: text.slice(start, end) };
  });
  return { id, text, entities, relations: [], sentences: [{ start: 0, end: text.length, tokens }] };
}

/** Parses IOB text, counting the malformed lines it skips. */
export function parseIob(text: string, opts: IobOptions = {}): IobReadResult {
  const defaultType = opts.defaultType ?? 'Entity';
  const prefix = opts.idPrefix ?? 's';
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const documents: AnnotatedDocument[] = [];
  const skips: SkipCounts = {};
  let rows: { token: string; tag: string }[] = [];
  const end = () => {
    if (rows.length) documents.push(sentenceDocument(`${prefix}${documents.length + 1}`, rows, defaultType));
    rows = [];
  };
  for (const line of body.split(/\r\n|\r|\n/)) {
    if (line.trim() === '') {
      end();
      continue;
    }
    if (line.startsWith('-DOCSTART-')) {
      end();
      continue;
    }
    const fields = line.includes('\t') ? line.split('\t').map((f) => f.trim()) : line.trim().split(/[ ]+/);
    const token = fields[0];
    const tag = fields[fields.length - 1];
    if (fields.length < 2 || token === '') {
      countSkip(skips, 'truncated line');
      continue;
    }
    if (!parseTag(tag)) {
      countSkip(skips, 'invalid tag');
      continue;
    }
    rows.push({ token, tag });
  }
  end();
  return { documents, skipped: totalSkipped(skips), skips };
}

/** One document per sentence of IOB text; malformed lines are skipped. */
export function readIob(text: string, opts: IobOptions = {}): AnnotatedDocument[] {
  return parseIob(text, opts).documents;
}

function tokensOf(doc: AnnotatedDocument): DocToken[][] {
  if (!doc.sentences || doc.sentences.length === 0) return [tokenize(doc.text)];
  return doc.sentences.map((s) => s.tokens ?? tokenize(doc.text.slice(s.start, s.end), s.start));
}

/** IOB text (`token\tTAG` lines, a blank line after each sentence) for the documents. */
export function writeIob(docs: AnnotatedDocument[]): string {
  const blocks: string[] = [];
  for (const doc of docs) {
    const sentences = tokensOf(doc)
      .map((ts) => ts.filter((t) => t.text !== ''))
      .filter((ts) => ts.length > 0);
    const all = sentences.flat();
    const tags: string[] = all.map(() => 'O');
    const entities = [...doc.entities].sort((a, b) => a.start - b.start || b.end - a.end);
    for (const e of entities) {
      const touched: number[] = [];
      all.forEach((t, i) => {
        if (t.start < e.end && t.end > e.start) touched.push(i);
      });
      if (touched.length === 0 || touched.some((i) => tags[i] !== 'O')) continue;
      const type = e.type.replace(/\s/g, '_');
      touched.forEach((i, k) => (tags[i] = (k === 0 ? 'B' : 'I') + (type ? '-' + type : '')));
    }
    let k = 0;
    for (const ts of sentences) {
      blocks.push(ts.map((t) => `${t.text.replace(/[\t\r\n]/g, ' ')}\t${tags[k++]}`).join('\n') + '\n\n');
    }
  }
  return blocks.join('');
}
