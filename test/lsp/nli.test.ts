/**
 * NLI diagnostics and the biomedNlp/checkStatement request, end to end over stdio, with the
 * test server's oracle answering NLI prompts from the notes' NLI gold (and the premise
 * sentences that decide each label) and from clinical-nli-dev.jsonl.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { CheckStatementResult } from '../../server/src/protocol/protocol';
import { LspTestClient, waitFor } from '../support/lspClient';
import { CLINICAL_NOTES, fixtureNote, NOTES_DIR } from '../support/gold';
import { LLAMA31_MODEL, loadGoldDocuments, loadNliPairs, MEDTUNED_MODEL, OllamaTestServer, RecordedRequest } from '../support/ollamaServer';

const PROFILES = [
  { profile: 'medtuned', model: MEDTUNED_MODEL.name },
  { profile: 'json', model: LLAMA31_MODEL.name },
];
const NLI_PAIRS = path.resolve(__dirname, '../../../test/fixtures/nli/clinical-nli-dev.jsonl');

interface Published {
  uri: string;
  version?: number;
  diagnostics: {
    range: { start: { line: number; character: number }; end: { line: number; character: number } };
    severity: number;
    code: string;
    source: string;
    message: string;
    relatedInformation?: {
      location: { uri: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } };
      message: string;
    }[];
    data?: unknown;
  }[];
  /** When this client received it (performance.now()). */
  receivedAt?: number;
}

function goldFindings(name: string): { start: number; end: number; code: string }[] {
  const gold = JSON.parse(fs.readFileSync(path.join(NOTES_DIR, `${name}.nli.json`), 'utf8')) as { start: number; end: number; label: string }[];
  return gold
    .filter((g) => g.label !== 'entailment')
    .map((g) => ({ start: g.start, end: g.end, code: g.label === 'contradiction' ? 'contradiction' : 'unsupported' }))
    .sort((a, b) => a.start - b.start);
}

function isNli(r: RecordedRequest): boolean {
  return JSON.stringify(r.body).includes('Sentence 1: ');
}

/** Collects publishDiagnostics per uri; the last one counts. */
function collect(client: LspTestClient): Map<string, Published[]> {
  const all = new Map<string, Published[]>();
  client.conn.onNotification('textDocument/publishDiagnostics', (p: Published) => {
    all.set(p.uri, [...(all.get(p.uri) ?? []), { ...p, receivedAt: performance.now() }]);
  });
  return all;
}

async function settled(client: LspTestClient): Promise<void> {
  await waitFor('analysis', () => {
    const s = client.lastStatus();
    return s && (s.state === 'ready' || s.state === 'error') && s.done === s.total && s.total > 0;
  });
}

