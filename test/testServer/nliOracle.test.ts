import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Ollama } from 'ollama';
import {
  GoldDocument,
  loadGoldDocuments,
  loadMedtunedReference,
  loadNliPairs,
  ModelInfo,
  NliLabel,
  NliPair,
  OFF_LAYOUT_ANSWER,
  OllamaTestServer,
} from '../support/ollamaServer';
import { ROOT } from '../support/paths';

const NOTES = path.join(ROOT, 'test/fixtures/notes');
const PAIRS = path.join(ROOT, 'test/fixtures/nli/clinical-nli-dev.jsonl');

const MEDTUNED = 'hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M';
const LLAMA = 'llama3.1:8b';
const MODELS: ModelInfo[] = [
  { name: MEDTUNED, family: 'llama', parameterSize: '6.7B', contextLength: 4096 },
  { name: LLAMA, family: 'llama', parameterSize: '8.0B', contextLength: 131072 },
];

// The medtuned layout as trained (medtuned-training-data.md), its MedNLI instructions read
// from the reference file (not taken from the engine); the json layout of instruction-formats.md § NLI.
const MEDNLI = (): string[] => loadMedtunedReference().find((s) => s.dataset === 'MedNLI')!.variants;
const layout = (instruction: string, input: string) => `### Instruction: ${instruction}\n ### Input: ${input}\n ### Output:`;
const I2B2_2010 = (): string => loadMedtunedReference().find((s) => s.dataset === 'i2b2-2010 relations')!.variants[0];
const NLI_SCHEMA = {
  type: 'object',
  properties: {
    label: { type: 'string', enum: ['entailment', 'contradiction', 'neutral'] },
    evidence: { type: 'string' },
  },
  required: ['label', 'evidence'],
};
const input = (premise: string, hypothesis: string) => `Sentence 1: ${premise}\nSentence 2: ${hypothesis}`;
const capitalised = (l: NliLabel) => l[0].toUpperCase() + l.slice(1);
const NEXT: Record<NliLabel, NliLabel> = { entailment: 'contradiction', contradiction: 'neutral', neutral: 'entailment' };

/** The raw medtuned answer to the MedNLI prompt in variant n (1 by default), as trained. */
async function medtunedRaw(client: Ollama, premise: string, hypothesis: string, n = 1): Promise<string> {
  const r = await client.generate({
    model: MEDTUNED,
    prompt: layout(MEDNLI()[n - 1], input(premise, hypothesis)),
    raw: true,
    stream: false,
    options: { stop: ['</s>', '###'], num_predict: 16 },
  });
  return r.response ?? '';
}

/** The medtuned label: the answer must be the training target ` {label} \n` exactly. */
async function medtuned(client: Ollama, premise: string, hypothesis: string, n = 1): Promise<string> {
  const text = await medtunedRaw(client, premise, hypothesis, n);
  const m = /^ (Entailment|Contradiction|Neutral) \n$/.exec(text);
  assert.ok(m, `a MedNLI training target: ${JSON.stringify(text)}`);
  return m[1];
}

async function json(client: Ollama, premise: string, hypothesis: string): Promise<{ label: string; evidence: string }> {
  const r = await client.chat({
    model: LLAMA,
    format: NLI_SCHEMA,
    stream: false,
    messages: [
      { role: 'system', content: 'You are a clinical natural language inference system.' },
      { role: 'user', content: input(premise, hypothesis) },
    ],
  });
  return JSON.parse(r.message.content);
}

/** Both layouts' answers, checked to agree; the lower-case label. */
async function both(client: Ollama, premise: string, hypothesis: string): Promise<string> {
  const m = await medtuned(client, premise, hypothesis);
  const j = await json(client, premise, hypothesis);
  assert.equal(m, capitalised(j.label as NliLabel), `layouts agree on ${premise} / ${hypothesis}`);
  assert.equal(j.evidence, j.label === 'neutral' ? '' : premise);
  return j.label;
}

