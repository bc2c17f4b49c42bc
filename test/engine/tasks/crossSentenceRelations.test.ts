/**
 * Relations across sentences (biomedNlp.relations.sentenceWindow): which sentences make a
 * window, which pairs a window asks, and the prompts both profiles build for them.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as fc from 'fast-check';
import { DEFAULT_ENGINE_CONFIG } from '../../../server/src/engine/config';
import { analysisConfig } from '../../../server/src/engine/pipeline/engine';
import { MAX_SENTENCE_WINDOW, readSettings } from '../../../server/src/lsp/settings';
import { JsonProfile, relationUserMessage } from '../../../server/src/engine/profiles/json';
import { maskedInput, MedtunedProfile } from '../../../server/src/engine/profiles/medtuned';
import { CandidatePair, candidatePairs, continuesParagraph, relationUnits, relationWindows, windowPairs } from '../../../server/src/engine/tasks/relations';
import { segment } from '../../../server/src/engine/text/segment';
import { EntityType, Mention } from '../../../server/src/engine/types';
import { matchMedtunedLayout } from '../../support/ollamaServer';
import { ROOT } from '../../support/paths';

function sentencesOf(text: string) {
  return segment(text).filter((s) => s.kind === 'sentence');
}

/** The windows of `text` as pairs of sentence texts. */
function windowTexts(text: string, window: number): string[][] {
  const sentences = sentencesOf(text);
  const units = relationUnits(text, sentences);
  return relationWindows(text, sentences, units, window).map((w) => {
    assert.equal(w.across, true);
    assert.equal(w.start, sentences[w.sentences[0]].start);
    assert.equal(w.end, sentences[w.sentences[1]].end);
    return w.sentences.map((i) => sentences[i].text);
  });
}

function mention(text: string, surface: string, type: EntityType, from = 0): Mention {
  const start = text.indexOf(surface, from);
  assert.ok(start >= 0, `test set-up: "${surface}" not in the text`);
  return { start, end: start + surface.length, type, text: surface };
}

function show(pairs: CandidatePair[]): string[] {
  return pairs.map((p) => `${p.head.text} -> ${p.tail.text}`);
}

