/**
 * PHI in the editor (lsp/phi.ts, features/deidCopy.ts): the rules' spans as tokens of the
 * `phi` type beside the entities, a hover that says what a span probably is and to
 * de-identify it before sharing, counts in the status's per-note progress and the panel's
 * overview, biomedNlp.deidentify.show turning all of it off, and *Save a De-identified Copy*
 * through workspace/executeCommand (as Neovim and Emacs run it) writing a copy beside the
 * note with no PHI, never over the note. A note written here, with the test server's gold.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { detectPhi } from '../../server/src/engine/tasks/phi/detect';
import { deidCopyPath, deidCopyParams } from '../../server/src/lsp/features/deidCopy';
import { phiWhat } from '../../server/src/lsp/phi';
import { LspTestClient, waitFor } from '../support/lspClient';
import { GoldDocument, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';

const NOTE =
  'HISTORY:\nPt seen by Dr. Ramirez on 3/14/2019 with fever and cough.\nWife Gloria Alvarez called from 410-555-0199.\n\n' +
  'PLAN:\nChest x-ray showed pneumonia; started ceftriaxone. MRN 4417829.\n';

function gold(): GoldDocument {
  const at = (w: string, type: string) => ({ type, start: NOTE.indexOf(w), end: NOTE.indexOf(w) + w.length });
  return { name: 'phi-note', text: NOTE, entities: [at('fever', 'PROBLEM'), at('pneumonia', 'PROBLEM'), at('ceftriaxone', 'TREATMENT')] };
}

interface Overview {
  progress: { phi?: { total: number; byType: Record<string, number> } };
}

describe('LSP: PHI in the editor', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  let client: LspTestClient | undefined;
  let dir: string;
  let uri: string;
  before(async () => {
    server = await OllamaTestServer.start({ gold: [gold()] });
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-phi-'));
    const file = path.join(dir, 'visit.txt');
    fs.writeFileSync(file, NOTE);
    uri = pathToFileURL(file).href;
  });
  afterEach(async () => {
    await client?.stop();
    client = undefined;
    fs.rmSync(dir, { recursive: true, force: true });
  });
  after(async () => server.stop());

  async function start(settings: Record<string, unknown> = {}, custom = true) {
    const base = {
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url },
      debounceMs: 10,
      relations: { enabled: false },
      nli: { enabled: false },
      ...settings,
    };
    client = await LspTestClient.inProcess(base, {}, custom ? {} : { initializationOptions: { biomedNlp: base } });
    await client.open(uri, NOTE);
    return client;
  }

  it('says what a span probably is, by the words around it', () => {
    assert.equal(phiWhat({ type: 'name', why: 'after Dr' }), "Probably a clinician's name");
    assert.equal(phiWhat({ type: 'name', why: 'before RN' }), "Probably a clinician's name");
    assert.equal(phiWhat({ type: 'name', why: 'after PREOP-DR.' }), "Probably a clinician's name");
    assert.equal(phiWhat({ type: 'name', why: 'after Mrs' }), "Probably a person's name (a patient or a relative)");
    assert.equal(phiWhat({ type: 'name', why: 'after wife' }), "Probably a relative's name");
    assert.equal(phiWhat({ type: 'name', why: 'after dtr-in-law' }), "Probably a relative's name");
    assert.equal(phiWhat({ type: 'name', why: 'in the name list' }), 'Probably a name');
    assert.equal(phiWhat({ type: 'date', why: 'date m/d/y' }), 'Probably a date');
    assert.equal(phiWhat({ type: 'phone', why: 'phone number' }), 'Probably a phone or fax number');
  });

  it('PHI tokens beside the entities, the hover, and the counts', async () => {
    const c = await start();
    assert.ok(c.legend.tokenTypes.includes('phi'), 'phi is in the legend');
    const phi = detectPhi(NOTE.slice(NOTE.indexOf('Pt seen')));
    const tokens = await waitFor('PHI and entity tokens', async () => {
      const t = await c.tokens(uri);
      return t.filter((x) => x.type !== 'phi').length === 3 && t.some((x) => x.type === 'phi') ? t : undefined;
    });
    const phiTexts = tokens.filter((t) => t.type === 'phi').map((t) => t.text);
    for (const w of ['Ramirez', '3/14/2019', 'Gloria Alvarez', '410-555-0199', '4417829'])
      assert.ok(phiTexts.includes(w), `${w} is a phi token: ${phiTexts.join(' | ')}`);
    assert.ok(phi.length >= 4);
    assert.deepEqual(
      tokens.filter((t) => t.type !== 'phi').map((t) => `${t.type} ${t.text}`),
      ['problem fever', 'problem pneumonia', 'treatment ceftriaxone'],
    );

    const hover = (await c.hover(uri, NOTE.indexOf('Ramirez') + 2)) as { contents: { kind: string; value: string } };
    assert.equal(hover.contents.kind, 'markdown');
    assert.match(hover.contents.value, /^\*\*Probably a clinician's name\*\*: de-identify before sharing\./);
    const wife = (await c.hover(uri, NOTE.indexOf('Alvarez'))) as { contents: { value: string } };
    assert.match(wife.contents.value, /Probably a relative's name/);
    const date = (await c.hover(uri, NOTE.indexOf('3/14'))) as { contents: { value: string } };
    assert.match(date.contents.value, /Probably a date\*\*: de-identify before sharing/);
    assert.equal(await c.hover(uri, NOTE.indexOf('cough')), null, 'no hover on plain text');

    const overview = await c.request<Overview>('biomedNlp/noteOverview', { uri });
    const counts = overview.progress.phi!;
    assert.equal(counts.total, phiTexts.length);
    assert.equal(counts.byType.name, 2);
    assert.equal(counts.byType.date, 1);
    assert.equal(counts.byType.phone, 1);
    assert.equal(counts.byType.id, 1);
  });

  it('a long note’s PHI is found in slices: tokens shown meanwhile are the final ones’ first, then a refresh shows all', async () => {
    // 3,000 copies of one paragraph (about 330 KB): the rules take far longer than one slice over it.
    const paragraph = 'Seen by Dr. Okafor on 3/14 with daughter Lena; wife called from 617-555-0142.';
    const copies = 3000;
    const long = Array.from({ length: copies }, () => paragraph).join('\n\n') + '\n';
    const c = (client = await LspTestClient.inProcess({
      model: MEDTUNED_MODEL.name,
      ollama: { host: server.url },
      debounceMs: 10,
      relations: { enabled: false },
      nli: { enabled: false },
      maxDocumentLength: 1_000_000,
    }));
    const one = 'file:///phi/one.txt';
    await c.open(one, paragraph + '\n');
    const perParagraph = (await waitFor('one paragraph’s PHI tokens', async () => (await c.tokens(one)).filter((t) => t.type === 'phi').length || undefined))!;
    const longUri = 'file:///phi/long.txt';
    const refreshes = c.refreshRequests;
    await c.open(longUri, long);
    const key = (t: { start: number; end: number }) => `${t.start}-${t.end}`;
    const seen: string[][] = [];
    const all = await waitFor(
      'every paragraph’s PHI tokens',
      async () => {
        const phi = (await c.tokens(longUri)).filter((t) => t.type === 'phi');
        seen.push(phi.map(key));
        return phi.length === copies * perParagraph ? phi : undefined;
      },
      60_000,
    );
    const final = all.map(key);
    for (const shown of seen) assert.deepEqual(shown, final.slice(0, shown.length), 'what was shown before is the final tokens’ first');
    for (const t of all) assert.equal(long.slice(t.start, t.end), t.text);
    await waitFor('the editor asked for the tokens again', () => c.refreshRequests > refreshes);
  });

  it('biomedNlp.deidentify.show off: no PHI tokens, hover or counts', async () => {
    const c = await start({ deidentify: { show: false } });
    const tokens = await waitFor('entity tokens', async () => {
      const t = await c.tokens(uri);
      return t.some((x) => x.type === 'problem') ? t : undefined;
    });
    assert.ok(!tokens.some((t) => t.type === 'phi'));
    assert.equal(await c.hover(uri, NOTE.indexOf('Ramirez') + 2), null);
    const overview = await c.request<Overview>('biomedNlp/noteOverview', { uri });
    assert.equal(overview.progress.phi, undefined);
  });

  it('turning biomedNlp.deidentify.show off while the note is open takes the PHI tokens away', async () => {
    const c = await start();
    await waitFor('PHI tokens', async () => (await c.tokens(uri)).some((t) => t.type === 'phi'));
    const refreshes = c.refreshRequests;
    await c.changeSettings({ ...c.settings, deidentify: { show: false } });
    await waitFor('the PHI tokens gone', async () => !(await c.tokens(uri)).some((t) => t.type === 'phi'));
    await waitFor('the client asked to request the tokens again', () => c.refreshRequests > refreshes);
  });

  it('after edits in and around PHI, the spliced tokens are those of the same text opened afresh', async () => {
    const c = await start();
    const lines = Array.from({ length: 12 }, (_, k) => `Seen by Dr. Ramirez on 3/${k + 1}/2019 with fever; wife Gloria called ${k} times.`);
    const text = lines.join('\n') + '\n';
    const edited = 'file:///phi/edited.note';
    await c.open(edited, text);
    let { resultId, data } = await c.fullTokens(edited);
    const edits: [string, string][] = [
      ['Ramirez on 3/5', 'Ramirezz on 3/5'],
      ['3/7/2019', '3/17/2019'],
      ['wife Gloria called 9', 'wife Gloria Hart called 9'],
      ['Dr. Ramirez on 3/2/', 'Mr. Ramirez on 3/2/'],
      ['fever; wife Gloria called 11', 'fever; called 11'],
    ];
    for (const [from, to] of edits) {
      const at = c.text(edited).indexOf(from);
      assert.ok(at >= 0, from);
      await c.edit(edited, at, at + from.length, to);
      // The client's copy of the tokens, as VS Code keeps it: the delta applied to the data before.
      const delta = await c.deltaTokens(edited, resultId!);
      if (delta.data) data = delta.data;
      for (const e of delta.edits ?? []) data = [...data.slice(0, e.start), ...(e.data ?? []), ...data.slice(e.start + e.deleteCount)];
      resultId = delta.resultId;
    }
    const fresh = 'file:///phi/fresh.note';
    await c.open(fresh, c.text(edited));
    // The status may still be the edited note's, sent before the fresh one opened: both notes'
    // tokens are asked again until the fresh one shows its PHI and the spliced copy matches it
    // (or the wait ends), and then compared.
    const doc = TextDocument.create(fresh, 'clinical-note', 1, c.text(fresh));
    let afresh: number[] = [];
    let phi: { text: string }[] = [];
    const settled = async () => {
      const st = c.lastStatus();
      afresh = (await c.fullTokens(fresh)).data;
      const latest = await c.deltaTokens(edited, resultId!);
      if (latest.data) data = latest.data;
      for (const e of latest.edits ?? []) data = [...data.slice(0, e.start), ...(e.data ?? []), ...data.slice(e.start + e.deleteCount)];
      resultId = latest.resultId;
      phi = c.decode(doc, afresh).filter((t) => t.type === 'phi');
      const expected = phi.some((t) => t.text === 'Ramirezz') && phi.some((t) => t.text === 'Gloria Hart');
      return st?.state === 'ready' && st.done === st.total && expected && JSON.stringify(data) === JSON.stringify(afresh);
    };
    await waitFor('both notes analysed, the fresh one with its PHI, the spliced tokens alike', settled).catch(() => undefined);
    assert.ok(phi.some((t) => t.text === 'Ramirezz') && phi.some((t) => t.text === 'Gloria Hart'), JSON.stringify(phi.map((t) => t.text)));
    assert.deepEqual(data, afresh);
  });

  it('Save a De-identified Copy through workspace/executeCommand: beside the note, no PHI left, the note untouched', async () => {
    // As another editor runs it: no biomedNlpClient, positional arguments.
    const c = await start({}, false);
    const caps = c.serverCapabilities as { executeCommandProvider: { commands: string[] } };
    assert.ok(caps.executeCommandProvider.commands.includes('biomedNlp.saveDeidentifiedCopy'));
    const phi = ['Ramirez', '3/14/2019', 'Gloria', 'Alvarez', '410-555-0199', '4417829'];
    for (const style of ['tags', 'surrogates'] as const) {
      const result = await c.request<{ uri: string; replaced: number; counts: Record<string, number>; message: string }>('workspace/executeCommand', {
        command: 'biomedNlp.saveDeidentifiedCopy',
        arguments: [uri, style],
      });
      const file = path.join(dir, 'visit.deid.txt');
      assert.equal(result.uri, pathToFileURL(file).href);
      const copy = fs.readFileSync(file, 'utf8');
      for (const p of phi) assert.ok(!copy.includes(p), `${style}: ${p} left in ${copy}`);
      assert.ok(copy.includes('fever and cough') && copy.includes('started ceftriaxone'), 'the rest kept');
      if (style === 'tags') assert.match(copy, /Dr\. \[\*\*Name\*\*\] on \[\*\*Date\*\*\]/);
      assert.equal(result.replaced, 5);
      assert.match(result.message, /wrote visit\.deid\.txt with surrogates|wrote visit\.deid\.txt with tags/);
      assert.ok(
        c.messages.some((m) => m.message === result.message),
        'the other editor is told',
      );
    }
    assert.equal(fs.readFileSync(path.join(dir, 'visit.txt'), 'utf8'), NOTE, 'the note untouched');
    const refused = await c.request('workspace/executeCommand', {
      command: 'biomedNlp.saveDeidentifiedCopy',
      arguments: [{ uri, style: 'tags', target: uri }],
    });
    assert.equal(refused, null);
    assert.equal(fs.readFileSync(path.join(dir, 'visit.txt'), 'utf8'), NOTE, 'never over the note');
    assert.match(c.messages.at(-1)!.message, /never written over the note/);
  });

  it('the arguments, positional or one object; the copy is name.deid.ext', () => {
    assert.deepEqual(deidCopyParams(['file:///n.txt']), { uri: 'file:///n.txt', style: 'tags' });
    assert.deepEqual(deidCopyParams([{ uri: 'file:///n.txt', style: 'surrogates', target: 'file:///o.txt' }]), {
      uri: 'file:///n.txt',
      style: 'surrogates',
      target: 'file:///o.txt',
    });
    assert.equal(deidCopyParams(['file:///n.txt', 'masks']), undefined);
    assert.equal(deidCopyParams([]), undefined);
    assert.equal(deidCopyPath('/notes/visit.txt'), '/notes/visit.deid.txt');
    assert.equal(deidCopyPath('/notes/visit'), '/notes/visit.deid');
  });
});
