/**
 * *Save a De-identified Copy* (protocol/deid.ts): the open note's text as the editor holds
 * it, each PHI span the editor shows (phi.ts, the rules' spans per segment) replaced by a
 * tag or a surrogate (engine deid.deidentify), written atomically beside the note or where
 * the client says, never over the note. Surrogates are drawn with a seed of this copy's own,
 * kept nowhere: the copy cannot be traced back by drawing them again.
 */
import { randomInt } from 'node:crypto';
import * as path from 'node:path';
import { CancellationToken, MessageType, ShowMessageNotification } from 'vscode-languageserver';
import { deid, notes } from '../../engine';
import { counted as plural } from '../../protocol/counted';
import { DeidCopyStyle, SaveDeidentifiedCopyParams, SaveDeidentifiedCopyResult } from '../../protocol/protocol';
import { ServerContext } from '../context';
import { canonicalUri, fileUri, localPath } from '../files';
import { documentPhi, PHI_NOUNS } from '../phi';

/** How long the copy waits for the analysis of a note just opened (its segments carry the PHI). */
const WAIT_FOR_ANALYSIS_MS = 5000;

/** `name.deid.txt` beside `name.txt` (`name.deid` for a name without an extension). */
export function deidCopyPath(note: string): string {
  const ext = path.extname(note);
  return path.join(path.dirname(note), `${path.basename(note, ext)}.deid${ext}`);
}

/** The command's arguments, positional or as one object; undefined when they name no note. */
export function deidCopyParams(args: unknown[]): SaveDeidentifiedCopyParams | undefined {
  const [first, style, target] = args;
  const p = (typeof first === 'object' && first !== null ? first : { uri: first, style, target }) as Record<string, unknown>;
  if (typeof p.uri !== 'string') return undefined;
  if (p.style !== undefined && !(deid.DEID_STYLES as readonly unknown[]).includes(p.style)) return undefined;
  if (p.target !== undefined && typeof p.target !== 'string') return undefined;
  return { uri: p.uri, style: (p.style as DeidCopyStyle | undefined) ?? 'tags', ...(p.target ? { target: p.target } : {}) };
}

export type DeidCopyCommand = (args: unknown[], token: CancellationToken) => Promise<SaveDeidentifiedCopyResult | null>;

export function registerDeidCopy(ctx: ServerContext): DeidCopyCommand {
  const say = (type: MessageType, message: string) => {
    // Biomed NLP's own client says it itself, with a button to open the copy.
    if (!ctx.support.custom || type !== MessageType.Info) void ctx.connection.sendNotification(ShowMessageNotification.type, { type, message });
  };
  return async (args, token) => {
    const params = deidCopyParams(args);
    const session = params && (ctx.sessions.get(params.uri) ?? ctx.sessions.all().find((s) => canonicalUri(s.uri) === canonicalUri(params.uri)));
    const note = params && localPath(params.uri);
    if (!params || !session?.doc || note === undefined) {
      say(
        MessageType.Warning,
        `Biomed NLP: Save a De-identified Copy takes an open note's file URI, then tags or surrogates (got ${JSON.stringify(args).slice(0, 200)}).`,
      );
      return null;
    }
    const target = params.target !== undefined ? localPath(params.target) : deidCopyPath(note);
    if (target === undefined || path.resolve(target) === path.resolve(note)) {
      say(MessageType.Warning, `Biomed NLP: a de-identified copy is never written over the note; choose another file than ${path.basename(note)}.`);
      return null;
    }
    const version = session.doc.version;
    const current = await session.currentAnalysis(WAIT_FOR_ANALYSIS_MS, token);
    const text = session.doc.getText();
    // The spans the editor shows; the whole note's when its analysis is not there (yet).
    const spans = current && current.doc.version === version ? documentPhi(current.analysis.sentencePhi()) : undefined;
    const copy = deid.deidentify(text, { style: params.style!, seed: randomInt(2 ** 31), ...(spans ? { spans } : {}) });
    try {
      notes.writeFileAtomic(target, copy.text);
    } catch (err) {
      say(MessageType.Error, `Biomed NLP: could not write ${target}: ${(err as Error).message}`);
      return null;
    }
    const replaced = copy.edits.length;
    const byType = Object.entries(copy.counts).map(([type, n]) => plural(n, PHI_NOUNS[type as keyof typeof PHI_NOUNS] ?? type));
    const message =
      `Biomed NLP: wrote ${path.basename(target)} with ${params.style}: ${plural(replaced, 'span')} of PHI replaced` +
      `${byType.length ? ` (${byType.join(', ')})` : ''}. What the rules miss stays: review it before sharing.`;
    say(MessageType.Info, message);
    return { uri: fileUri(target), style: params.style!, replaced, counts: copy.counts, message };
  };
}
