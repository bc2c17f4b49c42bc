/**
 * Real VS Code (code-server) with the packaged extension and its own colours: how a note
 * looks to an annotator and a clinician. A curated note (its `.ann` holds one mention of each
 * assertion status and one accepted without status) with one suggestion nobody has reviewed:
 * the suggestion's rendering (colour, font styles and the marks drawn behind or around it)
 * differs from that of every status and of the accepted mention; a negated mention keeps its
 * colour and has no line through or under it; brackets are not coloured; "Treatment:" is a
 * bold header. Then a note wrapped at a narrow column never breaks inside a number, dose or
 * abbreviation. Only what the page shows counts.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';
import { poll, VsCode } from './support/vscode';
import { vscodeSession } from './support/session';
import { marksAt, runAt, styledLines, visualRows, type Mark, type StyledRun } from './support/styles';

const STYLES = [
  'HPI: She denies fever.',
  'Concerning for pneumonia.',
  'History of stroke.',
  'Return if chest pain recurs.',
  'Mother had breast cancer.',
  'She has a headache.',
  'She reports a cough.',
  'Rash (angioedema) resolved.',
  'Treatment: aspirin daily.',
  '',
].join('\n');
/** The curated mentions, by their status ('' accepted without one); "cough" stays a suggestion. */
const CURATED: [string, string, string][] = [
  ['fever', 'PROBLEM', 'Negated'],
  ['pneumonia', 'PROBLEM', 'Possible'],
  ['stroke', 'PROBLEM', 'Historical'],
  ['chest pain', 'PROBLEM', 'Hypothetical'],
  ['breast cancer', 'PROBLEM', 'Experiencer'],
  ['headache', 'PROBLEM', ''],
  ['aspirin', 'TREATMENT', ''],
];
const SUGGESTION = 'cough';

/** Wrapped at this column, VS Code's default rules would break each line inside its token. */
const COLUMN = 40;
/** Each line's token, with the index of its character after which VS Code breaks by default (before "+": after "2"). */
const WRAPPED: [string, number][] = [
  ['1.1 cm lesion in the liver.', 1],
  ['b.i.d. with meals.', 1],
  ['mg/dL this morning.', 2],
  ['120/80 at rest.', 3],
  ['38.5°C overnight.', 2],
  ['2+ pitting edema.', 0],
];
const FILLER = 'Seen in clinic for review of a finding on the scan today and again ';
/** Filler, a space, then the token placed so that its break character is the column's last: "… 1." / "1 cm" by default. */
function wrapLine([token, b]: [string, number]): string {
  const start = COLUMN - 1 - b;
  return `${FILLER.slice(0, start - 1).replace(/ +$/, (sp) => 'x'.repeat(sp.length))} ${token}`;
}
const WRAP = WRAPPED.map(wrapLine).join('\n') + '\n';

function ann(text: string, entities: [string, string, string][]): string {
  const lines: string[] = [];
  entities.forEach(([word, type, status], i) => {
    const start = text.indexOf(word);
    lines.push(`T${i + 1}\t${type} ${start} ${start + word.length}\t${word}`);
    if (status) lines.push(`A${i + 1}\t${status} T${i + 1}${status === 'Experiencer' ? ' Other' : ''}`);
  });
  return lines.join('\n') + '\n';
}

