/**
 * `biomed eval link`'s run: the linker (linking/linker.ts) on a corpus's gold mentions (no
 * entity recognition), scored at 1 and 5 (eval/linking.ts), the published figures beside.
 * PubTator and BRAT corpora carry their text, so abbreviations the document defines are
 * used; the concept layout has mentions only. A model is asked only through `modelChoice`
 * (linking/modelChoice.ts). With `errors`, the mentions linked wrong or left unlinked are
 * listed (eval/linkErrors.ts). What the user gave that cannot be read is a `VocabInputError`
 * or a `VocabFileError` naming the file (and line); anything else is a bug.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LinkedMention, readLinkedMentions } from '../formats/linkedMentions';
import type { SkipCounts } from '../formats/document';
import { parsePubTator } from '../formats/pubtator';
import { LinkMethod, Linker, MentionLink } from '../linking/linker';
import { medicVocabulary } from '../linking/memoryVocabulary';
import { ChoiceCounts, ChoiceModel, chooseWithModel } from '../linking/modelChoice';
import { ownNames } from '../linking/synonyms';
import { Vocabulary } from '../linking/types';
import { openVocabulary, readSynonymMentions, VocabInputError } from '../linking/vocab';
import { LinkErrorRecord, linkErrors } from './linkErrors';
import { linkPrecision, LinkScores, scoreLinks } from './linking';
import { knownLinkingDataset, PublishedLinking } from './published';

export type GoldFormat = 'pubtator' | 'concept' | 'brat';

export interface LinkEvaluationOptions {
  /** A file (pubtator, concept) or a folder of .ann files with the .txt beside each (brat). */
  corpus: string;
  format: GoldFormat;
  /** A .vocab index, or CTD's MEDIC as text (read into memory). */
  vocab: string;
  /** Annotated corpora whose mentions are names of their IDs, consulted before the vocabulary. */
  synonyms?: readonly string[];
  /** Only the first `limit` documents. */
  limit?: number;
  /** Called once the linker has linked (so input problems come first): the model's part, for --model-choice. */
  modelChoice?: () => Promise<ChoiceModel>;
  /** Also list the scored mentions linked wrong or left unlinked (`errors` in the result), for --errors. */
  errors?: boolean;
  /** Hears of the corpus and each synonym file with lines read as no mention, before any linking (it may throw to refuse them). */
  onSkipped?: (file: string, skips: SkipCounts) => void;
  /** Hears how many of the corpus's documents are linked (0 of them first, once read), for a progress bar. */
  onProgress?: (documents: number, total: number) => void;
}

export interface LinkEvaluation {
  scores: LinkScores;
  /** The links given: their precision (right at 1 of the scored mentions given a concept; none when none was) and the coverage (scored mentions given a concept), in percent. */
  given: { precision?: number; coverage: number };
  vocabulary: { label: string; size: number };
  /** The synonyms' concepts, when any corpus was given. */
  synonymConcepts?: number;
  /** Scored mentions by how their link was found, in the order first met. */
  methods: [LinkMethod | 'none', number][];
  /** What the model did, with `modelChoice`. */
  modelChoice?: ChoiceCounts;
  /** The published rows for the corpus (by its path), as their sources give them. */
  published: PublishedLinking[];
  /** The corpus's lines that should hold a mention and do not (pubtator, concept layouts), by reason. */
  skips: SkipCounts;
  /** With `errors`: the scored mentions linked wrong or left unlinked, in corpus order (eval/linkErrors.ts). */
  errors?: LinkErrorRecord[];
}

interface GoldDocument {
  id: string;
  text?: string;
  mentions: LinkedMention[];
}

