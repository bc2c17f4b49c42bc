/**
 * Notes on disk (engine/index.ts `notes`): which files are notes and which are outputs,
 * reading a note's text (a clear refusal for what is not one), the note beside an `.ann`,
 * and replacing a file atomically.
 */
export { writeFileAtomic, WriteRefusedError } from '../atomicWrite';
export { isNoteFile, isNoteInFolder, isOutputFile, NOTE_EXTENSIONS, NoteReadError, readNoteText } from '../noteFiles';
