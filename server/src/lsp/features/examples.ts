/**
 * Learning from curation (engine/curation/fewShot.ts): the curated sentences of a note's
 * folder are few-shot examples of its entity prompts. The pool of each folder is read once
 * and again only after curation changed it (an action, another tool writing a `.ann`),
 * never on a keystroke; the open notes whose examples change are then analysed again.
 */
import * as path from 'node:path';
import { CurationConfig, FolderExamples, FewShotExample } from '../../engine';
import { ServerContext } from '../context';
import { localPath } from '../files';
import { Settings } from '../settings';

export const folderOf = (uri: string): string | undefined => {
  const file = localPath(uri);
  return file === undefined ? undefined : path.dirname(file);
};

export class ExamplePools {
  private readonly folderExamples = new Map<string, FolderExamples>();
  /** The curated examples of each folder as last read. */
  private readonly pools = new Map<string, readonly FewShotExample[]>();

  constructor(
    private readonly ctx: ServerContext,
    private readonly curationActive: (uri: string) => boolean,
  ) {}

  /** The curated examples for a note's prompts; undefined where curation or few-shot is off. */
  config(uri: string, s: Settings): CurationConfig | undefined {
    const fewShot = s.engine.curation?.fewShot ?? 0;
    const folder = folderOf(uri);
    if (fewShot <= 0 || !folder || !this.curationActive(uri)) return undefined;
    let pool = this.pools.get(folder);
    if (!pool) {
      let f = this.folderExamples.get(folder);
      if (!f) this.folderExamples.set(folder, (f = new FolderExamples(folder)));
      // Open notes' .ann files are written against the editor's text, not the file on disk.
      const texts = new Map<string, string>();
      for (const d of this.ctx.documents.all()) {
        const file = localPath(d.uri);
        if (file !== undefined) texts.set(file, d.getText());
      }
      this.pools.set(folder, (pool = f.examples(texts)));
    }
    return { examples: pool, fewShot };
  }

  /** Forgets the pool of `folder` (read again when next asked); true if it had been read. */
  forget(folder: string): boolean {
    return this.pools.delete(folder);
  }

  /** Forgets every pool (settings changed). */
  clear(): void {
    this.pools.clear();
  }
}
