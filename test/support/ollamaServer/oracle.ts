/**
 * The oracle: answers this project's NER, relation and NLI prompts from gold annotations,
 * as a model that is always right would (up to a chosen, seeded noise), in the layout it
 * was asked in. Which prompt is which is read by trainingLayout.ts and jsonLayout.ts.
 */
import type { WireJson } from './http';
import * as crypto from 'crypto';
import { collapseWs, GoldDocument, NLI_LABELS, NliLabel, NliPair } from './gold';
import { chooseDropped, GoldIndex } from './goldIndex';
import * as jsonLayout from './jsonLayout';
import { JsonRelationQuery } from './jsonLayout';
import * as ner from './nerAnswers';
import * as relations from './relationAnswers';
import {
  matchMedtunedLayout,
  MedtunedMatch,
  MedtunedNer,
  MedtunedRelation,
  NliQuery,
  OFF_LAYOUT_ANSWER,
  OffLayoutPrompt,
  parseMedtunedNer,
  parseMedtunedNli,
  parseMedtunedRelation,
  splitNliInput,
  UNTRAINED_ANSWER,
} from './trainingLayout';

/** The next label in entailment → contradiction → neutral → entailment: a noisy NLI answer. */
function flipNli(l: NliLabel): NliLabel {
  return NLI_LABELS[(NLI_LABELS.indexOf(l) + 1) % NLI_LABELS.length];
}

/** The medtuned prompts the oracle answered: each recognised one, and each off the training layout. */
export interface OracleLog {
  medtuned: MedtunedMatch[];
  offLayout: OffLayoutPrompt[];
}

/** A hypothesis of the notes' NLI gold, with its evidence sentences whitespace-collapsed. */
interface IndexedNli {
  label: NliLabel;
  evidence: string[];
}

/** The answers of a model that knows the gold; one per server, rebuilt by setNoise. */
export class GoldOracle {
  /** The gold documents, indexed for search, with entity and relation noise applied. */
  private readonly index: GoldIndex;
  /** `premise\0hypothesis` (whitespace-collapsed) → the label of the first such pair, noise applied. */
  private readonly nliPairs = new Map<string, NliLabel>();
  /** A notes' gold hypothesis (whitespace-collapsed) → every document's gold for it. */
  private readonly nliHypotheses = new Map<string, IndexedNli[]>();
  private readonly noise: number;
  private readonly nliSeed: number;
  /** What the oracle saw of the medtuned layout (shared with the server, kept across setNoise). */
  readonly log: OracleLog;

  constructor(gold: GoldDocument[], noise = 0, seed = 1, nliPairs: NliPair[] = [], log: OracleLog = { medtuned: [], offLayout: [] }) {
    this.log = log;
    this.noise = Math.min(1, Math.max(0, noise));
    this.nliSeed = (seed ^ 0x27d4eb2d) >>> 0;
    // Seeds of their own, so that NLI noise leaves the entity and relation choices as they were.
    const flippedPairs = chooseDropped(
      nliPairs.map((_, i) => `${i}`),
      noise,
      (seed ^ 0x165667b1) >>> 0,
    );
    nliPairs.forEach((p, i) => {
      const key = `${collapseWs(p.premise)}\0${collapseWs(p.hypothesis)}`;
      if (!this.nliPairs.has(key)) this.nliPairs.set(key, flippedPairs.has(`${i}`) ? flipNli(p.label) : p.label);
    });
    for (const doc of gold) {
      for (const g of doc.nli ?? []) {
        const key = collapseWs(g.hypothesis);
        const entry = { label: g.label, evidence: g.evidence.map(collapseWs).filter((e) => e !== '') };
        const list = this.nliHypotheses.get(key);
        if (list) list.push(entry);
        else this.nliHypotheses.set(key, [entry]);
      }
    }
    this.index = new GoldIndex(gold, noise, seed);
  }

  /**
   * The model's answer to a generation request, as text. /api/generate is the medtuned
   * layout: a prompt exactly as trained (matchMedtunedLayout) is answered from gold the way
   * the model writes its training target, ` {output} \n` before `</s>` (the server stops
   * there: the end-of-sequence token is not text); anything else raw is off the layout,
   * recorded in `log.offLayout` and answered OFF_LAYOUT_ANSWER. /api/chat is the json layout.
   */
  answer(endpoint: '/api/generate' | '/api/chat', body: WireJson): string {
    if (endpoint === '/api/generate') {
      const m = matchMedtunedLayout(body);
      if ('reason' in m) {
        this.log.offLayout.push({ endpoint, prompt: body?.prompt, system: body?.system, raw: body?.raw, reason: m.reason });
        return OFF_LAYOUT_ANSWER;
      }
      this.log.medtuned.push(m);
      return this.medtunedAnswer(m);
    }
    // NLI first: its `Sentence 1:` / `Sentence 2:` input is neither NER nor relation input.
    const nli = jsonLayout.parseJsonNli(body);
    if (nli) return this.jsonNli(nli);
    const re = jsonLayout.parseJsonRelation(body);
    if (re) return this.jsonRelation(re);
    const q = jsonLayout.parseJsonNer(body);
    if (q) return this.jsonNer(q.types, q.text);
    return this.answerOther(endpoint, body);
  }

