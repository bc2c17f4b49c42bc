/**
 * The user's own synonyms as a vocabulary: the mentions of an annotated corpus (or links
 * accepted in curation), each a name of its gold concept. A composite mention's IDs are kept
 * joined (`MESH:D001943|MESH:D010051`): the linker reads such a concept as its parts.
 * Mentions without an ID are left out.
 */
import { LinkedMention } from '../formats/linkedMentions';
import { MemoryVocabulary, NamedConcept } from './memoryVocabulary';
import { Vocabulary } from './types';
import { normaliseId } from './vocab/ids';

export function synonymVocabulary(label: string, mentions: readonly LinkedMention[]): MemoryVocabulary {
  const byId = new Map<string, NamedConcept & { names: string[] }>();
  for (const m of mentions) {
    if (m.ids.length === 0 || !m.text.trim()) continue;
    const id = [...new Set(m.ids.map((raw) => normaliseId(raw)))].join('|');
    const concept = byId.get(id) ?? { id, name: m.text, names: [], altIds: [], types: [] };
    concept.names.push(m.text);
    byId.set(id, concept);
  }
  return new MemoryVocabulary(label, [...byId.values()]);
}

/**
 * The user's own names for a vocabulary: those its build brought (`vocab build --synonyms`,
 * kept in the `.vocab`) and `more` (`eval link --synonyms`), as one synonym vocabulary;
 * undefined when there are none. A name the build brought is the user's word for its concept,
 * not one more name among millions: the linker weighs it as such (ties.ts).
 */
export function ownNames(vocabulary: Vocabulary, more: readonly LinkedMention[] = []): MemoryVocabulary | undefined {
  const built: LinkedMention[] = (vocabulary.userNames?.() ?? []).flatMap(([id, names]) =>
    names.map((text) => ({ document: '', start: 0, end: 0, text, type: '', ids: [id], composite: false })),
  );
  return built.length + more.length > 0 ? synonymVocabulary('synonyms', [...built, ...more]) : undefined;
}
