/**
 * Real VS Code (code-server) with the packaged extension and NO colour settings of the
 * user: in each built-in theme the rendered colour of every entity type is read from the
 * editor (the types found through the fixture notes' gold spans) and must be readable on the
 * rendered background (contrast >= 3:1), unlike the body text and unlike every other type;
 * a negated mention keeps its type's colour, on a band, with no line through it. Nothing is compared with
 * the table in client/src/legend.ts: only what the page shows counts.
 */
import * as assert from 'node:assert/strict';
import { contrast, deltaE } from '../../client/src/colour';
import { fixtureNote } from '../support/gold';
import { poll } from './support/vscode';
import { VsCode } from './support/vscode';
import { vscodeSession } from './support/session';
import { clinicalAndLiteratureWorkspace, startOracle } from './support/workspace';
import { BUILT_IN_THEMES, editorBackground, marksAt, runAt, setTheme, styledLines, type Mark, type StyledRun } from './support/styles';

const CLINICAL = 'ed-chest-pain';
const LITERATURE = 'abstract-cisplatin';
/** Negated in the clinical note ("She denies shortness of breath."). */
const NEGATED = 'shortness of breath';
/** A word of body text, in no entity. */
const BODY = 'presents';

interface Reading {
  background: string;
  body: string;
  /** Each type's colours, most frequent first, from its gold spans. */
  types: Map<string, string[]>;
  negated?: StyledRun;
  negatedMarks?: Mark[];
}

/** Reads the gold spans of `name` once every one of them is coloured unlike the body text. */
async function readNote(vscode: VsCode, name: string, into: Reading): Promise<void> {
  const note = fixtureNote(name);
  await vscode.openFile(`${name}.note`);
  const runs = await poll(
    `every entity of ${name} coloured`,
    async () => {
      const lines = await styledLines(vscode.page);
      const bodyAt = note.text.indexOf(BODY);
      const body = bodyAt >= 0 ? runAt(lines, note.text, bodyAt)?.color : into.body;
      if (!body) return undefined;
      const spans = note.gold.map((g) => ({ g, run: runAt(lines, note.text, g.start) }));
      if (spans.some((s) => !s.run || s.run.color === body)) return undefined;
      return { body, spans, lines };
    },
    30_000,
  );
  into.body = runs.body;
  const counts = new Map<string, Map<string, number>>();
  for (const { g, run } of runs.spans) {
    const c = counts.get(g.type) ?? new Map<string, number>();
    c.set(run!.color, (c.get(run!.color) ?? 0) + 1);
    counts.set(g.type, c);
  }
  for (const [type, c] of counts)
    into.types.set(
      type,
      [...c].sort((a, b) => b[1] - a[1]).map(([colour]) => colour),
    );
  const neg = note.text.indexOf(NEGATED);
  if (neg >= 0) {
    into.negated = runAt(runs.lines, note.text, neg);
    const before = note.text.slice(0, neg).split('\n');
    // The band is drawn once the tokens are in: wait for it (the extension's decoration).
    into.negatedMarks = await poll(
      'the band behind the negated mention',
      async () => {
        const m = await marksAt(vscode.page, before.length - 1, before[before.length - 1].length);
        return m.some((x) => !/rgba\(0, 0, 0, 0\)|transparent/.test(x.background)) ? m : undefined;
      },
      10_000,
    ).catch(() => []);
  }
}

describe('e2e: entity colours in every built-in theme', function () {
  this.timeout(240_000);
  const s = vscodeSession(async (s) => {
    s.server = await startOracle();
    s.ws = clinicalAndLiteratureWorkspace([CLINICAL], [LITERATURE]);
    s.vscode = await VsCode.start({
      workspace: s.ws.open,
      // The user's colour settings are gone: what shows is the extension's defaults.
      settings: { 'biomedNlp.ollama.host': s.server.url, 'editor.semanticTokenColorCustomizations': {} },
    });
  });

  for (const theme of Object.keys(BUILT_IN_THEMES)) {
    it(`${theme}: six types readable (>= 3:1), unlike the text and each other; negated keeps its colour, on a band, not struck through`, async () => {
      await setTheme(s.vscode, theme);
      const r: Reading = { background: '', body: '', types: new Map() };
      await readNote(s.vscode, CLINICAL, r);
      await readNote(s.vscode, LITERATURE, r);
      r.background = await editorBackground(s.vscode.page);
      await s.vscode.screenshot(`colours-${BUILT_IN_THEMES[theme].file}`);
      assert.deepEqual([...r.types.keys()].sort(), ['chemical', 'disease', 'gene', 'problem', 'test', 'treatment']);
      const main = new Map([...r.types].map(([t, colours]) => [t, colours[0]]));
      const report = JSON.stringify({ background: r.background, body: r.body, types: Object.fromEntries(r.types) });
      for (const [type, colour] of main) {
        const c = contrast(colour, r.background);
        assert.ok(c >= 3, `${type} ${colour} on ${r.background}: ${c.toFixed(2)}:1 in ${theme} ${report}`);
        const e = deltaE(colour, r.body);
        assert.ok(e >= 20, `${type} ${colour} vs text ${r.body}: ΔE ${e.toFixed(1)} in ${theme}`);
        // Every colour a type shows (dimmed historical ones too) is readable.
        for (const other of r.types.get(type)!) assert.ok(contrast(other, r.background) >= 3, `${type} also ${other} in ${theme}`);
      }
      for (const [a, ca] of main) {
        for (const [b, cb] of main) {
          if (a < b) assert.ok(deltaE(ca, cb) >= 20, `${a} ${ca} vs ${b} ${cb}: ΔE ${deltaE(ca, cb).toFixed(1)} in ${theme}`);
        }
      }
      assert.ok(r.negated, 'the negated mention is rendered');
      assert.equal(r.negated.color, main.get('problem'), `a negated problem keeps the problem colour in ${theme}`);
      assert.ok(!r.negated.strike && !r.negated.underline, `no line through or under a negated problem in ${theme}`);
      const band = r.negatedMarks?.find((m) => !/rgba\(0, 0, 0, 0\)|transparent/.test(m.background));
      assert.ok(band, `a band behind the negated problem in ${theme}: ${JSON.stringify(r.negatedMarks)}`);
      const onBand = contrast(r.negated.color, band.background);
      assert.ok(onBand >= 3, `the negated problem on its band ${band.background}: ${onBand.toFixed(2)}:1 in ${theme}`);
    });
  }
});
