/** `biomed` usage: help, unknown commands and flags, exit codes (dist/cli.js as a child process). */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadGoldDocuments, OllamaTestServer } from '../support/ollamaServer';
import { NCBI, NLI_PAIRS, NOTES, biomed, cliSuite, show, tmpDir } from '../support/cliSuite';

describe('CLI: usage', function () {
  cliSuite();
  this.timeout(30_000);
  let server: OllamaTestServer;
  before(async () => {
    server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES) });
  });
  after(async () => server.stop());

  it('--help prints the commands and exits 0; no command at all exits 2 with the same help', async () => {
    const r = await biomed(['--help']);
    assert.equal(r.code, 0, show(r));
    assert.match(r.stdout, /Usage: biomed <command>/);
    for (const c of ['annotate', 'eval', 'instructions', 'modelfile']) assert.match(r.stdout, new RegExp(`^\\s+${c}\\s`, 'm'));
    // Every engine is named, not only Ollama.
    assert.match(r.stdout, /OpenAI-compatible/);
    assert.match(r.stdout, /--model-path/);
    assert.match(r.stdout, /--engine chooses, and its default, auto, tries them in that order/);
    const none = await biomed([]);
    assert.equal(none.code, 2, show(none));
    assert.match(none.stdout, /Usage: biomed <command>/);
  });

  const subcommands: [string[], RegExp][] = [
    [['annotate', '--help'], /^Usage: biomed annotate <files or folders\.\.\.> --out/m],
    [['annotate', '-h'], /^Usage: biomed annotate/m],
    [['eval', '--help'], /^Usage: biomed eval ner <corpus> --format/m],
    [['eval', 'ner', '--help'], /^Usage: biomed eval ner/m],
    [['eval', 're', '--help'], /biomed eval re <chemprot\.jsonl \| brat folder>/],
    [['eval', 'nli', '--help'], /biomed eval nli <pairs\.jsonl>/],
    [['instructions', '--help'], /^Usage: biomed instructions <corpus\.\.\.> --task ner\|re\|nli/m],
    [['modelfile', '--help'], /^Usage: biomed modelfile --gguf <path>/m],
  ];
  for (const [args, usage] of subcommands) {
    it(`biomed ${args.join(' ')} prints its usage and exits 0`, async () => {
      const r = await biomed(args);
      assert.equal(r.code, 0, show(r));
      assert.match(r.stdout, usage);
      assert.equal(r.stderr, '');
    });
  }

  it('--version and -V print `biomed` and the package.json version, exit 0', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-V']) {
      const r = await biomed([flag]);
      assert.equal(r.code, 0, show(r));
      assert.equal(r.stdout, `biomed ${version}\n`);
    }
  });

  it('an unknown command exits 2 and says to run --help', async () => {
    const r = await biomed(['annotat', 'x']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /Unknown command "annotat"/);
    assert.match(r.stderr, /biomed --help/);
  });

  it('an unknown option and an unknown evaluation exit 2', async () => {
    const r = await biomed(['annotate', NOTES, '--out', tmpDir(), '--colour']);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /--colour/);
    const e = await biomed(['eval', 'pos', NCBI]);
    assert.equal(e.code, 2, show(e));
    assert.match(e.stderr, /Unknown evaluation "pos": use ner, re or nli/);
  });

  const missing: { name: string; args: () => string[]; says: RegExp; help: string }[] = [
    {
      name: 'annotate without --out',
      args: () => ['annotate', NOTES, '--host', server.url],
      says: /--out is required: a folder \(one output per note\) or a file/,
      help: 'biomed annotate --help',
    },
    {
      name: 'annotate without inputs',
      args: () => ['annotate', '--out', tmpDir(), '--host', server.url],
      says: /Give at least one file or folder/,
      help: 'biomed annotate --help',
    },
    {
      name: 'eval ner without --format',
      args: () => ['eval', 'ner', NCBI, '--host', server.url],
      says: /needs --format pubtator, iob or brat/,
      help: 'biomed eval --help',
    },
    {
      name: 'instructions without --task',
      args: () => ['instructions', NCBI, '--out', path.join(tmpDir(), 'x.jsonl')],
      says: /--task is required: ner, re or nli/,
      help: 'biomed instructions --help',
    },
    {
      name: 'instructions without --out',
      args: () => ['instructions', NCBI, '--task', 'ner'],
      says: /--out is required/,
      help: 'biomed instructions --help',
    },
    { name: 'modelfile without --gguf', args: () => ['modelfile'], says: /--gguf is required: the path of the model file/, help: 'biomed modelfile --help' },
  ];
  for (const m of missing) {
    it(`${m.name} exits 2 and says what to do`, async () => {
      const before = server.generationRequests().length;
      const r = await biomed(m.args());
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, m.says);
      assert.ok(r.stderr.includes(`Run "${m.help}" for usage.`), show(r));
      assert.equal(r.stdout, '');
      assert.equal(server.generationRequests().length, before, 'no model request for a usage error');
    });
  }

  it('a bad option value exits 2 naming the option', async () => {
    const r = await biomed(['annotate', NOTES, '--out', tmpDir(), '--format', 'xml', '--host', server.url]);
    assert.equal(r.code, 2, show(r));
    assert.match(r.stderr, /--format must be one of json, bioc, brat, pubtator, csv \(got "xml"\)/);
    const t = await biomed(['annotate', NOTES, '--out', tmpDir(), '--types', 'problem,organ', '--host', server.url]);
    assert.equal(t.code, 2, show(t));
    assert.match(t.stderr, /--types takes a comma-separated list of/);
  });

  it('--instruction-variant outside 1-5 is a usage error for annotate and eval; all is one for annotate', async () => {
    const before = server.generationRequests().length;
    const cases: [string[], RegExp][] = [];
    for (const bad of ['0', '6', '2.5', 'first']) {
      cases.push([['annotate', NOTES, '--out', tmpDir(), '--instruction-variant', bad], /--instruction-variant must be a whole number from 1 to 5/]);
      cases.push([['eval', 'nli', NLI_PAIRS, '--instruction-variant', bad], /--instruction-variant must be a whole number from 1 to 5/]);
      cases.push([['eval', 'ner', NCBI, '--format', 'pubtator', '--instruction-variant', bad], /--instruction-variant must be a whole number from 1 to 5/]);
    }
    cases.push([
      ['annotate', NOTES, '--out', tmpDir(), '--instruction-variant', 'all'],
      /--instruction-variant all scores every variant and is for biomed eval/,
    ]);
    cases.push([['annotate', NOTES, '--out', tmpDir(), '--untrained-kinds', 'ask'], /--untrained-kinds must be one of skip, json-prompt \(got "ask"\)/]);
    cases.push([['eval', 'nli', NLI_PAIRS, '--untrained-kinds', 'skip'], /--untrained-kinds/]);
    for (const [args, says] of cases) {
      const r = await biomed([...args, '--host', server.url]);
      assert.equal(r.code, 2, `${args.join(' ')}\n${show(r)}`);
      assert.match(r.stderr, says, args.join(' '));
      assert.equal(r.stdout, '');
    }
    assert.equal(server.generationRequests().length, before, 'no model request for a usage error');
  });

  it('the help of annotate and eval says what --instruction-variant and --untrained-kinds do', async () => {
    const a = await biomed(['annotate', '--help']);
    assert.match(a.stdout, /--instruction-variant N\n\s+medtuned profile: ask with variant N \(1-5\) of the training instructions/);
    assert.match(a.stdout, /--untrained-kinds K\s+skip \| json-prompt \(default skip\)/);
    assert.match(a.stdout, /chemical-disease, gene-disease, chemical-gene/);
    assert.match(a.stdout, /marked untrained/);
    const e = await biomed(['eval', '--help']);
    assert.match(e.stdout, /--instruction-variant N\|all/);
    assert.match(e.stdout, /sample standard deviation \(n - 1\)/);
    assert.doesNotMatch(e.stdout, /--untrained-kinds/);
  });

  for (const cmd of [
    ['annotate', NOTES, '--out', '<tmp>'],
    ['eval', 'nli', NLI_PAIRS],
    ['eval', 'ner', NCBI, '--format', 'pubtator'],
  ]) {
    it(`a host that is not this machine is refused (${cmd.slice(0, 2).join(' ')}): exit 2, protected health information, --allow-remote-host`, async () => {
      const out = tmpDir();
      const args = cmd.map((a) => (a === '<tmp>' ? out : a));
      const r = await biomed([...args, '--host', 'http://10.20.30.40:11434']);
      assert.equal(r.code, 2, show(r));
      assert.match(r.stderr, /protected health information/);
      assert.match(r.stderr, /--allow-remote-host/);
      assert.doesNotMatch(r.stderr, /biomedNlp\.allowRemoteHost/, 'the message names the command-line option, not the editor setting');
      assert.deepEqual(fs.readdirSync(out), []);
    });
  }
});
