/**
 * The protocol of concept linking's vocabularies (re-exported by protocol.ts, which the client
 * imports): building one from a file the user picks, and searching their names as the user
 * types. Types and plain descriptors only, as protocol.ts.
 */
import { request } from './descriptors';
import type { LspRange } from './descriptors';

/** Client to server: a vocabulary file built into a `.vocab` (beside it, else in `fallbackDir`) with window progress; the file written, or why not (`error`, file and line). */
export type AddVocabularyParams = { source: string; format: import('../engine/linking/vocab').VocabFormat; label?: string; fallbackDir?: string };
export type AddVocabularyResult = { path?: string; label?: string; concepts?: number; error?: string };
export const AddVocabularyRequest = request<AddVocabularyParams, AddVocabularyResult>('biomedNlp/addVocabulary');

/**
 * The client's command "Link: Search the Vocabulary…", offered as a code action on an entity
 * that a vocabulary serves (Biomed NLP's own client only): a quick pick whose items the
 * server finds as the user types (SearchVocabularyRequest); the concept chosen is stored as a
 * Link quick fix stores it (CurateCommand, action `link`).
 */
export const SearchVocabularyCommand = 'biomedNlp.searchVocabulary';
/** The command's argument: the entity (where a Link quick fix acts), its type and text (the search's first text). */
export type SearchVocabularyArgs = { uri: string; range: LspRange; version?: number; type?: string; text?: string };
/** `type`: only the vocabularies serving it; `limit`: at most this many concepts. */
export type SearchVocabularyParams = { query: string; limit?: number; type?: string };
/** A concept whose name matched: `how` prefix (a name starts with the text), word (has its words), approximate (looks alike); `matched`: that name, folded, when not the preferred one. */
export type SearchVocabularyItem = { id: string; name: string; vocabulary: string; how: 'prefix' | 'word' | 'approximate'; matched?: string };
export const SearchVocabularyRequest = request<SearchVocabularyParams, SearchVocabularyItem[]>('biomedNlp/searchVocabulary');
