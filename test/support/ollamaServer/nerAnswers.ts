/** The oracle's NER answers: tag lines in the medtuned layout, an entity list in the json layout, from gold. */
import { CLINICAL_TYPES, canonicalType, entitiesFrom, GoldIndex, IndexedDoc, Tok } from './goldIndex';
import { MedtunedNer } from './trainingLayout';

/** One `token : TAG` line per input token, joined by `\n` (the training output before its ` ` and ` \n</s>`). */
export function medtunedNer(gold: GoldIndex, q: MedtunedNer): string {
  // The client's tokens, as it joined them: one answer line for each, whatever they are.
  const input = q.input.split(' ').filter((t) => t !== '');
  const found = gold.findTokenRun(input);
  if (found) {
    const { doc, first } = found;
    return input.map((t, i) => `${t} : ${tagToken(doc, doc.tokens[first + i], q.task)}`).join('\n');
  }
  // A corpus's own tokens (IOB: `Na+`, `2.5`) need not be this oracle's: find them by
  // their characters instead, whitespace aside.
  const placed = gold.findCharacters(input);
  return input.map((t, i) => `${t} : ${placed ? tagToken(placed.doc, placed.tokens[i], q.task) : 'O'}`).join('\n');
}

/** A token's tag: B or I of a wanted gold entity over it (typed, e.g. B-PROBLEM, for the clinical task), else O. */
function tagToken(doc: IndexedDoc, tok: Tok, task: MedtunedNer['task']): string {
  let inside: string | undefined;
  for (let k = entitiesFrom(doc, tok.start); k < doc.entities.length; k++) {
    const e = doc.entities[k];
    if (e.start >= tok.end) break;
    const type = canonicalType(e.type);
    const wanted = task === 'clinical' ? CLINICAL_TYPES.includes(type) : type === task;
    if (!wanted || e.end <= tok.start) continue;
    const label = task === 'clinical' ? `-${type.toUpperCase()}` : '';
    // A token holding the entity's first character begins it (also when gold starts mid-token).
    if (e.start >= tok.start) return `B${label}`;
    inside ??= `I${label}`;
  }
  return inside ?? 'O';
}

/** `{"entities": [{text, type}]}`: the gold entities of the wanted types inside the text, in gold order. */
export function jsonNer(gold: GoldIndex, types: string[], text: string): string {
  const wanted = new Map<string, string>();
  for (const t of types) if (!wanted.has(canonicalType(t))) wanted.set(canonicalType(t), t);
  const found = gold.findText(text);
  const entities: Array<{ text: string; type: string }> = [];
  if (found) {
    for (const e of found.doc.entities) {
      const type = wanted.get(canonicalType(e.type));
      if (type !== undefined && e.start >= found.start && e.end <= found.end) {
        entities.push({ text: found.doc.doc.text.slice(e.start, e.end), type });
      }
    }
  }
  return JSON.stringify({ entities });
}
