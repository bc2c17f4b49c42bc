/**
 * Notes on disk (engine/index.ts `notes`): which files are notes and which are outputs,
 * reading a note's text (an InputError for what is not one), the note beside an `.ann`,
 * and replacing a file atomically; the index of what the analyses of many notes found;
 * whether a note reads as literature rather than a clinical note (annotate's hint).
 */
export { writeFileAtomic } from '../atomicWrite';
export { isNoteFile, isNoteInFolder, isOutputFile, NOTE_EXTENSIONS, readNoteText } from '../noteFiles';
export { indexNote, NoteIndex } from '../noteIndex';
export type { IndexedMention } from '../noteIndex';
export { looksLikeLiterature } from '../text/literature';
