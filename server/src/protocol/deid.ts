/**
 * *Save a De-identified Copy*: the workspace/executeCommand command every client runs (Biomed
 * NLP's own after its quick pick; Neovim, Emacs and others by its id). Arguments, either
 * `[uri, style?, target?]` or `[{ uri, style?, target? }]`: the open note's URI, `tags`
 * (the default) or `surrogates`, and the copy's file URI (default beside the note,
 * `name.deid.txt` for `name.txt`). The note itself is never written.
 */
export const SaveDeidentifiedCopyCommand = 'biomedNlp.saveDeidentifiedCopy';

export type DeidCopyStyle = 'tags' | 'surrogates';

export interface SaveDeidentifiedCopyParams {
  uri: string;
  style?: DeidCopyStyle;
  target?: string;
}

export interface SaveDeidentifiedCopyResult {
  /** The copy's file URI. */
  uri: string;
  style: DeidCopyStyle;
  /** Spans replaced, in all and by type (name, date, ...). */
  replaced: number;
  counts: Partial<Record<string, number>>;
  /** What was written, in words, as the server also shows it to clients other than Biomed NLP's. */
  message: string;
}

/** Each PHI type (name, date, ...) as a countable noun ("2 names, 1 phone number"): the server's messages and the client's counts. */
export const PHI_NOUNS: Readonly<Record<string, string>> = {
  name: 'name',
  date: 'date',
  age: 'age over 89',
  location: 'place',
  address: 'address',
  phone: 'phone number',
  email: 'e-mail address',
  url: 'URL',
  id: 'ID',
};
