/**
 * The work a keystroke costs the language server is bounded by the edit, not by the note:
 * in a 300-sentence note with a vocabulary, each keystroke followed by what VS Code asks
 * (the tokens' delta, a hover on a linked entity) makes the tokens of a few sentences
 * (tokenSplice.ts) and sieves a few mention texts for the hover's links (the linker keeps
 * the rest), where before every sentence's tokens and every mention's links were made
 * again; the PHI rules run on the edited sentence only (its other sentences' spans are
 * kept per text, and their tokens spliced in). Counted, not timed: the server runs in this process, its counters at hand.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { linkerWork } from '../../server/src/engine/linking/sieveMemo';
import { phiWork } from '../../server/src/engine/pipeline/features';
import { tokenWork } from '../../server/src/lsp/tokenSplice';
import { buildTsvVocabulary, DISORDERS_TSV, DRUGS_TSV } from '../support/linkingNote';
import { LspTestClient, waitFor } from '../support/lspClient';
import { GoldDocument, GoldEntity, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

const PARAGRAPHS = 100;

/** The linking note's history, a hundred times over (300 sentences), with its gold entities. */
function longNote(): GoldDocument {
  const paragraphs = Array.from(
    { length: PARAGRAPHS },
    (_, k) =>
      `Ms. Varga ${k} has atrial fibrillation and chronic kidney disease (CKD).\nHer CKD has been stable for ${k} years.\nShe takes warfarin every evening.\n`,
  );
  const text = `HISTORY:\n${paragraphs.join('\n')}`;
  const entities: GoldEntity[] = [];
  for (const [surface, type] of [
    ['atrial fibrillation', 'PROBLEM'],
    ['chronic kidney disease', 'PROBLEM'],
    ['CKD', 'PROBLEM'],
    ['warfarin', 'TREATMENT'],
  ] as const)
    for (let at = text.indexOf(surface); at >= 0; at = text.indexOf(surface, at + 1))
      entities.push({ start: at, end: at + surface.length, type, text: surface } as GoldEntity);
  return { name: 'keystroke-work', text, entities: entities.sort((a, b) => a.start - b.start), relations: [] };
}

describe('LSP: the work of a keystroke is bounded by the edit', function () {
  this.timeout(60_000);
  let server: OllamaTestServer;
  let client: LspTestClient | undefined;
  let tmp: string;
  before(async () => {
    server = await OllamaTestServer.start({ gold: [longNote()] });
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-keystroke-work-'));
  });
  after(async () => {
    await client?.stop();
    await server.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  });

  it('a keystroke in the middle, then the tokens’ delta and a hover: a few sentences’ tokens and mention texts sieved, not the note’s', async () => {
    const note = longNote();
    const vocabularies = [
      { path: buildTsvVocabulary(tmp, 'disorders', DISORDERS_TSV), types: ['problem'] },
      { path: buildTsvVocabulary(tmp, 'drugs', DRUGS_TSV), types: ['treatment'] },
    ];
    client = await LspTestClient.inProcess({
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url },
      debounceMs: 10,
      relations: { enabled: false },
      linking: { vocabularies },
    });
    const uri = 'file:///keystroke/work.note';
    await client.open(uri, note.text);
    const hoverOn = async (surface: string, from: number) => {
      const at = client!.text(uri).indexOf(surface, from);
      return client!.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri }, position: client!.position(uri, at + 1) });
    };
    const middle = note.text.indexOf(`Ms. Varga ${PARAGRAPHS / 2} `);
    await waitFor('the whole note analysed and linked', async () => {
      const s = client!.lastStatus();
      return (
        !!s &&
        s.state === 'ready' &&
        s.done === s.total &&
        s.total >= 3 * PARAGRAPHS &&
        /Concept:/.test((await hoverOn('atrial fibrillation', middle))?.contents.value ?? '')
      );
    });
    let { resultId } = await client.fullTokens(uri);
    for (let k = 0; k < 10; k++) {
      const tokensBefore = tokenWork.sentences;
      const sievedBefore = linkerWork.sieved;
      const phiBefore = phiWork.texts;
      const lookupsBefore = phiWork.lookups;
      // A character typed into "Ms. Varga 50", the sentence before the hovered entity's.
      const at = middle + 'Ms. Varga'.length;
      await client.edit(uri, at, at, 'x');
      const delta = await client.deltaTokens(uri, resultId!);
      resultId = delta.resultId;
      const hover = await hoverOn('warfarin', middle);
      assert.match(hover?.contents.value ?? '', /Concept: MESH\\:D014859/);
      const tokens = tokenWork.sentences - tokensBefore;
      const sieved = linkerWork.sieved - sievedBefore;
      // Each paragraph names Ms. Varga: the PHI tokens are spliced in, the rules run on the edited sentence only.
      assert.ok(delta.edits?.length || delta.data, 'a delta');
      assert.ok(phiWork.texts - phiBefore <= 2, `${phiWork.texts - phiBefore} texts searched for PHI for keystroke ${k}`);
      // The other segments' PHI moves over from the version before, not looked up by text again.
      assert.ok(
        phiWork.lookups - lookupsBefore <= 10,
        `${phiWork.lookups - lookupsBefore} segments' PHI looked up for keystroke ${k} (the note has ${3 * PARAGRAPHS} sentences)`,
      );
      assert.ok(tokens <= 5, `${tokens} sentences' tokens made for keystroke ${k} (the note has ${3 * PARAGRAPHS})`);
      assert.ok(sieved <= 5, `${sieved} mention texts sieved for keystroke ${k}'s hover (the note has ${note.entities.length} mentions)`);
    }
  });
});