/** The corpus's documents with their gold mentions, in file order. */
function readGold(corpus: string, format: GoldFormat, skips: SkipCounts): GoldDocument[] {
  if (format === 'brat') {
    if (!fs.statSync(corpus).isDirectory()) throw new VocabInputError(corpus, undefined, 'not a folder: a BRAT corpus is a folder of .ann files');
    return fs
      .readdirSync(corpus)
      .filter((f) => f.endsWith('.ann'))
      .sort()
      .map((f) => {
        const txt = path.join(corpus, f.replace(/\.ann$/, '.txt'));
        const id = f.replace(/\.ann$/, '');
        const mentions = readLinkedMentions(fs.readFileSync(path.join(corpus, f), 'utf8'), 'brat').map((m) => ({ ...m, document: id }));
        return { id, text: fs.existsSync(txt) ? fs.readFileSync(txt, 'utf8') : undefined, mentions };
      });
  }
  if (fs.statSync(corpus).isDirectory()) throw new VocabInputError(corpus, undefined, 'is a folder; this corpus is one file (only BRAT corpora are folders)');
  const text = fs.readFileSync(corpus, 'utf8');
  const texts = new Map<string, string>();
  if (format === 'pubtator') for (const d of parsePubTator(text).documents) texts.set(d.id, d.text);
  const docs = new Map<string, GoldDocument>();
  for (const m of readLinkedMentions(text, format, skips)) {
    const doc = docs.get(m.document) ?? { id: m.document, text: texts.get(m.document), mentions: [] };
    doc.mentions.push(m);
    docs.set(m.document, doc);
  }
  return [...docs.values()];
}

/** A synonym corpus's mentions, read as `biomed vocab build --synonyms` reads them. */
function synonymMentions(file: string, onSkipped?: (file: string, skips: SkipCounts) => void): LinkedMention[] {
  if (!fs.existsSync(file)) throw new VocabInputError(file, undefined, 'no such synonym corpus');
  return readSynonymMentions(file, onSkipped).flatMap((f) => f.mentions);
}

/** A `.vocab` index (read where it lies), else MEDIC's text (read into memory). */
function openVocab(file: string): Vocabulary {
  if (!fs.existsSync(file)) throw new VocabInputError(file, undefined, 'no such vocabulary');
  if (file.endsWith('.vocab')) return openVocabulary(file);
  const vocab = medicVocabulary(file, path.basename(file));
  if (vocab.size === 0) throw new VocabInputError(file, undefined, "no concepts: expected MEDIC's layout, ID[|ALT...]||name|synonym|... a line");
  return vocab;
}

/** Links the gold mentions of `options.corpus` and scores them. */
export async function evaluateLinking(options: LinkEvaluationOptions): Promise<LinkEvaluation> {
  const vocabulary = openVocab(options.vocab);
  try {
    const synonymFiles = options.synonyms ?? [];
    // The names the vocabulary's build brought and those of --synonyms, all the user's own.
    const synonyms = ownNames(
      vocabulary,
      synonymFiles.flatMap((f) => synonymMentions(f, options.onSkipped)),
    );
    const skips: SkipCounts = {};
    const docs = readGold(options.corpus, options.format, skips).slice(0, options.limit);
    if (options.onSkipped && Object.keys(skips).length > 0) options.onSkipped(options.corpus, skips);
    const gold = docs.flatMap((d) => d.mentions);
    if (gold.length === 0) throw new VocabInputError(options.corpus, undefined, `no mentions read as ${options.format}`);
    const linker = new Linker(vocabulary, { synonyms });
    options.onProgress?.(0, docs.length);
    const sieve: MentionLink[] = docs.flatMap((d, i) => {
      const links = linker.linkDocument(d.text, d.mentions);
      options.onProgress?.(i + 1, docs.length);
      return links;
    });
    let links = sieve;
    let modelChoice: ChoiceCounts | undefined;
    if (options.modelChoice) {
      const chooser = await options.modelChoice();
      ({ links, counts: modelChoice } = await chooseWithModel(docs, sieve, (q) => chooser.ask(q), { width: chooser.width, onAnswer: chooser.onAnswer }));
    }
    const methods = new Map<LinkMethod | 'none', number>();
    gold.forEach((g, i) => g.ids.length > 0 && methods.set(links[i].method, (methods.get(links[i].method) ?? 0) + 1));
    const scores = scoreLinks(gold, links);
    return {
      scores,
      given: linkPrecision(scores),
      vocabulary: { label: vocabulary.label, size: vocabulary.size },
      synonymConcepts: synonyms?.size,
      methods: [...methods],
      modelChoice,
      published: knownLinkingDataset(options.corpus),
      skips,
      // The gold concepts' names are looked up while the vocabulary is open.
      errors: options.errors ? linkErrors(gold, links, vocabulary) : undefined,
    };
  } finally {
    vocabulary.close();
  }
}
