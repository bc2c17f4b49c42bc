/**
 * What `biomed find` looks for, and how a mention is matched: `--concept ID` against its
 * concept IDs and their alternate IDs as annotate stored them (case-insensitive; a `SOURCE:`
 * prefix such as `MESH:` optional on either side), and with --vocab against every ID of the
 * concept the vocabulary holds under it (output written before alternates were stored), `--name TEXT` against its text or its concepts' names (case-insensitive, whole
 * words); then `--status` (any of those given; affirmed: none set) and `--type`. When
 * nothing matches, the names and IDs of the data closest to the query are suggested.
 */
import { ASSERTION_STATUSES, formats } from '../engine';
import { UsageError } from './args';
import { FIND_HELP } from './findHelp';

type MentionRow = ReturnType<typeof formats.mentionRows>[number];

export const STATUSES = ['affirmed', ...ASSERTION_STATUSES] as const;

export interface Query {
  concept?: string;
  name?: string;
  statuses?: string[];
  type?: string;
}

export function parseQuery(values: Record<string, unknown>): Query {
  const text = (flag: string): string | undefined => {
    const v = values[flag];
    if (v === undefined) return undefined;
    if (typeof v !== 'string' || v.trim() === '') throw new UsageError(`--${flag} needs a value.`, FIND_HELP);
    return v.trim();
  };
  const q: Query = { concept: text('concept'), name: text('name'), type: text('type')?.toLowerCase() };
  if (q.concept === undefined && q.name === undefined) throw new UsageError('Say what to find: --concept ID or --name TEXT (or both).', FIND_HELP);
  const statuses = text('status');
  if (statuses !== undefined) {
    q.statuses = statuses
      .split(',')
      .map((s) => s.trim().toLowerCase())
      .filter(Boolean);
    const wrong = q.statuses.filter((s) => !(STATUSES as readonly string[]).includes(s));
    if (wrong.length || q.statuses.length === 0)
      throw new UsageError(`--status takes a comma-separated list of ${STATUSES.join(', ')} (got "${statuses}")`, FIND_HELP);
  }
  return q;
}

/** An ID compared: lower case; its code alone when the other side has no `SOURCE:` prefix. */
const lower = (s: string) => s.trim().toLowerCase();
const code = (s: string) => s.slice(s.indexOf(':') + 1);
function sameId(asked: string, id: string): boolean {
  const [a, b] = [lower(asked), lower(id)];
  return a === b || (!a.includes(':') && code(b) === a) || (!b.includes(':') && code(a) === b);
}

function wholeWords(name: string): RegExp {
  const body = name
    .split(/\s+/)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('\\s+');
  return new RegExp(`(?<![\\p{L}\\p{N}])${body}(?![\\p{L}\\p{N}])`, 'iu');
}

/** The concept --concept names in a vocabulary (--vocab): every ID of it and its name. */
export interface Resolved {
  ids: string[];
  name: string;
}

/** The query's subject (concept, name) and its filters (status, type), tested apart so a near miss can be told. */
export class Matcher {
  private readonly name?: RegExp;
  constructor(
    readonly query: Query,
    private readonly resolved?: Resolved,
  ) {
    if (query.name !== undefined) this.name = wholeWords(query.name);
  }

  subject(row: MentionRow): boolean {
    const q = this.query;
    if (q.concept !== undefined) {
      const asked = [q.concept, ...(this.resolved?.ids ?? [])];
      if (![...row.ids, ...row.altIds].some((id) => asked.some((a) => sameId(a, id)))) return false;
    }
    return !this.name || this.name.test(row.text) || row.names.some((n) => this.name!.test(n));
  }

  filters(row: MentionRow): boolean {
    const q = this.query;
    if (q.type !== undefined && row.type.toLowerCase() !== q.type) return false;
    return !q.statuses || row.statuses.some((s) => q.statuses!.includes(s));
  }
}

/** Edit distance with transpositions (optimal string alignment: "D003942" is one from "D003924"), giving up past `max` (returns max + 1). */
function distance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) cur[j] = Math.min(cur[j], before[j - 2] + 1);
      best = Math.min(best, cur[j]);
    }
    if (best > max) return max + 1;
    before = prev;
    prev = cur;
  }
  return prev[b.length];
}

/** The IDs and names the data holds, gathered as documents go by, for suggestions (bounded: a corpus may hold millions). */
export class NearNames {
  private static readonly LIMIT = 100_000;
  private readonly ids = new Map<string, string>();
  private readonly names = new Set<string>();

  add(row: MentionRow): void {
    row.ids.forEach((id, i) => this.ids.size < NearNames.LIMIT && !this.ids.has(id) && this.ids.set(id, row.names[i] ?? ''));
    // An alternate ID names its concept too (one concept: its name; a composite's parts: none).
    const altName = row.names.length === 1 ? row.names[0] : '';
    for (const id of row.altIds) if (this.ids.size < NearNames.LIMIT && !this.ids.has(id)) this.ids.set(id, altName);
    for (const n of [row.text, ...row.names]) if (this.names.size < NearNames.LIMIT) this.names.add(n.replace(/\s+/g, ' ').trim());
  }

  /**
   * Up to five IDs or names close to the query's, closest first ('MESH:D003924 (Diabetes
   * Mellitus, Type 2)'): for a concept, IDs near its ID and, where a vocabulary named it,
   * names near its name.
   */
  near(q: Query, resolved?: Resolved): string[] {
    const scored: [number, string][] = [];
    if (resolved && q.name === undefined) return this.near({ ...q, name: resolved.name });
    if (q.concept !== undefined) {
      const asked = lower(q.concept);
      const max = Math.max(2, Math.floor(code(asked).length / 4));
      for (const [id, name] of this.ids) {
        const d = Math.min(distance(asked, lower(id), max), distance(code(asked), code(lower(id)), max));
        if (d <= max) scored.push([d, name ? `${id} (${name})` : id]);
      }
    }
    if (q.name !== undefined) {
      const asked = lower(q.name);
      const max = Math.max(1, Math.floor(asked.length / 4));
      const seen = new Set<string>();
      for (const n of this.names) {
        const key = lower(n);
        if (seen.has(key)) continue;
        seen.add(key);
        // The whole name, or one of its words as long as the query (a misspelt word in a longer mention).
        const words = key.split(/[^\p{L}\p{N}]+/u).filter((w) => w.length >= asked.length - max);
        const d = Math.min(distance(asked, key, max), ...words.map((w) => distance(asked, w, max)));
        if (d <= max) scored.push([d, n]);
      }
    }
    return scored
      .sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]))
      .slice(0, 5)
      .map(([, s]) => s);
  }
}
