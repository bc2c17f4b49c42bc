/**
 * Tooltip text in lines broken at spaces, for the status item's tooltip.
 * No `vscode` import: unit tests load it (test/client/tooltipWrap.test.ts).
 */

/**
 * A tooltip's line width, in characters. VS Code's hovers are at most 500 px wide at 13 px,
 * some 80 characters of prose (STATEMENT_WIDTH); a line kept well under it (digits, capitals
 * and addresses are wider than prose) never needs the hover's own wrapping, which breaks
 * inside words where a text has no breakable space (a MarkdownString's appendText writes
 * every space as &nbsp;).
 */
export const TOOLTIP_WIDTH = 64;

/**
 * `text` in lines of at most `width` characters, broken at spaces only: a word is never
 * split ("medtuned-oracle" stays whole, hyphen and all); a word longer than the width has
 * a line of its own. Line breaks already in the text are kept.
 */
export function wrapAtSpaces(text: string, width = TOOLTIP_WIDTH): string[] {
  const lines: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ').filter((w) => w.length > 0)) {
      if (line && line.length + 1 + word.length > width) {
        lines.push(line);
        line = word;
      } else line = line ? `${line} ${word}` : word;
    }
    lines.push(line);
  }
  return lines;
}
