/**
 * Answers as real 7B models write them (Llama2-MedTuned in its training layout, general
 * instruct models in the json layout), beyond the clean fixtures: end-of-turn marks of other
 * chat templates, a new `###` turn, list markers and markdown around tag lines, re-tokenised
 * tokens, degenerate loops cut by the budget, lenient JSON, reasoning blocks. Each test states
 * what is recoverable (exact sentence offsets only) and what must stay a clear failure.
 */
import * as assert from 'node:assert/strict';
import { extractEntities, JsonProfile } from '../../../server/src/engine/profiles/json';
import { answerText, MedtunedProfile, parseTagLine } from '../../../server/src/engine/profiles/medtuned';
import { NerGroup, RelationTask } from '../../../server/src/engine/profiles/profile';
import { alignTokenLines, locateInOrder } from '../../../server/src/engine/text/align';
import { tokenize, tokenizeClinical } from '../../../server/src/engine/text/tokenize';
import { CandidatePair } from '../../../server/src/engine/tasks/relations';
import { CLINICAL_TYPES, EntityType, Mention, ModelAnswer } from '../../../server/src/engine/types';

const medtuned = new MedtunedProfile();
const json = new JsonProfile();
const CLINICAL: NerGroup = { id: 'clinical', types: CLINICAL_TYPES };
const DISEASE: NerGroup = { id: 'disease', types: ['disease'] };

function answer(text: string, doneReason = 'stop'): ModelAnswer {
  return { text, doneReason, promptTokens: 1, evalTokens: 1, evalMs: 1 };
}

function spans(ms: readonly Mention[]): [string, string][] {
  return ms.map((m) => [m.text, m.type]);
}

function checkSlices(sentence: string, ms: readonly Mention[]): void {
  for (const m of ms) assert.equal(m.text, sentence.slice(m.start, m.end), JSON.stringify(m));
}

/** Parses a medtuned NER answer over the default tokens (what the request sent). */
function ner(sentence: string, group: NerGroup, text: string, doneReason = 'stop') {
  const r = medtuned.parseNer(sentence, group, answer(text, doneReason));
  checkSlices(sentence, r.mentions);
  return r;
}

/** `token : TAG` lines over the default tokens the request sends. */
function tagLines(sentence: string, group: NerGroup, tags: Record<number, string> = {}): string[] {
  const toks = group.id === 'clinical' ? tokenizeClinical(sentence) : tokenize(sentence);
  return toks.map((t, i) => `${t.text} : ${tags[i] ?? 'O'}`);
}

const PNEU = 'He has pneumonia';
const PNEU_LINES = tagLines(PNEU, CLINICAL, { 2: 'B-PROBLEM' });

