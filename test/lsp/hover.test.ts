import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { MemoryCache } from '../../server/src/engine/pipeline/cache';
import { DocumentAnalysis } from '../../server/src/engine/pipeline/analysis';
import { EngineContext, newStats } from '../../server/src/engine/pipeline/modelCall';
import { MedtunedProfile } from '../../server/src/engine/profiles/medtuned';
import { Scheduler } from '../../server/src/engine/pipeline/scheduler';
import { ModelAnswer, ModelBackend, ModelError, ModelRequest } from '../../server/src/engine/types';
import { assertionLines, entityHover, escapeMarkdown } from '../../server/src/lsp/hover';
import { analysisConfigFor, assertionOptions } from '../../server/src/engine/pipeline/engine';
import { DEFAULT_ENGINE_CONFIG } from '../../server/src/engine/config';
import { defaultRecordedFile, RecordedBackend } from '../../server/src/engine/models/recorded';

/** Characters that must never appear unescaped in note text shown in a hover. */
const SYNTAX = '[]()<>`*_#!|~&';

/** The syntax characters of `text` that are not preceded by an escaping backslash. */
function unescaped(text: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++; // the next character is escaped
      continue;
    }
    if (SYNTAX.includes(text[i])) out.push(text[i]);
  }
  return out;
}

/** Undoes the escaping: drops each backslash that stands before ASCII punctuation. */
function unescape(text: string): string {
  return text.replace(/\\([!-/:-@[-`{-~])/g, '$1');
}

describe('hover: escapeMarkdown', () => {
  const NOTE =
    'See [click](command:workbench.action.terminal.new) now\n' +
    '<img src=x onerror=alert(1)>\r\n' +
    '**bold** and `code` and ```fence```\r' +
    '# heading\n' +
    '- item _em_ ~~gone~~ | cell | &amp; ![i](http://x/y.png)';

  it('leaves no markdown or HTML syntax unescaped and no line break', () => {
    const escaped = escapeMarkdown(NOTE);
    assert.deepEqual(unescaped(escaped), []);
    assert.ok(!/[\r\n]/.test(escaped), JSON.stringify(escaped));
    assert.ok(!escaped.includes('](command:'), 'no link target survives');
    assert.ok(!/(^|[^\\])<img/.test(escaped), 'no HTML tag survives');
    assert.ok(escaped.includes('\\[click\\]\\(command\\:workbench'), escaped);
    assert.ok(escaped.includes('\\<img src\\=x onerror\\=alert\\(1\\)\\>'), escaped);
    assert.ok(escaped.includes('\\*\\*bold\\*\\*'), escaped);
    assert.ok(escaped.includes('\\`code\\`'), escaped);
    assert.ok(escaped.includes('\\# heading'), escaped);
  });

  it('keeps plain words as they are and turns line breaks into spaces', () => {
    assert.equal(escapeMarkdown('atrial fibrillation'), 'atrial fibrillation');
    assert.equal(escapeMarkdown('a\nb\r\nc\rd'), 'a b c d');
    assert.equal(escapeMarkdown('\\'), '\\\\', 'a backslash is escaped too');
    assert.equal(escapeMarkdown(''), '');
  });

  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 60 }),
    fc.string({ unit: fc.constantFrom(...'[]()<>`*_#!|~&\\\n\r :.-=@$"\'{}+ab1'), maxLength: 60 }),
  );

  it('property: undoing the escapes gives the input with line breaks as spaces', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        assert.equal(unescape(escapeMarkdown(s)), s.replace(/\r\n|\n|\r/g, ' '));
      }),
      { numRuns: 1000 },
    );
  });

  it('property: no syntax character is left unescaped and no line break remains', () => {
    fc.assert(
      fc.property(anyText, (s) => {
        const e = escapeMarkdown(s);
        assert.deepEqual(unescaped(e), []);
        assert.ok(!/[\r\n]/.test(e));
      }),
      { numRuns: 1000 },
    );
  });
});

// ---------------------------------------------------------------------------------------
// entityHover over a real DocumentAnalysis, with a tiny in-test backend of fixed answers.

function modelAnswer(text: string): ModelAnswer {
  return { text, doneReason: 'stop', promptTokens: 20, evalTokens: 5, evalMs: 1 };
}

