/**
 * Relation extraction cost: relation requests and prompt tokens per fixture note in each
 * profile (medtuned asks one pair per prompt; json one sentence per prompt), and after a
 * one-sentence edit of a sentence that has a relation.
 */
import { LspTestClient, waitFor } from '../test/support/lspClient';
import { CLINICAL_NOTES, fixtureNote, LITERATURE_NOTES, NOTES_DIR } from '../test/support/gold';
import { LLAMA31_MODEL, loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../test/support/ollamaServer';
import { isNliRequest, isRelationRequest, promptTokens, settled, table } from './common';

const EDIT = { note: 'discharge-heart-failure', from: 'with a goal INR', to: 'with a target INR' };

export async function relations(): Promise<void> {
  const gold = loadGoldDocuments(NOTES_DIR);
  // The edited note is gold too, so the simulated model answers it after the edit.
  const source = gold.find((d) => d.name === EDIT.note)!;
  const at = source.text.indexOf(EDIT.from);
  const shift = EDIT.to.length - EDIT.from.length;
  const move = (o: number) => (o >= at + EDIT.from.length ? o + shift : o);
  gold.push({
    ...source,
    name: 'edited',
    text: source.text.replace(EDIT.from, EDIT.to),
    entities: source.entities.map((e) => ({ ...e, start: move(e.start), end: move(e.end) })),
  });
  const server = await OllamaTestServer.start({ gold });
  const rows: (string | number)[][] = [];
  for (const [profile, model] of [['medtuned', MEDTUNED_MODEL.name], ['json', LLAMA31_MODEL.name]]) {
    for (const name of [...CLINICAL_NOTES, ...LITERATURE_NOTES]) {
      const note = fixtureNote(name);
      const entityTypes = LITERATURE_NOTES.includes(name) ? ['disease', 'chemical', 'gene'] : ['problem', 'treatment', 'test'];
      const client = await LspTestClient.start({ model, ollama: { host: server.url }, debounceMs: 0, entityTypes });
      const uri = `file:///bench/${profile}/${note.file}`;
      let mark = server.generationRequests().length;
      await client.open(uri, note.text);
      await settled(client);
      const all = server.generationRequests().slice(mark);
      const re = all.filter(isRelationRequest);
      const nli = all.filter(isNliRequest);
      rows.push([profile, name, all.length - re.length - nli.length, nli.length, re.length, promptTokens(re), '']);
      if (name === EDIT.note) {
        mark = server.generationRequests().length;
        await client.edit(uri, note.text.indexOf(EDIT.from), note.text.indexOf(EDIT.from) + EDIT.from.length, EDIT.to);
        await waitFor('edit sent', () => server.generationRequests().length > mark, 60_000);
        await settled(client);
        const edit = server.generationRequests().slice(mark);
        const editRe = edit.filter(isRelationRequest);
        const editNli = edit.filter(isNliRequest);
        rows.push([
          profile,
          `${name}, one-sentence edit`,
          edit.length - editRe.length - editNli.length,
          editNli.length,
          editRe.length,
          promptTokens(editRe),
          (promptTokens(editRe) / promptTokens(re)).toFixed(3),
        ]);
      }
      await client.stop();
    }
  }
  await server.stop();
  table('Relation extraction cost per note', ['profile', 'note', 'entity calls', 'NLI calls', 'relation calls', 'relation prompt tokens', 'share of the note'], rows);
}