describe('real outputs: medtuned answer boundaries', () => {
  it('end-of-turn marks of other chat templates end the answer, also glued to the last tag', () => {
    for (const mark of ['</s>', '<|eot_id|>', '<|im_end|>', '<|end|>', '<end_of_turn>', '<|endoftext|>', '<|end_of_text|>']) {
      const r = ner(PNEU, CLINICAL, ` ${PNEU_LINES.join('\n')}${mark}\nfever : B-PROBLEM`);
      assert.deepEqual(spans(r.mentions), [['pneumonia', 'problem']], mark);
      assert.equal(answerText(` TrAP ${mark} PIP`).trim(), 'TrAP', mark);
    }
  });

  it('a new ### turn after the answer (stop not honoured) is not read as part of it', () => {
    const s = 'Denied fever and chills .';
    const text =
      ' Denied : O\nfever : B\n### Instruction: Your task is to spot mentions of diseases.\n ### Input: and chills .\n ### Output: and : O\nchills : B\n. : O';
    assert.deepEqual(spans(ner(s, DISEASE, text).mentions), [['fever', 'disease']]);
    // The same turn on one line with the answer.
    assert.deepEqual(spans(ner(s, DISEASE, 'Denied : O\nfever : B ### Input: chills : B').mentions), [['fever', 'disease']]);
  });

  it('an echoed output marker before the answer is skipped, not taken as the end', () => {
    for (const marker of ['### Output:', '### Response:', '### Output:\n', ' ### Answer:\n']) {
      const r = ner(PNEU, CLINICAL, `${marker} ${PNEU_LINES.join('\n')} \n</s>`);
      assert.deepEqual(spans(r.mentions), [['pneumonia', 'problem']], marker);
    }
  });

  it('a "#" token line is a tag line, not a new turn', () => {
    const s = 'Rib # 5 fracture';
    const r = ner(s, DISEASE, tagLines(s, DISEASE, { 3: 'B' }).join('\n'));
    assert.deepEqual(spans(r.mentions), [['fracture', 'disease']]);
  });

  it('a "###" token of a markdown heading, answered with a tab or a space, is a tag line, not a new turn', () => {
    // Our tokens are `#` `#` `#` `Plan` `fever`; the model may answer the three as one.
    const s = '### Plan fever';
    for (const sep of ['\t', ' ', ' : ']) {
      const lines = [`###${sep}O`, `Plan${sep}O`, `fever${sep}B`];
      assert.deepEqual(spans(ner(s, DISEASE, lines.join('\n')).mentions), [['fever', 'disease']], JSON.stringify(sep));
    }
  });

  it('blank lines, trailing spaces and CRLF between tag lines change nothing', () => {
    const r = ner(PNEU, CLINICAL, `\r\n\r\n ${PNEU_LINES.join('  \r\n\r\n')} \r\n`);
    assert.deepEqual(spans(r.mentions), [['pneumonia', 'problem']]);
  });

  it('an empty answer or only an end mark gives nothing, without error', () => {
    for (const text of ['', ' \n</s>', '<|eot_id|>', '### Output:', '\n\n']) {
      assert.deepEqual(ner(PNEU, CLINICAL, text).mentions, [], JSON.stringify(text));
    }
  });
});