describe('LSP: NLI diagnostics and statement checks', function () {
  this.timeout(30_000);
  let server: OllamaTestServer;
  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR), nliPairs: loadNliPairs(NLI_PAIRS) });
  });
  after(async () => server.stop());

  for (const { profile, model } of PROFILES) {
    describe(`${profile} profile`, () => {
      let client: LspTestClient;
      let published: Map<string, Published[]>;
      beforeEach(async () => {
        server.script(undefined);
        client = await LspTestClient.start({ model, ollama: { host: server.url }, debounceMs: 10, retryIntervalMs: 100 });
        published = collect(client);
      });
      afterEach(async () => client.stop());

      for (const name of CLINICAL_NOTES) {
        it(`flags exactly the gold contradictions and unsupported statements of ${name}`, async () => {
          const note = fixtureNote(name);
          const uri = `file:///nli/${profile}/${note.file}`;
          await client.open(uri, note.text);
          await settled(client);
          const expected = goldFindings(name);
          const doc = TextDocument.create(uri, 'clinical-note', 1, note.text);
          const last = await waitFor('diagnostics', () => {
            const list = published.get(uri) ?? [];
            const p = list[list.length - 1];
            return p && p.diagnostics.length === expected.length && p;
          });
          assert.equal(last.version, 1);
          const got = last.diagnostics
            .map((d) => ({ start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end), code: d.code }))
            .sort((a, b) => a.start - b.start);
          assert.deepEqual(got, expected);
          const evidence = JSON.parse(fs.readFileSync(path.join(NOTES_DIR, `${name}.nli-evidence.json`), 'utf8')) as {
            hypothesis: string;
            evidence: string[];
          }[];
          for (const d of last.diagnostics) {
            assert.equal(d.source, 'biomed-nli');
            assert.equal(d.severity, d.code === 'contradiction' ? 2 : 3);
            const hypothesis = doc.getText(d.range);
            const info = d.relatedInformation ?? [];
            // No retrieval internals: why a sentence was chosen is behind "Show how this was checked".
            assert.ok(!/chosen for|shared words|concepts:|quantity:|cosine|score/i.test([d.message, ...info.map((r) => r.message)].join(' ')), d.message);
            assert.ok(d.message.startsWith(`“${hypothesis.slice(0, 20)}`), 'the message names the claim');
            if (d.code !== 'contradiction') {
              // Unsupported: how many were checked; related, the nearest one or two, none deciding it.
              assert.match(d.message, /: not supported by the note: (checked against \d+ sentences?; none decides it\.|there is no other sentence)/);
              assert.ok(info.length <= 2, JSON.stringify(info));
              assert.ok(info.every((r) => r.message === `Checked; it does not decide it: “${doc.getText(r.location.range).replace(/\s+/g, ' ')}”`));
              continue;
            }
            // Contradicted: only the contradicting sentences are related, each a gold evidence sentence.
            assert.ok(
              info.every((r) => r.message === `The evidence: “${doc.getText(r.location.range).replace(/\s+/g, ' ')}”`),
              JSON.stringify(info.map((r) => r.message)),
            );
            const related = info.map((r) => doc.getText(r.location.range));
            const gold = evidence.find((e) => e.hypothesis === hypothesis)!.evidence;
            assert.ok(related.length > 0 && related.every((r) => gold.includes(r)), `${related} are gold evidence of ${hypothesis}`);
            const line = doc.positionAt(doc.getText().indexOf(related[0])).line + 1;
            assert.ok(d.message.includes(`contradicted by the note: “${related[0].slice(0, 20)}`) && d.message.includes(`(line ${line})`), d.message);
          }
        });
      }

      it('findings are published at most every 100 ms as the answers come, not once for each, and the last publication holds them all', async () => {
        // Statements no gold knows: each is checked against the history and found unsupported,
        // one after another as the model answers.
        const history = ['He has hypertension.', 'He walks two miles daily.', 'His mother had diabetes.', 'He quit smoking in 2001.', 'He lives alone.'];
        const statements = Array.from({ length: 24 }, (_, k) => `Problem number ${k + 1} was reviewed with the family.`);
        const text = `HISTORY OF PRESENT ILLNESS:\n${history.join(' ')}\n\nASSESSMENT AND PLAN:\n${statements.join('\n')}\n`;
        server.setTiming({ firstTokenMs: 10, perTokenMs: 1 });
        try {
          const uri = `file:///nli/${profile}/many-statements.note`;
          await client.open(uri, text);
          await settled(client);
          const doc = TextDocument.create(uri, 'clinical-note', 1, text);
          const last = await waitFor('every finding published', () => {
            const list = published.get(uri) ?? [];
            const p = list[list.length - 1];
            return p && p.diagnostics.length === statements.length && p;
          });
          assert.deepEqual(
            last.diagnostics.map((d) => [doc.getText(d.range), d.code]),
            statements.map((t) => [t, 'unsupported']),
          );
          // The server's timers fire at least 100 ms apart, but each publication is built
          // asynchronously and read by a busy client, so one may arrive late and the next
          // look early (167 then 73 ms). Over any run of k gaps they must span k * 100 ms, less
          // one delivery's delay; publishing once per answer (tens of ms apart) fails that.
          const times = published.get(uri)!.map((p) => p.receivedAt!);
          const gaps = times.slice(1).map((t, i) => t - times[i]);
          const DELIVERY_SLACK_MS = 60;
          const tooFast: string[] = [];
          for (let i = 0; i < times.length; i++)
            for (let j = i + 1; j < times.length; j++)
              if (times[j] - times[i] < 100 * (j - i) - DELIVERY_SLACK_MS) tooFast.push(`${j - i} in ${(times[j] - times[i]).toFixed(0)} ms`);
          assert.ok(
            times.length > 1 && tooFast.length === 0,
            `publications ${gaps.map((g) => g.toFixed(0)).join(', ')} ms apart; too close: ${tooFast.slice(0, 5).join('; ')}`,
          );
        } finally {
          server.setTiming({ firstTokenMs: 0, perTokenMs: 0 });
        }
      });

      it('answers biomedNlp/checkStatement with the gold label of every clinical-nli-dev pair', async () => {
        const pairs = loadNliPairs(NLI_PAIRS);
        const premises = [...new Set(pairs.map((p) => p.premise))];
        for (const [i, premise] of premises.entries()) await client.open(`file:///nli/${profile}/pair-${i}.note`, premise);
        await settled(client);
        for (const pair of pairs) {
          const uri = `file:///nli/${profile}/pair-${premises.indexOf(pair.premise)}.note`;
          const result = await client.request<CheckStatementResult>('biomedNlp/checkStatement', { uri, hypothesis: pair.hypothesis });
          assert.equal(result.label, pair.label, `${pair.premise} / ${pair.hypothesis}`);
          if (pair.label !== 'neutral')
            assert.deepEqual(
              result.evidence.map((e) => e.text),
              [pair.premise],
            );
        }
      });
    });
  }

  describe('behaviour', () => {
    let client: LspTestClient;
    let published: Map<string, Published[]>;
    const note = fixtureNote('discharge-heart-failure');
    const uri = 'file:///nli/behaviour.note';
    const lastOf = (u: string) => (published.get(u) ?? []).at(-1);

    beforeEach(async () => {
      server.script(undefined);
      client = await LspTestClient.start({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 10, retryIntervalMs: 100 });
      published = collect(client);
      await client.open(uri, note.text);
      await settled(client);
      await waitFor('diagnostics', () => lastOf(uri)?.diagnostics.length === 2);
    });
    afterEach(async () => {
      server.script(undefined);
      await client.stop();
    });

    it('checks a statement against the selection only, and the selection against the rest of the note', async () => {
      const doc = TextDocument.create(uri, 'clinical-note', 1, note.text);
      const creatinine = note.text.indexOf('Creatinine rose');
      const range = { start: doc.positionAt(creatinine), end: doc.positionAt(note.text.indexOf('held.') + 5) };
      const within = await client.request<CheckStatementResult>('biomedNlp/checkStatement', { uri, hypothesis: 'His renal function is normal.', range });
      assert.equal(within.label, 'contradiction');
      assert.deepEqual(
        within.evidence.map((e) => doc.offsetAt(e.range.start)),
        [creatinine],
      );
      // A selection that holds no evidence leaves the statement unsupported.
      const bnp = note.text.indexOf('BNP was');
      const elsewhere = await client.request<CheckStatementResult>('biomedNlp/checkStatement', {
        uri,
        hypothesis: 'His renal function is normal.',
        range: { start: doc.positionAt(bnp), end: doc.positionAt(bnp + 'BNP was 2140 pg/mL.'.length) },
      });
      assert.equal(elsewhere.label, 'neutral');
      // The selected statement of the assessment, against the rest of the note.
      const statement = 'He has no history of arrhythmia.';
      const at = note.text.indexOf(statement);
      const selection = { start: doc.positionAt(at), end: doc.positionAt(at + statement.length) };
      const rest = await client.request<CheckStatementResult>('biomedNlp/checkStatement', { uri, hypothesis: statement, exclude: selection });
      assert.equal(rest.label, 'contradiction');
      assert.ok(rest.evidence.every((e) => doc.offsetAt(e.range.start) !== at));
    });

    it('an edit re-checks only the statement it changed, and never publishes a stale version', async () => {
      const before = server.generationRequests().length;
      const old = 'His renal function is normal.';
      const at = note.text.indexOf(old);
      await client.edit(uri, at, at + old.length, 'His renal function is fine.');
      await waitFor('re-check', () => server.generationRequests().slice(before).some(isNli));
      await settled(client);
      const sent = server.generationRequests().slice(before);
      const nli = sent.filter(isNli);
      assert.ok(nli.length > 0);
      assert.ok(
        nli.every((r) => JSON.stringify(r.body).includes('His renal function is fine.')),
        'only the edited statement is re-checked',
      );
      const last = await waitFor('diagnostics of version 2', () => lastOf(uri)?.version === 2 && lastOf(uri));
      // "fine" is not in the NLI gold: the oracle takes it as supported, so one finding is left.
      assert.deepEqual(
        last.diagnostics.map((d) => d.code),
        ['contradiction'],
      );
      for (const p of published.get(uri)!) assert.ok(p.version === undefined || p.version <= 2);

      // An edit outside the statements and their premises re-checks nothing: a header written
      // another way names the same section, and every sentence keeps its text. (Every other
      // sentence of a note this short may be a premise: unrelated ones are asked while there is room.)
      const mark = server.generationRequests().length;
      const meds = client.text(uri).indexOf('DISCHARGE MEDICATIONS:');
      await client.edit(uri, meds, meds + 'DISCHARGE MEDICATIONS:'.length, 'Discharge Medications:');
      await waitFor('diagnostics of version 3', () => lastOf(uri)?.version === 3);
      await settled(client);
      assert.equal(server.generationRequests().slice(mark).filter(isNli).length, 0);
      assert.equal(lastOf(uri)!.diagnostics.length, 1);
    });

    it('"Ignore this finding" hides it for that sentence text until the sentence changes', async () => {
      const diagnostics = lastOf(uri)!.diagnostics;
      const target = diagnostics.find((d) => d.message.includes('Creatinine'))!;
      const actions = await client.request<{ title: string; command: { command: string; arguments: unknown[] } }[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: target.range,
        context: { diagnostics: [target] },
      });
      const ignore = actions.find((a) => a.title === 'Ignore this finding: “His renal function is normal.”');
      assert.ok(ignore, JSON.stringify(actions));
      let kept: unknown;
      client.conn.onNotification('biomedNlp/ignoredFindings', (p) => void (kept = p));
      await client.request('workspace/executeCommand', ignore.command);
      await waitFor('republished', () => lastOf(uri)!.diagnostics.length === 1);
      assert.ok(!lastOf(uri)!.diagnostics.some((d) => d.message.includes('Creatinine')));
      await waitFor('the client is told what to keep', () => kept);
      assert.deepEqual(kept, { ignored: { [uri]: ['His renal function is normal.'] } });

      // The same sentence text stays ignored; a changed sentence is checked again (the
      // oracle knows only the gold sentence: a script plays the model for the new one).
      server.script((req) =>
        isNli(req) && JSON.stringify(req.body).includes('entirely normal') && JSON.stringify(req.body).includes('Creatinine rose')
          ? { kind: 'text', text: 'Contradiction' }
          : undefined,
      );
      const at = note.text.indexOf('His renal function is normal.');
      await client.edit(uri, at + 'His renal function is '.length, at + 'His renal function is normal'.length, 'entirely normal');
      await settled(client);
      await waitFor('the changed sentence is flagged again', () => lastOf(uri)?.version === 2 && lastOf(uri)!.diagnostics.length === 2);
    });

    it('"Show how this was checked": a code action whose request lists every premise, its verdict and why it was chosen', async () => {
      const doc = TextDocument.create(uri, 'clinical-note', 1, note.text);
      const target = lastOf(uri)!.diagnostics.find((d) => doc.getText(d.range) === 'His renal function is normal.')!;
      const actions = await client.request<{ title: string; command: { command: string; arguments: unknown[] } }[]>('textDocument/codeAction', {
        textDocument: { uri },
        range: target.range,
        context: { diagnostics: [target] },
      });
      const show = actions.find((a) => a.title === 'Show how this was checked');
      assert.ok(show, JSON.stringify(actions));
      // A client command (it opens a read-only view); its arguments name the statement.
      assert.deepEqual(show.command, {
        title: 'Show how this was checked',
        command: 'biomedNlp.showNliCheck',
        arguments: [uri, 'His renal function is normal.'],
      });
      const answer = await client.request<{ text: string } | null>('biomedNlp/nliCheck', { uri, sentence: 'His renal function is normal.' });
      assert.ok(answer);
      const { text } = answer;
      const line = (needle: string) => doc.positionAt(note.text.indexOf(needle)).line + 1;
      assert.ok(text.includes(`Statement (line ${line('His renal function')}): “His renal function is normal.”`), text);
      assert.ok(text.includes('Verdict: contradicted by the note'), text);
      // One numbered entry per premise, each with its line, its verdict and why retrieval chose it.
      const entries = [...text.matchAll(/^\d+\. line (\d+): “(.+)”\n {3}verdict: (.+)\n {3}chosen for: (.+)$/gm)];
      const count = [...text.matchAll(/\((\d+) sentences?\):$/gm)].reduce((n, m) => n + Number(m[1]), 0);
      assert.ok(count >= 2 && entries.length === count, text);
      for (const [, l, sentence, verdict, why] of entries) {
        assert.equal(Number(l), line(sentence.slice(0, 30)), sentence);
        // Each verdict with why it decides or not.
        assert.match(verdict, /^(contradicts the statement|supports the statement|does not decide it|no usable answer): \S/);
        assert.ok(why.length > 0 && !why.startsWith('not recorded'), why);
        // Retrieval's numbers only with verbose tracing: a cosine means nothing to a clinician.
        assert.doesNotMatch(why, /score|cosine/, why);
      }
      const creatinine = entries.find((e) => e[2].startsWith('Creatinine rose from 1.6 to 2.1 mg/dL'));
      assert.ok(creatinine, text);
      assert.equal(creatinine[3], 'contradicts the statement: a contradiction decides the verdict');
      assert.match(creatinine[4], /creatinine/);
      // The deciding sentence comes first, under its own heading; the others after it.
      assert.ok(
        text.indexOf('Deciding (') < text.indexOf('Creatinine rose') && text.indexOf('Creatinine rose') < text.indexOf('Also checked, not deciding'),
        text,
      );
      // A sentence that is no statement of the note has nothing to show.
      assert.equal(await client.request('biomedNlp/nliCheck', { uri, sentence: 'Not in the note.' }), null);
    });

    it('why each premise was chosen is logged only with verbose tracing', async () => {
      // Off by default: the first server's log says nothing of premises.
      assert.ok(!client.logs.some((l) => l.includes('chosen for')), client.logs.join('\n'));
      await client.stop();
      client = await LspTestClient.start({
        model: MEDTUNED_MODEL.name,
        ollama: { host: server.url },
        debounceMs: 10,
        retryIntervalMs: 100,
        trace: { server: 'verbose' },
      });
      published = collect(client);
      await client.open(uri, note.text);
      await settled(client);
      await waitFor('diagnostics', () => lastOf(uri)?.diagnostics.length === 2);
      const logged = await waitFor('the premises in the log', () =>
        client.logs.find((l) => l.includes('[nli]') && l.includes('His renal function is normal.')),
      );
      assert.match(logged, /contradicted by the note; premises: .*line \d+ contradiction \(chosen for .*creatinine/i);
    });

    it("with verbose tracing the account shows retrieval's scores, asked for as a request or run as a command alike", async () => {
      const sentence = 'His renal function is normal.';
      const plain = await client.request<{ text: string } | null>('biomedNlp/nliCheck', { uri, sentence });
      assert.ok(plain && !/\(score /.test(plain.text), plain?.text);
      await client.changeSettings({ ...client.settings, trace: { server: 'verbose' } });
      // The request of Biomed NLP's client, once the server has read the new settings...
      const answer = await waitFor('the account with scores', async () => {
        const a = await client.request<{ text: string } | null>('biomedNlp/nliCheck', { uri, sentence });
        return a && /\(score /.test(a.text) && a;
      });
      assert.match(answer.text, /chosen for: .*creatinine.*\(score \d+\.\d\d\)/, answer.text);
      // ...and the command another client sends, answered as a message: the same account.
      await client.request('workspace/executeCommand', { command: 'biomedNlp.showNliCheck', arguments: [uri, sentence] });
      const shown = await waitFor('the account as a message', () => client.messages.find((m) => m.message.startsWith('How this statement was checked')));
      assert.equal(shown.message, answer.text);
    });

    it('severities follow the settings', async () => {
      await client.changeSettings({ ...client.settings, nli: { severity: { contradiction: 'error', unsupported: 'hint' } } });
      const progress = fixtureNote('progress-diabetes-ckd');
      const other = 'file:///nli/severity.note';
      await client.open(other, progress.text);
      await settled(client);
      const last = await waitFor('diagnostics', () => lastOf(other)?.diagnostics.length === 2 && lastOf(other));
      const byCode = Object.fromEntries(last.diagnostics.map((d) => [d.code, d.severity]));
      assert.deepEqual(byCode, { contradiction: 1, unsupported: 4 });
    });

    it('failed checks leave no diagnostic for their statements and say so; retry recovers', async () => {
      // A server of its own, with a cache that has not seen this note.
      await client.stop();
      client = await LspTestClient.start({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 10, retryIntervalMs: 100 });
      published = collect(client);
      server.script((req) =>
        isNli(req) && JSON.stringify(req.body).includes('arrhythmia') ? { kind: 'http-error', status: 500, error: 'runner crashed' } : undefined,
      );
      const other = 'file:///nli/failing.note';
      await client.open(other, note.text);
      await waitFor('error state', () => client.lastStatus()?.state === 'error' && /NLI checks failed/.test(client.lastStatus()!.message!));
      const last = await waitFor('diagnostics', () => lastOf(other));
      assert.ok(!last.diagnostics.some((d) => TextDocument.create(other, 'x', 1, note.text).getText(d.range).includes('arrhythmia')));
      assert.ok(last.diagnostics.length <= 1);
      server.script(undefined);
      await client.request('biomedNlp/retry');
      await waitFor('both findings', () => lastOf(other)?.diagnostics.length === 2);
    });
  });
});
