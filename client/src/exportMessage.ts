/** What an export says it wrote, and what its format could not hold (a warning then, never silence). */
import type { ExportResult } from '../../server/src/protocol/protocol';

export function exportMessage(result: ExportResult, destination: string): { text: string; warning: boolean } {
  const written = `Biomed NLP: exported ${result.entities} entities, ${result.relations} relations and ${result.findings} NLI findings to ${destination}.`;
  const left = leftOut(result.omitted);
  return left ? { text: `${written} ${left}`, warning: true } : { text: written, warning: false };
}

function leftOut(omitted: ExportResult['omitted']): string | undefined {
  if (!omitted) return undefined;
  const parts = [
    [omitted.findings, 'NLI finding', 'NLI findings'],
    [omitted.identifiers, 'concept identifier without a SOURCE: prefix', 'concept identifiers without a SOURCE: prefix'],
    [omitted.untrained, "relation's untrained mark", "relations' untrained marks"],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, one, many]) => `${n} ${n === 1 ? one : many}`);
  if (said.length === 0) return undefined;
  return `BRAT cannot hold ${said.join(', ')}: not written; export as BioC JSON or JSON lines to keep them.`;
}