describe('real outputs: medtuned tag lines', () => {
  it('markdown and punctuation around a tag or token are read through', () => {
    for (const line of [
      'pneumonia : B-PROBLEM.',
      'pneumonia : B-PROBLEM,',
      'pneumonia : **B-PROBLEM**',
      'pneumonia : `B-PROBLEM`',
      'pneumonia : "B-PROBLEM"',
      'pneumonia: (B-PROBLEM)',
    ]) {
      assert.deepEqual(parseTagLine(line), { token: 'pneumonia', label: { prefix: 'B', type: 'PROBLEM' } }, line);
    }
    for (const token of ['**pneumonia**', '`pneumonia`', '"pneumonia"']) {
      const r = ner(PNEU, CLINICAL, ['He : O', 'has : O', `${token} : **B-PROBLEM**`].join('\n'));
      assert.deepEqual(spans(r.mentions), [['pneumonia', 'problem']], token);
    }
  });

  it('a token that is itself wrapped in asterisks (de-identified MIMIC dates) keeps them', () => {
    const s = 'Seen on [**2101-10-20**] for pneumonia';
    const tokens = tokenizeClinical(s);
    assert.ok(
      tokens.some((t) => t.text === '**2101-10-20**'),
      'test set-up: the token keeps its asterisks',
    );
    const text = tokens.map((t) => `${t.text} : ${t.text === '**2101-10-20**' ? 'B-TEST' : 'O'}`).join('\n');
    const r = ner(s, CLINICAL, text);
    assert.deepEqual(spans(r.mentions), [['**2101-10-20**', 'test']]);
  });

  it('a half-written tag stays half-written (a cut is not mistaken for a whole tag)', () => {
    assert.deepEqual(parseTagLine('pain : I-PROB'), { token: 'pain', label: { prefix: 'I', type: 'PROB' } });
    assert.equal(parseTagLine('pain : B-'), undefined);
  });

  it('list markers before a tag line are skipped; a "-" or "*" token keeps its line', () => {
    assert.deepEqual(parseTagLine('- pneumonia : B-PROBLEM'), { token: 'pneumonia', label: { prefix: 'B', type: 'PROBLEM' } });
    assert.deepEqual(parseTagLine('* pneumonia : B-PROBLEM'), { token: 'pneumonia', label: { prefix: 'B', type: 'PROBLEM' } });
    assert.deepEqual(parseTagLine('12. pneumonia : B-PROBLEM'), { token: 'pneumonia', label: { prefix: 'B', type: 'PROBLEM' } });
    assert.deepEqual(parseTagLine('3) pneumonia : B-PROBLEM'), { token: 'pneumonia', label: { prefix: 'B', type: 'PROBLEM' } });
    assert.deepEqual(parseTagLine('- : O'), { token: '-', label: { prefix: 'O', type: '' } });
    assert.deepEqual(parseTagLine('- - : O'), { token: '-', label: { prefix: 'O', type: '' } });
    assert.deepEqual(parseTagLine('* : O'), { token: '*', label: { prefix: 'O', type: '' } });
    assert.deepEqual(parseTagLine('1. : O'), { token: '1.', label: { prefix: 'O', type: '' } });
    const r = ner(PNEU, CLINICAL, PNEU_LINES.map((l, i) => `${i + 1}. ${l}`).join('\n'));
    assert.deepEqual(spans(r.mentions), [['pneumonia', 'problem']]);
  });

  it('other separators between token and tag: = | -> =>', () => {
    for (const sep of [' = ', ' | ', ' -> ', ' => ', '=']) {
      assert.deepEqual(parseTagLine(`pneumonia${sep}B-PROBLEM`), { token: 'pneumonia', label: { prefix: 'B', type: 'PROBLEM' } }, sep);
    }
    // Tokens that are those characters themselves.
    assert.deepEqual(parseTagLine('= : O'), { token: '=', label: { prefix: 'O', type: '' } });
    assert.deepEqual(parseTagLine('| : O'), { token: '|', label: { prefix: 'O', type: '' } });
    assert.deepEqual(parseTagLine('-> : O'), { token: '->', label: { prefix: 'O', type: '' } });
  });

  it('tags in any case and glued to the token', () => {
    for (const tag of ['b-problem', 'B-Problem', 'B-PROBLEM', 'b_problem']) {
      assert.deepEqual(spans(ner(PNEU, CLINICAL, `He:O\nhas:o\npneumonia:${tag}`).mentions), [['pneumonia', 'problem']], tag);
    }
  });

  it('several token : TAG pairs on one line are read, in order', () => {
    const s = 'He denied chest pain .';
    for (const text of ['He : O denied : O chest : B-PROBLEM pain : I-PROBLEM . : O', 'He : O, denied : O, chest : B-PROBLEM, pain : I-PROBLEM, . : O']) {
      assert.deepEqual(spans(ner(s, CLINICAL, text).mentions), [['chest pain', 'problem']], text);
    }
  });

  it('a line listing phrases (not tokens) is not read as tokens', () => {
    const s = 'He denied chest pain and fever .';
    assert.deepEqual(ner(s, CLINICAL, 'chest pain : B-PROBLEM, fever : B-PROBLEM').mentions, []);
    assert.deepEqual(ner(s, CLINICAL, 'Entities: chest pain : B-PROBLEM').mentions, []);
  });
});