/** Sentences of a note, roughly: lines, split after sentence ends. */
function sentences(text: string): string[] {
  return text
    .split('\n')
    .flatMap((l) => l.split(/(?<=[.!?])\s+(?=[A-Z0-9])/))
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

describe('OllamaTestServer NLI oracle', () => {
  let gold: GoldDocument[];
  let pairs: NliPair[];
  let server: OllamaTestServer;
  let client: Ollama;
  const doc = (name: string) => gold.find((d) => d.name === name)!;

  before(async () => {
    gold = loadGoldDocuments(NOTES);
    pairs = loadNliPairs(PAIRS);
    server = await OllamaTestServer.start({ models: MODELS, gold, nliPairs: pairs });
    client = new Ollama({ host: server.url });
  });
  afterEach(() => {
    // Every medtuned prompt of these tests is the training layout, unless a test says otherwise (and clears the log).
    assert.deepEqual(server.offLayoutPrompts, []);
  });
  after(async () => {
    await server.stop();
  });

  it("loads the pairs and the notes' NLI gold (labels joined with evidence)", () => {
    assert.equal(pairs.length, 24);
    assert.deepEqual(pairs[0], {
      premise: 'The patient was started on lisinopril for blood pressure control.',
      hypothesis: 'The patient is taking an antihypertensive medication.',
      label: 'entailment',
    });
    assert.deepEqual(new Set(pairs.map((p) => p.label)), new Set(['entailment', 'contradiction', 'neutral']));
    assert.equal(doc('abstract-cisplatin').nli, undefined);
    const hf = doc('discharge-heart-failure');
    assert.deepEqual(hf.nli![1], {
      hypothesis: 'His renal function is normal.',
      label: 'contradiction',
      evidence: ['Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.'],
    });
    assert.deepEqual(doc('progress-diabetes-ckd').nli![1], { hypothesis: 'Kidney function is declining.', label: 'neutral', evidence: [] });
    for (const d of gold) {
      if (!d.nli) continue;
      const shared = JSON.parse(fs.readFileSync(path.join(NOTES, `${d.name}.nli.json`), 'utf8'));
      assert.equal(d.nli.length, shared.length);
      d.nli.forEach((g, i) => {
        assert.equal(d.text.slice(shared[i].start, shared[i].end), g.hypothesis);
        assert.equal(g.evidence.length === 0, g.label === 'neutral', `${d.name}: ${g.hypothesis}`);
        for (const e of g.evidence) assert.ok(d.text.includes(e), `${d.name}: evidence ${e}`);
      });
    }
  });

  it('every clinical-nli-dev pair gets its label, in both layouts', async () => {
    for (const p of pairs) {
      assert.equal(await medtuned(client, p.premise, p.hypothesis), capitalised(p.label), p.hypothesis);
      const j = await json(client, p.premise, p.hypothesis);
      assert.deepEqual(j, { label: p.label, evidence: p.label === 'neutral' ? '' : p.premise });
    }
    // Compared with whitespace runs inside collapsed.
    const p = pairs[1];
    assert.equal(await medtuned(client, p.premise.replace(/ /g, '  '), p.hypothesis.replace(/ /g, ' \t')), capitalised(p.label));
    // Every MedNLI variant is the trained task, answered the same.
    for (const n of [1, 2, 3, 4, 5]) assert.equal(await medtuned(client, p.premise, p.hypothesis, n), capitalised(p.label), `variant ${n}`);
    assert.equal(server.offLayoutPrompts.length, 0, JSON.stringify(server.offLayoutPrompts));
    // Training stripped each sentence: an unstripped one is off the layout, answered unusably and logged.
    const before = server.offLayoutPrompts.length;
    assert.equal(await medtunedRaw(client, `  ${p.premise}`, p.hypothesis), OFF_LAYOUT_ANSWER);
    assert.equal(await medtunedRaw(client, p.premise, `${p.hypothesis}\t`), OFF_LAYOUT_ANSWER);
    assert.deepEqual(
      server.offLayoutPrompts.slice(before).map((o) => o.reason),
      ['MedNLI premise or hypothesis not stripped', 'MedNLI premise or hypothesis not stripped'],
    );
    server.clearOracleLog();
  });

  it('note gold: the label for an evidence premise, neutral for a premise that does not decide it', async () => {
    const renal = 'His renal function is normal.';
    const creatinine = 'Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.';
    assert.equal(await medtuned(client, creatinine, renal), 'Contradiction');
    assert.equal(await medtuned(client, 'BNP was 2140 pg/mL.', renal), 'Neutral');
    assert.deepEqual(await json(client, creatinine, renal), { label: 'contradiction', evidence: creatinine });
    assert.deepEqual(await json(client, 'BNP was 2140 pg/mL.', renal), { label: 'neutral', evidence: '' });
    // A premise that contains the evidence sentence (a window of two sentences) decides it too.
    const window = `An echocardiogram revealed an ejection fraction of 25%. ${creatinine}`;
    assert.equal(await both(client, window, renal), 'contradiction');
    // Every gold finding of every note, against each of its evidence sentences.
    let asked = 0;
    for (const d of gold) {
      for (const g of d.nli ?? []) {
        for (const e of g.evidence) {
          assert.equal(await both(client, e, g.hypothesis), g.label, `${d.name}: ${g.hypothesis}`);
          asked++;
        }
      }
    }
    assert.ok(asked >= 7);
  });

  it('"Kidney function is declining." is neutral whatever the premise', async () => {
    const note = doc('progress-diabetes-ckd');
    const premises = [...sentences(note.text), 'Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.', 'Unrelated words.'];
    for (const premise of premises) {
      assert.equal(await medtuned(client, premise, 'Kidney function is declining.'), 'Neutral', premise);
    }
  });

  it('a statement no gold knows, checked against its note: entailment (discharge diagnoses)', async () => {
    const hf = doc('discharge-heart-failure');
    const at = hf.text.indexOf('DISCHARGE DIAGNOSES:');
    const diagnoses = hf.text
      .slice(at)
      .split('\n')
      .slice(1)
      .filter((l) => /^\d+\. /.test(l));
    assert.deepEqual(diagnoses, ['1. Acute on chronic systolic heart failure', '2. Acute kidney injury on chronic kidney disease', '3. Atrial fibrillation']);
    const premise = 'Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.';
    for (const item of diagnoses) {
      assert.equal(await medtuned(client, premise, item), 'Entailment', item);
      assert.deepEqual(await json(client, premise, item), { label: 'entailment', evidence: premise });
    }
    // A premise with the note's own line breaks (json layout: split at the last "Sentence 2").
    const multiline = hf.text.slice(hf.text.indexOf('2. Acute kidney'), hf.text.indexOf('ASSESSMENT:')).trim();
    assert.ok(multiline.includes('\n'));
    assert.deepEqual(await json(client, multiline, 'Acute kidney injury.'), { label: 'entailment', evidence: multiline });
    // The same with a wrapped (CRLF) premise still counts as the note's text.
    assert.equal(await medtuned(client, multiline.replace(/\n/g, '\r\n'), 'Acute kidney injury.'), 'Entailment');
  });

  it('unknown premise and hypothesis: neutral; a known hypothesis with an unknown premise: neutral', async () => {
    assert.equal(await both(client, 'The sky was blue over the harbour.', 'The patient owns a boat.'), 'neutral');
    assert.equal(await both(client, 'The sky was blue over the harbour.', 'His renal function is normal.'), 'neutral');
    // A pair's premise with a hypothesis no pair has: neither gold nor a note's text.
    assert.equal(await both(client, pairs[0].premise, 'The patient owns a boat.'), 'neutral');
  });

  it('NLI prompts are told apart from NER and relation prompts, which answer as before', async () => {
    const ner = await client.chat({
      model: LLAMA,
      format: 'json',
      messages: [{ role: 'user', content: 'Entity types: treatment\nText: Warfarin was continued for atrial fibrillation with a goal INR of 2-3.' }],
    });
    assert.deepEqual(JSON.parse(ner.message.content), { entities: [{ text: 'Warfarin', type: 'treatment' }] });
    const rel = await client.generate({
      model: MEDTUNED,
      prompt: layout(I2B2_2010(), '@treatment$ was continued for @problem$ with a goal INR of 2-3 .'),
      raw: true,
    });
    assert.equal(rel.response, ' TrAP \n');
    assert.equal(server.offLayoutPrompts.length, 0, JSON.stringify(server.offLayoutPrompts));
    // Not raw (the server would apply a template), or ending `### Output: `: off the layout, answered unusably.
    const notRaw = await client.generate({ model: MEDTUNED, prompt: layout(MEDNLI()[0], input(pairs[0].premise, pairs[0].hypothesis)) });
    assert.equal(notRaw.response, OFF_LAYOUT_ANSWER);
    const trailing = await client.generate({ model: MEDTUNED, prompt: `${layout(MEDNLI()[0], input(pairs[0].premise, pairs[0].hypothesis))} `, raw: true });
    assert.equal(trailing.response, OFF_LAYOUT_ANSWER);
    assert.deepEqual(
      server.offLayoutPrompts.map((o) => o.reason),
      ['not raw: the server would wrap the prompt in a template', '" " after "### Output:"'],
    );
    server.clearOracleLog();
  });

  it('noise flips the expected fraction of answers, deterministically, to the next label', async () => {
    const noisy = await OllamaTestServer.start({ models: MODELS, gold, nliPairs: pairs, noise: 0.25, seed: 7 });
    try {
      const c = new Ollama({ host: noisy.url });
      // The pairs: exactly round(0.25 × 24) = 6 flipped, each to the next label, the same in both layouts.
      const askPairs = async () => {
        const out: string[] = [];
        for (const p of pairs) out.push(await both(c, p.premise, p.hypothesis));
        return out;
      };
      const first = await askPairs();
      const flipped = pairs.filter((p, i) => first[i] !== p.label);
      assert.equal(flipped.length, 6);
      pairs.forEach((p, i) => assert.ok(first[i] === p.label || first[i] === NEXT[p.label], p.hypothesis));
      assert.deepEqual(await askPairs(), first);
      // Another seed flips another choice of 6.
      const other = await OllamaTestServer.start({ models: MODELS, gold, nliPairs: pairs, noise: 0.25, seed: 8 });
      try {
        const o = new Ollama({ host: other.url });
        const labels: string[] = [];
        for (const p of pairs) labels.push(await medtuned(o, p.premise, p.hypothesis));
        assert.equal(labels.filter((l, i) => l !== capitalised(pairs[i].label)).length, 6);
        assert.notDeepEqual(
          labels,
          first.map((l) => capitalised(l as NliLabel)),
        );
      } finally {
        await other.stop();
      }

      // Other questions (the notes' sentences against their gold hypotheses and diagnoses): a
      // seeded hash flips about a quarter, each to the next label, the same every time.
      const questions: Array<[string, string]> = [];
      for (const d of gold) {
        const hyps = [...(d.nli ?? []).map((g) => g.hypothesis), 'The patient is stable.', 'Follow up in clinic.'];
        for (const s of sentences(d.text)) for (const h of hyps) questions.push([s, h]);
      }
      assert.ok(questions.length > 300, `${questions.length}`);
      let n = 0;
      for (const [premise, hypothesis] of questions) {
        const clean = await medtuned(client, premise, hypothesis);
        const noisyAnswer = await medtuned(c, premise, hypothesis);
        assert.equal(await medtuned(c, premise, hypothesis), noisyAnswer);
        if (noisyAnswer !== clean) {
          n++;
          assert.equal(noisyAnswer, capitalised(NEXT[clean.toLowerCase() as NliLabel]));
        }
      }
      const fraction = n / questions.length;
      assert.ok(fraction > 0.18 && fraction < 0.32, `flipped ${n} of ${questions.length}`);
    } finally {
      await noisy.stop();
    }
  });

  it('NLI pairs leave the entity noise choice as it was', async () => {
    const a = await OllamaTestServer.start({ models: MODELS, gold, noise: 0.25, seed: 7 });
    const b = await OllamaTestServer.start({ models: MODELS, gold, nliPairs: pairs, noise: 0.25, seed: 7 });
    try {
      for (const d of gold) {
        const req = {
          model: LLAMA,
          format: 'json',
          messages: [{ role: 'user', content: `Entity types: problem, treatment, test, disease, chemical, gene\nText: ${d.text}` }],
        };
        const ra = await new Ollama({ host: a.url }).chat(req);
        const rb = await new Ollama({ host: b.url }).chat(req);
        assert.equal(rb.message.content, ra.message.content);
      }
    } finally {
      await a.stop();
      await b.stop();
    }
  });
});
