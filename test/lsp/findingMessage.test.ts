/**
 * An NLI finding's one line (issue 34, point 8): the claim is quoted by its first words
 * (claimWords), so that the verdict and the deciding sentence's start are seen at the
 * Problems panel's default width, without hovering.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nliDiagnostics } from '../../server/src/lsp/diagnostics';
import { explainFinding } from '../../server/src/lsp/nliExplain';
import type { NliPremise } from '../../server/src/engine/pipeline/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { claimWords } from '../../server/src/protocol/protocol';
import { readNote, sentencesOf } from '../engine/tasks/nliNotes';

describe('NLI finding messages: the claim by its first words', () => {
  it('claimWords: a short statement whole, a long one by its first six words, a long word cut', () => {
    assert.equal(claimWords('His renal function is normal.'), 'His renal function is normal.');
    assert.equal(claimWords('He has no history of arrhythmia.'), 'He has no history of arrhythmia.');
    assert.equal(claimWords('The patient has\nbeen taking warfarin for atrial fibrillation since 2019.'), 'The patient has been taking warfarin…');
    // A trailing comma is not kept before the ellipsis.
    assert.equal(claimWords('Because of renal failure, metformin and contrast are not indicated.', 4), 'Because of renal failure…');
    const long = claimWords('Pneumonoultramicroscopicsilicovolcanoconiosis-associated-interstitial-fibrosis was excluded by biopsy.');
    assert.ok(long.length <= 48 && long.endsWith('…'), long);
  });

  it('a long contradicted statement: the verdict and the deciding sentence come within the first 60 characters', () => {
    const URI = 'file:///notes/discharge-heart-failure.note';
    const { text } = readNote('discharge-heart-failure');
    const doc = TextDocument.create(URI, 'clinical-note', 1, text);
    const sentences = sentencesOf(text);
    const hpi = sentences.find((s) => s.text.startsWith('72-year-old man with ischemic cardiomyopathy'))!;
    const creatinine = sentences.find((s) => s.text.startsWith('Creatinine rose from 1.6'))!;
    assert.ok(hpi.text.length > 150);
    const [d] = nliDiagnostics(doc, [{ hypothesis: hpi, state: 'done', label: 'contradiction', evidence: [creatinine] }], DEFAULT_SETTINGS.severity, new Set());
    const message = d.message as string;
    assert.ok(message.startsWith('“72-year-old man with ischemic cardiomyopathy…”: contradicted by the note: “Creatinine rose'), message);
    assert.ok(message.indexOf('contradicted') < 60 && message.indexOf('Creatinine') < 90, message);
    // The whole statement is still the diagnostic's range and its data (Ignore this finding).
    assert.deepEqual(d.data, { sentence: hpi.text });
  });

  it('"Show how this was checked": deciding sentences first with why; retrieval scores only with verbose tracing', () => {
    const { text } = readNote('discharge-heart-failure');
    const doc = TextDocument.create('file:///n.note', 'clinical-note', 1, text);
    const sentences = sentencesOf(text);
    const find = (start: string) => sentences.find((s) => s.text.startsWith(start))!;
    const renal = find('His renal function is normal.');
    const creatinine = find('Creatinine rose from 1.6');
    const hpi = find('72-year-old man');
    const premises: NliPremise[] = [
      { sentence: hpi, label: 'neutral', score: 1.5, reasons: [{ kind: 'embedding', detail: '0.71', weight: 1.5 }] },
      { sentence: creatinine, label: 'contradiction', score: 2.5, reasons: [{ kind: 'quantity', detail: 'creatinine', weight: 1.5 }] },
    ];
    const finding = { hypothesis: renal, state: 'done' as const, label: 'contradiction' as const, evidence: [creatinine], premises };
    const plain = explainFinding(doc, finding);
    assert.doesNotMatch(plain, /score|cosine|0\.71|2\.50/);
    // The deciding sentence first (though later in the note), then the one that does not decide, each with why.
    assert.ok(plain.indexOf('Deciding (1 sentence):') < plain.indexOf('Creatinine rose'), plain);
    assert.ok(plain.indexOf('Creatinine rose') < plain.indexOf('Also checked, not deciding (1 sentence):'), plain);
    assert.ok(plain.indexOf('Also checked, not deciding') < plain.indexOf('72-year-old man'), plain);
    assert.match(plain, /verdict: contradicts the statement: a contradiction decides the verdict/);
    assert.match(plain, /verdict: does not decide it: the model found it neither supports nor contradicts the statement\n {3}chosen for: similar meaning\n/);
    const verbose = explainFinding(doc, finding, true);
    assert.match(verbose, /chosen for: similar meaning \(cosine 0\.71\) \(score 1\.50\)/);
    assert.match(verbose, /chosen for: quantity: creatinine \(score 2\.50\)/);
  });
});