describe('real outputs: medtuned tokens the model wrote differently', () => {
  it("typographic quotes and dashes match their ASCII spelling (and back); offsets stay the sentence's", () => {
    const s = 'Crohn’s disease – a review';
    // tokens: Crohn ’ s disease – a review
    const text = ['Crohn : B', "' : I", 's : I', 'disease : I', '- : O', 'a : O', 'review : O'].join('\n');
    assert.deepEqual(spans(ner(s, DISEASE, text).mentions), [['Crohn’s disease', 'disease']]);
    const ascii = "Crohn's disease - a review";
    const fancy = ['Crohn : B', '’ : I', 's : I', 'disease : I', '— : O', 'a : O', 'review : O'].join('\n');
    assert.deepEqual(spans(ner(ascii, DISEASE, fancy).mentions), [["Crohn's disease", 'disease']]);
  });

  it('compatibility characters match (NFKC: µ and μ, full-width letters)', () => {
    const toks = tokenize('5 µg of ＡＢＣ');
    const r = alignTokenLines(toks, [
      { token: '5', label: 'O' },
      { token: 'μg', label: 'x' },
      { token: 'of', label: 'O' },
      { token: 'ABC', label: 'y' },
    ]);
    assert.deepEqual(r.labels, ['O', 'x', 'O', 'y']);
  });

  it('a token the model split into pieces gets the label of its pieces', () => {
    const s = 'Chest x-ray showed pneumonia.';
    // clinical tokens: Chest x-ray showed pneumonia .
    const text = ['Chest : B-TEST', 'x : I-TEST', '- : I-TEST', 'ray : I-TEST', 'showed : O', 'pneumonia : B-PROBLEM', '. : O'].join('\n');
    assert.deepEqual(spans(ner(s, CLINICAL, text).mentions), [
      ['Chest x-ray', 'test'],
      ['pneumonia', 'problem'],
    ]);
    // A mention that starts inside a token is widened to the whole token, never cut.
    const anti = 'Given anti-TNF therapy';
    const r = ner(anti, CLINICAL, ['Given : O', 'anti : O', '- : O', 'TNF : B-TREATMENT', 'therapy : I-TREATMENT'].join('\n'));
    assert.deepEqual(spans(r.mentions), [['anti-TNF therapy', 'treatment']]);
  });

  it('tokens the model merged get its label, the entity continuing over them', () => {
    const s = "History of Crohn's disease .";
    // literature tokens: History of Crohn ' s disease .
    const r = ner(s, DISEASE, ['History : O', 'of : O', "Crohn's : B", 'disease : I', '. : O'].join('\n'));
    assert.deepEqual(spans(r.mentions), [["Crohn's disease", 'disease']]);
    // Punctuation merged onto the end of an entity word is not part of the entity.
    const c = 'Denied fever , chills .';
    const r2 = ner(c, DISEASE, ['Denied : O', 'fever, : B', 'chills. : B'].join('\n'));
    assert.deepEqual(spans(r2.mentions), [
      ['fever', 'disease'],
      ['chills', 'disease'],
    ]);
  });

  it('punctuation glued before a word stays out of the entity too: "(Crohn", "[cancer]"', () => {
    const s = 'Patients with (Crohn disease) were treated';
    const r = ner(s, DISEASE, ['Patients : O', 'with : O', '(Crohn : B', 'disease) : I', 'were : O', 'treated : O'].join('\n'));
    assert.deepEqual(spans(r.mentions), [['Crohn disease', 'disease']]);
    const c = 'diagnosed with [ cancer ] today';
    const r2 = ner(c, CLINICAL, ['diagnosed : O', 'with : O', '[cancer] : B-PROBLEM', 'today : O'].join('\n'));
    assert.deepEqual(spans(r2.mentions), [['cancer', 'problem']]);
  });

  it('a line that matches no token, whole or in pieces, labels nothing', () => {
    const r = ner(PNEU, CLINICAL, ['He : O', 'has : O', 'pneumo : B-PROBLEM', 'tachycardia : B-PROBLEM'].join('\n'));
    assert.deepEqual(r.mentions, []);
  });

  it('after a long stretch the model left out, three lines in a row over the following tokens pick the answer up again', () => {
    const s = 'He was seen in clinic on the morning of the third day after his first visit and reported severe chest pain today .';
    const toks = tokenize(s);
    const chest = toks.findIndex((t) => t.text === 'chest');
    const all = tagLines(s, DISEASE, { [chest]: 'B', [chest + 1]: 'I' });
    // The model wrote the first two lines, then jumped 14 tokens ahead.
    const text = [...all.slice(0, 2), ...all.slice(16)].join('\n');
    assert.deepEqual(spans(ner(s, DISEASE, text).mentions), [['chest pain', 'disease']]);
    // A single far line (or two) is not trusted: tokens repeat.
    const lone = [...all.slice(0, 2), all[chest], all[chest + 1]].join('\n');
    assert.deepEqual(ner(s, DISEASE, lone).mentions, []);
  });
});

