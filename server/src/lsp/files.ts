/** The local files behind document URIs. */
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The local path of a `file:` URI; undefined for other schemes and for `file://host/…` (not this machine's). */
export function localPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

/** The `file:` URI of a local path. */
export function fileUri(file: string): string {
  return pathToFileURL(file).href;
}

/**
 * One spelling per local file (clients percent-encode differently: VS Code writes `%3A`
 * where Node keeps `:`), so that a note indexed open and from its folder is one entry.
 */
export function canonicalUri(uri: string): string {
  const file = localPath(uri);
  return file === undefined ? uri : fileUri(file);
}