const CLINICAL_TAGS: Record<string, string> = {
  Warfarin: 'B-TREATMENT',
  atrial: 'B-PROBLEM',
  fibrillation: 'I-PROBLEM',
  diabetes: 'B-PROBLEM',
  Tylenol: 'B-TREATMENT',
  headache: 'B-PROBLEM',
};

/** Answers medtuned NER prompts with tag lines from CLINICAL_TAGS, relation prompts with `relation(input)`. */
class FixedBackend implements ModelBackend {
  readonly description = 'fixed answers (test)';
  readonly requests: ModelRequest[] = [];
  /** Relation answers wait for this. */
  gate: Promise<void> = Promise.resolve();

  constructor(private readonly relation: (input: string) => string | ModelError) {}

  async generate(request: ModelRequest, _signal: AbortSignal): Promise<ModelAnswer> {
    this.requests.push(request);
    assert.equal(request.kind, 'generate', 'the medtuned profile sends raw generate requests');
    if (request.kind !== 'generate') throw new Error('unreachable');
    const input = /\n ### Input: ([^\n]*)\n ### Output:$/.exec(request.prompt)?.[1];
    assert.ok(input !== undefined, `medtuned layout: ${request.prompt}`);
    if (/@(treatment|problem|test)\$/.test(input)) {
      await this.gate;
      const a = this.relation(input);
      if (a instanceof ModelError) throw a;
      return modelAnswer(a);
    }
    return modelAnswer(
      input
        .split(' ')
        .map((token) => `${token} : ${CLINICAL_TAGS[token] ?? 'O'}`)
        .join('\n'),
    );
  }
}

const TEXT = [
  'Patient seen for follow-up.',
  'Warfarin was continued for atrial fibrillation.',
  'She also has diabetes.',
  'Tylenol was held despite headache.',
].join('\n');

function relationOf(input: string): string {
  return input.startsWith('@treatment$ was continued for @problem$') ? 'TrAP' : 'No Relations';
}

function makeAnalysis(backend: ModelBackend, relationsEnabled = true): { doc: TextDocument; analysis: DocumentAnalysis } {
  const doc = TextDocument.create('file:///note.txt', 'clinical-note', 1, TEXT);
  const ctx: EngineContext = { backend, scheduler: new Scheduler(2), cache: new MemoryCache(100), stats: newStats() };
  const analysis = new DocumentAnalysis(
    doc.uri,
    doc.version,
    doc.getText(),
    {
      model: 'llama2-medtuned-7b',
      profile: new MedtunedProfile(),
      entityTypes: ['problem', 'treatment', 'test'],
      relations: { enabled: relationsEnabled, maxPairsPerSentence: 5 },
    },
    ctx,
  );
  return { doc, analysis };
}

/** Lets queued model work run until `done()` holds (the mocha timeout bounds it). */
async function until(done: () => boolean): Promise<void> {
  while (!done()) await new Promise((resolve) => setImmediate(resolve));
}

function hoverText(doc: TextDocument, analysis: DocumentAnalysis, text: string): string {
  const offset = TEXT.indexOf(text);
  assert.ok(offset >= 0);
  const hover = entityHover(doc, analysis, offset + 1);
  assert.ok(hover, `a hover on ${text}`);
  const contents = hover.contents as { kind: string; value: string };
  assert.equal(contents.kind, 'markdown');
  return contents.value;
}

