/**
 * MeSH XML: descriptors (`desc20XX.xml`, `<DescriptorRecord>`) and supplementary concepts
 * (`supp20XX.xml`, `<SupplementalRecord>`), streamed a record at a time (the files are
 * hundreds of megabytes; no XML library: each record's few fields are found by their tags).
 * A record gives its UI (`MESH:D…`/`MESH:C…`), its name, every term's string as a name, and its
 * semantic type names where present.
 */
import { normaliseId } from '../ids';
import { VocabReader } from '../sourceConcept';
import { readLines, unescapeEntities, VocabInputError } from './lines';
import { allMatches } from '../../../text/matches';

const START = /<(DescriptorRecord|SupplementalRecord)[\s>]/;
const END = /<\/(DescriptorRecord|SupplementalRecord)>/;
const UI = /<(DescriptorUI|SupplementalRecordUI)>\s*([^<]*?)\s*<\/\1>/;
/** An element's text: characters, or CDATA sections (`<![CDATA[a < b]]>`), which XML allows anywhere in it. */
const CONTENT = '((?:[^<]|<!\\[CDATA\\[[\\s\\S]*?\\]\\]>)*)';
const NAME = new RegExp(`<(DescriptorName|SupplementalRecordName)>\\s*<String>${CONTENT}<\\/String>`);
const TERM = new RegExp(`<Term\\b[^>]*>[\\s\\S]*?<String>${CONTENT}<\\/String>`, 'g');
const SEMANTIC_TYPE = new RegExp(`<SemanticTypeName>${CONTENT}<\\/SemanticTypeName>`, 'g');

/** The text of element content: entities unescaped, CDATA sections taken as they are. */
function textOf(content: string): string {
  return content
    .split(/(<!\[CDATA\[[\s\S]*?\]\]>)/)
    .map((part) => (part.startsWith('<![CDATA[') ? part.slice(9, -3) : unescapeEntities(part)))
    .join('')
    .trim();
}

export const readMeshXml: VocabReader = (file, options, sink) => {
  const name = file;
  let pending = '';
  let startLine = 0;
  let sawRecordSet = false;
  for (const { text, number } of readLines(file, options.onBytes)) {
    if (!sawRecordSet) {
      if (/<(DescriptorRecordSet|SupplementalRecordSet)\b/.test(text)) sawRecordSet = true;
      else if (number > 50 || START.test(text))
        throw new VocabInputError(name, number, 'no <DescriptorRecordSet> or <SupplementalRecordSet>: is it MeSH XML (desc/supp)?');
      continue;
    }
    if (!pending) {
      const start = text.search(START);
      if (start < 0) continue;
      startLine = number;
      pending = text.slice(start);
    } else pending += '\n' + text;
    let end: RegExpExecArray | null;
    while ((end = END.exec(pending))) {
      const record = pending.slice(0, end.index + end[0].length);
      const rest = pending.slice(end.index + end[0].length);
      const ui = UI.exec(record)?.[2];
      const label = NAME.exec(record)?.[2];
      if (!ui) throw new VocabInputError(name, startLine, 'a record without its <DescriptorUI> or <SupplementalRecordUI>');
      if (!label?.trim()) throw new VocabInputError(name, startLine, `record ${ui} has no name (<DescriptorName><String>)`);
      const names = allMatches(TERM, record).map((m) => textOf(m[1]));
      const types = [...new Set(allMatches(SEMANTIC_TYPE, record).map((m) => textOf(m[1])))];
      sink({ id: normaliseId(ui), name: textOf(label), names, altIds: [], types, file: name, line: startLine });
      const next = rest.search(START);
      pending = next < 0 ? '' : rest.slice(next);
    }
  }
  if (!sawRecordSet) throw new VocabInputError(name, undefined, 'no <DescriptorRecordSet> or <SupplementalRecordSet>: is it MeSH XML (desc/supp)?');
  if (pending.trim()) throw new VocabInputError(name, startLine, 'the file ends inside a record (is it cut short?)');
};