describe('relations across sentences: windows', () => {
  const PARAGRAPH = 'Colonoscopy showed a sigmoid mass. Biopsy of it confirmed adenocarcinoma. Surgery was planned.';

  it('window 0 gives no window: relations stay within a sentence or list item', () => {
    assert.deepEqual(windowTexts(PARAGRAPH, 0), []);
  });

  it('window 1 pairs each sentence with its next; window 2 also with the one after', () => {
    assert.deepEqual(windowTexts(PARAGRAPH, 1), [
      ['Colonoscopy showed a sigmoid mass.', 'Biopsy of it confirmed adenocarcinoma.'],
      ['Biopsy of it confirmed adenocarcinoma.', 'Surgery was planned.'],
    ]);
    assert.deepEqual(windowTexts(PARAGRAPH, 2), [
      ['Colonoscopy showed a sigmoid mass.', 'Biopsy of it confirmed adenocarcinoma.'],
      ['Colonoscopy showed a sigmoid mass.', 'Surgery was planned.'],
      ['Biopsy of it confirmed adenocarcinoma.', 'Surgery was planned.'],
    ]);
  });

  it('a single line break (LF, CRLF, CR) continues the paragraph; a blank line ends it', () => {
    for (const nl of ['\n', '\r\n', '\r']) {
      const text = `Potassium was 2.9.${nl}Oral potassium chloride was given.${nl}${nl}Loperamide was started.`;
      assert.deepEqual(windowTexts(text, 1), [['Potassium was 2.9.', 'Oral potassium chloride was given.']], JSON.stringify(nl));
      // A blank line of spaces is blank too.
      const spaced = `Potassium was 2.9.${nl}  ${nl}Oral potassium chloride was given.`;
      assert.deepEqual(windowTexts(spaced, 3), [], JSON.stringify(nl));
    }
  });

  it('a header line or an inline label between two sentences ends the paragraph', () => {
    assert.deepEqual(windowTexts('She has anemia.\nPLAN:\nIron was started.', 2), []);
    assert.deepEqual(windowTexts('HISTORY: She has anemia.\nFINDINGS: Colonoscopy showed a mass.', 2), []);
    assert.deepEqual(windowTexts('IMPRESSION\nShe has anemia.\nIron was started.', 1), [['She has anemia.', 'Iron was started.']]);
  });

  it('sentences of different sections never share a window, even with nothing between them but a line break', () => {
    const text = 'Assessment: She has anemia.\nIron was started.';
    const sentences = sentencesOf(text);
    assert.equal(sentences.length, 2);
    const renamed = [sentences[0], { ...sentences[1], section: 'plan' }];
    assert.equal(continuesParagraph(text, sentences, 1), true);
    assert.equal(continuesParagraph(text, renamed, 1), false);
    assert.deepEqual(relationWindows(text, renamed, relationUnits(text, renamed), 1), []);
  });

  it('list items: the sentences of one item are its unit, not a window; items do not pair with each other; a continuation line does', () => {
    const text = '1. Sigmoid adenocarcinoma. Refer to surgery.\n2. Anemia. Ferrous sulfate was prescribed.\nRecheck hemoglobin in a week.';
    assert.deepEqual(windowTexts(text, 1), [['Ferrous sulfate was prescribed.', 'Recheck hemoglobin in a week.']]);
    assert.deepEqual(windowTexts(text, 2), [
      ['Anemia.', 'Recheck hemoglobin in a week.'],
      ['Ferrous sulfate was prescribed.', 'Recheck hemoglobin in a week.'],
    ]);
  });

  it('every window joins two sentences of one paragraph at most `window` apart, of different units, each at most once', () => {
    const piece = fc.constantFrom('Pain improved.', 'Aspirin was given.', '1. Anemia.', '- Iron.', 'PLAN:', 'Plan: rest.');
    const gap = fc.constantFrom(' ', '\n', '\r\n', '\n\n', ' \n \n', '\t');
    fc.assert(
      fc.property(fc.array(fc.tuple(piece, gap), { minLength: 1, maxLength: 10 }), fc.integer({ min: 0, max: 3 }), (parts, window) => {
        const text = parts.map(([p, g]) => p + g).join('');
        const sentences = sentencesOf(text);
        const units = relationUnits(text, sentences);
        const unitOf = new Map<number, number>();
        units.forEach((u, k) => u.sentences.forEach((s) => unitOf.set(s, k)));
        const windows = relationWindows(text, sentences, units, window);
        const seen = new Set<string>();
        for (const w of windows) {
          const [a, b] = w.sentences;
          assert.ok(a < b && b - a <= window);
          assert.notEqual(unitOf.get(a), unitOf.get(b));
          for (let i = a + 1; i <= b; i++) assert.ok(continuesParagraph(text, sentences, i));
          assert.ok(!seen.has(`${a}:${b}`));
          seen.add(`${a}:${b}`);
        }
        // And every such pair of sentences is a window.
        for (let b = 0; b < sentences.length; b++) {
          for (let a = Math.max(0, b - window); a < b; a++) {
            let same = true;
            for (let i = a + 1; i <= b; i++) same &&= continuesParagraph(text, sentences, i);
            if (same && unitOf.get(a) !== unitOf.get(b)) assert.ok(seen.has(`${a}:${b}`), `${a}:${b} of ${JSON.stringify(text)}`);
          }
        }
      }),
      { numRuns: 300, seed: 11 },
    );
  });
});

