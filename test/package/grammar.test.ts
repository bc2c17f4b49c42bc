/**
 * The TextMate grammar of clinical notes (syntaxes/clinical-note.tmLanguage.json), loaded
 * with the tokenizer VS Code itself uses (vscode-textmate + the Oniguruma WebAssembly build
 * that ships in vscode-oniguruma), checked on lines of the fixture notes and the examples.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vsctm from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';
import { inlineLabelLength, isHeaderLine, KNOWN_SECTIONS } from '../../server/src/engine/text/labels';

const ROOT = path.resolve(__dirname, '../../..');
const GRAMMAR_PATH = path.join(ROOT, 'syntaxes/clinical-note.tmLanguage.json');
const NOTES_DIR = path.join(ROOT, 'test/fixtures/notes');
const EXAMPLES_DIR = path.join(ROOT, 'examples');
const SCOPE = 'text.clinical-note';

const HEADING = 'markup.heading.clinical-note';
const NUMBER = 'constant.numeric.clinical-note';
const DOSE = 'constant.numeric.dose.clinical-note';
const UNIT = 'keyword.other.unit.clinical-note';
const DATE = 'constant.other.date.clinical-note';
const FREQUENCY = 'keyword.other.frequency.clinical-note';
const ROUTE = 'keyword.other.route.clinical-note';
const NUMBERED = 'markup.list.numbered.clinical-note';
const BULLET = 'markup.list.unnumbered.clinical-note';
const DEID = 'comment.block.deidentified.clinical-note';

let onigReady: Promise<vsctm.IOnigLib> | undefined;
function onigLib(): Promise<vsctm.IOnigLib> {
  onigReady ??= (async () => {
    const wasmPath = path.join(path.dirname(require.resolve('vscode-oniguruma')), 'onig.wasm');
    const bytes = fs.readFileSync(wasmPath);
    await oniguruma.loadWASM(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    return {
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    };
  })();
  return onigReady;
}

let grammar: vsctm.IGrammar;

/** The scopes of every UTF-16 unit of `line`, tokenised on its own (the grammar has no multi-line rules). */
function charScopes(line: string): string[][] {
  const result = grammar.tokenizeLine(line, vsctm.INITIAL, 1000);
  assert.equal(result.stoppedEarly, false, `tokenising took too long: ${line}`);
  const out: string[][] = [];
  for (const t of result.tokens) {
    for (let i = t.startIndex; i < Math.min(t.endIndex, line.length); i++) out[i] = t.scopes;
  }
  return out;
}

function indexOf(line: string, text: string, occurrence = 0): number {
  let at = -1;
  for (let n = 0; n <= occurrence; n++) {
    at = line.indexOf(text, at + 1);
    assert.ok(at >= 0, `"${text}" (occurrence ${occurrence}) is not in: ${line}`);
  }
  return at;
}

/** The characters [at, at + length) of `line` carry `scope`, and the characters just around them do not. */
function assertSpan(line: string, at: number, length: number, scope: string): void {
  const scopes = charScopes(line);
  const text = line.slice(at, at + length);
  for (let i = at; i < at + length; i++) {
    assert.ok(scopes[i].includes(scope), `"${text}" in "${line}": char ${i} "${line[i]}" has ${JSON.stringify(scopes[i])}, not ${scope}`);
  }
  if (at > 0) assert.ok(!scopes[at - 1].includes(scope), `${scope} starts before "${text}" in: ${line}`);
  if (at + length < line.length) assert.ok(!scopes[at + length].includes(scope), `${scope} goes on after "${text}" in: ${line}`);
}

/** `text` (its nth occurrence in `line`) carries `scope` on every character, and the characters just around it do not. */
function assertScope(line: string, text: string, scope: string, occurrence = 0): void {
  assertSpan(line, indexOf(line, text, occurrence), text.length, scope);
}

/** No character of `text` carries a scope that starts with any of `prefixes`. */
function assertNoScope(line: string, text: string, prefixes: string[], occurrence = 0): void {
  const scopes = charScopes(line);
  const at = indexOf(line, text, occurrence);
  for (let i = at; i < at + text.length; i++) {
    for (const s of scopes[i]) {
      assert.ok(!prefixes.some((p) => s.startsWith(p)), `"${text}" in "${line}": char ${i} "${line[i]}" has ${s}`);
    }
  }
}

