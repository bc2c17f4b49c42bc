/**
 * Relation extraction cost: relation requests and prompt tokens per fixture note in each
 * profile (medtuned asks one pair per prompt; json one sentence per prompt), and after a
 * one-sentence edit of a sentence that has a relation. Then what relations across sentences
 * add (biomedNlp.relations.sentenceWindow 1, the default, against 0): relation calls and
 * relations found per note, the note with gold relations across sentences included.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RelationsResult } from '../server/src/protocol/protocol';
import { LspTestClient, waitFor } from '../test/support/lspClient';
import { CLINICAL_NOTES, fixtureNote, LITERATURE_NOTES, NOTES_DIR } from '../test/support/gold';
import { LLAMA31_MODEL, loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../test/support/ollamaServer';
import { isNliRequest, isRelationRequest, promptTokens, settled, table } from './common';

const EDIT = { note: 'discharge-heart-failure', from: 'with a goal INR', to: 'with a target INR' };
const RELATIONS_DIR = path.resolve(__dirname, '../../test/fixtures/relations');

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
  gold.push(...loadGoldDocuments(RELATIONS_DIR));
  const server = await OllamaTestServer.start({ gold });
  const rows: (string | number)[][] = [];
  for (const [profile, model] of [
    ['medtuned', MEDTUNED_MODEL.name],
    ['json', LLAMA31_MODEL.name],
  ]) {
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
  const windowRows = await acrossSentences(server);
  await server.stop();
  table(
    'Relation extraction cost per note',
    ['profile', 'note', 'entity calls', 'NLI calls', 'relation calls', 'relation prompt tokens', 'share of the note'],
    rows,
  );
  table(
    'Relations across sentences: sentenceWindow 1 (default) against 0, per note',
    ['profile', 'note', 'relation calls, window 0', 'relation calls, window 1', 'added calls', 'relations, window 0', 'relations, window 1'],
    windowRows,
  );
}

/** Each note analysed with the window 0 and 1: relation calls and relations found. */
async function acrossSentences(server: OllamaTestServer): Promise<(string | number)[][]> {
  const notes = [...CLINICAL_NOTES, ...LITERATURE_NOTES].map((name) => ({ name, file: fixtureNote(name).file, text: fixtureNote(name).text }));
  notes.push({ name: 'cross-sentence', file: 'cross-sentence.note', text: fs.readFileSync(path.join(RELATIONS_DIR, 'cross-sentence.note'), 'utf8') });
  const rows: (string | number)[][] = [];
  for (const [profile, model] of [
    ['medtuned', MEDTUNED_MODEL.name],
    ['json', LLAMA31_MODEL.name],
  ]) {
    for (const note of notes) {
      const entityTypes = LITERATURE_NOTES.includes(note.name) ? ['disease', 'chemical', 'gene'] : ['problem', 'treatment', 'test'];
      const counts: number[] = [];
      const found: number[] = [];
      for (const window of [0, 1]) {
        const client = await LspTestClient.start({
          model,
          ollama: { host: server.url },
          debounceMs: 0,
          entityTypes,
          nli: { enabled: false },
          relations: { sentenceWindow: window },
        });
        const uri = `file:///bench/window${window}/${profile}/${note.file}`;
        const mark = server.generationRequests().length;
        await client.open(uri, note.text);
        await settled(client);
        counts.push(server.generationRequests().slice(mark).filter(isRelationRequest).length);
        found.push((await client.request<RelationsResult>('biomedNlp/relations', { uri })).relations.length);
        await client.stop();
      }
      rows.push([profile, note.name, counts[0], counts[1], counts[1] - counts[0], found[0], found[1]]);
    }
  }
  return rows;
}
