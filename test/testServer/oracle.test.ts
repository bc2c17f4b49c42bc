/** The test server's NER oracle: answers from gold in each layout, only to prompts in the training layout. */
import * as assert from 'node:assert/strict';
import { Ollama } from 'ollama';
import { MedtunedProfile } from '../../server/src/engine/profiles/medtuned';
import { loadMedtunedReference, matchMedtunedLayout, OFF_LAYOUT_ANSWER, OllamaTestServer, UNTRAINED_ANSWER } from '../support/ollamaServer';
import {
  CLINICAL_INSTRUCTION,
  LLAMA,
  MEDTUNED,
  MODELS,
  RELATION_INSTRUCTION,
  SCHEMA,
  TOKEN,
  client,
  gold,
  layout,
  lines,
  literature,
  medtunedPrompt,
  mention,
  pair,
  post,
  referenceSet,
  server,
  useSuiteServer,
  variantOf,
} from './suite';

describe('OllamaTestServer', () => {
  useSuiteServer();

  describe('oracle', () => {
    it('medtuned clinical: typed tags from gold', async () => {
      const sentence = 'She takes metformin, amlodipine and simvastatin.';
      const r = await client.generate({ model: MEDTUNED, prompt: medtunedPrompt(CLINICAL_INSTRUCTION, sentence), raw: true });
      assert.deepEqual(lines(r.response), [
        ['She', 'O'],
        ['takes', 'O'],
        ['metformin', 'B-TREATMENT'],
        [',', 'O'],
        ['amlodipine', 'B-TREATMENT'],
        ['and', 'O'],
        ['simvastatin', 'B-TREATMENT'],
        ['.', 'O'],
      ]);
      const multi = await client.generate({
        model: MEDTUNED,
        prompt: medtunedPrompt(CLINICAL_INSTRUCTION, 'ECG shows 2 mm ST elevation in leads II, III and aVF.'),
        raw: true,
      });
      assert.deepEqual(lines(multi.response).slice(0, 6), [
        ['ECG', 'B-TEST'],
        ['shows', 'O'],
        ['2', 'B-PROBLEM'],
        ['mm', 'I-PROBLEM'],
        ['ST', 'I-PROBLEM'],
        ['elevation', 'I-PROBLEM'],
      ]);
    });

    it('medtuned literature: bare B/I/O for the one class asked', async () => {
      const sentence =
        'Cisplatin is a cornerstone of chemotherapy for hepatoblastoma, but its use is limited by acute kidney injury and irreversible hearing loss.';
      const r = await client.generate({ model: MEDTUNED, prompt: medtunedPrompt(literature('disease'), sentence), raw: true });
      const tags = Object.fromEntries(lines(r.response));
      assert.equal(lines(r.response).length, (sentence.match(TOKEN) ?? []).length);
      assert.equal(tags.Cisplatin, 'O');
      assert.equal(tags.hepatoblastoma, 'B');
      assert.deepEqual([tags.acute, tags.kidney, tags.injury, tags.irreversible, tags.hearing, tags.loss], ['B', 'I', 'I', 'O', 'B', 'I']);
      const chem = await client.generate({ model: MEDTUNED, prompt: medtunedPrompt(literature('chemical'), sentence), raw: true });
      assert.deepEqual(lines(chem.response)[0], ['Cisplatin', 'B']);
      assert.ok(
        lines(chem.response)
          .slice(1)
          .every(([, t]) => t === 'O'),
      );
      const gene = await client.generate({
        model: MEDTUNED,
        prompt: medtunedPrompt(literature('gene'), 'Children carrying variants in TPMT and COMT had a higher risk of ototoxicity.'),
        raw: true,
      });
      assert.deepEqual(
        lines(gene.response).filter(([, t]) => t !== 'O'),
        [
          ['TPMT', 'B'],
          ['COMT', 'B'],
        ],
      );
    });

    it('medtuned: unknown input → all O; masks with the i2b2-2010 instruction → a relation from gold', async () => {
      const r = await client.generate({ model: MEDTUNED, prompt: medtunedPrompt(CLINICAL_INSTRUCTION, 'He likes aspirin a lot.'), raw: true });
      assert.ok(lines(r.response).every(([, t]) => t === 'O'));
      assert.equal(lines(r.response).length, 6);
      // The i2b2-2010 instruction makes it a relation prompt, answered from gold (ed-chest-pain: Nitroglycerin TrIP chest pain).
      const rel = await client.generate({ model: MEDTUNED, prompt: layout(RELATION_INSTRUCTION, '@treatment$ relieved the @problem$ partially .'), raw: true });
      assert.equal(rel.response, ' TrIP \n');
      const unknownRel = await client.generate({
        model: MEDTUNED,
        prompt: layout(RELATION_INSTRUCTION, '@treatment$ cured the @problem$ at once .'),
        raw: true,
      });
      assert.equal(unknownRel.response, ' No Relations \n');
      // The task is the instruction's training set, not the look of the input: masks under an NER instruction are tokens.
      const masksAsNer = await client.generate({
        model: MEDTUNED,
        prompt: layout(CLINICAL_INSTRUCTION, '@treatment$ relieved the @problem$ partially .'),
        raw: true,
      });
      assert.deepEqual(
        lines(masksAsNer.response).map(([, t]) => t),
        ['O', 'O', 'O', 'O', 'O', 'O'],
      );
      assert.deepEqual(
        server.medtunedPrompts.slice(-4).map((m) => [m.dataset, m.variant, m.task]),
        [
          ['i2b2-2012', 1, 'clinical'],
          ['i2b2-2010 relations', 1, 'clinical-relation'],
          ['i2b2-2010 relations', 1, 'clinical-relation'],
          ['i2b2-2012', 1, 'clinical'],
        ],
      );
    });

    it('every verbatim variant of every trained set is answered from gold, as the training target ` {output} \\n`', async () => {
      const clinical = 'She takes metformin, amlodipine and simvastatin.';
      const disease =
        'Cisplatin is a cornerstone of chemotherapy for hepatoblastoma, but its use is limited by acute kidney injury and irreversible hearing loss.';
      const gene = 'Children carrying variants in TPMT and COMT had a higher risk of ototoxicity.';
      const nonO = (text: string | undefined) => lines(text).filter(([, t]) => t !== 'O');
      server.clearOracleLog();
      let asked = 0;
      for (const set of loadMedtunedReference()) {
        for (const [i, instruction] of set.variants.entries()) {
          const n = i + 1;
          const generate = async (input: string): Promise<string> => {
            asked++;
            const r = await client.generate({ model: MEDTUNED, prompt: layout(instruction, input), raw: true, options: { stop: ['</s>', '###'] } });
            const m = server.medtunedPrompts[server.medtunedPrompts.length - 1];
            assert.ok(m.datasets.includes(set.dataset), `${set.dataset} ${n}: ${m.datasets}`);
            assert.equal(m.variant, n);
            assert.equal(m.task, set.task);
            return r.response ?? '';
          };
          const tokens = (text: string) => (text.match(TOKEN) ?? []).join(' ');
          switch (set.task) {
            case 'clinical':
              assert.deepEqual(
                nonO(await generate(tokens(clinical))),
                [
                  ['metformin', 'B-TREATMENT'],
                  ['amlodipine', 'B-TREATMENT'],
                  ['simvastatin', 'B-TREATMENT'],
                ],
                set.dataset,
              );
              break;
            case 'disease':
              assert.deepEqual(
                nonO(await generate(tokens(disease))),
                [
                  ['hepatoblastoma', 'B'],
                  ['acute', 'B'],
                  ['kidney', 'I'],
                  ['injury', 'I'],
                  ['hearing', 'B'],
                  ['loss', 'I'],
                ],
                set.dataset,
              );
              break;
            case 'chemical':
              assert.deepEqual(nonO(await generate(tokens(disease))), [['Cisplatin', 'B']], set.dataset);
              break;
            case 'gene':
              assert.deepEqual(
                nonO(await generate(tokens(gene))),
                [
                  ['TPMT', 'B'],
                  ['COMT', 'B'],
                ],
                set.dataset,
              );
              break;
            case 'clinical-relation':
              assert.equal(await generate('@treatment$ was continued for @problem$ with a goal INR of 2-3 .'), ' TrAP \n', `${set.dataset} ${n}`);
              assert.equal(await generate('Warfarin was continued for @problem$ with a goal @test$ of 2 - 3 .'), ' No Relations \n', `${set.dataset} ${n}`);
              break;
            case 'nli':
              assert.equal(
                await generate('Sentence 1: Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.\nSentence 2: His renal function is normal.'),
                ' Contradiction \n',
                `${set.dataset} ${n}`,
              );
              break;
            case 'untrained':
              assert.equal(
                await generate('Children carrying variants in @GENE$ and COMT had a higher risk of @DISEASE$ .'),
                UNTRAINED_ANSWER,
                `${set.dataset} ${n}`,
              );
              break;
          }
        }
      }
      assert.equal(asked, 8 * 5 + 3 * 2); // eight sets of five asked once, i2b2-2010's three twice
      assert.deepEqual(server.offLayoutPrompts, []);
      assert.equal(server.untrainedPrompts.length, 5);
      server.clearOracleLog();
    });

    it('a prompt off the training layout is answered unusably and logged, whatever is off', async () => {
      const sentence = 'She takes metformin, amlodipine and simvastatin.';
      const input = (sentence.match(TOKEN) ?? []).join(' ');
      const exact = layout(CLINICAL_INSTRUCTION, input);
      const nli = layout(
        variantOf('MedNLI'),
        'Sentence 1: Creatinine rose from 1.6 to 2.1 mg/dL, so lisinopril was held.\nSentence 2: His renal function is normal.',
      );
      const rel = layout(RELATION_INSTRUCTION, '@treatment$ was continued for @problem$ with a goal INR of 2-3 .');
      const paraphrase =
        'Identify each entity in the clinical text with the BIO scheme: B-PROBLEM, B-TREATMENT, B-TEST for the ' +
        'first word, I-PROBLEM, I-TREATMENT, I-TEST for following words, O otherwise.';
      const cases: Array<[string, { prompt: string; raw?: boolean; system?: string }, RegExp]> = [
        ['a trailing space after ### Output:', { prompt: `${exact} `, raw: true }, /^" " after "### Output:"$/],
        ["a newline after ### Output: (the authors' 13b evaluation ending)", { prompt: `${exact}\n`, raw: true }, /^"\\n" after "### Output:"$/],
        ['a trailing space after an NLI prompt', { prompt: `${nli} `, raw: true }, /after "### Output:"/],
        ['a trailing space after a relation prompt', { prompt: `${rel} `, raw: true }, /after "### Output:"/],
        ['a paraphrased instruction', { prompt: layout(paraphrase, input), raw: true }, /not a verbatim training variant/],
        [
          'a variant with one character changed (a curly apostrophe)',
          { prompt: layout(CLINICAL_INSTRUCTION.replace("doesn't", 'doesn\u2019t'), input), raw: true },
          /not a verbatim training variant/,
        ],
        ['a variant with a trailing space', { prompt: layout(`${CLINICAL_INSTRUCTION} `, input), raw: true }, /not a verbatim training variant/],
        ['a system field', { prompt: exact, raw: true, system: 'You are a clinical NLP system.' }, /^a system line$/],
        ['a system line in the prompt', { prompt: `You are a clinical NLP system.\n${exact}`, raw: true }, /does not begin with "### Instruction: "/],
        ['no space before ### Input:', { prompt: exact.replace('\n ### Input: ', '\n### Input: '), raw: true }, /separator/],
        ['no space before ### Output:', { prompt: exact.replace('\n ### Output:', '\n### Output:'), raw: true }, /separator before "### Output:"/],
        [
          'the Alpaca layout',
          { prompt: `### Instruction:\n${CLINICAL_INSTRUCTION}\n\n### Input:\n${input}\n\n### Response:\n`, raw: true },
          /does not begin with "### Instruction: "/,
        ],
        ['### Response: instead of ### Output:', { prompt: exact.replace(/### Output:$/, '### Response:'), raw: true }, /^no "### Output:"$/],
        ['not raw', { prompt: exact }, /^not raw/],
        [
          'the input not space-joined tokens',
          { prompt: layout(CLINICAL_INSTRUCTION, input.replace(' takes ', '  takes ')), raw: true },
          /not tokens joined by single spaces/,
        ],
        [
          'a relation prompt with literature masks',
          { prompt: layout(RELATION_INSTRUCTION, '@CHEMICAL$ - induced @DISEASE$ in rats .'), raw: true },
          /two of its masks/,
        ],
        [
          'a relation prompt with one mask',
          { prompt: layout(RELATION_INSTRUCTION, '@treatment$ was continued for atrial fibrillation .'), raw: true },
          /two of its masks/,
        ],
        ['an NLI input without "Sentence 2: "', { prompt: layout(variantOf('MedNLI'), 'Sentence 1: a\nHypothesis: b'), raw: true }, /MedNLI input/],
        [
          'a CID prompt (no such training data)',
          {
            prompt: layout(
              'The sentence mentions a chemical masked as @CHEMICAL$ and a disease masked as @DISEASE$. Answer CID if the chemical induces the disease according to the sentence, otherwise No Relations. Answer with the label only.',
              '@CHEMICAL$ - induced @DISEASE$ and ototoxicity in children with hepatoblastoma .',
            ),
            raw: true,
          },
          /not a verbatim training variant/,
        ],
      ];
      server.clearOracleLog();
      const profile = new MedtunedProfile();
      const [group] = profile.nerGroups(['problem']);
      for (const [what, body, reason] of cases) {
        const before = server.offLayoutPrompts.length;
        const r = await client.generate({ model: MEDTUNED, ...body, stream: false, options: { stop: ['</s>', '###'] } });
        assert.equal(r.response, OFF_LAYOUT_ANSWER, what);
        assert.equal(server.offLayoutPrompts.length, before + 1, `${what}: logged`);
        const logged = server.offLayoutPrompts[before];
        assert.match(logged.reason, reason, what);
        assert.equal(logged.prompt, body.prompt);
        assert.equal(logged.endpoint, '/api/generate');
        // Nothing a parser can use: no entity, no relation label, no NLI label.
        const answer = { text: r.response, doneReason: 'stop', promptTokens: 1, evalTokens: 1, evalMs: 1 };
        assert.deepEqual(profile.parseNer(sentence, group, answer).mentions, [], what);
        assert.equal(profile.parseNli(answer).label, undefined, what);
        const w = mention(sentence, 'metformin', 'treatment');
        assert.deepEqual(profile.parseRelations({ id: 'x', pairs: [pair('clinical', w, { ...w, type: 'problem' })] }, answer).labels, [undefined], what);
      }
      assert.equal(server.offLayoutPrompts.length, cases.length);
      assert.equal(server.medtunedPrompts.length, 0, 'none of them was taken for the layout');
      // The same prompts through /v1/completions (a raw generate there too).
      const v1 = await post(server, '/v1/completions', { model: MEDTUNED, prompt: `${exact} `, max_tokens: 16 });
      assert.equal(((await v1.json()) as { choices: { text: string }[] }).choices[0].text, OFF_LAYOUT_ANSWER);
      assert.equal(server.offLayoutPrompts.length, cases.length + 1);
      // The exact prompt, for contrast: answered from gold, nothing logged off the layout.
      const ok = await client.generate({ model: MEDTUNED, prompt: exact, raw: true });
      assert.equal(lines(ok.response)[2].join(' : '), 'metformin : B-TREATMENT');
      assert.equal(server.offLayoutPrompts.length, cases.length + 1);
      assert.ok(!('reason' in matchMedtunedLayout({ prompt: exact, raw: true })));
      server.clearOracleLog();
      assert.deepEqual(server.offLayoutPrompts, []);
    });

    it('GAD (prepared, left out of training): the layout, but answered unusably and logged as untrained', async () => {
      const TPMT = 'Children carrying variants in TPMT and COMT had a higher risk of ototoxicity.';
      server.clearOracleLog();
      for (const instruction of referenceSet('GAD gene-disease relations').variants) {
        const r = await client.generate({
          model: MEDTUNED,
          prompt: layout(instruction, 'Children carrying variants in @GENE$ and COMT had a higher risk of @DISEASE$ .'),
          raw: true,
        });
        assert.equal(r.response, UNTRAINED_ANSWER);
        // No gene-disease label in it: the engine could read nothing from it (gold says Positive).
        const p = pair('gene-disease', mention(TPMT, 'TPMT', 'gene'), mention(TPMT, 'ototoxicity', 'disease'));
        assert.deepEqual(
          new MedtunedProfile().parseRelations({ id: 'x', pairs: [p] }, { text: r.response, doneReason: 'stop', promptTokens: 1, evalTokens: 1, evalMs: 1 }),
          { labels: [undefined], dropped: 1 },
        );
      }
      assert.deepEqual(
        server.untrainedPrompts.map((m) => [m.dataset, m.variant]),
        [1, 2, 3, 4, 5].map((n) => ['GAD gene-disease relations', n]),
      );
      assert.deepEqual(server.offLayoutPrompts, []);
      server.clearOracleLog();
    });

    it("the production profile reads the oracle's answers: its own prompts, every variant, gold entities", async () => {
      const sentence = 'She takes metformin, amlodipine and simvastatin.';
      for (const n of [1, 2, 3, 4, 5]) {
        const profile = new MedtunedProfile({ instructionVariant: n });
        const [group] = profile.nerGroups(['treatment']);
        const req = profile.nerRequest(sentence, group);
        assert.ok(req.kind === 'generate');
        const r = await client.generate({
          model: MEDTUNED,
          prompt: req.prompt,
          raw: req.raw,
          stream: false,
          options: { stop: req.stop, num_predict: req.numPredict },
        });
        const text = r.response ?? '';
        assert.ok(text.startsWith(' ') && text.endsWith(' \n'), JSON.stringify(text));
        assert.ok(!text.includes('</s>'));
        const parsed = profile.parseNer(sentence, group, { text, doneReason: r.done_reason, promptTokens: 1, evalTokens: 1, evalMs: 1 });
        assert.deepEqual(
          parsed.mentions.map((m) => [m.text, m.type]),
          [
            ['metformin', 'treatment'],
            ['amlodipine', 'treatment'],
            ['simvastatin', 'treatment'],
          ],
          `variant ${n}`,
        );
        assert.equal(server.medtunedPrompts[server.medtunedPrompts.length - 1].variant, n);
      }
      server.clearOracleLog();
    });

    it('json: lists the requested entities with gold surface text, in order', async () => {
      const r = await client.chat({
        model: LLAMA,
        format: SCHEMA,
        messages: [
          { role: 'system', content: 'Extract entities. Answer in JSON.' },
          { role: 'user', content: 'Entity types: problem, treatment, test\nText: She takes metformin, amlodipine and simvastatin.' },
        ],
      });
      assert.deepEqual(JSON.parse(r.message.content), {
        entities: [
          { text: 'metformin', type: 'treatment' },
          { text: 'amlodipine', type: 'treatment' },
          { text: 'simvastatin', type: 'treatment' },
        ],
      });
      const lit = await client.chat({
        model: LLAMA,
        format: SCHEMA,
        messages: [
          {
            role: 'user',
            content:
              'Entity types: chemical\nText: Sodium thiosulfate given six hours after cisplatin reduced the incidence of hearing loss without reducing event-free survival.',
          },
        ],
      });
      assert.deepEqual(JSON.parse(lit.message.content).entities, [
        { text: 'Sodium thiosulfate', type: 'chemical' },
        { text: 'cisplatin', type: 'chemical' },
      ]);
      const none = await client.chat({
        model: LLAMA,
        format: SCHEMA,
        messages: [{ role: 'user', content: 'Entity types: problem\nText: Nothing like this is in the notes.' }],
      });
      assert.deepEqual(JSON.parse(none.message.content), { entities: [] });
    });

    it('json: CRLF and wrapped text still match; the answer keeps the document whitespace', async () => {
      const text = '1. Furosemide 40 mg by mouth twice daily\r\n2. Metoprolol succinate 50 mg daily\r\n3. Warfarin 5 mg daily';
      const r = await client.chat({
        model: LLAMA,
        format: SCHEMA,
        messages: [{ role: 'user', content: `Entity types: treatment, problem\nText: ${text}` }],
      });
      assert.deepEqual(
        JSON.parse(r.message.content).entities.map((e: { text: string }) => e.text),
        ['Furosemide', 'Metoprolol succinate', 'Warfarin'],
      );
      const wrapped = 'presented with three days of worsening\n    dyspnea and bilateral leg\nswelling.';
      const w = await client.chat({
        model: LLAMA,
        format: SCHEMA,
        stream: true,
        messages: [{ role: 'user', content: `Entity types: problem\nText: ${wrapped}` }],
      });
      let content = '';
      for await (const c of w) content += c.message.content;
      assert.deepEqual(JSON.parse(content).entities, [
        { text: 'worsening dyspnea', type: 'problem' },
        { text: 'bilateral leg swelling', type: 'problem' },
      ]);
    });

    it('noise drops the expected fraction, deterministically, in both layouts', async () => {
      const noisy = await OllamaTestServer.start({ models: MODELS, gold, noise: 0.25, seed: 7 });
      try {
        const c = new Ollama({ host: noisy.url });
        const total = gold.reduce((n, d) => n + d.entities.length, 0);
        const ask = async () => {
          let n = 0;
          for (const d of gold) {
            const r = await c.chat({
              model: LLAMA,
              format: 'json',
              messages: [{ role: 'user', content: `Entity types: problem, treatment, test, disease, chemical, gene\nText: ${d.text}` }],
            });
            n += JSON.parse(r.message.content).entities.length;
          }
          return n;
        };
        const first = await ask();
        assert.equal(first, total - Math.round(0.25 * total));
        assert.equal(await ask(), first);
        // The medtuned answer for the same sentence agrees with the json answer.
        const sentence = 'She takes metformin, amlodipine and simvastatin.';
        const j = await c.chat({
          model: LLAMA,
          format: SCHEMA,
          messages: [{ role: 'user', content: `Entity types: treatment\nText: ${sentence}` }],
        });
        const kept = JSON.parse(j.message.content).entities.map((e: { text: string }) => e.text);
        const g = await c.generate({ model: MEDTUNED, prompt: medtunedPrompt(CLINICAL_INSTRUCTION, sentence), raw: true });
        assert.deepEqual(
          lines(g.response)
            .filter(([, t]) => t !== 'O')
            .map(([w]) => w),
          kept,
        );
      } finally {
        await noisy.stop();
      }
    });
  });
});
