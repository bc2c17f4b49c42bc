/**
 * Real VS Code (code-server) with the packaged extension and its own colours: a note with
 * protected health information. The PHI the rules find is drawn in a style of its own (one
 * colour for every PHI span, unlike the body text and unlike the entities), its hover says
 * what it probably is and to de-identify it before sharing, the status tooltip counts it,
 * and *Biomed NLP: Save a De-identified Copy* (Tags, from its quick pick) writes a copy
 * beside the note holding none of it, the note untouched. Only what the page shows counts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';
import { poll, VsCode } from './support/vscode';
import { vscodeSession } from './support/session';
import { runAt, styledLines } from './support/styles';

const NOTE = [
  'HPI: Seen by Dr. Ramirez on 3/14/2019 with fever and cough.',
  'Wife Gloria Alvarez called from 410-555-0199.',
  'Plan: started ceftriaxone. MRN 4417829.',
  '',
].join('\n');
const PHI = ['Ramirez', '3/14/2019', 'Gloria Alvarez', '410-555-0199', '4417829'];
const ENTITIES: [string, string][] = [
  ['fever', 'PROBLEM'],
  ['cough', 'PROBLEM'],
  ['ceftriaxone', 'TREATMENT'],
];

describe('e2e: PHI in a note (its style, hover, count) and a de-identified copy', function () {
  this.timeout(180_000);
  const s = vscodeSession(async (s) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-e2e-deid-'));
    const gold = path.join(dir, 'gold');
    const notes = path.join(dir, 'notes');
    fs.mkdirSync(gold);
    fs.mkdirSync(notes);
    fs.writeFileSync(path.join(gold, 'visit.note'), NOTE);
    const ann = ENTITIES.map(([w, type], i) => `T${i + 1}\t${type} ${NOTE.indexOf(w)} ${NOTE.indexOf(w) + w.length}\t${w}`).join('\n') + '\n';
    fs.writeFileSync(path.join(gold, 'visit.ann'), ann);
    fs.writeFileSync(path.join(notes, 'visit.note'), NOTE);
    s.ws = { open: notes, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
    s.server = await OllamaTestServer.start({ gold: loadGoldDocuments(gold) });
    s.vscode = await VsCode.start({
      workspace: notes,
      // The extension's own colours, as a user has them.
      settings: { 'biomedNlp.ollama.host': s.server.url, 'editor.semanticTokenColorCustomizations': {} },
    });
  });

  it('PHI has a style of its own, unlike the body text and the entities', async () => {
    await s.vscode.openFile('visit.note');
    const colours = await poll(
      'the PHI and the entities coloured',
      async () => {
        const lines = await styledLines(s.vscode.page);
        const colour = (w: string) => runAt(lines, NOTE, NOTE.indexOf(w))?.color;
        const body = colour('Seen');
        const all = Object.fromEntries([...PHI, ...ENTITIES.map((e) => e[0]), 'Seen'].map((w) => [w, colour(w)]));
        return body && [...PHI, ...ENTITIES.map((e) => e[0])].every((w) => all[w] && all[w] !== body) ? all : undefined;
      },
      60_000,
      250,
    );
    await s.vscode.screenshot('deid-phi-style');
    const report = JSON.stringify(colours);
    const phi = colours[PHI[0]];
    for (const w of PHI) assert.equal(colours[w], phi, `every PHI span in one colour: ${report}`);
    for (const [w] of ENTITIES) assert.notEqual(colours[w], phi, `${w} (an entity) is not coloured as PHI: ${report}`);
    assert.notEqual(colours.fever, colours.ceftriaxone, `entity types keep their colours: ${report}`);
  });

  it('the hover says what it probably is; the status tooltip counts the PHI', async () => {
    const hover = await s.vscode.hover('Ramirez', (t) => /de-identify before sharing/.test(t));
    await s.vscode.screenshot('deid-phi-hover');
    assert.match(hover, /Probably a clinician's name: de-identify before sharing/);
    const wife = await s.vscode.hover('Alvarez', (t) => /de-identify/.test(t));
    assert.match(wife, /Probably a relative's name/);
    const tooltip = await s.vscode.statusTooltip(undefined, (t) => /PHI:/.test(t));
    assert.match(tooltip.replace(/\s+/g, ' '), /PHI: 5 found by the rules: 2 names, 1 date, 1 phone number, 1 ID/);
  });

  it('Save a De-identified Copy (Tags) writes visit.deid.note beside the note with no PHI; the note is untouched', async () => {
    const copy = path.join(s.ws.open, 'visit.deid.note');
    await s.vscode.openFile('visit.note');
    // The style's quick pick, then Tags (picked again should a busy workbench drop the click).
    const title = s.vscode.page.locator('.quick-input-widget', { hasText: 'save a de-identified copy with' });
    const tags = title.locator('.quick-input-list .monaco-list-row', { hasText: 'Tags' }).first();
    let tries = 0;
    await poll(
      'the copy written',
      async () => {
        if (fs.existsSync(copy)) return true;
        if (await tags.isVisible()) await tags.click();
        else if (tries++ % 40 === 0) await s.vscode.runCommand('Biomed NLP: Save a De-identified Copy');
        return false;
      },
      60_000,
      250,
    );
    const notice = await s.vscode.waitForNotification('visit.deid.note', 30_000);
    await s.vscode.screenshot('deid-copy-saved');
    assert.match(notice.message, /wrote visit\.deid\.note with tags: 5 spans of PHI replaced/);
    const text = fs.readFileSync(copy, 'utf8');
    for (const p of [...PHI, 'Gloria', 'Alvarez']) assert.ok(!text.includes(p), `${p} is not in the copy: ${text}`);
    assert.match(text, /Seen by Dr\. \[\*\*Name\*\*\] on \[\*\*Date\*\*\] with fever and cough\./);
    assert.equal(fs.readFileSync(path.join(s.ws.open, 'visit.note'), 'utf8'), NOTE, 'the note untouched');
  });
});
