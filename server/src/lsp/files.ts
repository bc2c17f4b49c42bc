/** The local files behind document URIs. */
import { fileURLToPath } from 'node:url';

/** The local path of a `file:` URI; undefined for other schemes and for `file://host/…` (not this machine's). */
export function localPath(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}