describe('real outputs: medtuned answers cut by the budget', () => {
  it('a loop cut by num_predict after every token was tagged keeps an entity ending the sentence', () => {
    const loop = ` ${PNEU_LINES.join('\n')}\npneumonia : B-PROBLEM\npneumonia : B-PROBLEM\npneu`;
    assert.deepEqual(spans(ner(PNEU, CLINICAL, loop, 'length').mentions), [['pneumonia', 'problem']]);
  });

  it("a cut inside the last token's tag still hides that token", () => {
    const cut = ` ${PNEU_LINES.slice(0, 2).join('\n')}\npneumonia : B-PROB`;
    assert.deepEqual(ner(PNEU, CLINICAL, cut, 'length').mentions, []);
    const bare = ` ${PNEU_LINES.slice(0, 2).join('\n')}\npneumonia : B`;
    assert.deepEqual(ner(PNEU, CLINICAL, bare, 'length').mentions, []);
  });

  it('a cut mid-sentence still hides the entity that may go on', () => {
    const s = 'He has heart failure today';
    const lines = tagLines(s, CLINICAL, { 2: 'B-PROBLEM', 3: 'I-PROBLEM' });
    assert.deepEqual(ner(s, CLINICAL, lines.slice(0, 3).join('\n'), 'length').mentions, []);
    assert.deepEqual(spans(ner(s, CLINICAL, lines.slice(0, 5).join('\n'), 'length').mentions), [['heart failure', 'problem']]);
    // The budget ran out after the answer's end mark (a server not honouring the stop): the answer itself is whole.
    const ended = ner(s, CLINICAL, `${lines.slice(0, 4).join('\n')} \n</s> He has heart failure today He has`, 'length');
    assert.deepEqual(spans(ended.mentions), [['heart failure', 'problem']]);
    assert.equal(ended.truncated, true);
  });
});

describe('real outputs: medtuned relations and NLI', () => {
  // 'Aspirin for headache'
  const pair: CandidatePair = {
    kind: 'clinical',
    head: { start: 0, end: 7, type: 'treatment', text: 'Aspirin' },
    tail: { start: 12, end: 20, type: 'problem', text: 'headache' },
  };
  const task: RelationTask = { id: 't', pairs: [pair] };

  it("a relation label with explanation or another template's end mark is read", () => {
    for (const [text, label] of [
      [' TrAP \n\nExplanation: aspirin is given for the headache; it is not TrCP.', 'TrAP'],
      ['TrAP<|eot_id|>', 'TrAP'],
      ['### Response: TrAP', 'TrAP'],
      [' No Relations<|im_end|>', 'No Relations'],
    ] as const) {
      assert.deepEqual(medtuned.parseRelations(task, answer(text)), { labels: [label], dropped: 0 }, text);
    }
  });

  it('labels inside a new ### turn are not the answer', () => {
    const text = ' \n### Instruction: Categorize the relation as one of:\nTreatment improves medical problem (TrIP)\nNo Relations';
    assert.deepEqual(medtuned.parseRelations(task, answer(text)), { labels: [undefined], dropped: 1 });
    const nli = ' \n### Instruction: classify them: Contradiction: If the two sentences contradict each other.';
    assert.deepEqual(medtuned.parseNli(answer(nli)), { label: undefined, dropped: 1 });
  });

  it('NLI labels with punctuation, prefixes and other end marks', () => {
    for (const [text, label] of [
      [' Entailment.', 'entailment'],
      ['The answer is: neutral', 'neutral'],
      [' Contradiction \n</s>', 'contradiction'],
      ['Neutral<|eot_id|>', 'neutral'],
      ['### Output: Entailment', 'entailment'],
    ] as const) {
      assert.deepEqual(medtuned.parseNli(answer(text)), { label, dropped: 0 }, text);
    }
  });
});

