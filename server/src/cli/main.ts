/**
 * `biomed`: the engine of the language server over whole corpora. Exit codes: 0 success,
 * 1 some documents or items failed (or the model server is not usable), 2 usage error.
 */
import { agreement } from './agreement';
import { annotate } from './annotate';
import { UsageError } from './args';
import { failureMessage } from './bugs';
import { deidCommand } from './deid';
import { evaluate } from './evaluate';
import { exportCorpus } from './export';
import { find } from './find';
import { instructions } from './instructions';
import { lsp } from './lsp';
import { modelfile } from './modelfile';
import { report } from './report';
import { versionLine } from './version';
import { vocab } from './vocab';

const HELP = `Usage: biomed <command> [options]

Commands:
  agreement      compare two annotators' BRAT folders: entity P/R/F1 and Cohen's kappa
  annotate       annotate notes with entities, relations and NLI findings
  deid           write de-identified copies of notes: PHI as tags or as surrogates
  eval           measure a served model: eval ner | eval re | eval nli; the assertion
                 rules without a model: eval assertion
  export         export a curated folder (.ann beside each note) as BioC JSON or PubTator
  find           find a concept's or a name's mentions in annotated output or notes,
                 counted by assertion status (text, JSON or CSV)
  instructions   build instruction-tuning data from annotated corpora
  lsp            run the language server over stdio (lsp --stdio), for Neovim, Emacs, Helix...
  modelfile      print an Ollama Modelfile for a fine-tuned GGUF
  report         an HTML report of annotate's output: counts, concepts, sections, notes
  vocab          build a vocabulary index (.vocab) for concept linking: vocab build

Run biomed <command> --help for its options, biomed --version (-V) for the version.
The model is served by Ollama (--host, default $OLLAMA_HOST or
http://127.0.0.1:11434), an OpenAI-compatible server (--base-url), or llama.cpp in
this process on a GGUF file (--model-path);
--engine chooses, and its default, auto, tries them in that order (with none of
them it says how to get one).`;

const COMMANDS: Record<string, (argv: string[]) => number | Promise<number>> = {
  agreement,
  annotate,
  deid: deidCommand,
  eval: evaluate,
  export: exportCorpus,
  find,
  instructions,
  lsp,
  modelfile,
  report,
  vocab,
};

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '-h' || command === '--help') {
    console.log(HELP);
    return command ? 0 : 2;
  }
  if (command === '--version' || command === '-V') {
    console.log(versionLine());
    return 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  try {
    if (!run) throw new UsageError(`Unknown command "${command}".`, HELP);
    return await run(rest);
  } catch (err) {
    if (err instanceof UsageError) {
      console.error(`biomed ${command}: ${err.message}`);
      console.error(`Run "biomed ${run !== undefined ? `${command} ` : ''}--help" for usage.`);
      return 2;
    }
    // A bug is said to be one, its stack logged (bugs.ts); anything else by its own message.
    console.error(`biomed ${command}: ${failureMessage(`biomed ${command}`, err)}`);
    return 1;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
