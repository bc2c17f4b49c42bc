/**
 * The gold the oracle answers from: annotated notes (BRAT `.ann` beside each note, NLI
 * labels and evidence), MedNLI-style pairs, and ChemProt pairs as gold documents.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseBrat } from '../../../server/src/engine/formats/brat';
import { ChemProtPair } from '../../../server/src/engine/formats/chemprot';
import { FIXTURES } from '../paths';

export interface GoldEntity {
  /** BRAT type as written, e.g. PROBLEM, TREATMENT, TEST, Disease, Chemical, Gene. */
  type: string;
  start: number;
  end: number;
}
/** A binary relation between two entities of the same document (indices into `entities`). */
export interface GoldRelation {
  /** As written in the corpus: TrAP, TeRP, CID, Positive, INHIBITOR, ... */
  label: string;
  arg1: number;
  arg2: number;
}
export type NliLabel = 'entailment' | 'contradiction' | 'neutral';
/** In the order a noisy answer moves through them (flipNli). */
export const NLI_LABELS: readonly NliLabel[] = ['entailment', 'contradiction', 'neutral'];

/** A sentence of a note's summary (Assessment, Impression, Summary) checked against the rest of the note. */
export interface GoldNli {
  hypothesis: string;
  label: NliLabel;
  /** The note's sentences that decide it (none for a neutral one). */
  evidence: string[];
}
export interface GoldDocument {
  name: string;
  text: string;
  entities: GoldEntity[];
  relations?: GoldRelation[];
  /** From `X.nli.json` (labels) joined with `X.nli-evidence.json` (evidence), when both exist. */
  nli?: GoldNli[];
}

/** A MedNLI-style pair (test/fixtures/nli/clinical-nli-dev.jsonl). */
export interface NliPair {
  premise: string;
  hypothesis: string;
  label: NliLabel;
}

function nliLabel(v: unknown, where: string): NliLabel {
  const l = typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (!(NLI_LABELS as readonly string[]).includes(l)) throw new Error(`${where}: NLI label ${JSON.stringify(v)}`);
  return l as NliLabel;
}

/** Whitespace runs collapsed to one space, trimmed: how the NLI oracle compares sentences. */
export function collapseWs(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** JSON lines `{"premise", "hypothesis", "label"}`; blank lines are skipped. */
export function loadNliPairs(file: string): NliPair[] {
  const pairs: NliPair[] = [];
  fs.readFileSync(file, 'utf8')
    .split(/\r?\n/)
    .forEach((line, i) => {
      if (line.trim() === '') return;
      const o = JSON.parse(line);
      const where = `${file}:${i + 1}`;
      if (typeof o?.premise !== 'string' || typeof o?.hypothesis !== 'string') throw new Error(`${where}: premise and hypothesis`);
      pairs.push({ premise: o.premise, hypothesis: o.hypothesis, label: nliLabel(o.label, where) });
    });
  return pairs;
}

/**
 * A note's NLI gold: the shared `X.nli.json` (hypothesis, start, end, label) joined by
 * hypothesis with this project's `X.nli-evidence.json` (hypothesis → evidence sentences).
 * Undefined unless both files exist.
 */
function loadNoteNli(dir: string, name: string): GoldNli[] | undefined {
  const labelsPath = path.join(dir, `${name}.nli.json`);
  const evidencePath = path.join(dir, `${name}.nli-evidence.json`);
  if (!fs.existsSync(labelsPath) || !fs.existsSync(evidencePath)) return undefined;
  const labels = JSON.parse(fs.readFileSync(labelsPath, 'utf8')) as { hypothesis: unknown; label: unknown }[];
  const evidence = JSON.parse(fs.readFileSync(evidencePath, 'utf8')) as { hypothesis?: unknown; evidence?: unknown[] }[];
  const byHypothesis = new Map<string, string[]>();
  for (const e of evidence) {
    if (typeof e?.hypothesis === 'string' && Array.isArray(e.evidence)) {
      byHypothesis.set(
        collapseWs(e.hypothesis),
        e.evidence.filter((s: unknown): s is string => typeof s === 'string'),
      );
    }
  }
  return labels.map((g) => ({
    hypothesis: String(g.hypothesis),
    label: nliLabel(g.label, labelsPath),
    evidence: [...(byHypothesis.get(collapseWs(String(g.hypothesis))) ?? [])],
  }));
}

/** The fixture notes (test/fixtures/notes). */
export const FIXTURE_NOTES_DIR = path.join(FIXTURES, 'notes');

/**
 * Every `X.note` or `X.txt` with an `X.ann` beside it, sorted by file name; `name` is X.
 * A discontinuous entity keeps its first span only. `nli` is set when `X.nli.json` and
 * `X.nli-evidence.json` are both there.
 */
export function loadGoldDocuments(dir: string): GoldDocument[] {
  const docs: GoldDocument[] = [];
  for (const file of fs.readdirSync(dir).sort()) {
    const m = /^(.*)\.(note|txt)$/.exec(file);
    if (!m) continue;
    const annPath = path.join(dir, `${m[1]}.ann`);
    if (!fs.existsSync(annPath)) continue;
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const ann = parseBrat(fs.readFileSync(annPath, 'utf8'));
    const entities = ann.entities.map((e) => ({ type: e.type, start: e.spans[0].start, end: e.spans[0].end }));
    const byId = new Map(ann.entities.map((e, i) => [e.id, i]));
    const relations: GoldRelation[] = [];
    for (const r of ann.relations) {
      const arg1 = byId.get(r.arg1);
      const arg2 = byId.get(r.arg2);
      if (arg1 !== undefined && arg2 !== undefined) relations.push({ label: r.label, arg1, arg2 });
    }
    const doc: GoldDocument = { name: m[1], text, entities, relations };
    const nli = loadNoteNli(dir, m[1]);
    if (nli) doc.nli = nli;
    docs.push(doc);
  }
  return docs;
}

/** ChemProt labels that mean "no relation" (the SciBERT copy has none; other copies say false/none). */
const CHEMPROT_NONE = /^(none|false|no[ _-]?relations?|negative|)$/i;

/**
 * One gold document per ChemProt pair: its sentence, the two arguments (Chemical, Gene)
 * and the relation Chemical → Gene with the pair's label (none for a label meaning none).
 * The same sentence occurs once per marked pair: the oracle tells them apart by the spans.
 */
export function chemProtGold(pairs: ChemProtPair[]): GoldDocument[] {
  return pairs.map((p, i) => ({
    name: `chemprot-${i + 1}`,
    text: p.text,
    entities: [
      { type: 'Chemical', start: p.chemical.start, end: p.chemical.end },
      { type: 'Gene', start: p.gene.start, end: p.gene.end },
    ],
    relations: CHEMPROT_NONE.test(p.label.trim()) ? [] : [{ label: p.label, arg1: 0, arg2: 1 }],
  }));
}
