/**
 * De-identification scored as the PhysioNet `deid` package's stat.pm counts: a gold PHI is
 * found when a detected span overlaps it; a detected span is right when it overlaps a gold
 * PHI. Recall and precision over all spans of a corpus; recall per gold type and precision
 * per detected type (a system's types need not be the corpus's).
 */
export interface Span {
  start: number;
  end: number;
  type: string;
}
export interface TypeCount {
  type: string;
  /** Gold spans of the type and those found (per gold type), or detected spans and those right (per detected type). */
  total: number;
  hit: number;
}
export interface DeidScores {
  gold: number;
  found: number;
  detected: number;
  right: number;
  recall: number;
  precision: number;
  f1: number;
  /** Recall per gold type, the most frequent first. */
  goldTypes: TypeCount[];
  /** Precision per detected type. */
  detectedTypes: TypeCount[];
}

/** Which gold spans a note's detected spans overlap, and which detected spans overlap gold (both sorted or not). */
export function matchNote(gold: readonly Span[], detected: readonly Span[]): { goldFound: boolean[]; detectedRight: boolean[] } {
  const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
  return {
    goldFound: gold.map((g) => detected.some((d) => overlaps(g, d))),
    detectedRight: detected.map((d) => gold.some((g) => overlaps(g, d))),
  };
}

export class DeidScorer {
  private gold = new Map<string, TypeCount>();
  private detected = new Map<string, TypeCount>();

  /** Adds one note; returns what matched, for the error listing. */
  add(gold: readonly Span[], detected: readonly Span[]) {
    const m = matchNote(gold, detected);
    const count = (into: Map<string, TypeCount>, type: string, hit: boolean) => {
      const c = into.get(type) ?? into.set(type, { type, total: 0, hit: 0 }).get(type)!;
      c.total++;
      if (hit) c.hit++;
    };
    gold.forEach((g, i) => count(this.gold, g.type, m.goldFound[i]));
    detected.forEach((d, i) => count(this.detected, d.type, m.detectedRight[i]));
    return m;
  }

  scores(): DeidScores {
    const sum = (m: Map<string, TypeCount>, k: 'total' | 'hit') => [...m.values()].reduce((n, c) => n + c[k], 0);
    const gold = sum(this.gold, 'total');
    const found = sum(this.gold, 'hit');
    const detected = sum(this.detected, 'total');
    const right = sum(this.detected, 'hit');
    const recall = gold ? found / gold : 0;
    const precision = detected ? right / detected : 0;
    const order = (m: Map<string, TypeCount>) => [...m.values()].sort((a, b) => b.total - a.total || a.type.localeCompare(b.type));
    return {
      gold,
      found,
      detected,
      right,
      recall,
      precision,
      f1: recall + precision ? (2 * recall * precision) / (recall + precision) : 0,
      goldTypes: order(this.gold),
      detectedTypes: order(this.detected),
    };
  }
}