/** Exactly the scopes of `text` (the same on all its characters). */
function scopesOf(line: string, text: string, occurrence = 0): string[] {
  const scopes = charScopes(line);
  const at = indexOf(line, text, occurrence);
  for (let i = at + 1; i < at + text.length; i++) assert.deepEqual(scopes[i], scopes[at], `"${text}" is one token in: ${line}`);
  return scopes[at];
}

function linesOf(file: string): string[] {
  return fs.readFileSync(file, 'utf8').split(/\r?\n/);
}

/** The line of a note that starts with `prefix` (fixture notes first, then the examples). */
function noteLine(note: string, prefix: string): string {
  const file = fs.existsSync(path.join(NOTES_DIR, `${note}.note`)) ? path.join(NOTES_DIR, `${note}.note`) : path.join(EXAMPLES_DIR, `${note}.note`);
  const line = linesOf(file).find((l) => l.startsWith(prefix));
  assert.ok(line !== undefined, `no line of ${note} starts with "${prefix}"`);
  return line;
}

describe('grammar: clinical-note TextMate grammar', function () {
  this.timeout(30_000);

  before(async () => {
    const registry = new vsctm.Registry({
      onigLib: onigLib(),
      loadGrammar: async (scopeName) => (scopeName === SCOPE ? vsctm.parseRawGrammar(fs.readFileSync(GRAMMAR_PATH, 'utf8'), GRAMMAR_PATH) : null),
    });
    const loaded = await registry.loadGrammar(SCOPE);
    assert.ok(loaded, 'the grammar loads');
    grammar = loaded;
  });

  it('is the grammar package.json contributes, and every regular expression compiles in Oniguruma', async () => {
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const contributed = manifest.contributes.grammars.find((g: { language: string }) => g.language === 'clinical-note');
    assert.equal(path.resolve(ROOT, contributed.path), GRAMMAR_PATH);
    assert.equal(contributed.scopeName, SCOPE);
    const raw = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));
    assert.equal(raw.scopeName, SCOPE);
    await onigLib();
    const regexes: string[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) node.forEach(walk);
      else if (node && typeof node === 'object') {
        for (const [k, v] of Object.entries(node)) {
          if ((k === 'match' || k === 'begin' || k === 'end' || k === 'while') && typeof v === 'string') regexes.push(v);
          else walk(v);
        }
      }
    };
    walk(raw);
    assert.ok(regexes.length >= 10);
    for (const re of regexes) assert.doesNotThrow(() => new oniguruma.OnigScanner([re]).dispose(), re);
    // Every include points into the repository.
    const includes = JSON.stringify(raw).match(/"include":"#[^"]+"/g) ?? [];
    for (const inc of includes) assert.ok(raw.repository[inc.slice(12, -1)], inc);
  });

  it('tokenises every line of the fixture notes and examples quickly', () => {
    const files = [
      ...fs
        .readdirSync(NOTES_DIR)
        .filter((f) => f.endsWith('.note'))
        .map((f) => path.join(NOTES_DIR, f)),
      ...fs
        .readdirSync(EXAMPLES_DIR)
        .filter((f) => f.endsWith('.note'))
        .map((f) => path.join(EXAMPLES_DIR, f)),
    ];
    assert.ok(files.length >= 6);
    let state = vsctm.INITIAL;
    for (const file of files) {
      for (const line of linesOf(file)) {
        const r = grammar.tokenizeLine(line, state, 1000);
        assert.equal(r.stoppedEarly, false, line);
        state = r.ruleStack;
      }
    }
    // A long line of digits and units does not make the tokenizer crawl.
    const long = 'BP 162/94, HR 98, 2.1 mg/dL, 40 mg PO b.i.d., 2026-03-02 14:30 [**x**] '.repeat(200);
    const t0 = Date.now();
    assert.equal(grammar.tokenizeLine(long, vsctm.INITIAL, 2000).stoppedEarly, false);
    assert.ok(Date.now() - t0 < 2000);
  });

  describe('section headers', () => {
    it('all-capital lines and lines that end in a colon are headers, as a whole', () => {
      for (const [note, line] of [
        ['discharge-heart-failure', 'DISCHARGE SUMMARY'],
        ['discharge-heart-failure', 'HISTORY OF PRESENT ILLNESS:'],
        ['discharge-heart-failure', 'DISCHARGE MEDICATIONS:'],
        ['ed-chest-pain', 'EMERGENCY DEPARTMENT NOTE'],
        ['progress-diabetes-ckd', 'PROGRESS NOTE - ENDOCRINOLOGY CLINIC'],
        ['progress-diabetes-ckd', 'ASSESSMENT AND PLAN:'],
      ]) {
        assert.equal(noteLine(note, line), line);
        assertScope(line, line, HEADING);
      }
      assertScope('Hospital course:', 'Hospital course:', HEADING);
    });

    it('inline labels at the start of a line are headers, the text after them is not', () => {
      const cases: [string, string, string][] = [
        ['ed-chest-pain', 'HPI:', '58-year-old woman'],
        ['ed-chest-pain', 'CHIEF COMPLAINT:', 'Chest pain.'],
        ['ed-chest-pain', 'EXAM:', 'Lungs clear.'],
        ['ed-chest-pain', 'ED COURSE:', 'She was given aspirin'],
        ['ed-chest-pain', 'IMPRESSION:', 'Acute inferior'],
        ['progress-diabetes-ckd', 'SUBJECTIVE:', 'returns for follow-up'],
        ['progress-diabetes-ckd', 'Summary:', 'Glycemic control has improved'],
      ];
      for (const [note, label, after] of cases) {
        const line = noteLine(note, label);
        assertScope(line, label, HEADING);
        assertNoScope(line, after, [HEADING]);
      }
      assertScope('A/P: continue the current plan.', 'A/P:', HEADING);
      assertScope('Assessment: stable.', 'Assessment:', HEADING);
    });

    it('every section name the server knows is a header as an inline label ("Treatment:" as "Exam:")', () => {
      assertScope('Treatment: aspirin 81 mg daily.', 'Treatment:', HEADING);
      assertNoScope('Treatment: aspirin 81 mg daily.', 'aspirin', [HEADING]);
      for (const name of KNOWN_SECTIONS) {
        const label = `${name[0].toUpperCase()}${name.slice(1)}:`;
        const line = `${label} she is stable.`;
        // The server takes it as a section: the grammar colours what the server splits on.
        assert.equal(inlineLabelLength(line, 0, line.length), label.length, `the server: ${label}`);
        assertScope(line, label, HEADING);
      }
      // The SOAP labels, in capitals before words; "P: 88" is a pulse, "s: ..." no label.
      for (const [line, label, header] of [
        ['S: feels better today.', 'S:', true],
        ['A: improving.', 'A:', true],
        ['P: 88 and regular.', 'P:', false],
        ['s: feels better today.', 's:', false],
      ] as const) {
        assert.equal(inlineLabelLength(line, 0, line.length) > 0, header, `the server: ${line}`);
        if (header) assertScope(line, label, HEADING);
        else assertNoScope(line, label, [HEADING]);
      }
    });

    it("the header rules are what scripts/grammar-headers.mjs generates from the segmenter's word lists and section vocabulary", async () => {
      const generator = (await import(pathToFileURL(path.join(ROOT, 'scripts', 'grammar-headers.mjs')).href)) as {
        headerLineMatch(words: unknown, vocabulary: unknown): string;
        inlineHeaderMatch(vocabulary: unknown): string;
      };
      const words = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/src/engine/text/segmentWords.json'), 'utf8'));
      const vocabulary = JSON.parse(fs.readFileSync(path.join(ROOT, 'server/src/engine/text/sectionVocabulary.json'), 'utf8'));
      const grammarJson = JSON.parse(fs.readFileSync(GRAMMAR_PATH, 'utf8'));
      assert.equal(grammarJson.repository['header-line'].match, generator.headerLineMatch(words, vocabulary), 'stale: run `npm run grammar:headers`');
      assert.equal(grammarJson.repository['inline-header'].match, generator.inlineHeaderMatch(vocabulary), 'stale: run `npm run grammar:headers`');
    });

    it('a whole line is a header exactly where the server takes it for one (isHeaderLine)', () => {
      const lines = [
        ...[...KNOWN_SECTIONS].map((name) => name.replace(/(^|\s)(\p{L})/gu, (_, space: string, c: string) => space + c.toUpperCase())),
        ...[...KNOWN_SECTIONS].map((name) => name.toUpperCase()),
        ...['DISCHARGE SUMMARY', 'GI CONSULT', 'PRIMARY CARE CLINIC NOTE', 'PROGRESS NOTE - GENERAL SURGERY', 'RADIOLOGY REPORT', 'HOSPITAL COURSE BY PROBLEM'],
        ...['COPD', 'CHF', 'HYPERTENSION', 'NO EDEMA', 'MAJOR BLEEDING', 'FAMILY HISTORY OF CAD', 'NO MURMUR PRESENT', 'CT HEAD WITHOUT CONTRAST', 'HEENT'],
        ...['Hospital course', 'Physical exam', 'Chest pain', 'NO ACUTE DISTRESS.', 'BP 120/80 HR 98'],
      ];
      const differ = lines.filter((line) => {
        const coloured = charScopes(line)[line.search(/\S/)].includes(HEADING);
        return coloured !== isHeaderLine(line);
      });
      assert.deepEqual(differ, []);
    });

    it('markdown headings are headers, as the server takes them', () => {
      assertScope('## Plan', 'Plan', HEADING);
      assertScope('### Hospital course', 'Hospital course', HEADING);
    });

    it('sentences are not headers', () => {
      const hpi = noteLine('discharge-heart-failure', '72-year-old man');
      assertNoScope(hpi, hpi, [HEADING]);
      const assessment = noteLine('discharge-heart-failure', "The patient's heart failure");
      assertNoScope(assessment, assessment, [HEADING]);
      const plan = noteLine('progress-diabetes-ckd', '1. Type 2 diabetes');
      assertNoScope(plan, plan, [HEADING]);
      // A shouted sentence, vitals in capitals, a capitalised medication line, a mid-line colon.
      for (const line of ['NO ACUTE DISTRESS.', 'BP 120/80 HR 98', '1. ASPIRIN 81 MG DAILY', 'The plan is as follows: start aspirin.', 'GU: normal.']) {
        assertNoScope(line, line, [HEADING]);
      }
      // Labels in mixed case that are not known section names are not headers (as in the server's segmenter).
      const admission = noteLine('discharge-heart-failure', 'Admission Date:');
      assertNoScope(admission, admission, [HEADING]);
    });
  });

  describe('vital signs and lab values', () => {
    it('vital signs: numbers are numeric, the sign names are not units', () => {
      const exam = noteLine('ed-chest-pain', 'EXAM:');
      for (const n of ['162', '94', '98', '97']) assertScope(exam, n, NUMBER);
      assertScope(exam, '%', UNIT);
      for (const name of ['BP', 'HR', 'SpO2']) assertNoScope(exam, name, [UNIT, 'constant.']);
      assert.deepEqual(scopesOf('BP', 'BP'), [SCOPE], '"BP" alone is plain text');
      assert.deepEqual(scopesOf('BP 162/94', 'BP'), [SCOPE]);
      assertNoScope(exam, '/', [NUMBER, UNIT]);
    });

    it('lab values: the number is numeric, the unit is a unit, and neither is a dose', () => {
      const cases: [string, string, string][] = [
        ['discharge-heart-failure', 'A chest x-ray', '2140 pg/mL'],
        ['discharge-heart-failure', 'A chest x-ray', '2.1 mg/dL'],
        ['discharge-heart-failure', 'A chest x-ray', '25%'],
        ['ed-chest-pain', 'STUDIES:', '0.84 ng/mL'],
        ['ed-chest-pain', 'STUDIES:', '2 mm'],
        ['progress-diabetes-ckd', 'OBJECTIVE:', '98 kg'],
        ['progress-diabetes-ckd', 'OBJECTIVE:', '8.9%'],
        ['progress-diabetes-ckd', 'OBJECTIVE:', '38 mL/min/1.73m2'],
        ['progress-diabetes-ckd', 'OBJECTIVE:', '410 mg/g'],
        ['pneumonia-admission', 'LABS:', '131 mmol/L'],
        ['pneumonia-admission', 'LABS:', '18.4 x10^9/L'],
        ['pneumonia-admission', 'VITAL SIGNS:', '39.1 C'],
        ['clinic-hypertension', 'OBJECTIVE:', '31.2 kg/m2'],
        ['clinic-hypertension', 'OBJECTIVE:', '2.3 mIU/L'],
      ];
      for (const [note, prefix, value] of cases) {
        const line = noteLine(note, prefix);
        const [, number, space, unit] = /^([\d.,]+)( ?)(.+)$/.exec(value)!;
        const at = indexOf(line, value);
        assertSpan(line, at, number.length, NUMBER);
        assert.ok(
          !charScopes(line)
            .slice(at, at + value.length)
            .some((sc) => sc.includes(DOSE)),
          `${value} is not a dose`,
        );
        assertSpan(line, at + number.length + space.length, unit.length, UNIT);
      }
      // The 1.73 of "mL/min/1.73m2" is part of the unit, not a number of its own.
      const objective = noteLine('progress-diabetes-ckd', 'OBJECTIVE:');
      assertNoScope(objective, '1.73m2', ['constant.']);
    });

    it('numbers in prose are numeric without a unit; digits inside words are not numbers', () => {
      const course = noteLine('discharge-heart-failure', 'A chest x-ray');
      // "Creatinine rose from 1.6 to 2.1 mg/dL": both numbers numeric, only mg/dL a unit.
      assertScope(course, '1.6', NUMBER);
      assertNoScope(course, '1.6 to ', [UNIT]);
      const range = indexOf(course, '2-3');
      assertSpan(course, range, 1, NUMBER);
      assertSpan(course, range + 2, 1, NUMBER);
      const hpi = noteLine('discharge-heart-failure', '72-year-old man');
      assertScope(hpi, '72', NUMBER);
      assertNoScope(hpi, '-year-old', ['constant.']);
      const exam = noteLine('ed-chest-pain', 'EXAM:');
      assertNoScope(exam, 'SpO2', ['constant.']);
      const objective = noteLine('progress-diabetes-ckd', 'OBJECTIVE:');
      assertNoScope(objective, 'A1c', ['constant.']);
      assertNoScope('COVID-19 and IL-6', 'COVID-19 and IL-6', ['constant.']);
      assertScope('a BNP of 2,140 pg/mL', '2,140', NUMBER);
    });
  });

  describe('dates and times', () => {
    it('ISO dates, US dates and clock times', () => {
      assertScope(noteLine('post-op-day-1', 'Date:'), '2026-02-18', DATE);
      assertScope(noteLine('post-op-day-1', 'Date:'), '07:15', DATE);
      assertScope(noteLine('clinic-hypertension', 'Visit Date:'), '03/09/2026', DATE);
      assertScope(noteLine('pneumonia-admission', 'HPI:'), '01/10/2026', DATE);
      assertScope(noteLine('pneumonia-admission', '- Repeat lactate'), '04:00', DATE);
      const line = 'Seen 2026-03-02 and 03/02/2026 at 14:30, again 3/4/26 at 9:30 pm.';
      for (const d of ['2026-03-02', '03/02/2026', '14:30', '3/4/26', '9:30 pm']) assertScope(line, d, DATE);
      assertNoScope(line, '2026-03-02', [NUMBER]);
    });

    it('ratios, ranges and blood pressures are not dates', () => {
      assertNoScope('ANA titer 1:40 and 1:160', '1:40 and 1:160', [DATE]);
      assertNoScope(noteLine('discharge-heart-failure', 'A chest x-ray'), '2-3', [DATE]);
      assertNoScope(noteLine('ed-chest-pain', 'EXAM:'), '162/94', [DATE]);
      assertNoScope(noteLine('post-op-day-1', 'SUBJECTIVE:'), '4/10', [DATE]);
    });
  });

  describe('doses, routes and frequencies', () => {
    it('doses: the number is a dose, the unit a unit', () => {
      const cases: [string, string, string][] = [
        ['discharge-heart-failure', '1. Furosemide', '40 mg'],
        ['ed-chest-pain', 'ED COURSE:', '325 mg'],
        ['progress-diabetes-ckd', 'SUBJECTIVE:', '24 units'],
        ['progress-diabetes-ckd', 'SUBJECTIVE:', '1000 mg'],
        ['clinic-hypertension', '- Levothyroxine', '50 mcg'],
        ['post-op-day-1', '- Potassium chloride', '20 mEq'],
        ['post-op-day-1', '- Sodium chloride', '10 mL'],
        ['pneumonia-admission', '1. Ceftriaxone', '1 g'],
        ['pneumonia-admission', '2. Lactated', '30 mL/kg'],
      ];
      for (const [note, prefix, dose] of cases) {
        const line = noteLine(note, prefix);
        const [number, unit] = dose.split(' ');
        const at = indexOf(line, dose);
        assertSpan(line, at, number.length, DOSE);
        assertSpan(line, at + number.length + 1, unit.length, UNIT);
      }
      // A concentration is a measurement, not a dose.
      assertNoScope(noteLine('discharge-heart-failure', 'A chest x-ray'), '2.1', [DOSE]);
    });

    it('routes', () => {
      assertScope(noteLine('discharge-heart-failure', '1. Furosemide'), 'by mouth', ROUTE);
      assertScope(noteLine('ed-chest-pain', 'ED COURSE:'), 'sublingual', ROUTE);
      assertScope(noteLine('discharge-heart-failure', 'A chest x-ray'), 'intravenous', ROUTE);
      assertScope(noteLine('pneumonia-admission', '6. Acetaminophen'), 'PO', ROUTE);
      assertScope(noteLine('pneumonia-admission', '1. Ceftriaxone'), 'IV', ROUTE, 0);
      assertScope(noteLine('pneumonia-admission', '5. Enoxaparin'), 'SC', ROUTE);
      assertScope(noteLine('post-op-day-1', '- Ketorolac'), 'IM', ROUTE);
      // Roman numerals after class/stage are not routes; words containing the letters are not either.
      const line = 'NYHA class IV heart failure, stage IV cancer, IV fluids, POCUS and SCD.';
      assertNoScope(line, 'class IV', [ROUTE]);
      assertNoScope(line, 'stage IV', [ROUTE]);
      assertScope(line, 'IV', ROUTE, 2);
      assertNoScope(line, 'POCUS and SCD', [ROUTE]);
    });

    it('frequencies', () => {
      const cases: [string, string, string][] = [
        ['discharge-heart-failure', '1. Furosemide', 'twice daily'],
        ['discharge-heart-failure', '2. Metoprolol', 'daily'],
        ['discharge-heart-failure', '4. Atorvastatin', 'nightly'],
        ['progress-diabetes-ckd', 'SUBJECTIVE:', 'at bedtime'],
        ['clinic-hypertension', '- Ibuprofen', 'b.i.d.'],
        ['clinic-hypertension', '- Ibuprofen', 'p.r.n.'],
        ['clinic-hypertension', '- Amlodipine', 'q.d.'],
        ['clinic-hypertension', '- Atorvastatin', 'qhs'],
        ['pneumonia-admission', 'HPI:', 't.i.d.'],
        ['post-op-day-1', '- Oxycodone', 'q.i.d.'],
        ['post-op-day-1', '- Oxycodone', 'q4h'],
        ['post-op-day-1', '- Ondansetron', 'PRN'],
      ];
      for (const [note, prefix, frequency] of cases) assertScope(noteLine(note, prefix), frequency, FREQUENCY);
      // "twice daily" is one frequency, not "daily" after a plain word.
      assert.deepEqual(scopesOf(noteLine('discharge-heart-failure', '1. Furosemide'), 'twice daily'), [SCOPE, FREQUENCY]);
      assertScope('enoxaparin 1 mg/kg SC every 12 hours', 'every 12 hours', FREQUENCY);
      assertNoScope('a bidirectional shunt, daily-life', 'bidirectional', [FREQUENCY]);
    });
  });

  describe('lists and de-identification placeholders', () => {
    it('numbered and bulleted list markers', () => {
      assertScope(noteLine('discharge-heart-failure', '1. Furosemide'), '1.', NUMBERED);
      assertScope(noteLine('progress-diabetes-ckd', '3. Peripheral'), '3.', NUMBERED);
      assertNoScope(noteLine('discharge-heart-failure', '1. Furosemide'), '1.', [NUMBER, DOSE]);
      assertScope(noteLine('clinic-hypertension', '- Amlodipine'), '-', BULLET);
      assertScope('* metoprolol 25 mg twice daily', '*', BULLET);
      assertScope('\u2022 atorvastatin 40 mg at bedtime', '\u2022', BULLET);
      assertScope('  2) repeat labs', '2)', NUMBERED);
      // As segment.ts's LIST_MARKER: letters, roman numerals, problem hashes, other bullets.
      assertScope('b) Lisinopril 10 mg daily', 'b)', NUMBERED);
      assertNoScope('a. fib on apixaban', 'a.', [NUMBERED]);
      assertNoScope('(R) knee effusion', '(R)', [NUMBERED]);
      assertNoScope('# of drinks per week', '#', [BULLET]);
      assertScope('IV. Plan of care', 'IV.', NUMBERED);
      assertScope('(iii) follow up in clinic', '(iii)', NUMBERED);
      assertScope('# CHF: diurese to euvolemia', '#', BULLET);
      assertScope('\u25aa metformin 500 mg', '\u25aa', BULLET);
      assertNoScope('E. coli bacteremia', 'E.', [NUMBERED]);
      assertNoScope('e. coli bacteremia', 'e.', [NUMBERED]);
      // A problem in capitals after a marker is a list item, not a header.
      assertNoScope('# CHF', 'CHF', [HEADING]);
      // A hyphen inside a line, a decimal at the start of a line are not list markers.
      assertNoScope(noteLine('progress-diabetes-ckd', 'PROGRESS NOTE'), '-', [BULLET]);
      assertNoScope('2.1 mg/dL today', '2.1', [NUMBERED]);
    });

    it('placeholders are one comment token, whatever they hold', () => {
      const line = noteLine('discharge-heart-failure', 'Admission Date:');
      assert.deepEqual(scopesOf(line, '[**2026-03-02**]'), [SCOPE, DEID]);
      assert.deepEqual(scopesOf(line, '[**2026-03-07**]'), [SCOPE, DEID]);
      assertScope(line, '[**2026-03-02**]', DEID);
      const attending = noteLine('pneumonia-admission', 'Attending:');
      assert.deepEqual(scopesOf(attending, '[**Dr. First Name 3**]'), [SCOPE, DEID]);
      assert.ok(!charScopes(attending)[indexOf(attending, '**] [**') + 3].includes(DEID), 'two placeholders are two tokens');
      // Inside a header line too.
      assert.deepEqual(scopesOf('SEEN BY [**DR. X**]:', '[**DR. X**]'), [SCOPE, HEADING, DEID]);
    });
  });
});

