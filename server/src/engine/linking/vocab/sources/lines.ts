/**
 * Reading a large text file line by line without holding it: fixed-size chunks read with
 * fs.readSync, cut at the last line break so that a character split across chunks is never
 * decoded in halves. Synchronous: a build reads tens of millions of lines, and a generator over
 * readSync costs far less than a stream's events.
 */
import * as fs from 'node:fs';
import { InputError } from '../../../errors';

const CHUNK = 4 * 1024 * 1024;

export interface Line {
  text: string;
  /** 1-based. */
  number: number;
}

/** The file's lines (without `\r\n` or `\n`), numbered from 1; `onBytes` reports bytes read so far. */
export function* readLines(file: string, onBytes?: (read: number) => void): Generator<Line> {
  const fd = fs.openSync(file, 'r');
  try {
    let carry = Buffer.alloc(0);
    let number = 0;
    let read = 0;
    const buffer = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      const n = fs.readSync(fd, buffer, 0, CHUNK, null);
      read += n;
      onBytes?.(read);
      const data = n === 0 ? carry : Buffer.concat([carry, buffer.subarray(0, n)]);
      const cut = n === 0 ? data.length : data.lastIndexOf(10) + 1;
      if (cut > 0) {
        let text = data.toString('utf8', 0, cut);
        if (number === 0 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        const lines = text.split('\n');
        // The text ends with its last line's break: the piece after it is empty.
        if (n > 0 || text.endsWith('\n')) lines.pop();
        for (const line of lines) yield { text: line.endsWith('\r') ? line.slice(0, -1) : line, number: ++number };
      }
      if (n === 0) return;
      carry = Buffer.from(data.subarray(cut));
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** A message about one line of a file: `MRCONSO.RRF line 12: ...`. */
export class VocabInputError extends InputError {
  constructor(
    readonly file: string,
    readonly line: number | undefined,
    detail: string,
  ) {
    super(`${file}${line !== undefined ? ` line ${line}` : ''}: ${detail}`);
    this.name = 'VocabInputError';
  }
}

/** HTML/XML character references and the five named entities (MEDIC's names, MeSH XML). */
export function unescapeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(/&(#x[0-9a-fA-F]+|#\d+|amp|lt|gt|quot|apos);/g, (_, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return code <= 0x10ffff ? String.fromCodePoint(code) : _;
    }
    return { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }[e as 'amp'];
  });
}
