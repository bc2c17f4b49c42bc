/**
 * The lines of an Ollama stream, checked before the `ollama` client reads them. The client
 * skips a line that is not JSON after printing it whole on the console (`invalid json: …`,
 * console.warn: the CLI's stderr, the language server's log), note text and keys included.
 * Here such a line ends the answer instead, as a ModelError whose text went through
 * redaction, and the client never sees it.
 */
import { ModelError } from '../types';

/** How much of a bad line is shown, after redaction. */
const SHOWN = 80;

/**
 * `res` with a body that passes on only lines that parse as JSON (blank lines are dropped);
 * the first other line errors the body with a `bad-response` ModelError. `clean` redacts the
 * line's text before it is quoted.
 */
export function checkedLines(res: Response, clean: (text: string) => string): Response {
  if (!res.body) return res;
  const decoder = new TextDecoder('utf-8');
  const encoder = new TextEncoder();
  let buffer = '';
  const check = (line: string, controller: TransformStreamDefaultController<Uint8Array>) => {
    if (line.trim() === '') return;
    try {
      JSON.parse(line);
    } catch {
      const shown = clean(line.trim()).slice(0, SHOWN);
      throw new ModelError('bad-response', `Ollama sent a line that is not JSON (${line.length} characters: ${shown}).`);
    }
    controller.enqueue(encoder.encode(`${line}\n`));
  };
  const body = res.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        buffer += decoder.decode(chunk, { stream: true });
        const lines = buffer.split('\n');
        buffer = lines.pop() ?? '';
        for (const line of lines) check(line, controller);
      },
      flush(controller) {
        buffer += decoder.decode();
        for (const line of buffer.split('\n')) check(line, controller);
      },
    }),
  );
  return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
}

/** Is this request body one that asks for a stream (the client reads its answer line by line)? */
export function asksForStream(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  try {
    return (JSON.parse(body) as { stream?: unknown })?.stream === true;
  } catch {
    return false;
  }
}
