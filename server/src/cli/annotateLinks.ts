/**
 * `biomed annotate --vocab FILE.vocab[=type,type]`: the vocabularies that link the entities
 * of each document (engine/linking/documentLinks.ts), opened once for the run. Without
 * `=types` a vocabulary links every entity; with them, only entities of those types. Given
 * several times, an entity takes the first vocabulary (in the order given) that has its name,
 * else the first approximate match (engine/linking/documentLinks.ts).
 */
import * as fs from 'node:fs';
import { ENTITY_TYPES, InputError, isEntityType, linking } from '../engine';
import { ANNOTATE_HELP } from './annotateHelp';
import { UsageError } from './args';
import type { CliEngine } from './engineOptions';

const { DocumentLinking } = linking;
type DocumentLinking = linking.DocumentLinking;
type ChoiceModel = linking.ChoiceModel;

/** `FILE=types` splits at the last `=` followed by a list of words; a file name may hold `=` too. */
export function parseVocabSpec(spec: string): { file: string; types?: string[] } {
  const m = /^(.*)=([A-Za-z]+(?:,[A-Za-z]+)*)$/.exec(spec);
  if (!m || fs.existsSync(spec)) return { file: spec };
  const types = m[2].split(',').map((t) => t.toLowerCase());
  // `all` (linking/domain.ts EVERY_TYPE): every entity type, the user's choice.
  if (types.includes('all')) {
    if (types.length > 1) throw new UsageError(`--vocab ${spec}: =all stands alone (every entity type)`, ANNOTATE_HELP);
    return { file: m[1], types };
  }
  const wrong = types.filter((t) => !isEntityType(t));
  if (wrong.length > 0)
    throw new UsageError(
      `--vocab ${spec}: ${wrong.join(', ')} ${wrong.length === 1 ? 'is not an entity type' : 'are not entity types'} (${ENTITY_TYPES.join(', ')})`,
      ANNOTATE_HELP,
    );
  return { file: m[1], types };
}

/** Opens the vocabularies of --vocab (a usage error names a missing or unreadable one); undefined without any. */
export function openLinking(specs: readonly string[] | undefined): DocumentLinking | undefined {
  if (!specs || specs.length === 0) return undefined;
  const files = specs.map(parseVocabSpec);
  for (const { file } of files) if (!fs.existsSync(file)) throw new UsageError(`--vocab: no such vocabulary: ${file}`, ANNOTATE_HELP);
  try {
    return DocumentLinking.open(files);
  } catch (err) {
    // Not a .vocab index (or one built with other name keys): say so, and how to make one.
    if (err instanceof InputError) {
      const how = err.message.includes('biomed vocab build') ? '' : ' (build one with biomed vocab build)';
      throw new UsageError(`--vocab ${err.message}${how}`, ANNOTATE_HELP);
    }
    throw err;
  }
}

/**
 * --model-choice: the model (json layout) chooses among the candidates of the links the sieve
 * is least sure of, in each document; a usage error without --vocab or under a layout whose
 * model is never asked (medtuned).
 */
export function modelChooser(setup: CliEngine, linking: DocumentLinking | undefined): ChoiceModel {
  if (!linking) throw new UsageError('--model-choice chooses among the candidates of --vocab: give a vocabulary too.', ANNOTATE_HELP);
  const ask = setup.engine.linkChooser(setup.profile);
  if (!ask)
    throw new UsageError(
      `--model-choice asks a general instruction model in the json layout (--profile json); the ${setup.profile.name} layout's model was not trained on linking, so it is never asked.`,
      ANNOTATE_HELP,
    );
  return { ask, width: setup.capacity };
}