describe('real outputs: json entities', () => {
  const s = 'Denies fever; chest pain relieved by aspirin.';
  const want: [string, EntityType][] = [
    ['fever', 'problem'],
    ['chest pain', 'problem'],
    ['aspirin', 'treatment'],
  ];
  const parse = (text: string, sentence = s) => {
    const r = json.parseNer(sentence, { id: 'x', types: ['problem', 'treatment', 'test'] }, answer(text));
    checkSlices(sentence, r.mentions);
    return r;
  };

  it('trailing commas are read', () => {
    const text = '{"entities": [{"text": "fever", "type": "problem",}, {"text": "chest pain", "type": "problem"}, {"text": "aspirin", "type": "treatment"},],}';
    assert.deepEqual(spans(parse(text).mentions), want);
    assert.equal(extractEntities(text).wellFormed, true);
  });

  it('single-quoted (Python-style) JSON is read, apostrophes inside strings kept', () => {
    const text = "{'entities': [{'text': 'fever', 'type': 'problem'}, {'text': 'chest pain', 'type': 'problem'}, {'text': 'aspirin', 'type': 'treatment'}]}";
    assert.deepEqual(spans(parse(text).mentions), want);
    const crohn = "History of Crohn's disease.";
    const r = json.parseNer(
      crohn,
      { id: 'd', types: ['disease'] },
      answer(`[{'text': "Crohn's disease", 'type': 'disease'}, {'text': 'it\\'s', 'type': 'disease'}]`),
    );
    assert.deepEqual(spans(r.mentions), [["Crohn's disease", 'disease']]);
    assert.equal(r.dropped, 1);
  });

  it('only the first JSON value is the answer: an example object in prose after it is not an entity', () => {
    const text = '{"entities": [{"text": "fever", "type": "problem"}]}\n\nFor example, {"text": "aspirin", "type": "treatment"} would be a treatment.';
    assert.deepEqual(spans(parse(text).mentions), [['fever', 'problem']]);
    const none = '{"entities": []}\nNote: a mention such as {"text": "chest pain", "type": "problem"} would count.';
    assert.deepEqual(parse(none).mentions, []);
  });

  it('an answer cut inside its list keeps its whole entities, statuses lists and all (never the first inner list for the answer)', () => {
    const statuses = new JsonProfile({ assertionStatuses: true });
    const cut = '{"entities":[{"text":"fever","type":"problem","statuses":["negated"]},{"text":"chest pain","type":"problem","statuses":[]},{"text":"aspi';
    const r = statuses.parseNer(s, { id: 'x', types: ['problem', 'treatment', 'test'] }, answer(cut, 'length'));
    checkSlices(s, r.mentions);
    assert.deepEqual(spans(r.mentions), [
      ['fever', 'problem'],
      ['chest pain', 'problem'],
    ]);
    assert.equal(extractEntities(cut).wellFormed, false);
    // A number in brackets in the prose is not an (empty) answer.
    assert.deepEqual(
      spans(
        parse(
          'Found [3] entities: {"entities": [{"text": "fever", "type": "problem"}, {"text": "chest pain", "type": "problem"}, {"text": "aspirin", "type": "treatment"}]}',
        ).mentions,
      ),
      want,
    );
  });

  it('an apostrophe in bracketed prose before the JSON is no string: the answer is read whole', () => {
    const text = 'Found [the patient\'s] entities: {"entities": [{"text": "fever", "type": "problem"}]}';
    assert.deepEqual(spans(parse(text).mentions), [['fever', 'problem']]);
    assert.equal(extractEntities(text).wellFormed, true);
  });

  it('brackets in prose before the JSON do not hide it', () => {
    const text = 'Entities [as requested]:\n```json\n{"entities": [{"text": "fever", "type": "problem"}]}\n```';
    assert.deepEqual(spans(parse(text).mentions), [['fever', 'problem']]);
  });

  it('a reasoning block before the answer is not read', () => {
    const text =
      '<think>Maybe {"text": "aspirin", "type": "problem"}? No, aspirin is a treatment.</think>\n{"entities": [{"text": "fever", "type": "problem"}]}';
    assert.deepEqual(spans(parse(text).mentions), [['fever', 'problem']]);
    // A reasoning block cut by the budget leaves no answer.
    assert.deepEqual(parse('<think>First {"text": "fever", "type": "problem"} then', 'length').mentions, []);
  });

  it("other templates' end marks after the JSON change nothing", () => {
    const text = '{"entities": [{"text": "fever", "type": "problem"}]}<|eot_id|>';
    assert.deepEqual(spans(parse(text).mentions), [['fever', 'problem']]);
  });

  it('common key spellings: entity/mention for text, label/entity_type for type', () => {
    const text = '{"entities": [{"entity": "fever", "label": "problem"}, {"mention": "aspirin", "entity_type": "Treatment"}]}';
    assert.deepEqual(spans(parse(text).mentions), [
      ['fever', 'problem'],
      ['aspirin', 'treatment'],
    ]);
  });

  it('a mention written with ASCII quotes or dashes is found in text with typographic ones, as written there', () => {
    const t = 'History of Crohn’s disease – stable.';
    const r = json.parseNer(t, { id: 'd', types: ['disease'] }, answer('{"entities": [{"text": "Crohn\'s disease", "type": "disease"}]}'));
    assert.deepEqual(spans(r.mentions), [['Crohn’s disease', 'disease']]);
    assert.deepEqual(locateInOrder('a–b and c"d"', ['a-b', 'c“d”']), [
      { start: 0, end: 3 },
      { start: 8, end: 12 },
    ]);
  });

  it('a mention that is not in the text is still dropped, never approximated', () => {
    const r = parse('{"entities": [{"text": "fevers", "type": "problem"}, {"text": "chest-pain", "type": "problem"}]}');
    assert.deepEqual(r.mentions, []);
    assert.equal(r.dropped, 2);
  });
});

