/**
 * The one message `--engine auto` (the default) gives when nothing can serve: what was
 * tried, then the three ways forward (engine/models/waysForward.ts) as commands that rerun
 * this very command line with other model flags, and a fourth way to see it work with no
 * model: the bundled examples with their recorded answers (--engine recorded).
 */
import * as path from 'node:path';
import { EngineConfig, modelFiles } from '../engine';

const { defaultModel, formatWaysForward } = modelFiles;

/** The flags that choose the model server: dropped from a rerun that names its own. */
const SERVER_FLAGS = new Set(['--engine', '--host', '--base-url', '--model-path', '--model']);
const SERVER_SWITCHES = new Set(['--download']);

/** A word as a POSIX shell reads it back. */
function shellWord(s: string): string {
  return /^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** How this process was started: `biomed` from the path, or `node dist/cli.js` as the README runs it. */
export function programName(argv: readonly string[] = process.argv): string {
  const script = argv[1] ?? '';
  return path.basename(script) === 'cli.js' ? `node ${shellWord(path.relative(process.cwd(), script) || script)}` : 'biomed';
}

/**
 * `args` again (the command line after the program): as they were (`flags` empty), or
 * without the flags that choose a server and with `flags` instead.
 */
export function rerunCommand(program: string, args: readonly string[], flags: string): string {
  const kept: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const name = a.split('=')[0];
    if (flags && SERVER_SWITCHES.has(a)) continue;
    if (flags && SERVER_FLAGS.has(name)) {
      if (!a.includes('=')) i++;
      continue;
    }
    kept.push(shellWord(a));
  }
  return [program, ...kept, ...(flags ? [flags] : [])].join(' ');
}

/**
 * What `--engine auto` tried, and the ways forward. `reason`: the last server's own words
 * ("Ollama is not reachable at … (ECONNREFUSED). Is it running?"); `argv`: the process's.
 */
export function noModelMessage(config: EngineConfig, reason: string, argv: readonly string[] = process.argv, env: NodeJS.ProcessEnv = process.env): string {
  const said = reason.replace(/\.?( Is it running\?)?$/, '');
  const openai = !config.openai.baseUrl
    ? 'no OpenAI-compatible server is configured (--base-url or $BIOMED_OPENAI_BASE_URL)'
    : said.startsWith('The OpenAI-compatible')
      ? `t${said.slice(1)}`
      : `the OpenAI-compatible server does not answer at ${config.openai.baseUrl}`;
  const tried = [
    said.startsWith('Ollama') ? said : `Ollama does not answer at ${config.ollama.host}`,
    openai,
    config.embedded.modelPath
      ? `the embedded engine cannot use ${config.embedded.modelPath}`
      : `the embedded engine has no model in ${defaultModel(env).folder}`,
  ];
  const program = programName(argv);
  const args = argv.slice(2);
  const ways = formatWaysForward({
    model: config.model,
    cacheDir: defaultModel(env).folder,
    // Ollama's way reruns the command as it was; the others name their engine instead.
    rerun: (way, flags) => rerunCommand(program, args, way === 'ollama' ? '' : flags),
  });
  // Before any download: the bundled examples with their recorded answers show what the model would do.
  const look = `Or see it on the bundled examples first, no model: ${program} annotate examples/ --out annotated/ --engine recorded (recorded answers).`;
  return [`no model to run (--engine auto): ${tried.join('; ')}.`, 'Three ways forward:', ways, look].join('\n');
}

/**
 * A server that answers but lacks the model: its own words, then the
 * two ways on from the command line: pull that model, or name one the server has with
 * --model. `installed`: the models the server lists (empty when it listed none or could not).
 */
export function missingModelMessage(reason: string, serving: { engine: string; model: string }, installed: readonly string[]): string {
  const lines = [reason.replace(/\s*Run: ollama pull \S+$/, '')];
  if (serving.engine === 'ollama') lines.push(`  ${'Pull it:'.padEnd(24)}ollama pull ${shellWord(serving.model)}   (then run this command again)`);
  const some = installed.slice(0, 8).join(', ') + (installed.length > 8 ? `, … (${installed.length} in all)` : '');
  const where = serving.engine === 'ollama' ? 'Ollama has' : 'the server serves';
  lines.push(
    `  ${'Or use a model it has:'.padEnd(24)}--model NAME${installed.length > 0 ? `   (${where}: ${some})` : serving.engine === 'ollama' ? '   (ollama list shows them)' : ''}`,
  );
  return lines.join('\n');
}