describe('hover: entityHover over a DocumentAnalysis', () => {
  it('test set-up: the note is four sentences', () => {
    const { analysis } = makeAnalysis(new FixedBackend(relationOf));
    assert.deepEqual(
      analysis.sentences.map((s) => s.text),
      TEXT.split('\n'),
    );
  });

  it('a treatment with a relation: type, plain words, escaped tail, line numbers, label and evidence', async () => {
    const backend = new FixedBackend(relationOf);
    const { doc, analysis } = makeAnalysis(backend);
    analysis.start();
    await until(() => analysis.isComplete);
    assert.equal(analysis.failed, 0);
    assert.deepEqual(
      analysis.entities().map((e) => [e.text, e.type]),
      [
        ['Warfarin', 'treatment'],
        ['atrial fibrillation', 'problem'],
        ['diabetes', 'problem'],
        ['Tylenol', 'treatment'],
        ['headache', 'problem'],
      ],
    );
    const value = hoverText(doc, analysis, 'Warfarin');
    const lines = value.split('\n');
    assert.equal(lines[0], '**treatment** “Warfarin”');
    const relationLines = lines.filter((l) => l.startsWith('- '));
    assert.equal(relationLines.length, 1, value);
    const r = relationLines[0];
    assert.ok(r.includes('“Warfarin” (treatment, line 2)'), r);
    assert.ok(r.includes('**is administered for**'), r);
    assert.ok(r.includes(`“${escapeMarkdown('atrial fibrillation')}” (problem, line 2)`), r);
    assert.ok(r.includes('`TrAP`'), r);
    assert.ok(value.includes('Evidence: “Warfarin was continued for atrial fibrillation\\.”'), value);
    assert.ok(!value.includes('still being computed'), value);

    const offset = TEXT.indexOf('Warfarin');
    const hover = entityHover(doc, analysis, offset)!;
    assert.deepEqual(hover.range, { start: { line: 1, character: 0 }, end: { line: 1, character: 'Warfarin'.length } });

    // The tail shows the same relation.
    const tail = hoverText(doc, analysis, 'fibrillation');
    assert.ok(tail.startsWith('**problem** “atrial fibrillation”'), tail);
    assert.ok(tail.includes('**is administered for**'), tail);
  });

  it('an entity without relations shows only its type', async () => {
    const { doc, analysis } = makeAnalysis(new FixedBackend(relationOf));
    analysis.start();
    await until(() => analysis.isComplete);
    // No candidate pair in its sentence.
    assert.equal(hoverText(doc, analysis, 'diabetes'), '**problem** “diabetes”');
    // A pair answered "No Relations": no relation to show; "was held" says the drug was not given.
    assert.equal(hoverText(doc, analysis, 'Tylenol'), '**treatment** “Tylenol” *(negated)*\n\nAssertion, rules (ConText):\n- **negated** by *was held*');
    assert.equal(hoverText(doc, analysis, 'headache'), '**problem** “headache”');
  });

  it('no hover outside an entity', async () => {
    const { doc, analysis } = makeAnalysis(new FixedBackend(relationOf));
    analysis.start();
    await until(() => analysis.isComplete);
    assert.equal(entityHover(doc, analysis, TEXT.indexOf('continued')), undefined);
    assert.equal(entityHover(doc, analysis, TEXT.indexOf('Patient')), undefined);
  });

  it('says relations are still being computed while they are pending, and shows them once answered', async () => {
    const backend = new FixedBackend(relationOf);
    let open!: () => void;
    backend.gate = new Promise<void>((resolve) => (open = resolve));
    const { doc, analysis } = makeAnalysis(backend);
    analysis.start();
    await until(() => analysis.entities().length === 5);
    const offset = TEXT.indexOf('Warfarin');
    assert.equal(analysis.relationState(offset), 'pending');
    const pending = hoverText(doc, analysis, 'Warfarin');
    assert.ok(pending.startsWith('**treatment** “Warfarin”'), pending);
    assert.ok(pending.includes('still being computed'), pending);
    assert.ok(!pending.includes('is administered for'), pending);
    // A sentence without pairs has nothing pending.
    assert.ok(!hoverText(doc, analysis, 'diabetes').includes('still being computed'));

    open();
    await until(() => analysis.isComplete);
    const done = hoverText(doc, analysis, 'Warfarin');
    assert.ok(!done.includes('still being computed'), done);
    assert.ok(done.includes('**is administered for**'), done);
  });

  it('says relations could not be computed when the relation request fails', async () => {
    const backend = new FixedBackend(() => new ModelError('model-missing', 'no such model'));
    const { doc, analysis } = makeAnalysis(backend);
    analysis.start();
    await until(() => analysis.isComplete);
    const value = hoverText(doc, analysis, 'Warfarin');
    assert.ok(value.startsWith('**treatment** “Warfarin”'), value);
    assert.ok(value.includes('could not be computed'), value);
    assert.ok(!value.includes('still being computed'), value);
  });

  it('with relations turned off, the hover is the type alone', async () => {
    const backend = new FixedBackend(relationOf);
    const { doc, analysis } = makeAnalysis(backend, false);
    analysis.start();
    await until(() => analysis.isComplete);
    assert.equal(hoverText(doc, analysis, 'Warfarin'), '**treatment** “Warfarin”');
    assert.ok(
      backend.requests.every((r) => r.kind === 'generate' && !r.prompt.includes('@treatment$')),
      'no relation request was made',
    );
  });

  it('escapes markdown in entity text taken from the note', async () => {
    // A treatment whose surface text carries markdown syntax: clinical inputs are whitespace
    // tokens as in i2b2, so `*Warfarin*` is one token and the mention is `*Warfarin*`.
    const text = 'Gave *Warfarin* for atrial fibrillation.';
    const doc = TextDocument.create('file:///md.txt', 'markdown', 1, text);
    const tags: Record<string, string> = { '*Warfarin*': 'B-TREATMENT', atrial: 'B-PROBLEM', fibrillation: 'I-PROBLEM' };
    const backend: ModelBackend = {
      description: 'fixed',
      async generate(request: ModelRequest): Promise<ModelAnswer> {
        if (request.kind !== 'generate') throw new Error('expected generate');
        const input = /\n ### Input: ([^\n]*)\n ### Output:$/.exec(request.prompt)![1];
        if (input.includes('@treatment$')) return modelAnswer('TrAP');
        return modelAnswer(
          input
            .split(' ')
            .map((t) => `${t} : ${tags[t] ?? 'O'}`)
            .join('\n'),
        );
      },
    };
    const ctx: EngineContext = { backend, scheduler: new Scheduler(1), cache: new MemoryCache(10), stats: newStats() };
    const analysis = new DocumentAnalysis(
      doc.uri,
      1,
      text,
      {
        model: 'm',
        profile: new MedtunedProfile(),
        entityTypes: ['problem', 'treatment', 'test'],
        relations: { enabled: true, maxPairsPerSentence: 5 },
      },
      ctx,
    );
    analysis.start();
    await until(() => analysis.isComplete);
    const entity = analysis.entities().find((e) => e.type === 'treatment');
    assert.equal(entity?.text, '*Warfarin*');
    const hover = entityHover(doc, analysis, text.indexOf('Warfarin'))!;
    const value = (hover.contents as { value: string }).value;
    assert.ok(value.startsWith('**treatment** “\\*Warfarin\\*”'), value);
    assert.ok(value.includes('Evidence: “Gave \\*Warfarin\\* for atrial fibrillation\\.”'), value);
    // Outside the hover's own markup (bold words, type and line, the label), nothing is unescaped.
    const own = /\*\*[a-z ]+\*\*|\((?:treatment|problem), line \d+\)|`TrAP`/g;
    assert.deepEqual(unescaped(value.replace(own, '')), []);
  });
});

