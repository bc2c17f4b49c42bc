/** NLI: findings mapped to diagnostics (ranges, severities, messages). */
import * as assert from 'node:assert/strict';
import { Diagnostic } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Segment } from '../../../server/src/engine/text/segment';
import { NliFinding, NliPremise } from '../../../server/src/engine/pipeline/analysis';
import { findingActions, NLI_SOURCE, nliDiagnostics } from '../../../server/src/lsp/diagnostics';
import { DEFAULT_SETTINGS } from '../../../server/src/lsp/settings';
import { readNote, sentencesOf } from './nliNotes';
import { oneLine } from '../../../server/src/protocol/protocol';

describe('nli: diagnostics mapping', () => {
  const URI = 'file:///notes/discharge-heart-failure.note';
  const { text } = readNote('discharge-heart-failure');
  const doc = TextDocument.create(URI, 'clinical-note', 1, text);
  const sentences = sentencesOf(text);
  const sentence = (t: string): Segment => {
    const s = sentences.find((x) => x.text === t);
    assert.ok(s, t);
    return s;
  };
  const SEVERITY = DEFAULT_SETTINGS.severity;
  /** The message as plain text (these diagnostics never use markup). */
  const msg = (d: Diagnostic): string => {
    assert.equal(typeof d.message, 'string');
    return d.message as string;
  };
  const NONE = new Set<string>();

  /** Line and character of an offset, counted here rather than by the document. */
  const pos = (offset: number) => {
    const lines = text.slice(0, offset).split('\n');
    return { line: lines.length - 1, character: lines[lines.length - 1].length };
  };
  const rangeOf = (s: { start: number; end: number }) => ({ start: pos(s.start), end: pos(s.end) });

  const renal = sentence('His renal function is normal.');
  const creatinine = sentence('Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.');
  const arrhythmia = sentence('He has no history of arrhythmia.');
  const hpi = sentence(
    '72-year-old man with ischemic cardiomyopathy, atrial fibrillation and chronic kidney disease stage 3 presented with three days of worsening dyspnea and bilateral leg swelling.',
  );
  const warfarin = sentence('Warfarin was continued for atrial fibrillation with a goal INR of 2-3.');
  const hf = sentence("The patient's heart failure exacerbation was caused by running out of diuretics.");
  const runOut = sentence('He had run out of furosemide one week before admission.');

  it('contradiction: a warning by default, code contradiction, the first evidence quoted, related information at the evidence', () => {
    const [d, ...rest] = nliDiagnostics(doc, [{ hypothesis: renal, state: 'done', label: 'contradiction', evidence: [creatinine] }], SEVERITY, NONE);
    assert.equal(rest.length, 0);
    assert.equal(d.severity, 2);
    assert.equal(d.source, NLI_SOURCE);
    assert.equal(d.source, 'biomed-nli');
    assert.equal(d.code, 'contradiction');
    assert.deepEqual(d.range, rangeOf(renal));
    assert.ok(msg(d).includes(`“${creatinine.text}”`), msg(d));
    assert.deepEqual(d.data, { sentence: renal.text });
    assert.deepEqual(
      d.relatedInformation?.map((r) => ({ uri: r.location.uri, range: r.location.range })),
      [{ uri: URI, range: rangeOf(creatinine) }],
    );
  });

  it('contradiction with several premises: quotes the first in full enough to read, relates all', () => {
    const [d] = nliDiagnostics(doc, [{ hypothesis: arrhythmia, state: 'done', label: 'contradiction', evidence: [hpi, warfarin] }], SEVERITY, NONE);
    assert.equal(d.code, 'contradiction');
    assert.deepEqual(
      d.relatedInformation?.map((r) => r.location.range),
      [rangeOf(hpi), rangeOf(warfarin)],
    );
    // The HPI sentence (175 characters) is quoted whole, on one line; the second is counted, not quoted.
    assert.ok(hpi.text.length > 150);
    assert.equal(msg(d), `“${arrhythmia.text}”: contradicted by the note: “${hpi.text}” (line ${pos(hpi.start).line + 1}) and 1 more sentence`);
    assert.ok(!msg(d).includes('\n'));
    assert.ok(!msg(d).includes(warfarin.text));
    assert.deepEqual(
      d.relatedInformation?.map((r) => r.message),
      [`The evidence: “${hpi.text}”`, `The evidence: “${warfarin.text}”`],
    );
  });

  it('related information holds only what decides: the contradicting sentence; for unsupported the nearest by retrieval score', () => {
    const line = pos(creatinine.start).line + 1;
    const premises: NliPremise[] = [
      { sentence: hpi, label: 'neutral', score: 1.5, reasons: [{ kind: 'concepts', detail: 'renal', weight: 1.5 }] },
      {
        sentence: creatinine,
        label: 'contradiction',
        score: 2.5,
        reasons: [
          { kind: 'quantity', detail: 'creatinine', weight: 1.5 },
          { kind: 'value', detail: 'creatinine', weight: 1 },
        ],
      },
      { sentence: warfarin, score: 0, reasons: [{ kind: 'unrelated', detail: '', weight: 0 }] },
    ];
    const [d] = nliDiagnostics(doc, [{ hypothesis: renal, state: 'done', label: 'contradiction', evidence: [creatinine], premises }], SEVERITY, NONE);
    assert.equal(msg(d), `“${renal.text}”: contradicted by the note: “${creatinine.text}” (line ${line})`);
    assert.deepEqual(
      d.relatedInformation?.map((r) => [r.location.range, r.message]),
      [[rangeOf(creatinine), `The evidence: “${creatinine.text}”`]],
    );
    // Unsupported: checked against the three that answered; related, the two with the highest
    // retrieval score, best first (not document order); the one that shares nothing is near nothing.
    const neutral: NliPremise[] = [
      { sentence: hpi, label: 'neutral', score: 1.5, reasons: [{ kind: 'concepts', detail: 'arrhythmia', weight: 1.5 }] },
      { sentence: warfarin, label: 'neutral', score: 3, reasons: [{ kind: 'embedding', detail: '0.812', weight: 3 }] },
      { sentence: runOut, label: 'neutral', score: 0, reasons: [{ kind: 'unrelated', detail: '', weight: 0 }] },
      { sentence: creatinine, score: 2 },
    ];
    const [u] = nliDiagnostics(
      doc,
      [{ hypothesis: arrhythmia, state: 'done', label: 'neutral', evidence: [hpi, warfarin, runOut], premises: neutral }],
      SEVERITY,
      NONE,
    );
    assert.equal(msg(u), `“${arrhythmia.text}”: not supported by the note: checked against 3 sentences; none decides it.`);
    assert.deepEqual(
      u.relatedInformation?.map((r) => [r.location.range, r.message]),
      [
        [rangeOf(warfarin), `Checked; it does not decide it: “${warfarin.text}”`],
        [rangeOf(hpi), `Checked; it does not decide it: “${hpi.text}”`],
      ],
    );
    // Nothing of retrieval's machinery in any diagnostic.
    for (const x of [d, u]) {
      const all = [msg(x), ...(x.relatedInformation ?? []).map((r) => r.message)].join('\n');
      assert.ok(!/chosen for|shared words|concepts:|quantity:|cosine|score|room/i.test(all), all);
    }
  });

  it('contradiction evidence over wrapped lines is quoted on one line', () => {
    const wrapped = 'A1c rose.\nGlucose is\n   above 300 mg/dL today.\nSummary: Glycemic control improved.\n';
    const wdoc = TextDocument.create('file:///w.note', 'clinical-note', 1, wrapped);
    const segs = sentencesOf(wrapped);
    const glucose = segs.find((s) => s.text.startsWith('Glucose'))!;
    assert.ok(glucose.text.includes('\n'));
    const hyp = segs.find((s) => s.text.startsWith('Glycemic'))!;
    const [d] = nliDiagnostics(wdoc, [{ hypothesis: hyp, state: 'done', label: 'contradiction', evidence: [glucose] }], SEVERITY, NONE);
    assert.ok(msg(d).includes('“Glucose is above 300 mg/dL today.”'), msg(d));
  });

  it('a shortened quote does not cut a surrogate pair in two', () => {
    // 198 letters, then an emoji (two UTF-16 code units) across the cut at 199 (evidence is quoted up to 200).
    const ev = `${'a'.repeat(198)}\u{1F600} and more words after it.`;
    const t = `${ev}\nAssessment: Fine.\n`;
    const edoc = TextDocument.create('file:///e.note', 'clinical-note', 1, t);
    const evidence: Segment = { start: 0, end: ev.length, text: ev, kind: 'sentence', section: '' };
    const hyp: Segment = { start: t.indexOf('Fine.'), end: t.indexOf('Fine.') + 5, text: 'Fine.', kind: 'sentence', section: 'assessment' };
    const [d] = nliDiagnostics(edoc, [{ hypothesis: hyp, state: 'done', label: 'contradiction', evidence: [evidence] }], SEVERITY, NONE);
    assert.ok(msg(d).includes('…'));
    const lone = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
    assert.ok(!lone.test(msg(d)), `lone surrogate in ${JSON.stringify(msg(d))}`);
  });

  it('severity follows the settings', () => {
    const findings: NliFinding[] = [
      { hypothesis: renal, state: 'done', label: 'contradiction', evidence: [creatinine] },
      { hypothesis: arrhythmia, state: 'done', label: 'neutral', evidence: [] },
    ];
    assert.deepEqual(
      nliDiagnostics(doc, findings, { contradiction: 'error', unsupported: 'hint' }, NONE).map((d) => d.severity),
      [1, 4],
    );
    assert.deepEqual(
      nliDiagnostics(doc, findings, { contradiction: 'information', unsupported: 'warning' }, NONE).map((d) => d.severity),
      [3, 2],
    );
  });

  it('neutral: unsupported, information by default; the message says whether sentences were checked', () => {
    const [none, one, two] = nliDiagnostics(
      doc,
      [
        { hypothesis: arrhythmia, state: 'done', label: 'neutral', evidence: [] },
        { hypothesis: renal, state: 'done', label: 'neutral', evidence: [creatinine] },
        { hypothesis: hf, state: 'done', label: 'neutral', evidence: [runOut, hpi] },
      ],
      SEVERITY,
      NONE,
    );
    for (const d of [none, one, two]) {
      assert.equal(d.code, 'unsupported');
      assert.equal(d.severity, 3);
      assert.equal(d.source, 'biomed-nli');
    }
    assert.notEqual(msg(none), msg(one));
    assert.notEqual(msg(one), msg(two));
    assert.ok(!/\d/.test(msg(none)), msg(none));
    assert.ok(msg(one).includes('checked against 1 sentence; none decides it'), msg(one));
    assert.ok(msg(two).includes('checked against 2 sentences; none decides it'), msg(two));
    // The message names the claim.
    assert.ok(msg(two).startsWith(`“${hf.text.slice(0, 40)}`), msg(two));
    assert.deepEqual(none.relatedInformation, []);
    // Without retrieval's scores, the nearest are the first two the finding gives.
    assert.deepEqual(
      two.relatedInformation?.map((r) => r.location.range),
      [rangeOf(runOut), rangeOf(hpi)],
    );
    assert.deepEqual(two.range, rangeOf(hf));
    assert.deepEqual(two.data, { sentence: hf.text });
  });

  it('entailment, pending, failed and label-less findings give no diagnostic', () => {
    const findings: NliFinding[] = [
      { hypothesis: hf, state: 'done', label: 'entailment', evidence: [runOut] },
      { hypothesis: renal, state: 'pending', evidence: [] },
      { hypothesis: arrhythmia, state: 'failed', evidence: [] },
      { hypothesis: renal, state: 'done', evidence: [] },
      // A stale label on a finding that is not done is not shown either.
      { hypothesis: arrhythmia, state: 'pending', label: 'contradiction', evidence: [hpi] },
    ];
    assert.deepEqual(nliDiagnostics(doc, findings, SEVERITY, NONE), []);
  });

  it('ignored sentence texts give no diagnostic, others still do', () => {
    const findings: NliFinding[] = [
      { hypothesis: renal, state: 'done', label: 'contradiction', evidence: [creatinine] },
      { hypothesis: arrhythmia, state: 'done', label: 'contradiction', evidence: [warfarin] },
      { hypothesis: hf, state: 'done', label: 'neutral', evidence: [] },
    ];
    const out = nliDiagnostics(doc, findings, SEVERITY, new Set([renal.text, hf.text]));
    assert.deepEqual(
      out.map((d) => (d.data as { sentence: string }).sentence),
      [arrhythmia.text],
    );
    // Ignoring is by exact text, not by part of it.
    assert.equal(nliDiagnostics(doc, findings, SEVERITY, new Set(['renal function'])).length, 3);
  });

  it('findingActions: per biomed-nli diagnostic, "Ignore this finding: “statement”" and "Show how this was checked", each with [uri, sentence]', () => {
    const nli = nliDiagnostics(
      doc,
      [
        { hypothesis: renal, state: 'done', label: 'contradiction', evidence: [creatinine] },
        { hypothesis: hf, state: 'done', label: 'neutral', evidence: [] },
      ],
      SEVERITY,
      NONE,
    );
    const other: Diagnostic = { range: rangeOf(renal), message: 'spelling', source: 'cSpell', data: { sentence: renal.text } };
    const noData: Diagnostic = { range: rangeOf(renal), message: 'x', source: NLI_SOURCE };
    const actions = findingActions(URI, [nli[0], other, nli[1], noData]);
    const ignore = (text: string) => `Ignore this finding: “${oneLine(text, 50)}”`;
    assert.deepEqual(
      actions.map((a) => [a.title, a.command]),
      [
        [ignore(renal.text), { title: ignore(renal.text), command: 'biomedNlp.ignoreFinding', arguments: [URI, renal.text] }],
        ['Show how this was checked', { title: 'Show how this was checked', command: 'biomedNlp.showNliCheck', arguments: [URI, renal.text] }],
        [ignore(hf.text), { title: ignore(hf.text), command: 'biomedNlp.ignoreFinding', arguments: [URI, hf.text] }],
        ['Show how this was checked', { title: 'Show how this was checked', command: 'biomedNlp.showNliCheck', arguments: [URI, hf.text] }],
      ],
    );
    assert.ok(actions.every((a) => a.kind === 'quickfix'));
    assert.deepEqual(
      actions.map((a) => a.diagnostics),
      [[nli[0]], [nli[0]], [nli[1]], [nli[1]]],
    );
    assert.deepEqual(findingActions(URI, [other]), []);
    assert.deepEqual(findingActions(URI, []), []);
  });
});
