/**
 * The name keys the vocabulary index stores and the linker looks up (linking/normalise.ts):
 * case, punctuation, Unicode, plurals, British spellings, word order, roman numerals,
 * generic disease words and tumour words, each at its level.
 */
import * as assert from 'node:assert/strict';
import { approxKey, fold, indexKeys, nameKeys } from '../../../server/src/engine/linking/normalise';

/** The key of one level for a text (undefined when the text has none at that level). */
const level = (text: string, n: number) => nameKeys(text).find((k) => k.startsWith(`${n}:`));

describe('linking: name keys', () => {
  it('folds case, punctuation and accents at level 1', () => {
    assert.equal(fold('Sjögren’s  Syndrome'), 'sjogren s syndrome');
    assert.equal(level('Crohn-Disease', 1), level('crohn disease', 1));
    assert.equal(level('ＣＲＯＨＮ disease', 1), '1:crohn disease', 'full-width letters are NFKD-folded');
    assert.deepEqual(nameKeys('  ,; '), [], 'punctuation alone has no key');
  });

  it('word order shares level 2; plurals, "of" and possessives share level 3', () => {
    assert.equal(level('Fibrillation, Atrial', 2), level('atrial fibrillation', 2));
    assert.notEqual(level('Fibrillation, Atrial', 1), level('atrial fibrillation', 1));
    assert.equal(level('kidney tumours', 3), level('tumor of the kidney', 3));
    assert.equal(level("Wilson's disease", 3), level('Wilson disease', 3));
    assert.notEqual(level('kidney tumours', 2), level('tumor of the kidney', 2), 'only the stems level merges them');
  });

  it('British spellings and roman numerals meet their American and numeric forms', () => {
    assert.equal(level('haemorrhagic oedema', 3), level('hemorrhagic edema', 3));
    assert.equal(level('type II diabetes', 3), level('diabetes type 2', 3));
    assert.equal(level('diarrhoea', 3), level('diarrhea', 3));
    assert.equal(level('toxic nodular goitre', 3), level('Goiter, Nodular, Toxic', 3));
    assert.equal(level('dietary fibre', 3), level('dietary fiber', 3));
    assert.notEqual(level('acre', 3), level('acer', 3), 'a short word keeps its -re');
    assert.notEqual(level('pressure', 3), level('presser', 3), '-ure is not -er');
  });

  it('drops generic disease words at level 4 only when something remains', () => {
    assert.equal(level('Gaucher disease', 4), level('Gaucher syndrome', 4));
    assert.equal(level('disease', 4), undefined, 'a name that is only the generic word keeps no level-4 key');
    assert.equal(level('Gaucher', 4), undefined, 'a name without a generic word adds nothing at level 4');
  });

  it('reads the words for a tumour as one at level 5, not before', () => {
    assert.equal(level('prostate carcinoma', 5), level('Prostatic Neoplasms', 5));
    assert.notEqual(level('prostate carcinoma', 3), level('Prostatic Neoplasms', 3));
    // An adenocarcinoma is a carcinoma: "prostatic adenocarcinoma" is a prostatic neoplasm.
    assert.equal(level('prostatic adenocarcinoma', 5), level('Prostatic Neoplasms', 5));
    assert.notEqual(level('adenocarcinoma', 1), level('neoplasm', 1));
  });

  it("reads an organ's adjective and its -pathy as the organ at level 5, not before", () => {
    assert.equal(level('renal disease', 5), level('Kidney Diseases', 5));
    assert.equal(level('nephropathy', 5), level('Kidney Diseases', 5));
    assert.equal(level('retinopathy', 5), level('Retinal Diseases', 5));
    assert.equal(level('hepatic failure', 5), level('Liver Failure', 5));
    assert.equal(level('venous thrombosis', 5), level('vein thrombosis', 5));
    assert.notEqual(level('renal disease', 3), level('Kidney Diseases', 3));
    // Only organs: another adjective stays itself.
    assert.notEqual(level('cerebral infarction', 5), level('brain infarction', 5));
  });

  it('a word with a digit is a code, kept as it is: "QE3" is not "Qey" (the stemmer marks a "y" with a "3")', () => {
    assert.notEqual(level('QE3', 3), level('Qeye', 3));
    assert.equal(level('QE3', 3), '3:qe3');
    assert.equal(level('gene zp53 deficiency', 3), '3:defic gene zp53');
  });

  it('"types" is a filler word as "type" is: "tumor types" names tumors', () => {
    assert.equal(level('tumor types', 3), level('tumors', 3));
    assert.equal(level('types of goiter', 3), level('goiter', 3));
  });

  it('keys come most exact first, without repeats', () => {
    const keys = nameKeys('Lung Diseases');
    assert.deepEqual(
      keys.map((k) => k[0]),
      [...new Set(keys.map((k) => k[0]))].sort(),
    );
    assert.equal(new Set(keys).size, keys.length);
  });

  it('the approximate text keeps word order and stems', () => {
    assert.equal(approxKey('Tumours of the Kidney'), approxKey('tumors kidney'));
    assert.notEqual(approxKey('Tumours of the Kidney'), approxKey('kidney tumor'));
  });

  it('keys and approximate texts hold no line break, NUL or other control character (the build writes them as sort lines unescaped)', () => {
    const names = ['Heart\nfailure', 'a\u0000b', 'tab\there', 'CR\r\nLF', '\u0085next line\u2028', 'x\u0000\n', '\n', 'Ⅱ型糖尿病\n', 'naïve\u0007bell'];
    for (const name of names) {
      const { keys, approx } = indexKeys(name);
      const control = (text: string) => [...text].some((ch) => ch < ' ' || (ch >= '\u007f' && ch <= '\u009f') || ch === '\u2028' || ch === '\u2029');
      for (const text of [...keys, approx]) assert.ok(!control(text), JSON.stringify([name, text]));
    }
    assert.deepEqual(nameKeys('Heart\nfailure'), nameKeys('heart failure'));
  });

  it('words that name an object\'s own members ("constructor") are words like any other', () => {
    // The numeral and organ tables once were plain objects: "constructor" found Object's own function.
    assert.equal(level('Constructor Deficiency', 3), '3:constructor defic');
    assert.equal(level('deficiency constructor', 5), '5:constructor defic');
    assert.equal(indexKeys('constructor of type').approx, 'constructor');
  });

  it('an ASCII name and the same name with an accent fold alike once the accent is gone', () => {
    // ASCII takes a shorter way through fold(); both ways must give one text.
    for (const [plain, accented] of [
      ['Sjogren-Larsson Syndrome, Type 2', 'Sjögren-Larsson Syndrome, Type 2'],
      ["  Crohn's   disease (CD) ", "  Crohn's   disease (CD) é"],
    ])
      assert.equal(fold(plain), fold(accented).replace(/ e$/, ''));
    assert.equal(fold('A_B\tC~~1/2'), 'a b c 1 2');
  });
});