describe('real outputs: json relations and NLI', () => {
  const pair = (start: number): CandidatePair => ({
    kind: 'clinical',
    head: { start, end: start + 1, type: 'treatment', text: 'a' },
    tail: { start: start + 2, end: start + 3, type: 'problem', text: 'b' },
  });
  const task: RelationTask = { id: 't', pairs: [pair(0), pair(10)] };

  it('relations with trailing commas and single quotes', () => {
    for (const text of [
      '{"relations": [{"pair": "P1", "label": "TrAP"}, {"pair": "P2", "label": "No Relations"},]}',
      "{'relations': [{'pair': 'P1', 'label': 'TrAP'}, {'pair': 'P2', 'label': 'No Relations'}]}",
    ]) {
      assert.deepEqual(json.parseRelations(task, answer(text)), { labels: ['TrAP', 'No Relations'], dropped: 0 }, text);
    }
  });

  it('relations: only the first JSON value, not an example after it', () => {
    const text = '{"relations": [{"pair": "P1", "label": "TrAP"}]}\nFor example {"pair": "P2", "label": "TrCP"} would mean it causes it.';
    assert.deepEqual(json.parseRelations(task, answer(text)), { labels: ['TrAP', undefined], dropped: 0 });
  });

  it('NLI: the JSON label wins over reasoning and prose; single quotes are read', () => {
    for (const [text, label] of [
      ['<think>Is it a contradiction? {no}</think>\n{"label": "neutral", "evidence": ""}', 'neutral'],
      ['<think>Could be a contradiction.</think>\nNeutral', 'neutral'],
      ["{'label': 'Entailment', 'evidence': 'no contradiction'}", 'entailment'],
      ['```json\n{"label": "contradiction", "evidence": "rose",}\n```', 'contradiction'],
      ['{"label": "neutral", "evidence": ""}<|eot_id|>', 'neutral'],
      // Cut by the budget inside the evidence, which names another label first.
      ['{"evidence": "not an entailment: it says", "label": "contradiction", "ev', 'contradiction'],
    ] as const) {
      assert.deepEqual(json.parseNli(answer(text)), { label, dropped: 0 }, text);
    }
  });
});