describe('relations across sentences: the pairs of a window', () => {
  // Offsets in the window's text: the two sentences and the space between.
  const TEXT = 'Colonoscopy showed a sigmoid mass. Biopsy of it confirmed adenocarcinoma.';
  const second = TEXT.indexOf('Biopsy');
  const colonoscopy = mention(TEXT, 'Colonoscopy', 'test');
  const mass = mention(TEXT, 'a sigmoid mass', 'problem');
  const biopsy = mention(TEXT, 'Biopsy', 'test');
  const adeno = mention(TEXT, 'adenocarcinoma', 'problem');

  it('only pairs with one mention in each sentence, nearest first, each marked with where the second sentence begins', () => {
    const pairs = windowPairs([colonoscopy, mass], [biopsy, adeno], 12, [second]);
    assert.deepEqual(show(pairs), ['Biopsy -> a sigmoid mass', 'a sigmoid mass -> adenocarcinoma', 'Colonoscopy -> adenocarcinoma']);
    for (const p of pairs) assert.deepEqual(p.sentenceStarts, [second]);
    // The pairs inside each sentence are their own unit's: never a window's.
    const inside = candidatePairs([colonoscopy, mass], 12).concat(candidatePairs([biopsy, adeno], 12));
    assert.deepEqual(show(inside), ['Colonoscopy -> a sigmoid mass', 'Biopsy -> adenocarcinoma']);
    for (const p of inside) assert.ok(!show(pairs).includes(show([p])[0]));
  });

  it('pairs across sentences compete for maxPairsPerSentence with the pairs inside them, nearest first', () => {
    // Gaps: Biopsy / a sigmoid mass 2 (across), Colonoscopy / a sigmoid mass 8, Biopsy /
    // adenocarcinoma 17, a sigmoid mass / adenocarcinoma 25 (across), Colonoscopy / adenocarcinoma 47 (across).
    assert.deepEqual(show(windowPairs([colonoscopy, mass], [biopsy, adeno], 1, [second])), ['Biopsy -> a sigmoid mass']);
    assert.deepEqual(show(windowPairs([colonoscopy, mass], [biopsy, adeno], 3, [second])), ['Biopsy -> a sigmoid mass']);
    assert.deepEqual(show(windowPairs([colonoscopy, mass], [biopsy, adeno], 4, [second])), ['Biopsy -> a sigmoid mass', 'a sigmoid mass -> adenocarcinoma']);
    assert.deepEqual(windowPairs([colonoscopy, mass], [biopsy, adeno], 0, [second]), []);
    // Far apart across, near inside: the pairs inside take the cap.
    const t = 'Aspirin was given for headache. Then after a long and uneventful night a CT was normal.';
    const far = windowPairs([mention(t, 'Aspirin', 'treatment'), mention(t, 'headache', 'problem')], [mention(t, 'CT', 'test')], 1, [t.indexOf('Then')]);
    assert.deepEqual(far, []);
    // A sentence without entities gives no pair across.
    assert.deepEqual(windowPairs([colonoscopy, mass], [], 12, [second]), []);
  });

  it('whatever the mentions and cap: exactly the across-pairs among the nearest `max` of both sentences', () => {
    const types: EntityType[] = ['problem', 'treatment', 'test'];
    const spans = (from: number, to: number) =>
      fc
        .array(fc.tuple(fc.integer({ min: from, max: to - 1 }), fc.integer({ min: 1, max: 6 }), fc.constantFrom(...types)), { maxLength: 5 })
        .map((xs) => xs.map(([at, len, type]) => ({ start: at, end: Math.min(to, at + len), type, text: 'x' })));
    fc.assert(
      fc.property(spans(0, 40), spans(41, 80), fc.integer({ min: 0, max: 20 }), (a, b, max) => {
        const got = windowPairs(a, b, max, [41]);
        const all = candidatePairs([...a, ...b], max);
        const inA = new Set(a);
        assert.deepEqual(
          got.map((p) => [p.head, p.tail]),
          all.filter((p) => inA.has(p.head) !== inA.has(p.tail)).map((p) => [p.head, p.tail]),
        );
        assert.ok(got.length <= max);
      }),
      { numRuns: 300, seed: 5 },
    );
  });
});

