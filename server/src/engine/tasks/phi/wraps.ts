/**
 * Soft line breaks: notes are often typed or printed wrapped at a fixed width, so a phrase
 * runs on over a line break ("Parish is\nSts. Peter and Paul", "SISTER\nROSEMARIE LIVES",
 * "West Side of\nManchester"). The rules read a copy of the note with each such break as a
 * space: the same length, so every offset is the note's own.
 *
 * Invariants: only a break inside a paragraph becomes a space: the line before is full (within
 * WRAP_SLACK characters of the note's wrap width, at least MIN_WRAPPED long) and ends in no colon,
 * the line after is no blank line, no list item, no label ("Plan:", "- lasix") and no entry
 * opening with its time or date ("1900 ARRIVED"). A note
 * whose lines are paragraphs (no wrap width) keeps every break. Breaks are never added or moved.
 */

/** How far short of the wrap width a line may end and still be wrapped. */
const WRAP_SLACK = 18;
/** Lines shorter than this are headers or short entries, never wrapped text. */
const MIN_WRAPPED = 40;
/** Wider than this the lines are paragraphs, not a wrap width. */
const MAX_WIDTH = 132;
/** A line that opens a list item, a label or an entry stamped with its time or date ("1900 ARRIVED FROM OR", "3/4 0200 pt"). */
const LIST_OR_LABEL = /^[ \t]*(?:[-*\u2022#>=]|\d{1,2}[.)][ \t]|\(?[a-z]\)[ \t]|[A-Za-z][A-Za-z /&'-]{0,24}:|\d{4}\b|\d{1,2}[:/]\d)/;

/** `text` with its soft line breaks as spaces (the text itself where there are none). */
export function unwrapped(text: string): string {
  if (!text.includes('\n')) return text;
  const lines = text.split('\n');
  const width = wrapWidth(lines);
  if (width === 0) return text;
  let soft = false;
  const parts = lines.map((raw, i) => {
    if (i + 1 === lines.length) return raw;
    const line = raw.replace(/\r$/, '');
    const next = lines[i + 1];
    const wrapped = line.length >= Math.max(MIN_WRAPPED, width - WRAP_SLACK) && !/:[ \t]*$/.test(line) && /\S/.test(next) && !LIST_OR_LABEL.test(next);
    if (!wrapped) return raw + '\n';
    soft = true;
    // (CRLF: both characters become spaces.)
    return line + (raw.length > line.length ? '  ' : ' ');
  });
  return soft ? parts.join('') : text;
}

/** The note's wrap width: the longest line among the ninety per cent shortest, or 0 where lines are paragraphs. */
function wrapWidth(lines: string[]): number {
  const lengths = lines.map((l) => l.replace(/\r$/, '').length).filter((n) => n >= MIN_WRAPPED);
  // (Three such lines at least: a header and one sentence are no wrapped paragraph.)
  if (lengths.length < 3) return 0;
  lengths.sort((a, b) => a - b);
  const width = lengths[Math.min(lengths.length - 1, Math.floor(lengths.length * 0.9))];
  return width > MAX_WIDTH ? 0 : width;
}