  /** The answer to a prompt in the training layout: ` {output} \n`, as the training row ` {output} \n</s>`. */
  medtunedAnswer(m: MedtunedMatch): string {
    switch (m.task) {
      case 'nli':
        return ` ${this.medtunedNli(splitNliInput(m.input)!)} \n`;
      case 'clinical-relation':
        return ` ${this.medtunedRelation({ instruction: m.instruction, tokens: m.input.split(' '), task: 'clinical' })} \n`;
      case 'untrained':
        return UNTRAINED_ANSWER;
      default:
        return ` ${this.medtunedNer({ instruction: m.instruction, input: m.input, task: m.task })} \n`;
    }
  }

  /** Chat prompts that are neither NLI, NER nor relations in the json layout: the "no relation" label. */
  answerOther(_endpoint: string, _body: WireJson): string {
    return 'No Relations';
  }

  // -------------------------------------------------------------------------------------
  // Which prompt is which (trainingLayout.ts, jsonLayout.ts), here too for tests that sort requests

  static readonly splitNliInput = splitNliInput;
  static readonly parseMedtunedNli = parseMedtunedNli;
  static readonly parseMedtunedNer = parseMedtunedNer;
  static readonly parseMedtunedRelation = parseMedtunedRelation;
  static readonly parseJsonNli = jsonLayout.parseJsonNli;
  static readonly parseJsonNer = jsonLayout.parseJsonNer;
  static readonly parseJsonRelation = jsonLayout.parseJsonRelation;
  static readonly stripMarkers = jsonLayout.stripMarkers;

  // -------------------------------------------------------------------------------------
  // NLI

  /**
   * The label for a premise and hypothesis, from gold, noise applied:
   * 1. a pair of `nliPairs` with this premise and hypothesis (whitespace-collapsed): its label;
   * 2. a hypothesis of a note's NLI gold: its label when the premise is, or contains, one of
   *    its evidence sentences; otherwise neutral (this premise does not decide it);
   * 3. a hypothesis no gold knows, with a premise found in a gold document: entailment.
   *    The notes' NLI gold covers only the Assessment / Impression / Summary sentences; the
   *    other statements of a note's summary sections (discharge diagnoses, plan items) are
   *    taken as supported by the note, so that tests can assert that exactly the gold
   *    findings are flagged;
   * 4. anything else: neutral.
   */
  nliLabel(q: NliQuery): NliLabel {
    const premise = collapseWs(q.premise);
    const hypothesis = collapseWs(q.hypothesis);
    const paired = this.nliPairs.get(`${premise}\0${hypothesis}`);
    if (paired !== undefined) return paired; // noise already chosen exactly among the pairs
    let label: NliLabel = 'neutral';
    const known = this.nliHypotheses.get(hypothesis);
    if (known) {
      const decided = known.find((g) => g.evidence.some((e) => premise === e || premise.includes(e)));
      if (decided) label = decided.label;
    } else if (premise !== '' && this.index.docs.some((d) => d.collapsed.includes(premise))) {
      label = 'entailment';
    }
    return this.nliFlipped(premise, hypothesis) ? flipNli(label) : label;
  }

  /** Whether noise flips the answer to a question outside nliPairs: a seeded hash below noise. */
  private nliFlipped(premise: string, hypothesis: string): boolean {
    if (this.noise <= 0) return false;
    const h = crypto.createHash('sha256').update(`${this.nliSeed}\0${premise}\0${hypothesis}`).digest();
    return h.readUInt32BE(0) / 4294967296 < this.noise;
  }

  /** The bare label, capitalised as MedNLI's training outputs: Entailment, Contradiction, Neutral. */
  medtunedNli(q: NliQuery): string {
    const label = this.nliLabel(q);
    return label[0].toUpperCase() + label.slice(1);
  }

  /** `{"label", "evidence"}`: the premise as sent is the evidence unless the label is neutral. */
  jsonNli(q: NliQuery): string {
    const label = this.nliLabel(q);
    return JSON.stringify({ label, evidence: label === 'neutral' ? '' : q.premise });
  }

  // -------------------------------------------------------------------------------------
  // NER and relations (nerAnswers.ts, relationAnswers.ts)

  /** One `token : TAG` line per input token, joined by `\n` (the training output before its ` ` and ` \n</s>`). */
  medtunedNer(q: MedtunedNer): string {
    return ner.medtunedNer(this.index, q);
  }

  /** `{"entities": [{text, type}]}`: the gold entities of the wanted types inside the text. */
  jsonNer(types: string[], text: string): string {
    return ner.jsonNer(this.index, types, text);
  }

  /** The i2b2-2010 gold label between the two mask-matched entities, else No Relations. */
  medtunedRelation(q: MedtunedRelation): string {
    return relations.medtunedRelation(this.index, q);
  }

  /** One `{pair, label}` per listed pair, in order. */
  jsonRelation(q: JsonRelationQuery): string {
    return relations.jsonRelation(this.index, q);
  }
}
