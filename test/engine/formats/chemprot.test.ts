import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ChemProtPair, parseChemProtLine, readChemProt, writeChemProtLine } from '../../../server/src/engine/formats/chemprot';
import { ROOT } from '../../support/paths';

const FIXTURE = path.join(ROOT, 'test/fixtures/chemprot/dev.jsonl');

describe('ChemProt (SciBERT JSON lines)', () => {
  // The first 300 pairs are plenty for the reader; test/engine/tasks/chemprot.test.ts runs all of them.
  const raw = fs.readFileSync(FIXTURE, 'utf8').split('\n').slice(0, 300).join('\n');
  const lines = raw.split('\n').filter((l) => l.trim() !== '');

  it('reads all 300 fixture pairs; argument texts are the marked texts, markers gone', () => {
    const pairs = readChemProt(raw);
    assert.equal(lines.length, 300);
    assert.equal(pairs.length, 300);
    pairs.forEach((p, i) => {
      const { text: marked, label } = JSON.parse(lines[i]);
      const chem = /<< (.+?) >>/.exec(marked)![1];
      const gene = /\[\[ (.+?) \]\]/.exec(marked)![1];
      assert.equal(p.text.slice(p.chemical.start, p.chemical.end), chem, `line ${i + 1}`);
      assert.equal(p.text.slice(p.gene.start, p.gene.end), gene, `line ${i + 1}`);
      assert.equal(p.label, label);
      assert.ok(!/<< | >>|\[\[ | \]\]/.test(p.text), `line ${i + 1} keeps a marker`);
      // The clean text is the marked text less exactly the four markers.
      assert.equal(p.text.length, marked.length - 12);
    });
  });

  it('removes the single spaces inside the markers, keeps the text around them', () => {
    const p = parseChemProtLine(lines[0])!;
    assert.equal(
      p.text,
      'At 4 hours, losartan blocked 43% of the Ang II-induced systolic blood pressure increase; valsartan, 51%; and irbesartan, 88% (P<0.01 between drugs).',
    );
    assert.deepEqual(p.chemical, { start: 40, end: 46 });
    assert.equal(p.text.slice(p.gene.start, p.gene.end), 'valsartan');
    assert.equal(p.label, 'INDIRECT-DOWNREGULATOR');
  });

  it('offsets are UTF-16 code units', () => {
    const p = parseChemProtLine(JSON.stringify({ text: 'α-𝛽 << Ca²⁺ >> binds [[ 𝒞aM ]].', label: 'AGONIST' }))!;
    assert.equal(p.text, 'α-𝛽 Ca²⁺ binds 𝒞aM.');
    assert.deepEqual(p.chemical, { start: 5, end: 9 });
    assert.deepEqual(p.gene, { start: 16, end: 20 });
    assert.equal(p.text.slice(p.gene.start, p.gene.end), '𝒞aM');
  });

  it('the gene may come before the chemical', () => {
    // The SciBERT copy marks by text order, so no fixture line has [[ ]] first: write one.
    const line = '{"text": "Expression of [[ CYP3A4 ]] was induced by << rifampicin >> in hepatocytes.", "label": "INDIRECT-UPREGULATOR", "metadata": []}';
    const p = parseChemProtLine(line)!;
    assert.equal(p.text, 'Expression of CYP3A4 was induced by rifampicin in hepatocytes.');
    assert.ok(p.gene.start < p.chemical.start);
    assert.equal(p.text.slice(p.gene.start, p.gene.end), 'CYP3A4');
    assert.equal(p.text.slice(p.chemical.start, p.chemical.end), 'rifampicin');
    assert.equal(writeChemProtLine(p), line);
    // Real pairs, swapped: the gene span of each fixture line moved before its chemical.
    for (const l of lines.slice(0, 50)) {
      const q = parseChemProtLine(l)!;
      const swapped: ChemProtPair = { ...q, chemical: q.gene, gene: q.chemical };
      assert.deepEqual(parseChemProtLine(writeChemProtLine(swapped)), swapped);
    }
  });

  it('round trip: write → parse gives the pair back; write(parse(line)) is the line', () => {
    for (const l of lines) {
      const p = parseChemProtLine(l)!;
      const written = writeChemProtLine(p);
      assert.deepEqual(parseChemProtLine(written), p);
      assert.deepEqual(JSON.parse(written), JSON.parse(l));
      assert.equal(written, l);
    }
    // Adjacent and nested spans.
    const text = 'ACE inhibitors block ACE.';
    for (const pair of [
      { text, chemical: { start: 0, end: 3 }, gene: { start: 3, end: 14 }, label: 'INHIBITOR' },
      { text, chemical: { start: 0, end: 14 }, gene: { start: 0, end: 3 }, label: 'INHIBITOR' },
      { text, chemical: { start: 4, end: 14 }, gene: { start: 0, end: 14 }, label: 'INHIBITOR' },
    ]) {
      assert.deepEqual(parseChemProtLine(writeChemProtLine(pair)), pair);
    }
  });

  it('skips malformed lines', () => {
    const bad = [
      '',
      '   ',
      'not json',
      '{"text": "no markers at all", "label": "INHIBITOR"}',
      '{"text": "only << a chemical >> here", "label": "INHIBITOR"}',
      '{"text": "only [[ a gene ]] here", "label": "INHIBITOR"}',
      '{"text": "<< two >> chemicals << here >> and [[ gene ]]", "label": "INHIBITOR"}',
      '{"text": "<< a >> and [[ b ]]"}',
      '{"text": 3, "label": "INHIBITOR"}',
      '["<< a >> and [[ b ]]", "INHIBITOR"]',
      '{"text": "<< a >> and [[ b ]]", "label": "INHIBITOR"',
    ];
    for (const l of bad) assert.equal(parseChemProtLine(l), undefined, l);
    const mixed = [lines[0], ...bad, lines[1], '\r', lines[2]].join('\n');
    assert.deepEqual(
      readChemProt(mixed).map((p) => p.label),
      [0, 1, 2].map((i) => JSON.parse(lines[i]).label),
    );
    assert.equal(readChemProt(lines.slice(0, 3).join('\r\n')).length, 3);
  });

  it('a chemical name with brackets of its own is not a marker', () => {
    const p = parseChemProtLine(
      JSON.stringify({ text: 'the << alpha1D >> antagonist 2-[[(1,1-dimethyl)amino]carbonyl]-x, [[ BMY-7378 ]] (1 mg/kg)', label: 'ANTAGONIST' }),
    )!;
    assert.equal(p.text, 'the alpha1D antagonist 2-[[(1,1-dimethyl)amino]carbonyl]-x, BMY-7378 (1 mg/kg)');
    assert.equal(p.text.slice(p.gene.start, p.gene.end), 'BMY-7378');
  });
});
