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
