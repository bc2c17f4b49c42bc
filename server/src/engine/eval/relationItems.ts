/**
 * `biomed eval re`'s items and scores: the gold entity pairs of a corpus as the engine forms
 * pairs (tasks/relations.ts: every candidate pair of a sentence or list item), each with its
 * gold label, and micro-F1 without the none class over the model's labels, as ChemProt and
 * i2b2-2010 are reported. The front end asks the model about each item and prints.
 */
import { AnnotatedDocument, SkipCounts } from '../formats/document';
import { parseChemProt } from '../formats/chemprot';
import { allowedLabels, CandidatePair, candidatePairs, noneLabel, PairKind, relationUnits } from '../tasks/relations';
import { segment } from '../text/segment';
import { EntityType, Mention } from '../types';
import { engineType } from './typeMap';

/** One pair to ask about: the text of its sentence or list item, the pair in it, the gold label. */
export interface RelationItem {
  text: string;
  pair: CandidatePair;
  gold: string;
}

/** The items of a BRAT corpus, and its gold relations no item reaches, as `doc: label(head, tail)`. */
export interface BratRelationItems {
  items: RelationItem[];
  /** Gold relations across sentences or list items: counted as missed. */
  unreachable: string[];
  /** Gold relations of kinds the layout is not asked (`kinds`): not scored. */
  untrained: string[];
}

/** The kind of pair two entity types make (either order), as candidatePairs forms them. */
function kindOfTypes(a: EntityType, b: EntityType): PairKind | undefined {
  const at = (type: EntityType, start: number): Mention => ({ start, end: start + 1, type, text: '' });
  return candidatePairs([at(a, 0), at(b, 2)], 1)[0]?.kind;
}

/** Every candidate pair of each unit of `docs` whose kind is in `kinds`, labelled from the gold relations. */
export function bratRelationItems(docs: readonly AnnotatedDocument[], kinds: ReadonlySet<PairKind>): BratRelationItems {
  const items: RelationItem[] = [];
  const unreachable: string[] = [];
  const untrained: string[] = [];
  for (const doc of docs) {
    const byId = new Map(doc.entities.map((e) => [e.id, e]));
    const sentences = segment(doc.text).filter((s) => s.kind === 'sentence');
    const goldLabel = new Map<string, string>();
    for (const r of doc.relations) goldLabel.set(`${r.head}>${r.tail}`, r.label);
    const seen = new Set<string>();
    for (const unit of relationUnits(doc.text, sentences)) {
      const mentions: (Mention & { id: string })[] = doc.entities
        .filter((e) => e.start >= unit.start && e.end <= unit.end && engineType(e.type))
        .map((e) => ({ id: e.id, start: e.start - unit.start, end: e.end - unit.start, type: engineType(e.type)!, text: e.text }));
      for (const pair of candidatePairs(mentions, Number.MAX_SAFE_INTEGER, kinds)) {
        const h = (pair.head as Mention & { id: string }).id;
        const t = (pair.tail as Mention & { id: string }).id;
        // Clinical relations are read either way round; the others keep the corpus's direction.
        const label = goldLabel.get(`${h}>${t}`) ?? (pair.kind === 'clinical' ? goldLabel.get(`${t}>${h}`) : undefined) ?? noneLabel(pair.kind);
        seen.add(`${h}>${t}`).add(`${t}>${h}`);
        items.push({ text: doc.text.slice(unit.start, unit.end), pair, gold: label });
      }
    }
    for (const r of doc.relations) {
      if (seen.has(`${r.head}>${r.tail}`)) continue;
      const head = byId.get(r.head);
      const tail = byId.get(r.tail);
      const [ht, tt] = [head && engineType(head.type), tail && engineType(tail.type)];
      const kind = ht && tt ? kindOfTypes(ht, tt) : undefined;
      const what = `${doc.id}: ${r.label}(${head?.text}, ${tail?.text})`;
      if (kind && !kinds.has(kind)) untrained.push(what);
      else unreachable.push(what);
    }
  }
  return { items, unreachable, untrained };
}

/** The items of ChemProt JSON lines (`<< chemical >>` and `[[ gene ]]` marked), and the lines skipped. */
export function chemProtRelationItems(text: string): { items: RelationItem[]; skips: SkipCounts } {
  const read = parseChemProt(text);
  const items = read.pairs.map((p): RelationItem => ({
    text: p.text,
    gold: p.label,
    pair: {
      kind: 'chemical-gene',
      head: { ...p.chemical, type: 'chemical', text: p.text.slice(p.chemical.start, p.chemical.end) },
      tail: { ...p.gene, type: 'gene', text: p.text.slice(p.gene.start, p.gene.end) },
    },
  }));
  return { items, skips: read.skips };
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

/** A label's counts with precision, recall and F1 in percent (one decimal). */
export type LabelScore = Counts & { precision: number; recall: number; f1: number };

/**
 * Micro-F1 without the none class, and per label. `predictions[i]` is the model's label for
 * `items[i]` (undefined: none read); items in `failed` are not scored; each `unreachable`
 * relation (`doc: label(...)`) counts as missed.
 */
export function scoreRelations(
  items: readonly RelationItem[],
  predictions: readonly (string | undefined)[],
  failed: ReadonlySet<number>,
  unreachable: readonly string[],
): { micro: LabelScore; labels: Record<string, LabelScore> } {
  const isNone = (item: RelationItem, label: string | undefined) =>
    label === undefined || label === noneLabel(item.pair.kind) || !allowedLabels(item.pair).includes(label);
  const per = new Map<string, Counts>();
  const count = (label: string) => per.get(label) ?? per.set(label, { tp: 0, fp: 0, fn: 0 }).get(label)!;
  items.forEach((item, i) => {
    if (failed.has(i)) return;
    const pred = predictions[i];
    const goldNone = isNone(item, item.gold);
    const predNone = isNone(item, pred);
    if (!goldNone && pred === item.gold) count(item.gold).tp++;
    else {
      if (!predNone) count(pred!).fp++;
      if (!goldNone) count(item.gold).fn++;
    }
  });
  for (const u of unreachable) count(u.split(': ')[1].split('(')[0]).fn++;
  const round = (x: number) => Math.round(x * 10) / 10;
  const f1 = (c: Counts): LabelScore => {
    const p = c.tp + c.fp ? (100 * c.tp) / (c.tp + c.fp) : 0;
    const r = c.tp + c.fn ? (100 * c.tp) / (c.tp + c.fn) : 0;
    return { ...c, precision: round(p), recall: round(r), f1: round(p + r ? (2 * p * r) / (p + r) : 0) };
  };
  const micro = f1([...per.values()].reduce((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn }), { tp: 0, fp: 0, fn: 0 }));
  const labels = Object.fromEntries([...per].sort(([a], [b]) => a.localeCompare(b)).map(([l, c]) => [l, f1(c)]));
  return { micro, labels };
}
