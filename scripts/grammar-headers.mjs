// Generates the grammar's header rules of syntaxes/clinical-note.tmLanguage.json from the
// segmenter's word lists (server/src/engine/text/segmentWords.json) and its section vocabulary
// (sectionVocabulary.json), so that what the grammar colours as a header is what the server
// takes for one (text/labels.ts isHeaderLine, inlineLabelLength): the whole-line rule
// (`header-line`: a line ending in a colon; a known section name alone in Title Case; a line in
// capitals that ends in a word sections are named with) and the inline rule (`inline-header`:
// a known section name in any case, or a label in capitals, before text). `npm run
// grammar:headers` rewrites those two lines of the grammar; test/package/grammar.test.ts
// imports the generators and fails when the grammar is stale.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const GRAMMAR = 'syntaxes/clinical-note.tmLanguage.json';

// A line ending in a colon (with a letter somewhere).
const COLON = '^(?:\\s*(?=[^\\n]*\\p{L})[^\\n]*:\\s*$';
// A line in capitals: not a list item, no lower case, fewer than 3 digits (then the word it ends in, then the rest).
const CAPS_HEAD =
  '\\s*(?!(?:\\d{1,3}(?:\\.\\d{1,3})*[.)]|\\((?:\\d{1,3}|i|[ivx]{2,4})\\)|[a-z]\\)|[A-Z]\\)|[ivx]{2,4}\\)|(?:I|[IVX]{2,4})\\.|[-*\\x{2022}\\x{2023}\\x{25E6}\\x{2043}\\x{2013}\\x{2014}\\x{00B7}\\x{2219}\\x{25AA}\\x{25AB}\\x{25A0}\\x{25A1}\\x{25CF}\\x{25CB}\\x{25C6}\\x{25C7}\\x{25BA}\\x{25B8}\\x{27A2}\\x{2713}\\x{2714}\\x{F0B7}]|#(?!#)(?![ \\t]+\\p{Ll}))(?=\\s|$))(?![^\\n]*\\p{Ll})(?!(?:[^\\n]*\\d){3})';
const CAPS_TAIL = ')(?:\\s[-\\x{2013}\\x{2014}]\\s[^\\n]*)?\\s*$)(?=(?:[^\\p{L}\\n]*\\p{L}){3})(?!\\s*(?:\\S+\\s+){10}\\S)[^\\n]*[^\\s.!?;,]\\s*$)';

const esc = (s) => s.replace(/[.*+?^${}()|[\]\\/-]/g, (c) => '\\' + c);
const longestFirst = (a, b) => b.length - a.length;

/** The section vocabulary's names, lower case (a canonical section names itself). */
export function sectionNames(vocabulary) {
  return [...new Set(Object.entries(vocabulary.sections).flatMap(([name, entry]) => [name, ...entry.headers]))];
}

/** The `match` of the grammar's `header-line` rule, from the segmenter's word lists and section vocabulary. */
export function headerLineMatch(words, vocabulary) {
  // A name of one letter (the SOAP "S:") is a header only before a colon.
  const known = sectionNames(vocabulary).filter((n) => n.length > 1);
  const named = [...new Set(words.headerWords)].filter((w) => w.length > 1 && !words.connectives.includes(w));
  // Title Case: a word that is no connective starts with a capital (the rest in any case).
  const title = (name) =>
    name
      .split(/(\s+)/)
      .map((part) => {
        if (/^\s+$/.test(part)) return '\\s+';
        if (words.connectives.includes(part)) return `(?i:${esc(part)})`;
        const [first, rest] = [part[0], part.slice(1)];
        const head = /[a-z]/.test(first) ? first.toUpperCase() : esc(first);
        return rest ? `${head}(?i:${esc(rest)})` : head;
      })
      .join('');
  const knownAlone = `\\s*(?:${known.sort(longestFirst).map(title).join('|')})\\s*$`;
  const endsNamed = `(?=(?:[^\\n]*[\\s,/&-])?(?i:${named.sort(longestFirst).map(esc).join('|')}`;
  return `${COLON}|${knownAlone}|${CAPS_HEAD}${endsNamed}${CAPS_TAIL}`;
}

/**
 * The `match` of the grammar's `inline-header` rule: a section name in any case, a one-letter
 * SOAP label in capitals before a word ("S: feels better", not the pulse "P: 88"), or a label
 * in capitals of at least 3 letters and at most 6 words, then a colon and text.
 */
export function inlineHeaderMatch(vocabulary) {
  const names = sectionNames(vocabulary);
  const long = names.filter((n) => n.length > 1).sort(longestFirst);
  const single = names
    .filter((n) => n.length === 1)
    .map((n) => n.toUpperCase())
    .sort();
  const anyCase = long.map((n) => esc(n).replace(/ /g, '\\s+')).join('|');
  const soap = single.length ? `|[${single.join('')}](?=\\s*:\\s*\\p{L})` : '';
  return `^\\s*((?:(?i:${anyCase})${soap}|${CAPS_LABEL})\\s*:)(?=\\s*\\S)`;
}

const CAPS_LABEL = '(?!(?:[A-Z&/\\-]+\\s+){6}[A-Z&/\\-])(?=(?:[ &/\\-]*[A-Z]){3})[A-Z][A-Z &/\\-]*';

const read = (file) => JSON.parse(fs.readFileSync(path.join(root, 'server/src/engine/text', file), 'utf8'));

if (import.meta.url === `file://${process.argv[1]}`) {
  const words = read('segmentWords.json');
  const vocabulary = read('sectionVocabulary.json');
  const file = path.join(root, GRAMMAR);
  let text = fs.readFileSync(file, 'utf8');
  const grammar = JSON.parse(text);
  // Only those two lines change: the file keeps its layout.
  for (const [rule, match] of [
    ['header-line', headerLineMatch(words, vocabulary)],
    ['inline-header', inlineHeaderMatch(vocabulary)],
  ])
    text = text.replace(JSON.stringify(grammar.repository[rule].match), () => JSON.stringify(match));
  fs.writeFileSync(file, text);
}