describe('grammar: language configuration and walkthrough', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  it('language-configuration.json: [** **] closes itself; words keep hyphens and decimals', () => {
    const lang = manifest.contributes.languages.find((l: { id: string }) => l.id === 'clinical-note');
    const conf = JSON.parse(fs.readFileSync(path.resolve(ROOT, lang.configuration), 'utf8'));
    assert.ok(conf.autoClosingPairs.some((p: { open: string; close: string }) => p.open === '[**' && p.close === '**]'));
    assert.ok(conf.brackets.some((b: string[]) => b[0] === '[**' && b[1] === '**]'));
    // VS Code compiles a string wordPattern without flags, where \p{L} means "p{L}": the u flag must be given.
    assert.equal(typeof conf.wordPattern, 'object');
    const word = new RegExp(conf.wordPattern.pattern, `g${conf.wordPattern.flags}`);
    const text = "A 72-year-old man's eGFR fell to 38 mL/min/1.73m2; creatinine 2.1 mg/dL (2,140 pg/mL), ST-elevation, naïve.";
    assert.deepEqual(text.match(word), [
      'A',
      '72-year-old',
      "man's",
      'eGFR',
      'fell',
      'to',
      '38',
      'mL',
      'min',
      '1.73m2',
      'creatinine',
      '2.1',
      'mg',
      'dL',
      '2,140',
      'pg',
      'mL',
      'ST-elevation',
      'naïve',
    ]);
    assert.equal(''.match(word), null, 'never matches the empty string');
  });

  it("the walkthrough follows VS Code's schema and references what exists", () => {
    const walkthroughs = manifest.contributes.walkthroughs;
    assert.ok(Array.isArray(walkthroughs));
    const w = walkthroughs.find((x: { id: string }) => x.id === 'biomedNlp.gettingStarted');
    assert.ok(w, 'biomedNlp.gettingStarted');
    for (const key of ['id', 'title', 'description']) assert.equal(typeof w[key], 'string', key);
    assert.ok(Array.isArray(w.steps) && w.steps.length >= 5);
    const ids = new Set<string>();
    const declared = new Set(manifest.contributes.commands.map((c: { command: string }) => c.command));
    const commandsUsed = new Set<string>();
    for (const step of w.steps) {
      assert.equal(typeof step.id, 'string');
      assert.ok(!ids.has(step.id), `step id ${step.id} is unique`);
      ids.add(step.id);
      assert.equal(typeof step.title, 'string');
      assert.equal(typeof step.description, 'string');
      const media = step.media;
      const keys = Object.keys(media).sort().join(',');
      assert.ok(
        ['markdown', 'altText,image', 'altText,svg'].includes(keys),
        `${step.id}: media is {markdown} or {image, altText} or {svg, altText}, not {${keys}}`,
      );
      const mediaFile = media.markdown ?? media.image ?? media.svg;
      assert.equal(typeof mediaFile, 'string');
      assert.ok(fs.existsSync(path.join(ROOT, mediaFile)), `${step.id}: ${mediaFile} exists`);
      if (step.completionEvents !== undefined) {
        assert.ok(Array.isArray(step.completionEvents));
        for (const e of step.completionEvents) {
          assert.match(e, /^(onCommand|onLink|onView|onSettingChanged|onContext|onExtensionInstalled):.+|^onStepSelected$/, `${step.id}: ${e}`);
          if (e.startsWith('onCommand:')) commandsUsed.add(e.slice('onCommand:'.length));
        }
      }
      for (const m of step.description.matchAll(/\]\(command:(?:toSide:)?([\w.]+)/g)) commandsUsed.add(m[1]);
    }
    for (const c of ['biomedNlp.pullModel', 'biomedNlp.openExample', 'biomedNlp.downloadEmbeddedModel'])
      assert.ok(commandsUsed.has(c), `the walkthrough runs ${c}`);
    for (const c of commandsUsed) assert.ok(declared.has(c), `${c} is declared in contributes.commands`);
    const all = w.steps
      .map(
        (s: { description: string; media: { markdown?: string } }) =>
          s.description + (s.media.markdown ? fs.readFileSync(path.join(ROOT, s.media.markdown), 'utf8') : ''),
      )
      .join('\n');
    for (const needle of ['https://ollama.com', 'ollama serve', 'ollama pull hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M'])
      assert.ok(all.includes(needle), needle);
    // `uncertain` is only a legend alias of `possible` for one release (README), not taught any more.
    for (const t of ['problem', 'treatment', 'test', 'disease', 'chemical', 'gene', 'negated', 'possible', 'historical', 'hypothetical', 'family', 'related'])
      assert.ok(all.includes(`\`${t}\``), t);
  });

  it('the examples ship with the package', () => {
    const ignore = fs.readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8').split(/\r?\n/);
    assert.ok(ignore.includes('!examples/**'));
    assert.ok(ignore.includes('!media/**'));
    const notes = fs.readdirSync(EXAMPLES_DIR).filter((f) => f.endsWith('.note'));
    assert.ok(notes.length >= 3);
    assert.ok(fs.existsSync(path.join(EXAMPLES_DIR, 'README.md')));
  });
});
