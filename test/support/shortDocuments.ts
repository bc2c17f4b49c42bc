/**
 * Short documents with gold, so the oracle finds entities in them: the fixture sentences
 * that hold a clinical entity, each made distinct by a number in front (the cache cannot
 * merge two documents' requests). Shared by the CLI's corpus-scale and flaky-server tests.
 */
import * as path from 'node:path';
import { segment } from '../../server/src/engine/text/segment';
import { GoldDocument, loadGoldDocuments } from './ollamaServer';
import { ROOT } from './paths';

const NOTES = path.join(ROOT, 'test', 'fixtures', 'notes');

/** `n` documents named doc-NNN (`digits` wide); document i takes pool sentence (i * stride) mod pool size. */
export function shortDocuments(n: number, { stride = 1, digits = 5 }: { stride?: number; digits?: number } = {}): GoldDocument[] {
  const pool = loadGoldDocuments(NOTES).flatMap((d) =>
    segment(d.text)
      .filter((s) => s.kind === 'sentence')
      .map((s) => ({
        text: s.text,
        entities: d.entities
          .filter((e) => e.start > s.start && e.end <= s.end && /^(PROBLEM|TREATMENT|TEST)$/.test(e.type))
          .map((e) => ({ ...e, start: e.start - s.start, end: e.end - s.start })),
      }))
      .filter((s) => s.entities.length > 0),
  );
  return Array.from({ length: n }, (_, i) => {
    const s = pool[(i * stride) % pool.length];
    // No punctuation: the prefix stays part of the one sentence.
    const prefix = `In case ${i + 1} `;
    return {
      name: `doc-${String(i + 1).padStart(digits, '0')}`,
      text: prefix + s.text,
      entities: s.entities.map((e) => ({ ...e, start: e.start + prefix.length, end: e.end + prefix.length })),
    };
  });
}
