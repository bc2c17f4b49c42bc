/**
 * An NLI finding's one line (issue 34, point 8): the claim is quoted by its first words
 * (claimWords), so that the verdict and the deciding sentence's start are seen at the
 * Problems panel's default width, without hovering.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nliDiagnostics } from '../../server/src/lsp/diagnostics';
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
});
