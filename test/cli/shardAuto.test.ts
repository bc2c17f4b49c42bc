/**
 * `biomed annotate --shard auto` through dist/cli.js against the Ollama-protocol test server:
 * K/N from a Slurm array task's or a Kubernetes Indexed Job's environment, said on stderr;
 * the tasks of an array split a corpus with every document in exactly one shard; a task
 * killed mid-run and run again finishes what it left without asking again for what it wrote;
 * environments that give no shard are usage errors that say why. The how-to's job files are
 * checked as far as this machine allows (no Slurm, no Kubernetes): the script's syntax and
 * the settings that make `--shard auto` work.
 */
import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLI, cliSandbox, CliResult, filesBelow, ROOT, runCli, showResult } from '../support/cli';
import { GoldDocument, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { shortDocuments } from '../support/shortDocuments';

const JOBS = path.join(ROOT, 'docs', 'how-to', 'cluster');

describe('biomed annotate --shard auto (Slurm array tasks, Kubernetes Indexed Jobs)', function () {
  this.timeout(60_000);
  const docs = shortDocuments(60);
  let server: OllamaTestServer;
  const { tmp, state } = cliSandbox('biomed-shard-auto-');
  const model = ['--no-relations', '--no-nli', '--model', MEDTUNED_MODEL.name];
  const outputIds = (dir: string) => filesBelow(dir).map((f) => f.replace(/\.json$/, ''));

  before(async function () {
    this.timeout(120_000);
    server = await OllamaTestServer.start({ gold: docs });
  });
  afterEach(() => server.setTiming({ firstTokenMs: 0, perTokenMs: 0 }));
  after(async () => {
    await server.stop();
  });

  function corpus(list: GoldDocument[]): string {
    const file = path.join(tmp(), 'corpus.jsonl');
    fs.writeFileSync(file, list.map((d) => `${JSON.stringify({ id: d.name, text: d.text })}\n`).join(''));
    return file;
  }

  const annotate = (lines: string, out: string, env: Record<string, string>): Promise<CliResult> =>
    runCli(['annotate', lines, '--out', out, '--shard', 'auto', '--host', server.url, ...model], { env: { BIOMED_STATE_DIR: state(), ...env } });

  /** Every document in exactly one of `shards`. */
  function assertPartition(shards: string[][], all: string[]): void {
    const seen = shards.flat();
    assert.equal(seen.length, new Set(seen).size, 'a document is in two shards');
    assert.deepEqual([...seen].sort(), [...all].sort());
    for (const [i, s] of shards.entries()) assert.ok(s.length > 0, `shard ${i + 1} is empty`);
  }

  it('a Slurm array of 4 tasks, --array=1-4: each task takes shard ID-MIN+1 of 4, says so, and the shards split the corpus', async () => {
    const lines = corpus(docs.slice(0, 40));
    const shards: string[][] = [];
    for (const id of [1, 2, 3, 4]) {
      const out = tmp();
      const r = await annotate(lines, out, {
        SLURM_ARRAY_TASK_ID: String(id),
        SLURM_ARRAY_TASK_MIN: '1',
        SLURM_ARRAY_TASK_COUNT: '4',
        SLURM_ARRAY_TASK_MAX: '4',
      });
      assert.equal(r.code, 0, showResult(r));
      assert.ok(
        r.stderr.includes(
          `--shard auto: shard ${id}/4, from the Slurm array task (SLURM_ARRAY_TASK_ID=${id}, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=4).`,
        ),
        r.stderr,
      );
      shards.push(outputIds(out));
      assert.ok(
        r.stdout.includes(`Shard ${id}/4: ${shards[id - 1].length} documents in this shard, ${40 - shards[id - 1].length} left to the other shards.`),
        r.stdout,
      );
    }
    assertPartition(
      shards,
      docs.slice(0, 40).map((d) => d.name),
    );
  });

  it('the same split as --shard K/N: a Slurm array with a step (--array=0-6:2) and a Kubernetes Indexed Job of 4 completions', async () => {
    const lines = corpus(docs.slice(0, 24));
    const byFlag: string[][] = [];
    for (const k of [1, 2, 3, 4]) {
      const out = tmp();
      const r = await runCli(['annotate', lines, '--out', out, '--shard', `${k}/4`, '--host', server.url, ...model], { env: { BIOMED_STATE_DIR: state() } });
      assert.equal(r.code, 0, showResult(r));
      byFlag.push(outputIds(out));
    }
    for (const k of [1, 2, 3, 4]) {
      const slurm = tmp();
      const s = await annotate(lines, slurm, {
        SLURM_ARRAY_TASK_ID: String((k - 1) * 2),
        SLURM_ARRAY_TASK_MIN: '0',
        SLURM_ARRAY_TASK_STEP: '2',
        SLURM_ARRAY_TASK_COUNT: '4',
      });
      assert.equal(s.code, 0, showResult(s));
      assert.match(s.stderr, new RegExp(`--shard auto: shard ${k}/4, from the Slurm array task \\(.*SLURM_ARRAY_TASK_STEP=2\\)`));
      assert.deepEqual(outputIds(slurm), byFlag[k - 1], `Slurm task ${(k - 1) * 2}`);
      const kube = tmp();
      const j = await annotate(lines, kube, { JOB_COMPLETION_INDEX: String(k - 1), BIOMED_SHARD_COUNT: '4' });
      assert.equal(j.code, 0, showResult(j));
      assert.ok(
        j.stderr.includes(`--shard auto: shard ${k}/4, from the Kubernetes Indexed Job (JOB_COMPLETION_INDEX=${k - 1}, BIOMED_SHARD_COUNT=4).`),
        j.stderr,
      );
      assert.deepEqual(outputIds(kube), byFlag[k - 1], `completion index ${k - 1}`);
    }
  });

  it('environments that give no shard: exit 2, nothing asked, and a message that says what is missing', async () => {
    const lines = corpus(docs.slice(0, 3));
    const before = server.generationRequests().length;
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /none is set here: give --shard K\/N/],
      [{ JOB_COMPLETION_INDEX: '2' }, /JOB_COMPLETION_INDEX is 2, and BIOMED_SHARD_COUNT is not set: set BIOMED_SHARD_COUNT in the job file/],
      [{ JOB_COMPLETION_INDEX: '3', BIOMED_SHARD_COUNT: '3' }, /BIOMED_SHARD_COUNT is 3/],
      // --array=1,4,9: IDs not evenly spaced.
      [
        { SLURM_ARRAY_TASK_ID: '4', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_COUNT: '3' },
        /index does not give a shard \(SLURM_ARRAY_TASK_ID=4, SLURM_ARRAY_TASK_MIN=1, SLURM_ARRAY_TASK_COUNT=3\)/,
      ],
      [{ SLURM_ARRAY_TASK_ID: '0' }, /SLURM_ARRAY_TASK_COUNT=\(not set\)/],
      [{ SLURM_ARRAY_TASK_ID: 'x' }, /SLURM_ARRAY_TASK_ID is "x", not a whole number/],
    ];
    for (const [env, message] of cases) {
      const r = await annotate(lines, tmp(), env);
      assert.equal(r.code, 2, `${JSON.stringify(env)}\n${showResult(r)}`);
      assert.match(r.stderr, message);
    }
    assert.equal(server.generationRequests().length, before);
  });

  it('a task killed mid-run and run again finishes its shard, asking only for what it had not written', async () => {
    const list = docs.slice(0, 60);
    const lines = corpus(list);
    const out = tmp();
    const env = { SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_COUNT: '2' };
    // The whole shard, for comparison.
    const whole = tmp();
    const complete = await annotate(lines, whole, env);
    assert.equal(complete.code, 0, showResult(complete));
    const shard = outputIds(whole);
    server.setTiming({ firstTokenMs: 0, perTokenMs: 15 });
    const child = spawn(process.execPath, [CLI, 'annotate', lines, '--out', out, '--shard', 'auto', '--concurrency', '2', '--host', server.url, ...model], {
      cwd: ROOT,
      env: { ...process.env, BIOMED_STATE_DIR: state(), CI: '', ...env },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('close', resolve));
    const deadline = Date.now() + 30_000;
    // Written documents only: a temporary file (.name.json.NNN.tmp) is not one, and counting it let the kill come one document early.
    const written = () => outputIds(out).filter((f) => !path.basename(f).startsWith('.'));
    while (written().length < 4 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await exited;
    const left = written();
    assert.ok(left.length >= 4 && left.length < shard.length, `${left.length} of ${shard.length} written before the kill`);
    server.setTiming({ firstTokenMs: 0, perTokenMs: 0 });
    const before = server.generationRequests().length;
    const rerun = await annotate(lines, out, env);
    assert.equal(rerun.code, 0, showResult(rerun));
    assert.deepEqual(outputIds(out), shard, 'every document of the shard, once');
    const asked = server.generationRequests().length - before;
    assert.ok(asked <= shard.length - left.length + 2 && asked >= shard.length - left.length - 2, `${asked} asked for ${shard.length - left.length} missing`);
    for (const id of shard)
      assert.deepEqual(
        JSON.parse(fs.readFileSync(path.join(out, `${id}.json`), 'utf8')),
        JSON.parse(fs.readFileSync(path.join(whole, `${id}.json`), 'utf8')),
        id,
      );
  });

  describe("the scale-out how-to's job files", () => {
    it('the Slurm array script: valid bash, an array whose tasks run --shard auto, a model service it waits for', () => {
      const script = fs.readFileSync(path.join(JOBS, 'biomed-array.sbatch'), 'utf8');
      execFileSync('bash', ['-n', path.join(JOBS, 'biomed-array.sbatch')]);
      assert.match(script, /^#SBATCH --array=\d+-\d+/m);
      assert.match(script, /biomed annotate .*--shard auto/);
      assert.match(script, /llama-server|vllm serve/);
    });

    it('the Kubernetes Indexed Job: completionMode Indexed, BIOMED_SHARD_COUNT equal to its completions, --shard auto', () => {
      const job = fs.readFileSync(path.join(JOBS, 'biomed-indexed-job.yaml'), 'utf8');
      assert.match(job, /^\s*completionMode: Indexed$/m);
      const completions = /^\s*completions: (\d+)$/m.exec(job)?.[1];
      assert.ok(completions, 'completions');
      assert.match(job, new RegExp(`- name: BIOMED_SHARD_COUNT\\s*\\n\\s*value: "${completions}"`));
      assert.match(job, /--shard auto/);
      assert.match(job, /vllm|llama-server/);
    });
  });
});
