/** The incremental bench's setting: every feature on, and notes with a section of statements to check. */
import { LspTestClient } from '../test/support/lspClient';
import { GoldDocument, MEDTUNED_MODEL, OllamaTestServer } from '../test/support/ollamaServer';
import { syntheticNote } from './common';

/** A synthetic note of `sentences` sentences followed by an ASSESSMENT section of statements to check. */
export function noteWithAssessment(sentences: number, statements = 12, headed = false): GoldDocument {
  // Headed: each paragraph opens with a section header, as in most clinical notes.
  const note = syntheticNote(sentences, headed ? () => 'HISTORY:' : undefined);
  const lines = note.text.split('\n').filter((l) => l.startsWith('Day '));
  const claims = Array.from({ length: statements }, (_, i) => lines[(i * 37) % lines.length].replace(/^Day \d+ /, 'Patient had ').replace(/\.$/, '') + '.');
  return { ...note, name: `${note.name}-assessed`, text: `${note.text}\nASSESSMENT:\n${claims.join('\n')}\n` };
}

const ALL_ON = { relations: { enabled: true }, nli: { enabled: true } };

export async function startServer(server: OllamaTestServer, extra: Record<string, unknown> = {}): Promise<LspTestClient> {
  return LspTestClient.start({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, maxConcurrentRequests: 4, ...ALL_ON, ...extra });
}