describe('hover: assertion status', () => {
  const base = { start: 0, end: 5, type: 'problem' as const, text: 'fever' };

  it('names each status and quotes its trigger, or names its section', () => {
    assert.deepEqual(assertionLines({ ...base }), []);
    assert.deepEqual(
      assertionLines({
        ...base,
        negated: true,
        family: true,
        assertion: { triggers: { negated: { by: 'trigger', text: 'denies' }, family: { by: 'section', text: 'Family History' } }, source: 'rules' },
      }),
      ['Assertion, rules (ConText):', '- **negated** by *denies*', '- **someone other than the patient** (section: Family History)'],
    );
    // Old data: only `uncertain`, no detail.
    assert.deepEqual(assertionLines({ ...base, uncertain: true }), ['Assertion, rules (ConText):', '- **possible**']);
  });

  it('rules+model: says the model confirmed, or that it decided and which rule it overruled', () => {
    assert.deepEqual(
      assertionLines({
        ...base,
        possible: true,
        uncertain: true,
        assertion: { triggers: { possible: { by: 'trigger', text: 'rule out' } }, source: 'rules', confirmed: true },
      }),
      ['Assertion, rules, confirmed by the model:', '- **possible** by *rule out*'],
    );
    assert.deepEqual(assertionLines({ ...base, assertion: { triggers: {}, source: 'model', overruled: { negated: { by: 'trigger', text: 'no' } } } }), [
      'Assertion, decided by the model (rules+model):',
      '- not **negated** by *no*: the model did not confirm it',
    ]);
  });

  it('escapes the trigger text taken from the note', () => {
    const [, line] = assertionLines({ ...base, negated: true, assertion: { triggers: { negated: { by: 'trigger', text: 'no*[x](y)' } }, source: 'rules' } });
    assert.equal(line, '- **negated** by *no\\*\\[x\\]\\(y\\)*');
  });

  /** An analysis of `text` whose model tags the words of `tags` (medtuned layout). */
  async function analysed(
    text: string,
    tags: Record<string, string>,
    assertion = assertionOptions({ enabled: true, extraTermsFile: '', source: 'rules' }),
    model = 'm',
  ) {
    const doc = TextDocument.create('file:///a.note', 'clinical-note', 1, text);
    const backend: ModelBackend = {
      description: 'fixed',
      async generate(request: ModelRequest): Promise<ModelAnswer> {
        if (request.kind !== 'generate') throw new Error('expected generate');
        const input = /\n ### Input: ([^\n]*)\n ### Output:$/.exec(request.prompt)![1];
        return modelAnswer(
          input
            .split(' ')
            .map((t) => `${t} : ${tags[t] ?? 'O'}`)
            .join('\n'),
        );
      },
    };
    const ctx: EngineContext = { backend, scheduler: new Scheduler(1), cache: new MemoryCache(10), stats: newStats() };
    const analysis = new DocumentAnalysis(doc.uri, 1, text, { model, profile: new MedtunedProfile(), entityTypes: ['problem'], assertion }, ctx);
    analysis.start();
    await until(() => analysis.isComplete);
    const hover = (word: string) => (entityHover(doc, analysis, text.indexOf(word))!.contents as { value: string }).value;
    return { analysis, hover };
  }

  it('over a DocumentAnalysis: the trigger of the sentence and the section of the note', async () => {
    const text = 'She denies headache.\n\nFamily History:\nMother with diabetes.';
    const { hover } = await analysed(text, { headache: 'B-PROBLEM', diabetes: 'B-PROBLEM' });
    assert.equal(hover('headache'), '**problem** “headache” *(negated)*\n\nAssertion, rules (ConText):\n- **negated** by *denies*');
    const d = hover('diabetes');
    assert.ok(d.startsWith('**problem** “diabetes” *(someone other than the patient)*'), d);
    assert.ok(d.includes('- **someone other than the patient** by *Mother*'), d);
  });

  it('a terms file that cannot be used is said in the hover; the defaults still mark', async () => {
    const bad = assertionOptions({ enabled: true, extraTermsFile: '/no/such/biomed-terms.json', source: 'rules' });
    const { hover } = await analysed('She denies headache.', { headache: 'B-PROBLEM' }, bad);
    const h = hover('headache');
    assert.ok(h.includes('- **negated** by *denies*'), h);
    assert.ok(h.includes('biomedNlp\\.assertion\\.extraTermsFile /no/such/biomed\\-terms\\.json does not exist'), h);
  });

  it("recorded answers (engine recorded): the hover's footer says so; a model's answer has none", async () => {
    const serving = new RecordedBackend(defaultRecordedFile(), DEFAULT_ENGINE_CONFIG.model).serving();
    const config = analysisConfigFor({ ...DEFAULT_ENGINE_CONFIG, engine: 'recorded' }, serving);
    // The prompts stay the recorded model's (medtuned), the answers are served as the model "recorded".
    assert.equal(config.profile.name, 'medtuned');
    const off = assertionOptions({ enabled: false, extraTermsFile: '', source: 'rules' });
    const { hover } = await analysed('She has headache.', { headache: 'B-PROBLEM' }, off, config.model);
    assert.equal(hover('headache'), "**problem** “headache”\n\n*recorded answer, not a model's*");
  });

  it('assertion turned off: no status in the hover', async () => {
    const off = assertionOptions({ enabled: false, extraTermsFile: '', source: 'rules' });
    const { hover } = await analysed('She denies headache.', { headache: 'B-PROBLEM' }, off);
    assert.equal(hover('headache'), '**problem** “headache”');
  });
});
