/**
 * `biomed annotate --vocab FILE.vocab[=type,type]`: the vocabularies that link the entities
 * of each document (engine/linking/documentLinks.ts), opened once for the run. Without
 * `=types` a vocabulary links every entity; with them, only entities of those types. Given
 * several times, an entity takes the first vocabulary (in the order given) that has its name,
 * else the first approximate match (engine/linking/documentLinks.ts).
 */
import * as fs from 'node:fs';
import { ENTITY_TYPES, isEntityType, linking } from '../engine';
import { ANNOTATE_HELP } from './annotateHelp';
import { UsageError } from './args';
import type { CliEngine } from './engineOptions';

const { chooseWithModel, Linker, linkEntities, openVocabulary, VocabFileError } = linking;
type EntityLinker = linking.EntityLinker;
type Vocabulary = linking.Vocabulary;

/** `FILE=types` splits at the last `=` followed by a list of words; a file name may hold `=` too. */
export function parseVocabSpec(spec: string): { file: string; types?: string[] } {
  const m = /^(.*)=([A-Za-z]+(?:,[A-Za-z]+)*)$/.exec(spec);
  if (!m || fs.existsSync(spec)) return { file: spec };
  const types = m[2].split(',').map((t) => t.toLowerCase());
  const wrong = types.filter((t) => !isEntityType(t));
  if (wrong.length > 0)
    throw new UsageError(
      `--vocab ${spec}: ${wrong.join(', ')} ${wrong.length === 1 ? 'is not an entity type' : 'are not entity types'} (${ENTITY_TYPES.join(', ')})`,
      ANNOTATE_HELP,
    );
  return { file: m[1], types };
}

export interface AnnotateLinking {
  /** Links the entities of one document in place; `choose`: --model-choice's chooser. */
  link(doc: Parameters<typeof linkEntities>[0], choose?: Parameters<typeof linkEntities>[2]): Promise<void>;
  close(): void;
}

/** Opens the vocabularies of --vocab (a usage error names a missing or unreadable one); undefined without any. */
export function openLinking(specs: readonly string[] | undefined): AnnotateLinking | undefined {
  if (!specs || specs.length === 0) return undefined;
  const opened: Vocabulary[] = [];
  const linkers: EntityLinker[] = [];
  try {
    for (const spec of specs) {
      const { file, types } = parseVocabSpec(spec);
      if (!fs.existsSync(file)) throw new UsageError(`--vocab: no such vocabulary: ${file}`, ANNOTATE_HELP);
      let vocabulary: Vocabulary;
      try {
        vocabulary = openVocabulary(file);
      } catch (err) {
        // Not a .vocab index (or one built with other name keys): say so, and how to make one.
        if (err instanceof VocabFileError) throw new UsageError(`--vocab ${file}: ${err.message} (build one with biomed vocab build)`, ANNOTATE_HELP);
        throw err;
      }
      opened.push(vocabulary);
      linkers.push({ linker: new Linker(vocabulary), types });
    }
  } catch (err) {
    for (const v of opened) v.close();
    throw err;
  }
  return {
    link: (doc, choose) => linkEntities(doc, linkers, choose),
    close: () => opened.forEach((v) => v.close()),
  };
}

/** What --model-choice did over a run: the counts of chooseWithModel, summed. */
export interface ModelChoiceCounts {
  asked: number;
  changed: number;
  none: number;
  unreadable: number;
  failed: number;
}

/**
 * --model-choice: the model (json layout) chooses among the candidates of the links the sieve
 * is least sure of, in each document; a usage error without --vocab or under a layout whose
 * model is never asked (medtuned).
 */
export function modelChooser(
  setup: CliEngine,
  linking: AnnotateLinking | undefined,
): { choose: Parameters<typeof linkEntities>[2]; counts: ModelChoiceCounts } {
  if (!linking) throw new UsageError('--model-choice chooses among the candidates of --vocab: give a vocabulary too.', ANNOTATE_HELP);
  const ask = setup.engine.linkChooser(setup.profile);
  if (!ask)
    throw new UsageError(
      `--model-choice asks a general instruction model in the json layout (--profile json); the ${setup.profile.name} layout's model was not trained on linking, so it is never asked.`,
      ANNOTATE_HELP,
    );
  const counts: ModelChoiceCounts = { asked: 0, changed: 0, none: 0, unreadable: 0, failed: 0 };
  const choose: Parameters<typeof linkEntities>[2] = async (document, links) => {
    const chosen = await chooseWithModel([document], links, ask, { width: setup.capacity });
    for (const k of Object.keys(counts) as (keyof ModelChoiceCounts)[]) counts[k] += chosen.counts[k];
    return chosen.links;
  };
  return { choose, counts };
}
