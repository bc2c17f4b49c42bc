/**
 * What Add a Vocabulary… says once the `.vocab` is built: the toast names the file, the log
 * holds its whole path (a toast cuts a long path in the middle, where its name is).
 * No `vscode` import: unit tests load it (test/client/vocabularyMessage.test.ts).
 */

export interface VocabularyAdded {
  /** The name shown beside its concepts; the file's name when the server gave none. */
  label?: string;
  concepts: number;
  /** The `.vocab` written, as the server gives it. */
  path: string;
  /** Whose settings hold it: 'workspace' or 'user'. */
  where: string;
  /** The entity types it serves, in words. */
  serves: string;
}

/** A path's last part, whichever separator it uses (a Windows path read on any machine too). */
export function fileName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}

export function vocabularyAddedMessage(v: VocabularyAdded): { text: string; log: string } {
  const built = `${v.label ?? fileName(v.path)} (${v.concepts} concepts) built`;
  const added = `added to the ${v.where} settings for ${v.serves}`;
  return {
    text: `Biomed NLP: ${built} as ${fileName(v.path)} and ${added}.`,
    log: `Vocabulary ${built} at ${v.path} and ${added}.`,
  };
}