describe('e2e: how a note looks (statuses, review state, brackets, headers, wrapping)', function () {
  this.timeout(180_000);
  const s = vscodeSession(async (s) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-e2e-ws-'));
    // The model's gold (every entity, for the oracle) and the annotator's .ann beside the note.
    const gold = path.join(dir, 'gold');
    const notes = path.join(dir, 'notes');
    fs.mkdirSync(gold);
    fs.mkdirSync(path.join(notes, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(gold, 'styles.note'), STYLES);
    fs.writeFileSync(
      path.join(gold, 'styles.ann'),
      ann(STYLES, [...CURATED, [SUGGESTION, 'PROBLEM', ''], ['angioedema', 'PROBLEM', '']]).replace(/^A.*\n/gm, ''),
    );
    fs.writeFileSync(path.join(gold, 'wrap.note'), WRAP);
    fs.writeFileSync(path.join(gold, 'wrap.ann'), '');
    fs.writeFileSync(path.join(notes, 'styles.note'), STYLES);
    // The curated .ann holds the project's types, in lower case (as the extension writes them).
    fs.writeFileSync(
      path.join(notes, 'styles.ann'),
      ann(STYLES, [...CURATED, ['angioedema', 'PROBLEM', '']]).replace(/\t(PROBLEM|TREATMENT) /g, (_, t: string) => `\t${t.toLowerCase()} `),
    );
    fs.writeFileSync(path.join(notes, 'wrap.note'), WRAP);
    fs.writeFileSync(path.join(notes, '.vscode/settings.json'), JSON.stringify({ 'biomedNlp.curation.enabled': true }));
    s.ws = { open: notes, dir, remove: () => fs.rmSync(dir, { recursive: true, force: true }) };
    s.server = await OllamaTestServer.start({ gold: loadGoldDocuments(gold) });
    s.vscode = await VsCode.start({
      workspace: notes,
      settings: {
        'biomedNlp.ollama.host': s.server.url,
        // The extension's own colours and VS Code's default bracket colouring, as a user has them.
        'editor.semanticTokenColorCustomizations': {},
        'editor.bracketPairColorization.enabled': true,
        // Notes wrap (the extension's default) at a narrow column; the style note's lines are shorter.
        '[clinical-note]': { 'editor.wordWrap': 'wordWrapColumn', 'editor.wordWrapColumn': COLUMN },
      },
    });
  });

  const at = (word: string) => {
    const offset = STYLES.indexOf(word);
    const before = STYLES.slice(0, offset).split('\n');
    return { offset, line: before.length - 1, col: before[before.length - 1].length };
  };

  interface Look {
    run: StyledRun;
    marks: Mark[];
  }
  async function look(word: string): Promise<Look | undefined> {
    const { offset, line, col } = at(word);
    const run = runAt(await styledLines(s.vscode.page), STYLES, offset);
    return run && { run, marks: await marksAt(s.vscode.page, line, col) };
  }
  const boxed = (l: Look) => l.marks.some((m) => m.border === 'dashed');
  const banded = (l: Look) => l.marks.some((m) => !/rgba\(0, 0, 0, 0\)|transparent/.test(m.background));
  /** What a reader sees of a mention: its colour, font styles and marks. */
  const seen = (l: Look) => ({ ...l.run, start: 0, end: 0, boxed: boxed(l), banded: banded(l) });

  it('an unreviewed suggestion looks unlike every assertion status and unlike an accepted mention; a negated one is not struck through', async () => {
    await s.vscode.openFile('styles.note');
    const body = (await look('She'))!.run.color;
    // Every mention coloured, the suggestion boxed and the negated mention banded: the tokens and the marks are in.
    const looks = await poll(
      'the mentions coloured and marked',
      async () => {
        const all = new Map<string, Look>();
        for (const w of [...CURATED.map((c) => c[0]), SUGGESTION]) {
          const l = await look(w);
          if (!l || l.run.color === body) return undefined;
          all.set(w, l);
        }
        return boxed(all.get(SUGGESTION)!) && banded(all.get('fever')!) ? all : undefined;
      },
      60_000,
      250,
    );
    await s.vscode.screenshot('note-styles');
    const suggestion = looks.get(SUGGESTION)!;
    const accepted = looks.get('headache')!;
    const report = JSON.stringify(Object.fromEntries([...looks].map(([w, l]) => [w, seen(l)])));

    // The review state has its own channel: only the suggestion is boxed, in the type's plain colour.
    assert.ok(boxed(suggestion), `the suggestion is boxed: ${report}`);
    for (const [w, l] of looks) if (w !== SUGGESTION) assert.ok(!boxed(l), `${w} is reviewed, not boxed: ${report}`);
    assert.equal(suggestion.run.color, accepted.run.color, 'the suggestion keeps the problem colour');
    assert.ok(
      !suggestion.run.italic && !suggestion.run.underline && !suggestion.run.strike && !banded(suggestion),
      `no status style on the suggestion: ${report}`,
    );
    for (const [w, l] of looks) if (w !== SUGGESTION) assert.notDeepEqual(seen(l), seen(suggestion), `${w} looks unlike the unreviewed suggestion`);

    // Each status its own style, none a line through the text.
    const status = (w: string) => looks.get(w)!;
    assert.ok(banded(status('fever')) && status('fever').run.color === accepted.run.color, `negated: banded, its colour: ${report}`);
    for (const [w, l] of looks) assert.ok(!l.run.strike && (w === 'stroke' || !l.run.bold), `nothing struck through, only historical bold: ${report}`);
    assert.ok(!status('fever').run.underline, 'nothing under a negated mention (a squiggle may come there)');
    assert.ok(status('pneumonia').run.italic && status('chest pain').run.italic, `possible, hypothetical: italic: ${report}`);
    // Historical is "known before this visit", not "gone": bold in its type colour, never dimmed.
    assert.ok(status('stroke').run.bold && status('stroke').run.color === accepted.run.color, `historical: bold, its colour: ${report}`);
    assert.ok(status('breast cancer').run.underline, 'family: underlined');
    assert.deepEqual(
      { ...seen(accepted), color: '' },
      { ...seen(accepted), color: '', italic: false, bold: false, strike: false, underline: false, boxed: false, banded: false },
      'accepted: the type colour only',
    );
  });

  it('brackets keep the text colour; "Treatment:" is a bold header like "HPI:"', async () => {
    const lines = await styledLines(s.vscode.page);
    const body = runAt(lines, STYLES, at('Rash').offset)!.color;
    for (const ch of ['(', ')']) assert.equal(runAt(lines, STYLES, STYLES.indexOf(ch))!.color, body, `"${ch}" of "(angioedema)" is not coloured`);
    for (const header of ['HPI:', 'Treatment:']) {
      const run = runAt(lines, STYLES, at(header).offset)!;
      assert.ok(run.bold, `${header} is bold`);
    }
    assert.ok(!runAt(lines, STYLES, at('aspirin').offset)!.bold, 'the text after a header is not');
  });

  it('a note wrapped at a narrow column never breaks inside a number, dose or abbreviation', async () => {
    await s.vscode.openFile('wrap.note');
    const rows = await poll('wrap.note wrapped', async () => {
      const r = await visualRows(s.vscode.page);
      return r.length > WRAPPED.length ? r : undefined;
    });
    await s.vscode.screenshot('note-wrapped');
    for (const [line] of WRAPPED) {
      const token = line.split(' ')[0];
      // The line breaks at the space before the token, so the token starts a row, whole (by default: "1 cm lesion…").
      assert.ok(
        rows.some((r) => r.startsWith(token)),
        `"${token}" starts a row whole: ${JSON.stringify(rows)}`,
      );
    }
  });
});