describe('relations across sentences: prompts', () => {
  const medtuned = new MedtunedProfile();

  function crossPair(_text: string, head: Mention, tail: Mention, starts: number[]): CandidatePair {
    return { kind: 'clinical', head, tail, sentenceStarts: starts };
  }

  it('medtuned masks both entities in the joined sentences, each sentence tokenised as a training row was (its final period apart)', () => {
    const text = 'Colonoscopy showed a sigmoid mass. Biopsy of it confirmed adenocarcinoma.';
    const p = crossPair(text, mention(text, 'Biopsy', 'test'), mention(text, 'a sigmoid mass', 'problem'), [text.indexOf('Biopsy')]);
    assert.equal(maskedInput(text, p), 'Colonoscopy showed @problem$ . @test$ of it confirmed adenocarcinoma .');
    const k = 'Potassium was 2.9, consistent with hypokalemia.\r\nOral potassium chloride was given.';
    const q = crossPair(k, mention(k, 'Oral potassium chloride', 'treatment'), mention(k, 'hypokalemia', 'problem'), [k.indexOf('Oral')]);
    assert.equal(maskedInput(k, q), 'Potassium was 2.9 , consistent with @problem$ . @treatment$ was given .');
    const h = 'Hypokalemia with potassium of 2.9.\nOral potassium chloride was given.';
    const r = crossPair(h, mention(h, 'Oral potassium chloride', 'treatment'), mention(h, 'Hypokalemia', 'problem'), [h.indexOf('Oral')]);
    assert.equal(maskedInput(h, r), '@problem$ with potassium of 2.9 . @treatment$ was given .');
    // Without sentence starts the text is one sentence, as inside a list item: only its end loses the period.
    assert.equal(maskedInput(h, { ...r, sentenceStarts: undefined }), '@problem$ with potassium of 2.9. @treatment$ was given .');
  });

  it('a window of three sentences (sentenceWindow 2): the middle one is kept, each of the three tokenised alone', () => {
    const text = 'Potassium was 2.9. It was rechecked 😀. Oral potassium chloride was given.';
    const starts = [text.indexOf('It was'), text.indexOf('Oral')];
    const p = crossPair(text, mention(text, 'Oral potassium chloride', 'treatment'), mention(text, 'Potassium was 2.9', 'problem'), starts);
    assert.equal(maskedInput(text, p), '@problem$ . It was rechecked 😀 . @treatment$ was given .');
  });

  it('the medtuned request is exactly the i2b2-2010 training layout: verbatim instruction, space-joined tokens, two masks', () => {
    const text = 'Colonoscopy showed a sigmoid mass.\nBiopsy of it confirmed adenocarcinoma.';
    const p = crossPair(text, mention(text, 'Biopsy', 'test'), mention(text, 'a sigmoid mass', 'problem'), [text.indexOf('Biopsy')]);
    for (const variant of [1, 2, 3]) {
      const profile = new MedtunedProfile({ instructionVariant: variant });
      const [task] = profile.relationTasks([p]);
      const req = profile.relationRequest(text, task);
      const m = matchMedtunedLayout(req);
      assert.ok(!('reason' in m), JSON.stringify(m));
      if ('reason' in m) return;
      assert.equal(m.task, 'clinical-relation');
      assert.equal(m.input, 'Colonoscopy showed @problem$ . @test$ of it confirmed adenocarcinoma .');
    }
  });

  it('the medtuned task id holds where the sentences begin (the tokens depend on it); a pair inside one sentence keeps its id', () => {
    const text = 'Pain was 9. Morphine was given.';
    const head = mention(text, 'Morphine', 'treatment');
    const tail = mention(text, 'Pain', 'problem');
    const [across] = medtuned.relationTasks([crossPair(text, head, tail, [text.indexOf('Morphine')])]);
    const [whole] = medtuned.relationTasks([{ kind: 'clinical', head, tail }]);
    assert.notEqual(across.id, whole.id);
    assert.ok(across.id.startsWith(whole.id));
    const prompt = (task: typeof across) => (medtuned.relationRequest(text, task) as { prompt: string }).prompt;
    assert.match(prompt(across), /### Input: @problem\$ was 9 \. @treatment\$ was given \.\n/);
    assert.match(prompt(whole), /### Input: @problem\$ was 9\. @treatment\$ was given \.\n/);
  });

  it('json marks both entities in the joined text and asks every pair of the window in one request', () => {
    const json = new JsonProfile();
    const text = 'Colonoscopy showed a sigmoid mass.\r\nBiopsy of it confirmed adenocarcinoma.';
    const starts = [text.indexOf('Biopsy')];
    const pairs = windowPairs(
      [mention(text, 'Colonoscopy', 'test'), mention(text, 'a sigmoid mass', 'problem')],
      [mention(text, 'Biopsy', 'test'), mention(text, 'adenocarcinoma', 'problem')],
      12,
      starts,
    );
    const tasks = json.relationTasks(pairs);
    assert.equal(tasks.length, 1);
    const message = relationUserMessage(text, tasks[0].pairs);
    assert.ok(
      message.includes('<e1>Colonoscopy</e1> showed <e2>a sigmoid mass</e2>.\\r\\n<e3>Biopsy</e3> of it confirmed <e4>adenocarcinoma</e4>.') ||
        message.includes('<e1>Colonoscopy</e1> showed <e2>a sigmoid mass</e2>.\r\n<e3>Biopsy</e3> of it confirmed <e4>adenocarcinoma</e4>.'),
      message,
    );
    assert.match(message, /P1: e3 \(test\) -> e2 \(problem\)/);
    const req = json.relationRequest(text, tasks[0]);
    assert.equal(req.kind, 'chat');
  });
});

describe('relations across sentences: the setting', () => {
  it('biomedNlp.relations.sentenceWindow: default 1, whole numbers from 0 to 3, anything else the default; it reaches the analysis', () => {
    assert.equal(readSettings({}).engine.relations.sentenceWindow, 1);
    assert.equal(readSettings({ relations: { sentenceWindow: 0 } }).engine.relations.sentenceWindow, 0);
    assert.equal(readSettings({ relations: { sentenceWindow: 2.7 } }).engine.relations.sentenceWindow, 2);
    assert.equal(readSettings({ relations: { sentenceWindow: 50 } }).engine.relations.sentenceWindow, MAX_SENTENCE_WINDOW);
    for (const bad of [-1, '2', null, Number.NaN])
      assert.equal(readSettings({ relations: { sentenceWindow: bad } }).engine.relations.sentenceWindow, 1, String(bad));
    const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const declared = manifest.contributes.configuration.properties['biomedNlp.relations.sentenceWindow'];
    assert.deepEqual([declared.default, declared.minimum, declared.maximum], [1, 0, MAX_SENTENCE_WINDOW]);
    assert.equal(analysisConfig(readSettings({ relations: { sentenceWindow: 0 } }).engine, 'llama3.1:8b').relations!.sentenceWindow, 0);
    assert.equal(analysisConfig(DEFAULT_ENGINE_CONFIG, 'llama3.1:8b').relations!.sentenceWindow, 1);
  });
});
