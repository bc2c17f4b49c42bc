/**
 * An NLI finding's one line, the diagnostic's message that the Problems panel lists and the
 * editor's hover shows: the claim whole up to the hover's width (STATEMENT_WIDTH),
 * a longer one by its first words to that width, then the verdict and the
 * deciding sentence.
 */
import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { nliDiagnostics } from '../../server/src/lsp/diagnostics';
import { explainFinding } from '../../server/src/lsp/nliExplain';
import type { NliPremise } from '../../server/src/engine/pipeline/analysis';
import { DEFAULT_SETTINGS } from '../../server/src/lsp/settings';
import { claimWords, STATEMENT_WIDTH } from '../../server/src/protocol/protocol';
import { readNote, sentencesOf } from '../engine/tasks/nliNotes';

describe('NLI finding messages: the claim whole up to the hover width', () => {
  it('claimWords: a statement up to the hover width whole, a longer one by whole words to it, a long word cut', () => {
    assert.equal(claimWords('His renal function is normal.'), 'His renal function is normal.');
    // Seven words, 40 characters: once cut to "The INR is within the therapeutic…".
    assert.equal(claimWords('The INR is within the therapeutic range.'), 'The INR is within the therapeutic range.');
    const atWidth = `${'word '.repeat(STATEMENT_WIDTH / 5 - 1)}last.`;
    assert.equal(atWidth.length, STATEMENT_WIDTH);
    assert.equal(claimWords(atWidth), atWidth);
    const long = 'The patient has\nbeen taking warfarin for atrial fibrillation since 2019 without any bleeding or falls.';
    const cut = claimWords(long);
    assert.ok(cut.length <= STATEMENT_WIDTH && cut.endsWith('…'), cut);
    // Whole words: what is kept is the statement's start up to a space.
    const kept = cut.slice(0, -1);
    assert.ok(long.replace(/\s+/g, ' ').startsWith(`${kept} `), cut);
    assert.equal(cut, 'The patient has been taking warfarin for atrial fibrillation since 2019 without…');
    // A trailing comma is not kept before the ellipsis.
    assert.equal(claimWords('Because of renal failure, metformin and contrast are not indicated.', 26), 'Because of renal failure…');
    const word = claimWords(`${'Pneumonoultramicroscopicsilicovolcanoconiosis-'.repeat(2)}fibrosis was excluded by biopsy.`);
    assert.ok(word.length <= STATEMENT_WIDTH && word.endsWith('…'), word);
  });

  it('the hover never cuts a statement shorter than its width: the message quotes it whole', () => {
    const text = 'INR 4.6 on admission.\nThe INR is within the therapeutic range.\n';
    const doc = TextDocument.create('file:///inr.note', 'clinical-note', 1, text);
    const [inr46, claim] = sentencesOf(text);
    assert.equal(claim.text, 'The INR is within the therapeutic range.');
    const [d] = nliDiagnostics(doc, [{ hypothesis: claim, state: 'done', label: 'contradiction', evidence: [inr46] }], DEFAULT_SETTINGS.severity, new Set());
    assert.equal(d.message, '“The INR is within the therapeutic range.”: contradicted by the note: “INR 4.6 on admission.” (line 1)');
  });

  it('a long contradicted statement: cut at a word within the hover width, then the verdict and the deciding sentence', () => {
    const URI = 'file:///notes/discharge-heart-failure.note';
    const { text } = readNote('discharge-heart-failure');
    const doc = TextDocument.create(URI, 'clinical-note', 1, text);
    const sentences = sentencesOf(text);
    const hpi = sentences.find((s) => s.text.startsWith('72-year-old man with ischemic cardiomyopathy'))!;
    const creatinine = sentences.find((s) => s.text.startsWith('Creatinine rose from 1.6'))!;
    assert.ok(hpi.text.length > 150);
    const [d] = nliDiagnostics(doc, [{ hypothesis: hpi, state: 'done', label: 'contradiction', evidence: [creatinine] }], DEFAULT_SETTINGS.severity, new Set());
    const message = d.message as string;
    const claim = claimWords(hpi.text);
    assert.ok(message.startsWith(`“${claim}”: contradicted by the note: “Creatinine rose`), message);
    assert.ok(claim.startsWith('72-year-old man with ischemic cardiomyopathy') && claim.endsWith('…'), claim);
    assert.ok(message.indexOf('contradicted') <= STATEMENT_WIDTH + 4, message);
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
