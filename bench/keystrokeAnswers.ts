/**
 * A keystroke as VS Code sends it, and the waits for what follows: the incremental
 * `didChange`, then at once the tokens' delta against the last result, a hover at the cursor
 * and the code actions there (the light bulb), pipelined. Each wait is from the keystroke
 * to that answer, so a request queued behind the edit's work counts it.
 */
import { performance } from 'node:perf_hooks';
import { LspTestClient } from '../test/support/lspClient';

export type AnswerKind = 'delta' | 'hover' | 'codeAction';

export interface KeystrokeWaits {
  /** Per request kind, the wait of each keystroke's answer (ms). */
  byKind: Record<AnswerKind, number[]>;
  /** Every answer's wait (ms). */
  all: number[];
}

export function emptyWaits(): KeystrokeWaits {
  return { byKind: { delta: [], hover: [], codeAction: [] }, all: [] };
}

/** The tokens' result id the editor holds for `uri`, kept across keystrokes. */
export class EditorTokens {
  constructor(public resultId: string | undefined) {}

  static async of(client: LspTestClient, uri: string): Promise<EditorTokens> {
    return new EditorTokens((await client.fullTokens(uri)).resultId);
  }
}

/** Types `char` at `offset` and waits for the three answers; adds their waits to `waits`. */
export async function keystroke(client: LspTestClient, uri: string, offset: number, char: string, tokens: EditorTokens, waits: KeystrokeWaits): Promise<void> {
  const t0 = performance.now();
  const timed = async <T>(kind: AnswerKind, request: Promise<T>): Promise<T> => {
    const answer = await request;
    const ms = performance.now() - t0;
    waits.byKind[kind].push(ms);
    waits.all.push(ms);
    return answer;
  };
  await client.edit(uri, offset, offset, char);
  const position = client.position(uri, offset + char.length);
  const range = { start: position, end: position };
  const [delta] = await Promise.all([
    timed('delta', client.deltaTokens(uri, tokens.resultId ?? '')),
    timed('hover', client.hover(uri, offset + char.length)),
    timed('codeAction', client.request('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics: [] } })),
  ]);
  tokens.resultId = delta.resultId;
}

/** The nearest-rank quantile of `xs` (sorted here). */
export function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}
