/**
 * Model calls and prompt tokens after a one-sentence edit of a 200-sentence note, against a
 * full re-analysis that ignores the cache; entity and relation work counted apart.
 */
import { LspTestClient, waitFor } from '../test/support/lspClient';
import { MEDTUNED_MODEL, OllamaTestServer, RecordedRequest } from '../test/support/ollamaServer';
import { isNliRequest, isRelationRequest, promptTokens, settled, syntheticNote, table } from './common';

export async function editCost(): Promise<void> {
  const note = syntheticNote(200);
  const at = note.text.indexOf('Day 100 ');
  const editedText = note.text.slice(0, at) + 'Day one hundred ' + note.text.slice(at + 'Day 100 '.length);
  const shift = 'Day one hundred '.length - 'Day 100 '.length;
  // The edited note is gold too, so the simulated model finds its entities after the edit.
  const edited = {
    ...note,
    name: 'edited',
    text: editedText,
    entities: note.entities.map((e) => (e.start >= at ? { ...e, start: e.start + shift, end: e.end + shift } : e)),
  };
  const server = await OllamaTestServer.start({ gold: [note, edited] });
  const client = await LspTestClient.start({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 0 });
  const uri = 'file:///bench/edit.note';
  await client.open(uri, note.text);
  await settled(client, 200);
  let mark = server.generationRequests().length;
  await client.edit(uri, at, at + 'Day 100 '.length, 'Day one hundred ');
  await waitFor('edit sent', () => server.generationRequests().length > mark, 60_000);
  await settled(client, 200);
  // The status the client holds may still be the one from before the edit (its
  // "analysing" can arrive after the edit's first request): count until the model has
  // been asked nothing for a second.
  await quiet(server, 1_000);
  const edit = server.generationRequests().slice(mark);
  mark = server.generationRequests().length;
  await client.request('biomedNlp/analyzeDocument', { uri });
  await waitFor('full re-analysis sent', () => server.generationRequests().length >= mark + 200, 600_000);
  await settled(client, 200);
  const full = server.generationRequests().slice(mark);
  await client.stop();
  await server.stop();
  const row = (name: string, reqs: RecordedRequest[]) => {
    const ner = reqs.filter((r) => !isRelationRequest(r) && !isNliRequest(r));
    const re = reqs.filter(isRelationRequest);
    return [name, ner.length, promptTokens(ner), re.length, promptTokens(re), (promptTokens(reqs) / promptTokens(full)).toFixed(4)];
  };
  table(
    'Cost of a one-sentence edit in a 200-sentence note (medtuned profile)',
    ['run', 'entity calls', 'entity prompt tokens', 'relation calls', 'relation prompt tokens', 'share of full'],
    [row('one-sentence edit', edit), row('full re-analysis (cache ignored)', full)],
  );
}

/** Resolves once `server` has had no new generation request for `ms`. */
async function quiet(server: OllamaTestServer, ms: number): Promise<void> {
  for (let seen = -1; seen !== server.generationRequests().length;) {
    seen = server.generationRequests().length;
    await new Promise((r) => setTimeout(r, ms));
  }
}
